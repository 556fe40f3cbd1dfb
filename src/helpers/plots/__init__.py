"""Figures from results (no computation here: every function takes a finished table).

Each function returns a matplotlib ``Figure``; notebooks show it with
:func:`helpers.report.show_figure` and an alt text. Nullable/Arrow numeric columns are cast to
float before plotting (seaborn 0.13 does not accept them).

Every function takes ``lang`` (``"tr"`` by default, or ``"en"``): default axis labels are the
catalogue's column labels (``column.<name>``, never a raw column name), legends show the
catalogue's series labels (``series.<value>``: *İl* / *Türkiye*, not ``province_index``) unless
``labels`` maps them, tick labels and annotations use the locale's separators (``0,5``, ``%55``),
large amounts are scaled (``1,5 milyon``), and the sample stamp and map attribution come from the
catalogue. Titles are passed in by the caller, already in the report's language.

Charts hold for every province (issue 15): heights follow the number of rows, sector names are
wrapped at word boundaries (the full name is in the table beside), growth axes are capped with
the points beyond marked and labelled, point labels never overlap, rank axes have whole-number
ticks, captions and credits never cover points or each other. Time series take the known shocks
as data (``events=``) and draw them; they never look them up.

Cheap to draw (issue 15, item 9): figures are laid out and written at one dpi (``_base.DPI``, 96)
and turned into PNG by ``_base.to_png`` (one draw on the canvas that laid them out, RGB, zlib level
3); the tight layout runs one pass; the map's province paths are built once. Text measuring is
left to matplotlib: a process-wide text cache on its private hooks saved about 0.1 s per province
and once crashed a forked kernel, so it was not kept (docs/benchmarks.md). Where a chart's pixels changed, tests/analysis/test_charts_hold.py checks it still holds.

Modules: ``_base`` (theme, formatters, wrapping, sample stamp, PNG), ``labels``
(label placement), ``bars``, ``series``, ``matrix``, ``portfolio``, ``maps``.
"""

from __future__ import annotations

from helpers.plots._base import PALETTE, LocaleFormatter, compact, mark_sample, rows_height, wrap
from helpers.plots.bars import barh, grouped_bars, intervals, stacked_bars
from helpers.plots.labels import overlapping, place_labels
from helpers.plots.maps import choropleth
from helpers.plots.matrix import heatmap
from helpers.plots.portfolio import bubble, growth_limits, scatter
from helpers.plots.series import draw_events, lines, mark_events

__all__ = ["PALETTE", "LocaleFormatter", "barh", "bubble", "choropleth", "compact", "draw_events", "mark_events", "grouped_bars",
           "growth_limits", "heatmap", "intervals", "lines", "mark_sample", "overlapping", "place_labels",
           "rows_height", "scatter", "stacked_bars", "wrap"]
