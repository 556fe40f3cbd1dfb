import pandas as pd
import pytest

from helpers import provinces
from helpers.textnorm import fold


@pytest.mark.parametrize("value, plate", [
    (61, 61), ("61", 61), ("06", 6), (6.0, 6),
    ("ÇORUM", 19), ("çorum", 19), ("Corum", 19), ("corum", 19),
    ("İZMİR", 35), ("izmir", 35), ("Izmir", 35), ("IZMIR", 35),
    ("IĞDIR", 76), ("ığdır", 76), ("Igdir", 76),
    ("K.MARAŞ", 46), ("K. Maraş", 46), ("Kahramanmaras", 46), ("KAHRAMANMARAŞ", 46),
    ("İÇEL", 33), ("Içel", 33), ("Mersin", 33),
    ("Ş.URFA", 63), ("Urfa", 63), ("Şanlıurfa", 63), ("SANLIURFA", 63),
    ("Afyon", 3), ("AFYONKARAHİSAR", 3),
    ("TR901", 61), ("tr901", 61), ("TR-61", 61), ("TR-06", 6),
    ("  Gaziantep ", 27), ("G.ANTEP", 27), ("Hakkâri", 30), ("Hakkari", 30),
    ("KIRIKKALE", 71), ("Kırıkkale", 71), ("BATMAN", 72),
])
def test_resolve_spellings(value, plate):
    assert provinces.resolve(value) == plate


@pytest.mark.parametrize("value", ["Trabzn", "Istanbol", "Atlantis", 0, 82, "TR-99", "", None, True])
def test_unknown_raises_with_input_quoted(value):
    with pytest.raises(ValueError) as err:
        provinces.resolve(value)
    assert repr(value) in str(err.value)


def test_unknown_suggests_closest():
    with pytest.raises(ValueError, match=r"did you mean Trabzon \(61\)"):
        provinces.resolve("Trabzn")
    with pytest.raises(ValueError, match="İstanbul"):
        provinces.resolve("Istanbol")


def test_resolve_many_lists_every_failure():
    assert provinces.resolve_many(["Afyon", "61"]) == [3, 61]
    with pytest.raises(ValueError, match=r"(?s)2 value\(s\).*'Foo'.*'Bar'"):
        provinces.resolve_many(["Foo", "Ordu", "Bar"], where="test.xlsx")


def test_reference_table_complete():
    t = provinces.table()
    assert list(t["plate"]) == list(range(1, 82))
    assert t["nuts3"].is_unique and t["iso3166_2"].is_unique and t["slug"].is_unique
    assert t["nuts2"].nunique() == 26 and t["nuts1"].nunique() == 12
    row = t.set_index("plate").loc[46]
    assert (row["name_tr"], row["slug"], row["iso3166_2"], row["nuts3"], row["nuts2"], row["nuts1"]) == (
        "Kahramanmaraş", "kahramanmaras", "TR-46", "TR632", "TR63", "TR6")
    assert row["nuts1_name_tr"] == "Akdeniz"


def test_every_name_and_slug_resolves_to_itself():
    t = provinces.table()
    for col in ("name_tr", "name_ascii", "slug", "nuts3", "iso3166_2"):
        assert [provinces.resolve(v) for v in t[col]] == list(t["plate"]), col


def test_pilots():
    assert [provinces.name(p) for p in provinces.PILOT_PROVINCES] == [
        "Trabzon", "Samsun", "Çorum", "Kahramanmaraş", "Gaziantep"]


def test_variants_file_is_data_not_code():
    from helpers import paths
    v = pd.read_csv(paths.PROVINCE_VARIANTS_CSV, comment="#")
    assert {"variant", "plate", "note"} <= set(v.columns)
    assert v["plate"].between(1, 81).all()
    assert [provinces.resolve(x) for x in v["variant"]] == list(v["plate"])


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_fold_is_the_same_whatever_string_storage(storage):
    values = ["İZMİR", "IĞDIR", "ÇORUM", "K.MARAŞ", "Şanlıurfa", "ısparta"]
    s = pd.Series(values, dtype=pd.StringDtype(storage))
    assert [fold(x) for x in s] == ["izmir", "igdir", "corum", "k maras", "sanliurfa", "isparta"]
    # pandas' own lower() is not Turkish-aware ("I" → "i", not "ı"): that is why keys never use it
    assert s.str.lower()[1] != "ığdır"


def test_nuts_mapping():
    m = provinces.nuts_mapping(2)
    assert m[61] == "TR90" and m[27] == "TRC1" and len(m) == 81
