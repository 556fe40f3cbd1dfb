"""Shared test fixtures and paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import paths

REFERENCE_CASES = paths.SHARED / "reference-cases"
#: The five pilot provinces as the ``reports`` command labels their folders, in plate order.
PILOTS = ["19-corum", "27-gaziantep", "46-kahramanmaras", "55-samsun", "61-trabzon"]


@pytest.fixture(scope="session")
def reference_cases() -> Path:
    if not REFERENCE_CASES.exists():
        pytest.skip(f"reference cases not found at {REFERENCE_CASES} (../shared beside the repository)")
    return REFERENCE_CASES


@pytest.fixture(scope="session")
def pilot_run(tmp_path_factory) -> Path:
    """The run folder (``reports/latest``, resolved) of ONE ``reports`` run of the five pilots in
    Turkish and English with the real notebooks: ``reports --language tr,en --workers 2``.

    Made once per test session, on first use, and shared by every end-to-end test that only reads
    a run's outputs (tests/test_reports_e2e.py, tests/text/test_report_tokens.py, and the rendered
    notebooks' checks): each of them used to make its own run of the same notebooks, the largest
    share of CI time. Tests must treat it as read-only; a test that needs its own run state (a
    second run on top of a first, a follow-up run) makes its own run in its own ``tmp_path``."""
    from helpers.runner import cli

    reports = tmp_path_factory.mktemp("pilot-reports")
    rc = cli.main(["--workers", "2", "--reports-dir", str(reports), "--progress", "log", "--language", "tr,en"])
    run = reports / "latest"
    if rc != 0:
        runs = [d for d in reports.iterdir() if d.is_dir() and not d.name.startswith(".")]
        man = json.loads((runs[0] / "manifest.json").read_text()) if runs else {}
        pytest.fail(f"reports exited {rc}; failed: {man.get('failed')}; "
                    + "; ".join(f"{r['key']}: {r.get('error')}" for r in man.get("reports", []) if r and r.get("error")))
    return run.resolve()
