"""Preloaded by the run's zygote *after* the cleaning notebook: reads the processed tables that the
province notebooks load, so every kernel forked from the zygote finds them in
:func:`helpers.datasets.load`'s cache instead of reading the same parquet files again.

Importing this module reads data: it is meant only for the zygote's preload list, and only once
the processed tables of the run are final (the runner starts the zygote after the cleaning
notebook). Each forked kernel gets its own copy-on-write view of the tables, so kernels stay
isolated; the cache is keyed by file modification time, so a rebuilt table is read afresh.
Reading is single-threaded (no Arrow thread pool is started before the zygote forks).
"""

from __future__ import annotations

from helpers import datasets, pipeline

#: The processed tables the economic-analysis and criteria-evaluation notebooks read.
TABLES = ("employment_sgk", "population", "gdp_current", "gdp_volume", "trade_monthly", "labour_market",
          "ses_province", "universities")

pipeline.specs()  # import the source modules (schemas) once
WARMED: list[str] = []
for _name in TABLES:
    try:
        datasets.load(_name, build=False)
        WARMED.append(_name)
    except (FileNotFoundError, OSError):
        pass  # not built: the kernels build or report it themselves
