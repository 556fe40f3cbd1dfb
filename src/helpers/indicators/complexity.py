r"""Economic complexity (ECI/PCI), density, complexity outlook index and gain.

Reproduces the output of the Harvard Growth Lab's Stata command ``ecomplexity`` (the ground
truth that ``py-ecomplexity``'s tests compare with), here with regions in place of countries and
industries in place of products.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import build_cube, div, reaches, tidy_cells, warn

__all__ = ["complexity"]

_OUTPUTS = ("rca", "M", "diversity", "ubiquity", "density", "eci", "pci", "coi", "cog")


def _network(m: np.ndarray) -> dict[str, np.ndarray]:
    """ECI, PCI, density, COI, COG for a binary matrix with no empty row or column."""
    n_r, n_p = m.shape
    kc0 = m.sum(axis=1)
    kp0 = m.sum(axis=0)
    # M_pp' = sum_c M_cp M_cp' / (k_c k_p) is similar to a symmetric matrix: use eigh on it
    root = np.sqrt(kp0)
    a = m / kc0[:, None]
    sym = (m / root[None, :]).T @ (a / root[None, :])
    _, vecs = np.linalg.eigh((sym + sym.T) / 2.0)
    kp = vecs[:, -2] / root  # eigenvector of the second-largest eigenvalue
    kc = a @ kp
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(kc0, kc)[0, 1] if n_r > 1 else np.nan
    sign = -1.0 if r < 0 else 1.0
    kp, kc = sign * kp, sign * kc

    co = m.T @ m
    phi = div(co, np.maximum(kp0[:, None], kp0[None, :]))
    np.fill_diagonal(phi, 0.0)
    col = phi.sum(axis=0)
    density = div(m @ phi, col[None, :])
    absent = 1.0 - m
    coi = (density * absent * kp[None, :]).sum(axis=1)
    row = phi.sum(axis=1)
    weight = np.where(row > 0, div(kp, row), 0.0)
    cog = absent * (absent @ (phi * weight[:, None]))

    # Stata normalises over all region x industry rows (each region repeated n_p times), sd n-1
    n_rows = n_r * n_p
    mean = kc.mean()
    sd = np.sqrt(n_p * ((kc - mean) ** 2).sum() / (n_rows - 1))
    coi_mean = coi.mean()
    coi_sd = np.sqrt(n_p * ((coi - coi_mean) ** 2).sum() / (n_rows - 1))
    return {
        "eci": div(kc - mean, sd),
        "pci": div(kp - mean, sd),
        "density": density,
        "coi": div(coi - coi_mean, coi_sd),
        "cog": div(cog, sd),
    }


def complexity(
    df: pd.DataFrame,
    *,
    rca_threshold: float = 1.0,
    region: str = "plate",
    industry: str = "nace_division",
    time: str | None = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Economic Complexity Index of regions and Product (industry) Complexity Index, per period.

    .. math::

        RCA_{ri} &= \frac{e_{ri}/e_r}{e_i/e}, \qquad M_{ri} = \mathbb{1}[RCA_{ri} \ge 1], \qquad
        k_{r,0} = \sum_i M_{ri}, \qquad k_{i,0} = \sum_r M_{ri} \\
        \tilde M_{ii'} &= \sum_r \frac{M_{ri} M_{ri'}}{k_{r,0}\,k_{i,0}}, \qquad
        \tilde M \vec{k}_i = \lambda_2 \vec{k}_i, \qquad k_r = \frac{1}{k_{r,0}}\sum_i M_{ri} k_i

    with :math:`\vec k_i` the eigenvector of the second-largest eigenvalue, its sign chosen so
    that :math:`k_r` correlates positively with diversity :math:`k_{r,0}`. Then
    :math:`ECI = (k_r - \mu)/\sigma` and :math:`PCI = (k_i - \mu)/\sigma`, where :math:`\mu` and
    :math:`\sigma` (denominator :math:`n - 1`) are taken over all region × industry rows of
    :math:`k_r`. Proximity :math:`\varphi_{ii'} = \sum_r M_{ri}M_{ri'} / \max(k_{i,0}, k_{i',0})`
    with zero diagonal;

    .. math::

        \text{density}_{ri} = \frac{\sum_{i'} M_{ri'}\varphi_{i'i}}{\sum_{i'}\varphi_{i'i}}, \quad
        COI_r = \sum_i \text{density}_{ri}(1 - M_{ri})\,k_i, \quad
        COG_{ri} = (1 - M_{ri}) \sum_{i'} (1 - M_{ri'})\,\varphi_{i'i}
                   \frac{k_{i'}}{\sum_{i''}\varphi_{i'i''}}

    with COI standardised over rows and COG divided by :math:`\sigma`, as the Stata command does.

    Conventions (those of the Stata ground truth): regions and industries with a zero total in a
    period are left out of that period (their rows are NaN, with a warning), :math:`M = 1` where
    :math:`RCA \ge 1`. The PyPI release of ``py-ecomplexity`` 0.5.3 keeps 1 on the proximity
    diagonal and does not match the Stata density; this function follows Stata.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry [× time].
    rca_threshold : float
        :math:`M_{ri} = 1` where :math:`RCA_{ri} \ge` this value.
    region, industry, time, value : str
        Column roles. ``time=None`` for a table without a time dimension.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        ``False`` (default): a period with any NaN cell has no defined network; all its outputs
        are NaN (with a warning). ``True``: totals use the reported cells and a NaN cell counts as
        :math:`M = 0` in the network; its own ``rca`` and ``M`` are reported NaN (with a warning).

    Returns
    -------
    pandas.DataFrame
        ``region, industry[, time], rca, M, diversity, ubiquity, density, eci, pci, coi, cog``.
        ``eci``, ``diversity`` and ``coi`` repeat over the region's rows, ``pci`` and ``ubiquity``
        over the industry's rows.

    References
    ----------
    Hidalgo, C. A. and Hausmann, R. (2009). The building blocks of economic complexity. *PNAS*,
    106(26), 10570–10575. Hausmann, R., Hidalgo, C. A. et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press. Growth Lab at Harvard, Stata command ``ecomplexity`` and Python
    package ``py-ecomplexity`` (github.com/cid-harvard).

    Examples
    --------
    Three regions, three industries: A is specialised in industry 3, which no other region has,
    C only in industry 1, which B has too.

    >>> import pandas as pd
    >>> from helpers.indicators import complexity
    >>> vals = {"A": [10, 20, 30], "B": [30, 20, 2], "C": [60, 5, 2]}
    >>> df = pd.DataFrame([(r, i + 1, v) for r, vs in vals.items() for i, v in enumerate(vs)],
    ...                   columns=["plate", "nace_division", "insured"])
    >>> out = complexity(df, time=None)
    >>> out["M"].tolist()
    [0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    >>> out.drop_duplicates("plate")["eci"].round(4).tolist()
    [1.2342, -0.1801, -1.0541]
    """
    func = "complexity"
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    x_all = cube.data["value"]
    T, R, I = cube.shape
    out = {name: np.full((T, R, I), np.nan) for name in _OUTPUTS}
    dropped_r = dropped_i = 0
    for t in range(T):  # a handful of periods
        x = x_all[t]
        label = "" if cube.times is None else f" {cube.times[t]!r}"
        n_nan = int(np.isnan(x).sum())
        if n_nan and not skipna:
            warn(
                f"{func}: period{label} has {n_nan} missing (NaN) cell(s); the complexity network "
                "is undefined and all its outputs are NaN. Pass skipna=True to treat them as "
                "M = 0 in the network."
            )
            continue
        if n_nan:
            warn(
                f"{func}: period{label}: {n_nan} missing (NaN) cell(s) are left out of the totals "
                "and count as M = 0 in the network (skipna=True); their rca and M are NaN."
            )
        e_r = np.nansum(x, axis=1)
        e_i = np.nansum(x, axis=0)
        rows = np.flatnonzero(e_r > 0)
        cols = np.flatnonzero(e_i > 0)
        dropped_r += R - len(rows)
        dropped_i += I - len(cols)
        xa = x[np.ix_(rows, cols)]
        e = e_r[rows].sum()
        rca = div(div(xa, e_r[rows][:, None]), div(e_i[cols], e)[None, :])
        m = reaches(rca, rca_threshold)
        m_net = np.nan_to_num(m, nan=0.0)
        kc0, kp0 = m_net.sum(axis=1), m_net.sum(axis=0)
        out["rca"][t][np.ix_(rows, cols)] = rca
        out["M"][t][np.ix_(rows, cols)] = m
        out["diversity"][t][np.ix_(rows, cols)] = np.broadcast_to(kc0[:, None], m.shape)
        out["ubiquity"][t][np.ix_(rows, cols)] = np.broadcast_to(kp0[None, :], m.shape)
        ok_r, ok_i = np.flatnonzero(kc0 > 0), np.flatnonzero(kp0 > 0)
        if len(ok_r) < len(rows) or len(ok_i) < len(cols):
            warn(
                f"{func}: period{label}: {len(rows) - len(ok_r)} region(s) with diversity 0 and "
                f"{len(cols) - len(ok_i)} industr(y/ies) with ubiquity 0 are left out of the "
                "network; their eci/pci/density/coi/cog are NaN."
            )
        if len(ok_r) < 2 or len(ok_i) < 2:
            warn(f"{func}: period{label}: fewer than two regions or industries; no complexity.")
            continue
        net = _network(m_net[np.ix_(ok_r, ok_i)])
        rr, ii = rows[ok_r], cols[ok_i]
        shape = (len(rr), len(ii))
        out["eci"][t][np.ix_(rr, ii)] = np.broadcast_to(net["eci"][:, None], shape)
        out["coi"][t][np.ix_(rr, ii)] = np.broadcast_to(net["coi"][:, None], shape)
        out["pci"][t][np.ix_(rr, ii)] = np.broadcast_to(net["pci"][None, :], shape)
        out["density"][t][np.ix_(rr, ii)] = net["density"]
        out["cog"][t][np.ix_(rr, ii)] = net["cog"]
    if dropped_r or dropped_i:
        warn(
            f"{func}: {dropped_r} region-period(s) and {dropped_i} industry-period(s) with a zero "
            "total were left out (as the Stata command does); their rows are NaN."
        )
    return tidy_cells(cube, out)
