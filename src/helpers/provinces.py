"""The 81 provinces of Türkiye: reference table and a resolver for every common spelling.

The province plate code (``plaka``, 1–81) is the key everywhere in the workbook. Names are resolved
once, here, through :func:`resolve`, with Turkish-aware case folding (:mod:`helpers.textnorm`) and the
committed variant spellings in ``data/reference/province_variants.csv`` (old and short names found
in SGK and TÜİK tables: ``K.MARAŞ``, ``İÇEL``, ``Ş.URFA``, ``Afyon``…).

>>> resolve("K.MARAŞ"), resolve("İÇEL"), resolve("TR901"), resolve("TR-61"), resolve("06")
(46, 33, 61, 61, 6)
"""

from __future__ import annotations

import difflib
import functools
import numbers
import re
from collections.abc import Iterable

import pandas as pd

from helpers import paths
from helpers.textnorm import compact, fold, slugify

#: The five pilot provinces of the 2011–2013 SME networking and clustering project
#: (Trabzon, Samsun, Çorum, Kahramanmaraş, Gaziantep), by plate code.
PILOT_PROVINCES: tuple[int, ...] = (61, 55, 19, 46, 27)

PROVINCE_COLUMNS = [
    "plate", "name_tr", "name_ascii", "slug", "iso3166_2", "nuts3", "nuts2", "nuts1",
    "nuts2_name_tr", "nuts1_name_tr",
]


@functools.cache
def table() -> pd.DataFrame:
    """The province reference table (one row per plate code 1–81), from ``data/reference/provinces.csv``."""
    df = pd.read_csv(paths.PROVINCES_CSV, dtype={"plate": "int64"}, keep_default_na=False)
    return df[PROVINCE_COLUMNS].sort_values("plate").reset_index(drop=True)


def build_reference(raw_provinces: pd.DataFrame, raw_nuts: pd.DataFrame) -> pd.DataFrame:
    """Build the reference table from the raw sources (``data/raw/reference/provinces.csv`` and
    ``nuts_regions.csv``). Checks that both cover the same 81 provinces and agree on NUTS codes."""
    p = raw_provinces.rename(columns={
        "CODE": "plate", "NAME": "name_tr", "ISO3166-2": "iso3166_2",
        "NUTS3": "nuts3", "NUTS2": "nuts2", "NUTS1": "nuts1",
    })
    p["plate"] = p["plate"].astype("int64")
    p["name_ascii"] = p["name_tr"].map(lambda s: fold(s).title().replace(" ", ""))
    p["slug"] = p["name_tr"].map(slugify)
    n = raw_nuts.copy()
    n["key"] = n["province_name"].map(compact)
    p["key"] = p["name_tr"].map(compact)
    merged = p.merge(n, on="key", how="left", validate="one_to_one")
    if merged["nuts2_id"].isna().any():
        missing = merged.loc[merged["nuts2_id"].isna(), "name_tr"].tolist()
        raise ValueError(f"nuts_regions.csv has no row for {missing}")
    bad = merged[(merged["nuts2_id"] != merged["nuts2"]) | (merged["nuts1_id"] != merged["nuts1"])]
    if len(bad):
        raise ValueError(f"provinces.csv and nuts_regions.csv disagree on NUTS codes for {bad['name_tr'].tolist()}")
    merged = merged.rename(columns={"nuts2_name": "nuts2_name_tr", "nuts1_name": "nuts1_name_tr"})
    out = merged[PROVINCE_COLUMNS].sort_values("plate").reset_index(drop=True)
    if sorted(out["plate"]) != list(range(1, 82)):
        raise ValueError("the province table must hold exactly the plate codes 1–81")
    return out


@functools.cache
def _lookup() -> dict[str, int]:
    t = table()
    keys: dict[str, int] = {}
    for row in t.itertuples(index=False):
        for key in (row.name_tr, row.name_ascii, row.slug):
            keys[compact(key)] = int(row.plate)
    variants = pd.read_csv(paths.PROVINCE_VARIANTS_CSV, dtype={"plate": "int64"}, comment="#")
    for row in variants.itertuples(index=False):
        k = compact(row.variant)
        if k in keys and keys[k] != int(row.plate):
            raise ValueError(
                f"{paths.PROVINCE_VARIANTS_CSV}: variant {row.variant!r} → {row.plate} clashes with "
                f"{keys[k]} ({name(keys[k])})"
            )
        keys[k] = int(row.plate)
    return keys


@functools.cache
def _codes() -> dict[str, int]:
    t = table()
    out = {str(c).upper(): int(p) for c, p in zip(t["nuts3"], t["plate"])}
    out.update({str(c).upper(): int(p) for c, p in zip(t["iso3166_2"], t["plate"])})
    return out


def resolve(value: object) -> int:
    """Return the plate code (1–81) of a province given in any common spelling.

    Accepts plate numbers (``61``, ``"61"``, ``"06"``), official names in any case and with or
    without Turkish letters (``"ÇORUM"``, ``"çorum"``, ``"Corum"``, ``"İZMİR"``, ``"IĞDIR"``),
    short and old spellings (``"K.MARAŞ"``, ``"İÇEL"``, ``"Ş.URFA"``, ``"Afyon"``), NUTS-3 codes
    (``"TR901"``) and ISO 3166-2 codes (``"TR-61"``).

    Raises
    ------
    ValueError
        For anything else, quoting the input and suggesting the closest provinces.

    Examples
    --------
    >>> resolve("Kahramanmaras"), resolve("IĞDIR"), resolve(19)
    (46, 76, 19)
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"province {value!r} is not a province name, plate code, NUTS-3 or ISO code")
    if isinstance(value, numbers.Integral) or (isinstance(value, float) and float(value).is_integer()):
        plate = int(value)
        if 1 <= plate <= 81:
            return plate
        raise ValueError(f"province {value!r}: plate codes run from 1 to 81")
    text = str(value).strip()
    if re.fullmatch(r"\d{1,2}", text):
        return resolve(int(text))
    code = _codes().get(text.upper().replace(" ", ""))
    if code is not None:
        return code
    key = compact(text)
    if key in _lookup():
        return _lookup()[key]
    suggestions = suggest(text)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise ValueError(
        f"unknown province {value!r}: expected one of the 81 province names, a plate code 1–81, "
        f"a NUTS-3 code (TR901) or an ISO code (TR-61){hint}"
    )


def suggest(value: object, n: int = 3) -> list[str]:
    """The official names of the provinces closest to ``value`` (for error messages)."""
    key = compact(value)
    names = _lookup()
    close = difflib.get_close_matches(key, list(names), n=n * 3, cutoff=0.5)
    out: list[str] = []
    for k in close:
        label = f"{name(names[k])} ({names[k]})"
        if label not in out:
            out.append(label)
    return out[:n]


def resolve_many(values: Iterable[object], *, where: str = "") -> list[int]:
    """Resolve many values at once; one error lists every value that could not be resolved."""
    values = list(values)
    out, bad = [], []
    for v in values:
        try:
            out.append(resolve(v))
        except ValueError as exc:
            bad.append(str(exc))
    if bad:
        prefix = f"{where}: " if where else ""
        raise ValueError(prefix + f"{len(bad)} value(s) are not provinces:\n  " + "\n  ".join(bad))
    return out


def name(plate: int) -> str:
    """Official Turkish name of a plate code: ``name(46) == "Kahramanmaraş"``."""
    return str(_row(plate)["name_tr"])


def slug(plate: int) -> str:
    """File-name slug of a plate code: ``slug(46) == "kahramanmaras"``."""
    return str(_row(plate)["slug"])


def nuts2(plate: int) -> str:
    return str(_row(plate)["nuts2"])


def _row(plate: int) -> pd.Series:
    p = resolve(plate)
    return table().iloc[p - 1]


def nuts_mapping(level: int = 2) -> pd.Series:
    """Series plate → NUTS code at ``level`` (1, 2 or 3)."""
    if level not in (1, 2, 3):
        raise ValueError(f"NUTS level must be 1, 2 or 3, got {level!r}")
    t = table()
    return pd.Series(t[f"nuts{level}"].to_numpy(), index=t["plate"].to_numpy(), name=f"nuts{level}")


# Turkish NUTS region codes (TR, TR1, TR10, TR100), shared by the TÜİK and Eurostat readers.
REGION_CODE = re.compile(r"^TR(?:[1-9A-C](?:\d\d?)?)?$")
REGION_LEVELS = {2: "TR", 3: "NUTS1", 4: "NUTS2", 5: "NUTS3"}
LEVEL_ORDER = {"TR": 0, "NUTS1": 1, "NUTS2": 2, "NUTS3": 3}


def region_level(code: str) -> str:
    """``"TR"`` → ``"TR"``, ``"TR1"`` → ``"NUTS1"``, ``"TR10"`` → ``"NUTS2"``, ``"TR100"`` → ``"NUTS3"``."""
    code = str(code).strip().upper()
    if not REGION_CODE.match(code):
        raise ValueError(f"{code!r} is not a Turkish NUTS region code (TR, TR1, TR10, TR100)")
    return REGION_LEVELS[len(code)]
