"""Smoke test of tools/validate_method.py (a tool must not break silently): two provinces, the
latest year, a few weight draws."""

from __future__ import annotations

import pandas as pd
import pytest

from tool_loader import load_tool


@pytest.mark.slow  # builds two provinces' tables and their scenarios (about 10 s on a free core)
def test_validate_method_runs_on_two_provinces(capsys, tmp_path):
    tool = load_tool("validate_method")
    out = tmp_path / "rows.json"
    assert tool.main(["--provinces", "61", "19", "--n-weights", "5", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rank correlation with size" in printed and "Rank correlation of every pair of criteria" in printed
    assert "| ex_size |" in printed or "| " in printed
    rows = pd.read_json(out)
    assert sorted(rows["plate"]) == [19, 61] and rows["size_rho"].between(-1, 1).all()
    assert rows["stable_share"].notna().any()


def test_correlation_table_is_markdown_with_the_pairs_above_the_limit():
    tool = load_tool("validate_method")
    corr = pd.DataFrame([[1.0, 0.95], [0.95, 1.0]], index=["a", "b"], columns=["a", "b"])
    md = tool.correlation_markdown(corr)
    assert md.splitlines()[0] == "| | a | b |" and "a–b (0.95)" in md
