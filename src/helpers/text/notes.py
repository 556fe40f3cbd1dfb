"""Data-decision notes announced by :mod:`helpers.indicators` (as warnings, in English) shown in the
report's language.

The indicators warn in English, for developers and logs (they name functions and arguments). A
report shows the same decisions to its readers: :func:`translate` recognises the known messages by
their shape (the patterns below hold no display prose, only the structure of the English message) and
rebuilds them from the catalogue (``notes.*``) with the numbers formatted for the language. A
message it does not know is shown as it is.
"""

from __future__ import annotations

import re

from helpers import text as _text
from helpers.text import formats as _fmt

#: (pattern of the English message after ``"func: "``, catalogue key, {group: kind}); kinds format
#: numbers (``count``) or look a word up (``what`` → ``notes.what.<slug>``).
PATTERNS: list[tuple[re.Pattern[str], str, dict[str, str]]] = [
    (re.compile(r"^(?P<n>\d+) missing cell\(s\) \(NaN or absent\) were left out of the (?P<what>[\w ]+?) "
                r"\(skipna=True\); those totals cover the reported cells only and the cells themselves stay NaN\.$"),
     "notes.left_out", {"n": "count", "what": "what"}),
    (re.compile(r"^(?P<n>\d+) row\(s\) have value_start = 0; their growth_rate and cagr are NaN \(undefined\)\.$"),
     "notes.zero_start", {"n": "count"}),
    (re.compile(r"^(?P<r>\d+) region-period\(s\) and (?P<i>\d+) industry-period\(s\) with a zero total were left out "
                r"\(as the Stata command does\); their rows are NaN\.$"),
     "notes.complexity_zero", {"r": "count", "i": "count"}),
    (re.compile(r"^(?P<n>\d+) region×cluster cell\(s\) with zero employment were left out of the quantiles "
                r"\((?P<k>\d+) cluster-period\(s\) affected\) and are not strong\.$"),
     "notes.strong_zero", {"n": "count", "k": "count"}),
    (re.compile(r"^(?P<n>\d+) cell\(s\) have zero workplaces \((?P<m>\d+) of them with insured employees > 0\); "
                r"their firm size is NaN \(undefined\)\.$"),
     "notes.zero_workplaces", {"n": "count", "m": "count"}),
    (re.compile(r"^(?P<n>\d+) of (?P<total>\d+) \S+ combinations are absent from the table and treated as missing "
                r"\(NaN\)\. Pass absent='zero' if absent rows mean zero\.$"),
     "notes.absent_missing", {"n": "count", "total": "count"}),
]

_FUNCS = re.compile(r"^(?P<funcs>[\w]+(?:, [\w]+)*): (?P<rest>.*)$", re.S)


def _slug(words: str) -> str:
    return re.sub(r"\W+", "_", words.strip().lower())


def translate(note: str, lang: str = "tr") -> str:
    """``note`` in ``lang`` when it is a known indicator message (``"fn, fn2: …"``), else unchanged.

    >>> translate("growth: 3 row(s) have value_start = 0; their growth_rate and cagr are NaN (undefined).", "tr")
    'growth: başlangıç değeri 0 olan 3 satırın büyüme oranı ve yıllık ortalama büyümesi tanımsızdır (eksik değer).'
    """
    m = _FUNCS.match(note)
    if not m:
        return note
    for pattern, key, kinds in PATTERNS:
        p = pattern.match(m["rest"])
        if not p:
            continue
        values = {}
        for group, kind in kinds.items():
            if kind == "what":
                wkey = f"notes.what.{_slug(p[group])}"
                if not _text.has(wkey):
                    return note
                values[group] = _text.t(wkey, lang)
            else:
                values[group] = getattr(_fmt, kind)(int(p[group]), lang)
        return f"{m['funcs']}: {_text.t(key, lang, **values)}"
    return note
