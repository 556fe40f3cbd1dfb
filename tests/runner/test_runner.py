"""The report runner on fixture notebooks: validation, failure isolation, lock, kill and rerun, skip."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import text
from helpers.runner import cli, plan, publish

from .nbfixtures import fixture_set, notebook

pytestmark = pytest.mark.slow


def run(tmp_path: Path, *args: str, nbdir: Path | None = None) -> int:
    nbdir = nbdir or tmp_path / "nb"
    return cli.main(["--reports-dir", str(tmp_path / "reports"), "--notebooks-dir", str(nbdir),
                     "--progress", "log", *args])


def latest_manifest(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "reports" / "latest" / "manifest.json").read_text())


def test_unknown_province_rejected_before_any_kernel(tmp_path, capsys):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "Trabzn") == 2
    err = capsys.readouterr().err
    assert "unknown province 'Trabzn'" in err and "Trabzon (61)" in err
    assert not (tmp_path / "reports").exists()


def test_unknown_and_ill_typed_parameters_rejected(tmp_path, capsys):
    fixture_set(tmp_path / "nb")
    p = tmp_path / "run.yml"
    p.write_text("02_economic_analysis:\n  measur: insured\n")
    assert run(tmp_path, "--params", str(p)) == 2
    assert "unknown parameter(s) measur" in capsys.readouterr().err
    p.write_text("03_criteria_evaluation:\n  top_k: five\n")
    assert run(tmp_path, "--params", str(p)) == 2
    assert "'top_k' = 'five' is str, expected int" in capsys.readouterr().err
    p.write_text("all:\n  colour: red\n")
    assert run(tmp_path, "--params", str(p)) == 2
    assert "colour" in capsys.readouterr().err


def test_notebook_without_parameters_cell_rejected(tmp_path):
    nb = tmp_path / "nb"
    fixture_set(nb)
    import nbformat
    path = nb / "02_economic_analysis.ipynb"
    doc = nbformat.read(path, as_version=4)
    doc.cells[1].metadata["tags"] = []
    nbformat.write(doc, path)
    with pytest.raises(plan.PlanError, match="no cell tagged 'parameters'"):
        plan.make_plan(["61"], notebooks_dir=nb)


def test_two_provinces_one_failing_end_to_end(tmp_path):
    fixture_set(tmp_path / "nb", fail_province="Samsun")
    rc = run(tmp_path, "--provinces", "Trabzon", "55", "--workers", "2")
    assert rc == 1
    reports = tmp_path / "reports"
    assert not (reports / "latest").exists()  # a failed run is never published as latest
    [run_dir] = [d for d in reports.iterdir() if d.is_dir() and not d.name.startswith(".")]
    man = json.loads((run_dir / "manifest.json").read_text())
    status = {p["name"]: p["status"] for p in man["provinces"]}
    assert status == {"Trabzon": "ok", "Samsun": "failed"}
    assert man["status"] == "failed" and "55-samsun/03_criteria_evaluation" in man["failed"]
    failed_nb = run_dir / "55-samsun" / "03_criteria_evaluation.ipynb"
    assert failed_nb.exists() and "An Exception was encountered" in failed_nb.read_text()
    assert (run_dir / "61-trabzon" / "03_criteria_evaluation.html").exists()
    index = (run_dir / "index.html").read_text()
    assert "Samsun" in index and text.t("value.status.failed", "tr") in index and "deliberate failure" in index
    assert '<html lang="tr">' in index and text.t("runner.index.title", "tr") in index
    for rep in man["reports"]:
        assert {"status", "seconds", "error", "parameters"} <= set(rep)
    assert man["versions"]["papermill"] == "2.7.0" and man["inputs"]["raw"]


def test_success_publishes_latest_then_skips_unchanged(tmp_path):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61") == 0
    man1 = latest_manifest(tmp_path)
    assert man1["provinces"][0]["top_sectors"] == ["Trabzon 13"]
    assert (tmp_path / "reports" / "latest" / "61-trabzon" / "02_economic_analysis.html").exists()
    time.sleep(1.1)  # a new run id
    assert run(tmp_path, "--provinces", "61") == 0
    man2 = latest_manifest(tmp_path)
    assert man2["run_id"] != man1["run_id"]
    assert {r["status"] for r in man2["reports"]} == {"skipped"}
    assert (tmp_path / "reports" / "latest" / "61-trabzon" / "02_economic_analysis.html").exists()
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61", "--force") == 0
    assert {r["status"] for r in latest_manifest(tmp_path)["reports"]} == {"ok"}


def test_lock_contention(tmp_path, capsys):
    fixture_set(tmp_path / "nb")
    reports = tmp_path / "reports"
    with publish.run_lock(reports):
        assert run(tmp_path, "--provinces", "61") == 3
    assert "another report run is in progress" in capsys.readouterr().err
    assert run(tmp_path, "--provinces", "61") == 0  # lock released: the next run completes


def test_run_killed_midway_leaves_latest_intact_and_rerun_completes(tmp_path):
    nb = fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61") == 0
    before = os.readlink(tmp_path / "reports" / "latest")
    slow = fixture_set(tmp_path / "slow", sleep=30)
    cmd = [sys.executable, "-m", "helpers.runner.cli", "--reports-dir", str(tmp_path / "reports"),
           "--notebooks-dir", str(slow), "--provinces", "61", "--progress", "log", "--force"]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE, text=True)
    staging = tmp_path / "reports" / ".staging"
    deadline = time.time() + 60
    while time.time() < deadline and not any(staging.glob("*/61-trabzon")):
        time.sleep(0.2)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: runner, workers, kernels
    proc.wait()
    assert os.readlink(tmp_path / "reports" / "latest") == before
    assert json.loads((tmp_path / "reports" / "latest" / "manifest.json").read_text())["status"] == "ok"
    assert run(tmp_path, "--provinces", "61", "--force", nbdir=nb) == 0
    assert os.readlink(tmp_path / "reports" / "latest") != before
    assert not any(staging.iterdir())


def test_select_provinces():
    assert plan.select_provinces(None) == [61, 55, 19, 46, 27]
    assert plan.select_provinces(["all"]) == list(range(1, 82))
    assert plan.select_provinces(["K.Maraş, 27", "Trabzon"]) == [46, 27, 61]


def test_hanging_cell_fails_at_the_timeout_and_others_finish(tmp_path):
    nb = tmp_path / "nb"
    fixture_set(nb, sleep=120)
    t0 = time.time()
    assert run(tmp_path, "--provinces", "61", "--timeout", "3", nbdir=nb) == 1
    assert time.time() - t0 < 90
    [run_dir] = [d for d in (tmp_path / "reports").iterdir() if d.is_dir() and not d.name.startswith(".")]
    man = json.loads((run_dir / "manifest.json").read_text())
    status = {r["key"]: (r["status"], r["error"]) for r in man["reports"]}
    assert status["61-trabzon/02_economic_analysis"][0] == "failed"
    assert "timed out" in status["61-trabzon/02_economic_analysis"][1].lower() or \
        "timeout" in status["61-trabzon/02_economic_analysis"][1].lower()
    assert status["61-trabzon/03_criteria_evaluation"][0] == "ok"
