"""Every public indicator documents its formula, reference and a runnable example; the examples'
numbers are pinned by running them as doctests."""

from __future__ import annotations

import doctest
import importlib
import inspect
import warnings

import pytest

import helpers.indicators as ind

PUBLIC = [name for name in ind.__all__ if inspect.isfunction(getattr(ind, name))]
MODULES = sorted({getattr(ind, name).__module__ for name in PUBLIC})


def test_all_lists_the_api():
    expected = {"shares", "location_quotient", "specialisation", "growth", "shift_share",
                "krugman_index", "hoover_index", "herfindahl", "gini", "locational_gini",
                "firm_size", "relatedness", "relatedness_density", "complexity",
                "strong_clusters", "three_star"}
    assert expected <= set(PUBLIC)
    assert "IndicatorWarning" in ind.__all__


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_sections(name):
    doc = inspect.getdoc(getattr(ind, name)) or ""
    for section in ("Parameters", "Returns", "References", "Examples"):
        assert f"{section}\n{'-' * len(section)}" in doc, f"{name}: no {section} section"
    assert ".. math::" in doc, f"{name}: no formula"
    assert ">>> " in doc.split("Examples\n--------")[1], f"{name}: example has no code"


@pytest.mark.parametrize("module", MODULES)
def test_examples_run_and_their_numbers_hold(module):
    mod = importlib.import_module(module)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    tests = [t for t in finder.find(mod) if t.examples]
    assert tests, f"{module}: no examples"
    with warnings.catch_warnings():
        # some examples show a data decision on purpose (e.g. zero-employment regions)
        warnings.simplefilter("ignore", ind.IndicatorWarning)
        for test in tests:
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{module}: {result.failed} example(s) failed (see output above)"
