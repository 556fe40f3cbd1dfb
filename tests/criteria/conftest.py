"""Fixtures for the criteria tests: the shared reference cases, toy sector tables, toy configs."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from criteria_toys import MCDA_CASES, SHIPPED_CONFIG, make_table


@pytest.fixture(scope="session")
def mcda_cases() -> Path:
    if not MCDA_CASES.exists():
        pytest.skip(f"MCDA reference cases not found at {MCDA_CASES}")
    return MCDA_CASES


@pytest.fixture
def table() -> pd.DataFrame:
    return make_table()


@pytest.fixture(scope="session")
def shipped_dict() -> dict:
    return yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8"))


@pytest.fixture
def cfg_dict(shipped_dict) -> dict:
    """A fresh deep copy of the shipped criteria file as a dict (mutate freely)."""
    return copy.deepcopy(shipped_dict)
