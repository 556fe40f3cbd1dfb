"""Locale-correct numbers and dates: one function per kind of quantity decides the digits.

Separators, the place of the percent sign and the month names come from Babel's CLDR locale data,
not from hand-written rules::

    kind            Turkish         English       digits
    count           27.938          27,938        never decimals
    money           7,8 milyar ABD doları   USD 7.8 billion   scaled (bin/milyon/milyar)
    percent, share  %12,5           12.5%         1 (percent: 12.5 in, share: 0.125 in)
    ratio           0,76            0.76          2 (an LQ keeps its digits)
    index           103,4           103.4         1
    year            2024            2024          never a separator
    date            29 Kasım 2026   29 November 2026

A missing value (``None``, ``NaN``, ``pd.NA``) reads ``veri yok`` / ``n/a`` (the catalogue's
``value.missing``), never ``nan`` and never zero. Every function takes the language last with
default ``"tr"``.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

from helpers import text as _text

#: money scales, largest first: (threshold, catalogue key)
SCALES = ((1e12, "scale.trillion"), (1e9, "scale.billion"), (1e6, "scale.million"), (1e3, "scale.thousand"))


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(_text.check_language(lang))


def is_missing(value: Any) -> bool:
    """``None``, ``NaN`` and ``pd.NA`` are missing; anything else is a value."""
    if value is None:
        return True
    try:
        import pandas as pd
        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _na(lang: str, missing: str | None) -> str:
    return _text.t("value.missing", lang) if missing is None else missing


def _round(value: Any, digits: int) -> Decimal:
    """Round half up on the decimal value as written (``22.05`` → ``22.1``, ``0.125`` → ``0.13``), as a
    reader rounding by hand expects (Babel alone rounds half to even)."""
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return Decimal(int(value))
    v = float(value)
    if math.isinf(v):
        return Decimal(v)
    out = Decimal(repr(v)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(out) if out == 0 else out  # no "-0"


def _digits_pattern(digits: int) -> str:
    if digits < 0:
        raise ValueError(f"digits must be 0 or more, got {digits}")
    return "#,##0" + ("." + "0" * digits if digits else "")


def _signed(pattern: str) -> str:
    return f"+{pattern};-{pattern}"


def number(value: Any, lang: str = "tr", digits: int = 0, *, signed: bool = False,
           missing: str | None = None) -> str:
    """A number with exactly ``digits`` decimals and the locale's separators.

    >>> number(27938.4, "tr"), number(27938.4, "en"), number(-0.5, "tr", 1, signed=True)
    ('27.938', '27,938', '-0,5')
    """
    if is_missing(value):
        return _na(lang, missing)
    pattern = _digits_pattern(digits)
    # Babel's format_decimal, its pattern parsed once (a report formats thousands of cells)
    return _pattern(_signed(pattern) if signed else pattern).apply(_round(value, digits), _locale(lang),
                                                                   decimal_quantization=True, group_separator=True,
                                                                   numbering_system="latn")


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> _numbers.NumberPattern:
    return _numbers.parse_pattern(pattern)


def count(value: Any, lang: str = "tr", *, signed: bool = False, missing: str | None = None) -> str:
    """A count of people, firms, universities…: rounded to a whole number, never decimals.

    >>> count(619.0, "tr"), count(27938, "en"), count(1913.4, "tr")
    ('619', '27,938', '1.913')
    """
    if is_missing(value):
        return _na(lang, missing)
    return number(value, lang, 0, signed=signed)


def decimal(value: Any, lang: str = "tr", digits: int = 2, *, signed: bool = False,
            missing: str | None = None) -> str:
    """A measured quantity with ``digits`` decimals (a score, a density, an index value)."""
    return number(value, lang, digits, signed=signed, missing=missing)


def ratio(value: Any, lang: str = "tr", digits: int = 2, *, missing: str | None = None) -> str:
    """A ratio such as a location quotient: keeps its ``digits`` (``0,76`` / ``0.76``).

    >>> ratio(0.7612, "tr"), ratio(0.7612, "en"), ratio(1.5, "tr", 1)
    ('0,76', '0.76', '1,5')
    """
    return number(value, lang, digits, missing=missing)


def index(value: Any, lang: str = "tr", digits: int = 1, *, missing: str | None = None) -> str:
    """An index value (first year = 100): ``103,4`` / ``103.4``."""
    return number(value, lang, digits, missing=missing)


def percent(value: Any, lang: str = "tr", digits: int = 1, *, signed: bool = False,
            missing: str | None = None) -> str:
    """A value already in percent (``12.5`` means 12.5 %), with the locale's percent pattern.

    >>> percent(12.5, "tr"), percent(12.5, "en"), percent(-0.25, "tr", 2, signed=True)
    ('%12,5', '12.5%', '-%0,25')
    """
    if is_missing(value):
        return _na(lang, missing)
    base = _locale(lang).percent_formats[None].pattern.split(";")[0]
    pattern = base.replace("#,##0", _digits_pattern(digits), 1)
    return _numbers.format_percent(_round(value, digits) / 100, _signed(pattern) if signed else pattern,
                                   locale=_locale(lang))


def share(value: Any, lang: str = "tr", digits: int = 1, *, signed: bool = False,
          missing: str | None = None) -> str:
    """A share given as a fraction (``0.125`` → ``%12,5`` / ``12.5%``)."""
    if is_missing(value):
        return _na(lang, missing)
    return percent(100 * float(value), lang, digits, signed=signed)


def signed_percent(value: Any, lang: str = "tr", digits: int = 1, *, missing: str | None = None) -> str:
    """A growth rate in percent with its sign: ``+%1,50`` / ``+1.50%``."""
    return percent(value, lang, digits, signed=True, missing=missing)


def money(value: Any, lang: str = "tr", currency: str = "USD", digits: int = 1, *,
          missing: str | None = None) -> str:
    """An amount of money (in units of ``currency``), scaled with a word from the catalogue.

    >>> money(7_811_870_000, "tr"), money(7_811_870_000, "en"), money(2_500_000, "tr", "TL")
    ('7,8 milyar ABD doları', 'USD 7.8 billion', '2,5 milyon TL')
    >>> money(850, "en")
    'USD 850'

    A negative amount carries its sign in front of the whole amount ("-USD 95.5 million", not
    "USD -95.5 million"):

    >>> money(-95_500_000, "en"), money(-95_500_000, "tr")
    ('-USD 95.5 million', '-95,5 milyon ABD doları')
    """
    if is_missing(value):
        return _na(lang, missing)
    cur = _text.t(f"unit.currency.{currency}", lang) if _text.has(f"unit.currency.{currency}") else currency
    v = float(value)
    if v < 0:
        return "-" + money(-v, lang, currency, digits)
    for threshold, key in SCALES:
        if abs(v) >= threshold:
            return _text.t("unit.money", lang, amount=number(v / threshold, lang, digits),
                           scale=_text.t(key, lang), currency=cur)
    return _text.t("unit.money_unscaled", lang, amount=count(v, lang), currency=cur)


def ordinal(value: Any, lang: str = "tr") -> str:
    """A rank as an ordinal: ``3.`` in Turkish (the dot is the ordinal mark), ``3rd`` in English.

    >>> ordinal(1, "tr"), ordinal(2, "en"), ordinal(11, "en"), ordinal(23, "en")
    ('1.', '2nd', '11th', '23rd')
    """
    n = int(value)
    if _text.check_language(lang) == "tr":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year(value: Any, lang: str = "tr", *, missing: str | None = None) -> str:
    """A year, never with a separator: ``1987`` (not ``1,987``)."""
    if is_missing(value):
        return _na(lang, missing)
    return str(int(value))


def date(value: Any, lang: str = "tr") -> str:
    """A calendar date, day month year: ``29 Kasım 2026`` / ``29 November 2026``.

    Accepts a ``date``, a ``datetime`` or an ISO string (``"2026-11-29"``)."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    if isinstance(value, _dt.datetime):
        value = value.date()
    return _dates.format_date(value, "d MMMM y", locale=_locale(lang))


def labels(value: Any, lang: str = "tr", prefix: str = "") -> str:
    """Codes (a list, or a comma-separated string) named by their catalogue labels under
    ``prefix`` in ``lang``, comma-joined -- so a :class:`helpers.text.Note` can carry codes and be
    read in either language (``("labels", "weights,method", "robustness.choice")``).

    >>> labels("weights, method", "en", "robustness.choice")
    'weights, method'
    >>> labels(["start_year"], "tr", "robustness.choice")
    'büyümenin başlangıç yılı'
    """
    from helpers.text import t
    items = [c.strip() for c in (value.split(",") if isinstance(value, str) else value) if str(c).strip()]
    return ", ".join(t(f"{prefix}.{c}", lang) for c in items)
