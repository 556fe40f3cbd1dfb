"""Preloaded by the run's zygote *after* the cleaning notebook: what every province kernel would
otherwise compute again, done once per run.

1. The processed tables the province notebooks load (:data:`TABLES`), into
   :func:`helpers.datasets.load`'s cache, and the province boundaries of the maps.
2. The all-province analyses for this run's parameters (``$WORKBOOK_WARM``: the parameters of the
   run's first task of each notebook, set by the runner): the export analysis and the employment
   analysis of the economic analysis, the basis analysis of the criteria evaluation and those of
   the other base years its robustness scenarios use (:func:`helpers.scenario_tables.start_year_tables`),
   each with its all-province criteria frame. They are kept by :mod:`helpers.memo` for the same
   table objects, so a notebook's own call finds them ready. Nothing here depends on the province:
   every province's notebook with the run's years finds the same analyses.
3. What every notebook reads besides: the text catalogue, the criteria file and the parameter
   checks' reading of it, the provenance sidecars and manifest behind the reports' source tables
   (:func:`helpers.report.data_sources`; cached by file signature, so never stale).
4. Matplotlib's fonts and text layout, by drawing one small figure (the first figure of a process
   pays for loading them).

Importing this module reads data: it is meant only for the zygote's preload list, and only once
the processed tables of the run are final (the runner starts the zygote after the cleaning
notebook). Each forked kernel gets its own copy-on-write view, so kernels stay isolated; the table
cache is keyed by file modification time, so a rebuilt table is read afresh. Every step is optional:
a failure here only means the kernels compute it themselves (it is listed in :data:`FAILED`).
Reading is single-threaded (no Arrow thread pool is started before the zygote forks).
"""

from __future__ import annotations

import json
import os
import warnings

from helpers import datasets, pipeline

#: The processed tables the economic-analysis and criteria-evaluation notebooks read.
TABLES = ("exports_tim", "employment_sgk", "population", "gdp_current", "gdp_volume", "trade_monthly",
          "labour_market", "ses_province", "universities")
ENV = "WORKBOOK_WARM"

WARMED: list[str] = []
FAILED: list[str] = []


def _step(name: str, fn) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
        WARMED.append(name)
    except Exception as exc:  # noqa: BLE001 - warming is an optimisation, never a failure
        FAILED.append(f"{name}: {type(exc).__name__}: {exc}")


def _tables() -> None:
    pipeline.specs()  # import the source modules (schemas) once
    for name in TABLES:
        _step(f"table {name}", lambda name=name: datasets.load(name, build=False))


def _economic(params: dict) -> None:
    from helpers import basis, profile, sectors
    exports = datasets.load("exports_tim", build=False)
    start, end = basis.default_years(datasets.years(exports), int(params.get("export_year", 0)),
                                     int(params.get("export_start_year", 0)))
    reference = params.get("reference", "TR")
    sectors.analyse_exports(exports, start, end, reference)
    if "start_year" in params and "end_year" in params:
        sectors.analyse(datasets.load("employment_sgk", build=False), int(params["start_year"]),
                        int(params["end_year"]), params.get("measure", "insured"), reference)
    _step("value added", lambda: profile.value_added_structure(datasets.load("gdp_current", build=False), 1))


def _evaluation(params: dict) -> None:
    from helpers import criteria, evaluation, provinces, scenario_tables
    plate = provinces.resolve(params.get("province", 1))
    basis, lang = params.get("basis", "auto"), params.get("language", "tr")
    inputs = evaluation.province_inputs(plate, int(params.get("start_year", 0)), int(params.get("year", 0)),
                                        basis, lang)
    _step("criteria file", lambda: criteria.load_criteria(
        evaluation.resolve_file(params.get("criteria_file", "config/criteria.yml")), basis=inputs.basis.name))
    # the robustness scenarios' other base years: the same analyses for every province
    _step("scenario base years", lambda: scenario_tables.start_year_tables(inputs, basis, lang))
    _step("release reason", lambda: scenario_tables.release_reason(inputs))


def _checks(params: dict) -> None:
    """The notebooks' parameter checks (``parameters.check``), which read the criteria file."""
    from helpers import parameters
    for stem, values in params.items():
        _step(f"parameter checks {stem}", lambda stem=stem, values=values: parameters.check(dict(values), notebook=stem))


def _sources() -> None:
    """The sidecars and manifest behind every table a report lists (``report.data_sources``)."""
    from helpers import report
    report.data_sources(TABLES, "tr")


def _fonts() -> None:
    import io

    import matplotlib.pyplot as plt

    from helpers import plots  # noqa: F401 - the theme
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.set_title("Çğışöü 0,5")
    ax.annotate("x", (0.5, 0.5))
    fig.tight_layout()
    fig.savefig(io.BytesIO(), format="png", dpi=96)
    plt.close(fig)


def _boundaries() -> None:
    """The province boundaries and the map's paths built from them (drawn by every 02)."""
    from helpers.plots.maps import province_paths
    from helpers.sources import geo

    province_paths(geo.province_polygons())


def warm(params: dict | None = None) -> None:
    """Everything above; ``params``: notebook stem → parameters (default: ``$WORKBOOK_WARM``)."""
    if params is None:
        try:
            params = json.loads(os.environ.get(ENV) or "{}")
        except ValueError:
            params = {}
    _tables()
    _step("province boundaries", _boundaries)
    _step("known shocks", lambda: __import__("helpers.shocks", fromlist=["shocks"]).events())
    _step("text catalogue", lambda: __import__("helpers.text", fromlist=["text"]).catalogue())
    _step("data sources", _sources)
    if "02_economic_analysis" in params:
        _step("economic analysis", lambda: _economic(params["02_economic_analysis"]))
    if "03_criteria_evaluation" in params:
        _step("criteria inputs", lambda: _evaluation(params["03_criteria_evaluation"]))
    _checks({k: v for k, v in params.items() if k in ("02_economic_analysis", "03_criteria_evaluation")
             and isinstance(v, dict)})
    _step("fonts", _fonts)


warm()
