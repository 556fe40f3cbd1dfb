"""Sector analysis for all 81 provinces at once: the indicator results the notebooks show and the
criteria evaluation consumes -- on either basis (:mod:`helpers.basis`): SGK employment by NACE
division (:func:`analyse`) or TİM exports by harmonised sector (:func:`analyse_exports`). Both
call the same indicators through one core (:func:`_common`) with different column roles; the
result carries its basis (``analysis.basis``, with the sample flag) and the views below read the
key column from it.

This module only assembles: every number comes from :mod:`helpers.indicators`, called once over
all provinces × divisions (vectorised). Data decisions the indicators announce (warnings) are
collected in :attr:`SectorAnalysis.notes` so the reports can show them instead of hiding them.
The report views of an analysis live in :mod:`helpers.sector_views` and the criteria sector tables
in :mod:`helpers.sector_tables`; both are re-exported here.

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

from helpers import datasets, indicators, nace, provinces, text
from helpers.memo import per_table
from helpers.basis import EMPLOYMENT, EXPORTS, Basis, sector_names
from helpers.text import Note

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
    basis: Basis = EMPLOYMENT  # what the sectors and sizes are (exports / employment, sample flag)
    coverage: pd.DataFrame | None = None  # exports: per plate × year, itemised vs total (not itemised kept visible)

    @property
    def key(self) -> str:
        """The sector column (``nace_division`` or ``sector``)."""
        return self.basis.key

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


@per_table  # once per run: computed in the zygote, shared by every kernel (helpers.memo)
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
    The basis (:data:`helpers.basis.EMPLOYMENT`, official or sample) is ``analysis.basis``.
    """
    check_request(emp, start, end, measure, reference)
    revisions = emp.loc[emp["year"].isin([start, end]), "nace_revision"].unique().tolist()
    if len(revisions) > 1:
        raise ValueError(f"years {start} and {end} use different NACE revisions {revisions}: "
                         "compare years of the same revision")
    is_sample = bool(emp["is_sample"].any())
    key = "nace_division"
    d = emp[emp["year"].isin([start, end])][["plate", "year", key, "insured", "workplaces"]].copy()
    for col in ("insured", "workplaces"):
        d[col] = d[col].astype("float64")
    t, parts, notes = _common(d, start, end, key, measure, reference, establishments="workplaces")
    d_end = d[d["year"] == end]
    kw = dict(value=measure, skipna=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fs = indicators.firm_size(d_end, **{**kw, "value": "insured"})
    _collect(notes, caught)
    t = t.merge(fs[KEYS + ["firm_size", "national_firm_size", "firm_size_ratio"]], on=KEYS, how="left")
    t = t.rename(columns={"nuts2_value": "nuts2_employment"})
    # Size relative to the province's manufacturing base: for a manufacturing division its share of
    # manufacturing employment; for the few non-manufacturing long-list divisions (fishing, ports,
    # tourism, software…) the same ratio, which can exceed 1. NaN where a province has no
    # manufacturing employment reported.
    manuf = t["nace_division"].isin(nace.MANUFACTURING)
    manuf_total = t[manuf].groupby("plate")[measure].sum(min_count=1)
    base = t["plate"].map(manuf_total)
    t["manuf_share"] = t[measure] / base.where(base > 0)
    titles = nace.divisions()[["nace_division", "section", "title_tr", "title_en"]]
    t = t.merge(titles, on="nace_division", how="left")
    t = t.merge(parts["concentration"], on="nace_division", how="left")
    if t["title_en"].isna().any():
        unknown = sorted(t.loc[t["title_en"].isna(), "nace_division"].unique())
        notes.append(Note("basis.no_title", codes=", ".join(unknown)))
    t["value"] = t[measure]
    return SectorAnalysis(table=t, start=start, end=end, measure=measure, reference=reference,
                          is_sample=is_sample, nace_revision=revisions[0], relatedness=parts["relatedness"],
                          specialisation=parts["specialisation"], concentration=parts["concentration"],
                          national_total_growth=float(t["national_total_growth"].iloc[0]),
                          notes=notes, basis=EMPLOYMENT.as_sample(is_sample))


def _common(d: pd.DataFrame, start: int, end: int, key: str, value: str, reference: str,
            establishments: str) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], list[str]]:
    """The indicators both bases share, over all provinces × sectors at once (column roles
    ``industry=key``, ``value=value``): LQ/RCA (Türkiye and NUTS-2), growth, Dunn shift-share,
    relatedness and its density, three-star and strong-cluster flags, NUTS-2 view,
    specialisation and concentration indices. ``d`` holds the start and end years only."""
    notes: list[str] = []
    keys = ["plate", key]
    kw = dict(value=value, skipna=True, industry=key)
    d_end = d[d["year"] == end]
    nuts2 = provinces.nuts_mapping(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lq_tr = indicators.location_quotient(d_end, binary=True, **kw)
        lq_ref = (indicators.location_quotient(d_end, reference=nuts2, **kw) if reference == "NUTS2" else None)
        gr = indicators.growth(d, start, end, **kw)
        ss = indicators.shift_share(d, start, end, method="dunn", by_industry=True, **kw)
        rd = indicators.relatedness_density(d_end, **kw)
        rel = indicators.relatedness(d_end, **kw)
        stars = indicators.three_star(d_end, **kw)
        strong = (indicators.strong_clusters(d_end, establishments=establishments, **kw)
                  if establishments else None)
        # NUTS-2 view: the region's size and LQ in each sector
        d2 = d_end.assign(nuts2=d_end["plate"].map(nuts2)).groupby(["nuts2", "year", key],
                                                                   as_index=False)[value].sum(min_count=1)
        lq2 = indicators.location_quotient(d2, region="nuts2", **kw)
        spec = _merge_on([indicators.krugman_index(d_end, **kw), indicators.herfindahl(d_end, **kw),
                          indicators.gini(d_end, **kw)], "plate")
        conc = _merge_on([indicators.hoover_index(d_end, **kw), indicators.locational_gini(d_end, **kw)], key)
    _collect(notes, caught)

    cols = [c for c in ("plate", key, "insured", "workplaces", value) if c in d_end.columns]
    t = d_end[list(dict.fromkeys(cols))].copy()
    t = t.merge(lq_tr[keys + ["lq", "specialised"]].rename(columns={"lq": "lq_tr"}), on=keys, how="left")
    if lq_ref is not None:
        t = t.merge(lq_ref[keys + ["lq"]], on=keys, how="left")
    else:
        t["lq"] = t["lq_tr"]
    t = t.merge(gr[keys + ["value_start", "growth_rate", "cagr"]], on=keys, how="left")
    t = t.merge(ss[keys + ["national_share", "industry_mix", "competitive_share"]], on=keys, how="left")
    t["competitive_rate"] = t["competitive_share"] / t["value_start"].where(t["value_start"] > 0)
    nat = d.groupby(["year", key])[value].sum(min_count=1).unstack("year")
    nat_growth = (nat[end] / nat[start].where(nat[start] > 0) - 1).rename("national_growth")
    t = t.merge(nat_growth, left_on=key, right_index=True, how="left")
    t = t.merge(rd[keys + ["relatedness_density"]], on=keys, how="left")
    star_cols = [c for c in ("size", "focus", "size_star", "specialisation_star", "focus_star", "stars")
                 if c in stars.columns]
    t = t.merge(stars[keys + star_cols], on=keys, how="left")
    if strong is None:  # no establishment counts (exports): the US Cluster Mapping rule does not apply
        t["strong"] = pd.array([pd.NA] * len(t), dtype="boolean")
    else:
        strong_col = "strong" if "strong" in strong.columns else [c for c in strong.columns if "strong" in c][0]
        t = t.merge(strong[keys + [strong_col]].rename(columns={strong_col: "strong"}), on=keys, how="left")
    t["nuts2"] = t["plate"].map(nuts2)
    t = t.merge(lq2[["nuts2", key, "lq"]].rename(columns={"lq": "lq_nuts2"}), on=["nuts2", key], how="left")
    t = t.merge(d2[["nuts2", key, value]].rename(columns={value: "nuts2_value"}), on=["nuts2", key], how="left")
    t = t.merge(_surroundings(d_end, rel, nuts2, key, value), on=keys, how="left")
    overall = nat.sum(min_count=1)
    t["national_total_growth"] = float(overall[end] / overall[start] - 1) if overall[start] > 0 else np.nan
    return t, {"relatedness": rel, "specialisation": spec, "concentration": conc}, notes


# ----------------------------------------------------------------------------------------------
# Exports basis (TİM, harmonised sectors): the same indicators with other column roles.

#: Years TİM publishes by province × sector (December releases): 2006 and 2010 onwards.
EXPORT_COLUMNS = ["plate", "year", "sector", "sector_label", "export_usd", "not_itemised", "source_file", "is_sample"]


@per_table  # once per run (helpers.memo): every province's structure and analyses read it
def export_panel(exports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The exports table (``exports_tim``) as a complete plate × year × sector panel, plus coverage.

    Rows flagged ``not_itemised`` are not a sector: they leave the panel and are counted in the
    coverage instead (never spread over the sectors). Labels of one harmonised sector are summed.
    Within a year, a sector a province does not list has zero exports; a province absent from a
    year (Tunceli in 2011–2012) has no rows for it -- it stays missing, not zero.

    Returns
    -------
    panel : DataFrame
        ``plate, year, sector, export_usd, is_sample`` -- every province present in a year ×
        every harmonised sector.
    coverage : DataFrame
        ``plate, year, total_usd, itemised_usd, not_itemised_usd, itemised_share``.
    """
    missing = [c for c in ("plate", "year", "sector", "export_usd", "not_itemised") if c not in exports.columns]
    if missing:
        raise ValueError(f"exports table lacks column(s) {missing}; expected the exports_tim columns {EXPORT_COLUMNS}")
    e = exports[["plate", "year", "sector", "export_usd", "not_itemised"]].copy()
    e["export_usd"] = e["export_usd"].astype("float64")
    e["not_itemised"] = e["not_itemised"].astype(bool)
    items = e[~e["not_itemised"]]
    agg = items.groupby(["plate", "year", "sector"], as_index=False)["export_usd"].sum(min_count=1)
    present = e[["plate", "year"]].drop_duplicates()
    codes = pd.DataFrame({"sector": sorted(agg["sector"].unique())})
    panel = present.merge(codes, how="cross").merge(agg, on=["plate", "year", "sector"], how="left")
    panel["export_usd"] = panel["export_usd"].fillna(0.0)
    panel["is_sample"] = bool(exports["is_sample"].any()) if "is_sample" in exports.columns else False
    panel = panel.sort_values(["year", "plate", "sector"]).reset_index(drop=True)
    tot = e.groupby(["plate", "year"])["export_usd"].sum(min_count=1).rename("total_usd")
    itm = items.groupby(["plate", "year"])["export_usd"].sum(min_count=1).rename("itemised_usd")
    cov = pd.concat([tot, itm], axis=1).reset_index()
    cov["itemised_usd"] = cov["itemised_usd"].fillna(0.0)
    cov["not_itemised_usd"] = cov["total_usd"] - cov["itemised_usd"]
    cov["itemised_share"] = cov["itemised_usd"] / cov["total_usd"].where(cov["total_usd"] > 0)
    return panel, cov


@per_table  # once per run (helpers.memo)
def sector_titles(exports: pd.DataFrame) -> pd.DataFrame:
    """``sector, title_tr, title_en`` of the harmonised sectors: names from the TİM reference
    (:func:`helpers.basis.sector_names`), else the label printed most recently in the data."""
    printed = (exports[~exports["not_itemised"].astype(bool)].sort_values("year")
               .groupby("sector")["sector_label"].last() if "sector_label" in exports.columns
               else pd.Series(dtype=object))
    out = pd.DataFrame({"sector": sorted(exports.loc[~exports["not_itemised"].astype(bool), "sector"].unique())})
    for lang in ("tr", "en"):
        names = sector_names(lang)
        out[f"title_{lang}"] = (out["sector"].map(names).astype(object).fillna(out["sector"].map(printed))
                                .fillna(out["sector"]).astype(str))
    return out


@per_table  # once per run (helpers.memo)
def analyse_exports(exports: pd.DataFrame, start: int, end: int, reference: str = "TR") -> SectorAnalysis:
    """The sector analysis on TİM exports for every province × harmonised sector, ``start`` → ``end``.

    The same indicators as :func:`analyse`, from :mod:`helpers.indicators` with the column roles
    ``industry="sector"``, ``value="export_usd"``: ``lq``/``lq_tr`` is the Balassa revealed
    comparative advantage (RCA, the location quotient on exports), ``growth_rate``/``cagr``,
    Dunn shift-share (``national_share, industry_mix, competitive_share``), ``relatedness_density``
    (relatedness of sectors from their co-location across the 81 provinces), three-star flags
    (size, specialisation, focus), ``lq_nuts2`` and ``nuts2_value``; plus ``eci`` (province) and
    ``pci`` (sector) from :func:`helpers.indicators.complexity`, ``export_share`` (the sector's
    share of the province's itemised exports) and ``title_tr``/``title_en``.
    ``strong`` is missing: the US Cluster Mapping rule needs establishment counts, which TİM does
    not publish. Coverage (itemised vs not itemised) is ``analysis.coverage``.
    """
    panel, coverage = export_panel(exports)
    years = datasets.years(panel)
    for name, y in (("start_year", start), ("end_year", end)):
        if y not in years:
            raise ValueError(f"{name} {y} is not in the TİM exports data; available years: {years}")
    if start >= end:
        raise ValueError(f"start_year {start} must be before end_year {end}")
    if reference not in REFERENCES:
        raise ValueError(f"reference {reference!r}: expected 'TR' (Türkiye) or 'NUTS2' (the province's NUTS-2 region)")
    is_sample = bool(panel["is_sample"].any())
    key, value = EXPORTS.key, EXPORTS.value
    d = panel[panel["year"].isin([start, end])][["plate", "year", key, value]]
    t, parts, notes = _common(d, start, end, key, value, reference, establishments=None)
    d_end = d[d["year"] == end]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cx = indicators.complexity(d_end, industry=key, value=value, skipna=True)
    _collect(notes, caught)
    t = t.merge(cx[["plate", key, "eci", "pci"]], on=["plate", key], how="left")
    t = t.rename(columns={"nuts2_value": "nuts2_export"})
    t["nuts2_value"] = t["nuts2_export"]
    prov_total = t.groupby("plate")[value].transform(lambda x: x.sum(min_count=1))
    t["export_share"] = t[value] / prov_total.where(prov_total > 0)
    t = t.merge(sector_titles(exports), on=key, how="left")
    t = t.merge(parts["concentration"], on=key, how="left")
    t["value"] = t[value]
    absent = sorted(set(range(1, 82)) - set(d_end["plate"]))
    if absent:
        notes.append(Note("basis.absent_provinces", year=("year", end), plates=", ".join(map(str, absent))))
    cov_end = coverage[coverage["year"] == end]
    share = cov_end["not_itemised_usd"].sum() / cov_end["total_usd"].sum() if len(cov_end) else 0.0
    if share > 0:
        notes.append(Note("basis.not_itemised", year=("year", end), share=("share", share, 2)))
    notes.append(Note("basis.no_strong_rule"))
    return SectorAnalysis(table=t, start=start, end=end, measure=value, reference=reference, is_sample=is_sample,
                          nace_revision="", relatedness=parts["relatedness"],
                          specialisation=parts["specialisation"], concentration=parts["concentration"],
                          national_total_growth=float(t["national_total_growth"].iloc[0]), notes=notes,
                          basis=EXPORTS.as_sample(is_sample), coverage=coverage)


def export_structure(exports: pd.DataFrame, plate: int, n: int = 8, lang: str = "tr") -> pd.DataFrame:
    """The province's export structure over every year with data: share (%) of its itemised
    exports by sector, the ``n`` sectors largest in the latest year plus ``other``.

    Returns a wide DataFrame (rows: sector labels in ``lang``, the last one the rest of the exports,
    columns: years), ready for a heatmap; a year the province is absent from stays NaN.
    """
    panel, _ = export_panel(exports)
    p = panel[panel["plate"] == plate]
    if p.empty:
        raise ValueError(f"plate {plate} has no TİM exports in any year")
    years = datasets.years(panel)
    wide = p.pivot_table(index="sector", columns="year", values="export_usd", aggfunc="sum")
    wide = wide.reindex(columns=years)
    latest = wide.columns[wide.notna().any()].max()
    top = wide[latest].sort_values(ascending=False).head(n).index
    total = wide.sum(min_count=1)
    share = 100 * wide / total.where(total > 0)  # a year with no exports (or absent) has no structure
    out = share.loc[top]
    out.loc["other"] = share.drop(index=top).sum(min_count=1)
    titles = sector_titles(exports).set_index("sector")[f"title_{text.check_language(lang)}"]
    other = text.t("exports.structure.other", lang)
    # full names (prose reads them); the heatmap wraps them at word boundaries itself
    out.index = [f"{c} {titles.get(c, '')}".strip() if c != "other" else other for c in out.index]
    out.columns = [int(c) for c in out.columns]
    return out


def _surroundings(d_end: pd.DataFrame, rel: pd.DataFrame, nuts2: pd.Series, key: str, value: str) -> pd.DataFrame:
    """The sector's strength around the province, the province never counted twice: LQ/RCA and size
    in the rest of its NUTS-2 region (``lq_rest_region``, ``value_rest_region``) and in its
    neighbouring provinces (``lq_neighbours``, ``value_neighbours``; adjacency from
    :mod:`helpers.neighbours`), and ``related_variety`` (the 5 most related sectors it is
    specialised in)."""
    from helpers import neighbours
    kw = dict(industry=key, value=value)
    plates = pd.DataFrame({"plate": nuts2.index.astype(int), "nuts2": nuts2.to_numpy()})
    rest = plates.merge(plates.rename(columns={"plate": "member"}), on="nuts2")[["plate", "member"]]
    adj = neighbours.adjacency().rename(columns={"neighbour": "member"})
    parts = [indicators.group_lq(d_end, rest, name="rest_region", **kw), indicators.group_lq(d_end, adj, name="neighbours", **kw),
             indicators.related_variety(d_end, rel, **kw)]
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p, on=["plate", key], how="outer")
    return out


def _merge_on(parts: list[pd.DataFrame], key: str) -> pd.DataFrame:
    out = None
    for p in parts:
        p = p.drop(columns=[c for c in p.columns if c == "year"])
        out = p if out is None else out.merge(p, on=key, how="outer")
    return out


# The criteria sector tables (one province's rows of the all-province frame with its reference
# percentiles) live in helpers.sector_tables; re-exported here, where callers have always found them.
from helpers.sector_tables import (REF_COLUMNS, criteria_frame, criteria_table,  # noqa: E402,F401
                                   criteria_table_exports)

# The views for the reports live in helpers.sector_views; re-exported here as well.
from helpers.sector_views import (  # noqa: E402,F401
    cluster_flags, largest, map_values, most_specialised, portfolio, quadrants, relatedness_view, shift_share_summary,
    specialisation_ranking, table_headers, table_kinds, title_column)
