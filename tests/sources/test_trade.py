"""Monthly exports and imports by province, 2013-01 to 2020-09."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.schemas import TableValidationError, validate_table
from helpers.sources import trade
from helpers.sources._workbook import LayoutError

RAW_FILE = paths.RAW_TRADE / trade.TRADE_FILE


@pytest.fixture(scope="module")
def tr() -> pd.DataFrame:
    before = provenance.sha256(RAW_FILE)
    df = trade.read_trade_monthly(RAW_FILE)
    assert provenance.sha256(RAW_FILE) == before
    return df


def test_structure(tr):
    validate_table(trade.TRADE_MONTHLY_SCHEMA, tr, table="trade_monthly")
    months = tr[["year", "month"]].drop_duplicates()
    assert len(months) == 7 * 12 + 9 and tuple(months.iloc[-1]) == (2020, 9)
    assert tr.loc[tr["row_kind"] == "province", "plate"].nunique() == 81
    assert set(tr["row_kind"]) == {"province", "unspecified", "confidential"}  # no total rows printed
    assert tr.loc[tr["row_kind"] != "province", "plate"].isna().all()
    assert set(tr.loc[tr["row_kind"] == "confidential", "flow"]) == {"import"}
    assert set(tr["currency"]) == {"USD", "EUR", "TL"}


def test_2013_export_total_matches_tuik(tr):
    usd = tr[(tr["currency"] == "USD") & (tr["year"] == 2013)]
    exports = usd[usd["flow"] == "export"]["value"].sum()
    assert round(exports / 1e9, 1) == 161.5  # TÜİK general trade system, 2013 exports: $161.5 bn
    assert exports == 161_480_914_702  # all rows, including unspecified ("Belirsiz")


def test_spot_values(tr):
    ist = tr[(tr["plate"] == 34) & (tr["year"] == 2014) & (tr["month"] == 3) & (tr["flow"] == "export")]
    assert ist.set_index("currency")["value"].to_dict() == {"USD": 8407027918.0, "EUR": 6083477740.0, "TL": 18670401956.0}
    assert ist["province_label"].iloc[0] == "34 - ISTANBUL"
    gizli = tr[(tr["row_kind"] == "confidential") & (tr["year"] == 2020) & (tr["month"] == 9) & (tr["currency"] == "USD")]
    assert gizli["value"].item() == 1636658904.0


def test_absent_months_are_not_filled(tr):
    # Rows missing in the source (e.g. months without recorded trade) stay absent: no invented zeros.
    assert (tr["value"] == 0).sum() == 0
    per = tr[(tr["currency"] == "USD")].groupby(["plate"])["month"].size()
    assert per.loc[30] < 93 * 2  # Hakkari has province-months without rows


@pytest.mark.parametrize("label, expected", [
    ("34 - ISTANBUL", ("province", 34)), ("4 - AGRI", ("province", 4)), ("0 - Belirsiz (Nonspecified)", ("unspecified", None)),
    ("99 - GIZLI VERI", ("confidential", None)), ("Toplam", ("total", None)), ("46 - K.MARAS", ("province", 46)),
])
def test_classify_city(label, expected):
    assert trade.classify_city(label) == expected


def test_classify_city_rejects_wrong_number_and_unknown_names():
    with pytest.raises(ValueError, match="the printed number 72 is not the plate of Kırıkkale"):
        trade.classify_city("72 - KIRIKKALE", where="cell C5")
    with pytest.raises(ValueError, match="unknown province 'ATLANTIS'"):
        trade.classify_city("85 - ATLANTIS")


def test_bad_inputs(tmp_path):
    empty = tmp_path / "e.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        trade.read_trade_monthly(empty)
    cut = tmp_path / "cut.xlsx"
    shutil.copyfile(RAW_FILE, cut)
    with open(cut, "r+b") as fh:
        fh.truncate(cut.stat().st_size // 3)
    with pytest.raises(ValueError, match="cannot be read as an Excel workbook"):
        trade.read_trade_monthly(cut)
    small = pd.DataFrame({"Year": [2013, 2013], "Month": ["01-Ocak", "13-Ocak"], "City": ["1 - ADANA", "1 - ADANA"],
                          "TradingType": ["Ihracat", "Ithalat"], "AmountUSD": [1, 2], "AmountEUR": [1, 2], "AmountTL": [1, 2]})
    p = tmp_path / "month.xlsx"
    small.to_excel(p, index=False)
    with pytest.raises(LayoutError, match=r"cell B3 \(row 3, column B\): found '13-Ocak'"):
        trade.read_trade_monthly(p)
    small.loc[1, "Month"] = "01-Ocak"
    small = small.rename(columns={"TradingType": "Flow"})
    p2 = tmp_path / "header.xlsx"
    small.to_excel(p2, index=False)
    with pytest.raises(LayoutError, match=r"row 1: header .*missing \['TradingType'\]"):
        trade.read_trade_monthly(p2)
    assert provenance.verify(RAW_FILE)


def test_schema_rejects_plate_82(tr):
    bad = tr.head(30).copy()
    bad.loc[5, "plate"] = 82
    with pytest.raises(TableValidationError, match=r"column 'plate', value 82"):
        validate_table(trade.TRADE_MONTHLY_SCHEMA, bad, table="trade_monthly")
