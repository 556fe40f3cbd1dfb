"""Issue 11 on fixture notebooks: honest run status, refusals before any kernel, clean shutdown,
partial runs, timeouts, a full disk or read-only reports/, prune. docs/reliability.md lists the
cases; each test names the case it pins."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import paths
from helpers import text
from helpers.runner import cli, execute, plan, publish

from .nbfixtures import fixture_set, notebook


def run(tmp_path: Path, *args: str, nbdir: Path | None = None) -> int:
    nbdir = nbdir or tmp_path / "nb"
    return cli.main(["--reports-dir", str(tmp_path / "reports"), "--notebooks-dir", str(nbdir),
                     "--progress", "log", *args])


def run_dirs(reports: Path) -> list[Path]:
    return publish.runs(reports)


# --- refusals before any kernel (cases 2, 3, 5) -----------------------------------------------

@pytest.mark.parametrize("spec", [[""], [","], []])
def test_empty_province_list_is_refused(tmp_path, capsys, spec):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", *spec) == 2
    assert "selects no province" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--timeout", "-5"], ["--workers", "0"]])
def test_bad_options_are_refused(tmp_path, capsys, option):
    fixture_set(tmp_path / "nb")
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, *option)
    assert exc.value.code == 2
    assert "not allowed" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("yml, expected", [
    ("03_criteria_evaluation:\n  top_k: 0\n", "'top_k' = 0 is out of range; expected an int ≥ 1"),
    ("03_criteria_evaluation:\n  top_k: -3\n", "'top_k' = -3 is out of range"),
    ("03_criteria_evaluation:\n  method: ahp\n", "expected one of 'weighted_sum', 'topsis', 'promethee'"),
    ("03_criteria_evaluation:\n  stakeholder_dir: no/such/folder\n", "does not exist"),
    ("03_criteria_evaluation:\n  criteria_file: no/such.yml\n", "does not exist"),
    ("02_economic_analysis:\n  measure: persons\n", "expected one of 'insured', 'workplaces'"),
    ("02_economic_analysis:\n  reference: NUTS3\n", "expected one of 'TR', 'NUTS2'"),
    ("all:\n  start_year: 1990\n", "'start_year' = 1990 is not a year"),
    ("all:\n  start_year: 2013\n  end_year: 2013\n  year: 2013\n", "start_year 2013 must be before the end year 2013"),
])
def test_parameter_values_refused_with_the_allowed_values(tmp_path, capsys, yml, expected):
    """The real notebooks' parameters, checked against helpers.parameters.DOMAINS: exit 2."""
    p = tmp_path / "run.yml"
    p.write_text(yml, encoding="utf-8")
    assert run(tmp_path, "--params", str(p), "--provinces", "61", nbdir=paths.NOTEBOOKS) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("province", ["Ankara", "34", "İzmir"])
def test_nuts2_reference_refused_for_a_one_province_region(tmp_path, capsys, province):
    p = tmp_path / "run.yml"
    p.write_text("02_economic_analysis:\n  reference: NUTS2\n", encoding="utf-8")
    assert run(tmp_path, "--params", str(p), "--provinces", province, nbdir=paths.NOTEBOOKS) == 2
    assert "is the NUTS-2 region" in capsys.readouterr().err
    assert plan.make_plan(["Trabzon"], params={"02_economic_analysis": {"reference": "NUTS2"}})


def test_params_file_not_utf8_is_refused(tmp_path, capsys):
    p = tmp_path / "run.yml"
    p.write_bytes("03_criteria_evaluation:\n  method: 'topsis'  # sıralama\n".encode("cp1254"))
    assert run(tmp_path, "--params", str(p), nbdir=paths.NOTEBOOKS) == 2
    assert "cannot read parameters file" in capsys.readouterr().err


def test_help_is_plain_text_with_exit_statuses(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "``" not in out
    for line in ("0    every table", "1    a table or a report failed", "2    the request was refused",
                 "3    another report run", "4    the environment failed", "130", "143",
                 "--timeout", "--skip-cleaning", "--no-zygote", "--progress", "prune --keep", "--language"):
        assert line in out


# --- years against the data present (cases 2, 6) ---------------------------------------------

def test_years_adapted_or_refused_against_the_data(tmp_path):
    nb = fixture_set(tmp_path / "nb")
    for stem, end in (("02_economic_analysis", "end_year"), ("03_criteria_evaluation", "year")):
        notebook(nb / f"{stem}.ipynb", f'province: str = "Gaziantep"  # province\nstart_year: int = 2009  # base\n'
                                       f'{end}: int = 2013  # year', ["pass"])

    def make(**kw):
        return plan.make_plan(["61"], notebooks_dir=nb, cleaning=False, **kw)

    the_plan = make()
    notes = plan.adapt_years(the_plan, [2022, 2023])
    assert {t.parameters.get("start_year") for t in the_plan.tasks} == {2022}
    assert {t.parameters.get("year", t.parameters.get("end_year")) for t in the_plan.tasks} == {2023}
    assert any("start_year 2009 is not usable" in n and "2022, 2023" in n for n in notes)
    with pytest.raises(plan.PlanError, match="only 2023: add another SGK yearbook"):
        plan.adapt_years(make(), [2023])
    with pytest.raises(plan.PlanError, match="year 2013 is not in the employment data; years present: 2022, 2023"):
        plan.adapt_years(make(year=2013), [2022, 2023])
    fine = make(year=2023, params={"all": {"start_year": 2022}})
    assert plan.adapt_years(fine, [2022, 2023]) == []
    assert plan.adapt_years(make(), None) == []  # no employment table yet: the kernels report it


# --- honest status (case 1), partial runs (case 3) --------------------------------------------

@pytest.mark.slow
def test_a_failed_table_fails_the_cleaning_step_and_the_run(tmp_path, capsys):
    nb = fixture_set(tmp_path / "nb")
    long_error = "ProvenanceError: data/raw/tuik/illerde_nufus.xls: sha256 " + "0" * 64 + " differs from its sidecar"
    notebook(nb / "01_data_cleaning.ipynb", 'sources: str = "all"  # tables\nforce: bool = False  # rebuild',
             ["from helpers import pipeline\n"
              f"pipeline.record([pipeline.BuildResult('population', 'failed', error={long_error!r}),\n"
              "                 pipeline.BuildResult('gdp_current', 'built', rows=5)])"])
    assert run(tmp_path, "--provinces", "61") == 1
    assert not (tmp_path / "reports" / "latest").exists()
    [run_dir] = run_dirs(tmp_path / "reports")
    man = json.loads((run_dir / "manifest.json").read_text())
    assert man["status"] == "failed" and man["failed"][0] == "_data/01_data_cleaning"
    assert long_error in man["cleaning"]["error"]  # the whole message, file included
    err = capsys.readouterr().err
    assert "cleaning FAILED" in err and long_error in err


@pytest.mark.slow
def test_a_cleaning_notebook_that_records_nothing_fails(tmp_path):
    nb = fixture_set(tmp_path / "nb")
    notebook(nb / "01_data_cleaning.ipynb", 'sources: str = "all"  # tables', ["print('nothing built')"])
    assert run(tmp_path, "--provinces", "61") == 1
    man = json.loads((run_dirs(tmp_path / "reports")[0] / "manifest.json").read_text())
    assert "recorded no table results" in man["cleaning"]["error"]


@pytest.mark.slow
def test_partial_run_keeps_every_province_in_latest(tmp_path):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61", "55") == 0
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "55", "--force") == 0
    man = json.loads((tmp_path / "reports" / "latest" / "manifest.json").read_text())
    assert sorted(p["plate"] for p in man["provinces"]) == [55, 61]
    assert man["carried_over"] == [61]
    latest = tmp_path / "reports" / "latest"
    assert (latest / "61-trabzon" / "03_criteria_evaluation.html").exists()
    prev_id = man["provinces"][-1]["carried_from"]
    assert publish.carried_note(prev_id, "tr") in (latest / "index.html").read_text()
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61") == 0  # a carried province's reports are reused, not rerun
    man = json.loads((tmp_path / "reports" / "latest" / "manifest.json").read_text())
    assert {r["status"] for r in man["reports"] if r["key"].startswith("61-")} == {"skipped"}
    # the older run can be pruned: carried reports are hard links
    assert cli.main(["prune", "--keep", "1", "--reports-dir", str(tmp_path / "reports")]) == 0
    assert (latest / "61-trabzon" / "03_criteria_evaluation.html").exists()


# --- timeouts (case 5) ------------------------------------------------------------------------

@pytest.mark.slow
def test_cell_timeout_is_named_and_not_retried(tmp_path):
    fixture_set(tmp_path / "nb", sleep=60)
    assert run(tmp_path, "--provinces", "61", "--timeout", "2", "--skip-cleaning") == 1
    man = json.loads((run_dirs(tmp_path / "reports")[0] / "manifest.json").read_text())
    rep = next(r for r in man["reports"] if r["key"] == "61-trabzon/02_economic_analysis")
    assert rep["attempts"] == 1
    assert "kernel did not start" not in rep["error"]
    assert "CellTimeoutError: cell 2 (time.sleep(60)) ran longer than the --timeout of 2 s" in rep["error"]


# --- full disk, read-only reports/ (case 9) ---------------------------------------------------

def test_read_only_reports_folder_is_one_line_exit_4(tmp_path, capsys, monkeypatch):
    fixture_set(tmp_path / "nb")

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "reports" / ".run.lock"))

    monkeypatch.setattr(publish, "run_lock", refuse)
    assert run(tmp_path, "--provinces", "61") == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0] and ".run.lock" in err[0] and "Traceback" not in err[0]


@pytest.mark.slow
def test_full_disk_at_publication_loses_nothing(tmp_path, capsys, monkeypatch, published):
    before = published  # a complete run is latest

    def full(run_dir, manifest):
        raise OSError(errno.ENOSPC, "No space left on device", str(run_dir / "manifest.json"))

    monkeypatch.setattr(publish, "write_manifest", full)
    capsys.readouterr()
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61", "--force") == 4
    assert "the disk is full" in capsys.readouterr().err
    assert os.readlink(tmp_path / "reports" / "latest") == before
    assert not any((tmp_path / "reports" / ".staging").iterdir())
    monkeypatch.undo()
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61", "--force") == 0  # the next run completes


# --- signals (case 4) -------------------------------------------------------------------------

def _ppids() -> dict[int, int]:
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[-1].split()
            if fields[0] != "Z":
                out[int(name)] = int(fields[1])
    return out


def descendants(pid: int) -> set[int]:
    ppids = _ppids()
    found, frontier = set(), {pid}
    while frontier:
        kids = {p for p, pp in ppids.items() if pp in frontier} - found
        found |= kids
        frontier = kids
    return found


def alive(pids: set[int]) -> set[int]:
    current = _ppids()
    return {p for p in pids if p in current}


def start_slow_run(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, set[int]]:
    slow = fixture_set(tmp_path / "slow", sleep=60)
    cmd = [sys.executable, "-m", "helpers.runner.cli", "--reports-dir", str(tmp_path / "reports"),
           "--notebooks-dir", str(slow), "--provinces", "61", "--progress", "log", "--force",
           "--workers", "2", *extra]
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 90
    seen: set[int] = set()
    while time.time() < deadline:
        seen |= descendants(proc.pid)
        if any((tmp_path / "reports" / ".staging").glob("*/61-trabzon/02_economic_analysis.log")):
            break
        time.sleep(0.2)
    time.sleep(4.0)  # the kernels are running their cells
    seen |= descendants(proc.pid)
    assert len(seen) >= 3, "workers and kernels should be running"
    return proc, seen


def wait_gone(pids: set[int], timeout: float = 15.0) -> set[int]:
    deadline = time.time() + timeout
    while time.time() < deadline and alive(pids):
        time.sleep(0.2)
    return alive(pids)


@pytest.fixture(scope="module")
def published_once(tmp_path_factory) -> Path:
    """One complete run of the fixture notebooks for Trabzon, published as ``reports/latest``."""
    base = tmp_path_factory.mktemp("published")
    fixture_set(base / "nb")
    assert run(base, "--provinces", "61") == 0
    return base


@pytest.fixture()
def published(tmp_path, published_once):
    """A reports folder whose ``latest`` is a complete earlier run (a copy of :func:`published_once`:
    made once for the four signal tests, which each need one to stay untouched; CI time)."""
    shutil.copytree(published_once / "nb", tmp_path / "nb")
    shutil.copytree(published_once / "reports", tmp_path / "reports", symlinks=True)
    return os.readlink(tmp_path / "reports" / "latest")


@pytest.mark.slow
@pytest.mark.parametrize("sig, status, extra", [(signal.SIGTERM, 143, ()), (signal.SIGINT, 130, ("--no-zygote",))])
def test_sigterm_and_sigint_stop_everything(tmp_path, published, sig, status, extra):
    proc, seen = start_slow_run(tmp_path, *extra)
    t0 = time.time()
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C on a terminal: the whole foreground process group
    else:
        proc.send_signal(sig)  # systemd's or timeout's SIGTERM to the main process
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status
    assert time.time() - t0 < 20  # the workers did not finish their 60 s notebooks
    last = [ln for ln in err.splitlines() if ln.startswith("reports:")]
    assert len(last) == 1 and f"interrupted by {sig.name}" in last[0] and "Traceback" not in err
    assert wait_gone(seen) == set()
    assert os.readlink(tmp_path / "reports" / "latest") == published
    assert not any((tmp_path / "reports" / ".staging").iterdir())
    assert run(tmp_path, "--provinces", "61") == 0  # the next run starts cleanly


@pytest.mark.slow
@pytest.mark.parametrize("extra", [(), ("--no-zygote",)], ids=["zygote", "ordinary-kernels"])
def test_sigkill_of_the_runner_leaves_no_orphan(tmp_path, published, extra):
    proc, seen = start_slow_run(tmp_path, *extra)
    proc.kill()
    proc.wait()
    assert wait_gone(seen) == set(), "orphans survived the runner"
    assert os.readlink(tmp_path / "reports" / "latest") == published
    assert run(tmp_path, "--provinces", "61") == 0


# --- operators (case 11) ----------------------------------------------------------------------

def _fake_run(reports: Path, run_id: str) -> Path:
    d = reports / run_id
    d.mkdir(parents=True)
    (d / "manifest.json").write_text(json.dumps({"run_id": run_id, "provinces": []}))
    return d


def test_prune_keeps_latest_and_the_newest(tmp_path, capsys):
    reports = tmp_path / "reports"
    ids = [f"2026010{i}T000000Z-{i}" for i in range(1, 6)]
    for i in ids:
        _fake_run(reports, i)
    os.symlink(ids[1], reports / "latest")  # latest is an old run (the newer ones failed)
    (reports / ".staging" / "20260109T000000Z-9").mkdir(parents=True)
    assert cli.main(["prune", "--keep", "2", "--dry-run", "--reports-dir", str(reports)]) == 0
    assert len(publish.runs(reports)) == 5
    assert cli.main(["prune", "--keep", "2", "--reports-dir", str(reports)]) == 0
    assert [d.name for d in publish.runs(reports)] == [ids[1], ids[3], ids[4]]
    assert (reports / ".staging" / "20260109T000000Z-9").exists()
    assert "removed 2 run(s)" in capsys.readouterr().err
    with publish.run_lock(reports):  # a run in progress: prune waits for nobody
        assert cli.main(["prune", "--keep", "1", "--reports-dir", str(reports)]) == 3
    with pytest.raises(SystemExit) as exc:
        cli.main(["prune", "--keep", "0", "--reports-dir", str(reports)])
    assert exc.value.code == 2


def test_kernel_log_noise_is_dropped(tmp_path):
    log = tmp_path / "x.log"
    log.write_text("[W 10:00:00 kernelapp] Kernel is running over TCP without encryption. All communication\n"
                   "real warning from a cell\n[E 10:00:01 kernelbase] KeyboardInterrupt caught in kernel.\n")
    execute.quiet_log(log)
    assert log.read_text() == "real warning from a cell\n"
    log.write_text("[W] Kernel is running over TCP without encryption.\n")
    execute.quiet_log(log)
    assert not log.exists()
