"""Indicators of a sector's surroundings: its strength in a group of other provinces (the rest of
the NUTS-2 region, the neighbouring provinces) and the related sectors a province is specialised in.

Both take one year of a tidy region × industry table (``region``, ``industry``, ``value``), compute
over all regions at once with numpy and return tidy tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import div


def _matrix(df: pd.DataFrame, region: str, industry: str, value: str) -> pd.DataFrame:
    x = df.pivot_table(index=region, columns=industry, values=value, aggfunc="sum", fill_value=0.0)
    return x.astype(float)


def group_lq(df: pd.DataFrame, members: pd.DataFrame, *, region: str = "plate", industry: str = "nace_division",
             value: str = "insured", name: str = "group") -> pd.DataFrame:
    r"""Location quotient and size of each industry in a *group of other regions* attached to each
    region (its neighbours, or the rest of its NUTS-2 region).

    With :math:`G_{ri} = \sum_{q \in N(r)} x_{qi}` (the members :math:`N(r)` of region :math:`r`,
    never :math:`r` itself):

    .. math::

        LQ^{group}_{ri} = \frac{G_{ri} / \sum_k G_{rk}}{\sum_q x_{qi} / \sum_{q,k} x_{qk}}

    Parameters
    ----------
    df : tidy table of one year, ``region, industry, value`` (missing cells count as 0).
    members : ``region, member`` pairs (e.g. :func:`helpers.neighbours.adjacency` renamed); a
        region paired with itself is ignored.
    name : suffix of the output columns.

    Returns
    -------
    DataFrame ``region, industry, lq_<name>, value_<name>``; NaN where the region has no members
    (or they have no activity at all).

    References
    ----------
    Delgado, M., Porter, M. E. and Stern, S. (2014). Clusters, convergence, and economic
    performance. *Research Policy*, 43(10), 1785–1799 (strength of the same cluster in
    neighbouring regions).

    Examples
    --------
    >>> df = pd.DataFrame({"plate": [1, 1, 2, 2, 3, 3], "nace_division": ["a", "b"] * 3,
    ...                    "insured": [10.0, 10.0, 30.0, 10.0, 0.0, 40.0]})
    >>> m = pd.DataFrame({"plate": [1, 1], "member": [2, 3]})
    >>> out = group_lq(df, m, name="nb")
    >>> round(float(out.loc[0, "lq_nb"]), 3), float(out.loc[0, "value_nb"])   # (30/80) / (40/100)
    (0.938, 30.0)
    """
    x = _matrix(df, region, industry, value)
    regions = x.index.to_numpy()
    pos = {r: i for i, r in enumerate(regions)}
    m = members[members[region] != members["member"]]
    m = m[m[region].isin(pos) & m["member"].isin(pos)]
    a = np.zeros((len(regions), len(regions)))
    a[m[region].map(pos).to_numpy(), m["member"].map(pos).to_numpy()] = 1.0
    g = a @ x.to_numpy()
    has = a.sum(axis=1) > 0
    tot = g.sum(axis=1, keepdims=True)
    nat = x.to_numpy().sum(axis=0) / x.to_numpy().sum()
    lq = div(div(g, tot), nat[None, :])
    lq[~has] = np.nan
    g[~has] = np.nan
    out = pd.DataFrame({region: np.repeat(regions, x.shape[1]), industry: np.tile(x.columns.to_numpy(), len(regions)),
                        f"lq_{name}": lq.ravel(), f"value_{name}": g.ravel()})
    return out


def related_variety(df: pd.DataFrame, relatedness: pd.DataFrame, *, k: int = 5, threshold: float = 1.0,
                    region: str = "plate", industry: str = "nace_division", value: str = "insured") -> pd.DataFrame:
    r"""How many of the ``k`` industries most related to :math:`i` region :math:`r` is specialised in.

    .. math::

        RV_{ri} = \sum_{k \in K_i} [LQ_{rk} \ge 1]

    with :math:`K_i` the ``k`` industries of highest relatedness :math:`\varphi_{ik}` to :math:`i`
    (:func:`helpers.indicators.relatedness`, ties broken by code). Unlike the relatedness density,
    which weighs every related industry, this counts the close neighbours in the industry space only
    (Frenken, Van Oort and Verburg 2007, related variety).

    Parameters
    ----------
    df : tidy table of one year, ``region, industry, value`` (missing cells count as 0).
    relatedness : output of :func:`helpers.indicators.relatedness` (``<industry>_1, <industry>_2,
        relatedness``).
    k : how many of the most related industries count.
    threshold : LQ from which a region counts as specialised.

    Returns
    -------
    DataFrame ``region, industry, related_variety`` (0 … k).

    References
    ----------
    Frenken, K., Van Oort, F. and Verburg, T. (2007). Related variety, unrelated variety and
    regional economic growth. *Regional Studies*, 41(5), 685–697.

    Examples
    --------
    >>> df = pd.DataFrame({"plate": [1, 1, 1, 2, 2, 2], "nace_division": list("abc") * 2,
    ...                    "insured": [10.0, 10.0, 0.0, 0.0, 0.0, 10.0]})
    >>> rel = pd.DataFrame({"nace_division_1": ["a", "a", "b", "b", "c", "c"],
    ...                     "nace_division_2": ["b", "c", "a", "c", "a", "b"],
    ...                     "relatedness": [0.9, 0.1, 0.9, 0.2, 0.1, 0.2]})
    >>> related_variety(df, rel, k=1)["related_variety"].tolist()
    [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    """
    x = _matrix(df, region, industry, value)
    xv = x.to_numpy()
    share = div(xv, xv.sum(axis=1, keepdims=True))
    nat = xv.sum(axis=0) / xv.sum()
    spec = (div(share, nat[None, :]) >= threshold).astype(float)
    codes = x.columns.to_numpy()
    idx = {c: i for i, c in enumerate(codes)}
    phi = np.zeros((len(codes), len(codes)))
    r1, r2 = f"{industry}_1", f"{industry}_2"
    rel = relatedness[relatedness[r1].isin(idx) & relatedness[r2].isin(idx)]
    phi[rel[r1].map(idx).to_numpy(), rel[r2].map(idx).to_numpy()] = rel["relatedness"].fillna(0.0).to_numpy()
    np.fill_diagonal(phi, -np.inf)
    top = np.argsort(-phi, axis=1, kind="stable")[:, :k]
    close = np.zeros_like(phi)
    np.put_along_axis(close, top, 1.0, axis=1)
    close[phi <= 0] = 0.0
    rv = spec @ close.T
    return pd.DataFrame({region: np.repeat(x.index.to_numpy(), len(codes)), industry: np.tile(codes, len(x)),
                         "related_variety": rv.ravel()})
