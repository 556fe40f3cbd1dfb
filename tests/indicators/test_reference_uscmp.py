"""The US Cluster Mapping "strong cluster" rule on the 12-region toy, worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.indicators import IndicatorWarning, strong_clusters

ROLES = dict(region="region_code_t", industry="cluster_code_t", time=None, value="emp_tl",
             establishments="est_tl")


@pytest.fixture(scope="module")
def toy(refcases) -> pd.DataFrame:
    return pd.read_csv(refcases / "uscmp" / "input" / "toy_province_cluster.csv")


def _strong(out: pd.DataFrame, cluster: str) -> list[str]:
    rows = out[(out["cluster_code_t"] == cluster) & out["strong"]]
    return sorted(rows["region_code_t"])


def test_lq_from_region_traded_employment(toy):
    # furniture, P01: (2600 / 35000) / (18280 / 820000) = 3.33229
    with pytest.warns(IndicatorWarning):
        out = strong_clusters(toy, region_total="region_traded_emp", **ROLES)
    merged = out.merge(toy, on=["region_code_t", "cluster_code_t"])
    np.testing.assert_allclose(merged["lq"], merged["lq_tf"], rtol=1e-12)
    p01 = merged.query("region_code_t == 'P01' and cluster_code_t == 'furniture'")
    assert p01["lq"].item() == pytest.approx((2600 / 35000) / (18280 / 820000))


def test_strong_rule_p75(toy):
    with pytest.warns(IndicatorWarning, match=r"2 region×cluster cell\(s\) with zero employment"):
        out = strong_clusters(toy, lq="lq_tf", **ROLES)
    # furniture, 11 regions with employment (P05 left out):
    #   employment sorted 40 120 120 300 800 1500 2600 2600 2600 2600 5000 -> p25 at 2.5 = 210
    #   establishments    1 4 5 15 32 43 83 104 104 187 325             -> p25 at 2.5 = 10
    #   LQ sorted ... 1.9225 3.3323 3.7381 5.8315 5.8315               -> p75 at 7.5 = 3.5352
    #   strong: P02 (5.83), P03 (5.83), P10 (3.74); P01 (3.33) is below the p75
    furn = out[out["cluster_code_t"] == "furniture"].iloc[0]
    assert furn["employment_cutoff"] == pytest.approx(210)
    assert furn["establishments_cutoff"] == pytest.approx(10)
    assert furn["lq_cutoff"] == pytest.approx((3.3322913410440766 + 3.7381473377097008) / 2)
    assert _strong(out, "furniture") == ["P02", "P03", "P10"]
    # food processing, 11 regions (P11 left out): employment p25 (120 + 300)/2 = 210,
    #   establishments p25 (15 + 20)/2 = 17.5, LQ p75 (1.4899 + 2.1728)/2 = 1.8313
    #   strong: P03 (4.89), P04 (2.17), P12 (2.82)
    food = out[out["cluster_code_t"] == "food_processing"].iloc[0]
    assert food["employment_cutoff"] == pytest.approx(210)
    assert food["establishments_cutoff"] == pytest.approx(17.5)
    assert _strong(out, "food_processing") == ["P03", "P04", "P12"]
    # zero-employment regions are never strong (False, not missing)
    zero = out[out["emp_tl"] == 0]
    assert len(zero) == 2 and not zero["strong"].any() and zero["strong"].notna().all()


def test_strong_rule_p90(toy):
    with pytest.warns(IndicatorWarning):
        out = strong_clusters(toy, lq="lq_tf", percentile=90, **ROLES)
    # p90 at position 9 of 11 = the 10th value: furniture 5.8315 (P02, P03 tie at it),
    # food 2.8246 (P12 is at it, P03 above)
    assert _strong(out, "furniture") == ["P02", "P03"]
    assert _strong(out, "food_processing") == ["P03", "P12"]


def test_missing_employment_is_missing_flag(toy):
    t = toy.copy()
    t.loc[0, "emp_tl"] = np.nan  # P01 furniture suppressed
    with pytest.warns(IndicatorWarning):
        out = strong_clusters(t, lq="lq_tf", **ROLES)
    flag = out.query("region_code_t == 'P01' and cluster_code_t == 'furniture'")["strong"]
    assert flag.isna().all()
    assert out["strong"].notna().sum() == len(out) - 1
