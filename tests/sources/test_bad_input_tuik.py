"""Bad input to the TÜİK readers: each case gives a clear error (file, sheet, cell, value found,
what was expected) or a documented handling — and the raw files in data/raw are never touched.

Modified workbooks are written to ``tmp_path`` from a copy of the raw grid (openpyxl via
``DataFrame.to_excel``); the raw files are only ever read.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.sources import tuik
from helpers.sources._workbook import LayoutError, parse_tr_number, read_sheet

RAW = paths.RAW_TUIK


@pytest.fixture(scope="module", autouse=True)
def raw_files_unchanged():
    """sha256 of every raw TÜİK file before and after the tests of this module (and against its sidecar)."""
    files = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.endswith(".meta.yml"))
    before = {p.name: provenance.sha256(p) for p in files}
    yield
    after = {p.name: provenance.sha256(p) for p in files}
    assert after == before, "a raw file in data/raw/tuik changed during the tests"
    for p in files:
        provenance.verify(p)  # still matches the checksum recorded in its sidecar


def grid(name: str) -> pd.DataFrame:
    g, _ = read_sheet(RAW / name, tuik.SHEETS[name])
    return g


def write_xlsx(g: pd.DataFrame, path: Path, sheet: str = "Tablo") -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        g.to_excel(xw, sheet_name=sheet, header=False, index=False)
    return path


# --- Files that are not workbooks ----------------------------------------------------------------

def test_empty_file(tmp_path):
    empty = tmp_path / tuik.POPULATION_FILE
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"the file is empty \(0 bytes\)") as exc:
        tuik.read_population(empty)
    assert str(empty) in str(exc.value)


@pytest.mark.parametrize("name, reader", [
    (tuik.POPULATION_FILE, tuik.read_population),
    (tuik.GDP_CURRENT_FILE, tuik.read_gdp_current),
])
def test_truncated_workbook(tmp_path, name, reader):
    copy = tmp_path / name
    shutil.copyfile(RAW / name, copy)
    size = copy.stat().st_size
    with open(copy, "r+b") as fh:  # truncate the copy, never the raw file
        fh.truncate(size // 2)
    with pytest.raises(ValueError, match="cannot be read as an Excel workbook") as exc:
        reader(copy)
    assert str(copy) in str(exc.value) and "truncated" in str(exc.value)


def test_not_a_workbook(tmp_path):
    fake = tmp_path / tuik.SES_PROVINCE_FILE
    fake.write_text("İl;SES\nAdana;128,9\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be read as an Excel workbook"):
        tuik.read_ses_province(fake)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        tuik.read_population(tmp_path / "nope.xls")


# --- Wrong sheet, renamed or moved headers -------------------------------------------------------

def test_wrong_sheet_names_the_sheets_found(tmp_path):
    path = tmp_path / "two_sheets.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame([["notes"]]).to_excel(xw, sheet_name="Notlar", header=False, index=False)
        pd.DataFrame([["data"]]).to_excel(xw, sheet_name="Veri", header=False, index=False)
    with pytest.raises(LayoutError) as exc:
        tuik.read_lfs_rate(path)
    msg = str(exc.value)
    assert "no sheet 'Tablo'" in msg and "Notlar" in msg and "Veri" in msg


def test_single_sheet_with_other_content(tmp_path):
    path = write_xlsx(pd.DataFrame([["Some other table", None], [None, None], ["x", 1]]), tmp_path / "other.xlsx", sheet="Sheet1")
    with pytest.raises(LayoutError) as exc:
        tuik.read_lfs_rate(path)
    msg = str(exc.value)
    assert "sheet 'Sheet1'" in msg and "cell A1 (row 1, column A)" in msg and "'Some other table'" in msg


def test_renamed_header_names_file_sheet_row_column_and_value(tmp_path):
    g = grid(tuik.EMPLOYMENT_RATE_FILE)
    assert "Alt sınır" in g.iat[5, 4]
    g.iat[5, 4] = "Lower bound"  # row 6, column E
    path = write_xlsx(g, tmp_path / "renamed.xlsx")
    with pytest.raises(LayoutError) as exc:
        tuik.read_lfs_rate(path)
    msg = str(exc.value)
    assert str(path) in msg and "sheet 'Tablo'" in msg
    assert "cell E6 (row 6, column E)" in msg and "'Lower bound'" in msg and "alt sinir" in msg


def test_unknown_activity_header(tmp_path):
    g = grid(tuik.GDP_CURRENT_FILE)
    g.iat[3, 9] = "Sigortacılık"  # replaces "Finans ve sigorta faaliyetleri" (row 4, column J)
    path = write_xlsx(g, tmp_path / "activity.xlsx", sheet="T1")
    with pytest.raises(LayoutError, match=r"missing \['K'\]"):
        tuik.read_gdp_current(path)


def test_title_years_disagree_with_the_data(tmp_path):
    g = grid(tuik.GDP_CURRENT_FILE)
    g.iat[0, 0] = str(g.iat[0, 0]).replace("2023", "2022")
    path = write_xlsx(g, tmp_path / "years.xlsx", sheet="T1")
    with pytest.raises(LayoutError, match=r"region TR has the years 2023; expected 2022"):
        tuik.read_gdp_current(path)


def test_missing_province_row(tmp_path):
    g = grid(tuik.GDP_CURRENT_FILE)
    row = g.index[g[0] == "TRC11"][0]  # Gaziantep
    path = write_xlsx(g.drop(index=row), tmp_path / "80.xlsx", sheet="T1")
    with pytest.raises(LayoutError, match=r"found 80 province\(s\).*missing: \['Gaziantep'\]"):
        tuik.read_gdp_current(path)


def test_bad_region_code(tmp_path):
    g = grid(tuik.GDP_CURRENT_FILE)
    row = int(g.index[g[0] == "TR100"][0])
    g.iat[row, 0] = "IST"
    path = write_xlsx(g, tmp_path / "code.xlsx", sheet="T1")
    with pytest.raises(LayoutError) as exc:
        tuik.read_gdp_current(path)
    assert f"cell A{row + 1}" in str(exc.value) and "'IST'" in str(exc.value)


def test_region_code_and_name_disagree(tmp_path):
    g = grid(tuik.GDP_CURRENT_FILE)
    row = int(g.index[g[0] == "TRC11"][0])
    g.iat[row, 1] = "Kilis"  # TRC11 is Gaziantep
    path = write_xlsx(g, tmp_path / "swap.xlsx", sheet="T1")
    with pytest.raises(LayoutError, match=rf"cell B{row + 1} .*found 'Kilis'; expected Gaziantep"):
        tuik.read_gdp_current(path)


# --- Numbers written as Turkish text --------------------------------------------------------------

def test_numbers_as_turkish_text_are_read(tmp_path):
    g = grid(tuik.EMPLOYMENT_RATE_FILE)
    row = int(g.index[g[0] == "TR100"][0])  # İstanbul
    g.iat[row, 2] = "50,5"          # 2022 rate with a decimal comma
    g.iat[row, 4] = "1.234,5"       # nonsense CI but Turkish format: read, then caught by the CI check
    path = write_xlsx(g, tmp_path / "text.xlsx")
    with pytest.raises(LayoutError, match=r"a rate between its confidence limits 1234.50"):
        tuik.read_lfs_rate(path)
    g.iat[row, 4] = "49,6"
    df = tuik.read_lfs_rate(write_xlsx(g, tmp_path / "text2.xlsx"))
    ist = df[(df["plate"] == 34) & (df["year"] == 2022)].iloc[0]
    assert ist["value"] == 50.5 and ist["ci_lower"] == 49.6


@pytest.mark.parametrize("mark", ["-", "..", "*"])
def test_missing_marks_in_a_table_are_nan_not_zero(tmp_path, mark):
    g = grid(tuik.UNEMPLOYMENT_RATE_FILE)
    row = int(g.index[g[0] == "TRC33"][0])  # Şırnak
    g.iat[row, 12] = mark  # 2024 rate
    df = tuik.read_lfs_rate(write_xlsx(g, tmp_path / "missing.xlsx"))
    v = df[(df["plate"] == 73) & (df["year"] == 2024)]["value"].item()
    assert math.isnan(v)


def test_unreadable_number_names_the_cell(tmp_path):
    g = grid(tuik.UNEMPLOYMENT_RATE_FILE)
    row = int(g.index[g[0] == "TRC33"][0])
    g.iat[row, 12] = "yaklaşık 8"
    path = write_xlsx(g, tmp_path / "bad_number.xlsx")
    with pytest.raises(ValueError) as exc:
        tuik.read_lfs_rate(path)
    assert f"cell M{row + 1} (row {row + 1}, column M)" in str(exc.value) and "'yaklaşık 8'" in str(exc.value)


def test_parse_tr_number_documented_cases():
    assert parse_tr_number("1.234") == 1234 and parse_tr_number("1.234,5") == 1234.5
    assert all(math.isnan(parse_tr_number(m)) for m in ("-", "..", "*", ""))
    with pytest.raises(ValueError, match=r"'1,234\.5'"):
        parse_tr_number("1,234.5")  # English thousands format is ambiguous: rejected, never guessed


# --- Province names ------------------------------------------------------------------------------

def test_unknown_province_name(tmp_path):
    g = grid(tuik.SES_PROVINCE_FILE)
    row = int(g.index[g[0] == "Gaziantep"][0])
    g.iat[row, 0] = "Gaziantepp Merkez"
    path = write_xlsx(g, tmp_path / "province.xlsx", sheet="İl")
    with pytest.raises(LayoutError) as exc:
        tuik.read_ses_province(path)
    msg = str(exc.value)
    assert f"cell A{row + 1}" in msg and "unknown province 'Gaziantepp Merkez'" in msg and "Gaziantep (27)" in msg


def test_old_province_spelling_is_resolved(tmp_path):
    g = grid(tuik.SES_PROVINCE_FILE)
    g.loc[g[0] == "Kahramanmaraş", 0] = "K.MARAŞ"
    g.loc[g[0] == "Mersin", 0] = "İÇEL"
    df = tuik.read_ses_province(write_xlsx(g, tmp_path / "old.xlsx", sheet="İl"))
    assert set(df["plate"]) == set(range(1, 82))
    assert df.loc[df["plate"] == 46, "province_label"].item() == "K.MARAŞ"


def test_duplicated_province_column_in_population(tmp_path):
    # A small population sheet with Adana twice and no Adıyaman: rejected, naming both.
    g = grid(tuik.POPULATION_FILE).iloc[:9].copy()
    g.iat[2, 5] = "Adana"
    path = write_xlsx(g, tmp_path / "pop.xlsx", sheet="945")
    with pytest.raises(LayoutError, match=r"missing: \['Adıyaman'\], repeated: \['Adana'\]"):
        tuik.read_population(path)
