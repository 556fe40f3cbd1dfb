"""One-sentence readings of the export analysis (notebook 02, section on TİM exports).

All display text of this module sits in :data:`TEXT` (templates with named fields) so that it
moves to the text catalogue in one piece; the functions only pick numbers and fill templates.
Numbers come from :mod:`helpers.sectors` (nothing is computed here beyond picking and ranking).
"""

from __future__ import annotations

import pandas as pd

from helpers.basis import TEXT as BASIS_TEXT

TEXT: dict[str, str] = {
    "heading": "Sector analysis on real data: TİM exports by harmonised sector",
    "intro": ("Exports by the exporter's registered province and harmonised TİM sector (official TİM releases, "
              "{first}–{last}); the analysis below compares {start} with {end} over all 81 provinces."),
    "structure": ("**Reading:** in {first} the leading export sector of {name} was {lead_first} ({share_first} of its "
                  "itemised exports); in {last} it is {lead_last} ({share_last}). The {n} sectors shown held "
                  "{top_first} of the province's exports in {first} and {top_last} in {last}."),
    "structure.same": ("**Reading:** {lead_last} has led {name}'s exports throughout, with {share_first} of its "
                       "itemised exports in {first} and {share_last} in {last}. The {n} sectors shown held "
                       "{top_first} of the province's exports in {first} and {top_last} in {last}."),
    "structure.none": "**Reading:** {name} has no itemised exports in any TİM release.",
    "bubble": ("**Reading:** {stars} of {n} export sectors of {name} are both specialised (RCA ≥ 1) and growing "
               "faster than Türkiye's exports ({national}), the top-right quadrant; bubble area shows exports in "
               "{end}."),
    "shift_share": ("**Reading:** {name}'s exports changed by USD {change} million between {start} and {end}: the "
                    "national trend explains USD {national} million, the sector mix USD {mix} million and the "
                    "province's own competitiveness USD {competitive} million (the three add up to the change)."),
    "coverage": ("**Coverage:** {share} of {name}'s exports in {end} are not itemised by sector in TİM's release "
                 "(kept visible here, left out of the sector analysis)."),
    "coverage.full": "**Coverage:** every dollar of {name}'s exports in {end} is itemised by sector.",
    "complexity": ("**Reading:** {name}'s export complexity (ECI) in {end} is {eci:+.2f}, rank {rank} of {n} "
                   "provinces; its most complex export sector with RCA ≥ 1 is {sector} (PCI {pci:+.2f})."),
    "complexity.none": "**Reading:** {name} has no export sector with RCA ≥ 1 in {end}; its ECI is undefined.",
    "absent": "**Reading:** {name} is absent from TİM's {end} release (missing, not zero): no export analysis.",
    "caveat": "**Caveat:** " + BASIS_TEXT["head_office"],
    "bubble.title": "{name}: export RCA {end} vs export growth {start}–{end}",
    "bubble.x": "revealed comparative advantage (RCA)",
    "bubble.y": "export growth (%)",
    "bubble.alt": "Bubble chart of {name}'s export sectors: RCA against export growth, bubble size exports",
    "structure.title": "Export structure of {name}: share of itemised exports by sector (%)",
    "structure.alt": "Heatmap of the shares of {name}'s export sectors in its itemised exports, year by year",
    "map.label": "RCA (exports)",
    "map.alt": "Map of the 81 provinces coloured by the {title}; {name} outlined",
}

QUADRANTS = {"top_right": "specialised and growing: export strengths",
             "top_left": "growing, not yet specialised: emerging",
             "bottom_right": "specialised, growing slower: mature, at risk",
             "bottom_left": "neither: weak"}


def _pct(x: float, digits: int = 1) -> str:
    return "n/a" if x != x else f"{x:.{digits}f}%"


def intro(first: int, last: int, start: int, end: int) -> str:
    return TEXT["intro"].format(first=first, last=last, start=start, end=end)


def structure(name: str, wide: pd.DataFrame) -> str:
    """Reading of :func:`helpers.sectors.export_structure` (rows: sectors + "other sectors")."""
    cols = [c for c in wide.columns if wide[c].notna().any()]
    if not cols:
        return TEXT["structure.none"].format(name=name)
    first, last = cols[0], cols[-1]
    sectors_only = wide.drop(index="other sectors", errors="ignore")
    lead_first, lead_last = sectors_only[first].idxmax(), sectors_only[last].idxmax()
    fields = dict(name=name, first=first, last=last, lead_first=lead_first, lead_last=lead_last,
                  share_first=_pct(sectors_only[first].max()), share_last=_pct(sectors_only[last].max()),
                  n=len(sectors_only), top_first=_pct(sectors_only[first].sum()), top_last=_pct(sectors_only[last].sum()))
    return TEXT["structure.same" if lead_first == lead_last else "structure"].format(**fields)


def bubble(name: str, p: pd.DataFrame, national_growth: float, end: int) -> str:
    q = p.dropna(subset=["lq", "growth_rate"])
    stars = q[(q["lq"] >= 1) & (q["growth_rate"] >= national_growth)]
    return TEXT["bubble"].format(stars=len(stars), n=len(q), name=name, national=_pct(100 * national_growth), end=end)


def shift_share(name: str, total: pd.Series, start: int, end: int) -> str:
    f = {k: f"{total[k] / 1e6:,.1f}" for k in ("change", "national_share", "industry_mix", "competitive_share")}
    return TEXT["shift_share"].format(name=name, start=start, end=end, change=f["change"],
                                      national=f["national_share"], mix=f["industry_mix"],
                                      competitive=f["competitive_share"])


def coverage(name: str, cov: pd.DataFrame, plate: int, end: int) -> str:
    row = cov[(cov["plate"] == plate) & (cov["year"] == end)]
    if row.empty:
        return TEXT["absent"].format(name=name, end=end)
    r = row.iloc[0]
    if not r["not_itemised_usd"] > 0:
        return TEXT["coverage.full"].format(name=name, end=end)
    return TEXT["coverage"].format(share=_pct(100 * (1 - r["itemised_share"]), 2), name=name, end=end)


def complexity(name: str, table: pd.DataFrame, plate: int, end: int) -> str:
    eci = table.groupby("plate")["eci"].first().astype("float64")
    p = table[(table["plate"] == plate) & (table["lq"] >= 1)].dropna(subset=["pci"])
    if p.empty or eci.get(plate) != eci.get(plate):
        return TEXT["complexity.none"].format(name=name, end=end)
    best = p.sort_values("pci", ascending=False).iloc[0]
    rank = int(eci.rank(ascending=False, method="min")[plate])
    label = f"{best['sector']} {best.get('title_en') or ''}".strip()
    return TEXT["complexity"].format(name=name, end=end, eci=float(eci[plate]), rank=rank, n=int(eci.notna().sum()),
                                     sector=label, pci=float(best["pci"]))


def caveat() -> str:
    return TEXT["caveat"]


def text(key: str, **fields) -> str:
    """A titled template (chart titles, axis labels, alt text) filled in."""
    return TEXT[key].format(**fields)
