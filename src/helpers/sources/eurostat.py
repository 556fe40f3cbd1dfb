"""Readers for Eurostat bulk-download TSV files in ``data/raw/eurostat/``.

A Eurostat bulk TSV has one header line ``unit,nace_r2,age,geo\\time<TAB>2015 <TAB>2014 …``: the row
key is a comma-separated list of dimension codes, then one column per period. Each cell is a value
followed by a space and optional flags (``"761.2 b"``), or ``":"`` when not available (``": c"``
when confidential, ``": u"`` when too unreliable to publish). ``:`` is missing, never zero.

Flags (Eurostat): ``b`` break in time series, ``u`` low reliability, ``c`` confidential; they are
combined as printed (``"bu"``, ``"bc"``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import paths, provinces
from helpers.pipeline import TableSpec
from helpers.schemas import year_column
from helpers.provinces import REGION_CODE, region_level
from helpers.sources._workbook import LayoutError

LFS_NUTS2_FILE = "lfst_r_lfe2en2_TR.tsv"

#: NACE Rev.2 section groups of lfst_r_lfe2en2 (Eurostat codes, kept as given; NRP = no response).
NACE_GROUPS: tuple[str, ...] = ("A", "B-E", "F", "G-I", "J", "K", "L", "M_N", "O-Q", "R-U", "TOTAL", "NRP")
AGES: tuple[str, ...] = ("Y15-24", "Y25-64", "Y15-64", "Y65-74", "Y_GE15")
FLAG_LETTERS = frozenset("bcu")
_CELL = re.compile(r"^(?P<value>:|[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?P<flag>[a-z]*)$")


def parse_cell(text: str, where: str = "") -> tuple[float, str]:
    """``"761.2 b"`` → ``(761.2, "b")``; ``": bc"`` → ``(nan, "bc")``; ``"732.1 "`` → ``(732.1, "")``.

    Anything else raises ``ValueError`` naming the cell.

    >>> parse_cell("761.2 b"), parse_cell(": c")[1], parse_cell("0.5 u")
    ((761.2, 'b'), 'c', (0.5, 'u'))
    """
    m = _CELL.match(text.strip())
    if not m or not set(m.group("flag")) <= FLAG_LETTERS:
        prefix = f"{where}: " if where else ""
        raise ValueError(f"{prefix}found {text!r}; expected a Eurostat value such as '761.2', '761.2 b' or ': c' "
                         f"(number or ':' followed by flags among b, c, u)")
    v = m.group("value")
    return (np.nan if v == ":" else float(v)), m.group("flag")


def read_bulk_tsv(path: Path | str) -> pd.DataFrame:
    """Any Eurostat bulk TSV as a long table: one column per dimension, ``year``, ``value``, ``flag``,
    ``source_row`` (line number in the file, 1-based)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty (0 bytes); expected a Eurostat bulk TSV")
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    header = lines[0].split("\t")
    key = header[0]
    if "\\" not in key:
        raise LayoutError(f"{path}, line 1, column 1: found {key!r}; expected the Eurostat key header such as "
                          f"'unit,nace_r2,age,geo\\time'")
    dims_text, time_dim = key.split("\\", 1)
    dims = [d.strip() for d in dims_text.split(",")]
    if time_dim.strip() != "time":
        raise LayoutError(f"{path}, line 1, column 1: found {key!r}; expected the key to end in '\\time'")
    years = []
    for j, h in enumerate(header[1:], start=2):
        if not re.fullmatch(r"\s*\d{4}\s*", h):
            raise LayoutError(f"{path}, line 1, column {j}: found {h!r}; expected a year (annual data)")
        years.append(int(h))
    if sorted(years) != list(range(min(years), max(years) + 1)) or min(years) < 1990 or max(years) > 2030:
        raise LayoutError(f"{path}, line 1: years {years}; expected consecutive years within 1990–2030")
    records = []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise LayoutError(f"{path}, line {i}: found {len(cells)} tab-separated fields; expected {len(header)} "
                              f"(the key and {len(years)} years)")
        codes = [c.strip() for c in cells[0].split(",")]
        if len(codes) != len(dims):
            raise LayoutError(f"{path}, line {i}, column 1: found {cells[0]!r}; expected {len(dims)} codes for {dims}")
        for year, cell in zip(years, cells[1:]):
            value, flag = parse_cell(cell, f"{path}, line {i}, column {year}")
            records.append((*codes, year, value, flag, i))
    if not records:
        raise LayoutError(f"{path}: no data lines below the header")
    return pd.DataFrame.from_records(records, columns=[*dims, "year", "value", "flag", "source_row"])


def read_lfs_nuts2(path: Path | str) -> pd.DataFrame:
    """Employment (thousand persons, LFS) by NUTS-2 region and NACE Rev.2 section group, Turkish rows
    of Eurostat's lfst_r_lfe2en2, 2008–2015.

    Returns ``region_code`` (TR, TR1–TRC, TR10–TRC3), ``region_level`` (``TR``, ``NUTS1``,
    ``NUTS2``), ``year``, ``nace_group`` (Eurostat codes: A, B-E, F, G-I, J, K, L, M_N, O-Q, R-U,
    TOTAL, NRP = no response), ``sex`` (``"T"``: the copy has no sex dimension; its figures are both
    sexes — TR 2015 TOTAL Y_GE15 = 26,618.5 thousand, TÜİK's total employment), ``age``, ``unit``,
    ``value_thousand`` (NaN where ``:``), ``flag``, ``low_reliability`` (``u``), ``series_break``
    (``b``), ``confidential`` (``c``), ``source_file``, ``source_row``.
    """
    path = Path(path)
    df = read_bulk_tsv(path)
    need = {"unit", "nace_r2", "age", "geo"}
    if not need <= set(df.columns):
        raise LayoutError(f"{path}, line 1: dimensions {[c for c in df.columns if c not in ('year', 'value', 'flag', 'source_row')]}; "
                          f"expected {sorted(need)} (and optionally sex)")
    if "sex" not in df.columns:
        df["sex"] = "T"
    for col, allowed in (("unit", {"THS"}), ("nace_r2", set(NACE_GROUPS)), ("age", set(AGES)), ("sex", {"T", "M", "F"})):
        bad = ~df[col].isin(allowed)
        if bad.any():
            row = df.loc[bad].iloc[0]
            raise LayoutError(f"{path}, line {row['source_row']}, column 1: found {col} {row[col]!r}; expected one of {sorted(allowed)}")
    bad = ~df["geo"].str.match(REGION_CODE.pattern)
    if bad.any():
        row = df.loc[bad].iloc[0]
        raise LayoutError(f"{path}, line {row['source_row']}, column 1: found geo {row['geo']!r}; expected a Turkish "
                          f"region code (the file holds the Turkish rows only)")
    df["region_level"] = df["geo"].map(region_level)
    nuts2_expected = set(provinces.table()["nuts2"])
    nuts2_found = set(df.loc[df["region_level"] == "NUTS2", "geo"])
    if nuts2_found != nuts2_expected:
        raise LayoutError(f"{path}: NUTS-2 regions found {len(nuts2_found)}; expected the 26 Turkish NUTS-2 regions "
                          f"(missing {sorted(nuts2_expected - nuts2_found)}, unknown {sorted(nuts2_found - nuts2_expected)})")
    out = pd.DataFrame({
        "region_code": df["geo"], "region_level": df["region_level"], "year": df["year"].astype("int64"),
        "nace_group": df["nace_r2"], "sex": df["sex"], "age": df["age"], "unit": df["unit"],
        "value_thousand": df["value"].astype("float64"), "flag": df["flag"],
        "low_reliability": df["flag"].str.contains("u", regex=False),
        "series_break": df["flag"].str.contains("b", regex=False),
        "confidential": df["flag"].str.contains("c", regex=False),
        "source_file": path.name, "source_row": df["source_row"].astype("int64"),
    })
    lvl = {"TR": 0, "NUTS1": 1, "NUTS2": 2}
    out = out.assign(_l=out["region_level"].map(lvl))
    return out.sort_values(["_l", "region_code", "nace_group", "age", "year"]).drop(columns="_l").reset_index(drop=True)


LFS_NUTS2_SCHEMA = pa.DataFrameSchema(
    {"region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE.pattern)),
     "region_level": pa.Column(str, pa.Check.isin(["TR", "NUTS1", "NUTS2"])),
     "year": year_column(),
     "nace_group": pa.Column(str, pa.Check.isin(list(NACE_GROUPS))),
     "sex": pa.Column(str, pa.Check.isin(["T", "M", "F"])),
     "age": pa.Column(str, pa.Check.isin(list(AGES))),
     "value_thousand": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True),
     "flag": pa.Column(str, pa.Check.str_matches(r"^[bcu]*$")),
     "low_reliability": pa.Column(bool), "series_break": pa.Column(bool)},
    unique=["region_code", "year", "nace_group", "sex", "age"],
)

TABLES: list[TableSpec] = [
    TableSpec("lfs_nuts2", "eurostat", "Employment (thousand, LFS) by NUTS-2 region, NACE Rev.2 section group and "
              "age, Türkiye, 2008–2015 (Eurostat lfst_r_lfe2en2, with flags)",
              lambda: [paths.RAW_EUROSTAT / LFS_NUTS2_FILE], lambda files: read_lfs_nuts2(files[0]),
              LFS_NUTS2_SCHEMA, version="1"),
]
