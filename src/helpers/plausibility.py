"""Plausibility flags: TİM figures that are likely registration artefacts rather than local production.

TİM books exports to the province where the exporting firm is registered (its head office), so some
province × sector figures say where a firm's seat is, not where anything is made. Three flags, each
computed from processed tables read through :mod:`helpers.datasets` (``exports_tim``,
``trade_monthly``), with thresholds that are module constants (overridable as keyword arguments):

``head_office`` (sector)
    The sector is listed in ``data/reference/head_office_sectors.csv`` (gold and jewellery: bars
    and unwrought gold booked at a refinery's or trader's seat; a reason per entry) and is at least
    :data:`HEAD_OFFICE_MIN_SHARE` of the province's itemised exports. ``value`` = that share.
``small_base_dominant`` (sector)
    The sector holds at least :data:`DOMINANT_SHARE` of the province's itemised exports in ``year``
    after growing at least :data:`MIN_FOLD`-fold since ``start_year`` from a small base (at most
    :data:`SMALL_BASE_SHARE` of the province's exports then). ``value`` = the growth factor
    :math:`x_{s,t} / x_{s,t_0}` (infinite from a zero base).
``tim_tuik_gap`` (province-wide, sector ``"*"``)
    The province's TİM total is below :data:`GAP_LOW` or above :data:`GAP_HIGH` times its export total
    in the monthly province trade file (``trade_monthly``, whose totals match TÜİK's general trade
    system; full years 2013–2019). ``value`` = TİM / TÜİK; for a year outside 2013–2019 the nearest
    full year is compared and named in ``data_year``. A caveat only: it never excludes a sector.

Sector flags exclude a sector from the default shortlist (the criteria file can keep them);
province-wide flags are caveats. :func:`flag_text` gives the reason from the catalogue
(``text/catalogue/plausibility.yml``) in Turkish or English.

Example: a province exporting 100 in 2018, of which jewellery 5, and 500 in 2023, of which jewellery
400, has jewellery at 80 % after growing 80-fold from 5 % of the province: ``small_base_dominant``
(value 80, threshold 5) and ``head_office`` (value 0.8, threshold 0.01).
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from helpers import datasets, paths, provinces
from helpers.text import formats, t

HEAD_OFFICE_CSV = paths.REFERENCE / "head_office_sectors.csv"
#: A head-office sector is flagged from this share of the province's itemised exports: below it the
#: sector is too small to reach a shortlist, and flagging it would only add noise (1 %).
HEAD_OFFICE_MIN_SHARE = 0.01
#: "Dominates": half of the province's itemised exports or more in the year evaluated.
DOMINANT_SHARE = 0.5
#: "Many-fold": at least five times its exports of the base year (Çorum's jewellery grew 6-fold
#: 2018–2023); ordinary growth of a province's leading sector over five years is well below this.
MIN_FOLD = 5.0
#: "From a small base": at most a fifth of the province's exports in the base year.
SMALL_BASE_SHARE = 0.2
#: TİM total below half or above twice TÜİK's export total of the province: more than rounding,
#: coverage (TİM about 92 % of TÜİK nationally in 2019) or timing explains.
GAP_LOW, GAP_HIGH = 0.5, 2.0
#: Columns of :func:`sector_flags`.
COLUMNS = ["plate", "sector", "flag", "value", "threshold", "data_year"]
FLAGS = ("head_office", "small_base_dominant", "tim_tuik_gap")


@functools.cache
def head_office_sectors() -> pd.DataFrame:
    """``data/reference/head_office_sectors.csv``: code, reason_tr, reason_en."""
    return pd.read_csv(HEAD_OFFICE_CSV, comment="#", dtype=str, keep_default_na=False)


def _exports() -> pd.DataFrame:
    return datasets.load("exports_tim")


def _check(plate: int, year: int, start_year: int | None, years: list[int]) -> None:
    provinces.name(plate)  # raises on an unknown plate
    if year not in years:
        raise ValueError(f"plausibility: year {year} is not in exports_tim (years {years[0]}–{years[-1]}, "
                         f"missing {sorted(set(range(years[0], years[-1] + 1)) - set(years))})")
    if start_year is not None and (start_year not in years or start_year >= year):
        raise ValueError(f"plausibility: start_year {start_year} must be a year of exports_tim before {year} "
                         f"(years {years})")


def _base_year(year: int, years: list[int]) -> int | None:
    earlier = [y for y in years if y <= year - 5]
    return earlier[-1] if earlier else None


def _province_sectors(ex: pd.DataFrame, plate: int, year: int) -> pd.Series:
    p = ex[(ex["plate"] == plate) & (ex["year"] == year) & ~ex["not_itemised"]]
    return p.groupby("sector")["export_usd"].sum()


def sector_flags(plate: int, year: int, start_year: int | None = None, *,
                 head_office_min_share: float = HEAD_OFFICE_MIN_SHARE, dominant_share: float = DOMINANT_SHARE,
                 min_fold: float = MIN_FOLD, small_base_share: float = SMALL_BASE_SHARE,
                 gap_low: float = GAP_LOW, gap_high: float = GAP_HIGH) -> pd.DataFrame:
    """The plausibility flags raised for one province and year.

    Parameters
    ----------
    plate, year
        The province and the year evaluated (a year of ``exports_tim``).
    start_year
        The base year of the growth in ``small_base_dominant``; default the latest year of the data
        at least five years before ``year`` (none for the earliest years: the flag is then not raised).
    head_office_min_share, dominant_share, min_fold, small_base_share, gap_low, gap_high
        Thresholds (defaults: the module constants, documented there).

    Returns
    -------
    DataFrame
        One row per raised flag: ``plate`` (int), ``sector`` (harmonised code, ``"*"`` for the
        province-wide caveat), ``flag`` (one of :data:`FLAGS`), ``value`` (float), ``threshold``
        (float), ``data_year`` (int: the year the figures come from; for ``tim_tuik_gap`` the year
        compared).
    """
    ex = _exports()
    years = datasets.years(ex)
    _check(plate, year, start_year, years)
    rows: list[dict] = []
    now = _province_sectors(ex, plate, year)
    total = now.sum()
    if total > 0:
        share = now / total
        for code in head_office_sectors()["code"]:
            if share.get(code, 0.0) >= head_office_min_share:
                rows.append(_row(plate, code, "head_office", share[code], head_office_min_share, year))
        base_year = start_year if start_year is not None else _base_year(year, years)
        if base_year is not None:
            then = _province_sectors(ex, plate, base_year)
            then_total = then.sum()
            for code, s in share[share >= dominant_share].items():
                x0 = then.get(code, 0.0)
                fold = math.inf if x0 <= 0 else now[code] / x0
                small = then_total <= 0 or x0 / then_total <= small_base_share
                if fold >= min_fold and small:
                    rows.append(_row(plate, code, "small_base_dominant", fold, min_fold, base_year))
    gap = _gap(plate, year)
    if gap is not None:
        ratio, data_year = gap
        if ratio < gap_low or ratio > gap_high:
            rows.append(_row(plate, "*", "tim_tuik_gap", ratio, gap_low if ratio < gap_low else gap_high, data_year))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"plate": "int64", "sector": "str", "flag": "str", "value": "float64",
                       "threshold": "float64", "data_year": "int64"})


def _row(plate: int, sector: str, flag: str, value: float, threshold: float, data_year: int) -> dict:
    return {"plate": int(plate), "sector": sector, "flag": flag, "value": float(value),
            "threshold": float(threshold), "data_year": int(data_year)}


def _gap_table() -> pd.DataFrame:
    """TİM and TÜİK export totals by province and year, for the full years of ``trade_monthly``:
    ``plate, year, tim_usd, tuik_usd, ratio``. Empty when the trade table is absent. Cached on the
    identity of the two loaded tables (datasets.load returns the same object until a table is
    rebuilt), so a rebuilt or substituted table is never answered from a stale cache."""
    try:
        tr = datasets.load("trade_monthly")
    except FileNotFoundError:
        return pd.DataFrame(columns=["plate", "year", "tim_usd", "tuik_usd", "ratio"])
    ex = _exports()
    key = (id(tr), id(ex))
    if _GAP_CACHE.get("key") != key:
        _GAP_CACHE.update(key=key, table=_gap_from(tr, ex))
    return _GAP_CACHE["table"]


_GAP_CACHE: dict = {}


def _gap_from(tr: pd.DataFrame, ex: pd.DataFrame) -> pd.DataFrame:
    tr = tr[(tr["flow"] == "export") & (tr["currency"] == "USD") & (tr["row_kind"] == "province")]
    months = tr.groupby("year")["month"].nunique()
    full = [int(y) for y, n in months.items() if n == 12]
    tuik = tr[tr["year"].isin(full)].groupby(["plate", "year"])["value"].sum().rename("tuik_usd")
    tim = ex[ex["year"].isin(full)].groupby(["plate", "year"])["export_usd"].sum().rename("tim_usd")
    out = pd.concat([tim, tuik], axis=1, join="inner").reset_index()
    out["plate"] = out["plate"].astype("int64")
    out["year"] = out["year"].astype("int64")
    out["ratio"] = out["tim_usd"] / out["tuik_usd"]
    return out


def gap_table() -> pd.DataFrame:
    """TİM against TÜİK export totals by province and year (the basis of ``tim_tuik_gap``)."""
    return _gap_table().copy()


def _gap(plate: int, year: int) -> tuple[float, int] | None:
    g = _gap_table()
    g = g[(g["plate"] == plate) & (g["tuik_usd"] > 0)]
    if g.empty:
        return None
    near = g.iloc[(g["year"] - year).abs().argsort(kind="stable")].iloc[0]
    return float(near["ratio"]), int(near["year"])


def all_flags(year: int, start_year: int | None = None, **thresholds: float) -> pd.DataFrame:
    """:func:`sector_flags` for every province present in ``exports_tim`` in ``year``."""
    ex = _exports()
    plates = sorted(ex.loc[ex["year"] == year, "plate"].unique())
    parts = [sector_flags(int(p), year, start_year, **thresholds) for p in plates]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


def flag_label(flag: str, lang: str) -> str:
    """The flag's short name in ``lang`` (catalogue ``plausibility.label.<flag>``), for the index
    and the scores workbook, where the full reason (:func:`flag_text`) would not fit.

    >>> flag_label("head_office", "en")
    'booked at a head office'
    """
    if flag not in FLAGS:
        raise ValueError(f"flag_label: unknown flag {flag!r}; expected one of {FLAGS}")
    return t(f"plausibility.label.{flag}", lang)


def flag_text(flag: str, lang: str, /, **values) -> str:
    """The reason for a flag, from the catalogue (``plausibility.<flag>``), in ``lang``.

    ``values`` fill the placeholders; numbers are formatted here for the language: ``value`` and
    ``threshold`` as shares for ``head_office`` (and ``share``), as factors for
    ``small_base_dominant``, as ratios for ``tim_tuik_gap``; ``sector`` (a harmonised code) adds
    the reason of ``head_office_sectors.csv``. Placeholders: ``head_office`` {sector_name}, {share},
    {reason}; ``small_base_dominant`` {sector_name}, {fold}, {start_year}; ``tim_tuik_gap``
    {ratio}, {data_year}.
    """
    if flag not in FLAGS:
        raise ValueError(f"flag_text: unknown flag {flag!r}; expected one of {FLAGS}")
    v = dict(values)
    from helpers.sources import tim

    code = v.pop("sector", None)
    value, _threshold = v.pop("value", None), v.pop("threshold", None)
    data_year = v.pop("data_year", None)
    v.pop("plate", None)
    v.pop("flag", None)
    if code is not None and code != "*" and "sector_name" not in v:
        v["sector_name"] = tim.sector_names(lang).get(code, code)
    if flag == "head_office":
        if "reason" not in v:
            ref = head_office_sectors().set_index("code")
            v["reason"] = ref.loc[code, f"reason_{lang}"] if code in ref.index else ""
        v.setdefault("share", formats.share(value, lang) if value is not None else "")
    elif flag == "small_base_dominant":
        v.setdefault("fold", "∞" if value is not None and math.isinf(value) else formats.decimal(value, lang, 1))
        v.setdefault("start_year", formats.year(data_year, lang) if data_year is not None else "")
    else:
        v.setdefault("ratio", formats.decimal(value, lang, 2) if value is not None else "")
        v.setdefault("data_year", formats.year(data_year, lang) if data_year is not None else "")
    return t(f"plausibility.{flag}", lang, **v)
