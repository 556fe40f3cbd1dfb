"""Benchmarks (not timed tests): figures quoted in docs/benchmarks.md and closing notes.

    python tools/bench.py [--quick] [--skip-reports] [--out bench/results/<stamp>.json]
    python tools/bench.py --languages [--lang-provinces 61] [--workers 2]
    python tools/bench.py --integrity

1. Cleaning: every processed table rebuilt from raw (force) and the no-op rerun; TİM: the 14
   releases read cold, the forced build of ``exports_tim`` and its no-op rebuild (``--tim``: only this).
2. Indicators: the full vectorised sector analysis (all 81 provinces × all divisions, two years),
   median of 5.
3. Report runs: wall time of `reports` for the five pilots and for all 81 provinces with 1 and 2
   workers, each against the floor measured in the same run: the same number of kernels executing
   an empty notebook that only imports pandas and seaborn, through the same runner, started the
   ordinary way (the floor of issue 6) and forked from the zygote. Reported as ratios.
   ``--quick`` runs the pilots only.
5. Evaluation (``--evaluation``: only this; issue 14): one 03 notebook and its robustness cell,
   the criteria evaluation of all province-years on exports, the robustness scenarios in-process
   (``--evaluation-notebook FILE`` times another version of the notebook, for before/after).
4. Languages (``--languages``: only this): a ``tr`` run against a ``tr,en`` run of the same
   provinces (default the pilots; ``--lang-provinces 61`` for one), zygote on, ``--force``. The
   cleaning runs once in both; the difference is the cost of the second language (one more kernel
   per province notebook, forked from the zygote that preloaded the tables). Reported with the
   mean seconds of a report in each language, from the manifests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import datasets, paths, pipeline, sectors  # noqa: E402

EMPTY_PARAMS = {
    "01_data_cleaning": 'sources: str = "all"  # tables\nforce: bool = False  # rebuild',
    "02_economic_analysis": ('province: str = "Gaziantep"  # province\nstart_year: int = 2009  # start\n'
                             'end_year: int = 2013  # end\nmeasure: str = "insured"  # measure\n'
                             'reference: str = "TR"  # benchmark'),
    "03_criteria_evaluation": ('province: str = "Gaziantep"  # province\nyear: int = 2013  # year\n'
                               'start_year: int = 2009  # start\ncriteria_file: str = "config/criteria.yml"  # file\n'
                               'stakeholder_dir: str = ""  # folder\nmethod: str = "weighted_sum"  # method\n'
                               'top_k: int = 5  # k'),
}


def timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_cleaning() -> dict:
    full = timed(lambda: pipeline.build_all(force=True))
    noop = timed(lambda: pipeline.build_all(), repeat=3)
    return {"clean_from_raw_s": round(full, 2), "noop_rerun_s": round(noop, 3), "tables": len(pipeline.specs())}


_TIM_COLD = """
import time, warnings
t0 = time.perf_counter()
from helpers.sources import tim
t1 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    files = tim._inputs()
    releases = [tim.read_release(f) for f in files]
    t2 = time.perf_counter()
    df = tim.combine(releases)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, len(files), len(df))
"""


def bench_tim() -> dict:
    """TİM: reading all 14 releases cold (a fresh interpreter), the forced build of exports_tim
    (read + validate + write) and the no-op rebuild (median of 5)."""
    out = subprocess.run([sys.executable, "-c", _TIM_COLD], capture_output=True, text=True, check=True,
                         cwd=paths.ROOT, env={**__import__("os").environ, "PYTHONPATH": str(paths.ROOT / "src")})
    imp, read, comb, n_files, n_rows = out.stdout.split()
    forced = timed(lambda: pipeline.build("exports_tim", force=True))
    noop = timed(lambda: pipeline.build("exports_tim"), repeat=5)
    return {"tim_files": int(n_files), "rows": int(n_rows), "import_s": round(float(imp), 2),
            "read_all_files_cold_s": round(float(read), 2), "combine_s": round(float(comb), 2),
            "build_forced_s": round(forced, 2), "noop_rebuild_ms": round(noop * 1000, 2)}


_INTEGRITY = """
import json, time
from helpers import environment, pipeline, provenance
from helpers.runner import cli
names = sorted(pipeline.specs())
pipeline.build_all()                       # tables fresh; hashes now cached in this process
pipeline._CONTENT_CACHE.clear()
t0 = time.perf_counter()
problems = [pipeline.content_problem(n) for n in names]   # cold: every parquet file hashed once
t1 = time.perf_counter()
again = [pipeline.content_problem(n) for n in names]      # warm: (size, mtime_ns) cache
t2 = time.perf_counter()
pipeline._CONTENT_CACHE.clear()
t3 = time.perf_counter(); pipeline.build_all(); t4 = time.perf_counter()   # no-op rebuild incl. the check
t5 = time.perf_counter(); pipeline.build_all(); t6 = time.perf_counter()   # no-op rebuild, hashes cached
raw = cli.raw_checksums(); t7 = time.perf_counter()
found = provenance.check_all(digests=raw); t8 = time.perf_counter()
env = environment.problems(); t9 = time.perf_counter()
size = sum(pipeline.paths.processed_file(n).stat().st_size for n in names if pipeline.paths.processed_file(n).exists())
print(json.dumps({"tables": len(names), "processed_mb": round(size / 1e6, 1), "problems": sum(map(bool, problems)),
                  "content_check_cold_ms": round((t1 - t0) * 1e3, 1), "content_check_cached_ms": round((t2 - t1) * 1e3, 2),
                  "noop_build_all_cold_ms": round((t4 - t3) * 1e3, 1), "noop_build_all_cached_ms": round((t6 - t5) * 1e3, 1),
                  "raw_checksums_ms": round((t7 - t6) * 1e3, 1), "raw_manifest_check_ms": round((t8 - t7) * 1e3, 1),
                  "raw_problems": len(found), "env_check_in_process_ms": round((t9 - t8) * 1e3, 1)}))
"""


def bench_integrity(repeat: int = 5) -> dict:
    """Issue 16: what the integrity checks cost on a no-op run, each in a fresh interpreter (median
    of ``repeat``): the content hash of every processed table cold (once per process: the runner, the
    cleaning kernel and the zygote each pay it once) and cached, a no-op ``build_all`` with and without
    the hashes cached, the raw manifest check given the runner's raw checksums, the environment check;
    and the no-op ``tools/bootstrap.py setup`` (what every make target pays) as a subprocess."""
    env = {**__import__("os").environ, "PYTHONPATH": str(paths.ROOT / "src")}
    runs = [json.loads(subprocess.run([sys.executable, "-c", _INTEGRITY], capture_output=True, text=True, check=True,
                                      cwd=paths.ROOT, env=env).stdout.splitlines()[-1]) for _ in range(repeat)]
    out = {k: (statistics.median(r[k] for r in runs) if isinstance(runs[0][k], float) else runs[0][k])
           for k in runs[0]}
    boot = [timed(lambda: subprocess.run([sys.executable, str(paths.ROOT / "tools" / "bootstrap.py"), "setup"],
                                         capture_output=True, check=True)) for _ in range(repeat)]
    out["bootstrap_noop_ms"] = round(statistics.median(boot) * 1e3, 1)
    return out


def bench_indicators() -> dict:
    emp = datasets.load("employment_sgk")
    years = sorted(emp["year"].unique())
    t = timed(lambda: sectors.analyse(emp, years[0], years[-1]), repeat=5)
    return {"sector_analysis_s": round(t, 3), "rows": int(len(emp)), "years": [int(years[0]), int(years[-1])]}


def bench_notebooks(zygote: bool = False, province: str = "Gaziantep") -> dict:
    """Wall time of one papermill execution of each province notebook (``province``, defaults),
    kernel start included, the part spent executing cells, and where it goes (:func:`where_time_goes`).
    ``zygote``: the kernel forked from a zygote with the runner's preload (what a report run does)."""
    import contextlib

    import nbformat
    import papermill

    from helpers.runner import zygote as zg
    out = {}
    from helpers.runner import plan
    os.environ["WORKBOOK_WARM"] = json.dumps(
        {stem: {**plan.defaults_of(papermill.inspect_notebook(str(paths.NOTEBOOKS / f"{stem}.ipynb"))),
                "province": province} for stem in ("02_economic_analysis", "03_criteria_evaluation")}, default=str)
    kernels = (zg.use_zygote(preload=(*zg.WORKBOOK_PRELOAD, "helpers.runner.warm")) if zygote
               else contextlib.nullcontext(None))
    with tempfile.TemporaryDirectory() as tmp, kernels:
        for stem in ("02_economic_analysis", "03_criteria_evaluation"):
            t0 = time.perf_counter()
            papermill.execute_notebook(str(paths.NOTEBOOKS / f"{stem}.ipynb"), f"{tmp}/{stem}.ipynb",
                                       parameters={"province": province},
                                       kernel_name="turkiye-clusters", progress_bar=False, cwd=str(paths.NOTEBOOKS),
                                       kernel_manager_class=zg.ZygoteKernelManager)
            wall = time.perf_counter() - t0
            nb = nbformat.read(f"{tmp}/{stem}.ipynb", as_version=4)
            cells = sum((c.metadata.get("papermill", {}).get("duration") or 0) for c in nb.cells)
            out[stem] = {"wall_s": round(wall, 2), "cells_s": round(cells, 2), **where_time_goes(nb)}
    return out


def cell_kind(source: str) -> str:
    """What a notebook cell spends its time on: ``figures`` (it draws with ``plots.``), ``tables``
    (it shows a table), ``setup`` (imports, parameters, validation) or ``analysis`` (the rest)."""
    if "plots." in source:
        return "figures"
    if "show_table" in source or "report.table" in source:
        return "tables"
    code = [ln.strip() for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if all(ln.startswith(("import ", "from ")) for ln in code) or "parameters." in source:
        return "setup"
    return "analysis"


def where_time_goes(nb) -> dict:
    """Seconds of an executed notebook's code cells by :func:`cell_kind`, and its slowest cells."""
    by_kind: dict[str, float] = {}
    slow = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        d = c.metadata.get("papermill", {}).get("duration") or 0.0
        kind = cell_kind(c.source)
        by_kind[kind] = by_kind.get(kind, 0.0) + d
        slow.append((d, i, kind))
    top = sorted(slow, reverse=True)[:5]
    return {"by_kind_s": {k: round(v, 2) for k, v in sorted(by_kind.items())},
            "slowest_cells": [{"cell": i, "kind": k, "s": round(d, 2)} for d, i, k in top]}


#: The floor's cleaning notebook builds no table, and says so: it records an empty list of table
#: results where the runner asks (``pipeline.RECORD_ENV``), as ``pipeline.build_all`` records its
#: tables. The runner still fails a real cleaning that records nothing or a failed table.
FLOOR_RECORD = (f"import os\nif os.environ.get({pipeline.RECORD_ENV!r}):\n"
                f"    with open(os.environ[{pipeline.RECORD_ENV!r}], 'w', encoding='utf-8') as fh:\n"
                "        fh.write('[]')")


def empty_notebooks(folder: Path) -> Path:
    """The floor's notebooks (same names and parameters as the real ones): each imports pandas and
    seaborn and nothing else; the cleaning one records that it built no table (:data:`FLOOR_RECORD`)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    for stem, params in EMPTY_PARAMS.items():
        body = "import pandas\nimport seaborn" + ("\n" + FLOOR_RECORD if stem == "01_data_cleaning" else "")
        nb = new_notebook(cells=[new_code_cell(params, metadata={"tags": ["parameters"]}),
                                 new_code_cell(body)],
                          metadata={"kernelspec": {"name": "turkiye-clusters", "display_name": "Python (Türkiye clusters)",
                                                   "language": "python"}})
        nbformat.write(nb, folder / f"{stem}.ipynb")
    return folder


def run_reports(provinces: str, workers: int, notebooks: Path | None, zygote: bool = True) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "helpers.runner.cli", "--provinces", *provinces.split(), "--workers", str(workers),
               "--reports-dir", tmp, "--force", "--progress", "log"]
        if notebooks:
            cmd += ["--notebooks-dir", str(notebooks)]
        if not zygote:
            cmd += ["--no-zygote"]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"reports failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return dt


def parse_case(case: str) -> tuple[str, int]:
    """``"all:2"`` → ``("all", 2)``; ``"61:1"`` (one plate, or ``"61,19"``) → ``("61 19", 1)``."""
    provinces, _, workers = case.rpartition(":")
    if not provinces or not workers.isdigit() or int(workers) < 1:
        raise SystemExit(f"bench: case {case!r}: expected PROVINCES:WORKERS, e.g. all:2, pilots:1 or 61:1")
    return provinces.replace(",", " "), int(workers)


def n_provinces(provinces: str) -> int:
    return {"pilots": 5, "all": 81}.get(provinces, len(provinces.split()))


def bench_reports(quick: bool, only: list[str] | None = None, real: bool = True) -> list[dict]:
    """Each case: the ordinary-kernel floor, the zygote floor and (``real``) the real reports."""
    rows = []
    cases = [("pilots", 2)] if quick else [("pilots", 1), ("pilots", 2), ("all", 1), ("all", 2)]
    if only:  # e.g. ["all:2", "pilots:1", "61:1"]
        cases = [parse_case(c) for c in only]
    with tempfile.TemporaryDirectory() as tmp:
        floor_nb = empty_notebooks(Path(tmp))
        for provinces, workers in cases:
            # the floor as defined in issue 6: ordinary kernels executing an empty notebook that
            # imports pandas and seaborn, through the same runner; then the same with kernels forked
            # from the zygote (the way around that floor); then the real reports (zygote on)
            floor = run_reports(provinces, workers, floor_nb, zygote=False)
            floor_z = run_reports(provinces, workers, floor_nb, zygote=True)
            row = {"provinces": provinces, "workers": workers, "notebooks": 1 + 2 * n_provinces(provinces),
                   "floor_s": round(floor, 1), "floor_zygote_s": round(floor_z, 1)}
            if real:
                t = run_reports(provinces, workers, None, zygote=True)
                row.update(reports_s=round(t, 1), ratio_to_floor=round(t / floor, 2),
                           ratio_to_zygote_floor=round(t / floor_z, 2))
            rows.append(row)
            print(json.dumps(rows[-1]), flush=True)
    return rows


def _timed_run(args: list[str]) -> tuple[float, dict]:
    """Wall time and manifest of one `reports` run (forced, fresh reports folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "helpers.runner.cli", "--reports-dir", tmp, "--force", "--progress", "log",
               *args]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"reports failed ({proc.returncode}): {proc.stderr[-2000:]}")
        return wall, json.loads((Path(tmp) / "latest" / "manifest.json").read_text(encoding="utf-8"))


def speaking_copy(folder: Path) -> tuple[Path, list[str]]:
    """The notebooks, copied into ``folder``, with ``language: str = "tr"`` added to the parameters
    cell of those that do not declare it yet (so that a ``tr,en`` run executes each of them twice, as
    it will once every notebook takes the parameter). Returns the folder and the stems changed."""
    import nbformat
    import papermill
    changed = []
    for src in sorted(paths.NOTEBOOKS.glob("0*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        if "language" not in papermill.inspect_notebook(str(src)):
            cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
            cell.source = cell.source.rstrip("\n") + '\nlanguage: str = "tr"  # report language (added by bench)\n'
            changed.append(src.stem)
        nbformat.write(nb, folder / src.name)
    return folder, changed


def bench_languages(provinces: str = "pilots", workers: int = 2) -> dict:
    """A ``tr`` run against a ``tr,en`` run of the same provinces: the cost of the second language."""
    out: dict = {"provinces": provinces, "workers": workers}
    tmp = tempfile.TemporaryDirectory()
    nb_dir, changed = speaking_copy(Path(tmp.name))
    out["language_added_to"] = changed
    for langs in ("tr", "tr,en"):
        wall, man = _timed_run(["--provinces", *provinces.split(), "--workers", str(workers), "--language", langs,
                                "--notebooks-dir", str(nb_dir)])
        per_lang: dict[str, list[float]] = {}
        for rep in man["reports"]:
            if rep and rep.get("plate"):
                per_lang.setdefault(rep.get("language", "tr"), []).append(rep.get("seconds", 0.0))
        out[langs] = {"wall_s": round(wall, 1), "reports": sum(len(v) for v in per_lang.values()),
                      "mean_report_s": {k: round(statistics.mean(v), 2) for k, v in per_lang.items()}}
        print(langs, json.dumps(out[langs]), flush=True)
    tmp.cleanup()
    out["second_language_s"] = round(out["tr,en"]["wall_s"] - out["tr"]["wall_s"], 1)
    out["ratio"] = round(out["tr,en"]["wall_s"] / out["tr"]["wall_s"], 2)
    return out


def bench_evaluation(notebook: Path | None = None, repeat: int = 3, province: str = "Gaziantep",
                     notebook_only: bool = False) -> dict:
    """Issue 14's before/after figures (``--evaluation``; ``--evaluation-notebook FILE`` times
    another version of notebook 03, e.g. ``git show main:notebooks/03_criteria_evaluation.ipynb``):

    - one 03 notebook (``province``, defaults, papermill, kernel start included; median of
      ``repeat``), its cells, and the robustness cell alone (the cost of the scenarios);
    - the criteria evaluation of every province × every year on exports (long list + evaluate,
      in-process; tables built beforehand), as in the "1,050 province-years" line;
    - the robustness scenarios of one province in-process (base-year tables, then scoring).
    """
    import warnings

    import nbformat
    import papermill

    from helpers import basis, criteria, evaluation, scenario_tables

    source = notebook or paths.NOTEBOOKS / "03_criteria_evaluation.ipynb"
    walls, cells, robust, per_cell = [], [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            t0 = time.perf_counter()
            # scores_path: the workbook is written as in a run (a notebook without it ignores it)
            papermill.execute_notebook(str(source), f"{tmp}/03.ipynb",
                                       parameters={"province": province, "scores_path": f"{tmp}/03.scores.xlsx"},
                                       kernel_name="turkiye-clusters", progress_bar=False, cwd=str(paths.NOTEBOOKS))
            walls.append(time.perf_counter() - t0)
            nb = nbformat.read(f"{tmp}/03.ipynb", as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code"]
            cells.append(sum((c.metadata.get("papermill", {}).get("duration") or 0) for c in code))
            robust.append(sum((c.metadata.get("papermill", {}).get("duration") or 0) for c in code
                              if "section.robustness" in c.source or "robustness.section" in c.source))
            for c in code:  # each cell by its first line (section key), to attribute a difference
                per_cell.setdefault(c.source.splitlines()[0][:60] if c.source else "", []).append(
                    c.metadata.get("papermill", {}).get("duration") or 0)
    out = {"notebook": str(source), "province": province, "repeat": repeat,
           "notebook_wall_s": round(statistics.median(walls), 2), "notebook_cells_s": round(statistics.median(cells), 2),
           "robustness_cell_s": round(statistics.median(robust), 2),
           "cells": {k: round(statistics.median(v), 2) for k, v in per_cell.items()}}
    if notebook_only:
        return out
    exports = datasets.load("exports_tim")
    years = datasets.years(exports)
    config = criteria.load_criteria(paths.CRITERIA_YML, basis="exports")
    uni = datasets.load("universities")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = []
        for y in years[1:]:
            a = sectors.analyse_exports(exports, *basis.default_years(years, y))
            for plate in sorted(a.table["plate"].unique()):
                try:
                    tables.append(sectors.criteria_table_exports(a, int(plate), uni))
                except ValueError:
                    continue
        t0 = time.perf_counter()
        for table in tables:
            criteria.evaluate(criteria.longlist(table, config).kept, config)
        out["evaluation_all_s"] = round(time.perf_counter() - t0, 2)
        out["province_years"] = len(tables)
        plate = __import__("helpers.provinces", fromlist=["resolve"]).resolve(province)
        inputs = evaluation.province_inputs(plate, 0, 0, "exports", "tr")
        t0 = time.perf_counter()
        starts = scenario_tables.start_year_tables(inputs, "exports", "tr")
        t1 = time.perf_counter()
        scen = criteria.scenarios(inputs.table, config, top_k=5, start_tables=starts, base_start=inputs.start_year)
        t2 = time.perf_counter()
    out.update(scenario_tables_s=round(t1 - t0, 2), scenarios_scoring_s=round(t2 - t1, 2), scenarios=len(scen.runs))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="report runs for the pilots only")
    p.add_argument("--skip-reports", action="store_true")
    p.add_argument("--cases", nargs="*", default=None, metavar="PROVINCES:WORKERS",
                   help="report-run cases to time, e.g. all:2 pilots:1 (default: all four)")
    p.add_argument("--reports-only", action="store_true",
                   help="only the report runs (skip cleaning, TİM, indicators and notebook timings)")
    p.add_argument("--notebooks", action="store_true",
                   help="with --reports-only: also time one papermill execution of 02 and 03, by cell")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--tim", action="store_true", help="only the TİM reading benchmark")
    p.add_argument("--integrity", action="store_true", help="only the integrity checks' cost (issue 16)")
    p.add_argument("--languages", action="store_true", help="only the tr against tr,en report-run benchmark")
    p.add_argument("--lang-provinces", default="pilots", help="provinces of --languages (default pilots; e.g. 61)")
    p.add_argument("--workers", type=int, default=2, help="workers of --languages (default 2)")
    p.add_argument("--evaluation", action="store_true",
                   help="only issue 14's figures: one 03 notebook, its robustness cell, the 1,050 province-years")
    p.add_argument("--evaluation-notebook", type=Path, default=None, metavar="FILE",
                   help="the 03 notebook to time with --evaluation (default notebooks/03_criteria_evaluation.ipynb)")
    p.add_argument("--notebook-only", action="store_true", help="with --evaluation: the 03 notebook alone")
    a = p.parse_args(argv)
    if a.evaluation:
        print("evaluation", json.dumps(bench_evaluation(a.evaluation_notebook, notebook_only=a.notebook_only),
                                       ensure_ascii=False), flush=True)
        return 0
    if a.languages:
        res = {"languages": bench_languages(a.lang_provinces, a.workers)}
        print("languages", json.dumps(res["languages"]), flush=True)
        if a.out:
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_text(json.dumps(res, indent=2))
        return 0
    if a.tim:
        print("tim", json.dumps(bench_tim()), flush=True)
        return 0
    if a.integrity:
        print("integrity", json.dumps(bench_integrity()), flush=True)
        return 0
    res = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                       "platform": platform.platform()}}
    if not a.reports_only:
        res["cleaning"] = bench_cleaning()
        print("cleaning", res["cleaning"], flush=True)
        res["tim"] = bench_tim()
        print("tim", res["tim"], flush=True)
        res["indicators"] = bench_indicators()
        print("indicators", res["indicators"], flush=True)
    if not a.reports_only or a.notebooks:
        res["notebooks"] = bench_notebooks()
        print("notebooks", res["notebooks"], flush=True)
        res["notebooks_zygote"] = bench_notebooks(zygote=True)
        print("notebooks_zygote", res["notebooks_zygote"], flush=True)
    if not a.skip_reports:
        res["reports"] = bench_reports(a.quick, a.cases)
    out = a.out or paths.ROOT / "bench" / "results" / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
