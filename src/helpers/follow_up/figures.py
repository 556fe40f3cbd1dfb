"""Notebook 04's charts, each drawn by :mod:`helpers.plots` and returned with its alt text
(``report.show_figure(*follow_up.exports_figure(result, lang))``). Every chart of a year axis
marks the known shocks inside the window (:func:`helpers.plots.mark_events`)."""

from __future__ import annotations

from helpers import plots, provinces, text

from .views import FollowUp, peer_series, sector_label, series


def _lines(f: FollowUp, column: str, key: str, ylabel: str, lang: str, invert: bool = False):
    name = provinces.name(f.plate)
    fig = plots.lines(series(f, column, lang), "year", column, "name",
                      text.t(f"follow_up.figure.{key}_title", lang, province=name), ylabel=ylabel,
                      is_sample=f.is_sample, lang=lang)
    if invert:  # rank 1 at the top
        for ax in fig.axes:
            ax.invert_yaxis()
    return plots.mark_events(fig, f.events, lang), text.t(f"follow_up.figure.{key}_alt", lang, province=name)


def exports_figure(f: FollowUp, lang: str = "tr"):
    """Exports of the chosen sectors, year by year."""
    return _lines(f, "export_usd", "exports", text.t("follow_up.figure.exports_y", lang), lang)


def rca_figure(f: FollowUp, lang: str = "tr"):
    """RCA of the chosen sectors, year by year (1 = Türkiye's average)."""
    return _lines(f, "rca", "rca", text.t("follow_up.column.rca", lang), lang)


def rank_figure(f: FollowUp, lang: str = "tr"):
    """Rank of the chosen sectors among the province's sectors, year by year (1 at the top)."""
    return _lines(f, "rank", "rank", text.t("follow_up.figure.rank_y", lang), lang, invert=True)


def peer_figures(f: FollowUp, lang: str = "tr") -> list:
    """One chart per chosen sector: its exports as an index (selection year = 100) in the province,
    in the similar provinces together and in Türkiye."""
    out = []
    for code in f.chosen:
        label = sector_label(code, lang)
        fig = plots.lines(peer_series(f, code, lang), "year", "index", "who",
                          text.t("follow_up.figure.peers_title", lang, sector=label, selection=f.selection_year),
                          ylabel=text.t("follow_up.figure.index_y", lang), is_sample=f.is_sample, lang=lang)
        out.append((plots.mark_events(fig, f.events, lang), text.t("follow_up.figure.peers_alt", lang, sector=label)))
    return out
