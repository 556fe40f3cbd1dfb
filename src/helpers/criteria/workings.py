"""Show the workings of an evaluation in the report's language: the criteria per heading (what
each measures, source, transform, utility reference, nominal and effective weight), the sectors
left out of the long list with their reasons, the flagged sectors, and how far size drives the
ranking. Every text comes from the catalogue (``evaluation.workings.*``, ``evaluation.excluded.*``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import mcda
from helpers import text as _text
from helpers.text import formats as fmt

from .config import CriteriaConfig
from .score import EvaluationResult
from .table import Longlist


def _col(name: str, lang: str) -> str:
    return _text.t(f"evaluation.workings.column.{name}", lang)


def criteria_view(config: CriteriaConfig, result: EvaluationResult | None = None, lang: str = "tr") -> pd.DataFrame:
    """One row per criterion of the file, heading by heading: heading, criterion (its label),
    source, transform, utility reference, nominal weight (heading weight × weight in the heading)
    and effective weight (after criteria without data are dropped and the heading's weights
    rescaled; 0 for a dropped criterion). Weights as fractions of 1 (show them as percent)."""
    lang = _text.check_language(lang)
    eff = {}
    if result is not None and len(result.criteria):
        eff = dict(zip(result.criteria["id"], result.criteria["weight"]))
    rows = []
    for h in config.headings:
        for ind in h.indicators:
            scale = ""
            if ind.reference == "fixed" and ind.scale:
                lo, hi = ind.scale
                digits = 0 if max(abs(lo), abs(hi)) >= 10 else 1
                scale = _text.t("evaluation.workings.scale", lang, low=fmt.number(lo, lang, digits),
                                high=fmt.number(hi, lang, digits))
            ref = _text.t(f"evaluation.workings.reference.{ind.reference}", lang, **({"scale": scale} if scale else {}))
            rows.append({
                _col("heading", lang): h.label_tr,
                _col("criterion", lang): (ind.label_tr if lang == "tr" and ind.label_tr else ind.label_en),
                _col("direction", lang): _text.t(f"evaluation.workings.direction.{ind.direction}", lang),
                _col("source", lang): ind.source or "–",
                _col("transform", lang): _text.t(f"evaluation.workings.transform.{ind.transform}", lang),
                _col("reference", lang): ref,
                _col("nominal", lang): h.weight * ind.weight,
                _col("effective", lang): float(eff.get(ind.id, 0.0)),
            })
        for item in h.qualitative:
            rows.append({
                _col("heading", lang): h.label_tr,
                _col("criterion", lang): item.label_tr or item.subtitle_en,
                _col("direction", lang): _text.t("evaluation.workings.direction.benefit", lang),
                _col("source", lang): _text.t("evaluation.workings.stakeholders", lang),
                _col("transform", lang): _text.t("evaluation.workings.transform.stakeholders", lang),
                _col("reference", lang): _text.t("evaluation.workings.reference.stakeholders", lang),
                _col("nominal", lang): h.weight * item.weight,
                _col("effective", lang): float(eff.get(item.id, 0.0)),
            })
    return pd.DataFrame(rows)


def weights_reading(config: CriteriaConfig, result: EvaluationResult | None, lang: str = "tr") -> str:
    """How the weights of missing criteria were redistributed (the documented rule), in words."""
    lang = _text.check_language(lang)
    used = set(result.criteria["id"]) if result is not None and len(result.criteria) else set()
    dropped = [c for c in (*config.indicators, *config.qualitative_items) if c.id not in used]
    share = sum(config.heading(c.heading).weight * c.weight for c in dropped)
    return _text.t("evaluation.workings.weights_reading", lang, reading=_text.reading(lang),
                   n=fmt.count(len(dropped), lang), share=fmt.share(share, lang, 0))


def excluded_view(ll: Longlist, config: CriteriaConfig, lang: str = "tr") -> pd.DataFrame:
    """The sectors left out of the long list: code, name, size and the reason, in ``lang``."""
    lang = _text.check_language(lang)
    b = config.sector_basis
    ex = ll.excluded
    rule = config.longlist
    rows = []
    for r in ex.to_dict("records"):
        reasons = []
        for k in filter(None, str(r.get("reason_keys", "")).split("; ")):
            values = {"rule": rule.describe(lang)} if k == "not_listed" else {}
            if k == "below_floor":
                values.update(value=fmt.money(r.get("export_usd", 0), lang, "USD"),
                              min_usd=fmt.money(rule.min_export_usd, lang, "USD"),
                              min_share=fmt.share(rule.min_export_share, lang, 1))
            elif k in ("below_workplaces", "below_insured"):
                col = k.removeprefix("below_")
                values.update(value=fmt.count(r.get(col, 0), lang), minimum=fmt.count(getattr(rule, f"min_{col}"), lang))
            reasons.append(_text.t(f"evaluation.excluded.{k}", lang, **values))
        name = r.get(f"title_{lang}") or r.get(b.label) or r[b.key]
        size = r.get(b.value)
        rows.append({_col("code", lang): r[b.key], _col("name", lang): name,
                     _col("size_" + b.name, lang): (fmt.money(size, lang, "USD") if b.name == "exports"
                                                    else fmt.count(size, lang)) if size == size and size is not None else "–",
                     _col("reason", lang): "; ".join(reasons)})
    return pd.DataFrame(rows, columns=[_col("code", lang), _col("name", lang), _col("size_" + b.name, lang),
                                       _col("reason", lang)])


def size_summary(result: EvaluationResult) -> dict[str, object]:
    """``rho`` (Spearman of the final rank with plain size, NaN under 3 sectors), ``top_is_largest``
    (whether the first-ranked sector is the province's largest of those evaluated; None when
    nothing was ranked), ``top`` and ``largest`` codes."""
    key = result.config.key
    t = result.table
    if t.empty:
        return {"rho": float("nan"), "top_is_largest": None, "top": None, "largest": None}
    size = result.inputs.set_index(key)[result.config.sector_basis.value].reindex(t[key]).to_numpy(dtype=float)
    rho = mcda.spearman(t["rank"].to_numpy(), -size) if len(t) >= 3 else float("nan")
    largest = t[key].iloc[int(np.nanargmax(size))] if np.isfinite(size).any() else None
    return {"rho": float(rho), "top_is_largest": bool(t[key].iloc[0] == largest), "top": t[key].iloc[0],
            "largest": largest}


def size_reading(result: EvaluationResult, lang: str = "tr") -> str:
    """The rank correlation with size and whether the top sector is the province's largest."""
    lang = _text.check_language(lang)
    s = size_summary(result)
    if s["top"] is None:
        return _text.t("evaluation.size.none", lang, reading=_text.reading(lang))
    rho = s["rho"]
    if rho != rho:
        first = _text.t("evaluation.size.undefined", lang, reading=_text.reading(lang))
    else:
        verdict = "low" if rho < 0.4 else "moderate" if rho < 0.7 else "high"
        first = _text.t("evaluation.size.text", lang, reading=_text.reading(lang), rho=fmt.decimal(rho, lang, 2),
                        verdict=_text.t(f"evaluation.size.{verdict}", lang))
    second = _text.t("evaluation.size.top_largest" if s["top_is_largest"] else "evaluation.size.top_not_largest", lang)
    return f"{first} {second}"


def flags_view(result: EvaluationResult, flags: pd.DataFrame | None, lang: str = "tr") -> pd.DataFrame:
    """Flagged sectors of the ranking: rank, code, name, the reason (from the plausibility
    checks' catalogue text) and whether the sector may enter the shortlist."""
    lang = _text.check_language(lang)
    key = result.config.key
    cols = [_col("rank", lang), _col("code", lang), _col("name", lang), _col("flag", lang), _col("shortlist", lang)]
    if flags is None or flags.empty or result.table.empty:
        return pd.DataFrame(columns=cols)
    from helpers import plausibility
    t = result.table.set_index(key)
    names = result.inputs.set_index(key)
    rows = []
    for f in flags[flags["sector"] != "*"].to_dict("records"):
        code = f["sector"]
        if code not in t.index:
            continue
        name = names.loc[code].get(f"title_{lang}") if f"title_{lang}" in names.columns else code
        rows.append({cols[0]: int(t.loc[code, "rank"]), cols[1]: code, cols[2]: name,
                     cols[3]: plausibility.flag_text(f["flag"], lang, **f),
                     cols[4]: _text.t("evaluation.workings.kept" if result.config.keep_flagged
                                      else "evaluation.workings.left_out", lang)})
    return pd.DataFrame(rows, columns=cols).sort_values(cols[0]).reset_index(drop=True)
