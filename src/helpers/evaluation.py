"""Glue for the criteria-evaluation notebook: assemble a province's sector table from the data and
the indicators, read the stakeholder folder, and turn results into views and one-sentence readings.

Every reading, title and label takes the report language ``lang`` (``"tr"`` by default, or ``"en"``)
and comes from the text catalogue (``evaluation.*`` in :mod:`helpers.text`); numbers are formatted
by :mod:`helpers.text.formats`; sector names are the reference names in the chosen language.

The scoring itself lives in :mod:`helpers.criteria` and :mod:`helpers.mcda`; the indicators in
:mod:`helpers.sectors`/:mod:`helpers.indicators`. Nothing here computes a score.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import basis as basis_mod
from helpers import criteria, datasets, paths, pipeline, sectors, text, textnorm
from helpers.criteria import workings
from helpers.text import Note
from helpers.text import formats as fmt
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
    flags: pd.DataFrame | None = None  # plausibility flags (helpers.plausibility.sector_flags); None: checks absent

    @property
    def key(self) -> str:
        return self.basis.key


def choose_basis(basis: str = "auto", lang: str = "tr") -> tuple[Basis, str]:
    """The basis for notebook 03's ``basis`` parameter (:data:`helpers.basis.BASES`), and why.

    See :func:`helpers.basis.choose`: ``"auto"`` is employment with official SGK files, exports
    otherwise; the sample only with ``"sample"``."""
    return basis_mod.choose(basis, lang)


def basis_data(b: Basis) -> pd.DataFrame:
    """The processed table behind a basis (``exports_tim`` or ``employment_sgk``)."""
    try:
        return datasets.load(b.table)
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"the {b.name} basis needs the processed table {b.table!r}: {exc}") from None


def _exports_by_division() -> tuple[pd.DataFrame | None, list[str]]:
    """TİM exports mapped to NACE divisions (for the optional exports criterion of the employment
    basis), when the exports table can be built (else None), and the mapping's data decisions."""
    if pipeline.build("exports_tim").status == "absent":
        return None, []
    from helpers.sources import tim
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = tim.tim_to_nace(datasets.load("exports_tim", build=False))
    return out, list(dict.fromkeys(str(w.message) for w in caught))


def province_inputs(plate: int, start_year: int = 0, year: int = 0, basis: str = "auto",
                    lang: str = "tr") -> ProvinceInputs:
    """The sector table of one province for the criteria evaluation (all indicators computed over
    the 81 provinces at once, then the province's rows taken).

    Parameters
    ----------
    plate : province plate code
    start_year, year : growth base year and evaluation year; 0 = default (:func:`default_years`)
    basis : ``"auto"`` (default), ``"exports"``, ``"employment"`` or ``"sample"``
        (:func:`choose_basis`). The chosen basis is ``inputs.basis`` (with its sample flag).
    lang : language of the notes (``"tr"`` or ``"en"``); ``label`` columns use the names in it
    """
    lang = text.check_language(lang)
    b, why = choose_basis(basis, lang)
    data = basis_data(b)
    start, end = default_years(datasets.years(data), year, start_year)
    if b.name == "exports":
        analysis = sectors.analyse_exports(data, start, end, reference="TR")
        table = sectors.criteria_table_exports(analysis, plate, universities=datasets.load("universities"))
        table["sector_label"] = table[f"title_{lang}"].fillna(table["sector"]).astype(str)
        flags = sector_flags(plate, end, start)
        codes = _flag_codes(flags)
        table["flags"] = [codes.get(c, "") for c in table["sector"]]
        notes = [why, basis_mod.text("head_office", lang), *analysis.notes]
        if not (table["export_usd"] > 0).any():
            notes.append(Note("basis.absent_provinces", year=("year", end), plates=str(plate)))
        if flags is not None and len(flags):
            from helpers import plausibility
            notes += [plausibility.flag_text(f["flag"], lang, **f)
                      for f in flags[flags["sector"] == "*"].to_dict("records")]
        return ProvinceInputs(table=table, analysis=analysis, is_sample=analysis.is_sample, notes=notes,
                              basis=analysis.basis, start_year=start, year=end, flags=flags)
    emp = data
    if bool(emp["is_sample"].any()) != b.is_sample:
        raise ValueError(f"basis {basis!r} expects {'sample' if b.is_sample else 'official'} SGK data, but the "
                         f"employment_sgk table is {'the sample' if emp['is_sample'].any() else 'official'}")
    analysis = sectors.analyse(emp, start, end, measure="insured", reference="TR")
    exports, mapping_notes = _exports_by_division()
    notes = [why, *analysis.notes, *mapping_notes]
    if exports is None:
        notes.append(Note("basis.no_exports"))
    else:
        exports = exports[exports["year"] == end] if "year" in exports.columns else exports
    table = sectors.criteria_table(analysis, plate, universities=datasets.load("universities"), exports=exports)
    table["nace_label"] = table[f"title_{lang}"].fillna(table["title_en"])
    return ProvinceInputs(table=table, analysis=analysis, is_sample=analysis.is_sample, notes=notes,
                          basis=analysis.basis, start_year=start, year=end)


def sector_flags(plate: int, year: int, start_year: int | None = None) -> pd.DataFrame:
    """The plausibility flags of a province-year (:func:`helpers.plausibility.sector_flags`: one row
    per flag, ``plate, sector, flag, value, threshold``; sector ``"*"`` is a province-wide caveat)."""
    from helpers import plausibility  # imported here: plausibility reads the processed tables

    return plausibility.sector_flags(plate, year, start_year)


def _flag_codes(flags: pd.DataFrame | None) -> dict[str, str]:
    """Sector code -> its flag codes joined with ", " (province-wide caveats excluded)."""
    if flags is None or flags.empty:
        return {}
    f = flags[flags["sector"] != "*"]
    return f.groupby("sector")["flag"].agg(lambda x: ", ".join(dict.fromkeys(map(str, x)))).to_dict()


# --- the workings (criteria, exclusions, flags) ------------------------------------------------

def criteria_view(config: criteria.CriteriaConfig, result: criteria.EvaluationResult | None = None,
                  lang: str = "tr"):
    """The criteria-and-weights table of the report (:func:`helpers.criteria.workings.criteria_view`),
    weights shown as percent."""
    df = workings.criteria_view(config, result, lang)
    pct = [workings._col("nominal", lang), workings._col("effective", lang)]
    return text.format_table(df, lang, percent=pct, digits=1)


def workings_reading(config: criteria.CriteriaConfig, result: criteria.EvaluationResult | None, lang: str = "tr") -> str:
    """The principle of the utilities, then how missing criteria's weights were redistributed."""
    intro = text.t("evaluation.workings.intro", lang, reading=text.reading(lang))
    return intro + "\n\n" + workings.weights_reading(config, result, lang)


def excluded_view(ll: criteria.Longlist, config: criteria.CriteriaConfig, lang: str = "tr") -> pd.DataFrame:
    """The sectors left out of the long list with their reasons, in ``lang``."""
    return workings.excluded_view(ll, config, lang)


def flags_reading(inputs: ProvinceInputs, result: criteria.EvaluationResult, lang: str = "tr") -> str:
    """How many ranked sectors the plausibility checks flag and what that means for the shortlist."""
    if inputs.basis.name != "exports":
        return text.t("evaluation.workings.exports_only", lang, reading=text.reading(lang))
    if inputs.flags is None:
        return text.t("evaluation.workings.no_checks", lang, reading=text.reading(lang))
    n = int(result.table["flagged"].sum()) if "flagged" in result.table.columns else 0
    if n == 0:
        return text.t("evaluation.workings.no_flags", lang, reading=text.reading(lang))
    return text.t("evaluation.workings.flags_reading", lang, reading=text.reading(lang), n=fmt.count(n, lang))


def flags_view(inputs: ProvinceInputs, result: criteria.EvaluationResult, lang: str = "tr") -> pd.DataFrame:
    """The flagged sectors of the ranking, with the reason and whether they may enter the shortlist."""
    return workings.flags_view(result, inputs.flags, lang)


def _label(code: pd.Series, title: pd.Series, width: int = 34) -> pd.Series:
    return code.astype(str) + " " + title.fillna("").astype(str).map(lambda t: textnorm.shorten(t, width))


# --- long list -------------------------------------------------------------------------------

def longlist_reading(ll: criteria.Longlist, config: criteria.CriteriaConfig, lang: str = "tr") -> str:
    """What the long list holds and by which presence floor (or that no sector passes it)."""
    rule = config.longlist
    if ll.kept.empty:
        return text.t("evaluation.longlist.none", lang, reading=text.reading(lang))
    common = dict(reading=text.reading(lang), kept=fmt.count(len(ll.kept), lang),
                  excluded=fmt.count(len(ll.excluded), lang), rule=rule.describe(lang))
    if config.basis == "exports":
        return text.t("evaluation.longlist.exports", lang, min_exports=fmt.money(rule.min_export_usd, lang, "USD"),
                      min_share=fmt.share(rule.min_export_share, lang, 1), **common)
    return text.t("evaluation.longlist.employment", lang, min_workplaces=fmt.count(rule.min_workplaces, lang),
                  min_insured=fmt.count(rule.min_insured, lang), **common)


def longlist_view(ll: criteria.Longlist, inputs: ProvinceInputs) -> pd.DataFrame:
    """The kept sectors with their code, name, size and specialisation (columns of the basis)."""
    b = inputs.basis
    cols = ([b.key, b.label, "insured", "workplaces", "lq"] if b.name == "employment"
            else [b.key, b.label, "export_usd", "rca", "growth"])
    return ll.kept[[c for c in cols if c in ll.kept.columns]]


# --- stakeholders: helpers.consultation (re-exported for the notebook) -----------------------
from helpers.consultation import (StakeholderInput, disagreement, disagreement_view,  # noqa: E402,F401
                                  folder_for, load_folder, stakeholder_reading)


# --- scores and ranking ----------------------------------------------------------------------

def _roles(result) -> tuple[str, str]:
    """(sector key column, label column) of an evaluation or robustness result's basis."""
    b = result.config.sector_basis
    return b.key, b.label


def heading_labels(config: criteria.CriteriaConfig) -> list[str]:
    """The headings' names as the reports show them: the project's Turkish names (proper names of
    the method, kept in both languages; the English gloss is in ``Heading.label``)."""
    return [h.label_tr for h in config.headings]


def heading_matrix(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 20) -> pd.DataFrame:
    """Top ``n`` sectors × headings, heading scores in [0, 1] (the heatmap)."""
    t = result.table.head(n)
    m = pd.DataFrame({h.label_tr: t[f"score_{h.key}"].to_numpy() for h in config.headings})
    key, label = _roles(result)
    m.index = _marked(t, _label(t[key], t.get(label, t[key])))
    return m


#: The mark of a flagged sector in charts and tables (the reason is in the flagged-sectors table).
FLAG_MARK = " ⚑"


def _marked(t: pd.DataFrame, labels: pd.Series) -> pd.Series:
    """Sector labels with :data:`FLAG_MARK` appended for sectors the plausibility checks flag."""
    if "flagged" not in t.columns:
        return labels
    return labels.where(~t["flagged"].astype(bool).to_numpy(), labels + FLAG_MARK)


def heading_reading(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, lang: str = "tr") -> str:
    t = result.table
    label = _roles(result)[1]
    best = {h.label_tr: t.loc[t[f"score_{h.key}"].idxmax(), label] for h in config.headings}
    parts = "; ".join(f"{k}: {v}" for k, v in best.items())
    return text.t("evaluation.heading_reading", lang, reading=text.reading(lang), parts=parts)


def contributions(result: criteria.EvaluationResult, config: criteria.CriteriaConfig, n: int = 15) -> pd.DataFrame:
    t = result.table.head(n)
    out = pd.DataFrame({h.label_tr: t[f"contrib_{h.key}"].to_numpy() for h in config.headings})
    key, label = _roles(result)
    out.insert(0, "label", _marked(t, _label(t[key], t.get(label, t[key]))).to_numpy())
    return out


def method_name(method: str, lang: str = "tr") -> str:
    """An MCDA method's name in ``lang`` (``weighted_sum`` → ``ağırlıklı toplam`` / ``weighted sum``)."""
    key = f"evaluation.method.{method}"
    return text.t(key, lang) if text.has(key) else method.replace("_", " ")


def ranking_reading(result: criteria.EvaluationResult, lang: str = "tr") -> str:
    t = result.table
    first = t.iloc[0]
    key, label = _roles(result)
    return text.t("evaluation.ranking_reading", lang, reading=text.reading(lang), method=method_name(result.method, lang),
                  sector=first[label], code=first[key], n=fmt.count(len(t), lang))


def size_vs_rank(result: criteria.EvaluationResult) -> pd.DataFrame:
    b = result.config.sector_basis
    return result.table[[b.key, b.value, "rank"]].copy()


def size_axis_label(basis: Basis, lang: str = "tr") -> str:
    """x-axis label of the size-vs-rank chart."""
    return text.t("evaluation.size.axis", lang, size=basis_mod.text(f"{basis.name}.size", lang))


def size_reading(rho, lang: str = "tr") -> str:
    """The size-rank correlation in words; given the evaluation result (not just the correlation)
    it also says whether the first-ranked sector is the province's largest."""
    if isinstance(rho, criteria.EvaluationResult):
        return workings.size_reading(rho, lang)
    if rho != rho:
        return text.t("evaluation.size.undefined", lang, reading=text.reading(lang))
    verdict = "low" if rho < 0.4 else "moderate" if rho < 0.7 else "high"
    return text.t("evaluation.size.text", lang, reading=text.reading(lang), rho=fmt.decimal(rho, lang, 2),
                  verdict=text.t(f"evaluation.size.{verdict}", lang))


def agreement_reading(agreement: criteria.MethodAgreement, lang: str = "tr") -> str:
    sp = agreement.spearman
    pairs = [(a, b, sp.loc[a, b]) for i, a in enumerate(sp.index) for b in sp.columns[i + 1:]]
    if not pairs or all(x[2] != x[2] for x in pairs):
        return text.t("evaluation.agreement.few", lang, reading=text.reading(lang))
    lowest = min((x for x in pairs if x[2] == x[2]), key=lambda x: x[2])
    # the methods named in words (the catalogue's names), never by their codes
    return text.t("evaluation.agreement.text", lang, reading=text.reading(lang), lowest=fmt.decimal(lowest[2], lang, 2),
                  a=method_name(lowest[0], lang), b=method_name(lowest[1], lang))


def shortlist(result: criteria.EvaluationResult, robust: criteria.RobustnessResult | None, top_k: int,
              lang: str = "tr") -> pd.DataFrame:
    """The top ``top_k`` sectors with key figures, robustness (when ``robust`` is given) and the
    generated explanation; empty (same columns) when no sector was evaluated."""
    key = result.config.key
    titles = [c for c in ("title_tr", "title_en") if c in result.inputs.columns]
    t = result.shortlist(top_k).merge(result.inputs[[key, *titles]], on=key, how="left")
    for c in ("title_tr", "title_en"):  # a sector without a reference name shows its printed label
        if c not in t.columns:
            t[c] = t.get(result.config.sector_basis.label, t[key])
    if robust is not None and len(robust.table):
        r = robust.table.set_index(key)
        t["p_top_k"] = t[key].map(r["p_top_k"])
        t["rank_interval"] = t[key].map(
            (r["rank_p05"].astype(int).astype(str) + "–" + r["rank_p95"].astype(int).astype(str)))
    else:
        t["p_top_k"], t["rank_interval"] = np.nan, ""
    # every shortlisted sector explained (flagged sectors left out bring lower ranks onto the list)
    t["explanation"] = t[key].map(criteria.explain(result, int(t["rank"].max()) if len(t) else top_k, lang))
    cols = ["rank", key, "title_tr", "title_en", "insured", "workplaces", "lq", "export_usd", "rca", "total",
            "p_top_k", "rank_interval", "explanation"]
    out = t[[c for c in cols if c in t.columns]].reset_index(drop=True)
    out.attrs["basis"] = result.config.basis
    out.attrs["lang"] = text.check_language(lang)
    return out


def _code_column(short: pd.DataFrame) -> str:
    return "sector" if "sector" in short.columns and "nace_division" not in short.columns else "nace_division"


def shortlist_labels(short: pd.DataFrame, lang: str = "tr") -> list[str]:
    key = _code_column(short)
    col = f"title_{text.check_language(lang)}"
    return [f"{getattr(r, key)} {getattr(r, col)}" for r in short.itertuples()]


def summary_record(inputs: ProvinceInputs, short: pd.DataFrame, lang: str | None = None,
                   result: criteria.EvaluationResult | None = None) -> dict[str, object]:
    """What notebook 03 records for the index page: the shortlist labels, the basis (named in
    ``lang``) and its sample flag -- ``report.record_summary(**evaluation.summary_record(inputs, shortlist))``.
    With the evaluation ``result`` also ``candidates`` (sectors ranked), ``size_rho`` (rank
    correlation with size, None when undefined), ``top_is_largest`` and ``flagged`` (codes), for
    the run's summary over provinces."""
    lang = text.check_language(lang or short.attrs.get("lang", "tr"))
    out = {**inputs.basis.record(lang), "language": lang, "top_sectors": shortlist_labels(short, lang),
           "evaluation_year": inputs.year, "start_year": inputs.start_year}
    if result is not None:
        s = workings.size_summary(result)
        t = result.table
        out.update(candidates=len(t), size_rho=None if s["rho"] != s["rho"] else round(float(s["rho"]), 4),
                   top_is_largest=s["top_is_largest"],
                   flagged=t.loc[t["flagged"], result.config.key].tolist() if "flagged" in t.columns else [])
    return out


def basis_subtitle(inputs: ProvinceInputs, method: str, config: criteria.CriteriaConfig, lang: str = "tr") -> str:
    """The report subtitle: basis, years, method, criteria version."""
    return text.t("evaluation.subtitle", lang, basis=inputs.basis.title(lang), year=fmt.year(inputs.year),
                  start=fmt.year(inputs.start_year), method=method_name(method, lang), version=config.version)
