"""Known shocks: dated events that break Türkiye's economic series.

The events live in ``data/reference/shocks.csv`` (key, year, date, provinces, series, source) and
their names in the catalogue (``shocks.<key>.label``). Time-series charts draw them
(:mod:`helpers.plots` receives them as data) and the readings turn them into a caveat wherever an
analysis window crosses an event for the province.

A window ``start_year``–``end_year`` *crosses* an event when ``start_year <= year <= end_year``:
an event in the base year moves the base (the 2009 crisis depresses a 2009 base and inflates
growth from it) and an event in the end year moves the end (the February 2023 earthquakes hit
2023 exports). National events (``plates == "*"``) concern every province; the others only the
provinces listed.

Example
-------
>>> crossing(46, 2018, 2023)["key"].tolist()
['currency_2018', 'pandemic_2020', 'earthquake_2023']
>>> crossing(61, 2018, 2023)["key"].tolist()
['currency_2018', 'pandemic_2020']
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from helpers import paths, text

COLUMNS = ["year", "key", "date", "label_tr", "label_en", "short_tr", "short_en", "national", "series", "plates",
           "source"]


class ShocksFileError(ValueError):
    """``data/reference/shocks.csv`` is malformed (names the row, column and value)."""


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = paths.SHOCKS_CSV
    raw = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    rows = []
    for i, r in raw.iterrows():
        line = f"{path}: row {i + 1} (key {r.get('key')!r})"
        try:
            year = int(r["year"])
        except ValueError:
            raise ShocksFileError(f"{line}, column 'year': {r['year']!r} is not a year") from None
        if r["series"] not in ("all", "tim"):
            raise ShocksFileError(f"{line}, column 'series': {r['series']!r}; expected 'all' or 'tim'")
        if r["plates"].strip() == "*":
            plates: tuple[int, ...] = ()
        else:
            try:
                plates = tuple(sorted(int(p) for p in r["plates"].split("|")))
            except ValueError:
                raise ShocksFileError(f"{line}, column 'plates': {r['plates']!r}; expected '*' or plate codes "
                                      "separated by '|'") from None
            bad = [p for p in plates if not 1 <= p <= 81]
            if bad:
                raise ShocksFileError(f"{line}, column 'plates': {bad} are not plate codes 1-81")
        # label: the event in a sentence; short: under its year in a chart (the year is beside it)
        key, short = f"shocks.{r['key']}.label", f"shocks.{r['key']}.short"
        for k in (key, short):
            if not text.has(k):
                raise ShocksFileError(f"{line}: no catalogue text {k!r} (src/helpers/text/catalogue/shocks.yml)")
        rows.append({"year": year, "key": r["key"], "date": r["date"], "label_tr": text.t(key, "tr"),
                     "label_en": text.t(key, "en"), "short_tr": text.t(short, "tr"), "short_en": text.t(short, "en"),
                     "national": not plates, "series": r["series"], "plates": plates, "source": r["source"]})
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["year", "key"], ignore_index=True)


def events(plate: int | None = None, series: str | None = None) -> pd.DataFrame:
    """The events of the reference table: national ones, plus those of ``plate`` (all when None).

    ``series=None`` (or ``"tim"``, for TİM export series) keeps every event; ``series="all"`` drops
    the events that break TİM's sector classification only (for series from other sources).
    Columns: ``year, key, date, label_tr, label_en, short_tr, short_en, national, series, plates,
    source`` (``short_*``: the name beside the year, e.g. under a year's column in a chart)."""
    df = _table()
    if plate is not None:
        df = df[df["national"] | df["plates"].map(lambda ps: int(plate) in ps)]
    if series == "all":
        df = df[df["series"] == "all"]
    return df.reset_index(drop=True)


def crossing(plate: int, start_year: int, end_year: int, series: str | None = None) -> pd.DataFrame:
    """The events of ``plate`` with ``start_year <= year <= end_year`` (see the module docstring)."""
    df = events(plate, series)
    return df[(df["year"] >= int(start_year)) & (df["year"] <= int(end_year))].reset_index(drop=True)


def label(key: str, lang: str = text.DEFAULT_LANGUAGE) -> str:
    """The event's name in ``lang``."""
    return text.t(f"shocks.{key}.label", lang)


def caveat(plate: int, start_year: int, end_year: int, lang: str = text.DEFAULT_LANGUAGE,
           series: str | None = None) -> str | None:
    """One sentence naming the events inside the window, or None when there are none.

    >>> caveat(61, 2010, 2011) is None
    True
    """
    df = crossing(plate, start_year, end_year, series)
    if df.empty:
        return None
    names = [label(k, lang) for k in df["key"]]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {text.t('shocks.and', lang)} " + names[-1]
    return text.t("shocks.caveat.one" if len(names) == 1 else "shocks.caveat.many", lang,
                  start=text.formats.year(start_year, lang), end=text.formats.year(end_year, lang), events=joined)


__all__ = ["COLUMNS", "ShocksFileError", "events", "crossing", "label", "caveat"]
