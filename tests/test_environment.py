"""pyproject.toml and environment.yml pin the same packages and versions; the kernel is the .venv's."""

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from helpers import paths

CONDA_NAMES = {"jupyter_client": "jupyter-client"}  # conda-forge spelling → PyPI spelling


def _norm(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    return CONDA_NAMES.get(name, name)


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for group in project["optional-dependencies"].values() for r in group]
    return dict(_split(r) for r in reqs)


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or item.split("=")[0].split(">")[0] in {"python", "pip"}:
                continue
            name, spec = _split(item)
            out[name] = spec
    return out


def test_environment_yml_agrees_with_pyproject():
    assert conda_pins() == pyproject_pins()


def test_core_stack_pinned_exactly():
    pins = pyproject_pins()
    for name, version in {"pandas": "3.1.1", "numpy": "2.4.6", "seaborn": "0.13.2", "pyarrow": "26.0.1",
                          "pandera": "0.35.0", "papermill": "2.7.0", "nbclient": "0.11.0",
                          "jupyter-client": "8.10.0", "ipykernel": "7.4.0", "nbconvert": "7.17.2",
                          "jupyterlab": "4.6.6", "jupytext": "1.19.6", "nbval": "0.11.0"}.items():
        assert pins[name] == f"=={version}", name
    assert pins["matplotlib"] == ">=3.11,<3.13"


def test_installed_versions_match_pins():
    from importlib.metadata import version
    for name, spec in pyproject_pins().items():
        if spec.startswith("=="):
            assert version(name) == spec[2:], name


def test_kernel_runs_the_project_environment():
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("turkiye-clusters")
    exe = Path(spec.argv[0])
    venv = paths.ROOT / ".venv"
    if not venv.exists():
        pytest.skip("no .venv: running outside the pip set-up (conda/Binder)")
    # compare without resolving symlinks: a venv's python is a symlink to the base interpreter
    assert exe.absolute().parent.parent == venv.absolute(), f"kernel runs {exe}, not the .venv interpreter"
    assert Path(sys.prefix).absolute() == venv.absolute(), f"tests run in {sys.prefix}, not {venv}"
