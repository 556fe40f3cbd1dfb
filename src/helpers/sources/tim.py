"""Reader for TİM's December releases of exports by the exporter's registered province and TİM
sector, *"İhracatçı firmaların kanuni merkezleri bazında sektör ihracat performansı"* → the table
``exports_tim``.

TİM (Türkiye İhracatçılar Meclisi) publishes them on tim.org.tr (İhracat Rakamları → "İller bazında
sektör rakamları"). The files in ``data/raw/tim/`` (2006, 2010–2023; see its README) come in three
families of layouts, each recognised by the **words** of its header, never by position:

* **monthly** (2006, 2010, 2011): a header row with a province column (``şehir``/``IL``), a sector
  column (``sektör``/``SEKTOR``/``GTIPGRUPAD``) and the twelve months (``ocak`` … ``aralık``,
  ``SUM(OCAK)`` …), sometimes ``toplam``; the year from the title, else the sheet name, else the
  file name. A province × sector's year is the sum of its printed months (a blank month is a
  month without exports: these files print only the months with exports, and their printed totals
  add up so). 2006 prints TİM's group and sub-group subtotal rows (``I.TARIM``,
  ``A.BİTKİSEL ÜRÜNLER``) among the sectors and a first block without a province (kept out of the
  provinces, used in the checks, warned); 2010 and 2011 print a grand-total row at the bottom.
  Values are USD (these files print no unit). Only a January–December period is read: the file
  named ``2017-12-…`` is TİM's November release and gives nothing (warned).
* **province blocks** (2012–2014 ``.xls``): a header row whose period labels read
  ``1 Ocak-31.12.<year>`` (Jan–Dec of the year and of the year before) beside December columns;
  a ``GENEL TOPLAM`` row, then per province a total row (no sector) followed by its sector rows.
  The province is in its own column (2013–14) or only on the total row (2012).
* **sector × province rows** (2015–2023 ``.xlsx``): a row of period labels (``1 OCAK - 31 ARALıK``,
  ``1 - 31 ARALıK`` …) above ``SEKTÖR, ILLER, <year-1>, <year>, DEĞ.``; a ``TOPLAM`` row per
  province and a grand ``TOPLAM``.

Units are read from the title or header (``(1000 $)``, ``(1000 ABD Doları)``) and converted to USD.

Checks (all recorded in ``df.attrs["checks"]``, mismatches warned with :class:`TIMWarning`): every
printed subtotal (2006 groups), row total (``TOPLAM`` of the monthly files), province total and
grand total against the sum of its leaves. Rounding in thousand-USD files is tolerated up to half a
unit per summed cell. Where a province's sectors do not add up to its printed total, the difference
is kept as an explicit **not itemised** row (sector ``T00``, label ``""``, ``not_itemised`` True),
never dropped and never spread over the sectors; rows printed with a blank sector label (2012–2013
releases) stay rows of their own (sector ``T99``, label ``""``, ``not_itemised`` True). A province
absent from a year's own release (Tunceli in 2011 and 2012) is missing that year, not zero; a later
release's previous-year column adds it only with a non-zero value (the 2013 release prints Tunceli's
2012 as 0: it stays missing, listed in ``df.attrs["absent"]``).

Every printed label maps to one harmonised sector through ``data/reference/tim_sector_concordance.csv``
(the sectors themselves, with a NACE mapping, in ``data/reference/tim_sectors.csv``): an unknown
label is an error naming file, sheet, cell and value.

**One release per year.** Each December release also carries the year before. Each year's figures
come from one release for all provinces (:func:`choose_releases`): the latest full-year release that
covers the year and itemises it (at most :data:`MAX_BLANK_SHARE` of it on blank-label rows). So
2011 and 2012 come from the 2012 release, 2013 from the 2014 release, …, 2018 from the 2019
release, 2022 and 2023 from the 2023 release; 2017 has none (the file named ``2017-12-…`` is the
November release). National sector totals, the denominators of every RCA, thus never mix releases.
The other releases printing the year are cross-checked: where a province's total differs beyond
rounding it is listed in ``df.attrs["revisions"]`` (warned; the year's release is kept). Every row
names its release in ``source_file``; :func:`year_sources` gives the year → release map.

**Classification changes.** Renames and the İklimlendirme split are merged by the concordance; the
moves of TİM's 2012 reclassification between five sectors are bridged in the years before 2011 by
:mod:`helpers.sources.tim_bridge` (rows of their own, ``source_file`` ``bridge: …``). The list of
every change and its bridge: ``docs/data_sources.md#exports_tim``.

The table ``exports_tim`` (:data:`COLUMNS`, :data:`SCHEMA`): one row per plate × year × harmonised
sector × printed label; :func:`sector_names` gives the sectors' names (``helpers.datasets.years`` the
years), :func:`tim_to_nace` the exports by NACE division (for joining with SGK employment). The
province is the exporter's registered head office, not the place of production.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from helpers import nace, paths, pipeline, provenance, provinces
from helpers.sources._workbook import (
    CellError, LayoutError, Sheet, WorkbookError, cell_error, cell_name, excel_files, has_words, is_empty,
    is_number, parse_tr_number, read_workbook, where, years_in,
)
from helpers.textnorm import fold

COLUMNS = ["plate", "year", "sector", "sector_label", "export_usd", "not_itemised", "source_file", "is_sample"]
NOT_ITEMISED = "T00"
PRODUCER = "TİM (Türkiye İhracatçılar Meclisi, Turkish Exporters Assembly)"
TIM_URL = "https://tim.org.tr (İhracat Rakamları → İller bazında sektör rakamları)"
FIRST_YEAR, LAST_YEAR = 2000, 2035
MAX_HEADER_ROW = 15
#: Absolute tolerance (USD) of a check in a file printed in USD; thousand-USD files add half a unit
#: per summed cell for rounding.
TOLERANCE_USD = 1.0
#: A release is passed over for a year when it prints more than this share of the year on rows with a
#: blank sector label (the 2013 release: 0.35 % of 2012) and another release itemises the year.
MAX_BLANK_SHARE = 0.001
#: ``source_file`` of the rows added by the 2012 reclassification bridge (helpers.sources.tim_bridge).
BRIDGE_PREFIX = "bridge:"
_MONTHS = ("ocak", "subat", "mart", "nisan", "mayis", "haziran", "temmuz", "agustos", "eylul", "ekim",
           "kasim", "aralik")
_GROUP = re.compile(r"^\s*(?P<level>I{1,3}|IV|V|VI{0,3}|[A-Z])\s*\.\s*\S")
_PROVINCE_HEADERS = ("sehir", "il", "iller", "il adi")
_SECTOR_HEADERS = ("sektor", "sektorler", "gtipgrupad")


class TIMWarning(UserWarning):
    """A decision of the TİM reader worth knowing (a printed total that does not match, a revision,
    a block of exports without a province)."""


class TIMError(WorkbookError):
    """A TİM workbook the reader cannot use (names file, sheet, cell, value and expectation)."""


# --------------------------------------------------------------------------------------------
# Sectors: harmonised list and concordance of printed labels
# --------------------------------------------------------------------------------------------

@functools.cache
def sector_table() -> pd.DataFrame:
    """``data/reference/tim_sectors.csv``: code, name_tr, name_en, nace_divisions ("10|11"), note."""
    df = pd.read_csv(paths.TIM_SECTORS_CSV, comment="#", dtype=str, keep_default_na=False)
    return df


@functools.cache
def concordance() -> pd.DataFrame:
    """``data/reference/tim_sector_concordance.csv``: key (folded label), first_year, last_year,
    label (as printed), code (harmonised), note — one row per printed spelling."""
    df = pd.read_csv(paths.TIM_CONCORDANCE_CSV, comment="#", dtype={"key": str, "label": str, "code": str,
                                                                      "note": str}, keep_default_na=False)
    codes = set(sector_table()["code"])
    bad = sorted(set(df["code"]) - codes)
    if bad:
        raise ValueError(f"{paths.TIM_CONCORDANCE_CSV}: code(s) {bad} are not in {paths.TIM_SECTORS_CSV}")
    wrong_key = df[df["key"] != df["label"].map(fold)]
    if len(wrong_key):
        raise ValueError(f"{paths.TIM_CONCORDANCE_CSV}: key {wrong_key['key'].iloc[0]!r} is not the folded label "
                         f"{wrong_key['label'].iloc[0]!r} (helpers.textnorm.fold)")
    two = df.groupby("key")["code"].nunique()
    if (two > 1).any():
        raise ValueError(f"{paths.TIM_CONCORDANCE_CSV}: key(s) {sorted(two[two > 1].index)} map to several codes; "
                         "expected exactly one harmonised code per label")
    return df


@functools.cache
def _code_of_key() -> dict[str, str]:
    return dict(zip(concordance()["key"], concordance()["code"]))


def sector_code(label: str) -> str | None:
    """The harmonised code of a printed label (blank → ``T00``), None when no concordance row has it."""
    if is_empty(label):
        return NOT_ITEMISED
    return _code_of_key().get(_folded(label))


@functools.lru_cache(maxsize=4096)
def _folded(label: str) -> str:
    # a few dozen distinct labels over ~28,000 rows: fold each once
    return fold(label)


def sector_names(lang: str = "tr") -> pd.Series:
    """Names of the harmonised sectors, indexed by code (``T00`` = not itemised by sector).

    Parameters
    ----------
    lang
        ``"tr"`` (``name_tr``) or ``"en"`` (``name_en``, a gloss).
    """
    if lang not in ("tr", "en"):
        raise ValueError(f"sector_names: lang {lang!r}; expected 'tr' or 'en'")
    t = sector_table()
    return pd.Series(t[f"name_{lang}"].to_numpy(), index=pd.Index(t["code"], name="sector"), name=f"name_{lang}")


def sector_nace() -> pd.DataFrame:
    """One row per (sector, nace_division) from ``tim_sectors.csv`` (T00 has none)."""
    t = sector_table()
    rows = [(code, nace.normalise_division(d)) for code, divs in zip(t["code"], t["nace_divisions"])
            for d in divs.split("|") if d.strip()]
    return pd.DataFrame(rows, columns=["sector", "nace_division"])


def _unknown_label(file: str, sheet: str, r: int, c: int, value: Any) -> CellError:
    return cell_error(file, sheet, r, c, "a sector label found in no concordance row:", value,
                      f"a label listed in {paths.TIM_CONCORDANCE_CSV.name} (add a row mapping its folded spelling "
                      f"{fold(value)!r} to one harmonised code of {paths.TIM_SECTORS_CSV.name})")


# --------------------------------------------------------------------------------------------
# One release (one workbook)
# --------------------------------------------------------------------------------------------

@dataclass
class Leaf:
    plate: int
    year: int
    label: str
    usd: float
    r: int
    c: int


@dataclass
class Release:
    """What one TİM workbook prints, in USD: leaves (province × sector label), printed province and
    grand totals, and the checks done on it."""

    path: Path
    sheet: str
    layout: str
    own_year: int
    unit: float
    leaves: list[Leaf] = field(default_factory=list)
    province_totals: dict[tuple[int, int], tuple[float, int, int]] = field(default_factory=dict)
    grand_totals: dict[int, tuple[float, int, int]] = field(default_factory=dict)
    unassigned: dict[int, float] = field(default_factory=dict)  # year -> USD printed without a province
    checks: list[dict] = field(default_factory=list)
    period: str = "Jan–Dec"      # the cumulative period read, as printed
    partial: bool = False        # True: the file covers part of the year only; no rows are taken from it

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def years(self) -> list[int]:
        return sorted({leaf.year for leaf in self.leaves} | {y for _p, y in self.province_totals})

    def tolerance(self, n: int) -> float:
        """Largest difference explained by rounding when ``n`` printed cells are summed and compared
        with one printed total."""
        return TOLERANCE_USD if self.unit == 1 else 0.5 * self.unit * (n + 1)

    def err(self, r: int, c: int, problem: str, value: Any, expected: str) -> CellError:
        return cell_error(self.file, self.sheet, r, c, problem, value, expected)

    def number(self, sh: Sheet, r: int, c: int) -> float:
        v = sh.cell(r, c)
        try:
            return parse_tr_number(v) * self.unit
        except ValueError:
            raise self.err(r, c, "not a number:", v, "an export value (a number, or a blank cell)") from None

    def check(self, kind: str, r: int, c: int, what: str, year: int, printed: float, leaves: float, n: int) -> dict:
        diff = printed - leaves
        rec = {"file": self.file, "sheet": self.sheet, "cell": cell_name(r, c), "kind": kind, "what": what,
               "year": year, "printed": printed, "sum_of_leaves": leaves, "leaves": n, "difference": diff,
               "status": "match" if abs(diff) <= self.tolerance(n) + 1e-9 * abs(printed) else "mismatch"}
        self.checks.append(rec)
        return rec


def _province(value: Any) -> int | None:
    """The plate of a printed province name, None when the text is not one."""
    if not isinstance(value, str) or is_empty(value) or value.strip().isdigit():
        return None
    return _province_of_text(value.strip())


@functools.cache
def _province_of_text(text: str) -> int | None:
    try:
        return provinces.resolve(text)
    except ValueError:
        return None


def _province_error(rel: Release, r: int, c: int, value: Any) -> CellError:
    return rel.err(r, c, "a province name that does not resolve:", value,
                   "one of the 81 provinces in TİM's spelling (add new spellings to "
                   "data/reference/province_variants.csv)")


def _unit(texts: Sequence[Any]) -> float:
    t = " ".join(fold(x) for x in texts if isinstance(x, str))
    if re.search(r"\bmilyon (abd )?(dolar|usd)", t):
        return 1e6
    if re.search(r"\b(1000|bin) (abd )?(dolar|usd)", t) or re.search(r"\(\s*(1000|bin)\s*\$\s*\)",
                                                                     " ".join(str(x) for x in texts)):
        return 1e3
    return 1.0


def _month(value: Any) -> int | None:
    f = fold(value) if isinstance(value, str) else ""
    f = f.removeprefix("sum ").strip()
    return _MONTHS.index(f) + 1 if f in _MONTHS else None


def _detect(sh: Sheet) -> tuple[str, int] | None:
    for r, row in enumerate(sh.rows[:MAX_HEADER_ROW]):
        folded = [fold(v) if isinstance(v, str) else "" for v in row]
        months = {_month(v) for v in row} - {None}
        if len(months) >= 6 and any(f in _SECTOR_HEADERS for f in folded):
            return "monthly", r
        if any(f in _SECTOR_HEADERS for f in folded) and any(f in _PROVINCE_HEADERS for f in folded):
            return "rows", r
        if any(has_words(v, ["ocak"]) and len(years_in(v)) == 1 for v in row if isinstance(v, str)):
            return "blocks", r
    return None


_LAYOUTS = ("monthly (2006, 2010, 2011: a header 'şehir/IL, sektör, ocak … aralık'), province blocks "
            "(2012–2014: period labels '1 Ocak-31.12.<year>'), or sector × province rows (2015–2023: "
            "'SEKTÖR, ILLER, <year-1>, <year>' under period labels such as '1 OCAK - 31 ARALIK')")


def read_release(path: Path | str) -> Release:
    """Read one TİM workbook (any of the three layouts) into a :class:`Release` (values in USD).

    Raises
    ------
    LayoutError
        Unknown layout, truncated or empty file (naming the file and the sheets searched).
    CellError
        A value that is not a number, a province that does not resolve, a sector label found in no
        concordance row, or a province × sector printed twice — naming file, sheet, cell and value.
    """
    path = Path(path)
    sheets = read_workbook(path)
    for sh in sheets:
        found = _detect(sh)
        if found is None:
            continue
        layout, h = found
        reader = {"monthly": _read_monthly, "blocks": _read_blocks, "rows": _read_rows}[layout]
        rel = reader(path, sh, h)
        if rel.partial:
            warnings.warn(f"{path.name}: {where(path.name, sh.name)} covers {rel.period!r} only, not January–December "
                          f"(its title: {str(sh.cell(0, 0)).strip()[:40]!r}); no values are taken from it, so its years "
                          f"{sorted({rel.own_year - 1, rel.own_year})} come from other releases or are missing",
                          TIMWarning, stacklevel=2)
            return rel
        _check_release(rel)
        return rel
    raise LayoutError(f"{path.name}: no sheet holds a TİM table of exports by province and sector (searched sheets "
                      f"{', '.join(repr(s.name) for s in sheets)}, first {MAX_HEADER_ROW} rows); expected one of "
                      f"the TİM layouts: {_LAYOUTS}")


def _year_of(path: Path, sh: Sheet, h: int) -> int:
    sources = [("title", [v for r in range(h) for v in sh.rows[r] if isinstance(v, str)]),
               ("sheet name", [sh.name]), ("file name", [path.stem])]
    for source, texts in sources:
        found = list(dict.fromkeys(y for t in texts for y in years_in(t, FIRST_YEAR, LAST_YEAR)))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise LayoutError(f"{where(path.name, sh.name, h, 0)}: the {source} names several years {found}; "
                              "expected the one year of a monthly TİM table")
    raise LayoutError(f"{where(path.name, sh.name, h, 0)}: no year in the title, the sheet name or the file name; "
                      "expected a year (e.g. the file name il_sektor_ihr_2010.xls)")


def _add_leaf(rel: Release, seen: dict, plate: int, year: int, label: str, usd: float, r: int, c: int) -> None:
    key = (plate, year, fold(label))
    if key in seen:
        r0, c0, v0 = seen[key]
        raise rel.err(r, c, f"province × sector printed twice for {year}:", label,
                      f"each province and sector once per period (also at {cell_name(r0, c0)}"
                      f"{'' if math.isclose(v0, usd) else f', with a different value {v0:,.0f} USD'})")
    seen[key] = (r, c, usd)
    rel.leaves.append(Leaf(plate, year, label, usd, r, c))


# -- monthly: 2006, 2010, 2011 ---------------------------------------------------------------

def _read_monthly(path: Path, sh: Sheet, h: int) -> Release:
    header = sh.rows[h]
    pcol = next((c for c, v in enumerate(header) if isinstance(v, str) and fold(v) in _PROVINCE_HEADERS), None)
    scol = next((c for c, v in enumerate(header) if isinstance(v, str) and fold(v) in _SECTOR_HEADERS), None)
    months = {m: c for c, v in enumerate(header) if (m := _month(v))}
    if pcol is None or len(months) != 12:
        missing = [_MONTHS[m - 1] for m in range(1, 13) if m not in months]
        raise LayoutError(f"{where(path.name, sh.name, h)}: a monthly TİM header without "
                          f"{'a province column' if pcol is None else 'the months ' + str(missing)}; found "
                          f"{[v for v in header if not is_empty(v)]}; expected 'şehir'/'IL', 'sektör' and "
                          "'ocak' … 'aralık'")
    tcol = next((c for c, v in enumerate(header) if isinstance(v, str) and fold(v) == "toplam"), None)
    above = [v for r in range(h + 1) for v in sh.rows[r]]
    rel = Release(path, sh.name, "monthly", _year_of(path, sh, h), _unit(above))
    year, mcols = rel.own_year, [months[m] for m in range(1, 13)]
    seen: dict = {}
    groups: list[dict] = []   # open subtotal rows of the current province block
    block_plate: object = object()

    def close_groups(upto_level: str | None = None) -> None:
        # close every open group (or the letter groups only)
        keep = []
        for g in groups:
            if upto_level == "letter" and g["roman"]:
                keep.append(g)
                continue
            rel.check("subtotal", g["r"], scol, f"{g['province']} / {g['label']}", year, g["printed"], g["sum"], g["n"])
        groups[:] = keep

    last_c = max(mcols + ([tcol] if tcol is not None else []))
    for r in range(h + 1, len(sh.rows)):
        row = sh.rows[r]
        ptext, label = sh.cell(r, pcol), sh.cell(r, scol)
        vals = [rel.number(sh, r, c) for c in mcols]
        extra = [c for c in range(last_c + 1, len(row)) if is_number(row[c])]
        if all(math.isnan(v) for v in vals) and is_empty(ptext) and is_empty(label) and not extra:
            continue
        usd = math.fsum(v for v in vals if not math.isnan(v))
        printed_row = rel.number(sh, r, tcol) if tcol is not None else math.nan
        if tcol is None and extra:
            printed_row = parse_tr_number(row[extra[-1]]) * rel.unit
            tc = extra[-1]
        else:
            tc = tcol
        if is_empty(ptext) and is_empty(label):
            # grand-total row (2010, 2011): months and, where printed, the total
            close_groups()
            rel.grand_totals[year] = (usd, r, mcols[0])
            if not math.isnan(printed_row):
                rel.check("row total", r, tc, "grand total: months vs total", year, printed_row, usd, 12)
            continue
        if not math.isnan(printed_row):
            rec = rel.check("row total", r, tc, f"{ptext} / {str(label).strip()}: months vs total", year,
                            printed_row, usd, 12)
            if rec["status"] == "match":
                rel.checks.pop()  # keep the record short: only mismatched row totals are listed
        if not isinstance(label, str) or is_empty(label):
            raise rel.err(r, scol, "a blank sector label on a row with values:", label,
                          "a TİM sector label (monthly files print no blank sectors)")
        if is_empty(ptext):
            plate = None
        else:
            plate = _province(ptext)
            if plate is None:
                raise _province_error(rel, r, pcol, ptext)
        if plate != block_plate:
            close_groups()
            block_plate = plate
        m = _GROUP.match(label)
        if m:
            roman = bool(re.fullmatch(r"[IVX]+", m.group("level")))
            close_groups(None if roman else "letter")
            groups.append({"r": r, "label": label.strip(), "roman": roman, "printed": usd, "sum": 0.0, "n": 0,
                           "province": ptext.strip() if isinstance(ptext, str) and ptext.strip() else "(no province)"})
            continue
        if sector_code(label) is None:
            raise _unknown_label(rel.file, rel.sheet, r, scol, label)
        for g in groups:
            g["sum"] += usd
            g["n"] += 1
        if plate is None:
            rel.unassigned[year] = rel.unassigned.get(year, 0.0) + usd
            continue
        _add_leaf(rel, seen, plate, year, label.strip(), usd, r, scol)
    close_groups()
    return rel


# -- province blocks: 2012–2014 --------------------------------------------------------------

def _read_blocks(path: Path, sh: Sheet, h: int) -> Release:
    header = sh.rows[h]
    annual = {c: years_in(v)[0] for c, v in enumerate(header)
              if isinstance(v, str) and has_words(v, ["ocak"]) and len(years_in(v)) == 1}
    first = min(c for c, v in enumerate(header) if isinstance(v, str) and years_in(v))  # first period column
    above = [v for r in range(h + 1) for v in sh.rows[r]]
    rel = Release(path, sh.name, "blocks", max(annual.values()), _unit(above))
    label_cols = list(range(first))
    # the province column: the label column whose cells most often name a province
    scores = {c: sum(_province(sh.cell(r, c)) is not None for r in range(h + 1, min(len(sh.rows), h + 400)))
              for c in label_cols}
    pcol = max(scores, key=lambda c: scores[c]) if scores else None
    if pcol is None or scores[pcol] == 0:
        raise LayoutError(f"{where(path.name, sh.name, h)}: a TİM table with period columns "
                          f"{[header[c] for c in annual]} but no column of province names left of them; expected "
                          "province names (ADANA, K.MARAŞ …) in a label column")
    others = [c for c in label_cols if c != pcol]
    scol = max(others, key=lambda c: sum(isinstance(sh.cell(r, c), str) and not is_empty(sh.cell(r, c))
                                         for r in range(h + 1, min(len(sh.rows), h + 400)))) if others else pcol
    seen: dict = {}
    plate: int | None = None
    for r in range(h + 1, len(sh.rows)):
        label, ptext = sh.cell(r, scol), sh.cell(r, pcol)
        vals = {c: rel.number(sh, r, c) for c in annual}
        if all(math.isnan(v) for v in vals.values()) and is_empty(label) and is_empty(ptext):
            continue
        if isinstance(label, str) and fold(label) == "genel toplam" or (
                isinstance(ptext, str) and fold(ptext) == "genel toplam"):
            for c, y in annual.items():
                rel.grand_totals[y] = (vals[c], r, c)
            continue
        if scol == pcol:
            p = _province(label)
            is_total = p is not None
            lab = "" if is_empty(label) or is_total else label
        else:
            if is_empty(ptext):
                raise rel.err(r, pcol, "no province on a row with values:", ptext, "a province name")
            p = _province(ptext)
            if p is None:
                raise _province_error(rel, r, pcol, ptext)
            is_total = p != plate and is_empty(label)
            lab = "" if is_empty(label) else label
        if is_total:
            plate = p
            for c, y in annual.items():
                if (plate, y) in rel.province_totals:
                    r0 = rel.province_totals[(plate, y)][1]
                    raise rel.err(r, pcol, "a province printed twice:", ptext if scol != pcol else label,
                                  f"each province once (also at row {r0 + 1})")
                rel.province_totals[(plate, y)] = (vals[c], r, c)
            continue
        if scol != pcol and p != plate:
            plate = p  # a province without a total row: its sectors are read, no total check
        if plate is None:
            raise rel.err(r, scol, "a sector row before any province:", label, "a province total row above it")
        if lab and sector_code(lab) is None:
            raise _unknown_label(rel.file, rel.sheet, r, scol, lab)
        for c, y in annual.items():
            if not math.isnan(vals[c]):
                _add_leaf(rel, seen, plate, y, str(lab).strip(), vals[c], r, c)
    return rel


# -- sector × province rows: 2015–2023 -------------------------------------------------------

def _read_rows(path: Path, sh: Sheet, h: int) -> Release:
    header = sh.rows[h]
    scol = next(c for c, v in enumerate(header) if isinstance(v, str) and fold(v) in _SECTOR_HEADERS)
    pcol = next(c for c, v in enumerate(header) if isinstance(v, str) and fold(v) in _PROVINCE_HEADERS)
    prow = next((r for r in range(h - 1, max(-1, h - 4), -1)
                 if any(has_words(v, ["ocak"]) for v in sh.rows[r])), None)
    if prow is None:
        raise LayoutError(f"{where(path.name, sh.name, h)}: no row of period labels above the header; expected a "
                          "period '1 OCAK - 31 ARALIK' (Jan–Dec) over the year columns")
    periods = [(c, v) for c, v in enumerate(sh.rows[prow]) if not is_empty(v)]
    annual_at = [i for i, (c, v) in enumerate(periods) if has_words(v, ["ocak"]) and has_words(v, ["aralik"])]
    cumulative = [i for i, (c, v) in enumerate(periods) if has_words(v, ["ocak"])]
    if not annual_at and not cumulative:
        raise cell_error(path.name, sh.name, prow, periods[0][0] if periods else 0,
                         "no Jan–Dec period among the period labels", [v for _c, v in periods],
                         "a label such as '1 OCAK - 31 ARALIK'")
    i = (annual_at or cumulative)[0]
    start = periods[i][0]
    stop = periods[i + 1][0] if i + 1 < len(periods) else len(header)
    annual: dict[int, int] = {}
    for c in range(start, stop):
        v = header[c]
        y = int(v) if is_number(v) and float(v).is_integer() else (years_in(v)[0] if isinstance(v, str)
                                                                   and len(years_in(v)) == 1 else None)
        if y is not None:
            annual[c] = y
    if not annual:
        raise cell_error(path.name, sh.name, h, start, "no year column under the Jan–Dec period:", header[start],
                         "year columns such as 2022, 2023")
    above = [v for r in range(h + 1) for v in sh.rows[r]]
    rel = Release(path, sh.name, "rows", max(annual.values()), _unit(above), period=" ".join(str(periods[i][1]).split()))
    if not annual_at:
        # e.g. the file named 2017-12 is TİM's November release (title 30.11.2017, '1 OCAK - 30 KASıM'):
        # a part of the year is not the year; nothing is taken from it.
        rel.partial = True
        return rel
    seen: dict = {}
    for r in range(h + 1, len(sh.rows)):
        label, ptext = sh.cell(r, scol), sh.cell(r, pcol)
        vals = {c: rel.number(sh, r, c) for c in annual}
        empty_vals = all(math.isnan(v) for v in vals.values())
        if empty_vals and is_empty(ptext) and (is_empty(label) or fold(label) == "toplam"):
            continue
        if isinstance(label, str) and fold(label) in ("toplam", "genel toplam"):
            if is_empty(ptext):
                for c, y in annual.items():
                    rel.grand_totals[y] = (vals[c], r, c)
                continue
            plate = _province(ptext)
            if plate is None:
                raise _province_error(rel, r, pcol, ptext)
            for c, y in annual.items():
                rel.province_totals[(plate, y)] = (vals[c], r, c)
            continue
        if is_empty(ptext):
            raise rel.err(r, pcol, "no province on a row with values:", ptext, "a province name")
        plate = _province(ptext)
        if plate is None:
            raise _province_error(rel, r, pcol, ptext)
        lab = "" if is_empty(label) else str(label).strip()
        if lab and sector_code(lab) is None:
            raise _unknown_label(rel.file, rel.sheet, r, scol, label)
        for c, y in annual.items():
            if not math.isnan(vals[c]):
                _add_leaf(rel, seen, plate, y, lab, vals[c], r, c)
    return rel


# -- checks of one release -------------------------------------------------------------------

def _check_release(rel: Release) -> None:
    """Province totals and grand totals against their leaves (recorded in ``rel.checks``)."""
    by_py: dict[tuple[int, int], list[float]] = defaultdict(list)
    for leaf in rel.leaves:
        by_py[(leaf.plate, leaf.year)].append(leaf.usd)
    for (plate, year), (printed, r, c) in rel.province_totals.items():
        vals = by_py.get((plate, year), [])
        rel.check("province total", r, c, provinces.name(plate), year, printed, math.fsum(vals), len(vals))
    for year, (printed, r, c) in rel.grand_totals.items():
        if math.isnan(printed):
            continue
        plates = {p for p, y in by_py if y == year} | {p for p, y in rel.province_totals if y == year}
        total = math.fsum(rel.province_totals[(p, year)][0] if (p, year) in rel.province_totals
                          else math.fsum(by_py[(p, year)]) for p in plates) + rel.unassigned.get(year, 0.0)
        rec = rel.check("grand total", r, c, "all provinces", year, printed, total, len(plates))
        if rec["status"] == "mismatch":
            warnings.warn(f"{rel.file}: the printed grand total of {year} ({where(rel.file, rel.sheet, r, c)}) is "
                          f"{printed:,.0f} USD, the provinces sum to {total:,.0f} USD", TIMWarning, stacklevel=3)
    bad = [k for k in rel.checks if k["status"] == "mismatch" and k["kind"] in ("subtotal", "row total")]
    if bad:
        shown = "; ".join(f"{k['cell']} {k['what']}: printed {k['printed']:,.0f}, leaves {k['sum_of_leaves']:,.0f}"
                          for k in bad[:3])
        warnings.warn(f"{rel.file}: {len(bad)} printed subtotal(s) do not match their leaves: {shown}", TIMWarning,
                      stacklevel=3)
    for year, usd in rel.unassigned.items():
        warnings.warn(f"{rel.file}: {usd:,.0f} USD of {year} are printed in a block without a province; they enter "
                      "the total checks but no province's rows", TIMWarning, stacklevel=3)


# --------------------------------------------------------------------------------------------
# From releases to the table
# --------------------------------------------------------------------------------------------

def _province_total(rel: Release, plate: int, year: int, leaves: list[Leaf]) -> float:
    if (plate, year) in rel.province_totals:
        return rel.province_totals[(plate, year)][0]
    return math.fsum(leaf.usd for leaf in leaves)


def _rows_of(rel: Release, plate: int, year: int, leaves: list[Leaf]) -> list[dict]:
    out = []
    for leaf in leaves:
        code = sector_code(leaf.label) if leaf.label else BLANK_LABEL
        out.append({"plate": plate, "year": year, "sector": code, "sector_label": leaf.label, "export_usd": leaf.usd,
                    "not_itemised": not leaf.label, "source_file": rel.file})
    if (plate, year) in rel.province_totals:
        printed = rel.province_totals[(plate, year)][0]
        diff = printed - math.fsum(leaf.usd for leaf in leaves)
        if abs(diff) > rel.tolerance(len(leaves)) + 1e-9 * abs(printed):
            out.append({"plate": plate, "year": year, "sector": NOT_ITEMISED, "sector_label": "", "export_usd": diff,
                        "not_itemised": True, "source_file": rel.file})
    return out


def _blank_share(rel: Release, year: int) -> float:
    """The share of a year's exports a release prints on rows with a blank sector label."""
    total = math.fsum(leaf.usd for leaf in rel.leaves if leaf.year == year)
    blank = math.fsum(leaf.usd for leaf in rel.leaves if leaf.year == year and not leaf.label)
    return blank / total if total else 0.0


def choose_releases(releases: Sequence[Release]) -> dict[int, Release]:
    """The one release each year comes from (for all provinces): the **latest full-year release
    that covers the year** and itemises it by sector, i.e. prints at most :data:`MAX_BLANK_SHARE`
    of the year on rows with a blank sector label; when no release does, the latest one.

    A partial release (the November file named ``2017-12-…``) covers nothing. So 2011 comes from
    the 2012 release (already in TİM's 2012 classification), 2012 from the 2012 release (the 2013
    release prints 0.47 bn USD of 2012 on blank-label rows, mostly Çimento Cam Seramik), 2013 from
    the 2014 release, …, 2018 from the 2019 release, 2022 and 2023 from the 2023 release.
    """
    full = [r for r in releases if not r.partial]
    out: dict[int, Release] = {}
    for year in sorted({y for r in full for y in r.years}):
        carriers = sorted((r for r in full if year in r.years), key=lambda r: r.own_year)
        itemised = [r for r in carriers if _blank_share(r, year) <= MAX_BLANK_SHARE]
        out[year] = (itemised or carriers)[-1]
    return out


def combine(releases: Sequence[Release]) -> pd.DataFrame:
    """The ``exports_tim`` table from several releases: each year from **one** release for all
    provinces (:func:`choose_releases`), so national totals never mix releases. The other releases
    that print the year are cross-checked against it: a province whose total differs beyond
    rounding is listed in ``attrs["revisions"]`` (the chosen release is kept); a province absent
    from the chosen release stays missing (``attrs["absent"]``), also where another release prints
    it. Years in TİM's classification before 2012 get the rows of the 2012 reclassification bridge
    (:mod:`helpers.sources.tim_bridge`)."""
    full = [r for r in releases if not r.partial]
    own: dict[int, Release] = {}
    for r in full:
        if r.own_year in own:
            raise TIMError(f"two TİM releases for {r.own_year}: {own[r.own_year].file} and {r.file}; expected one "
                           f"December release per year — remove one of them from {r.path.parent}")
        own[r.own_year] = r
    by: dict[tuple[str, int, int], list[Leaf]] = defaultdict(list)
    for r in full:
        for leaf in r.leaves:
            by[(r.file, leaf.plate, leaf.year)].append(leaf)

    def has(rel: Release, plate: int, year: int) -> bool:
        return (rel.file, plate, year) in by or (plate, year) in rel.province_totals

    chosen = choose_releases(full)
    name = functools.cache(provinces.name)
    rows, revisions, absent = [], [], []
    for year, base in chosen.items():
        carriers = [r for r in full if year in r.years and r is not base]
        plates = sorted({p for r in [base, *carriers] for (f, p, y) in by if f == r.file and y == year}
                        | {p for r in [base, *carriers] for (p, y) in r.province_totals if y == year})
        for plate in plates:
            if not has(base, plate, year):
                others = {r.file: _province_total(r, plate, year, by[(r.file, plate, year)])
                          for r in carriers if has(r, plate, year)}
                absent.append({"year": year, "plate": plate, "province": name(plate),
                               "absent_from": base.file, "printed_in": others})
                continue
            leaves = by[(base.file, plate, year)]
            a = _province_total(base, plate, year, leaves)
            own_rel = own.get(year)
            if abs(a) <= base.tolerance(len(leaves)) and own_rel is not None and own_rel is not base \
                    and not has(own_rel, plate, year):
                # absent from the year's own release, printed as zero by a later one: missing, not zero
                absent.append({"year": year, "plate": plate, "province": name(plate),
                               "absent_from": own_rel.file, "printed_in": {base.file: a}})
                continue
            for other in carriers:
                if not has(other, plate, year):
                    continue
                b = _province_total(other, plate, year, by[(other.file, plate, year)])
                tol = base.tolerance(len(leaves)) + other.tolerance(len(by[(other.file, plate, year)])) + 1e-9 * abs(a)
                if abs(b - a) > tol:
                    revisions.append({"year": year, "plate": plate, "province": name(plate),
                                      "chosen_file": base.file, "chosen_usd": a, "other_file": other.file,
                                      "other_usd": b, "difference": b - a})
            rows += _rows_of(base, plate, year, leaves)
    missing = [a for a in absent if any(abs(v) > 1e3 for v in a["printed_in"].values())]
    if missing:
        warnings.warn("TİM: province-years absent from the release their year comes from but printed by another "
                      "release stay missing: " + "; ".join(f"{a['province']} {a['year']}" for a in missing),
                      TIMWarning, stacklevel=2)
    if revisions:
        warnings.warn(f"TİM: {len(revisions)} province-year total(s) are printed differently by another release than "
                      "by the one release their year comes from (the year's release is kept, so every year's "
                      "provinces come from one release); listed in attrs['revisions']", TIMWarning, stacklevel=2)
    df = pd.DataFrame(rows, columns=COLUMNS[:-1])
    df["is_sample"] = False
    from helpers.sources import tim_bridge

    df, bridges = tim_bridge.apply(df, full, chosen)
    df = _finish(df)
    df.attrs["revisions"] = revisions
    df.attrs["absent"] = absent
    df.attrs["year_sources"] = {int(y): r.file for y, r in chosen.items()}
    df.attrs["bridges"] = bridges
    df.attrs["checks"] = [k for r in releases for k in r.checks]
    df.attrs["partial_files"] = {r.file: r.period for r in releases if r.partial}
    return df


def year_sources(df: pd.DataFrame) -> dict[int, str]:
    """The release each year of an ``exports_tim`` table comes from (its printed rows' ``source_file``;
    bridge rows are left out), for reports to cite."""
    printed = df[~df["source_file"].str.startswith(BRIDGE_PREFIX)]
    return {int(y): str(f) for y, f in printed.groupby("year")["source_file"].first().items()}


BLANK_LABEL = "T99"


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    df = df[COLUMNS].astype({"plate": "int64", "year": "int64", "sector": "str", "sector_label": "str",
                             "export_usd": "float64", "not_itemised": "bool", "source_file": "str",
                             "is_sample": "bool"})
    return df.sort_values(["year", "plate", "sector", "sector_label"], kind="stable").reset_index(drop=True)


def read_exports(files: Sequence[Path]) -> pd.DataFrame:
    """Read every TİM workbook and combine them (:func:`combine`) into the ``exports_tim`` table."""
    return combine([read_release(f) for f in files])


def quality_report(files: Sequence[Path] | None = None) -> dict[str, Any]:
    """What the reader checked and decided, as tables (the processed table does not carry them).

    Returns
    -------
    dict
        ``checks`` (every printed subtotal/total against its leaves: file, sheet, cell, kind, what,
        year, printed, sum_of_leaves, difference, status), ``revisions`` (province-years another
        release prints with a different total than the one release the year comes from),
        ``absent`` (provinces absent from the release a year comes from), ``year_sources`` (the
        release each year comes from), ``bridges`` (USD moved by each classification bridge and
        year) and ``partial_files``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TIMWarning)
        df = read_exports(list(files) if files is not None else excel_files(paths.RAW_TIM))
    return {"checks": pd.DataFrame(df.attrs["checks"]), "revisions": pd.DataFrame(df.attrs["revisions"]),
            "absent": pd.DataFrame(df.attrs["absent"]), "year_sources": df.attrs["year_sources"],
            "bridges": pd.DataFrame(df.attrs["bridges"]),
            "partial_files": df.attrs["partial_files"]}


def _table(files: Sequence[Path]) -> pd.DataFrame:
    """The pipeline's read step: :func:`read_exports` without the (large) ``attrs``, which pandas
    would deep-copy on every operation of the validation (the warnings have said what they hold)."""
    df = read_exports(files)
    df.attrs = {}
    return df


# --------------------------------------------------------------------------------------------
# Mapping to NACE (for joining with SGK employment)
# --------------------------------------------------------------------------------------------

def tim_to_nace(df: pd.DataFrame, aggregate: bool = True) -> pd.DataFrame:
    """Map ``exports_tim`` rows to NACE Rev.2 divisions through ``tim_sectors.csv`` (``nace_divisions``).

    A sector mapped to several divisions is split **equally** among them (a warning names them); the
    not-itemised rows (T00, T99) have no division and are left out (warned). Missing stays missing.

    Parameters
    ----------
    df
        Rows with plate, year, sector, export_usd (the ``exports_tim`` table).
    aggregate
        True: one row per (plate, year, nace_division) with the summed ``export_usd``. False: one
        row per (plate, year, sector, nace_division) with the ``share`` used.
    """
    ref = sector_nace()
    unknown = sorted(set(df["sector"]) - set(sector_table()["code"]))
    if unknown:
        raise ValueError(f"tim_to_nace: sector code(s) {unknown} are not in {paths.TIM_SECTORS_CSV}")
    ref = ref.assign(share=1.0 / ref.groupby("sector")["nace_division"].transform("size"))
    split = sorted(ref.loc[ref["share"] < 1, "sector"].unique())
    present = [s for s in split if s in set(df["sector"])]
    if present:
        warnings.warn(f"tim_to_nace: {len(present)} TİM sector(s) map to several NACE divisions and are split "
                      f"equally: {', '.join(present)}", TIMWarning, stacklevel=2)
    dropped = df[~df["sector"].isin(ref["sector"])]
    if len(dropped):
        warnings.warn(f"tim_to_nace: {len(dropped)} not-itemised row(s) ({dropped['export_usd'].sum() / 1e9:,.2f} bn "
                      "USD) have no NACE division and are left out", TIMWarning, stacklevel=2)
    out = df.merge(ref, on="sector", how="inner", validate="many_to_many")
    out["export_usd"] = out["export_usd"] * out["share"]
    if not aggregate:
        return out[["plate", "year", "sector", "nace_division", "share", "export_usd"]].reset_index(drop=True)
    return (out.groupby(["plate", "year", "nace_division"], as_index=False)["export_usd"].sum(min_count=1)
            .sort_values(["plate", "year", "nace_division"]).reset_index(drop=True))


# --------------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------------

def accept(files: Sequence[Path]) -> list[Path]:
    """The workbooks to read. A file without a provenance sidecar is refused, never given one (the
    workbook writes nothing under ``data/raw/``): a workbook without a TİM layout with a
    :class:`LayoutError` naming it; a TİM release a user added with
    :class:`helpers.provenance.UserFileRefused` (write its sidecar from the template); a shipped one
    whose sidecar was deleted with :class:`helpers.provenance.ProvenanceError` (``git checkout``)."""
    out = []
    for f in map(Path, files):
        if not provenance.sidecar_path(f).exists():
            sheets = read_workbook(f)
            if not any(_detect(sh) for sh in sheets):
                raise LayoutError(f"{f.name}: in {f.parent} but not a TİM release (searched sheets "
                                  f"{', '.join(repr(s.name) for s in sheets)}); expected one of the TİM layouts: "
                                  f"{_LAYOUTS} — move the file out of the folder")
            provenance.check_input(f)  # raises: a sidecar is the user's to write
        out.append(f)
    return out


def _inputs() -> list[Path]:
    return accept(excel_files(paths.RAW_TIM))


def _codes() -> list[str]:
    return list(sector_table()["code"])


SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column("int64", pa.Check.in_range(1, 81)),
        "year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "sector": pa.Column(str, pa.Check(lambda s: s.isin(_codes()), error="a code of data/reference/tim_sectors.csv")),
        "sector_label": pa.Column(str),
        # USD; only the not-itemised difference rows (T00) may be negative (a province printing a
        # total below the sum of its sectors)
        "export_usd": pa.Column("float64", nullable=False),
        "not_itemised": pa.Column(bool),
        "source_file": pa.Column(str),
        "is_sample": pa.Column(bool, pa.Check.isin([False])),
    },
    checks=[pa.Check(lambda d: (d["export_usd"] >= 0) | (d["sector"] == NOT_ITEMISED)
                     | d["source_file"].str.startswith(BRIDGE_PREFIX),
                     error="export_usd ≥ 0 except on not-itemised difference rows (T00) and bridge rows")],
    unique=["plate", "year", "sector", "sector_label"],
    strict=True,
    name="exports_tim",
)

TABLES = [
    pipeline.TableSpec(
        name="exports_tim",
        source="TİM iller bazında sektör ihracat rakamları (exports by exporter's province and TİM sector)",
        description="Exports (USD) by the exporter's registered province, year, harmonised TİM sector and printed "
                    "label, 2006 and 2010–2023, from TİM's December releases in data/raw/tim/",
        inputs=_inputs,
        read=_table,
        schema=SCHEMA,
        optional=False,
        version="4",
        tags=("exports", "tim"),
    )
]
