"""Fixtures for the indicator tests: where the shared reference cases live (skip if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_tables import REFERENCE_CASES


@pytest.fixture(scope="session")
def refcases() -> Path:
    if not REFERENCE_CASES.is_dir():
        pytest.skip(f"reference cases not found at {REFERENCE_CASES} (shared folder absent)")
    return REFERENCE_CASES
