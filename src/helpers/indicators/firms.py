r"""Average firm size (insured employees per workplace) against the national figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import build_cube, div, note_missing, nsum, tidy_cells, warn

__all__ = ["firm_size"]


def firm_size(
    df: pd.DataFrame,
    *,
    workplaces: str = "workplaces",
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Insured employees per workplace in each region × division, and relative to the nation.

    With :math:`w_{ij}` the number of workplaces (SGK *işyeri*),

    .. math::

        f_{ij} = \frac{e_{ij}}{w_{ij}}, \qquad
        f_i = \frac{\sum_j e_{ij}}{\sum_j w_{ij}}, \qquad
        \text{firm\_size\_ratio}_{ij} = \frac{f_{ij}}{f_i}

    A ratio above 1 means the region's establishments in the division are larger than the
    national average for the same division.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time], with employment and workplaces.
    workplaces : str
        Column with the number of workplaces (establishments).
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        National figures over the reported cells only (``True``) or NaN propagation (``False``).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], firm_size, national_firm_size, firm_size_ratio``. A cell with
        zero workplaces has an undefined size (NaN); a warning counts such cells.

    References
    ----------
    Porter, M. E. (2003). The economic performance of regions. *Regional Studies*, 37(6–7),
    549–578 (establishment size as a cluster-strength attribute). Sosyal Güvenlik Kurumu,
    *İstatistik Yıllıkları* (insured employees and workplaces by province and NACE division).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import firm_size
    >>> df = pd.DataFrame({"plate": [6, 34], "nace_division": [13, 13],
    ...                    "insured": [300, 100], "workplaces": [10, 10]})
    >>> firm_size(df, time=None)[["firm_size", "national_firm_size", "firm_size_ratio"]].values.tolist()
    [[30.0, 20.0, 1.5], [10.0, 20.0, 0.5]]
    """
    func = "firm_size"
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value, "workplaces": workplaces}, absent=absent,
    )
    e, w = cube.data["value"], cube.data["workplaces"]
    both = np.where(np.isnan(w), np.nan, e)
    note_missing(cube, both, skipna, "national figures")
    zero_w = w == 0
    if zero_w.any():
        inconsistent = int((zero_w & (e > 0)).sum())
        warn(
            f"{func}: {int(zero_w.sum())} cell(s) have zero workplaces ({inconsistent} of them with "
            "insured employees > 0); their firm size is NaN (undefined)."
        )
    size = np.where(zero_w, np.nan, div(e, w))
    if skipna:
        keep = ~(np.isnan(e) | np.isnan(w))
        e_nat = nsum(np.where(keep, e, np.nan), 1, True)
        w_nat = nsum(np.where(keep, w, np.nan), 1, True)
    else:
        e_nat, w_nat = e.sum(axis=1), w.sum(axis=1)
    national = div(e_nat, w_nat)[:, None, :]
    national = np.where(np.isinf(national), np.nan, national)
    return tidy_cells(
        cube,
        {
            "firm_size": size,
            "national_firm_size": np.broadcast_to(national, e.shape),
            "firm_size_ratio": div(size, national),
        },
    )
