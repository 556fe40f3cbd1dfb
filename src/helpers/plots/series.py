"""Time series: lines over years, with the known shocks that break a series drawn where they fall."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from helpers import text
from helpers.plots._base import _float, _legend, _locale_ticks, finish, integer_ticks


def draw_events(ax, events: pd.DataFrame | None, lang: str) -> list:
    """A dotted vertical line at each event's year inside the axis' year range, named at the top
    (``events``: rows with ``year`` and ``label_tr``/``label_en``, as ``helpers.shocks`` gives them;
    the chart draws them, it never looks them up). Returns the name texts drawn."""
    if events is None or len(events) == 0:
        return []
    lo, hi = ax.get_xlim()
    ylo, yhi = ax.get_ylim()
    col = f"label_{text.check_language(lang)}"
    series = [(np.asarray(ln.get_xdata(), dtype=float), np.asarray(ln.get_ydata(), dtype=float)) for ln in ax.lines]
    drawn = []
    for year, group in events.groupby("year", sort=True):
        if not lo <= float(year) <= hi:
            continue
        # the name where the lines are not: at the bottom when they run high at that year, else on top
        near = [ys[np.nanargmin(np.abs(xs - float(year)))] for xs, ys in series if len(xs)]
        high = bool(near) and np.nanmax(near) > ylo + 0.5 * (yhi - ylo)
        ax.axvline(float(year), color="#8c564b", lw=0.9, ls=":", zorder=1)
        name = " · ".join(str(v) for v in group[col] if str(v).strip())
        drawn.append(ax.text(float(year), 0.02 if high else 0.98, name, transform=ax.get_xaxis_transform(),
                             rotation=90, ha="right", va="bottom" if high else "top", fontsize=7, color="#8c564b"))
    ax.set_xlim(lo, hi)
    return drawn


def lines(df: pd.DataFrame, x: str, y: str, hue: str, title: str, *, ylabel: str = "",
          is_sample: bool = False, figsize=(8, 4.5), lang: str = "tr",
          labels: Mapping[str, str] | None = None, events: pd.DataFrame | None = None) -> plt.Figure:
    """Lines of ``y`` over ``x`` (years), one per value of ``hue``; the legend shows ``labels[value]``
    or the catalogue's series label (``province_index`` → *İl* / *Province*). ``events``: the known
    shocks to mark (``helpers.shocks.events(plate)``), drawn as dotted lines named at the top."""
    d = _float(df, [x, y])
    fig, ax = plt.subplots(figsize=figsize)
    # one value a year and line: no interval to estimate (seaborn's default prepares one anyway)
    sns.lineplot(data=d, x=x, y=y, hue=hue, marker="o", ax=ax, errorbar=None)
    integer_ticks(ax.xaxis)  # years, not 2007.5
    ax.set(title=title, ylabel=ylabel or text.column_label(y, lang), xlabel="")
    _locale_ticks(ax.xaxis, lang, year=True)
    _locale_ticks(ax.yaxis, lang)
    draw_events(ax, events, lang)
    _legend(ax, lang, labels, title="", fontsize=8, loc="best")
    return finish(fig, is_sample, lang)


def mark_events(fig: plt.Figure, events: pd.DataFrame | None, lang: str = "tr") -> plt.Figure:
    """Mark the known shocks on every axes of a finished time-series figure (:func:`draw_events`
    on each axes); for figures not drawn by :func:`lines` (the follow-up charts)."""
    for ax in fig.axes:
        draw_events(ax, events, lang)
    return fig
