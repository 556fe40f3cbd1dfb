"""helpers.text: the catalogue is complete in both languages, placeholders agree, Turkish texts hold
no English catalogue prose; t() and the language checks fail clearly."""

from __future__ import annotations

import re

import pytest

from helpers import text

LANGS = text.LANGUAGES


# --- the shipped catalogue --------------------------------------------------------------------

def test_languages_and_default():
    assert text.LANGUAGES == ("tr", "en") and text.DEFAULT_LANGUAGE == "tr"


def test_every_key_has_both_languages():
    cat = text.catalogue()
    assert len(cat) > 100
    for key, entry in cat.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key


def test_placeholders_agree_between_languages():
    bad = {k: (text.placeholders(e["tr"]), text.placeholders(e["en"])) for k, e in text.catalogue().items()
           if text.placeholders(e["tr"]) != text.placeholders(e["en"])}
    assert bad == {}


def test_placeholders_are_plain_names():
    for key, entry in text.catalogue().items():
        for lang in LANGS:
            for name in text.placeholders(entry[lang]):
                assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), f"{key} ({lang}): placeholder {{{name}}} must be a name, no format spec"
                assert name != "lang", f"{key}: a placeholder may not be called 'lang' (t()'s language argument)"


def _render_all(lang: str) -> dict[str, str]:
    return {k: text.t(k, lang, **{p: f"<{p}>" for p in text.placeholders(text.template(k, lang))})
            for k in text.keys()}


def test_every_key_renders_in_both_languages():
    for lang in LANGS:
        assert all(_render_all(lang).values())


def test_turkish_texts_hold_no_english_catalogue_prose():
    rendered = _render_all("tr")
    # One scan of all the texts at once (english_leaks compares every English fragment with the whole
    # Turkish catalogue on each call: once per key took ~15 s). They are joined by a mark no catalogue
    # fragment holds, so a fragment never spans two texts; only when something leaks are the texts
    # scanned one by one, to name the keys.
    assert "¦" not in "".join(e["en"] for e in text.catalogue().values())
    if text.english_leaks(" ¦ ".join(rendered.values())):
        leaks = {k: text.english_leaks(v) for k, v in rendered.items()}
        assert {k: v for k, v in leaks.items() if v} == {}


def test_turkish_differs_from_english_where_there_is_prose():
    """A Turkish entry copied from the English one is a missing translation (proper names, codes and
    units may stay the same)."""
    same = [k for k, e in text.catalogue().items() if e["tr"] == e["en"] and len(e["en"].split()) > 3]
    assert same == []


def test_turkish_texts_put_no_suffix_after_a_placeholder():
    """``{province}'in`` would need vowel harmony on a value we do not know; write ``{province} ilinin``."""
    bad = [k for k, e in text.catalogue().items() if re.search(r"\}['’]\w", e["tr"])]
    assert bad == []


# --- the checks themselves, on fixtures --------------------------------------------------------

def _write(tmp_path, body: str):
    p = tmp_path / "cat.yml"
    p.write_text(body, encoding="utf-8")
    return p


def test_a_key_missing_a_language_fails(tmp_path):
    p = _write(tmp_path, "a:\n  b: {tr: 'bir'}\n")
    with pytest.raises(text.CatalogueError, match=r"cat.yml: entry 'a.b' must have exactly the languages"):
        text.load_catalogue(p)
    p = _write(tmp_path, "a: {tr: 'bir', en: ''}\n")
    with pytest.raises(text.CatalogueError, match=r"entry 'a' has no 'en' text"):
        text.load_catalogue(p)


def test_placeholder_mismatch_is_detected(tmp_path):
    cat = text.load_catalogue(_write(tmp_path, "a: {tr: '{il} ilinde', en: 'in {province}'}\n"))
    e = cat["a"]
    assert text.placeholders(e["tr"]) != text.placeholders(e["en"])


def test_english_leaks_finds_english_prose_in_a_turkish_text():
    english = text.t("narrative.universities.none", "en", reading="**Reading:**", province="Rize")
    assert text.english_leaks(english) != []
    turkish = text.t("narrative.universities.none", "tr", reading="**Yorum:**", province="Rize")
    assert text.english_leaks(turkish) == []
    # part of a sentence (four words running) is enough
    assert text.english_leaks("Rize ilinde; the national trend contributed bir şey") == ["the national trend contributed"]
    # proper names shared by both languages are not leaks
    assert text.english_leaks(text.t("narrative.clusters", "tr", reading="", province="Rize", strong="1",
                                     three="0")) == []


# --- t() and languages ------------------------------------------------------------------------

def test_t_fills_placeholders_and_checks_them():
    assert text.t("sector.division", "en", code="04") == "division 04"
    assert text.t("sector.division", code="04") == "04 kodlu bölüm"  # Turkish by default
    assert text.t("sector.division", lang="en", code="04") == "division 04"
    with pytest.raises(text.CatalogueError, match=r"'sector.division' \(en\) takes \['code'\]; missing \['code'\]"):
        text.t("sector.division", "en")
    with pytest.raises(text.CatalogueError, match=r"unexpected \['codee'\]"):
        text.t("sector.division", "en", code="04", codee="x")


def test_unknown_key_names_the_catalogue_and_neighbours():
    with pytest.raises(text.CatalogueError, match=r"catalogue: no text under key 'scale.bilion'.*scale.billion"):
        text.t("scale.bilion", "tr")


@pytest.mark.parametrize("bad", ["de", "", None, 1, "turkish"])
def test_bad_language_is_refused_clearly(bad):
    with pytest.raises(text.LanguageError, match=r"is not supported: use one of 'tr', 'en'"):
        text.check_language(bad)


def test_language_values_are_normalised_and_parsed():
    assert text.check_language(" TR ") == "tr"
    assert text.parse_languages("tr,en") == ("tr", "en")
    assert text.parse_languages("en, tr, en") == ("en", "tr")
    assert text.parse_languages(["tr"]) == ("tr",)
    with pytest.raises(text.LanguageError, match="no language given"):
        text.parse_languages(" , ")
    with pytest.raises(text.LanguageError, match="'fr'"):
        text.parse_languages("tr,fr")


def test_labels_fall_back_to_the_name():
    assert text.column_label("lq", "tr") == "Yerelleşme katsayısı (YK)"
    assert text.column_label("no_such_column", "en") == "no_such_column"
    assert text.series_label("province_index", "en") == "Province"
    assert text.value_label("type", "state", "tr") == "devlet" and text.value_label("type", "other", "tr") == "other"


def test_runner_texts_are_ready():
    """The index page, manifest and error summaries have their texts (wired in helpers.runner)."""
    for key in ("runner.index.title", "runner.index.run_line", "runner.index.language_line",
                "runner.index.sample_banner_detail", "runner.index.column.top_sectors",
                "runner.report_title.02_economic_analysis", "runner.error.summary", "sample.banner",
                "sample.index_status"):
        for lang in LANGS:
            assert text.has(key) and text.template(key, lang)


def test_a_key_in_two_catalogue_files_names_both(tmp_path):
    (tmp_path / "a.yml").write_text("x: {y: {tr: 'bir', en: 'one'}}\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("x: {y: {tr: 'iki', en: 'two'}}\n", encoding="utf-8")
    with pytest.raises(text.CatalogueError, match=r"b.yml: key 'x.y' is already defined in .*a.yml"):
        text.load_catalogue(tmp_path)


def test_the_shipped_catalogue_is_a_folder_of_area_files():
    assert text.CATALOGUE_PATH.is_dir()
    assert len(list(text.CATALOGUE_PATH.glob("*.yml"))) >= 5


# --- count- and sign-dependent wording (text.plural, text.signed) ---------------------------------

def _families(suffixes):
    cat = text.catalogue()
    return sorted({k.rsplit(".", 1)[0] for k in cat if k.rsplit(".", 1)[-1] in suffixes})


def test_every_plural_family_has_an_other_form():
    for family in _families(("zero", "one")):
        if text.has(f"{family}.many"):  # a one/many pair picked by its own code (shocks.caveat)
            continue
        assert text.has(f"{family}.other"), f"{family}: a count-dependent entry needs an 'other' form"


def test_every_signed_family_has_a_positive_form():
    for family in _families(("negative",)):
        assert text.has(f"{family}.positive"), f"{family}: a sign-dependent entry needs a 'positive' form"


def test_a_count_of_zero_reads_as_none():
    """Turkish says "hiçbiri" for 0, never "0 tanesi"; English "none of", never "0 of"."""
    values = dict(reading="Yorum:", province="Rize", n="12", stars="0", growth="%1", national="%1", end="2023")
    for family in ("narrative.bubble", "exports.bubble"):
        tr, en = text.plural(family, 0, "tr", **values), text.plural(family, 0, "en", **values)
        assert "hiçbiri" in tr and "0 tanesi" not in tr and "none of" in en and "0 of" not in en
        one_en = text.plural(family, 1, "en", **{**values, "stars": "1"})
        assert "one of 12" in one_en and " is both" in one_en
        many = text.plural(family, 3, "tr", **{**values, "stars": "3"})
        assert "3 tanesi" in many and "daha hızlı" in many


def test_one_university_is_singular_in_english():
    v = dict(reading="Reading:", province="Rize", n="1", founded="2006", year="2013", existing="1")
    assert "one university" in text.plural("narrative.universities.text", 1, "en", **v)
    assert "universities" in text.plural("narrative.universities.text", 2, "en", **{**v, "n": "2"})
    assert "hiçbiri" in text.plural("narrative.universities.by_year", 0, "tr", **v)


def test_turkish_counts_and_comparatives_read_naturally():
    """No "N tanesi" where N may be 0 (outside an 'other' form or a count that is never 0), and a
    comparison of growth always says "daha hızlı" / "daha yavaş"."""
    never_zero = {"cleaning.warning.subtotals.what", "cleaning.warning.provinces_missing.what"}
    for key, entry in text.catalogue().items():
        tr = entry["tr"]
        if re.search(r"\{\w+\} tanes", tr):
            assert key.endswith(".other") or key in never_zero, f"{key}: '{{n}} tanesi' may read '0 tanesi'"
        assert not re.search(r"(?<!daha )(hızlı|yavaş) büyü", tr), f"{key}: comparative needs 'daha': {tr!r}"
