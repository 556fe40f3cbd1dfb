"""helpers.shocks: the reference table of events that break series, and the window rule."""
import doctest

import pytest

from helpers import shocks, text

QUAKE = {1, 2, 21, 23, 27, 31, 44, 46, 63, 79, 80}  # the eleven provinces of the disaster area


def test_the_earthquake_concerns_the_eleven_provinces_only():
    quake = shocks.events().set_index("key").loc["earthquake_2023"]
    assert set(quake["plates"]) == QUAKE and not quake["national"]
    for plate in range(1, 82):
        assert ("earthquake_2023" in set(shocks.events(plate)["key"])) == (plate in QUAKE)


def test_window_is_inclusive_at_both_ends():
    assert shocks.crossing(46, 2018, 2023)["key"].tolist() == ["currency_2018", "pandemic_2020", "earthquake_2023"]
    assert shocks.crossing(46, 2019, 2022)["key"].tolist() == ["pandemic_2020"]
    assert shocks.crossing(61, 2013, 2017).empty


def test_tim_only_events_can_be_left_out():
    assert "tim_reclass_2012" in set(shocks.crossing(6, 2010, 2013)["key"])
    assert "tim_reclass_2012" not in set(shocks.crossing(6, 2010, 2013, series="all")["key"])


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_caveat_names_every_event_in_the_language(lang):
    sentence = shocks.caveat(46, 2018, 2023, lang)
    for key in ("currency_2018", "pandemic_2020", "earthquake_2023"):
        assert shocks.label(key, lang) in sentence
    one = shocks.caveat(61, 2019, 2021, lang)
    assert shocks.label("pandemic_2020", lang) in one and shocks.caveat(61, 2021, 2022, lang) is None


def test_every_event_has_a_source_and_both_labels():
    df = shocks.events()
    assert len(df) == 5 and df["source"].str.len().min() > 10
    assert (df["label_tr"] != df["label_en"]).all()


def test_docstring_examples():
    assert doctest.testmod(shocks).failed == 0
