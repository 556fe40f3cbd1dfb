"""House rules for the notebooks (except notebooks/exploratory/): exactly one `parameters` cell of
annotated literals with a comment each, a kernelspec, no magics, no stored outputs, no raw-file
reading, no function definitions, no star imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from helpers import paths

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS.rglob("*.ipynb")
                   if "exploratory" not in p.parts and ".ipynb_checkpoints" not in p.parts)


def test_the_three_notebooks_exist():
    assert {p.stem for p in NOTEBOOKS} >= {"01_data_cleaning", "02_economic_analysis", "03_criteria_evaluation"}


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_conventions(path: Path):
    nb = nbformat.read(path, as_version=4)
    ks = nb.metadata.get("kernelspec", {})
    assert ks.get("name") == "turkiye-clusters", f"{path.name}: kernelspec must name the project's kernel"
    tagged = [c for c in _code(nb) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected exactly one cell tagged 'parameters', found {len(tagged)}"
    for line in tagged[0].source.splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        m = re.match(r"^(\w+)\s*:\s*[\w\[\]| ]+\s*=\s*(.+?)\s+#\s*\S.*$", line)
        assert m, f"{path.name}: parameter line {line!r} must be `name: type = literal  # comment`"
        ast.literal_eval(m.group(2))  # a literal, nothing computed
    for cell in _code(nb):
        assert not cell.get("outputs"), f"{path.name}: stored outputs (clear them before committing)"
        assert not cell.get("execution_count"), f"{path.name}: stored execution counts"
        for line in cell.source.splitlines():
            s = line.strip()
            assert not s.startswith(("%", "!")), f"{path.name}: magic {s!r}"
            assert not re.match(r"from\s+\S+\s+import\s+\*", s), f"{path.name}: star import {s!r}"
            assert not re.match(r"(async\s+)?def\s|class\s", s), f"{path.name}: define functions in src/helpers, not in notebooks: {s!r}"
            assert not re.search(r"read_(csv|excel|parquet|json)\(|open\(", s), \
                f"{path.name}: read data through helpers.datasets, not directly: {s!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_sees_every_parameter(path: Path):
    """papermill must parse every line of the parameters cell (an unparsable comment makes it drop
    the parameter silently, so the runner would refuse it as unknown)."""
    import papermill
    nb = nbformat.read(path, as_version=4)
    [cell] = [c for c in _code(nb) if "parameters" in c.metadata.get("tags", [])]
    names = [line.split(":")[0].strip() for line in cell.source.splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert sorted(papermill.inspect_notebook(str(path))) == sorted(names)
