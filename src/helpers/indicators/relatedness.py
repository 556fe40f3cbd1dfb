r"""Relatedness between industries from co-location, and relatedness density of regions.

Industries are related when the same regions are specialised in both (Hidalgo et al. 2007;
the EconGeo conventions of Balland 2017). The binary specialisation matrix :math:`M` (regions ×
industries, :math:`M_{ri} = 1` where :math:`LQ_{ri} \ge 1`) gives the co-occurrence matrix
:math:`C = M^{\top} M`, whose diagonal is each industry's ubiquity.

Missing cells: a co-occurrence :math:`C_{ik}` is reported only when it is determined by the known
cells (a missing :math:`M_{ri}` does not matter where :math:`M_{rk} = 0`); otherwise it is NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    check_choice,
    check_columns,
    div,
    note_missing,
    reaches,
    tidy_cells,
    totals,
)

__all__ = ["relatedness", "relatedness_density"]

_METHODS = ("cosine", "jaccard", "association", "proximity", "co_occurrence")
_PRESENCE = ("lq", "binary")


def _presence(cube, x: np.ndarray, presence: str, threshold: float, skipna: bool) -> np.ndarray:
    """Binary matrix M (T, R, I): LQ >= threshold, or the value column itself when already 0/1."""
    if presence == "binary":
        ok = np.isnan(x) | (x == 0) | (x == 1)
        if not ok.all():
            raise ValueError(
                f"{cube.func}: presence='binary' needs a 0/1 value column, found "
                f"{np.unique(x[~ok])[:5].tolist()}"
            )
        return x
    note_missing(cube, x, skipna)
    e_j, e_i, e = totals(x, skipna)
    lq = div(div(x, e_j[:, :, None]), div(e_i, e[:, None])[:, None, :])
    return reaches(lq, threshold)


def _cooccurrence(m: np.ndarray, skipna: bool) -> np.ndarray:
    """C = M'M per period (T, I, I); NaN where a missing cell could change the count."""
    lo = np.nan_to_num(m, nan=0.0)
    c_lo = np.einsum("tri,trk->tik", lo, lo)
    if skipna:
        return c_lo
    hi = np.nan_to_num(m, nan=1.0)
    c_hi = np.einsum("tri,trk->tik", hi, hi)
    return np.where(c_lo == c_hi, c_lo, np.nan)


def _normalise(c: np.ndarray, method: str) -> np.ndarray:
    """Relatedness (T, I, I) from co-occurrences, EconGeo conventions, zero diagonal."""
    ubiquity = np.diagonal(c, axis1=1, axis2=2)
    c0 = c.copy()
    idx = np.arange(c.shape[1])
    c0[:, idx, idx] = 0.0
    if method == "co_occurrence":
        return c0
    s = c0.sum(axis=2)  # S_i = sum_k C_ik (zero diagonal), NaN propagates
    s_i, s_k = s[:, :, None], s[:, None, :]
    if method == "cosine":
        den = np.sqrt(s_i * s_k)
    elif method == "jaccard":
        den = s_i + s_k - c0
    elif method == "association":
        total = c0.sum(axis=(1, 2))[:, None, None]
        den = div(s_i * s_k, total)
    else:  # proximity (Hidalgo et al. 2007): C / max(ubiquity_i, ubiquity_k)
        den = np.maximum(ubiquity[:, :, None], ubiquity[:, None, :])
    rel = div(c0, den)
    rel = np.where((den == 0) & ~np.isnan(c0), 0.0, rel)  # EconGeo: 0/0 -> 0 (no co-occurrence)
    rel[:, idx, idx] = 0.0
    return rel


def relatedness(
    df: pd.DataFrame,
    *,
    method: str = "cosine",
    presence: str = "lq",
    threshold: float = 1.0,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Relatedness between pairs of industries from their co-specialisation across regions.

    With :math:`C_{ik} = \sum_r M_{ri} M_{rk}` (:math:`i \ne k`; the diagonal set to 0),
    :math:`S_i = \sum_k C_{ik}`, :math:`T = \sum_{ik} C_{ik}` and the ubiquity
    :math:`u_i = \sum_r M_{ri}`:

    .. math::

        \text{cosine}_{ik} = \frac{C_{ik}}{\sqrt{S_i S_k}}, \quad
        \text{jaccard}_{ik} = \frac{C_{ik}}{S_i + S_k - C_{ik}}, \quad
        \text{association}_{ik} = \frac{C_{ik}/T}{(S_i/T)(S_k/T)}, \quad
        \text{proximity}_{ik} = \frac{C_{ik}}{\max(u_i, u_k)}

    (EconGeo's ``relatedness`` on ``co.occurrence`` for the first three; the Hidalgo et al.
    proximity for the last). A ratio 0/0 is 0, as in EconGeo (industries that never co-occur).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    method : {"cosine", "jaccard", "association", "proximity", "co_occurrence"}
        Normalisation; ``"co_occurrence"`` returns :math:`C` itself in ``relatedness``.
    presence : {"lq", "binary"}
        ``"lq"``: :math:`M_{ri} = 1` where :math:`LQ_{ri} \ge` ``threshold``. ``"binary"``: the value
        column already holds :math:`M` (0/1).
    threshold : float
        LQ cut-off for ``presence="lq"``.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        ``True``: LQ totals over reported cells, and co-occurrences count only regions where both
        industries are known (pairwise complete). ``False``: NaN propagates.

    Returns
    -------
    pandas.DataFrame
        ``<industry>_1, <industry>_2[, time], co_occurrence, relatedness`` for every ordered pair
        of different industries.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007). The product space
    conditions the development of nations. *Science*, 317, 482–487.
    van Eck, N. J. and Waltman, L. (2009). How to normalize cooccurrence data? *JASIST*, 60(8),
    1635–1651. Balland, P.-A. (2017). EconGeo, R package (``co.occurrence``, ``relatedness``).

    Examples
    --------
    The Hidalgo–Hausmann 4 × 4 toy network (EconGeo), already binary:

    >>> import pandas as pd
    >>> from helpers.indicators import relatedness
    >>> m = [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]]
    >>> df = pd.DataFrame([(f"C{r+1}", f"P{p+1}", m[r][p]) for r in range(4) for p in range(4)],
    ...                   columns=["plate", "nace_division", "insured"])
    >>> out = relatedness(df, time=None, presence="binary", method="proximity")
    >>> p3 = out[out["nace_division_1"] == "P3"]
    >>> p3["nace_division_2"].tolist(), p3["co_occurrence"].tolist()
    (['P1', 'P2', 'P4'], [1.0, 1.0, 2.0])
    >>> p3["relatedness"].round(4).tolist()
    [0.5, 0.5, 0.6667]
    """
    func = "relatedness"
    check_choice(func, "method", method, _METHODS)
    check_choice(func, "presence", presence, _PRESENCE)
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    m = _presence(cube, cube.data["value"], presence, threshold, skipna)
    c = _cooccurrence(m, skipna)
    rel = _normalise(c, method)
    return _tidy_pairs(cube, {"co_occurrence": c, "relatedness": rel})


def _tidy_pairs(cube, metrics) -> pd.DataFrame:
    T, _, I = cube.shape
    i1, i2 = np.meshgrid(np.arange(I), np.arange(I), indexing="ij")
    off = i1 != i2
    i1, i2 = i1[off], i2[off]
    n = len(i1)
    cols = {
        f"{cube.industry}_1": cube.industries.take(np.repeat(i1, T)),
        f"{cube.industry}_2": cube.industries.take(np.repeat(i2, T)),
    }
    if cube.times is not None:
        cols[cube.time] = cube.times.take(np.tile(np.arange(T), n))
    for name, a in metrics.items():
        cols[name] = a[:, i1, i2].T.reshape(-1)
    return pd.DataFrame(cols)


def _phi_from_frame(cube, frame: pd.DataFrame) -> np.ndarray:
    """Pivot a relatedness() output to (T or 1, I, I) aligned with the cube's industries."""
    c1, c2 = f"{cube.industry}_1", f"{cube.industry}_2"
    use_time = cube.time is not None and cube.time in frame.columns
    roles = {"industry_1": c1, "industry_2": c2, "relatedness": "relatedness"}
    check_columns(cube.func, frame, roles)
    keys = [c1, c2] + ([cube.time] if use_time else [])
    dup = frame.duplicated(keys, keep=False)
    if dup.any():
        raise ValueError(
            f"{cube.func}: the relatedness table has duplicated pairs, e.g. "
            f"{frame.loc[dup, keys].iloc[0].to_dict()}"
        )
    known = pd.Index(pd.unique(pd.concat([frame[c1], frame[c2]])))
    missing = cube.industries.difference(known)
    if len(missing):
        raise ValueError(
            f"{cube.func}: the relatedness table lacks {len(missing)} industr(y/ies) of the data, "
            f"e.g. {list(missing[:5])}"
        )
    a = cube.industries.get_indexer(frame[c1])
    b = cube.industries.get_indexer(frame[c2])
    vals = pd.to_numeric(frame["relatedness"]).to_numpy(dtype=float, na_value=np.nan)
    if use_time:
        t = cube.times.get_indexer(frame[cube.time])
        missing_t = [cube.times[k] for k in range(len(cube.times)) if k not in set(t)]
        if missing_t:
            raise ValueError(f"{cube.func}: the relatedness table has no rows for periods {missing_t}")
        n_t = len(cube.times)
    else:
        t = np.zeros(len(frame), dtype=np.intp)
        n_t = 1
    keep = (a >= 0) & (b >= 0) & (t >= 0)
    I = len(cube.industries)
    phi = np.full((n_t, I, I), np.nan)
    phi[t[keep], a[keep], b[keep]] = vals[keep]
    idx = np.arange(I)
    phi[:, idx, idx] = 0.0
    return phi


def relatedness_density(
    df: pd.DataFrame,
    *,
    relatedness: pd.DataFrame | None = None,
    method: str = "cosine",
    presence: str = "lq",
    threshold: float = 1.0,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Relatedness density: how much of what is related to industry :math:`i` region :math:`r` has.

    .. math::

        RD_{ri} = 100 \cdot \frac{\sum_{k \ne i} M_{rk}\,\varphi_{ki}}{\sum_{k \ne i} \varphi_{ki}}

    with :math:`M` the binary specialisation matrix and :math:`\varphi` the relatedness between
    industries (diagonal 0), in percent as EconGeo's ``relatedness.density`` (which also rounds to
    integers; this function does not round).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    relatedness : pandas.DataFrame, optional
        Output of :func:`relatedness` (``<industry>_1, <industry>_2[, time], relatedness``).
        With a time column it is matched period by period; without, it is used for every period.
        Default: computed from ``df`` with ``method`` and the same presence rule.
    method : {"cosine", "jaccard", "association", "proximity", "co_occurrence"}
        Normalisation used when ``relatedness`` is not given.
    presence : {"lq", "binary"}
        How :math:`M` is read from the value column (see :func:`relatedness`).
    threshold : float
        LQ cut-off for ``presence="lq"``.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        ``True``: industries with an unknown :math:`M_{rk}` are left out of the region's
        numerator and denominator. ``False``: the density is NaN unless the unknown cells have
        zero relatedness to :math:`i`.

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], specialised, relatedness_density`` (percent). NaN where
        :math:`\sum_k \varphi_{ki} = 0` (an industry related to nothing).

    References
    ----------
    Hidalgo, C. A. et al. (2007). The product space conditions the development of nations.
    *Science*, 317, 482–487. Boschma, R., Balland, P.-A. and Kogler, D. F. (2015). Relatedness
    and technological change in cities. *Industrial and Corporate Change*, 24(1), 223–250.
    Balland, P.-A. (2017). EconGeo, R package (``relatedness.density``).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.indicators import relatedness_density
    >>> m = [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]]
    >>> df = pd.DataFrame([(f"C{r+1}", f"P{p+1}", m[r][p]) for r in range(4) for p in range(4)],
    ...                   columns=["plate", "nace_division", "insured"])
    >>> out = relatedness_density(df, time=None, presence="binary", method="proximity")
    >>> out[out["plate"] == "C4"]["relatedness_density"].round(2).tolist()
    [25.0, 25.0, 40.0, 0.0]
    """
    func = "relatedness_density"
    check_choice(func, "method", method, _METHODS)
    check_choice(func, "presence", presence, _PRESENCE)
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    m = _presence(cube, cube.data["value"], presence, threshold, skipna)
    if relatedness is None:
        phi = _normalise(_cooccurrence(m, skipna), method)
    else:
        phi = _phi_from_frame(cube, relatedness)
    phi = np.broadcast_to(phi, (m.shape[0],) + phi.shape[1:])
    known = (~np.isnan(m)).astype(float)
    lo = np.nan_to_num(m, nan=0.0)
    if skipna:
        num = lo @ phi
        den = known @ phi
    else:
        num = lo @ phi
        num_hi = np.nan_to_num(m, nan=1.0) @ phi
        num = np.where(num == num_hi, num, np.nan)
        den = phi.sum(axis=1)[:, None, :]
    density = 100.0 * div(num, den)
    return tidy_cells(cube, {"specialised": m, "relatedness_density": density})
