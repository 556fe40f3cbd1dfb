"""The zygote's warm step (helpers.runner.warm): what every province notebook shares is computed
once, and a notebook of any other province finds it ready."""

from __future__ import annotations

import warnings

from helpers import basis, datasets, evaluation, memo, paths, scenario_tables, sectors
from helpers.runner import plan


def _run_params(province: str) -> dict:
    """The parameters the runner passes to the warm step (the first task's, defaults filled in)."""
    return {stem: {**plan.defaults_of(plan.declared_parameters(paths.NOTEBOOKS / f"{stem}.ipynb")),
                   "province": province}
            for stem in ("02_economic_analysis", "03_criteria_evaluation")}


def test_every_province_finds_the_shared_analyses_ready(monkeypatch):
    monkeypatch.delenv("WORKBOOK_WARM", raising=False)
    from helpers.runner import warm

    memo.clear()
    warm.FAILED.clear()
    params = _run_params("Adana")
    warm.warm(params)
    assert not warm.FAILED
    assert {"criteria inputs", "scenario base years", "criteria file", "text catalogue", "data sources"} <= set(warm.WARMED)
    kept = dict(memo._CACHE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # notebook 03 of another province, its robustness scenarios included
        inputs = evaluation.province_inputs(61, 0, 0, params["03_criteria_evaluation"]["basis"], "en")
        tables = scenario_tables.start_year_tables(inputs, params["03_criteria_evaluation"]["basis"], "en")
        # notebook 02's analyses
        p02 = params["02_economic_analysis"]
        exports = datasets.load("exports_tim")
        start, end = basis.default_years(datasets.years(exports), p02["export_year"], p02["export_start_year"])
        sectors.analyse_exports(exports, start, end, p02["reference"])
        sectors.analyse(datasets.load("employment_sgk"), p02["start_year"], p02["end_year"], p02["measure"],
                        p02["reference"])
    assert len(tables) >= 2
    assert memo._CACHE.keys() == kept.keys()  # nothing computed afresh
    frames = [memo.shared(out).get("criteria_frames") for _, out in kept.values()
              if getattr(out, "basis", None) is not None and out.basis.name == inputs.basis.name]
    assert len(frames) >= len(tables) and all(frames)  # each with its all-province criteria frame
