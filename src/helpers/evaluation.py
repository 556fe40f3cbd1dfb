"""Glue for the criteria-evaluation notebook: assemble a province's sector table from the data and
the indicators, read the stakeholder folder, and turn results into views and one-sentence readings.

The scoring itself lives in :mod:`helpers.criteria` and :mod:`helpers.mcda`; the indicators in
:mod:`helpers.sectors`/:mod:`helpers.indicators`. Nothing here computes a score.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import basis as basis_mod
from helpers import criteria, datasets, paths, pipeline, provinces, sectors, stakeholders
from helpers.basis import BASES, Basis  # noqa: F401  (BASES: the allowed ``basis`` parameter values)

from helpers.basis import DEFAULT_SPAN, default_years  # noqa: F401  (re-exported for the notebooks)


def resolve_file(path: str) -> Path:
    """A criteria file given relative to the repository (or absolute); must exist."""
    p = paths.resolve(path)
    if not p.exists():
        raise FileNotFoundError(f"criteria file {path!r} not found (looked for {p})")
    return p


@dataclass
class ProvinceInputs:
    table: pd.DataFrame          # the sector table criteria.evaluate expects (one row per sector)
    analysis: sectors.SectorAnalysis
    is_sample: bool
    notes: list[str] = field(default_factory=list)
    basis: Basis = basis_mod.EMPLOYMENT  # what the sectors are (exports / employment) and whether sample
    start_year: int = 0
    year: int = 0

    @property
    def key(self) -> str:
        return self.basis.key


def choose_basis(basis: str = "auto") -> tuple[Basis, str]:
    """The basis for notebook 03's ``basis`` parameter (:data:`helpers.basis.BASES`), and why.

    See :func:`helpers.basis.choose`: ``"auto"`` is employment with official SGK files, exports
    otherwise; the sample only with ``"sample"``."""
    return basis_mod.choose(basis)


def basis_data(b: Basis) -> pd.DataFrame:
    """The processed table behind a basis (``exports_tim`` or ``employment_sgk``)."""
    try:
        return datasets.load(b.table)
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"the {b.name} basis needs the processed table {b.table!r}: {exc}") from None


def years_with_data(data: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in data["year"].dropna().unique())


def _exports_by_division() -> tuple[pd.DataFrame | None, list[str]]:
    """TİM exports mapped to NACE divisions (for the optional exports criterion of the employment
    basis), when the exports table can be built (else None), and the mapping's data decisions."""
    if "exports_tim" not in pipeline.specs():
        return None, []
    if pipeline.build("exports_tim").status == "absent":
        return None, []
    from helpers.sources import tim
    if not hasattr(tim, "tim_to_nace"):
        return None, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = tim.tim_to_nace(datasets.load("exports_tim", build=False))
    return out, list(dict.fromkeys(str(w.message) for w in caught))


def province_inputs(plate: int, start_year: int = 0, year: int = 0, basis: str = "auto") -> ProvinceInputs:
    """The sector table of one province for the criteria evaluation (all indicators computed over
    the 81 provinces at once, then the province's rows taken).

    Parameters
    ----------
    plate : province plate code
    start_year, year : growth base year and evaluation year; 0 = default (:func:`default_years`)
    basis : ``"auto"`` (default), ``"exports"``, ``"employment"`` or ``"sample"``
        (:func:`choose_basis`). The chosen basis is ``inputs.basis`` (with its sample flag).
    """
    b, why = choose_basis(basis)
    data = basis_data(b)
    start, end = default_years(years_with_data(data), year, start_year)
    if b.name == "exports":
        analysis = sectors.analyse_exports(data, start, end, reference="TR")
        table = sectors.criteria_table_exports(analysis, plate, universities=datasets.load("universities"))
        notes = [why, basis_mod.TEXT["head_office"], *analysis.notes]
        return ProvinceInputs(table=table, analysis=analysis, is_sample=analysis.is_sample, notes=notes,
                              basis=analysis.basis, start_year=start, year=end)
    emp = data
    if bool(emp["is_sample"].any()) != b.is_sample:
        raise ValueError(f"basis {basis!r} expects {'sample' if b.is_sample else 'official'} SGK data, but the "
                         f"employment_sgk table is {'the sample' if emp['is_sample'].any() else 'official'}")
    analysis = sectors.analyse(emp, start, end, measure="insured", reference="TR")
    exports, mapping_notes = _exports_by_division()
    notes = [why, *analysis.notes, *mapping_notes]
    if exports is None:
        notes.append("No TİM sector exports in data/raw/tim/: the exports criterion is left out (Talep rests on "
                      "the industry mix and competitive growth).")
    else:
        exports = exports[exports["year"] == end] if "year" in exports.columns else exports
    table = sectors.criteria_table(analysis, plate, universities=datasets.load("universities"), exports=exports)
    table["nace_label"] = table["title_en"]
    return ProvinceInputs(table=table, analysis=analysis, is_sample=analysis.is_sample, notes=notes,
                          basis=analysis.basis, start_year=start, year=end)


def _label(code: pd.Series, title: pd.Series, width: int = 34) -> pd.Series:
    return code.astype(str) + " " + title.fillna("").astype(str).str.slice(0, width)


# --- long list -------------------------------------------------------------------------------

def longlist_reading(ll: criteria.Longlist, config: criteria.CriteriaConfig) -> str:
    rule = config.longlist
    if config.basis == "exports":
        return (f"**Reading:** {len(ll.kept)} harmonised TİM sectors enter the long list ({rule.describe()}, at least "
                f"USD {rule.min_export_usd:,.0f} of exports from the province); {len(ll.excluded)} are left out, "
                "each with its reason in `long_list.excluded`.")
    return (f"**Reading:** {len(ll.kept)} divisions enter the long list ({rule.describe()}, at least "
            f"{rule.min_workplaces:g} workplaces and {rule.min_insured:g} insured); {len(ll.excluded)} are left out, "
            "each with its reason in `long_list.excluded`.")


def longlist_view(ll: criteria.Longlist, inputs: ProvinceInputs) -> pd.DataFrame:
    """The kept sectors with their code, name, size and specialisation (columns of the basis)."""
    b = inputs.basis
    cols = ([b.key, b.label, "insured", "workplaces", "lq"] if b.name == "employment"
            else [b.key, b.label, "export_usd", "rca", "growth"])
    return ll.kept[[c for c in cols if c in ll.kept.columns]]


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
    key = "sector" if "sector" in q.scores.columns and "nace_division" not in q.scores.columns else "nace_division"
    return q.scores.sort_values(["iqr", key], ascending=[False, True]).reset_index(drop=True)


# --- scores and ranking ----------------------------------------------------------------------

def _roles(result) -> tuple[str, str]:
    """(sector key column, label column) of an evaluation or robustness result's basis."""
    b = result.config.sector_basis
    return b.key, b.label


def heading_labels(config: criteria.CriteriaConfig) -> list[str]:
    return [h.label_tr for h in config.headings]


def heading_matrix(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 20) -> pd.DataFrame:
    """Top ``n`` sectors × headings, heading scores in [0, 1] (the heatmap)."""
    t = result.table.head(n)
    m = pd.DataFrame({h.label_tr: t[f"score_{h.key}"].to_numpy() for h in config.headings})
    key, label = _roles(result)
    m.index = _label(t[key], t.get(label, t[key]))
    return m


def heading_reading(result: criteria.EvaluationResult, config: criteria.CriteriaConfig) -> str:
    t = result.table
    label = _roles(result)[1]
    best = {h.label_tr: t.loc[t[f"score_{h.key}"].idxmax(), label] for h in config.headings}
    parts = "; ".join(f"{k}: {v}" for k, v in best.items())
    return f"**Reading:** the best-scoring sector under each heading — {parts}."


def contributions(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 15) -> pd.DataFrame:
    t = result.table.head(n)
    out = pd.DataFrame({h.label_tr: t[f"contrib_{h.key}"].to_numpy() for h in config.headings})
    key, label = _roles(result)
    out.insert(0, "label", _label(t[key], t.get(label, t[key])).to_numpy())
    return out


def ranking_reading(result: criteria.EvaluationResult) -> str:
    t = result.table
    first = t.iloc[0]
    key, label = _roles(result)
    return (f"**Reading:** with the {result.method.replace('_', ' ')} method, {first[label]} "
            f"({first[key]}) ranks first of {len(t)}; each bar shows how much each heading adds.")


def size_vs_rank(result: criteria.EvaluationResult) -> pd.DataFrame:
    b = result.config.sector_basis
    return result.table[[b.key, b.value, "rank"]].copy()


def size_axis_label(basis: Basis) -> str:
    """x-axis label of the size-vs-rank chart."""
    return f"{basis_mod.TEXT[basis.name + '.size']} (log scale)"


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
    t["label"] = _label(t[robust.key], t.get(robust.label, t[robust.key]))
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
    if not pairs or all(x[2] != x[2] for x in pairs):
        return "**Reading:** with fewer than three candidate sectors the methods' rankings cannot be compared."
    lowest = min((x for x in pairs if x[2] == x[2]), key=lambda x: x[2])
    return (f"**Reading:** the three methods agree with Spearman rank correlations from {lowest[2]:.2f} "
            f"({lowest[0]} vs {lowest[1]}) up; close to 1 means the shortlist does not depend on the method.")


def shortlist(result: criteria.EvaluationResult, robust: criteria.RobustnessResult, top_k: int) -> pd.DataFrame:
    """The top ``top_k`` sectors with key figures, robustness and the generated explanation."""
    key = result.config.key
    titles = [c for c in ("title_tr", "title_en") if c in result.inputs.columns]
    t = result.top(top_k).merge(result.inputs[[key, *titles]], on=key, how="left")
    for c in ("title_tr", "title_en"):  # a sector without a reference name shows its printed label
        if c not in t.columns:
            t[c] = t.get(result.config.sector_basis.label, t[key])
    r = robust.table.set_index(key)
    t["p_top_k"] = t[key].map(r["p_top_k"])
    t["rank_interval"] = t[key].map(
        (r["rank_p05"].astype(int).astype(str) + "–" + r["rank_p95"].astype(int).astype(str)))
    t["explanation"] = t[key].map(criteria.explain(result, top_k))
    cols = ["rank", key, "title_tr", "title_en", "insured", "workplaces", "lq", "export_usd", "rca", "total",
            "p_top_k", "rank_interval", "explanation"]
    out = t[[c for c in cols if c in t.columns]].reset_index(drop=True)
    out.attrs["basis"] = result.config.basis
    return out


def _code_column(short: pd.DataFrame) -> str:
    return "sector" if "sector" in short.columns and "nace_division" not in short.columns else "nace_division"


def shortlist_labels(short: pd.DataFrame) -> list[str]:
    key = _code_column(short)
    return [f"{getattr(r, key)} {r.title_tr}" for r in short.itertuples()]


def summary_record(inputs: ProvinceInputs, short: pd.DataFrame) -> dict[str, object]:
    """What notebook 03 records for the index page: the shortlist labels, the basis (named) and
    its sample flag -- ``report.record_summary(**evaluation.summary_record(inputs, shortlist))``."""
    return {**inputs.basis.record(), "top_sectors": shortlist_labels(short),
            "evaluation_year": inputs.year, "start_year": inputs.start_year}


def basis_subtitle(inputs: ProvinceInputs, method: str, config: criteria.CriteriaConfig) -> str:
    """The report subtitle: basis, years, method, criteria version."""
    return (f"basis: {inputs.basis.title}; year {inputs.year} (growth from {inputs.start_year}); method {method}; "
            f"criteria {config.version}")


def shortlist_markdown(short: pd.DataFrame) -> str:
    """The shortlist as a numbered Markdown list with each sector's explanation in full."""
    lines = ["**Shortlist, heading by heading:**", ""]
    key = _code_column(short)
    for r in short.itertuples():
        lines.append(f"{int(r.rank)}. **{getattr(r, key)} {r.title_tr}** ({r.title_en}) — {r.explanation} "
                     f"In the top {len(short)} in {r.p_top_k:.0%} of the weight perturbations (rank interval {r.rank_interval}).")
    return "\n".join(lines)
