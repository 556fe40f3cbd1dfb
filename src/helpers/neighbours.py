"""Which provinces share a border: adjacency computed once from the shipped boundaries.

Two provinces are neighbours when their boundary vertices come within :data:`TOLERANCE_DEG`
degrees (about 100 m) of each other: the simplified boundaries in
``data/raw/geo/tr_provinces.geojson`` share the vertices of common borders, and a wider tolerance
(0.02°) wrongly pairs provinces meeting near a tri-point (Trabzon and Erzurum). The table is computed by
:func:`build_adjacency` and committed as ``data/reference/province_adjacency.csv``
(``python tools/build_reference.py`` rewrites it; a test checks that a fresh build equals the
committed copy and that, e.g., Trabzon's neighbours are Rize, Gümüşhane, Giresun and Bayburt).
:func:`adjacency` reads the committed table (cached).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from helpers import paths

#: Maximum gap between two boundaries, in degrees, for the provinces to count as neighbours.
TOLERANCE_DEG = 0.001
ADJACENCY_CSV = paths.REFERENCE / "province_adjacency.csv"


def build_adjacency(polygons: dict[int, list[np.ndarray]] | None = None, tol: float = TOLERANCE_DEG) -> pd.DataFrame:
    """``plate, neighbour`` (both directions, sorted) for every pair of provinces whose boundary
    vertices come within ``tol`` degrees (lon/lat) of each other.

    >>> sq = lambda x: [np.array([[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]], float)]
    >>> build_adjacency({1: sq(0), 2: sq(1), 3: sq(5)}).values.tolist()
    [[1, 2], [2, 1]]
    """
    if polygons is None:
        from helpers.sources import geo
        polygons = geo.province_polygons()
    pts = {p: np.vstack(rings) for p, rings in polygons.items()}
    box = {p: (xy.min(axis=0) - tol, xy.max(axis=0) + tol) for p, xy in pts.items()}
    plates = sorted(pts)
    rows = []
    for i, a in enumerate(plates):
        for b in plates[i + 1:]:
            (alo, ahi), (blo, bhi) = box[a], box[b]
            if np.any(alo > bhi) or np.any(blo > ahi):
                continue
            pa, pb = pts[a], pts[b]
            pa = pa[np.all((pa >= blo) & (pa <= bhi), axis=1)]
            pb = pb[np.all((pb >= alo) & (pb <= ahi), axis=1)]
            if not len(pa) or not len(pb):
                continue
            d2 = ((pa[:, None, :] - pb[None, :, :]) ** 2).sum(axis=2)
            if d2.min() <= tol * tol:
                rows += [(a, b), (b, a)]
    return pd.DataFrame(rows, columns=["plate", "neighbour"]).sort_values(["plate", "neighbour"]).reset_index(drop=True)


@functools.cache
def adjacency() -> pd.DataFrame:
    """The committed adjacency table ``plate, neighbour`` (both directions)."""
    return pd.read_csv(ADJACENCY_CSV, dtype={"plate": int, "neighbour": int})


def neighbours(plate: int) -> list[int]:
    """Plates of the provinces bordering ``plate`` (sorted)."""
    a = adjacency()
    return a.loc[a["plate"] == int(plate), "neighbour"].tolist()
