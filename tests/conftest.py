"""Shared test fixtures and paths."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from helpers import paths

REFERENCE_CASES = paths.SHARED / "reference-cases"


@pytest.fixture(scope="session")
def reference_cases() -> Path:
    if not REFERENCE_CASES.exists():
        pytest.skip(f"reference cases not found at {REFERENCE_CASES} (../shared beside the repository)")
    return REFERENCE_CASES


def load_tool(name: str) -> ModuleType:
    """Import a script of ``tools/`` (not a package) as a module, e.g. ``load_tool("bootstrap")``."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", paths.ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
