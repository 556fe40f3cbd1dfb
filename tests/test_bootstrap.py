"""Issue 11, cases 9 and 11: tools/bootstrap.py sees a moved clone's stale .venv, fails in one line
when it cannot write, and passes the task's exit status through (what cron relies on)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import paths
from tool_loader import load_tool

BOOT = paths.ROOT / "tools" / "bootstrap.py"


@pytest.fixture()
def boot():
    return load_tool("bootstrap")


@pytest.fixture()
def fake_venv(boot, tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    monkeypatch.setattr(boot, "VENV", venv)
    monkeypatch.setattr(boot, "BIN", venv / "bin")
    monkeypatch.setattr(boot, "PY", venv / "bin" / "python")
    return venv


def test_a_working_venv_is_not_stale(boot, fake_venv):
    (fake_venv / "bin" / "reports").write_text(f"#!{sys.executable}\nprint()\n")
    assert boot.stale_reason({"root": str(boot.ROOT)}) == ""


def test_a_moved_clone_is_detected(boot, fake_venv):
    (fake_venv / "bin" / "reports").write_text("#!/old/place/.venv/bin/python\nprint()\n")
    assert "points to /old/place/.venv/bin/python" in boot.stale_reason({})
    assert "was made for /old/place" in boot.stale_reason({"root": "/old/place"})


def test_a_copied_clone_running_the_other_copy_is_detected(boot, fake_venv, tmp_path, monkeypatch):
    other = tmp_path / "other" / "src" / "helpers"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("")
    monkeypatch.setenv("PYTHONPATH", str(other.parent))
    monkeypatch.setattr(boot, "ROOT", tmp_path / "here")
    assert "runs the package from" in boot.stale_reason({})


def test_the_real_venv_is_not_stale(boot):
    if not boot.PY.exists():
        pytest.skip("no .venv in this checkout")
    assert boot.stale_reason(json_stamp(boot)) == ""


def json_stamp(boot) -> dict:
    import json

    return json.loads(boot.STAMP.read_text()) if boot.STAMP.exists() else {}


def test_an_unwritable_folder_is_one_line_and_status_4(boot, monkeypatch, capsys):
    def refuse():
        raise PermissionError(13, "Permission denied", str(boot.VENV))

    monkeypatch.setattr(boot, "ensure_env", refuse)
    assert boot.main(["reports"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Permission denied" in err[0] and "writable" in err[0]


def test_full_disk_during_setup_is_status_4(boot, monkeypatch, capsys):
    def full():
        raise OSError(28, "No space left on device", str(boot.VENV))

    monkeypatch.setattr(boot, "ensure_env", full)
    assert boot.main(["setup"]) == 4
    assert "No space left on device" in capsys.readouterr().err


def test_signal_deaths_become_128_plus_n(boot):
    code = "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"
    assert boot.call([sys.executable, "-c", code]) == 143
    assert boot.call([sys.executable, "-c", "raise SystemExit(3)"]) == 3


def test_the_runner_status_survives_bootstrap():
    """What cron sees: the runner's own status (2 here: an empty province list), not make's 2-for-all."""
    proc = subprocess.run([sys.executable, str(BOOT), "reports", "--provinces", ""], capture_output=True,
                          text=True, timeout=300, cwd=paths.ROOT)
    assert proc.returncode == 2 and "selects no province" in proc.stderr
