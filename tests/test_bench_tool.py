"""tools/bench.py: the floor's notebooks count as a floor (the cleaning one records that it built
no table), cases parse, and a tiny case runs end to end through the real runner."""

from __future__ import annotations

import json

import nbformat
import pytest

from helpers import pipeline
from helpers.runner import cli
from tool_loader import load_tool


@pytest.fixture(scope="module")
def bench():
    return load_tool("bench")


def test_cases_parse(bench):
    assert bench.parse_case("all:2") == ("all", 2)
    assert bench.parse_case("61,19:1") == ("61 19", 1)
    assert bench.n_provinces("pilots") == 5 and bench.n_provinces("61 19") == 2
    with pytest.raises(SystemExit, match="PROVINCES:WORKERS"):
        bench.parse_case("all")


def test_floor_cleaning_notebook_records_an_empty_table_list(bench, tmp_path, monkeypatch):
    """The floor's cleaning cell, run as the kernel runs it, leaves the record the runner reads: an
    empty list (no table built, none failed) — while a real cleaning that records nothing still fails."""
    bench.empty_notebooks(tmp_path)
    nb = nbformat.read(tmp_path / "01_data_cleaning.ipynb", as_version=4)
    record = tmp_path / "tables.json"
    monkeypatch.setenv(pipeline.RECORD_ENV, str(record))
    exec(nb.cells[1].source, {})  # noqa: S102 - the notebook's own cell
    assert json.loads(record.read_text(encoding="utf-8")) == []
    ok = {"key": "_data/01_data_cleaning", "status": "ok"}
    assert cli.read_cleaning_record(record, ok)["status"] == "ok"
    assert cli.read_cleaning_record(tmp_path / "missing.json", ok)["status"] == "failed"  # rule unchanged
    for stem in ("02_economic_analysis", "03_criteria_evaluation"):
        src = nbformat.read(tmp_path / f"{stem}.ipynb", as_version=4).cells[1].source
        assert src == "import pandas\nimport seaborn"  # the province floors import and nothing else


def test_where_time_goes_by_cell_kind(bench):
    from nbformat.v4 import new_code_cell, new_notebook
    cells = [new_code_cell("from helpers import plots"), new_code_cell("report.show_figure(plots.bar(x))"),
             new_code_cell("report.show_table(t)"), new_code_cell("result = sectors.analyse(x)")]
    for c, d in zip(cells, (0.5, 2.0, 1.0, 0.25)):
        c.metadata["papermill"] = {"duration": d}
    out = bench.where_time_goes(new_notebook(cells=cells))
    assert out["by_kind_s"] == {"analysis": 0.25, "figures": 2.0, "setup": 0.5, "tables": 1.0}
    assert out["slowest_cells"][0] == {"cell": 1, "kind": "figures", "s": 2.0}


@pytest.mark.slow
def test_floor_case_runs_through_the_runner(bench):
    """``--cases 61:1`` floors (ordinary and zygote kernels) for one province: the runner accepts
    the floor's cleaning, so the bench no longer stops (exit 1 before)."""
    [row] = bench.bench_reports(False, ["61:1"], real=False)
    assert row["provinces"] == "61" and row["notebooks"] == 3
    assert row["floor_s"] > 0 and row["floor_zygote_s"] > 0
