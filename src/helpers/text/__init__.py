"""The report texts in Turkish and English: one catalogue, under stable keys, with named placeholders.

Everything a reader of a report sees (readings, headings, table headers, axis labels, legends, units,
notes, the sample banner, the runner's index page) is composed from the catalogue folder ``catalogue/`` beside this
module and from the locale formats of :mod:`helpers.text.formats`::

    >>> from helpers.text import t
    >>> t("narrative.universities.none", "tr", reading="**Yorum:**", province="Rize")
    '**Yorum:** derlenen listede Rize ilinde üniversite yok.'
    >>> t("narrative.universities.none", "en", reading="**Reading:**", province="Rize")
    '**Reading:** the compiled list has no university in Rize.'

Why one YAML file rather than gettext catalogues
------------------------------------------------
gettext (``.po``/``.mo`` files, extracted and compiled with Babel) keys each text by its English
source sentence: English becomes the master language, a changed English sentence silently orphans
its translation, and a compile step sits between an edit and a report. Our texts are not sentences
scattered through code waiting to be extracted; they are composed by the presentation code from
keys and data, in two languages that are equal partners (Turkish is the default). One YAML file with
a ``tr`` and an ``en`` entry under each stable key keeps both languages side by side for review,
needs no build step (PyYAML is already a dependency), and makes the completeness checks plain
tests: a key lacking a language, placeholders that differ between the two, English prose in a
Turkish rendering (:func:`english_leaks`). Babel is still used, for what it is best at: the locale
data behind numbers and dates (:mod:`helpers.text.formats`).

Conventions
-----------
- Placeholders are ``str.format`` names without format specs (``{province}``); numbers are formatted
  before they are passed in, by :mod:`helpers.text.formats`, so the digits are decided in one place.
- Turkish texts never put a suffix right after a placeholder (``{province} ilinin``, ``{year}
  yılında``): the right suffix would depend on the value (vowel harmony).
- Error messages raised for developers (``ValueError`` naming a file, sheet and cell) stay in
  English; texts a report or the index page shows come from here.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from helpers.io import read_yaml

# One YAML file per area (common, narrative, evaluation, …), read together; see catalogue/README.md.
CATALOGUE_PATH = Path(__file__).with_name("catalogue")

#: The languages every text exists in; the first is the default.
LANGUAGES: tuple[str, ...] = ("tr", "en")
DEFAULT_LANGUAGE = "tr"


class TextError(ValueError):
    """Base class of the errors of :mod:`helpers.text`."""


class LanguageError(TextError):
    """A language value that is not one of :data:`LANGUAGES`."""


class CatalogueError(TextError):
    """The catalogue file is malformed, or a key or placeholder value is missing."""


def check_language(lang: object) -> str:
    """Return ``lang`` as one of :data:`LANGUAGES` (``"tr"`` or ``"en"``), or raise a clear error.

    Surrounding spaces and upper case are accepted (``" TR "`` → ``"tr"``).

    >>> check_language("EN")
    'en'
    """
    if isinstance(lang, str) and lang.strip().lower() in LANGUAGES:
        return lang.strip().lower()
    raise LanguageError(f"language {lang!r} is not supported: use one of {', '.join(map(repr, LANGUAGES))} "
                        f"(default {DEFAULT_LANGUAGE!r})")


def parse_languages(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"tr,en"`` (or a list) → ``("tr", "en")``: each checked, duplicates dropped, order kept.

    For the ``reports --language`` option and the ``language`` entry of ``run.yml``.

    >>> parse_languages("tr, en"), parse_languages(["en"])
    (('tr', 'en'), ('en',))
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        lang = check_language(item)
        if lang not in out:
            out.append(lang)
    if not out:
        raise LanguageError(f"no language given in {value!r}: use one of {', '.join(LANGUAGES)}, or 'tr,en'")
    return tuple(out)


def _flatten(node: Any, prefix: str, out: dict[str, dict[str, str]], path: Path) -> None:
    if not isinstance(node, Mapping):
        raise CatalogueError(f"{path}: entry {prefix!r} must be a mapping, got {type(node).__name__} {node!r}")
    keys = {str(k) for k in node}
    if keys & set(LANGUAGES):  # a leaf
        if keys != set(LANGUAGES):
            raise CatalogueError(f"{path}: entry {prefix!r} must have exactly the languages {list(LANGUAGES)}, "
                                 f"has {sorted(keys)}")
        for lang in LANGUAGES:
            if not isinstance(node[lang], str) or not node[lang].strip():
                raise CatalogueError(f"{path}: entry {prefix!r} has no {lang!r} text (got {node[lang]!r})")
        out[prefix] = {lang: node[lang] for lang in LANGUAGES}
        return
    for k, v in node.items():
        _flatten(v, f"{prefix}.{k}" if prefix else str(k), out, path)


def _load_file(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = read_yaml(path)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML: {exc}") from exc
    out: dict[str, dict[str, str]] = {}
    _flatten(data or {}, "", out, Path(path))
    return out


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, dict[str, str]]:
    """Read a catalogue: ``{dotted key: {"tr": text, "en": text}}``.

    ``path`` is one YAML file or a folder of them (``*.yml``, read in name order; the workbook's
    catalogue is the folder ``catalogue/``, one file per area). Raises :class:`CatalogueError`
    naming the file and key when an entry lacks a language, or both files when a key is defined
    twice."""
    path = Path(path)
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    if not files:
        raise CatalogueError(f"{path}: no catalogue files (*.yml) in this folder")
    out: dict[str, dict[str, str]] = {}
    origin: dict[str, Path] = {}
    for f in files:
        for key, entry in _load_file(f).items():
            if key in out:
                raise CatalogueError(f"{f}: key {key!r} is already defined in {origin[key]}; "
                                     "each key lives in one catalogue file")
            out[key], origin[key] = entry, f
    return out


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The workbook's catalogue (read once per process)."""
    return load_catalogue()


def keys(prefix: str = "") -> list[str]:
    """All keys (under ``prefix``), sorted."""
    return sorted(k for k in catalogue() if k == prefix or k.startswith(prefix + ".") or not prefix)


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template: ``"{a} of {b}"`` → ``{"a", "b"}``."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The raw text of ``key`` in ``lang`` (placeholders unfilled)."""
    lang = check_language(lang)
    try:
        return catalogue()[key][lang]
    except KeyError:
        near = [k for k in catalogue() if k.rsplit(".", 1)[0] == key.rsplit(".", 1)[0]][:8]
        raise CatalogueError(f"{CATALOGUE_PATH.name}: no text under key {key!r}"
                             + (f"; keys beside it: {', '.join(near)}" if near else "")) from None


def t(key: str, /, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text under ``key`` in ``lang``, its placeholders filled from ``values``.

    Values are inserted with ``str()``: format numbers first with :mod:`helpers.text.formats`.
    A missing or an unexpected value is an error naming the key (a typo must not pass silently).
    ``lang`` may be given by position or by name, so no placeholder is called ``lang``.

    >>> t("scale.billion", "tr"), t("scale.billion", "en")
    ('milyar', 'billion')
    """
    text = template(key, lang)
    wanted = placeholders(text)
    missing, extra = wanted - set(values), set(values) - wanted
    if missing or extra:
        raise CatalogueError(f"{CATALOGUE_PATH.name}: key {key!r} ({lang}) takes {sorted(wanted)}; "
                             + (f"missing {sorted(missing)}" if missing else "")
                             + ("; " if missing and extra else "")
                             + (f"unexpected {sorted(extra)}" if extra else ""))
    return text.format(**{k: values[k] for k in wanted}) if wanted else text


#: the forms a count-dependent entry may have, tried in this order (``other`` must exist)
PLURAL_FORMS = ("zero", "one", "other")


def plural(key: str, n: object, /, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text under ``key.zero`` (``n == 0``), ``key.one`` (``n == 1``) or else ``key.other``,
    whichever exists first, filled from ``values`` (pass ``n`` formatted, if the text shows it).
    The forms may use fewer values than given (``zero`` says "hiçbiri", not the count): each form
    takes the values it names; a value it names and that is not given is still an error.

    Turkish says "hiçbiri" for none and keeps the noun singular after a number; English needs "one
    university" but "two universities". A family has an ``other`` form and any of the others.

    >>> plural("narrative.universities.text", 1, "en", reading="Reading:", province="Rize", n="1", founded="2006")
    'Reading: Rize has one university in the compiled list, founded in 2006'
    >>> plural("narrative.universities.by_year", 0, "tr", year="2006", existing="0")
    '; 2006 yılında henüz hiçbiri kurulmamıştı.'
    """
    count = int(n)  # type: ignore[call-overload]
    forms = (["zero"] if count == 0 else ["one"] if count == 1 else []) + ["other"]
    for form in forms:
        if has(f"{key}.{form}"):
            wanted = placeholders(template(f"{key}.{form}", lang))
            return t(f"{key}.{form}", lang, **{k: v for k, v in values.items() if k in wanted})
    raise CatalogueError(f"{CATALOGUE_PATH.name}: no text under {key!r}.other (a count-dependent entry)")


def signed(key: str, x: float, /, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text under ``key.negative`` when ``x < 0`` (and that entry exists), else ``key.positive``:
    a fall reads as a fall ("küçüldü: yılda %0,31"), not as slower growth of -%0,31.

    >>> signed("narrative.real_growth", -1.2, "tr", reading="Yorum:", province="Rize", start="2018", end="2023",
    ...        rate="-%1,2", fall="%1,2", rate_tr="+%4,1", side="altında")
    "Yorum: reel olarak (zincirlenmiş hacim) Rize ilinin GSYH'si 2018–2023 döneminde küçüldü: yılda ortalama %1,2 azaldı; Türkiye'de yıllık değişim +%4,1."
    """
    form = "negative" if x is not None and x == x and float(x) < 0 and has(f"{key}.negative") else "positive"
    wanted = placeholders(template(f"{key}.{form}", lang))  # each form takes the values it names
    return t(f"{key}.{form}", lang, **{k: v for k, v in values.items() if k in wanted})


class Note(str):
    """A report note (data decision) that can be shown in either language.

    It *is* the Turkish text (a ``str``), so lists of notes keep working everywhere; ``render(lang)``
    gives it in another language. Values are strings, or ``(kind, value, *args)`` tuples formatted
    per language by :mod:`helpers.text.formats` (``("share", 0.0123, 2)``, ``("year", 2023)``).

    >>> n = Note("basis.absent_provinces", year=("year", 2012), plates="62")
    >>> n.render("en")
    'provinces absent from the TİM 2012 release (missing, not zero): 62'
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> "Note":
        obj = super().__new__(cls, _render_note(key, DEFAULT_LANGUAGE, values))
        obj.key, obj.values = key, values
        return obj

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return _render_note(self.key, lang, self.values)


def _render_note(key: str, lang: str, values: Mapping[str, Any]) -> str:
    from helpers.text import formats as _fmt
    out = {}
    for k, v in values.items():
        if isinstance(v, tuple) and v and isinstance(v[0], str):
            v = getattr(_fmt, v[0])(v[1], lang, *v[2:])
        out[k] = v
    return t(key, lang, **out)


def render(note: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A note in ``lang``: a :class:`Note` rendered, any other text as it is."""
    return note.render(lang) if isinstance(note, Note) else str(note)


def reading(lang: str = DEFAULT_LANGUAGE) -> str:
    """The prefix of a one-sentence reading: ``**Yorum:**`` / ``**Reading:**``."""
    return t("reading.prefix", lang)


def column_label(column: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The header of a table column or the label of an axis: the catalogue's ``column.<name>``
    entry, or the column name itself when the catalogue has none.

    >>> column_label("lq", "tr"), column_label("lq", "en"), column_label("xyz", "tr")
    ('Yerelleşme katsayısı (YK)', 'Location quotient (LQ)', 'xyz')
    """
    key = f"column.{column}"
    return t(key, lang) if has(key) else str(column)


def series_label(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The legend label of a plotted series (``series.<value>``, then ``column.<value>``, else the value)."""
    key = f"series.{value}"
    return t(key, lang) if has(key) else column_label(value, lang)


def value_label(column: object, value: object, lang: str = DEFAULT_LANGUAGE) -> object:
    """A cell value shown in a table, translated when the catalogue has ``value.<column>.<value>``."""
    key = f"value.{column}.{value}"
    return t(key, lang) if isinstance(value, str) and has(key) else value


def has_values(column: object) -> bool:
    """Whether the catalogue translates cell values of ``column`` (``value.<column>.*``)."""
    prefix = f"value.{column}."
    return any(k.startswith(prefix) for k in catalogue())


#: words running together that make an English leak even when the rest of the sentence differs
WINDOW = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def _fragments(text: str, min_words: int) -> list[str]:
    """The literal parts of a template (split at placeholders and Markdown), ≥ ``min_words`` words."""
    parts = re.split(r"\{[^{}]*\}|\*\*|[()\[\];:,.]", text)
    return [p.strip() for p in parts if len(_WORD.findall(p)) >= min_words]


def english_leaks(rendered: str, min_words: int = 2) -> list[str]:
    """English catalogue prose found in a text rendered in Turkish.

    Every English entry is cut into its literal fragments (between placeholders and punctuation);
    a fragment of at least ``min_words`` words that appears in ``rendered`` and in no Turkish entry
    (proper names such as *US Cluster Mapping* are shared) is a leak. Returns the leaked fragments,
    sorted; an empty list means the text is clean.

    >>> english_leaks("Rize ilinde 3 üniversite var.")
    []
    >>> english_leaks("Rize: the compiled list has no university in Rize.")
    ['the compiled list has no university in']
    >>> english_leaks("Rize ilinde: has no university in the list")
    ['has no university in']
    """
    turkish = "\n".join(e["tr"] for e in catalogue().values()).casefold()
    hay = " ".join(rendered.casefold().split())
    leaks = set()
    for entry in catalogue().values():
        if entry["en"] == entry["tr"]:
            continue
        for frag in _fragments(entry["en"], min_words):
            f = " ".join(frag.casefold().split())
            if f in turkish:
                continue
            if f in hay:
                leaks.add(frag)
                continue
            # a part of a sentence (four words running) also counts
            words = frag.split()
            for i in range(len(words) - WINDOW + 1):
                w = " ".join(words[i:i + WINDOW])
                if w.casefold() in hay and w.casefold() not in turkish:
                    leaks.add(w)
    return sorted(leaks)


from helpers.text.case import lower, sort_key, sorted_names, upper  # noqa: E402
from helpers.text.formats import (  # noqa: E402
    count, date, decimal, index, money, number, ordinal, percent, ratio, share, signed_percent, year,
)
from helpers.text.tables import KINDS, format_frame, format_table  # noqa: E402

__all__ = [
    "LANGUAGES", "DEFAULT_LANGUAGE", "TextError", "LanguageError", "CatalogueError", "check_language",
    "parse_languages", "load_catalogue", "catalogue", "keys", "has", "placeholders", "template", "t", "plural", "signed",
    "PLURAL_FORMS", "Note", "render",
    "reading", "column_label", "series_label", "value_label", "has_values", "english_leaks",
    "lower", "upper", "sort_key", "sorted_names",
    "count", "date", "decimal", "index", "money", "number", "ordinal", "percent", "ratio", "share", "signed_percent",
    "year", "KINDS", "format_table", "format_frame",
]
