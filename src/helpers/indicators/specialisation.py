r"""Shares, location quotients and binary specialisation.

Notation used in every docstring of :mod:`helpers.indicators`: :math:`e_{ij}` is the value
(insured employment by default) of industry :math:`i` in region :math:`j`, :math:`e_j = \sum_i e_{ij}`
the region's total, :math:`e_i = \sum_j e_{ij}` the nation's total in industry :math:`i` and
:math:`e = \sum_{ij} e_{ij}` the national total. "The nation" is always the set of regions in the
table, so totals are sums over the table (add an "unallocated" industry or region row to make them
match an official total).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    div,
    group_sum,
    note_missing,
    reaches,
    region_mapping,
    tidy_cells,
    totals,
    warn,
)

__all__ = ["shares", "location_quotient", "specialisation", "single_region_groups"]


def shares(
    df: pd.DataFrame,
    *,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Industry shares within regions, within the nation, and regions' shares of industries.

    .. math::

        \text{share\_in\_region}_{ij} = \frac{e_{ij}}{e_j}, \qquad
        \text{share\_in\_nation}_{i} = \frac{e_i}{e}, \qquad
        \text{share\_of\_industry}_{ij} = \frac{e_{ij}}{e_i}

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        What a region × industry [× time] combination absent from the table means: missing
        (default, with a warning) or zero (say so when the source omits zero cells).
    skipna : bool
        ``False`` (default): a NaN cell makes every total it enters NaN (with a warning).
        ``True``: totals are sums over the reported cells (with a warning); NaN cells stay NaN.

    Returns
    -------
    pandas.DataFrame
        Columns ``region, industry[, time], share_in_region, share_in_nation, share_of_industry``,
        sorted by the keys. A share whose denominator is zero is NaN (0/0, undefined).

    References
    ----------
    Farhauer, O. and Kröll, A. (2013). *Standorttheorien: Regional- und Stadtökonomik in Theorie
    und Praxis*. Wiesbaden: Springer. (The notation of REAT, Wieland 2019.)

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import shares
    >>> df = pd.DataFrame({"plate": [6, 6, 34, 34], "nace_division": [10, 13, 10, 13],
    ...                    "insured": [30, 10, 20, 40]})
    >>> out = shares(df, time=None)
    >>> out["share_in_region"].round(4).tolist()
    [0.75, 0.25, 0.3333, 0.6667]
    >>> out["share_of_industry"].tolist()
    [0.6, 0.2, 0.4, 0.8]
    """
    cube = build_cube(
        df, func="shares", region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x = cube.data["value"]
    note_missing(cube, x, skipna)
    e_j, e_i, e = totals(x, skipna)
    return tidy_cells(
        cube,
        {
            "share_in_region": div(x, e_j[:, :, None]),
            "share_in_nation": np.broadcast_to(div(e_i, e[:, None])[:, None, :], x.shape),
            "share_of_industry": div(x, e_i[:, None, :]),
        },
    )


def _lq_arrays(cube, x: np.ndarray, reference, skipna: bool):
    """LQ (T, R, I) against the nation, or against each region's reference group."""
    e_j, e_i, e = totals(x, skipna)
    if reference is None:
        return div(div(x, e_j[:, :, None]), div(e_i, e[:, None])[:, None, :]), None
    groups = region_mapping(cube, reference, "reference")
    codes, labels = pd.factorize(groups, sort=True)
    g_i = group_sum(x, codes, len(labels), skipna)  # (T, K, I)
    g = np.where(
        np.all(np.isnan(g_i), axis=2), np.nan,
        np.nansum(g_i, axis=2) if skipna else np.sum(g_i, axis=2),
    )  # (T, K)
    bench = div(g_i, g[:, :, None])[:, codes, :]  # (T, R, I)
    return div(div(x, e_j[:, :, None]), bench), groups.to_numpy()


def single_region_groups(reference: Mapping | pd.Series) -> dict[object, object]:
    r"""Groups of a region → group mapping that contain a single region: ``{group: region}``.

    A location quotient against such a group is 1 for every industry by construction (e.g. the
    provinces that are a NUTS-2 region on their own: İstanbul TR10, Ankara TR51, İzmir TR31):

    .. math::

        G = \{j\} \implies LQ_{ij} = \frac{e_{ij} / e_j}{e_{iG} / e_G} = 1

    Parameters
    ----------
    reference : mapping or pandas.Series
        Region → group (e.g. plate → NUTS-2 code, :func:`helpers.provinces.nuts_mapping`).

    Returns
    -------
    dict
        ``{group: region}`` for every group with exactly one region, sorted by group.

    References
    ----------
    Eurostat (2024). NUTS — Nomenclature of territorial units for statistics, Türkiye (TR).

    Examples
    --------
    >>> single_region_groups({6: "TR51", 34: "TR10", 1: "TR62", 33: "TR62"})
    {'TR10': 34, 'TR51': 6}
    """
    ref = pd.Series(reference)
    counts = ref.value_counts()
    return {g: ref.index[ref == g].tolist()[0] for g in sorted(counts.index[counts == 1], key=str)}


def _location_quotient(df, func, region, industry, time, value, reference, binary, threshold, absent,
                       skipna) -> pd.DataFrame:
    """Shared body of :func:`location_quotient` and :func:`specialisation` (``func`` names the
    caller in error messages and warnings)."""
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x = cube.data["value"]
    note_missing(cube, x, skipna)
    lq, groups = _lq_arrays(cube, x, reference, skipna)
    metrics: dict[str, np.ndarray] = {}
    if groups is not None:
        alone = single_region_groups(pd.Series(groups, index=cube.regions))
        if alone:
            listed = ", ".join(f"{r} ({g})" for g, r in sorted(alone.items(), key=lambda kv: str(kv[1])))
            warn(f"{func}: region(s) {listed} form a reference group on their own, so their LQ against "
                 "the group is 1 by construction and says nothing about specialisation; use the "
                 "national benchmark for them")
        T, R, I = cube.shape
        metrics["reference"] = np.broadcast_to(groups[None, :, None], (T, R, I))
    metrics["lq"] = lq
    if binary:
        metrics["specialised"] = reaches(lq, threshold)
    return tidy_cells(cube, metrics)


def location_quotient(
    df: pd.DataFrame,
    *,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    reference: Mapping | pd.Series | None = None,
    binary: bool = False,
    threshold: float = 1.0,
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Location quotient (Balassa's revealed comparative advantage), optionally binary.

    .. math::

        LQ_{ij} = \frac{e_{ij} / e_j}{e_i / e}, \qquad
        M_{ij} = \begin{cases} 1 & LQ_{ij} \ge \text{threshold} \\ 0 & \text{otherwise} \end{cases}

    With ``reference`` (a mapping region → higher-level region, e.g. plate → NUTS-2 code), the
    benchmark is the region's own group: :math:`e_i / e` is replaced by
    :math:`e_{iG} / e_G` with :math:`e_{iG} = \sum_{j \in G} e_{ij}` over the table's regions in
    the group :math:`G` of region :math:`j`.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    reference : mapping or pandas.Series, optional
        Region → group. Every region of the table must be mapped (``ValueError`` otherwise).
    binary : bool
        Add the column ``specialised`` (1.0 where LQ ≥ ``threshold``, 0.0 below, NaN where LQ is
        NaN), the EconGeo ``location.quotient(binary = TRUE)`` convention.
    threshold : float
        Cut-off for ``specialised``. An LQ within a relative 1e-12 of the threshold counts as
        reaching it, so that rounding noise does not flip a region that mirrors the nation.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Totals over reported cells only (``True``) or NaN-propagating totals (``False``).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], lq`` (+ ``reference`` with the group when given,
        + ``specialised`` when ``binary``). LQ is NaN where a denominator is zero (0/0).

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage. *The Manchester
    School*, 33(2), 99–123. Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox, R package
    (``locq``). Balland, P.-A. (2017). EconGeo: Computing Key Indicators of the Spatial Distribution
    of Economic Activities, R package (``location.quotient``).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import location_quotient
    >>> df = pd.DataFrame({"plate": [6, 6, 34, 34], "nace_division": [10, 13, 10, 13],
    ...                    "insured": [30, 10, 20, 40]})
    >>> out = location_quotient(df, time=None, binary=True)
    >>> out["lq"].round(4).tolist()
    [1.5, 0.5, 0.6667, 1.3333]
    >>> out["specialised"].tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    return _location_quotient(df, "location_quotient", region, industry, time, value, reference,
                              binary, threshold, absent, skipna)


def specialisation(
    df: pd.DataFrame,
    *,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    reference: Mapping | pd.Series | None = None,
    threshold: float = 1.0,
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Binary specialisation: 1 where the location quotient reaches ``threshold`` (default 1).

    Same as ``location_quotient(..., binary=True)``; the binary matrix :math:`M` used by
    :func:`relatedness`, :func:`relatedness_density` and :func:`complexity`.

    .. math::

        M_{ij} = \mathbb{1}\left[\frac{e_{ij} / e_j}{e_i / e} \ge \text{threshold}\right]

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    reference : mapping or pandas.Series, optional
        Region → group benchmark (see :func:`location_quotient`).
    threshold : float
        LQ cut-off (1 in EconGeo and in the Hidalgo–Hausmann literature).
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Totals over reported cells only (``True``) or NaN-propagating totals (``False``).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], lq, specialised`` (``specialised`` is 1.0, 0.0 or NaN).

    References
    ----------
    Balland, P.-A. (2017). EconGeo, R package (``location.quotient(mat, binary = TRUE)``).
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007). The product space
    conditions the development of nations. *Science*, 317, 482–487.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import specialisation
    >>> df = pd.DataFrame({"plate": [6, 6, 34, 34], "nace_division": [10, 13, 10, 13],
    ...                    "insured": [30, 10, 20, 40]})
    >>> specialisation(df, time=None)["specialised"].tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    return _location_quotient(df, "specialisation", region, industry, time, value, reference,
                              True, threshold, absent, skipna)
