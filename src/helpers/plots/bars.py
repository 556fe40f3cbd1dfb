"""Charts with one row per sector (or heading): bars, grouped bars, stacked contributions, rank
intervals. The height follows the number of rows and the names are wrapped at word boundaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from helpers import text
from helpers.plots._base import (
    PALETTE,
    _float,
    _legend,
    _locale_ticks,
    finish,
    integer_ticks,
    rows_height,
    wrap,
    wrap_all,
)
from helpers.text import formats as numfmt


def _wrap_ticks(ax, width: int = 30) -> None:
    ax.set_yticks(ax.get_yticks(), wrap_all([t.get_text() for t in ax.get_yticklabels()], width), fontsize=8)


def barh(df: pd.DataFrame, x: str, y: str, title: str, *, xlabel: str = "", hue: str | None = None,
         reference: float | None = None, is_sample: bool = False, figsize=None, lang: str = "tr",
         labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal bar chart (largest first), optional vertical reference line; amounts on the axis
    scaled (``250 bin``, ``1,5 milyon``)."""
    d = _float(df, [x])
    fig, ax = plt.subplots(figsize=figsize or (8, rows_height(d[y].nunique())))
    sns.barplot(data=d, x=x, y=y, hue=hue, ax=ax, orient="h", palette=PALETTE if hue else None,
                color=None if hue else "#2a788e", errorbar=None)  # one value a bar: nothing to estimate
    if reference is not None:
        ax.axvline(reference, color="#b00020", lw=1, ls="--")
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel="")
    _wrap_ticks(ax)
    _locale_ticks(ax.xaxis, lang)
    if hue:
        _legend(ax, lang, labels, title="", fontsize=8)
    return finish(fig, is_sample, lang)


def grouped_bars(df: pd.DataFrame, x: str, y: str, hue: str, title: str, *, ylabel: str = "",
                 is_sample: bool = False, figsize=None, lang: str = "tr",
                 labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal grouped bars: categories ``x`` down the side, values ``y``, groups ``hue``."""
    d = _float(df, [y])
    n = d[x].nunique()
    fig, ax = plt.subplots(figsize=figsize or (9, rows_height(n, per_row=0.5, extra=1.8)))
    sns.barplot(data=d, y=x, x=y, hue=hue, ax=ax, palette="Set2", orient="h", errorbar=None)
    ax.set(title=title, xlabel=ylabel or text.column_label(y, lang), ylabel="")
    _wrap_ticks(ax)
    _locale_ticks(ax.xaxis, lang)
    _legend(ax, lang, labels, title="", fontsize=8)
    return finish(fig, is_sample, lang)


def stacked_bars(df: pd.DataFrame, index: str, columns: Sequence[str], title: str, *, xlabel: str = "",
                 is_sample: bool = False, figsize=None, lang: str = "tr",
                 labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal stacked bars: each heading's contribution to the total score; the legend below
    the chart, never over the bars."""
    d = _float(df, list(columns)).set_index(index)[list(columns)]
    fig, ax = plt.subplots(figsize=figsize or (9, rows_height(len(d), extra=2.2)))
    d.iloc[::-1].plot.barh(stacked=True, ax=ax, colormap="Set2", width=0.75)
    ax.set(title=title, xlabel=xlabel, ylabel="")
    _wrap_ticks(ax)
    _locale_ticks(ax.xaxis, lang)
    _legend(ax, lang, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2 * 5.5 / fig.get_figheight()),
            ncol=min(3, len(columns)), frameon=False)
    return finish(fig, is_sample, lang)


def intervals(df: pd.DataFrame, *, label: str, median: str, low: str, high: str, prob: str, title: str,
              is_sample: bool = False, figsize=None, lang: str = "tr", xlabel: str | None = None) -> plt.Figure:
    """Robustness: each sector's rank interval (low–high), median rank, and P(top k) as colour; the
    rank axis has whole-number ticks. ``xlabel`` says what low–high is (default: the 5–95 %
    interval of :func:`helpers.criteria.robustness`); it is wrapped to the figure's width."""
    d = _float(df, [median, low, high, prob]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=figsize or (9, rows_height(len(d), extra=2.0)))
    ypos = np.arange(len(d))[::-1]
    colours = plt.cm.viridis(d[prob].to_numpy())
    ax.hlines(ypos, d[low], d[high], color=colours, lw=4, alpha=0.8)
    ax.scatter(d[median], ypos, color="black", zorder=3, s=18)
    x_text = d[high].max() + 0.5
    for yp, p in zip(ypos, d[prob]):
        ax.text(x_text, yp, numfmt.share(p, lang, 0), va="center", fontsize=7)
    ax.set_yticks(ypos, wrap_all(d[label].tolist()), fontsize=8)
    ax.set_xlim(left=min(0.5, float(d[low].min()) - 0.5) if len(d) else 0.5, right=x_text + 1.5)
    axis_label = xlabel or text.t("plot.intervals_xlabel", lang)
    ax.set_title(title)
    ax.set_xlabel(wrap(axis_label, width=int(fig.get_figwidth() * 7.5), lines=3), fontsize=9)  # under the axes
    integer_ticks(ax.xaxis)
    _locale_ticks(ax.xaxis, lang)
    return finish(fig, is_sample, lang)
