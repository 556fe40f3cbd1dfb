"""Issue 11, case 10: the NUTS-2 benchmark of a single-province region, and Krugman's others-mean
with missing cells."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from helpers import indicators, provinces


def test_single_province_nuts2_regions():
    alone = indicators.single_region_groups(provinces.nuts_mapping(2))
    assert alone == {"TR10": 34, "TR31": 35, "TR51": 6}


def test_lq_against_a_single_region_group_warns():
    df = pd.DataFrame({"plate": [1, 1, 2, 2, 3, 3], "nace_division": [10, 13] * 3,
                       "insured": [1.0, 2, 3, 4, 5, 6]})
    with pytest.warns(indicators.IndicatorWarning, match=r"3 \(B\) form a reference group on their own"):
        out = indicators.location_quotient(df, time=None, reference={1: "A", 2: "A", 3: "B"})
    assert out.loc[out["plate"] == 3, "lq"].tolist() == [1.0, 1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # two-region groups: no warning
        indicators.location_quotient(df, time=None, reference={1: "A", 2: "A", 3: "A"})


def test_krugman_others_mean_divides_by_the_regions_present():
    # shares: region 1 (0.5, 0.5), region 2 (0.75, 0.25), region 3 (missing, 1.0)
    df = pd.DataFrame({"plate": [1, 1, 2, 2, 3, 3], "nace_division": [10, 13] * 3,
                       "insured": [1.0, 1, 3, 1, np.nan, 5]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = indicators.krugman_index(df, time=None, benchmark="others_mean", skipna=True)
    # region 1: division 10 is compared with region 2 alone (0.75), division 13 with (0.25 + 1) / 2
    k = dict(zip(out["plate"], out["krugman"]))
    assert k[1] == pytest.approx(abs(0.5 - 0.75) + abs(0.5 - 0.625))
    assert k[2] == pytest.approx(abs(0.75 - 0.5) + abs(0.25 - 0.75))


def test_krugman_others_mean_unchanged_without_missing_cells():
    df = pd.DataFrame({"plate": [1] * 5 + [2] * 5, "nace_division": list(range(5)) * 2,
                       "insured": [20, 10, 70, 0, 0, 0, 0, 0, 60, 40]})
    for skipna in (False, True):
        assert indicators.krugman_index(df, time=None, benchmark="others_mean",
                                        skipna=skipna)["krugman"].tolist() == [2.0, 2.0]
