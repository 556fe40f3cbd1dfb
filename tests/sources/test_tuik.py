"""TÜİK readers on the real raw files: published figures, hand-checkable identities, schemas, and the
pipeline's caching (built → fresh → rebuilt with force)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import paths, pipeline
from helpers.schemas import TableValidationError, validate_table
from helpers.sources import tuik
from helpers.sources._workbook import parse_tr_number

RAW = paths.RAW_TUIK


@pytest.fixture(scope="module")
def gdp_current() -> pd.DataFrame:
    return tuik.read_gdp_current(RAW / tuik.GDP_CURRENT_FILE)


@pytest.fixture(scope="module")
def gdp_volume() -> pd.DataFrame:
    return tuik.read_gdp_volume(RAW / tuik.GDP_VOLUME_FILE)


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return tuik.read_population(RAW / tuik.POPULATION_FILE)


@pytest.fixture(scope="module")
def labour() -> pd.DataFrame:
    return tuik.read_labour_market([RAW / tuik.EMPLOYMENT_RATE_FILE, RAW / tuik.UNEMPLOYMENT_RATE_FILE])


def _value(df: pd.DataFrame, col: str = "value", **keys) -> float:
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"{keys}: {len(sel)} rows"
    return float(sel[col].iloc[0])


# --- parse_tr_number -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1.234", 1234.0), ("1.234,5", 1234.5), ("12.345.678", 12345678.0), ("-1.234,25", -1234.25),
    ("1234,5", 1234.5), ("12,5", 12.5), ("1234.5", 1234.5), ("0.123", 0.123), ("1.5", 1.5),
    (" 7 ", 7.0), ("\u00a01.000\u00a0", 1000.0), (42, 42.0), (3.25, 3.25), (np.int64(5), 5.0),
])
def test_parse_tr_number_values(text, expected):
    assert parse_tr_number(text) == expected


@pytest.mark.parametrize("mark", ["-", "..", "*", "", "  ", None, float("nan")])
def test_parse_tr_number_missing_marks_are_nan_not_zero(mark):
    assert math.isnan(parse_tr_number(mark))


@pytest.mark.parametrize("bad", ["abc", "1,234.5", "1.23.4", "12%", "1 234", True, "--"])
def test_parse_tr_number_rejects_anything_else_naming_the_value(bad):
    with pytest.raises(ValueError, match=r"cannot read .* as a number") as exc:
        parse_tr_number(bad, where="table.xls, cell B7")
    assert repr(bad) in str(exc.value) and "table.xls, cell B7" in str(exc.value)


# --- GDP at current prices, 2023 -------------------------------------------------------------------

def test_gdp_current_turkiye_total_to_the_digit(gdp_current):
    # Türkiye's 2023 GDP at current prices in this file: 26,545,721,796.8194 thousand TL, i.e.
    # 26 trillion 545 billion 722 million TL — the figure of TÜİK's provincial GDP release for 2023
    # (İstanbul's 8 trillion 60 billion 358 million TL = 30.4 % of it). TÜİK's first annual estimate
    # (Feb 2024, before the revision) was about 26.3 trillion TL.
    tr = _value(gdp_current, "value_thousand_tl", region_code="TR", activity="GDP")
    assert round(tr, 4) == 26_545_721_796.8194
    assert round(tr / 1000) == 26_545_722  # million TL
    ist = _value(gdp_current, "value_thousand_tl", plate=34, activity="GDP")
    assert round(ist / 1000) == 8_060_358  # published: 8 trilyon 60 milyar 358 milyon TL
    assert round(100 * ist / tr, 1) == 30.4


def test_gdp_current_provinces_sum_to_turkiye(gdp_current):
    n3 = gdp_current[gdp_current["region_level"] == "NUTS3"]
    assert n3["plate"].nunique() == 81 and len(n3) == 81 * len(tuik.ACTIVITIES)
    tr = gdp_current[gdp_current["region_code"] == "TR"].set_index("activity")["value_thousand_tl"]
    sums = n3.groupby("activity")["value_thousand_tl"].sum()
    np.testing.assert_allclose(sums[tr.index], tr, rtol=1e-9)
    # and the ten A10 activities add up to GVA, GVA + taxes to GDP (C is inside B-E)
    leaves = gdp_current[gdp_current["is_a10_leaf"]]
    assert set(leaves["activity"]) == set(tuik.A10_LEAVES)
    gva = leaves.groupby("region_code")["value_thousand_tl"].sum()
    np.testing.assert_allclose(gva, gdp_current[gdp_current["activity"] == "GVA"].set_index("region_code")["value_thousand_tl"][gva.index], rtol=1e-9)


def test_gaziantep_manufacturing_share_2023(gdp_current):
    c = _value(gdp_current, "value_thousand_tl", plate=27, activity="C")
    gva = _value(gdp_current, "value_thousand_tl", plate=27, activity="GVA")
    gdp = _value(gdp_current, "value_thousand_tl", plate=27, activity="GDP")
    assert round(c) == 174_711_978 and round(gdp / 1000) == 501_125  # million TL
    assert round(100 * c / gva, 2) == 39.32  # manufacturing share of Gaziantep's value added
    tr_share = _value(gdp_current, "value_thousand_tl", region_code="TR", activity="C") / \
        _value(gdp_current, "value_thousand_tl", region_code="TR", activity="GVA")
    assert round(100 * tr_share, 2) == 22.05  # Türkiye: Gaziantep is ~1.8 times as specialised


def test_gdp_current_columns(gdp_current):
    for col in ["region_code", "region_level", "plate", "year", "activity", "value_thousand_tl"]:
        assert col in gdp_current.columns
    assert gdp_current["plate"].dtype == "Int64"
    assert gdp_current.loc[gdp_current["region_code"] == "TR", "plate"].isna().all()
    assert set(gdp_current["year"]) == {2023}


# --- GDP chain-linked volume, 2004–2023 ------------------------------------------------------------

def test_gdp_volume_shape_and_levels(gdp_volume):
    assert set(gdp_volume["year"]) == set(range(2004, 2024))
    # Only Türkiye and the 81 provinces are in this copy (no NUTS-1/NUTS-2 rows).
    assert gdp_volume.groupby("region_level")["region_code"].nunique().to_dict() == {"NUTS3": 81, "TR": 1}
    assert len(gdp_volume) == 82 * 20 * len(tuik.ACTIVITIES) * 3
    assert set(gdp_volume["measure"]) == {"volume_thousand_tl_2009", "index_2009_100", "change_pct"}
    assert (gdp_volume.loc[gdp_volume["region_code"] == "TR", "region_name"] == "Türkiye").all()


def test_gdp_volume_index_is_100_in_2009_and_first_change_missing(gdp_volume):
    idx = gdp_volume[(gdp_volume["measure"] == "index_2009_100") & (gdp_volume["year"] == 2009)]["value"]
    np.testing.assert_allclose(idx, 100.0, atol=1e-6)
    first = gdp_volume[(gdp_volume["measure"] == "change_pct") & (gdp_volume["year"] == 2004)]["value"]
    assert first.isna().all()  # printed "-": missing, not zero
    later = gdp_volume[(gdp_volume["measure"] == "change_pct") & (gdp_volume["year"] > 2004)]["value"]
    assert later.notna().all()


def test_gdp_volume_turkiye_growth_2023(gdp_volume):
    # TÜİK: Türkiye's GDP grew 5.1 % in 2023 (chain-linked volume).
    g = _value(gdp_volume, region_code="TR", activity="GDP", measure="change_pct", year=2023)
    assert round(g, 1) == 5.1
    # index / 100 × 2009 volume = volume (hand-checkable)
    v09 = _value(gdp_volume, region_code="TR", activity="GDP", measure="volume_thousand_tl_2009", year=2009)
    v23 = _value(gdp_volume, region_code="TR", activity="GDP", measure="volume_thousand_tl_2009", year=2023)
    i23 = _value(gdp_volume, region_code="TR", activity="GDP", measure="index_2009_100", year=2023)
    assert v23 == pytest.approx(v09 * i23 / 100, rel=1e-9)


# --- Population --------------------------------------------------------------------------------

def _totals(pop: pd.DataFrame) -> pd.DataFrame:
    return pop[(pop["age_group"] == "total") & (pop["sex"] == "total")]


def test_population_gaziantep(population):
    t = _totals(population)
    # ADNKS: Gaziantep 1,844,438 on 31 Dec 2013 and 1,889,466 on 31 Dec 2014. (1,889,466 is
    # sometimes quoted as the 2013 figure; it is the 2014 one, as provinces.csv's POP2014 confirms.)
    assert _value(t, "population", plate=27, year=2013) == 1_844_438
    assert _value(t, "population", plate=27, year=2014) == 1_889_466


def test_population_turkiye_2024_is_sum_of_provinces(population):
    t = _totals(population)
    assert int(t[t["year"] == 2024]["population"].sum()) == 85_664_944  # published ADNKS 2024
    assert int(t[t["year"] == 2007]["population"].sum()) == 70_586_256  # published ADNKS 2007
    assert t.groupby("year")["plate"].nunique().eq(81).all()


def test_population_2014_matches_reference_table_for_all_provinces(population):
    t = _totals(population)
    ref = pd.read_csv(paths.RAW_REFERENCE / "provinces.csv").set_index("CODE")["POP2014"]
    mine = t[t["year"] == 2014].set_index("plate")["population"].astype("int64")
    pd.testing.assert_series_equal(mine.sort_index(), ref.loc[mine.index].sort_index(), check_names=False)


def test_population_identities(population):
    assert len(population) == 81 * 18 * 20 * 3
    w = population.pivot_table(index=["plate", "year", "age_group"], columns="sex", values="population", aggfunc="sum")
    assert (w["male"] + w["female"] == w["total"]).all()
    ages = population[population["age_group"] != "total"].groupby(["plate", "year", "sex"])["population"].sum()
    tot = population[population["age_group"] == "total"].set_index(["plate", "year", "sex"])["population"]
    assert (ages == tot.loc[ages.index]).all()
    assert population["population"].dtype == "Int64"
    assert set(population["age_group"]) == {"total", *tuik.AGE_GROUPS}


# --- Labour market ---------------------------------------------------------------------------------

def test_labour_market(labour):
    assert set(labour["year"]) == {2022, 2023, 2024}
    assert set(labour["indicator"]) == {"employment_rate", "unemployment_rate"}
    assert len(labour) == 82 * 3 * 2  # Türkiye + 81 provinces (the files are province-level)
    # TÜİK LFS 2024: employment rate 49.5 %, unemployment rate 8.7 %.
    assert _value(labour, region_code="TR", year=2024, indicator="employment_rate") == 49.5
    assert _value(labour, region_code="TR", year=2024, indicator="unemployment_rate") == 8.7
    assert (labour["ci_lower"] <= labour["value"]).all() and (labour["value"] <= labour["ci_upper"]).all()
    kilis = labour[(labour["plate"] == 79) & (labour["year"] == 2024) & (labour["indicator"] == "unemployment_rate")]
    assert kilis["use_with_caution"].item() is True  # footnote (1) in the source
    assert labour["use_with_caution"].sum() == 30


# --- SES, paid employees, well-being -------------------------------------------------------------

def test_ses_province_and_district():
    prov = tuik.read_ses_province(RAW / tuik.SES_PROVINCE_FILE)
    assert len(prov) == 81 and sorted(prov["plate"]) == list(range(1, 82))
    assert _value(prov, "ses_rank", plate=6) == 1 and round(_value(prov, "ses_score", plate=6), 2) == 149.66
    dist = tuik.read_ses_district(RAW / tuik.SES_DISTRICT_FILE)
    assert (dist["area_level"] == "district").sum() == 973 and (dist["area_level"] == "province").sum() == 81
    assert dist.loc[dist["area_level"] == "province", "district"].isna().all()
    # the province rows of both tables agree
    both = dist[dist["area_level"] == "province"].merge(prov, on="plate")
    np.testing.assert_allclose(both["ses_score_x"], both["ses_score_y"])
    assert set(dist.loc[dist["shares_inconsistent"], "district"]) >= {"Çınarcık", "Çiftlikköy"}


def test_paid_employees():
    df = tuik.read_paid_employees(RAW / tuik.PAID_EMPLOYEES_FILE)
    months = df[["year", "month"]].drop_duplicates()
    assert len(months) == 202 and tuple(months.iloc[0]) == (2009, 1) and tuple(months.iloc[-1]) == (2025, 10)
    assert set(df["adjustment"]) == {"raw", "calendar_adjusted", "seasonally_calendar_adjusted"}
    assert _value(df, year=2025, month=10, nace_section="B-N", adjustment="raw") == 16_020_394
    raw = df[df["adjustment"] == "raw"].pivot_table(index=["year", "month"], columns="nace_section", values="value")
    assert (raw["B-N"] == raw[["B-E", "F", "G-N"]].sum(axis=1)).all()  # published aggregates add up
    assert (raw["B-E"] == raw[["B", "C", "D", "E"]].sum(axis=1)).all()


def test_wellbeing_2015():
    df = tuik.read_wellbeing_2015(RAW / tuik.WELLBEING_FILE)
    assert len(df) == 81 * 41 and df["plate"].nunique() == 81
    assert _value(df, plate=1, indicator="emp_rate") == 43.3
    assert _value(df, plate=27, indicator="emp_rate") == 43.6
    assert df["dimension"].nunique() == 11


# --- Schemas ---------------------------------------------------------------------------------------

def test_schema_rejects_plate_82_and_year_1800_naming_column_and_value(population):
    bad = population.head(50).copy()
    bad.loc[3, "plate"] = 82
    bad.loc[7, "year"] = 1800
    with pytest.raises(TableValidationError) as exc:
        validate_table(tuik.POPULATION_SCHEMA, bad, table="population")
    msg = str(exc.value)
    assert "column 'plate', value 82" in msg and "column 'year', value 1800" in msg
    assert "source_row=" in msg  # the row of the raw file is named


def test_schema_rejects_plate_on_non_province_rows(gdp_current):
    bad = gdp_current.copy()
    bad.loc[bad["region_code"] == "TR", "plate"] = 6
    with pytest.raises(TableValidationError, match="plate is set on NUTS3 rows"):
        validate_table(tuik.GDP_CURRENT_SCHEMA, bad, table="gdp_current")


def test_every_tuik_table_validates(gdp_current, gdp_volume, population, labour):
    for name, df in [("gdp_current", gdp_current), ("gdp_volume", gdp_volume), ("population", population),
                     ("labour_market", labour)]:
        spec = pipeline.specs()[name]
        validate_table(spec.schema, df, table=name)


# --- Pipeline: build, fresh, force ---------------------------------------------------------------

def test_pipeline_build_population_fresh_then_force(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)  # keep the shared data/processed untouched
    first = pipeline.build("population")
    assert first.status == "built" and first.rows == 81 * 18 * 20 * 3
    assert (tmp_path / "population.parquet").exists() and (tmp_path / "population.meta.json").exists()
    second = pipeline.build("population")
    assert second.status == "fresh"
    third = pipeline.build("population", force=True)
    assert third.status == "built"
    meta = pipeline.read_meta("population")
    assert meta["inputs"] and all(len(v) == 64 for v in meta["inputs"].values())
    back = pd.read_parquet(tmp_path / "population.parquet")
    assert list(back.columns)[:5] == ["plate", "year", "age_group", "sex", "population"]
