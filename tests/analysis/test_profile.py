"""helpers.profile on the real processed TÜİK tables (built from the bundled raw files).

Published facts are pinned with their source; everything else is recomputed here by hand from the
processed table, independently of the function under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import datasets, profile

GAZIANTEP = 27


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return datasets.load("population")


@pytest.fixture(scope="module")
def trend(population) -> pd.DataFrame:
    return profile.population_trend(population, GAZIANTEP)


# --- population -------------------------------------------------------------------------------

def test_population_trend_pins_published_totals(trend):
    assert trend["year"].tolist() == list(range(2007, 2025))
    last = trend.set_index("year").loc[2024]
    # TÜİK ADNKS 31.12.2024: Türkiye 85,664,944 (= sum of the 81 provinces), Gaziantep 2,193,363
    assert last["turkiye"] == 85_664_944
    assert last["population"] == 2_193_363
    assert last["share_pct"] == pytest.approx(100 * 2_193_363 / 85_664_944)
    first = trend.iloc[0]
    assert first["province_index"] == 100 and first["turkiye_index"] == 100
    assert last["province_index"] == pytest.approx(100 * 2_193_363 / first["population"])


def test_population_trend_is_the_sum_of_provinces(population, trend):
    tot = population[(population["age_group"] == "total") & (population["sex"] == "total")
                     & (population["year"] == 2015)]
    assert len(tot) == 81
    assert trend.set_index("year").at[2015, "turkiye"] == int(tot["population"].sum())


def test_population_growth(trend):
    g = profile.population_growth(trend, 2014, 2024)
    t = trend.set_index("year")
    assert g["province_cagr_pct"] == pytest.approx(100 * ((t.at[2024, "population"] / t.at[2014, "population"]) ** 0.1 - 1))
    assert g["turkiye_cagr_pct"] == pytest.approx(100 * ((85_664_944 / t.at[2014, "turkiye"]) ** 0.1 - 1))
    assert g["province_cagr_pct"] > g["turkiye_cagr_pct"]  # Gaziantep grows faster than Türkiye


def test_age_structure(population):
    ages = profile.age_structure(population, GAZIANTEP, 2024)
    assert ages["band"].tolist() == ["0-14", "15-64", "65+"]
    assert ages["province_pct"].sum() == pytest.approx(100) and ages["turkiye_pct"].sum() == pytest.approx(100)
    a = ages.set_index("band")
    # TÜİK "İstatistiklerle Yaşlılar 2024": 65+ share of Türkiye 10.6 %
    assert round(a.at["65+", "turkiye_pct"], 1) == 10.6
    # by hand for the province: the 0-4, 5-9 and 10-14 groups over the province total
    p = population[(population["plate"] == GAZIANTEP) & (population["year"] == 2024) & (population["sex"] == "total")]
    young = p[p["age_group"].isin(["0-4", "5-9", "10-14"])]["population"].sum()
    total = p[p["age_group"] == "total"]["population"].item()
    assert a.at["0-14", "province_pct"] == pytest.approx(100 * young / total)
    assert a.at["0-14", "province_pct"] > a.at["0-14", "turkiye_pct"]  # a young province


# --- value added ------------------------------------------------------------------------------

def test_value_added_structure_gaziantep():
    va = profile.value_added_structure(datasets.load("gdp_current"), GAZIANTEP).set_index("activity")
    assert va.index.tolist() == list(profile.A10_ORDER) == list(profile.A10_LABELS_EN)
    assert va.at["C", "label"] == profile.a10_labels("tr")["C"] and va.at["B-E", "label"] == "Sanayi"
    en = profile.value_added_structure(datasets.load("gdp_current"), GAZIANTEP, lang="en").set_index("activity")
    assert en.at["B-E", "label"] == "Industry"
    # TÜİK provincial GDP 2023 (current prices): manufacturing is 39.32 % of Gaziantep's value
    # added and 22.05 % of Türkiye's
    assert round(va.at["C", "province_pct"], 2) == 39.32
    assert round(va.at["C", "turkiye_pct"], 2) == 22.05
    assert va.at["C", "lq"] == pytest.approx(va.at["C", "province_pct"] / va.at["C", "turkiye_pct"])
    assert va.at["C", "label_en"] == "of which manufacturing"
    leaves = va.drop(index="C")
    assert leaves["province_pct"].sum() == pytest.approx(100) and leaves["turkiye_pct"].sum() == pytest.approx(100)
    assert va.at["C", "province_pct"] < va.at["B-E", "province_pct"]  # C is part of B-E
    for act in leaves.index:
        assert leaves.at[act, "lq"] == pytest.approx(leaves.at[act, "province_pct"] / leaves.at[act, "turkiye_pct"])


# --- real growth ------------------------------------------------------------------------------

def test_real_growth():
    rg = profile.real_growth(datasets.load("gdp_volume"), GAZIANTEP)
    assert rg["year"].tolist() == list(range(2004, 2024))
    at2009 = rg.set_index("year").loc[2009]
    assert at2009["province"] == pytest.approx(100) and at2009["turkiye"] == pytest.approx(100)  # 2009 = 100
    s = profile.real_growth_summary(rg)
    assert (s["start"], s["end"]) == (2004, 2023)
    g = rg.set_index("year")
    assert s["province_cagr_pct"] == pytest.approx(100 * ((g.at[2023, "province"] / g.at[2004, "province"]) ** (1 / 19) - 1))
    assert s["turkiye_cagr_pct"] == pytest.approx(100 * ((g.at[2023, "turkiye"] / g.at[2004, "turkiye"]) ** (1 / 19) - 1))


def test_real_growth_summary_on_a_toy_table():
    toy = pd.DataFrame({"year": [2010, 2012], "province": [100.0, 121.0], "turkiye": [100.0, 100.0]})
    s = profile.real_growth_summary(toy)
    assert s == pytest.approx({"start": 2010, "end": 2012, "province_cagr_pct": 10.0, "turkiye_cagr_pct": 0.0})


# --- exports ----------------------------------------------------------------------------------

def test_exports_months_and_shares():
    trade = datasets.load("trade_monthly")
    ex = profile.exports(trade, GAZIANTEP).set_index("year")
    assert ex.index.tolist() == list(range(2013, 2021))
    # TÜİK provincial foreign trade: the 2020 figures cover January–September only
    assert ex.at[2020, "months"] == 9
    assert (ex.loc[2013:2019, "months"] == 12).all()
    t = trade[(trade["currency"] == "USD") & (trade["year"] == 2019) & (trade["flow"] == "export")]
    mine = t.loc[t["plate"] == GAZIANTEP, "value"].sum()
    assert ex.at[2019, "exports_musd"] == pytest.approx(mine / 1e6)
    assert ex.at[2019, "export_share_pct"] == pytest.approx(100 * mine / t["value"].sum())
    assert ex["imports_musd"].notna().all()
    # TÜİK general trade system: Türkiye exported 180,832.7 million USD in 2019 (provinces + unspecified
    # + confidential rows)
    assert 100 * ex.at[2019, "exports_musd"] / ex.at[2019, "export_share_pct"] == pytest.approx(180_832.7, abs=0.1)


def test_exports_on_a_toy_table():
    trade = pd.DataFrame({
        "plate": [1, 1, 2, 2, 1], "year": [2020] * 4 + [2021], "month": [1, 2, 1, 2, 1],
        "flow": ["export", "import", "export", "export", "export"], "currency": "USD",
        "value": [3e6, 1e6, 1e6, 4e6, 2e6]})
    ex = profile.exports(trade, 1).set_index("year")
    assert ex.at[2020, "months"] == 2 and ex.at[2021, "months"] == 1
    assert ex.at[2020, "exports_musd"] == pytest.approx(3.0)
    assert ex.at[2020, "imports_musd"] == pytest.approx(1.0)
    assert ex.at[2020, "export_share_pct"] == pytest.approx(100 * 3 / 8)
    assert ex.at[2021, "export_share_pct"] == pytest.approx(100.0)


# --- labour market, SES, universities ---------------------------------------------------------

def test_labour_market():
    lm = profile.labour_market(datasets.load("labour_market"), GAZIANTEP)
    assert len(lm) == 2 * 3 * 2  # areas × years 2022–2024 × indicators
    v = lm.set_index(["area", "year", "indicator"])["value"]
    # TÜİK LFS 2024: Türkiye unemployment 8.7 %, employment rate 49.5 %
    assert v[("Türkiye", 2024, "unemployment_rate")] == pytest.approx(8.7)
    assert v[("Türkiye", 2024, "employment_rate")] == pytest.approx(49.5)
    assert (lm["ci_lower"] <= lm["value"]).all() and (lm["value"] <= lm["ci_upper"]).all()


def test_ses():
    ses_table = datasets.load("ses_province")
    s = profile.ses(ses_table, GAZIANTEP)
    row = ses_table.set_index("plate").loc[GAZIANTEP]
    assert s == {"year": 2023, "score": pytest.approx(row["ses_score"]), "rank": int(row["ses_rank"]),
                 "median_score": pytest.approx(ses_table["ses_score"].median())}
    assert 1 <= s["rank"] <= 81
    assert isinstance(s["rank"], int) and isinstance(s["score"], float)


def test_universities():
    u = profile.universities(datasets.load("universities"), GAZIANTEP)
    assert list(u.columns) == ["name", "type", "founded"]
    assert u["founded"].is_monotonic_increasing
    # Gaziantep Üniversitesi, founded 1987, is the province's oldest
    assert (u.loc[0, "name"], u.loc[0, "founded"]) == ("Gaziantep Üniversitesi", 1987)
    assert profile.universities(pd.DataFrame({"plate": [1], "name": ["X"], "type": ["state"], "founded": [2000]}),
                                27).empty
