"""Issue 11, case 7: tools/stakeholder_sheet.py works as documented."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import paths
from tool_loader import load_tool

TOOL = paths.ROOT / "tools" / "stakeholder_sheet.py"


@pytest.fixture(scope="module")
def tool():
    return load_tool("stakeholder_sheet")


@pytest.fixture()
def stakeholders_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "STAKEHOLDERS", tmp_path / "stakeholders")
    return tmp_path / "stakeholders"


def test_writes_the_sheet_into_a_folder_it_creates(tool, stakeholders_dir, capsys):
    assert tool.main(["Samsun"]) == 0
    assert (stakeholders_dir / "55-samsun" / "blank" / "paydas_formu_samsun.xlsx").exists()
    assert "sectors" in capsys.readouterr().out


def test_a_sheet_of_another_province_says_wrong_province(tool, stakeholders_dir, capsys):
    assert tool.main(["Samsun"]) == 0
    trabzon = stakeholders_dir / "61-trabzon"
    trabzon.mkdir(parents=True)
    shutil.copy(stakeholders_dir / "55-samsun" / "blank" / "paydas_formu_samsun.xlsx", trabzon / "oda.xlsx")
    capsys.readouterr()
    assert tool.main(["Trabzon", "--check"]) == 1
    err = capsys.readouterr().err
    assert "1 problem(s)" in err and "wrong province: this sheet was written for Samsun (55)" in err
    assert "unknown sector code" not in err


def test_check_lists_every_problem(tool, stakeholders_dir, capsys):
    assert tool.main(["Samsun"]) == 0
    folder = stakeholders_dir / "55-samsun"
    shutil.copy(folder / "blank" / "paydas_formu_samsun.xlsx", folder / "blank_copy.xlsx")
    capsys.readouterr()
    assert tool.main(["Samsun", "--check"]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("  blank_copy.xlsx")]
    assert len(lines) > 3 and all("cell" in ln or "organisation" in ln.lower() or "row" in ln for ln in lines)


def test_unknown_province_is_a_clear_refusal(tool, capsys):
    assert tool.main(["Atlantis"]) == 2
    assert "unknown province" in capsys.readouterr().err


def test_outside_the_venv_it_restarts_itself_in_the_venv():
    system = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin") or shutil.which("python3")
    if not system or subprocess.run([system, "-c", "import pandera"], capture_output=True).returncode == 0:
        pytest.skip("no Python without the project's dependencies on this machine")
    if not (paths.ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv in this checkout")
    proc = subprocess.run([system, str(TOOL), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "--check" in proc.stdout, proc.stderr
