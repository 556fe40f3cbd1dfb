"""Time one full pass of every indicator in helpers.indicators on a synthetic table.

The table is SYNTHETIC, for timing only: 81 regions × 88 divisions × 3 years of random counts
(fixed seed), about a fifth of the cells zero, with workplaces. Nothing here is data about Türkiye.

Usage::

    .venv/bin/python tools/bench_indicators.py [--repeat 5] [--blas-threads N]
    .venv/bin/python tools/bench_indicators.py --exports [PARQUET] [--repeat 3]

``--exports`` times instead the export analysis on the REAL TİM table (``exports_tim``, or the
parquet file given): :func:`helpers.sectors.analyse_exports` for all 81 provinces at once, for
every year with data as the end year (start five years before, as the notebooks default), and
the criteria evaluation of every province in every year 2010 onwards on the exports basis.

Prints the median over ``--repeat`` runs of each indicator (``time.perf_counter``) and of the
whole pass. On a busy machine, multi-threaded OpenBLAS can stall tiny LAPACK calls (the
eigenvectors in ``complexity``) for ~100 ms; ``--blas-threads 1`` shows the single-thread time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

N_REGIONS, N_DIVISIONS, YEARS, SEED = 81, 88, (2021, 2022, 2023), 20240601


def synthetic_table(seed: int = SEED):
    """81 × 88 × 3 tidy table of random (lognormal) employment and workplaces; synthetic."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    plates = np.arange(1, N_REGIONS + 1)
    divisions = np.arange(1, N_DIVISIONS + 1)
    size = rng.lognormal(8, 1, N_REGIONS)[:, None] * rng.lognormal(0, 1.2, N_DIVISIONS)[None, :]
    rows = []
    for k, year in enumerate(YEARS):
        emp = np.round(size * rng.lognormal(0.02 * k, 0.1, size.shape))
        emp[rng.random(size.shape) < 0.2] = 0
        work = np.where(emp > 0, np.maximum(1, np.round(emp / rng.uniform(3, 30, size.shape))), 0)
        rows.append(pd.DataFrame({
            "plate": np.repeat(plates, N_DIVISIONS),
            "nace_division": np.tile(divisions, N_REGIONS),
            "year": year,
            "insured": emp.ravel(),
            "workplaces": work.ravel(),
        }))
    return pd.concat(rows, ignore_index=True)


def passes(df) -> dict:
    import helpers.indicators as ind

    nuts2 = {p: f"TR{(p - 1) // 3 + 1:02d}" for p in range(1, N_REGIONS + 1)}  # synthetic groups
    return {
        "shares": lambda: ind.shares(df),
        "location_quotient (+binary)": lambda: ind.location_quotient(df, binary=True),
        "location_quotient (reference)": lambda: ind.location_quotient(df, reference=nuts2),
        "growth": lambda: ind.growth(df),
        "shift_share dunn": lambda: ind.shift_share(df),
        "shift_share esteban_marquillas": lambda: ind.shift_share(df, method="esteban_marquillas"),
        "shift_share dynamic by_industry": lambda: ind.shift_share(df, method="dynamic", by_industry=True),
        "krugman_index": lambda: ind.krugman_index(df),
        "hoover_index": lambda: ind.hoover_index(df),
        "herfindahl": lambda: ind.herfindahl(df),
        "gini": lambda: ind.gini(df, by="industry"),
        "locational_gini": lambda: ind.locational_gini(df),
        "firm_size": lambda: ind.firm_size(df),
        "relatedness": lambda: ind.relatedness(df),
        "relatedness_density": lambda: ind.relatedness_density(df),
        "complexity": lambda: ind.complexity(df),
        "strong_clusters": lambda: ind.strong_clusters(df),
        "three_star": lambda: ind.three_star(df),
    }


def bench_exports(path: str, repeat: int) -> None:
    """Export analysis of 81 provinces × every year, and the evaluation on the exports basis."""
    import pandas as pd

    from helpers import basis, criteria, datasets, paths, sectors

    exports = pd.read_parquet(path) if path else datasets.load("exports_tim")
    years = datasets.years(exports)
    ends = years[1:]  # every year with an earlier year to compare with
    config = criteria.load_criteria(paths.CRITERIA_YML, basis="exports")
    uni = datasets.load("universities")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel, analysis, evaluation, n_eval = [], [], [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            sectors.export_panel(exports)
            panel.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            done = [sectors.analyse_exports(exports, *basis.default_years(years, y)) for y in ends]
            analysis.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a in done:
            for plate in sorted(a.table["plate"].unique()):
                try:
                    table = sectors.criteria_table_exports(a, int(plate), uni)
                except ValueError:
                    continue
                criteria.evaluate(criteria.longlist(table, config).kept, config)
                n_eval += 1
        evaluation.append(time.perf_counter() - t0)
    print(f"TİM exports: {len(exports):,} rows, years {years[0]}–{years[-1]} ({len(years)} years), "
          f"{exports['plate'].nunique()} provinces; median of {repeat} runs")
    print(f"{'export panel (plate × year × sector, coverage)':<58} {1000 * statistics.median(panel):9.1f} ms")
    print(f"{f'export analysis, 81 provinces at once, {len(ends)} end years':<58} "
          f"{1000 * statistics.median(analysis):9.1f} ms  "
          f"({1000 * statistics.median(analysis) / len(ends):.0f} ms per year)")
    print(f"{f'criteria evaluation, {n_eval} province-years (one run)':<58} {1000 * evaluation[0]:9.1f} ms  "
          f"({1000 * evaluation[0] / max(n_eval, 1):.1f} ms each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per indicator (median reported)")
    parser.add_argument("--exports", nargs="?", const="", default=None, metavar="PARQUET",
                        help="time the export analysis on the TİM table (exports_tim, or this parquet file)")
    parser.add_argument("--blas-threads", type=int, default=None,
                        help="set OPENBLAS/OMP/MKL thread counts before numpy is imported")
    args = parser.parse_args()
    if args.blas_threads is not None:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.blas_threads)
    import helpers.indicators as ind  # after the thread settings

    if args.exports is not None:
        bench_exports(args.exports, args.repeat)
        return

    df = synthetic_table()
    jobs = passes(df)
    times: dict[str, list[float]] = {name: [] for name in jobs}
    totals: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ind.IndicatorWarning)  # zero-employment notes etc.
        for _ in range(args.repeat):
            start_pass = time.perf_counter()
            for name, job in jobs.items():
                t0 = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - t0)
            totals.append(time.perf_counter() - start_pass)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"SYNTHETIC table (timing only): {len(df):,} rows ({N_REGIONS} regions × {N_DIVISIONS} "
          f"divisions × {len(YEARS)} years), median of {args.repeat} runs, BLAS threads: {threads}")
    width = max(map(len, jobs))
    print(f"{'indicator':<{width}}  {'ms':>8}")
    print("-" * (width + 10))
    for name, ts in times.items():
        print(f"{name:<{width}}  {1000 * statistics.median(ts):8.1f}")
    print("-" * (width + 10))
    print(f"{'full pass':<{width}}  {1000 * statistics.median(totals):8.1f}")


if __name__ == "__main__":
    main()
