r"""Specialisation and concentration: Krugman, Hoover, Herfindahl–Hirschman, Gini, locational Gini.

``by="region"`` measures how a region's employment is spread over industries (specialisation,
one row per region); ``by="industry"`` measures how an industry's employment is spread over
regions (concentration, one row per industry). Internally the table is arranged as
``(T, K, N)``: ``K`` keyed units (the rows of the result), ``N`` the units the distribution runs
over.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    check_choice,
    div,
    note_missing,
    nsum,
    region_mapping,
    tidy_by,
    totals,
)

__all__ = ["krugman_index", "hoover_index", "herfindahl", "gini", "locational_gini"]

_BY = ("region", "industry")


def _orient(x: np.ndarray, by: str) -> np.ndarray:
    """(T, R, I) -> (T, K, N) with K the keyed units of ``by``."""
    return x if by == "region" else np.swapaxes(x, 1, 2)


def krugman_index(
    df: pd.DataFrame,
    *,
    by: str = "region",
    benchmark: str = "nation",
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Krugman dissimilarity index of a region's industry structure (or an industry's geography).

    ``by="region"``, ``benchmark="nation"`` (Krugman 1991; EconGeo ``Krugman.index``):

    .. math::

        K_j = \sum_i \left| \frac{e_{ij}}{e_j} - \frac{e_i}{e} \right| \in [0, 2]

    ``benchmark="others_mean"`` reproduces REAT's ``krugman.spec2``: the benchmark is the
    unweighted mean of the other regions' shares,
    :math:`\bar s_{i,-j} = \frac{1}{R-1}\sum_{l \ne j} e_{il}/e_l`. With two regions it is REAT's
    two-region ``krugman.spec``. ``by="industry"`` swaps the roles (concentration of industry
    :math:`i` over regions, :math:`\sum_j |e_{ij}/e_i - e_j/e|`; with ``"others_mean"`` REAT's
    ``krugman.conc2``).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    by : {"region", "industry"}
        Specialisation of regions or concentration of industries.
    benchmark : {"nation", "others_mean"}
        Compare with the nation (the whole table) or with the mean of the other units.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Totals and the sum over the reported cells only (``True``), or NaN propagation. With
        ``benchmark="others_mean"`` the mean is taken over the other units whose share is present
        in each cell (a missing share is not counted as 0).

    Returns
    -------
    pandas.DataFrame
        ``region[, time], krugman`` (or ``industry[, time], krugman``).

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. Cambridge, MA: MIT Press.
    Wieland, T. (2019). REAT, R package (``krugman.spec``, ``krugman.spec2``, ``krugman.conc2``).
    Balland, P.-A. (2017). EconGeo, R package (``Krugman.index``).

    Examples
    --------
    REAT's ``krugman.spec(c(20,10,70,0,0), c(0,0,0,60,40))`` (two regions with nothing in common):

    >>> import pandas as pd
    >>> from helpers.indicators import krugman_index
    >>> df = pd.DataFrame({"plate": [1] * 5 + [2] * 5, "nace_division": list(range(5)) * 2,
    ...                    "insured": [20, 10, 70, 0, 0, 0, 0, 0, 60, 40]})
    >>> krugman_index(df, time=None, benchmark="others_mean")["krugman"].tolist()
    [2.0, 2.0]
    >>> krugman_index(df, time=None)["krugman"].tolist()
    [1.0, 1.0]
    """
    func = "krugman_index"
    check_choice(func, "by", by, _BY)
    check_choice(func, "benchmark", benchmark, ("nation", "others_mean"))
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    y = _orient(cube.data["value"], by)
    note_missing(cube, y, skipna)
    s = div(y, nsum(y, 2, skipna)[:, :, None])
    if benchmark == "nation":
        bench = div(nsum(y, 1, skipna), nsum(y.reshape(y.shape[0], -1), 1, skipna)[:, None])[:, None, :]
    else:
        k = y.shape[1]
        if k < 2:
            raise ValueError(f"{func}: benchmark='others_mean' needs at least two {by}s")
        own = np.where(np.isnan(s) & skipna, 0.0, s)
        if skipna:
            # the mean over the other regions actually present in each cell: a missing share is
            # not a zero, so it leaves the denominator too
            present = ~np.isnan(s)
            n_others = present.sum(axis=1)[:, None, :] - present
            bench = div(nsum(s, 1, skipna)[:, None, :] - own, np.where(n_others > 0, n_others, np.nan))
        else:
            bench = (nsum(s, 1, skipna)[:, None, :] - own) / (k - 1)
    k_index = nsum(np.abs(s - bench), 2, skipna)
    return tidy_by(cube, by, {"krugman": k_index})


def hoover_index(
    df: pd.DataFrame,
    *,
    benchmark: Mapping | pd.Series | None = None,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Hoover (coefficient of localisation) index of each industry across regions.

    .. math::

        H_i = \frac{1}{2} \sum_j \left| \frac{e_{ij}}{e_i} - \frac{b_j}{b} \right| \in [0, 1]

    where :math:`b_j` is the region's benchmark: its total employment :math:`e_j` by default, or
    e.g. its population passed as ``benchmark``. :math:`H_i` is the share of the industry's
    employment that would have to move for it to be spread like the benchmark. Reported as a
    fraction; EconGeo's ``Hoover.index`` prints it in percent (×100, rounded to 2 decimals of the
    fraction first).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    benchmark : mapping or pandas.Series, optional
        Region → non-negative weight (e.g. population), used for every period. Default: the
        region's total over all industries of the table, per period.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        ``True``: a region whose cell is NaN is left out of both distributions of that industry
        (EconGeo's ``complete.cases``), with a warning. ``False``: the index is NaN.

    Returns
    -------
    pandas.DataFrame
        ``industry[, time], hoover``. NaN for an industry with zero employment (0/0).

    References
    ----------
    Hoover, E. M. (1936). The measurement of industrial localization. *The Review of Economics
    and Statistics*, 18, 162–171.
    Balland, P.-A. (2017). EconGeo, R package (``Hoover.index``). Wieland, T. (2019). REAT
    (``hoover``).

    Examples
    --------
    EconGeo's ``Hoover.index(c(0, 10, 10, 30, 50), c(10, 15, 20, 25, 30))`` is 25 (percent):

    >>> import pandas as pd
    >>> from helpers.indicators import hoover_index
    >>> df = pd.DataFrame({"plate": [1, 2, 3, 4, 5], "nace_division": [10] * 5,
    ...                    "insured": [0, 10, 10, 30, 50]})
    >>> pop = {1: 10, 2: 15, 3: 20, 4: 25, 5: 30}
    >>> hoover_index(df, time=None, benchmark=pop)["hoover"].round(4).tolist()
    [0.25]
    """
    func = "hoover_index"
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x = cube.data["value"]
    note_missing(cube, x, skipna, "totals and shares")
    y = _orient(x, "industry")  # (T, I, R)
    if benchmark is None:
        b = nsum(x, 2, skipna)[:, None, :]  # region totals (T, 1, R)
    else:
        w = region_mapping(cube, benchmark, "benchmark")
        if not pd.api.types.is_numeric_dtype(w):
            raise ValueError(f"{func}: benchmark values must be numeric")
        w = w.to_numpy(dtype=float)
        if (w < 0).any() or np.isinf(w).any():
            raise ValueError(f"{func}: benchmark values must be finite and non-negative")
        b = w[None, None, :]
    b = np.broadcast_to(b, y.shape)
    if skipna:
        gone = np.isnan(y) | np.isnan(b)
        y = np.where(gone, 0.0, y)
        b = np.where(gone, 0.0, b)
    s = div(y, y.sum(axis=2, keepdims=True))
    p = div(b, b.sum(axis=2, keepdims=True))
    h = 0.5 * np.abs(s - p).sum(axis=2)
    return tidy_by(cube, "industry", {"hoover": h})


def herfindahl(
    df: pd.DataFrame,
    *,
    by: str = "region",
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Herfindahl–Hirschman index, its normalised form and the equivalent number of units.

    For ``by="region"`` with :math:`s_{ij} = e_{ij}/e_j` over the :math:`n` industries of the
    table (for ``by="industry"``: :math:`s_{ij} = e_{ij}/e_i` over the regions):

    .. math::

        HHI_j = \sum_i s_{ij}^2, \qquad
        HHI^{*}_j = \frac{HHI_j - 1/n}{1 - 1/n}, \qquad
        N^{eq}_j = \frac{1}{HHI_j}

    :math:`n` counts every unit of the table, zeros included (as REAT's ``length(x)``); with
    ``skipna=True`` NaN cells are left out of the shares and of :math:`n`.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    by : {"region", "industry"}
        Concentration of a region's employment over industries, or of an industry over regions.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Leave NaN cells out (``True``, with a warning) or let them make the index NaN.

    Returns
    -------
    pandas.DataFrame
        ``region[, time]`` (or ``industry[, time]``), ``hhi, hhi_normalised, equivalent_number``.
        ``hhi_normalised`` is NaN when :math:`n = 1`.

    References
    ----------
    Hirschman, A. O. (1964). The paternity of an index. *American Economic Review*, 54(5), 761.
    Dörsam, P. (2004). *Wirtschaftsstatistik anschaulich dargestellt*. Heidenau: PD-Verlag.
    Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox, R package (``herf``).

    Examples
    --------
    REAT's ``herf(c(20,50,20,10))`` is 0.34, normalised 0.12, equivalent number 2.94:

    >>> import pandas as pd
    >>> from helpers.indicators import herfindahl
    >>> df = pd.DataFrame({"plate": [6] * 4, "nace_division": [1, 2, 3, 4],
    ...                    "insured": [20, 50, 20, 10]})
    >>> herfindahl(df, time=None).iloc[0, 1:].round(4).tolist()
    [0.34, 0.12, 2.9412]
    """
    func = "herfindahl"
    check_choice(func, "by", by, _BY)
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    y = _orient(cube.data["value"], by)
    note_missing(cube, y, skipna, "shares")
    s = div(y, nsum(y, 2, skipna)[:, :, None])
    hhi = nsum(s**2, 2, skipna)
    n = (~np.isnan(y)).sum(axis=2) if skipna else np.full(hhi.shape, y.shape[2])
    norm = np.where(n > 1, div(hhi - div(1.0, n), 1.0 - div(1.0, n)), np.nan)
    return tidy_by(cube, by, {"hhi": hhi, "hhi_normalised": norm, "equivalent_number": div(1.0, hhi)})


def _lorenz_gini(y: np.ndarray, w: np.ndarray, skipna: bool):
    """Gini along the last axis of (T, K, N) values ``y`` with weights ``w``; also the count n."""
    bad = np.isnan(y) | np.isnan(w)
    n = (~bad).sum(axis=2)
    any_bad = bad.any(axis=2)
    y = np.where(bad, 0.0, y)
    w = np.where(bad, 0.0, w)
    order = np.argsort(y, axis=2, kind="stable")
    y_s = np.take_along_axis(y, order, axis=2)
    w_s = np.take_along_axis(w, order, axis=2)
    mass = y_s * w_s
    cum = div(np.cumsum(mass, axis=2), mass.sum(axis=2, keepdims=True))
    prev = np.concatenate([np.zeros(cum.shape[:2] + (1,)), cum[:, :, :-1]], axis=2)
    wn = div(w_s, w_s.sum(axis=2, keepdims=True))
    g = 1.0 - (wn * (prev + cum)).sum(axis=2)
    if not skipna:
        g = np.where(any_bad, np.nan, g)
    return g, n


def gini(
    df: pd.DataFrame,
    *,
    by: str = "region",
    weight: str | None = None,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Gini coefficient of the values over industries (``by="region"``) or over regions.

    With the :math:`n` values sorted ascending, :math:`Y_k` the cumulative share of the value
    (weighted, :math:`x_k w_k`) and :math:`w_k/W` the weight share (1/n without weights),

    .. math::

        G = 1 - \sum_{k=1}^{n} \frac{w_k}{W}\,(Y_{k-1} + Y_k), \quad Y_0 = 0, \qquad
        G^{*} = \frac{n}{n-1}\,G

    (Dörsam 2004, as REAT's ``gini``). Equal values give 0; one non-zero value among
    :math:`n` gives :math:`(n-1)/n`, which the normalised :math:`G^{*}` scales to 1.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    by : {"region", "industry"}
        Inequality within each region over its industries, or within each industry over regions.
    weight : str, optional
        Column of weights (e.g. persons in an income class, with ``value`` the mean income):
        the grouped-data Gini. Weights are sorted together with the values (REAT does not
        re-order them; the two agree when the values are given in ascending order).
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Leave NaN cells out (``True``, with a warning) or let them make the coefficient NaN.

    Returns
    -------
    pandas.DataFrame
        ``region[, time]`` (or ``industry[, time]``), ``gini, gini_normalised``.

    References
    ----------
    Gini, C. (1912). *Variabilità e mutabilità*. Bologna: Cuppini.
    Dörsam, P. (2004). *Wirtschaftsstatistik anschaulich dargestellt*. Heidenau: PD-Verlag.
    Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox, R package (``gini``).

    Examples
    --------
    REAT's ``gini(c(20,50,20,10))`` is 0.3, normalised 0.4:

    >>> import pandas as pd
    >>> from helpers.indicators import gini
    >>> df = pd.DataFrame({"plate": [6] * 4, "nace_division": [1, 2, 3, 4],
    ...                    "insured": [20, 50, 20, 10]})
    >>> gini(df, time=None)[["gini", "gini_normalised"]].round(4).values.tolist()
    [[0.3, 0.4]]
    """
    func = "gini"
    check_choice(func, "by", by, _BY)
    values = {"value": value} if weight is None else {"value": value, "weight": weight}
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time, values=values, absent=absent,
    )
    y = _orient(cube.data["value"], by)
    w = np.ones_like(y) if weight is None else _orient(cube.data["weight"], by)
    note_missing(cube, np.where(np.isnan(w), np.nan, y), skipna, "Lorenz curves")
    g, n = _lorenz_gini(y, w, skipna)
    norm = np.where(n > 1, g * div(n, n - 1), np.nan)
    return tidy_by(cube, by, {"gini": g, "gini_normalised": norm})


def locational_gini(
    df: pd.DataFrame,
    *,
    by: str = "industry",
    method: str = "krugman",
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Locational Gini: how unevenly an industry is spread relative to total employment.

    ``method="krugman"`` (Krugman 1991, as EconGeo's ``locational.Gini``): for industry
    :math:`i`, sort regions by :math:`e_{ij} / (e_j/e)` ascending, let :math:`X_k` be the
    cumulative share of total employment and :math:`Y_k` the cumulative share of the industry's
    employment over the first :math:`k` regions; the index is the area between the Lorenz curve
    and the diagonal,

    .. math::

        LG_i = \frac{1}{2}\sum_{k=2}^{R} \left( Y_k X_{k-1} - Y_{k-1} X_k \right) \in [0, 0.5].

    ``method="lq"`` (REAT's ``gini.conc``; ``gini.spec`` with ``by="region"``): the Gini of the
    :math:`n` location quotients of the industry, sorted ascending,

    .. math::

        G_i = \frac{2}{n^2 \,\overline{LQ}} \sum_{\lambda=1}^{n} \lambda\,(LQ_{(\lambda)} -
        \overline{LQ}).

    ``by="region"`` swaps the roles: a region's industries against the national structure
    (specialisation).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    by : {"industry", "region"}
        Concentration of industries (default) or specialisation of regions.
    method : {"krugman", "lq"}
        Employment-weighted Lorenz area (EconGeo) or unweighted Gini of LQs (REAT).
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        Leave NaN cells out (``True``, with a warning) or let them make the index NaN.

    Returns
    -------
    pandas.DataFrame
        ``industry[, time], locational_gini`` (or ``region[, time], locational_gini``).

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. Cambridge, MA: MIT Press (ch. 2).
    Balland, P.-A. (2017). EconGeo, R package (``locational.Gini``).
    Wieland, T. (2019). REAT, R package (``gini.conc``, ``gini.spec``).

    Examples
    --------
    Two regions of equal size; industry 10 sits entirely in one of them, industry 20 mirrors
    total employment:

    >>> import pandas as pd
    >>> from helpers.indicators import locational_gini
    >>> df = pd.DataFrame({"plate": [1, 1, 2, 2], "nace_division": [10, 20, 10, 20],
    ...                    "insured": [0, 50, 10, 40]})
    >>> locational_gini(df, time=None)["locational_gini"].round(4).tolist()
    [0.25, 0.0278]
    """
    func = "locational_gini"
    check_choice(func, "by", by, _BY)
    check_choice(func, "method", method, ("krugman", "lq"))
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x = cube.data["value"]
    note_missing(cube, x, skipna)
    y = _orient(x, by)  # (T, K, N)
    if method == "krugman":
        # benchmark: the N units' shares of the national total
        p = div(nsum(y, 1, skipna), nsum(y.reshape(y.shape[0], -1), 1, skipna)[:, None])[:, None, :]
        p = np.broadcast_to(p, y.shape)
        bad = np.isnan(y) | np.isnan(p)
        if skipna:
            y, p = np.where(bad, 0.0, y), np.where(bad, 0.0, p)
        ratio = np.nan_to_num(div(y, p), nan=0.0, posinf=np.inf)
        order = np.argsort(ratio, axis=2, kind="stable")
        y_s = np.take_along_axis(y, order, axis=2)
        p_s = np.take_along_axis(p, order, axis=2)
        cy = div(np.cumsum(y_s, axis=2), y_s.sum(axis=2, keepdims=True))
        cp = div(np.cumsum(p_s, axis=2), p_s.sum(axis=2, keepdims=True))
        lg = 0.5 * (cy[:, :, 1:] * cp[:, :, :-1] - cy[:, :, :-1] * cp[:, :, 1:]).sum(axis=2)
    else:
        e_j, e_i, e = totals(x, skipna)
        lq = _orient(div(div(x, e_j[:, :, None]), div(e_i, e[:, None])[:, None, :]), by)
        bad = np.isnan(lq)
        n = (~bad).sum(axis=2)
        lq_sorted = np.sort(lq, axis=2)  # NaN last
        lam = np.arange(1, lq.shape[2] + 1)[None, None, :]
        mean = div(np.nansum(lq, axis=2), n)
        dev = np.where(np.isnan(lq_sorted), 0.0, lam * (lq_sorted - mean[:, :, None]))
        lg = div(2.0 * dev.sum(axis=2), n**2 * mean)
        if not skipna:
            lg = np.where(bad.any(axis=2), np.nan, lg)
    return tidy_by(cube, by, {"locational_gini": lg})
