"""Eurostat lfst_r_lfe2en2 (Turkish rows): flags, ':' as missing, regions, published totals."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import paths, provenance, provinces
from helpers.schemas import TableValidationError, validate_table
from helpers.sources import eurostat
from helpers.sources._workbook import LayoutError

RAW_FILE = paths.RAW_EUROSTAT / eurostat.LFS_NUTS2_FILE


@pytest.fixture(scope="module")
def lfs() -> pd.DataFrame:
    before = provenance.sha256(RAW_FILE)
    df = eurostat.read_lfs_nuts2(RAW_FILE)
    assert provenance.sha256(RAW_FILE) == before
    return df


def _one(df, **keys):
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, keys
    return sel.iloc[0]


@pytest.mark.parametrize("cell, value, flag", [
    ("732.1 ", 732.1, ""), ("761.2 b", 761.2, "b"), ("0.5 u", 0.5, "u"), ("12.0 bu", 12.0, "bu"),
    (": ", math.nan, ""), (": c", math.nan, "c"), (": bc", math.nan, "bc"), (":", math.nan, ""),
])
def test_parse_cell(cell, value, flag):
    v, f = eurostat.parse_cell(cell)
    assert f == flag and (math.isnan(v) if math.isnan(value) else v == value)


@pytest.mark.parametrize("bad", ["1,5", "n/a", "12.0 x", "abc"])
def test_parse_cell_rejects(bad):
    with pytest.raises(ValueError, match="expected a Eurostat value"):
        eurostat.parse_cell(bad, where="file, line 3, column 2015")


def test_structure(lfs):
    assert set(lfs["year"]) == set(range(2008, 2016))
    levels = lfs.groupby("region_level")["region_code"].nunique().to_dict()
    assert levels == {"TR": 1, "NUTS1": 12, "NUTS2": 26}
    assert set(lfs.loc[lfs["region_level"] == "NUTS2", "region_code"]) == set(provinces.table()["nuts2"])
    assert set(lfs["nace_group"]) == set(eurostat.NACE_GROUPS)
    assert set(lfs["sex"]) == {"T"}  # the copy has no sex dimension: both sexes
    validate_table(eurostat.LFS_NUTS2_SCHEMA, lfs, table="lfs_nuts2")


def test_published_totals(lfs):
    # TÜİK/Eurostat: employment in Türkiye 2015 = 26.6 million (15+), break in series in 2014.
    row = _one(lfs, region_code="TR", nace_group="TOTAL", age="Y_GE15", year=2015)
    assert row["value_thousand"] == 26618.5 and row["flag"] == ""
    row14 = _one(lfs, region_code="TR", nace_group="TOTAL", age="Y_GE15", year=2014)
    assert row14["value_thousand"] == 25930.7 and row14["series_break"] and not row14["low_reliability"]


def test_flags_and_missing(lfs):
    # "THS,A,Y15-24,TR1 … : bc" in 2014 and "1.2 u" in 2012
    r14 = _one(lfs, region_code="TR1", nace_group="A", age="Y15-24", year=2014)
    assert math.isnan(r14["value_thousand"]) and r14["flag"] == "bc" and r14["confidential"] and r14["series_break"]
    r12 = _one(lfs, region_code="TR1", nace_group="A", age="Y15-24", year=2012)
    assert r12["value_thousand"] == 1.2 and r12["low_reliability"] and not r12["series_break"]
    # ':' is missing, never zero
    assert (lfs["value_thousand"] == 0).sum() == 0 and lfs["value_thousand"].isna().sum() == 4922


def test_nuts2_sum_close_to_nuts1(lfs):
    # TR1 (İstanbul) has a single NUTS-2 region TR10: identical figures.
    a = lfs[(lfs["region_code"] == "TR1")].set_index(["year", "nace_group", "age"])["value_thousand"]
    b = lfs[(lfs["region_code"] == "TR10")].set_index(["year", "nace_group", "age"])["value_thousand"]
    pd.testing.assert_series_equal(a.sort_index(), b.loc[a.index].sort_index(), check_names=False)


def test_bad_file(tmp_path):
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    with pytest.raises(ValueError, match="empty"):
        eurostat.read_lfs_nuts2(empty)
    lines = RAW_FILE.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.tsv"
    bad.write_text("\n".join([lines[0], lines[1].replace("732.1 ", "732,1 ")]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv, line 2, column 2015: found '732,1 '"):
        eurostat.read_lfs_nuts2(bad)
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("\n".join([lines[0], lines[1].replace(",TR\t", ",DE1\t")]) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"line 2, column 1: found geo 'DE1'"):
        eurostat.read_lfs_nuts2(wrong)


def test_schema_rejects_bad_year(lfs):
    bad = lfs.head(20).copy()
    bad.loc[2, "year"] = 1800
    with pytest.raises(TableValidationError, match=r"column 'year', value 1800"):
        validate_table(eurostat.LFS_NUTS2_SCHEMA, bad, table="lfs_nuts2")
