import pytest

from helpers import nace, paths, reference


def test_counts_by_level():
    counts = nace.table()["level"].value_counts().to_dict()
    assert counts == {"section": 21, "division": 88, "group": 272, "class": 615}


def test_embedded_newlines_parsed_not_split():
    rows = nace.read_ramon_csv(paths.RAW_REFERENCE / "nace_rev2_tr.csv")
    assert len(rows) == 21 + 88 + 272 + 615
    assert any("\n" in field for r in rows for field in r)  # newlines stay inside fields


def test_parents_and_titles():
    t = nace.table().set_index("code")
    assert t.loc["13", "parent_code"] == "C" and t.loc["13", "section"] == "C"
    assert t.loc["13.1", "parent_code"] == "13" and t.loc["13.10", "parent_code"] == "13.1"
    assert t.loc["13", "title_en"] == "Manufacture of textiles"
    assert t.loc["13", "title_tr"].startswith("Tekstil")
    assert nace.section_of(13) == "C" and nace.section_of("01") == "A"
    assert nace.a10_of_section("C") == "B-E"


@pytest.mark.parametrize("raw, code", [(13, "13"), ("13", "13"), ("13.0", "13"), ("C13", "13"), (" 1 ", "01")])
def test_normalise_division(raw, code):
    assert nace.normalise_division(raw) == code


def test_normalise_division_rejects():
    with pytest.raises(ValueError, match="'ab'"):
        nace.normalise_division("ab")


def test_committed_reference_tables_equal_a_fresh_build():
    assert paths.NACE_CSV.read_bytes() == nace.to_csv_bytes(reference.build_nace())
    assert paths.PROVINCES_CSV.read_bytes() == nace.to_csv_bytes(reference.build_provinces())
