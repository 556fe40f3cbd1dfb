r"""What happened next: the chosen sectors of a province from the selection year to ``end_year``.

All figures come from the processed TİM table (``exports_tim`` through :mod:`helpers.datasets`),
made a complete plate × year × sector panel by :func:`helpers.sectors.export_panel` (rows not
itemised by sector leave the panel; a sector a province does not list in a year exported 0; a
province absent from a year stays missing), and from :mod:`helpers.indicators`:

- ``export_usd`` :math:`e_{ijt}`; ``share_province`` :math:`e_{ijt}/e_{jt}` (of the province's
  itemised exports); ``share_national`` :math:`e_{ijt}/e_{it}` (of Türkiye's exports of the sector);
- ``rca`` Balassa's revealed comparative advantage :math:`(e_{ijt}/e_{jt})/(e_{it}/e_t)`
  (:func:`helpers.indicators.location_quotient`, benchmark Türkiye);
- ``rank`` the sector's place among the province's sectors by exports that year (1 = largest);
- growth :math:`e_{ij,T}/e_{ij,S} - 1` against the same sector in Türkiye
  :math:`e_{i,T}/e_{i,S} - 1` and against the province's other sectors (its itemised exports
  without the chosen sectors);
- a Dunn shift-share of the change :math:`e_{ij,T} - e_{ij,S}` into national share
  :math:`e_{ij,S}(e_T/e_S - 1)`, sector mix :math:`e_{ij,S}(e_{i,T}/e_{i,S} - e_T/e_S)` and local
  competitiveness :math:`e_{ij,T} - e_{ij,S}\,e_{i,T}/e_{i,S}` (:func:`helpers.indicators.shift_share`,
  ``by_industry=True``); the three sum to the change.

Everything here describes; nothing estimates what the selection caused.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import datasets, indicators, sectors

KEY, VALUE = "sector", "export_usd"


def export_data() -> pd.DataFrame:
    """The processed TİM exports table (``exports_tim``)."""
    return datasets.load("exports_tim")


def panel(exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plate × year × sector panel of :func:`helpers.sectors.export_panel`."""
    return sectors.export_panel(export_data() if exports is None else exports)[0]


def data_years(exports: pd.DataFrame | None = None) -> list[int]:
    """Years with exports by province × sector (2006 and 2010 onwards in the shipped data)."""
    return datasets.years(export_data() if exports is None else exports)


def _collect(notes: list[str], caught) -> None:
    for w in caught:
        msg = str(w.message)
        if msg not in notes:
            notes.append(msg)


@dataclass
class Trajectory:
    """The chosen sectors of one province, year by year and over the window."""

    plate: int
    start: int
    end: int
    chosen: list[str]
    yearly: pd.DataFrame          # plate, sector, year, export_usd, share_province, share_national, rca, rank, of
    growth: pd.DataFrame          # sector, growth, national_growth, others_growth
    shift_share: pd.DataFrame     # sector, value_start, value_end, change, national_share, industry_mix, competitive_share
    notes: list[str] = field(default_factory=list)


def yearly(p: pd.DataFrame, plates: list[int], chosen: list[str], years: list[int],
           notes: list[str] | None = None) -> pd.DataFrame:
    """Exports, shares, RCA and rank of ``chosen`` sectors in ``plates`` for each of ``years``."""
    d = p[p["year"].isin(years)][["plate", "year", KEY, VALUE]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rca = indicators.location_quotient(d, industry=KEY, value=VALUE, skipna=True)
    if notes is not None:
        _collect(notes, caught)
    prov_total = d.groupby(["plate", "year"])[VALUE].transform("sum")
    nat_sector = d.groupby(["year", KEY])[VALUE].transform("sum")
    d = d.assign(share_province=d[VALUE] / prov_total.where(prov_total > 0),
                 share_national=d[VALUE] / nat_sector.where(nat_sector > 0))
    d["rank"] = d.groupby(["plate", "year"])[VALUE].rank(ascending=False, method="min")
    d["of"] = d.groupby(["plate", "year"])[VALUE].transform(lambda s: int((s > 0).sum()))
    d = d.merge(rca[["plate", "year", KEY, "lq"]].rename(columns={"lq": "rca"}), on=["plate", "year", KEY], how="left")
    out = d[d["plate"].isin(plates) & d[KEY].isin(chosen)]
    return out.sort_values(["plate", KEY, "year"]).reset_index(drop=True)


def window_growth(p: pd.DataFrame, plate: int, chosen: list[str], start: int, end: int) -> pd.DataFrame:
    """Growth ``start`` → ``end`` of each chosen sector in the province, of the same sector in
    Türkiye, and of the province's other sectors (its itemised exports without the chosen ones)."""
    d = p[p["year"].isin([start, end])]
    nat = d.groupby(["year", KEY])[VALUE].sum().unstack("year")
    prov = d[d["plate"] == plate].pivot_table(index=KEY, columns="year", values=VALUE, aggfunc="sum")
    others = prov[~prov.index.isin(chosen)].sum()
    rows = []
    for code in chosen:
        s, e = (prov.loc[code, start], prov.loc[code, end]) if code in prov.index else (np.nan, np.nan)
        rows.append({KEY: code, "growth": e / s - 1 if s > 0 else np.nan,
                     "national_growth": nat.loc[code, end] / nat.loc[code, start] - 1
                     if code in nat.index and nat.loc[code, start] > 0 else np.nan,
                     "others_growth": others[end] / others[start] - 1 if others[start] > 0 else np.nan})
    return pd.DataFrame(rows)


def decompose(p: pd.DataFrame, plate: int, chosen: list[str], start: int, end: int,
              notes: list[str] | None = None) -> pd.DataFrame:
    """Dunn shift-share of each chosen sector's change in the province (see the module)."""
    d = p[p["year"].isin([start, end])][["plate", "year", KEY, VALUE]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ss = indicators.shift_share(d, start, end, method="dunn", by_industry=True, industry=KEY, value=VALUE,
                                    skipna=True)
    if notes is not None:
        _collect(notes, caught)
    cols = [KEY, "value_start", "value_end", "change", "national_share", "industry_mix", "competitive_share"]
    out = ss[(ss["plate"] == plate) & ss[KEY].isin(chosen)][cols]
    return out.set_index(KEY).reindex(chosen).reset_index()


def trajectory(plate: int, chosen: list[str], start: int, end: int, exports: pd.DataFrame | None = None,
               p: pd.DataFrame | None = None) -> Trajectory:
    """The chosen sectors of ``plate`` from ``start`` (the selection year) to ``end`` (``p``: the
    panel of ``exports`` when already built)."""
    exports = export_data() if exports is None else exports
    p = panel(exports) if p is None else p
    years = [y for y in data_years(exports) if start <= y <= end]
    for name, y in (("selection_year", start), ("end_year", end)):
        if y not in years:
            raise ValueError(f"{name} {y} is not in the TİM exports data; years present: {data_years(exports)}")
    notes: list[str] = []
    return Trajectory(plate=plate, start=start, end=end, chosen=list(chosen),
                      yearly=yearly(p, [plate], chosen, years, notes),
                      growth=window_growth(p, plate, chosen, start, end),
                      shift_share=decompose(p, plate, chosen, start, end, notes), notes=notes)
