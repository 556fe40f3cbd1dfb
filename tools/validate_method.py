"""Validate the sector-selection method over all 81 provinces (issue 14): figures for docs/methods.md.

    python tools/validate_method.py                      # exports basis, latest year, with scenarios
    python tools/validate_method.py --all-years          # also every earlier year (no scenarios there)
    python tools/validate_method.py --provinces 19 61 --json out.json

For each province (exports basis; the evaluation each 03 report makes, default criteria file and
method) it computes: the number of candidates; the Spearman rank correlation of the final ranking
with sector size (+1 = the ranking just reproduces size); whether the top sector is the province's
largest; and, in the latest year, the share of the top-k sectors that are *stable* across the
robustness scenarios (:func:`helpers.criteria.scenarios`: weights, method, base year of growth,
presence floor; the data release is not varied, the processed table keeps one release per year);
the top k is the shortlist's (flagged sectors take no place in it). Over all provinces it prints the distribution of each, and the Spearman correlation
of every pair of criteria over all province × sector pairs (the sector tables' raw indicator
values; a monotone transform does not change a rank correlation), as Markdown tables for
docs/methods.md.

The tables are built by :func:`helpers.evaluation.province_inputs`, as in the reports; the
province-independent sector analysis of one (start, end) pair is computed once per run and reused
across provinces (a cache installed by this tool only).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import criteria, datasets, evaluation, mcda, paths, scenario_tables, sectors  # noqa: E402
from helpers.criteria.scenarios import CHOICES  # noqa: E402


@contextlib.contextmanager
def cached_analyses():
    """Reuse ``sectors.analyse_exports`` results across provinces within this process (the
    analysis covers the 81 provinces at once; only the province's rows differ)."""
    original = sectors.analyse_exports
    cache: dict = {}

    def cached(data, start, end, *args, **kw):
        key = (len(data), int(start), int(end), args, tuple(sorted(kw.items())))
        if key not in cache:
            cache[key] = original(data, start, end, *args, **kw)
        return cache[key]

    sectors.analyse_exports = cached
    try:
        yield
    finally:
        sectors.analyse_exports = original


def evaluate_province(plate: int, year: int, config, top_k: int, with_scenarios: bool, n_weights: int) -> dict:
    """One province-year: candidates, size correlation, top = largest, stability; and its table."""
    inputs = evaluation.province_inputs(plate, 0, year, "exports", "en")
    kept = criteria.longlist(inputs.table, config).kept
    result = criteria.evaluate(kept, config)
    key, size = config.key, config.sector_basis.value
    empty = result.table.empty  # no sector passes the presence floor: the report says so
    sizes = pd.Series(dtype=float) if empty else result.inputs.set_index(key)[size].astype(float)
    row = {"plate": plate, "year": inputs.year, "start_year": inputs.start_year, "n_candidates": len(result.table),
           "size_rho": np.nan if len(result.table) < 3 else criteria.size_rank_correlation(result),
           "top_is_largest": np.nan if empty else float(result.table[key].iloc[0] == sizes.idxmax()),
           "stable_share": np.nan, "too_few": len(result.table) <= top_k + 1}
    if with_scenarios:
        scen = criteria.scenarios(inputs.table, config, top_k=top_k, n_weights=n_weights,
                                  start_tables=scenario_tables.start_year_tables(inputs, "exports", "en"),
                                  base_start=inputs.start_year,
                                  release_reason=scenario_tables.release_reason(inputs))
        top = scen.table[scen.table["in_base_top"]]
        row["stable_share"] = float((top["status"] == "stable").mean()) if len(top) else np.nan
        row["scenarios"] = len(scen.runs)
        row["top_sectors"] = len(top)
        for choice in CHOICES:
            row[f"depends_{choice}"] = int(top["depends_on"].str.contains(choice).sum())
    return row, inputs.table


def criteria_correlations(tables: list[pd.DataFrame], config) -> pd.DataFrame:
    """Spearman correlation of every pair of the criteria file's indicator columns over all
    province × sector rows with a positive size (pairwise complete)."""
    allrows = pd.concat(tables, ignore_index=True)
    allrows = allrows[pd.to_numeric(allrows[config.sector_basis.value], errors="coerce") > 0]
    cols = {}
    for h in config.headings:
        for ind in h.indicators:
            if ind.column in allrows.columns and ind.id not in cols:
                cols[ind.id] = pd.to_numeric(allrows[ind.column], errors="coerce").to_numpy(dtype=float)
    ids = list(cols)
    out = pd.DataFrame(np.nan, index=ids, columns=ids)
    for a in ids:
        for b in ids:
            ok = np.isfinite(cols[a]) & np.isfinite(cols[b])
            out.loc[a, b] = mcda.spearman(cols[a][ok], cols[b][ok]) if ok.sum() > 2 else np.nan
    out.attrs["rows"] = len(allrows)
    return out


def _dist(values) -> str:
    v = sorted(x for x in values if x == x)
    if not v:
        return "—"
    q = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else [v[0]] * 3
    return f"{statistics.median(v):.2f} (IQR {q[0]:.2f}–{q[2]:.2f}, range {v[0]:.2f}–{v[-1]:.2f})"


def summary_markdown(rows: pd.DataFrame, label: str) -> str:
    n = len(rows)
    top = pd.to_numeric(rows["top_is_largest"], errors="coerce")
    lines = [f"| {label} | value |", "|---|---|",
             f"| province-years evaluated | {n} |",
             f"| candidates per province: median (range) | {rows['n_candidates'].median():.0f} "
             f"({int(rows['n_candidates'].min())}–{int(rows['n_candidates'].max())}) |",
             f"| provinces with too few candidates (n ≤ top k + 1) | {int(rows['too_few'].sum())} |",
             f"| rank correlation with size: median (IQR, range) | {_dist(rows['size_rho'])} |",
             f"| rank correlation with size ≥ 0.7 | {int((rows['size_rho'] >= 0.7).sum())} of "
             f"{int(rows['size_rho'].notna().sum())} |",
             f"| top sector is the province's largest | {int(top.sum())} of {int(top.notna().sum())} "
             f"({top.mean():.0%}) |",
             f"| province-years with no candidate (a report that says so) | {int((rows['n_candidates'] == 0).sum())} |"]
    enough = rows[~rows["too_few"].astype(bool)]
    if enough["stable_share"].notna().any():
        lines.append(f"| share of top-k sectors stable across scenarios, provinces with more than top k + 1 "
                     f"candidates ({int(enough['stable_share'].notna().sum())}): median (IQR, range) | "
                     f"{_dist(enough['stable_share'])} |")
        deps = [c for c in CHOICES if f"depends_{c}" in enough and enough[f"depends_{c}"].sum() > 0]
        if deps:
            lines.append(f"| … of their {int(enough['top_sectors'].sum())} top-k sectors, how many one choice moves out | "
                         + ", ".join(f"{c.replace('_', ' ')} {int(enough[f'depends_{c}'].sum())}" for c in deps) + " |")
        lines.append(f"| … provinces where every top-k sector is stable | {int((enough['stable_share'] == 1).sum())} of "
                     f"{int(enough['stable_share'].notna().sum())} |")
    return "\n".join(lines)


def correlation_markdown(corr: pd.DataFrame) -> str:
    ids = list(corr.index)
    lines = ["| | " + " | ".join(ids) + " |", "|---" * (len(ids) + 1) + "|"]
    for i, a in enumerate(ids):
        cells = [f"{corr.loc[a, b]:.2f}" if j > i and corr.loc[a, b] == corr.loc[a, b] else ("" if j > i else "·")
                 for j, b in enumerate(ids)]
        lines.append(f"| {a} | " + " | ".join(cells) + " |")
    high = [(a, b, corr.loc[a, b]) for i, a in enumerate(ids) for b in ids[i + 1:] if abs(corr.loc[a, b]) > 0.9]
    lines.append("")
    lines.append(f"Pairs above 0.9 in absolute value: {', '.join(f'{a}–{b} ({r:.2f})' for a, b, r in high) or 'none'} "
                 f"(over {corr.attrs.get('rows', 0):,} province × sector rows of the latest year with exports > 0).")
    return "\n".join(lines)


def run(provinces: list[int], all_years: bool, scenarios: bool, top_k: int, n_weights: int,
        criteria_file: Path) -> dict:
    config = criteria.load_criteria(criteria_file, basis="exports")
    years = datasets.years(datasets.load("exports_tim"))
    latest = years[-1]
    wanted = [y for y in years[1:]] if all_years else [latest]
    rows, tables, t0 = [], [], time.perf_counter()
    with warnings.catch_warnings(), cached_analyses():
        warnings.simplefilter("ignore")
        for year in sorted(wanted, reverse=True):
            for plate in provinces:
                try:
                    row, table = evaluate_province(plate, year, config, top_k, scenarios and year == latest, n_weights)
                except Exception as exc:  # noqa: BLE001 - one province never stops the others; said below
                    rows.append({"plate": plate, "year": year, "error": f"{type(exc).__name__}: {exc}"})
                    continue
                rows.append(row)
                if year == latest:
                    tables.append(table)
    df = pd.DataFrame(rows)
    ok = df[df.get("error", pd.Series(index=df.index, dtype=object)).isna()] if "error" in df else df
    corr = criteria_correlations(tables, config)
    return {"rows": df, "ok": ok, "latest": latest, "corr": corr, "seconds": time.perf_counter() - t0,
            "config": config}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--provinces", nargs="*", type=int, default=None, help="plate codes (default: all 81)")
    p.add_argument("--all-years", action="store_true", help="also every earlier year with a base year (no scenarios)")
    p.add_argument("--no-scenarios", action="store_true", help="skip the robustness scenarios (faster)")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--n-weights", type=int, default=200, help="weight draws per province in the scenarios")
    p.add_argument("--criteria-file", type=Path, default=paths.CRITERIA_YML)
    p.add_argument("--json", type=Path, default=None, help="write every province-year's figures here")
    a = p.parse_args(argv)
    plates = a.provinces or list(range(1, 82))
    res = run(plates, a.all_years, not a.no_scenarios, a.top_k, a.n_weights, a.criteria_file)
    ok, latest = res["ok"], res["latest"]
    cfg = res["config"]
    print(f"## Validation over {len(plates)} provinces (exports basis, criteria {cfg.version}, method {cfg.method}, "
          f"top {a.top_k}; {res['seconds']:.0f} s)\n")
    print(summary_markdown(ok[ok["year"] == latest], f"latest year ({latest})"))
    if a.all_years:
        print()
        print(summary_markdown(ok.assign(stable_share=np.nan),
                               f"all years {int(ok['year'].min())}–{int(ok['year'].max())} (no scenarios)"))
    print("\n### Rank correlation of every pair of criteria\n")
    print(correlation_markdown(res["corr"]))
    failed = res["rows"][res["rows"]["error"].notna()] if "error" in res["rows"] else pd.DataFrame()
    if len(failed):
        print(f"\n{len(failed)} province-year(s) could not be evaluated:")
        for r in failed.itertuples():
            print(f"- {r.plate:02d} {r.year}: {r.error}")
    if a.json:
        a.json.write_text(res["rows"].to_json(orient="records", indent=1, force_ascii=False), encoding="utf-8")
    return 1 if len(failed) == len(res["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
