"""Code-like tokens in report prose: what a reader should never meet in a report.

A report is read by regional-policy staff, not by the programmers of the workbook: an identifier
(``employment_sgk``), a call (``evaluate()``), a Python constant (``True``, ``None``, ``NaN``), a
parameter assignment (``skipna=True``) or a quoted parameter value (``'auto'``) in a sentence, a note or a table header means that program
internals leaked into the text instead of a catalogue label. :func:`code_tokens` finds them in a
text; :func:`scan_report` in a rendered HTML report (everything the reader sees: text, table
headers and cells, image alt texts). File names (``SGK_2013.xlsx``), paths (``data/raw/sgk/``) and
web addresses are citations, not code, and are left alone.

Command line (exit status 1 when a report holds a code-like token)::

    python -m helpers.text.tokens reports/latest/*/*.html reports/latest/_data/*.html
"""

from __future__ import annotations

import html as _html
import re
import sys
from collections.abc import Iterable
from pathlib import Path

#: kinds of code-like token, each a pattern over plain text
PATTERNS: dict[str, re.Pattern[str]] = {
    # a parameter assignment: ``skipna=True``, ``x=1``, ``weights="equal"`` (no spaces around ``=``)
    "assignment": re.compile(r"(?<![\w=<>!])[A-Za-z_][A-Za-z0-9_]*=(?!=)[^\s,;)]+"),
    # a call: ``evaluate()``, ``longlist(table, config)``, ``pd.read_excel(...)`` (no space before ``(``)
    "call": re.compile(r"(?<![\w.\-])[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\((?!(?:s|es|ler|lar)\))(?:[^()\s]*|[a-z_][\w.]*(?:, ?[a-z_][\w.]*)*)\)"),
    # a Python or pandas constant: ``True``, ``False``, ``None``, ``NaN``, ``nan``, ``<NA>``, ``NaT``
    "constant": re.compile(r"(?<![\w<])(?:True|False|None|NaN|nan|NaT|null)(?![\w>])|<NA>"),
    # a snake_case identifier: ``employment_sgk``, ``growth_rate``, ``long_list`` (lower case, with ``_``)
    "identifier": re.compile(r"(?<![\w./\\-])_?[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\.[a-z_][a-z0-9_]*)*(?![\w/\\-])"),
    # a parameter value in quotes: ``'auto'``, ``'exports'`` (a lower-case ASCII word between single
    # quotes; Turkish suffixes after an apostrophe, ``Türkiye'nin``, never close a quote)
    "quoted": re.compile(r"(?<![\w'’])'[a-z][a-z0-9_]*'(?![\w'’])"),
}

#: English prose may open a sentence with "None" ("None of the sectors …"): not a constant there
_NONE_IN_PROSE = re.compile(r"\bNone (?:of|is|are|was|were|has|have)\b")

#: citations removed before the scan: web addresses, file names with an extension, paths
_CITATIONS = re.compile(
    r"https?://\S+|www\.\S+"
    r"|[\w.\-/\\]*\.(?:xlsx|xls|csv|ods|json|parquet|ya?ml|pdf|zip|shp|geojson|gpkg|ipynb|html|txt|md|py)\b"
    r"|(?:[\w.\-]+/)+[\w.\-]*", re.IGNORECASE)


def code_tokens(text: str) -> list[tuple[str, str]]:
    """The code-like tokens in ``text`` as ``(kind, token)`` pairs, in order of appearance
    (kinds: ``assignment``, ``call``, ``constant``, ``identifier``, ``quoted``; see :data:`PATTERNS`).

    >>> code_tokens("eksik hücreler toplamların dışında bırakıldı (skipna=True), NaN kalır")
    [('assignment', 'skipna=True'), ('constant', 'NaN')]
    >>> code_tokens("evaluate() satırları puanlar; growth_rate tanımsız")
    [('call', 'evaluate()'), ('identifier', 'growth_rate')]
    >>> code_tokens("Kaynak: data/raw/sgk/SGK_2013_il_nace.xlsx, 2009 = 100, YK ≥ 1")
    []
    >>> code_tokens("analiz temeli 'auto': Türkiye'nin ve Samsun'un ihracatı")
    [('quoted', "'auto'")]
    """
    clean = _CITATIONS.sub(" ", _NONE_IN_PROSE.sub(" ", str(text)))
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS.items():  # in order: an assignment's name is not also an identifier
        for m in pattern.finditer(clean):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), kind, m.group(0)))
    return [(kind, token) for _, kind, token in sorted(found)]


def visible_text(html_text: str) -> str:
    """What a reader sees in an HTML report: text of the page (headings, prose, tables) and the
    alt texts of images, without styles, scripts, code input cells or tag attributes."""
    s = re.sub(r"<(style|script)\b.*?</\1>", " ", html_text, flags=re.S | re.I)
    # nbconvert's input areas (the code cells), when a report keeps them
    s = re.sub(r"<div class=\"jp-InputArea\b.*?</div>\s*</div>\s*</div>", " ", s, flags=re.S)
    alts = re.findall(r"<img\b[^>]*\balt=\"([^\"]*)\"", s, flags=re.I)
    s = re.sub(r"<[^>]+>", " ", s)
    return " ".join(_html.unescape(" ".join([s, *alts])).split())


def scan_report(html_path: str | Path) -> list[tuple[str, str]]:
    """The code-like tokens (``(kind, token)``, each distinct pair once) a reader meets in the
    rendered HTML report at ``html_path``; an empty list means the report is clean."""
    tokens = code_tokens(visible_text(Path(html_path).read_text(encoding="utf-8")))
    return list(dict.fromkeys(tokens))


def scan_reports(paths: Iterable[str | Path]) -> dict[str, list[tuple[str, str]]]:
    """:func:`scan_report` over several reports: ``{path: tokens}`` for the reports with tokens."""
    out = {}
    for p in paths:
        found = scan_report(p)
        if found:
            out[str(p)] = found
    return out


def main(argv: list[str] | None = None) -> int:
    """Scan the HTML reports named on the command line; print each token found; exit 1 if any."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m helpers.text.tokens REPORT.html [REPORT.html ...]", file=sys.stderr)
        return 2
    found = scan_reports(args)
    for path, tokens in found.items():
        for kind, token in tokens:
            print(f"{path}: {kind}: {token}")
    print(f"{len(args)} report(s) scanned, {len(found)} with code-like tokens", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
