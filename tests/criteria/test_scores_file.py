"""The scores workbook of an evaluation (criteria.scores_file): read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from criteria_toys import make_table, toy_dict
from helpers import criteria
from helpers.criteria import scores_file


@pytest.fixture
def evaluated():
    cfg = criteria.criteria_from_dict(toy_dict(), source="toy.yml")
    table = make_table(8, seed=4)
    table.loc[0, "insured"] = 1.0      # one row below a floor, to fill the excluded sheet
    cfg_dict = toy_dict()
    cfg_dict["longlist"]["min_insured"] = 100
    cfg = criteria.criteria_from_dict(cfg_dict, source="toy.yml")
    ll = criteria.longlist(table, cfg)
    return cfg, ll, criteria.evaluate(ll.kept, cfg), criteria.scenarios(table, cfg, top_k=3, n_weights=10)


def test_workbook_reads_back_in_turkish_and_matches_the_result(tmp_path, evaluated):
    cfg, ll, result, scen = evaluated
    path = scores_file.write(tmp_path / "sub" / "03.scores.xlsx", result, excluded=ll.excluded, scenarios=scen,
                             provenance={"province": "Trabzon", "criteria_version": cfg.version}, lang="tr")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Sıralama", "Dışarıda kalanlar", "Kriterler ve ağırlıklar", "Beni oku"]
    ws = wb["Sıralama"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kod", "Sektör", "Sıra", "Puan"]
    assert "Talep puanı" in header and "Sağlamlık" in header
    first = dict(zip(header, [c.value for c in ws[2]]))
    top = result.table.iloc[0]
    assert first["Kod"] == top["nace_division"] and first["Sıra"] == 1
    assert first["Puan"] == pytest.approx(float(top["total"]))
    util = [h for h in header if h.endswith("fayda (0–1)")]
    assert len(util) == len(result.criteria)
    cid = result.criteria["id"].iloc[0]
    assert first[util[0]] == pytest.approx(float(result.utilities.loc[top["nace_division"], cid]))
    assert ws.max_row == len(result.table) + 1
    ex = wb["Dışarıda kalanlar"]
    assert [c.value for c in ex[1]][-1] == "Gerekçe" and ex.max_row == len(ll.excluded) + 1
    crit = wb["Kriterler ve ağırlıklar"]
    ch = [c.value for c in crit[1]]
    eff = ch.index("Etkin ağırlık")
    assert sum(row[eff].value for row in crit.iter_rows(min_row=2)) == pytest.approx(1.0)
    readme = {r[0].value: r[1].value for r in wb["Beni oku"].iter_rows(min_row=2)}
    assert readme["İl"] == "Trabzon" and readme["Kriter dosyasının sürümü"] == "toy-1"
    assert not list(tmp_path.joinpath("sub").glob("*.tmp"))      # atomic: no temporary file left


def test_english_headers_and_empty_path_writes_nothing(tmp_path, evaluated):
    cfg, ll, result, _ = evaluated
    assert scores_file.write("", result) is None
    wb = openpyxl.load_workbook(scores_file.write(tmp_path / "x.en.scores.xlsx", result, lang="en"))
    assert wb.sheetnames[0] == "Ranking" and wb["Ranking"]["A1"].value == "Code"
    with pytest.raises(ValueError, match="xlsx"):
        scores_file.write(tmp_path / "x.csv", result)


def test_link_note_is_relative_and_flags_are_carried(tmp_path, evaluated):
    cfg, ll, result, _ = evaluated
    note = scores_file.link_note(tmp_path / "03_criteria_evaluation.scores.xlsx", "tr")
    assert "](03_criteria_evaluation.scores.xlsx)" in note and str(tmp_path) not in note
    t = result.table.copy()
    t["flags"] = ["genel merkez kaydı"] + [""] * (len(t) - 1)   # a reason in words is shown as it is
    result.table = t
    wb = openpyxl.load_workbook(scores_file.write(tmp_path / "f.xlsx", result, lang="tr"))
    header = [c.value for c in wb["Sıralama"][1]]
    assert wb["Sıralama"].cell(row=2, column=header.index("Uyarılar") + 1).value == "genel merkez kaydı"
    from helpers import robustness_view
    rec = robustness_view.run_record(result)
    assert rec["flagged_sectors"] == [f"{t['nace_division'].iloc[0]} {t['nace_label'].iloc[0]} (genel merkez kaydı)"]
    assert -1 <= rec["size_rho"] <= 1 and isinstance(rec["top_is_largest"], bool)
