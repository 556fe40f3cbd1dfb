"""helpers.text.formats, .case and .tables: one function per kind decides the digits; separators,
percent signs and month names follow the locale (Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers import text
from helpers.text import formats as f


@pytest.mark.parametrize("fn, args, tr, en", [
    (f.count, (27938,), "27.938", "27,938"),
    (f.count, (619.0,), "619", "619"),                       # a count never shows decimals
    (f.count, (np.int64(1913),), "1.913", "1,913"),
    (f.count, (-1.0,), "-1", "-1"),
    (f.ratio, (0.7612,), "0,76", "0.76"),                     # an LQ keeps its digits
    (f.ratio, (1.0,), "1,00", "1.00"),
    (f.index, (103.44,), "103,4", "103.4"),
    (f.percent, (12.5,), "%12,5", "12.5%"),
    (f.percent, (22.05,), "%22,1", "22.1%"),                  # half up, as by hand
    (f.share, (0.125,), "%12,5", "12.5%"),
    (f.signed_percent, (1.5026, 2), "+%1,50", "+1.50%"),
    (f.signed_percent, (-0.25, 2), "-%0,25", "-0.25%"),
    (f.year, (1987,), "1987", "1987"),                        # a year never has a separator
    (f.year, (2024.0,), "2024", "2024"),
    (f.money, (7_811_870_000,), "7,8 milyar ABD doları", "USD 7.8 billion"),
    (f.money, (2_500_000, "TL"), "2,5 milyon TL", "TL 2.5 million"),
    (f.money, (45_000, "TL"), "45,0 bin TL", "TL 45.0 thousand"),
    (f.money, (850,), "850 ABD doları", "USD 850"),
    (f.decimal, (1234.567, ), "1.234,57", "1,234.57"),
])
def test_kinds_in_both_locales(fn, args, tr, en):
    value, *rest = args
    assert fn(value, "tr", *rest) == tr
    assert fn(value, "en", *rest) == en


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, np.nan])
def test_missing_is_never_nan_or_zero(value):
    for fn in (f.count, f.ratio, f.index, f.percent, f.share, f.money, f.year):
        assert fn(value, "tr") == "veri yok" and fn(value, "en") == "n/a"
    assert f.count(None, "tr", missing="–") == "–"


def test_dates():
    assert f.date(dt.date(2026, 11, 29), "tr") == "29 Kasım 2026"
    assert f.date("2026-11-29", "en") == "29 November 2026"
    assert f.date(dt.datetime(2026, 2, 1, 12, 0), "tr") == "1 Şubat 2026"


def test_ordinals():
    assert [f.ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    assert f.ordinal(3, "tr") == "3." and text.ordinal(3) == "3."


def test_bad_language_in_a_format():
    with pytest.raises(text.LanguageError):
        f.count(1, "de")


def test_default_is_turkish():
    assert f.count(27938) == "27.938" and f.percent(12.5) == "%12,5"


# --- case and order ---------------------------------------------------------------------------

def test_turkish_upper_and_lower():
    assert text.upper("diyarbakır") == "DİYARBAKIR" and text.upper("iğdır", "en") == "IĞDIR"
    assert text.lower("IĞDIR") == "ığdır" and text.lower("İZMİR") == "izmir"
    assert text.lower("ISTANBUL", "en") == "istanbul"


def test_turkish_alphabetical_order():
    names = ["Zonguldak", "Uşak", "Ünye", "Çorum", "Ceyhan", "Ağrı", "Adana", "Iğdır", "İzmir", "Ordu",
             "Ödemiş", "Sinop", "Şanlıurfa", "Gaziantep", "Giresun", "Ğ", "Hatay"]
    assert text.sorted_names(names) == ["Adana", "Ağrı", "Ceyhan", "Çorum", "Gaziantep", "Giresun", "Ğ", "Hatay",
                                        "Iğdır", "İzmir", "Ordu", "Ödemiş", "Sinop", "Şanlıurfa", "Uşak", "Ünye",
                                        "Zonguldak"]
    assert sorted(["Çorum", "Zonguldak"]) == ["Zonguldak", "Çorum"]  # what plain sorting would do
    assert text.sorted_names(["Çorum", "Zonguldak", "Adana"], "en") == ["Adana", "Çorum", "Zonguldak"]
    assert text.sorted_names(["ılık", "ilik", "Ilık"]) == ["Ilık", "ılık", "ilik"]  # ı before i; case breaks ties


# --- tables -----------------------------------------------------------------------------------

def _df():
    return pd.DataFrame({"year": [2023, 2024], "insured": [619.0, 27938.0], "lq": [0.7612, np.nan],
                         "province_pct": [12.5, 3.0], "type": ["state", "foundation"], "is_sample": [True, False],
                         "other": ["a", None]})


def test_format_frame_by_kind_and_language():
    tr = text.format_frame(_df(), "tr")
    assert list(tr.columns) == ["Yıl", "Sigortalı çalışan", "Yerelleşme katsayısı (YK)", "İl (%)", "Tür",
                                "Örnek veri", "other"]
    assert tr.iloc[0].tolist() == ["2023", "619", "0,76", "%12,5", "devlet", "evet", "a"]
    assert tr.iloc[1].tolist() == ["2024", "27.938", "–", "%3,0", "vakıf", "hayır", "–"]
    en = text.format_frame(_df(), "en")
    assert en.iloc[1].tolist() == ["2024", "27,938", "–", "3.0%", "foundation", "no", "–"]
    assert en.columns[2] == "Location quotient (LQ)"


def test_format_table_kinds_can_be_declared():
    df = pd.DataFrame({"x": [0.125], "n": [3.0]})
    html = text.format_table(df, "tr", kinds={"x": "share", "n": "count"}, headers={"x": "Pay"}).to_html()
    assert ">%12,5<" in html and ">3<" in html and ">Pay<" in html
    with pytest.raises(ValueError, match="unknown kind 'weird'"):
        text.format_table(df, "tr", kinds={"x": "weird"})


def test_amounts_in_millions_with_the_unit_in_the_header():
    """Issue 15: export amounts read at a glance ("1.042,3" under "İhracat (milyon $)"), not in whole
    dollars; a column of small amounts is shown in thousands; the unit sits in the header."""
    df = pd.DataFrame({"export_usd": [1_042_309_211.0, 95_500_000.0, np.nan]})
    tr, en = text.format_frame(df, "tr"), text.format_frame(df, "en")
    assert list(tr.columns) == ["İhracat (milyon $)"] and tr.iloc[:, 0].tolist() == ["1.042,3", "95,5", "–"]
    assert list(en.columns) == ["Exports (USD million)"] and en.iloc[:, 0].tolist() == ["1,042.3", "95.5", "–"]
    small = text.format_frame(pd.DataFrame({"change": [250_000.0, -12_400.0]}), "tr", kinds={"change": "usd"},
                              headers={"change": "Değişim"})
    assert list(small.columns) == ["Değişim (bin $)"] and small.iloc[:, 0].tolist() == ["250,0", "-12,4"]
    # an amount too small for the unit is not printed as a zero beside real zeros
    tiny = text.format_frame(pd.DataFrame({"export_usd": [2e9, 30_000.0, 0.0, -30_000.0]}), "tr")
    assert tiny.iloc[:, 0].tolist() == ["2.000,0", "< 0,1", "0,0", "> -0,1"]
    html = text.format_table(df, "en").to_html()
    assert ">Exports (USD million)<" in html and ">1,042.3<" in html


def test_text_columns_read_from_the_left_numbers_from_the_right():
    html = text.format_table(pd.DataFrame({"sector": ["T23"], "reason": ["Genel merkez kaydı"],
                                           "export_usd": [2e6]}), "tr").to_html()
    assert "td.col0" in html and "td.col1" in html and "td.col2" not in html
    assert html.count("text-align: left") == 4  # the cells and headers of the two text columns
