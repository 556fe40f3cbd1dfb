"""The province map (choropleth): credit line and sample caption in separate corners of a band kept
free below the map, never over each other or over the map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.patches import Polygon

from helpers import text
from helpers.plots._base import _locale_ticks, finish


def choropleth(polygons: Mapping[int, Sequence], values: pd.Series, *, highlight: int | None, title: str,
               cbar_label: str, cmap: str = "viridis", is_sample: bool = False,
               figsize=(11, 5.2), lang: str = "tr") -> plt.Figure:
    """Map of the 81 provinces coloured by ``values`` (indexed by plate); ``polygons`` maps each
    plate to its rings (arrays of lon/lat, from ``helpers.sources.geo.province_polygons``). Provinces
    without a value are grey; the highlighted province is outlined in red. The boundaries' credit is
    at the bottom right, the sample caption (if any) at the bottom left."""
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
    band = 0.2 / fig.get_figheight()
    fig.text(0.99, 0.003, text.t("plot.map_attribution", lang), fontsize=7, color="#666",
             ha="right", va="bottom")
    return finish(fig, is_sample, lang, bottom=0.0 if is_sample else band)
