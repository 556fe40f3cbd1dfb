"""Universities by province (stock in any year) and province polygons for choropleths."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import paths
from helpers.schemas import TableValidationError, validate_table
from helpers.sources import geo, universities

UNI_FILE = paths.RAW_REFERENCE / universities.UNIVERSITIES_FILE


@pytest.fixture(scope="module")
def unis() -> pd.DataFrame:
    return universities.read_universities(UNI_FILE)


def test_universities(unis):
    validate_table(universities.UNIVERSITIES_SCHEMA, unis, table="universities")
    assert len(unis) == 205 and unis["plate"].nunique() == 81
    assert unis["type"].value_counts().to_dict() == {"state": 127, "foundation": 78}
    assert unis["founded"].max() == 2022
    oldest = unis.sort_values("founded").iloc[0]
    assert (oldest["name"], oldest["founded"]) == ("Gazi Üniversitesi", 1926)  # founding year as compiled
    gantep = unis[unis["plate"] == 27]
    assert len(gantep) == 4


def test_universities_stock(unis):
    now = universities.universities_stock(unis, 2022)
    assert len(now) == 81 and now["n_universities"].sum() == 205
    assert (now["n_state"] + now["n_foundation"] == now["n_universities"]).all()
    assert (now["n_state"] >= 1).all()  # every province has a state university by 2022
    assert now.set_index("plate").loc[34, "n_universities"] == 58
    early = universities.universities_stock(unis, 1990)
    assert early["n_universities"].sum() == 29
    assert early.loc[early["n_universities"] == 0, "mean_founded"].isna().all()
    # hand check: Gaziantep's stock in 2010 and its mean founding year
    g = unis[(unis["plate"] == 27) & (unis["founded"] <= 2010)]
    row = universities.universities_stock(unis, 2010).set_index("plate").loc[27]
    assert row["n_universities"] == len(g) and row["mean_founded"] == pytest.approx(g["founded"].mean())


def test_universities_bad_input(tmp_path):
    data = json.loads(UNI_FILE.read_text(encoding="utf-8"))
    data["coordinates"][26]["universities"][0]["type"] = "Özel"
    p = tmp_path / "u.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"coordinates\[26\]\.universities\[0\].*found type 'Özel'"):
        universities.read_universities(p)
    data = json.loads(UNI_FILE.read_text(encoding="utf-8"))
    data["coordinates"][26]["city"] = "Kilis"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"id 'TR27' is plate 27 but city 'Kilis' is Kilis \(79\)"):
        universities.read_universities(p)
    p.write_text(UNI_FILE.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        universities.read_universities(p)
    bad = universities.read_universities(UNI_FILE).head(5).copy()
    bad.loc[1, "plate"] = 82
    with pytest.raises(TableValidationError, match=r"column 'plate', value 82"):
        validate_table(universities.UNIVERSITIES_SCHEMA, bad, table="universities")


def test_province_polygons():
    polys = geo.province_polygons()
    assert sorted(polys) == list(range(1, 82))
    assert all(isinstance(r, np.ndarray) and r.ndim == 2 and r.shape[1] == 2 for rings in polys.values() for r in rings)
    lon0, lat0, lon1, lat1 = geo.bounds(polys)
    assert 25 < lon0 < 27 and 44 < lon1 < 45 and 35 < lat0 < 36.5 and 41.5 < lat1 < 42.5
    # Gaziantep's centroid (mean of its ring points) lies near 37.4 E, 37.1 N
    xy = np.vstack(polys[27])
    assert abs(xy[:, 0].mean() - 37.4) < 0.5 and abs(xy[:, 1].mean() - 37.1) < 0.5
    table = geo.read_provinces_geojson(paths.RAW_GEO / geo.GEOJSON_FILE)
    assert table["plate"].nunique() == 81 and not table["is_hole"].any()


def test_geojson_bad_input(tmp_path):
    data = json.loads((paths.RAW_GEO / geo.GEOJSON_FILE).read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f["properties"]["area_id"] != "TR-81"]
    p = tmp_path / "g.geojson"
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"found 80 provinces.*missing \[81\]"):
        geo.read_provinces_geojson(p)
