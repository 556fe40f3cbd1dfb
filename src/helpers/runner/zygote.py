"""Fork-server ("zygote") kernels: start each notebook's kernel by forking a process that has
already imported the heavy modules, instead of starting a new interpreter.

Starting a fresh ``ipykernel`` and importing pandas, seaborn, matplotlib and the workbook's helpers
costs 1.3-2 s of CPU per notebook. A zygote pays it once per report run: a long-lived process
imports a fixed module set (no zmq context, no event loop, no Python threads), listens on a Unix
socket, and for each kernel request forks a child that becomes the kernel (``IPKernelApp`` with the
given connection file, as ``python -m ipykernel_launcher -f <file>`` would). Each notebook still
gets its own process (copy-on-write memory, nothing shared after the fork), so runs stay isolated;
the preloaded module set is fixed for the run, so runs stay reproducible. See ``docs/zygote.md``.

Use from the runner (the zygote is optional: without one the manager starts kernels normally)::

    from helpers.runner import zygote

    with zygote.use_zygote():                     # one zygote per run; exports its socket path
        papermill.execute_notebook(..., kernel_manager_class=zygote.ZygoteKernelManager)

A worker pool started inside ``use_zygote()`` inherits the socket path (environment variable
:data:`ENV_SOCKET`); :func:`init_worker` starts one zygote per worker process instead. Anything
unusual (no zygote, a dead one, a kernelspec or environment it was not built for) falls back to
the normal kernel start with a :class:`ZygoteFallbackWarning`: the optimisation never fails a report.
``HELPERS_ZYGOTE=off`` turns it off. POSIX only.
"""

from __future__ import annotations

import array
import contextlib
import io
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Float, Unicode, default

KERNEL_NAME = "turkiye-clusters"
"""The workbook's kernelspec (:data:`helpers.runner.plan.KERNEL_NAME`, not imported: that pulls papermill)."""
ENV_SOCKET = "HELPERS_ZYGOTE_SOCKET"
"""Path of the zygote's Unix socket; :class:`ZygoteKernelManager` uses the zygote it names."""
ENV_SWITCH = "HELPERS_ZYGOTE"
"""``off`` / ``0`` / ``false`` / ``no``: never start or use a zygote (kernels start normally)."""

BASE_PRELOAD: tuple[str, ...] = (
    # the kernel itself (no sockets, contexts or threads are created by importing these)
    "IPython", "zmq", "tornado.ioloop", "jupyter_client.session", "ipykernel.kernelapp",
    "ipykernel.ipkernel", "ipykernel.zmqshell",
    # the scientific stack
    "numpy", "pyarrow", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn",
)
WORKBOOK_PRELOAD: tuple[str, ...] = (
    # what the three report notebooks import; none of them reads data at import time
    "helpers.plots", "helpers.datasets", "helpers.report", "helpers.provinces", "helpers.pipeline",
    "helpers.quality", "helpers.narrative", "helpers.profile", "helpers.sectors", "helpers.criteria",
    "helpers.evaluation", "helpers.sources.geo", "helpers.basis", "helpers.narrative.exports", "helpers.parameters",
    "helpers.shocks", "helpers.memo", "helpers.sections", "helpers.plausibility", "helpers.sector_views",
    "helpers.consultation", "helpers.scenario_tables", "helpers.robustness_view", "helpers.criteria.scores_file",
    "helpers.follow_up",
)
DEFAULT_PRELOAD: tuple[str, ...] = BASE_PRELOAD + WORKBOOK_PRELOAD

SENSITIVE_ENV_PREFIXES: tuple[str, ...] = (
    "PYTHON", "MPL", "OMP_", "OPENBLAS_", "GOTO_", "MKL_", "BLIS_", "VECLIB_", "NUMEXPR_", "ARROW_",
    "PANDAS_", "JEMALLOC", "MIMALLOC_", "MALLOC_", "LD_", "LC_", "XDG_", "CLUSTER_WORKBOOK_",
)
SENSITIVE_ENV_NAMES: frozenset[str] = frozenset({"LANG", "LANGUAGE", "HOME", "TMPDIR", "TMP", "TEMP"})
"""Variables read when an interpreter starts or a preloaded module is imported (thread counts,
backend, locale, the workbook root, ...). A kernel request whose value differs from the zygote's
falls back to a normal start; other variables are simply applied in the child."""

UNKNOWN_EXIT = -255
"""Exit status reported for a kernel whose zygote died before telling us the real one."""

_LAUNCHER = "ipykernel_launcher"
_MAX_MSG = 16 << 20


class ZygoteError(RuntimeError):
    """The zygote could not be started or did not answer."""


class ZygoteFallbackWarning(RuntimeWarning):
    """A kernel was started normally because the zygote could not be used."""


def enabled() -> bool:
    """False when ``HELPERS_ZYGOTE`` turns the zygote off (or on a platform without ``fork``)."""
    flag = os.environ.get(ENV_SWITCH, "").strip().lower()
    return flag not in {"0", "off", "false", "no"} and hasattr(os, "fork") and hasattr(socket, "AF_UNIX")


# ---------------------------------------------------------------------------------------------
# Wire protocol: one request per connection over a Unix stream socket; a 4-byte length, a JSON
# object, and file descriptors (SCM_RIGHTS) attached to the first byte.


def _send(sock: socket.socket, obj: dict[str, Any], fds: Sequence[int] = ()) -> None:
    payload = json.dumps(obj).encode()
    data = struct.pack("!I", len(payload)) + payload
    anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
    sent = sock.sendmsg([data], anc)
    if sent < len(data):
        sock.sendall(data[sent:])


def _recv(sock: socket.socket, maxfds: int = 0) -> tuple[dict[str, Any], list[int]]:
    fds: list[int] = []
    buf = b""
    if maxfds:
        buf, fds, flags, _ = socket.recv_fds(sock, 65536, maxfds)
        if flags & getattr(socket, "MSG_CTRUNC", 0):
            _close_all(fds)
            raise ZygoteError("too many file descriptors in request")
    try:
        while len(buf) < 4 or len(buf) < 4 + struct.unpack("!I", buf[:4])[0]:
            if len(buf) >= 4 and struct.unpack("!I", buf[:4])[0] > _MAX_MSG:
                raise ZygoteError("message too large")
            chunk = sock.recv(65536)
            if not chunk:
                raise ZygoteError("connection closed mid-message")
            buf += chunk
        n = struct.unpack("!I", buf[:4])[0]
        return json.loads(buf[4:4 + n]), fds
    except BaseException:
        _close_all(fds)
        raise


def _close_all(fds: Iterable[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def request(socket_path: str, obj: dict[str, Any], fds: Sequence[int] = (), timeout: float = 10.0) -> dict:
    """Send one request to the zygote at ``socket_path`` and return its reply (raises ZygoteError)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(socket_path)
            _send(s, obj, fds)
            reply, _ = _recv(s)
    except (OSError, ValueError) as exc:
        raise ZygoteError(f"zygote at {socket_path} did not answer: {type(exc).__name__}: {exc}") from exc
    return reply


def _umask() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sensitive(name: str) -> bool:
    return name in SENSITIVE_ENV_NAMES or name.startswith(SENSITIVE_ENV_PREFIXES)


def _launcher_index(argv: Sequence[str]) -> int:
    """Index of ``-m`` in ``[python, *options, -m, ipykernel_launcher, *args]``; -1 if not that shape."""
    for i in range(1, len(argv) - 1):
        if argv[i] == "-m":
            return i if argv[i + 1] == _LAUNCHER else -1
        if not argv[i].startswith("-"):
            return -1
    return -1


# ---------------------------------------------------------------------------------------------
# The zygote process (``python [options] -m helpers.runner.zygote --socket P --preload JSON``).


class _KernelShellStandIn:
    """What ``get_ipython()`` returns to modules imported during the preload: they are imported
    for kernels, so import-time "am I in a Jupyter kernel?" probes must answer as they would in one
    (e.g. pandas sets ``display.max_columns`` to 20 in a kernel and 0 in a terminal)."""

    kernel = None
    config: dict[str, Any] = {"IPKernelApp": {}}


class _Zygote:
    def __init__(self, socket_path: str, preload: Sequence[str]) -> None:
        self.socket_path = socket_path
        self.preload_names = list(preload)
        self.env = dict(os.environ)  # before any import: what the preloaded modules saw
        self.umask = _umask()
        self.cwd = os.getcwd()
        self.argv = list(sys.orig_argv)
        self.prefix = self.argv[: self.argv.index("-m")] if "-m" in self.argv else [sys.executable]
        self.stop = False
        self.children: dict[int, float] = {}  # running child pid -> start time
        self.exited: dict[int, int] = {}  # reaped child pid -> Popen-style returncode
        self.preloaded: list[str] = []
        self.failed: dict[str, str] = {}
        self.unsafe = ""
        self.listener: socket.socket | None = None
        self.control_fd = 0  # stdin: a pipe from the starter; EOF = the starter is gone
        self.ppid = os.getppid()

    # -- startup ---------------------------------------------------------------------------
    def preload(self) -> None:
        import builtins
        import importlib
        import threading

        t0 = time.perf_counter()
        had = hasattr(builtins, "get_ipython")
        if not had:
            builtins.get_ipython = _KernelShellStandIn  # type: ignore[attr-defined]
        # a kernel's sys.stdout/stderr report encoding "UTF-8" (pandas reads it at import for
        # display.encoding); the stand-ins write to the zygote's stderr
        saved_streams = sys.stdout, sys.stderr
        stand_in = io.TextIOWrapper(open(os.dup(2), "wb"), encoding="UTF-8",  # noqa: SIM115
                                    errors="backslashreplace", line_buffering=True)
        sys.stdout = sys.stderr = stand_in
        try:
            for name in self.preload_names:
                try:
                    importlib.import_module(name)
                    self.preloaded.append(name)
                except BaseException as exc:  # noqa: BLE001 - a preload failure only loses speed
                    self.failed[name] = f"{type(exc).__name__}: {exc}"
        finally:
            sys.stdout, sys.stderr = saved_streams
            with contextlib.suppress(Exception):
                stand_in.close()
            if not had:
                del builtins.get_ipython  # type: ignore[attr-defined]
        self.preload_seconds = time.perf_counter() - t0
        deadline = time.monotonic() + 2.0  # let short-lived threads end (matplotlib's cancelled
        for t in threading.enumerate():  # "building the font cache" Timer when it builds one)
            if t is not threading.main_thread():
                t.join(timeout=max(0.0, deadline - time.monotonic()))
        if threading.active_count() > 1:
            names = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
            self.unsafe = f"Python threads running after the preload: {names}"
        import gc

        gc.collect()
        gc.freeze()  # preloaded objects: never scanned by the children's GC (fewer copied pages)

    def listen(self) -> None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(self.socket_path)
        os.chmod(self.socket_path, 0o600)
        s.listen(64)
        self.listener = s

    def info(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "preloaded": self.preloaded, "failed": self.failed,
                "preload_seconds": round(self.preload_seconds, 3), "unsafe": self.unsafe,
                "native_threads": _thread_names(), "prefix": self.prefix,
                "children": sorted(self.children)}

    # -- main loop ---------------------------------------------------------------------------
    def serve(self) -> None:
        assert self.listener is not None
        while not self.stop:
            try:
                ready, _, _ = select.select([self.listener, self.control_fd], [], [], 0.2)
            except InterruptedError:
                ready = []
            self.reap()
            if os.getppid() != self.ppid:
                break  # the starter died (and the control pipe is held open by someone else)
            if self.control_fd in ready and not os.read(self.control_fd, 4096):
                break
            if self.listener in ready:
                try:
                    conn, _ = self.listener.accept()
                except OSError:
                    continue
                with conn:
                    self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(5.0)
        fds: list[int] = []
        try:
            req, fds = _recv(conn, maxfds=8)
            op = req.get("op")
            if op == "fork":
                reply = self.fork(req, fds, conn)
            elif op == "poll":
                self.reap()
                pid = int(req["pid"])
                if pid in self.children:
                    reply = {"ok": True, "returncode": None}
                elif pid in self.exited:
                    reply = {"ok": True, "returncode": self.exited[pid]}
                else:
                    reply = {"ok": False, "error": f"pid {pid} is not a child of this zygote"}
            elif op == "ping":
                reply = {"ok": True, **self.info()}
            elif op == "stop":
                self.stop = True
                reply = {"ok": True}
            else:
                reply = {"ok": False, "error": f"unknown op {op!r}"}
            _send(conn, reply)
        except Exception as exc:  # noqa: BLE001 - one bad request never stops the zygote
            with contextlib.suppress(Exception):
                _send(conn, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        finally:
            _close_all(fds)

    def incompatible(self, req: dict[str, Any]) -> str:
        if self.unsafe:
            return f"unsafe to fork ({self.unsafe})"
        argv = req["argv"]
        i = _launcher_index(argv)
        if i < 0:
            return f"not an `{_LAUNCHER}` command: {argv[:4]}"
        exe = shutil.which(argv[0], path=req["env"].get("PATH")) or argv[0]
        if os.path.abspath(exe) != os.path.abspath(self.prefix[0]) or argv[1:i] != self.prefix[1:]:
            return f"interpreter {argv[:i]} differs from the zygote's {self.prefix}"
        keys = {k for k in set(self.env) | set(req["env"]) if _sensitive(k)}
        diff = sorted(k for k in keys if self.env.get(k) != req["env"].get(k))
        if diff:
            return f"environment differs from the zygote's in {', '.join(diff)}"
        if req.get("umask") is not None and int(req["umask"]) != self.umask:
            return f"umask {int(req['umask']):03o} differs from the zygote's {self.umask:03o}"
        cwd = req["cwd"]
        if os.path.realpath(cwd) != os.path.realpath(self.cwd) and any(
                os.path.exists(os.path.join(d, "matplotlibrc")) for d in (cwd, self.cwd)):
            return "a matplotlibrc in the working directory (matplotlib reads it at import)"
        return ""

    def fork(self, req: dict[str, Any], fds: list[int], conn: socket.socket) -> dict[str, Any]:
        why = self.incompatible(req)
        if why:
            return {"ok": False, "incompatible": True, "error": why}
        n_io = int(req.get("n_io", 2))
        if len(fds) != n_io + (1 if req.get("lifeline") else 0):
            return {"ok": False, "error": f"expected {n_io} stdio descriptors, got {len(fds)}"}
        sync_r, sync_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():  # restored in the child too: both leave this block
            # Python >= 3.12 warns about fork() with native threads alive: OpenBLAS's and jemalloc's
            # here, both fork-safe through their pthread_atfork handlers (docs/zygote.md)
            warnings.filterwarnings("ignore", message=r".*fork\(\) may lead to deadlocks",
                                    category=DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the kernel-to-be; never returns
            os.close(sync_r)
            _child(self, conn, req, fds, sync_w)
        os.close(sync_w)
        self.children[pid] = time.time()
        try:
            ready, _, _ = select.select([sync_r], [], [], 10.0)
            ok = bool(ready) and os.read(sync_r, 1) == b"1"
        finally:
            os.close(sync_r)
        if not ok:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            return {"ok": False, "error": "the forked child died during its setup"}
        return {"ok": True, "pid": pid}

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.pop(pid, None)
            self.exited[pid] = os.waitstatus_to_exitcode(status)
            while len(self.exited) > 4096:
                self.exited.pop(next(iter(self.exited)))

    def shutdown(self, grace: float = 3.0) -> None:
        """Stop listening; terminate the kernels still running (their runs are over) and reap all."""
        if self.listener is not None:
            self.listener.close()
        with contextlib.suppress(OSError):
            os.unlink(self.socket_path)
        self.reap()
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            for pid in list(self.children):
                with contextlib.suppress(OSError):
                    os.killpg(pid, sig)
                with contextlib.suppress(OSError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + wait
            while self.children and time.monotonic() < deadline:
                time.sleep(0.02)
                self.reap()
            if not self.children:
                break


def _thread_names() -> list[str]:
    try:
        tasks = sorted(os.listdir("/proc/self/task"))
    except OSError:
        return []
    names = []
    for t in tasks:
        with contextlib.suppress(OSError), open(f"/proc/self/task/{t}/comm") as fh:
            names.append(fh.read().strip())
    return names


def _child(z: _Zygote, conn: socket.socket, req: dict[str, Any], fds: list[int], sync_w: int) -> None:
    """In the forked child: become the kernel described by ``req``, then exit (never returns)."""
    code = 1
    try:
        conn.close()
        if z.listener is not None:
            z.listener.close()
        with contextlib.suppress(OSError):
            os.close(z.control_fd)
        os.setsid()  # own session and process group, as jupyter_client's launcher does
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a fresh interpreter's
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        os.write(sync_w, b"1")
        os.close(sync_w)

        n_io = int(req.get("n_io", 2))
        stdout_fd, stderr_fd = fds[0], fds[1]
        lifeline = fds[n_io] if req.get("lifeline") else None
        stdin_r, stdin_w = os.pipe()  # what the launcher gives kernels: a pipe already closed
        os.close(stdin_w)
        os.dup2(stdin_r, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        _close_all({stdin_r, stdout_fd, stderr_fd} - {0, 1, 2})

        os.environ.clear()
        os.environ.update(req["env"])
        time.tzset()
        os.chdir(req["cwd"])
        argv = list(req["argv"])
        i = _launcher_index(argv)
        kernel_args = argv[i + 2:]
        import importlib.util

        spec = importlib.util.find_spec(_LAUNCHER)
        sys.argv = [spec.origin if spec and spec.origin else _LAUNCHER, *kernel_args]
        sys.orig_argv = argv
        npr = sys.modules.get("numpy.random")
        if npr is not None:
            npr.seed()  # the legacy global generator would otherwise be the zygote's, in every child
        code = _run_kernel(kernel_args, lifeline)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - report, then exit
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _lifeline_poller(fd: int) -> Any:
    """The kernel's parent poller: ipykernel's watches the process parent, which is the zygote here,
    so this one exits when the requesting process dies (its end of the lifeline pipe closes)."""
    import threading

    class LifelinePoller(threading.Thread):
        def __init__(self) -> None:
            super().__init__(daemon=True)

        def run(self) -> None:
            try:
                while os.read(fd, 64):
                    pass
            except OSError:
                pass
            os._exit(1)

    return LifelinePoller()


def _run_kernel(kernel_args: list[str], lifeline: int | None) -> int:
    import atexit
    import threading

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))

    def init_poller() -> None:  # same place in the start sequence as ipykernel's own
        app.poller = _lifeline_poller(lifeline) if lifeline is not None else None

    app.init_poller = init_poller  # type: ignore[method-assign]
    app.initialize(kernel_args)
    _after_kernel_init()
    app.start()
    with contextlib.suppress(Exception):
        threading._shutdown()  # type: ignore[attr-defined]  # what interpreter exit does first
    atexit._run_exitfuncs()
    return 0


def _after_kernel_init() -> None:
    """Redo what preloaded modules decided at import time without a shell to look at."""
    plt = sys.modules.get("matplotlib.pyplot")
    hook = getattr(plt, "_ReplDisplayHook", None)
    if plt is not None and hook is not None and getattr(plt, "_REPL_DISPLAYHOOK", None) is hook.PLAIN:
        # the backend was resolved during the preload, before IPython existed: hook into the shell
        # as pyplot does when the first figure is made in a fresh kernel
        plt._REPL_DISPLAYHOOK = hook.NONE
        with contextlib.suppress(Exception):
            plt.install_repl_displayhook()


def _zygote_main(argv: Sequence[str] | None = None) -> int:
    import argparse

    # ipykernel_launcher drops the working directory from sys.path before importing anything
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    p = argparse.ArgumentParser(prog="helpers.runner.zygote")
    p.add_argument("--socket", required=True)
    p.add_argument("--preload", default=json.dumps(list(DEFAULT_PRELOAD)))
    args = p.parse_args(argv)

    z = _Zygote(args.socket, json.loads(args.preload))

    def on_term(signum: int, frame: Any) -> None:
        z.stop = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # own session anyway; the starter stops us
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        z.preload()
        z.listen()
        out = os.fdopen(os.dup(1), "w")
        out.write(json.dumps({"ready": True, **z.info()}) + "\n")
        out.close()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)  # the starter stops reading; children get the requester's stdout anyway
        os.close(null)
        z.serve()
    finally:
        z.shutdown()
    return 0


# ---------------------------------------------------------------------------------------------
# Starting and stopping a zygote.


@dataclass
class ZygoteHandle:
    """A running zygote: its process, socket path and what it preloaded (``info``)."""

    process: subprocess.Popen
    socket_path: str
    tmpdir: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def ping(self, timeout: float = 5.0) -> dict[str, Any]:
        return request(self.socket_path, {"op": "ping"}, timeout=timeout)

    def stop(self, timeout: float = 10.0) -> None:
        stop_zygote(self, timeout=timeout)

    def __enter__(self) -> ZygoteHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _kernel_prefix(kernel_name: str | None) -> tuple[list[str], dict[str, str]]:
    """Interpreter and options of the kernelspec (``[python, -X..]`` before ``-m ipykernel_launcher``)
    and its ``env`` stanza; a zygote started with them forks kernels identical to the spec's."""
    if kernel_name is None:
        return [sys.executable], {}
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    argv = [os.path.expanduser(a) for a in spec.argv]
    i = _launcher_index(argv)
    if i < 0:
        raise ZygoteError(f"kernelspec {kernel_name!r} does not run `-m {_LAUNCHER}`: {spec.argv}")
    exe = shutil.which(argv[0]) or argv[0]
    return [exe, *argv[1:i]], dict(spec.env or {})


def start_zygote(preload: Iterable[str] | None = None, *, kernel_name: str | None = KERNEL_NAME,
                 mplbackend: str | None = "agg", env: dict[str, str] | None = None,
                 cwd: str | os.PathLike | None = None, log: str | os.PathLike | None = None,
                 ready_timeout: float = 120.0) -> ZygoteHandle:
    """Start a zygote and wait until it has preloaded and listens; returns its handle.

    ``preload``: extra modules on top of :data:`BASE_PRELOAD` (``None``: :data:`WORKBOOK_PRELOAD`).
    ``kernel_name``: the kernelspec whose interpreter (and options such as ``-Xfrozen_modules=off``)
    the zygote runs with; requests for other interpreters fall back to a normal start.
    ``mplbackend``: ``MPLBACKEND`` for the zygote when the environment sets none (the runner's
    kernels run with ``agg``). ``env``: the zygote's environment (default: this process's).
    ``cwd``: the zygote's working directory (default: its private temporary folder; a kernel gets
    the working directory it asks for). ``log``: file for the zygote's own stderr (default: inherited).
    """
    from string import Template

    extra = WORKBOOK_PRELOAD if preload is None else tuple(preload)
    modules = list(dict.fromkeys(BASE_PRELOAD + tuple(extra)))
    prefix, spec_env = _kernel_prefix(kernel_name)
    zenv = dict(os.environ if env is None else env)
    zenv.pop(ENV_SOCKET, None)
    zenv.update({k: Template(v).safe_substitute(zenv) for k, v in spec_env.items()})
    if mplbackend and not zenv.get("MPLBACKEND"):
        zenv["MPLBACKEND"] = mplbackend
    tmpdir = tempfile.mkdtemp(prefix="zygote-")
    sock = os.path.join(tmpdir, "zygote.sock")
    cmd = [*prefix, "-m", "helpers.runner.zygote", "--socket", sock, "--preload", json.dumps(modules)]
    stderr = open(log, "ab") if log is not None else None  # noqa: SIM115 - handed to the child
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                                env=zenv, cwd=tmpdir if cwd is None else cwd, start_new_session=True,
                                close_fds=True)
    except OSError as exc:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise ZygoteError(f"could not start the zygote: {exc}") from exc
    finally:
        if stderr is not None:
            stderr.close()
    handle = ZygoteHandle(proc, sock, tmpdir)
    assert proc.stdout is not None
    deadline = time.monotonic() + ready_timeout
    line = b""
    try:
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([proc.stdout], [], [], max(left, 0))
            if not ready:
                raise ZygoteError(f"the zygote was not ready after {ready_timeout:.0f} s")
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise ZygoteError(f"the zygote exited during its preload (status {proc.wait()})")
            line += chunk
        handle.info = json.loads(line)
    except BaseException:
        stop_zygote(handle, timeout=2.0)
        raise
    finally:
        proc.stdout.close()
    if handle.info.get("failed"):
        warnings.warn(f"zygote: could not preload {handle.info['failed']}", ZygoteFallbackWarning,
                      stacklevel=2)
    return handle


def stop_zygote(handle: ZygoteHandle, timeout: float = 10.0) -> None:
    """Stop the zygote: it terminates any kernel of its still running, reaps them all and exits."""
    proc = handle.process
    if proc.poll() is None:
        with contextlib.suppress(ZygoteError):
            request(handle.socket_path, {"op": "stop"}, timeout=2.0)
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()  # EOF on its control pipe: stops it even if the socket is gone
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        proc.wait()
    shutil.rmtree(handle.tmpdir, ignore_errors=True)


@contextlib.contextmanager
def zygote(preload: Iterable[str] | None = None, **kwargs: Any) -> Iterator[ZygoteHandle]:
    """``with zygote() as z:`` start a zygote, stop it at the end (does not export it)."""
    handle = start_zygote(preload, **kwargs)
    try:
        yield handle
    finally:
        stop_zygote(handle)


@contextlib.contextmanager
def use_zygote(preload: Iterable[str] | None = None, **kwargs: Any) -> Iterator[ZygoteHandle | None]:
    """Start a zygote for the duration and export its socket (:data:`ENV_SOCKET`) so every
    :class:`ZygoteKernelManager` in this process, and in worker processes started inside the block,
    uses it. Yields ``None`` (kernels start normally) when turned off or when it cannot start."""
    if not enabled():
        yield None
        return
    saved_backend = os.environ.get("MPLBACKEND")
    backend = kwargs.get("mplbackend", "agg")
    if backend:
        os.environ.setdefault("MPLBACKEND", backend)  # the kernels' backend must be the zygote's
    try:
        handle = start_zygote(preload, **kwargs)
    except (ZygoteError, OSError, KeyError, ValueError) as exc:
        warnings.warn(f"zygote not started ({exc}); kernels start normally", ZygoteFallbackWarning,
                      stacklevel=3)
        _restore("MPLBACKEND", saved_backend)
        yield None
        return
    previous = os.environ.get(ENV_SOCKET)
    os.environ[ENV_SOCKET] = handle.socket_path
    try:
        yield handle
    finally:
        _restore(ENV_SOCKET, previous)
        _restore("MPLBACKEND", saved_backend)
        stop_zygote(handle)


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


_WORKER_HANDLE: ZygoteHandle | None = None


def init_worker(preload: Iterable[str] | None = None, **kwargs: Any) -> ZygoteHandle | None:
    """Process-pool initializer: one zygote for this worker process, exported through
    :data:`ENV_SOCKET` and stopped when the worker exits (and, failing that, when the worker dies:
    the zygote watches its control pipe). Safe to call twice; returns ``None`` when turned off."""
    global _WORKER_HANDLE
    if _WORKER_HANDLE is not None and _WORKER_HANDLE.alive():
        return _WORKER_HANDLE
    backend = kwargs.get("mplbackend", "agg")
    if backend:
        os.environ.setdefault("MPLBACKEND", backend)  # as the runner's workers do; must match the zygote's
    if not enabled():
        return None
    try:
        handle = start_zygote(preload, **kwargs)
    except (ZygoteError, OSError, KeyError, ValueError) as exc:
        warnings.warn(f"zygote not started ({exc}); kernels start normally", ZygoteFallbackWarning,
                      stacklevel=2)
        return None
    _WORKER_HANDLE = handle
    os.environ[ENV_SOCKET] = handle.socket_path
    import atexit
    from multiprocessing import util

    util.Finalize(handle, stop_zygote, args=(handle,), exitpriority=10)  # pool workers skip atexit
    atexit.register(stop_zygote, handle)
    return handle


# ---------------------------------------------------------------------------------------------
# The requesting side: a Popen look-alike for the forked kernel, the provisioner, the manager.


class ZygoteProcess:
    """The parts of :class:`subprocess.Popen` that jupyter_client's provisioner uses, for a kernel
    forked by the zygote (our process is not its parent, so exit statuses come from the zygote)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, socket_path: str, lifeline: int | None) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.socket_path = socket_path
        self._lifeline = lifeline
        self._last_signal = 0
        self._pidfd: int | None = None
        if hasattr(os, "pidfd_open"):
            with contextlib.suppress(OSError):
                self._pidfd = os.pidfd_open(pid)

    def _gone(self) -> bool:
        if self._pidfd is not None:
            return bool(select.select([self._pidfd], [], [], 0)[0])
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._pidfd is not None and not self._gone():
            return None
        try:
            reply = request(self.socket_path, {"op": "poll", "pid": self.pid}, timeout=5.0)
        except ZygoteError:
            reply = {"ok": False}
        if reply.get("ok"):
            if reply.get("returncode") is None:
                return None
            self.returncode = int(reply["returncode"])
        elif self._gone():  # zygote gone: init reaped the kernel, its status is lost
            self.returncode = -self._last_signal if self._last_signal else UNKNOWN_EXIT
        else:
            return None
        self.release()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (rc := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(["zygote-kernel", str(self.pid)], timeout or 0)
            time.sleep(0.02)
        return rc

    def send_signal(self, sig: int) -> None:
        if self.poll() is not None:
            return
        self._last_signal = int(sig)
        try:
            if self._pidfd is not None and hasattr(signal, "pidfd_send_signal"):
                signal.pidfd_send_signal(self._pidfd, sig)
            else:
                os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def release(self) -> None:
        """Close our handles (closing the lifeline makes a still running kernel exit)."""
        for attr in ("_pidfd", "_lifeline"):
            fd = getattr(self, attr)
            setattr(self, attr, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def __del__(self) -> None:
        self.release()


class _Unavailable(Exception):
    pass


class ZygoteProvisioner(LocalProvisioner):
    """:class:`LocalProvisioner` whose ``launch_kernel`` asks the zygote to fork the kernel.
    Connection file, ports and keys are prepared as usual (``pre_launch``); poll, wait, signals,
    kill and terminate act on the forked kernel's pid (signals to its process group, as usual).
    Without a usable zygote it launches the kernel normally (with a :class:`ZygoteFallbackWarning`
    when a zygote was configured)."""

    zygote_socket = Unicode(None, allow_none=True, config=True,
                            help="Unix socket of the zygote (default: $HELPERS_ZYGOTE_SOCKET)")
    request_timeout = Float(10.0, config=True, help="seconds to wait for the zygote to answer")
    forked = False  # True when the current kernel came from the zygote

    @default("zygote_socket")
    def _zygote_socket_default(self) -> str | None:
        return os.environ.get(ENV_SOCKET) or None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = await super().pre_launch(**kwargs)
        kwargs["env"].pop(ENV_SOCKET, None)  # kernels see the environment they would see without it
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict:
        self.forked = False
        if self.zygote_socket and enabled():
            try:
                return self._launch_forked(cmd, kwargs)
            except _Unavailable as exc:
                warnings.warn(f"zygote not used ({exc}); starting the kernel normally",
                              ZygoteFallbackWarning, stacklevel=2)
        return await super().launch_kernel(cmd, **kwargs)

    def _launch_forked(self, cmd: list[str], kwargs: dict[str, Any]) -> dict:
        kw = LocalProvisioner._scrub_kwargs(kwargs)
        env = dict(kw.pop("env", None) or os.environ)
        cwd = os.path.abspath(kw.pop("cwd", None) or os.getcwd())
        independent = bool(kw.pop("independent", False))
        io = []
        for name, fallback in (("stdout", 1), ("stderr", 2)):
            target = kw.pop(name, None)
            if target is None:
                io.append(fallback)
            elif isinstance(target, int) and target >= 0:
                io.append(target)
            elif hasattr(target, "fileno"):
                io.append(target.fileno())
            else:
                raise _Unavailable(f"{name}={target!r} is not supported")
        if kw.pop("stdin", None) not in (None, subprocess.DEVNULL):
            raise _Unavailable("a stdin for the kernel is not supported")
        if kw:
            raise _Unavailable(f"launch options {sorted(kw)} are not supported")
        argv = [os.path.expanduser(a) for a in cmd]
        if _launcher_index(argv) < 0:
            raise _Unavailable(f"kernel command is not `python -m {_LAUNCHER}`: {argv[:4]}")
        lifeline_r = lifeline_w = None
        if not independent:
            env["JPY_PARENT_PID"] = str(os.getpid())
            lifeline_r, lifeline_w = os.pipe()
        msg = {"op": "fork", "argv": argv, "env": env, "cwd": cwd, "umask": _umask(),
               "n_io": len(io), "lifeline": lifeline_r is not None}
        fds = io + ([lifeline_r] if lifeline_r is not None else [])
        try:
            reply = request(str(self.zygote_socket), msg, fds, timeout=self.request_timeout)
        except ZygoteError as exc:
            _close_all(fd for fd in (lifeline_r, lifeline_w) if fd is not None)
            raise _Unavailable(str(exc)) from exc
        if lifeline_r is not None:
            os.close(lifeline_r)
        if not reply.get("ok"):
            if lifeline_w is not None:
                os.close(lifeline_w)
            raise _Unavailable(reply.get("error", "refused"))
        pid = int(reply["pid"])
        self.process = ZygoteProcess(pid, str(self.zygote_socket), lifeline_w)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = pid  # the child called setsid() before the zygote answered
        self.cwd = cwd
        self.forked = True
        self.log.debug("zygote forked kernel %s (pid %s)", self.kernel_id, pid)
        return self.connection_info

    async def send_signal(self, signum: int) -> None:
        proc = self.process
        if isinstance(proc, ZygoteProcess) and proc.poll() is not None:
            return  # exited and reaped by the zygote: its pid/pgid may already be someone else's
        await super().send_signal(signum)

    async def cleanup(self, restart: bool = False) -> None:
        proc = self.process
        if isinstance(proc, ZygoteProcess) and not restart:
            proc.release()
        await super().cleanup(restart=restart)


class ZygoteKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` (nbclient's default) that starts kernels through the zygote named by
    ``zygote_socket`` (default ``$HELPERS_ZYGOTE_SOCKET``); without one it behaves exactly like
    ``AsyncKernelManager``. For papermill: ``execute_notebook(..., kernel_manager_class=ZygoteKernelManager)``."""

    zygote_socket = Unicode(None, allow_none=True, config=True,
                            help="Unix socket of the zygote (default: $HELPERS_ZYGOTE_SOCKET)")

    @default("zygote_socket")
    def _zygote_socket_default(self) -> str | None:
        return os.environ.get(ENV_SOCKET) or None

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and self.zygote_socket and enabled() and self._spec_allows_zygote():
            import uuid

            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ZygoteProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                 parent=self, zygote_socket=self.zygote_socket)
        return await super()._async_pre_start_kernel(**kw)

    def _spec_allows_zygote(self) -> bool:
        spec = self.kernel_spec
        if spec is None:
            return False
        configured = (spec.metadata or {}).get("kernel_provisioner", {}).get("provisioner_name")
        return configured in (None, "local-provisioner")  # a kernelspec's own provisioner wins


if __name__ == "__main__":
    sys.exit(_zygote_main())
