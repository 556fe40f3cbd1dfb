"""Reader for the SGK yearbook table of workplaces and insured persons (4/a) by province and NACE
division: *"4/a kapsamında iş yeri ve sigortalıların faaliyet gruplarına ve illere göre dağılımı"*.

The table is published every year in the SGK statistical yearbook (a ZIP of Excel workbooks,
2007–2025). Its number, sheet and layout change from year to year, so the reader finds it by its
**title**, reads the header by the **words** in it, and matches provinces by **name** (through
:func:`helpers.provinces.resolve`; printed plate numbers are never used: some years print
Kırıkkale as 72, like Batman). Layouts recognised (see ``docs/sgk.md``):

(a) provinces as columns, each a pair of "İş yeri" / "Sigortalı" sub-columns (province names on one
    row, merged across the pair; the labels on the next row), NACE code and description in the
    first columns — the 2025 layout;
(b) provinces as rows, with NACE divisions as column pairs, or the long form "province rows ×
    division rows" with one "İş yeri" and one "Sigortalı" column.

Printed totals and subtotals (``Toplam``, ``TÜRKİYE``, section letters A–U) are checked against
the sum of their leaves (mismatches are warned and reported in ``df.attrs["total_checks"]``) and
then dropped. Blank and suppressed cells (``-``, ``..``, ``*``) are missing (NaN), never zero.

The output table ``employment_sgk`` has the columns :data:`COLUMNS`, one row per
(plate, year, nace_division). The pipeline reads the official workbooks a user drops into
``data/raw/sgk/`` when there are any, else the labelled synthetic sample in ``data/raw/sample/``
(:func:`employment_source`); the two are never mixed.

Workbooks are opened, numbers printed as text read and cells named in errors through the shared
layer :mod:`helpers.sources._workbook` (:func:`read_workbook`, :func:`parse_tr_number`, :func:`where`),
as in every other reader. Workbooks in subfolders of ``data/raw/sgk/`` are read too; a workbook
without the SGK table title is refused before any sidecar is written for it.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from helpers import nace, paths, pipeline, provenance, provinces
from helpers.sources._workbook import (
    LayoutError, excel_files, Sheet, cell_error, cell_ref, column_letter, is_empty, is_number, parse_tr_number, read_workbook,
    where,
)
from helpers.sources._workbook import years_in as _years_in
from helpers.textnorm import compact, fold

#: The title the table is found by (matched with :func:`is_sgk_title`).
TITLE = "4/a kapsamında iş yeri ve sigortalıların faaliyet gruplarına ve illere göre dağılımı"
PRODUCER = "SGK (Sosyal Güvenlik Kurumu)"
SGK_URL = "https://www.sgk.gov.tr (İstatistikler → İstatistik Yıllıkları)"
#: Output columns of ``employment_sgk``, in order.
COLUMNS = ["plate", "year", "nace_division", "nace_revision", "workplaces", "insured", "source_file", "is_sample"]
MEASURES = ("workplaces", "insured")
FIRST_YEAR, LAST_YEAR = 2007, 2030
#: First yearbook published in NACE Rev.2.1.
REV21_FROM_YEAR = 2025
#: How many rows below the title the "İş yeri / Sigortalı" header row is looked for.
MAX_HEADER_ROWS = 12
#: A printed total matches when it differs from the sum of its leaves by at most this much
#: (the tables print whole numbers; the slack absorbs float noise, not rounding of averages).
TOTAL_TOLERANCE = 1.0


class SGKTotalsWarning(UserWarning):
    """A printed total or subtotal differs from the sum of its leaves."""


class SGKLayoutWarning(UserWarning):
    """A silent decision about a table's layout (ignored columns, missing provinces, revision)."""


# --------------------------------------------------------------------------------------------
# Workbook access (shared with helpers.sources.tim)
# --------------------------------------------------------------------------------------------

def years_in(text: object) -> list[int]:
    """Distinct years 2007–2030 written in ``text`` (a title, sheet or file name), in order."""
    return _years_in(text, FIRST_YEAR, LAST_YEAR)


# --------------------------------------------------------------------------------------------
# Recognising titles, labels and codes
# --------------------------------------------------------------------------------------------

_TITLE_PREFIX = re.compile(r"^\s*(tablo|table|tab\.)\s*[:.]?\s*[\dA-Za-z.,/]*\s*[-–—:.]\s*", re.I)
_TITLE_STEMS = ("4a", "kapsam", "isyer", "sigortal", "faaliyet", "iller", "dagilim")
_TITLE_EXCLUDE = ("kadin", "erkek", "4b", "4c", "yabanci", "cirak", "stajyer")


def _title_core(text: str) -> str:
    text = _TITLE_PREFIX.sub("", str(text))
    text = re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)", " ", text)
    return compact(text)


_TITLE_CORE = _title_core(TITLE)


def is_sgk_title(value: Any) -> bool:
    """True when ``value`` is the title of the table (Turkish-folded, spacing- and case-insensitive,
    a numbered prefix such as "Tablo 1.11 -" and years ignored, small wording differences
    tolerated: ``"İşyeri"``/``"iş yeri"``, ``"kapsamındaki"``, a trailing "(Aralık)"…). Tables of
    one sex or of other insurance branches (4/b, 4/c) are not this table; nor is a page marker
    such as "Tablo : 18/1"."""
    if not isinstance(value, str) or len(value) > 400 or ("apsam" not in value and "APSAM" not in value):
        return False  # the cheap test first: yearbook workbooks hold many thousands of text cells
    core = _title_core(value)
    if not all(stem in core for stem in _TITLE_STEMS) or any(bad in core for bad in _TITLE_EXCLUDE):
        return False
    return difflib.SequenceMatcher(None, core, _TITLE_CORE).ratio() >= 0.75


def _near_titles(sheets: Sequence[Sheet], limit: int = 3) -> list[str]:
    out = []
    for sh in sheets:
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if isinstance(v, str) and "kapsam" in compact(v) and ("4a" in compact(v) or "dagilim" in compact(v)):
                    out.append(f"{v.strip()!r} (sheet {sh.name!r}, {cell_ref(r, c)})")
                    if len(out) >= limit:
                        return out
    return out


_PAGE_MARKER = re.compile(r"^(tablo|table)( \d+)+( devam| continued| cont)?$")


def is_page_marker(value: Any) -> bool:
    """``"Tablo : 18/1"`` and the like: a page marker, not a title."""
    return isinstance(value, str) and bool(_PAGE_MARKER.match(fold(value)))


def is_footnote(value: Any) -> bool:
    """Footnote rows: "Not: …", "(*) …", "* …", "(1) …", "Kaynak: …", "Source: …", "Açıklama: …"."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if re.match(r"^(\(\s*\*+\s*\)|\*+\s*\S|\(\d{1,2}\)\s*\S)", text):
        return True
    f = fold(text)
    return bool(re.match(r"^(not|notlar|note|notes|kaynak|source|aciklama|aciklamalar)\b", f))


def is_sample_note(value: Any) -> bool:
    """The note row of the synthetic sample ("ÖRNEK VERİ … / SAMPLE DATA …")."""
    return isinstance(value, str) and ("ornek veri" in fold(value) or "sample data" in fold(value))


def measure_of(value: Any) -> str | None:
    """``"workplaces"`` for "İş yeri"/"İşyeri sayısı", ``"insured"`` for "Sigortalı"/"Sigortalı sayısı"."""
    if not isinstance(value, str):
        return None
    key = compact(value)
    w = "isyer" in key or "workplace" in key
    i = "sigortal" in key or "insured" in key
    if w != i:
        return "workplaces" if w else "insured"
    return None


_MEASURE_LABEL = {"workplaces": "İş yeri", "insured": "Sigortalı"}

#: Labels of printed totals (folded).
TOTAL_WORDS = frozenset({
    "toplam", "genel toplam", "toplam total", "total", "grand total", "turkiye", "turkiye toplami",
    "turkiye toplam", "turkiye geneli", "toplam turkiye", "turkiye total", "tum iller", "butun iller",
    "tum faaliyetler", "toplam genel",
})
_ALL = ("all",)
_UNALLOCATED = ("x",)  # a printed leaf that is neither a province nor a division ("Belirsiz", "Diğer")
#: Labels of a printed leaf that is neither a province nor a division (folded, whole label).
UNALLOCATED_WORDS = frozenset({"belirsiz", "bilinmeyen", "tanimsiz", "diger", "diger iller", "il belirsiz",
                               "siniflandirilmamis", "siniflanmamis", "faaliyet kodu belirsiz", "yurt disi",
                               "yurtdisi"})
#: Header words that carry no dimension (super-headers such as "İLLER", label-column headers).
GENERIC_WORDS = frozenset({
    "il", "iller", "il adi", "ilin adi", "il adlari", "province", "provinces", "iller provinces", "kod", "kodu",
    "nace", "nace kodu", "nace kod", "nace rev 2", "nace rev 2 1", "faaliyet", "faaliyet kodu", "faaliyet adi",
    "faaliyet grubu", "faaliyet gruplari", "ekonomik faaliyet", "ekonomik faaliyetler", "aciklama", "sira",
    "sira no", "il kodu", "plaka", "plaka no", "sektor", "sektorler", "activity", "code", "description",
})
#: Unit labels printed under headers ("(Adet)", "(Kişi)").
UNIT_WORDS = frozenset({"adet", "kisi", "sayi", "bin kisi", "number", "persons"})
_PLATE_AFFIX = re.compile(r"^\s*\d{1,2}\s*[-–.)]?\s+|^\s*\d{1,2}\s*[-–.)]\s*|\s*\(\s*\d{1,2}\s*\)\s*$|\s+\d{1,2}\s*$")


def _is_total(f: str) -> bool:
    return f in TOTAL_WORDS or f.startswith(("toplam ", "genel toplam"))


@functools.lru_cache(maxsize=4096)
def _resolve_name(text: str) -> int | None:
    try:
        return provinces.resolve(text)
    except ValueError:
        return None


def as_province(value: Any) -> int | tuple | None:
    """The plate code of a province *name* (a printed plate number beside it is dropped, never
    used), ``("all",)`` for a total ("Türkiye", "Toplam"), ``("x",)`` for an unallocated row
    ("Belirsiz"), else None."""
    if is_empty(value) or not isinstance(value, str):
        return None
    text = value.strip()
    f = fold(text)
    if not re.search(r"[a-z]", f) or is_page_marker(text):
        return None
    if _is_total(f):
        return _ALL
    if f in UNALLOCATED_WORDS:
        return _UNALLOCATED
    name = _PLATE_AFFIX.sub("", text).strip() or text
    if not re.search(r"[^\W\d_]", name) or re.fullmatch(r"[A-Za-z]{1,2}\d*", name):
        return None  # section letters and codes are not names
    return _resolve_name(name)


_DIV_RE = re.compile(r"^(\d{1,2})(?:\.0+)?(?:(?:\s*[-–—:.)]\s*|\s+)(?=\D).*)?$", re.S)
_SEC_RE = re.compile(r"^([A-V])(?:(?:\s*[-–—:.)]\s*|\s+)(?=\S).*)?$", re.S)


def as_code(value: Any) -> tuple | None:
    """``("d", "13")`` for a division code (``13``, ``"13"``, ``"13 - Tekstil…"``), ``("s", "C")`` for a
    section letter (``"C"``, ``"C - İMALAT"``), ``("all",)`` for a total, ``("x",)`` for an
    unclassified activity, else None."""
    if is_empty(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        v = float(value)
        return ("d", f"{int(v):02d}") if v.is_integer() and 1 <= v <= 99 else None
    text = str(value).strip()
    f = fold(text)
    if _is_total(f):
        return _ALL
    if f in UNALLOCATED_WORDS:
        return _UNALLOCATED
    m = _DIV_RE.match(text)
    if m and 1 <= int(m.group(1)) <= 99:
        return ("d", f"{int(m.group(1)):02d}")
    m = _SEC_RE.match(text)
    if m:
        return ("s", m.group(1))
    return None


def _label_text(value: Any) -> str:
    return str(value).strip() if not is_empty(value) else ""


# --------------------------------------------------------------------------------------------
# Parsing one table block
# --------------------------------------------------------------------------------------------

@dataclass
class _Label:
    """A dimension value (province or activity) and the cell it was read from."""

    key: Any  # plate int, ("all",), ("x",) for provinces; ("d", code), ("s", L), ("all",), ("x",) for codes
    text: str
    r: int
    c: int


@dataclass
class _Block:
    sheet: str
    year: int
    leaves: dict = field(default_factory=dict)    # (plate|"x", code|"x", measure) -> (value, r, c, plabel, dlabel)
    totals: list = field(default_factory=list)    # (pkey, dkey, measure, value, r, c, ptext, dtext)
    members: dict = field(default_factory=lambda: defaultdict(set))  # section -> divisions (positional)
    ignored_columns: list = field(default_factory=list)


class _BlockParser:
    """Parses the table that starts at a title cell (row ``t``), down to its end (footnotes,
    another table, or ``end``: the next title)."""

    def __init__(self, path: Path, sheet: Sheet, title_row: int, end_row: int):
        self.path, self.file, self.sheet, self.t, self.end = path, path.name, sheet, title_row, end_row

    def err(self, r: int, c: int, problem: str, value: Any, expected: str) -> ValueError:
        return cell_error(self.file, self.sheet.name, r, c, problem, value, expected)

    # -- header ---------------------------------------------------------------------------
    def find_measure_row(self) -> int:
        sh = self.sheet
        last = min(self.end, self.t + 1 + MAX_HEADER_ROWS)
        for r in range(self.t + 1, last):
            if {"workplaces", "insured"} <= {measure_of(v) for v in sh.rows[r]}:
                return r
        seen = [f"{cell_ref(r, c)} {v!r}" for r in range(self.t + 1, last) for c, v in enumerate(sh.rows[r])
                if isinstance(v, str) and v.strip()][:6]
        raise ValueError(
            f"{where(self.file, self.sheet.name, self.t, 0)}: the table titled {TITLE!r} was "
            f"found but its header is not a layout this reader knows: expected a header row with "
            f"'İş yeri' and 'Sigortalı' labels within {MAX_HEADER_ROWS} rows below the title "
            f"(rows {self.t + 2}–{last}); found {', '.join(seen) if seen else 'no header text'}")

    def parse(self) -> _Block:
        sh = self.sheet
        self.m = m = self.find_measure_row()
        self.block = _Block(sh.name, _block_year(self.path, sh, self.t, m))
        self.measure = {c: measure_of(sh.cell(m, c)) for c in range(max(sh.width, 1))}
        data_cols = [c for c, kind in self.measure.items() if kind]
        for c in range(data_cols[0], data_cols[-1] + 1):  # a label in the İş yeri/Sigortalı run that is neither
            v = sh.cell(m, c)
            if not self.measure[c] and isinstance(v, str) and v.strip():
                raise self.err(m, c, "header", v.strip(),
                               "'İş yeri' or 'Sigortalı' like the other columns of this header row "
                               "(a renamed or unknown column label)")
        upper = self._upper_labels(data_cols)
        self.header_texts = {c: {fold(row[c][0]) for row in upper.values() if isinstance(row[c][0], str)} - {""}
                             for c in data_cols}
        self.active = self._active_columns(data_cols, upper)
        self.col_prov, self.col_code = self._column_labels(upper)
        self.label_cols = list(range(data_cols[0]))
        data_end = min(self.end, len(sh.rows))
        self.prov_col = None if self.col_prov else self._find_label_col(self.label_cols, m + 1, data_end, "province")
        candidates = [c for c in self.label_cols if c != self.prov_col]
        if self.prov_col is not None and any(c > self.prov_col for c in candidates):
            candidates = [c for c in candidates if c > self.prov_col]  # plate numbers sit left of names
        self.code_col = None if self.col_code else self._find_label_col(candidates, m + 1, data_end, "code")
        self._walk_rows(m + 1, data_end)
        return self.block

    def _upper_labels(self, data_cols: list[int]) -> dict[int, dict[int, tuple[Any, int, int]]]:
        """Header labels above the measure row for each data column, as (value, origin row, origin
        column): filled across merged cells, and from the left within a run of data columns."""
        sh, upper = self.sheet, {}
        for u in range(self.t + 1, self.m):
            filled: dict[int, tuple[Any, int, int]] = {}
            for c in data_cols:
                v, origin = sh.cell(u, c), (u, c)
                if is_empty(v) and sh.merge_origin(u, c):
                    origin = sh.merge_origin(u, c)
                    v = sh.cell(*origin)
                if is_empty(v) and (c - 1) in filled:
                    v, origin = filled[c - 1][0], filled[c - 1][1:]
                filled[c] = (v, *origin)
            upper[u] = filled
        return upper

    def _active_columns(self, data_cols: list[int], upper: dict) -> list[int]:
        """Data columns, without a column repeating its left neighbour's whole header (a helper
        copy); unlabelled columns with content are recorded as ignored helpers."""
        def path(c: int) -> tuple:
            return tuple(_label_text(upper[u][c][0]) for u in upper) + (self.measure[c],)

        active: list[int] = []
        for c in data_cols:
            if active and active[-1] == c - 1 and path(c) == path(c - 1):
                self.block.ignored_columns.append(
                    f"{column_letter(c)} (repeats the header of column {column_letter(c - 1)})")
                continue
            active.append(c)
        rows = range(self.m + 1, min(self.end, len(self.sheet.rows)))
        for c in range(data_cols[0], len(self.measure)):
            if not self.measure[c] and any(not is_empty(self.sheet.cell(r, c)) for r in rows):
                self.block.ignored_columns.append(f"{column_letter(c)} (unlabelled helper column)")
        return active

    def _column_labels(self, upper: dict) -> tuple[dict[int, _Label], dict[int, _Label]]:
        """Province and NACE labels of the data columns, from the header rows that carry them. A
        row of bare numbers above province names is a row of (unreliable) plate numbers, never
        division codes."""
        stats = {}
        for u, row in upper.items():
            cells = {c: row[c] for c in self.active if not is_empty(row[c][0])}
            origins = {(o_r, o_c): v for v, o_r, o_c in cells.values()}
            n_prov = sum(isinstance(as_province(v), int) for v in origins.values())
            n_text_code = sum(isinstance(v, str) and as_province(v) is None and (as_code(v) or "-")[0] in "ds"
                              for v in origins.values())
            n_num_code = sum(is_number(v) and as_code(v) is not None for v in origins.values())
            stats[u] = (cells, n_prov, n_text_code, n_num_code)
        province_rows = any(n_prov for _, n_prov, _, _ in stats.values())
        col_prov: dict[int, _Label] = {}
        col_code: dict[int, _Label] = {}
        for cells, n_prov, n_text_code, n_num_code in stats.values():
            n_code = n_text_code + (0 if province_rows else n_num_code)
            if n_prov == 0 and n_code == 0:
                continue
            axis = "province" if n_prov >= n_code else "division"
            target = col_prov if axis == "province" else col_code
            for c, (v, o_r, o_c) in cells.items():
                key = as_province(v) if axis == "province" else as_code(v)
                if key is None:
                    if self._ignorable_header(v):
                        continue
                    if axis == "province":
                        raise self.err(o_r, o_c, "unknown province", v, self._province_expectation(v))
                    raise self.err(o_r, o_c, "unknown NACE code", v,
                                   "a NACE division code (01–99), a section letter (A–U) or 'Toplam'")
                if c in target and target[c].key != key:
                    raise self.err(o_r, o_c, "header conflicts with the header above it:", v,
                                   f"one {axis} per column (found {target[c].text!r} too)")
                target[c] = _Label(key, _label_text(v), o_r, o_c)
        self._check_duplicate_headers(col_prov, "province")
        self._check_duplicate_headers(col_code, "NACE division")
        return col_prov, col_code

    @staticmethod
    def _ignorable_header(v: Any) -> bool:
        if is_number(v) or is_page_marker(v) or is_sample_note(v):
            return True
        f = fold(v)
        return f in GENERIC_WORDS or f in UNIT_WORDS or not re.search(r"[a-z]", f)

    @staticmethod
    def _province_expectation(v: Any) -> str:
        try:
            provinces.resolve(_PLATE_AFFIX.sub("", str(v)).strip() or str(v))
        except ValueError as exc:
            msg = str(exc)
            hint = msg[msg.find("did you mean"):] if "did you mean" in msg else ""
            return ("one of the 81 province names (old spellings such as K.MARAŞ, İÇEL, Ş.URFA are known; "
                    "add a new variant to data/reference/province_variants.csv)" + (f"; {hint}" if hint else ""))
        return "one of the 81 province names"

    def _check_duplicate_headers(self, labels: dict[int, _Label], what: str) -> None:
        first_at: dict[Any, _Label] = {}
        for c in sorted(labels):
            lab = labels[c]
            if lab.key in (_ALL, _UNALLOCATED) or (isinstance(lab.key, tuple) and lab.key[0] == "s"):
                continue
            prev = first_at.get(lab.key)
            if prev is not None and (prev.r, prev.c) != (lab.r, lab.c):
                expected = f"each {what} once in a table (first at {cell_ref(prev.r, prev.c)}, {prev.text!r})"
                raise self.err(lab.r, lab.c, f"duplicated {what}", lab.text, expected)
            first_at.setdefault(lab.key, lab)

    def _find_label_col(self, cols: list[int], r0: int, r1: int, kind: str) -> int:
        sh = self.sheet
        best, best_score = None, 0
        for c in cols:
            score = 0
            for r in range(r0, min(r1, r0 + 400)):
                v = sh.cell(r, c)
                if kind == "province":
                    score += isinstance(as_province(v), int)
                else:
                    key = as_code(v)
                    if key and key[0] in "ds" and (not isinstance(v, str) or as_province(v) is None):
                        score += 2 if key[0] == "s" or (isinstance(v, str) and v.strip()[:1] == "0") else 1
            if score > best_score:
                best, best_score = c, score
        if best is None:
            searched = f"columns A–{column_letter(cols[-1])}" if cols else "no column left of the data"
            what = ("province names (in a header row above the İş yeri/Sigortalı row, or in a column left of "
                    "the data)") if kind == "province" else (
                "NACE division codes (in a header row above the İş yeri/Sigortalı row, or in a column left of "
                "the data)")
            raise ValueError(
                f"{where(self.file, self.sheet.name, self.m, 0)}: the table titled {TITLE!r} was "
                f"found but its layout is not one this reader knows: expected {what}; searched {searched}")
        return best

    # -- rows -----------------------------------------------------------------------------
    def _row_has_values(self, r: int) -> bool:
        """True when a data cell of the row holds a number or a suppression mark ("-", "..")."""
        row = self.sheet.rows[r]
        for c in self.active:
            v = row[c] if c < len(row) else None
            if is_number(v):
                return True
            if isinstance(v, str) and v.strip():
                try:
                    parse_tr_number(v)
                    return True
                except ValueError:
                    pass
        return False

    def _is_header_repeat(self, r: int) -> bool:
        """A header row repeated at a page break: İş yeri/Sigortalı labels, or the labels of a
        header row above them, again."""
        row = self.sheet.rows[r]
        cells = {c: row[c] for c in self.active if c < len(row) and isinstance(row[c], str) and row[c].strip()}
        return sum(measure_of(v) is not None for v in cells.values()) >= 2 or any(
            fold(v) in self.header_texts.get(c, ()) for c, v in cells.items())

    def _walk_rows(self, r0: int, r1: int) -> None:
        sh, b = self.sheet, self.block
        long = self.prov_col is not None and self.code_col is not None
        started = False
        last_prov: _Label | None = None
        current_section: str | None = None
        self._record_column_sections()
        for r in range(r0, r1):
            row = sh.rows[r]
            texts = [(c, v) for c, v in enumerate(row) if not is_empty(v)]
            if not texts:
                continue
            first_c, first_v = texts[0]
            has_values = self._row_has_values(r)
            if not has_values and is_footnote(first_v):
                if started:
                    break  # footnotes close the table
                continue
            if is_page_marker(first_v) or is_sample_note(first_v) or self._is_header_repeat(r):
                continue
            prov = self._row_province(r, has_values)
            code = self._row_code(r)
            own = (prov is not None and prov.r == r) or (code is not None and code.r == r)
            if long:  # the province is written once, on the first row of its block
                last_prov = prov if prov is not None else last_prov
                prov = last_prov
            labelled = ((self.prov_col is None or prov is not None)
                        and (self.code_col is None or code is not None))
            if not (labelled and own):
                if not has_values:
                    if long and own:
                        continue  # a province heading row of the long layout
                    if started:
                        break  # the end of the table: another table's title or header follows
                    continue
                if self.code_col is not None and code is None:
                    c, expected = self.code_col, ("a NACE division code (01–99), a section letter (A–U) or "
                                                  "'Toplam' in the label column")
                else:
                    c, expected = (self.prov_col if self.prov_col is not None else first_c,
                                   "a province name in the label column")
                raise self.err(r, c, "a row of numbers with the label", _label_text(sh.cell(r, c)), expected)
            started = True
            if code is not None and code.key[0] == "s":
                current_section = code.key[1]
            elif code is not None and code.key[0] == "d" and current_section:
                b.members[current_section].add(code.key[1])
            for c in self.active:
                v = sh.cell(r, c)
                try:
                    value = parse_tr_number(v)
                except ValueError:
                    raise self.err(r, c, "not a number:", v,
                                   "a count (e.g. 1234 or '1.234'), or '-', '..', '*' or a blank for a "
                                   "suppressed cell") from None
                self._store(r, c, value, prov, code)

    def _other_label(self, r: int, parse) -> _Label | None:
        """A total ("TOPLAM") or section ("A - TARIM") written in another label column than expected."""
        for c in self.label_cols:
            if c in (self.code_col, self.prov_col):
                continue
            w = self.sheet.cell(r, c)
            k = parse(w) if isinstance(w, str) else None
            if k is not None and not isinstance(k, int) and k[0] in "asx":
                return _Label(k, _label_text(w), r, c)
        return None

    def _row_province(self, r: int, has_values: bool) -> _Label | None:
        if self.prov_col is None:
            return None
        v = self.sheet.cell(r, self.prov_col)
        if is_empty(v):
            return None if self.code_col is not None else self._other_label(r, as_province)
        key = as_province(v)
        if key is None:
            if has_values and not self._ignorable_row_text(v):
                raise self.err(r, self.prov_col, "unknown province", _label_text(v), self._province_expectation(v))
            return None
        return _Label(key, _label_text(v), r, self.prov_col)

    def _ignorable_row_text(self, v: Any) -> bool:
        return is_number(v) or is_footnote(v) or is_page_marker(v) or is_sample_note(v) or (
            isinstance(v, str) and (fold(v) in GENERIC_WORDS or measure_of(v) is not None))

    def _row_code(self, r: int) -> _Label | None:
        if self.code_col is None:
            return None
        v = self.sheet.cell(r, self.code_col)
        key = as_code(v)
        if key is not None:
            return _Label(key, _label_text(v), r, self.code_col)
        return self._other_label(r, as_code) if is_empty(v) else None

    def _record_column_sections(self) -> None:
        """Sections printed as columns own the division columns after them (for Rev.2.1 checks)."""
        current = None
        for c in self.active:
            lab = self.col_code.get(c)
            if lab is not None and lab.key[0] == "s":
                current = lab.key[1]
            elif lab is not None and lab.key[0] == "d" and current:
                self.block.members[current].add(lab.key[1])

    def _store(self, r: int, c: int, value: float, prow: _Label | None, drow: _Label | None) -> None:
        p = self.col_prov.get(c) or prow
        d = self.col_code.get(c) or drow
        if self.col_prov.get(c) and prow:
            raise self.err(r, c, "this value has a province both in its column header and in its row label:",
                           f"{self.col_prov[c].text} / {prow.text}", "provinces on one axis only")
        if p is None:
            raise self.err(r, c, "cannot tell which province this value belongs to:", value,
                           "a province name above the İş yeri/Sigortalı header or in the row label")
        if d is None:
            raise self.err(r, c, "cannot tell which NACE division this value belongs to:", value,
                           "a division code above the İş yeri/Sigortalı header or in the row label")
        pk, dk = p.key, d.key
        p_leaf = isinstance(pk, int) or pk == _UNALLOCATED
        d_leaf = dk[0] == "d" or dk == _UNALLOCATED
        if p_leaf and d_leaf:
            key = (pk if isinstance(pk, int) else "x", dk[1] if dk[0] == "d" else "x", self.measure[c])
            leaves = self.block.leaves
            if key in leaves:
                raise _duplicate_error(self.file, self.sheet.name, leaves[key], (value, r, c, p, d))
            leaves[key] = (value, r, c, p, d)
        else:
            self.block.totals.append((pk, dk, self.measure[c], value, r, c, p.text, d.text))


def _duplicate_error(file: str, sheet: str, first: tuple, second: tuple) -> ValueError:
    _, r1, c1, p1, d1 = first
    _, r2, c2, p2, d2 = second
    if (p1.r, p1.c) != (p2.r, p2.c):
        return cell_error(file, sheet, p2.r, p2.c, "duplicated province", p2.text,
                          f"each province once in a table (it is also at {cell_ref(p1.r, p1.c)}, {p1.text!r})")
    return cell_error(file, sheet, d2.r, d2.c, f"duplicated NACE division for province {p2.text!r}:", d2.text,
                      f"each division once per province (it is also at {cell_ref(d1.r, d1.c)})")


# --------------------------------------------------------------------------------------------
# Whole workbook
# --------------------------------------------------------------------------------------------

def _block_year(file: Path, sheet: Sheet, t: int, m_guess: int) -> int:
    sources = [
        ("title", [v for v in sheet.rows[t] if isinstance(v, str)]),
        ("heading rows", [v for r in range(t + 1, min(m_guess, len(sheet.rows))) for v in sheet.rows[r]
                          if isinstance(v, str)]),
        ("sheet name", [sheet.name]),
        ("file name", [file.stem]),
    ]
    for source, texts in sources:
        found = list(dict.fromkeys(y for text in texts for y in years_in(text)))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError(f"{where(file.name, sheet.name, t, 0)}: the {source} names several "
                             f"years {found}; expected one year per table (title, then sheet name, then file name)")
    raise ValueError(f"{where(file.name, sheet.name, t, 0)}: no year in the title, the heading, "
                     f"the sheet name or the file name; expected a year {FIRST_YEAR}–{LAST_YEAR} in one of them "
                     "(e.g. rename the file to include the yearbook's year)")


def detect_revision(divisions: Iterable[str], year: int) -> str:
    """NACE revision of a table from its set of divisions and its year.

    Rev.2 has 88 divisions (:data:`helpers.nace.DIVISION_COUNTS`); the SGK yearbooks switch to
    Rev.2.1 in 2025. A table of a year before 2025 whose divisions are all Rev.2 divisions is
    Rev.2; a table from 2025 on is Rev.2.1 unless it lists exactly the 88 Rev.2 divisions (then
    Rev.2, with a warning). Codes that are not Rev.2 divisions mark Rev.2.1 (warned before 2025).
    The decision does not rest on the count alone: the Rev.2.1 division list is not in the
    repository's reference tables yet.
    """
    codes = set(divisions)
    rev2 = set(nace.divisions(nace.REV2)["nace_division"])
    extra = sorted(codes - rev2)
    if year >= REV21_FROM_YEAR:
        if codes == rev2:
            warnings.warn(f"the {year} table lists exactly the {len(rev2)} NACE Rev.2 divisions although the "
                          f"yearbooks use Rev.2.1 from {REV21_FROM_YEAR}: recorded as Rev.2", SGKLayoutWarning,
                          stacklevel=3)
            return nace.REV2
        return nace.REV21
    if extra:
        warnings.warn(f"the {year} table lists divisions that are not NACE Rev.2 divisions ({', '.join(extra)}): "
                      "recorded as Rev.2.1", SGKLayoutWarning, stacklevel=3)
        return nace.REV21
    return nace.REV2


def _section_members(blocks: list[_Block], revision: str) -> dict[str, set]:
    """Divisions of each section: from the NACE reference for Rev.2 tables; for Rev.2.1 (whose
    division list is not in the repository yet) the divisions printed after the section's row or
    column, up to the next section."""
    if revision == nace.REV2:
        d = nace.divisions(nace.REV2)
        out: dict[str, set] = defaultdict(set)
        for code, sec in zip(d["nace_division"], d["section"]):
            out[sec].add(code)
        return out
    members: dict[str, set] = defaultdict(set)
    for b in blocks:
        for s, ds in b.members.items():
            members[s] |= ds
    return members


def _check_totals(file: str, year: int, blocks: list[_Block], leaves: dict, revision: str) -> list[dict]:
    """Check every printed total against the sum of the leaves it covers (sections: see
    :func:`_section_members`). Status: "match"; "incomplete" (some leaves suppressed and the
    printed total is not below the visible sum); "mismatch"; "unchecked" (a section with no
    division under it)."""
    members = _section_members(blocks, revision)
    # (sum, count, missing) by (province, division, measure), by province, by division, overall.
    def add(acc: dict, key: tuple, v: float) -> None:
        s, n, miss = acc.get(key, (0.0, 0, 0))
        acc[key] = (s + (0.0 if math.isnan(v) else v), n + 1, miss + math.isnan(v))
    by_pd, by_p, by_d, by_all = {}, {}, {}, {}
    for (p, d, meas), (v, *_rest) in leaves.items():
        add(by_pd, (p, d, meas), v)
        add(by_p, (p, meas), v)
        add(by_d, (d, meas), v)
        add(by_all, (meas,), v)
    none = (0.0, 0, 0)

    def combine(parts: Iterable[tuple]) -> tuple:
        parts = list(parts)
        return (sum(x[0] for x in parts), sum(x[1] for x in parts), sum(x[2] for x in parts))

    records = []
    for b in blocks:
        for pk, dk, meas, printed, r, c, ptext, dtext in b.totals:
            if math.isnan(printed):
                continue
            p = "x" if pk == _UNALLOCATED else pk
            status = ""
            if dk == _ALL:
                agg = by_all.get((meas,), none) if pk == _ALL else by_p.get((p, meas), none)
            elif dk[0] == "s":
                ds = members.get(dk[1], set())
                if not ds:
                    status, agg = "unchecked", (math.nan, 0, 0)
                elif pk == _ALL:
                    agg = combine(by_d.get((d, meas), none) for d in ds)
                else:
                    agg = combine(by_pd.get((p, d, meas), none) for d in ds)
            else:  # a division (or the unallocated activity) over all provinces
                d = dk[1] if dk[0] == "d" else "x"
                agg = by_d.get((d, meas), none)
            total, n, missing = agg
            diff = printed - total
            if not status:
                if abs(diff) <= TOTAL_TOLERANCE:
                    status = "match"
                elif missing and diff > 0:
                    status = "incomplete"  # suppressed leaves hide the difference
                else:
                    status = "mismatch"
            records.append({
                "file": file, "sheet": b.sheet, "year": year, "cell": cell_ref(r, c),
                "province": ptext, "activity": dtext, "measure": meas, "printed": float(printed),
                "sum_of_leaves": float(total), "leaves": int(n), "missing_leaves": int(missing),
                "difference": float(diff), "status": status,
            })
    return records


def _summarise_checks(records: list[dict]) -> dict:
    status = [r["status"] for r in records]
    return {
        "checked": len(records), "matched": status.count("match"), "incomplete": status.count("incomplete"),
        "unchecked": status.count("unchecked"), "mismatched": status.count("mismatch"),
        "mismatches": [r for r in records if r["status"] == "mismatch"],
    }


def _merge_checks(summaries: Iterable[dict]) -> dict:
    out = {"checked": 0, "matched": 0, "incomplete": 0, "unchecked": 0, "mismatched": 0, "mismatches": []}
    for s in summaries:
        for k in ("checked", "matched", "incomplete", "unchecked", "mismatched"):
            out[k] += s.get(k, 0)
        out["mismatches"] += s.get("mismatches", [])
    return out


def _sample_signals(path: Path, sheets: Sequence[Sheet]) -> dict[str, bool]:
    side = provenance.sidecar_path(path)
    sidecar = provenance.read_sidecar(path).is_sample if side.exists() else False
    note = any(is_sample_note(v) for sh in sheets for row in sh.rows[:10] for v in row)
    name = "sample" in fold(path.stem) or "ornek" in fold(path.stem)
    return {"sidecar": sidecar, "note row": note, "file name": name}


def read_sgk_workbook(path: Path | str) -> pd.DataFrame:
    """Read the SGK table of 4/a workplaces and insured persons by province and NACE division from
    one yearbook workbook (``.xls`` or ``.xlsx``, any year 2007–2025).

    The table is found by its title (:func:`is_sgk_title`) in whatever sheet it is, possibly split
    over several blocks (pages) that repeat the title; one workbook may hold several years (one
    table per year, e.g. the sample). The year comes from the title row, then the rows between the
    title and the header, then the sheet name, then the file name (the first that names exactly one
    year).

    Parameters
    ----------
    path
        The workbook. It is only read, never written.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, one row per (plate, year, nace_division); ``workplaces`` and
        ``insured`` are NaN where the cell was blank or suppressed. ``is_sample`` is True when the
        sidecar says ``is_sample: true``, the sheet carries the sample note row, or the file name
        contains "SAMPLE" (any one suffices; disagreement is warned). ``df.attrs["total_checks"]``
        summarises the check of every printed total against the sum of its leaves (counts and the
        list of mismatches, each naming sheet and cell); ``df.attrs["ignored_columns"]`` lists
        helper columns that were skipped.

    Raises
    ------
    ValueError
        For an empty or unreadable file, a workbook without the table, a header the reader does not
        recognise, an unknown or duplicated province, or a non-numeric cell — naming the file,
        sheet, Excel row and column, the value and what was expected.

    Warns
    -----
    SGKTotalsWarning
        When a printed total does not match the sum of its leaves.
    SGKLayoutWarning
        For ignored helper columns, provinces missing from a table, or a revision decided against
        the year.
    """
    path = Path(path)
    sheets = read_workbook(path)
    file = path.name
    titles = [(sh, r) for sh in sheets for r, row in enumerate(sh.rows) if any(is_sgk_title(v) for v in row)]
    if not titles:
        near = _near_titles(sheets)
        raise ValueError(
            f"{file}: no sheet holds the table titled {TITLE!r} (searched {len(sheets)} sheet(s): "
            f"{', '.join(repr(s.name) for s in sheets[:8])}{'…' if len(sheets) > 8 else ''}); expected the SGK "
            "yearbook workbook that contains this table (found by its title, since its number changes every year)"
            + (f"; similar titles: {'; '.join(near)}" if near else ""))
    blocks: list[_Block] = []
    for sh, t in titles:
        end = min([r for s2, r in titles if s2 is sh and r > t] + [len(sh.rows)])
        blocks.append(_BlockParser(path, sh, t, end).parse())
    signals = _sample_signals(path, sheets)
    is_sample = any(signals.values())
    if is_sample and not all(signals.values()):
        warnings.warn(f"{file}: marked as sample data by {', '.join(k for k, v in signals.items() if v)} but not by "
                      f"{', '.join(k for k, v in signals.items() if not v)}; every row is marked is_sample=True",
                      SGKLayoutWarning, stacklevel=2)
    by_year: dict[int, list[_Block]] = defaultdict(list)
    for b in blocks:
        by_year[b.year].append(b)
    frames, checks, ignored = [], [], []
    for year, year_blocks in sorted(by_year.items()):
        leaves: dict = {}
        for b in year_blocks:
            for key, item in b.leaves.items():
                if key in leaves:
                    raise _duplicate_error(file, b.sheet, leaves[key], item)
                leaves[key] = item
            ignored += [f"sheet {b.sheet!r}, column {c}" for c in b.ignored_columns]
        unallocated = [k for k in leaves if "x" in k[:2]]
        if unallocated:
            warnings.warn(f"{file}: {year}: {len(unallocated)} value(s) of unallocated rows or columns "
                          "(e.g. 'Belirsiz', 'Diğer') are used in the total checks and then dropped",
                          SGKLayoutWarning, stacklevel=2)
        rows: dict[tuple, dict] = {}
        for (p, d, meas), (v, *_rest) in leaves.items():
            if p == "x" or d == "x":
                continue
            rows.setdefault((p, d), {"plate": p, "nace_division": d, "workplaces": math.nan, "insured": math.nan})
            rows[(p, d)][meas] = v
        df = pd.DataFrame(list(rows.values()), columns=["plate", "nace_division", "workplaces", "insured"])
        revision = detect_revision(df["nace_division"].unique(), year)
        checks.append(_summarise_checks(_check_totals(file, year, year_blocks, leaves, revision)))
        missing = sorted(set(range(1, 82)) - set(df["plate"]))
        if missing:
            warnings.warn(f"{file}: the {year} table covers {81 - len(missing)} of 81 provinces; missing: "
                          f"{', '.join(f'{provinces.name(p)} ({p})' for p in missing[:10])}"
                          f"{'…' if len(missing) > 10 else ''}", SGKLayoutWarning, stacklevel=2)
        df["year"] = year
        df["nace_revision"] = revision
        frames.append(df)
    mism = [r for c in checks for r in c["mismatches"]]
    if mism:
        shown = "; ".join(f"{r['year']} sheet {r['sheet']!r} {r['cell']} ({r['province']} / {r['activity']} / "
                          f"{_MEASURE_LABEL[r['measure']]}): printed {r['printed']:,.0f}, leaves sum to "
                          f"{r['sum_of_leaves']:,.0f}" for r in mism[:5])
        warnings.warn(f"{file}: {len(mism)} printed total(s) do not match the sum of their leaves: {shown}"
                      f"{' …' if len(mism) > 5 else ''} (see df.attrs['total_checks'])", SGKTotalsWarning,
                      stacklevel=2)
    if ignored:
        warnings.warn(f"{file}: ignored {len(ignored)} helper column(s): {'; '.join(ignored[:6])}"
                      f"{' …' if len(ignored) > 6 else ''}", SGKLayoutWarning, stacklevel=2)
    out = pd.concat(frames, ignore_index=True)
    out["source_file"] = file
    out["is_sample"] = is_sample
    out = _finish(out)
    out.attrs["total_checks"] = _merge_checks(checks)
    out.attrs["ignored_columns"] = ignored
    return out


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    df = df[COLUMNS].astype({"plate": "int64", "year": "int64", "workplaces": "float64", "insured": "float64",
                             "is_sample": "bool", "nace_division": "str", "nace_revision": "str",
                             "source_file": "str"})
    return df.sort_values(["year", "plate", "nace_division"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Inputs: official files or the sample, never both
# --------------------------------------------------------------------------------------------

def employment_source() -> dict:
    """Which SGK files the workbook uses: ``{"kind": "official", "files": [...]}`` when the user has
    added yearbook workbooks to ``data/raw/sgk/`` (``*.xls``, ``*.xlsx``; Excel's ``~$`` lock files
    are ignored), else ``{"kind": "sample", "files": [...]}`` with the labelled synthetic sample(s)
    ``data/raw/sample/SGK_SAMPLE*``. Official and sample files are never mixed."""
    official = excel_files(paths.RAW_SGK, recursive=True)  # subfolders too (e.g. an unzipped yearbook)
    if official:
        return {"kind": "official", "files": official}
    return {"kind": "sample", "files": excel_files(paths.RAW_SAMPLE, prefix="SGK_SAMPLE")}


def _looks_like_sgk(path: Path) -> bool:
    """True when a sheet of the workbook carries the SGK 4/a table title in its first rows."""
    return any(is_sgk_title(v) for sh in read_workbook(path) for row in sh.rows[:MAX_HEADER_ROWS + 5] for v in row)


def _inputs() -> list[Path]:
    source = employment_source()
    if source["kind"] == "official":
        for p in source["files"]:
            if not provenance.sidecar_path(p).exists():
                if not _looks_like_sgk(p):  # refused before any sidecar is written: nothing is left behind
                    raise LayoutError(
                        f"{p.relative_to(paths.RAW_SGK.parent)}: in {paths.RAW_SGK.name}/ but no sheet carries the "
                        f"SGK table title {TITLE!r}; expected an SGK yearbook workbook — move the file out of the folder")
                provenance.check_input(p)  # raises: the workbook writes nothing under data/raw/
    return source["files"]


def read_employment(files: Sequence[Path]) -> pd.DataFrame:
    """Read and concatenate several SGK workbooks (one or more years each). The same year in two
    files, or sample and official files together, raise ``ValueError`` naming the files."""
    files = [Path(f) for f in files]
    if not files:
        raise ValueError("no SGK workbook given")
    frames = [read_sgk_workbook(f) for f in files]
    kinds = {f.name: bool(df["is_sample"].any()) for f, df in zip(files, frames)}
    if len(set(kinds.values())) > 1:
        raise ValueError("sample and official SGK files are never mixed: sample "
                         f"{[k for k, v in kinds.items() if v]}, official {[k for k, v in kinds.items() if not v]}")
    seen: dict[int, str] = {}
    for f, df in zip(files, frames):
        for y in sorted(df["year"].unique()):
            if int(y) in seen:
                raise ValueError(f"year {int(y)} is in two SGK files: {seen[int(y)]} and {f.name}; expected each "
                                 f"year once — remove one of them from {f.parent}")
            seen[int(y)] = f.name
    checks = _merge_checks(df.attrs.get("total_checks", {}) for df in frames)
    ignored = [c for df in frames for c in df.attrs.get("ignored_columns", [])]
    out = _finish(pd.concat(frames, ignore_index=True))
    out.attrs["total_checks"] = checks
    out.attrs["ignored_columns"] = ignored
    return out


SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column("int64", pa.Check.in_range(1, 81), coerce=True),
        "year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR), coerce=True),
        "nace_division": pa.Column(str, pa.Check.str_matches(r"^\d{2}$")),
        "nace_revision": pa.Column(str, pa.Check.isin([nace.REV2, nace.REV21])),
        "workplaces": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True),
        "insured": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True),
        "source_file": pa.Column(str),
        "is_sample": pa.Column(bool),
    },
    unique=["plate", "year", "nace_division"],
    strict=True,
    ordered=True,
    name="employment_sgk",
)

TABLES = [
    pipeline.TableSpec(
        name="employment_sgk",
        source="SGK statistical yearbook (4/a workplaces and insured by province and NACE division)",
        description=("Workplaces and insured persons (4/a) by province, year and NACE division, from the SGK "
                     "yearbooks in data/raw/sgk/, or the labelled synthetic sample when none was added"),
        inputs=_inputs,
        read=read_employment,
        schema=SCHEMA,
        version="1",
        tags=("employment", "sgk"),
    )
]
