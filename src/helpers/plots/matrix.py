"""Heatmaps (heading scores, export structure, data coverage): one row per sector, the figure as
tall as its rows need, names wrapped at word boundaries, values legible."""

from __future__ import annotations

import contextlib
import re

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from helpers import text
from helpers.plots._base import _locale_ticks, finish, rows_height, wrap, wrap_all
from helpers.text import formats as numfmt


@contextlib.contextmanager
def _no_predraw():
    """seaborn's heatmap draws the whole figure once, then measures every tick label, only to decide
    whether to turn overlapping tick labels vertical; ours are wrapped and set horizontal afterwards
    (``tick_params(rotation=0)``), so that draw (a third of the chart's cost) and that measuring are
    skipped."""
    import seaborn.matrix as sm
    saved = sm._draw_figure, sm.axis_ticklabels_overlap
    sm._draw_figure = lambda fig: None
    sm.axis_ticklabels_overlap = lambda labels: False
    try:
        yield
    finally:
        sm._draw_figure, sm.axis_ticklabels_overlap = saved


def _event_names(events: pd.DataFrame | None, columns, lang: str) -> dict:
    """Column (a year) → the short names of the events of that year, in ``lang`` (the year is
    the column's own label: "2018" over "kur şoku", not "2018 kur şoku"; ``short_<lang>`` of
    :func:`helpers.shocks.events`, else ``label_<lang>``)."""
    if events is None or len(events) == 0:
        return {}
    lang = text.check_language(lang)
    col = f"short_{lang}" if f"short_{lang}" in events.columns else f"label_{lang}"
    out = {}
    for c in columns:
        try:
            year = int(c)
        except (TypeError, ValueError):
            continue
        found = [str(v) for v in events.loc[events["year"].astype(int) == year, col]]
        if found:
            out[c] = " · ".join(found)
    return out


def _annot_digits(spec: str) -> int:
    """Decimals of a format spec such as ``".2f"`` (``".0f"`` → 0)."""
    m = re.search(r"\.(\d+)", spec)
    return int(m.group(1)) if m else 2


def heatmap(matrix: pd.DataFrame, title: str, *, cmap: str = "crest", fmt: str = ".2f",
            annot: bool = True, cbar_label: str = "", is_sample: bool = False, figsize=None,
            vmin=None, vmax=None, lang: str = "tr", events: pd.DataFrame | None = None) -> plt.Figure:
    """Heatmap of a matrix; cell annotations (with the decimals of ``fmt``) and colour-bar ticks in
    the locale's format; missing cells stay blank. Each row gets the same height whatever the number
    of rows (Trabzon's 40 sectors as legible as a province with 8), row names are wrapped at word
    boundaries, column names wrapped too. ``events``: when the columns are years, the known shocks
    (``helpers.shocks.events(plate)``) as a dotted line before the year's column, named under it."""
    m = matrix.astype("float64")
    n_rows, n_cols = m.shape
    # no wider than a report page shows at full size (a wider figure is shrunk, and its text with it)
    width = min(11.0, max(6.5, 0.95 * n_cols + 4.2))
    narrow = (width - 4.2) / max(n_cols, 1) < 0.8  # many columns (years): smaller labels
    figsize = figsize or (width, rows_height(n_rows, per_row=0.36, extra=2.2))
    fig, ax = plt.subplots(figsize=figsize)
    show = annot and m.size <= 600
    digits = _annot_digits(fmt)
    labels = m.map(lambda v: "" if pd.isna(v) else numfmt.number(v, lang, digits)) if show else False
    plot = m.copy()
    plot.index = wrap_all(m.index, 34)
    names = _event_names(events, m.columns, lang)
    cw = 9 if narrow else 14
    plot.columns = [wrap(c, cw, 3) + ("\n" + wrap(names[c], cw, 3) if c in names else "") for c in m.columns]
    with _no_predraw():
        sns.heatmap(plot, annot=labels.to_numpy() if show else False, fmt="", cmap=cmap, ax=ax, vmin=vmin, vmax=vmax,
                    cbar_kws={"label": cbar_label, "shrink": min(1.0, 6 / max(n_rows, 1) + 0.4)}, linewidths=0.3,
                    linecolor="white", annot_kws={"fontsize": 7 if narrow else 8}, yticklabels=True,
                    xticklabels=True)
    ax.tick_params(axis="y", labelsize=8, rotation=0)
    ax.tick_params(axis="x", labelsize=7 if narrow else 8, rotation=0)
    for i, c in enumerate(m.columns):
        if c in names and i > 0:
            ax.axvline(i, color="#8c564b", lw=1.6, ls=":")
    for t, c in zip(ax.get_xticklabels(), m.columns):
        if c in names:
            t.set_color("#8c564b")  # a year with a known shock
    ax.set(title=title, xlabel="", ylabel="")
    if len(fig.axes) > 1:
        _locale_ticks(fig.axes[1].yaxis, lang)
    return finish(fig, is_sample, lang)
