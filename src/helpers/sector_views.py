"""Views of a sector analysis for the reports (:class:`helpers.sectors.SectorAnalysis`, either
basis): selections and labels of the analysis table, no new numbers -- the largest and most
specialised sectors, the portfolio, the shift-share summary, relatedness, cluster flags and the
map values. Re-exported by :mod:`helpers.sectors`, where callers have always found them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from helpers import provinces, text
from helpers.textnorm import shorten

if TYPE_CHECKING:
    from helpers.sectors import SectorAnalysis


def title_column(lang: str = "tr") -> str:
    """The sector-name column in ``lang``: ``title_tr`` (NACE Turkish title, TİM ``name_tr``) or ``title_en``."""
    return f"title_{text.check_language(lang)}"


def table_headers(analysis: SectorAnalysis, lang: str = "tr") -> dict[str, str]:
    """Table headers that depend on the basis: on exports ``lq`` is the RCA and the titles are TİM
    sector names (pass to :func:`helpers.report.table` as ``headers``); none on employment."""
    if analysis.basis.name != "exports":
        return {}
    return {c: text.t(f"exports.column.{c}", lang) for c in ("lq", "title_tr", "title_en")}


#: Columns of a sector table that hold amounts when the measure is exports (US dollars).
AMOUNT_COLUMNS = ("export_usd", "value_start", "value_end", "change", "national_share", "industry_mix",
                  "competitive_share")


def table_kinds(analysis: SectorAnalysis) -> dict[str, str]:
    """Column kinds that depend on the basis: on exports the sizes and shift-share effects are
    amounts in US dollars, shown in millions (kind ``usd``; pass to :func:`helpers.report.table` as
    ``kinds``); none on employment, where they count people."""
    if analysis.basis.name != "exports":
        return {}
    return dict.fromkeys(AMOUNT_COLUMNS, "usd")


QUADRANT_NAMES = ("top_right", "top_left", "bottom_right", "bottom_left")


def quadrants(lang: str = "tr") -> dict[str, str]:
    """Names of the portfolio chart's quadrants in ``lang`` (x: LQ against 1, y: growth against the
    national total), from the catalogue (``sector.quadrant.*``)."""
    return {q: text.t(f"sector.quadrant.{q}", lang) for q in QUADRANT_NAMES}


def _label(df: pd.DataFrame, key: str = "nace_division", lang: str = "tr") -> pd.Series:
    """``code title`` in ``lang`` (NACE ``title_tr``/``title_en``; TİM ``name_tr``/``name_en``)."""
    col = f"title_{text.check_language(lang)}"
    title = df[col] if col in df.columns else df["title_en"]
    return df[key] + " " + title.fillna("").astype(str).map(lambda t: shorten(t, 38))


def largest(analysis: SectorAnalysis, plate: int, n: int = 10, lang: str = "tr") -> pd.DataFrame:
    """The ``n`` largest divisions of a province (by the analysis measure), with the province total;
    ``label`` in ``lang``."""
    p = analysis.province(plate)
    top = p.head(n).assign(label=lambda d: _label(d, analysis.key, lang))
    top["province_total"] = p[analysis.measure].sum(min_count=1)
    return top


def most_specialised(analysis: SectorAnalysis, plate: int, n: int = 10, min_size: float = 0,
                     lang: str = "tr") -> pd.DataFrame:
    """The ``n`` divisions with the highest LQ (optionally above a minimum size)."""
    p = analysis.province(plate)
    p = p[p[analysis.measure] >= min_size].dropna(subset=["lq"])
    return (p.sort_values("lq", ascending=False).head(n).assign(label=lambda d: _label(d, analysis.key, lang))
            .reset_index(drop=True))


def portfolio(analysis: SectorAnalysis, plate: int, lang: str = "tr") -> pd.DataFrame:
    """Rows for the bubble chart: LQ (end year), growth in percent, size; divisions with data only."""
    p = analysis.province(plate).dropna(subset=["lq", "growth_rate", analysis.measure])
    p = p[p[analysis.measure] > 0]
    return p.assign(growth_pct=100 * p["growth_rate"], label=_label(p, analysis.key, lang)).reset_index(drop=True)


def shift_share_summary(analysis: SectorAnalysis, plate: int, n: int = 12, lang: str = "tr") -> dict[str, object]:
    """Dunn components for the province (total) and its ``n`` divisions with the largest change
    (titles in ``lang``)."""
    p = analysis.province(plate)
    cols = ["national_share", "industry_mix", "competitive_share"]
    by = p.dropna(subset=cols)[[analysis.key, f"title_{text.check_language(lang)}", "value_start", analysis.measure] + cols]
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
    cols = [analysis.key, "title_tr", "title_en", analysis.measure, "lq", "relatedness_density"]
    return p.sort_values("relatedness_density", ascending=False)[cols].head(n).reset_index(drop=True)


def cluster_flags(analysis: SectorAnalysis, plate: int, lang: str = "tr") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strong clusters (US Cluster Mapping rule) and the three-star table (divisions with ≥ 1 star)."""
    p = analysis.province(plate)
    strong = p[p["strong"].fillna(False).astype(bool)]
    star_cols = [c for c in ("size", "lq_tr", "focus", "size_star", "specialisation_star", "focus_star", "stars", "strong")
                 if c in p.columns]
    stars = p[p["stars"].fillna(0) >= 1][[analysis.key, f"title_{text.check_language(lang)}"] + star_cols]
    return strong.reset_index(drop=True), stars.sort_values("stars", ascending=False).reset_index(drop=True)


def map_values(analysis: SectorAnalysis, plate: int, division: str | None = None,
               lang: str = "tr") -> tuple[pd.Series, str]:
    """LQ (RCA on exports) of one sector in every province. Default sector: on employment the
    province's largest specialised manufacturing division, else its largest specialised division;
    on exports the province's leading export sector (largest exports in the end year)."""
    key = analysis.key
    if division is None:
        p = analysis.province(plate)
        if analysis.basis.name == "exports":
            division = p.iloc[0][key]
        else:
            spec = p[(p["lq_tr"] >= 1) & (p["section"] == "C")]
            spec = spec if len(spec) else p[p["lq_tr"] >= 1]
            division = (spec if len(spec) else p).iloc[0][key]
    rows = analysis.table[analysis.table[key] == division]
    col = f"title_{text.check_language(lang)}"
    title = rows[col].iloc[0] if len(rows) and isinstance(rows[col].iloc[0], str) else ""
    what = text.t("exports.rca" if analysis.basis.name == "exports" else "exports.lq", lang)
    return (rows.set_index("plate")["lq_tr"].astype("float64"),
            text.t("economic.map_title", lang, what=what, sector=f"{division} {title}".strip(), year=analysis.end))
