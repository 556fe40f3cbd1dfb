"""Notebook 03's robustness, agreement and shortlist sections: views and one-sentence readings of
:func:`helpers.criteria.scenarios`, and what the report records for the run's summary.

Every text comes from the catalogue (``robustness.*``); numbers through :mod:`helpers.text.formats`.
Nothing here computes a score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import criteria, evaluation, text, textnorm
from helpers.criteria.scenarios import ScenarioResult
from helpers.criteria.scores_file import _flags_text, flag_column
from helpers.text import formats as fmt


#: Column kinds of :func:`table` and :func:`shortlist_table` for :func:`helpers.report.table`.
KINDS = {"p_top_k_scenarios": "share", "median_rank": "decimal", "base_rank": "count", "rank_min": "count",
         "rank_max": "count"}


def _choices(codes: str | list[str], lang: str) -> str:
    items = [c.strip() for c in (codes.split(",") if isinstance(codes, str) else codes) if c and c.strip()]
    return ", ".join(text.t(f"robustness.choice.{c}", lang) for c in items)


def view(scen: ScenarioResult, n: int = 15) -> pd.DataFrame:
    """The first ``n`` sectors by base rank, with a ``label`` for the interval chart (the name cut at
    a word boundary, :func:`helpers.textnorm.shorten`) and the ``full_label`` for the table."""
    t = scen.table.head(n).copy()
    names = (t[scen.label] if scen.label in t.columns else t[scen.key]).fillna("").astype(str)
    codes = t[scen.key].astype(str)
    t["label"] = codes + " " + names.map(lambda s: textnorm.shorten(s, 34))
    t["full_label"] = codes + " " + names
    return t


def axis_label(scen: ScenarioResult, lang: str = "tr") -> str:
    """The rank axis of the robustness chart: what the bar (best to worst rank over the scenarios),
    the dot and the percentage show, with the run's k."""
    return text.t("robustness.figure.xlabel", lang, top_k=scen.top_k)


def table(scen: ScenarioResult, lang: str = "tr", n: int = 15) -> pd.DataFrame:
    """The report's table: rank, sector, share in the top k (blank with too few candidates), best
    and worst rank, the choices a top-k sector depends on and its status, in ``lang``. Ranks count
    the sectors the shortlist draws from; a flagged sector is marked as such (never in the top k)."""
    t = view(scen, n)
    out = pd.DataFrame({"base_rank": t["base_rank"].to_numpy(), "sector": t["full_label"].to_numpy()})
    out["p_top_k_scenarios"] = np.nan if scen.too_few else t["p_top_k"].to_numpy()
    out["median_rank"] = t["median_rank"].to_numpy()
    out["rank_min"] = t["rank_min"].to_numpy()
    out["rank_max"] = t["rank_max"].to_numpy()
    out["depends_on"] = [_choices(v, lang) for v in t["depends_on"]]
    flagged = t["flagged"] if "flagged" in t.columns else pd.Series(False, index=t.index)
    out["stability"] = [text.t("robustness.status.flagged", lang) if f else text.t(f"robustness.status.{v}", lang)
                        if v else "" for v, f in zip(t["status"], flagged)]
    return out


def reading(scen: ScenarioResult, lang: str = "tr") -> str:
    """How many top-k sectors are stable, depend on one choice or on several -- or, with too few
    candidates, why no share is given; plus the choices the data did not let us vary."""
    lang = text.check_language(lang)
    if scen.n_candidates == 0:
        return text.t("robustness.none", lang, reading=text.reading(lang))
    if scen.too_few:
        out = text.plural("robustness.too_few", scen.n_candidates, lang, reading=text.reading(lang),
                          n=fmt.count(scen.n_candidates, lang), top_k=fmt.count(scen.top_k, lang))
    else:
        status = scen.table["status"]
        out = text.t("robustness.reading", lang, reading=text.reading(lang), n=fmt.count(len(scen.runs), lang),
                     choices=_choices(scen.choices, lang), seed=scen.seed, top_k=fmt.count(scen.top_k, lang),
                     n_top=fmt.count(int(scen.table["in_base_top"].sum()), lang),
                     stable=fmt.count(int((status == "stable").sum()), lang),
                     depends=fmt.count(int((status == "depends").sum()), lang),
                     fragile=fmt.count(int((status == "fragile").sum()), lang))
        n_flagged = int(scen.table["flagged"].sum()) if "flagged" in scen.table.columns else 0
        if n_flagged:
            out += " " + text.plural("robustness.flagged", n_flagged, lang, n=fmt.count(n_flagged, lang),
                                     top_k=fmt.count(scen.top_k, lang))
    missing = [s for s in (_unavailable(scen, c, lang) for c in scen.unavailable) if s]
    return " ".join([out, *missing])


def _unavailable(scen: ScenarioResult, choice: str, lang: str) -> str:
    """The sentence saying why ``choice`` was not varied: ``robustness.unavailable.<choice>.<reason>``
    filled from the values the caller gave (the generic ``.default`` without them), or the choice's
    one sentence ``robustness.unavailable.<choice>``; "" when the catalogue has none."""
    values = {k: str(v) for k, v in scen.unavailable_values.get(choice, {}).items()}
    for key in (f"robustness.unavailable.{choice}.{scen.unavailable[choice]}", f"robustness.unavailable.{choice}"):
        if text.has(key):
            wanted = text.placeholders(text.template(key, lang))
            if wanted <= set(values):
                return text.t(key, lang, **{k: values[k] for k in wanted})
    key = f"robustness.unavailable.{choice}.default"
    return text.t(key, lang) if text.has(key) else ""


def agreement_reading(agreement: criteria.MethodAgreement, scen: ScenarioResult, lang: str = "tr") -> str:
    """:func:`helpers.evaluation.agreement_reading`, or the too-few sentence when a rank
    correlation over so few sectors is ±1 by construction."""
    if scen.n_candidates == 0:
        return text.t("robustness.none", lang, reading=text.reading(lang))
    if scen.too_few:
        return text.plural("robustness.agreement_too_few", scen.n_candidates, lang, reading=text.reading(lang),
                           n=fmt.count(scen.n_candidates, lang))
    return evaluation.agreement_reading(agreement, lang)


def shortlist(result: criteria.EvaluationResult, scen: ScenarioResult, top_k: int, lang: str = "tr") -> pd.DataFrame:
    """:func:`helpers.evaluation.shortlist` with the scenarios' share in the top k, rank range,
    status and the choices each sector depends on."""
    out = evaluation.shortlist(result, scen.weights, top_k, lang)
    key = scen.key
    s = scen.table.set_index(key)
    out["p_top_k"] = out[key].map(s["p_top_k"])
    out["rank_interval"] = out[key].map(s["rank_min"].astype(str) + "–" + s["rank_max"].astype(str))
    out["status"] = out[key].map(s["status"]).fillna("")
    out["depends_on"] = out[key].map(s["depends_on"]).fillna("")
    out.attrs["too_few"] = scen.too_few
    return out


def shortlist_markdown(short: pd.DataFrame, lang: str | None = None) -> str:
    """The shortlist as a numbered list: explanation, then whether the sector is stable or which
    choice it depends on."""
    lang = text.check_language(lang or short.attrs.get("lang", "tr"))
    key = "sector" if "sector" in short.columns and "nace_division" not in short.columns else "nace_division"
    lines = [text.t("robustness.shortlist.heading", lang), ""]
    n = fmt.count(len(short), lang)
    for r in short.itertuples():
        if short.attrs.get("too_few"):
            stab = text.t("robustness.shortlist.too_few", lang, interval=r.rank_interval)
        else:
            status = r.status  # the scenarios' top k is the shortlist itself: every entry has a status
            extra = {} if status == "stable" else {"choices": _choices(r.depends_on, lang)}
            stab = text.t(f"robustness.shortlist.{status}", lang, n=n, p=fmt.share(r.p_top_k, lang, 0),
                          interval=r.rank_interval, **extra)
        title, gloss = (r.title_en, r.title_tr) if lang == "en" else (r.title_tr, r.title_en)
        lines.append(text.t("robustness.shortlist.item", lang, rank=int(r.rank), code=getattr(r, key), title=title,
                            gloss=gloss, explanation=r.explanation, stability=stab))
    return "\n".join(lines)


def shortlist_table(short: pd.DataFrame) -> pd.DataFrame:
    """The shortlist's table (the codes of status and choices are in the sentences above it; no
    share with too few candidates)."""
    out = short.drop(columns=[c for c in ("explanation", "status", "depends_on") if c in short.columns])
    out = out.rename(columns={"p_top_k": "p_top_k_scenarios", "rank_interval": "rank_range"})
    if short.attrs.get("too_few") and "p_top_k_scenarios" in out.columns:
        out["p_top_k_scenarios"] = np.nan
    return out


def run_record(result: criteria.EvaluationResult, scen: ScenarioResult | None = None,
               lang: str = "tr") -> dict[str, object]:
    """What notebook 03 records for the run's summary over provinces and the index page:
    ``size_rho`` (Spearman of the final rank with size, None when undefined), ``top_is_largest``,
    ``n_candidates``, ``flagged_sectors`` (``"T23 Name"`` labels in ``lang``), ``stable_top``,
    ``evaluation_status`` (``ok``; ``no_candidates`` when no sector passes the presence floor;
    ``all_flagged`` when the flags leave the shortlist empty -- the index says so)."""
    key, label = result.config.key, result.config.sector_basis.label
    t = result.table
    if t.empty:  # no sector to evaluate: nothing to correlate, nothing flagged
        return {"size_rho": None, "top_is_largest": None, "n_candidates": 0, "flagged_sectors": [],
                "evaluation_status": "no_candidates", **({"stable_top": None} if scen is not None else {})}
    rho = criteria.size_rank_correlation(result)
    size = result.inputs.set_index(key)[result.config.sector_basis.value].astype(float)
    largest = size.idxmax() if len(size) and size.notna().any() else None
    top = t.iloc[0][key] if len(t) else None
    flagged: list[str] = []
    for frame in (t, result.inputs):
        fc = flag_column(frame, lang)
        if fc:
            marked = frame[frame[fc].map(lambda v: bool(len(v)) if isinstance(v, (list, tuple)) else
                                         bool(v) and v == v)]
            names = marked[label] if label in marked.columns else marked[key]
            flagged = [f"{c} {n} ({_flags_text(v, lang)})" for c, n, v in zip(marked[key], names, marked[fc])]
            break
    out: dict[str, object] = {"size_rho": None if rho != rho else round(float(rho), 4),
                              "top_is_largest": None if largest is None else bool(top == largest),
                              "n_candidates": int(len(t)), "flagged_sectors": flagged,
                              "evaluation_status": "ok" if len(result.shortlist(1)) else "all_flagged"}
    if scen is not None:
        out["stable_top"] = None if scen.too_few else round(
            float((scen.table["status"] == "stable").sum() / max(1, (scen.table["in_base_top"]).sum())), 4)
    return out
