"""Shared test fixtures and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths

REFERENCE_CASES = paths.SHARED / "reference-cases"


@pytest.fixture(scope="session")
def reference_cases() -> Path:
    if not REFERENCE_CASES.exists():
        pytest.skip(f"reference cases not found at {REFERENCE_CASES} (../shared beside the repository)")
    return REFERENCE_CASES

