"""The one way notebooks and indicators read data: ``datasets.load("population")``.

Tables are read from ``data/processed/``; a missing or stale table is built first through
:mod:`helpers.pipeline` (so a notebook opened in JupyterLab on a fresh clone just works). Every
read checks the table's content against the hash recorded when it was built
(:func:`helpers.pipeline.content_problem`, one hash per file and process): an edited table is
rebuilt, or with ``build=False`` refused with its name.
"""

from __future__ import annotations

import functools

import pandas as pd

from helpers import paths, pipeline
from helpers.exceptions import DataBroken


class ProcessedTableError(DataBroken, OSError):
    """A processed table cannot be read or is not the table it should be (the message names the file)."""


def load(name: str, build: bool = True) -> pd.DataFrame:
    """Load the processed table ``name`` (building it if missing or stale when ``build``).

    A processed file that is empty, unreadable or another table's (columns other than recorded)
    is rebuilt from the raw files when ``build``; otherwise, or if the rebuild does not help,
    :class:`ProcessedTableError` names the file and the way out.
    """
    if build:
        result = pipeline.build(name)
        if result.status == "absent":
            raise FileNotFoundError(f"table {name!r} has no input files (optional source not added)")
    path = paths.processed_file(name)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the cleaning notebook or pipeline.build({name!r})")
    problem = pipeline.output_problem(path, pipeline.read_meta(name))
    if problem and build:
        pipeline.build(name, force=True)
        problem = pipeline.output_problem(path, pipeline.read_meta(name))
    if problem:
        raise ProcessedTableError(f"processed table {name!r}: {problem}; rebuild it with the cleaning notebook "
                                  f"(force=True) or pipeline.build({name!r}, force=True)")
    content = pipeline.content_problem(name)
    if content and build:
        pipeline.build(name, force=True)
        content = pipeline.content_problem(name)
    if content:
        raise pipeline.TableContentError(f"processed table {name!r}: {content}; rebuild it with the cleaning notebook "
                                         f"(force=True) or pipeline.build({name!r}, force=True)")
    try:
        return _read(path, path.stat().st_mtime_ns)
    except Exception as exc:  # noqa: BLE001 - name the file whatever pyarrow raised
        if build:  # a sound footer over corrupt pages (e.g. "Corrupt snappy compressed data"): rebuild
            pipeline.build(name, force=True)
            try:
                return _read(path, path.stat().st_mtime_ns)
            except Exception as again:  # noqa: BLE001
                exc = again
        raise ProcessedTableError(f"processed table {name!r}: cannot read {path} ({type(exc).__name__}: {exc}); "
                                  f"rebuild it with pipeline.build({name!r}, force=True)") from exc


@functools.lru_cache(maxsize=32)
def _read(path, mtime_ns: int) -> pd.DataFrame:  # mtime in the key: a rebuilt file is re-read
    # single-threaded: the tables are small, and no Arrow thread pool is left running in a process
    # that the report runner's zygote may fork (helpers.runner.warm)
    return pd.read_parquet(path, use_threads=False, pre_buffer=False, to_pandas_kwargs={"use_threads": False})


def years(df: pd.DataFrame) -> list[int]:
    """The years present in a tidy table (its ``year`` column), ascending."""
    return sorted(int(y) for y in df["year"].dropna().unique())


def table_years(name: str, path=None) -> list[int] | None:
    """The years of processed table ``name`` read cheaply (the ``year`` column only, no build), for
    checks before a kernel starts; None when the table is not built or cannot be read (the
    notebooks then rebuild it or name the problem)."""
    path = path or paths.processed_file(name)
    if not path.exists():
        return None
    try:
        import pyarrow.parquet as pq

        col = pq.read_table(path, columns=["year"], use_threads=False).column("year")
        return sorted({int(y) for y in col.to_pylist() if y is not None})
    except Exception:  # noqa: BLE001 - unreadable: reported by whoever loads it
        return None


def meta(name: str) -> dict:
    """The ``.meta.json`` record of a processed table (inputs, checksums, row count, is_sample)."""
    m = pipeline.read_meta(name)
    if m is None:
        raise FileNotFoundError(f"no metadata for table {name!r}; build it first")
    return m


def user_supplied(name: str) -> list[str]:
    """The input files of table ``name`` that a user added (not shipped with the workbook: not in
    ``data/raw/MANIFEST.sha256``), as recorded when it was built; [] when none or not built. Reports
    label such data user-supplied, never official."""
    m = pipeline.read_meta(name)
    return list((m or {}).get("user_supplied") or [])


def available() -> list[str]:
    return sorted(pipeline.specs())
