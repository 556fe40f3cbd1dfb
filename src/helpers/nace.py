"""NACE Rev.2 (İstatistiki Ekonomik Faaliyet Sınıflaması) reference: sections, divisions, groups and
classes with Turkish and English titles, parent codes and the revision.

The SGK yearbooks publish divisions (2-digit). Until 2024 they use NACE Rev.2 (88 divisions); the
2025 yearbook uses NACE Rev.2.1 (91 divisions). The ``revision`` column leaves room for Rev.2.1: its
divisions are added when an official Rev.2.1 table is read (the SGK reader records the revision of
every row), and :func:`division_titles` falls back to the titles printed in that table.
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import pandas as pd

from helpers import paths

LEVELS = {1: "section", 2: "division", 3: "group", 4: "class"}
NACE_COLUMNS = ["revision", "level", "code", "parent_code", "section", "title_tr", "title_en"]
REV2 = "Rev.2"
REV21 = "Rev.2.1"
#: Number of divisions in each revision (used to recognise a table's revision).
DIVISION_COUNTS = {REV2: 88, REV21: 91}

#: NACE sections grouped into the A10 activities of national accounts (TÜİK's regional GDP tables).
A10: dict[str, tuple[str, ...]] = {
    "A": ("A",), "B-E": ("B", "C", "D", "E"), "F": ("F",), "G-I": ("G", "H", "I"), "J": ("J",),
    "K": ("K",), "L": ("L",), "M-N": ("M", "N"), "O-Q": ("O", "P", "Q"), "R-U": ("R", "S", "T", "U"),
}
#: Manufacturing divisions (section C).
MANUFACTURING = tuple(f"{d:02d}" for d in range(10, 34))


def read_ramon_csv(path: Path) -> list[list[str]]:
    """Read a RAMON export: records end in ``\\r`` while fields embed ``\\n``, so the file must be
    parsed with ``newline=''`` (the csv module then keeps embedded newlines inside quoted fields)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows or rows[0][:2] != ["Level", "Code"]:
        raise ValueError(f"{path}: expected a header starting Level, Code, got {rows[0][:3] if rows else 'an empty file'}")
    return rows[1:]


def build_reference(tr_rows: list[list[str]], en_rows: list[list[str]]) -> pd.DataFrame:
    """Combine the Turkish and English RAMON exports into one tidy table (one row per code)."""
    def frame(rows: list[list[str]], lang: str) -> pd.DataFrame:
        return pd.DataFrame({"level": [int(r[0]) for r in rows], "code": [r[1].strip() for r in rows],
                             f"title_{lang}": [" ".join(r[2].split()) for r in rows]})

    tr, en = frame(tr_rows, "tr"), frame(en_rows, "en")
    if sorted(tr["code"]) != sorted(en["code"]):
        raise ValueError("the Turkish and English NACE files do not list the same codes")
    df = tr.merge(en, on=["level", "code"], how="left", validate="one_to_one")  # keeps the source order
    section, parents, sections = None, [], []
    for level, code in zip(df["level"], df["code"]):
        if level == 1:
            section = code
            parents.append("")
        elif level == 2:
            parents.append(section)
        else:
            parents.append(code[: len(code) - 1].rstrip("."))
        sections.append(section)
    df["parent_code"] = parents
    df["section"] = sections
    df["level"] = df["level"].map(LEVELS)
    df["revision"] = REV2
    return df[NACE_COLUMNS]


@functools.cache
def table() -> pd.DataFrame:
    """The committed NACE reference table ``data/reference/nace_rev2.csv``."""
    return pd.read_csv(paths.NACE_CSV, dtype=str, keep_default_na=False)


@functools.cache
def divisions(revision: str = REV2) -> pd.DataFrame:
    """Divisions of a revision: ``nace_division`` (2-digit string), ``section``, titles."""
    t = table()
    d = t[(t["level"] == "division") & (t["revision"] == revision)]
    if d.empty:
        raise ValueError(f"no divisions of NACE {revision} in {paths.NACE_CSV}; known: {sorted(t['revision'].unique())}")
    return d.rename(columns={"code": "nace_division"})[["nace_division", "section", "title_tr", "title_en"]].reset_index(drop=True)


def section_of(division: str | int) -> str:
    """The section letter of a division: ``section_of("13") == "C"``."""
    code = normalise_division(division)
    m = dict(zip(divisions()["nace_division"], divisions()["section"]))
    if code not in m:
        raise ValueError(f"{division!r} is not a NACE Rev.2 division (01–99)")
    return m[code]


def normalise_division(value: object) -> str:
    """Two-digit division code from ``13``, ``"13"``, ``"13.0"``, ``"C13"``, ``" 13 "``."""
    text = str(value).strip().upper()
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) >= 2 and text[0].isalpha() and text[1:].isdigit():
        text = text[1:]
    if not text.isdigit() or not 1 <= int(text) <= 99:
        raise ValueError(f"{value!r} is not a NACE division code (two digits, 01–99)")
    return f"{int(text):02d}"


def a10_of_section(section: str) -> str:
    for a10, sections in A10.items():
        if section in sections:
            return a10
    raise ValueError(f"{section!r} is not a NACE section letter A–U")


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
