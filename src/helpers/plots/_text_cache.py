"""Text measured and shaped once per process, not once per figure.

With matplotlib 3.11 every text is shaped (libraqm) before it is measured and again before it is
drawn, at about 30 µs a glyph, and matplotlib keeps its measurements per *renderer*, i.e. per
figure: the same sector names, tick numbers and captions were shaped anew in every chart (a
quarter to a third of a report's figure time). :class:`Canvas` is matplotlib's Agg canvas with a
renderer that keeps two process-wide tables: the size of each text (what the layout and the
label placement ask) and its glyph layout (what drawing needs before rasterising the glyphs). Both
are pure functions of the string, the font properties, the dpi and the font settings, which are
all part of the key, so a figure's pixels are exactly those of a plain Agg canvas (a test checks
this). The run's zygote fills the size table with the texts every province shares (sector names,
numbers, years: :func:`warm`), so each forked kernel starts with them (layouts hold font objects
and are not carried across a fork).

Maths and TeX text, and any matplotlib without the private hooks used here, take matplotlib's
own path unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

#: The private hooks of matplotlib's Agg text drawing this module relies on (3.11).
SUPPORTED = hasattr(FT2Font, "_layout") and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")
#: Font settings that change which font a property resolves to or how its glyphs are laid out.
_RC = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
       "text.hinting", "text.hinting_factor", "text.kerning_factor")
#: Entries kept per table before it is emptied (a report run needs a few thousand).
LIMIT = 50_000

_SIZES: dict = {}
_LAYOUTS: dict = {}
# A glyph layout holds the FT2Font objects that shaped it; their files' read positions are shared
# with the parent after a fork (matplotlib empties its own font cache in a forked child for this
# reason), so a forked kernel starts without the zygote's layouts. The sizes are plain numbers and
# stay: they are what the zygote warms.
os.register_at_fork(after_in_child=_LAYOUTS.clear)


def _rc() -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in (mpl.rcParams[k] for k in _RC))


def _remember(table: dict, key, value):
    if len(table) >= LIMIT:
        table.clear()
    table[key] = value
    return value


class CachedRenderer(RendererAgg):
    """``RendererAgg`` whose text sizes and glyph layouts come from the process-wide tables."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath or not SUPPORTED:
            return super().get_text_width_height_descent(s, prop, ismath)
        rc = _rc()
        hit = _SIZES.get((s, prop, self.dpi, rc))
        if hit is None:
            hit = _remember(_SIZES, (s, prop.copy(), self.dpi, rc),
                            super().get_text_width_height_descent(s, prop, ismath))
        return hit

    def _items(self, s, prop, features, language):
        features = tuple(features) if features is not None else None
        language = language if language is None or isinstance(language, str) else tuple(language)
        rc = _rc()
        items = _LAYOUTS.get((s, prop, self.dpi, rc, features, language))
        if items is None:
            font = self._prepare_font(prop)
            items = _remember(_LAYOUTS, (s, prop.copy(), self.dpi, rc, features, language),
                              tuple(font._layout(s, flags=get_hinting_flag(), features=features,
                                                 language=language)))
        return items

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not SUPPORTED:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        items = self._items(s, prop, mtext.get_fontfeatures() if mtext is not None else None,
                            mtext.get_language() if mtext is not None else None)
        size = prop.get_size_in_points()
        # as RendererAgg.draw_text does with the items of a fresh layout
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items), [])
        return None


class Canvas(FigureCanvasAgg):
    """The Agg canvas, drawing with a :class:`CachedRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = CachedRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def use(fig) -> None:
    """Put a plain Agg figure on :class:`Canvas` (other canvases are left as they are)."""
    if SUPPORTED and type(fig.canvas) is FigureCanvasAgg:
        Canvas(fig)


def warm(texts: Iterable[str], sizes: Iterable[float], dpi: float) -> int:
    """Measure ``texts`` at each of ``sizes`` (points, the theme's font) ahead, for the zygote (only
    sizes survive a fork, see above). Returns the number of entries added."""
    if not SUPPORTED:
        return 0
    before = len(_SIZES)
    r = CachedRenderer(1, 1, dpi)
    for size in sizes:
        prop = FontProperties(size=size)
        for s in texts:
            if s:
                r.get_text_width_height_descent(s, prop, False)
    return len(_SIZES) - before
