"""The criteria engine on the exports basis, on its own toy configuration (not the shipped file):
key column ``sector``, export long-list rule, results keyed by sector, stakeholder sheets."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from criteria_toys import toy_dict
from helpers import criteria as cr
from helpers import stakeholders, text


def toy_exports_dict(min_usd: float = 1e6, min_candidates: int = 3) -> dict:
    data = toy_dict()

    def ind(i, col, transform="none"):
        return {"id": i, "column": col, "direction": "benefit", "transform": transform, "weight": 1.0}

    data["exports"] = {
        "headings": {
            "ekonomik_etki": {"weight": 0.25, "indicators": [ind("ex_size", "export_usd", "log")]},
            "talep": {"weight": 0.25, "indicators": [ind("tx_mix", "industry_mix")]},
            "ag_olusturma_ve_isbirligi": {"weight": 0.25, "indicators": [
                {**ind("ax_rd", "relatedness_density"), "weight": 0.5}],
                "qualitative": [{"id": "ag_dernek", "question_tr": "Dernek?", "subtitle_en": "Association?",
                                 "weight": 0.5}]},
            "faktor_kosullari": {"weight": 0.25, "indicators": [ind("fx_rca2", "rca_nuts2", "percentile_rank")]},
        },
        "longlist": {"sectors": "all", "exclude_sectors": ["T09"], "min_export_usd": min_usd,
                     "min_candidates": min_candidates},
    }
    return data


def toy_exports_table(n: int = 8, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = [f"T{i:02d}" for i in range(1, n + 1)]
    usd = rng.lognormal(15, 2, n)
    return pd.DataFrame({
        "plate": 61, "sector": codes, "sector_label": [f"Sector {c}" for c in codes], "year": 2023,
        "export_usd": usd, "rca": rng.gamma(1.5, 1.0, n), "export_share": usd / usd.sum(),
        "growth": rng.normal(0.2, 0.3, n), "industry_mix": rng.normal(0, 0.1, n), "competitive": rng.normal(0, 0.2, n),
        "relatedness_density": rng.uniform(0, 60, n), "pci": rng.normal(0, 1, n),
        "nuts2_export": usd * 1.5, "rca_nuts2": rng.gamma(1.5, 1.0, n), "universities": 2.0,
    })


def test_exports_config_has_its_basis_and_key():
    cfg = cr.criteria_from_dict(toy_exports_dict(), "toy.yml", basis="exports")
    assert cfg.basis == "exports" and cfg.key == "sector" and cfg.sector_basis.value == "export_usd"
    emp = cr.criteria_from_dict(toy_exports_dict(), "toy.yml")
    assert emp.basis == "employment" and emp.key == "nace_division"
    with pytest.raises(ValueError, match="criteria for employment, exports"):
        cr.criteria_from_dict(toy_exports_dict(), "toy.yml", basis="sample")


def test_export_longlist_rule_reasons_and_top_up():
    t = toy_exports_table()
    t.loc[t["sector"] == "T02", "export_usd"] = 10.0
    cfg = cr.criteria_from_dict(toy_exports_dict(min_usd=1e6), "toy.yml", basis="exports")
    kept, excluded = cr.longlist(t, cfg)
    assert "T09" not in set(kept["sector"]) and "T02" not in set(kept["sector"])
    reasons = excluded.set_index("sector")["reason"]
    assert reasons["T02"] == "export_usd 10 < 1e+06"
    # a small exporter: the largest other sectors with exports top the list up (noted)
    cfg = cr.criteria_from_dict(toy_exports_dict(min_usd=1e12, min_candidates=3), "toy.yml", basis="exports")
    ll = cr.longlist(t, cfg)
    assert list(ll.kept["sector"]) == t[t["sector"] != "T09"].nlargest(3, "export_usd")["sector"].sort_index().tolist()
    assert ll.notes and "were added so that at least 3" in text.render(ll.notes[0], "en")


def test_export_longlist_rca_floor_and_a_rule_that_leaves_nothing():
    t = toy_exports_table()
    data = toy_exports_dict(min_usd=0, min_candidates=0)
    data["exports"]["longlist"]["min_rca"] = 1.0
    kept, excluded = cr.longlist(t, cr.criteria_from_dict(data, "toy.yml", basis="exports"))
    expected = t[(t["rca"] >= 1) & (t["sector"] != "T09")]["sector"].tolist()
    assert kept["sector"].tolist() == expected and expected  # the specialised sectors, in table order
    assert all("rca" in r for s, r in excluded.set_index("sector")["reason"].items() if s != "T09")
    data["exports"]["longlist"]["min_export_usd"] = 1e15  # no sector this large, and no top-up: nothing is left
    with pytest.raises(cr.CriteriaConfigError, match=r"toy.yml: exports.longlist: .*leaves no sector of "
                                                     r"province 61 to evaluate.*T01: export_usd [0-9.e+]+ < 1e\+15"):
        cr.longlist(t, cr.criteria_from_dict(data, "toy.yml", basis="exports"))


def test_evaluate_robustness_agreement_keyed_by_sector():
    cfg = cr.criteria_from_dict(toy_exports_dict(), "toy.yml", basis="exports")
    kept = cr.longlist(toy_exports_table(), cfg).kept
    r = cr.evaluate(kept, cfg)
    assert list(r.table.columns[:5]) == ["plate", "sector", "sector_label", "export_usd", "rca"]
    assert r.utilities.index.name == "sector" and r.table["rank"].min() == 1
    rob = cr.robustness(kept, cfg, n=100)
    assert list(rob.table.columns[:3]) == ["sector", "sector_label", "base_rank"]
    agree = cr.method_agreement(kept, cfg)
    assert list(agree.ranks.columns) == ["sector", "rank_weighted_sum", "rank_topsis", "rank_promethee"]
    assert cr.explain(r, 2).index.name == "sector"
    assert -1 <= cr.size_rank_correlation(r) <= 1


def test_export_table_schema_refuses_the_not_itemised_row_and_bad_codes():
    cfg = cr.criteria_from_dict(toy_exports_dict(), "toy.yml", basis="exports")
    t = toy_exports_table()
    t.loc[0, "sector"] = "T00"
    with pytest.raises(ValueError, match="sector table does not match the schema"):
        cr.evaluate(t, cfg)
    t.loc[0, "sector"] = "10"
    with pytest.raises(ValueError, match="str_matches"):
        cr.evaluate(t, cfg)


def test_stakeholder_sheet_round_trip_on_exports(tmp_path):
    cfg = cr.criteria_from_dict(toy_exports_dict(), "toy.yml", basis="exports")
    kept = cr.longlist(toy_exports_table(), cfg).kept
    path = stakeholders.write_sheet(tmp_path / "s.xlsx", "Trabzon", kept, cfg)
    wb = load_workbook(path)
    ws = wb[stakeholders.SCORING_SHEET]
    assert ws.cell(row=stakeholders.KEY_ROW, column=1).value == "sector"
    assert ws.cell(row=stakeholders.FIRST_DATA_ROW, column=1).value == kept["sector"].iloc[0]
    ws.cell(row=stakeholders.FIELDS["organisation"][0], column=stakeholders.FIELD_COL, value="Trabzon TSO")
    rng = random.Random(3)
    for i in range(len(kept)):
        ws.cell(row=stakeholders.FIRST_DATA_ROW + i, column=len(stakeholders.LAYOUTS["exports"]) + 1,
                value=rng.randint(1, 5))
    wb.save(path)
    responses = stakeholders.read_sheets(tmp_path, cfg, kept)
    assert "sector" in responses.columns and set(responses["sector"]) == set(kept["sector"])
    scores = stakeholders.aggregate(responses)
    r = cr.evaluate(kept, cfg, qualitative=scores)
    assert "ag_dernek" in r.utilities.columns
    # an employment sheet is not accepted for the exports basis
    with pytest.raises(ValueError, match="harmonised TİM sector code"):
        stakeholders.read_sheets(tmp_path, cfg, ["10", "13"])
