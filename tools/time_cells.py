"""Same-process timing of the report notebooks' cells, the way a zygote-forked kernel runs them.

    python tools/time_cells.py [--provinces Trabzon Samsun ...] [--notebooks 02 03] [--warm-province Adana]
                               [--no-warm] [--repeat 1] [--json FILE]

One process: ``import helpers.runner.warm`` first (with ``$WORKBOOK_WARM`` set as the runner sets
it for a run whose first task is ``--warm-province``, the first province of an all-province run),
then each notebook's code cells executed in an IPython shell (the display formatter renders tables
to HTML as a kernel does), province after province, each notebook in a fresh namespace. For every
cell: its wall time, the part spent in figure drawing (``helpers.plots.*`` and
``report.show_figure``, owned elsewhere) and in tables (``report.table``/``show_table`` and the
rendering of a table to HTML). Not a timed test: figures for before/after comparisons on one
machine, in one process (a shared machine makes single numbers noisy; compare medians).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --src DIR: time another version of the package (e.g. `git archive main src | tar -x -C DIR`)
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)
os.environ.setdefault("MPLBACKEND", "agg")
os.environ.setdefault("CLUSTER_WORKBOOK_ROOT", str(ROOT))

NOTEBOOKS = {"02": "02_economic_analysis", "03": "03_criteria_evaluation"}
PROVINCES = ["Trabzon", "Samsun", "Çorum", "Gaziantep", "Ankara", "Tunceli", "Kars"]

_spent = {"figures": 0.0, "tables": 0.0, "figures_cpu": 0.0, "tables_cpu": 0.0}
_depth = [0]


def _timed(kind: str, fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        if _depth[0]:
            return fn(*a, **k)
        _depth[0] += 1
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **k)
        finally:
            _spent[kind] += time.perf_counter() - t0
            _spent[f"{kind}_cpu"] += time.process_time() - c0
            _depth[0] -= 1
    return wrapper


def instrument(shell) -> None:
    """Count time in figure drawing and in table building/rendering (outermost calls only)."""
    import inspect

    import pandas.io.formats.style as style

    from helpers import plots, report
    for name, obj in vars(plots).items():
        if inspect.isfunction(obj) and obj.__module__.startswith("helpers.plots") and not name.startswith("_"):
            setattr(plots, name, _timed("figures", obj))
    report.show_figure = _timed("figures", report.show_figure)
    report.table = _timed("tables", report.table)
    report.show_table = _timed("tables", report.show_table)
    fmt = shell.display_formatter
    plain = fmt.format

    def format(obj, *a, **k):  # noqa: A001 - the formatter's name
        if isinstance(obj, style.Styler):
            return _timed("tables", plain)(obj, *a, **k)
        return plain(obj, *a, **k)
    fmt.format = format


def code_cells(stem: str) -> list[tuple[bool, str]]:
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return [("parameters" in (c.get("metadata", {}).get("tags") or []), "".join(c["source"]))
            for c in nb["cells"] if c["cell_type"] == "code"]


def parameters_cell(source: str, params: dict) -> str:
    extra = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    return source + "\n" + extra + "\n"


_OUTPUTS: list = []


def _keep_outputs(shell) -> None:
    """Record every text output (HTML, Markdown, plain; not images) shown, to compare versions."""
    pub, hook = shell.display_pub.publish, shell.displayhook.write_format_data

    def publish(data, metadata=None, *a, **k):
        _OUTPUTS.append({m: v for m, v in data.items() if m.startswith(("text/", "application/vnd"))})
        return pub(data, metadata, *a, **k)

    def write(format_dict, md_dict=None):
        _OUTPUTS.append({m: v for m, v in format_dict.items() if m.startswith("text/")})
        return hook(format_dict, md_dict)
    shell.display_pub.publish, shell.displayhook.write_format_data = publish, write


def run_notebook(shell, stem: str, params: dict) -> list[dict]:
    shell.reset(new_session=False)
    rows = []
    for i, (is_params, src) in enumerate(code_cells(stem)):
        if is_params:
            src = parameters_cell(src, params)
        _spent.update(figures=0.0, tables=0.0, figures_cpu=0.0, tables_cpu=0.0)
        t0, c0 = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            res = shell.run_cell(src, store_history=False, silent=False)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        if not res.success:
            raise RuntimeError(f"{stem} cell {i} failed for {params}: {res.error_in_exec or res.error_before_exec}")
        rows.append({"cell": i, "s": dt, "figures": _spent["figures"], "tables": _spent["tables"], "cpu": cpu,
                     "figures_cpu": _spent["figures_cpu"], "tables_cpu": _spent["tables_cpu"],
                     "first": src.splitlines()[0][:70] if src else ""})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--provinces", nargs="*", default=PROVINCES)
    p.add_argument("--notebooks", nargs="*", default=["02", "03"], choices=sorted(NOTEBOOKS))
    p.add_argument("--warm-province", default="Adana", help="the first task's province of the warmed run")
    p.add_argument("--no-warm", action="store_true", help="do not import helpers.runner.warm first")
    p.add_argument("--repeat", type=int, default=1, help="passes over the provinces (the first may pay imports)")
    p.add_argument("--cells", action="store_true", help="print every cell's time")
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--outputs", type=Path, default=None, help="write every text output shown (JSON), to compare")
    p.add_argument("--src", default=None, help="the package folder to time (default: this checkout's src)")
    a = p.parse_args(argv)

    from helpers.runner import plan
    defaults = {stem: plan.defaults_of(plan.declared_parameters(ROOT / "notebooks" / f"{stem}.ipynb"))
                for stem in NOTEBOOKS.values()}
    warm_env = {stem: {**defaults[stem], "province": a.warm_province} for stem in NOTEBOOKS.values()}
    os.environ["WORKBOOK_WARM"] = json.dumps(warm_env)
    t0 = time.perf_counter()
    from helpers.runner import zygote
    for mod in zygote.WORKBOOK_PRELOAD:
        __import__(mod)
    t_import = time.perf_counter() - t0
    t_warm = 0.0
    if not a.no_warm:
        t0 = time.perf_counter()
        from helpers.runner import warm
        t_warm = time.perf_counter() - t0
        if warm.FAILED:
            print("warm failed:", warm.FAILED, file=sys.stderr)
    print(f"preload imports {t_import:.2f} s, warm {t_warm:.2f} s", flush=True)

    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    instrument(shell)
    if a.outputs:
        _keep_outputs(shell)
    os.chdir(ROOT / "notebooks")
    results: dict[str, dict[str, list[dict]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(a.repeat):
            for prov in a.provinces:
                for nb in a.notebooks:
                    stem = NOTEBOOKS[nb]
                    params = {"province": prov}
                    if nb == "03":
                        params["scores_path"] = f"{tmp}/{stem}.scores.xlsx"
                    _OUTPUTS.append({"notebook": nb, "province": prov})
                    rows = run_notebook(shell, stem, params)
                    results.setdefault(nb, {}).setdefault(prov, []).append(rows)
                    tot = sum(r["s"] for r in rows)
                    fig = sum(r["figures"] for r in rows)
                    tab = sum(r["tables"] for r in rows)
                    cpu = sum(r["cpu"] - r["figures_cpu"] for r in rows)
                    print(f"pass {rep + 1} {nb} {prov:10s} cells {tot:5.2f} s  figures {fig:5.2f}  tables {tab:5.2f}"
                          f"  rest {tot - fig - tab:5.2f}  (CPU outside figures {cpu:5.2f})", flush=True)
                    if a.cells:
                        for r in rows:
                            print(f"    [{r['cell']:2d}] {r['s']:6.3f} fig {r['figures']:6.3f} tab {r['tables']:6.3f}"
                                  f"  {r['first']}")
    summary = {}
    for nb, by_prov in results.items():
        last = [runs[-1] for runs in by_prov.values()]
        tot = [sum(r["s"] for r in rows) for rows in last]
        fig = [sum(r["figures"] for r in rows) for rows in last]
        tab = [sum(r["tables"] for r in rows) for rows in last]
        rest = [t - f - b for t, f, b in zip(tot, fig, tab)]
        n = len(last[0])
        per_cell = [statistics.median(rows[i]["s"] - rows[i]["figures"] for rows in last) for i in range(n)]
        cpu = [sum(r["cpu"] - r["figures_cpu"] for r in rows) for rows in last]
        summary[nb] = {"median_cells_s": round(statistics.median(tot), 3),
                       "median_non_figure_s": round(statistics.median(t - f for t, f in zip(tot, fig)), 3),
                       "median_non_figure_cpu_s": round(statistics.median(cpu), 3),
                       "median_figures_s": round(statistics.median(fig), 3),
                       "median_tables_s": round(statistics.median(tab), 3),
                       "median_rest_s": round(statistics.median(rest), 3),
                       "mean_cells_s": round(statistics.mean(tot), 3),
                       "median_non_figure_by_cell_s": [round(x, 3) for x in per_cell]}
    print(json.dumps({"preload_import_s": round(t_import, 2), "warm_s": round(t_warm, 2), **summary}, indent=1))
    if a.outputs:
        a.outputs.write_text(json.dumps(_OUTPUTS, ensure_ascii=False, indent=0, default=str))
    if a.json:
        a.json.write_text(json.dumps({"summary": summary, "results": results, "warm_s": t_warm}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
