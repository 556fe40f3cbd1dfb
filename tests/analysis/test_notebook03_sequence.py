"""Notebook 03's call sequence in process, on the province-years where nothing or almost nothing is
left to evaluate (issue 14 "Bad input": every province in every year gets its report, never a
failed run), and over every province (tests/province_sample.py) for the latest year.

The code cells of ``notebooks/03_criteria_evaluation.ipynb`` are executed in order in one
namespace, exactly as a kernel would (no copy of the sequence to drift from the notebook), with the
``parameters`` cell's defaults overridden. Figures are not drawn (``plots`` and
``report.show_figure`` are stubbed: the charts have their own tests; the sentences given to
``report.note`` and ``report.caveat`` are kept in ``said``); a scores workbook is written only
where a test passes ``scores_path``.
"""

from __future__ import annotations

import json
import types

import pytest

import province_sample  # tests/province_sample.py: which provinces
from helpers import datasets, paths

NOTEBOOK = paths.NOTEBOOKS / "03_criteria_evaluation.ipynb"


def _cells() -> list[tuple[str, list[str]]]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [("".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in nb["cells"]
            if c["cell_type"] == "code"]


def _no_figures(ns: dict) -> None:
    plots = ns.get("plots")
    if plots is not None and not isinstance(plots, types.SimpleNamespace):
        ns["plots"] = types.SimpleNamespace(**{k: (lambda *a, **kw: None) for k in dir(plots) if not k.startswith("_")})
        ns["report"] = types.SimpleNamespace(**{k: getattr(ns["report"], k) for k in dir(ns["report"])
                                                if not k.startswith("_")})
        ns["report"].show_figure = lambda *a, **kw: None
        said = ns.setdefault("said", [])
        for name in ("note", "caveat"):
            shown = getattr(ns["report"], name)
            setattr(ns["report"], name, lambda s, *a, _shown=shown, **kw: (said.append(str(s)), _shown(s, *a, **kw))[1])


def run_03(**params) -> dict:
    """Execute notebook 03's code cells in order with ``params`` injected after the parameters
    cell; return the namespace (``result``, ``scenarios``, ``shortlist``, ...)."""
    ns: dict = {}
    for source, tags in _cells():
        exec(compile(source, str(NOTEBOOK), "exec"), ns)  # noqa: S102 -- the notebook's own cells
        if "parameters" in tags:
            ns.update(params)
        _no_figures(ns)
    return ns


@pytest.mark.parametrize("province, year", [("Tunceli", 2011), ("Tunceli", 2012), ("Kars", 2015)])
def test_empty_long_list_gives_a_report_that_says_so(province, year, tmp_path):
    said = []
    for lang in ("tr", "en"):
        scores = tmp_path / f"03.{lang}.scores.xlsx"  # the workbook is written too (as in a run)
        ns = run_03(province=province, year=year, basis="exports", language=lang, scores_path=str(scores))
        assert scores.exists()
        assert len(ns["long_list"].kept) == 0 and len(ns["result"].table) == 0
        assert ns["scenarios"].n_candidates == 0 and ns["scenarios"].too_few
        assert len(ns["shortlist"]) == 0
        said += ns["said"]
    out = "\n".join(said)
    assert "No sector passes the presence floor" in out and "Asgari varlık eşiğini geçen sektör yok" in out


def test_empty_long_list_status_reaches_the_index():
    from helpers.runner import summary
    ns = run_03(province="Tunceli", year=2011, basis="exports", language="en")
    record = ns["robustness_view"].run_record(ns["result"], ns["scenarios"], "en")
    assert record["evaluation_status"] == "no_candidates" and record["n_candidates"] == 0
    prov = {"reports": [{"notebook": summary.EVALUATION, "language": "en", "summary": record}]}
    assert summary.evaluation_note(prov, "en") == [
        "No sector to evaluate: none passes the presence floor (the report shows why)."]


def test_kahramanmaras_default_window_carries_the_earthquake_caveat():
    from helpers import shocks
    for lang in ("tr", "en"):
        said = run_03(province="Kahramanmaraş", basis="exports", language=lang)["said"]
        assert any(shocks.label("earthquake_2023", lang) in s for s in said)


@pytest.mark.slow
def test_every_province_latest_year():
    """All 81 provinces with WORKBOOK_ALL_PROVINCES=1, else the sample of tests/province_sample.py
    (about 1-2 s each without figures: marked slow)."""
    failures = []
    for plate in province_sample.plates():
        try:
            ns = run_03(province=str(plate), basis="exports", language="tr")
        except Exception as exc:  # collect them all, then fail once naming each
            failures.append(f"{plate}: {type(exc).__name__}: {exc}")
            continue
        assert ns["inputs"].year == max(datasets.years(ns["evaluation"].basis_data(ns["inputs"].basis)))
    assert failures == []


@pytest.mark.parametrize("method", ["weighted_sum", "topsis", "promethee"])
def test_a_single_candidate_gives_a_report(tmp_path, method):
    """A criteria file whose long list admits one sector: every section still runs, and the
    robustness figures are replaced by the too-few sentence."""
    shipped = paths.CRITERIA_YML.read_text(encoding="utf-8")
    one = tmp_path / "criteria.yml"
    one.write_text(shipped.replace("    sectors: all ", "    sectors: [T05] ", 1), encoding="utf-8")
    ns = run_03(province="Trabzon", basis="exports", language="en", criteria_file=str(one), method=method)
    assert len(ns["result"].table) == 1 and ns["scenarios"].too_few and len(ns["shortlist"]) == 1
    assert any("There is only one candidate sector" in s for s in ns["said"])
