"""The province map (choropleth): credit line and sample caption in separate corners of a band kept
free below the map, never over each other or over the map. The provinces' outlines become
matplotlib paths once per process (:func:`province_paths`; the run's zygote builds them ahead,
``helpers.runner.warm``), and every map draws them as one collection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.patches import Polygon
from matplotlib.path import Path

from helpers import text
from helpers.plots._base import _locale_ticks, finish


#: The paths of the last boundaries seen: ``id(polygons)`` → (the mapping itself, its paths).
_PATHS: dict[int, tuple[Mapping, list[tuple[int, Path]]]] = {}


def province_paths(polygons: Mapping[int, Sequence]) -> list[tuple[int, Path]]:
    """Every ring of ``polygons`` as a closed path, ``[(plate, path), …]`` in the mapping's order,
    built once for a given mapping (``geo.province_polygons()`` returns the same cached one) and
    shared by every map drawn from it. The paths are never modified."""
    hit = _PATHS.get(id(polygons))
    if hit is None or hit[0] is not polygons:
        paths = [(plate, Polygon(np.asarray(ring), closed=True).get_path())
                 for plate, rings in polygons.items() for ring in rings]
        _PATHS.clear()
        _PATHS[id(polygons)] = hit = (polygons, paths)
    return hit[1]


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
    rings = province_paths(polygons)
    vals = v.reindex(pd.Index([plate for plate, _ in rings])).to_numpy(dtype="float64", na_value=np.nan)
    colours = cm(norm(vals))
    colours[np.isnan(vals)] = matplotlib.colors.to_rgba("#dddddd")
    ax.add_collection(PathCollection([p for _, p in rings], facecolor=colours, edgecolor="white", linewidth=0.4))
    outline = [p for plate, p in rings if plate == highlight]
    if outline:
        ax.add_collection(PathCollection(outline, facecolor="none", edgecolor="#d62728", linewidth=2.2))
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
