"""Small table builders shared by the indicator tests (imported as a plain module)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# tests/indicators/indicator_tables.py -> parents[2] is the repo, its parent holds shared/
REFERENCE_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "reference-cases"


def tidy_from_matrix(mat, regions=None, industries=None, *, region="plate",
                     industry="nace_division", value="insured") -> pd.DataFrame:
    """Region × industry matrix (rows regions) -> tidy table without a time column."""
    mat = np.asarray(mat, dtype=float)
    regions = list(regions) if regions is not None else list(range(1, mat.shape[0] + 1))
    industries = list(industries) if industries is not None else list(range(1, mat.shape[1] + 1))
    rows = [(r, i, mat[a, b]) for a, r in enumerate(regions) for b, i in enumerate(industries)]
    return pd.DataFrame(rows, columns=[region, industry, value])


def region_vs_nation(region_vec, nation_vec, industries=None) -> pd.DataFrame:
    """A region and the rest of the nation (nation − region), so table totals are the nation's."""
    region_vec = np.asarray(region_vec, dtype=float)
    rest = np.asarray(nation_vec, dtype=float) - region_vec
    assert (rest >= 0).all(), "the region must be part of the nation"
    return tidy_from_matrix(np.vstack([region_vec, rest]), ["region", "rest"], industries)


def matrix_csv(path: Path) -> pd.DataFrame:
    """An R write.csv matrix (first column row names) as a DataFrame indexed by row name."""
    return pd.read_csv(path, index_col=0)
