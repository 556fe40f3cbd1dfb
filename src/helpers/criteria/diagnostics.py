"""Diagnostics of a criteria configuration over every province × sector pair: the utilities each
criterion gives (the same as in a province's evaluation: references do not depend on the list)
and the rank correlation of every pair of criteria -- two criteria that correlate above
:data:`MAX_CORRELATION` count the same thing twice (a test holds the shipped file to it;
``docs/methods.md`` shows the matrix).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import CriteriaConfig
from .score import reference_utility

#: The largest |Spearman| two criteria of the shipped configuration may have over all pairs.
MAX_CORRELATION = 0.9


def utilities_all(frame: pd.DataFrame, config: CriteriaConfig) -> pd.DataFrame:
    """Utilities of every quantitative criterion (columns: criterion ids) for every row of an
    all-province sector frame (:func:`helpers.sectors.criteria_frame`). Rows with a missing value
    stay NaN (no neutral fill here: the correlations use the observed pairs)."""
    out = {}
    for ind in config.indicators:
        if ind.column not in frame.columns:
            continue
        x = frame[ind.column].astype(float).to_numpy()
        ref = frame[ind.ref_column].astype(float).to_numpy() if ind.ref_column in frame.columns else None
        if ind.reference == "candidates":
            continue  # depends on a list; no all-province utility
        u = reference_utility(np.nan_to_num(x), ind.reference, ind.direction, ind.transform, ind.scale, ref)
        out[ind.id] = np.where(np.isnan(x), np.nan, u)
    return pd.DataFrame(out, index=frame.index)


def criteria_correlations(frame: pd.DataFrame, config: CriteriaConfig) -> pd.DataFrame:
    """Spearman rank correlation of every pair of criteria over the province × sector pairs of
    ``frame`` (pairwise complete observations), as a square DataFrame indexed by criterion id."""
    return utilities_all(frame, config).corr(method="spearman")


def worst_pairs(corr: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` pairs of criteria with the largest |Spearman|: ``a, b, spearman``."""
    rows = [(a, b, corr.loc[a, b]) for i, a in enumerate(corr.index) for b in corr.columns[i + 1:]]
    df = pd.DataFrame(rows, columns=["a", "b", "spearman"])
    return df.reindex(df["spearman"].abs().sort_values(ascending=False).index).head(n).reset_index(drop=True)
