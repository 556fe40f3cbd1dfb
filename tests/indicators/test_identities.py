"""Identities checkable by hand, missing-value behaviour and input validation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import helpers.indicators as ind
from helpers.indicators import IndicatorWarning


def panel(seed: int = 1, regions: int = 6, industries: int = 5, years=(2019, 2020, 2021)) -> pd.DataFrame:
    """A small synthetic panel (seeded), every cell positive."""
    rng = np.random.default_rng(seed)
    rows = [(r, i, y, float(rng.integers(1, 500)), float(rng.integers(1, 40)))
            for r in range(1, regions + 1) for i in range(10, 10 + industries) for y in years]
    return pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured", "workplaces"])


@pytest.fixture
def df() -> pd.DataFrame:
    return panel()


# --- identities -------------------------------------------------------------------------------

def test_lq_is_one_where_region_mirrors_nation(df):
    # region 99 has exactly the national structure of the other regions (scaled by 0.5)
    nat = df.groupby(["nace_division", "year"], as_index=False)["insured"].sum()
    mirror = nat.assign(plate=99, insured=nat["insured"] * 0.5, workplaces=1.0)
    out = ind.location_quotient(pd.concat([df, mirror]), binary=True)
    m = out[out["plate"] == 99]
    np.testing.assert_allclose(m["lq"], 1.0, rtol=1e-12)
    assert (m["specialised"] == 1).all()  # LQ = 1 counts as specialised, despite rounding
    k = ind.krugman_index(pd.concat([df, mirror]))
    np.testing.assert_allclose(k.loc[k["plate"] == 99, "krugman"], 0, atol=1e-12)


def test_shares_sum_to_one(df):
    out = ind.shares(df)
    np.testing.assert_allclose(out.groupby(["plate", "year"])["share_in_region"].sum(), 1)
    np.testing.assert_allclose(out.groupby(["nace_division", "year"])["share_of_industry"].sum(), 1)
    nat = out.drop_duplicates(["nace_division", "year"]).groupby("year")["share_in_nation"].sum()
    np.testing.assert_allclose(nat, 1)


def test_lq_against_reference_group(df):
    groups = {r: ("TR1" if r <= 3 else "TR2") for r in range(1, 7)}
    out = ind.location_quotient(df, reference=groups)
    # by hand for plate 1, division 10, 2019: (e_ij/e_j) / (e_iG/e_G) over plates 1-3
    d = df[df["year"] == 2019]
    g = d[d["plate"] <= 3]
    e_ij = d.query("plate == 1 and nace_division == 10")["insured"].item()
    want = (e_ij / d[d["plate"] == 1]["insured"].sum()) / (
        g[g["nace_division"] == 10]["insured"].sum() / g["insured"].sum())
    got = out.query("plate == 1 and nace_division == 10 and year == 2019")
    assert got["lq"].item() == pytest.approx(want)
    assert got["reference"].item() == "TR1"
    with pytest.raises(ValueError, match="no entry for 1 region"):
        ind.location_quotient(df, reference={r: "X" for r in range(1, 6)})


@pytest.mark.parametrize("method", ["dunn", "esteban_marquillas", "dynamic"])
@pytest.mark.parametrize("by_industry", [False, True])
def test_shift_share_components_sum_to_change(df, method, by_industry):
    out = ind.shift_share(df, method=method, by_industry=by_industry)
    parts = [c for c in out.columns if c in ("national_share", "industry_mix", "competitive_share",
                                              "competitive_effect", "allocation_effect")]
    assert len(parts) == (4 if method == "esteban_marquillas" else 3)
    np.testing.assert_allclose(out[parts].sum(axis=1), out["change"], atol=1e-9)
    np.testing.assert_allclose(out["value_end"] - out["value_start"], out["change"], atol=1e-9)


def test_shift_share_by_industry_adds_up_to_regions(df):
    for method in ("dunn", "esteban_marquillas", "dynamic"):
        cells = ind.shift_share(df, method=method, by_industry=True)
        regions = ind.shift_share(df, method=method)
        summed = cells.groupby("plate")[regions.columns[3:]].sum().reset_index(drop=True)
        np.testing.assert_allclose(summed.to_numpy(float), regions.iloc[:, 3:].to_numpy(float), atol=1e-9)


def test_shift_share_rates_per_cell(df):
    out = ind.shift_share(df, by_industry=True, rates=True)
    d0, d1 = df[df["year"] == 2019], df[df["year"] == 2021]
    g = d1["insured"].sum() / d0["insured"].sum() - 1
    g_i = d1.groupby("nace_division")["insured"].sum() / d0.groupby("nace_division")["insured"].sum() - 1
    row = out.query("plate == 4 and nace_division == 12").iloc[0]
    e0 = d0.query("plate == 4 and nace_division == 12")["insured"].item()
    e1 = d1.query("plate == 4 and nace_division == 12")["insured"].item()
    assert row["national_share_rate"] == pytest.approx(g)
    assert row["industry_mix_rate"] == pytest.approx(g_i[12] - g)
    assert row["competitive_share_rate"] == pytest.approx((e1 / e0 - 1) - g_i[12])
    regions = ind.shift_share(df, rates=True)
    np.testing.assert_allclose(regions["industry_mix_rate"], regions["industry_mix"] / regions["value_start"])


def test_shift_share_entry_cell():
    # region 1 enters division 20 (0 -> 10): no national or mix part, all competitive
    rows = [(1, 10, 2000, 50), (1, 20, 2000, 0), (2, 10, 2000, 50), (2, 20, 2000, 50),
            (1, 10, 2001, 60), (1, 20, 2001, 10), (2, 10, 2001, 50), (2, 20, 2001, 40)]
    df = pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured"])
    dunn = ind.shift_share(df, by_industry=True).set_index(["plate", "nace_division"])
    assert dunn.loc[(1, 20), ["national_share", "industry_mix", "competitive_share"]].tolist() == [0, 0, 10]
    with pytest.warns(IndicatorWarning, match="1 region×industry cell"):
        em = ind.shift_share(df, method="esteban_marquillas", by_industry=True)
    em = em.set_index(["plate", "nace_division"])
    assert em.loc[(1, 20), ["competitive_effect", "allocation_effect"]].tolist() == [10, 0]


def test_gini_of_equal_values_is_zero_and_of_one_holder_is_max():
    equal = pd.DataFrame({"plate": 1, "nace_division": range(6), "insured": 7.0})
    out = ind.gini(equal, time=None)
    assert out["gini"].item() == pytest.approx(0, abs=1e-12)
    one = pd.DataFrame({"plate": 1, "nace_division": range(4), "insured": [0, 0, 0, 9]})
    out = ind.gini(one, time=None)
    assert out["gini"].item() == pytest.approx(3 / 4)      # (n - 1) / n
    assert out["gini_normalised"].item() == pytest.approx(1)


def test_hhi_of_one_industry_is_one(df):
    single = df[df["nace_division"] == 10]
    out = ind.herfindahl(single)
    np.testing.assert_allclose(out["hhi"], 1)
    np.testing.assert_allclose(out["equivalent_number"], 1)
    assert out["hhi_normalised"].isna().all()  # n = 1: undefined
    spread = pd.DataFrame({"plate": 1, "nace_division": range(4), "insured": 5.0})
    row = ind.herfindahl(spread, time=None).iloc[0]
    assert (row["hhi"], row["hhi_normalised"], row["equivalent_number"]) == pytest.approx((0.25, 0, 4))


def test_hoover_and_locational_gini_zero_when_proportional():
    # every region has the same structure: nothing is concentrated
    df = pd.DataFrame([(r, i, r * w) for r in (1, 2, 3) for i, w in ((10, 1), (20, 3))],
                      columns=["plate", "nace_division", "insured"])
    np.testing.assert_allclose(ind.hoover_index(df, time=None)["hoover"], 0, atol=1e-12)
    np.testing.assert_allclose(ind.locational_gini(df, time=None)["locational_gini"], 0, atol=1e-12)
    np.testing.assert_allclose(ind.locational_gini(df, time=None, method="lq")["locational_gini"], 0,
                               atol=1e-12)


def test_growth_levels():
    rows = [(1, 10, 2020, 100), (1, 10, 2023, 133.1), (1, 20, 2020, 0), (1, 20, 2023, 5),
            (2, 10, 2020, 50), (2, 10, 2023, 50), (2, 20, 2020, 50), (2, 20, 2023, 61.8)]
    df = pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured"])
    with pytest.warns(IndicatorWarning, match="1 row"):
        cell = ind.growth(df).set_index(["plate", "nace_division"])
    assert cell.loc[(1, 10), "cagr"] == pytest.approx(0.1)  # 1.1 ** 3 = 1.331
    assert cell.loc[(1, 10), "growth_rate"] == pytest.approx(0.331)
    assert math.isnan(cell.loc[(1, 20), "growth_rate"])      # from zero: undefined
    assert cell.loc[(1, 20), "change"] == 5
    assert (cell["year_start"] == 2020).all() and (cell["year_end"] == 2023).all()
    reg = ind.growth(df, level="region").set_index("plate")
    assert reg.loc[1, "value_start"] == 100 and reg.loc[1, "value_end"] == pytest.approx(138.1)
    nat = ind.growth(df, level="nation")
    assert nat["change"].item() == pytest.approx(249.9 - 200)  # 133.1 + 5 + 50 + 61.8 - 200
    assert ind.growth(df, level="industry")["nace_division"].tolist() == [10, 20]


def test_firm_size_ratio(df):
    out = ind.firm_size(df)
    d = df.query("year == 2020 and nace_division == 11")
    nat = d["insured"].sum() / d["workplaces"].sum()
    row = out.query("year == 2020 and nace_division == 11 and plate == 3")
    own = d.query("plate == 3")
    assert row["firm_size"].item() == pytest.approx(own["insured"].item() / own["workplaces"].item())
    assert row["national_firm_size"].item() == pytest.approx(nat)
    assert row["firm_size_ratio"].item() == pytest.approx(row["firm_size"].item() / nat)


def test_three_star_thresholds(df):
    out = ind.three_star(df)
    stars = out[["size_star", "specialisation_star", "focus_star"]].astype(int).sum(axis=1)
    assert (stars == out["stars"]).all()
    lq = ind.location_quotient(df)
    np.testing.assert_allclose(out["lq"], lq["lq"])
    strict = ind.three_star(df, size_threshold=1.01, lq_threshold=1e9, focus_threshold=1.01)
    assert (strict["stars"] == 0).all()


def test_complexity_identities(df):
    out = ind.complexity(df)
    for _, y in out.groupby("year"):
        assert y["eci"].mean() == pytest.approx(0, abs=1e-12)
        m = y.pivot(index="plate", columns="nace_division", values="M")
        np.testing.assert_array_equal(y.drop_duplicates("plate")["diversity"], m.sum(axis=1))


# --- missing stays missing ----------------------------------------------------------------------

CELL_FUNCS = {
    "shares": ("share_in_region", {}),
    "location_quotient": ("lq", {}),
    "specialisation": ("specialised", {}),
    "firm_size": ("firm_size", {}),
    "three_star": ("stars", {}),
    # the density of r in i does not use M_ri itself, so check the specialisation it reports
    "relatedness_density": ("specialised", {}),
    "complexity": ("rca", {}),
    "strong_clusters": ("strong", {}),
}


@pytest.mark.parametrize("name", sorted(CELL_FUNCS))
def test_missing_cell_stays_missing(df, name):
    df = df.copy()
    df.loc[(df["plate"] == 2) & (df["nace_division"] == 11) & (df["year"] == 2020), "insured"] = np.nan
    col, kw = CELL_FUNCS[name]
    fn = getattr(ind, name)
    for skipna in (False, True):
        with pytest.warns(IndicatorWarning):
            out = fn(df, skipna=skipna, **kw)
        cell = out.query("plate == 2 and nace_division == 11 and year == 2020")[col]
        assert cell.isna().all(), (name, skipna)
        other_year = out.query("year == 2019")[col]
        assert other_year.notna().all(), (name, skipna)
        if name in ("location_quotient", "three_star") and not skipna:
            # without skipna the national totals of 2020 are unknown: everything is NaN
            assert out.query("year == 2020")[col].isna().all()
        if name in ("shares", "location_quotient", "firm_size") and skipna:
            assert out.query("year == 2020")[col].notna().sum() == len(out.query("year == 2020")) - 1


@pytest.mark.parametrize("name,key", [("krugman_index", "krugman"), ("herfindahl", "hhi"),
                                      ("gini", "gini"), ("locational_gini", "locational_gini"),
                                      ("hoover_index", "hoover")])
def test_missing_cell_in_summary_indices(df, name, key):
    df = df.copy()
    df.loc[(df["plate"] == 2) & (df["nace_division"] == 11) & (df["year"] == 2020), "insured"] = np.nan
    fn = getattr(ind, name)
    with pytest.warns(IndicatorWarning, match="missing"):
        out = fn(df)
    assert out.loc[out["year"] == 2020, key].isna().any()
    assert out.loc[out["year"] == 2019, key].notna().all()
    with pytest.warns(IndicatorWarning, match="skipna=True"):
        out = fn(df, skipna=True)
    assert out[key].notna().all()


def test_missing_in_growth_and_shift_share(df):
    df = df.copy()
    df.loc[(df["plate"] == 2) & (df["nace_division"] == 11) & (df["year"] == 2021), "insured"] = np.nan
    g = ind.growth(df)
    assert g.query("plate == 2 and nace_division == 11")["change"].isna().all()
    assert g["change"].notna().sum() == len(g) - 1
    with pytest.warns(IndicatorWarning):
        ss = ind.shift_share(df)
    assert ss["national_share"].isna().all()  # national totals of 2021 unknown: every region
    assert ss["change"].isna().sum() == 1      # only region 2's own change is unknown
    with pytest.warns(IndicatorWarning):
        ss = ind.shift_share(df, skipna=True)
    parts = ["national_share", "industry_mix", "competitive_share"]
    np.testing.assert_allclose(ss[parts].sum(axis=1), ss["change"], atol=1e-9)


def test_missing_cooccurrence_only_where_it_matters():
    m = pd.DataFrame({"plate": [1, 1, 2, 2, 3, 3], "nace_division": [10, 20] * 3,
                      "insured": [1, np.nan, 0, 1, 1, 1]})
    out = ind.relatedness(m, time=None, presence="binary", method="co_occurrence")
    # C(10,20) = M1,10 M1,20 + M2,10 M2,20 + M3,10 M3,20 = 1*? + 0 + 1: unknown
    assert out["co_occurrence"].isna().all()
    m.loc[0, "insured"] = 0  # now region 1 lacks 10, so its unknown 20 does not matter
    out = ind.relatedness(m, time=None, presence="binary", method="co_occurrence")
    assert out["co_occurrence"].tolist() == [1.0, 1.0]


def test_absent_rows_are_missing_unless_said_otherwise(df):
    short = df[~((df["plate"] == 1) & (df["nace_division"] == 10))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = ind.location_quotient(short, skipna=True)
    messages = [str(w.message) for w in caught if w.category is IndicatorWarning]
    assert any("3 of 90" in m and "treated as missing" in m for m in messages)
    assert any("left out of the totals" in m for m in messages)
    assert out.query("plate == 1 and nace_division == 10")["lq"].isna().all()
    with pytest.warns(IndicatorWarning, match="set to zero"):
        out = ind.location_quotient(short, absent="zero")
    assert (out.query("plate == 1 and nace_division == 10")["lq"] == 0).all()


def test_no_warning_on_clean_data(df):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ind.location_quotient(df)
        ind.shift_share(df, method="esteban_marquillas")
        ind.complexity(df)
        ind.relatedness_density(df)


# --- validation ---------------------------------------------------------------------------------

def test_missing_columns_are_named(df):
    with pytest.raises(ValueError, match=r"value='employment'"):
        ind.location_quotient(df, value="employment")
    with pytest.raises(ValueError, match=r"time='year'.*time=None"):
        ind.shares(df.drop(columns="year"))
    with pytest.raises(ValueError, match=r"workplaces='isyeri'"):
        ind.firm_size(df, workplaces="isyeri")


def test_negative_values_refused(df):
    df = df.copy()
    df.loc[5, "insured"] = -3
    with pytest.raises(ValueError, match=r"1 negative value.*'insured': -3"):
        ind.herfindahl(df)


def test_duplicated_keys_show_an_example(df):
    dup = pd.concat([df, df.iloc[[7]]])
    with pytest.raises(ValueError, match=r"duplicated key.*'plate': 1, 'nace_division': 12, 'year': 2020"):
        ind.location_quotient(dup)


def test_other_bad_input(df):
    with pytest.raises(ValueError, match="must be numeric"):
        ind.shares(df.assign(insured="x"))
    with pytest.raises(ValueError, match="method='shiftshare'"):
        ind.shift_share(df, method="shiftshare")
    with pytest.raises(ValueError, match="start=2030 is not a period"):
        ind.growth(df, start=2030)
    with pytest.raises(ValueError, match="must come before"):
        ind.growth(df, start=2021, end=2019)
    with pytest.raises(ValueError, match="empty"):
        ind.shares(df.iloc[:0])
    with pytest.raises(TypeError):
        ind.shares(df.to_dict())
