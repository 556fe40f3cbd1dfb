"""Glue for the criteria-evaluation notebook: assemble a province's sector table from the data and
the indicators, read the stakeholder folder, and turn results into views and one-sentence readings.

The scoring itself lives in :mod:`helpers.criteria` and :mod:`helpers.mcda`; the indicators in
:mod:`helpers.sectors`/:mod:`helpers.indicators`. Nothing here computes a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import criteria, datasets, paths, pipeline, provinces, sectors, stakeholders


def resolve_file(path: str) -> Path:
    """A criteria file given relative to the repository (or absolute); must exist."""
    p = paths.resolve(path)
    if not p.exists():
        raise FileNotFoundError(f"criteria file {path!r} not found (looked for {p})")
    return p


@dataclass
class ProvinceInputs:
    table: pd.DataFrame          # the sector table criteria.evaluate expects (one row per division)
    analysis: sectors.SectorAnalysis
    is_sample: bool
    notes: list[str] = field(default_factory=list)


def _exports_by_division() -> pd.DataFrame | None:
    """TİM exports mapped to NACE divisions, when the user has added TİM files (else None)."""
    if "exports_tim" not in pipeline.specs():
        return None
    if pipeline.build("exports_tim").status == "absent":
        return None
    from helpers.sources import tim
    return tim.tim_to_nace(datasets.load("exports_tim", build=False))


def province_inputs(plate: int, start_year: int, year: int) -> ProvinceInputs:
    """The sector table of one province for the criteria evaluation (all indicators computed over
    the 81 provinces at once, then the province's rows taken)."""
    emp = datasets.load("employment_sgk")
    analysis = sectors.analyse(emp, start_year, year, measure="insured", reference="TR")
    exports = _exports_by_division()
    notes = list(analysis.notes)
    if exports is None:
        notes.append("No TİM sector exports in data/raw/tim/: the exports criterion is left out (Talep rests on "
                      "the industry mix and competitive growth).")
    else:
        exports = exports[exports["year"] == year] if "year" in exports.columns else exports
    table = sectors.criteria_table(analysis, plate, universities=datasets.load("universities"), exports=exports)
    table["nace_label"] = table["title_en"]
    return ProvinceInputs(table=table, analysis=analysis, is_sample=analysis.is_sample, notes=notes)


def _label(code: pd.Series, title: pd.Series, width: int = 34) -> pd.Series:
    return code.astype(str) + " " + title.fillna("").astype(str).str.slice(0, width)


# --- long list -------------------------------------------------------------------------------

def longlist_reading(ll: criteria.Longlist, config: criteria.CriteriaConfig) -> str:
    rule = config.longlist
    return (f"**Reading:** {len(ll.kept)} divisions enter the long list ({rule.describe()}, at least "
            f"{rule.min_workplaces:g} workplaces and {rule.min_insured:g} insured); {len(ll.excluded)} are left out, "
            "each with its reason in `long_list.excluded`.")


# --- stakeholders ----------------------------------------------------------------------------

@dataclass
class StakeholderInput:
    folder: Path
    responses: pd.DataFrame
    scores: pd.DataFrame          # aggregate(): median and IQR per division × item
    files: list[str]


def folder_for(plate: int, stakeholder_dir: str = "") -> Path:
    """The folder of filled sheets: the parameter, or ``data/stakeholders/<plate>-<slug>/``."""
    if stakeholder_dir:
        return paths.resolve(stakeholder_dir)
    return paths.STAKEHOLDERS / f"{plate:02d}-{provinces.slug(plate)}"


def load_folder(folder: Path, config: criteria.CriteriaConfig, sectors_table: pd.DataFrame) -> StakeholderInput | None:
    """Read and validate every filled sheet in ``folder``; None when there are none."""
    if not folder.exists() or not any(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", "."))):
        return None
    responses = stakeholders.read_sheets(folder, config, sectors_table)
    if responses.empty:
        return None
    return StakeholderInput(folder=folder, responses=responses, scores=stakeholders.aggregate(responses),
                            files=sorted(responses["file"].astype(str).unique().tolist()))


def stakeholder_reading(q: StakeholderInput | None, folder: Path) -> str:
    if q is None:
        rel = folder.relative_to(paths.ROOT) if folder.is_relative_to(paths.ROOT) else folder
        return (f"**Reading:** no filled stakeholder sheets in `{rel}`: the evaluation runs on the quantitative "
                "criteria alone, and the qualitative items carry no weight. Generate a sheet with "
                "`python tools/stakeholder_sheet.py <province>`, collect the filled copies in that folder and rerun.")
    n = q.responses["respondent"].nunique() if "respondent" in q.responses else len(q.files)
    high = int(q.scores["high_disagreement"].sum()) if "high_disagreement" in q.scores else 0
    return (f"**Reading:** {len(q.files)} filled sheet(s) from {n} respondent(s) enter the evaluation as medians; "
            f"{high} sector × item scores show high disagreement (interquartile range ≥ 2) and deserve discussion.")


def disagreement(q: StakeholderInput | None) -> pd.DataFrame | None:
    if q is None:
        return None
    return q.scores.sort_values(["iqr", "nace_division"], ascending=[False, True]).reset_index(drop=True)


# --- scores and ranking ----------------------------------------------------------------------

def heading_labels(config: criteria.CriteriaConfig) -> list[str]:
    return [h.label_tr for h in config.headings]


def heading_matrix(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 20) -> pd.DataFrame:
    """Top ``n`` sectors × headings, heading scores in [0, 1] (the heatmap)."""
    t = result.table.head(n)
    m = pd.DataFrame({h.label_tr: t[f"score_{h.key}"].to_numpy() for h in config.headings})
    m.index = _label(t["nace_division"], t.get("nace_label", t["nace_division"]))
    return m


def heading_reading(result: criteria.EvaluationResult, config: criteria.CriteriaConfig) -> str:
    t = result.table
    best = {h.label_tr: t.loc[t[f"score_{h.key}"].idxmax(), "nace_label"] for h in config.headings}
    parts = "; ".join(f"{k}: {v}" for k, v in best.items())
    return f"**Reading:** the best-scoring sector under each heading — {parts}."


def contributions(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 15) -> pd.DataFrame:
    t = result.table.head(n)
    out = pd.DataFrame({h.label_tr: t[f"contrib_{h.key}"].to_numpy() for h in config.headings})
    out.insert(0, "label", _label(t["nace_division"], t.get("nace_label", t["nace_division"])).to_numpy())
    return out


def ranking_reading(result: criteria.EvaluationResult) -> str:
    t = result.table
    first = t.iloc[0]
    return (f"**Reading:** with the {result.method.replace('_', ' ')} method, {first['nace_label']} "
            f"({first['nace_division']}) ranks first of {len(t)}; each bar shows how much each heading adds.")


def size_vs_rank(result: criteria.EvaluationResult) -> pd.DataFrame:
    return result.table[["nace_division", "insured", "rank"]].copy()


def size_reading(rho: float) -> str:
    if rho != rho:
        return "**Reading:** the size–rank correlation is undefined (too few sectors)."
    if rho < 0.4:
        verdict = ("size hardly drives it: the sectors chosen are not simply the largest, as the method intends "
                   "(size enters only through a diminishing log transform)")
    elif rho < 0.7:
        verdict = "size matters moderately, through the log transform and the size-related criteria"
    else:
        verdict = ("the ranking still follows size closely, although size enters only through a log transform: "
                   "several criteria (critical mass, labour pool, specialisation) grow with size here, so the "
                   "consultation should ask whether smaller, well-networked sectors are being overlooked")
    return f"**Reading:** the Spearman correlation between the final ranking and plain size is {rho:.2f}: {verdict}."


def robustness_view(robust: criteria.RobustnessResult, n: int = 15) -> pd.DataFrame:
    t = robust.table.head(n).copy()
    t["label"] = _label(t["nace_division"], t.get("nace_label", t["nace_division"]))
    return t


def robustness_reading(robust: criteria.RobustnessResult, top_k: int) -> str:
    t = robust.table
    sure = t[t["p_top_k"] >= 0.9]
    return (f"**Reading:** over {robust.n:,} random weightings (seed {robust.seed}, {robust.scheme}), "
            f"{len(sure)} sector(s) stay in the top {top_k} at least 90% of the time; the bars show each sector's "
            "5–95% rank interval.")


def agreement_reading(agreement: criteria.MethodAgreement) -> str:
    sp = agreement.spearman
    pairs = [(a, b, sp.loc[a, b]) for i, a in enumerate(sp.index) for b in sp.columns[i + 1:]]
    lowest = min(pairs, key=lambda x: x[2])
    return (f"**Reading:** the three methods agree with Spearman rank correlations from {lowest[2]:.2f} "
            f"({lowest[0]} vs {lowest[1]}) up; close to 1 means the shortlist does not depend on the method.")


def shortlist(result: criteria.EvaluationResult, robust: criteria.RobustnessResult, top_k: int) -> pd.DataFrame:
    """The top ``top_k`` sectors with key figures, robustness and the generated explanation."""
    t = result.top(top_k).merge(result.inputs[["nace_division", "title_tr", "title_en"]], on="nace_division", how="left")
    r = robust.table.set_index("nace_division")
    t["p_top_k"] = t["nace_division"].map(r["p_top_k"])
    t["rank_interval"] = t["nace_division"].map(
        (r["rank_p05"].astype(int).astype(str) + "–" + r["rank_p95"].astype(int).astype(str)))
    t["explanation"] = t["nace_division"].map(criteria.explain(result, top_k))
    cols = ["rank", "nace_division", "title_tr", "title_en", "insured", "workplaces", "lq", "total", "p_top_k",
            "rank_interval", "explanation"]
    return t[[c for c in cols if c in t.columns]].reset_index(drop=True)


def shortlist_labels(short: pd.DataFrame) -> list[str]:
    return [f"{r.nace_division} {r.title_tr}" for r in short.itertuples()]


def shortlist_markdown(short: pd.DataFrame) -> str:
    """The shortlist as a numbered Markdown list with each sector's explanation in full."""
    lines = ["**Shortlist, heading by heading:**", ""]
    for r in short.itertuples():
        lines.append(f"{int(r.rank)}. **{r.nace_division} {r.title_tr}** ({r.title_en}) — {r.explanation} "
                     f"In the top {len(short)} in {r.p_top_k:.0%} of the weight perturbations (rank interval {r.rank_interval}).")
    return "\n".join(lines)
