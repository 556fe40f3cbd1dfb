"""Import a script of ``tools/`` (a file, not a package) as a module, for its tests."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from helpers import paths


def load_tool(name: str) -> ModuleType:
    """``load_tool("bootstrap")`` → the module of ``tools/bootstrap.py``."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", paths.ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
