"""helpers.narrative: each reading names the province, quotes the right number in the locale's
format, takes the right branch and names the right sector, in Turkish and in English.

The tests check meaning (numbers, ordering, the sector named, the branch word taken from the
catalogue), not the wording of a sentence: rewording a text in the catalogue must not break them.
Every Turkish reading is also scanned for English catalogue prose."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import narrative, text

NAME = "Gaziantep"
LANGS = ("tr", "en")


def _clean(s: str, lang: str) -> str:
    """Assert what every reading must satisfy, and return it."""
    assert s.startswith(text.reading(lang) + " "), s
    assert NAME in s or "Ankara" in s
    assert "nan" not in s.lower().split() and "None" not in s
    if lang == "tr":
        assert text.english_leaks(s) == [], s
    return s


def _in_order(s: str, *parts: str) -> None:
    """``parts`` appear in ``s`` in this order."""
    pos = -1
    for p in parts:
        i = s.find(p, pos + 1)
        assert i > pos, f"{p!r} not found after position {pos} in {s!r}"
        pos = i


def test_number_formatting_helpers():
    assert narrative._pct(12.345, 1, "en") == "12.3%" and narrative._pct(0.5, 2, "en") == "0.50%"
    assert narrative._pct(12.345) == "%12,3" and narrative._pct(0.5, 2, "tr") == "%0,50"
    assert narrative._pct(None, 1, "en") == "n/a" and narrative._pct(float("nan")) == "veri yok"
    assert narrative._signed(1.234, 2, "en") == "+1.23%" and narrative._signed(-0.5, 1, "en") == "-0.5%"
    assert narrative._signed(1.234, 2, "tr") == "+%1,23"
    assert narrative._signed(float("nan"), 1, "en") == "n/a"


# --- profile readings -------------------------------------------------------------------------

def _trend():
    return pd.DataFrame({"year": [2023, 2024], "population": [2_164_134.0, 2_193_363.0],
                         "share_pct": [2.534935, 2.560397]})


@pytest.mark.parametrize("lang, population, share, rates", [
    ("tr", "2.193.363", "%2,56", ("+%1,50", "+%0,98")),
    ("en", "2,193,363", "2.56%", ("+1.50%", "+0.98%"))])
def test_population_faster(lang, population, share, rates):
    s = _clean(narrative.population(NAME, _trend(), {"province_cagr_pct": 1.5026, "turkiye_cagr_pct": 0.9812},
                                    lang), lang)
    assert all(x in s for x in (NAME, "2024", population, share))
    _in_order(s, {"tr": "daha hızlı büyüdü", "en": "grew faster"}[lang], *rates)  # the province's rate first


@pytest.mark.parametrize("lang", LANGS)
def test_population_slower(lang):
    s = _clean(narrative.population(NAME, _trend(), {"province_cagr_pct": 0.25, "turkiye_cagr_pct": 0.98}, lang),
               lang)
    _in_order(s, {"tr": "daha yavaş büyüdü", "en": "grew more slowly"}[lang], {"tr": "+%0,25", "en": "+0.25%"}[lang],
              {"tr": "+%0,98", "en": "+0.98%"}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_a_falling_population_shrank(lang):
    """Negative growth reads as shrinking (by the absolute rate), never as "slower growth: -0,25"."""
    s = _clean(narrative.population(NAME, _trend(), {"province_cagr_pct": -0.25, "turkiye_cagr_pct": 0.98}, lang),
               lang)
    _in_order(s, {"tr": "küçüldü", "en": "shrank"}[lang], {"tr": "%0,25", "en": "0.25%"}[lang],
              {"tr": "+%0,98", "en": "+0.98%"}[lang])
    assert "-" not in s.split("(")[-1].split("%")[0] and "büyüdü" not in s and "grew" not in s


@pytest.mark.parametrize("lang", LANGS)
def test_falling_gdp_shrank(lang):
    s = _clean(narrative.real_growth(NAME, {"start": 2018, "end": 2023, "province_cagr_pct": -1.24,
                                            "turkiye_cagr_pct": 4.1}, lang), lang)
    assert {"tr": "küçüldü", "en": "shrank"}[lang] in s and {"tr": "%1,2", "en": "1.2%"}[lang] in s
    assert "-%1,2" not in s and "-1.2%" not in s


@pytest.mark.parametrize("lang, numbers", [("tr", ["%29,4", "%20,9", "%6,1", "%10,6"]),
                                           ("en", ["29.4%", "20.9%", "6.1%", "10.6%"])])
def test_age_structure(lang, numbers):
    ages = pd.DataFrame({"band": ["0-14", "15-64", "65+"], "province_pct": [29.35, 64.55, 6.1],
                         "turkiye_pct": [20.93, 68.44, 10.64]})
    s = _clean(narrative.age_structure(NAME, ages, lang), lang)
    _in_order(s, *numbers)  # young (province, Türkiye), then old (province, Türkiye)


@pytest.mark.parametrize("lang, numbers", [("tr", ["%39,3", "%22,1", "1,78", "1,62"]),
                                           ("en", ["39.3%", "22.1%", "1.78", "1.62"])])
def test_value_added_names_manufacturing_and_top_leaf(lang, numbers):
    va = pd.DataFrame({"activity": ["A", "B-E", "C", "G-I"],
                       "province_pct": [7.15, 41.72, 39.32, 21.73], "turkiye_pct": [6.95, 25.81, 22.05, 30.28],
                       "lq": [1.03, 1.6167, 1.7836, 0.72]})
    s = _clean(narrative.value_added(NAME, va, lang), lang)
    _in_order(s, *numbers)
    # C (LQ 1.78) is not an A10 leaf: the most over-represented leaf is B-E (industry), named in the language
    industry = text.lower(text.t("a10.B-E", lang), lang)
    _in_order(s, industry, numbers[-1])
    assert text.lower(text.t("a10.A", lang), lang) not in s


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("prov, tr, word", [(6.6169, 5.1661, "above"), (3.0, 5.1661, "below")])
def test_real_growth_branches(lang, prov, tr, word):
    s = _clean(narrative.real_growth(NAME, {"start": 2004, "end": 2023, "province_cagr_pct": prov,
                                            "turkiye_cagr_pct": tr}, lang), lang)
    other = {"above": "below", "below": "above"}[word]
    assert text.t(f"compare.{word}", lang) in s and text.t(f"compare.{other}", lang) not in s
    rate = {"tr": f"+%{prov:.1f}".replace(".", ","), "en": f"+{prov:.1f}%"}[lang]
    _in_order(s, NAME, rate)
    _in_order(s, "2004", "2023")
    assert {"tr": "+%5,2", "en": "+5.2%"}[lang] in s


@pytest.mark.parametrize("lang, money", [("tr", ("7,8 milyar ABD doları", "6,7 milyar ABD doları", "%4,32")),
                                         ("en", ("USD 7.8 billion", "USD 6.7 billion", "4.32%"))])
def test_exports_uses_full_years_and_flags_the_partial_one(lang, money):
    ex = pd.DataFrame({"year": [2013, 2019, 2020], "months": [12, 12, 9],
                       "exports_musd": [6707.62, 7811.87, 5716.38], "export_share_pct": [4.15, 4.3199, 4.83]})
    s = _clean(narrative.trade(NAME, ex, lang), lang)
    last, first, share = money
    _in_order(s, last, first)  # the last full year (2019, not the partial 2020) against the first
    assert share in s and "2019" in s and "2013" in s
    assert text.t("narrative.exports.partial", lang, year="2020", months="9") in s


@pytest.mark.parametrize("lang", LANGS)
def test_exports_does_not_call_a_full_year_partial(lang):
    ex = pd.DataFrame({"year": [2013, 2019], "months": [12, 12], "exports_musd": [1.0, 2.0],
                       "export_share_pct": [1.0, 2.0]})
    s = _clean(narrative.trade(NAME, ex, lang), lang)
    assert text.t("narrative.exports.partial", lang, year="2019", months="12") not in s
    assert {"tr": "2,0 milyon", "en": "USD 2.0 million"}[lang] in s


def _lm():
    return pd.DataFrame({
        "area": ["province", "Türkiye", "province", "Türkiye", "province"],
        "year": [2024, 2024, 2024, 2024, 2023],
        "indicator": ["employment_rate", "employment_rate", "unemployment_rate", "unemployment_rate",
                      "employment_rate"],
        "value": [45.2166, 49.5, 10.4407, 8.7, 1.0]})


@pytest.mark.parametrize("lang, numbers", [("tr", ["%45,2", "%49,5", "%10,4", "%8,7"]),
                                           ("en", ["45.2%", "49.5%", "10.4%", "8.7%"])])
def test_labour(lang, numbers):
    s = _clean(narrative.labour(NAME, _lm(), lang), lang)
    _in_order(s, "2024", *numbers)  # the latest year; employment (province, Türkiye), then unemployment
    # a missing estimate reads n/a instead of failing
    s = _clean(narrative.labour(NAME, _lm()[lambda d: d["value"] != 10.4407], lang), lang)
    _in_order(s, numbers[1], text.t("value.missing", lang), numbers[3])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("score, side", [(124.94, "above"), (120.0, "below")])
def test_ses_branches(lang, score, side):
    s = _clean(narrative.ses(NAME, {"year": 2023, "score": score, "rank": 37, "median_score": 124.41}, lang), lang)
    sep = {"tr": ",", "en": "."}[lang]
    _in_order(s, "2023", f"{score:.1f}".replace(".", sep))
    _in_order(s, *({"tr": ["81 il", "37."], "en": ["rank 37", "81"]}[lang]))
    assert f"124{sep}4" in s and text.t(f"compare.{side}", lang) in s


@pytest.mark.parametrize("lang", LANGS)
def test_universities(lang):
    u = pd.DataFrame({"name": ["A", "B", "C", "D"], "type": "state", "founded": [1987, 2008, 2013, 2018]})
    s = _clean(narrative.universities(NAME, u, 2013, lang), lang)
    assert "1987" in s and "1,987" not in s and "1.987" not in s  # a year never gets a separator
    _in_order(s, "4", "1987")
    _in_order(s, "3", "2013") if lang == "en" else _in_order(s, "2013", "3")
    assert _clean(narrative.universities(NAME, u.iloc[0:0], 2013, lang), lang) == \
        text.t("narrative.universities.none", lang, reading=text.reading(lang), province=NAME)


# --- sector readings --------------------------------------------------------------------------

def _top():
    return pd.DataFrame({"nace_division": ["62", "13"],
                         "title_tr": ["Bilgisayar programlama, danışmanlık ve ilgili faaliyetler", "Tekstil ürünlerinin imalatı"],
                         "title_en": ["Computer programming, consultancy and related activities",
                                      "Manufacture of textiles"],
                         "insured": [60.0, 30.0], "lq": [1.0, 1.5], "province_total": [100.0, 100.0]})


SOFTWARE = {"tr": "bilgisayar programlama", "en": "computer programming"}
TEXTILES = {"tr": "tekstil ürünlerinin imalatı", "en": "manufacture of textiles"}


@pytest.mark.parametrize("lang", LANGS)
def test_largest(lang):
    s = _clean(narrative.largest(NAME, _top(), "insured", 2022, lang), lang)
    _in_order(s, "2022", SOFTWARE[lang], "60", text.t("measure.insured", lang), {"tr": "%90,0", "en": "90.0%"}[lang])
    assert TEXTILES[lang] not in s and "60.0" not in s and "60,0" not in s  # a count has no decimals
    no_total = _top().drop(columns="province_total")
    assert text.t("value.missing", lang) in narrative.largest(NAME, no_total, "insured", 2022, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_largest_with_an_untitled_division(lang):
    top = pd.DataFrame({"nace_division": ["04"], "title_tr": [np.nan], "title_en": [np.nan], "insured": [60.0],
                        "province_total": [100.0]})
    s = _clean(narrative.largest(NAME, top, "insured", 2022, lang), lang)
    assert text.t("sector.division", lang, code="04") in s


@pytest.mark.parametrize("lang, lq", [("tr", ("1,50", "1,5")), ("en", ("1.50", "1.5"))])
def test_specialised(lang, lq):
    top = _top().sort_values("lq", ascending=False)
    s = _clean(narrative.specialised(NAME, top, lang), lang)
    _in_order(s, TEXTILES[lang], *lq)
    assert SOFTWARE[lang] not in s


@pytest.mark.parametrize("lang", LANGS)
def test_bubble_counts_the_top_right_quadrant(lang):
    p = pd.DataFrame({"lq": [1.5, 1.0, 0.5, 2.0, np.nan], "growth_rate": [0.5, 0.2, 0.9, 0.25, 1.0]})
    s = _clean(narrative.bubble(NAME, p, 0.25, lang), lang)
    # (1.5, 0.5) and (2.0, 0.25: growth equal to the national total counts) are in; the NaN row is dropped
    _in_order(s, *({"tr": ["4", "2"], "en": ["2", "4"]}[lang]))
    assert {"tr": "%25,0", "en": "25.0%"}[lang] in s


@pytest.mark.parametrize("lang, big", [("tr", ("12.345", "10.000", "2.000", "345")),
                                       ("en", ("12,345", "10,000", "2,000", "345"))])
def test_shift_share(lang, big):
    total = pd.Series({"change": 20.0, "national_share": 20.0, "industry_mix": -1.0, "competitive_share": 1.0})
    s = _clean(narrative.shift_share(NAME, total, lang), lang)
    _in_order(s, "20", "20", "-1", "1")
    t2 = pd.Series({"change": 12345.0, "national_share": 10000.0, "industry_mix": 2000.0, "competitive_share": 345.0})
    _in_order(_clean(narrative.shift_share(NAME, t2, lang), lang), *big)


@pytest.mark.parametrize("lang", LANGS)
def test_specialisation_indices_rank(lang):
    spec = pd.DataFrame({"plate": [1, 6, 34], "krugman": [0.2, 0.0, 0.35]})
    s = _clean(narrative.specialisation_indices("Ankara", spec, 6, "krugman", lang), lang)
    assert text.column_label("krugman", lang) in s
    _in_order(s, {"tr": "0,000", "en": "0.000"}[lang], *({"tr": ["3 il", "3."], "en": ["rank 3", "3"]}[lang]))
    spec["hhi_normalised"] = [0.1, 0.3, 0.2]
    s = _clean(narrative.specialisation_indices("Ankara", spec, 6, "hhi_normalised", lang), lang)
    _in_order(s, {"tr": "0,300", "en": "0.300"}[lang], {"tr": "1.", "en": "rank 1"}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_relatedness_picks_the_highest_density(lang):
    p = pd.DataFrame({"nace_division": ["10", "13", "99"],
                      "title_tr": ["Gıda ürünlerinin imalatı", "Tekstil ürünlerinin imalatı", "Diğer"],
                      "title_en": ["Manufacture of food products", "Manufacture of textiles", "Other"],
                      "relatedness_density": [63.4, 80.2, np.nan]})
    s = _clean(narrative.relatedness(NAME, p, lang), lang)
    _in_order(s, TEXTILES[lang], {"tr": "%80", "en": "80%"}[lang])
    assert "gıda" not in s and "food" not in s
    assert _clean(narrative.relatedness(NAME, p.iloc[2:], lang), lang) == text.t(
        "narrative.relatedness.none", lang, reading=text.reading(lang), province=NAME)


@pytest.mark.parametrize("lang", LANGS)
def test_clusters(lang):
    s = _clean(narrative.clusters(NAME, 12, 1, lang), lang)
    _in_order(s, "12", "1")


@pytest.mark.parametrize("lang", LANGS)
def test_map_reading(lang):
    values = pd.Series({1: 1.5, 6: 1.0, 34: 0.5, 27: np.nan})
    title = "LQ of 13 (2022)"
    s = _clean(narrative.map_reading(NAME, title, values, 6, lang), lang)
    assert title in s
    _in_order(s, *({"tr": ["3 il", "2."], "en": ["ranks 2", "3"]}[lang]))


@pytest.mark.parametrize("lang", LANGS)
def test_map_reading_when_the_province_has_no_value(lang):
    values = pd.Series({1: 1.5, 6: 1.0, 27: np.nan})
    s = _clean(narrative.map_reading(NAME, "LQ of 13", values, 27, lang), lang)
    assert s == text.t("narrative.map.none", lang, reading=text.reading(lang), province=NAME, title="LQ of 13")


def test_default_language_is_turkish():
    assert narrative.clusters(NAME, 2, 1) == narrative.clusters(NAME, 2, 1, "tr")
    with pytest.raises(text.LanguageError, match="'de' is not supported"):
        narrative.clusters(NAME, 2, 1, "de")
