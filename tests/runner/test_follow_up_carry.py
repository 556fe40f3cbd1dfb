"""A run without ``--follow-up`` that redoes a province keeps the province's follow-up reports in
``latest`` (carried over, with the run date), unless it re-ran the same entry."""

from __future__ import annotations

from pathlib import Path

from helpers.runner import cli, publish

PREV_RUN = "20261201T090000Z-1"


def _rep(stem: str, notebook: str, lang: str = "tr", **params) -> dict:
    return {"key": f"61-trabzon/{stem}", "notebook": notebook, "language": lang, "status": "ok",
            "html": f"61-trabzon/{stem}.html", "ipynb": f"61-trabzon/{stem}.ipynb", "parameters": params,
            "summary": {}, "error": ""}


def _previous(tmp_path: Path) -> tuple[dict, Path]:
    prev_dir = tmp_path / "runs" / PREV_RUN
    reps = [_rep("02_economic_analysis", "02_economic_analysis"),
            _rep("04_follow_up-2011", "04_follow_up", selection_year=2011, label="Fındık kümesi"),
            _rep("04_follow_up-2011.en", "04_follow_up", "en", selection_year=2011, label="Fındık kümesi"),
            _rep("04_follow_up-2015", "04_follow_up", selection_year=2015)]
    for r in reps:
        for rel in (r["html"], r["ipynb"]):
            (prev_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (prev_dir / rel).write_text(r["key"])
    manifest = {"run_id": PREV_RUN, "provinces": [{"plate": 61, "name": "Trabzon", "status": "ok", "reports": reps}]}
    return manifest, prev_dir


def test_follow_ups_carried_unless_the_run_redid_the_entry(tmp_path):
    prev, prev_dir = _previous(tmp_path)
    run_dir = tmp_path / "runs" / "20261206T060000Z-2"
    keys = {"61-trabzon/02_economic_analysis", "61-trabzon/04_follow_up-2015"}  # this run redid the 2015 entry
    carried = cli.carry_follow_ups(prev, prev_dir, run_dir, [61], ["tr"], keys)
    assert [r["key"] for r in carried] == ["61-trabzon/04_follow_up-2011"]  # English: carry_other_languages' job
    assert carried[0]["carried_from"] == PREV_RUN and carried[0]["plate"] == 61
    assert (run_dir / "61-trabzon" / "04_follow_up-2011.html").read_text() == "61-trabzon/04_follow_up-2011"
    # a province this run does not redo is carried whole (carry_forward), not here
    assert cli.carry_follow_ups(prev, prev_dir, run_dir, [19], ["tr"], set()) == []
    assert cli.carry_follow_ups(None, None, run_dir, [61], ["tr"], set()) == []


def test_carried_follow_up_listed_in_the_index_with_the_run_date(tmp_path):
    prev, prev_dir = _previous(tmp_path)
    run_dir = tmp_path / "runs" / "20261206T060000Z-2"
    new = _rep("02_economic_analysis", "02_economic_analysis")
    carried = cli.carry_follow_ups(prev, prev_dir, run_dir, [61], ["tr"], {new["key"]})
    manifest = {"run_id": "20261206T060000Z-2", "started": "2026-12-06T06:00:00+00:00",
                "finished": "2026-12-06T06:01:00+00:00", "status": "ok", "languages": ["tr"],
                "cleaning": None, "provinces": [{"plate": 61, "name": "Trabzon", "status": "ok", "is_sample": False,
                                                 "top_sectors": [], "reports": [new, *carried]}]}
    [page] = publish.write_index(run_dir, manifest)
    html = page.read_text()
    assert 'href="61-trabzon/04_follow_up-2011.html"' in html and 'href="61-trabzon/04_follow_up-2015.html"' in html
    assert publish.carried_note(PREV_RUN, "tr") in html  # the row mixes two runs: said, with the date
