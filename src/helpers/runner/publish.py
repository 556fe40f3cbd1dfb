"""Publishing a run: the lock, the staging folder, the manifest, the index and ``reports/latest``.

A run is built in ``reports/.staging/<run-id>/`` and renamed to ``reports/<run-id>/`` only when it
is complete, so a run killed half-way never shows as a run; ``reports/latest`` (a symbolic link,
replaced atomically) points to the latest run whose reports all succeeded, so a failed or killed
run leaves the previous latest intact. A lock file (``fcntl.flock``) keeps two runs from overlapping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpers import text
from helpers.io import atomic_write_json, atomic_write_text
from helpers.runner import summary as run_summary

LOCK_NAME = ".run.lock"
STAGING = ".staging"
LATEST = "latest"


class RunLocked(RuntimeError):
    """Another report run holds the lock."""


@contextlib.contextmanager
def run_lock(reports_dir: Path, wait: bool = False, timeout: float = 3600.0) -> Iterator[Path]:
    """Hold the run lock. ``wait=False``: raise :class:`RunLocked` at once if it is held."""
    import time

    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                if not wait or time.monotonic() > deadline:
                    raise RunLocked(
                        f"another report run is in progress ({holder}); lock file {path}. "
                        "Wait for it to finish, or pass --wait to queue behind it."
                    ) from None
                time.sleep(1.0)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}")
        fh.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"


def staging_dir(reports_dir: Path, run_id: str) -> Path:
    return reports_dir / STAGING / run_id


def clean_stale_staging(reports_dir: Path) -> list[str]:
    """Remove staging folders of runs that were killed (only called while holding the lock)."""
    root = reports_dir / STAGING
    removed = []
    if root.exists():
        for d in root.iterdir():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d.name)
    return removed


def latest_run(reports_dir: Path) -> Path | None:
    link = reports_dir / LATEST
    if link.is_symlink() or link.exists():
        target = link.resolve()
        if (target / "manifest.json").exists():
            return target
    return None


def read_manifest(run_dir: Path) -> dict[str, Any]:
    return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))


def publish(reports_dir: Path, staging: Path, run_id: str, successful: bool) -> Path:
    """Move the finished run into place; point ``latest`` at it if every report succeeded."""
    final = reports_dir / run_id
    os.replace(staging, final)
    if successful:
        tmp = reports_dir / f".{LATEST}.{run_id}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(run_id, tmp)
        os.replace(tmp, reports_dir / LATEST)
    return final


RUN_ID = re.compile(r"^\d{8}T\d{6}Z-\d+$")


def runs(reports_dir: Path) -> list[Path]:
    """The published runs (``reports/<run-id>/``), oldest first; staging and other folders excluded."""
    if not reports_dir.exists():
        return []
    return sorted((d for d in reports_dir.iterdir()
                   if d.is_dir() and not d.is_symlink() and RUN_ID.match(d.name)), key=lambda d: d.name)


def prune(reports_dir: Path, keep: int, dry_run: bool = False) -> tuple[list[str], list[str]]:
    """Remove all but the ``keep`` newest runs; the run ``latest`` points to is always kept, and
    ``.staging`` (a run in progress) is never touched. Call it holding the run lock.
    Returns ``(removed, kept)`` run ids. Reports carried over or reused by a newer run are hard
    links, so removing an old run never breaks a newer one."""
    if keep < 1:
        raise ValueError(f"keep={keep}: at least one run is kept")
    all_runs = runs(reports_dir)
    latest = latest_run(reports_dir)
    keep_set = {d.name for d in all_runs[-keep:]}
    if latest is not None:
        keep_set.add(latest.name)
    removed = []
    for d in all_runs:
        if d.name in keep_set:
            continue
        if not dry_run:
            shutil.rmtree(d)
        removed.append(d.name)
    return removed, sorted(keep_set)


def reuse_outputs(previous_run: Path, current_run: Path, relpaths: list[str]) -> None:
    """Carry unchanged reports over from the previous run (hard links where possible)."""
    for rel in relpaths:
        src, dst = previous_run / rel, current_run / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> Path:
    return atomic_write_json(run_dir / "manifest.json", manifest)


# The index pages live in their own module (one row builder per report kind); re-exported here,
# where the runner and the tests have always found them.
from helpers.runner.index_page import (  # noqa: E402
    INDEX_TEMPLATE,
    carried_note,
    index_context,
    index_languages,
    index_name,
    write_index,
)

__all__ = ["INDEX_TEMPLATE", "carried_note", "index_context", "index_languages", "index_name", "write_index"]
