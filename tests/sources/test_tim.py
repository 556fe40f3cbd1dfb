"""helpers.sources.tim: TİM exports by province and sector (wide and long layouts, units, totals,
partial years), bad input, the sector → NACE reference and tim_to_nace's documented split."""

from __future__ import annotations

import hashlib
import math
import re
import warnings

import pandas as pd
import pytest

from helpers import nace, paths, pipeline, provenance
from helpers.sources import tim

from sgk_fixtures import write

HEADER = ["İl", "I. TARIM", "Fındık ve Mamulleri", "Yaş Meyve ve Sebze", "II. SANAYİ", "Otomotiv Endüstrisi",
          "Çelik", "III. MADENCİLİK", "Madencilik Ürünleri",
          "İhracatçı Birlikleri Kaydından Muaf İhracat ile Antrepo ve Serbest Bölgeler Farkı", "TOPLAM", "Pay (%)"]
SECTORS = ["Fındık ve Mamulleri", "Yaş Meyve ve Sebze", "Otomotiv Endüstrisi", "Çelik", "Madencilik Ürünleri"]
#: thousand USD by province: Fındık, Yaş Meyve, Otomotiv, Çelik, Madencilik, exempt
DATA = {"K.MARAŞ": [None, 10.5, 200, 300, 40, 1], "TRABZON": [1234.5, 20, None, 5, 3, 2],
        "İSTANBUL": [5000, 700, 90000, 8000, 600, 50], "ORDU": [2500, 15, 1, 0, 7, 0]}
PLATES = {"K.MARAŞ": 46, "TRABZON": 61, "İSTANBUL": 34, "ORDU": 52}


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wide_rows(bump_total: float = 0.0, extra: list | None = None, header=None) -> list[list]:
    def line(label, vals, bump=0.0):
        v = [x or 0 for x in vals]
        tarim, sanayi, maden = v[0] + v[1], v[2] + v[3], v[4]
        cells = [tarim, vals[0], vals[1], sanayi, vals[2], vals[3], maden, vals[4], vals[5], sum(v) + bump, 1.0]
        return [label] + [("-" if c is None else ("1.234,5" if c == 1234.5 else c)) for c in cells]
    rows = [["İl Bazında Sektörel İhracat (Bin $) — Ocak-Aralık 2023"], [], header or HEADER]
    rows.append(line("TÜRKİYE", [sum((DATA[k][i] or 0) for k in DATA) for i in range(6)]))
    for name, vals in DATA.items():
        rows.append(line(name, vals, bump_total if name == "ORDU" else 0.0))
    rows += extra or []
    rows += [[], ["Kaynak: TİM; il, ihracatçı firmanın kayıtlı olduğu ildir."]]
    return rows


def test_wide_layout_thousand_usd_totals_checked(tmp_path):
    path = write(tmp_path / "tim_il_sektor_2023.xlsx", {"Sayfa1": wide_rows()})
    before = sha(path)
    with pytest.warns(tim.TIMWarning, match="4 value.s. not attributed to a sector"):  # the exempt column
        df = tim.read_tim_workbook(path)
    assert list(df.columns) == tim.COLUMNS
    assert set(df["year"]) == {2023} and set(df["plate"]) == set(PLATES.values())
    got = df.set_index(["plate", "tim_sector"])["export_usd"]
    for name, vals in DATA.items():
        for sector, v in zip(SECTORS, vals):
            if v is None:
                assert math.isnan(got[(PLATES[name], sector)])  # "-" is missing, not zero
            else:
                assert got[(PLATES[name], sector)] == pytest.approx(v * 1000)
    checks = df.attrs["total_checks"]
    # each province: TARIM, SANAYİ, MADENCİLİK, TOPLAM; the TÜRKİYE row: those, 5 sectors and the exempt column
    assert checks["mismatched"] == 0 and checks["checked"] == 4 * 4 + (4 + 5 + 1)
    assert sha(path) == before
    tim.SCHEMA.validate(df)


def test_wide_layout_total_mismatch_is_warned(tmp_path):
    path = write(tmp_path / "tim_2023.xlsx", {"S": wide_rows(bump_total=9)})
    with pytest.warns(tim.TIMWarning) as record:
        df = tim.read_tim_workbook(path)
    assert any(re.search(r"1 printed total.*ORDU / TOPLAM 2023", str(w.message)) for w in record)
    assert df.attrs["total_checks"]["mismatched"] == 1


def test_long_layout_with_year_columns(tmp_path):
    rows = [["İl Bazında Sektörel İhracat ($)"], ["İl", "Sektör", "2022 Ocak-Aralık", "2023 Ocak-Aralık", "Değişim (%)",
                                                  "Pay (%)"],
            ["Trabzon", "Fındık ve Mamulleri", 1000, 1500, 50, 10], [None, "Otomotiv", "..", 20, None, 1],
            [None, "Toplam", 1000, 1520, 52, 11],
            ["Kahramanmaraş", "Tekstil ve Hammaddeleri", "1.234.567", "2.000.000", 62, 80],
            [None, "Hazır Giyim ve Konfeksiyon", 5, 6, 20, 1]]
    path = write(tmp_path / "tim_long.xlsx", {"Veri": rows})
    df = tim.read_tim_workbook(path).set_index(["plate", "year", "tim_sector"])["export_usd"]
    assert df[(46, 2022, "Tekstil ve Hammaddeleri")] == 1234567
    assert df[(61, 2023, "Otomotiv Endüstrisi")] == 20 and math.isnan(df[(61, 2022, "Otomotiv Endüstrisi")])
    assert len(df) == 8


def test_long_layout_with_year_and_month_columns_sums_months_and_warns_partial_year(tmp_path):
    rows = [["Yıl", "Ay", "İl", "Sektör", "İhracat ($)"]]
    for m in range(1, 7):
        rows.append([2024, m, "Samsun", "Yaş Meyve ve Sebze", 100 * m])
    rows.append([2024, "Ocak", "Çorum", "Makine ve Aksamları", 7])
    path = write(tmp_path / "tim_aylik.xlsx", {"Aylık": rows})
    with pytest.warns(tim.TIMWarning, match=r"partial years.*2024 has 6 month"):
        df = tim.read_tim_workbook(path)
    got = df.set_index(["plate", "tim_sector"])["export_usd"]
    assert got[(55, "Yaş Meyve ve Sebze")] == 2100 and got[(19, "Makine ve Aksamları")] == 7
    assert set(df["year"]) == {2024}


def _bad(tmp_path, kind):
    if kind == "empty":
        p = tmp_path / "tim_2023.xlsx"
        p.write_bytes(b"")
        return p, [r"tim_2023\.xlsx: the file is empty"]
    if kind == "no header":
        p = write(tmp_path / "tim_2023.xlsx", {"Özet": [["Toplam ihracat"], ["2023", 255000000]]})
        return p, [r"no sheet holds a TİM table", "'Özet'"]
    if kind == "unknown sector":
        header = HEADER.copy()
        header[5] = "Otomobil Endüstrisi"
        p = write(tmp_path / "tim_2023.xlsx", {"S": wide_rows(header=header)})
        return p, [r"sheet 'S', cell F3 \(row 3, column F\): unknown TİM sector 'Otomobil Endüstrisi'",
                   "Otomotiv Endüstrisi"]
    if kind == "duplicated sector":
        header = HEADER.copy()
        header[6] = "Otomotiv"
        p = write(tmp_path / "tim_2023.xlsx", {"S": wide_rows(header=header)})
        return p, [r"cell G3 \(row 3, column G\): duplicated sector 'Otomotiv'", "row 3, column F"]
    if kind == "unknown province":
        p = write(tmp_path / "tim_2023.xlsx", {"S": wide_rows(extra=[["Karadeniz", 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]])})
        return p, [r"cell A9 \(row 9, column A\): unknown province 'Karadeniz'"]
    if kind == "no year":
        rows = wide_rows()
        rows[0] = ["İl Bazında Sektörel İhracat (Bin $)"]
        p = write(tmp_path / "tim.xlsx", {"S": rows})
        return p, [r"tim\.xlsx, sheet 'S', cell A3 \(row 3, column A\): no year"]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["empty", "no header", "unknown sector", "duplicated sector", "unknown province",
                                  "no year"])
def test_bad_input_is_a_clear_error_and_the_file_is_untouched(tmp_path, kind):
    path, patterns = _bad(tmp_path, kind)
    before = sha(path)
    with pytest.raises(ValueError) as exc, warnings.catch_warnings():
        warnings.simplefilter("ignore", tim.TIMWarning)
        tim.read_tim_workbook(path)
    for pattern in patterns:
        assert re.search(pattern, str(exc.value)), (pattern, str(exc.value))
    assert sha(path) == before


# ---------------------------------------------------------------------------------------------
# Reference table and the mapping to NACE
# ---------------------------------------------------------------------------------------------

def test_reference_table_lists_the_tim_sectors_with_valid_divisions():
    t = tim.sector_table()
    assert len(tim.sectors()) == 27
    assert set(t["nace_division"]) <= set(nace.divisions(nace.REV2)["nace_division"])
    div = t.groupby("tim_sector")["nace_division"].apply(set)
    assert div["Fındık ve Mamulleri"] == {"01", "10"}
    assert div["Çelik"] == div["Demir ve Demir Dışı Metaller"] == {"24", "25"}
    assert not t.duplicated(["tim_sector", "nace_division"]).any()
    header = paths.TIM_NACE_CSV.read_text(encoding="utf-8").split("tim_sector,")[0]
    assert "Many-to-many" in header and "Fındık" in header and "Çelik" in header


def _exports() -> pd.DataFrame:
    return pd.DataFrame({"plate": [61, 61, 52], "year": [2023] * 3,
                         "tim_sector": ["Fındık ve Mamulleri", "Otomotiv Endüstrisi", "Fındık ve Mamulleri"],
                         "export_usd": [100.0, 50.0, math.nan], "source_file": ["f.xlsx"] * 3})


def test_tim_to_nace_splits_equally_and_says_so():
    with pytest.warns(tim.TIMWarning, match=r"split equally: Fındık ve Mamulleri → 01, 10"):
        out = tim.tim_to_nace(_exports())
    got = out.set_index(["plate", "nace_division"])["export_usd"]
    assert got[(61, "01")] == got[(61, "10")] == 50 and got[(61, "29")] == 50
    assert out.loc[out.plate == 61, "export_usd"].sum() == 150  # nothing lost or added
    assert out.loc[out.plate == 52, "export_usd"].isna().all()  # missing stays missing


def test_tim_to_nace_uses_weights_when_given(monkeypatch):
    t = tim.sector_table().copy()
    f = t["tim_sector"] == "Fındık ve Mamulleri"
    t.loc[f, "weight"] = [3.0, 1.0]  # 01, 10
    monkeypatch.setattr(tim, "sector_table", lambda: t)
    with pytest.warns(tim.TIMWarning, match="split by the weights in tim_sector_nace.csv: Fındık ve Mamulleri"):
        out = tim.tim_to_nace(_exports(), aggregate=False)
    got = out[out.plate == 61].set_index("nace_division")["export_usd"]
    assert got["01"] == 75 and got["10"] == 25


def test_optional_table_is_absent_without_files_and_built_with_one(tmp_path, monkeypatch):
    raw, processed = tmp_path / "tim", tmp_path / "processed"
    raw.mkdir()
    processed.mkdir()
    monkeypatch.setattr(paths, "RAW_TIM", raw)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    assert pipeline.build("exports_tim").status == "absent"
    path = write(raw / "tim_il_sektor_2023.xlsx", {"S": wide_rows()})
    (raw / "~$tim_il_sektor_2023.xlsx").write_bytes(b"lock")
    with pytest.warns(tim.TIMWarning):
        result = pipeline.build("exports_tim")
    assert result.status == "built" and result.rows == 4 * 5
    assert provenance.verify(path).meta["producer"] == tim.PRODUCER
