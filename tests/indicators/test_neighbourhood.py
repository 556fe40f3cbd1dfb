"""group_lq (rest of region, neighbours) and related_variety, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.indicators import group_lq, related_variety


def _toy():
    return pd.DataFrame({"plate": [1, 1, 2, 2, 3, 3], "nace_division": ["a", "b"] * 3,
                         "insured": [10.0, 10.0, 30.0, 10.0, 0.0, 40.0]})


def test_group_lq_by_hand_and_never_the_region_itself():
    m = pd.DataFrame({"plate": [1, 1, 1, 2], "member": [1, 2, 3, 1]})   # 1 paired with itself: ignored
    out = group_lq(_toy(), m, name="g").set_index(["plate", "nace_division"])
    # region 1: members 2 and 3 -> a 30, b 50 of 80; national a 40 of 100
    assert out.loc[(1, "a"), "lq_g"] == pytest.approx((30 / 80) / (40 / 100))
    assert out.loc[(1, "b"), "value_g"] == 50.0
    # region 2: member 1 only -> a 10 of 20
    assert out.loc[(2, "a"), "lq_g"] == pytest.approx((10 / 20) / (40 / 100))
    # region 3 has no members: missing, not zero
    assert out.loc[(3, "a"), ["lq_g", "value_g"]].isna().all()


def test_related_variety_counts_the_k_closest_specialised():
    rel = pd.DataFrame({"nace_division_1": ["a", "a", "b", "b", "c", "c"],
                        "nace_division_2": ["b", "c", "a", "c", "a", "b"],
                        "relatedness": [0.9, 0.1, 0.9, 0.2, 0.1, 0.2]})
    df = pd.DataFrame({"plate": [1, 1, 1, 2, 2, 2], "nace_division": list("abc") * 2,
                       "insured": [10.0, 10.0, 0.0, 0.0, 0.0, 10.0]})
    rv = related_variety(df, rel, k=2).set_index(["plate", "nace_division"])["related_variety"]
    # plate 1 is specialised in a and b (LQ 1.5), plate 2 in c
    assert rv[(1, "a")] == 1 and rv[(2, "a")] == 1       # a's two closest: b (plate 1) and c (plate 2)
    assert rv[(1, "c")] == 2 and rv[(2, "c")] == 0       # c's two closest, b and a: both in plate 1
    assert related_variety(df, rel, k=1).set_index(["plate", "nace_division"])["related_variety"][(1, "c")] == 1
