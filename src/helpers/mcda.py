"""Multi-criteria decision analysis (MCDA): pure scoring methods on a decision matrix.

Everything here works on plain numbers: a decision matrix ``X`` with one row per alternative
(``m`` rows) and one column per criterion (``n`` columns), a weight vector ``w`` (``n`` values,
non-negative, rescaled to sum to 1) and a type vector ``t`` (``+1`` benefit: more is better,
``-1`` cost: less is better). Nothing here knows about sectors, provinces or the criteria file;
:mod:`helpers.criteria` builds the matrix and calls these functions.

Methods
-------
- :func:`weighted_sum` -- simple additive weighting (min-max normalised by default).
- :func:`topsis` -- closeness to the ideal, vector normalisation (Opricovic & Tzeng 2004, sec. 3).
- :func:`promethee_ii` -- net outranking flows, "usual" preference function by default
  (Brans & Vincke 1985; the worked example of Zhao, Peng & Li 2013 is a test fixture).
- :func:`waspas` -- weighted sum / weighted product mix (Zavadskas et al. 2012; Chakraborty et al.
  2015 is a test fixture).
- :func:`ahp_weights` -- weights from a reciprocal pairwise-comparison matrix (Saaty 1980),
  principal eigenvector, consistency index and ratio; :class:`AHPInconsistentError` if CR > 0.10.
- :func:`rank_scores`, :func:`spearman`, :func:`kendall_tau` -- ranks and rank correlations in
  numpy (no scipy).

The workbook implements these itself (about 300 lines of numpy) instead of depending on pymcdm:
see ``docs/methods.md`` for the reasons and for the checks against published values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

__all__ = [
    "AHPInconsistentError",
    "AHPResult",
    "RANDOM_INDEX",
    "ahp_weights",
    "kendall_tau",
    "normalise",
    "promethee_ii",
    "rank_scores",
    "spearman",
    "topsis",
    "waspas",
    "weighted_sum",
]

#: Saaty's random consistency index RI(n) (Saaty 1980, Table 1.7; the values used by most
#: software: 0.58 for n = 3, 0.90 for n = 4, ... 1.59 for n = 15). RI(1) = RI(2) = 0: every
#: 1x1 and 2x2 reciprocal matrix is consistent.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
    10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}

_NORMALISATIONS = ("minmax", "vector", "max", "sum", "none")


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------
def _as_matrix(matrix) -> np.ndarray:
    try:
        x = np.asarray(matrix.to_numpy() if hasattr(matrix, "to_numpy") else matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"matrix must be numeric (alternatives x criteria): {exc}") from None
    if x.ndim != 2:
        raise ValueError(f"matrix must be 2-D (alternatives x criteria); got {x.ndim}-D, shape {x.shape}")
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"matrix needs at least one alternative and one criterion; got shape {x.shape}")
    bad = ~np.isfinite(x)
    if bad.any():
        cells = [f"(row {i}, col {j})" for i, j in zip(*np.nonzero(bad))][:5]
        raise ValueError(f"matrix contains NaN or infinite values at {', '.join(cells)}")
    return x


def _validate(matrix, weights, types, rescale: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (X, w, t) as float arrays with w rescaled to sum 1 (unless ``rescale`` is False);
    raise ValueError if invalid."""
    x = _as_matrix(matrix)
    n = x.shape[1]
    try:
        w = np.asarray(weights.to_numpy() if hasattr(weights, "to_numpy") else weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"weights must be numeric: {exc}") from None
    if w.ndim != 1 or w.shape[0] != n:
        raise ValueError(f"weights must be a vector of length {n} (one per criterion); got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"weights contain NaN or infinite values: {w.tolist()}")
    if np.any(w < 0):
        raise ValueError(f"weights must be >= 0; got {w.tolist()}")
    if w.sum() <= 0:
        raise ValueError("weights sum to 0; at least one criterion needs a positive weight")
    if rescale:
        w = w / w.sum()
    try:
        t = np.asarray(types.to_numpy() if hasattr(types, "to_numpy") else types, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"types must be +1 (benefit) or -1 (cost): {exc}") from None
    if t.ndim != 1 or t.shape[0] != n:
        raise ValueError(f"types must be a vector of length {n} (one per criterion); got shape {t.shape}")
    if not np.all(np.isin(t, (1.0, -1.0))):
        raise ValueError(f"types must be +1 (benefit) or -1 (cost); got {t.tolist()}")
    return x, w, t


# --------------------------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------------------------
def normalise(matrix, types, method: str = "minmax") -> np.ndarray:
    r"""Normalise a decision matrix column by column.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Decision matrix.
    types : array_like, shape (n,)
        ``+1`` benefit, ``-1`` cost.
    method : {"minmax", "vector", "max", "sum", "none"}
        - ``minmax`` (benefit-oriented): :math:`r_{ij} = (x_{ij} - \min_i x_{ij}) / (\max_i x_{ij} - \min_i x_{ij})`
          for benefit, :math:`(\max_i x_{ij} - x_{ij}) / (\max - \min)` for cost; a constant
          column becomes 0 (it cannot discriminate).
        - ``vector``: :math:`r_{ij} = x_{ij} / \sqrt{\sum_i x_{ij}^2}`; direction is *not*
          applied (TOPSIS handles it through the ideal points); an all-zero column stays 0.
        - ``max`` (linear, Chakraborty et al. 2015): :math:`x_{ij} / \max_i x_{ij}` (benefit),
          :math:`\min_i x_{ij} / x_{ij}` (cost); needs positive values.
        - ``sum``: :math:`x_{ij} / \sum_i x_{ij}` (benefit), :math:`(1/x_{ij}) / \sum_i (1/x_{ij})`
          (cost); needs positive values.
        - ``none``: values unchanged, cost columns negated.

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Examples
    --------
    >>> normalise([[1.0, 10.0], [3.0, 20.0]], [1, -1]).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    x = _as_matrix(matrix)
    t = np.asarray(types, dtype=float)
    if t.shape != (x.shape[1],) or not np.all(np.isin(t, (1.0, -1.0))):
        raise ValueError(f"types must be {x.shape[1]} values of +1 or -1; got {t.tolist()}")
    if method not in _NORMALISATIONS:
        raise ValueError(f"unknown normalisation {method!r}; expected one of {_NORMALISATIONS}")
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        r = np.where(t > 0, (x - lo) / safe, (hi - x) / safe)
        return np.where(span > 0, r, 0.0)
    if method == "vector":
        norm = np.sqrt((x**2).sum(axis=0))
        return x / np.where(norm > 0, norm, 1.0)
    if method in ("max", "sum"):
        if np.any(x <= 0):
            raise ValueError(f"normalisation {method!r} needs strictly positive values")
        if method == "max":
            return np.where(t > 0, x / x.max(axis=0), x.min(axis=0) / x)
        inv = 1.0 / x
        return np.where(t > 0, x / x.sum(axis=0), inv / inv.sum(axis=0))
    return x * t


# --------------------------------------------------------------------------------------------
# methods
# --------------------------------------------------------------------------------------------
def weighted_sum(matrix, weights, types, normalisation: str = "minmax") -> np.ndarray:
    r"""Weighted sum model (simple additive weighting).

    .. math::

        S_i = \sum_{j=1}^{n} w_j \, r_{ij}, \qquad \sum_j w_j = 1

    with :math:`r_{ij}` the normalised value (see :func:`normalise`). The workbook's default is
    min-max normalisation, so every criterion runs from 0 (worst alternative) to 1 (best) and
    :math:`S_i \in [0, 1]`. Libraries differ here (column-sum vs min-max): with ``"sum"`` the
    scores are those of a column-sum SAW. Reference: Fishburn (1967); Triantaphyllou (2000),
    *Multi-criteria decision making methods: a comparative study*, ch. 2.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
    weights : array_like, shape (n,)
        Non-negative; rescaled to sum 1.
    types : array_like, shape (n,)
        ``+1`` benefit, ``-1`` cost.
    normalisation : {"minmax", "vector", "max", "sum", "none"}

    Returns
    -------
    numpy.ndarray, shape (m,)
        Scores, higher is better.

    Examples
    --------
    >>> weighted_sum([[1, 5], [3, 1], [2, 3]], [0.5, 0.5], [1, 1]).round(3).tolist()
    [0.5, 0.5, 0.5]
    >>> weighted_sum([[1, 5], [3, 1], [2, 3]], [0.8, 0.2], [1, 1]).round(3).tolist()
    [0.2, 0.8, 0.5]
    """
    x, w, t = _validate(matrix, weights, types)
    r = normalise(x, t, normalisation)
    if normalisation == "vector":  # vector normalisation keeps the sign; orient costs here
        r = np.where(t > 0, r, -r)
    return r @ w


def topsis(matrix, weights, types, normalisation: str = "vector") -> np.ndarray:
    r"""TOPSIS closeness coefficient (Hwang & Yoon 1981), vector normalisation.

    Follows the steps as stated by Opricovic & Tzeng (2004, sec. 3):

    .. math::

        r_{ij} = \frac{x_{ij}}{\sqrt{\sum_{i} x_{ij}^{2}}}, \quad v_{ij} = w_j r_{ij}, \\
        A^{+}_j = \max_i v_{ij} \text{ (benefit) or } \min_i v_{ij} \text{ (cost)}, \quad
        A^{-}_j = \min_i v_{ij} \text{ (benefit) or } \max_i v_{ij} \text{ (cost)}, \\
        D^{\pm}_i = \sqrt{\sum_j (v_{ij} - A^{\pm}_j)^2}, \qquad
        C_i = \frac{D^{-}_i}{D^{+}_i + D^{-}_i} \in [0, 1].

    If :math:`D^+_i + D^-_i = 0` (all alternatives identical) :math:`C_i = 0.5`.
    ``normalisation="minmax"`` gives the min-max (linear) variant; it is invariant to shifting a
    criterion's scale, which vector normalisation is not.

    References: Hwang, C.-L. & Yoon, K. (1981), *Multiple Attribute Decision Making*, Springer;
    Opricovic, S. & Tzeng, G.-H. (2004), Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS, *EJOR* 156(2), 445-455, doi:10.1016/S0377-2217(03)00020-1.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
    weights : array_like, shape (n,)
    types : array_like, shape (n,)
    normalisation : {"vector", "minmax"}

    Returns
    -------
    numpy.ndarray, shape (m,)
        Closeness coefficients, higher is better.

    Examples
    --------
    The mountain-climbing example of Opricovic & Tzeng (2004): risk (cost) and altitude (benefit).

    >>> topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [-1, 1]).round(3).tolist()
    [0.762, 0.722, 0.238]
    >>> topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [-1, 1], "minmax").round(3).tolist()
    [0.5, 0.617, 0.5]
    """
    if normalisation not in ("vector", "minmax"):
        raise ValueError(f"topsis normalisation must be 'vector' or 'minmax'; got {normalisation!r}")
    x, w, t = _validate(matrix, weights, types)
    return _topsis_core(normalise(x, t, normalisation), w[None, :], t, oriented=normalisation == "minmax")[0]


def _topsis_core(r: np.ndarray, w: np.ndarray, t: np.ndarray, oriented: bool) -> np.ndarray:
    """Closeness for one or many weight vectors. r: (m, n); w: (k, n) -> (k, m)."""
    v = r[None, :, :] * w[:, None, :]  # (k, m, n)
    if oriented:  # all benefit after min-max orientation
        best, worst = v.max(axis=1), v.min(axis=1)
    else:
        best = np.where(t > 0, v.max(axis=1), v.min(axis=1))
        worst = np.where(t > 0, v.min(axis=1), v.max(axis=1))
    d_plus = np.sqrt(((v - best[:, None, :]) ** 2).sum(axis=2))
    d_minus = np.sqrt(((v - worst[:, None, :]) ** 2).sum(axis=2))
    denom = d_plus + d_minus
    return np.where(denom > 0, d_minus / np.where(denom > 0, denom, 1.0), 0.5)


_PREFERENCES = ("usual", "linear", "vshape")


def _unicriterion_flows(x: np.ndarray, t: np.ndarray, preference: str, q, p) -> np.ndarray:
    """Per-criterion net flows phi_j(a) (m, n); PROMETHEE II net flow = phi @ w."""
    m, n = x.shape
    if preference not in _PREFERENCES:
        raise ValueError(f"unknown preference function {preference!r}; expected one of {_PREFERENCES}")
    d = (x[:, None, :] - x[None, :, :]) * t  # d[a, b, j] > 0: a better than b on j
    if preference == "usual":
        pref = (d > 0).astype(float)
    else:
        p_arr = np.broadcast_to(np.asarray(p if p is not None else np.nan, dtype=float), (n,))
        q_arr = np.broadcast_to(np.asarray(0.0 if (q is None or preference == "vshape") else q, dtype=float), (n,))
        if not np.all(np.isfinite(p_arr)) or np.any(p_arr <= 0):
            raise ValueError(f"preference {preference!r} needs a preference threshold p > 0 per criterion; got {p!r}")
        if np.any(q_arr < 0) or np.any(q_arr >= p_arr):
            raise ValueError(f"indifference threshold q must satisfy 0 <= q < p; got q={q!r}, p={p!r}")
        pref = np.clip((d - q_arr) / (p_arr - q_arr), 0.0, 1.0)
    if m == 1:
        return np.zeros((1, n))
    return (pref.sum(axis=1) - pref.sum(axis=0)) / (m - 1)


def promethee_ii(matrix, weights, types, preference: str = "usual", q=None, p=None) -> np.ndarray:
    r"""PROMETHEE II net outranking flows (Brans & Vincke 1985).

    For each pair of alternatives and each criterion the difference
    :math:`d_j(a, b) = t_j\,(x_{aj} - x_{bj})` is turned into a preference degree
    :math:`P_j(a, b) \in [0, 1]`; with the default *usual* function
    :math:`P_j(a, b) = 1` if :math:`d_j(a, b) > 0` else 0 (only the order matters, no thresholds).
    ``"linear"`` uses :math:`P = \min(1, \max(0, (d - q_j)/(p_j - q_j)))` (V-shape with
    indifference), ``"vshape"`` the same with :math:`q_j = 0`.

    .. math::

        \pi(a, b) = \sum_j w_j P_j(a, b), \qquad
        \phi^{+}(a) = \frac{1}{m-1}\sum_{b \ne a} \pi(a, b), \qquad
        \phi^{-}(a) = \frac{1}{m-1}\sum_{b \ne a} \pi(b, a), \\
        \phi(a) = \phi^{+}(a) - \phi^{-}(a) \in [-1, 1], \qquad \sum_a \phi(a) = 0.

    The net flow is additive over criteria, :math:`\phi(a) = \sum_j w_j \phi_j(a)`, which the
    workbook uses to split a sector's flow by heading.

    References: Brans, J.-P. & Vincke, Ph. (1985), A preference ranking organisation method,
    *Management Science* 31(6), 647-656; Zhao, Peng & Li (2013) -- worked example with the usual
    function used as a test fixture (net flows 0.1, -0.3, 0.2).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
    weights : array_like, shape (n,)
    types : array_like, shape (n,)
    preference : {"usual", "linear", "vshape"}
    q, p : float or array_like, optional
        Indifference and preference thresholds (criterion units) for ``"linear"``/``"vshape"``.

    Returns
    -------
    numpy.ndarray, shape (m,)
        Net flows, higher is better; 0 for a single alternative.

    Examples
    --------
    >>> X = [[4, 3, 2], [3, 2, 4], [5, 1, 3]]
    >>> promethee_ii(X, [0.5, 0.3, 0.2], [1, 1, 1]).round(3).tolist()
    [0.1, -0.3, 0.2]
    """
    x, w, t = _validate(matrix, weights, types)
    return _unicriterion_flows(x, t, preference, q, p) @ w


def waspas(matrix, weights, types, lam: float = 0.5, rescale_weights: bool = True) -> np.ndarray:
    r"""WASPAS joint generalised criterion (Zavadskas et al. 2012).

    Linear max normalisation (:math:`\bar x_{ij} = x_{ij}/\max_i x_{ij}` benefit,
    :math:`\min_i x_{ij}/x_{ij}` cost), then

    .. math::

        Q_i = \lambda \sum_j w_j \bar x_{ij} + (1 - \lambda) \prod_j \bar x_{ij}^{\,w_j},
        \qquad \lambda \in [0, 1].

    Needs strictly positive values. References: Zavadskas, Turskis, Antucheviciene & Zakarevicius
    (2012), *Elektronika ir Elektrotechnika* 122(6), 3-6; Chakraborty, Zavadskas & Antucheviciene
    (2015), *Economic Computation and Economic Cybernetics Studies and Research* -- eight
    published Q values used as a test fixture.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
    weights : array_like, shape (n,)
    types : array_like, shape (n,)
    lam : float
        Share of the weighted sum (0 = pure product model, 1 = pure sum model).
    rescale_weights : bool
        Rescale the weights to sum 1 (default). Chakraborty et al. (2015) use their printed
        weights, which sum to 1.0155; their Q values are reproduced with ``False``.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Examples
    --------
    >>> waspas([[2, 5], [4, 10]], [0.5, 0.5], [1, -1]).round(4).tolist()
    [0.7286, 0.7286]
    """
    x, w, t = _validate(matrix, weights, types, rescale=rescale_weights)
    if not 0.0 <= float(lam) <= 1.0:
        raise ValueError(f"lam must be in [0, 1]; got {lam!r}")
    r = normalise(x, t, "max")
    return lam * (r @ w) + (1.0 - lam) * np.prod(r**w, axis=1)


# --------------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AHPResult:
    """Outcome of :func:`ahp_weights`."""

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    ri: float
    labels: tuple[str, ...]
    #: judgements sorted by how far a_ij is from the implied ratio w_i/w_j:
    #: (label_i, label_j, a_ij, w_i/w_j, factor), factor = max(e, 1/e), e = a_ij w_j / w_i.
    worst_pairs: tuple[tuple[str, str, float, float, float], ...] = field(default=())

    @property
    def consistent(self) -> bool:
        return self.cr <= 0.10

    def as_dict(self) -> dict[str, float]:
        """Weights keyed by label."""
        return {lab: float(v) for lab, v in zip(self.labels, self.weights)}


class AHPInconsistentError(ValueError):
    """The pairwise matrix has a consistency ratio above the threshold (default 0.10)."""

    def __init__(self, message: str, result: AHPResult):
        super().__init__(message)
        self.result = result


def _deviating_pairs(a: np.ndarray, w: np.ndarray, labels: Sequence[str]):
    n = a.shape[0]
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = w[i] / w[j]
            e = a[i, j] / implied
            pairs.append((labels[i], labels[j], float(a[i, j]), float(implied), float(max(e, 1.0 / e))))
    pairs.sort(key=lambda p: -p[4])
    return tuple(pairs)


def ahp_weights(pairwise, labels: Sequence[str] | None = None, max_cr: float = 0.10,
                raise_if_inconsistent: bool = True, tol: float = 1e-6) -> AHPResult:
    r"""AHP priority weights from a reciprocal pairwise-comparison matrix (Saaty 1980).

    The weights are the principal right eigenvector of :math:`A` (:math:`a_{ij}` = how much more
    important i is than j on Saaty's 1-9 scale, :math:`a_{ji} = 1/a_{ij}`), scaled to sum 1:

    .. math::

        A w = \lambda_{\max} w, \qquad CI = \frac{\lambda_{\max} - n}{n - 1}, \qquad
        CR = \frac{CI}{RI(n)}

    with Saaty's random index :data:`RANDOM_INDEX` (RI(4) = 0.90). :math:`CR \le 0.10` is
    accepted. For n <= 2 the matrix is always consistent (CR = 0). When CR exceeds ``max_cr``
    an :class:`AHPInconsistentError` names the judgements that deviate most from the ratios
    implied by the weights, i.e. the largest :math:`\max(e_{ij}, 1/e_{ij})` with
    :math:`e_{ij} = a_{ij} w_j / w_i` (Saaty 2003, "Decision-making with the AHP: why is the
    principal eigenvector necessary", *EJOR* 145, 85-91, uses the same e_ij to locate
    inconsistency).

    Parameters
    ----------
    pairwise : array_like, shape (n, n)
        Positive reciprocal matrix (a DataFrame's index is used as labels).
    labels : sequence of str, optional
    max_cr : float
        Acceptance threshold for the consistency ratio.
    raise_if_inconsistent : bool
        If False, return the result even when CR > max_cr (``result.consistent`` is False).
    tol : float
        Relative tolerance of the reciprocity check :math:`a_{ij} a_{ji} = 1`.

    Returns
    -------
    AHPResult
        ``weights``, ``lambda_max``, ``ci``, ``cr``, ``ri``, ``labels``, ``worst_pairs``.

    Examples
    --------
    >>> res = ahp_weights([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], labels=["a", "b", "c"])
    >>> res.weights.round(3).tolist(), round(res.cr, 3)
    ([0.637, 0.258, 0.105], 0.033)
    """
    if labels is None and hasattr(pairwise, "columns") and hasattr(pairwise, "index"):
        labels = [str(v) for v in pairwise.index]
    a = _as_matrix(pairwise)
    n = a.shape[0]
    if a.shape != (n, n):
        raise ValueError(f"pairwise matrix must be square; got shape {a.shape}")
    if n > max(RANDOM_INDEX):
        raise ValueError(f"pairwise matrix has {n} criteria; Saaty's random index is tabulated up to {max(RANDOM_INDEX)}")
    labels = tuple(str(v) for v in labels) if labels is not None else tuple(f"c{i + 1}" for i in range(n))
    if len(labels) != n:
        raise ValueError(f"{len(labels)} labels for a {n}x{n} matrix")
    if np.any(a <= 0):
        i, j = np.argwhere(a <= 0)[0]
        raise ValueError(f"pairwise judgements must be positive; a[{labels[i]}, {labels[j]}] = {a[i, j]}")
    if not np.allclose(np.diag(a), 1.0, rtol=tol, atol=tol):
        raise ValueError(f"diagonal of the pairwise matrix must be 1; got {np.diag(a).tolist()}")
    recip = a * a.T
    if not np.allclose(recip, 1.0, rtol=1e-3, atol=1e-3):
        i, j = np.unravel_index(np.argmax(np.abs(recip - 1.0)), a.shape)
        raise ValueError(
            f"pairwise matrix is not reciprocal: a[{labels[i]}, {labels[j]}] = {a[i, j]:g} but "
            f"a[{labels[j]}, {labels[i]}] = {a[j, i]:g} (expected {1 / a[i, j]:g})")
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    ri = RANDOM_INDEX[n]
    ci = max((lam - n) / (n - 1), 0.0) if n > 1 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    res = AHPResult(weights=w, lambda_max=lam, ci=ci, cr=cr, ri=ri, labels=labels,
                    worst_pairs=_deviating_pairs(a, w, labels) if n > 2 else ())
    if raise_if_inconsistent and cr > max_cr:
        worst = "; ".join(f"a[{li}, {lj}] = {aij:.3g} vs implied w_{li}/w_{lj} = {imp:.3g} (off by x{f:.2g})"
                          for li, lj, aij, imp, f in res.worst_pairs[:3])
        raise AHPInconsistentError(
            f"AHP pairwise matrix is inconsistent: CR = {cr:.3f} > {max_cr:.2f} "
            f"(lambda_max = {lam:.3f}, CI = {ci:.3f}, RI({n}) = {ri}). "
            f"Most inconsistent judgements: {worst}. Revise these comparisons.", res)
    return res


# --------------------------------------------------------------------------------------------
# ranks and rank correlation
# --------------------------------------------------------------------------------------------
def rank_scores(scores, higher_is_better: bool = True, rtol: float = 1e-9) -> np.ndarray:
    """Competition ranks ("1224"): 1 = best; tied scores (within ``rtol``) share the best rank.

    Examples
    --------
    >>> rank_scores([0.2, 0.9, 0.5, 0.9]).tolist()
    [4, 1, 3, 1]
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1:
        raise ValueError(f"scores must be 1-D; got shape {s.shape}")
    if np.isnan(s).any():
        raise ValueError("scores contain NaN")
    s = s if higher_is_better else -s
    tol = rtol * max(1.0, float(np.abs(s).max())) if s.size else 0.0
    return 1 + (s[None, :] > s[:, None] + tol).sum(axis=1)


def _average_ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n of x ascending, ties get the mean of their positions (as scipy.stats.rankdata)."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    ranks = np.empty(len(x), dtype=float)
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def _paired(a, b) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"need two 1-D sequences of equal length; got shapes {x.shape} and {y.shape}")
    if np.isnan(x).any() or np.isnan(y).any():
        raise ValueError("rank correlation inputs contain NaN")
    return x, y


def spearman(a, b) -> float:
    r"""Spearman rank correlation: Pearson correlation of average ranks (ties handled).

    .. math:: \rho = \operatorname{corr}(\operatorname{rank}(a), \operatorname{rank}(b))

    Returns NaN if either input is constant or shorter than 2.

    Examples
    --------
    >>> spearman([1, 2, 3, 4], [10, 20, 40, 30])
    0.8
    """
    x, y = _paired(a, b)
    if len(x) < 2:
        return float("nan")
    rx, ry = _average_ranks(x), _average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = np.sqrt((rx**2).sum() * (ry**2).sum())
    return float(round((rx * ry).sum() / den, 12)) if den > 0 else float("nan")


def kendall_tau(a, b) -> float:
    r"""Kendall's :math:`\tau_b` (ties corrected), O(n^2) -- fine for tens of sectors.

    .. math:: \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    Examples
    --------
    >>> kendall_tau([1, 2, 3, 4], [10, 20, 40, 30])
    0.666666666667
    """
    x, y = _paired(a, b)
    if len(x) < 2:
        return float("nan")
    iu = np.triu_indices(len(x), k=1)
    dx = np.sign(x[:, None] - x[None, :])[iu]
    dy = np.sign(y[:, None] - y[None, :])[iu]
    s = float((dx * dy).sum())
    den = np.sqrt(float((dx != 0).sum()) * float((dy != 0).sum()))
    return float(round(s / den, 12)) if den > 0 else float("nan")
