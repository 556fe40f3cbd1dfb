"""Sector analysis for all 81 provinces at once: the indicator results the notebooks show and the
criteria evaluation consumes.

This module only assembles: every number comes from :mod:`helpers.indicators`, called once over
all provinces × divisions (vectorised). Data decisions the indicators announce (warnings) are
collected in :attr:`SectorAnalysis.notes` so the reports can show them instead of hiding them.

Decision (documented): totals are taken over the reported cells (``skipna=True``). In the SGK
tables a suppressed cell is missing, not zero; propagating it would blank the whole province, so
the province total is the sum of what is published and the indicators warn how many cells that
affected. Combinations absent from the table are missing too (``absent="nan"``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import indicators, nace, provinces

KEYS = ["plate", "nace_division"]
MEASURES = ("insured", "workplaces")
REFERENCES = ("TR", "NUTS2")


@dataclass
class SectorAnalysis:
    """Results for every province × division (``table``), plus the inputs' facts."""

    table: pd.DataFrame
    start: int
    end: int
    measure: str
    reference: str
    is_sample: bool
    nace_revision: str
    relatedness: pd.DataFrame
    specialisation: pd.DataFrame  # per plate: krugman, hhi, gini… of the sector structure (end year)
    concentration: pd.DataFrame  # per division: hoover, locational_gini over the provinces (end year)
    national_total_growth: float = float("nan")  # growth of the national total of the measure
    notes: list[str] = field(default_factory=list)

    def province(self, plate: int) -> pd.DataFrame:
        """The rows of one province, with division titles, largest first."""
        t = self.table[self.table["plate"] == plate]
        return t.sort_values(self.measure, ascending=False, na_position="last").reset_index(drop=True)


def check_request(emp: pd.DataFrame, start: int, end: int, measure: str, reference: str) -> None:
    """Clear errors for a request the data cannot answer."""
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r}: expected one of {', '.join(MEASURES)}")
    if reference not in REFERENCES:
        raise ValueError(f"reference {reference!r}: expected 'TR' (Türkiye) or 'NUTS2' (the province's NUTS-2 region)")
    years = sorted(emp["year"].unique().tolist())
    for name, y in (("start_year", start), ("end_year", end)):
        if y not in years:
            raise ValueError(f"{name} {y} is not in the employment data; available years: {years}")
    if start >= end:
        raise ValueError(f"start_year {start} must be before end_year {end}")


def _collect(notes: list[str], caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        msg = str(w.message)
        if msg not in notes:
            notes.append(msg)


def analyse(emp: pd.DataFrame, start: int, end: int, measure: str = "insured",
            reference: str = "TR") -> SectorAnalysis:
    """All sector indicators for every province × division between ``start`` and ``end``.

    Columns of ``table`` (one row per plate × division, values for ``end`` unless named):
    ``insured, workplaces`` (end year), ``value_start`` (measure in ``start``), ``growth_rate``,
    ``cagr``, ``lq`` (against Türkiye, or the NUTS-2 region with ``reference="NUTS2"``),
    ``lq_tr``, ``specialised``, ``lq_nuts2`` (the NUTS-2 region's own LQ for the division),
    ``focus`` (share of the province's employment), ``size`` (share of national employment),
    ``national_share, industry_mix, competitive_share`` (Dunn, per industry, persons),
    ``national_growth`` (the division's national growth rate), ``competitive_rate``
    (competitive share / start value), ``firm_size, national_firm_size, firm_size_ratio``,
    ``relatedness_density``, ``stars, size_star, specialisation_star, focus_star``, ``strong``,
    ``manuf_share``, ``nuts2_employment``, ``section``, ``title_tr``, ``title_en``.
    """
    check_request(emp, start, end, measure, reference)
    revisions = emp.loc[emp["year"].isin([start, end]), "nace_revision"].unique().tolist()
    if len(revisions) > 1:
        raise ValueError(f"years {start} and {end} use different NACE revisions {revisions}: "
                         "compare years of the same revision")
    is_sample = bool(emp["is_sample"].any())
    notes: list[str] = []
    kw = dict(value=measure, skipna=True)
    d = emp[emp["year"].isin([start, end])][["plate", "year", "nace_division", "insured", "workplaces"]].copy()
    for col in ("insured", "workplaces"):
        d[col] = d[col].astype("float64")
    d_end = d[d["year"] == end]
    nuts2 = provinces.nuts_mapping(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lq_tr = indicators.location_quotient(d_end, binary=True, **kw)
        lq_ref = (indicators.location_quotient(d_end, reference=nuts2, **kw) if reference == "NUTS2" else None)
        gr = indicators.growth(d, start, end, **kw)
        ss = indicators.shift_share(d, start, end, method="dunn", by_industry=True, **kw)
        fs = indicators.firm_size(d_end, **{**kw, "value": "insured"})
        rd = indicators.relatedness_density(d_end, **kw)
        rel = indicators.relatedness(d_end, **kw)
        stars = indicators.three_star(d_end, **kw)
        strong = indicators.strong_clusters(d_end, **kw)
        # NUTS-2 view: the region's employment and LQ in each division
        d2 = d_end.assign(nuts2=d_end["plate"].map(nuts2)).groupby(["nuts2", "year", "nace_division"],
                                                                   as_index=False)[measure].sum(min_count=1)
        lq2 = indicators.location_quotient(d2, region="nuts2", **kw)
        spec = _specialisation_indices(d_end, kw)
        conc = _concentration_indices(d_end, kw)
    _collect(notes, caught)

    t = d_end[["plate", "nace_division", "insured", "workplaces"]].copy()
    t = t.merge(lq_tr[KEYS + ["lq", "specialised"]].rename(columns={"lq": "lq_tr"}), on=KEYS, how="left")
    if lq_ref is not None:
        t = t.merge(lq_ref[KEYS + ["lq"]], on=KEYS, how="left")
    else:
        t["lq"] = t["lq_tr"]
    t = t.merge(gr[KEYS + ["value_start", "growth_rate", "cagr"]], on=KEYS, how="left")
    t = t.merge(ss[KEYS + ["national_share", "industry_mix", "competitive_share"]], on=KEYS, how="left")
    t["competitive_rate"] = t["competitive_share"] / t["value_start"].where(t["value_start"] > 0)
    nat = d.groupby(["year", "nace_division"])[measure].sum(min_count=1).unstack("year")
    nat_growth = (nat[end] / nat[start].where(nat[start] > 0) - 1).rename("national_growth")
    t = t.merge(nat_growth, left_on="nace_division", right_index=True, how="left")
    t = t.merge(fs[KEYS + ["firm_size", "national_firm_size", "firm_size_ratio"]], on=KEYS, how="left")
    t = t.merge(rd[KEYS + ["relatedness_density"]], on=KEYS, how="left")
    star_cols = [c for c in ("size", "focus", "size_star", "specialisation_star", "focus_star", "stars")
                 if c in stars.columns]
    t = t.merge(stars[KEYS + star_cols], on=KEYS, how="left")
    strong_col = "strong" if "strong" in strong.columns else [c for c in strong.columns if "strong" in c][0]
    t = t.merge(strong[KEYS + [strong_col]].rename(columns={strong_col: "strong"}), on=KEYS, how="left")
    t["nuts2"] = t["plate"].map(nuts2)
    t = t.merge(lq2[["nuts2", "nace_division", "lq"]].rename(columns={"lq": "lq_nuts2"}),
                on=["nuts2", "nace_division"], how="left")
    t = t.merge(d2[["nuts2", "nace_division", measure]].rename(columns={measure: "nuts2_employment"}),
                on=["nuts2", "nace_division"], how="left")
    # Size relative to the province's manufacturing base: for a manufacturing division its share of
    # manufacturing employment; for the few non-manufacturing long-list divisions (fishing, ports,
    # tourism, software…) the same ratio, which can exceed 1. NaN where a province has no
    # manufacturing employment reported.
    manuf = t["nace_division"].isin(nace.MANUFACTURING)
    manuf_total = t[manuf].groupby("plate")[measure].sum(min_count=1)
    base = t["plate"].map(manuf_total)
    t["manuf_share"] = t[measure] / base.where(base > 0)
    overall = nat.sum(min_count=1)
    t["national_total_growth"] = float(overall[end] / overall[start] - 1) if overall[start] > 0 else np.nan
    titles = nace.divisions()[["nace_division", "section", "title_tr", "title_en"]]
    t = t.merge(titles, on="nace_division", how="left")
    t = t.merge(conc, on="nace_division", how="left")
    if t["title_en"].isna().any():
        unknown = sorted(t.loc[t["title_en"].isna(), "nace_division"].unique())
        notes.append(f"divisions without a NACE Rev.2 title (shown by code): {', '.join(unknown)}")
    t["value"] = t[measure]
    return SectorAnalysis(table=t, start=start, end=end, measure=measure, reference=reference,
                          is_sample=is_sample, nace_revision=revisions[0], relatedness=rel,
                          specialisation=spec, concentration=conc, national_total_growth=float(t["national_total_growth"].iloc[0]),
                          notes=notes)


def _merge_on(parts: list[pd.DataFrame], key: str) -> pd.DataFrame:
    out = None
    for p in parts:
        p = p.drop(columns=[c for c in p.columns if c == "year"])
        out = p if out is None else out.merge(p, on=key, how="outer")
    return out


def _specialisation_indices(d_end: pd.DataFrame, kw: dict) -> pd.DataFrame:
    """Per province (end year): Krugman (against the nation), Herfindahl–Hirschman and Gini of the
    province's sector structure."""
    return _merge_on([indicators.krugman_index(d_end, **kw), indicators.herfindahl(d_end, **kw),
                      indicators.gini(d_end, **kw)], "plate")


def _concentration_indices(d_end: pd.DataFrame, kw: dict) -> pd.DataFrame:
    """Per division (end year): Hoover and locational Gini of its spread over the provinces."""
    return _merge_on([indicators.hoover_index(d_end, **kw), indicators.locational_gini(d_end, **kw)],
                     "nace_division")


def criteria_table(analysis: SectorAnalysis, plate: int, universities: pd.DataFrame | None = None,
                   exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sector table the criteria evaluation expects (one row per division of ``plate``).

    Columns: ``plate, nace_division, title_tr, title_en, insured, workplaces, lq, manuf_share,
    growth, industry_mix, competitive, insured_per_workplace, relatedness_density, labour_pool,
    universities, lq_nuts2`` and ``exports_usd`` when TİM exports are given. ``industry_mix`` is the
    division's national growth rate and ``competitive`` the province's competitive share per
    person employed at the start (both rates), so that sectors of different size compare;
    ``labour_pool`` is the NUTS-2 region's employment in the division.
    """
    p = analysis.province(plate)
    out = pd.DataFrame({
        "plate": p["plate"], "nace_division": p["nace_division"], "title_tr": p["title_tr"],
        "title_en": p["title_en"], "insured": p["insured"], "workplaces": p["workplaces"],
        "lq": p["lq"], "manuf_share": p["manuf_share"], "growth": p["growth_rate"],
        "industry_mix": p["national_growth"] - p["national_total_growth"],
        "competitive": p["competitive_rate"],
        "insured_per_workplace": p["firm_size"], "relatedness_density": p["relatedness_density"],
        "labour_pool": p["nuts2_employment"], "lq_nuts2": p["lq_nuts2"],
    })
    n_uni = 0
    if universities is not None:
        n_uni = int((universities["plate"] == plate).sum() if "founded" not in universities
                    else ((universities["plate"] == plate) & (universities["founded"] <= analysis.end)).sum())
    out["universities"] = float(n_uni)
    if exports is not None and len(exports):
        e = exports[exports["plate"] == plate].groupby("nace_division")["export_usd"].sum()
        out["exports_usd"] = out["nace_division"].map(e)
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Views for the report: selections of the analysis table, no new numbers.

#: Names of the portfolio chart's quadrants (x: LQ against 1, y: growth against the national total).
QUADRANTS = {"top_right": "specialised and growing: candidate clusters",
             "top_left": "growing, not yet specialised: emerging",
             "bottom_right": "specialised, growing slower: mature, at risk",
             "bottom_left": "neither: weak"}


def _label(df: pd.DataFrame) -> pd.Series:
    return df["nace_division"] + " " + df["title_en"].fillna("").str.slice(0, 38)


def largest(analysis: SectorAnalysis, plate: int, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest divisions of a province (by the analysis measure), with the province total."""
    p = analysis.province(plate)
    top = p.head(n).assign(label=lambda d: _label(d))
    top["province_total"] = p[analysis.measure].sum(min_count=1)
    return top


def most_specialised(analysis: SectorAnalysis, plate: int, n: int = 10, min_size: float = 0) -> pd.DataFrame:
    """The ``n`` divisions with the highest LQ (optionally above a minimum size)."""
    p = analysis.province(plate)
    p = p[p[analysis.measure] >= min_size].dropna(subset=["lq"])
    return p.sort_values("lq", ascending=False).head(n).assign(label=lambda d: _label(d)).reset_index(drop=True)


def portfolio(analysis: SectorAnalysis, plate: int) -> pd.DataFrame:
    """Rows for the bubble chart: LQ (end year), growth in percent, size; divisions with data only."""
    p = analysis.province(plate).dropna(subset=["lq", "growth_rate", analysis.measure])
    p = p[p[analysis.measure] > 0]
    return p.assign(growth_pct=100 * p["growth_rate"]).reset_index(drop=True)


def shift_share_summary(analysis: SectorAnalysis, plate: int, n: int = 12) -> dict[str, object]:
    """Dunn components for the province (total) and its ``n`` divisions with the largest change."""
    p = analysis.province(plate)
    cols = ["national_share", "industry_mix", "competitive_share"]
    by = p.dropna(subset=cols)[["nace_division", "title_en", "value_start", analysis.measure] + cols]
    by = by.assign(change=by[analysis.measure] - by["value_start"])
    total = by[["change"] + cols].sum()
    by = by.reindex(by["change"].abs().sort_values(ascending=False).index).head(n).reset_index(drop=True)
    return {"total": total, "by_division": by}


def specialisation_ranking(analysis: SectorAnalysis, plate: int) -> pd.DataFrame:
    """The province's specialisation/concentration indices with their rank among the provinces."""
    s = analysis.specialisation.set_index("plate")
    cols = [c for c in s.columns if pd.api.types.is_numeric_dtype(s[c])]
    rows = []
    for c in cols:
        col = s[c].astype("float64")
        rank = col.rank(ascending=False, method="min").get(plate)
        rows.append({"index": c, "value": col.get(plate), "rank": None if pd.isna(rank) else int(rank),
                     "median_province": col.median(), "provinces": int(col.notna().sum())})
    return pd.DataFrame(rows)


def relatedness_view(analysis: SectorAnalysis, plate: int, n: int = 12) -> pd.DataFrame:
    """Divisions the province is not (yet) specialised in, ranked by relatedness density: where
    related capabilities already exist (the 'adjacent possible')."""
    p = analysis.province(plate)
    p = p[p["specialised"] == 0]
    cols = ["nace_division", "title_tr", "title_en", analysis.measure, "lq", "relatedness_density"]
    return p.sort_values("relatedness_density", ascending=False)[cols].head(n).reset_index(drop=True)


def cluster_flags(analysis: SectorAnalysis, plate: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strong clusters (US Cluster Mapping rule) and the three-star table (divisions with ≥ 1 star)."""
    p = analysis.province(plate)
    strong = p[p["strong"].fillna(False).astype(bool)]
    star_cols = [c for c in ("size", "lq_tr", "focus", "size_star", "specialisation_star", "focus_star", "stars", "strong")
                 if c in p.columns]
    stars = p[p["stars"].fillna(0) >= 1][["nace_division", "title_en"] + star_cols]
    return strong.reset_index(drop=True), stars.sort_values("stars", ascending=False).reset_index(drop=True)


def map_values(analysis: SectorAnalysis, plate: int, division: str | None = None) -> tuple[pd.Series, str]:
    """LQ of one division in every province (default: the province's largest specialised
    manufacturing division, else its largest specialised division)."""
    if division is None:
        p = analysis.province(plate)
        spec = p[(p["lq_tr"] >= 1) & (p["section"] == "C")]
        spec = spec if len(spec) else p[p["lq_tr"] >= 1]
        division = (spec if len(spec) else p).iloc[0]["nace_division"]
    rows = analysis.table[analysis.table["nace_division"] == division]
    title = rows["title_en"].iloc[0] if len(rows) and isinstance(rows["title_en"].iloc[0], str) else ""
    return rows.set_index("plate")["lq_tr"].astype("float64"), f"LQ of {division} {title} ({analysis.end})".replace("  ", " ")
