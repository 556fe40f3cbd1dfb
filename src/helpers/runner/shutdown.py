"""Clean shutdown: no worker, zygote or kernel outlives the run, whatever ends it.

The process tree of a run: the ``reports`` process → the multiprocessing fork server → the pool
workers → one kernel each (its own session, started by ``jupyter_client`` or forked by the zygote);
the zygote is a child of the ``reports`` process. The guards:

* ``reports`` turns SIGINT and SIGTERM into :class:`Interrupted` (one line, exit 130 / 143), stops
  the pool's workers (:func:`stop_pool`), the zygote, and removes its staging folder; ``latest`` is
  not touched.
* each worker (:func:`guard_worker`) ignores the terminal's SIGINT (the ``reports`` process
  decides), asks the kernel to send it SIGTERM when the fork server dies (``PR_SET_PDEATHSIG``; the
  fork server exits when ``reports`` dies, even by SIGKILL), watches the ``reports`` process itself
  with a thread, and on SIGTERM kills its kernels' process groups before it exits.
* the zygote exits with its starter and its kernels with their requester (:mod:`.zygote`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

PR_SET_PDEATHSIG = 1
EXIT_STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}


class Interrupted(BaseException):
    """The run received SIGINT or SIGTERM (a BaseException: no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` in the main thread (once:
    a second signal during the clean-up is ignored, so the clean-up completes)."""
    def handler(signum: int, frame: Any) -> None:
        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def set_parent_death_signal(sig: int = signal.SIGTERM) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent exits (False where unsupported)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children(pid: int | None = None) -> list[int]:
    """The direct children of ``pid`` (default: this process), from ``/proc``."""
    pid = pid or os.getpid()
    out = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(name))
    return out


def kill_children(sig: int = signal.SIGKILL) -> None:
    """Kill this process's children and their process groups (kernels run in their own session)."""
    for child in children():
        with contextlib.suppress(OSError):
            if os.getpgid(child) == child:
                os.killpg(child, sig)
        with contextlib.suppress(OSError):
            os.kill(child, sig)


def _die(signum: int = signal.SIGTERM) -> None:
    kill_children()
    os._exit(128 + signum)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie main process is gone for our purpose
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().decode(errors="replace").rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def guard_worker(main_pid: int | None, interval: float = 0.5) -> None:
    """Pool initializer part: a worker never outlives the run, nor leaves its kernel behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: _die(signum))
    set_parent_death_signal(signal.SIGTERM)
    if not main_pid:
        return
    if not _alive(main_pid):
        _die()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if not _alive(main_pid):
                _die()

    threading.Thread(target=watch, name="reports-lifeline", daemon=True).start()


def stop_pool(pool: Any, grace: float = 5.0) -> int:
    """Stop a ``ProcessPoolExecutor`` now: SIGTERM to each worker (which kills its kernel), SIGKILL
    after ``grace`` seconds; pending tasks are cancelled. Returns the number of workers stopped."""
    procs = list(pool._processes.values()) if isinstance(getattr(pool, "_processes", None), dict) else []
    for p in procs:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            p.terminate()
    deadline = time.monotonic() + grace
    for p in procs:
        with contextlib.suppress(OSError, AttributeError, ValueError, AssertionError):
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(1.0)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)
    return len(procs)


@contextlib.contextmanager
def stopping(pool: Any) -> Iterator[Any]:
    """Use a pool; on any exception or :class:`Interrupted`, stop its workers at once instead of
    waiting for their notebooks to finish (what ``ProcessPoolExecutor.__exit__`` would do)."""
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
