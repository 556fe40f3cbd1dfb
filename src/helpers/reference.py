"""Build the committed reference tables (``data/reference/``) from the raw reference files.

The raw files are copies of public tables with provenance sidecars (``data/raw/reference/``); the
tables built here are committed so that the workbook starts without a build step, and a test
checks that a fresh build equals the committed copy.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import nace, paths, provinces
from helpers.io import atomic_write_bytes


def build_provinces() -> pd.DataFrame:
    raw = pd.read_csv(paths.RAW_REFERENCE / "provinces.csv", keep_default_na=False)
    nuts = pd.read_csv(paths.RAW_REFERENCE / "nuts_regions.csv", keep_default_na=False)
    return provinces.build_reference(raw, nuts)


def build_nace() -> pd.DataFrame:
    return nace.build_reference(nace.read_ramon_csv(paths.RAW_REFERENCE / "nace_rev2_tr.csv"),
                                nace.read_ramon_csv(paths.RAW_REFERENCE / "nace_rev2_en.csv"))


def write_all() -> list[Path]:
    out = []
    from helpers import neighbours
    for path, df in ((paths.PROVINCES_CSV, build_provinces()), (paths.NACE_CSV, build_nace()),
                     (neighbours.ADJACENCY_CSV, neighbours.build_adjacency())):
        atomic_write_bytes(path, nace.to_csv_bytes(df))
        out.append(path)
    return out
