"""helpers.evaluation: readings, views, shortlist, stakeholder folder handling.

A toy evaluation with one indicator per heading and four sectors ordered the same way on every
indicator (10 > 13 > 22 > 25), so every ranking, weighting and method gives ranks 1, 2, 3, 4 and
the numbers can be checked by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from helpers import criteria, datasets, evaluation, paths, text

TOP_K = 2


def toy_config(top_k: int = TOP_K) -> criteria.CriteriaConfig:
    def ind(i, col, transform="none"):
        return {"id": i, "column": col, "direction": "benefit", "transform": transform, "weight": 1.0,
                "reference": "candidates"}

    return criteria.criteria_from_dict({
        "version": "toy-1",
        "headings": {
            "ekonomik_etki": {"weight": 0.25, "indicators": [ind("ee_insured", "insured", "log")]},
            "talep": {"weight": 0.25, "indicators": [ind("ta_mix", "industry_mix")]},
            "ag_olusturma_ve_isbirligi": {"weight": 0.25, "indicators": [ind("ag_rd", "relatedness_density")]},
            "faktor_kosullari": {"weight": 0.25, "indicators": [ind("fk_lq2", "lq_nuts2")]},
        },
        "longlist": {"sections": ["C"], "min_workplaces": 10, "min_insured": 50},
        "robustness": {"n": 200, "seed": 7, "top_k": top_k},
    }, source="toy")


def toy_table() -> pd.DataFrame:
    return pd.DataFrame({
        "plate": 27, "nace_division": ["10", "13", "22", "25"],
        "nace_label": ["Food", "Textiles", "Plastics", "Metal products"],
        "title_tr": ["Gıda", "Tekstil", "Plastik", "Metal"],
        "title_en": ["Food", "Textiles", "Plastics", "Metal products"],
        "insured": [5000.0, 1000.0, 300.0, 100.0], "workplaces": [200.0, 80.0, 30.0, 12.0],
        "lq": [2.0, 1.5, 1.0, 0.5],
        "industry_mix": [0.3, 0.1, 0.0, -0.1], "relatedness_density": [80.0, 50.0, 30.0, 10.0],
        "lq_nuts2": [3.0, 2.0, 1.0, 0.5],
    })


@pytest.fixture(scope="module")
def config():
    return toy_config()


@pytest.fixture(scope="module")
def result(config):
    return criteria.evaluate(toy_table(), config)


@pytest.fixture(scope="module")
def robust(config):
    return criteria.robustness(toy_table(), config)


# --- files and folders ------------------------------------------------------------------------

def test_resolve_file():
    assert evaluation.resolve_file("config/criteria.yml") == paths.ROOT / "config" / "criteria.yml"
    with pytest.raises(FileNotFoundError, match="criteria file 'config/nope.yml' not found"):
        evaluation.resolve_file("config/nope.yml")


def test_folder_for():
    assert evaluation.folder_for(27) == paths.STAKEHOLDERS / "27-gaziantep"
    assert evaluation.folder_for(6) == paths.STAKEHOLDERS / "06-ankara"  # two-digit plate
    assert evaluation.folder_for(46) == paths.STAKEHOLDERS / "46-kahramanmaras"
    assert evaluation.folder_for(27, "data/other") == paths.ROOT / "data" / "other"
    assert evaluation.folder_for(27, "/tmp/sheets") == Path("/tmp/sheets")


def test_load_folder_without_sheets_is_none(tmp_path, config):
    table = toy_table()
    assert evaluation.load_folder(tmp_path / "missing", config, table) is None
    assert evaluation.load_folder(tmp_path, config, table) is None  # exists, empty
    (tmp_path / "~$lock.xlsx").write_bytes(b"")
    (tmp_path / ".hidden.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a sheet")
    assert evaluation.load_folder(tmp_path, config, table) is None  # lock/hidden files do not count


def test_stakeholder_reading_without_sheets(tmp_path):
    inside = paths.STAKEHOLDERS / "27-gaziantep"
    text = evaluation.stakeholder_reading(None, inside, lang="en")
    assert "data/stakeholders/27-gaziantep" in evaluation.stakeholder_reading(None, inside)  # Turkish default
    assert "no filled stakeholder sheets in `data/stakeholders/27-gaziantep`" in text
    assert "python tools/stakeholder_sheet.py <province>" in text
    assert f"`{tmp_path}`" in evaluation.stakeholder_reading(None, tmp_path, lang="en")  # outside the repository: as is


def test_stakeholder_reading_and_disagreement_with_sheets(tmp_path):
    responses = pd.DataFrame({"file": ["a.xlsx", "b.xlsx", "c.xlsx"], "respondent": ["Ayşe", "Mehmet", "Ayşe"]})
    scores = pd.DataFrame({"nace_division": ["13", "10", "10"], "item": ["x", "x", "y"], "iqr": [2.0, 2.0, 0.5],
                           "high_disagreement": [True, True, False]})
    q = evaluation.StakeholderInput(folder=tmp_path, responses=responses, scores=scores,
                                    files=["a.xlsx", "b.xlsx", "c.xlsx"])
    tr = evaluation.stakeholder_reading(q, tmp_path)
    assert tr.startswith("**Yorum:** 2 katılımcıdan gelen 3 doldurulmuş form") and "2 sektör × madde" in tr
    assert evaluation.stakeholder_reading(q, tmp_path, lang="en") == (
        "**Reading:** 3 filled sheet(s) from 2 respondent(s) enter the evaluation as medians; 2 sector × item "
        "scores show high disagreement (interquartile range ≥ 2) and deserve discussion.")
    d = evaluation.disagreement(q)
    assert list(zip(d["nace_division"], d["item"])) == [("10", "x"), ("13", "x"), ("10", "y")]
    assert evaluation.disagreement(None) is None
    html = evaluation.disagreement_view(q).to_html()
    assert "Çeyrekler açıklığı" in html and "Interquartile range" in evaluation.disagreement_view(q, "en").to_html()
    assert evaluation.disagreement_view(None) is None


# --- long list --------------------------------------------------------------------------------

def test_longlist_reading(config):
    table = pd.concat([toy_table(), toy_table().iloc[[0]].assign(nace_division="45")], ignore_index=True)
    ll = criteria.longlist(table, config)
    tr = evaluation.longlist_reading(ll, config)
    assert tr.startswith("**Yorum:** ilde varlığı olan 4 bölüm değerlendiriliyor (C kısmı (10-33); en az 10 iş yeri "
                         "ve 50 sigortalı).")
    assert evaluation.longlist_reading(ll, config, "en") == (
        "**Reading:** 4 divisions present in the province are evaluated (section C (10-33); at least 10 workplaces "
        "and 50 insured). Specialisation (LQ) is scored, never used to leave a division out. 1 are left out; the "
        "table below gives each one's reason.")
    empty = criteria.longlist(table.assign(workplaces=0.0), config)
    assert "no sector passes the presence floor" in evaluation.longlist_reading(empty, config, "en")


# --- views and readings of the evaluation ----------------------------------------------------

def test_heading_labels(config):
    assert evaluation.heading_labels(config) == ["Ekonomik Etki", "Talep", "Ağ Oluşturma ve İşbirliği",
                                                 "Faktör Koşulları"]


def test_heading_matrix(result, config):
    m = evaluation.heading_matrix(result, config)
    assert list(m.columns) == evaluation.heading_labels(config)
    assert m.index.tolist() == ["10 Food", "13 Textiles", "22 Plastics", "25 Metal products"]
    assert (m.iloc[0] == 1.0).all() and (m.iloc[-1] == 0.0).all()  # best and worst on every indicator
    # talep: industry mix 0.1 min-maxed over (-0.1, 0.3)
    assert m.loc["13 Textiles", "Talep"] == pytest.approx(0.5)
    assert len(evaluation.heading_matrix(result, config, n=2)) == 2


def test_heading_reading(result, config):
    assert evaluation.heading_reading(result, config).startswith("**Yorum:** ")
    assert evaluation.heading_reading(result, config).endswith("Ekonomik Etki: Food; Talep: Food; "
                                                                "Ağ Oluşturma ve İşbirliği: Food; Faktör Koşulları: Food.")
    assert evaluation.heading_reading(result, config, "en") == (
        "**Reading:** the best-scoring sector under each heading — Ekonomik Etki: Food; Talep: Food; "
        "Ağ Oluşturma ve İşbirliği: Food; Faktör Koşulları: Food.")


def test_contributions_add_up_to_the_total(result, config):
    c = evaluation.contributions(result, config)
    assert c["label"].tolist() == ["10 Food", "13 Textiles", "22 Plastics", "25 Metal products"]
    heads = evaluation.heading_labels(config)
    assert c.loc[0, heads].tolist() == pytest.approx([0.25] * 4)  # W_h × score_h = 0.25 × 1
    assert c[heads].sum(axis=1).tolist() == pytest.approx(result.table["total"].tolist())


def test_ranking_reading(result):
    assert evaluation.ranking_reading(result) == (
        "**Yorum:** ağırlıklı toplam yöntemiyle 4 sektör arasında birinci: Food (10); her çubuk her başlığın katkısını "
        "gösterir.")
    assert evaluation.ranking_reading(result, "en") == (
        "**Reading:** with the weighted sum method, Food (10) ranks first of 4; each bar shows how much each "
        "heading adds.")


def test_size_vs_rank(result):
    s = evaluation.size_vs_rank(result)
    assert list(s.columns) == ["nace_division", "insured", "rank"]
    assert s["rank"].tolist() == [1, 2, 3, 4] and s["insured"].tolist() == [5000, 1000, 300, 100]
    assert criteria.size_rank_correlation(result) == pytest.approx(1.0)


@pytest.mark.parametrize("rho, verdict", [
    (0.0, "size hardly drives it"),
    (0.39, "size hardly drives it"),
    (0.4, "size matters moderately"),
    (0.69, "size matters moderately"),
    (0.7, "the ranking still follows size closely"),
    (1.0, "the ranking still follows size closely"),
    (-0.8, "size hardly drives it"),
])
def test_size_reading_verdicts(rho, verdict):
    tr = evaluation.size_reading(rho)
    assert tr.startswith("**Yorum:** ") and f"{rho:.2f}".replace(".", ",") in tr
    text = evaluation.size_reading(rho, "en")
    assert text.startswith(f"**Reading:** the Spearman correlation between the final ranking and plain size is "
                           f"{rho:.2f}: {verdict}")


def test_size_reading_undefined():
    assert evaluation.size_reading(float("nan")).startswith("**Yorum:** ")
    assert evaluation.size_reading(float("nan"), "en") == \
        "**Reading:** the size–rank correlation is undefined (too few sectors)."


def test_agreement_reading(config):
    agreement = criteria.method_agreement(toy_table(), config)
    assert "1,00 (ağırlıklı toplam – TOPSIS)" in evaluation.agreement_reading(agreement)
    assert evaluation.agreement_reading(agreement, "en") == (
        "**Reading:** the three methods agree with Spearman rank correlations from 1.00 (weighted sum vs TOPSIS) up; "
        "close to 1 means the shortlist does not depend on the method.")


def test_agreement_reading_names_the_lowest_pair():
    methods = ["weighted_sum", "topsis", "promethee"]
    sp = pd.DataFrame([[1.0, 0.9, 0.6], [0.9, 1.0, 0.8], [0.6, 0.8, 1.0]], index=methods, columns=methods)
    agreement = criteria.MethodAgreement(ranks=pd.DataFrame(), spearman=sp, kendall=sp)
    assert "from 0.60 (weighted sum vs PROMETHEE) up" in evaluation.agreement_reading(agreement, "en")
    assert "0,60 (ağırlıklı toplam – PROMETHEE)" in evaluation.agreement_reading(agreement)


# --- shortlist --------------------------------------------------------------------------------

def test_shortlist(result, robust):
    s = evaluation.shortlist(result, robust, TOP_K)
    assert list(s.columns) == ["rank", "nace_division", "title_tr", "title_en", "insured", "workplaces", "lq",
                               "total", "p_top_k", "rank_interval", "explanation"]
    assert s["nace_division"].tolist() == ["10", "13"]
    assert s["title_tr"].tolist() == ["Gıda", "Tekstil"]
    assert s["p_top_k"].tolist() == [1.0, 1.0]
    assert s["rank_interval"].tolist() == ["1–1", "2–2"]
    assert s.loc[0, "total"] == pytest.approx(1.0)
    assert s.loc[0, "explanation"].startswith("4 sektör arasında 1. sırada; başlıca ")
    assert evaluation.shortlist(result, robust, TOP_K, "en").loc[0, "explanation"].startswith("Ranks 1st of 4 mainly on ")
    assert evaluation.shortlist_labels(s) == ["10 Gıda", "13 Tekstil"]
    assert evaluation.shortlist_labels(s, "en") == ["10 Food", "13 Textiles"]


# --- the real data path -----------------------------------------------------------------------

def test_province_inputs_on_the_bundled_data():
    inputs = evaluation.province_inputs(27, 2009, 2013, basis="sample")  # the sample only when asked for
    t = inputs.table
    assert inputs.basis.name == "employment" and inputs.basis.is_sample and inputs.key == "nace_division"
    assert (t["plate"] == 27).all() and t["nace_division"].is_unique
    assert (t["nace_label"] == t["title_tr"].fillna(t["title_en"])).all()  # names in the report language
    assert (evaluation.province_inputs(27, 2009, 2013, basis="sample", lang="en").table["nace_label"] == t["title_en"]).all()
    assert inputs.is_sample is bool(datasets.load("employment_sgk")["is_sample"].any())
    assert inputs.analysis.start == 2009 and inputs.analysis.end == 2013
    if "exports_usd" not in t.columns:
        assert any("No TİM sector exports" in text.render(n, "en") for n in inputs.notes)
    # the universities column counts the province's universities founded by 2013 (Gaziantep: 1987, 2008, 2013)
    assert (t["universities"] == 3.0).all()
    assert not math.isnan(t["lq"].max())
