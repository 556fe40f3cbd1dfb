"""Every path the workbook uses, resolved from the package location (never from the current
directory), so notebooks, tests and the report runner agree wherever they are started from.

The layout is the repository's::

    <root>/data/raw/<source>/<file> (+ <file>.meta.yml)   official tables, never edited
    <root>/data/reference/                                 committed reference tables built from raw
    <root>/data/processed/                                 generated tidy tables (not tracked)
    <root>/reports/                                        generated reports (not tracked)

``CLUSTER_WORKBOOK_ROOT`` overrides the root (used by tests that need a scratch copy).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    override = os.environ.get("CLUSTER_WORKBOOK_ROOT")
    if override:
        return Path(override).resolve()
    # src/helpers/paths.py -> the repository is two levels above the package directory.
    return _PACKAGE_DIR.parents[1]


ROOT: Path = _find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
PROCESSED: Path = DATA / "processed"
REFERENCE: Path = DATA / "reference"
CONFIG: Path = ROOT / "config"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORTS: Path = ROOT / "reports"
DOCS: Path = ROOT / "docs"

# Raw sources, one folder per publisher.
RAW_REFERENCE: Path = RAW / "reference"
RAW_TUIK: Path = RAW / "tuik"
RAW_EUROSTAT: Path = RAW / "eurostat"
RAW_TRADE: Path = RAW / "trade"
RAW_GEO: Path = RAW / "geo"
RAW_SGK: Path = RAW / "sgk"
RAW_TIM: Path = RAW / "tim"
RAW_SAMPLE: Path = RAW / "sample"

# Committed reference tables and mappings.
PROVINCES_CSV: Path = REFERENCE / "provinces.csv"
PROVINCE_VARIANTS_CSV: Path = REFERENCE / "province_variants.csv"
NACE_CSV: Path = REFERENCE / "nace_rev2.csv"
NACE_RELEASES_CSV: Path = REFERENCE / "nace_rev21_divisions.csv"
TIM_SECTORS_CSV: Path = REFERENCE / "tim_sectors.csv"
SHOCKS_CSV: Path = REFERENCE / "shocks.csv"
TIM_CONCORDANCE_CSV: Path = REFERENCE / "tim_sector_concordance.csv"

CRITERIA_YML: Path = CONFIG / "criteria.yml"
STAKEHOLDERS: Path = DATA / "stakeholders"

# The shared folder beside the repository (source of the bundled raw copies and reference cases).
SHARED: Path = ROOT.parent / "shared"


def processed_file(name: str, suffix: str = ".parquet") -> Path:
    """Path of a processed table, e.g. ``processed_file("population")``."""
    return PROCESSED / f"{name}{suffix}"


def resolve(path: str | Path) -> Path:
    """A path given by a user or a notebook parameter: absolute as is, relative to the repository
    root otherwise (so ``"config/criteria.yml"`` works from JupyterLab and from papermill alike)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else ROOT / p
