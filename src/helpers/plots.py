"""Figures from results (no computation here: every function takes a finished table).

Each function returns a matplotlib ``Figure``; notebooks show it with
:func:`helpers.report.show_figure` and an alt text. Nullable/Arrow numeric columns are cast to
float before plotting (seaborn 0.13 does not accept them).

Every function takes ``lang`` (``"tr"`` by default, or ``"en"``): default axis labels are the
catalogue's column labels (``column.<name>``, never a raw column name), legends show the
catalogue's series labels (``series.<value>``: *İl* / *Türkiye*, not ``province_index``) unless
``labels`` maps them, tick labels and annotations use the locale's separators (``0,5``, ``%55``),
and the sample stamp and map attribution come from the catalogue. Titles are passed in by the
caller, already in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402
from matplotlib.ticker import FixedLocator, Formatter, FuncFormatter, MaxNLocator, NullLocator  # noqa: E402

from helpers import text  # noqa: E402
from helpers.text import formats as numfmt  # noqa: E402

PALETTE = "crest"
sns.set_theme(style="whitegrid", context="notebook")


class LocaleFormatter(Formatter):
    """Tick labels with the locale's separators (``1.000``, ``0,5``), as many decimals as the tick
    spacing needs (at most 3); ``year=True`` writes whole numbers without a separator."""

    def __init__(self, lang: str = "tr", year: bool = False):
        self.lang = text.check_language(lang)
        self.year = year
        self.digits = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        self.digits = 0
        for d in range(4):
            if all(abs(v * 10 ** d - round(v * 10 ** d)) < 1e-6 * max(1.0, abs(v * 10 ** d)) for v in locs):
                self.digits = d
                break
        else:
            self.digits = 3

    def __call__(self, x, pos=None):
        if self.year:
            return str(int(round(x)))
        return numfmt.number(x, self.lang, self.digits)


def _locale_ticks(axis, lang: str, year: bool = False) -> None:
    """Put locale tick labels on a linear numeric axis (log/symlog axes keep their own)."""
    if axis.get_scale() == "linear":
        axis.set_major_formatter(LocaleFormatter(lang, year=year))


def _legend(ax, lang: str, labels: Mapping[str, str] | None = None, **kw) -> None:
    """The legend with readable labels: ``labels[value]``, else the catalogue's series label."""
    handles, names = ax.get_legend_handles_labels()
    if not handles:
        return
    labels = labels or {}
    ax.legend(handles, [labels.get(n) or text.series_label(n, lang) for n in names], **kw)


def _float(df: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def mark_sample(fig: plt.Figure, is_sample: bool, lang: str = "tr") -> plt.Figure:
    """Stamp a figure built on sample data: a diagonal watermark across it and a caption line (the
    report's sample banner sentence), so the warning survives when the figure is copied out of the
    report."""
    if is_sample:
        fig.text(0.5, 0.5, text.t("sample.watermark", lang), ha="center", va="center", rotation=25, fontsize=34,
                 color="#d39e00", alpha=0.18, fontweight="bold", zorder=10)
        fig.text(0.01, 0.003, text.t("sample.banner", lang), ha="left", va="bottom", fontsize=7.5, color="#8a5a00")
    return fig


def barh(df: pd.DataFrame, x: str, y: str, title: str, *, xlabel: str = "", hue: str | None = None,
         reference: float | None = None, is_sample: bool = False, figsize=(8, 5), lang: str = "tr",
         labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal bar chart (largest first), optional vertical reference line."""
    d = _float(df, [x])
    fig, ax = plt.subplots(figsize=figsize)
    sns.barplot(data=d, x=x, y=y, hue=hue, ax=ax, orient="h", palette=PALETTE if hue else None,
                color=None if hue else "#2a788e")
    if reference is not None:
        ax.axvline(reference, color="#b00020", lw=1, ls="--")
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel="")
    _locale_ticks(ax.xaxis, lang)
    if hue:
        _legend(ax, lang, labels, title="", fontsize=8)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def lines(df: pd.DataFrame, x: str, y: str, hue: str, title: str, *, ylabel: str = "",
          is_sample: bool = False, figsize=(8, 4.5), lang: str = "tr",
          labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Lines of ``y`` over ``x`` (years), one per value of ``hue``; the legend shows ``labels[value]``
    or the catalogue's series label (``province_index`` → *İl* / *Province*)."""
    d = _float(df, [x, y])
    fig, ax = plt.subplots(figsize=figsize)
    sns.lineplot(data=d, x=x, y=y, hue=hue, marker="o", ax=ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not 2007.5
    ax.set(title=title, ylabel=ylabel or text.column_label(y, lang), xlabel="")
    _locale_ticks(ax.xaxis, lang, year=True)
    _locale_ticks(ax.yaxis, lang)
    _legend(ax, lang, labels, title="", fontsize=8)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def grouped_bars(df: pd.DataFrame, x: str, y: str, hue: str, title: str, *, ylabel: str = "",
                 is_sample: bool = False, figsize=(9, 5.5), lang: str = "tr",
                 labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal grouped bars: categories ``x`` down the side, values ``y``, groups ``hue``."""
    d = _float(df, [y])
    fig, ax = plt.subplots(figsize=figsize)
    sns.barplot(data=d, y=x, x=y, hue=hue, ax=ax, palette="Set2", orient="h")
    ax.set(title=title, xlabel=ylabel or text.column_label(y, lang), ylabel="")
    _locale_ticks(ax.xaxis, lang)
    _legend(ax, lang, labels, title="", fontsize=8)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def bubble(df: pd.DataFrame, *, x: str, y: str, size: str, label: str, x_ref: float, y_ref: float,
           title: str, xlabel: str, ylabel: str, quadrants: Mapping[str, str] | None = None,
           n_labels: int = 12, is_sample: bool = False, figsize=(9, 6.5), lang: str = "tr") -> plt.Figure:
    """Portfolio (bubble) chart: x = LQ, y = growth, bubble area ∝ size; reference lines at LQ = 1
    and national growth; the four quadrants named (``quadrants``: position → name, in the report's
    language)."""
    d = _float(df, [x, y, size]).dropna(subset=[x, y, size])
    fig, ax = plt.subplots(figsize=figsize)
    smax = d[size].max() if len(d) else 1.0
    ax.scatter(d[x], d[y], s=30 + 1500 * d[size] / (smax or 1.0), alpha=0.55, color="#2a788e",
               edgecolor="white", linewidth=0.8)
    ax.axvline(x_ref, color="#555", lw=1, ls="--")
    ax.axhline(y_ref, color="#555", lw=1, ls="--")
    for _, row in d.nlargest(n_labels, size).iterrows():
        ax.annotate(str(row[label]), (row[x], row[y]), fontsize=7, xytext=(3, 3), textcoords="offset points")
    if quadrants:
        pos = {"top_right": (0.98, 0.98, "right", "top"), "top_left": (0.02, 0.98, "left", "top"),
               "bottom_left": (0.02, 0.02, "left", "bottom"), "bottom_right": (0.98, 0.02, "right", "bottom")}
        for key, name in quadrants.items():
            px, py, ha, va = pos[key]
            ax.text(px, py, name, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#444",
                    style="italic")
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel=ylabel or text.column_label(y, lang))
    if len(d) and d[x].max() > 8:
        # LQs and RCAs are never negative: a symmetric-log axis from 0, ticks at round values in the
        # locale's format (0, 1, 2, 5, 10, 20, …) instead of powers of ten
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(left=0, right=d[x].max() * 1.3)
        ticks = [t for t in (0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= d[x].max() * 1.3]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: numfmt.number(v, lang, 0 if v == int(v) else 1)))
    _locale_ticks(ax.xaxis, lang)
    _locale_ticks(ax.yaxis, lang)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def _annot_digits(spec: str) -> int:
    """Decimals of a format spec such as ``".2f"`` (``".0f"`` → 0)."""
    import re
    m = re.search(r"\.(\d+)", spec)
    return int(m.group(1)) if m else 2


def heatmap(matrix: pd.DataFrame, title: str, *, cmap: str = "crest", fmt: str = ".2f",
            annot: bool = True, cbar_label: str = "", is_sample: bool = False, figsize=None,
            vmin=None, vmax=None, lang: str = "tr") -> plt.Figure:
    """Heatmap of a matrix; cell annotations (with the decimals of ``fmt``) and colour-bar ticks in
    the locale's format; missing cells stay blank."""
    m = matrix.astype("float64")
    figsize = figsize or (max(6, 0.9 * m.shape[1] + 3), max(3, 0.35 * m.shape[0] + 1.5))
    fig, ax = plt.subplots(figsize=figsize)
    show = annot and m.size <= 400
    digits = _annot_digits(fmt)
    labels = m.map(lambda v: "" if pd.isna(v) else numfmt.number(v, lang, digits)) if show else False
    sns.heatmap(m, annot=labels.to_numpy() if show else False, fmt="", cmap=cmap, ax=ax, vmin=vmin, vmax=vmax,
                cbar_kws={"label": cbar_label}, linewidths=0.3, linecolor="white",
                annot_kws={"fontsize": 7})
    ax.set(title=title, xlabel="", ylabel="")
    if len(fig.axes) > 1:
        _locale_ticks(fig.axes[1].yaxis, lang)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def stacked_bars(df: pd.DataFrame, index: str, columns: Sequence[str], title: str, *, xlabel: str = "",
                 is_sample: bool = False, figsize=(9, 5.5), lang: str = "tr",
                 labels: Mapping[str, str] | None = None) -> plt.Figure:
    """Horizontal stacked bars: each heading's contribution to the total score."""
    d = _float(df, list(columns)).set_index(index)[list(columns)]
    fig, ax = plt.subplots(figsize=figsize)
    d.iloc[::-1].plot.barh(stacked=True, ax=ax, colormap="Set2", width=0.75)
    ax.set(title=title, xlabel=xlabel, ylabel="")
    _locale_ticks(ax.xaxis, lang)
    _legend(ax, lang, labels, fontsize=8, loc="lower right")
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def intervals(df: pd.DataFrame, *, label: str, median: str, low: str, high: str, prob: str, title: str,
              is_sample: bool = False, figsize=(9, 5.5), lang: str = "tr") -> plt.Figure:
    """Robustness: each sector's rank interval (low–high), median rank, and P(top k) as colour."""
    d = _float(df, [median, low, high, prob]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=figsize)
    ypos = np.arange(len(d))[::-1]
    colours = plt.cm.viridis(d[prob].to_numpy())
    ax.hlines(ypos, d[low], d[high], color=colours, lw=4, alpha=0.8)
    ax.scatter(d[median], ypos, color="black", zorder=3, s=18)
    x_text = d[high].max() + 0.5
    for yp, p in zip(ypos, d[prob]):
        ax.text(x_text, yp, numfmt.share(p, lang, 0), va="center", fontsize=7)
    ax.set_yticks(ypos, d[label], fontsize=8)
    ax.set(title=title, xlabel=text.t("plot.intervals_xlabel", lang))
    _locale_ticks(ax.xaxis, lang)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def scatter(df: pd.DataFrame, x: str, y: str, label: str, title: str, *, xlabel: str = "", ylabel: str = "",
            logx: bool = False, invert_y: bool = False, is_sample: bool = False, figsize=(7.5, 5.5),
            lang: str = "tr") -> plt.Figure:
    d = _float(df, [x, y])
    fig, ax = plt.subplots(figsize=figsize)
    ax.scatter(d[x], d[y], color="#2a788e", alpha=0.8)
    for _, row in d.iterrows():
        ax.annotate(str(row[label]), (row[x], row[y]), fontsize=7, xytext=(3, 2), textcoords="offset points")
    if logx:
        ax.set_xscale("log")
    if invert_y:
        ax.invert_yaxis()
    ax.set(title=title, xlabel=xlabel or text.column_label(x, lang), ylabel=ylabel or text.column_label(y, lang))
    _locale_ticks(ax.xaxis, lang)
    _locale_ticks(ax.yaxis, lang)
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def choropleth(polygons: Mapping[int, Sequence], values: pd.Series, *, highlight: int | None, title: str,
               cbar_label: str, cmap: str = "viridis", is_sample: bool = False,
               figsize=(11, 5.2), lang: str = "tr") -> plt.Figure:
    """Map of the 81 provinces coloured by ``values`` (indexed by plate); ``polygons`` maps each
    plate to its rings (arrays of lon/lat, from ``helpers.sources.geo.province_polygons``). Provinces
    without a value are grey; the highlighted province is outlined in red."""
    fig, ax = plt.subplots(figsize=figsize)
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    norm = plt.Normalize(np.nanmin(v.to_numpy()), np.nanmax(v.to_numpy()))
    cm = plt.get_cmap(cmap)
    patches, colours, outline = [], [], []
    for plate, rings in polygons.items():
        val = v.get(plate, np.nan)
        for ring in rings:
            patch = Polygon(np.asarray(ring), closed=True)
            patches.append(patch)
            colours.append("#dddddd" if pd.isna(val) else cm(norm(val)))
            if plate == highlight:
                outline.append(Polygon(np.asarray(ring), closed=True))
    ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="white", linewidth=0.4))
    if outline:
        ax.add_collection(PatchCollection(outline, facecolor="none", edgecolor="#d62728", linewidth=2.2))
    ax.autoscale_view()
    ax.set_aspect(1.3)
    ax.axis("off")
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cm)
    cbar = fig.colorbar(sm, ax=ax, shrink=0.7, label=cbar_label)
    _locale_ticks(cbar.ax.yaxis, lang)
    ax.set_title(title)
    fig.text(0.01, 0.01, text.t("plot.map_attribution", lang), fontsize=7, color="#666")
    fig.tight_layout()
    return mark_sample(fig, is_sample, lang)


def mark_events(fig: plt.Figure, events: pd.DataFrame | None, lang: str = "tr") -> plt.Figure:
    """Mark known shocks on every axes of a time-series figure: a dashed vertical line at each
    event's year, labelled with its name in ``lang`` (``events``: columns ``year`` and
    ``label_tr``/``label_en``, e.g. :func:`helpers.shocks.crossing`). Stand-in until the
    time-series functions take ``events=`` themselves."""
    if events is None or len(events) == 0:
        return fig
    col = f"label_{text.check_language(lang)}"
    for ax in fig.axes:
        lo, hi = ax.get_xlim()
        for _, ev in events.iterrows():
            x = float(ev["year"])
            ax.axvline(x, color="#7a7a7a", lw=1, ls="--", zorder=0)
            right_half = x > (lo + hi) / 2  # the label inside the axes, on the side with room
            ax.text(x, 0.98, ev[col], rotation=90, va="top", ha="right" if right_half else "left", fontsize=7,
                    color="#444444", transform=ax.get_xaxis_transform(),
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1})
    return fig
