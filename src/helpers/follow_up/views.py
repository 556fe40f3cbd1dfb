"""Notebook 04's sections: one :func:`build` that gathers the four parts, then one view or reading
per cell (tables with headers from the catalogue ``follow_up.column.*``, sentences from
``follow_up.*``, numbers through :mod:`helpers.text.formats`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import basis as basis_mod
from helpers import provinces, shocks, text
from helpers.text import Note
from helpers.text import formats as fmt

from . import after
from . import similar as peers_mod
from .sectors import resolve_sectors
from .then import DEFAULT_DATA_LAG, EvaluationThen, evaluation_then, then_reading, then_table


@dataclass
class FollowUp:
    """Everything notebook 04 shows for one province, selection year and chosen sectors."""

    plate: int
    selection_year: int
    end_year: int
    chosen: list[str]
    label: str
    then: EvaluationThen
    trajectory: after.Trajectory
    peers: pd.DataFrame           # plate, krugman (the n most similar provinces in the selection year)
    comparison: pd.DataFrame      # peers.comparison: sector, year, who, plate, export_usd, index
    events: pd.DataFrame          # known shocks inside the window: year, key, label_tr, label_en, national
    is_sample: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def province(self) -> str:
        return provinces.name(self.plate)


def _events(plate: int, start: int, end: int) -> pd.DataFrame:
    """Known shocks inside the window for the province, TİM's own breaks included
    (:func:`helpers.shocks.crossing`; an event in the selection year moves the base)."""
    return shocks.crossing(plate, start, end, series="tim")


def end_year_of(end_year: int, years: list[int]) -> int:
    """``end_year``, or the latest year with data when it is 0."""
    return int(end_year) if end_year else max(years)


def check(selection_year: int, end_year: int, years: list[int]) -> None:
    """Refuse a selection year outside the data or an end year not after it (names the years present)."""
    shown = ", ".join(map(str, sorted(years)))
    if selection_year not in years:
        raise ValueError(f"selection_year {selection_year} is not in the TİM exports data; years present: {shown}")
    if end_year not in years:
        raise ValueError(f"end_year {end_year} is not in the TİM exports data; years present: {shown}")
    if end_year <= selection_year:
        raise ValueError(f"end_year {end_year} must be after selection_year {selection_year}")


def build(province: object, selection_year: int, sectors: list, end_year: int = 0, *, label: str = "",
          basis: str = "exports", data_lag: int = DEFAULT_DATA_LAG, n_peers: int = peers_mod.DEFAULT_PEERS,
          criteria_file: str = "config/criteria.yml", method: str = "weighted_sum", lang: str = "tr") -> FollowUp:
    """The four parts of a follow-up (see :mod:`helpers.follow_up`)."""
    lang = text.check_language(lang)
    plate = provinces.resolve(province)
    chosen = resolve_sectors(sectors, where="sectors")
    exports = after.export_data()
    years = after.data_years(exports)
    end = end_year_of(end_year, years)
    check(int(selection_year), end, years)
    ev = evaluation_then(plate, selection_year, chosen, data_lag=data_lag, basis=basis,
                         criteria_file=criteria_file, method=method, lang=lang)
    p = after.panel(exports)
    traj = after.trajectory(plate, chosen, int(selection_year), end, exports, p)
    peer_table = peers_mod.peers(p, plate, int(selection_year), n_peers)
    comp = peers_mod.comparison(p, plate, peer_table["plate"].tolist(), chosen, int(selection_year), end)
    gaps = [y for y in range(int(selection_year), end + 1) if y not in years]
    gap_note = ([Note("follow_up.missing_years", years=", ".join(map(str, gaps)))] if gaps else [])
    return FollowUp(plate=plate, selection_year=int(selection_year), end_year=end, chosen=chosen, label=label,
                    then=ev, trajectory=traj, peers=peer_table, comparison=comp,
                    events=_events(plate, int(selection_year), end), is_sample=ev.inputs.is_sample,
                    notes=[*gap_note, *ev.notes, *traj.notes])


# --- labels ----------------------------------------------------------------------------------

def sector_label(code: str, lang: str = "tr") -> str:
    """``"T05 Fındık ve Mamulleri"`` (the name in ``lang``)."""
    return f"{code} {basis_mod.sector_names(lang).get(code, '')}".strip()


#: Column kinds of this report's tables: exports and shift-share effects are amounts in US dollars,
#: shown in millions (or thousands) with the unit in the header (``report.table(..., kinds=KINDS)``).
KINDS = {c: "usd" for c in ("export_usd", "value_start", "value_end", "change", "national_share", "industry_mix",
                            "competitive_share")}


def headers(lang: str = "tr") -> dict[str, str]:
    """Table headers of this report (``follow_up.column.*``)."""
    return {k.rsplit(".", 1)[1]: text.t(k, lang) for k in text.keys("follow_up.column")}


def title(f: FollowUp, lang: str = "tr") -> str:
    return text.t("follow_up.title", lang, province=provinces.name(f.plate))


def subtitle(f: FollowUp, lang: str = "tr") -> str:
    return text.t("follow_up.subtitle", lang, selection=fmt.year(f.selection_year), data_year=fmt.year(f.then.data_year),
                  end=fmt.year(f.end_year), label=f.label or text.t("follow_up.no_label", lang))


def intro(f: FollowUp, lang: str = "tr") -> str:
    """The chosen sectors, and the plain statement that the report is descriptive, not causal."""
    chosen = text.t("follow_up.chosen", lang, sectors="; ".join(sector_label(c, lang) for c in f.chosen))
    return chosen + "\n\n" + text.t("follow_up.descriptive", lang)


# --- 1. then -----------------------------------------------------------------------------------

def then_view(f: FollowUp, lang: str = "tr") -> pd.DataFrame:
    return then_table(f.then, lang)


def then_text(f: FollowUp, lang: str = "tr") -> str:
    return then_reading(f.then, lang)


# --- 2. next -----------------------------------------------------------------------------------

def yearly_view(f: FollowUp, lang: str = "tr") -> pd.DataFrame:
    """Year by year: exports, the two shares, RCA and rank of each chosen sector."""
    y = f.trajectory.yearly
    out = y.assign(name=y["sector"].map(lambda c: sector_label(c, lang)))
    return out[["name", "year", "export_usd", "share_province", "share_national", "rca", "rank", "of"]]


def series(f: FollowUp, column: str, lang: str = "tr") -> pd.DataFrame:
    """``year, <column>, name``: one line per chosen sector (for :func:`helpers.plots.lines`)."""
    y = f.trajectory.yearly
    return y.assign(name=y["sector"].map(lambda c: sector_label(c, lang)))[["year", column, "name"]]


def _row(df: pd.DataFrame, code: str, year: int, col: str):
    r = df[(df["sector"] == code) & (df["year"] == year)]
    return r[col].iloc[0] if len(r) else float("nan")


def next_reading(f: FollowUp, lang: str = "tr") -> str:
    y, s, e = f.trajectory.yearly, f.selection_year, f.end_year
    g = f.trajectory.growth.set_index("sector")
    parts = []
    for c in f.chosen:
        rank_s, rank_e = _row(y, c, s, "rank"), _row(y, c, e, "rank")
        parts.append(text.t("follow_up.next.item", lang, sector=sector_label(c, lang),
                            start_value=fmt.money(_row(y, c, s, "export_usd"), lang),
                            end_value=fmt.money(_row(y, c, e, "export_usd"), lang),
                            growth=fmt.share(g.loc[c, "growth"], lang, 0, signed=True, missing="—"),
                            rca_start=fmt.ratio(_row(y, c, s, "rca"), lang, missing="—"),
                            rca_end=fmt.ratio(_row(y, c, e, "rca"), lang, missing="—"),
                            rank_start=fmt.count(rank_s, lang, missing="—"),
                            rank_end=fmt.count(rank_e, lang, missing="—")))
    return text.t("follow_up.next.reading", lang, reading=text.reading(lang), selection=fmt.year(s),
                  end=fmt.year(e), parts="; ".join(parts))


# --- 3. growth and shift-share -------------------------------------------------------------------

def growth_view(f: FollowUp, lang: str = "tr") -> pd.DataFrame:
    """Growth and the Dunn shift-share of each chosen sector over the window."""
    t = f.trajectory.growth.merge(f.trajectory.shift_share, on="sector", how="left")
    t.insert(0, "name", t.pop("sector").map(lambda c: sector_label(c, lang)))
    return t


def growth_reading(f: FollowUp, lang: str = "tr") -> str:
    t = f.trajectory.growth.merge(f.trajectory.shift_share, on="sector", how="left").set_index("sector")
    parts = [text.t("follow_up.growth.item", lang, sector=sector_label(c, lang),
                    growth=fmt.share(t.loc[c, "growth"], lang, 0, signed=True, missing="—"),
                    national=fmt.share(t.loc[c, "national_growth"], lang, 0, signed=True, missing="—"),
                    others=fmt.share(t.loc[c, "others_growth"], lang, 0, signed=True, missing="—"),
                    competitive=fmt.money(t.loc[c, "competitive_share"], lang))
             for c in f.chosen]
    return text.t("follow_up.growth.reading", lang, reading=text.reading(lang), parts="; ".join(parts))


# --- 4. peers ----------------------------------------------------------------------------------

def peers_rule(f: FollowUp, lang: str = "tr") -> str:
    return text.t("follow_up.peers.rule", lang, n=fmt.count(len(f.peers), lang), selection=fmt.year(f.selection_year))


def peers_view(f: FollowUp) -> pd.DataFrame:
    return f.peers.assign(province=f.peers["plate"].map(provinces.name))[["plate", "province", "krugman"]]


def peer_series(f: FollowUp, code: str, lang: str = "tr") -> pd.DataFrame:
    """``year, index, who`` of one sector: province, peers together, Türkiye (selection year = 100)."""
    c = f.comparison
    d = c[(c["sector"] == code) & c["who"].isin(["province", "peers", "national"])]
    return d.assign(who=d["who"].map(lambda w: text.t(f"follow_up.who.{w}", lang)))[["year", "index", "who"]]


def peer_growth_view(f: FollowUp, lang: str = "tr") -> pd.DataFrame:
    g = peers_mod.peer_growth(f.comparison, f.selection_year, f.end_year)
    g.insert(0, "name", g.pop("sector").map(lambda c: sector_label(c, lang)))
    return g


def peers_reading(f: FollowUp, lang: str = "tr") -> str:
    g = peers_mod.peer_growth(f.comparison, f.selection_year, f.end_year).set_index("sector")
    pct = dict(lang=lang, digits=0, signed=True, missing="—")
    parts = [text.t("follow_up.peers.item", lang, sector=sector_label(c, lang), province=fmt.share(g.loc[c, "province"], **pct),
                    peers=fmt.share(g.loc[c, "peers"], **pct), median=fmt.share(g.loc[c, "peers_median"], **pct),
                    national=fmt.share(g.loc[c, "national"], **pct)) for c in f.chosen if c in g.index]
    return text.t("follow_up.peers.reading", lang, reading=text.reading(lang), parts="; ".join(parts))


# --- shocks, summary -----------------------------------------------------------------------------

def shocks_reading(f: FollowUp, lang: str = "tr") -> str:
    """The known events inside the window, named (:func:`helpers.shocks.caveat`) and said to be
    marked on the charts, or a sentence saying there is none."""
    caveat = shocks.caveat(f.plate, f.selection_year, f.end_year, lang, series="tim")
    if caveat is None:
        return text.t("follow_up.shocks.none", lang)
    return caveat + " " + text.t("follow_up.shocks.marked", lang)


def summary_record(f: FollowUp, lang: str = "tr") -> dict[str, object]:
    """What the runner's manifest records for a follow-up: the chosen sectors with their rank in
    the evaluation then and their change to ``end_year``
    (``report.record_summary(**follow_up.summary_record(f, lang))``). Everything sits under the key
    ``follow_up`` so that a province's other summaries (its sample flag, top sectors) stay its own."""
    ranks = f.then.ranks()
    g = f.trajectory.growth.set_index("sector")
    ss = f.trajectory.shift_share.set_index("sector")
    rows = [{"sector": c, "name": sector_label(c, lang), "rank_then": None if ranks[c] != ranks[c] else int(ranks[c]),
             "ranked": f.then.n_ranked, "export_start": _num(ss.loc[c, "value_start"]),
             "export_end": _num(ss.loc[c, "value_end"]), "change": _num(ss.loc[c, "change"]),
             "growth": _num(g.loc[c, "growth"])} for c in f.chosen]
    return {"follow_up": {"plate": f.plate, "selection_year": f.selection_year, "data_year": f.then.data_year,
                          "end_year": f.end_year, "label": f.label, "sectors": rows, "language": lang,
                          "peers": [int(x) for x in f.peers["plate"]], "events": [str(k) for k in f.events["key"]],
                          "is_sample": f.is_sample}}


def _num(x) -> float | None:
    return None if x != x else float(x)
