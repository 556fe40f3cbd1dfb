"""helpers.criteria: long list, evaluation, notes, robustness, method agreement, explanations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import criteria as cr
from helpers import mcda, text

from criteria_toys import SHIPPED_CONFIG, make_table, toy_dict, with_refs, write_yml

ALL = list(cr.METHODS)


@pytest.fixture
def cfg():
    return cr.load_criteria(SHIPPED_CONFIG)


# ---------------------------------------------------------------------------------------------
# long list
# ---------------------------------------------------------------------------------------------
def test_longlist_keeps_allowed_and_records_reasons(cfg):
    t = make_table(divisions=["10", "13", "45", "55", "25", "86"])
    t.loc[t.nace_division == "13", "workplaces"] = 2
    t.loc[t.nace_division == "25", "insured"] = 10
    t.loc[t.nace_division == "86", "workplaces"] = 1
    t.loc[t.nace_division == "10", "lq"] = 0.01  # specialisation is scored, never a gate
    kept, excluded = cr.longlist(t, cfg)
    assert kept["nace_division"].tolist() == ["10", "55"]
    reasons = excluded.set_index("nace_division")["reason"]
    assert reasons["13"] == "workplaces 2 < 3"
    assert reasons["25"] == "insured 10 < 20"
    assert reasons["45"].startswith("not in the long list (section C (10-33) + divisions 03, 08")
    assert excluded.set_index("nace_division")["reason_keys"]["13"] == "below_workplaces"
    assert list(excluded.columns) == ["plate", "nace_division", "nace_label", "workplaces", "insured", "reason",
                                      "reason_keys"]


def test_integer_division_codes_are_zero_padded(cfg):
    t = make_table(divisions=["10", "13", "55"])
    t["nace_division"] = [10, 13, 3]
    kept, excluded = cr.longlist(t, cfg)
    assert sorted(kept["nace_division"]) == ["03", "10", "13"]


# ---------------------------------------------------------------------------------------------
# evaluation: toys
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ALL)
@pytest.mark.parametrize("direction", ["benefit", "cost"])
def test_single_criterion_config_ranks_as_that_criterion(method, direction):
    d = toy_dict(weights=(0, 0, 0, 1))
    d["headings"]["faktor_kosullari"]["indicators"][0]["direction"] = direction
    cfg = cr.criteria_from_dict(d)
    t = make_table(n=9, seed=3)
    res = cr.evaluate(t, cfg, method=method)
    sign = 1 if direction == "benefit" else -1
    expected = t.assign(r=mcda.rank_scores(sign * t["lq_nuts2"].to_numpy())).set_index("nace_division")["r"]
    got = res.table.set_index("nace_division")["rank"]
    assert (got == expected.reindex(got.index)).all()
    assert list(res.heading_weights.index) == ["faktor_kosullari"]  # zero-weight headings left out


@pytest.mark.parametrize("method", ALL)
def test_dominated_sector_never_ranks_first(method, cfg):
    rng = np.random.default_rng(11)
    for seed in range(8):
        t = make_table(n=6, seed=seed)
        best = t.iloc[[int(rng.integers(0, 6))]].copy()
        # sector 33 beats the copied sector on every criterion ...
        better = best.copy()
        better["nace_division"] = "33"
        benefit = ["insured", "workplaces", "lq", "manuf_share", "growth", "industry_mix", "competitive",
                   "relatedness_density", "labour_pool", "universities", "lq_nuts2", "related_variety",
                   "lq_neighbours", "lq_rest_region"]
        better[benefit] = best[benefit].to_numpy() * 1.5 + 1.0
        better["manuf_share"] = min(float(best["manuf_share"].iloc[0]) + 0.01, 1.0)
        better["insured_per_workplace"] = best["insured_per_workplace"].to_numpy() * 0.5
        # ... and is itself beaten by sector 32 everywhere: 33 is dominated
        top = better.copy()
        top["nace_division"] = "32"
        top[benefit] = better[benefit].to_numpy() * 1.5 + 1.0
        top["manuf_share"] = min(float(better["manuf_share"].iloc[0]) + 0.01, 1.0)
        top["insured_per_workplace"] = better["insured_per_workplace"].to_numpy() * 0.5
        res = cr.evaluate(with_refs(pd.concat([t, better, top], ignore_index=True)), cfg, method=method)
        ranks = res.table.set_index("nace_division")["rank"]
        assert ranks["33"] > 1
        assert ranks["32"] == 1


@pytest.mark.parametrize("method", ALL)
def test_equal_heading_weights_symmetric_sectors_tie(method):
    cfg = cr.criteria_from_dict(toy_dict(weights=(0, 0.5, 0.5, 0)))
    t = make_table(n=2, seed=1)
    t["industry_mix"] = [0.1, 0.0]
    t["relatedness_density"] = [0.0, 30.0]
    res = cr.evaluate(t, cfg, method=method)
    assert res.table["rank"].tolist() == [1, 1]


def test_weighted_sum_total_is_sum_of_contributions_and_scores_are_bounded(cfg, table):
    for method in ("weighted_sum", "promethee"):
        res = cr.evaluate(table, cfg, method=method)
        contrib = res.table.filter(like="contrib_").sum(axis=1)
        np.testing.assert_allclose(contrib, res.table["total"], atol=1e-12)
    scores = res.table.filter(like="score_")
    assert ((scores >= 0) & (scores <= 1)).all().all()
    assert res.utilities.shape == (len(table), len(res.criteria))
    assert res.criteria["weight"].sum() == pytest.approx(1.0)


def test_evaluate_output_columns(cfg, table):
    res = cr.evaluate(table, cfg)
    heads = list(cr.HEADINGS)
    assert list(res.table.columns) == (["plate", "nace_division", "nace_label", "insured", "workplaces", "lq",
                                        "flags", "flagged"]
                                       + [f"score_{h}" for h in heads] + [f"contrib_{h}" for h in heads]
                                       + ["total", "rank"])
    assert res.table["rank"].is_monotonic_increasing
    assert res.method == "weighted_sum"


# ---------------------------------------------------------------------------------------------
# notes: qualitative absent, optional column, constant column
# ---------------------------------------------------------------------------------------------
def test_without_qualitative_scores_runs_quantitative_only_with_note(cfg, table):
    res = cr.evaluate(table, cfg)
    en = [text.render(n, "en") for n in res.notes]
    assert any("no qualitative (stakeholder) scores" in n and "quantitative criteria only" in n for n in en)
    assert any("nitel (paydaş) puanı verilmedi" in n for n in res.notes)  # Turkish by default
    assert set(res.criteria["kind"]) == {"quantitative"}
    inside = res.criteria.groupby("heading")["weight_in_heading"].sum()
    np.testing.assert_allclose(inside, 1.0)
    # Ağ Oluşturma: 0.15/0.10/0.15/0.10/0.10 of 0.60 -> 1/4, 1/6, 1/4, 1/6, 1/6 (the heading keeps 0.30)
    ag = res.criteria.set_index("id")["weight_in_heading"]
    assert ag["ag_workplaces"] == pytest.approx(1 / 4) and ag["ag_related_variety"] == pytest.approx(1 / 6)
    assert res.heading_weights["ag_olusturma_ve_isbirligi"] == pytest.approx(0.30)


def test_optional_exports_dropped_with_note_or_used_if_present(cfg_dict, table):
    cfg_dict["headings"]["talep"]["indicators"][0]["weight"] = 0.3
    cfg_dict["headings"]["talep"]["indicators"].append(
        {"id": "ta_exports", "column": "exports_usd", "label_en": "exports", "direction": "benefit",
         "transform": "log", "reference": "fixed", "range": [1e5, 1e9], "weight": 0.2, "optional": True})
    cfg = cr.criteria_from_dict(cfg_dict)
    res = cr.evaluate(table, cfg)
    assert "ta_exports" not in res.criteria["id"].tolist()
    assert any("exports" in text.render(n, "en") and "dropped" in text.render(n, "en") for n in res.notes)
    with_exports = table.assign(exports_usd=np.linspace(1e5, 1e8, len(table)))
    res2 = cr.evaluate(with_exports, cfg)
    assert "ta_exports" in res2.criteria["id"].tolist()
    assert not any("optional column" in text.render(n, "en") for n in res2.notes)


def test_qualitative_scores_enter_and_change_the_ranking(cfg):
    t = make_table(n=5, seed=2)
    items = [q.id for q in cfg.qualitative_items]
    low = pd.DataFrame(1.0, index=t["nace_division"], columns=items)
    res_q = cr.evaluate(t, cfg, qualitative=low)
    assert set(res_q.criteria["kind"]) == {"quantitative", "qualitative"}
    assert not any("no qualitative" in n for n in res_q.notes)
    # give the last-ranked sector 5s everywhere, the others 1s: it climbs
    last = res_q.table["nace_division"].iloc[-1]
    boosted = low.copy()
    boosted.loc[last] = 5.0
    res_b = cr.evaluate(t, cfg, qualitative=boosted)
    assert res_b.table.set_index("nace_division").loc[last, "rank"] < len(t)
    # missing sectors and unknown items are refused
    with pytest.raises(ValueError, match="qualitative scores missing for division"):
        cr.evaluate(t, cfg, qualitative=low.iloc[:3])
    with pytest.raises(ValueError, match="unknown qualitative item"):
        cr.evaluate(t, cfg, qualitative=low.rename(columns={"ag_dernek": "dernek"}))
    with pytest.raises(ValueError, match="out of range 1-5"):
        cr.evaluate(t, cfg, qualitative=low.replace(1.0, 6.0))


def test_missing_values_error_or_median(cfg, cfg_dict, table):
    t = table.copy()
    t.loc[2, "lq"] = np.nan
    cfg_dict["missing_values"] = "error"
    with pytest.raises(ValueError, match=r"column 'lq' \(indicator ee_lq\) is missing for sector\(s\) \['12'\]"):
        cr.evaluate(t, cr.criteria_from_dict(cfg_dict))
    assert cfg.missing_values == "median"  # the shipped file takes the reference's midpoint and says so
    res = cr.evaluate(t, cfg)
    assert any("reference's midpoint 0.5" in text.render(n, "en") for n in res.notes)
    assert res.utilities.loc["12", "ee_lq"] == 0.5


def test_constant_indicator_is_noted(table):
    cfg = cr.criteria_from_dict(toy_dict())  # a min-max over the candidates notes a constant column
    res = cr.evaluate(table.assign(lq_nuts2=3.0), cfg)
    assert any("fk_lq2" in n and "constant" in text.render(n, "en") for n in res.notes)
    assert any("fk_lq2" in n and "sabit" in n for n in res.notes)  # Turkish by default


def test_schema_rejects_bad_values(cfg, table):
    t = table.copy()
    t.loc[0, "lq"] = -1.0
    with pytest.raises(ValueError, match="'lq'.*greater_than_or_equal_to"):
        cr.evaluate(t, cfg)
    with pytest.raises(ValueError, match="one province"):
        cr.evaluate(pd.concat([table, make_table(plate=55)]), cfg)


# ---------------------------------------------------------------------------------------------
# weights in the yml matter
# ---------------------------------------------------------------------------------------------
def test_changing_a_weight_in_the_yml_changes_the_ranking(tmp_path):
    t = make_table(n=3, seed=5)
    t["industry_mix"] = [0.10, 0.00, 0.05]       # sector 10 best on demand
    t["relatedness_density"] = [0.0, 50.0, 25.0]  # sector 11 best on networking
    t["insured"] = [1000.0, 1000.0, 1000.0]
    t["lq_nuts2"] = [1.0, 1.0, 1.0]
    a = cr.load_criteria(write_yml(tmp_path / "a.yml", toy_dict(weights=(0.25, 0.45, 0.05, 0.25))))
    b = cr.load_criteria(write_yml(tmp_path / "b.yml", toy_dict(weights=(0.25, 0.05, 0.45, 0.25))))
    for method in ALL:
        assert cr.evaluate(t, a, method=method).table["nace_division"].iloc[0] == "10"
        assert cr.evaluate(t, b, method=method).table["nace_division"].iloc[0] == "11"


def test_shipped_yml_weight_edit_changes_ranking(tmp_path, cfg_dict, table):
    base = cr.evaluate(table, cr.criteria_from_dict(cfg_dict))
    cfg_dict["headings"]["ekonomik_etki"]["weight"] = 0.85
    for k in ("talep", "ag_olusturma_ve_isbirligi", "faktor_kosullari"):
        cfg_dict["headings"][k]["weight"] = 0.05
    edited = cr.load_criteria(write_yml(tmp_path / "criteria.yml", cfg_dict))
    other = cr.evaluate(table, edited)
    assert base.table["nace_division"].tolist() != other.table["nace_division"].tolist()


# ---------------------------------------------------------------------------------------------
# robustness, agreement, size, explanations
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ALL)
@pytest.mark.parametrize("scheme", ["dirichlet", "uniform"])
def test_robustness_is_seeded_and_reproducible(cfg, table, method, scheme):
    a = cr.robustness(table, cfg, n=200, seed=1, method=method, scheme=scheme)
    b = cr.robustness(table, cfg, n=200, seed=1, method=method, scheme=scheme)
    c = cr.robustness(table, cfg, n=200, seed=2, method=method, scheme=scheme)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.rank_draws, b.rank_draws)
    assert not a.rank_draws.equals(c.rank_draws)
    t = a.table
    assert list(t.columns) == ["nace_division", "nace_label", "base_rank", "p_top_k", "p_first", "median_rank",
                               "mean_rank", "rank_p05", "rank_p95"]
    assert t["p_top_k"].between(0, 1).all() and t["p_first"].sum() == pytest.approx(1.0, abs=0.05)
    assert (t["rank_p05"] <= t["median_rank"]).all() and (t["median_rank"] <= t["rank_p95"]).all()
    assert a.rank_draws.shape == (200, len(table))
    assert any("robustness: 200 draws, seed 1" in text.render(n, "en") for n in a.notes)


def test_robustness_dominant_sector_always_first(cfg):
    t = make_table(n=6, seed=4)
    cols = ["insured", "workplaces", "lq", "growth", "industry_mix", "competitive", "relatedness_density",
            "labour_pool", "universities", "lq_nuts2", "related_variety", "lq_neighbours", "lq_rest_region"]
    t.loc[0, cols] = t[cols].max().to_numpy() * 2 + 1
    t.loc[0, "manuf_share"] = 0.99
    t.loc[0, "insured_per_workplace"] = t["insured_per_workplace"].min() / 2
    t = with_refs(t)
    rob = cr.robustness(t, cfg, n=300, seed=3)
    first = rob.table.iloc[0]
    assert first["nace_division"] == "10" and first["p_first"] == 1.0 and first["rank_p95"] == 1


def test_robustness_zero_perturbation_reproduces_base_ranks(cfg_dict, table):
    cfg_dict["robustness"] = {"scheme": "uniform", "perturbation": 0.0, "n": 20, "seed": 0}
    rob = cr.robustness(table, cr.criteria_from_dict(cfg_dict))
    assert (rob.table["median_rank"] == rob.table["base_rank"]).all()
    assert (rob.table["rank_p05"] == rob.table["rank_p95"]).all()


def test_method_agreement(cfg, table):
    ag = cr.method_agreement(table, cfg)
    assert list(ag.ranks.columns) == ["nace_division", "rank_weighted_sum", "rank_topsis", "rank_promethee"]
    for m in (ag.spearman, ag.kendall):
        assert list(m.index) == ALL and np.allclose(np.diag(m), 1.0)
        assert np.allclose(m, m.T) and ((m >= -1) & (m <= 1)).all().all()
    r = ag.ranks
    assert ag.spearman.loc["weighted_sum", "topsis"] == pytest.approx(mcda.spearman(r["rank_weighted_sum"], r["rank_topsis"]))


def test_size_rank_correlation(cfg):
    # a single size criterion: ranking = size ranking -> +1
    d = toy_dict(weights=(1, 0, 0, 0))
    t = make_table(n=8, seed=9)
    res = cr.evaluate(t, cr.criteria_from_dict(d))
    assert cr.size_rank_correlation(res) == pytest.approx(1.0)
    # cost on size -> -1
    d["headings"]["ekonomik_etki"]["indicators"][0]["direction"] = "cost"
    res = cr.evaluate(t, cr.criteria_from_dict(d))
    assert cr.size_rank_correlation(res) == pytest.approx(-1.0)
    assert -1 <= cr.size_rank_correlation(cr.evaluate(t, cfg)) <= 1
    with pytest.raises(ValueError, match="size column 'exports_usd'"):
        cr.size_rank_correlation(res, "exports_usd")


def test_explain_names_carrying_and_weak_headings():
    cfg = cr.criteria_from_dict(toy_dict())
    t = make_table(n=6, seed=0)
    # sector 10: best on networking and factor conditions, worst on demand
    t["relatedness_density"] = [60, 10, 20, 30, 40, 50]
    t["lq_nuts2"] = [3.0, 1, 2, 2.0, 1.5, 2.9]
    t["industry_mix"] = [-0.1, 0.05, 0.02, 0.03, 0.04, -0.08]
    t["insured"] = 1000.0
    res = cr.evaluate(t, cfg)
    text = cr.explain(res, top_k=3, lang="en")
    assert list(text.index) == res.table["nace_division"].head(3).tolist()
    assert text["10"] == ("Ranks 1st of 6 mainly on Ağ Oluşturma ve İşbirliği (networking and cooperation) and "
                          "Faktör Koşulları (factor conditions); weak on Talep (demand).")
    assert all(s.startswith("Ranks ") and s.endswith(".") for s in text)
    tr = cr.explain(res, top_k=3)  # Turkish by default: the same headings named, rank as "1."
    assert list(tr.index) == list(text.index)
    assert tr["10"].startswith("6 sektör arasında 1. sırada") and "Ağ Oluşturma ve İşbirliği ve Faktör Koşulları" in tr["10"]
    assert "Talep" in tr["10"].split(";")[-1] and "networking" not in tr["10"]


def test_ordinals():
    assert [cr._ordinal(i) for i in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_transforms():
    np.testing.assert_allclose(cr.apply_transform([0, np.e - 1], "log"), [0, 1])
    assert cr.apply_transform([3, 1, 2], "percentile_rank").tolist() == [1.0, 0.0, 0.5]
    assert cr.apply_transform([2, 4], "minmax").tolist() == [0.0, 1.0]
    np.testing.assert_allclose(cr.apply_transform([1, 3], "zscore"), [-1, 1])
    with pytest.raises(ValueError, match="log transform needs values >= 0"):
        cr.apply_transform([-1, 2], "log")
