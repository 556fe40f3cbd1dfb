"""Run one notebook in a fresh kernel (papermill) and render its HTML report (nbconvert).

Runs inside a worker process of the run's process pool (processes, not threads: papermill changes
the working directory). Each notebook gets its own kernel, so runs stay isolated.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import nbformat

SUMMARY_MIME = "application/vnd.turkiye-clusters.summary+json"
TEMPLATES = Path(__file__).resolve().parent / "templates"
START_RETRIES = 2


class KernelStartError(RuntimeError):
    pass


def _executed_any(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable = nothing executed
        return False
    return any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def _stopped_cell(path: Path) -> int | None:
    """The number (1-based, among code cells) of the cell papermill marked running or failed."""
    if not path.exists():
        return None
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable: no cell to name
        return None
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, c in enumerate(code, start=1):
        pm = c.get("metadata", {}).get("papermill", {})
        if pm.get("exception") or pm.get("status") in ("running", "failed"):
            return i
    return None


def _timed_out_cell(source: Path, message: str) -> str | None:
    """Name the cell from nbclient's timeout message (it quotes the cell's first lines): its number
    among the template's code cells and its first line, e.g. ``3 (time.sleep(60))``."""
    import ast

    preview = message.split("-------------------")
    if len(preview) < 2:
        return None
    text = preview[1].strip("\n")
    try:  # older nbclient quotes a list of lines, newer ones the text
        lines = ast.literal_eval(text.strip()) if text.strip().startswith("[") else text.splitlines()
    except (ValueError, SyntaxError):
        lines = text.splitlines()
    if not lines:
        return None
    try:
        nb = nbformat.read(source, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        for i, c in enumerate(code, start=1):
            if c.source.splitlines()[:len(lines)] == list(lines):
                return f"{i} ({lines[-1].strip()[:60]})"
    except Exception:  # noqa: BLE001 - the preview alone still helps
        pass
    return f"({lines[0].strip()[:60]})"


def _disk_note(folder: Path, error: str) -> str:
    """Say so when a report failed because the disk is full (a truncated notebook then shows up as
    ``NotJSONError``, which hides the cause)."""
    import shutil

    try:
        free = shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        return error
    if free < 16 * 1024 * 1024 or "No space left on device" in error:
        return f"the disk of {folder} is full ({free // 1024} KiB free): {error}"
    return error


#: Kernel log lines that are noise for a report's reader: the kernel always runs over TCP on
#: localhost, and ipykernel logs a KeyboardInterrupt when it is shut down between cells.
LOG_NOISE = ("Kernel is running over TCP without encryption", "KeyboardInterrupt caught in kernel")


def quiet_log(path: Path) -> None:
    """Drop the :data:`LOG_NOISE` lines from a report's kernel log (and the log if nothing is left)."""
    if not path.exists():
        return
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    kept = [ln for ln in lines if not any(n in ln for n in LOG_NOISE)]
    if len(kept) == len(lines):
        return
    if any(ln.strip() for ln in kept):
        from helpers.io import atomic_write_text

        atomic_write_text(path, "".join(kept))
    else:
        path.unlink()


def run_notebook(source: Path, output: Path, parameters: dict[str, Any], *, kernel_name: str,
                 cwd: Path, timeout: int | None, start_timeout: int = 60) -> dict[str, Any]:
    """Execute ``source`` into ``output``. Returns status, attempts, error (never raises)."""
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from helpers.runner.zygote import ZygoteKernelManager  # ordinary start when no zygote runs

    output.parent.mkdir(parents=True, exist_ok=True)
    attempts = 0
    while True:
        attempts += 1
        try:
            papermill.execute_notebook(
                str(source), str(output), parameters=parameters, kernel_name=kernel_name,
                progress_bar=False, log_output=False, cwd=str(cwd), start_timeout=start_timeout,
                execution_timeout=timeout, request_save_on_cell_execute=False,
                kernel_manager_class=ZygoteKernelManager,
            )
            return {"status": "ok", "attempts": attempts, "error": ""}
        except PapermillExecutionError as exc:
            return {"status": "failed", "attempts": attempts,
                    "error": f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"}
        except NoSuchKernel:
            return {"status": "failed", "attempts": attempts,
                    "error": f"kernel {kernel_name!r} not found: run `make setup` to register it"}
        except CellTimeoutError as exc:
            # the kernel started and ran cells: a timeout is the notebook's failure, never retried
            cell = _stopped_cell(output) or _timed_out_cell(source, str(exc))
            where = f"cell {cell}" if cell else "a cell"
            return {"status": "failed", "attempts": attempts, "timed_out": True,
                    "error": f"CellTimeoutError: {where} ran longer than the --timeout of {timeout} s "
                             "and was stopped"}
        except Exception as exc:  # noqa: BLE001 - classified below
            started = _executed_any(output)
            if not started and attempts <= START_RETRIES:
                time.sleep(0.5 * attempts)
                continue  # a kernel-start failure: retry
            msg = f"{type(exc).__name__}: {exc}"
            if not started:
                msg = f"kernel did not start after {attempts} attempt(s): {msg}"
            return {"status": "failed", "attempts": attempts, "error": msg}


def render_html(notebook_path: Path, html_path: Path, title: str, language: str = "tr") -> None:
    """Render an executed notebook to HTML without code input, figures embedded with alt text;
    ``<html lang="…">`` is the report's language."""
    from helpers.io import atomic_write_text

    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:  # the summary record is for the index page, not for readers
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if SUMMARY_MIME not in o.get("data", {})]
    body, _ = _exporter(language).from_notebook_node(nb, resources={"metadata": {"name": title}})
    atomic_write_text(html_path, body)


_EXPORTERS: dict[str, Any] = {}


def _exporter(language: str):
    """The HTML exporter of a report language, made once per worker process: a new exporter
    compiles its Jinja templates again (about 0.13 s a report); one exporter renders every report."""
    if language not in _EXPORTERS:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="workbook", extra_template_basedirs=[str(TEMPLATES)])
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        exporter.language_code = language
        _EXPORTERS[language] = exporter
    return _EXPORTERS[language]


def read_summary(notebook_path: Path) -> dict[str, Any]:
    """The summary a notebook recorded with ``helpers.report.record_summary`` (last one wins)."""
    if not notebook_path.exists():
        return {}
    nb = nbformat.read(notebook_path, as_version=4)
    summary: dict[str, Any] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if SUMMARY_MIME in data:
                summary.update(data[SUMMARY_MIME])
    return summary


@contextlib.contextmanager
def _stderr_to(path: Path):
    """Send this process's stderr (file descriptor 2, inherited by the kernel it starts) to a log
    file for the duration: kernel chatter lands in the report's own log, not in the run's output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    """Worker entry point: execute, render and summarise one task (a plain dict, picklable)."""
    t0 = time.perf_counter()
    source, out_dir = Path(task["source"]), Path(task["out_dir"])
    stem = task.get("stem") or task["notebook"]  # "02_economic_analysis" or "02_economic_analysis.en"
    ipynb = out_dir / f"{stem}.ipynb"
    html = out_dir / f"{stem}.html"
    log = out_dir / f"{stem}.log"
    os.environ.setdefault("MPLBACKEND", "agg")
    env = task.get("env") or {}
    saved_env = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # inherited by the kernel (e.g. where the cleaning records its tables)
    try:
        with _stderr_to(log):
            res = run_notebook(source, ipynb, task["parameters"], kernel_name=task["kernel_name"],
                               cwd=Path(task["cwd"]), timeout=task.get("timeout"))
            if ipynb.exists():
                render_html(ipynb, html, task["title"], task.get("language") or "tr")
            res["summary"] = read_summary(ipynb)
    except Exception as exc:  # noqa: BLE001 - a report failure never stops the run
        res = {"status": "failed", "attempts": 1, "error": f"{type(exc).__name__}: {exc}",
               "traceback": traceback.format_exc(), "summary": {}}
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if res.get("status") == "failed":
        res["error"] = _disk_note(out_dir, res.get("error", ""))
    with contextlib.suppress(OSError):
        quiet_log(log)
    res.update(key=task["key"], seconds=round(time.perf_counter() - t0, 3),
               log=str(log.relative_to(task["run_dir"])) if log.exists() else None,
               ipynb=str(ipynb.relative_to(task["run_dir"])) if ipynb.exists() else None,
               html=str(html.relative_to(task["run_dir"])) if html.exists() else None)
    from helpers.runner.summary import scores_output  # the 03 report's workbook, key ``scores``

    if scores_output(out_dir, stem, Path(task["run_dir"])):
        res["scores"] = scores_output(out_dir, stem, Path(task["run_dir"]))
    return res
