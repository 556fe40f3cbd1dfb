r"""Growth between two periods: absolute change, growth rate and compound annual growth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    check_choice,
    div,
    note_missing,
    nsum,
    tidy_cells,
    tidy_industries,
    tidy_regions,
    time_pair,
    warn,
)

__all__ = ["growth"]

_LEVELS = ("cell", "region", "industry", "nation")


def growth(
    df: pd.DataFrame,
    start=None,
    end=None,
    *,
    level: str = "cell",
    region: str = "plate",
    industry: str = "nace_division",
    time: str = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Absolute change, growth rate and compound annual growth rate between two periods.

    .. math::

        \Delta = x_{t_1} - x_{t_0}, \qquad
        g = \frac{x_{t_1} - x_{t_0}}{x_{t_0}}, \qquad
        \text{CAGR} = \left(\frac{x_{t_1}}{x_{t_0}}\right)^{1/(t_1 - t_0)} - 1

    where :math:`x` is a cell :math:`e_{ij}` (``level="cell"``), a regional total :math:`e_j`
    (``"region"``), a national industry total :math:`e_i` (``"industry"``) or the national total
    :math:`e` (``"nation"``).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry × time.
    start, end : optional
        Periods (values of the time column); default the first and the last period.
    level : {"cell", "region", "industry", "nation"}
        What grows.
    region, industry, time, value : str
        Column roles. The time column must be numeric (years) for the CAGR.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        For totals (``level`` other than ``"cell"``): sums over reported cells only (``True``) or
        NaN-propagating sums (``False``, default).

    Returns
    -------
    pandas.DataFrame
        Keys of the level, then ``<time>_start, <time>_end`` (the two periods),
        ``value_start, value_end, change, growth_rate, cagr``.
        ``growth_rate`` and ``cagr`` are fractions (0.1 = 10 %). Where ``value_start`` is 0 they
        are NaN (undefined), with a warning counting such rows.

    References
    ----------
    Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox, R package (``growth``, types
    ``"abs"``, ``"rate"`` and the compound ``"growth"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import growth
    >>> df = pd.DataFrame({"plate": [6, 6], "nace_division": [10, 10], "year": [2020, 2022],
    ...                    "insured": [100, 121]})
    >>> out = growth(df)
    >>> out[["change", "growth_rate", "cagr"]].round(4).values.tolist()
    [[21.0, 0.21, 0.1]]
    """
    func = "growth"
    check_choice(func, "level", level, _LEVELS)
    if time is None:
        raise ValueError(f"{func}: needs a time column (time=None was given)")
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    t0, t1 = time_pair(cube, start, end)
    span = _span(cube, t0, t1)
    x = cube.data["value"][[t0, t1]]  # (2, R, I)
    if level != "cell":
        note_missing(cube, x, skipna, "sums")
    if level == "cell":
        a, b = x[0], x[1]
    elif level == "region":
        a, b = nsum(x[0], 1, skipna), nsum(x[1], 1, skipna)
    elif level == "industry":
        a, b = nsum(x[0], 0, skipna), nsum(x[1], 0, skipna)
    else:
        a, b = nsum(x[0], None, skipna), nsum(x[1], None, skipna)
    change = b - a
    zero_start = (a == 0)
    if np.any(zero_start):
        warn(
            f"{func}: {int(np.sum(zero_start))} row(s) have value_start = 0; their growth_rate and "
            "cagr are NaN (undefined)."
        )
    rate = np.where(zero_start, np.nan, div(change, a))
    cagr = np.where(zero_start, np.nan, div(b, a) ** (1.0 / span) - 1.0)
    metrics = {
        f"{time}_start": np.full(np.shape(a), cube.times[t0]),
        f"{time}_end": np.full(np.shape(a), cube.times[t1]),
        "value_start": a, "value_end": b, "change": change, "growth_rate": rate, "cagr": cagr,
    }
    one = cube.__class__(cube.func, cube.region, cube.industry, None, cube.regions, cube.industries, None)
    if level == "cell":
        return tidy_cells(one, {k: np.asarray(v)[None] for k, v in metrics.items()})
    if level == "region":
        return tidy_regions(one, {k: np.asarray(v)[None] for k, v in metrics.items()})
    if level == "industry":
        return tidy_industries(one, {k: np.asarray(v)[None] for k, v in metrics.items()})
    return pd.DataFrame({k: [np.asarray(v).item()] for k, v in metrics.items()})


def _span(cube, t0: int, t1: int) -> float:
    a, b = cube.times[t0], cube.times[t1]
    try:
        return float(b) - float(a)
    except (TypeError, ValueError):
        raise ValueError(
            f"{cube.func}: the time column {cube.time!r} must be numeric (years) for the CAGR, "
            f"got {a!r} and {b!r}"
        ) from None
