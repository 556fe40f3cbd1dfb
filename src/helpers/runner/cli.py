"""``reports``: build the cluster-analysis reports with papermill, one folder per province.

    reports                                # the five pilot provinces (default)
    reports --provinces all --workers 2
    reports --provinces "Trabzon, 27, K.Maraş" --year 2013 --params run.yml --force

Everything is validated before a kernel starts (provinces through the resolver, parameters against
each notebook's ``parameters`` cell). The cleaning notebook runs once, then the economic analysis and
the criteria evaluation for each province, in a process pool. Output:
``reports/<run-id>/<plate>-<slug>/<notebook>.{ipynb,html}``, ``manifest.json``, ``index.html``, and
``reports/latest`` → the latest run whose reports all succeeded. Exit status: 0 all reports ok,
1 some report failed, 2 invalid request, 3 another run holds the lock.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import datetime as dt
import multiprocessing as mp
import hashlib
import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import helpers
from helpers import paths, provenance, provinces
from helpers.runner import plan as planning
from helpers.runner import publish, zygote
from helpers.runner.execute import run_task

VERSIONED = ("pandas", "numpy", "seaborn", "matplotlib", "pyarrow", "pandera", "papermill", "nbclient",
             "jupyter-client", "ipykernel", "nbconvert", "python-calamine", "openpyxl", "pyyaml")
TITLES = {"01_data_cleaning": "Veri temizleme / Data cleaning",
          "02_economic_analysis": "Ekonomik analiz / Economic analysis",
          "03_criteria_evaluation": "Kriter değerlendirmesi / Criteria evaluation"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="reports", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--provinces", nargs="*", default=None, metavar="P",
                   help="'pilots' (default), 'all', or province names / plate codes (any spelling)")
    p.add_argument("--year", type=int, default=None, help="analysis year (end year of the economic analysis)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel notebooks (default: cores)")
    p.add_argument("--params", type=Path, default=None, help="YAML file: {notebook stem or 'all': {param: value}}")
    p.add_argument("--force", action="store_true", help="re-run reports whose inputs and parameters are unchanged")
    p.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (a hanging kernel fails)")
    p.add_argument("--wait", action="store_true", help="wait for a running report run instead of exiting")
    p.add_argument("--reports-dir", type=Path, default=paths.REPORTS, help=argparse.SUPPRESS)
    p.add_argument("--notebooks-dir", type=Path, default=paths.NOTEBOOKS, help=argparse.SUPPRESS)
    p.add_argument("--skip-cleaning", action="store_true", help="do not run the cleaning notebook first")
    p.add_argument("--no-zygote", action="store_true",
                   help="start every kernel the ordinary way instead of forking it from a preloaded zygote")
    p.add_argument("--progress", choices=["auto", "bar", "log"], default="auto",
                   help="progress bar on a terminal, plain log lines otherwise (default auto)")
    return p.parse_args(argv)


class Progress:
    """A one-line bar on a terminal; plain, timestamped log lines otherwise (cron, CI)."""

    def __init__(self, total: int, mode: str = "auto") -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.bar = sys.stderr.isatty() if mode == "auto" else mode == "bar"
        self.t0 = time.perf_counter()

    def log(self, msg: str) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        if self.bar:
            sys.stderr.write("\r\033[K")
        print(f"{stamp} [reports] {msg}", file=sys.stderr, flush=True)
        self._draw()

    def step(self, key: str, status: str, seconds: float, error: str = "") -> None:
        self.done += 1
        self.failed += status == "failed"
        line = f"{self.done}/{self.total} {status:<7} {key} ({seconds:.1f} s)"
        if error:
            line += f": {error}"
        if self.bar and status != "failed":
            self._draw(last=key)
        else:
            self.log(line)

    def _draw(self, last: str = "") -> None:
        if not self.bar or not self.total:
            return
        width = 30
        filled = int(width * self.done / self.total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                         f"{time.perf_counter() - self.t0:5.0f}s {last[:40]}\033[K")
        sys.stderr.flush()

    def close(self) -> None:
        if self.bar:
            sys.stderr.write("\n")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "helpers": helpers.__version__}
    for name in VERSIONED:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def raw_checksums() -> dict[str, str]:
    return {str(p.relative_to(paths.RAW)): provenance.sha256(p) for p in provenance.raw_files()}


def analysis_inputs() -> dict[str, str]:
    """Checksums of everything the province notebooks read: processed tables, config, stakeholder sheets."""
    out: dict[str, str] = {}
    for meta in sorted(paths.PROCESSED.glob("*.meta.json")):
        out[f"processed/{meta.name}"] = hashlib.sha256(meta.read_bytes()).hexdigest()
    for f in sorted(paths.CONFIG.rglob("*")) + sorted(paths.STAKEHOLDERS.rglob("*.xlsx")):
        if f.is_file():
            out[str(f.relative_to(paths.ROOT))] = provenance.sha256(f)
    return out


def _task_dict(task: planning.Task, run_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    title = TITLES.get(task.notebook, task.notebook)
    if task.plate:
        title = f"{provinces.name(task.plate)} — {title}"
    return {"key": task.key, "notebook": task.notebook, "source": str(task.source),
            "out_dir": str(run_dir / task.label), "run_dir": str(run_dir), "parameters": task.parameters,
            "kernel_name": planning.KERNEL_NAME, "cwd": str(args.notebooks_dir), "timeout": args.timeout,
            "title": title}


def _previous(prev_manifest: dict | None) -> dict[str, dict]:
    if not prev_manifest:
        return {}
    out = {}
    for rep in prev_manifest.get("reports", []):
        if rep.get("status") in ("ok", "skipped") and rep.get("fingerprint"):
            out[rep["key"]] = rep
    return out


def _warm_worker(zygote_socket: str | None = None) -> None:
    """Pool initializer: the run's zygote socket (or none), and the heavy imports once per worker."""
    os.environ.setdefault("MPLBACKEND", "agg")
    if zygote_socket:
        os.environ[zygote.ENV_SOCKET] = zygote_socket
    else:
        os.environ.pop(zygote.ENV_SOCKET, None)
    import nbconvert  # noqa: F401 - import once per worker, not once per notebook
    import papermill  # noqa: F401


def execute_tasks(tasks: list[planning.Task], run_dir: Path, args: argparse.Namespace,
                  previous: dict[str, dict], prev_dir: Path | None, inputs: dict[str, str],
                  progress: Progress, pool: cf.Executor) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    futures = {}
    for task in tasks:
        fp = task.fingerprint(inputs)
        old = previous.get(task.key)
        if not args.force and old and old.get("fingerprint") == fp and prev_dir is not None:
            rels = [r for r in (old.get("ipynb"), old.get("html"), old.get("log")) if r]
            try:
                publish.reuse_outputs(prev_dir, run_dir, rels)
                res = dict(old, status="skipped", seconds=0.0, reused_from=prev_dir.name, fingerprint=fp)
                results.append(res)
                progress.step(task.key, "skipped", 0.0)
                continue
            except OSError:
                pass  # previous outputs gone: run it
        fut = pool.submit(run_task, _task_dict(task, run_dir, args))
        futures[fut] = (task, fp)
    for fut in cf.as_completed(futures):
        task, fp = futures[fut]
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - a broken worker fails this report only
            res = {"key": task.key, "status": "failed", "error": f"{type(exc).__name__}: {exc}",
                   "seconds": 0.0, "summary": {}, "ipynb": None, "html": None, "attempts": 0}
        res.update(notebook=task.notebook, plate=task.plate, parameters=task.parameters, fingerprint=fp,
                   title=TITLES.get(task.notebook, task.notebook))
        results.append(res)
        progress.step(task.key, res["status"], res.get("seconds", 0.0), res.get("error", ""))
    return results


def build_manifest(run_id: str, started: str, args: argparse.Namespace, the_plan: planning.Plan,
                   cleaning: dict | None, results: list[dict], raw: dict, inputs: dict) -> dict[str, Any]:
    by_plate: dict[int, list[dict]] = {}
    for r in results:
        by_plate.setdefault(r["plate"], []).append(r)
    provs = []
    for plate in the_plan.provinces:
        reps = sorted(by_plate.get(plate, []), key=lambda r: r["notebook"])
        status = "failed" if any(r["status"] == "failed" for r in reps) else "ok"
        summary: dict[str, Any] = {}
        for r in reps:
            summary.update(r.get("summary") or {})
        provs.append({"plate": plate, "name": provinces.name(plate), "slug": provinces.slug(plate),
                      "status": status, "is_sample": summary.get("is_sample"),
                      "top_sectors": summary.get("top_sectors", []), "reports": reps})
    failed = [r["key"] for r in results if r["status"] == "failed"]
    if cleaning and cleaning["status"] == "failed":
        failed.insert(0, cleaning["key"])
    return {
        "run_id": run_id, "started": started,
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": "failed" if failed else "ok", "failed": failed,
        "parameters": {"provinces": the_plan.provinces, "year": args.year, "workers": args.workers,
                       "params_file": str(args.params) if args.params else None, "force": args.force,
                       "timeout": args.timeout},
        "inputs": {"raw": raw, "analysis": inputs}, "versions": versions(), "host": platform.node(),
        "cleaning": cleaning, "provinces": provs,
        "reports": ([cleaning] if cleaning else []) + sorted(results, key=lambda r: r["key"]),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        params = planning.load_params_file(args.params)
        the_plan = planning.make_plan(args.provinces, year=args.year, params=params,
                                      notebooks_dir=args.notebooks_dir, cleaning=not args.skip_cleaning)
    except planning.PlanError as exc:
        print(f"reports: {exc}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("reports: --workers must be at least 1", file=sys.stderr)
        return 2
    reports_dir: Path = args.reports_dir
    try:
        with publish.run_lock(reports_dir, wait=args.wait):
            return _run(args, the_plan, reports_dir)
    except publish.RunLocked as exc:
        print(f"reports: {exc}", file=sys.stderr)
        return 3


def _run(args: argparse.Namespace, the_plan: planning.Plan, reports_dir: Path) -> int:
    stale = publish.clean_stale_staging(reports_dir)
    run_id = publish.new_run_id()
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    run_dir = publish.staging_dir(reports_dir, run_id)
    run_dir.mkdir(parents=True)
    prev_dir = publish.latest_run(reports_dir)
    prev = publish.read_manifest(prev_dir) if prev_dir else None
    previous = _previous(prev)
    total = len(the_plan.tasks) + (1 if the_plan.cleaning else 0)
    progress = Progress(total, args.progress)
    if stale:
        progress.log(f"removed the staging folder(s) of interrupted run(s): {', '.join(stale)}")
    names = ", ".join(f"{provinces.name(p)} ({p})" for p in the_plan.provinces[:8])
    more = f" and {len(the_plan.provinces) - 8} more" if len(the_plan.provinces) > 8 else ""
    progress.log(f"run {run_id}: {len(the_plan.provinces)} province(s): {names}{more}; "
                 f"{total} notebook(s), {args.workers} worker(s)")
    raw = raw_checksums()
    cleaning = None
    # Workers come from a fork server, not from this process: they must not inherit the run lock's
    # file descriptor (a killed run's orphans would otherwise hold the lock). Kernels are forked
    # from the run's zygote (docs/zygote.md), each a fresh process, or started normally without it.
    ctx = mp.get_context("forkserver")
    if the_plan.cleaning:
        # the cleaning notebook alone, in an ordinary kernel: it may rebuild the processed tables
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_warm_worker) as pool:
            raw_fp = {"raw": hashlib.sha256(repr(sorted(raw.items())).encode()).hexdigest()}
            [cleaning] = execute_tasks([the_plan.cleaning], run_dir, args, previous, prev_dir, raw_fp,
                                       progress, pool)
        if cleaning["status"] == "failed":
            progress.log(f"cleaning failed ({cleaning['error']}); provinces run on what is already processed")
    inputs = analysis_inputs()
    # Now the processed tables are final for this run: the zygote preloads the modules and the
    # tables (helpers.runner.warm) once, and every province kernel is forked from it.
    kernels = (contextlib.nullcontext(None) if args.no_zygote
               else zygote.use_zygote(preload=(*zygote.WORKBOOK_PRELOAD, "helpers.runner.warm")))
    with kernels as zh, cf.ProcessPoolExecutor(
            max_workers=args.workers, mp_context=ctx, initializer=_warm_worker,
            initargs=(zh.socket_path if zh else None,)) as pool:
        results = execute_tasks(the_plan.tasks, run_dir, args, previous, prev_dir, inputs, progress, pool)
    progress.close()
    manifest = build_manifest(run_id, started, args, the_plan, cleaning, results, raw, inputs)
    publish.write_manifest(run_dir, manifest)
    publish.write_index(run_dir, manifest)
    final = publish.publish(reports_dir, run_dir, run_id, successful=manifest["status"] == "ok")
    n_failed = len(manifest["failed"])
    if n_failed:
        progress.log(f"{n_failed} report(s) FAILED: {', '.join(manifest['failed'])}. "
                     f"Index: {final / 'index.html'}; reports/latest still points to the last complete run.")
        return 1
    progress.log(f"all {total} notebook(s) ok in {time.perf_counter() - progress.t0:.1f} s. "
                 f"Index: {reports_dir / publish.LATEST / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
