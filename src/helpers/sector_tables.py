"""The sector tables of the criteria evaluation (:mod:`helpers.criteria`), built from a
:class:`helpers.sectors.SectorAnalysis`: the table of every province at once with the reference
percentiles of criteria 2.0 (``ref_<column>``: the province among the 81 for the same sector), and
one province's rows of it. Re-exported by :mod:`helpers.sectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from helpers.sectors import SectorAnalysis


#: Columns of the criteria sector tables that get a reference percentile (``ref_<column>``).
REF_COLUMNS = {
    "employment": ("insured", "workplaces", "lq", "manuf_share", "growth", "industry_mix", "competitive",
                   "insured_per_workplace", "relatedness_density", "related_variety", "lq_neighbours",
                   "labour_pool", "lq_rest_region", "lq_nuts2"),
    "exports": ("export_usd", "rca", "export_share", "growth", "industry_mix", "competitive", "relatedness_density",
                "related_variety", "rca_neighbours", "export_neighbours", "rca_rest_region", "export_rest_region",
                "pci", "nuts2_export", "rca_nuts2"),
}


def _with_references(frame: pd.DataFrame, key: str, columns) -> pd.DataFrame:
    """``frame`` (all provinces) plus ``ref_<column>``: the percentile of each province among the
    provinces with a value for the same sector, ``(average rank - 1) / (n - 1)`` (0.5 when only
    one province has a value; NaN where the value is missing) -- the reference of the criteria
    utilities ``reference: provinces`` (cluster-mapping benchmark of a region against all regions)."""
    g = frame.groupby(key, sort=False)
    refs = {}
    for c in columns:
        r = g[c].rank(method="average")
        n = g[c].transform("count")
        refs[f"ref_{c}"] = ((r - 1) / (n - 1).where(n > 1)).where(n > 1, 0.5).where(frame[c].notna())
    return pd.concat([frame, pd.DataFrame(refs, index=frame.index)], axis=1)


def _cached_frame(analysis: SectorAnalysis, build) -> pd.DataFrame:
    """The all-province criteria frame of an analysis, built once (the analysis is immutable in use)
    and kept in :func:`helpers.memo.shared`: an analysis the run's zygote computed (and its frame)
    is found ready by every copy handed to a notebook."""
    from helpers import memo
    cache = memo.shared(analysis).setdefault("criteria_frames", {})
    if build.__name__ not in cache:
        cache[build.__name__] = build(analysis)
    return cache[build.__name__]


def _employment_frame(analysis: SectorAnalysis) -> pd.DataFrame:
    p = analysis.table
    out = pd.DataFrame({
        "plate": p["plate"], "nace_division": p["nace_division"], "title_tr": p["title_tr"],
        "title_en": p["title_en"], "insured": p["insured"], "workplaces": p["workplaces"],
        "lq": p["lq"], "manuf_share": p["manuf_share"], "growth": p["growth_rate"],
        "industry_mix": p["national_growth"] - p["national_total_growth"],
        "competitive": p["competitive_rate"],
        "insured_per_workplace": p["firm_size"], "relatedness_density": p["relatedness_density"],
        "related_variety": p["related_variety"], "lq_neighbours": p["lq_neighbours"],
        "labour_pool": p["value_rest_region"], "lq_rest_region": p["lq_rest_region"], "lq_nuts2": p["lq_nuts2"],
    })
    return _with_references(out, "nace_division", REF_COLUMNS["employment"])


def _exports_frame(analysis: SectorAnalysis) -> pd.DataFrame:
    p = analysis.table
    out = pd.DataFrame({
        "plate": p["plate"], "sector": p["sector"], "sector_label": p["title_en"].fillna(p["sector"]).astype(str),
        "title_tr": p["title_tr"], "title_en": p["title_en"], "year": analysis.end,
        "export_usd": p["export_usd"], "rca": p["lq"], "export_share": p["export_share"],
        "growth": p["growth_rate"], "industry_mix": p["national_growth"] - p["national_total_growth"],
        "competitive": p["competitive_rate"], "relatedness_density": p["relatedness_density"],
        "related_variety": p["related_variety"], "rca_neighbours": p["lq_neighbours"],
        "export_neighbours": p["value_neighbours"], "rca_rest_region": p["lq_rest_region"],
        "export_rest_region": p["value_rest_region"],
        "pci": p["pci"], "nuts2_export": p["nuts2_export"], "rca_nuts2": p["lq_nuts2"],
    })
    return _with_references(out, "sector", REF_COLUMNS["exports"])


def criteria_frame(analysis: SectorAnalysis) -> pd.DataFrame:
    """The criteria sector table of every province at once (what :func:`criteria_table` /
    :func:`criteria_table_exports` take one province's rows from), built once per analysis."""
    return _cached_frame(analysis, _exports_frame if analysis.basis.name == "exports" else _employment_frame)


def criteria_table(analysis: SectorAnalysis, plate: int, universities: pd.DataFrame | None = None,
                   exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sector table the criteria evaluation expects (one row per division of ``plate``).

    Columns: ``plate, nace_division, title_tr, title_en, insured, workplaces, lq, manuf_share,
    growth, industry_mix, competitive, insured_per_workplace, relatedness_density,
    related_variety, lq_neighbours, labour_pool, lq_rest_region, lq_nuts2, universities`` and
    ``exports_usd`` when TİM exports are given, plus ``ref_<column>`` for the columns of
    :data:`REF_COLUMNS` (percentile among the 81 provinces for the same division).
    ``industry_mix`` is the division's national growth rate minus the national total's and
    ``competitive`` the province's competitive share per person employed at the start (both
    rates); ``labour_pool`` is the insured employment of the division in the *rest* of the NUTS-2
    region (the province excluded) and ``lq_rest_region`` its LQ there; ``lq_neighbours`` the LQ
    in the neighbouring provinces together.
    """
    f = _cached_frame(analysis, _employment_frame)
    out = f[f["plate"] == plate].copy()
    out["universities"] = float(_universities(universities, plate, analysis.end))
    out["basis"] = analysis.basis.name
    out["is_sample"] = analysis.is_sample
    if exports is not None and len(exports):
        e = exports[exports["plate"] == plate].groupby("nace_division")["export_usd"].sum()
        out["exports_usd"] = out["nace_division"].map(e)
    return out.sort_values("insured", ascending=False, na_position="last").reset_index(drop=True)


def criteria_table_exports(analysis: SectorAnalysis, plate: int, universities: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sector table of the criteria evaluation on the exports basis (one row per harmonised
    TİM sector of ``plate``; ``analysis`` from :func:`analyse_exports`).

    Columns: ``plate, sector, sector_label, title_tr, title_en, year, export_usd, rca`` (Balassa
    RCA against Türkiye), ``export_share`` (share of the province's itemised exports), ``growth``
    (export growth rate start → end), ``industry_mix`` (the sector's national export growth minus
    national total growth), ``competitive`` (competitive share per USD exported at the start),
    ``relatedness_density``, ``related_variety`` (of the 5 most related sectors, how many the
    province has RCA >= 1 in), ``rca_neighbours``/``export_neighbours`` (the neighbouring provinces
    together), ``rca_rest_region``/``export_rest_region`` (the rest of the NUTS-2 region, the
    province excluded), ``pci``, ``nuts2_export``/``rca_nuts2`` (whole region, kept for
    reference), ``universities`` (count in the province), ``basis``, ``is_sample``, and
    ``ref_<column>`` for the columns of :data:`REF_COLUMNS` (percentile among the provinces).
    """
    if analysis.basis.name != "exports":
        raise ValueError(f"criteria_table_exports needs an exports analysis; got basis {analysis.basis.name!r}")
    f = _cached_frame(analysis, _exports_frame)
    out = f[f["plate"] == plate].copy()
    if out.empty:  # absent from that year's release: every sector without exports (the report says so)
        out = f.drop_duplicates("sector")[["sector", "sector_label", "title_tr", "title_en"]].copy()
        out.insert(0, "plate", plate)
        out["year"] = analysis.end
        for c in f.columns:
            if c not in out.columns:
                out[c] = 0.0 if c in ("export_usd", "export_share") else np.nan
    out["universities"] = float(_universities(universities, plate, analysis.end))
    out["basis"] = analysis.basis.name
    out["is_sample"] = analysis.is_sample
    return out.sort_values("export_usd", ascending=False).reset_index(drop=True)


def _universities(universities: pd.DataFrame | None, plate: int, year: int) -> int:
    if universities is None:
        return 0
    here = universities["plate"] == plate
    if "founded" in universities:
        here &= universities["founded"] <= year
    return int(here.sum())
