"""What every chart shares: the theme, locale tick formatters (scaled amounts, integer ranks),
sector names wrapped at word boundaries, heights that follow the number of rows, the sample stamp."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.layout_engine import TightLayoutEngine  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator  # noqa: E402

from helpers import text  # noqa: E402
from helpers.text import formats as numfmt  # noqa: E402

PALETTE = "crest"
sns.set_theme(style="whitegrid", context="notebook")
#: The resolution figures are drawn *and* written at (:func:`to_png`). One dpi for both means one
#: renderer: the layout measures every text once and the PNG draw reuses those measurements (with
#: matplotlib's default 100 dpi and PNGs at 96, every text was measured twice, on two renderers).
DPI = 96
matplotlib.rcParams["figure.dpi"] = DPI
matplotlib.rcParams["savefig.dpi"] = DPI
#: zlib level of the PNGs: level 3 writes an RGB figure faster than the default 6 wrote it as RGBA,
#: and smaller (measured on 80 report figures: 9.0 against 15.7 ms, 59 against 63 kB a figure).
PNG_LEVEL = 3

#: Axis values from these magnitudes up are written scaled (``1,5 milyon``), never in whole units:
#: (from, unit, word); thousands from 100.000 on (``250 bin``; below, ``25.000`` reads as it is).
AXIS_SCALES = ((1e9, 1e9, "scale.billion"), (1e6, 1e6, "scale.million"), (1e5, 1e3, "scale.thousand"))


class LocaleFormatter(Formatter):
    """Tick labels with the locale's separators (``1.000``, ``0,5``), as many decimals as the tick
    spacing needs (at most 3); ``year=True`` writes whole numbers without a separator. Large values
    are scaled with a word (``250 bin``, ``1,5 milyon``, ``2 milyar``), chosen from the largest tick."""

    def __init__(self, lang: str = "tr", year: bool = False):
        self.lang = text.check_language(lang)
        self.year = year
        self.digits = 0
        self.scale = (1.0, "")

    def set_locs(self, locs):
        super().set_locs(locs)
        self.scale = (1.0, "")
        try:  # the ticks in view (matplotlib also passes some beyond the axis' ends)
            lo, hi = sorted(self.axis.get_view_interval())
            shown = [v for v in locs if lo - 1e-9 * abs(hi - lo) <= v <= hi + 1e-9 * abs(hi - lo)] or list(locs)
        except AttributeError:
            shown = list(locs)
        top = max((abs(v) for v in shown), default=0.0)
        if not self.year:
            for threshold, unit, key in AXIS_SCALES:
                if top >= threshold:
                    self.scale = (unit, text.t(key, self.lang))
                    break
        self.digits = _digits([v / self.scale[0] for v in locs])

    def __call__(self, x, pos=None):
        if self.year:
            return str(int(round(x)))
        unit, word = self.scale
        amount = numfmt.number(x / unit, self.lang, self.digits)
        if not word or x == 0:
            return amount
        return text.t("chart.tick_scaled", self.lang, amount=amount, scale=word)


def _digits(values: Sequence[float]) -> int:
    for d in range(4):
        if all(abs(v * 10 ** d - round(v * 10 ** d)) < 1e-6 * max(1.0, abs(v * 10 ** d)) for v in values):
            return d
    return 3


def compact(value: float, lang: str) -> str:
    """One value the way :class:`LocaleFormatter` writes a tick: ``3×10⁸`` → ``300 milyon``."""
    for threshold, unit, key in AXIS_SCALES:
        if abs(value) >= threshold:
            v = value / unit
            return text.t("chart.tick_scaled", lang, amount=numfmt.number(v, lang, 0 if v >= 10 or v == int(v) else 1),
                          scale=text.t(key, lang))
    return numfmt.number(value, lang, 0 if value == int(value) else 1)


def _locale_ticks(axis, lang: str, year: bool = False) -> None:
    """Put locale tick labels on a linear numeric axis (log/symlog axes get theirs where drawn). A
    horizontal value axis keeps at most six ticks: scaled labels (``1,5 milyon``) are wide."""
    if axis.get_scale() == "linear":
        axis.set_major_formatter(LocaleFormatter(lang, year=year))
        if axis.axis_name == "x" and type(axis.get_major_locator()).__name__ == "AutoLocator":
            axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))


def integer_ticks(axis) -> None:
    """Ranks and years: whole-number ticks only (never 1,25 or 2007,5)."""
    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # one whole number, not 0,945…1,050


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


def wrap(label: object, width: int = 30, lines: int = 2) -> str:
    """A sector name on at most ``lines`` lines of about ``width`` characters, broken only between
    words; a name still longer ends at a word boundary with "…" (the full name is in the table beside
    the chart). A single word longer than ``width`` is kept whole.

    >>> wrap("Motorlu kara taşıtlarının ve motosikletlerin bakım ve onarımı", 26)
    'Motorlu kara taşıtlarının\\nve motosikletlerin bakım…'
    """
    s = " ".join(str(label).split())
    parts = textwrap.wrap(s, width=width, break_long_words=False, break_on_hyphens=False) or [s]
    if len(parts) <= lines:
        return "\n".join(parts)
    kept = parts[:lines]
    return "\n".join(kept).rstrip(" ,;:–-") + "…"


def wrap_all(labels: Sequence[object], width: int = 30, lines: int = 2) -> list[str]:
    return [wrap(x, width, lines) for x in labels]


def rows_height(n_rows: int, *, per_row: float = 0.34, extra: float = 1.6, low: float = 3.0,
                high: float = 30.0) -> float:
    """Figure height (inches) for ``n_rows`` horizontal rows: each row keeps room for a two-line
    label, whatever the province's number of sectors."""
    return min(high, max(low, per_row * n_rows + extra))


def mark_sample(fig: plt.Figure, is_sample: bool, lang: str = "tr") -> plt.Figure:
    """Stamp a figure built on sample data: a diagonal watermark across it and a caption line (the
    report's sample banner sentence), so the warning survives when the figure is copied out of the
    report. The caption sits in a band kept free at the bottom (the axes move up), so it never covers
    tick labels or a map's credit line."""
    if is_sample:
        fig.text(0.5, 0.5, text.t("sample.watermark", lang), ha="center", va="center", rotation=25, fontsize=34,
                 color="#d39e00", alpha=0.18, fontweight="bold", zorder=10)
        h = fig.get_figheight()
        band = min(0.12, 0.22 / h)  # about 0.22 inch
        fig.text(0.01, 0.003, text.t("sample.banner", lang), ha="left", va="bottom", fontsize=7.5, color="#8a5a00")
        if not getattr(fig, "_workbook_bottom_band", False):
            fig.subplots_adjust(bottom=min(0.45, fig.subplotpars.bottom + band))
    return fig


def _tight(fig: plt.Figure, band: float) -> None:
    """The tight layout with the bottom ``band`` of the figure kept free, computed once, without
    leaving a layout engine on the figure (with one, as ``fig.tight_layout`` leaves, the PNG's draw
    is preceded by a second full draw).

    With a ``rect``, matplotlib measures every axes twice (a second pass only to place the margins
    inside the rect). When all axes share one grid cell (one chart, its colour bar nested in the same
    cell: every chart here), that second pass gives the first pass' margins with ``band`` added to
    the bottom one, so the band is added directly: the same layout for half the measuring."""
    try:  # matplotlib's own helper, as TightLayoutEngine uses it (private: a matplotlib without it
        from matplotlib._tight_layout import get_subplotspec_list  # noqa: PLC0415 - gets the two passes)
        specs = get_subplotspec_list(fig.axes)
    except ImportError:
        specs = [None]
    if None in specs or len(set(specs)) != 1 or specs[0].get_gridspec().get_geometry() != (1, 1):
        TightLayoutEngine(rect=(0, band, 1, 1)).execute(fig)
        return
    TightLayoutEngine(rect=None).execute(fig)  # one pass (matplotlib's default rect makes it two)
    if band:
        fig.subplots_adjust(bottom=fig.subplotpars.bottom + band)


def finish(fig: plt.Figure, is_sample: bool, lang: str, *, bottom: float = 0.0) -> plt.Figure:
    """Lay the figure out (leaving ``bottom`` of its height free for credits) and stamp sample data."""
    band = (min(0.12, 0.22 / fig.get_figheight()) if is_sample else 0.0) + bottom
    _tight(fig, band)
    fig._workbook_bottom_band = True  # noqa: SLF001 - the band is already there for mark_sample
    return mark_sample(fig, is_sample, lang)


def to_png(fig: plt.Figure, dpi: float = DPI) -> bytes:
    """The figure as PNG bytes at ``dpi``, drawn once on its own Agg canvas (at the dpi it was laid
    out at, the renderer that measured its texts draws it). An opaque figure is written as RGB (its
    alpha channel is 255 everywhere: a quarter less to compress) at zlib level :data:`PNG_LEVEL`; no
    metadata but the resolution, so the same figure gives the same bytes run after run."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    img = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if img.getchannel("A").getextrema() == (255, 255):
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format="png", compress_level=PNG_LEVEL, dpi=(dpi, dpi))
    return buf.getvalue()
