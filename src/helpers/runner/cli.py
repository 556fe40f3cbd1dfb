"""reports: build the cluster-analysis reports with papermill, one folder per province.

    reports                                 the five pilot provinces (default)
    reports --provinces all --workers 2
    reports --provinces "Trabzon, 27, K.Maraş" --year 2013 --params run.yml --force
    reports --language tr,en                Turkish and English reports, one index
    reports --follow-up config/follow_up.example.yml   follow-ups of past selections (04_follow_up)
    reports prune --keep 10                 remove old runs (never the one reports/latest shows)

Everything is validated before a kernel starts: provinces through the resolver, parameters against
each notebook's parameters cell and the table of allowed values (helpers.parameters), years
against the data present. The cleaning notebook runs once, then the economic analysis and the
criteria evaluation for each province, in a process pool. Output: reports/<run-id>/<plate>-<slug>/
<notebook>.{ipynb,html,log} (Turkish; another language adds its code: <notebook>.en.html),
manifest.json, index.html (in the first language; index.en.html for English when it is the
second), and reports/latest -> the latest run whose every table and report succeeded. A run of
some provinces carries the other provinces' reports over from the previous latest run, so latest
always shows every province's newest good report (and a run in one language keeps the reports in
the other language).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import datetime as dt
import errno
import json
import shutil
import multiprocessing as mp
import hashlib
import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from collections.abc import Callable
from pathlib import Path
from typing import Any

import helpers
from helpers import environment, parameters, paths, pipeline, provenance, provinces, text
from helpers.exceptions import WorkbookError, exit_status
from helpers.runner import plan as planning
from helpers.runner import publish, shutdown, zygote
from helpers.runner import summary as run_summary
from helpers.runner.execute import run_task

VERSIONED = ("pandas", "numpy", "seaborn", "matplotlib", "pyarrow", "pandera", "papermill", "nbclient",
             "jupyter-client", "ipykernel", "nbconvert", "python-calamine", "openpyxl", "pyyaml")


def report_title(notebook: str, lang: str = text.DEFAULT_LANGUAGE) -> str:
    """The title of a report in ``lang`` (catalogue ``runner.report_title.<notebook>``)."""
    key = f"runner.report_title.{notebook}"
    return text.t(key, lang) if text.has(key) else notebook


#: Exit statuses (documented in ``reports --help``, the README and docs/reliability.md).
EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_LOCKED, EXIT_ENVIRONMENT = 0, 1, 2, 3, 4
EPILOG = """exit status:
  0    every table and every report succeeded; reports/latest points to this run
  1    a table or a report failed: the run is kept in reports/<run-id>/ with the errors,
       reports/latest is not changed; or data is broken before anything ran (a shipped raw
       file or its sidecar changed: restore it with git checkout; a processed table edited)
  2    the request was refused before any report kernel started (province, parameter value,
       option, params file, criteria file, years not in the data, a raw file you added without
       its sidecar); nothing was published
  3    another report run holds the lock (pass --wait to queue behind it)
  4    the environment failed: reports/ not writable, disk full, packages not the pinned ones,
       the Jupyter kernel not this environment's, ...; reports/latest intact
  130  interrupted by SIGINT (Ctrl-C); 143 stopped by SIGTERM: no process is left behind,
       nothing is published, reports/latest intact
Under make every failure becomes make's own status 2: cron and systemd should call
python3 tools/bootstrap.py reports ... (same options) to see these statuses.
"""


def _whole(text: str, unit: str = "") -> int:
    """A plain decimal whole number: ``int()`` would also take "2_023", " 12 " or other scripts'
    digits ("٢٠٢٣"), which a user may not have meant; "2023.0" is refused as well."""
    import re

    if not re.fullmatch(r"-?[0-9]+", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number{unit} (write digits 0-9 only)")
    return int(text)


def _year(text: str) -> int:
    """An argparse type: ``--year`` as four digits (or 0, the latest year with data)."""
    value = _whole(text)
    if value != 0 and not parameters.YEAR_MIN <= value <= parameters.YEAR_MAX:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (expected e.g. 2023)")
    return value


def _at_least_one(what: str, unit: str = ""):
    """An argparse type: a whole number ≥ 1 (``what`` names it in the refusal, e.g. "seconds")."""
    def parse(text: str) -> int:
        value = _whole(text, unit)
        if value < 1:
            raise argparse.ArgumentTypeError(f"{value} is not allowed: give {what}, at least 1")
        return value
    return parse


_positive_int = _at_least_one("a number")
_timeout = _at_least_one("the seconds a cell may run", " of seconds")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own status is 2 as well: a refusal
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, f"{self.prog}: {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = _Parser(prog="reports", description=__doc__, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--provinces", nargs="*", default=None, metavar="P",
                   help="'pilots' (default), 'all', or province names / plate codes (any spelling); "
                        "an empty list is refused")
    p.add_argument("--year", type=_year, default=None,
                   help="analysis year: the evaluation's year and the economic analysis's year of the same "
                        "data (TİM exports on the exports basis, the default without official SGK files; "
                        "SGK employment otherwise); must be a year of that basis's data")
    p.add_argument("--workers", type=_positive_int, default=os.cpu_count() or 1,
                   help="parallel notebooks (default: cores)")
    p.add_argument("--language", default=None, metavar="L",
                   help="language of the reports and the index: tr (default), en, or both, 'tr,en' "
                        "(the cleaning runs once; each province notebook once per language; the first "
                        "language is the index page's); also 'language:' under 'all' in --params")
    p.add_argument("--params", type=Path, default=None, help="YAML file: {notebook stem or 'all': {param: value}}")
    p.add_argument("--follow-up", type=Path, default=None, metavar="FILE",
                   help="YAML list of past selections (province, selection_year, sectors, optional label and "
                        "end_year): a 04_follow_up report for each, beside the province's other reports; "
                        "without --provinces, the provinces of the file")
    p.add_argument("--force", action="store_true", help="re-run reports whose inputs and parameters are unchanged")
    p.add_argument("--timeout", type=_timeout, default=600,
                   help="seconds a cell may run before its report fails (default 600; at least 1)")
    p.add_argument("--wait", action="store_true", help="wait for a running report run instead of exiting 3")
    p.add_argument("--reports-dir", type=Path, default=paths.REPORTS, help=argparse.SUPPRESS)
    p.add_argument("--notebooks-dir", type=Path, default=paths.NOTEBOOKS, help=argparse.SUPPRESS)
    p.add_argument("--skip-cleaning", action="store_true",
                   help="do not run the cleaning notebook first (use the processed tables as they are)")
    p.add_argument("--no-zygote", action="store_true",
                   help="start every kernel the ordinary way instead of forking it from a preloaded zygote")
    p.add_argument("--progress", choices=["auto", "bar", "log"], default="auto",
                   help="progress bar on a terminal, plain log lines otherwise (default auto)")
    return p.parse_args(argv)


def parse_prune_args(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="reports prune", description="Remove old runs from reports/, newest first kept. Never "
                "removes the run reports/latest points to, nor a run in progress (it takes the run lock).",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keep", type=_positive_int, required=True, help="number of newest runs to keep (at least 1)")
    p.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
    p.add_argument("--reports-dir", type=Path, default=paths.REPORTS, help=argparse.SUPPRESS)
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
    """sha256 of every raw file, its sidecar and the manifest (relative to data/raw): a deleted or
    edited sidecar changes the cleaning's fingerprint as an edited file does."""
    out = {}
    for p in provenance.raw_files():
        out[str(p.relative_to(paths.RAW))] = provenance.sha256(p)
        side = provenance.sidecar_path(p)
        out[str(side.relative_to(paths.RAW))] = provenance.sha256(side) if side.exists() else "missing"
    manifest = provenance.manifest_path()
    if manifest.exists():
        out[manifest.name] = provenance.sha256(manifest)
    return out


def analysis_inputs() -> dict[str, str]:
    """Checksums of everything the province notebooks read: processed tables (their metadata, and
    their content verified against the hash recorded when they were built: an edited table stops
    the run with its name, never reused), config, stakeholder sheets."""
    out: dict[str, str] = {}
    for meta in sorted(paths.PROCESSED.glob("*.meta.json")):
        out[f"processed/{meta.name}"] = hashlib.sha256(meta.read_bytes()).hexdigest()
        out[f"processed/{meta.name.removesuffix('.meta.json')}.parquet"] = \
            pipeline.verify_table(meta.name.removesuffix(".meta.json"))
    for f in sorted(paths.CONFIG.rglob("*")) + sorted(paths.STAKEHOLDERS.rglob("*.xlsx")):
        if f.is_file():
            out[str(f.relative_to(paths.ROOT))] = provenance.sha256(f)
    return out


def changed_tables() -> list[str]:
    """The processed tables whose content differs from the hash recorded when they were built."""
    return sorted(n for n in (m.name.removesuffix(".meta.json") for m in paths.PROCESSED.glob("*.meta.json"))
                  if pipeline.content_problem(n))


def _task_dict(task: planning.Task, run_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    title = report_title(task.notebook, task.language)
    if task.plate:
        title = f"{provinces.name(task.plate)} — {title}"
    return {"key": task.key, "notebook": task.notebook, "stem": task.stem, "language": task.language,
            "source": str(task.source),
            "out_dir": str(run_dir / task.label), "run_dir": str(run_dir),
            "parameters": run_summary.runner_parameters(task.defaults, task.parameters, run_dir / task.label, task.stem),
            "kernel_name": planning.KERNEL_NAME, "cwd": str(args.notebooks_dir), "timeout": args.timeout,
            "title": title}


def _previous(prev_manifest: dict | None) -> dict[str, dict]:
    if not prev_manifest:
        return {}
    out = {}
    carried = [r for p in prev_manifest.get("provinces", []) if p.get("carried_from") for r in p["reports"]]
    for rep in [*prev_manifest.get("reports", []), *carried]:
        if rep and rep.get("status") in ("ok", "skipped") and rep.get("fingerprint"):
            out[rep["key"]] = rep
    return out


def _warm_worker(zygote_socket: str | None = None, main_pid: int | None = None) -> None:
    """Pool initializer: the shutdown guard, the run's zygote socket (or none), and the heavy
    imports once per worker."""
    shutdown.guard_worker(main_pid)
    os.environ.setdefault("MPLBACKEND", "agg")
    if zygote_socket:
        os.environ[zygote.ENV_SOCKET] = zygote_socket
    else:
        os.environ.pop(zygote.ENV_SOCKET, None)
    import nbconvert  # noqa: F401 - import once per worker, not once per notebook
    import papermill  # noqa: F401


def execute_tasks(tasks: list[planning.Task], run_dir: Path, args: argparse.Namespace,
                  previous: dict[str, dict], prev_dir: Path | None, inputs: dict[str, str],
                  progress: Progress, pool: cf.Executor,
                  env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    futures = {}
    for task in tasks:
        fp = task.fingerprint(inputs)
        old = previous.get(task.key)
        if not args.force and old and old.get("fingerprint") == fp and prev_dir is not None:
            rels = run_summary.outputs(old)
            try:
                publish.reuse_outputs(prev_dir, run_dir, rels)
                res = dict(old, status="skipped", seconds=0.0, reused_from=prev_dir.name, fingerprint=fp)
                results.append(res)
                progress.step(task.key, "skipped", 0.0)
                continue
            except OSError:
                pass  # previous outputs gone: run it
        fut = pool.submit(run_task, dict(_task_dict(task, run_dir, args), env=env or {}))
        futures[fut] = (task, fp)
    for fut in cf.as_completed(futures):
        task, fp = futures[fut]
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - a broken worker fails this report only
            res = {"key": task.key, "status": "failed", "error": f"{type(exc).__name__}: {exc}",
                   "seconds": 0.0, "summary": {}, "ipynb": None, "html": None, "attempts": 0}
        res.update(notebook=task.notebook, plate=task.plate, parameters=task.parameters, fingerprint=fp,
                   language=task.language, title=report_title(task.notebook, task.language))
        results.append(res)
        progress.step(task.key, res["status"], res.get("seconds", 0.0), res.get("error", ""))
    return results


def build_manifest(run_id: str, started: str, args: argparse.Namespace, the_plan: planning.Plan,
                   cleaning: dict | None, results: list[dict], raw: dict, inputs: dict,
                   carried: list[dict] | None = None, notes: list[str] | None = None,
                   cleaning_carried: list[dict] | None = None) -> dict[str, Any]:
    languages = list(the_plan.options.get("languages") or [text.DEFAULT_LANGUAGE])
    order = {lang: i for i, lang in enumerate(languages)}
    by_plate: dict[int, list[dict]] = {}
    for r in results:
        r.setdefault("language", languages[0])
        by_plate.setdefault(r["plate"], []).append(r)
    provs = []
    for plate in the_plan.provinces:
        reps = sorted(by_plate.get(plate, []), key=lambda r: (r["notebook"], order.get(r["language"], 99)))
        status = "failed" if any(r["status"] == "failed" for r in reps) else "ok"
        summaries: dict[str, dict[str, Any]] = {}
        for r in reps:
            summaries.setdefault(r["language"], {}).update(r.get("summary") or {})
        summary = summaries.get(languages[0]) or next(iter(summaries.values()), {})
        provs.append({"plate": plate, "name": provinces.name(plate), "slug": provinces.slug(plate),
                      "status": status, "is_sample": summary.get("is_sample"),
                      "top_sectors": summary.get("top_sectors", []),
                      "top_sectors_by_language": {lang: s.get("top_sectors", []) for lang, s in summaries.items()},
                      "basis": summary.get("basis"),
                      "basis_title_by_language": {lang: s["basis_title"] for lang, s in summaries.items()
                                                  if s.get("basis_title")},
                      "sample_sections_by_language": {lang: s["sample_sections"] for lang, s in summaries.items()
                                                      if s.get("sample_sections")},
                      "reports": reps})
    provs.extend(carried or [])
    provs.sort(key=lambda p: p["plate"])  # plate order, whichever run made the reports
    failed = [r["key"] for r in results if r["status"] == "failed"]
    if cleaning and cleaning["status"] == "failed":
        failed.insert(0, cleaning["key"])
    return {
        "run_id": run_id, "started": started,
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": "failed" if failed else "ok", "failed": failed,
        "languages": languages,
        "parameters": {"provinces": the_plan.provinces, "year": args.year, "languages": languages,
                       "workers": args.workers,
                       "params_file": str(args.params) if args.params else None, "force": args.force,
                       "follow_up_file": str(args.follow_up) if getattr(args, "follow_up", None) else None,
                       "timeout": args.timeout},
        "notes": notes or [],
        "inputs": {"raw": raw, "analysis": inputs}, "versions": versions(), "host": platform.node(),
        "cleaning": cleaning, "cleaning_carried": cleaning_carried or [], "provinces": provs,
        "carried_over": sorted(p["plate"] for p in (carried or [])),
        "reports": ([cleaning] if cleaning else []) + sorted(results, key=lambda r: r["key"]),
    }


def carry_forward(prev_manifest: dict | None, prev_dir: Path | None, run_dir: Path,
                  plates: list[int]) -> list[dict]:
    """The provinces of the previous latest run that this run does not redo: their reports are
    linked into the new run, so ``latest`` keeps showing every province's newest good report."""
    if not prev_manifest or prev_dir is None:
        return []
    out = []
    for prov in prev_manifest.get("provinces", []):
        if prov["plate"] in plates or prov.get("status") != "ok":
            continue
        rels = [r for rep in prov["reports"] for r in run_summary.outputs(rep)]
        try:
            publish.reuse_outputs(prev_dir, run_dir, rels)
        except OSError:
            continue  # its files are gone: the province is simply not shown
        out.append({**prov, "carried_from": prov.get("carried_from") or prev_manifest["run_id"]})
    return out


def _carry_reports(prev_manifest: dict | None, prev_dir: Path | None, run_dir: Path, plates: list[int],
                   wanted: Callable[[dict, str], bool]) -> list[dict]:
    """The previous latest's good reports of the provinces in ``plates`` that ``wanted(report,
    language)`` selects, linked into ``run_dir`` and marked ``carried_from``; a report whose files
    are gone is not shown."""
    if not prev_manifest or prev_dir is None:
        return []
    out = []
    for prov in prev_manifest.get("provinces", []):
        if prov["plate"] not in plates:
            continue
        for rep in prov["reports"]:
            lang = rep.get("language") or text.DEFAULT_LANGUAGE
            if rep.get("status") not in ("ok", "skipped") or not wanted(rep, lang):
                continue
            try:
                publish.reuse_outputs(prev_dir, run_dir, run_summary.outputs(rep))
            except OSError:
                continue
            out.append({**rep, "language": lang, "plate": prov["plate"],
                        "carried_from": rep.get("carried_from") or prev_manifest["run_id"]})
    return out


def carry_other_languages(prev_manifest: dict | None, prev_dir: Path | None, run_dir: Path,
                          plates: list[int], languages: list[str]) -> list[dict]:
    """The reports, in languages this run does not make, of the provinces this run redoes: a
    ``--language tr`` run of Trabzon after a ``tr,en`` run keeps Trabzon's good English reports
    in ``latest`` (linked, marked ``carried_from``), as :func:`carry_forward` keeps other provinces."""
    return _carry_reports(prev_manifest, prev_dir, run_dir, plates, lambda rep, lang: lang not in languages)


FOLLOW_UP_NOTEBOOK = "04_follow_up"


def carry_follow_ups(prev_manifest: dict | None, prev_dir: Path | None, run_dir: Path,
                     plates: list[int], languages: list[str], keys: set[str]) -> list[dict]:
    """The follow-up reports (``04_follow_up``), in this run's languages, of the provinces this run
    redoes, unless this run re-ran the same entry (same report key): a run without ``--follow-up``
    after one with it keeps the province's follow-ups in ``latest`` (linked, marked
    ``carried_from``), as :func:`carry_other_languages` keeps the reports in other languages."""
    return _carry_reports(prev_manifest, prev_dir, run_dir, plates,
                          lambda rep, lang: (rep.get("notebook") == FOLLOW_UP_NOTEBOOK and lang in languages
                                             and rep.get("key") not in keys))


def carry_cleaning(prev_manifest: dict | None, prev_dir: Path | None, run_dir: Path,
                   languages: list[str]) -> list[dict]:
    """The previous latest's good cleaning reports in languages other than ``languages`` (its own, or
    ones it had carried): an English-only run keeps the Turkish cleaning report in ``latest/_data``
    (linked, marked ``carried_from``), as :func:`carry_other_languages` keeps province reports."""
    if not prev_manifest or prev_dir is None:
        return []
    out, seen = [], set(languages)
    for rep in [prev_manifest.get("cleaning"), *prev_manifest.get("cleaning_carried", [])]:
        lang = (rep or {}).get("language") or text.DEFAULT_LANGUAGE
        if not rep or lang in seen or rep.get("status") not in ("ok", "skipped"):
            continue
        rels = [r for r in (rep.get("ipynb"), rep.get("html"), rep.get("log")) if r]
        try:
            publish.reuse_outputs(prev_dir, run_dir, rels)
        except OSError:
            continue
        seen.add(lang)
        out.append({**rep, "language": lang, "carried_from": rep.get("carried_from") or prev_manifest["run_id"]})
    return out


WARM_ENV = "WORKBOOK_WARM"  # read by helpers.runner.warm in the zygote (not imported here: it reads data)


def warm_params(tasks: list[planning.Task]) -> str:
    """The parameters of the first task of each notebook (the notebook's defaults, then the run's),
    as JSON: what the zygote computes ahead for the kernels (``helpers.runner.warm``)."""
    out: dict[str, dict] = {}
    for task in tasks:
        if task.notebook not in out:
            out[task.notebook] = {**task.defaults, **task.parameters}
    return json.dumps(out, default=str)


def read_cleaning_record(path: Path, cleaning: dict) -> dict:
    """Fail the cleaning step when a table failed (or when the notebook recorded nothing). A step
    reused from the previous run (raw files unchanged) keeps that run's record."""
    if cleaning["status"] != "ok":
        return cleaning
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict(cleaning, status="failed",
                    error="the cleaning notebook recorded no table results (pipeline.build_all was not run "
                          "or could not write its record): the processed tables cannot be trusted")
    failed = [r for r in rows if r.get("status") == "failed"]
    if failed:
        msg = "; ".join(f"table {r['table']!r}: {r['error']}" for r in failed)
        return dict(cleaning, status="failed", tables=rows,
                    error=f"{len(failed)} of {len(rows)} table(s) failed to build: {msg}")
    return dict(cleaning, tables=rows)


def _env_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full{where}: free space and rerun; reports/latest is unchanged"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"cannot write{where}: {exc.strerror}. Check that reports/ is writable by this user "
                "and not on a read-only filesystem; reports/latest is unchanged")
    return f"{type(exc).__name__}: {exc}{where}; reports/latest is unchanged"


def _follow_ups(path: Path | None) -> list:
    """The entries of ``--follow-up FILE``, checked against the exports years present (again after
    the cleaning notebook, when the table is built then); :class:`helpers.runner.plan.PlanError`
    naming file, entry and value otherwise."""
    if path is None:
        return []
    from helpers.follow_up import entries as fu

    try:
        return fu.load(path, planning.data_years("exports"))
    except fu.FollowUpFileError as exc:
        raise planning.PlanError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["prune"]:
        return prune_main(argv[1:])
    args = parse_args(argv)
    broken = environment.problems() + [k for k in [environment.kernel_problem(planning.KERNEL_NAME)] if k]
    if broken:  # the kernels would run other packages (or none): refuse before anything starts
        print(f"reports: the environment is not the project's: {'; '.join(broken)}; run python3 tools/bootstrap.py "
              "setup (it repairs what it can)", file=sys.stderr)
        return EXIT_ENVIRONMENT
    try:
        params = planning.load_params_file(args.params)
        languages = planning.run_languages(args.language, params)
        entries = _follow_ups(args.follow_up)
        spec = args.provinces if args.provinces is not None or not entries else [str(e.plate) for e in entries]
        the_plan = planning.make_plan(spec, year=args.year, params=params,
                                      notebooks_dir=args.notebooks_dir, cleaning=not args.skip_cleaning,
                                      languages=languages)
        the_plan.tasks += planning.follow_up_tasks(entries, the_plan.provinces, args.notebooks_dir, languages)
        if not the_plan.cleaning:  # the tables will not change: check the years now
            the_plan_notes = planning.adapt_years(the_plan, planning.data_years)
        else:
            the_plan_notes = []
        if the_plan.cleaning:  # tables already fresh: their years are checked now, before the cleaning kernel
            the_plan_notes = planning.adapt_years(the_plan, planning.fresh_data_years)
        the_plan_notes += [f"{args.follow_up}: entry {e.index} ({provinces.name(e.plate)}) skipped: its province is "
                           "not among --provinces" for e in entries if e.plate not in the_plan.provinces]
    except planning.PlanError as exc:
        print(f"reports: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    # raw files as shipped (manifest) or with the user's sidecar, before any kernel; the digests are
    # kept for the run's own record (every raw file is hashed once)
    args.raw_checksums = raw_checksums()
    found = provenance.check_all(digests=args.raw_checksums)
    if found:
        for problem in found:
            print(f"reports: {problem}", file=sys.stderr)
        print("reports: nothing was run; reports/latest is unchanged", file=sys.stderr)
        return EXIT_REFUSED if all(isinstance(p, provenance.UserFileRefused) for p in found) else EXIT_FAILED
    reports_dir: Path = args.reports_dir
    try:
        with shutdown.signals_raise(), publish.run_lock(reports_dir, wait=args.wait):
            return _run(args, the_plan, reports_dir, the_plan_notes)
    except publish.RunLocked as exc:
        print(f"reports: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except shutdown.Interrupted as exc:
        latest = publish.latest_run(reports_dir)
        shown = f" (-> {latest.name})" if latest else ""
        print(f"reports: interrupted by {exc.name}: workers, kernels and zygote stopped, nothing published; "
              f"reports/latest unchanged{shown}", file=sys.stderr)
        return exc.exit_status
    except WorkbookError as exc:  # one mapping from the kind of error to the exit status
        print(f"reports: {exc}; reports/latest is unchanged", file=sys.stderr)
        return exit_status(exc)
    except OSError as exc:
        print(f"reports: {_env_error(exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT


def _run(args: argparse.Namespace, the_plan: planning.Plan, reports_dir: Path, notes: list[str]) -> int:
    stale = publish.clean_stale_staging(reports_dir)
    run_id = publish.new_run_id()
    run_dir = publish.staging_dir(reports_dir, run_id)
    try:
        return _run_in(args, the_plan, reports_dir, notes, stale, run_id, run_dir)
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)  # an unfinished run never shows as a run
        raise


def _run_in(args: argparse.Namespace, the_plan: planning.Plan, reports_dir: Path, notes: list[str],
            stale: list[str], run_id: str, run_dir: Path) -> int:
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
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
                 f"{total} notebook(s), {args.workers} worker(s); "
                 f"language(s) {','.join(the_plan.options.get('languages') or [text.DEFAULT_LANGUAGE])}")
    raw = getattr(args, "raw_checksums", None) or raw_checksums()
    cleaning = None
    main_pid = os.getpid()
    # Workers come from a fork server, not from this process: they must not inherit the run lock's
    # file descriptor (a killed run's orphans would otherwise hold the lock). Kernels are forked
    # from the run's zygote (docs/zygote.md), each a fresh process, or started normally without it.
    # Every worker is guarded (helpers.runner.shutdown): it dies with this process and takes its
    # kernel with it.
    ctx = mp.get_context("forkserver")
    if the_plan.cleaning:
        # the cleaning notebook alone, in an ordinary kernel: it may rebuild the processed tables;
        # it records every table's result, and a failed table fails the step and the run
        record = run_dir / "_data" / "tables.json"
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_warm_worker,
                                    initargs=(None, main_pid)) as pool, shutdown.stopping(pool):
            # the cleaning is reused only when the raw files are unchanged *and* every processed table
            # is the one it built (an edited table makes it run, and rebuild that table)
            raw_fp = {"raw": hashlib.sha256(repr(sorted(raw.items())).encode()).hexdigest(),
                      "tables_changed": changed_tables()}
            [cleaning] = execute_tasks([the_plan.cleaning], run_dir, args, previous, prev_dir, raw_fp,
                                       progress, pool, env={pipeline.RECORD_ENV: str(record)})
        cleaning = read_cleaning_record(record, cleaning)
        if cleaning["status"] == "failed":
            progress.log(f"cleaning FAILED: {cleaning['error']}")
            progress.log("the provinces run on the tables already processed; the run will not be published "
                         "as reports/latest")
        try:
            notes = notes + planning.adapt_years(the_plan, planning.data_years)
            _follow_ups(getattr(args, "follow_up", None))  # the exports years as built by this run
        except planning.PlanError as exc:
            progress.close()
            print(f"reports: {exc}", file=sys.stderr)
            return EXIT_REFUSED
    for note in notes:
        progress.log(note)
    inputs = analysis_inputs()
    # Now the processed tables are final for this run: the zygote preloads the modules, the tables
    # and the all-province analyses for this run's parameters (helpers.runner.warm) once, and every
    # province kernel is forked from it.
    os.environ[WARM_ENV] = warm_params(the_plan.tasks)
    kernels = (contextlib.nullcontext(None) if args.no_zygote
               else zygote.use_zygote(preload=(*zygote.WORKBOOK_PRELOAD, "helpers.runner.warm")))
    with kernels as zh, cf.ProcessPoolExecutor(
            max_workers=args.workers, mp_context=ctx, initializer=_warm_worker,
            initargs=(zh.socket_path if zh else None, main_pid)) as pool, shutdown.stopping(pool):
        results = execute_tasks(the_plan.tasks, run_dir, args, previous, prev_dir, inputs, progress, pool)
    progress.close()
    run_languages = the_plan.options.get("languages") or [text.DEFAULT_LANGUAGE]
    results += carry_other_languages(prev, prev_dir, run_dir, the_plan.provinces, run_languages)
    results += carry_follow_ups(prev, prev_dir, run_dir, the_plan.provinces, run_languages,
                                {t.key for t in the_plan.tasks})
    carried = carry_forward(prev, prev_dir, run_dir, the_plan.provinces)
    # the cleaning reports in the languages this run's cleaning was not made in (all of them when
    # the run skipped the cleaning: the tables are the ones they describe)
    cleaning_carried = carry_cleaning(prev, prev_dir, run_dir,
                                      [cleaning.get("language") or text.DEFAULT_LANGUAGE] if cleaning else [])
    if carried:
        progress.log(f"carried over {len(carried)} province(s) unchanged from run {prev_dir.name if prev_dir else ''}")
    manifest = build_manifest(run_id, started, args, the_plan, cleaning, results, raw, inputs, carried, notes,
                              cleaning_carried)
    manifest["size_summary"] = run_summary.size_summary(manifest)
    if run_summary.size_line(manifest["size_summary"], "en"):
        progress.log(run_summary.size_line(manifest["size_summary"], "en"))
    publish.write_manifest(run_dir, manifest)
    publish.write_index(run_dir, manifest)
    final = publish.publish(reports_dir, run_dir, run_id, successful=manifest["status"] == "ok")
    n_failed = len(manifest["failed"])
    if n_failed:
        progress.log(f"{n_failed} step(s) FAILED: {', '.join(manifest['failed'])}. "
                     f"Index: {final / 'index.html'}; reports/latest still points to the last complete run.")
        for r in manifest["reports"]:
            if r and r.get("status") == "failed":
                progress.log(f"  {r['key']}: {r.get('error', '')}")
        return EXIT_FAILED
    progress.log(f"all {total} notebook(s) ok in {time.perf_counter() - progress.t0:.1f} s. "
                 f"Index: {reports_dir / publish.LATEST / 'index.html'}")
    return EXIT_OK


def prune_main(argv: list[str]) -> int:
    """``reports prune --keep N``: remove all but the N newest runs, never latest's, under the lock."""
    args = parse_prune_args(argv)
    reports_dir: Path = args.reports_dir
    if not reports_dir.exists():
        print(f"reports prune: {reports_dir} does not exist: nothing to prune", file=sys.stderr)
        return EXIT_OK
    try:
        with publish.run_lock(reports_dir, wait=False):
            removed, kept = publish.prune(reports_dir, keep=args.keep, dry_run=args.dry_run)
    except publish.RunLocked as exc:
        print(f"reports prune: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:
        print(f"reports prune: {_env_error(exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    verb = "would remove" if args.dry_run else "removed"
    print(f"reports prune: {verb} {len(removed)} run(s){': ' + ', '.join(removed) if removed else ''}; "
          f"kept {len(kept)}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
