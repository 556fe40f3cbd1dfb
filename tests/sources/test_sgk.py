"""helpers.sources.sgk: the SGK yearbook table of 4/a workplaces and insured persons by province and
NACE division, read from fixture workbooks of every known layout (tests/sources/sgk_fixtures.py),
and every kind of bad input failing with a message that names file, sheet, cell, value."""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import warnings

import pandas as pd
import pytest

from helpers import nace, paths, pipeline, provenance
from helpers.schemas import TableValidationError, validate_table
from helpers.sources import sgk

import sgk_fixtures as F

pytestmark = pytest.mark.filterwarnings("ignore:.*covers .* of 81 provinces:UserWarning")


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_dict(df: pd.DataFrame) -> dict:
    return {(int(r.plate), r.nace_division): (r.workplaces, r.insured) for r in df.itertuples()}


def assert_same(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key, (w, i) in expected.items():
        gw, gi = got[key]
        assert (math.isnan(w) and math.isnan(gw)) or gw == w, (key, gw, w)
        assert (math.isnan(i) and math.isnan(gi)) or gi == i, (key, gi, i)


# ---------------------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------------------

def test_2025_layout_provinces_as_columns_rev21(tmp_path):
    path, expected = F.build_2025(tmp_path)
    before = sha(path)
    df = sgk.read_sgk_workbook(path)
    assert list(df.columns) == sgk.COLUMNS
    assert_same(as_dict(df), expected)
    assert df["nace_division"].nunique() == nace.DIVISION_COUNTS[nace.REV21] == 91
    assert set(df["nace_revision"]) == {nace.REV21}
    assert set(df["year"]) == {2025} and set(df["source_file"]) == {path.name}
    assert not df["is_sample"].any()
    checks = df.attrs["total_checks"]
    assert checks["checked"] > 0 and checks["mismatched"] == 0 and checks["matched"] == checks["checked"]
    assert sha(path) == before  # the workbook is only read
    validate_table(sgk.SCHEMA, df, "employment_sgk")


def test_old_layout_provinces_as_rows_old_spellings_and_misprinted_plate(tmp_path):
    """K.MARAŞ, İÇEL, Ş.URFA resolve by name; Kırıkkale printed with plate 72 (like Batman) is
    still Kırıkkale (71): printed plate numbers are never used."""
    path, expected = F.build_old(tmp_path)
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    assert {46, 33, 63, 71, 72} <= set(df["plate"])
    k, b = df[df.plate == 71].set_index("nace_division"), df[df.plate == 72].set_index("nace_division")
    assert k.loc["13", "insured"] == F.value(71, "13", "insured") != b.loc["13", "insured"]
    assert set(df["nace_revision"]) == {nace.REV2} and set(df["year"]) == {2009}
    assert df.attrs["total_checks"]["mismatched"] == 0


def test_long_layout_province_rows_by_division_rows(tmp_path):
    path, expected = F.build_long(tmp_path)
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    assert set(df["year"]) == {2013}
    assert df.attrs["total_checks"]["matched"] == 6  # each province's Toplam row, two measures


def test_table_below_other_tables_and_a_page_marker(tmp_path):
    """The sheet holds another 4/a table first, then "Tablo : 18/1" (a page marker, not a title),
    then ours, then the title of a third table: only ours is read."""
    path, expected = F.build_after_other_tables(tmp_path)
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    assert set(df["year"]) == {2011}


def test_page_break_with_repeated_header_inside_the_table(tmp_path):
    rows, merges, expected = F.layout_a(2013, plates=(1, 6, 34), divisions=F.rev2_divisions()[:12])
    cut = 10
    rows = rows[:cut] + [["Tablo : 18/2"], rows[2], rows[3]] + rows[cut:]
    path = F.write(tmp_path / "sgk_2013.xlsx", {"T18": rows}, {"T18": merges})
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    assert df.attrs["total_checks"]["mismatched"] == 0


def test_title_repeated_on_each_page_blocks_are_combined(tmp_path):
    a, merges_a, exp_a = F.layout_a(2013, plates=(1, 6), divisions=F.rev2_divisions()[:5], total_col=False)
    b, _, exp_b = F.layout_a(2013, plates=(34, 46), divisions=F.rev2_divisions()[:5], total_col=False,
                             title_prefix="Tablo 18 (devam) - ")
    path = F.write(tmp_path / "sgk_2013.xlsx", {"T18": a + [[]] + b}, {"T18": merges_a})
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), exp_a | exp_b)


def test_turkish_text_numbers(tmp_path):
    path, expected = F.build_2025(tmp_path, text_numbers=True)
    df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    assert df.loc[df.plate == 34, "insured"].max() >= 1000  # printed as "12.345"


def test_suppressed_cells_are_missing_not_zero(tmp_path):
    cells = [(1, "10"), (6, "13"), (34, "47"), (72, "01")]  # printed "-", "..", "*" and blank
    path, expected = F.build_2025(tmp_path, suppressed=cells)
    df = sgk.read_sgk_workbook(path).set_index(["plate", "nace_division"])
    for cell in cells:
        assert math.isnan(df.loc[cell, "insured"]) and math.isnan(df.loc[cell, "workplaces"])
    assert (df["insured"] == 0).sum() == 0
    checks = df.attrs["total_checks"]
    assert checks["incomplete"] > 0 and checks["mismatched"] == 0  # totals include the hidden cells


def test_total_mismatch_is_warned_and_reported_then_dropped(tmp_path):
    path, expected = F.build_old(tmp_path, mismatch_row=34)
    with pytest.warns(sgk.SGKTotalsWarning, match=r"1 printed total.*row 9, column P.*İSTANBUL / TOPLAM / Sigortalı"):
        df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)  # leaves are unaffected; totals are not rows
    (m,) = df.attrs["total_checks"]["mismatches"]
    assert (m["cell"], m["difference"], m["status"]) == ("row 9, column P", 7.0, "mismatch")
    assert df.attrs["total_checks"]["matched"] == df.attrs["total_checks"]["checked"] - 1


def test_matching_and_mismatching_totals_in_the_2025_layout(tmp_path):
    path, _ = F.build_2025(tmp_path, mismatch=("all", "C"))  # national subtotal of section C
    with pytest.warns(sgk.SGKTotalsWarning, match=r"TOPLAM / C / Sigortalı"):
        df = sgk.read_sgk_workbook(path)
    checks = df.attrs["total_checks"]
    assert checks["mismatched"] == 1 and checks["matched"] == checks["checked"] - 1


def test_helper_columns_and_repeated_header_column_are_ignored(tmp_path):
    path, expected = F.build_2025(tmp_path, helper_cols=True, repeat_col=True)
    with pytest.warns(sgk.SGKLayoutWarning, match="ignored 2 helper column"):
        df = sgk.read_sgk_workbook(path)
    assert_same(as_dict(df), expected)
    ignored = df.attrs["ignored_columns"]
    assert any("repeats the header" in c for c in ignored) and any("unlabelled" in c for c in ignored)


def test_footnote_rows_are_dropped(tmp_path):
    path, expected = F.build_2025(tmp_path, footnotes=True)
    df = sgk.read_sgk_workbook(path)
    assert len(df) == len(expected)


def test_year_from_sheet_name_when_the_title_has_none(tmp_path):
    path, _ = F.build_old(tmp_path, name="sgk_yillik_2010.xlsx", sheet="2009")
    assert set(sgk.read_sgk_workbook(path)["year"]) == {2009}  # sheet name before file name


# ---------------------------------------------------------------------------------------------
# Bad input: a clear error naming file, sheet, cell and value; the file untouched
# ---------------------------------------------------------------------------------------------

def _bad_empty(tmp_path):
    p = tmp_path / "bos_2013.xlsx"
    p.write_bytes(b"")
    return p, [r"bos_2013\.xlsx: the file is empty"]


def _bad_truncated(tmp_path):
    good, _ = F.build_2025(tmp_path, name="good.xlsx")
    p = tmp_path / "kesik_2025.xlsx"
    p.write_bytes(good.read_bytes()[:2000])
    return p, [r"kesik_2025\.xlsx: cannot be read as an Excel \(\.xlsx\) workbook", "truncated"]


def _bad_wrong_sheet(tmp_path):
    p = F.write(tmp_path / "yillik_2012.xlsx", {"Tablo 5": [
        ["Tablo 5 - 4/a kapsamında sigortalıların illere göre dağılımı (2012)"], ["İl", "İş yeri", "Sigortalı"],
        ["ADANA", 1, 2]]})
    return p, [r"yillik_2012\.xlsx: no sheet holds the table titled", "'Tablo 5'", "similar titles"]


def _bad_renamed_header(tmp_path):
    p, _ = F.build_2025(tmp_path, rename=(9, "Çalışan"))
    return p, [r"sgk_yillik_2025\.xlsx, sheet 'TABLO-1\.11', cell J4 \(row 4, column J\)", "'Çalışan'",
               "expected 'İş yeri' or 'Sigortalı'"]


def _bad_duplicated_province_column(tmp_path):
    p, _ = F.build_2025(tmp_path, plates=(1, 6, 34, 1))
    return p, [r"sheet 'TABLO-1\.11', cell K3 \(row 3, column K\): duplicated province 'ADANA'", "row 3, column E"]


def _bad_duplicated_province_row(tmp_path):
    p, _ = F.build_old(tmp_path, duplicate=46)
    return p, [r"sheet '2009', cell B15 \(row 15, column B\): duplicated province 'K\.MARAŞ'", "row 11, column B"]


def _bad_unknown_province_row(tmp_path):
    p, _ = F.build_old(tmp_path, unknown="ISTANPOL")
    return p, [r"cell B15 \(row 15, column B\): unknown province 'ISTANPOL'", "one of the 81 province names",
               r"İstanbul \(34\)"]


def _bad_unknown_province_header(tmp_path):
    p, _ = F.build_2025(tmp_path, header_names={6: "ANKRA"})
    return p, [r"cell G3 \(row 3, column G\): unknown province 'ANKRA'", r"Ankara \(6\)"]


def _bad_unseen_layout(tmp_path):
    p = F.write(tmp_path / "sgk_2012.xlsx", {"T7": [[F.TITLE + " (2012)"], ["İl", "Erkek", "Kadın"], ["ADANA", 1, 2]]})
    return p, [r"sgk_2012\.xlsx, sheet 'T7', cell A1 \(row 1, column A\)", "header is not a layout this reader knows",
               "'İş yeri' and 'Sigortalı'", "'Erkek'"]


def _bad_no_province_anywhere(tmp_path):
    p = F.write(tmp_path / "sgk_2014.xlsx", {"T": [[F.TITLE + " 2014"], ["Kod", "Faaliyet", "İş yeri", "Sigortalı"],
                                                   ["01", "Bitkisel üretim", 10, 50], ["02", "Ormancılık", 3, 9]]})
    return p, [r"sgk_2014\.xlsx, sheet 'T', cell A2 \(row 2, column A\)", "layout is not one this reader knows",
               "expected province names", "searched columns A–B"]


def _bad_text_in_number_cell(tmp_path):
    rows, merges, _ = F.layout_a(2013, plates=(1, 6), divisions=F.rev2_divisions()[:3], sections=False)
    rows[5][4] = "yok"
    p = F.write(tmp_path / "sgk_2013.xlsx", {"S": rows}, {"S": merges})
    return p, [r"cell E6 \(row 6, column E\): not a number: 'yok'", "suppressed"]


def _bad_no_year(tmp_path):
    p = F.write(tmp_path / "sgk.xlsx", {"S": [[F.TITLE], ["İl", "İş yeri", "Sigortalı"], ["ADANA", 1, 2]]})
    return p, [r"sgk\.xlsx, sheet 'S', cell A1", "no year in the title"]


BAD = [_bad_empty, _bad_truncated, _bad_wrong_sheet, _bad_renamed_header, _bad_duplicated_province_column,
       _bad_duplicated_province_row, _bad_unknown_province_row, _bad_unknown_province_header, _bad_unseen_layout,
       _bad_no_province_anywhere, _bad_text_in_number_cell, _bad_no_year]


@pytest.mark.parametrize("make", BAD, ids=lambda f: f.__name__[5:])
def test_bad_input_is_a_clear_error_and_the_file_is_untouched(tmp_path, make):
    path, patterns = make(tmp_path)
    before = sha(path)
    with pytest.raises(ValueError) as exc:
        sgk.read_sgk_workbook(path)
    for pattern in patterns:
        assert re.search(pattern, str(exc.value)), (pattern, str(exc.value))
    assert sha(path) == before
    assert not provenance.sidecar_path(path).exists()


def test_xls_files_go_to_calamine_by_suffix(tmp_path, monkeypatch):
    """No xlwt is available to write a real .xls fixture. The reader hands every workbook to
    python-calamine, which picks the .xls (BIFF/OLE) or .xlsx (zip) parser from the suffix; so this
    checks that a .xls path reaches calamine as it is, and that a mislabelled file fails clearly."""
    good, _ = F.build_2025(tmp_path)
    fake = tmp_path / "sgk_yillik_2025.xls"
    shutil.copyfile(good, fake)
    seen = []
    from helpers.sources import _workbook
    real = _workbook.CalamineWorkbook.from_path
    monkeypatch.setattr(_workbook.CalamineWorkbook, "from_path", staticmethod(lambda p: seen.append(p) or real(p)))
    with pytest.raises(ValueError, match=r"sgk_yillik_2025\.xls: cannot be read as an Excel 97–2003 \(\.xls\)"):
        sgk.read_sgk_workbook(fake)
    assert seen == [str(fake)]
    assert len(sgk.read_sgk_workbook(good)) > 0 and seen[-1] == str(good)


# ---------------------------------------------------------------------------------------------
# Titles, revisions, schema
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    sgk.TITLE, F.TITLE, "Tablo 1.11 - " + F.TITLE, "TABLO 18: 4/A KAPSAMINDA İŞYERİ VE SİGORTALILARIN FAALİYET "
    "GRUPLARINA VE İLLERE GÖRE DAĞILIMI (2013)", "4/a kapsamındaki işyeri ve sigortalıların faaliyet gruplarına ve "
    "illere göre dağılımı - Aralık 2010"])
def test_title_variants_are_recognised(text):
    assert sgk.is_sgk_title(text)


@pytest.mark.parametrize("text", [
    "Tablo : 18/1", "4/a kapsamında sigortalıların illere göre dağılımı",
    "4/a kapsamında kadın sigortalıların faaliyet gruplarına ve illere göre dağılımı",
    "4/b kapsamında iş yeri ve sigortalıların faaliyet gruplarına ve illere göre dağılımı",
    "Not: 4/a kapsamında iş yeri ve sigortalıların faaliyet gruplarına ve illere göre dağılımı tablosunda "
    "işyeri sayıları Aralık ayı sonu itibarıyla, sigortalı sayıları yıllık ortalama olarak verilmiştir ve iller "
    "işyerinin tescil edildiği ile göre sınıflandırılmıştır"])
def test_other_texts_are_not_the_title(text):
    assert not sgk.is_sgk_title(text)


def test_revision_from_division_set_and_year():
    rev2 = set(nace.divisions(nace.REV2)["nace_division"])
    assert sgk.detect_revision(rev2, 2013) == nace.REV2
    assert sgk.detect_revision(rev2 - {"45"}, 2025) == nace.REV21  # the published Rev.2.1 (87 divisions)
    assert sgk.detect_revision([d for d, _ in F.rev21_divisions_91()], 2025) == nace.REV21
    with pytest.warns(sgk.SGKLayoutWarning, match="exactly the 88 NACE Rev.2 divisions"):
        assert sgk.detect_revision(rev2, 2025) == nace.REV2
    with pytest.warns(sgk.SGKLayoutWarning, match="not NACE Rev.2 divisions"):
        assert sgk.detect_revision(rev2 | {"04"}, 2020) == nace.REV21


def test_schema_rejects_bad_rows(tmp_path):
    path, _ = F.build_long(tmp_path)
    df = sgk.read_sgk_workbook(path)
    bad = pd.concat([df, df.iloc[[0]]], ignore_index=True)
    bad.loc[1, "plate"] = 82
    bad.loc[2, "insured"] = -1.0
    with pytest.raises(TableValidationError) as exc:
        validate_table(sgk.SCHEMA, bad, "employment_sgk")
    text = str(exc.value)
    assert "82" in text and "-1.0" in text and "plate" in text


# ---------------------------------------------------------------------------------------------
# Inputs: official files or the sample, never both; sidecars for user files
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def raw_dirs(tmp_path, monkeypatch):
    sgk_dir, sample_dir, processed = tmp_path / "raw" / "sgk", tmp_path / "raw" / "sample", tmp_path / "processed"
    for d in (sgk_dir, sample_dir, processed):
        d.mkdir(parents=True)
    monkeypatch.setattr(paths, "RAW_SGK", sgk_dir)
    monkeypatch.setattr(paths, "RAW_SAMPLE", sample_dir)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    return sgk_dir, sample_dir


def test_sample_used_until_official_files_are_added(raw_dirs, tmp_path):
    sgk_dir, sample_dir = raw_dirs
    sample_copy = sample_dir / "SGK_SAMPLE_test_2013.xlsx"
    path, _ = F.build_long(tmp_path)
    shutil.copyfile(path, sample_copy)
    (sgk_dir / "README.md").write_text("where to get the files")
    assert sgk.employment_source() == {"kind": "sample", "files": [sample_copy]}
    official, _ = F.build_2025(sgk_dir)
    (sgk_dir / "~$sgk_yillik_2025.xlsx").write_bytes(b"lock")
    assert sgk.employment_source() == {"kind": "official", "files": [official]}


def _user_sidecar(path):
    """The sidecar a user writes for a yearbook file they added (issue 16: never generated)."""
    provenance.write_sidecar(path, title="SGK yearbook table", producer="SGK (Sosyal Güvenlik Kurumu)",
                             url=None, obtained_from="downloaded by the user from sgk.gov.tr", date_published=None,
                             date_accessed="2026-12-01", licence="SGK official statistics", notes="", is_sample=False)


def test_official_file_without_a_sidecar_is_refused_and_nothing_is_written(raw_dirs):
    """Issue 16, case 6: the workbook never writes under data/raw/ (no generated sidecar)."""
    sgk_dir, _ = raw_dirs
    official, _ = F.build_2025(sgk_dir)
    before = sha(official)
    spec = {s.name: s for s in sgk.TABLES}["employment_sgk"]
    with pytest.raises(provenance.UserFileRefused, match=r"has no provenance sidecar.*tools/raw_manifest\.py template"):
        spec.inputs()
    assert not provenance.sidecar_path(official).exists() and sha(official) == before
    _user_sidecar(official)
    assert spec.inputs() == [official]
    assert provenance.check_input(official).meta["obtained_from"] == "downloaded by the user from sgk.gov.tr"


def test_files_in_a_subfolder_are_read(raw_dirs):
    sgk_dir, _ = raw_dirs
    sub = sgk_dir / "2025_yillik"
    sub.mkdir()
    official, _ = F.build_2025(sub)
    _user_sidecar(official)
    assert sgk.employment_source() == {"kind": "official", "files": [official]}
    assert {s.name: s for s in sgk.TABLES}["employment_sgk"].inputs() == [official]


def test_a_foreign_workbook_is_refused_and_leaves_no_sidecar(raw_dirs):
    sgk_dir, _ = raw_dirs
    other = F.write(sgk_dir / "notlar.xlsx", {"Sayfa1": [["bütçe", 2025], ["gider", 12]]})
    with pytest.raises(ValueError, match=r"notlar\.xlsx: in sgk/ but no sheet carries the SGK table title"):
        {s.name: s for s in sgk.TABLES}["employment_sgk"].inputs()
    assert not provenance.sidecar_path(other).exists()


def test_pipeline_builds_employment_from_official_files(raw_dirs):
    sgk_dir, _ = raw_dirs
    _user_sidecar(F.build_2025(sgk_dir)[0])
    _user_sidecar(F.build_old(sgk_dir)[0])
    result = pipeline.build("employment_sgk", force=True)
    assert result.status == "built"
    df = pd.read_parquet(result.path)
    assert set(df["year"]) == {2009, 2025} and not df["is_sample"].any()
    assert set(df.groupby("year")["nace_revision"].first()) == {nace.REV2, nace.REV21}


def test_same_year_in_two_files_is_an_error(raw_dirs):
    sgk_dir, _ = raw_dirs
    a, _ = F.build_2025(sgk_dir, name="a_2025.xlsx")
    b, _ = F.build_2025(sgk_dir, name="b_2025.xlsx")
    with pytest.raises(ValueError, match=r"year 2025 is in two SGK files: a_2025\.xlsx and b_2025\.xlsx"):
        sgk.read_employment([a, b])


def test_sample_and_official_files_are_never_mixed(tmp_path):
    official, _ = F.build_2025(tmp_path)
    sample, _ = F.build_long(tmp_path, name="SGK_SAMPLE_2013.xlsx")
    provenance.write_sidecar(sample, title="t", producer="this workbook (synthetic)", obtained_from="test",
                             date_accessed="2026-01-01", licence="MIT", notes="", is_sample=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the fixture lacks the sample note row (warned)
        with pytest.raises(ValueError, match="never mixed"):
            sgk.read_employment([official, sample])


def test_sample_flag_from_file_name_and_sidecar_disagreeing_is_warned(tmp_path):
    sample, _ = F.build_long(tmp_path, name="SGK_SAMPLE_2013.xlsx")
    with pytest.warns(sgk.SGKLayoutWarning, match="marked as sample data by file name but not by sidecar, note row"):
        df = sgk.read_sgk_workbook(sample)
    assert df["is_sample"].all()
