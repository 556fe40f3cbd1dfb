"""helpers.stakeholders: write a sheet, fill it with openpyxl, read it back, break it."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from openpyxl import load_workbook

from helpers import criteria as cr
from helpers import stakeholders as sk
from helpers.stakeholders import StakeholderSheetError

from criteria_toys import SHIPPED_CONFIG, make_table

FIRST = sk.FIRST_DATA_ROW
ITEM_COL = len(sk.FIXED_COLUMNS) + 1  # F


@pytest.fixture(scope="module")
def cfg():
    return cr.load_criteria(SHIPPED_CONFIG)


@pytest.fixture
def short(cfg):
    return cr.evaluate(make_table(n=8, seed=0), cfg).top(4)


def _fill(path, scores, org="Trabzon TSO", respondent="A. Yılmaz"):
    """scores: list of rows (one per sector) of item scores."""
    wb = load_workbook(path)
    ws = wb[sk.SCORING_SHEET]
    ws.cell(row=sk.FIELDS["respondent"][0], column=sk.FIELD_COL, value=respondent)
    ws.cell(row=sk.FIELDS["organisation"][0], column=sk.FIELD_COL, value=org)
    for i, row in enumerate(scores):
        for j, v in enumerate(row):
            ws.cell(row=FIRST + i, column=ITEM_COL + j, value=v)
    wb.save(path)


def _edit(path, cell, value):
    wb = load_workbook(path)
    wb[sk.SCORING_SHEET][cell] = value
    wb.save(path)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_written_sheet_layout(tmp_path, cfg, short):
    path = sk.write_sheet(tmp_path / "trabzon_oda.xlsx", "Trabzon", short, cfg)
    wb = load_workbook(path)
    assert wb.sheetnames == [sk.INSTRUCTIONS_SHEET, sk.SCORING_SHEET, "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    ws = wb[sk.SCORING_SHEET]
    items = [q.id for q in cfg.qualitative_items]
    keys = [ws.cell(row=sk.KEY_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    assert keys == ["nace_division", "sector", "insured", "workplaces", "lq", *items, "comment"]
    assert ws.cell(row=sk.HEADER_ROW, column=ITEM_COL).value.startswith("Ağ Oluşturma ve İşbirliği: ")
    assert ws.cell(row=sk.HEADER_ROW, column=1).value == "NACE bölümü"  # Turkish sheet by default
    codes = [ws.cell(row=FIRST + i, column=1).value for i in range(len(short))]
    assert codes == short["nace_division"].tolist()
    assert ws.cell(row=FIRST, column=3).value == int(round(short["insured"].iloc[0]))
    dv = [d for d in ws.data_validations.dataValidation if d.type == "whole"]
    assert len(dv) == 1 and dv[0].formula1 == "1" and dv[0].formula2 == "5"
    assert str(dv[0].sqref) == f"F{FIRST}:J{FIRST + len(short) - 1}"
    text = " ".join(str(c.value) for row in wb[sk.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "Puan ölçeği" in text and "Çok güçlü" in text and cfg.qualitative_items[1].question_tr in text
    assert "very strong" not in text and "How to fill in" not in text  # one language
    assert wb["_meta"]["A5"].value == "language" and wb["_meta"]["B5"].value == "tr"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_round_trip_and_aggregate(tmp_path, cfg, short):
    n = len(short)
    for name, base in [("a", 1), ("b", 3), ("c", 5)]:
        p = sk.write_sheet(tmp_path / f"{name}.xlsx", "Trabzon", short, cfg)
        _fill(p, [[base] * 5 for _ in range(n)], org=f"org {name}")
    resp = sk.read_sheets(tmp_path, cfg, short)
    assert len(resp) == 3 * n * 5
    assert list(resp.columns) == ["file", "respondent", "organisation", "organisation_type", "date",
                                  "nace_division", "item", "score", "comment"]
    agg = sk.aggregate(resp)
    assert len(agg) == n * 5
    assert (agg["n"] == 3).all() and (agg["median"] == 3).all()
    assert (agg["q1"] == 2).all() and (agg["q3"] == 4).all() and (agg["iqr"] == 2).all()
    assert agg["high_disagreement"].all()
    # the aggregate feeds the evaluation directly
    res = cr.evaluate(make_table(n=8, seed=0).query("nace_division in @short.nace_division"), cfg, qualitative=agg)
    assert "qualitative" in set(res.criteria["kind"])


def test_integer_valued_floats_and_numeric_text_are_accepted(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    _fill(p, [[4.0, "3", 2, 5, 1] for _ in range(len(short))])
    resp = sk.read_sheets(tmp_path, cfg, short)
    assert resp["score"].tolist()[:5] == [4, 3, 2, 5, 1]


@pytest.mark.parametrize("cell, value, expected", [
    ("F12", 7, "value 7; out of range for item ag_dernek"),
    ("G11", 3.5, "value 3.5; not a whole number for item ag_ortak_proje"),
    ("H13", "dört", "value 'dört'; not a whole number"),
    ("J14", None, "missing score for item fk_girdi_erisimi"),
    ("F11", 0, "value 0; out of range"),
])
def test_bad_score_cell_named(tmp_path, cfg, short, cell, value, expected):
    p = sk.write_sheet(tmp_path / "kalkinma_ajansi.xlsx", "Trabzon", short, cfg)
    _fill(p, [[3] * 5 for _ in range(len(short))])
    _edit(p, cell, value)
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    msg = str(err.value)
    assert f"kalkinma_ajansi.xlsx, sheet 'Puanlama', cell {cell}" in msg
    assert expected in msg and "expected a whole number from 1 to 5" in msg
    assert err.value.problems[0]["cell"] == cell


def test_unknown_sector_code_named(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    _fill(p, [[3] * 5 for _ in range(len(short))])
    _edit(p, f"A{FIRST + 1}", "99")
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    msg = str(err.value)
    assert f"a.xlsx, sheet 'Puanlama', cell A{FIRST + 1}: value '99'; unknown sector code" in msg
    assert f"shortlisted division {short['nace_division'].iloc[1]} has no row" in msg


def test_unknown_item_column_named(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    _fill(p, [[3] * 5 for _ in range(len(short))])
    _edit(p, f"G{sk.KEY_ROW}", "ag_kume_ortakligi")
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    msg = str(err.value)
    assert f"cell G{sk.KEY_ROW}: value 'ag_kume_ortakligi'; unknown item column" in msg
    assert "column 'ag_ortak_proje' missing" in msg


def test_missing_organisation_and_allow_missing(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    _fill(p, [[3] * 5 for _ in range(len(short))], org=None)
    _edit(p, "F11", None)
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    cells = [pr["cell"] for pr in err.value.problems]
    assert cells == ["C4", "F11"]
    _edit(p, "C4", "Üniversite")
    resp = sk.read_sheets(tmp_path, cfg, short, allow_missing=True)
    assert len(resp) == len(short) * 5 - 1


def test_problems_from_several_files_are_all_listed(tmp_path, cfg, short):
    for name in ("a", "b"):
        p = sk.write_sheet(tmp_path / f"{name}.xlsx", "Trabzon", short, cfg)
        _fill(p, [[3] * 5 for _ in range(len(short))])
        _edit(p, "H12", 9)
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    assert [pr["file"].rsplit("/", 1)[-1] for pr in err.value.problems] == ["a.xlsx", "b.xlsx"]
    assert str(err.value).startswith("2 problem(s) in stakeholder sheets:")


def test_not_a_consultation_sheet(tmp_path, cfg, short):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "other.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    msg = str(err.value)
    assert "broken.xlsx: value" not in msg and "broken.xlsx; cannot be opened as an xlsx workbook" in msg
    assert "other.xlsx; no sheet named 'Puanlama'" in msg


def test_empty_folder(tmp_path, cfg, short):
    with pytest.raises(StakeholderSheetError, match=r"no \*\.xlsx consultation sheets"):
        sk.read_sheets(tmp_path, cfg, short)


def test_filled_sheet_is_not_overwritten(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    _fill(p, [[3] * 5 for _ in range(len(short))])
    before = _digest(p)
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        sk.write_sheet(p, "Trabzon", short, cfg)
    assert _digest(p) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.xlsx"]  # no temp file left behind
    sk.write_sheet(p, "Trabzon", short, cfg, overwrite=True)
    assert _digest(p) != before
    assert not sk._is_filled(p)  # a fresh, empty template


def test_only_a_respondent_field_counts_as_filled(tmp_path, cfg, short):
    p = sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short, cfg)
    sk.write_sheet(p, "Trabzon", short, cfg)  # untouched template: may be replaced
    _edit(p, "C3", "Ayşe")
    with pytest.raises(FileExistsError):
        sk.write_sheet(p, "Trabzon", short, cfg)


def test_write_sheet_input_checks(tmp_path, cfg, short):
    with pytest.raises(ValueError, match="lacks column"):
        sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", short.drop(columns=["lq"]), cfg)
    with pytest.raises(ValueError, match=r"\.xlsx"):
        sk.write_sheet(tmp_path / "a.csv", "Trabzon", short, cfg)
    with pytest.raises(ValueError, match="duplicate sector codes"):
        sk.write_sheet(tmp_path / "a.xlsx", "Trabzon", pd.concat([short, short]), cfg)


def test_english_sheet_reads_back_like_a_turkish_one(tmp_path, cfg, short):
    en = sk.write_sheet(tmp_path / "en.xlsx", "Trabzon", short, cfg, lang="en")
    wb = load_workbook(en)
    assert wb.sheetnames == [*sk.SHEETS["en"], "_meta"]
    ws = wb[sk.SHEETS["en"][1]]
    assert ws.cell(row=sk.HEADER_ROW, column=1).value == "NACE division"
    assert ws.cell(row=sk.HEADER_ROW, column=ITEM_COL).value.endswith(cfg.qualitative_items[0].subtitle_en)
    text = " ".join(str(c.value) for row in wb[sk.SHEETS["en"][0]].iter_rows() for c in row if c.value)
    assert "How to fill in" in text and "very strong" in text and "Puan ölçeği" not in text
    tr = sk.write_sheet(tmp_path / "tr.xlsx", "Trabzon", short, cfg)
    for path, name in ((en, "en"), (tr, "tr")):
        wb = load_workbook(path)
        ws = wb[sk.SHEETS[name][1]]
        ws.cell(row=sk.FIELDS["organisation"][0], column=sk.FIELD_COL, value=f"Oda {name}")
        for i in range(len(short)):
            for j in range(len(cfg.qualitative_items)):
                ws.cell(row=FIRST + i, column=ITEM_COL + j, value=1 + (i + j) % 5)
        wb.save(path)
    got = sk.read_sheets(tmp_path, cfg, short)
    assert set(got["file"]) == {"en.xlsx", "tr.xlsx"}
    by = got.pivot_table(index=["nace_division", "item"], columns="file", values="score")
    assert (by["en.xlsx"] == by["tr.xlsx"]).all()  # the same scores read from both languages
    with pytest.raises(FileExistsError):
        sk.write_sheet(en, "Trabzon", short, cfg, lang="en")  # a filled English sheet is recognised as filled
