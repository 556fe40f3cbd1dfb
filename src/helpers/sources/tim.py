"""Reader for TİM (Türkiye İhracatçılar Meclisi) exports by province and sector, *"il bazında
sektörel ihracat"* (USD), and the TİM sector → NACE division mapping.

TİM publishes the table on tim.org.tr (İhracat Rakamları → il bazında sektörel ihracat) as Excel.
The reader finds the header by its words, in whatever sheet and row it is:

* **wide**: provinces as rows, one column per TİM sector (plus totals and TİM's aggregates
  TARIM / SANAYİ / MADENCİLİK and their sub-groups); the year from the title rows, then the sheet
  name, then the file name;
* **long**: one row per province × sector (the province written once per block or on every row),
  with year columns ("2023", "Ocak-Aralık 2023") or with year (and month) columns and a value
  column ("İhracat ($)", "Değer"); months are summed to years (partial years are warned).
  "Değişim (%)" and "Pay (%)" columns are ignored.

Sector names are matched through ``data/reference/tim_sector_nace.csv`` (names and aliases, Turkish
folding); provinces by name through :func:`helpers.provinces.resolve`. Totals and TİM's aggregates
are checked against their leaves (mismatches warned and listed in ``df.attrs["total_checks"]``)
and dropped; rows of exports not attributed to a sector ("İhracatçı Birlikleri Kaydından Muaf
İhracat", "Serbest Bölgeler", "Antrepo") enter the total checks and are then dropped (warned).
Values are USD; a header or title saying "(Bin $)" or "(Milyon $)" scales them. Blank and
suppressed cells are NaN, never zero. Province here is the exporter's registered province (firm
headquarters), not where the goods were made: İstanbul's share is inflated.

Output table ``exports_tim``: :data:`COLUMNS`, unique by (plate, year, tim_sector). It is optional:
without files in ``data/raw/tim/`` the pipeline reports it "absent". :func:`tim_to_nace` maps the
exports to NACE divisions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from helpers import nace, paths, pipeline, provenance
from helpers.sources.sgk import (
    Sheet, as_province, cell_error, cell_ref, excel_files, is_empty, is_footnote, is_number, read_workbook, years_in,
)
from helpers.sources.tuik import parse_tr_number, where
from helpers.textnorm import compact, fold, turkish_lower

COLUMNS = ["plate", "year", "tim_sector", "export_usd", "source_file"]
PRODUCER = "TİM (Türkiye İhracatçılar Meclisi)"
TIM_URL = "https://tim.org.tr (İhracat Rakamları → il bazında sektörel ihracat)"
FIRST_YEAR, LAST_YEAR = 2000, 2030
#: A printed total matches when it is within this many units of the table (or 1e-6 relative).
TOTAL_TOLERANCE = 1.0
MAX_HEADER_ROW = 40
_ALL, _UNALLOCATED = ("all",), ("x",)
_ENUMERATOR = re.compile(r"^\s*(?:[IVX]+|[A-Z])\s*[.)\-–]\s+")
_MONTHS = ("ocak", "subat", "mart", "nisan", "mayis", "haziran", "temmuz", "agustos", "eylul", "ekim",
           "kasim", "aralik")


class TIMWarning(UserWarning):
    """A silent decision of the TİM reader (dropped rows, partial years, equal splits, totals)."""


# --------------------------------------------------------------------------------------------
# The sector reference
# --------------------------------------------------------------------------------------------

@functools.cache
def sector_table() -> pd.DataFrame:
    """``data/reference/tim_sector_nace.csv``: tim_sector, tim_group, tim_subgroup, nace_division,
    weight (NaN = equal split), aliases, note — one row per (sector, division)."""
    df = pd.read_csv(paths.TIM_NACE_CSV, comment="#", dtype=str, keep_default_na=False)
    df["nace_division"] = df["nace_division"].map(nace.normalise_division)
    df["weight"] = pd.to_numeric(df["weight"].replace("", None), errors="raise").astype("float64")
    return df


def sectors() -> list[str]:
    """The TİM sectors, in the order of the reference table."""
    return list(dict.fromkeys(sector_table()["tim_sector"]))


@functools.cache
def _sector_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in sector_table().itertuples(index=False):
        for name in [row.tim_sector, *[a for a in row.aliases.split("|") if a.strip()]]:
            key = compact(name)
            if out.get(key, row.tim_sector) != row.tim_sector:
                raise ValueError(f"{paths.TIM_NACE_CSV}: {name!r} names two sectors ({out[key]}, {row.tim_sector})")
            out[key] = row.tim_sector
    return out


@functools.cache
def _group_members() -> dict[str, frozenset[str]]:
    t = sector_table()
    out: dict[str, set[str]] = defaultdict(set)
    for col in ("tim_group", "tim_subgroup"):
        for g, s in zip(t[col], t["tim_sector"]):
            out[compact(g)].add(s)
    return {k: frozenset(v) for k, v in out.items()}


def as_sector(value: Any) -> tuple | None:
    """``("sector", name)``, ``("group", key)`` for TİM's aggregates (TARIM, "B. Hayvansal Ürünler"…),
    ``("all",)`` for a total, ``("x",)`` for exports not attributed to a sector, else None.
    A label with an enumerator ("II.", "B.") is read as an aggregate first."""
    if is_empty(value) or not isinstance(value, str):
        return None
    text = value.strip()
    f = fold(text)
    if f in ("toplam", "genel toplam", "toplam ihracat", "ihracat toplami", "turkiye", "turkiye toplami",
             "total") or f.startswith(("genel toplam", "toplam ")):
        return _ALL
    enumerated = bool(_ENUMERATOR.match(text))
    key = compact(_ENUMERATOR.sub("", text))
    if enumerated and key in _group_members():
        return ("group", key)
    if key in _sector_keys():
        return ("sector", _sector_keys()[key])
    if key in _group_members():
        return ("group", key)
    if any(w in f for w in ("muaf", "serbest bolge", "antrepo")):
        return _UNALLOCATED
    return None


def _sector_expectation(value: Any) -> str:
    close = difflib.get_close_matches(compact(value), list(_sector_keys()), n=3, cutoff=0.6)
    names = list(dict.fromkeys(_sector_keys()[k] for k in close))
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    return ("one of the TİM sectors of data/reference/tim_sector_nace.csv (add a new spelling to its aliases "
            f"column), 'Toplam', or a TİM aggregate (TARIM, SANAYİ, MADENCİLİK){hint}")


def _unit_factor(texts: Sequence[str]) -> float:
    t = " ".join(turkish_lower(str(x)) for x in texts)
    if re.search(r"milyon\s*(\$|usd|abd doları|dolar)", t):
        return 1e6
    if re.search(r"(bin|1\.?000|000)\s*(\$|usd|abd doları|dolar)", t):
        return 1e3
    return 1.0


def _is_province_header(value: Any) -> bool:
    return isinstance(value, str) and fold(value) in ("il", "iller", "il adi", "ilin adi", "ihracatci il",
                                                      "province", "il bazinda")


# --------------------------------------------------------------------------------------------
# Reading one workbook
# --------------------------------------------------------------------------------------------

def _find_header(sheet: Sheet) -> tuple[int, str] | None:
    for r, row in enumerate(sheet.rows[:MAX_HEADER_ROW]):
        kinds = [as_sector(v) for v in row]
        if sum(k is not None and k[0] in ("sector", "group") for k in kinds) >= 3:
            return r, "wide"
        folded = [fold(v) for v in row if isinstance(v, str)]
        if any(f.startswith("sektor") for f in folded) and any(_is_province_header(v) for v in row):
            return r, "long"
    return None


class _Reader:
    def __init__(self, path: Path, sheet: Sheet, h: int):
        self.path, self.file, self.sheet, self.h = path, path.name, sheet, h
        self.leaves: dict = {}   # (plate|"x", sector|"x", year) -> [value, r, c, label]
        self.months: dict = defaultdict(set)  # year -> months seen (long layout with a month column)
        self.totals: list = []   # (pkey, skey, year, value, r, c, ptext, stext)
        self.partial: list[str] = []
        above = [v for r in range(h) for v in sheet.rows[r] if isinstance(v, str)]
        self.factor = _unit_factor(above + [v for v in sheet.rows[h] if isinstance(v, str)])

    def err(self, r: int, c: int, problem: str, value: Any, expected: str) -> ValueError:
        return cell_error(self.file, self.sheet.name, r, c, problem, value, expected)

    def number(self, r: int, c: int) -> float:
        v = self.sheet.cell(r, c)
        try:
            return parse_tr_number(v) * self.factor
        except ValueError:
            raise self.err(r, c, "not a number:", v, "an export value in USD (e.g. 1234567 or '1.234.567'), "
                           "or '-', '..', '*' or a blank") from None

    def year_of_table(self) -> int:
        sources = [("title", [v for r in range(self.h) for v in self.sheet.rows[r] if isinstance(v, str)]),
                   ("sheet name", [self.sheet.name]), ("file name", [self.path.stem])]
        for source, texts in sources:
            found = list(dict.fromkeys(y for t in texts for y in years_in(t)))
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise ValueError(f"{where(self.file, self.sheet.name, self.h, 0)}: the {source} names several years "
                                 f"{found}; expected one year per table (or year columns in a long table)")
        raise ValueError(f"{where(self.file, self.sheet.name, self.h, 0)}: no year in the title, the sheet name or "
                         "the file name; expected a year (or year columns) — rename the file to include the year")

    def add(self, plate_key, sector_key, year: int, value: float, r: int, c: int, ptext: str, stext: str,
            month: int | None = None) -> None:
        p_leaf = isinstance(plate_key, int) or plate_key == _UNALLOCATED
        s_leaf = sector_key[0] == "sector" or sector_key == _UNALLOCATED
        if not (p_leaf and s_leaf):
            if month is None:
                self.totals.append((plate_key, sector_key, year, value, r, c, ptext, stext))
            return
        key = (plate_key if isinstance(plate_key, int) else "x",
               sector_key[1] if sector_key[0] == "sector" else "x", year)
        if month is not None:
            self.months[year].add(month)
        if key in self.leaves:
            old = self.leaves[key]
            if month is None or month in old[4]:
                raise self.err(r, c, f"duplicated province × sector for {year}:", f"{ptext} / {stext}",
                               f"each province and sector once per period (also at {cell_ref(old[1], old[2])})")
            if not math.isnan(value):
                old[0] = value if math.isnan(old[0]) else old[0] + value
            old[4].add(month)
            return
        self.leaves[key] = [value, r, c, f"{ptext} / {stext}", {month}]

    def province_col(self, cols: list[int], r0: int) -> int:
        best, score_best = None, 0
        for c in cols:
            score = sum(isinstance(as_province(self.sheet.cell(r, c)), int)
                        for r in range(r0, min(len(self.sheet.rows), r0 + 300)))
            if score > score_best:
                best, score_best = c, score
        if best is None:
            raise ValueError(f"{where(self.file, self.sheet.name, self.h, 0)}: the TİM header was found but no "
                             "column of province names; expected the provinces in a column left of the sectors")
        return best

    def province_of(self, r: int, c: int, has_values: bool):
        v = self.sheet.cell(r, c)
        key = as_province(v)
        if key is None and has_values and not is_empty(v) and not is_number(v):
            raise self.err(r, c, "unknown province", str(v).strip(),
                           "one of the 81 province names, or 'Toplam' (add new spellings to "
                           "data/reference/province_variants.csv)")
        return key

    # -- wide: provinces × sectors ---------------------------------------------------------
    def read_wide(self) -> None:
        sh, h = self.sheet, self.h
        header = sh.rows[h]
        cols: dict[int, tuple] = {}
        first = None
        for c, v in enumerate(header):
            k = as_sector(v)
            if k is not None:
                cols[c] = k
                first = c if first is None else first
        for c, v in enumerate(header):
            if c > first and c not in cols and isinstance(v, str) and v.strip():
                f = fold(v)
                if "degisim" in f or "pay" in f.split() or "%" in v or f in ("sira", "sira no"):
                    continue
                raise self.err(h, c, "unknown TİM sector", v.strip(), _sector_expectation(v))
        seen: dict[tuple, int] = {}
        for c, k in cols.items():
            if k[0] == "sector" and k in seen:
                raise self.err(h, c, "duplicated sector", header[c],
                               f"each sector once (also at {cell_ref(h, seen[k])})")
            seen.setdefault(k, c)
        pcol = self.province_col(list(range(first)), h + 1)
        year = self.year_of_table()
        started = False
        for r in range(h + 1, len(sh.rows)):
            row = sh.rows[r]
            if all(is_empty(v) for v in row):
                continue
            values = {c: self.number(r, c) if not isinstance(sh.cell(r, c), str) or _numeric(sh.cell(r, c))
                      else None for c in cols}
            has_values = any(v is not None and not is_empty(sh.cell(r, c)) for c, v in values.items())
            label = sh.cell(r, pcol)
            if not has_values and is_footnote(next(v for v in row if not is_empty(v))):
                if started:
                    break
                continue
            key = self.province_of(r, pcol, has_values)
            if key is None:
                if has_values:
                    raise self.err(r, pcol, "a row of numbers with the label", label, "a province name")
                if started:
                    break
                continue
            started = True
            for c, v in values.items():
                if v is None:
                    raise self.err(r, c, "not a number:", sh.cell(r, c), "an export value in USD or a blank")
                self.add(key, cols[c], year, v, r, c, str(label).strip(), str(header[c]).strip())

    # -- long: province × sector rows -------------------------------------------------------
    def read_long(self) -> None:
        sh, h = self.sheet, self.h
        header = sh.rows[h]
        pcol = scol = ycol = mcol = vcol = None
        year_cols: dict[int, int] = {}
        for c, v in enumerate(header):
            if not isinstance(v, str) or not v.strip():
                continue
            f = fold(v)
            if _is_province_header(v):
                pcol = c
            elif f.startswith("sektor"):
                scol = c
            elif f in ("yil", "year", "yillar"):
                ycol = c
            elif f in ("ay", "month", "aylar", "donem"):
                mcol = c
            elif "degisim" in f or "pay" in f.split() or "%" in v:
                continue
            elif years_in(v):
                year_cols[c] = years_in(v)[0]
                months = [m for m in _MONTHS if m in f]
                if months and not ("ocak" in months and "aralik" in months):
                    self.partial.append(f"column {v.strip()!r} covers part of {years_in(v)[0]}")
            elif any(w in f for w in ("ihracat", "deger", "tutar", "usd", "dolar")) or "$" in v:
                vcol = c
        if pcol is None or scol is None or not (year_cols or (vcol is not None and ycol is not None)):
            raise ValueError(f"{where(self.file, self.sheet.name, h, 0)}: the TİM header is not a layout this reader "
                             "knows: expected 'İl' and 'Sektör' columns and either year columns ('2023') or "
                             f"'Yıl' and a value column ('İhracat ($)'); found {[v for v in header if not is_empty(v)]}")
        value_cols = year_cols or {vcol: None}
        last_prov, last_ptext, started = None, "", False
        for r in range(h + 1, len(sh.rows)):
            row = sh.rows[r]
            if all(is_empty(v) for v in row):
                continue
            has_values = any(not is_empty(sh.cell(r, c)) for c in value_cols)
            if not has_values and any(is_footnote(v) for v in row if not is_empty(v)):
                if started:
                    break
                continue
            if not is_empty(sh.cell(r, pcol)):
                last_prov = self.province_of(r, pcol, True)
                last_ptext = str(sh.cell(r, pcol)).strip()
            skey = as_sector(sh.cell(r, scol))
            if skey is None:
                if has_values:
                    raise self.err(r, scol, "unknown TİM sector", sh.cell(r, scol), _sector_expectation(sh.cell(r, scol)))
                if started and is_empty(sh.cell(r, pcol)):
                    break
                continue
            if last_prov is None:
                raise self.err(r, pcol, "no province for this row:", sh.cell(r, pcol), "a province name above or here")
            started = True
            month = None
            if mcol is not None:
                month = _month_of(sh.cell(r, mcol))
                if month is None:
                    raise self.err(r, mcol, "not a month:", sh.cell(r, mcol), "1–12 or a Turkish month name")
            for c, y in value_cols.items():
                year = y
                if year is None:
                    ys = years_in(sh.cell(r, ycol)) if isinstance(sh.cell(r, ycol), str) else (
                        [int(sh.cell(r, ycol))] if is_number(sh.cell(r, ycol)) else [])
                    if len(ys) != 1:
                        raise self.err(r, ycol, "not a year:", sh.cell(r, ycol), f"a year {FIRST_YEAR}–{LAST_YEAR}")
                    year = ys[0]
                self.add(last_prov, skey, year, self.number(r, c), r, c, last_ptext, str(sh.cell(r, scol)).strip(),
                         month)
        for year, months in sorted(self.months.items()):
            if len(months) < 12:
                self.partial.append(f"{year} has {len(months)} month(s) ({', '.join(map(str, sorted(months)))})")


def _numeric(v: Any) -> bool:
    try:
        parse_tr_number(v)
        return True
    except ValueError:
        return False


def _month_of(v: Any) -> int | None:
    if is_number(v) and float(v).is_integer() and 1 <= v <= 12:
        return int(v)
    f = fold(v) if isinstance(v, str) else ""
    if f.isdigit() and 1 <= int(f) <= 12:
        return int(f)
    for i, m in enumerate(_MONTHS, start=1):
        if f.startswith(m):
            return i
    return None


def _check_totals(reader: _Reader) -> list[dict]:
    by: dict[tuple, list] = defaultdict(list)
    for (p, s, y), (v, *_rest) in reader.leaves.items():
        by[y].append((p, s, v))
    groups = _group_members()
    records = []
    for pk, sk, y, printed, r, c, ptext, stext in reader.totals:
        if math.isnan(printed):
            continue
        p_ok = (lambda p: True) if pk == _ALL else (lambda p, pk=pk: p == (pk if isinstance(pk, int) else "x"))
        if sk == _ALL:
            s_ok = lambda s: True  # noqa: E731
        elif sk[0] == "group":
            s_ok = lambda s, g=groups[sk[1]]: s in g  # noqa: E731
        else:
            s_ok = lambda s, sk=sk: s == (sk[1] if sk[0] == "sector" else "x")  # noqa: E731
        vals = [v for p, s, v in by[y] if p_ok(p) and s_ok(s)]
        total = sum(v for v in vals if not math.isnan(v))
        missing = sum(math.isnan(v) for v in vals)
        diff = printed - total
        tol = max(TOTAL_TOLERANCE * reader.factor, 1e-6 * abs(printed))
        status = "match" if abs(diff) <= tol else ("incomplete" if missing and diff > 0 else "mismatch")
        records.append({"file": reader.file, "sheet": reader.sheet.name, "year": y, "cell": cell_ref(r, c),
                        "province": ptext, "sector": stext, "printed": float(printed), "sum_of_leaves": float(total),
                        "leaves": len(vals), "missing_leaves": int(missing), "difference": float(diff),
                        "status": status})
    return records


def read_tim_workbook(path: Path | str) -> pd.DataFrame:
    """Read TİM exports by province and sector (USD) from one workbook (``.xls``/``.xlsx``).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, one row per (plate, year, tim_sector); ``export_usd`` NaN where the
        cell was blank or suppressed. ``df.attrs["total_checks"]`` lists the check of every printed
        total and aggregate against its sectors (counts and mismatches).

    Raises
    ------
    ValueError
        For an empty or unreadable file, no TİM header in any sheet, an unknown or duplicated
        province or sector, or a non-numeric cell — naming file, sheet, cell, value and expectation.
    """
    path = Path(path)
    sheets = read_workbook(path)
    readers = []
    for sh in sheets:
        found = _find_header(sh)
        if found is None:
            continue
        reader = _Reader(path, sh, found[0])
        reader.read_wide() if found[1] == "wide" else reader.read_long()
        readers.append(reader)
    if not readers:
        raise ValueError(f"{path.name}: no sheet holds a TİM table of exports by province and sector (searched "
                         f"{', '.join(repr(s.name) for s in sheets)}); expected a header row naming at least three TİM "
                         "sectors, or 'İl' and 'Sektör' columns, in the first rows")
    rows, records, dropped, partial = {}, [], 0, []
    for rd in readers:
        records += _check_totals(rd)
        partial += [f"sheet {rd.sheet.name!r}: {p}" for p in rd.partial]
        for (p, s, y), (v, r, c, label, _m) in rd.leaves.items():
            if p == "x" or s == "x":
                dropped += 1
                continue
            if (p, y, s) in rows:
                raise cell_error(path.name, rd.sheet.name, r, c, "duplicated province × sector:", label,
                                 f"each province and sector once per year (also in sheet {rows[(p, y, s)][1]!r})")
            rows[(p, y, s)] = (v, rd.sheet.name)
    mism = [r for r in records if r["status"] == "mismatch"]
    if mism:
        shown = "; ".join(f"sheet {m['sheet']!r} {m['cell']} ({m['province']} / {m['sector']} {m['year']}): printed "
                          f"{m['printed']:,.0f}, sectors sum to {m['sum_of_leaves']:,.0f}" for m in mism[:5])
        warnings.warn(f"{path.name}: {len(mism)} printed total(s) do not match the sum of their sectors: {shown}",
                      TIMWarning, stacklevel=2)
    if dropped:
        warnings.warn(f"{path.name}: {dropped} value(s) not attributed to a sector (exempt exports, free zones, "
                      "bonded warehouses) were used in the total checks and dropped", TIMWarning, stacklevel=2)
    if partial:
        warnings.warn(f"{path.name}: partial years summed as they are: {'; '.join(partial)}", TIMWarning, stacklevel=2)
    df = pd.DataFrame([{"plate": p, "year": y, "tim_sector": s, "export_usd": v}
                       for (p, y, s), (v, _sheet) in rows.items()], columns=COLUMNS[:4])
    df["source_file"] = path.name
    df = _finish(df)
    status = [r["status"] for r in records]
    df.attrs["total_checks"] = {"checked": len(records), "matched": status.count("match"),
                                "incomplete": status.count("incomplete"), "mismatched": len(mism),
                                "mismatches": mism}
    return df


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    df = df[COLUMNS].astype({"plate": "int64", "year": "int64", "tim_sector": "str", "export_usd": "float64",
                             "source_file": "str"})
    return df.sort_values(["year", "plate", "tim_sector"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Mapping to NACE
# --------------------------------------------------------------------------------------------

def tim_to_nace(df: pd.DataFrame, aggregate: bool = True) -> pd.DataFrame:
    """Map TİM sector exports to NACE Rev.2 divisions through ``data/reference/tim_sector_nace.csv``.

    A sector mapped to several divisions is split by the ``weight`` column when every row of that
    sector has one (normalised to sum to 1), else **equally**; a warning names the sectors split
    and how. Missing exports stay missing (NaN), never zero.

    Parameters
    ----------
    df
        Rows with plate, year, tim_sector, export_usd (e.g. the ``exports_tim`` table).
    aggregate
        True: one row per (plate, year, nace_division) with the summed ``export_usd``. False: one
        row per (plate, year, tim_sector, nace_division) with the ``share`` used.
    """
    ref = sector_table()[["tim_sector", "nace_division", "weight"]].copy()
    unknown = sorted(set(df["tim_sector"]) - set(ref["tim_sector"]))
    if unknown:
        raise ValueError(f"tim_to_nace: sector(s) {unknown} are not in {paths.TIM_NACE_CSV}; expected {sectors()}")
    n = ref.groupby("tim_sector")["nace_division"].transform("size")
    weighted = ref.groupby("tim_sector")["weight"].transform(lambda w: w.notna().all())
    ref["share"] = (ref["weight"] / ref.groupby("tim_sector")["weight"].transform("sum")).where(weighted, 1.0 / n)
    present = ref[ref["tim_sector"].isin(df["tim_sector"]) & (n > 1)]
    if len(present):
        equal = sorted(present.loc[~weighted[present.index], "tim_sector"].unique())
        by_weight = sorted(present.loc[weighted[present.index], "tim_sector"].unique())
        parts = []
        if equal:
            parts.append("split equally: " + "; ".join(
                f"{s} → {', '.join(ref.loc[ref['tim_sector'] == s, 'nace_division'])}" for s in equal))
        if by_weight:
            parts.append("split by the weights in tim_sector_nace.csv: " + ", ".join(by_weight))
        warnings.warn(f"tim_to_nace: {len(equal) + len(by_weight)} sector(s) map to several NACE divisions; "
                      + " | ".join(parts), TIMWarning, stacklevel=2)
    out = df.merge(ref[["tim_sector", "nace_division", "share"]], on="tim_sector", how="left", validate="many_to_many")
    out["export_usd"] = out["export_usd"] * out["share"]
    if not aggregate:
        return out[["plate", "year", "tim_sector", "nace_division", "share", "export_usd"]].reset_index(drop=True)
    return (out.groupby(["plate", "year", "nace_division"], as_index=False)["export_usd"].sum(min_count=1)
            .sort_values(["plate", "year", "nace_division"]).reset_index(drop=True))


# --------------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------------

def ensure_sidecar(path: Path) -> Path:
    """Write a provenance sidecar beside a TİM workbook added without one (never touching the file)."""
    side = provenance.sidecar_path(path)
    if side.exists():
        return side
    return provenance.write_sidecar(
        path, title=f"TİM il bazında sektörel ihracat: {path.name}", producer=PRODUCER, url=TIM_URL,
        obtained_from="added by the user from tim.org.tr (İhracat Rakamları)", date_published=None,
        date_accessed=dt.date.fromtimestamp(path.stat().st_mtime).isoformat(),
        licence="TİM published statistics; reuse with citation of the source",
        notes=(f"Sidecar generated by helpers.sources.tim on {dt.date.today().isoformat()} on the first read of a file "
               "without one; date_accessed is the file's modification date."), is_sample=False)


def _inputs() -> list[Path]:
    files = excel_files(paths.RAW_TIM)
    for p in files:
        ensure_sidecar(p)
    return files


def read_exports(files: Sequence[Path]) -> pd.DataFrame:
    """Read and concatenate TİM workbooks; the same (province, year, sector) in two files is an error."""
    frames = [read_tim_workbook(f) for f in files]
    out = pd.concat(frames, ignore_index=True)
    dup = out[out.duplicated(["plate", "year", "tim_sector"], keep=False)]
    if len(dup):
        first = dup.iloc[0]
        raise ValueError(f"province {first['plate']}, {first['year']}, {first['tim_sector']!r} is in several TİM files: "
                         f"{sorted(dup['source_file'].unique())}; expected each year in one file")
    return _finish(out)


SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column("int64", pa.Check.in_range(1, 81), coerce=True),
        "year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR), coerce=True),
        "tim_sector": pa.Column(str, pa.Check(lambda s: s.isin(sectors()),
                                              error="a sector of data/reference/tim_sector_nace.csv")),
        "export_usd": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True),
        "source_file": pa.Column(str),
    },
    unique=["plate", "year", "tim_sector"],
    strict=True,
    name="exports_tim",
)

TABLES = [
    pipeline.TableSpec(
        name="exports_tim",
        source="TİM il bazında sektörel ihracat (exports by province and TİM sector, USD)",
        description="Exports (USD) by exporter's province, year and TİM sector, from workbooks added to data/raw/tim/",
        inputs=_inputs,
        read=read_exports,
        schema=SCHEMA,
        optional=True,
        version="1",
        tags=("exports", "tim"),
    )
]
