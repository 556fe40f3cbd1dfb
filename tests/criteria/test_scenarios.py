"""Robustness over the choices that matter (criteria.scenarios) and its report views."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from criteria_toys import make_table, toy_dict
from helpers import criteria
from helpers.criteria.scenarios import WEIGHT_SHARE


@pytest.fixture
def cfg():
    return criteria.criteria_from_dict(toy_dict(), source="toy.yml")


def _with_growth(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    t = table.copy()
    t["industry_mix"] = np.random.default_rng(seed).normal(0.0, 0.05, len(t))
    return t


def test_scenarios_cover_each_choice_and_are_deterministic(cfg):
    table = make_table(12, seed=3)
    starts = {2008: _with_growth(table, 1), 2010: table, 2012: _with_growth(table, 2)}
    a = criteria.scenarios(table, cfg, top_k=3, n_weights=40, seed=5, start_tables=starts, base_start=2010)
    b = criteria.scenarios(table, cfg, top_k=3, n_weights=40, seed=5, start_tables=starts, base_start=2010)
    pd.testing.assert_frame_equal(a.table, b.table)
    counts = a.runs["choice"].value_counts().to_dict()
    assert counts["weights"] == 40 and counts["method"] == 2 and counts["start_year"] == 2   # base year skipped
    assert counts["presence_floor"] == 3
    assert a.unavailable == {"release": "single_release"}      # no release table: said, not invented
    assert not a.too_few and a.n_candidates == 12
    t = a.table
    # the base ranking is the evaluation's
    base = criteria.evaluate(criteria.longlist(table, cfg).kept, cfg)
    assert t.set_index("nace_division")["base_rank"].to_dict() == base.table.set_index("nace_division")["rank"].to_dict()
    assert ((t["rank_min"] <= t["median_rank"]) & (t["median_rank"] <= t["rank_max"])).all()
    assert t["p_top_k"].between(0, 1).all()
    # share in the top k by hand for the first sector
    code = t["nace_division"].iloc[0]
    assert t["p_top_k"].iloc[0] == pytest.approx(float(np.nanmean(np.where(a.ranks[code].isna(), 0,
                                                                             a.ranks[code] <= 3))))


def test_depends_on_names_the_choice_that_moves_a_sector_out(cfg):
    table = make_table(12, seed=3)
    res = criteria.scenarios(table, cfg, top_k=3, n_weights=60, seed=1)
    for row in res.table[res.table["in_base_top"]].itertuples():
        deps = [d for d in row.depends_on.split(", ") if d]
        assert row.status == ("stable" if not deps else "depends" if len(deps) == 1 else "fragile")
        ranks = res.ranks[row.nace_division]
        for choice in ("method", "presence_floor"):
            sel = (res.runs["choice"] == choice).to_numpy()
            out_any = bool(((ranks[sel] > 3) | ranks[sel].isna()).any())
            assert (choice in deps) == out_any
        sel = (res.runs["choice"] == "weights").to_numpy()
        assert ("weights" in deps) == bool((ranks[sel] > 3).mean() >= WEIGHT_SHARE)
    assert (res.table.loc[~res.table["in_base_top"], "status"] == "").all()


def test_too_few_candidates_is_a_flag_not_100_percent(cfg):
    table = make_table(4, seed=2)
    res = criteria.scenarios(table, cfg, top_k=3, n_weights=10)
    assert res.too_few
    from helpers import robustness_view
    reading = robustness_view.reading(res, "tr")
    assert "4 aday" in reading and "%" not in reading
    assert robustness_view.table(res, "en")["p_top_k_scenarios"].isna().all()


def test_reading_counts_stable_and_names_choices_in_both_languages(cfg):
    from helpers import robustness_view
    res = criteria.scenarios(make_table(12, seed=3), cfg, top_k=3, n_weights=20)
    tr, en = robustness_view.reading(res, "tr"), robustness_view.reading(res, "en")
    assert "yöntem" in tr and "method" in en and "presence_floor" not in tr + en
    assert "veri sürümü" in tr.lower() or "Veri sürümü" in tr


def test_shortlist_sentences_for_every_status(cfg):
    from helpers import robustness_view
    res = criteria.scenarios(make_table(12, seed=3), cfg, top_k=3, n_weights=20)
    result = criteria.evaluate(criteria.longlist(make_table(12, seed=3), cfg).kept, cfg)
    short = robustness_view.shortlist(result, res, 3, "en")
    for status in ("stable", "depends", "fragile"):
        s = short.copy()
        s["status"], s["depends_on"] = status, "" if status == "stable" else "method, weights"
        s.attrs.update(short.attrs)
        md = robustness_view.shortlist_markdown(s, "en")
        assert md.count("\n") == len(s) + 1 and ("depends on" in md) == (status != "stable")
    assert "p_top_k_scenarios" in robustness_view.shortlist_table(short).columns


def _flag(table: pd.DataFrame, code) -> pd.DataFrame:
    t = table.copy()
    t["flags"] = np.where(t["nace_division"] == code, "lq_extreme", "")
    return t


def test_flagged_sectors_take_no_top_k_place(cfg):
    plain = make_table(12, seed=3)
    base = criteria.evaluate(criteria.longlist(plain, cfg).kept, cfg)
    first = base.table["nace_division"].iloc[0]
    table = _flag(plain, first)
    res = criteria.scenarios(table, cfg, top_k=3, n_weights=30, seed=2)
    t = res.table.set_index("nace_division")
    # the flagged sector: shown with its mark and its own range, never in the top k
    assert bool(t.loc[first, "flagged"]) and not t.loc[first, "in_base_top"]
    assert t.loc[first, "p_top_k"] == 0 and t.loc[first, "status"] == "" and t.loc[first, "rank_min"] >= 1
    # the base top k is the shortlist
    result = criteria.evaluate(criteria.longlist(table, cfg).kept, cfg)
    assert set(t.index[t["in_base_top"]]) == set(result.shortlist(3)["nace_division"])
    # ranks count the eligible sectors only: the next sector is first, as in the shortlist
    second = base.table["nace_division"].iloc[1]
    assert t.loc[second, "base_rank"] == 1 and t.loc[first, "base_rank"] == 1
    assert (res.ranks.where(res.eligible) <= 3).sum(axis=1).max() <= 3 + 2   # ties only
    # keep_flagged: the flag changes nothing
    keep = cfg.with_longlist(keep_flagged=True)
    a = criteria.scenarios(table, keep, top_k=3, n_weights=30, seed=2).table
    b = criteria.scenarios(plain, cfg, top_k=3, n_weights=30, seed=2).table
    pd.testing.assert_series_equal(a["p_top_k"], b["p_top_k"])
    assert a["status"].tolist() == b["status"].tolist() and not a["flagged"].any()


def test_report_marks_flagged_sectors_and_says_why_ranks_skip_them(cfg):
    from helpers import robustness_view
    plain = make_table(12, seed=3)
    first = criteria.evaluate(criteria.longlist(plain, cfg).kept, cfg).table["nace_division"].iloc[0]
    res = criteria.scenarios(_flag(plain, first), cfg, top_k=3, n_weights=20)
    tab = robustness_view.table(res, "en")
    assert tab["stability"].str.startswith("flagged").sum() == 1
    assert "plausibility flag" in robustness_view.reading(res, "en")
    assert "işaret" in robustness_view.reading(res, "tr")
    result = criteria.evaluate(criteria.longlist(_flag(plain, first), cfg).kept, cfg)
    short = robustness_view.shortlist(result, res, 3, "en")
    assert (short["status"] != "").all()            # every shortlisted sector has its own status
    assert first not in set(short["nace_division"])
    robustness_view.shortlist_markdown(short, "en")


def test_release_sentence_names_the_year_and_its_release(cfg):
    from helpers import robustness_view
    table = make_table(12, seed=3)
    single = criteria.scenarios(table, cfg, top_k=3, n_weights=10,
                                release_reason={"reason": "single_release", "year": 2023, "release": 2023})
    assert single.unavailable["release"] == "single_release"
    assert "only TİM's December 2023 release prints 2023" in robustness_view.reading(single, "en")
    kept = criteria.scenarios(table, cfg, top_k=3, n_weights=10,
                              release_reason={"reason": "not_kept", "year": 2021, "release": 2022})
    tr = robustness_view.reading(kept, "tr")
    assert "2022 Aralık sürümünden" in tr and "uydurma" in tr
    # without a reason from the caller: the general sentence
    plain = criteria.scenarios(table, cfg, top_k=3, n_weights=10)
    assert "latest year has a single release" in robustness_view.reading(plain, "en")
