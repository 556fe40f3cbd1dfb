"""Province polygons for choropleth maps drawn with matplotlib alone (no geopandas).

The raw file ``data/raw/geo/tr_provinces.geojson`` (simplified OpenStreetMap boundaries, via
cihadturhan/tr-geojson and karci199/VeriAtlas; © OpenStreetMap contributors, ODbL) is a
FeatureCollection of 81 features with ``properties.area_id`` ``"TR-01"`` … ``"TR-81"`` (ISO 3166-2,
i.e. the plate code) and ``name_tr``; geometries are ``Polygon`` or ``MultiPolygon`` in lon/lat
(WGS 84). In this copy no polygon has holes; holes, if present, are returned as further rings and
marked in :func:`read_provinces_geojson`'s table.

Drawing, e.g.::

    from matplotlib.collections import PolyCollection
    polys = province_polygons()
    rings = [r for p in values.index for r in polys[p]]
    colours = [values[p] for p in values.index for _ in polys[p]]
    ax.add_collection(PolyCollection(rings, array=colours, cmap="viridis"))
    ax.autoscale_view(); ax.set_aspect(1.3)
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import paths, provinces

GEOJSON_FILE = "tr_provinces.geojson"


def read_provinces_geojson(path: Path | str) -> pd.DataFrame:
    """One row per ring: ``plate``, ``name_tr``, ``polygon`` (index of the polygon within the
    province), ``ring`` (0 = exterior, ≥ 1 = hole), ``is_hole``, ``coords`` (``(n, 2)`` float array
    of lon, lat). Checks that the file holds the 81 provinces once each, that ``area_id`` and
    ``name_tr`` agree, and that every ring is closed with at least four points."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty (0 bytes); expected a GeoJSON FeatureCollection")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc}); the file may be truncated — restore the raw copy") from exc
    if data.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: found type {data.get('type')!r}; expected 'FeatureCollection'")
    rows, plates = [], []
    for i, feat in enumerate(data.get("features", [])):
        props, geom = feat.get("properties") or {}, feat.get("geometry") or {}
        at = f"{path}, features[{i}]"
        try:
            plate = provinces.resolve(props.get("area_id"))
            by_name = provinces.resolve(props.get("name_tr"))
        except ValueError as exc:
            raise ValueError(f"{at}: {exc}") from exc
        if plate != by_name:
            raise ValueError(f"{at}: area_id {props.get('area_id')!r} is plate {plate} but name_tr "
                             f"{props.get('name_tr')!r} is {provinces.name(by_name)} ({by_name})")
        kind = geom.get("type")
        if kind == "Polygon":
            polygons = [geom["coordinates"]]
        elif kind == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            raise ValueError(f"{at}: found geometry {kind!r}; expected 'Polygon' or 'MultiPolygon'")
        plates.append(plate)
        for k, poly in enumerate(polygons):
            for j, ring in enumerate(poly):
                xy = np.asarray(ring, dtype="float64")[:, :2]
                if xy.ndim != 2 or len(xy) < 4 or not np.allclose(xy[0], xy[-1]):
                    raise ValueError(f"{at}, polygon {k}, ring {j}: expected a closed ring of at least 4 lon/lat points")
                if not (25 <= xy[:, 0].min() and xy[:, 0].max() <= 45 and 35 <= xy[:, 1].min() and xy[:, 1].max() <= 43):
                    raise ValueError(f"{at}, polygon {k}, ring {j}: coordinates outside Türkiye's lon/lat box; "
                                     f"expected WGS 84 lon, lat")
                rows.append((plate, provinces.name(plate), k, j, j > 0, xy))
    missing = sorted(set(range(1, 82)) - set(plates))
    dup = sorted({p for p in plates if plates.count(p) > 1})
    if missing or dup:
        raise ValueError(f"{path}: found {len(plates)} provinces; expected the 81 once each (missing {missing}, repeated {dup})")
    df = pd.DataFrame.from_records(rows, columns=["plate", "name_tr", "polygon", "ring", "is_hole", "coords"])
    return df.sort_values(["plate", "polygon", "ring"]).reset_index(drop=True)


def rings_by_plate(df: pd.DataFrame, holes: bool = False) -> dict[int, list[np.ndarray]]:
    """``{plate: [ring, …]}`` from :func:`read_provinces_geojson`'s table (exterior rings only unless ``holes``)."""
    if not holes:
        df = df[~df["is_hole"]]
    return {int(p): list(g["coords"]) for p, g in df.groupby("plate", sort=True)}


@functools.cache
def _cached(path: str, mtime_ns: int) -> dict[int, list[np.ndarray]]:
    return rings_by_plate(read_provinces_geojson(Path(path)))


def province_polygons(path: Path | str | None = None) -> dict[int, list[np.ndarray]]:
    """Exterior rings of the 81 provinces, ``{plate: [array (n, 2) of lon, lat, …]}``, from
    ``data/raw/geo/tr_provinces.geojson`` (cached; the arrays are shared, do not modify them)."""
    p = Path(path) if path is not None else paths.RAW_GEO / GEOJSON_FILE
    return _cached(str(p), p.stat().st_mtime_ns)


def bounds(polys: dict[int, list[np.ndarray]]) -> tuple[float, float, float, float]:
    """``(lon_min, lat_min, lon_max, lat_max)`` of a set of rings (for axis limits)."""
    xy = np.vstack([r for rings in polys.values() for r in rings])
    return float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())
