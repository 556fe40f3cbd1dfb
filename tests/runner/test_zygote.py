"""The fork-server ("zygote") kernel provisioner: notebooks run through papermill in kernels forked
from a preloaded zygote; isolation, failures, timeouts, hung kernels, cleanup and fallbacks."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

from helpers.runner import zygote
from helpers.runner.zygote import ZygoteFallbackWarning, ZygoteKernelManager

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="the zygote needs fork (POSIX)")]

KERNELSPEC = {"name": "turkiye-clusters", "display_name": "Python (Türkiye clusters)", "language": "python"}


def make_nb(path: Path, *cells: str, params: str | None = None) -> Path:
    code = [new_code_cell(textwrap.dedent(c).strip()) for c in cells]
    if params is not None:
        code.insert(0, new_code_cell(params, metadata={"tags": ["parameters"]}))
    nb = new_notebook(cells=code, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


def run_nb(src: Path, out: Path | None = None, **kwargs) -> nbformat.NotebookNode:
    kwargs.setdefault("kernel_manager_class", ZygoteKernelManager)
    return papermill.execute_notebook(str(src), str(out or src.with_suffix(".out.ipynb")),
                                      progress_bar=False, start_timeout=60, **kwargs)


def stream(nb: nbformat.NotebookNode, cell: int, name: str = "stdout") -> str:
    """Text printed by the ``cell``-th code cell (papermill may insert markdown cells)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return "".join(o.get("text", "") for o in code[cell].outputs
                   if o.output_type == "stream" and o.name == name)


def state_of(pid: int) -> str | None:
    """The process's state letter (``Z`` = zombie), ``None`` if it does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def children_of(ppid: int) -> list[tuple[int, str]]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == ppid:
                out.append((int(entry.name), fields[0]))
    return out


def wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if state_of(pid) in (None, "Z"):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def zyg():
    """One zygote for the module, exported as $HELPERS_ZYGOTE_SOCKET (as the runner would)."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc")
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", zygote.ENV_SOCKET, zygote.ENV_SWITCH)}
    os.environ["MPLBACKEND"] = "agg"
    os.environ.pop(zygote.ENV_SWITCH, None)
    with zygote.use_zygote() as handle:
        assert handle is not None
        yield handle
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture()
def no_fallback():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ZygoteFallbackWarning)
        yield


def test_zygote_preloaded_without_threads(zyg):
    info = zyg.ping()
    assert info["ok"] and info["pid"] == zyg.pid
    assert not info["failed"] and not info["unsafe"]
    for mod in ("pandas", "seaborn", "matplotlib.pyplot", "pyarrow", "ipykernel.kernelapp", "helpers.plots"):
        assert mod in info["preloaded"]
    assert zygote.KERNEL_NAME == "turkiye-clusters"
    from helpers.runner import plan
    assert plan.KERNEL_NAME == zygote.KERNEL_NAME


def test_outputs_and_parameters(zyg, tmp_path, no_fallback):
    src = make_nb(tmp_path / "ok.ipynb",
                  """
                  import os
                  import pandas as pd
                  df = pd.DataFrame({"province": ["Trabzon", "Rize"], "n": [n, n * 2]})
                  print(province, int(df["n"].sum()), os.getppid(), os.getcwd())
                  """,
                  "df.shape",
                  params='province = "Gaziantep"\nn = 1')
    nb = run_nb(src, parameters={"province": "Trabzon", "n": 5}, cwd=str(tmp_path))
    name, total, ppid, cwd = stream(nb, 2).split()
    assert (name, total) == ("Trabzon", "15")
    assert int(ppid) == zyg.pid  # forked by the zygote, not started by papermill
    assert cwd == str(tmp_path)
    assert nb.cells[3].outputs[0]["data"]["text/plain"] == "(2, 2)"


def test_notebooks_do_not_share_state(zyg, tmp_path, no_fallback):
    first = make_nb(tmp_path / "first.ipynb", """
        import os
        import numpy as np
        import pandas as pd
        import helpers.plots
        leaked = "from the first notebook"
        helpers.plots.PALETTE = "mutated"
        pd.set_option("display.max_rows", 7)
        import mailbox  # not preloaded
        print(np.random.rand(), os.getpid())
        """)
    second = make_nb(tmp_path / "second.ipynb", """
        import os, sys
        import numpy as np
        import pandas as pd
        import helpers.plots
        print("leaked" in globals(), helpers.plots.PALETTE, pd.get_option("display.max_rows"),
              "mailbox" in sys.modules, np.random.rand(), os.getpid())
        """)
    r1, pid1 = stream(run_nb(first), 0).split()
    defined, palette, max_rows, csv_loaded, r2, pid2 = stream(run_nb(second), 0).split()
    assert defined == "False"
    assert palette == "crest" and max_rows == "60"
    assert csv_loaded == "False"
    assert pid1 != pid2
    assert r1 != r2  # numpy's global generator is reseeded in each kernel, as in a fresh process


def test_failing_cell_raises_and_output_shows_error(zyg, tmp_path, no_fallback):
    src = make_nb(tmp_path / "fail.ipynb", "x = 1", "raise ValueError('deliberate failure')", "print('never')")
    out = tmp_path / "fail.out.ipynb"
    with pytest.raises(PapermillExecutionError) as err:
        run_nb(src, out)
    assert err.value.ename == "ValueError" and "deliberate failure" in err.value.evalue
    saved = nbformat.read(out, as_version=4)
    errors = [o for c in saved.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0]["ename"] == "ValueError"
    assert "papermill-error-cell" in json.dumps(saved.cells[0])  # papermill's error banner
    assert not saved.cells[-1].outputs  # execution stopped at the failure


def test_execution_timeout_interrupts_a_sleeping_cell(zyg, tmp_path, no_fallback):
    src = make_nb(tmp_path / "sleep.ipynb", "import os; print(os.getpid())", "import time; time.sleep(60)")
    out = tmp_path / "sleep.out.ipynb"
    t0 = time.monotonic()
    with pytest.raises(PapermillExecutionError) as err:  # SIGINT to the forked kernel
        run_nb(src, out, execution_timeout=2, interrupt_on_timeout=True)
    assert err.value.ename == "KeyboardInterrupt"
    pid = int(stream(nbformat.read(out, as_version=4), 0))
    assert wait_gone(pid, 5)
    # without interrupt_on_timeout papermill gives up on the cell and shuts the kernel down
    from nbclient.exceptions import CellTimeoutError
    with pytest.raises(CellTimeoutError):
        run_nb(src, out, execution_timeout=2)
    pid = int(stream(nbformat.read(out, as_version=4), 0))
    assert wait_gone(pid, 5)
    assert time.monotonic() - t0 < 20
    assert not zyg.ping()["children"]


def test_hung_kernel_is_killed(zyg, no_fallback):
    async def scenario() -> int:
        km = ZygoteKernelManager(kernel_name="turkiye-clusters", shutdown_wait_time=1.0)
        await km.start_kernel()
        assert km.provisioner.forked
        pid = km.provisioner.pid
        os.kill(pid, signal.SIGSTOP)  # hung: answers nothing, not even SIGTERM
        assert await km.is_alive()
        await km.shutdown_kernel(now=False)  # shutdown request, SIGTERM, then SIGKILL
        return pid

    t0 = time.monotonic()
    pid = asyncio.run(scenario())
    assert time.monotonic() - t0 < 15
    assert wait_gone(pid, 5)
    reply = zygote.request(zyg.socket_path, {"op": "poll", "pid": pid})
    assert reply["returncode"] == -signal.SIGKILL


def test_kernel_exits_when_its_requester_dies(zyg, tmp_path):
    script = textwrap.dedent("""
        import asyncio, os
        from helpers.runner.zygote import ZygoteKernelManager
        async def main():
            km = ZygoteKernelManager(kernel_name="turkiye-clusters")
            await km.start_kernel()
            await km.client().wait_for_ready(timeout=30)
            print(km.provisioner.pid, km.provisioner.forked, flush=True)
            os._exit(0)  # die without shutting the kernel down
        asyncio.run(main())
        """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ))
    pid_s, forked = res.stdout.split()
    assert forked == "True", res.stderr
    pid = int(pid_s)
    assert wait_gone(pid, 10)
    deadline = time.monotonic() + 5
    while (rc := zygote.request(zyg.socket_path, {"op": "poll", "pid": pid})["returncode"]) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert rc == 1  # the lifeline poller's exit


def test_kernel_state_matches_a_normal_kernel(zyg, tmp_path, monkeypatch):
    probe = make_nb(tmp_path / "probe.ipynb", """
        import json, os, signal, sys, threading
        import matplotlib, matplotlib.pyplot as plt, pandas as pd
        from helpers import plots
        fig, ax = plt.subplots(); ax.plot([1, 2]); plt.close(fig)
        print(json.dumps({
            "path": [str(p) for p in sys.path], "argv": sys.argv[3:], "flags": str(sys.flags),
            "xoptions": sys._xoptions, "env": sorted(os.environ), "cwd": os.getcwd(),
            "pandas": {k: repr(pd.get_option(k)) for k in pd._config.config._registered_options},
            "rc": {k: repr(v) for k, v in matplotlib.rcParams.items()}, "backend": matplotlib.get_backend(),
            "hook": str(plt._REPL_DISPLAYHOOK), "own_group": os.getpgid(0) == os.getpid() == os.getsid(0),
            "signals": [str(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE)],
            "threads": sorted(t.name for t in threading.enumerate()),
            "post_execute": sorted(f.__name__ for f in get_ipython().events.callbacks["post_execute"]),
        }))
        """)
    forked = json.loads(stream(run_nb(probe, cwd=str(tmp_path)), 0))
    monkeypatch.delenv(zygote.ENV_SOCKET)  # a run without the zygote
    from jupyter_client.manager import AsyncKernelManager
    normal = json.loads(stream(run_nb(probe, kernel_manager_class=AsyncKernelManager, cwd=str(tmp_path)), 0))
    assert forked.keys() == normal.keys()
    for key in normal:
        assert forked[key] == normal[key], key


def test_incompatible_request_is_refused(zyg, tmp_path):
    env = dict(os.environ, CLUSTER_WORKBOOK_ROOT="/somewhere/else")  # read at import by helpers.paths
    msg = {"op": "fork", "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"],
           "env": env, "cwd": os.getcwd(), "umask": zygote._umask(), "n_io": 2, "lifeline": False}
    reply = zygote.request(zyg.socket_path, msg, [1, 2])
    assert not reply["ok"] and reply["incompatible"]
    assert "interpreter" in reply["error"] or "CLUSTER_WORKBOOK_ROOT" in reply["error"]
    prefix = zyg.info["prefix"]
    msg["argv"] = [*prefix, "-m", "ipykernel_launcher", "-f", "x.json"]
    reply = zygote.request(zyg.socket_path, msg, [1, 2])
    assert not reply["ok"] and "CLUSTER_WORKBOOK_ROOT" in reply["error"]
    msg["argv"] = [*prefix, "-m", "other_kernel", "-f", "x.json"]
    assert "not an `ipykernel_launcher` command" in zygote.request(zyg.socket_path, msg, [1, 2])["error"]
    (tmp_path / "matplotlibrc").write_text("figure.dpi: 300\n")  # read by matplotlib at import
    msg.update(argv=[*prefix, "-m", "ipykernel_launcher", "-f", "x.json"], env=dict(os.environ), cwd=str(tmp_path))
    assert "matplotlibrc" in zygote.request(zyg.socket_path, msg, [1, 2])["error"]


def test_stop_leaves_no_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "agg")
    handle = zygote.start_zygote(preload=[])
    monkeypatch.setenv(zygote.ENV_SOCKET, handle.socket_path)
    src = make_nb(tmp_path / "done.ipynb", "import os; print(os.getpid())")
    done = int(stream(run_nb(src), 0))

    async def leave_running() -> int:
        km = ZygoteKernelManager(kernel_name="turkiye-clusters")
        await km.start_kernel()
        assert km.provisioner.forked
        return km.provisioner.pid

    running = asyncio.run(leave_running())  # a kernel nobody shut down
    assert state_of(running) not in (None, "Z")
    zygote.stop_zygote(handle)
    assert handle.process.returncode is not None  # the zygote itself is reaped
    assert state_of(running) is None and state_of(done) is None  # no kernel, no zombie
    assert not [c for c in children_of(handle.pid)]
    assert not [c for c in children_of(os.getpid()) if c[1] == "Z"]
    assert not Path(handle.socket_path).exists()


def test_falls_back_when_the_zygote_was_killed(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "agg")
    handle = zygote.start_zygote(preload=[])
    monkeypatch.setenv(zygote.ENV_SOCKET, handle.socket_path)
    os.kill(handle.pid, signal.SIGKILL)
    handle.process.wait()
    src = make_nb(tmp_path / "fb.ipynb", "import os; print(os.getppid())")
    with pytest.warns(ZygoteFallbackWarning, match="starting the kernel normally"):
        nb = run_nb(src)
    assert int(stream(nb, 0)) == os.getpid()  # a normal kernel, started by this process
    zygote.stop_zygote(handle)
    assert not [c for c in children_of(os.getpid()) if c[1] == "Z"]


def test_switch_off(monkeypatch):
    monkeypatch.setenv(zygote.ENV_SWITCH, "off")
    assert not zygote.enabled()
    with zygote.use_zygote() as handle:
        assert handle is None
    from jupyter_client.provisioning import LocalProvisioner
    km = ZygoteKernelManager(kernel_name="turkiye-clusters", zygote_socket="/nonexistent.sock")
    asyncio.run(km._async_pre_start_kernel())
    assert type(km.provisioner) is LocalProvisioner
    km.cleanup_connection_file()


def test_zygote_exits_with_its_starter(tmp_path):
    script = textwrap.dedent("""
        import os
        from helpers.runner import zygote
        handle = zygote.start_zygote(preload=[])
        print(handle.pid, handle.tmpdir, flush=True)
        os._exit(0)  # the starter dies without stopping it
        """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid_s, tmpdir = res.stdout.split()
    assert wait_gone(int(pid_s), 10), "the zygote outlived the process that started it"
    assert not (Path(tmpdir) / "zygote.sock").exists()
    Path(tmpdir).rmdir()


def _in_worker(src: str) -> tuple[int, int, str]:
    nb = run_nb(Path(src))
    return int(stream(nb, 0)), os.getpid(), os.environ[zygote.ENV_SOCKET]


def test_one_zygote_per_pool_worker(tmp_path, monkeypatch):
    import concurrent.futures as cf
    import multiprocessing

    monkeypatch.delenv(zygote.ENV_SOCKET, raising=False)
    monkeypatch.setenv("MPLBACKEND", "agg")
    src = make_nb(tmp_path / "w.ipynb", "import os; print(os.getppid())")
    with cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                initializer=zygote.init_worker, initargs=([],)) as pool:
        kernel_parent, worker, sock = pool.submit(_in_worker, str(src)).result(timeout=60)
        info = zygote.request(sock, {"op": "ping"})
        assert kernel_parent == info["pid"] != worker  # the kernel came from the worker's zygote
        assert [pid for pid, _ in children_of(worker)] == [info["pid"]]  # kernels are the zygote's
    assert wait_gone(info["pid"], 10)  # stopped with the worker
    assert not Path(sock).exists()


def test_every_preloaded_module_imports():
    """A renamed module left in the preload list only warns at run time (the zygote falls back);
    here it fails."""
    import importlib

    for name in zygote.DEFAULT_PRELOAD:
        importlib.import_module(name)
