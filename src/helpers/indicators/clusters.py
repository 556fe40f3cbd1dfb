r"""Cluster identification rules: US Cluster Mapping "strong clusters" and the three-star analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    div,
    note_missing,
    reaches,
    tidy_cells,
    to_boolean,
    totals,
    warn,
)

__all__ = ["strong_clusters", "three_star"]


def _region_totals(cube, df: pd.DataFrame, column: str) -> np.ndarray:
    """A region-level column (constant within region × time) as a (T, R) array."""
    keys = [cube.region] + ([cube.time] if cube.time is not None else [])
    spread = df.groupby(keys, sort=False)[column].nunique(dropna=False)
    if (spread > 1).any():
        example = spread[spread > 1].index[0]
        raise ValueError(
            f"{cube.func}: region_total column {column!r} must be constant within each region"
            f"{' and period' if cube.time else ''}; it varies for {example!r}"
        )
    first = df.drop_duplicates(keys)
    r = cube.regions.get_indexer(first[cube.region])
    t = cube.times.get_indexer(first[cube.time]) if cube.time is not None else np.zeros(len(first), int)
    T, R, _ = cube.shape
    out = np.full((T, R), np.nan)
    vals = pd.to_numeric(first[column]).to_numpy(dtype=float, na_value=np.nan)
    if (vals < 0).any():
        raise ValueError(f"{cube.func}: region_total column {column!r} has negative values")
    out[t, r] = vals
    return out


def _linear_quantile(a: np.ndarray, q: float) -> np.ndarray:
    """Quantile over regions (axis 1) ignoring NaN, linear interpolation (numpy's default,
    Hyndman & Fan type 7, as R's quantile and the USCMP code); (T, 1, I), NaN if no value."""
    s = np.sort(a, axis=1)  # NaN sort last
    n = (~np.isnan(a)).sum(axis=1, keepdims=True)
    pos = np.maximum(n - 1, 0) * q
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    v_lo = np.take_along_axis(s, lo, axis=1)
    v_hi = np.take_along_axis(s, hi, axis=1)
    out = v_lo + (pos - lo) * (v_hi - v_lo)
    return np.where(n == 0, np.nan, out)


def strong_clusters(
    df: pd.DataFrame,
    *,
    establishments: str = "workplaces",
    lq: str | None = None,
    region_total: str | None = None,
    percentile: float = 75,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""US Cluster Mapping "strong cluster" rule, per cluster (industry) over regions.

    Within each cluster :math:`i` (and period), over the regions with employment
    :math:`e_{ij} > 0`, with linear-interpolation quantiles :math:`Q_p`:

    .. math::

        \text{strong}_{ij} = \left[LQ_{ij} \ge Q_{p}(LQ_{\cdot i})\right] \wedge
        \left[LQ_{ij} \ge 1\right] \wedge \left[e_{ij} > Q_{25}(e_{\cdot i})\right] \wedge
        \left[n_{ij} > Q_{25}(n_{\cdot i})\right]

    with :math:`n_{ij}` the establishments and :math:`p = 75` (``percentile=90`` gives the
    stricter variant). Regions with zero employment are left out of the quantiles and are never
    strong; a warning says how many were left out. The LQ is taken from the ``lq`` column when
    given, otherwise computed as :math:`(e_{ij}/e_j)/(e_i/e)` with :math:`e_j` the
    ``region_total`` column (e.g. the region's traded employment) or the sum over the table, and
    :math:`e = \sum_j e_j`.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × cluster [× time].
    establishments : str
        Column with the number of establishments (workplaces).
    lq : str, optional
        Column with precomputed location quotients.
    region_total : str, optional
        Column with the region's benchmark employment (constant within region [× time]).
    percentile : float
        LQ percentile of the rule: 75 (default) or 90.
    region, industry, time, value : str
        Column roles; pass the cluster code column as ``industry``.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Totals for the LQ over reported cells only (``True``) or NaN propagation (``False``).
        A cell with NaN employment, establishments or LQ is left out of the quantiles and its
        ``strong`` flag is missing (<NA>).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], <value>, <establishments>, lq, lq_cutoff,
        employment_cutoff, establishments_cutoff, strong`` (nullable boolean).

    References
    ----------
    Delgado, M., Porter, M. E. and Stern, S. (2016). Defining clusters of related industries.
    *Journal of Economic Geography*, 16(1), 1–38. U.S. Cluster Mapping Project
    (clustermapping.us), "strong cluster" definition and code.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import strong_clusters
    >>> df = pd.DataFrame({"plate": [1, 2, 3, 4, 5], "nace_division": [13] * 5,
    ...                    "insured": [100, 900, 50, 500, 0], "workplaces": [5, 40, 2, 30, 0],
    ...                    "lq": [0.5, 3.0, 0.8, 2.0, 0.0]})
    >>> out = strong_clusters(df, time=None, lq="lq")
    >>> out["strong"].tolist()
    [False, True, False, False, False]
    >>> out[["lq_cutoff", "employment_cutoff", "establishments_cutoff"]].iloc[0].tolist()
    [2.25, 87.5, 4.25]
    """
    func = "strong_clusters"
    if not 0 < percentile < 100:
        raise ValueError(f"{func}: percentile must be between 0 and 100, got {percentile}")
    if lq is not None and region_total is not None:
        raise ValueError(f"{func}: give either lq (a precomputed LQ column) or region_total, not both")
    values = {"value": value, "establishments": establishments}
    if lq is not None:
        values["lq"] = lq
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time, values=values, absent=absent,
        extra_roles={"region_total": region_total},
    )
    e, n = cube.data["value"], cube.data["establishments"]
    if lq is not None:
        q = cube.data["lq"]
    else:
        note_missing(cube, e, skipna)
        e_j, e_i, e_tot = totals(e, skipna)
        if region_total is not None:
            e_j = _region_totals(cube, df, region_total)
            e_tot = np.nansum(e_j, axis=1) if skipna else e_j.sum(axis=1)
        q = div(div(e, e_j[:, :, None]), div(e_i, e_tot[:, None])[:, None, :])

    known = ~(np.isnan(e) | np.isnan(n) | np.isnan(q))
    eligible = known & (e > 0)
    zero = known & (e == 0)
    if zero.any():
        affected = int(zero.any(axis=1).sum())
        warn(
            f"{func}: {int(zero.sum())} region×cluster cell(s) with zero employment were left out "
            f"of the quantiles ({affected} cluster-period(s) affected) and are not strong."
        )
    q_cut = _linear_quantile(np.where(eligible, q, np.nan), percentile / 100)
    e_cut = _linear_quantile(np.where(eligible, e, np.nan), 0.25)
    n_cut = _linear_quantile(np.where(eligible, n, np.nan), 0.25)
    strong = (
        (reaches(q, 1.0) == 1.0)
        & ((q >= q_cut) | np.isclose(q, q_cut, rtol=1e-12, atol=0.0))
        & (e > e_cut)
        & (n > n_cut)
        & eligible
    )
    flag = np.where(known, strong.astype(float), np.nan)
    shape = e.shape
    out = tidy_cells(
        cube,
        {
            value: e,
            establishments: n,
            "lq": q,
            "lq_cutoff": np.broadcast_to(q_cut, shape),
            "employment_cutoff": np.broadcast_to(e_cut, shape),
            "establishments_cutoff": np.broadcast_to(n_cut, shape),
            "strong": flag,
        },
    )
    out["strong"] = to_boolean(out["strong"].to_numpy())
    return out


def three_star(
    df: pd.DataFrame,
    *,
    size_threshold: float = 0.01,
    lq_threshold: float = 1.25,
    focus_threshold: float = 0.01,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Three-star analysis (size, specialisation, focus), as used by Turkish development agencies.

    .. math::

        \text{size}_{ij} = \frac{e_{ij}}{e_i}, \qquad
        \text{lq}_{ij} = \frac{e_{ij}/e_j}{e_i/e}, \qquad
        \text{focus}_{ij} = \frac{e_{ij}}{e_j}

    and one star for each measure that reaches its threshold:
    ``stars`` = [size ≥ ``size_threshold``] + [lq ≥ ``lq_threshold``] + [focus ≥ ``focus_threshold``].

    The method comes from the European Cluster Observatory (size, specialisation and focus
    stars). Default thresholds are this workbook's choice, documented in ``docs/indicators.md``:
    size ≥ 1 % of the nation's employment in the division (a province of average weight holds
    1/81 ≈ 1.2 %), LQ ≥ 1.25 (clearly above the national structure rather than at it) and focus
    ≥ 1 % of the province's employment (an average division holds about 1/88 ≈ 1.1 %). The
    European Cluster Observatory used LQ ≥ 2 and the top 10 % of regions for size and focus; set
    the keywords to follow another agency's rule.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    size_threshold : float
        Minimum share of the national employment of the industry (fraction).
    lq_threshold : float
        Minimum location quotient.
    focus_threshold : float
        Minimum share of the region's employment (fraction).
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Totals over reported cells only (``True``) or NaN propagation (``False``).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], <value>, size, lq, focus, size_star, specialisation_star,
        focus_star`` (nullable boolean) and ``stars`` (nullable integer 0–3; <NA> when a measure
        is missing).

    References
    ----------
    Sölvell, Ö., Ketels, C. and Lindqvist, G. (2009). *EU Cluster Mapping and Strengthening
    Clusters in Europe*. Europe INNOVA Paper 12, European Commission (the European Cluster
    Observatory's size, specialisation and focus stars). Applied to Turkish provinces in the
    regional plans and cluster analyses of the development agencies (*kalkınma ajansları*).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import three_star
    >>> df = pd.DataFrame({"plate": [6, 6, 34, 34], "nace_division": [10, 13, 10, 13],
    ...                    "insured": [30, 10, 20, 40]})
    >>> three_star(df, time=None)["stars"].tolist()
    [3, 2, 2, 3]
    """
    func = "three_star"
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x = cube.data["value"]
    note_missing(cube, x, skipna)
    e_j, e_i, e = totals(x, skipna)
    size = div(x, e_i[:, None, :])
    focus = div(x, e_j[:, :, None])
    lq = div(focus, div(e_i, e[:, None])[:, None, :])
    flags = {
        "size_star": reaches(size, size_threshold),
        "specialisation_star": reaches(lq, lq_threshold),
        "focus_star": reaches(focus, focus_threshold),
    }
    stars = flags["size_star"] + flags["specialisation_star"] + flags["focus_star"]  # NaN propagates
    out = tidy_cells(cube, {value: x, "size": size, "lq": lq, "focus": focus, **flags, "stars": stars})
    for name in flags:
        out[name] = to_boolean(out[name].to_numpy())
    s = out["stars"].to_numpy(dtype=float)
    out["stars"] = pd.arrays.IntegerArray(np.nan_to_num(s).astype(np.int64), np.isnan(s))
    return out
