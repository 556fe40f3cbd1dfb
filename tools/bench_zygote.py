"""Per-notebook cost of a fresh kernel vs a kernel forked from the zygote (helpers.runner.zygote).

    python tools/bench_zygote.py [-n 20] [--json out.json]

N small notebooks (a parameters cell + ``import pandas, seaborn`` + a tiny computation) run one
after the other through papermill, first with nbclient's normal kernel manager, then with
``ZygoteKernelManager`` (one zygote for the batch, its start-up reported separately and included
in the CPU figure). Wall seconds per notebook (mean, median), CPU seconds per notebook (this process
plus every kernel, and the zygote with its preload), and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("MPLBACKEND", "agg")

import nbformat  # noqa: E402
import papermill  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

from helpers.runner import zygote  # noqa: E402

KERNELSPEC = {"name": zygote.KERNEL_NAME, "display_name": "Python (Türkiye clusters)", "language": "python"}


def make_notebook(path: Path) -> Path:
    cells = [new_code_cell('province = "Gaziantep"\nyear = 2013', metadata={"tags": ["parameters"]}),
             new_code_cell("import pandas, seaborn"),
             new_code_cell("pandas.DataFrame({'province': [province], 'year': [year]}).shape")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_batch(src: Path, out_dir: Path, n: int, **kwargs) -> list[float]:
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        papermill.execute_notebook(str(src), str(out_dir / f"out-{i}.ipynb"), progress_bar=False,
                                   parameters={"province": f"P{i}", "year": 2000 + i}, **kwargs)
        times.append(time.perf_counter() - t0)
    return times


def summary(name: str, times: list[float], cpu_s: float) -> dict:
    n = len(times)
    row = {"mode": name, "n": n, "wall_mean_s": statistics.mean(times), "wall_median_s": statistics.median(times),
           "wall_total_s": sum(times), "cpu_per_notebook_s": cpu_s / n}
    print(f"{name:<8} n={n}  wall/notebook mean {row['wall_mean_s']:.3f} s  median {row['wall_median_s']:.3f} s"
          f"  total {row['wall_total_s']:.1f} s  CPU/notebook {row['cpu_per_notebook_s']:.3f} s")
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=20, help="notebooks per mode (default 20)")
    p.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    args = p.parse_args(argv)
    warnings.simplefilter("error", zygote.ZygoteFallbackWarning)  # a silent fallback would fake the result

    with tempfile.TemporaryDirectory(prefix="bench-zygote-") as tmp:
        tmp_path = Path(tmp)
        src = make_notebook(tmp_path / "bench.ipynb")
        run_batch(src, tmp_path, 1)  # warm the file cache and this process's imports

        c0 = cpu()
        normal = summary("normal", run_batch(src, tmp_path, args.n), cpu() - c0)

        c0 = cpu()
        t0 = time.perf_counter()
        handle = zygote.start_zygote()
        startup = time.perf_counter() - t0
        try:
            os.environ[zygote.ENV_SOCKET] = handle.socket_path
            times = run_batch(src, tmp_path, args.n, kernel_manager_class=zygote.ZygoteKernelManager)
        finally:
            os.environ.pop(zygote.ENV_SOCKET, None)
            zygote.stop_zygote(handle)  # reaped: the zygote's and its kernels' CPU is counted below
        forked = summary("zygote", times, cpu() - c0)
        print(f"zygote start-up (preload, once per run): {startup:.2f} s wall, "
              f"preload {handle.info.get('preload_seconds', float('nan')):.2f} s")

    ratio_wall = normal["wall_mean_s"] / forked["wall_mean_s"]
    ratio_cpu = normal["cpu_per_notebook_s"] / forked["cpu_per_notebook_s"]
    print(f"ratio normal/zygote: wall {ratio_wall:.2f}x, CPU {ratio_cpu:.2f}x "
          f"({os.cpu_count()} cores, python {sys.version.split()[0]})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"normal": normal, "zygote": forked, "zygote_startup_s": startup,
                                         "ratio_wall": ratio_wall, "ratio_cpu": ratio_cpu}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
