"""Data-quality summaries of the processed tables for the cleaning notebook: coverage by
source × year × province, missing and suppressed cells, flagged series breaks, and whether the
sector employment is official or the labelled sample. Reads only through :mod:`helpers.datasets`.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from helpers import datasets, pipeline, text
from helpers.text import formats as fmt

#: Known breaks and caveats in the series, from the producers' notes (shown in the cleaning report):
#: table, year, catalogue key of the note (``quality.break.<name>``, Turkish and English).
KNOWN_BREAKS = [
    ("employment_sgk", 2010, "quality.break.sgk_ssk_2010"),
    ("employment_sgk", 2023, "quality.break.sgk_earthquake_2023"),
    ("employment_sgk", 2025, "quality.break.sgk_rev21_2025"),
    ("trade_monthly", 2020, "quality.break.trade_2020"),
]


def _value_columns(df: pd.DataFrame) -> list[str]:
    skip = {"plate", "year", "month", "source_row", "founded", "ses_rank", "rank_in_province"}
    return [c for c in df.columns if c not in skip and pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])]


def coverage(tables: list[str]) -> pd.DataFrame:
    """Number of provinces with at least one value, by table and year (tidy: table, year, provinces)."""
    rows = []
    for name in tables:
        df = datasets.load(name)
        if "plate" not in df.columns:
            continue
        years = df["year"] if "year" in df.columns else pd.Series(0, index=df.index)
        values = _value_columns(df)
        has_value = df[values].notna().any(axis=1) if values else pd.Series(True, index=df.index)
        keep = df["plate"].notna() & has_value
        counts = df[keep].assign(_y=years[keep]).groupby("_y")["plate"].nunique()
        rows += [{"table": name, "year": int(y), "provinces": int(n)} for y, n in counts.items()]
    return pd.DataFrame(rows, columns=["table", "year", "provinces"])


def coverage_matrix(cov: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Table × year matrix of province counts (for the heatmap); blank where the table has no year.
    With ``lang`` the rows are named as a reader names the tables (``value.table.*``)."""
    m = cov.pivot(index="table", columns="year", values="provinces").sort_index()
    if lang is not None:
        m.index = [text.value_label("table", t, lang) for t in m.index]
    return m


def missing_summary(tables: list[str]) -> pd.DataFrame:
    """Rows, value cells and missing (suppressed or not published) cells per table."""
    rows = []
    for name in tables:
        df = datasets.load(name)
        cols = _value_columns(df)
        cells = int(df[cols].size)
        missing = int(df[cols].isna().sum().sum())
        rows.append({"table": name, "rows": len(df), "value_columns": len(cols), "cells": cells,
                     "missing": missing, "missing_pct": round(100 * missing / cells, 2) if cells else 0.0,
                     "is_sample": bool(df["is_sample"].any()) if "is_sample" in df.columns else False})
    return pd.DataFrame(rows)


def flagged_breaks(tables: list[str], lang: str = "tr") -> pd.DataFrame:
    """Series breaks and low-reliability flags carried by the data (Eurostat ``b``/``u``), plus
    the producers' documented breaks for the tables present; flags and notes in ``lang``."""
    rows = []
    if "lfs_nuts2" in tables:
        lfs = datasets.load("lfs_nuts2")
        for col in ("series_break", "low_reliability"):
            what = text.t(f"quality.flag.{col}", lang)
            for year, n in lfs[lfs[col]].groupby("year").size().items():
                rows.append({"table": "lfs_nuts2", "year": int(year), "flag": what, "cells": int(n)})
    for table, year, key in KNOWN_BREAKS:
        if table in tables:
            rows.append({"table": table, "year": year, "flag": text.t(key, lang), "cells": None})
    return pd.DataFrame(rows, columns=["table", "year", "flag", "cells"])


def employment_status() -> dict:
    """Whether the SGK employment table is official or the sample, with its files and years."""
    meta = datasets.meta("employment_sgk")
    emp = datasets.load("employment_sgk")
    return {"is_sample": bool(emp["is_sample"].any()), "files": sorted(emp["source_file"].unique().tolist()),
            "years": sorted(emp["year"].unique().tolist()), "revisions": sorted(emp["nace_revision"].unique().tolist()),
            "rows": int(meta["rows"])}


def select_tables(sources: str) -> list[str]:
    """``"all"`` or a comma-separated list of processed table names; unknown names are refused."""
    known = sorted(pipeline.specs())
    if sources.strip() == "all":
        return known
    names = [s.strip() for s in sources.split(",") if s.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; known tables: {', '.join(known)}")
    return names


# --------------------------------------------------------------------------------------------
# Warnings of the build, as a table a reader understands
# --------------------------------------------------------------------------------------------
#: Known warnings of the readers, recognised by their shape (English developer messages): kind
#: (catalogue ``cleaning.warning.<kind>.what`` / ``.meaning``) and the pattern; its named groups
#: become the template's values (numbers as printed ``1,234`` are reformatted for the language).
WARNING_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("partial_year", re.compile(r"covers '(?P<period>[^']*)' only, not January.December.*?years \[(?P<years>[\d, ]+)\]")),
    ("grand_total", re.compile(r"printed grand total of (?P<year>\d{4}) .*? is (?P<printed>[\d,]+) USD, "
                               r"the provinces sum to (?P<total>[\d,]+) USD")),
    ("subtotals", re.compile(r"(?P<n>\d+) printed (?:subtotal|total)\(s\) do not match")),
    ("no_province", re.compile(r"(?P<usd>[\d,]+) USD of (?P<year>\d{4}) are printed in a block without a province")),
    ("revisions", re.compile(r"(?P<n>\d+) province-year total\(s\) revised by a later release")),
    ("provinces_missing", re.compile(r"the (?P<year>\d{4}) table covers (?P<n>\d+) of 81 provinces")),
]

_FILE = re.compile(r"^(?P<file>[^\s:]+\.(?:xlsx|xls|csv|json|ods)|TİM|SGK|TÜİK): ")


def _source_text(value: str, lang: str) -> str:
    """A text taken from a source file, with the language's case rules: ``'1 OCAK - 30 KASıM'`` →
    ``'1 Ocak – 30 Kasım'`` (each word lower-cased the Turkish way, then capitalised)."""
    words = text.lower(value, "tr").replace(" - ", " – ").split(" ")
    return " ".join(text.upper(w[:1], "tr") + w[1:] for w in words)


def _warning_values(kind: str, m: re.Match, lang: str) -> dict[str, str]:
    out = {}
    for k, v in m.groupdict().items():
        if k == "period":
            out[k] = _source_text(v, lang)
        elif k == "years":
            out[k] = ", ".join(fmt.year(int(y)) for y in re.findall(r"\d{4}", v))
        elif k == "year":
            out[k] = fmt.year(int(v))
        elif k in ("printed", "total", "usd"):
            out[k] = fmt.money(float(v.replace(",", "")), lang, "USD")
        else:
            out[k] = fmt.count(int(v), lang)
    if "printed" in m.groupdict() and "total" in m.groupdict():
        diff = abs(float(m["printed"].replace(",", "")) - float(m["total"].replace(",", "")))
        out["difference"] = fmt.money(diff, lang, "USD")
    return out


def _fill(key: str, lang: str, values: dict[str, str]) -> str:
    wanted = text.placeholders(text.template(key, lang))
    return text.t(key, lang, **{k: v for k, v in values.items() if k in wanted})


def warnings_table(caught: list, lang: str = "tr") -> pd.DataFrame:
    """The warnings raised while building the tables (``warnings.WarningMessage`` records), one row
    each: the file, what happened and what it means, in ``lang`` (columns ``file``, ``happened``,
    ``meaning``). A warning of an unknown shape still gets a row (its file, and a sentence saying the
    details are in the run log), never a raw Python message."""
    rows = []
    for w in caught:
        message = str(w.message)
        f = _FILE.match(message)
        for kind, pattern in WARNING_KINDS:
            m = pattern.search(message)
            if m:
                values = _warning_values(kind, m, lang)
                break
        else:
            kind, values = "other", {}
        rows.append({"file": f["file"] if f else text.t("cleaning.warning.no_file", lang),
                     "happened": _fill(f"cleaning.warning.{kind}.what", lang, values),
                     "meaning": _fill(f"cleaning.warning.{kind}.meaning", lang, values)})
    return pd.DataFrame(rows, columns=["file", "happened", "meaning"]).drop_duplicates(ignore_index=True)


def build(tables: list[str], force: bool = False) -> tuple[dict, list]:
    """Build ``tables`` (:func:`helpers.pipeline.build_all`, failures kept) and collect the warnings
    the readers raised instead of printing them: ``(results, warnings)``; show the warnings with
    :func:`warnings_table`."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = pipeline.build_all(tables, force=force, raise_errors=False)
    return results, [w for w in caught if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
