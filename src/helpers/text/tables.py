"""Tables in reports with locale numbers and translated headers.

Each column has a *kind* that picks its formatting function in :mod:`helpers.text.formats`
(``count`` never shows decimals, ``year`` and ``code`` never a separator, ``ratio`` keeps two digits,
``percent`` holds values in percent, ``share`` fractions, ``usd`` amounts in US dollars shown in
millions -- or in thousands when the column's largest amount is below a million -- with the unit in
the header: "İhracat (milyon $)" over "1.042,3", "Exports (USD million)" over "1,042.3"). Kinds are declared per call
(``kinds={"exports_musd": "decimal"}``), else taken from :data:`COLUMN_KINDS` by column name, else
inferred from the dtype. Headers come from the catalogue (``column.<name>``) and cell values of
categorical columns from ``value.<column>.<value>`` (``state`` → ``devlet``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from helpers import text as _text
from helpers.text import formats as _f

KINDS = ("count", "decimal", "ratio", "index", "percent", "share", "money", "usd", "year", "code", "bool", "text")

#: The kind of the workbook's usual columns (a call's ``kinds`` wins).
COLUMN_KINDS: dict[str, str] = {
    "year": "year", "founded": "year", "start": "year", "end": "year",
    "plate": "code", "rank": "code", "nace_division": "code",
    "rows": "count", "cells": "count", "missing": "count", "provinces": "count", "months": "count",
    "insured": "count", "workplaces": "count", "population": "count", "turkiye": "count", "stars": "count",
    "missing_pct": "percent", "province_pct": "percent", "turkiye_pct": "percent", "share_pct": "percent",
    "export_share_pct": "percent", "growth_pct": "percent", "relatedness_density": "percent",
    "lq": "ratio", "province_index": "index", "turkiye_index": "index",
    "exports_musd": "decimal", "imports_musd": "decimal",
    "export_usd": "usd", "value_start": "count", "change": "count", "national_share": "count",
    "industry_mix": "count", "competitive_share": "count", "lq_tr": "ratio", "rca": "ratio",
    "growth": "share", "growth_rate": "share", "p_top_k": "share", "total": "decimal",
}


def column_kind(df: pd.DataFrame, column: str, kinds: Mapping[str, str] | None = None,
                percent: Iterable[str] = ()) -> str:
    """The kind of ``column``: declared, then :data:`COLUMN_KINDS`, then ``percent`` (fractions shown
    as shares), then by dtype (bool, integer → count, float → decimal, else text)."""
    kinds = kinds or {}
    kind = kinds.get(column) or ("share" if column in set(percent) else None) or COLUMN_KINDS.get(column)
    if kind is None:
        s = df[column]
        if pd.api.types.is_bool_dtype(s):
            kind = "bool"
        elif pd.api.types.is_integer_dtype(s):
            kind = "count"
        elif pd.api.types.is_float_dtype(s):
            kind = "decimal"
        else:
            kind = "text"
    if kind not in KINDS:
        raise ValueError(f"column {column!r}: unknown kind {kind!r}; kinds are {', '.join(KINDS)}")
    return kind


def usd_scale(values: Iterable[Any]) -> str:
    """The unit of a ``usd`` column: ``"million"``, or ``"thousand"`` when its largest absolute
    amount is below a million (one rule for every table; the header names the unit).

    >>> usd_scale([1_042_309_211, 5e5]), usd_scale([250_000.0, None])
    ('million', 'thousand')
    """
    amounts = [abs(float(v)) for v in values if not _f.is_missing(v)]
    return "thousand" if amounts and max(amounts) < 1e6 else "million"


_USD_DIVISOR = {"million": 1e6, "thousand": 1e3}


def _usd_cell(v: Any, divisor: float, lang: str, na: str) -> str:
    """One amount in the column's unit with one decimal; an amount that is not zero but would
    round to it reads ``< 0,1`` (``> -0,1`` below zero), never ``0,0`` beside real zeros.

    >>> _usd_cell(30_000, 1e6, "tr", "–"), _usd_cell(-30_000, 1e6, "en", "–"), _usd_cell(0, 1e6, "tr", "–")
    ('< 0,1', '> -0.1', '0,0')
    """
    if _f.is_missing(v):
        return na
    x = float(v) / divisor
    if x != 0 and abs(x) < 0.05:
        tenth = _f.number(0.1, lang, 1)
        return f"< {tenth}" if x > 0 else f"> -{tenth}"
    return _f.number(x, lang, 1, missing=na)


def formatter(kind: str, lang: str = "tr", digits: int = 2, na: str = "–", *,
              scale: str = "million") -> Callable[[Any], str]:
    """The function that writes one cell of a column of ``kind`` in ``lang`` (``scale``: the unit
    of a ``usd`` column, see :func:`usd_scale`)."""
    lang = _text.check_language(lang)
    if kind == "usd":
        return lambda v: _usd_cell(v, _USD_DIVISOR[scale], lang, na)
    if kind == "count":
        return lambda v: _f.count(v, lang, missing=na)
    if kind == "decimal":  # large values lose their decimals (1.235, not 1.234,57), small ones keep `digits`
        return lambda v: _f.number(v, lang, 0 if not _f.is_missing(v) and abs(float(v)) >= 1000 else digits, missing=na)
    if kind == "ratio":
        return lambda v: _f.ratio(v, lang, max(digits, 2), missing=na)
    if kind == "index":
        return lambda v: _f.index(v, lang, missing=na)
    if kind == "percent":
        return lambda v: _f.percent(v, lang, missing=na)
    if kind == "share":
        return lambda v: _f.share(v, lang, missing=na)
    if kind == "money":
        return lambda v: _f.money(v, lang, missing=na)
    if kind in ("year", "code"):
        return lambda v: na if _f.is_missing(v) else (str(int(v)) if isinstance(v, (int, float)) or hasattr(v, "is_integer") else str(v))
    if kind == "bool":
        return lambda v: na if _f.is_missing(v) else _text.t("value.yes" if bool(v) else "value.no", lang)
    raise ValueError(f"no formatter for kind {kind!r}")


def _text_cell(column: str, lang: str, na: str) -> Callable[[Any], Any]:
    return lambda v: na if _f.is_missing(v) else _text.value_label(column, v, lang)


def _plan(df: pd.DataFrame, lang: str, kinds, digits, percent, na):
    """Column -> cell formatter, and column -> unit of its ``usd`` amounts (for the header)."""
    fmt, units = {}, {}
    for c in df.columns:
        kind = column_kind(df, c, kinds, percent)
        if kind == "text":
            if _text.has_values(c):
                fmt[c] = _text_cell(c, lang, na)
        elif kind == "usd":
            units[c] = usd_scale(df[c])
            fmt[c] = formatter(kind, lang, digits, na, scale=units[c])
        else:
            fmt[c] = formatter(kind, lang, digits, na)
    return fmt, units


def headers_for(columns: Iterable[str], lang: str = "tr", headers: Mapping[str, str] | None = None,
                units: Mapping[str, str] | None = None) -> list[str]:
    """Display headers: ``headers[column]`` when given, else the catalogue's label (``column_amount.*``
    -- the label without its unit -- for a column of amounts), else the name; a column of amounts
    carries its unit (``units[column]``, ``"million"`` or ``"thousand"``) from ``unit.table_usd``."""
    headers, units = headers or {}, units or {}
    out = []
    for c in columns:
        if c in units:
            base = headers.get(c) or (_text.t(f"column_amount.{c}", lang) if _text.has(f"column_amount.{c}")
                                      else _text.column_label(c, lang))
            out.append(_text.t(f"unit.table_usd.{units[c]}", lang, label=base))
        else:
            out.append(headers.get(c) or _text.column_label(c, lang))
    return out


def format_table(df: pd.DataFrame, lang: str = "tr", *, kinds: Mapping[str, str] | None = None, digits: int = 2,
                 percent: Iterable[str] = (), headers: Mapping[str, str] | None = None, na: str = "–"):
    """A pandas ``Styler`` of ``df`` for a report: locale numbers by column kind, translated headers,
    translated categorical values, no index. The HTML is deterministic (the table id is a hash of
    the columns) so re-runs compare equal.

    Parameters
    ----------
    df : DataFrame
        The table to show (not modified).
    lang : {"tr", "en"}
        Language of the numbers, headers and values.
    kinds : mapping, optional
        Column → kind (one of :data:`KINDS`) where the default is not right.
    digits : int
        Decimals of ``decimal`` columns below 1,000 (ratios keep at least 2).
    percent : iterable of str
        Columns holding fractions to show as percentages (the same as kind ``share``).
    headers : mapping, optional
        Column → header text, overriding the catalogue.
    na : str
        What a missing cell shows.
    """
    lang = _text.check_language(lang)
    uid = hashlib.sha1("|".join(map(str, df.columns)).encode()).hexdigest()[:8]
    plan, units = _plan(df, lang, kinds, digits, percent, na)
    styler = df.style.hide(axis="index").format(plan, na_rep=na)
    # names and reasons read from the left; numbers stay right-aligned (the page's default)
    words = [c for c in df.columns if column_kind(df, c, kinds, percent) == "text"]
    if words:
        styler = styler.set_table_styles({c: [{"selector": "td, th", "props": "text-align: left"}] for c in words},
                                         overwrite=False)
    return styler.relabel_index(headers_for(df.columns, lang, headers, units), axis="columns").set_uuid(uid)


def format_frame(df: pd.DataFrame, lang: str = "tr", *, kinds: Mapping[str, str] | None = None, digits: int = 2,
                 percent: Iterable[str] = (), headers: Mapping[str, str] | None = None, na: str = "–") -> pd.DataFrame:
    """The same formatting as :func:`format_table`, as a DataFrame of strings (for Markdown, Excel
    sheets or plain-text output)."""
    lang = _text.check_language(lang)
    plan, units = _plan(df, lang, kinds, digits, percent, na)
    out = pd.DataFrame({c: [plan[c](v) if c in plan else (na if _f.is_missing(v) else str(v)) for v in df[c]]
                        for c in df.columns}, index=range(len(df)))
    out.columns = headers_for(df.columns, lang, headers, units)
    return out
