"""helpers.criteria.load_criteria: the shipped file loads; bad files fail with precise messages."""

from __future__ import annotations

import re

import pytest

from helpers import criteria as cr
from helpers.criteria import CriteriaConfigError, load_criteria

from criteria_toys import SHIPPED_CONFIG, make_table, write_yml


def test_shipped_config_loads():
    cfg = load_criteria(SHIPPED_CONFIG)
    assert cfg.version
    assert [h.key for h in cfg.headings] == list(cr.HEADINGS)
    assert sum(h.weight for h in cfg.headings) == pytest.approx(1.0)
    for h in cfg.headings:
        assert sum(i.weight for i in h.indicators) + sum(q.weight for q in h.qualitative) == pytest.approx(1.0)
    ids = [c.id for c in (*cfg.indicators, *cfg.qualitative_items)]
    assert len(ids) == len(set(ids))
    # size once, through a log on a fixed scale; no utility depends on the candidate set
    assert [(i.transform, i.reference) for i in cfg.indicators if i.column == "insured"] == [("log", "fixed")]
    assert {i.reference for i in cfg.indicators} <= {"provinces", "fixed"}
    assert "universities" not in cfg.required_columns()  # the same for every sector: no weight
    assert {q.id for q in cfg.qualitative_items} >= {"ag_dernek", "ag_ortak_proje", "fk_altyapi"}
    assert cfg.longlist.allowed() >= {f"{d:02d}" for d in range(10, 34)}
    assert cfg.ahp is not None and not cfg.ahp.use and cfg.ahp.result.cr < 0.1
    # every column the shipped file uses is in the sector table the workbook builds
    from helpers import sectors
    assert set(cfg.required_columns()) <= set(sectors.REF_COLUMNS["employment"])


def _expect(tmp_path, data, keypath, *fragments):
    path = write_yml(tmp_path / "criteria.yml", data)
    with pytest.raises(CriteriaConfigError) as err:
        load_criteria(path)
    msg = str(err.value)
    assert msg.startswith(str(path) + ": "), msg
    assert f": {keypath}: " in msg, msg
    for f in fragments:
        assert f in msg, msg
    return msg


def test_unknown_transform(tmp_path, cfg_dict):
    cfg_dict["headings"]["talep"]["indicators"][1]["transform"] = "logg"
    _expect(tmp_path, cfg_dict, "headings.talep.indicators[1].transform", "unknown transform", "'logg'",
            "percentile_rank, log, minmax, zscore, none")


def test_heading_weights_not_summing(tmp_path, cfg_dict):
    cfg_dict["headings"]["talep"]["weight"] = 0.3
    _expect(tmp_path, cfg_dict, "headings.*.weight", "heading weights must sum to 1", "sum to 1.1", "talep=0.3")


def test_weights_inside_heading_not_summing(tmp_path, cfg_dict):
    cfg_dict["headings"]["ekonomik_etki"]["indicators"][0]["weight"] = 0.5
    _expect(tmp_path, cfg_dict, "headings.ekonomik_etki", "weights inside the heading", "sum to 1.25",
            "ee_insured=0.5")


def test_negative_weight(tmp_path, cfg_dict):
    cfg_dict["headings"]["faktor_kosullari"]["qualitative"][0]["weight"] = -0.15
    _expect(tmp_path, cfg_dict, "headings.faktor_kosullari.qualitative[0].weight", "must be between 0 and 1", "-0.15")


def test_unknown_heading(tmp_path, cfg_dict):
    cfg_dict["headings"]["inovasyon"] = cfg_dict["headings"].pop("talep")
    _expect(tmp_path, cfg_dict, "headings.inovasyon", "unknown heading", "ekonomik_etki, talep")


def test_missing_heading(tmp_path, cfg_dict):
    del cfg_dict["headings"]["talep"]
    _expect(tmp_path, cfg_dict, "headings.talep", "heading missing")


def test_duplicate_ids(tmp_path, cfg_dict):
    cfg_dict["headings"]["ag_olusturma_ve_isbirligi"]["indicators"][0]["id"] = "ee_lq"
    _expect(tmp_path, cfg_dict, "headings.ag_olusturma_ve_isbirligi.indicators[0].id", "duplicate id",
            "headings.ekonomik_etki.indicators[1].id", "'ee_lq'")


def test_duplicate_qualitative_id(tmp_path, cfg_dict):
    cfg_dict["headings"]["faktor_kosullari"]["qualitative"][2]["id"] = "ag_dernek"
    _expect(tmp_path, cfg_dict, "headings.faktor_kosullari.qualitative[2].id", "duplicate id")


def test_unknown_direction(tmp_path, cfg_dict):
    cfg_dict["headings"]["talep"]["indicators"][0]["direction"] = "more"
    _expect(tmp_path, cfg_dict, "headings.talep.indicators[0].direction", "benefit or cost", "'more'")


def test_typo_in_key(tmp_path, cfg_dict):
    cfg_dict["headings"]["talep"]["indicators"][0]["wieght"] = 0.4
    _expect(tmp_path, cfg_dict, "headings.talep.indicators[0].wieght", "unknown key")


def test_missing_version(tmp_path, cfg_dict):
    del cfg_dict["version"]
    _expect(tmp_path, cfg_dict, "version", "must carry a version")


def test_qualitative_item_needs_turkish_question(tmp_path, cfg_dict):
    del cfg_dict["headings"]["ag_olusturma_ve_isbirligi"]["qualitative"][0]["question_tr"]
    _expect(tmp_path, cfg_dict, "headings.ag_olusturma_ve_isbirligi.qualitative[0].question_tr", "missing")


def test_bad_longlist_section_and_division(tmp_path, cfg_dict):
    cfg_dict["longlist"]["sections"] = ["C", "Z"]
    _expect(tmp_path, cfg_dict, "longlist.sections[1]", "unknown NACE section", "'Z'")
    cfg_dict["longlist"]["sections"] = ["C"]
    cfg_dict["longlist"]["divisions"] = ["03", "5A"]
    _expect(tmp_path, cfg_dict, "longlist.divisions[1]", "two-digit NACE division", "'5A'")


def test_bad_robustness(tmp_path, cfg_dict):
    cfg_dict["robustness"]["scheme"] = "gaussian"
    _expect(tmp_path, cfg_dict, "robustness.scheme", "dirichlet, uniform", "'gaussian'")


def test_invalid_yaml(tmp_path):
    path = tmp_path / "criteria.yml"
    path.write_text("version: 1\nheadings: [unclosed\n", encoding="utf-8")
    with pytest.raises(CriteriaConfigError, match=re.escape(str(path)) + r": <yaml line \d+"):
        load_criteria(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="criteria file not found"):
        load_criteria(tmp_path / "nope.yml")


def test_ahp_block_replaces_heading_weights(tmp_path, cfg_dict):
    cfg_dict["ahp"]["use"] = True
    for h in cfg_dict["headings"].values():
        h.pop("weight")
    cfg = load_criteria(write_yml(tmp_path / "criteria.yml", cfg_dict))
    w = cfg.heading_weights()
    assert w["ekonomik_etki"] == pytest.approx(0.5222, abs=5e-4)
    assert w["talep"] == pytest.approx(w["faktor_kosullari"])
    assert any("AHP" in n and "CR = 0.016" in n.render("en") for n in cfg.notes)
    assert any("AHP" in n and "CR = 0,016" in n for n in cfg.notes)  # Turkish by default


def test_ahp_inconsistent_block_refused_naming_pair(tmp_path, cfg_dict):
    cfg_dict["ahp"]["use"] = True
    cfg_dict["ahp"]["matrix"] = [[1, 9, 9, 1 / 9], [1 / 9, 1, 1, 9], [1 / 9, 1, 1, 9], [9, 1 / 9, 1 / 9, 1]]
    msg = _expect(tmp_path, cfg_dict, "ahp.matrix", "inconsistent", "CR = ", "Most inconsistent judgements: a[")
    assert "ekonomik_etki" in msg


def test_ahp_fraction_strings_accepted(tmp_path, cfg_dict):
    cfg_dict["ahp"]["matrix"] = [["1", "3", "5", "3"], ["1/3", "1", "3", "1"], ["1/5", "1/3", "1", "1/3"],
                                 ["1/3", "1", "3", "1"]]
    cfg = load_criteria(write_yml(tmp_path / "criteria.yml", cfg_dict))
    assert cfg.ahp.matrix[2][1] == pytest.approx(1 / 3)


def test_missing_column_in_sector_table_lists_available(cfg_dict):
    cfg = cr.criteria_from_dict(cfg_dict, source="config/criteria.yml")
    table = make_table().drop(columns=["relatedness_density"])
    with pytest.raises(CriteriaConfigError) as err:
        cr.evaluate(table, cfg)
    msg = str(err.value)
    assert msg.startswith("config/criteria.yml: headings.ag_olusturma_ve_isbirligi.indicators[2].column: ")
    assert "'relatedness_density'" in msg and "available columns:" in msg
    assert "insured, insured_per_workplace" in msg  # the list of what is there


def test_with_heading_weights_validates(cfg_dict):
    cfg = cr.criteria_from_dict(cfg_dict)
    with pytest.raises(CriteriaConfigError, match="sum to 1"):
        cfg.with_heading_weights({"talep": 0.9})
    new = cfg.with_heading_weights({"talep": 0.25, "ag_olusturma_ve_isbirligi": 0.25})
    assert new.heading("talep").weight == 0.25 and cfg.heading("talep").weight == 0.20


# --- criteria 2.0: utility references, weights and floors in range ---------------------------

def test_unknown_reference(tmp_path, cfg_dict):
    cfg_dict["exports"]["headings"]["talep"]["indicators"][1]["reference"] = "province"
    _expect(tmp_path, cfg_dict, "exports.headings.talep.indicators[1].reference", "unknown utility reference",
            "provinces, fixed", "'province'")


def test_missing_reference(tmp_path, cfg_dict):
    del cfg_dict["headings"]["talep"]["indicators"][1]["reference"]
    _expect(tmp_path, cfg_dict, "headings.talep.indicators[1].reference", "unknown utility reference", "None")


def test_fixed_reference_needs_a_range(tmp_path, cfg_dict):
    del cfg_dict["headings"]["ekonomik_etki"]["indicators"][0]["range"]
    _expect(tmp_path, cfg_dict, "headings.ekonomik_etki.indicators[0].range", "range: [low, high]")
    cfg_dict["headings"]["ekonomik_etki"]["indicators"][0]["range"] = [100, 10]
    _expect(tmp_path, cfg_dict, "headings.ekonomik_etki.indicators[0].range", "low < high")


def test_percentile_reference_refuses_a_candidate_transform(tmp_path, cfg_dict):
    cfg_dict["headings"]["ekonomik_etki"]["indicators"][1]["transform"] = "minmax"
    _expect(tmp_path, cfg_dict, "headings.ekonomik_etki.indicators[1].transform", "with reference provinces",
            "none, log")


def test_weight_above_one(tmp_path, cfg_dict):
    cfg_dict["exports"]["headings"]["talep"]["weight"] = 1.5
    _expect(tmp_path, cfg_dict, "exports.headings.talep.weight", "must be between 0 and 1", "1.5")


@pytest.mark.parametrize("key, value, allowed", [
    ("min_export_usd", 5e7, "between 0 and 10,000,000"), ("min_export_share", 0.2, "between 0 and 0.05"),
    ("min_export_usd", -1, "between 0 and")])
def test_export_floor_out_of_range(tmp_path, cfg_dict, key, value, allowed):
    cfg_dict["exports"]["longlist"][key] = value
    _expect(tmp_path, cfg_dict, f"exports.longlist.{key}", allowed, repr(value))


def test_employment_floor_out_of_range(tmp_path, cfg_dict):
    cfg_dict["longlist"]["min_insured"] = 5000
    _expect(tmp_path, cfg_dict, "longlist.min_insured", "between 0 and 1,000", "5000")


@pytest.mark.parametrize("key", ["min_rca", "min_candidates"])
def test_gate_keys_of_criteria_1_are_refused(tmp_path, cfg_dict, key):
    cfg_dict["exports"]["longlist"][key] = 1
    _expect(tmp_path, cfg_dict, f"exports.longlist.{key}", "no longer a setting", "scored, not gated")


def test_keep_flagged_must_be_a_boolean(tmp_path, cfg_dict):
    cfg_dict["exports"]["longlist"]["keep_flagged"] = "yes"
    _expect(tmp_path, cfg_dict, "exports.longlist.keep_flagged", "expected true or false")
