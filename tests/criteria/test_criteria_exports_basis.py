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


def toy_exports_dict(min_usd: float = 1e6, min_share: float = 0.0) -> dict:
    data = toy_dict()

    def ind(i, col, transform="none"):
        return {"id": i, "column": col, "direction": "benefit", "transform": transform, "weight": 1.0,
                "reference": "candidates"}

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
                     "min_export_share": min_share},
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


def test_export_longlist_is_a_presence_floor_with_reasons():
    t = toy_exports_table()
    t.loc[t["sector"] == "T02", "export_usd"] = 10.0
    t.loc[t["sector"] == "T03", "export_usd"] = 0.0
    t.loc[t["sector"] == "T04", "rca"] = 0.01   # specialisation is scored, never a gate
    t["export_share"] = t["export_usd"] / t["export_usd"].sum()
    cfg = cr.criteria_from_dict(toy_exports_dict(min_usd=1e4), "toy.yml", basis="exports")
    kept, excluded = cr.longlist(t, cfg)
    assert "T04" in set(kept["sector"])
    keys = excluded.set_index("sector")["reason_keys"]
    assert keys.to_dict() == {"T02": "below_floor", "T03": "no_exports"}
    t9 = pd.concat([t, t.iloc[[0]].assign(sector="T09")], ignore_index=True)
    assert cr.longlist(t9, cfg).excluded.set_index("sector")["reason_keys"]["T09"] == "not_listed"
    assert excluded.set_index("sector")["reason"]["T02"].startswith("exports 10 USD below the presence floor")


def test_relative_floor_gives_a_small_exporter_candidates():
    t = toy_exports_table()
    t["export_usd"] = t["export_usd"] / 1e6          # a tiny exporter: nothing reaches USD 100 thousand
    t["export_share"] = t["export_usd"] / t["export_usd"].sum()
    absolute = cr.criteria_from_dict(toy_exports_dict(min_usd=1e5), "toy.yml", basis="exports")
    assert cr.longlist(t, absolute).kept.empty
    relative = cr.criteria_from_dict(toy_exports_dict(min_usd=1e5, min_share=0.005), "toy.yml", basis="exports")
    kept = cr.longlist(t, relative).kept
    assert set(kept["sector"]) == set(t[(t["export_share"] >= 0.005) & (t["sector"] != "T09")]["sector"])


def test_a_floor_that_leaves_nothing_is_a_note_and_an_empty_evaluation():
    t = toy_exports_table()
    data = toy_exports_dict(min_usd=1e7)
    t["export_usd"] = 1.0
    t["export_share"] = 0.0
    ll = cr.longlist(t, cr.criteria_from_dict(data, "toy.yml", basis="exports"))
    assert ll.kept.empty and len(ll.excluded) == len(t)
    assert "no candidate to evaluate" in text.render(ll.notes[0], "en")
    r = cr.evaluate(ll.kept, cr.criteria_from_dict(data, "toy.yml", basis="exports"))
    assert r.table.empty and "rank" in r.table.columns


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
