"""Follow-up of a past selection (helpers.follow_up): a hand computation from data/processed, the
rank equality with notebook 03's path, the sector resolver, and the follow-up file's refusals."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from helpers import criteria, datasets, evaluation, follow_up
from helpers.follow_up import entries as fu_entries
from helpers.runner import cli

PLATE, SELECTION, END, CHOSEN = 61, 2012, 2023, ["T05", "T09"]  # Trabzon: hazelnuts, fishery


@functools.cache
def _result() -> follow_up.FollowUp:
    return follow_up.build("Trabzon", SELECTION, ["fındık", "T09"], END, label="test")


@functools.cache
def _itemised() -> pd.DataFrame:
    """exports_tim as processed, itemised rows only, summed by plate × year × sector (no helper)."""
    e = datasets.load("exports_tim")
    e = e[~e["not_itemised"].astype(bool)]
    return e.groupby(["plate", "year", "sector"], as_index=False)["export_usd"].sum()


def test_hand_computation_exports_rca_and_shift_share():
    e = _itemised()
    r = _result()
    assert r.chosen == CHOSEN
    y = r.trajectory.yearly.set_index(["sector", "year"])
    for year in (SELECTION, END):
        d = e[e["year"] == year]
        e_j = d.loc[d["plate"] == PLATE, "export_usd"].sum()        # the province's itemised exports
        e_all = d["export_usd"].sum()                                 # Türkiye's itemised exports
        for code in CHOSEN:
            e_ij = d.loc[(d["plate"] == PLATE) & (d["sector"] == code), "export_usd"].sum()
            e_i = d.loc[d["sector"] == code, "export_usd"].sum()       # Türkiye's exports of the sector
            rca = (e_ij / e_j) / (e_i / e_all)                          # Balassa
            assert y.loc[(code, year), "export_usd"] == pytest.approx(e_ij)
            assert y.loc[(code, year), "rca"] == pytest.approx(rca)
            assert y.loc[(code, year), "share_province"] == pytest.approx(e_ij / e_j)
            assert y.loc[(code, year), "share_national"] == pytest.approx(e_ij / e_i)
    # Dunn shift-share of T05 in Trabzon, 2012 → 2023, by hand
    s, t = e[e["year"] == SELECTION], e[e["year"] == END]
    a = s.loc[(s["plate"] == PLATE) & (s["sector"] == "T05"), "export_usd"].sum()
    b = t.loc[(t["plate"] == PLATE) & (t["sector"] == "T05"), "export_usd"].sum()
    g_nat = t["export_usd"].sum() / s["export_usd"].sum()
    g_sec = t.loc[t["sector"] == "T05", "export_usd"].sum() / s.loc[s["sector"] == "T05", "export_usd"].sum()
    national, mix, local = a * (g_nat - 1), a * (g_sec - g_nat), b - a * g_sec
    ss = r.trajectory.shift_share.set_index("sector").loc["T05"]
    assert ss["value_start"] == pytest.approx(a) and ss["value_end"] == pytest.approx(b)
    assert ss["national_share"] == pytest.approx(national)
    assert ss["industry_mix"] == pytest.approx(mix)
    assert ss["competitive_share"] == pytest.approx(local)
    assert national + mix + local == pytest.approx(b - a)
    parts = r.trajectory.shift_share[["national_share", "industry_mix", "competitive_share"]].sum(axis=1)
    np.testing.assert_allclose(parts, r.trajectory.shift_share["change"], rtol=1e-9)
    g = r.trajectory.growth.set_index("sector").loc["T05"]
    assert g["growth"] == pytest.approx(b / a - 1) and g["national_growth"] == pytest.approx(g_sec - 1)


def test_rank_then_equals_notebook_03():
    """The rank in the selection year is what notebook 03 gives for the province and the data year
    (notebook 03's cells, on the exports basis, without stakeholder sheets)."""
    r = _result()
    assert r.then.data_year == SELECTION - 1
    inputs = evaluation.province_inputs(PLATE, 0, r.then.data_year, "exports", "tr")
    config = criteria.load_criteria(evaluation.resolve_file("config/criteria.yml"), basis=inputs.basis.name)
    long_list = criteria.longlist(inputs.table, config)
    qualitative = evaluation.load_folder(evaluation.folder_for(PLATE, ""), config, long_list.kept)
    assert qualitative is None  # no sheets for Trabzon: notebook 03 runs on the data alone, as the follow-up
    result = criteria.evaluate(long_list.kept, config, method="weighted_sum", qualitative=None)
    ranks_03 = result.table.set_index(config.key)["rank"]
    for code, rank in r.then.ranks().items():
        if rank == rank:
            assert rank == ranks_03[code]
        else:
            assert code not in ranks_03.index
    pd.testing.assert_frame_equal(r.then.result.table.reset_index(drop=True), result.table.reset_index(drop=True))


def test_peers_rule_and_summary():
    r = _result()
    assert len(r.peers) == follow_up.DEFAULT_PEERS and PLATE not in set(r.peers["plate"])
    assert r.peers["krugman"].is_monotonic_increasing and r.peers["krugman"].between(0, 2).all()
    s = follow_up.summary_record(r, "tr")["follow_up"]
    assert [x["sector"] for x in s["sectors"]] == CHOSEN and s["data_year"] == SELECTION - 1
    assert s["sectors"][0]["rank_then"] == r.then.ranks()["T05"]


@pytest.mark.parametrize("value, code", [("T05", "T05"), ("t 5", "T05"), ("FINDIK VE MAMULLERİ", "T05"),
                                         ("Otomotiv", "T16"), ("Taşıt Araçları ve Yan Sanayi", "T16"),
                                         ("29", "T16"), ("C14", "T15"), ("Carpets", "T13")])
def test_sectors_resolve_in_any_spelling(value, code):
    assert follow_up.resolve_sector(value) == code


@pytest.mark.parametrize("value, says", [("otomotif", "did you mean T16 Otomotiv"), ("25", "shared by several"),
                                         ("T30", "no harmonised TİM sector T30"), ("", "empty")])
def test_unknown_sector_offers_close_matches(value, says):
    with pytest.raises(follow_up.SectorError, match=says):
        follow_up.resolve_sector(value)


BAD = {
    "unknown sector": ("- {province: Trabzon, selection_year: 2012, sectors: [T05, otomotif], label: Pilot}\n",
                       ["entry 1 ('Pilot')", "'otomotif'", "T16 Otomotiv"]),
    "empty sectors": ("- {province: Trabzon, selection_year: 2012, sectors: []}\n", ["entry 1", "sectors []", "empty"]),
    "year outside": ("- {province: Trabzon, selection_year: 2030, sectors: [T05]}\n",
                     ["entry 1", "selection_year 2030 is not in the TİM exports data"]),
    "year too early": ("- {province: Trabzon, selection_year: 2010, sectors: [T05]}\n", ["entry 1", "2010"]),
    "end not after": ("- {province: Trabzon, selection_year: 2013, end_year: 2012, sectors: [T05], label: x}\n",
                      ["entry 1 ('x')", "end_year 2012 is not after selection_year 2013"]),
    "conflict": ("- {province: Trabzon, selection_year: 2012, sectors: [T05]}\n"
                 "- {province: 61, selection_year: 2012, sectors: [T09]}\n",
                 ["entry 2 conflicts with entry 1", "Trabzon", "['T05'] vs ['T09']"]),
    "unknown key": ("- {province: Trabzon, selection_year: 2012, sectors: [T05], colour: red}\n",
                    ["entry 1", "unknown key(s) colour"]),
    "not a list": ("province: Trabzon\n", ["expected a non-empty YAML list"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_follow_up_file_refused_before_any_kernel(case, tmp_path, capsys):
    body, says = BAD[case]
    f = tmp_path / "follow.yml"
    f.write_text(body, encoding="utf-8")
    rc = cli.main(["--follow-up", str(f), "--reports-dir", str(tmp_path / "reports"), "--skip-cleaning",
                   "--progress", "log"])
    err = capsys.readouterr().err
    assert rc == cli.EXIT_REFUSED, err
    assert str(f) in err
    for s in says:
        assert s in err
    assert not (tmp_path / "reports").exists()  # nothing started


def test_example_file_is_valid_and_illustrative():
    from helpers import paths
    path = paths.CONFIG / "follow_up.example.yml"
    assert "ILLUSTRATIVE, NOT THE PROJECT'S RECORDED DECISIONS" in path.read_text(encoding="utf-8")
    found = fu_entries.load(path, datasets.table_years("exports_tim"))
    assert len(found) == 5 and len({(e.plate, e.name) for e in found}) == 5


def test_peer_dissimilarity_is_krugman_of_the_pair():
    from helpers import indicators
    from helpers.follow_up import after, similar
    p = after.panel()
    d = similar.dissimilarity(p, PLATE, SELECTION).set_index("plate")["krugman"]
    for other in (52, 34):
        pair = p[(p["year"] == SELECTION) & p["plate"].isin([PLATE, other])]
        k = indicators.krugman_index(pair, benchmark="others_mean", industry="sector", value="export_usd", time=None)
        assert d[other] == pytest.approx(k.set_index("plate").loc[PLATE, "krugman"])
