"""One-sentence readings of the export analysis (notebook 02, section on TİM exports), in the
:mod:`helpers.narrative` family.

The sentences, titles, axis labels and alt texts live in the text catalogue under ``exports.*``
(:mod:`helpers.text`); the functions only pick numbers, format them for the report language
``lang`` (``"tr"`` by default, or ``"en"``) and fill the templates. Numbers come from
:mod:`helpers.sectors` (nothing is computed here beyond picking and ranking).
"""

from __future__ import annotations

import pandas as pd

from helpers import basis as basis_mod
from helpers import text as _text
from helpers.text import formats as fmt

#: The sector label of the rest of a province's exports in :func:`helpers.sectors.export_structure`.
OTHER = "other"


def quadrants(lang: str = "tr") -> dict[str, str]:
    """Names of the export bubble chart's quadrants in ``lang``."""
    out = {q: _text.t(f"sector.quadrant.{q}", lang) for q in ("top_right", "top_left", "bottom_right", "bottom_left")}
    out["top_right"] = _text.t("exports.quadrant.top_right", lang)
    return out


def _pct(x: float, lang: str, digits: int = 1) -> str:
    return fmt.percent(x, lang, digits)


def _sector(name: object, lang: str) -> str:
    return _text.t("exports.structure.other", lang) if name == OTHER else str(name)


def subtitle(exports_analysis, analysis, measure: str, reference: str, lang: str = "tr") -> str:
    """Notebook 02's report subtitle: the export basis and years, the SGK years, measure and benchmark."""
    return _text.t("economic.subtitle", lang, basis=exports_analysis.basis.title(lang),
                   export_start=fmt.year(exports_analysis.start), export_end=fmt.year(exports_analysis.end),
                   start=fmt.year(analysis.start), end=fmt.year(analysis.end),
                   sgk_status=f" ({_text.t('sample.index_status', lang)})" if analysis.is_sample else "",
                   measure=_text.t(f"measure.{measure}", lang),
                   reference=_text.t(f"economic.reference.{reference}", lang))


def intro(first: int, last: int, start: int, end: int, lang: str = "tr") -> str:
    return _text.t("exports.intro", lang, first=fmt.year(first), last=fmt.year(last), start=fmt.year(start),
                   end=fmt.year(end))


def structure(name: str, wide: pd.DataFrame, lang: str = "tr") -> str:
    """Reading of :func:`helpers.sectors.export_structure` (rows: sectors + the rest)."""
    r = _text.reading(lang)
    cols = [c for c in wide.columns if wide[c].notna().any()]
    if not cols:
        return _text.t("exports.structure.none", lang, reading=r, province=name)
    first, last = cols[0], cols[-1]
    other = [i for i in wide.index if i in (OTHER, "other sectors", _text.t("exports.structure.other", lang))]
    sectors_only = wide.drop(index=other)
    lead_first, lead_last = sectors_only[first].idxmax(), sectors_only[last].idxmax()
    fields = dict(reading=r, province=name, first=fmt.year(first), last=fmt.year(last),
                  share_first=_pct(sectors_only[first].max(), lang), share_last=_pct(sectors_only[last].max(), lang),
                  n=fmt.count(len(sectors_only), lang), top_first=_pct(sectors_only[first].sum(), lang),
                  top_last=_pct(sectors_only[last].sum(), lang), lead_last=_sector(lead_last, lang))
    if lead_first == lead_last:
        return _text.t("exports.structure.same", lang, **fields)
    return _text.t("exports.structure.changed", lang, lead_first=_sector(lead_first, lang), **fields)


def bubble(name: str, p: pd.DataFrame, national_growth: float, end: int, lang: str = "tr") -> str:
    q = p.dropna(subset=["lq", "growth_rate"])
    stars = q[(q["lq"] >= 1) & (q["growth_rate"] >= national_growth)]
    return _text.plural("exports.bubble", len(stars), lang, reading=_text.reading(lang),
                        stars=fmt.count(len(stars), lang),
                        n=fmt.count(len(q), lang), province=name, national=_pct(100 * national_growth, lang),
                        end=fmt.year(end))


def shift_share(name: str, total: pd.Series, start: int, end: int, lang: str = "tr") -> str:
    f = {k: fmt.money(total[k], lang, "USD", 1) for k in ("change", "national_share", "industry_mix", "competitive_share")}
    return _text.t("exports.shift_share", lang, reading=_text.reading(lang), province=name, start=fmt.year(start),
                   end=fmt.year(end), change=f["change"], national=f["national_share"], mix=f["industry_mix"],
                   competitive=f["competitive_share"])


def coverage(name: str, cov: pd.DataFrame, plate: int, end: int, lang: str = "tr") -> str:
    row = cov[(cov["plate"] == plate) & (cov["year"] == end)]
    if row.empty:
        return _text.t("exports.absent", lang, reading=_text.reading(lang), province=name, end=fmt.year(end))
    r = row.iloc[0]
    label = _text.t("exports.coverage.label", lang)
    if not r["not_itemised_usd"] > 0:
        return _text.t("exports.coverage.full", lang, label=label, province=name, end=fmt.year(end))
    return _text.t("exports.coverage.partial", lang, label=label, share=_pct(100 * (1 - r["itemised_share"]), lang, 2),
                   province=name, end=fmt.year(end))


def complexity(name: str, table: pd.DataFrame, plate: int, end: int, lang: str = "tr") -> str:
    eci = table.groupby("plate")["eci"].first().astype("float64")
    p = table[(table["plate"] == plate) & (table["lq"] >= 1)].dropna(subset=["pci"])
    if p.empty or eci.get(plate) != eci.get(plate):
        return _text.t("exports.complexity.none", lang, reading=_text.reading(lang), province=name, end=fmt.year(end))
    best = p.sort_values("pci", ascending=False).iloc[0]
    rank = int(eci.rank(ascending=False, method="min")[plate])
    title = best.get(f"title_{_text.check_language(lang)}") or best.get("title_en") or ""
    label = f"{best['sector']} {title if isinstance(title, str) else ''}".strip()
    return _text.t("exports.complexity.text", lang, reading=_text.reading(lang), province=name, end=fmt.year(end),
                   eci=fmt.decimal(float(eci[plate]), lang, 2, signed=True), rank=fmt.ordinal(rank, lang),
                   n=fmt.count(int(eci.notna().sum()), lang), sector=label,
                   pci=fmt.decimal(float(best["pci"]), lang, 2, signed=True))


def caveat(lang: str = "tr") -> str:
    return _text.t("exports.caveat", lang, text=basis_mod.text("head_office", lang))


def text(key: str, lang: str = "tr", **fields) -> str:
    """A titled template (chart titles, axis labels, alt text: ``exports.figure.<key>``) filled in."""
    return _text.t(f"exports.figure.{key}", lang, **fields)
