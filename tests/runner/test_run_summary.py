"""The run's summary over provinces, the scores workbook's path and carry-over, and the index mark
of flagged sectors (helpers.runner.summary; no kernel started)."""

from __future__ import annotations

from pathlib import Path

from helpers.runner import publish, summary


def _prov(plate: int, rho, largest, flagged=(), carried=None, lang="tr"):
    rep = {"notebook": "03_criteria_evaluation", "language": lang, "status": "ok", "html": f"{plate}/03.html",
           "summary": {"size_rho": rho, "top_is_largest": largest, "flagged_sectors": list(flagged)}}
    out = {"plate": plate, "name": f"P{plate}", "status": "ok", "reports": [rep]}
    if carried:
        out["carried_from"] = carried
    return out


def _manifest(*provs):
    return {"run_id": "20261206T000000Z-1", "status": "ok", "languages": ["tr", "en"], "provinces": list(provs)}


def test_size_summary_over_the_provinces_of_the_run():
    m = _manifest(_prov(19, -0.5, False, ["T23 Mücevher"]), _prov(27, 0.9, True), _prov(61, 1.0, True),
                  _prov(1, 0.1, False, carried="old"))
    s = summary.size_summary(m)
    assert s["provinces"] == 3                      # the carried-over province is not this run's
    assert s["size_rho_median"] == 0.9 and s["size_rho_min"] == -0.5 and s["size_rho_max"] == 1.0
    assert s["top_is_largest"] == 2 and s["top_is_largest_share"] == round(2 / 3, 4)
    assert s["provinces_with_flags"] == 1
    line = summary.size_line(s, "tr")
    assert "0,90" in line and "il sayısı: 2 / 3" in line
    assert summary.size_line({"provinces": 0}, "en") == ""


def test_index_shows_the_size_line_and_marks_flagged_sectors(tmp_path):
    m = _manifest(_prov(19, -0.5, False, ["T23 Mücevher"]), _prov(27, 0.9, True))
    m["size_summary"] = summary.size_summary(m)
    ctx = publish.index_context(m, "tr")
    assert ctx["size_line"] and ctx["rows"][0]["flagged"] == [f"{summary.FLAG_MARK} T23 Mücevher"]
    assert ctx["rows"][1]["flagged"] == []
    html = publish.write_index(tmp_path, m)[0].read_text(encoding="utf-8")
    assert f"{summary.FLAG_MARK} T23 Mücevher" in html and 'class="size-summary"' in html


def test_scores_path_is_set_by_the_runner_and_travels_with_the_report(tmp_path):
    out = tmp_path / "19-corum"
    p = summary.runner_parameters({"scores_path": "", "top_k": 5}, {"province": "Çorum"}, out,
                                  "03_criteria_evaluation.en")
    assert p["scores_path"] == str(out / "03_criteria_evaluation.en.scores.xlsx")
    assert "scores_path" not in summary.runner_parameters({"top_k": 5}, {}, out, "02_economic_analysis")
    assert summary.runner_parameters({"scores_path": ""}, {"scores_path": "/x/my.xlsx"}, out, "s")["scores_path"] \
        == "/x/my.xlsx"
    assert summary.scores_output(out, "03_criteria_evaluation", tmp_path) is None
    out.mkdir()
    (out / "03_criteria_evaluation.scores.xlsx").write_bytes(b"x")
    rel = summary.scores_output(out, "03_criteria_evaluation", tmp_path)
    assert rel == "19-corum/03_criteria_evaluation.scores.xlsx"
    rep = {"ipynb": "a.ipynb", "html": "a.html", "log": None, "scores": rel}
    assert summary.outputs(rep) == ["a.ipynb", "a.html", rel]
    new = tmp_path / "new"
    publish.reuse_outputs(tmp_path, new, [rel])
    assert (new / rel).exists()


def test_the_index_says_when_a_province_has_no_shortlist():
    def prov(status):
        return {"reports": [{"notebook": summary.EVALUATION, "language": "tr",
                             "summary": {"evaluation_status": status}}]}
    assert summary.evaluation_note(prov("ok"), "tr") == []
    assert summary.evaluation_note(prov("no_candidates"), "en") == [
        "No sector to evaluate: none passes the presence floor (the report shows why)."]
    assert summary.evaluation_note(prov("all_flagged"), "tr")[0].startswith("Kısa liste boş")
    assert summary.evaluation_note({"reports": []}, "tr") == []


def test_index_row_of_a_province_without_candidates_says_so():
    empty = _prov(62, None, None)
    empty["reports"][0]["summary"]["evaluation_status"] = "no_candidates"
    ctx = publish.index_context(_manifest(empty, _prov(27, 0.9, True)), "tr")
    rows = {r["plate"]: r for r in ctx["rows"]}  # rows in plate order: 27 before 62
    assert rows["62"]["top"] == [summary.evaluation_note(empty, "tr")[0]] and rows["27"]["top"] == []
