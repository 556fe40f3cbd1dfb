"""helpers.plausibility: each flag on a table small enough to check by hand, and the acceptance of
issue 14 on the real data (Çorum's jewellery in 2023)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from helpers import plausibility as pl

A, B = 1, 2  # two provinces of the toy table


def _toy() -> pd.DataFrame:
    """Province 1: 100 in 2018 (jewellery T23 5, textiles T11 95), 500 in 2023 (T23 400, T11 100):
    jewellery at 80 % after growing 80-fold from 5 %. Province 2: textiles only, doubling."""
    rows = [(A, 2018, "T23", 5.0), (A, 2018, "T11", 95.0), (A, 2023, "T23", 400.0), (A, 2023, "T11", 100.0),
            (B, 2018, "T11", 100.0), (B, 2023, "T11", 200.0), (B, 2023, "T23", 1.0),
            (A, 2023, "T00", 50.0), (B, 2023, "T00", 0.0)]
    df = pd.DataFrame(rows, columns=["plate", "year", "sector", "export_usd"])
    df["not_itemised"] = df["sector"] == "T00"
    return df


def _gap() -> pd.DataFrame:
    # TİM 550 against TÜİK 2,000 for province 1 in 2019 (0.275); province 2 on par
    return pd.DataFrame({"plate": [A, B], "year": [2019, 2019], "tim_usd": [550.0, 201.0],
                         "tuik_usd": [2000.0, 210.0], "ratio": [0.275, 201 / 210]})


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(pl, "_exports", _toy)
    monkeypatch.setattr(pl, "_gap_table", _gap)


def test_flags_by_hand(toy):
    f = pl.sector_flags(A, 2023).set_index("flag")
    assert list(f.columns) == ["plate", "sector", "value", "threshold", "data_year"]
    assert f.loc["head_office", "sector"] == "T23" and f.loc["head_office", "value"] == pytest.approx(0.8)
    assert f.loc["small_base_dominant", "value"] == pytest.approx(80.0)  # 400 / 5
    assert f.loc["small_base_dominant", "data_year"] == 2018  # latest year at least five years back
    assert f.loc["tim_tuik_gap", "sector"] == "*" and f.loc["tim_tuik_gap", "value"] == pytest.approx(0.275)
    assert f.loc["tim_tuik_gap", "threshold"] == pl.GAP_LOW and f.loc["tim_tuik_gap", "data_year"] == 2019


def test_no_flag_for_an_ordinary_province(toy):
    # jewellery 1 of 201 (0.5 %) is below the head-office floor; textiles doubled from 100 %
    assert pl.sector_flags(B, 2023).empty


def test_thresholds_are_keyword_arguments(toy):
    f = pl.sector_flags(A, 2023, min_fold=100.0, head_office_min_share=0.9, gap_low=0.2)
    assert f.empty
    f = pl.sector_flags(B, 2023, head_office_min_share=0.001)
    assert f["flag"].tolist() == ["head_office"] and f["value"].iloc[0] == pytest.approx(1 / 201)


def test_a_large_base_is_not_small(toy):
    # from 2018, jewellery had 5 % of province 1; at a small-base ceiling of 4 % the flag is not raised
    f = pl.sector_flags(A, 2023, small_base_share=0.04)
    assert "small_base_dominant" not in set(f["flag"])


def test_bad_year_and_start_year(toy):
    with pytest.raises(ValueError, match="year 2017 is not in exports_tim"):
        pl.sector_flags(A, 2017)
    with pytest.raises(ValueError, match="start_year 2023 must be a year of exports_tim before 2023"):
        pl.sector_flags(A, 2023, start_year=2023)


def test_flag_text_in_both_languages(toy):
    for row in pl.sector_flags(A, 2023).to_dict("records"):
        tr, en = pl.flag_text(row["flag"], "tr", **row), pl.flag_text(row["flag"], "en", **row)
        assert tr and en and tr != en
    row = pl.sector_flags(A, 2023).set_index("flag").loc["small_base_dominant"].to_dict()
    assert "80,0 kat" in pl.flag_text("small_base_dominant", "tr", **row)
    assert "80.0-fold" in pl.flag_text("small_base_dominant", "en", **row)
    assert "%80,0" in pl.flag_text("head_office", "tr", sector="T23", value=0.8, threshold=0.01)
    assert "0.28 times" in pl.flag_text("tim_tuik_gap", "en", sector="*", value=0.275, data_year=2019)
    with pytest.raises(ValueError, match="unknown flag"):
        pl.flag_text("nonsense", "en")


def test_head_office_list_has_a_reason_per_entry():
    ref = pl.head_office_sectors()
    assert list(ref["code"]) == ["T23"]
    assert (ref["reason_tr"].str.len() > 20).all() and (ref["reason_en"].str.len() > 20).all()


# -- real data --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def flags_2023() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pl.all_flags(2023)


def test_corum_jewellery_2023_is_flagged_with_a_reason(flags_2023):
    corum = flags_2023[flags_2023["plate"] == 19].set_index("flag")
    assert corum.loc["head_office", "sector"] == "T23"
    assert corum.loc["head_office", "value"] == pytest.approx(0.80, abs=0.01)  # 80 % of Çorum's exports
    assert corum.loc["tim_tuik_gap", "value"] == pytest.approx(0.274, abs=0.001)  # 2019: 0.42 bn against 1.54 bn
    text = pl.flag_text("head_office", "tr", **corum.loc["head_office"].to_dict())
    assert text.startswith("Mücevher: ilin ihracatının %80,0 kadarı")


def test_flags_are_not_broad(flags_2023):
    """2023: 8 head-office, 1 small-base-dominant, 5 TİM/TÜİK gap flags over 81 provinces."""
    counts = flags_2023.groupby("flag").size().to_dict()
    assert counts == {"head_office": 8, "small_base_dominant": 1, "tim_tuik_gap": 5}
    sector_flags = flags_2023[flags_2023["sector"] != "*"]
    assert sector_flags.groupby("plate").size().max() <= 2 and sector_flags["plate"].nunique() <= 10
    assert not flags_2023["value"].isna().any()
