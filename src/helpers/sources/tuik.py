"""Readers for the TÜİK (TurkStat) tables in ``data/raw/tuik/``.

Each ``read_<thing>(path)`` is a pure function: it reads one published table as it is laid out (title
rows, bilingual headers, region codes printed on the first year's row only, footnote markers, source
lines at the bottom), checks that layout, and returns a tidy long table keyed by plate code (or NUTS
region code) and year. :data:`TABLES` declares the processed tables built from them by
:func:`helpers.pipeline.build`.

Layout checks find headers by their words (Turkish case folding, :func:`helpers.textnorm.fold`), not
by position alone. A mismatch raises :class:`LayoutError` (a ``ValueError``) naming the file, the
sheet, the cell (row as Excel shows it, 1-based, and column letter), the value found and what was
expected. Missing values printed as ``-``, ``..``, ``*`` or an empty cell are ``NaN`` (missing),
never zero: see :func:`parse_tr_number`.

Table notes (units, quirks, what missing means) are in ``docs/data_sources.md``.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import nace, paths, provinces
from helpers.pipeline import TableSpec
from helpers.provinces import LEVEL_ORDER, REGION_CODE, REGION_LEVELS, region_level
from helpers.schemas import nullable_plate, plate_column, year_column
from helpers.sources._workbook import (
    PLAIN_NUMBER, LayoutError, column_letter, is_empty, parse_tr_number, read_sheet, where,
)
from helpers.textnorm import fold

__all__ = [
    "read_gdp_volume", "read_gdp_current", "read_population", "read_lfs_rate", "read_labour_market",
    "read_ses_province", "read_ses_district", "read_paid_employees", "read_wellbeing_2015",
    "TABLES",
]

# --------------------------------------------------------------------------------------------------
# Raw files
# --------------------------------------------------------------------------------------------------
GDP_VOLUME_FILE = "il_gsyh_a10_zincirlenmis_hacim_2004_2023.xls"
GDP_CURRENT_FILE = "il_gsyh_a10_cari_fiyatlarla_2023.xls"
POPULATION_FILE = "il_nufus_yas_cinsiyet_2007_2024.xls"
EMPLOYMENT_RATE_FILE = "il_istihdam_orani_2022_2024.xls"
UNEMPLOYMENT_RATE_FILE = "il_issizlik_orani_2022_2024.xls"
SES_PROVINCE_FILE = "il_ses_skoru_2023.xls"
SES_DISTRICT_FILE = "il_ilce_ses_skoru_2023.xls"
PAID_EMPLOYEES_FILE = "ucretli_calisan_nace_bolum_aylik_2009_2025.xls"
WELLBEING_FILE = "illerde_yasam_endeksi_2015.csv"

#: Sheet names as published (a single-sheet workbook with another sheet name is still read: TÜİK
#: renames sheets between editions; the header checks then decide).
SHEETS = {
    GDP_VOLUME_FILE: "T2", GDP_CURRENT_FILE: "T1", POPULATION_FILE: "945",
    EMPLOYMENT_RATE_FILE: "Tablo", UNEMPLOYMENT_RATE_FILE: "Tablo", SES_PROVINCE_FILE: "İl",
    SES_DISTRICT_FILE: "Oran-1", PAID_EMPLOYEES_FILE: "T1",
}

# --------------------------------------------------------------------------------------------------
# Errors and cell references
# --------------------------------------------------------------------------------------------------


def _fail(path, sheet, row0, col0, found, expected: str) -> LayoutError:
    return LayoutError(f"{where(path, sheet, row0, col0)}: found {found!r}; expected {expected}")


# --------------------------------------------------------------------------------------------------
# Numbers written as text in Turkish format
# --------------------------------------------------------------------------------------------------
_PLAIN = PLAIN_NUMBER


def _parse_plain(value: str, where: str) -> float:
    """A number written in English format (``1234.5``; as in CSV exports from R): ``""``/``"NA"`` → NaN.
    Not :func:`parse_tr_number`, which would read ``"81.123"`` as 81123."""
    text = str(value).strip()
    if text in ("", "NA", "NaN", "nan"):
        return math.nan
    if _PLAIN.match(text):
        return float(text)
    raise ValueError(f"{where}: cannot read {value!r} as a number; expected a plain number such as 1234.5 or NA")


def _cell(grid: pd.DataFrame, row0: int, col0: int) -> object:
    if 0 <= row0 < grid.shape[0] and 0 <= col0 < grid.shape[1]:
        v = grid.iat[row0, col0]
        return None if _blank(v) else v
    return None


_blank = is_empty


def _text(grid: pd.DataFrame, row0: int, col0: int) -> str:
    v = _cell(grid, row0, col0)
    return "" if v is None else fold(v)


def _expect(grid, path, sheet, row0, col0, words: Iterable[str], what: str) -> None:
    """Check that cell (row0, col0) contains every word of ``words`` (after Turkish folding)."""
    words = [fold(w) for w in words]
    key = _text(grid, row0, col0)
    if not all(w in key for w in words):
        raise _fail(path, sheet, row0, col0, _cell(grid, row0, col0), f"{what} (a header containing {words})")


def _find_row(grid, path, sheet, col0: int, words: Iterable[str], what: str, max_rows: int = 15) -> int:
    words = [fold(w) for w in words]
    for r in range(min(max_rows, grid.shape[0])):
        key = _text(grid, r, col0)
        if key and all(w in key for w in words):
            return r
    raise LayoutError(f"{where(path, sheet, col0=col0)}: no cell in the first {max_rows} rows contains "
                      f"{words}; expected {what}")


def _title_years(grid, path, sheet) -> list[int]:
    """The years announced in the title (row 1): ``"…, 2004-2023"`` → 2004…2023, ``"…, 2023"`` → [2023]."""
    title = str(_cell(grid, 0, 0) or "")
    m = re.search(r"(\d{4})\s*[-–]\s*(\d{4})\s*$", title.strip())
    if m:
        return list(range(int(m.group(1)), int(m.group(2)) + 1))
    m = re.search(r"(\d{4})\s*$", title.strip())
    if m:
        return [int(m.group(1))]
    raise _fail(path, sheet, 0, 0, _cell(grid, 0, 0), "a title ending in the year or the years covered (e.g. '…, 2004-2023')")


def _check_years(found: Iterable[int], expected: Iterable[int], path, sheet, what: str) -> None:
    found, expected = sorted(set(found)), sorted(set(expected))
    if found != expected:
        raise LayoutError(f"{where(path, sheet)}: {what} has the years {_span(found)}; expected "
                          f"{_span(expected)} (the years announced in the title)")


def _span(years: list[int]) -> str:
    if not years:
        return "none"
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _year_of(v: object) -> int | None:
    """A year cell: ``2023``, ``"2023"``, ``2023.0`` or a reference date (``2024-12-31``)."""
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return int(v.year)
    if isinstance(v, bool):
        return None
    if isinstance(v, numbers.Real) and float(v).is_integer():
        return int(v)
    if isinstance(v, str) and re.fullmatch(r"\s*\d{4}\s*", v):
        return int(v)
    return None


# --------------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------------
def _plate_of_nuts3(code: str, name: object, path, sheet, row0: int, name_col: int) -> int:
    plate = provinces.resolve(code)
    if name is not None:
        try:
            by_name = provinces.resolve(str(name))
        except ValueError as exc:
            raise _fail(path, sheet, row0, name_col, name, f"the name of province {code} "
                        f"({provinces.name(plate)}): {exc}") from exc
        if by_name != plate:
            raise _fail(path, sheet, row0, name_col, name,
                        f"{provinces.name(plate)} (the province of NUTS-3 code {code})")
    return plate


def _resolve_cell(value: object, path, sheet, row0: int, col0: int) -> int:
    """Plate code of a province name in a cell; an unknown name raises naming the cell."""
    try:
        return provinces.resolve(str(value).strip())
    except ValueError as exc:
        raise LayoutError(f"{where(path, sheet, row0, col0)}: {exc}") from exc


def _check_81(plates: Iterable[int], path, sheet, what: str) -> None:
    plates = list(plates)
    dup = sorted({p for p in plates if plates.count(p) > 1})
    missing = sorted(set(range(1, 82)) - set(plates))
    if dup or missing or len(plates) != 81:
        raise LayoutError(f"{where(path, sheet)}: {what}: found {len(plates)} province(s); expected the 81 "
                          f"provinces once each (missing: {[provinces.name(p) for p in missing]}, "
                          f"repeated: {[provinces.name(p) for p in dup]})")


# --------------------------------------------------------------------------------------------------
# GDP by province (A10)
# --------------------------------------------------------------------------------------------------
#: A10 activity labels printed in TÜİK's provincial GDP tables (folded) → activity code.
#: "Hizmetler" in these tables is the A10 group G-I (trade, transport, accommodation), "Sanayi" is
#: B-E and includes "İmalat sanayi" (C), which is therefore *not* an additional leaf.
ACTIVITY_LABELS: dict[str, str] = {
    "tarim ormancilik ve balikcilik": "A",
    "sanayi": "B-E",
    "imalat sanayi": "C",
    "insaat": "F",
    "hizmetler": "G-I",
    "bilgi ve iletisim": "J",
    "finans ve sigorta faaliyetleri": "K",
    "gayrimenkul faaliyetleri": "L",
    "mesleki idari ve destek hizmet faaliyetleri": "M-N",
    "kamu yonetimi egitim insan sagligi ve sosyal hizmet faaliyetleri": "O-Q",
    "diger hizmet faaliyetleri": "R-U",
    "sektorler toplami": "GVA",  # total gross value added (sum of the 10 A10 activities)
    "vergi subvansiyon": "taxes",  # taxes less subsidies on products
    "gayrisafi yurtici hasila alici fiyatlariyla": "GDP",  # GDP at purchasers' prices = GVA + taxes
    "gsyh": "GDP",
}
#: Activity codes in table order.
ACTIVITIES: tuple[str, ...] = ("A", "B-E", "C", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U", "GVA", "taxes", "GDP")
#: The ten A10 activities that add up to GVA (C is part of B-E).
A10_LEAVES: tuple[str, ...] = tuple(nace.A10)
VOLUME_MEASURES: tuple[tuple[str, str], ...] = (
    ("volume_thousand_tl_2009", "hacim"), ("index_2009_100", "endeks"), ("change_pct", "degisim"),
)


def _activity_columns(grid, path, sheet, rows: Iterable[int], first_col: int) -> dict[int, tuple[str, str]]:
    """Columns holding an activity label in ``rows``: ``{col: (code, label as printed)}``."""
    found: dict[int, tuple[str, str]] = {}
    label_row = None
    for r in rows:
        for c in range(first_col, grid.shape[1]):
            key = _text(grid, r, c)
            if key in ACTIVITY_LABELS:
                found[c] = (ACTIVITY_LABELS[key], " ".join(str(_cell(grid, r, c)).split()))
                label_row = r
    if label_row is None:
        raise LayoutError(f"{where(path, sheet)}: no A10 activity labels (e.g. 'Tarım, ormancılık ve "
                          f"balıkçılık') in rows {[r + 1 for r in rows]}")
    codes = [code for code, _ in found.values()]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    missing = [a for a in ACTIVITIES if a not in codes]
    if dup or missing:
        raise LayoutError(f"{where(path, sheet, row0=label_row)}: activity headers {codes}; expected each of "
                          f"{list(ACTIVITIES)} once (missing {missing}, repeated {dup})")
    return found


def _region_rows(grid, path, sheet, first_row: int, code_col: int, name_col: int, year_col: int):
    """Yield ``(row0, code, name, year)`` for the data rows of a TÜİK regional table where the region
    code is printed on the first row of each region only; stops at the source lines below the table."""
    current = None
    for r in range(first_row, grid.shape[0]):
        code_v, year_v = _cell(grid, r, code_col), _cell(grid, r, year_col)
        if year_v is None:
            if code_v is None:
                continue  # blank separator row
            if isinstance(code_v, str) and REGION_CODE.match(code_v.strip()):
                raise _fail(path, sheet, r, year_col, year_v, f"a year on the first row of region {code_v.strip()}")
            break  # source and footnote lines
        year = _year_of(year_v)
        if year is None:
            raise _fail(path, sheet, r, year_col, year_v, "a year (e.g. 2023)")
        if code_v is not None:
            code = str(code_v).strip()
            if not REGION_CODE.match(code):
                raise _fail(path, sheet, r, code_col, code_v, "a NUTS region code such as TR, TR1, TR10 or TR100")
            current = code
        if current is None:
            raise _fail(path, sheet, r, code_col, code_v, "a region code on the first data row")
        yield r, current, _cell(grid, r, name_col), year


def read_gdp_volume(path: Path | str) -> pd.DataFrame:
    """GDP by province and A10 activity in chain-linked volume (thousand TL at 2009 prices), volume
    index (2009 = 100) and % change on the previous year, 2004–2023 (TÜİK).

    Returns one row per region × year × activity × measure: ``region_code``, ``region_level``,
    ``plate`` (Int64, NUTS-3 rows only), ``region_name``, ``year``, ``activity``,
    ``activity_label_tr``, ``is_a10_leaf``, ``measure`` (``volume_thousand_tl_2009``,
    ``index_2009_100``, ``change_pct``), ``value``, ``source_file``, ``source_row``.
    The change of the first year is printed ``-`` and read as NaN. Chain-linked volumes are not
    additive: provinces do not sum to Türkiye, nor activities to GVA.
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[GDP_VOLUME_FILE])
    _expect(grid, path, sheet, 0, 0, ["zincirlenmis hacim"], "the title 'İl bazında gayrisafi yurt içi hasıla … zincirlenmiş hacim …'")
    years = _title_years(grid, path, sheet)
    hdr = _find_row(grid, path, sheet, 0, ["istatistiki bolge"], "the header 'İstatistiki Bölge Birimleri Sınıflaması (3. Düzey)'")
    year_col = _find_col(grid, path, sheet, hdr, ["yil"], "the header 'Yıl / Year'")
    acts = _activity_columns(grid, path, sheet, [hdr - 1, hdr], year_col + 1)
    for c, (code, _) in acts.items():
        for k, (_, word) in enumerate(VOLUME_MEASURES):
            _expect(grid, path, sheet, hdr, c + k, [word], f"the {VOLUME_MEASURES[k][0]} column of activity {code}")

    records, plates, seen = [], {}, {}
    for r, code, name, year in _region_rows(grid, path, sheet, hdr + 1, 0, 1, year_col):
        level = region_level(code)
        if code not in seen:
            seen[code] = []
            if level == "NUTS3":
                plates[code] = _plate_of_nuts3(code, name, path, sheet, r, 1)
        seen[code].append(year)
        for c, (act, label) in acts.items():
            for k, (measure, _) in enumerate(VOLUME_MEASURES):
                v = parse_tr_number(_cell(grid, r, c + k), where(path, sheet, r, c + k))
                records.append((code, level, plates.get(code), name, year, act, label, measure, v, r + 1))
    _check_regions(seen, plates, years, path, sheet)
    df = pd.DataFrame.from_records(records, columns=[
        "region_code", "region_level", "plate", "region_name", "year", "activity", "activity_label_tr",
        "measure", "value", "source_row"])
    return _finish_gdp(df, path, extra_keys=["measure"])


def _find_col(grid, path, sheet, row0: int, words, what: str, max_cols: int = 10) -> int:
    words = [fold(w) for w in words]
    for c in range(min(max_cols, grid.shape[1])):
        key = _text(grid, row0, c)
        if key and all(key.startswith(w) or f" {w}" in f" {key}" for w in words):
            return c
    raise LayoutError(f"{where(path, sheet, row0=row0)}: no cell in the first {max_cols} columns contains "
                      f"{words}; expected {what}")


def _check_regions(seen: dict[str, list[int]], plates: dict[str, int], years: list[int], path, sheet) -> None:
    if "TR" not in seen:
        raise LayoutError(f"{where(path, sheet)}: no Türkiye row (region code TR); expected TR and the 81 provinces")
    _check_81(plates.values(), path, sheet, "NUTS-3 rows")
    for code, ys in seen.items():
        if len(ys) != len(set(ys)):
            raise LayoutError(f"{where(path, sheet)}: region {code} repeats years {sorted({y for y in ys if ys.count(y) > 1})}")
        _check_years(ys, years, path, sheet, f"region {code}")


def _finish_gdp(df: pd.DataFrame, path: Path, extra_keys: list[str]) -> pd.DataFrame:
    df["plate"] = df["plate"].astype("Int64")
    df["year"] = df["year"].astype("int64")
    # The region name is printed on every row of a province but on the first row of Türkiye only.
    df["region_name"] = df["region_name"].map(lambda v: "" if v is None else " ".join(str(v).split()))
    df["region_name"] = df.groupby("region_code")["region_name"].transform(lambda s: next((x for x in s if x), ""))
    df["is_a10_leaf"] = df["activity"].isin(A10_LEAVES)
    df["source_file"] = path.name
    df["source_row"] = df["source_row"].astype("int64")
    order = {a: i for i, a in enumerate(ACTIVITIES)}
    df = df.assign(_l=df["region_level"].map(LEVEL_ORDER), _a=df["activity"].map(order))
    df = df.sort_values(["_l", "region_code", "year", "_a"], kind="stable").drop(columns=["_l", "_a"])
    cols = ["region_code", "region_level", "plate", "region_name", "year", "activity", "activity_label_tr",
            "is_a10_leaf", *extra_keys]
    rest = [c for c in df.columns if c not in cols]
    return df[cols + rest].reset_index(drop=True)


def read_gdp_current(path: Path | str) -> pd.DataFrame:
    """GDP by province and A10 activity at current prices (thousand TL), 2023 (TÜİK).

    Returns ``region_code``, ``region_level``, ``plate`` (Int64, NUTS-3 rows only), ``region_name``,
    ``year``, ``activity``, ``activity_label_tr``, ``is_a10_leaf``, ``value_thousand_tl``,
    ``source_file``, ``source_row``. Checked on reading: the 81 provinces add up to Türkiye, the
    ten A10 activities to GVA and GVA plus taxes to GDP (relative tolerance 1e-6).
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[GDP_CURRENT_FILE])
    _expect(grid, path, sheet, 0, 0, ["cari fiyat"], "the title 'İl bazında gayrisafi yurt içi hasıla … cari fiyatlarla …'")
    years = _title_years(grid, path, sheet)
    hdr = _find_row(grid, path, sheet, 0, ["istatistiki bolge"], "the header 'İstatistiki Bölge Birimleri Sınıflaması (3. Düzey)'")
    year_col = _find_col(grid, path, sheet, hdr, ["yil"], "the header 'Yıl / Year'")
    acts = _activity_columns(grid, path, sheet, [hdr], year_col + 1)
    if not any("bin tl" in _text(grid, r, c) for r in range(hdr) for c in range(grid.shape[1])):
        raise LayoutError(f"{where(path, sheet)}: no unit '(Bin TL)' above the header row {hdr + 1}; expected values in thousand TL")

    records, plates, seen = [], {}, {}
    for r, code, name, year in _region_rows(grid, path, sheet, hdr + 1, 0, 1, year_col):
        level = region_level(code)
        if code not in seen:
            seen[code] = []
            if level == "NUTS3":
                plates[code] = _plate_of_nuts3(code, name, path, sheet, r, 1)
        seen[code].append(year)
        for c, (act, label) in acts.items():
            v = parse_tr_number(_cell(grid, r, c), where(path, sheet, r, c))
            records.append((code, level, plates.get(code), name, year, act, label, v, r + 1))
    _check_regions(seen, plates, years, path, sheet)
    df = pd.DataFrame.from_records(records, columns=[
        "region_code", "region_level", "plate", "region_name", "year", "activity", "activity_label_tr",
        "value_thousand_tl", "source_row"])
    df = _finish_gdp(df, path, extra_keys=[])
    sanity_checks_gdp_current(df, path)
    return df


def sanity_checks_gdp_current(df: pd.DataFrame, path: Path | str = "gdp_current", rtol: float = 1e-6) -> None:
    """Raise ``ValueError`` unless provinces add up to Türkiye, the A10 activities to GVA and
    GVA + taxes to GDP (current prices are additive; chain-linked volumes are not)."""
    wide = df.pivot_table(index=["region_code", "region_level", "year"], columns="activity",
                          values="value_thousand_tl", aggfunc="sum")

    def close(a, b) -> pd.Series:
        return (a - b).abs() <= rtol * b.abs().clip(lower=1.0)

    gva = wide[list(A10_LEAVES)].sum(axis=1)
    bad = wide.index[~close(gva, wide["GVA"]) | ~close(wide["GVA"] + wide["taxes"], wide["GDP"])]
    if len(bad):
        raise ValueError(f"{path}: activities do not add up to GVA/GDP for {list(bad)[:5]}")
    n3 = wide.xs("NUTS3", level="region_level").groupby(level="year").sum()
    tr = wide.xs("TR", level="region_level").droplevel("region_code")
    diff = ~close(n3[list(ACTIVITIES)], tr[list(ACTIVITIES)])
    if diff.any().any():
        raise ValueError(f"{path}: the 81 provinces do not add up to Türkiye for activities "
                         f"{list(diff.columns[diff.any()])}")


# --------------------------------------------------------------------------------------------------
# Population by province, age group and sex (ADNKS)
# --------------------------------------------------------------------------------------------------
AGE_GROUPS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
SEXES: dict[str, str] = {"toplam": "total", "erkek": "male", "kadin": "female"}


def read_population(path: Path | str) -> pd.DataFrame:
    """Population by province, five-year age group and sex on 31 December, 2007–2024 (TÜİK, ADNKS).

    Returns ``plate``, ``year``, ``age_group`` (``"0-4"`` … ``"85-89"``, ``"90+"``, ``"total"``),
    ``sex`` (``"total"``, ``"male"``, ``"female"``), ``population`` (Int64 persons), ``source_file``,
    ``source_row``. The sheet's Türkiye column ("Toplam") is not kept; it is checked against the sum
    of the 81 provinces on every row.
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[POPULATION_FILE])
    _expect(grid, path, sheet, 0, 0, ["nufus", "yas", "cinsiyet"], "the title 'İl, yaş grubu ve cinsiyete göre nüfus, 2007-2024'")
    years = _title_years(grid, path, sheet)
    hdr = _find_row(grid, path, sheet, 0, ["yil"], "the header 'Yıl / Year'")
    _expect(grid, path, sheet, hdr, 1, ["yas grubu"], "the header 'Yaş grubu / Age group'")
    _expect(grid, path, sheet, hdr, 2, ["cinsiyet"], "the header 'Cinsiyet / Sex'")
    _expect(grid, path, sheet, hdr, 3, ["toplam"], "the Türkiye total column 'Toplam / Total'")
    prov_cols: dict[int, int] = {}
    for c in range(4, grid.shape[1]):
        v = _cell(grid, hdr, c)
        if v is not None:
            prov_cols[c] = _resolve_cell(v, path, sheet, hdr, c)
    _check_81(prov_cols.values(), path, sheet, f"province columns in row {hdr + 1}")

    cols = list(prov_cols)
    rows, year, age = [], None, None
    for r in range(hdr + 1, grid.shape[0]):
        y, a, s = _cell(grid, r, 0), _cell(grid, r, 1), _cell(grid, r, 2)
        if s is None:
            if y is None and a is None:
                continue
            if isinstance(y, str) and _year_of(y) is None:
                break  # "Kaynak: TÜİK, …" source lines
            raise _fail(path, sheet, r, 2, s, "a sex label (Toplam-Total, Erkek-Male, Kadın-Female)")
        if y is not None:
            year = _year_of(y)
            if year is None:
                raise _fail(path, sheet, r, 0, y, "a year or a reference date (e.g. 2024-12-31)")
        if a is not None:
            age = "total" if fold(a).startswith("toplam") else str(a).strip()
            if age != "total" and age not in AGE_GROUPS:
                raise _fail(path, sheet, r, 1, a, f"an age group among {list(AGE_GROUPS)} or 'Toplam-Total'")
        if year is None or age is None:
            raise _fail(path, sheet, r, 0 if year is None else 1, y if year is None else a, "the year and age group on the first data row")
        sex = SEXES.get(fold(s).split(" ")[0])
        if sex is None:
            raise _fail(path, sheet, r, 2, s, "a sex label (Toplam-Total, Erkek-Male, Kadın-Female)")
        vals = [parse_tr_number(_cell(grid, r, c), where(path, sheet, r, c)) for c in cols]
        total = parse_tr_number(_cell(grid, r, 3), where(path, sheet, r, 3))
        if not math.isnan(total) and abs(np.nansum(vals) - total) > 0.5:
            raise _fail(path, sheet, r, 3, _cell(grid, r, 3), f"the sum of the 81 provinces ({np.nansum(vals):,.0f})")
        rows.append((r, year, age, sex, vals))
    if not rows:
        raise LayoutError(f"{where(path, sheet)}: no data rows below the header row {hdr + 1}")
    _check_years([x[1] for x in rows], years, path, sheet, "the population table")
    keys = [(x[1], x[2], x[3]) for x in rows]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise LayoutError(f"{where(path, sheet)}: year/age group/sex {dup} appears twice")
    expected = len(years) * (len(AGE_GROUPS) + 1) * len(SEXES)
    if len(rows) != expected:
        raise LayoutError(f"{where(path, sheet)}: {len(rows)} data rows; expected {expected} "
                          f"({len(years)} years × {len(AGE_GROUPS) + 1} age groups × 3 sexes)")

    n = len(cols)
    plates = np.array([prov_cols[c] for c in cols])
    values = np.array([x[4] for x in rows], dtype="float64").ravel()
    df = pd.DataFrame({
        "plate": np.tile(plates, len(rows)),
        "year": np.repeat([x[1] for x in rows], n),
        "age_group": np.repeat([x[2] for x in rows], n),
        "sex": np.repeat([x[3] for x in rows], n),
        "population": values,
        "source_file": path.name,
        "source_row": np.repeat([x[0] + 1 for x in rows], n),
    })
    if not np.all(np.isnan(values) | (values == np.round(values))):
        raise LayoutError(f"{where(path, sheet)}: population counts must be whole numbers")
    df["population"] = df["population"].round().astype("Int64")
    df["plate"] = df["plate"].astype("int64")
    df["year"] = df["year"].astype("int64")
    df["source_row"] = df["source_row"].astype("int64")
    age_order = {a: i for i, a in enumerate(("total", *AGE_GROUPS))}
    sex_order = {"total": 0, "male": 1, "female": 2}
    df = df.assign(_a=df["age_group"].map(age_order), _s=df["sex"].map(sex_order))
    return df.sort_values(["plate", "year", "_a", "_s"]).drop(columns=["_a", "_s"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Employment and unemployment rates by province (LFS)
# --------------------------------------------------------------------------------------------------
LFS_INDICATORS: dict[str, str] = {"istihdam orani": "employment_rate", "issizlik orani": "unemployment_rate"}


def read_lfs_rate(path: Path | str) -> pd.DataFrame:
    """One TÜİK LFS rate table by province (NUTS-3) with 95 % confidence intervals, 2022–2024.

    The indicator is recognised from the title (``İstihdam oranı`` → ``employment_rate``,
    ``İşsizlik oranı`` → ``unemployment_rate``). Returns ``region_code``, ``region_level``,
    ``plate`` (Int64; NA for the Türkiye row), ``region_name``, ``year``, ``indicator``, ``value``
    (%), ``ci_lower``, ``ci_upper``, ``use_with_caution`` (TÜİK footnote (1): the estimate should be
    used with caution because of sampling or non-sampling errors), ``source_file``, ``source_row``.
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[EMPLOYMENT_RATE_FILE])
    title = _text(grid, 0, 0)
    indicator = next((v for k, v in LFS_INDICATORS.items() if k in title), None)
    if indicator is None:
        raise _fail(path, sheet, 0, 0, _cell(grid, 0, 0), "a title 'İl düzeyinde istihdam oranı' or 'İl düzeyinde işsizlik oranı'")
    hdr = _find_row(grid, path, sheet, 0, ["istatistiki bolge"], "the header 'İstatistiki bölge birimleri sınıflaması (3. Düzey)'")
    year_row = hdr - 1
    blocks = {}
    for c in range(2, grid.shape[1]):
        y = _cell(grid, year_row, c)
        if y is None:
            continue
        year = _year_of(y)
        if year is None:
            raise _fail(path, sheet, year_row, c, y, "a year above each block of rate and confidence interval columns")
        _expect(grid, path, sheet, hdr, c, ["oran"], f"the rate column of {year}")
        _expect(grid, path, sheet, hdr, c + 2, ["guven araligi"], f"the 95% confidence interval of {year}")
        _expect(grid, path, sheet, hdr + 1, c + 2, ["alt sinir"], f"the lower limit of {year}")
        _expect(grid, path, sheet, hdr + 1, c + 3, ["ust sinir"], f"the upper limit of {year}")
        blocks[year] = c
    if not blocks:
        raise LayoutError(f"{where(path, sheet, row0=year_row)}: no years found; expected a year above each block of columns")

    records, plates, seen = [], {}, {}
    for r in range(hdr + 2, grid.shape[0]):
        code_v = _cell(grid, r, 0)
        if code_v is None:
            continue
        code = str(code_v).strip()
        if not REGION_CODE.match(code):
            break  # source and footnote lines
        if code in seen:
            raise _fail(path, sheet, r, 0, code_v, "each region once")
        seen[code] = r
        name = _cell(grid, r, 1)
        level = region_level(code)
        if level == "NUTS3":
            plates[code] = _plate_of_nuts3(code, name, path, sheet, r, 1)
        for year, c in blocks.items():
            v = [parse_tr_number(_cell(grid, r, c + k), where(path, sheet, r, c + k)) for k in (0, 2, 3)]
            note = _cell(grid, r, c + 1)
            if note is not None and str(note).strip() != "(1)":
                raise _fail(path, sheet, r, c + 1, note, "an empty cell or the footnote mark '(1)'")
            if not any(math.isnan(x) for x in v) and not (v[1] <= v[0] <= v[2]):
                raise _fail(path, sheet, r, c, _cell(grid, r, c), f"a rate between its confidence limits {v[1]:.2f}–{v[2]:.2f}")
            records.append((code, level, plates.get(code), " ".join(str(name or "").split()), year, indicator,
                            *v, note is not None, r + 1))
    if "TR" not in seen:
        raise LayoutError(f"{where(path, sheet)}: no Türkiye row (region code TR); expected TR and the 81 provinces")
    _check_81(plates.values(), path, sheet, "NUTS-3 rows")
    df = pd.DataFrame.from_records(records, columns=[
        "region_code", "region_level", "plate", "region_name", "year", "indicator", "value", "ci_lower",
        "ci_upper", "use_with_caution", "source_row"])
    df["plate"] = df["plate"].astype("Int64")
    df["year"] = df["year"].astype("int64")
    df["use_with_caution"] = df["use_with_caution"].astype(bool)
    df.insert(len(df.columns) - 1, "source_file", path.name)
    return df


def read_labour_market(paths_: list[Path]) -> pd.DataFrame:
    """Employment and unemployment rates by province: :func:`read_lfs_rate` of each file, stacked."""
    df = pd.concat([read_lfs_rate(p) for p in paths_], ignore_index=True)
    dup = df.duplicated(["region_code", "year", "indicator"])
    if dup.any():
        raise ValueError(f"labour_market: {df.loc[dup, 'indicator'].iloc[0]} appears in more than one input file")
    df = df.assign(_l=df["region_level"].map(LEVEL_ORDER))
    return df.sort_values(["indicator", "year", "_l", "region_code"], kind="stable").drop(columns="_l").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Socio-economic status (SES) score, 2023
# --------------------------------------------------------------------------------------------------
SES_CLASSES_PROVINCE: dict[str, str] = {
    "a+": "households_a_plus", "a": "households_a", "b": "households_b", "c1": "households_c1",
    "c2": "households_c2", "d": "households_d", "e": "households_e",
}
#: Percentage points by which a row's class shares may miss 100 before it is flagged inconsistent.
SHARE_TOLERANCE = 0.5
SES_CLASSES_DISTRICT: dict[str, str] = {
    "a ve a+": "share_upper_a", "b": "share_b", "c1 ve c2": "share_middle_c", "d": "share_d", "e": "share_e",
}


def _class_code(value: object) -> str | None:
    m = re.search(r"\[([^\]]+)\]", str(value or ""))
    return " ".join(m.group(1).lower().split()) if m else None



def _ses_class_columns(grid, path, sheet, hdr: int, first_col: int, mapping: dict[str, str]) -> dict[int, str]:
    """Columns of the SES class headers on row ``hdr`` from ``first_col`` on: column → class name;
    every class of ``mapping`` must be present, and nothing else."""
    classes: dict[int, str] = {}
    for c in range(first_col, grid.shape[1]):
        v = _cell(grid, hdr, c)
        if v is None:
            continue
        code = _class_code(v)
        if code not in mapping:
            raise _fail(path, sheet, hdr, c, v, f"an SES class header ending in one of {[f'[{k.upper()}]' for k in mapping]}")
        classes[c] = mapping[code]
    if sorted(classes.values()) != sorted(mapping.values()):
        raise LayoutError(f"{where(path, sheet, row0=hdr)}: SES classes {list(classes.values())}; expected {list(mapping.values())}")
    return classes

def read_ses_province(path: Path | str) -> pd.DataFrame:
    """Average socio-economic status (SES) score of the provinces and households by SES class, 2023.

    Returns ``plate``, ``province_label``, ``year``, ``ses_score``, ``ses_rank`` (1 = highest score;
    derived here, not printed), ``households_total`` and ``households_a_plus`` … ``households_e``
    (class counts as printed; TÜİK prints them with fractions — they appear to be three-year
    averages — and they are kept as floats), ``source_file``, ``source_row``. The Türkiye row is
    checked (classes add up to the total, provinces to Türkiye) and dropped.
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[SES_PROVINCE_FILE])
    _expect(grid, path, sheet, 0, 0, ["sosyoekonomik", "skor"], "the title 'İllerin sosyoekonomik seviye skoru (SES) …, 2023'")
    year = _title_years(grid, path, sheet)[-1]
    hdr = _find_row(grid, path, sheet, 1, ["ortalama ses skoru"], "the header 'Ortalama SES skoru / Average SES score'")
    _expect(grid, path, sheet, hdr, 2, ["toplam"], "the header 'Toplam / Total' (households)")
    classes = _ses_class_columns(grid, path, sheet, hdr, 3, SES_CLASSES_PROVINCE)

    records, total = [], None
    for r in range(hdr + 1, grid.shape[0]):
        label = _cell(grid, r, 0)
        if label is None:
            continue
        if _cell(grid, r, 1) is None:
            break  # source lines and notes
        vals = [parse_tr_number(_cell(grid, r, c), where(path, sheet, r, c)) for c in [1, 2, *classes]]
        if fold(label).startswith("toplam"):
            total = (r, vals)
            continue
        plate = _resolve_cell(label, path, sheet, r, 0)
        records.append((plate, " ".join(str(label).split()), year, *vals, r + 1))
    df = pd.DataFrame.from_records(records, columns=[
        "plate", "province_label", "year", "ses_score", "households_total", *classes.values(), "source_row"])
    _check_81(df["plate"], path, sheet, "province rows")
    cls = list(SES_CLASSES_PROVINCE.values())
    off = (df[cls].sum(axis=1) - df["households_total"]).abs() > 1e-6 * df["households_total"]
    if off.any():
        r = int(df.loc[off, "source_row"].iloc[0])
        raise LayoutError(f"{where(path, sheet, row0=r - 1)}: households by class do not add up to the total")
    if total is not None:
        tr_total = total[1][1]
        if abs(df["households_total"].sum() - tr_total) > 1e-6 * tr_total:
            raise _fail(path, sheet, total[0], 2, tr_total, f"the sum of the provinces ({df['households_total'].sum():,.1f})")
    df["ses_rank"] = df["ses_score"].rank(ascending=False, method="min").astype("int64")
    df["source_file"] = path.name
    df = df.sort_values("plate").reset_index(drop=True)
    return df[["plate", "province_label", "year", "ses_score", "ses_rank", "households_total", *cls, "source_file", "source_row"]]


def read_ses_district(path: Path | str) -> pd.DataFrame:
    """SES score and the share of households by SES class, by province and district, 2023.

    Returns one row per province (``area_level == "province"``, ``district`` NA) and per district
    (``area_level == "district"``): ``plate``, ``province_label``, ``district`` (as printed, e.g.
    ``"Merkez"``), ``area_level``, ``year``, ``ses_score``, ``rank_in_province`` (districts, 1 =
    highest score; derived), ``share_upper_a`` (A and A+), ``share_b``, ``share_middle_c`` (C1 and
    C2), ``share_d``, ``share_e`` (% of households; rows add up to 100), ``source_file``,
    ``source_row``. The Türkiye row is dropped.
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[SES_DISTRICT_FILE])
    _expect(grid, path, sheet, 0, 0, ["ilce", "sosyoekonomik"], "the title 'İl ve ilçe bazında sosyoekonomik seviye skoru …, 2023'")
    year = _title_years(grid, path, sheet)[-1]
    hdr = _find_row(grid, path, sheet, 2, ["ortalama ses skoru"], "the header 'Ortalama SES skoru / Average SES score'")
    _expect(grid, path, sheet, hdr, 0, ["il"], "the header 'İl / Province'")
    _expect(grid, path, sheet, hdr, 1, ["ilce"], "the header 'İlçe / District'")
    _expect(grid, path, sheet, hdr, 3, ["toplam"], "the header 'Toplam / Total' (100 %)")
    classes = _ses_class_columns(grid, path, sheet, hdr, 4, SES_CLASSES_DISTRICT)

    records, current = [], None
    for r in range(hdr + 1, grid.shape[0]):
        prov, dist = _cell(grid, r, 0), _cell(grid, r, 1)
        if prov is None:
            continue
        if _cell(grid, r, 2) is None:
            break  # source lines and notes
        if fold(prov).startswith("toplam"):
            continue
        plate = _resolve_cell(prov, path, sheet, r, 0)
        vals = [parse_tr_number(_cell(grid, r, c), where(path, sheet, r, c)) for c in [2, 3, *classes]]
        if abs(vals[1] - 100) > 1e-6:
            raise _fail(path, sheet, r, 3, _cell(grid, r, 3), "100 (the shares are percentages of households)")
        if dist is None:
            current = plate
            level, district = "province", None
        else:
            if current != plate:
                raise _fail(path, sheet, r, 0, prov, f"the province of the row above ({provinces.name(current) if current else 'a province row first'})")
            level, district = "district", " ".join(str(dist).split())
        records.append((plate, " ".join(str(prov).split()), district, level, year, vals[0], *vals[2:], r + 1))
    df = pd.DataFrame.from_records(records, columns=[
        "plate", "province_label", "district", "area_level", "year", "ses_score", *classes.values(), "source_row"])
    _check_81(df.loc[df["area_level"] == "province", "plate"], path, sheet, "province rows")
    dup = df[df["area_level"] == "district"].duplicated(["plate", "district"])
    if dup.any():
        raise LayoutError(f"{where(path, sheet)}: district {df.loc[dup[dup].index[0], 'district']!r} appears twice")
    dist = df["area_level"] == "district"
    df["rank_in_province"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df.loc[dist, "rank_in_province"] = (
        df[dist].groupby("plate")["ses_score"].rank(ascending=False, method="min").astype("int64"))
    df["source_file"] = path.name
    cls = list(SES_CLASSES_DISTRICT.values())
    # As published, a few districts' class shares do not add up to 100 (Yalova: Çınarcık 93.5,
    # Çiftlikköy 106.4); they are kept as printed and flagged.
    df["shares_inconsistent"] = (df[cls].sum(axis=1) - 100).abs() > SHARE_TOLERANCE
    return df[["plate", "province_label", "district", "area_level", "year", "ses_score", "rank_in_province",
               *cls, "shares_inconsistent", "source_file", "source_row"]]


# --------------------------------------------------------------------------------------------------
# Paid employees by NACE section, Türkiye, monthly
# --------------------------------------------------------------------------------------------------
#: Adjustment headers (folded prefixes) → adjustment name; the change columns are not kept.
PAID_ADJUSTMENTS: tuple[tuple[str, str], ...] = (
    ("arindirilmamis", "raw"),
    ("takvim etkilerinden arindirilmis", "calendar_adjusted"),
    ("mevsim etkisinden arindirilmis", "seasonally_calendar_adjusted"),
)


def read_paid_employees(path: Path | str) -> pd.DataFrame:
    """Number of paid employees in Türkiye by NACE Rev.2 section (B–N and the aggregates B-N, B-E,
    G-N as printed), monthly from 2009-01 (TÜİK, Ücretli Çalışan İstatistikleri).

    Returns ``year``, ``month``, ``nace_section`` (code as printed: ``"B-N"``, ``"B-E"``, ``"B"`` …),
    ``nace_label_tr``, ``nace_label_en``, ``is_aggregate``, ``adjustment`` (``raw``,
    ``calendar_adjusted``, ``seasonally_calendar_adjusted``), ``value`` (persons), ``source_file``,
    ``source_row``. The printed annual and monthly % changes are not kept (derive them).
    """
    path = Path(path)
    grid, sheet = read_sheet(path, SHEETS[PAID_EMPLOYEES_FILE])
    _expect(grid, path, sheet, 0, 0, ["ucretli calisan"], "the title 'Ücretli çalışan istatistikleri, 2009-2025'")
    hdr = _find_row(grid, path, sheet, 0, ["yil"], "the header 'Yıl / Year'")
    _expect(grid, path, sheet, hdr, 1, ["ay"], "the header 'Ay / Month'")
    sec_row, adj_row = hdr - 2, hdr - 1
    sections: dict[int, tuple[str, str, str]] = {}
    for c in range(2, grid.shape[1]):
        v = _cell(grid, sec_row, c)
        if v is None:
            continue
        lines = [x.strip() for x in str(v).split("\n") if x.strip()]
        m = re.match(r"^([A-U](?:-[A-U])?)\s+-\s+(.+)$", lines[0]) if lines else None
        m_en = re.match(r"^([A-U](?:-[A-U])?)\s+-\s+(.+)$", lines[1]) if len(lines) > 1 else None
        if not m:
            raise _fail(path, sheet, sec_row, c, v, "a NACE section header such as 'C - İmalat\\nC - Manufacturing'")
        sections[c] = (m.group(1), m.group(2), m_en.group(2) if m_en else "")
    if not sections:
        raise LayoutError(f"{where(path, sheet, row0=sec_row)}: no NACE section headers; expected e.g. 'C - İmalat'")
    cols: list[tuple[int, str, tuple[str, str, str]]] = []
    for c, sec in sections.items():
        width = min([d - c for d in sections if d > c], default=grid.shape[1] - c)
        found = {}
        for k in range(width):
            key = _text(grid, adj_row, c + k)
            for prefix, adj in PAID_ADJUSTMENTS:
                if key.startswith(prefix):
                    _expect(grid, path, sheet, hdr, c + k, ["ucretli calisan sayisi"], f"the number of paid employees ({adj}) of section {sec[0]}")
                    found[adj] = c + k
        missing = [a for _, a in PAID_ADJUSTMENTS if a not in found]
        if missing:
            raise LayoutError(f"{where(path, sheet, row0=adj_row)}: section {sec[0]} (column {column_letter(c)}) has no "
                              f"column for {missing}; expected 'Arındırılmamış', 'Takvim etkilerinden arındırılmış', "
                              f"'Mevsim etkisinden arındırılmış'")
        cols += [(col, adj, sec) for adj, col in found.items()]

    records, year, months = [], None, []
    for r in range(hdr + 1, grid.shape[0]):
        y, m = _cell(grid, r, 0), _cell(grid, r, 1)
        if m is None:
            if y is None:
                continue
            break  # source lines
        if y is not None:
            year = _year_of(y)
            if year is None:
                raise _fail(path, sheet, r, 0, y, "a year (e.g. 2009)")
        month = _year_of(m) if not isinstance(m, str) else (int(m) if m.strip().isdigit() else None)
        if year is None or month is None or not 1 <= month <= 12:
            raise _fail(path, sheet, r, 1 if year is not None else 0, m if year is not None else y, "a year and a month 01–12")
        months.append((year, month, r))
        for c, adj, (code, tr, en) in cols:
            v = parse_tr_number(_cell(grid, r, c), where(path, sheet, r, c))
            records.append((year, month, code, tr, en, adj, v, r + 1))
    if not months:
        raise LayoutError(f"{where(path, sheet)}: no monthly rows below the header row {hdr + 1}")
    for (y0, m0, _), (y1, m1, r1) in zip(months, months[1:]):
        if (y1 * 12 + m1) - (y0 * 12 + m0) != 1:
            raise _fail(path, sheet, r1, 1, _cell(grid, r1, 1), f"the month after {y0}-{m0:02d}")
    title_years = _title_years(grid, path, sheet)
    _check_years([y for y, _, _ in months], title_years, path, sheet, "the monthly rows")
    df = pd.DataFrame.from_records(records, columns=[
        "year", "month", "nace_section", "nace_label_tr", "nace_label_en", "adjustment", "value", "source_row"])
    df["is_aggregate"] = df["nace_section"].str.contains("-", regex=False)
    df["source_file"] = path.name
    df["year"] = df["year"].astype("int64")
    df["month"] = df["month"].astype("int64")
    return df[["year", "month", "nace_section", "nace_label_tr", "nace_label_en", "is_aggregate", "adjustment",
               "value", "source_file", "source_row"]]


# --------------------------------------------------------------------------------------------------
# Well-being index of provinces, 2015 (CSV converted from the TRmaps R data file)
# --------------------------------------------------------------------------------------------------
#: Indicator code (as in the file) → (dimension, English label). The file carries no Turkish labels.
WELLBEING_INDICATORS: dict[str, tuple[str, str]] = {
    "rooms_per_person": ("housing", "Number of rooms per person"),
    "toilet_in_dwellings": ("housing", "Percentage of households with a toilet in the dwelling"),
    "prob_quality_of_dwellings": ("housing", "Percentage of households with problems of dwelling quality"),
    "emp_rate": ("work_life", "Employment rate (%)"),
    "unemp_rate": ("work_life", "Unemployment rate (%)"),
    "avr_daily_earnings": ("work_life", "Average daily earnings (TL)"),
    "job_sat_rate": ("work_life", "Job satisfaction rate (%)"),
    "sav_dep_pc": ("income_wealth", "Savings deposits per capita (TL)"),
    "perc_hh_middle_or_higher_inc_groups": ("income_wealth", "Percentage of households in middle or higher income groups"),
    "perc_hh_fail_basic_needs": ("income_wealth", "Percentage of households failing to meet basic needs"),
    "infant_mort_rate": ("health", "Infant mortality rate (per thousand)"),
    "life_exp": ("health", "Life expectancy at birth (years)"),
    "applications_per_doctor": ("health", "Number of applications per doctor"),
    "sat_rate_with_health_status": ("health", "Satisfaction rate with own health status (%)"),
    "sat_rate_with_pub_health_serv": ("health", "Satisfaction rate with public health services (%)"),
    "net_schooling_ages_3_5": ("education", "Net schooling ratio of pre-primary education, ages 3–5 (%)"),
    "TEOG_avr_score": ("education", "Average TEOG score (transition to secondary education)"),
    "YGS_avr_score": ("education", "Average YGS score (university entrance)"),
    "perc_higher_educ": ("education", "Percentage of higher education graduates"),
    "sat_rate_with_pub_educ_serv": ("education", "Satisfaction rate with public education services (%)"),
    "air_pollution": ("environment", "Air pollution (PM10 station average, µg/m³)"),
    "forest_area_per_km2": ("environment", "Forest area per km²"),
    "perc_waste_serv": ("environment", "Percentage of population receiving waste services"),
    "perc_street_noise": ("environment", "Percentage of households with noise problems from the street"),
    "sat_rate_municipal_clean_serv": ("environment", "Satisfaction rate with municipal cleaning services (%)"),
    "murder_rate_per_million": ("safety", "Murder rate (per million)"),
    "num_traf_acc_per1000": ("safety", "Number of traffic accidents involving death or injury (per thousand)"),
    "perc_safe_walk_alone_at_night": ("safety", "Percentage of people feeling safe walking alone at night"),
    "sat_rate_pub_safety_serv": ("safety", "Satisfaction rate with public safety services (%)"),
    "voter_turnout_local": ("civic_engagement", "Voter turnout in local elections (%)"),
    "polit_party_membership": ("civic_engagement", "Rate of membership of political parties (%)"),
    "union_assoc_membership": ("civic_engagement", "Percentage of people interested in union/association activities"),
    "number_internet_subs_per100": ("access_to_infrastructure", "Number of internet subscriptions (per hundred)"),
    "access_to_sewerage": ("access_to_infrastructure", "Access to sewerage and pipe system (% of population)"),
    "access_to_airport": ("access_to_infrastructure", "Access to airport (population-weighted)"),
    "sat_rate_pub_trans_serv": ("access_to_infrastructure", "Satisfaction rate with municipal public transport (%)"),
    "num_cin_theat_per100": ("social_life", "Number of cinema and theatre audiences (per hundred)"),
    "shopping_mall_area_per1000(m2)": ("social_life", "Shopping mall area per thousand persons (m²)"),
    "sat_rate_social_relations": ("social_life", "Satisfaction rate with social relations (%)"),
    "sat_rate_social_life": ("social_life", "Satisfaction rate with social life (%)"),
    "happiness_level": ("life_satisfaction", "Level of happiness (%)"),
}


def read_wellbeing_2015(path: Path | str) -> pd.DataFrame:
    """Well-being index of provinces 2015 (İllerde Yaşam Endeksi): 81 provinces × 41 indicators.

    Returns ``plate``, ``province_label`` (as printed), ``indicator`` (the file's code, e.g.
    ``emp_rate``), ``dimension``, ``label_en``, ``value``, ``source_file``, ``source_row``.
    Indicator values are the published raw indicator values (not the 0–1 index scores).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty (0 bytes); expected the well-being CSV")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in ("name_eng", "province"):
        if col not in raw.columns:
            raise LayoutError(f"{path}: no column {col!r}; found {list(raw.columns)[:5]}…; expected 'name_eng', "
                              f"'province' and the indicator columns")
    unknown = [c for c in raw.columns if c not in WELLBEING_INDICATORS and c not in ("name_eng", "province")]
    missing = [c for c in WELLBEING_INDICATORS if c not in raw.columns]
    if unknown or missing:
        raise LayoutError(f"{path}: indicator columns do not match: unknown {unknown}, missing {missing}")
    plates = []
    for i, (label, eng) in enumerate(zip(raw["province"], raw["name_eng"])):
        try:
            p = provinces.resolve(label)
        except ValueError as exc:
            raise LayoutError(f"{path}, row {i + 2}, column 'province': {exc}") from exc
        if provinces.resolve(eng) != p:
            raise LayoutError(f"{path}, row {i + 2}, column 'name_eng': found {eng!r}; expected the name of {label!r}")
        plates.append(p)
    _check_81(plates, path, None, "rows")
    raw = raw.assign(plate=plates, source_row=np.arange(len(raw)) + 2)
    long = raw.melt(id_vars=["plate", "province", "source_row"], value_vars=list(WELLBEING_INDICATORS),
                    var_name="indicator", value_name="raw")
    long["value"] = [_parse_plain(v, f"{path}, row {r}, column {c!r}")
                     for v, r, c in zip(long["raw"], long["source_row"], long["indicator"])]
    long["dimension"] = long["indicator"].map(lambda k: WELLBEING_INDICATORS[k][0])
    long["label_en"] = long["indicator"].map(lambda k: WELLBEING_INDICATORS[k][1])
    long["source_file"] = path.name
    long = long.rename(columns={"province": "province_label"})
    order = {k: i for i, k in enumerate(WELLBEING_INDICATORS)}
    long = long.assign(_o=long["indicator"].map(order)).sort_values(["plate", "_o"])
    long["plate"] = long["plate"].astype("int64")
    return long[["plate", "province_label", "indicator", "dimension", "label_en", "value", "source_file",
                 "source_row"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Schemas and table specs
# --------------------------------------------------------------------------------------------------


def _region_columns() -> dict[str, pa.Column]:
    return {
        "region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE.pattern)),
        "region_level": pa.Column(str, pa.Check.isin(list(REGION_LEVELS.values()))),
        "plate": nullable_plate(),
    }


def _plate_only_on_nuts3(df: pd.DataFrame) -> bool:
    return bool(((df["region_level"] == "NUTS3") == df["plate"].notna()).all())


_PLATE_CHECK = pa.Check(_plate_only_on_nuts3, error="plate is set on NUTS3 rows and only there")

GDP_VOLUME_SCHEMA = pa.DataFrameSchema(
    {**_region_columns(), "year": year_column(),
     "activity": pa.Column(str, pa.Check.isin(list(ACTIVITIES))),
     "is_a10_leaf": pa.Column(bool),
     "measure": pa.Column(str, pa.Check.isin([m for m, _ in VOLUME_MEASURES])),
     "value": pa.Column("float64", nullable=True, coerce=True)},
    checks=[_PLATE_CHECK], unique=["region_code", "year", "activity", "measure"], strict=False,
)
GDP_CURRENT_SCHEMA = pa.DataFrameSchema(
    {**_region_columns(), "year": year_column(),
     "activity": pa.Column(str, pa.Check.isin(list(ACTIVITIES))),
     "is_a10_leaf": pa.Column(bool),
     "value_thousand_tl": pa.Column("float64", nullable=True, coerce=True)},
    checks=[_PLATE_CHECK], unique=["region_code", "year", "activity"],
)
POPULATION_SCHEMA = pa.DataFrameSchema(
    {"plate": plate_column(), "year": year_column(),
     "age_group": pa.Column(str, pa.Check.isin(["total", *AGE_GROUPS])),
     "sex": pa.Column(str, pa.Check.isin(list(SEXES.values()))),
     "population": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True)},
    unique=["plate", "year", "age_group", "sex"],
)
LABOUR_MARKET_SCHEMA = pa.DataFrameSchema(
    {**_region_columns(), "year": year_column(),
     "indicator": pa.Column(str, pa.Check.isin(list(LFS_INDICATORS.values()))),
     "value": pa.Column("float64", pa.Check.in_range(0, 100), nullable=True, coerce=True),
     "ci_lower": pa.Column("float64", pa.Check.in_range(0, 100), nullable=True, coerce=True),
     "ci_upper": pa.Column("float64", pa.Check.in_range(0, 100), nullable=True, coerce=True),
     "use_with_caution": pa.Column(bool)},
    checks=[_PLATE_CHECK], unique=["region_code", "year", "indicator"],
)
SES_PROVINCE_SCHEMA = pa.DataFrameSchema(
    {"plate": plate_column(), "year": year_column(),
     "ses_score": pa.Column("float64", pa.Check.gt(0), coerce=True),
     "ses_rank": pa.Column("int64", pa.Check.in_range(1, 81), coerce=True),
     "households_total": pa.Column("float64", pa.Check.ge(0), coerce=True),
     **{c: pa.Column("float64", pa.Check.ge(0), coerce=True) for c in SES_CLASSES_PROVINCE.values()}},
    unique=["plate"],
)
SES_DISTRICT_SCHEMA = pa.DataFrameSchema(
    {"plate": plate_column(), "year": year_column(),
     "district": pa.Column(str, nullable=True),
     "area_level": pa.Column(str, pa.Check.isin(["province", "district"])),
     "ses_score": pa.Column("float64", pa.Check.gt(0), coerce=True),
     "rank_in_province": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
     **{c: pa.Column("float64", pa.Check.in_range(0, 100), coerce=True) for c in SES_CLASSES_DISTRICT.values()}},
    unique=["plate", "district"],
)
PAID_EMPLOYEES_SCHEMA = pa.DataFrameSchema(
    {"year": year_column(), "month": pa.Column("int64", pa.Check.in_range(1, 12), coerce=True),
     "nace_section": pa.Column(str, pa.Check.str_matches(r"^[A-U](-[A-U])?$")),
     "adjustment": pa.Column(str, pa.Check.isin([a for _, a in PAID_ADJUSTMENTS])),
     "value": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True)},
    unique=["year", "month", "nace_section", "adjustment"],
)
WELLBEING_SCHEMA = pa.DataFrameSchema(
    {"plate": plate_column(), "indicator": pa.Column(str, pa.Check.isin(list(WELLBEING_INDICATORS))),
     "value": pa.Column("float64", nullable=True, coerce=True)},
    unique=["plate", "indicator"],
)


def _one(name: str):
    return lambda: [paths.RAW_TUIK / name]


def _single(reader):
    return lambda files: reader(files[0])


TABLES: list[TableSpec] = [
    TableSpec("gdp_volume", "tuik", "GDP by province and A10 activity, chain-linked volume (thousand TL, 2009 "
              "prices), index 2009=100 and % change, 2004–2023 (TR + 81 NUTS-3)",
              _one(GDP_VOLUME_FILE), _single(read_gdp_volume), GDP_VOLUME_SCHEMA, version="1"),
    TableSpec("gdp_current", "tuik", "GDP by province and A10 activity at current prices (thousand TL), 2023",
              _one(GDP_CURRENT_FILE), _single(read_gdp_current), GDP_CURRENT_SCHEMA, version="1"),
    TableSpec("population", "tuik", "Population by province, age group and sex (ADNKS, 31 December), 2007–2024",
              _one(POPULATION_FILE), _single(read_population), POPULATION_SCHEMA, version="1"),
    TableSpec("labour_market", "tuik", "Employment and unemployment rate by province (LFS) with 95% "
              "confidence intervals, 2022–2024",
              lambda: [paths.RAW_TUIK / EMPLOYMENT_RATE_FILE, paths.RAW_TUIK / UNEMPLOYMENT_RATE_FILE],
              read_labour_market, LABOUR_MARKET_SCHEMA, version="1"),
    TableSpec("ses_province", "tuik", "Socio-economic status score of provinces and households by SES class, 2023",
              _one(SES_PROVINCE_FILE), _single(read_ses_province), SES_PROVINCE_SCHEMA, version="1"),
    TableSpec("ses_district", "tuik", "Socio-economic status score and household shares by SES class, "
              "provinces and districts, 2023",
              _one(SES_DISTRICT_FILE), _single(read_ses_district), SES_DISTRICT_SCHEMA, version="1"),
    TableSpec("paid_employees", "tuik", "Paid employees by NACE Rev.2 section, Türkiye, monthly 2009-01 to "
              "2025-10, raw, calendar adjusted and seasonally and calendar adjusted",
              _one(PAID_EMPLOYEES_FILE), _single(read_paid_employees), PAID_EMPLOYEES_SCHEMA, version="1"),
    TableSpec("wellbeing_2015", "tuik", "Well-being index of provinces 2015: 41 indicator values by province",
              _one(WELLBEING_FILE), _single(read_wellbeing_2015), WELLBEING_SCHEMA, version="1"),
]
