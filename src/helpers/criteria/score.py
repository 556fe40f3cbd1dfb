"""Scoring: transforms, utilities, the three methods (via :mod:`helpers.mcda`), evaluation and
its explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from helpers import mcda

from helpers.text import Note
from .config import METHODS, TRANSFORMS, CriteriaConfig, CriteriaConfigError
from .table import _normalise_codes, _reasons, validate_sector_table


def apply_transform(values, transform: str) -> np.ndarray:
    """Apply a criteria-file transform to one column (finite values).

    - ``percentile_rank``: (average rank - 1) / (m - 1), in [0, 1]; 0.5 if m = 1
    - ``log``: log(1 + x), needs x >= 0
    - ``minmax``: (x - min) / (max - min); 0.5 for a constant column
    - ``zscore``: (x - mean) / sd (population sd); 0 for a constant column
    - ``none``: unchanged

    >>> apply_transform([0, 9, 99], "log").round(3).tolist()
    [0.0, 2.303, 4.605]
    >>> apply_transform([5, 1, 5, 3], "percentile_rank").tolist()
    [0.8333333333333334, 0.0, 0.8333333333333334, 0.3333333333333333]
    """
    x = np.asarray(values, dtype=float)
    if transform == "none":
        return x.copy()
    if transform == "log":
        if np.any(x < 0):
            raise ValueError(f"log transform needs values >= 0; got minimum {x.min():g}")
        return np.log1p(x)
    if transform == "percentile_rank":
        if len(x) == 1:
            return np.array([0.5])
        return (mcda._average_ranks(x) - 1.0) / (len(x) - 1.0)
    if transform == "minmax":
        span = x.max() - x.min() if len(x) else 0.0
        return (x - x.min()) / span if span > 0 else np.full_like(x, 0.5)
    if transform == "zscore":
        sd = x.std()
        return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)
    raise ValueError(f"unknown transform {transform!r}; expected one of {TRANSFORMS}")


def _utility(transformed: np.ndarray, direction: str) -> np.ndarray:
    """Min-max to [0, 1], best = 1; constant -> 0.5 (no information)."""
    lo, hi = transformed.min(), transformed.max()
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        return np.full_like(transformed, 0.5)
    u = (transformed - lo) / (hi - lo)
    return u if direction == "benefit" else 1.0 - u


def reference_utility(values, reference: str, direction: str = "benefit", transform: str = "none",
                      scale: tuple[float, float] | None = None, ref_values=None) -> np.ndarray:
    """The utility in [0, 1] of one indicator, against its reference (:data:`.config.REFERENCES`).

    - ``provinces``: ``ref_values``, the percentile of the province among the 81 provinces for the
      same sector and year (precomputed in the sector table), as is; cost criteria ``1 - p``.
    - ``fixed``: ``(T(x) - T(low)) / (T(high) - T(low))`` clipped to [0, 1], ``T`` the transform
      (``log``: log(1 + x)) and ``scale = (low, high)`` in raw units.
    - ``candidates``: min-max of the transformed values over the sectors evaluated (depends on the
      list; for comparison only).

    Neither ``provinces`` nor ``fixed`` looks at the other sectors evaluated: removing one leaves
    every other sector's utility unchanged.

    >>> reference_utility([0, 9, 999], "fixed", transform="log", scale=(9, 999)).round(3).tolist()
    [0.0, 0.0, 1.0]
    >>> reference_utility([5, 1], "provinces", "cost", ref_values=[0.9, 0.2]).round(2).tolist()
    [0.1, 0.8]
    """
    if reference == "provinces":
        u = np.asarray(ref_values, dtype=float).copy()
    elif reference == "fixed":
        lo, hi = apply_transform(np.asarray(scale, dtype=float), transform)
        x = apply_transform(np.clip(np.asarray(values, dtype=float), scale[0] if transform == "log" else -np.inf, None),
                            transform)
        u = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    else:
        return _utility(apply_transform(values, transform), direction)
    return u if direction == "benefit" else 1.0 - u


def _indicator_utility(df: pd.DataFrame, c, config: CriteriaConfig, key: str, notes: list) -> tuple[np.ndarray, np.ndarray]:
    """(transformed values, utilities) of one indicator over the table's sectors, with missing
    values handled by the file's policy (a note lists every imputed cell)."""
    if len(df) == 0:
        return np.array([]), np.array([])
    raw = df[c.column].astype(float)
    ref = None
    if c.reference == "provinces":
        if c.ref_column not in df.columns:
            raise CriteriaConfigError(config.source, f"indicator {c.id}.reference",
                                      f"reference provinces needs the column {c.ref_column!r} (the percentile among "
                                      "the 81 provinces, added by helpers.sectors.reference_percentiles); the sector "
                                      "table lacks it", c.reference)
        ref = df[c.ref_column].astype(float)
    missing = raw.isna() | (ref.isna() if ref is not None else False)
    if missing.any():
        bad = df.loc[missing, key].tolist()
        if config.missing_values == "error":
            raise ValueError(f"column {c.column!r} (indicator {c.id}) is missing for sector(s) {bad}; "
                             f"fill it or set missing_values: median in {config.source}")
        if c.reference == "candidates":
            fill = float(raw.median())
            raw = raw.fillna(fill)
            notes.append(Note("criteria_notes.imputed", column=c.column, codes=", ".join(map(str, bad)),
                              median=("number", fill, 6 if abs(fill) < 1 else 2)))
        else:  # the reference's midpoint: neutral, and independent of the other candidates
            notes.append(Note("criteria_notes.neutral", indicator=c.label_tr or c.label_en, codes=", ".join(map(str, bad))))
    try:
        x = raw.to_numpy()
        t = apply_transform(np.where(np.isnan(x), 0.0, x), c.transform) if c.transform in ("log", "none") else \
            apply_transform(x, c.transform)
        t = np.where(np.isnan(x), np.nan, t)
        u = reference_utility(np.where(np.isnan(x), 0.0, x), c.reference, c.direction, c.transform, c.scale,
                              None if ref is None else ref.to_numpy())
    except ValueError as exc:
        raise ValueError(f"indicator {c.id} (column {c.column!r}): {exc}") from None
    u = np.where(missing.to_numpy(), 0.5, u)
    if c.reference == "candidates" and len(t) > 1 and np.nanmax(t) - np.nanmin(t) <= 1e-12 * max(1.0, float(np.nanmax(np.abs(t)))):
        notes.append(Note("criteria_notes.constant", indicator=c.id, column=repr(c.column)))
    return t, u


@dataclass
class EvaluationResult:
    """Output of :func:`evaluate`.

    ``table`` columns (one row per sector, sorted by rank): ``plate``, ``nace_division``,
    ``nace_label``, ``insured``, ``workplaces``, ``lq`` (key figures, if in the input),
    ``score_<heading>`` (heading score in [0, 1], method-independent),
    ``contrib_<heading>`` (heading's part of the total -- see ``docs/methods.md``), ``total``
    (method score), ``rank`` (1 = best, ties share the best rank).
    """

    table: pd.DataFrame
    method: str
    config: CriteriaConfig
    criteria: pd.DataFrame          # one row per criterion used: id, heading, kind, column, weight_in_heading, weight
    utilities: pd.DataFrame         # sectors x criterion ids, in [0, 1]
    transformed: pd.DataFrame       # sectors x indicator ids, after the transform
    heading_weights: pd.Series      # heading key -> weight actually used
    inputs: pd.DataFrame            # the validated sector table that was scored
    notes: list[str] = field(default_factory=list)

    @property
    def heading_keys(self) -> list[str]:
        return list(self.heading_weights.index)

    def top(self, k: int) -> pd.DataFrame:
        return self.table[self.table["rank"] <= k]

    @property
    def eligible(self) -> pd.Series:
        """Which ranked sectors may enter the shortlist: all, unless a plausibility flag keeps a
        sector out (``longlist.keep_flagged: false``, the default)."""
        if self.config.keep_flagged or "flagged" not in self.table.columns:
            return pd.Series(True, index=self.table.index)
        return ~self.table["flagged"].astype(bool)

    def shortlist(self, k: int) -> pd.DataFrame:
        """The ``k`` best-ranked eligible sectors (flagged sectors skipped by default)."""
        return self.table[self.eligible].head(k)


def _qualitative_wide(qualitative: pd.DataFrame, config: CriteriaConfig) -> pd.DataFrame:
    q = qualitative.copy()
    key = config.key
    if {key, "item", "median"} <= set(q.columns):  # stakeholders.aggregate() output
        q = q.pivot(index=key, columns="item", values="median")
    elif key in q.columns:
        q = q.set_index(key)
    q.index = _normalise_codes(pd.DataFrame({key: list(q.index), "plate": 1}), key)[key].values
    q.columns = [str(c) for c in q.columns]
    known = {i.id for i in config.qualitative_items}
    unknown = [c for c in q.columns if c not in known]
    if unknown:
        raise ValueError(f"unknown qualitative item column(s) {unknown}; expected ids from the criteria file: {sorted(known)}")
    q = q.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = np.argwhere(((q < 1) | (q > 5)).to_numpy())
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"qualitative score out of range 1-5: sector {q.index[i]}, item {q.columns[j]}: "
                         f"{q.iat[i, j]}")
    return q


@dataclass(frozen=True)
class Prepared:
    """What :func:`evaluate` computes before applying the method (validated table, criteria and
    renormalised weights, utilities, notes): one :func:`prepare` serves every method
    (:func:`evaluate_prepared`). Read-only for everything that receives it."""

    inputs: pd.DataFrame
    criteria: pd.DataFrame
    utilities: pd.DataFrame
    transformed: pd.DataFrame
    heading_weights: pd.Series
    notes: tuple = ()


def prepare(table: pd.DataFrame, config: CriteriaConfig, qualitative: pd.DataFrame | None = None) -> Prepared:
    """The method-independent part of :func:`evaluate` (validation, criteria, utilities, notes)."""
    df, crit, util, transformed, hw, notes = _prepare(table, config, qualitative)
    return Prepared(inputs=df, criteria=crit, utilities=util, transformed=transformed, heading_weights=hw,
                    notes=tuple(notes))


def _prepare(table: pd.DataFrame, config: CriteriaConfig, qualitative: pd.DataFrame | None):
    """Validated inputs, criteria list (with renormalised weights), utilities and notes."""
    df, notes = validate_sector_table(table, config)
    key = config.key
    outside = [code for code, why in zip(df[key], _reasons(df, config)) if why] if len(df) else []
    if outside:
        notes.append(Note("criteria_notes.outside_rule", n=("count", len(outside)), codes=", ".join(outside)))

    q = None
    if qualitative is not None:
        q = _qualitative_wide(qualitative, config)
        missing_div = [d for d in df[key] if d not in q.index]
        if missing_div:
            raise ValueError(f"qualitative scores missing for division(s) {missing_div}; "
                             f"scored divisions: {sorted(q.index)}. Evaluate only the scored sectors "
                             f"(e.g. table[table.{key}.isin(scores.index)]).")
        q = q.loc[df[key].tolist()]
    else:
        if config.qualitative_items:
            notes.append(Note("criteria_notes.no_qualitative",
                              items=", ".join(i.label_tr or i.subtitle_en for i in config.qualitative_items)))

    rows, util_cols, trans_cols = [], {}, {}
    heading_w: dict[str, float] = {}
    for h in config.headings:
        active: list[tuple[str, Any]] = []
        for ind in h.indicators:
            if ind.column not in df.columns:
                notes.append(Note("criteria_notes.optional_absent", column=ind.label_tr or ind.label_en, indicator=ind.label_en,
                                  heading=h.label_tr))
                continue
            active.append(("quantitative", ind))
        for item in h.qualitative:
            if q is None:
                continue
            if item.id not in q.columns:
                notes.append(Note("criteria_notes.item_unscored", item=item.label_tr or item.subtitle_en, heading=h.label_tr))
                continue
            if q[item.id].isna().any():
                missing = q.index[q[item.id].isna()].tolist()
                raise ValueError(f"qualitative item {item.id} has no score for division(s) {missing}")
            active.append(("qualitative", item))
        total_w = sum(c.weight for _, c in active)
        if h.weight <= 0 or total_w <= 0:
            if h.weight > 0:
                notes.append(Note("criteria_notes.heading_dropped", heading=h.label_tr))
            continue
        heading_w[h.key] = h.weight
        for kind, c in active:
            if kind == "quantitative":
                t, u = _indicator_utility(df, c, config, key, notes)
                trans_cols[c.id] = t
                util_cols[c.id] = u
                column = c.column
            else:
                util_cols[c.id] = (q[c.id].to_numpy(dtype=float) - 1.0) / 4.0
                column = None
            rows.append({"id": c.id, "heading": h.key, "kind": kind, "column": column,
                         "transform": getattr(c, "transform", None), "direction": getattr(c, "direction", "benefit"),
                         "reference": getattr(c, "reference", "stakeholders"),
                         "nominal_weight": h.weight * c.weight, "weight_in_heading": c.weight / total_w})
    if not heading_w:
        raise ValueError("no heading has usable criteria with a positive weight")
    hw = pd.Series(heading_w, dtype=float)
    hw = hw / hw.sum()
    crit = pd.DataFrame(rows)
    crit["weight"] = crit["weight_in_heading"] * crit["heading"].map(hw)
    index = pd.Index(df[key], name=key)
    utilities = pd.DataFrame(util_cols, index=index)[crit["id"].tolist()]
    transformed = pd.DataFrame(trans_cols, index=index)
    return df, crit, utilities, transformed, hw, notes


def _scores(method: str, utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Method score for one (K,) or many (D, K) weight vectors -> (m,) or (D, m)."""
    single = weights.ndim == 1
    W = np.atleast_2d(weights)
    types = np.ones(utilities.shape[1])
    if method == "weighted_sum":
        out = W @ utilities.T
    elif method == "promethee":
        flows = mcda._unicriterion_flows(utilities, types, "usual", None, None)
        out = W @ flows.T
    elif method == "topsis":
        r = mcda.normalise(utilities, types, "vector")
        out = mcda._topsis_core(r, W, types, oriented=False)
    else:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    return out[0] if single else out


def evaluate(table: pd.DataFrame, config: CriteriaConfig, method: str | None = None,
             qualitative: pd.DataFrame | None = None) -> EvaluationResult:
    """Score and rank the sectors of one province.

    Parameters
    ----------
    table : DataFrame
        Sector table (module docstring); normally ``longlist(table, config).kept``.
    config : CriteriaConfig
    method : {"weighted_sum", "topsis", "promethee"}, optional
        Defaults to ``config.method``.
    qualitative : DataFrame, optional
        Stakeholder medians: wide (index or column ``nace_division``, one column per item id) or
        the long output of :func:`helpers.stakeholders.aggregate`. Without it the evaluation uses
        the quantitative criteria alone and ``result.notes`` says so.

    Returns
    -------
    EvaluationResult
        ``result.table``: ``plate, nace_division, [nace_label, insured, workplaces, lq],
        score_<h>..., contrib_<h>..., total, rank``; plus ``criteria``, ``utilities``, ``transformed``, ``heading_weights``,
        ``notes``.

    Notes
    -----
    Utilities: transform, then min-max over the sectors evaluated with the direction applied
    (qualitative: (median - 1)/4). Heading score :math:`s_{ih} = \\sum_{k \\in h} w_{k|h} u_{ik}`;
    global weight :math:`w_k = W_h w_{k|h}`. ``weighted_sum``: total :math:`= \\sum_h W_h s_{ih}`
    and ``contrib_h`` :math:`= W_h s_{ih}`. ``promethee``: total = net flow (usual function) and
    ``contrib_h`` :math:`= \\sum_{k\\in h} w_k \\phi_k(i)` (exact, the flow is additive).
    ``topsis``: total = closeness (vector normalisation); it is not additive, so ``contrib_h``
    shows :math:`W_h s_{ih}` (a note says so).
    """
    method = method or config.method
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    return evaluate_prepared(prepare(table, config, qualitative), config, method)


def evaluate_prepared(prepared: Prepared, config: CriteriaConfig, method: str | None = None) -> EvaluationResult:
    """:func:`evaluate` from its method-independent part (:func:`prepare` of the same ``config``):
    ``evaluate(t, c, m, q)`` equals ``evaluate_prepared(prepare(t, c, q), c, m)``. The result shares
    ``prepared``'s frames (inputs, criteria, utilities, transformed, heading weights): read-only."""
    method = method or config.method
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    df, crit, util, transformed, hw = (prepared.inputs, prepared.criteria, prepared.utilities, prepared.transformed,
                                       prepared.heading_weights)
    notes = list(prepared.notes)
    U = util.to_numpy()
    w = crit["weight"].to_numpy()
    total = _scores(method, U, w)
    b = config.sector_basis
    key = b.key
    shown = (("plate", key, b.label, "insured", "workplaces", "lq") if b.name == "employment"
             else ("plate", key, b.label, "export_usd", "rca"))
    out = df[[c for c in (*shown, "flags") if c in df.columns]].copy()
    if "flags" not in out.columns:
        out["flags"] = ""
    out["flags"] = out["flags"].fillna("").astype(str)
    out["flagged"] = out["flags"] != ""
    for h in hw.index:
        sel = (crit["heading"] == h).to_numpy()
        out[f"score_{h}"] = U[:, sel] @ crit.loc[sel, "weight_in_heading"].to_numpy()
    for h in hw.index:
        sel = (crit["heading"] == h).to_numpy()
        if method == "promethee":
            flows = mcda._unicriterion_flows(U[:, sel], np.ones(sel.sum()), "usual", None, None)
            out[f"contrib_{h}"] = flows @ w[sel]
        else:
            out[f"contrib_{h}"] = hw[h] * out[f"score_{h}"]
    if method == "topsis":
        notes.append(Note("criteria_notes.topsis"))
    out["total"] = total
    out["rank"] = mcda.rank_scores(total)
    out = out.sort_values(["rank", key], kind="mergesort").reset_index(drop=True)
    return EvaluationResult(table=out, method=method, config=config, criteria=crit, utilities=util,
                            transformed=transformed, heading_weights=hw, inputs=df,
                            notes=list(config.notes) + notes)


def size_rank_correlation(result: EvaluationResult, size_column: str | None = None) -> float:
    """Spearman correlation between the final rank and the rank by plain size.

    Both ranks count 1 = best / largest, so +1 means the ranking just reproduces size and values
    near 0 mean size does not drive it (the 2011-2013 principle: "not the largest sectors").
    """
    key = result.config.key
    size_column = size_column or result.config.sector_basis.value
    inputs = result.inputs.set_index(key)
    if size_column not in inputs.columns:
        raise ValueError(f"size column {size_column!r} not in the evaluated table; available: {sorted(inputs.columns)}")
    t = result.table
    size = inputs[size_column].reindex(t[key]).to_numpy(dtype=float)
    return mcda.spearman(t["rank"].to_numpy(), -size)
