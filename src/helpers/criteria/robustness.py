"""How firm a ranking is: Monte-Carlo perturbation of the weights and agreement between methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from helpers import mcda

from helpers.text import Note
from .config import METHODS, SCHEMES, CriteriaConfig
from .score import EvaluationResult, _scores, evaluate, evaluate_prepared, prepare


@dataclass
class RobustnessResult:
    """Output of :func:`robustness`.

    ``table`` (sorted by ``base_rank``): ``nace_division``, [``nace_label``], ``base_rank``,
    ``p_top_k`` (share of draws with rank <= top_k), ``p_first``, ``median_rank``, ``mean_rank``,
    ``rank_p05``, ``rank_p95`` (5th/95th percentile of the rank, lower/higher order statistic).
    ``rank_draws``: draws x sectors matrix of ranks.
    """

    table: pd.DataFrame
    rank_draws: pd.DataFrame
    method: str
    n: int
    seed: int
    scheme: str
    top_k: int
    notes: list[str] = field(default_factory=list)
    key: str = "nace_division"      # the sector column of the basis (``sector`` on exports)
    label: str = "nace_label"       # its label column


def _perturb(base: np.ndarray, rng: np.random.Generator, n: int, scheme: str, conc: float, pert: float) -> np.ndarray:
    """n perturbed copies of a weight vector summing to 1; zero weights stay zero."""
    out = np.zeros((n, len(base)))
    pos = base > 0
    if pos.sum() <= 1:
        out[:, pos] = 1.0
        return out
    b = base[pos] / base[pos].sum()
    if scheme == "dirichlet":
        draws = rng.dirichlet(conc * b, size=n)
    else:
        draws = b * (1.0 + rng.uniform(-pert, pert, size=(n, len(b))))
        draws = draws / draws.sum(axis=1, keepdims=True)
    out[:, pos] = draws
    return out


def _ranks_many(scores: np.ndarray) -> np.ndarray:
    """Competition ranks per row of a (D, m) score matrix."""
    tol = 1e-9 * np.maximum(1.0, np.abs(scores).max(axis=1, keepdims=True))
    return 1 + (scores[:, None, :] > scores[:, :, None] + tol[:, :, None]).sum(axis=2)


def robustness(table: pd.DataFrame, config: CriteriaConfig, n: int | None = None, seed: int | None = None,
               method: str | None = None, qualitative: pd.DataFrame | None = None,
               top_k: int | None = None, scheme: str | None = None) -> RobustnessResult:
    """Seeded Monte-Carlo perturbation of the weights; how stable is each sector's rank?

    In every draw the heading weights and, independently, the weights inside each heading are
    redrawn (``scheme="dirichlet"``: :math:`w' \\sim \\mathrm{Dirichlet}(c\\,w)`, mean = base
    weights, :math:`\\mathrm{sd}(w'_k) = \\sqrt{w_k(1-w_k)/(c+1)}`; ``"uniform"``:
    :math:`w'_k = w_k(1+U(-x, x))` renormalised). Utilities stay fixed; the sectors are re-scored
    with the chosen method and ranked. Defaults come from ``config.robustness``.
    """
    s = config.robustness
    n = s.n if n is None else int(n)
    seed = s.seed if seed is None else int(seed)
    top_k = s.top_k if top_k is None else int(top_k)
    scheme = scheme or s.scheme
    _check(scheme, n)  # before the evaluation: a wrong argument costs no work
    return robustness_of(evaluate(table, config, method=method, qualitative=qualitative), config, n, seed, top_k,
                         scheme)


def _check(scheme: str, n: int) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")


def robustness_of(base: EvaluationResult, config: CriteriaConfig, n: int, seed: int, top_k: int,
                  scheme: str) -> RobustnessResult:
    """:func:`robustness` around an evaluation already made (``base``: :func:`evaluate` of the
    table with ``config``, the method and the qualitative scores)."""
    n, seed, top_k = int(n), int(seed), int(top_k)
    _check(scheme, n)
    s = config.robustness
    method = base.method
    crit, U = base.criteria, base.utilities.to_numpy()
    rng = np.random.default_rng(seed)
    hkeys = list(base.heading_weights.index)
    H = _perturb(base.heading_weights.to_numpy(), rng, n, scheme, s.concentration, s.perturbation)
    W = np.zeros((n, len(crit)))
    for j, h in enumerate(hkeys):
        sel = (crit["heading"] == h).to_numpy()
        inner = _perturb(crit.loc[sel, "weight_in_heading"].to_numpy(), rng, n, scheme, s.concentration, s.perturbation)
        W[:, sel] = inner * H[:, [j]]
    ranks = _ranks_many(_scores(method, U, W))
    divisions = base.utilities.index.tolist()
    key, label = config.key, config.sector_basis.label
    base_rank = base.table.set_index(key)["rank"].reindex(divisions).to_numpy()
    out = pd.DataFrame({key: divisions})
    if label in base.inputs.columns:
        out[label] = base.inputs[label].to_numpy()
    out["base_rank"] = base_rank
    out["p_top_k"] = (ranks <= top_k).mean(axis=0)
    out["p_first"] = (ranks == 1).mean(axis=0)
    out["median_rank"] = np.median(ranks, axis=0)
    out["mean_rank"] = ranks.mean(axis=0)
    out["rank_p05"] = np.quantile(ranks, 0.05, axis=0, method="lower").astype(int)
    out["rank_p95"] = np.quantile(ranks, 0.95, axis=0, method="higher").astype(int)
    out = out.sort_values(["base_rank", key], kind="mergesort").reset_index(drop=True)
    detail = f"concentration {s.concentration:g}" if scheme == "dirichlet" else f"+-{s.perturbation:.0%}"
    notes = list(base.notes) + [Note("criteria_notes.robustness", n=n, seed=seed, scheme=scheme, detail=detail,
                                     method=method, top_k=top_k)]
    return RobustnessResult(table=out, rank_draws=pd.DataFrame(ranks, columns=divisions), method=method,
                            n=n, seed=seed, scheme=scheme, top_k=top_k, notes=notes, key=key, label=label)



@dataclass
class MethodAgreement:
    """Ranks by each method (``ranks``: ``nace_division, rank_<method>...``) and the pairwise
    Spearman and Kendall tau-b rank correlations (square DataFrames indexed by method)."""

    ranks: pd.DataFrame
    spearman: pd.DataFrame
    kendall: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def method_agreement(table: pd.DataFrame, config: CriteriaConfig, qualitative: pd.DataFrame | None = None,
                     methods: Sequence[str] = METHODS) -> MethodAgreement:
    """Evaluate with each method and compare the rankings (with no sector to evaluate: no ranks and
    undefined correlations, never an error -- the report says why)."""
    if len(table) == 0:
        sp = pd.DataFrame(np.nan, index=list(methods), columns=list(methods), dtype=float)
        ranks = pd.DataFrame(columns=[config.key, *(f"rank_{m}" for m in methods)])
        return MethodAgreement(ranks=ranks, spearman=sp, kendall=sp.copy(), notes=[])
    prepared = prepare(table, config, qualitative)  # the utilities do not depend on the method
    results = {m: evaluate_prepared(prepared, config, method=m) for m in methods}
    first = results[methods[0]]
    key = config.key
    ranks = pd.DataFrame({key: first.utilities.index.tolist()})
    for m, r in results.items():
        ranks[f"rank_{m}"] = r.table.set_index(key)["rank"].reindex(ranks[key]).to_numpy()
    sp = pd.DataFrame(index=list(methods), columns=list(methods), dtype=float)
    kt = sp.copy()
    for a in methods:
        for b in methods:
            sp.loc[a, b] = mcda.spearman(ranks[f"rank_{a}"], ranks[f"rank_{b}"])
            kt.loc[a, b] = mcda.kendall_tau(ranks[f"rank_{a}"], ranks[f"rank_{b}"])
    ranks = ranks.sort_values(f"rank_{methods[0]}", kind="mergesort").reset_index(drop=True)
    return MethodAgreement(ranks=ranks, spearman=sp, kendall=kt, notes=list(first.notes))

