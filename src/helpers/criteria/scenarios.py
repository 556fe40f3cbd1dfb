"""Robustness over the choices that matter: weights, method, base year of growth, presence floor
and data release (issue 14, item 8).

:func:`robustness` perturbs the weights only. What actually moves a ranking is the analyst's other
choices, so :func:`scenarios` re-evaluates the province once per alternative of each choice, one
choice at a time (the others kept at their base value):

=================  ===========================================================================
choice             scenarios
=================  ===========================================================================
``weights``        ``n_weights`` seeded Dirichlet draws of the heading and criterion weights
                   (:func:`robustness`, concentration of the criteria file)
``method``         the other MCDA methods of :data:`METHODS` (weighted sum, TOPSIS, PROMETHEE II)
``start_year``     growth measured from other base years: the sector tables the caller passes
                   (``start_tables``; built by :func:`helpers.scenario_tables.start_year_tables`)
``presence_floor`` the long list re-drawn from the full table with the criteria file's presence
                   floors scaled by :data:`FLOOR_FACTORS` (half, twice, five times): on the
                   exports basis ``min_export_usd`` and ``min_export_share`` together (either
                   still suffices, as in :mod:`.rules`), on the employment basis
                   ``min_workplaces`` and ``min_insured``; ``keep_flagged`` and the sector
                   lists stay as in the file. A lower floor may bring sectors in (they shift
                   the others' ranks; only the base sectors are reported), a higher one takes
                   sectors out (counted as outside the top ``k``)
``release``        other data releases of the same year (``release_tables``), when the data
                   offers any; when it does not, ``unavailable["release"]`` says why (the
                   caller's ``release_reason``, :func:`helpers.scenario_tables.release_reason`)
                   and no scenario is invented
=================  ===========================================================================

Ranks count the sectors the shortlist draws from (``EvaluationResult.eligible``): unless the
criteria file's ``keep_flagged`` says otherwise, a sector with a plausibility flag never occupies a
top-``k`` place. In every scenario a sector's rank is one plus the number of *eligible* sectors
ranked above it; a flagged sector keeps its own rank on that scale (the place it would take were
it not flagged) and its own range, is marked ``flagged``, but is never counted in the top ``k``.
So the base top ``k`` is the shortlist itself.

For each sector: the share of all scenarios in which it is in the top ``k`` (a sector absent from
a scenario, e.g. below a higher floor, counts as outside), its median rank and its rank range
(min-max over the scenarios where it is evaluated), and the choices it *depends on*. A top-``k``
sector depends on a discrete choice (method, base year, floor, release) when at least one
alternative value of that choice moves it out of the top ``k``; on the weights when it leaves the
top ``k`` in at least :data:`WEIGHT_SHARE` of the draws (one rare draw is not a choice). Status:
``stable`` (depends on nothing), ``depends`` (exactly one choice) or ``fragile`` (two or more).

With ``n <= top_k + 1`` candidates, being in the top ``k`` is nearly true by construction:
``too_few`` is set and the report prints a sentence instead of shares.

Pure: no file is read here; the caller passes the alternative tables in. Seeded and
deterministic (the weight draws use ``seed``; every other scenario is exact).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.text import Note

from .config import METHODS, CriteriaConfig
from .robustness import RobustnessResult, robustness_of
from .score import evaluate, evaluate_prepared, prepare
from .table import longlist

#: Choices varied, in the order they are reported.
CHOICES = ("weights", "method", "start_year", "presence_floor", "release")
#: Factors applied to the criteria file's presence floors in the ``presence_floor`` scenarios.
FLOOR_FACTORS = (0.5, 2.0, 5.0)
#: The presence floors of each basis's long-list rule (:mod:`.rules`), scaled together.
FLOOR_KEYS = {"exports": ("min_export_usd", "min_export_share"), "employment": ("min_workplaces", "min_insured")}
#: Years before the evaluation year of the ``start_year`` scenarios.
START_OFFSETS = (3, 5, 8)
#: Weight draws of the ``weights`` scenarios (the report's weight-only figure keeps its own n).
N_WEIGHTS = 200
#: A top-k sector depends on the weights when it leaves the top k in at least this share of draws.
WEIGHT_SHARE = 0.10
STATUSES = ("stable", "depends", "fragile")


@dataclass
class ScenarioResult:
    """Output of :func:`scenarios`.

    ``table`` (sorted by ``base_rank``, eligible before flagged): key, [label], ``base_rank``
    (among the eligible sectors, see the module docstring), ``flagged`` (kept out of the top k),
    ``in_base_top``,
    ``p_top_k`` (share of all scenarios in the top k), ``median_rank``, ``rank_min``, ``rank_max``,
    ``p_top_k_<choice>`` per choice varied, ``depends_on`` (choices, comma-separated, "" if none),
    ``status`` (``stable`` / ``depends`` / ``fragile`` for base top-k sectors, "" otherwise).
    ``runs``: one row per scenario (``choice``, ``value``, ``n_candidates``).
    ``ranks``: scenarios x sectors, ranks among the eligible sectors (NaN where a sector is not
    evaluated); ``eligible``: scenarios x sectors, whether the sector may take a top-k place.
    ``weights``: the :class:`RobustnessResult` of the weight draws alone.
    ``unavailable``: choice -> reason code (``"release": "single_release"``) for choices the data
    does not let us vary; ``unavailable_values``: choice -> the values its sentence names.
    """

    table: pd.DataFrame
    runs: pd.DataFrame
    ranks: pd.DataFrame
    top_k: int
    n_candidates: int
    seed: int
    key: str
    label: str
    method: str
    choices: list[str]
    unavailable: dict[str, str] = field(default_factory=dict)
    unavailable_values: dict[str, dict] = field(default_factory=dict)
    notes: list = field(default_factory=list)
    weights: RobustnessResult | None = None   # the weight draws alone (the base method)
    eligible: pd.DataFrame | None = None      # scenarios x sectors: may take a top-k place

    @property
    def too_few(self) -> bool:
        """Too few candidates for shares of "in the top k" to mean anything."""
        return self.n_candidates <= self.top_k + 1

    def status_of(self, code: str) -> str:
        row = self.table.loc[self.table[self.key] == code, "status"]
        return str(row.iloc[0]) if len(row) else ""


def _ranks_of(result, key: str) -> pd.Series:
    return result.table.set_index(key)["rank"].astype(float)


def _eligible_of(result, key: str) -> pd.Series:
    """Which sectors of ``result`` the shortlist may draw from (flags and ``keep_flagged``)."""
    return pd.Series(result.eligible.to_numpy(), index=result.table[key].to_numpy(), dtype=bool)


def eligible_ranks(ranks: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Ranks counted over the eligible sectors only: one plus the number of eligible sectors
    strictly ahead (rows are scenarios; NaN stays NaN). A flagged sector gets the place it would
    take among the eligible ones.

    >>> eligible_ranks(np.array([[1.0, 2.0, 3.0, 3.0]]), np.array([[False, True, True, True]]))
    array([[1., 1., 2., 2.]])
    """
    R = np.asarray(ranks, dtype=float)
    E = np.asarray(eligible, dtype=bool) & ~np.isnan(R)
    ahead = (R[:, None, :] < R[:, :, None]) & E[:, None, :]
    out = 1.0 + ahead.sum(axis=2)
    return np.where(np.isnan(R), np.nan, out)


def _restrict(table: pd.DataFrame, key: str, qualitative: pd.DataFrame | None) -> pd.DataFrame:
    """Only the sectors with stakeholder scores, when there are any (a scenario may bring in others)."""
    if qualitative is None:
        return table
    q = qualitative
    codes = set(q[key]) if key in q.columns else set(q.index)
    return table[table[key].isin(codes)]


def floor_config(config: CriteriaConfig, factor: float) -> CriteriaConfig:
    """``config`` with its presence floors multiplied by ``factor`` (the rule itself unchanged:
    on the exports basis an absolute or a relative presence still suffices).

    >>> from helpers.criteria import load_criteria
    >>> c = floor_config(load_criteria("config/criteria.yml", basis="exports"), 2.0).longlist
    >>> (c.min_export_usd, c.min_export_share)
    (200000.0, 0.01)
    """
    rule = config.longlist
    names = [k for k in FLOOR_KEYS.get(config.basis, ()) if hasattr(rule, k)]
    return config.with_longlist(**{k: float(getattr(rule, k)) * float(factor) for k in names})


def scenarios(table: pd.DataFrame, config: CriteriaConfig, *, method: str | None = None,
              qualitative: pd.DataFrame | None = None, top_k: int | None = None,
              n_weights: int = N_WEIGHTS, seed: int | None = None,
              start_tables: Mapping[int, pd.DataFrame] | None = None,
              release_tables: Mapping[str, pd.DataFrame] | None = None,
              floors: Sequence[float] = FLOOR_FACTORS,
              base_start: int | None = None,
              release_reason: Mapping[str, object] | None = None) -> ScenarioResult:
    """Re-rank the sectors of one province under each alternative of each choice.

    Parameters
    ----------
    table : DataFrame
        The full sector table of the province (before the long list; ``inputs.table``).
    config : CriteriaConfig
    method : str, optional
        The base method (default ``config.method``).
    qualitative : DataFrame, optional
        Stakeholder medians, as for :func:`evaluate`.
    top_k : int, optional
        Default ``config.robustness.top_k``.
    n_weights, seed :
        Weight draws and their seed (default ``config.robustness.seed``).
    start_tables : {start year: full sector table}, optional
        The same province with growth from other base years (the base year itself is skipped).
    release_tables : {release label: full sector table}, optional
        The same province and year from other data releases. Empty or None: no release scenario,
        and ``unavailable["release"] = "single_release"``.
    floors : factors applied to the criteria file's presence floors (:func:`floor_config`).
    base_start : the base year of ``table`` (skipped in ``start_tables``).
    release_reason : {"reason": code, ...values}, optional
        Why no release table is given (:func:`helpers.scenario_tables.release_reason`); default
        ``single_release`` with no values.

    Examples
    --------
    ``criteria.scenarios(inputs.table, config, method="weighted_sum", top_k=5,
    start_tables=scenario_tables.start_year_tables(inputs))``
    """
    method = method or config.method
    top_k = config.robustness.top_k if top_k is None else int(top_k)
    seed = config.robustness.seed if seed is None else int(seed)
    key = config.key
    label = config.sector_basis.label

    def kept_of(t: pd.DataFrame, cfg: CriteriaConfig = config) -> pd.DataFrame:
        # the same path as the report: long list of the full table (with its ref_ columns)
        return _restrict(longlist(t, cfg).kept, key, qualitative)

    def run(t: pd.DataFrame, m: str = method, cfg: CriteriaConfig = config):
        kept = kept_of(t, cfg)
        if len(kept) == 0:
            return None
        return evaluate(kept, cfg, method=m, qualitative=qualitative)

    # Every scenario is scored as evaluate(long list, config) would score it; what does not change
    # between scenarios is computed once: the base sectors' utilities serve the weight draws and
    # the other methods (utilities depend on neither), and a floor that keeps the base sectors
    # ranks them as the base does. The validated sector table (evaluate's inputs) validates to
    # itself, so evaluating it again equals evaluating the long list it came from.
    base_list = kept_of(table)
    if len(base_list) == 0:  # no sector to evaluate: nothing to vary (the report says so; never a failed run)
        return empty_result(config, method, top_k, seed)
    prepared = prepare(base_list, config, qualitative)
    base = evaluate_prepared(prepared, config, method)
    base_ranks = _ranks_of(base, key)
    base_elig = _eligible_of(base, key)
    rows: list[tuple[str, str, pd.Series, pd.Series]] = []
    unavailable: dict[str, str] = {}

    # weights: seeded Dirichlet draws around the base weights (helpers.criteria.robustness), one block
    rob = robustness_of(base, config, n_weights, seed, top_k, config.robustness.scheme)
    draws = _Block(["weights"] * len(rob.rank_draws), [str(i + 1) for i in range(len(rob.rank_draws))],
                   rob.rank_draws.to_numpy(dtype=float), rob.rank_draws.columns, base_elig)
    for m in METHODS:
        if m != method:
            rows.append(("method", m, _ranks_of(evaluate_prepared(prepared, config, m), key), base_elig))
    for year, t in sorted((start_tables or {}).items()):
        if base_start is not None and int(year) == int(base_start):
            continue
        res = run(t)
        if res is not None:
            rows.append(("start_year", str(int(year)), _ranks_of(res, key), _eligible_of(res, key)))
    if not any(c == "start_year" for c, *_ in rows):
        unavailable["start_year"] = "no_start_tables"
    for factor in floors:
        kept = kept_of(table, floor_config(config, factor))
        if len(kept) == 0:
            continue
        # evaluated with the base config (weights, flags), only the long list re-drawn
        res = base if _same_rows(kept, base_list) else evaluate(kept, config, method=method, qualitative=qualitative)
        rows.append(("presence_floor", f"{factor:g}", _ranks_of(res, key), _eligible_of(res, key)))
    for rel, t in sorted((release_tables or {}).items()):
        res = run(t)
        if res is not None:
            rows.append(("release", str(rel), _ranks_of(res, key), _eligible_of(res, key)))
    unavailable_values: dict[str, dict] = {}
    if not any(c == "release" for c, *_ in rows):
        why = dict(release_reason or {})
        unavailable["release"] = str(why.pop("reason", "single_release"))
        unavailable_values["release"] = why

    codes = list(base_ranks.index)
    # each scenario ranked over its own sectors (a lower floor may bring eligible ones in), then aligned
    blocks = [draws] + [_Block([c], [v], r.to_numpy(dtype=float)[None, :], r.index, e) for c, v, r, e in rows]
    aligned = [b.aligned(pd.Index(codes)) for b in blocks]
    ranks = pd.DataFrame(np.vstack([r for r, _ in aligned]), columns=codes)
    eligible = pd.DataFrame(np.vstack([e for _, e in aligned]).astype(bool), columns=codes)
    base_e = eligible_ranks(base_ranks.to_numpy()[None, :], base_elig.reindex(codes).to_numpy()[None, :])[0]
    runs = pd.DataFrame({"choice": [c for b in blocks for c in b.choices], "value": [v for b in blocks for v in b.values],
                         "n_candidates": [int(n) for b in blocks for n in (~np.isnan(b.ranks)).sum(axis=1)]})
    choices = [c for c in CHOICES if (runs["choice"] == c).any()]
    table_out = _summarise(base, pd.Series(base_e, index=codes), base_elig.reindex(codes), ranks, eligible, runs,
                           choices, top_k, key, label)
    notes = [Note("robustness.scenarios.note", n=("count", len(runs)), seed=seed, top_k=top_k,
                  choices=("labels", ",".join(choices), "robustness.choice"))]
    return ScenarioResult(table=table_out, runs=runs, ranks=ranks, top_k=top_k, n_candidates=len(codes), seed=seed,
                          key=key, label=label, method=method, choices=choices, unavailable=unavailable,
                          unavailable_values=unavailable_values, notes=notes,
                          weights=rob, eligible=eligible)


@dataclass
class _Block:
    """Scenarios ranked over the same sectors (``index``) with the same eligibility (``eligible``,
    by sector): one row of ``ranks`` per scenario (the weight draws are one block of ``n`` rows)."""

    choices: list[str]
    values: list[str]
    ranks: np.ndarray      # scenarios x index
    index: pd.Index
    eligible: pd.Series    # sector -> may take a top-k place

    def aligned(self, codes: pd.Index) -> tuple[np.ndarray, np.ndarray]:
        """(ranks among the eligible sectors, eligibility), both scenarios x ``codes`` (NaN and
        False for a sector a scenario does not evaluate)."""
        own = eligible_ranks(self.ranks, self.eligible.reindex(self.index).fillna(False).to_numpy()[None, :])
        pos = self.index.get_indexer(codes)
        ranks = np.where(pos >= 0, own[:, pos], np.nan)
        at = self.eligible.index.get_indexer(codes)
        elig = np.where(at >= 0, self.eligible.to_numpy(dtype=bool)[at], False)
        return ranks, np.broadcast_to(elig, ranks.shape)


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two long lists drawn from one table hold the same rows (same sectors, same order)."""
    return a.shape == b.shape and a.columns.equals(b.columns) and a.equals(b)


def empty_result(config: CriteriaConfig, method: str, top_k: int, seed: int) -> ScenarioResult:
    """The scenarios of a province-year where no sector passes the long list: no run, no sector
    (``n_candidates == 0``, so ``too_few``); the report prints why instead of figures."""
    key, label = config.key, config.sector_basis.label
    cols = [key, label, "base_rank", "flagged", "in_base_top", "p_top_k", "median_rank", "rank_min", "rank_max",
            "depends_on", "status"]
    return ScenarioResult(table=pd.DataFrame(columns=cols), runs=pd.DataFrame(columns=["choice", "value", "n_candidates"]),
                          ranks=pd.DataFrame(), top_k=top_k, n_candidates=0, seed=seed, key=key, label=label,
                          method=method, choices=[])


def _summarise(base, base_ranks: pd.Series, base_elig: pd.Series, ranks: pd.DataFrame, eligible: pd.DataFrame,
               runs: pd.DataFrame, choices: list[str], top_k: int, key: str, label: str) -> pd.DataFrame:
    R = ranks.to_numpy(dtype=float)
    in_top = np.where(np.isnan(R), False, R <= top_k) & eligible.to_numpy(dtype=bool)
    out = pd.DataFrame({key: list(base_ranks.index)})
    if label in base.inputs.columns:
        out[label] = base.inputs.set_index(key)[label].reindex(out[key]).to_numpy()
    out["base_rank"] = base_ranks.to_numpy().astype(int)
    out["flagged"] = ~base_elig.to_numpy(dtype=bool)
    out["in_base_top"] = (out["base_rank"] <= top_k) & ~out["flagged"]
    out["p_top_k"] = in_top.mean(axis=0)
    with np.errstate(all="ignore"):
        out["median_rank"] = np.nanmedian(R, axis=0)
        out["rank_min"] = np.nanmin(R, axis=0).astype(int)
        out["rank_max"] = np.nanmax(R, axis=0).astype(int)
    depends: list[list[str]] = [[] for _ in range(len(out))]
    for c in choices:
        sel = (runs["choice"] == c).to_numpy()
        share_in = in_top[sel].mean(axis=0)
        out[f"p_top_k_{c}"] = share_in
        out_any = (~in_top[sel]).any(axis=0)
        moves = (1 - share_in) >= WEIGHT_SHARE if c == "weights" else out_any
        for i in np.nonzero(moves & out["in_base_top"].to_numpy())[0]:
            depends[i].append(c)
    out["depends_on"] = [", ".join(d) for d in depends]
    out["status"] = ["" if not top else STATUSES[min(len(d), 2)] for top, d in zip(out["in_base_top"], depends)]
    return out.sort_values(["base_rank", "flagged", key], kind="mergesort").reset_index(drop=True)

