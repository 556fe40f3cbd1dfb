"""Reader for the compiled list of universities by province (``data/raw/reference/universities.json``;
205 universities with type and founding year; not an official YÖK file — cite as compiled).

Layout: ``{"coordinates": [{"id": "TR01", "city": "Adana", "universities": [{"id", "name", "type",
"established"}, …], "cx", "cy"}, …]}``. ``id`` is ``"TR"`` + the two-digit plate code (not a NUTS
code); the plate is cross-checked against the province name. ``type`` is ``Devlet`` (state) or
``Vakıf`` (foundation, i.e. non-profit private).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import paths, provinces
from helpers.pipeline import TableSpec
from helpers.schemas import plate_column
from helpers.textnorm import fold

UNIVERSITIES_FILE = "universities.json"
TYPES: dict[str, str] = {"devlet": "state", "vakif": "foundation"}
FOUNDED_RANGE = (1900, 2030)


def read_universities(path: Path | str) -> pd.DataFrame:
    """Universities by province: ``plate``, ``province_label``, ``university_id``, ``name``,
    ``type`` (``state``/``foundation``), ``type_tr`` (as printed), ``founded`` (int; the legal
    founding year as compiled, e.g. İstanbul Üniversitesi 1933, Gazi Üniversitesi 1926)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty (0 bytes); expected the universities JSON")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc}); the file may be truncated — restore the raw copy") from exc
    if not isinstance(data, dict) or not isinstance(data.get("coordinates"), list):
        raise ValueError(f"{path}: expected an object with a 'coordinates' list of provinces")
    records, seen = [], []
    for i, prov in enumerate(data["coordinates"]):
        at = f"{path}, coordinates[{i}]"
        pid, city = str(prov.get("id", "")), prov.get("city")
        m = re.fullmatch(r"TR(\d{2})", pid)
        if not m:
            raise ValueError(f"{at}: found id {pid!r}; expected 'TR' + two-digit plate code such as 'TR01'")
        plate = int(m.group(1))
        try:
            by_name = provinces.resolve(city)
        except ValueError as exc:
            raise ValueError(f"{at}, city: {exc}") from exc
        if by_name != plate:
            raise ValueError(f"{at}: id {pid!r} is plate {plate} but city {city!r} is {provinces.name(by_name)} ({by_name})")
        seen.append(plate)
        for j, uni in enumerate(prov.get("universities") or []):
            where = f"{at}.universities[{j}] ({uni.get('name')!r})"
            kind = TYPES.get(fold(uni.get("type", "")))
            if kind is None:
                raise ValueError(f"{where}: found type {uni.get('type')!r}; expected 'Devlet' (state) or 'Vakıf' (foundation)")
            founded = uni.get("established")
            if not isinstance(founded, int) or not FOUNDED_RANGE[0] <= founded <= FOUNDED_RANGE[1]:
                raise ValueError(f"{where}: found established {founded!r}; expected a year {FOUNDED_RANGE[0]}–{FOUNDED_RANGE[1]}")
            records.append((plate, str(city), str(uni.get("id", "")), " ".join(str(uni["name"]).split()),
                            kind, str(uni["type"]), founded))
    if sorted(seen) != list(range(1, 82)):
        missing = sorted(set(range(1, 82)) - set(seen))
        raise ValueError(f"{path}: found {len(seen)} province entries; expected the 81 provinces once each (missing {missing})")
    df = pd.DataFrame.from_records(records, columns=["plate", "province_label", "university_id", "name", "type", "type_tr", "founded"])
    dup = df.duplicated("university_id")
    if dup.any():
        raise ValueError(f"{path}: university {df.loc[dup, 'university_id'].iloc[0]!r} is listed twice")
    df["plate"] = df["plate"].astype("int64")
    df["founded"] = df["founded"].astype("int64")
    return df.sort_values(["plate", "founded", "name"]).reset_index(drop=True)


def universities_stock(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """Universities existing in ``year`` by province (founded in or before ``year``).

    Returns one row for each of the 81 provinces: ``plate``, ``year``, ``n_universities``,
    ``n_state``, ``n_foundation`` (0 where none) and ``mean_founded`` (mean founding year of those
    universities, NaN where none). Closures and mergers are not in the source, so the stock of a
    past year counts today's universities founded by then.

    Examples
    --------
    >>> demo = pd.DataFrame({"plate": [6, 6, 34], "type": ["state", "foundation", "state"],
    ...                      "founded": [1946, 1984, 1933]})
    >>> universities_stock(demo, 1950).query("plate in (6, 34)")[["plate", "n_universities", "mean_founded"]].to_numpy().tolist()
    [[6.0, 1.0, 1946.0], [34.0, 1.0, 1933.0]]
    """
    for col in ("plate", "type", "founded"):
        if col not in df.columns:
            raise ValueError(f"universities_stock: column {col!r} missing; expected the universities table")
    year = int(year)
    live = df[df["founded"] <= year]
    g = live.groupby("plate")
    out = pd.DataFrame({"plate": np.arange(1, 82, dtype="int64")}).set_index("plate")
    out["year"] = year
    out["n_universities"] = g.size().reindex(out.index, fill_value=0).astype("int64")
    out["n_state"] = live[live["type"] == "state"].groupby("plate").size().reindex(out.index, fill_value=0).astype("int64")
    out["n_foundation"] = live[live["type"] == "foundation"].groupby("plate").size().reindex(out.index, fill_value=0).astype("int64")
    out["mean_founded"] = g["founded"].mean().reindex(out.index).astype("float64")
    return out.reset_index()


UNIVERSITIES_SCHEMA = pa.DataFrameSchema(
    {"plate": plate_column(), "name": pa.Column(str),
     "type": pa.Column(str, pa.Check.isin(list(TYPES.values()))),
     "founded": pa.Column("int64", pa.Check.in_range(*FOUNDED_RANGE), coerce=True)},
    unique=["university_id"],
)

TABLES: list[TableSpec] = [
    TableSpec("universities", "universities", "Universities by province with type (state/foundation) and founding "
              "year (compiled list, not an official YÖK file)",
              lambda: [paths.RAW_REFERENCE / UNIVERSITIES_FILE], lambda files: read_universities(files[0]),
              UNIVERSITIES_SCHEMA, version="1"),
]
