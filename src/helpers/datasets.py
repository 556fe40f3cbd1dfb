"""The one way notebooks and indicators read data: ``datasets.load("population")``.

Tables are read from ``data/processed/``; a missing or stale table is built first through
:mod:`helpers.pipeline` (so a notebook opened in JupyterLab on a fresh clone just works).
"""

from __future__ import annotations

import functools

import pandas as pd

from helpers import paths, pipeline


def load(name: str, build: bool = True) -> pd.DataFrame:
    """Load the processed table ``name`` (building it if missing or stale when ``build``)."""
    if build:
        result = pipeline.build(name)
        if result.status == "absent":
            raise FileNotFoundError(f"table {name!r} has no input files (optional source not added)")
    path = paths.processed_file(name)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the cleaning notebook or pipeline.build({name!r})")
    return _read(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _read(path, mtime_ns: int) -> pd.DataFrame:  # mtime in the key: a rebuilt file is re-read
    # single-threaded: the tables are small, and no Arrow thread pool is left running in a process
    # that the report runner's zygote may fork (helpers.runner.warm)
    return pd.read_parquet(path, use_threads=False, pre_buffer=False, to_pandas_kwargs={"use_threads": False})


def meta(name: str) -> dict:
    """The ``.meta.json`` record of a processed table (inputs, checksums, row count, is_sample)."""
    m = pipeline.read_meta(name)
    if m is None:
        raise FileNotFoundError(f"no metadata for table {name!r}; build it first")
    return m


def available() -> list[str]:
    return sorted(pipeline.specs())
