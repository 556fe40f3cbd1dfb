"""ECI/PCI and friends against the Stata ``ecomplexity`` ground truth (py-ecomplexity's fixture),
within the upstream tolerances: exact for M, diversity, ubiquity; rtol 1e-5 for rca, eci, pci;
1e-4 for density, coi, cog."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.indicators import complexity

ROLES = dict(region="origin", industry="hs92", time="year", value="export_val")
TOLERANCES = {"M": 0, "diversity": 0, "ubiquity": 0, "rca": 1e-5, "eci": 1e-5, "pci": 1e-5,
              "density": 1e-4, "coi": 1e-4, "cog": 1e-4}


@pytest.fixture(scope="module")
def trade(refcases) -> pd.DataFrame:
    return pd.read_csv(refcases / "ecomplexity" / "input" / "trade_data_sample.csv")


@pytest.fixture(scope="module")
def result(trade) -> pd.DataFrame:
    return complexity(trade, **ROLES)


@pytest.mark.parametrize("column", list(TOLERANCES))
def test_subset_matches_stata(result, refcases, column):
    truth = pd.read_csv(refcases / "ecomplexity" / "expected" / "stata_ground_truth_subset_1995_aut_blx.csv")
    merged = truth.merge(result, on=["year", "origin", "hs92"], suffixes=("_stata", ""), validate="1:1")
    assert len(merged) == len(truth) == 60
    got, want = merged[column].to_numpy(float), merged[f"{column}_stata"].to_numpy(float)
    if TOLERANCES[column] == 0:
        np.testing.assert_array_equal(got, want)
    else:
        # absolute floor for values that are 0 in Stata (cog where M = 1)
        np.testing.assert_allclose(got, want, rtol=TOLERANCES[column], atol=1e-12)


def test_country_level_matches_stata(result, refcases):
    truth = pd.read_csv(refcases / "ecomplexity" / "expected" / "stata_ground_truth_country_level_1995.csv")
    countries = result.drop_duplicates(["year", "origin"])
    merged = truth.merge(countries, on=["year", "origin"], suffixes=("_stata", ""), validate="1:1")
    assert len(merged) == len(truth)
    np.testing.assert_array_equal(merged["diversity"], merged["diversity_stata"])
    np.testing.assert_allclose(merged["eci"], merged["eci_stata"], rtol=1e-5)
    np.testing.assert_allclose(merged["coi"], merged["coi_stata"], rtol=1e-4)


def test_eci_sign_and_normalisation(result):
    y95 = result[result["year"] == 1995]
    # normalised over all country x product rows, standard deviation with n - 1
    assert y95["eci"].mean() == pytest.approx(0, abs=1e-12)
    assert y95["eci"].std(ddof=1) == pytest.approx(1)
    countries = y95.drop_duplicates("origin")
    assert np.corrcoef(countries["diversity"], countries["eci"])[0, 1] > 0


def test_years_are_independent(trade, result):
    alone = complexity(trade[trade["year"] == 1996], **ROLES)
    both = result[result["year"] == 1996].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, both)
