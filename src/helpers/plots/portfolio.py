"""Point charts: the portfolio (bubble) chart and the size–rank scatter.

Growth on a small base can be thousands of percent (Çorum T15 %5.598,8, Kahramanmaraş T04
%2.464): the growth axis is capped at a robust upper fence (:func:`growth_limits`), the points
beyond it drawn at the edge as triangles and labelled with their true value, so the real sectors
keep the height of the chart. Quadrant captions sit in bands kept free above and below the points;
labels never overlap (:mod:`helpers.plots.labels`)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator

from helpers import text
from helpers.plots._base import _float, _locale_ticks, compact, finish, integer_ticks
from helpers.plots.labels import place_labels
from helpers.text import formats as numfmt

#: Fence of the growth axis: Q3 + FENCE × IQR above, Q1 − FENCE × IQR below (Tukey's far-out fence).
FENCE = 3.0


def growth_limits(values: pd.Series, ref: float = 0.0) -> tuple[float, float]:
    """The range of a growth axis: the data's range, cut at Tukey's far-out fences
    ``Q1 − 3·IQR`` and ``Q3 + 3·IQR`` (always keeping the reference and 0 in view); values beyond
    are drawn at the edge. With fewer than 4 values, the data's range.

    >>> growth_limits(pd.Series([-10.0, 0, 5, 10, 20, 5598.8]))
    (-10.0, 66.25)
    """
    v = pd.Series(values, dtype="float64").dropna()
    if v.empty:
        return (min(ref, 0.0) - 1, max(ref, 0.0) + 1)
    lo, hi = float(v.min()), float(v.max())
    if len(v) >= 4:
        q1, q3 = (float(x) for x in v.quantile([0.25, 0.75]))
        iqr = max(q3 - q1, 1e-9)
        lo, hi = max(lo, q1 - FENCE * iqr), min(hi, q3 + FENCE * iqr)
    lo, hi = min(lo, ref, 0.0), max(hi, ref, 0.0)
    if hi - lo < 1e-9:
        hi = lo + 1.0
    return (lo, hi)


def bubble(df: pd.DataFrame, *, x: str, y: str, size: str, label: str, x_ref: float, y_ref: float,
           title: str, xlabel: str, ylabel: str, quadrants: Mapping[str, str] | None = None,
           n_labels: int = 12, is_sample: bool = False, figsize=(9, 6.5), lang: str = "tr") -> plt.Figure:
    """Portfolio (bubble) chart: x = LQ, y = growth, bubble area ∝ size; reference lines at LQ = 1
    and national growth; the four quadrants named (``quadrants``: position → name, in the report's
    language) in bands above and below the points. The growth axis is capped (:func:`growth_limits`);
    points beyond are triangles at the edge, labelled with their value. The ``n_labels`` largest
    bubbles and every capped point are labelled where a label fits without overlap."""
    d = _float(df, [x, y, size]).dropna(subset=[x, y, size]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=figsize)
    smax = d[size].max() if len(d) else 1.0
    area = 30 + 1500 * d[size] / (smax or 1.0)
    lo, hi = growth_limits(d[y], y_ref)
    span = hi - lo
    above, below = d[y] > hi, d[y] < lo
    inside = ~(above | below)
    yy = d[y].clip(lo, hi)
    ax.scatter(d.loc[inside, x], yy[inside], s=area[inside], alpha=0.55, color="#2a788e", edgecolor="white",
               linewidth=0.8)
    for mask, marker in ((above, "^"), (below, "v")):
        if mask.any():
            ax.scatter(d.loc[mask, x], yy[mask], s=70, marker=marker, color="#b00020", alpha=0.85, zorder=4,
                       clip_on=False)
    ax.axvline(x_ref, color="#555", lw=1, ls="--")
    ax.axhline(y_ref, color="#555", lw=1, ls="--")
    # bands for the captions: 13 % of the height above and below the points, bubbles included
    band = 0.16 * span if quadrants else 0.06 * span
    ax.set_ylim(lo - band, hi + band)
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel=ylabel or text.column_label(y, lang))
    if len(d) and d[x].max() > 8:
        # LQs and RCAs are never negative: a symmetric-log axis from 0, ticks at round values in the
        # locale's format (0, 1, 2, 5, 10, 20, …) instead of powers of ten
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(left=-0.06, right=d[x].max() * 1.3)  # a little room left of 0: no bubble cut in half
        ticks = [t for t in (0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= d[x].max() * 1.3]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: numfmt.number(v, lang, 0 if v == int(v) else 1)))
    elif len(d):
        right = max(float(d[x].max()), x_ref) * 1.08
        ax.set_xlim(left=min(0.0, float(d[x].min())) - 0.02 * right, right=right)
    _locale_ticks(ax.xaxis, lang)
    _locale_ticks(ax.yaxis, lang)
    finish(fig, is_sample, lang)
    captions = []
    if quadrants:
        pos = {"top_right": (0.99, 0.985, "right", "top"), "top_left": (0.01, 0.985, "left", "top"),
               "bottom_left": (0.01, 0.015, "left", "bottom"), "bottom_right": (0.99, 0.015, "right", "bottom")}
        for key, name in quadrants.items():
            px, py, ha, va = pos[key]
            captions.append(ax.text(px, py, name, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#444",
                                    style="italic"))
    renderer = fig.canvas.get_renderer()
    obstacles = [c.get_window_extent(renderer) for c in captions]
    radius = np.sqrt(area / np.pi)  # points
    order = list(d.index[~inside]) + [i for i in d[inside].nlargest(n_labels, size).index]
    pts = []
    for i in order:
        name = str(d.at[i, label])
        if not inside[i]:
            name = text.t("chart.outlier_label", lang, label=name, value=numfmt.percent(d.at[i, y], lang, 1))
        pts.append((d.at[i, x], yy[i], name, 5.0 if not inside[i] else float(radius[i])))
    place_labels(ax, pts, obstacles=obstacles)
    return fig


def scatter(df: pd.DataFrame, x: str, y: str, label: str, title: str, *, xlabel: str = "", ylabel: str = "",
            logx: bool = False, invert_y: bool = False, is_sample: bool = False, figsize=(7.5, 5.5),
            lang: str = "tr", integer_y: bool | None = None) -> plt.Figure:
    """Points labelled without overlap. ``logx``: a log axis with ticks at powers of ten only,
    written scaled (``1 milyon``, ``100 milyon``), none printed over another. ``integer_y`` (default:
    with ``invert_y``, a rank axis): whole-number ticks."""
    d = _float(df, [x, y]).dropna(subset=[x, y]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=figsize)
    ax.scatter(d[x], d[y], color="#2a788e", alpha=0.8)
    if logx:
        ax.set_xscale("log")
        lo, hi = (float(d[x].min()), float(d[x].max())) if len(d) else (1.0, 10.0)
        # ticks about half a decade apart at least: 1-2-5 on a narrow range, 1-3 on a middle one,
        # powers of ten on a wide one (never two labels printed over each other)
        decades = np.log10(hi * 2.56 / max(lo, 1e-12))
        subs = (1.0, 2.0, 5.0) if decades < 1.3 else (1.0, 3.0) if decades < 2.6 else (1.0,)
        # and over six decades or more, every other power of ten ("10 milyon" and "100 milyon" side
        # by side are as wide as a decade)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks=8 if decades < 6 else 6))
        view = [10.0 ** k * s for k in range(int(np.floor(np.log10(lo / 1.6))), int(np.ceil(np.log10(hi * 1.6))) + 1)
                for s in subs if lo / 1.6 <= 10.0 ** k * s <= hi * 1.6]
        if len(view) < 2:  # a range too narrow for 1-2-5 (one sector): four round values, not
            # matplotlib's fallback of a linear tick every few thousand, printed over each other
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: compact(v, lang)))
        ax.set_xlim(lo / 1.6, hi * 1.6)
    if invert_y:
        ax.invert_yaxis()
    whole_y = integer_y if integer_y is not None else invert_y
    if whole_y:
        integer_ticks(ax.yaxis)
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel=ylabel or text.column_label(y, lang))
    _locale_ticks(ax.xaxis, lang)
    _locale_ticks(ax.yaxis, lang)
    if len(d) and not logx:
        pad = 0.05 * (float(d[x].max() - d[x].min()) or 1.0)
        ax.set_xlim(float(d[x].min()) - pad, float(d[x].max()) + pad)
    if len(d):
        pady = 0.06 * (float(d[y].max() - d[y].min()) or 1.0)
        if whole_y:  # ranks: room for a whole-number tick even around a single point (never 0,945)
            pady = max(pady, 0.5)
        lo, hi = float(d[y].min()) - pady, float(d[y].max()) + pady
        if invert_y:  # a rank axis starts at rank 1: no tick at 0
            lo = max(lo, 0.5)
        ax.set_ylim((hi, lo) if invert_y else (lo, hi))
    finish(fig, is_sample, lang)
    place_labels(ax, [(d.at[i, x], d.at[i, y], str(d.at[i, label]), 3.0) for i in d.index])
    return fig
