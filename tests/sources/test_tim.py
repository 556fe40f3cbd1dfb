"""helpers.sources.tim on TİM's real December releases (data/raw/tim/, read once per session) and
on small fixtures derived from them (bad input)."""

from __future__ import annotations

import hashlib
import math
import warnings

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from helpers import datasets, paths, provenance
from helpers.sources import tim, tim_bridge
from helpers.sources._workbook import CellError, LayoutError, WorkbookError
from helpers.textnorm import fold

from sgk_fixtures import write

FILES = tim._inputs()
TUNCELI, ISTANBUL = 62, 34


@pytest.fixture(scope="module")
def releases() -> dict[str, tim.Release]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tim.TIMWarning)
        return {f.name: tim.read_release(f) for f in FILES}


@pytest.fixture(scope="module")
def table(releases) -> pd.DataFrame:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", tim.TIMWarning)
        df = tim.combine(list(releases.values()))
    df.attrs["warnings"] = [str(x.message) for x in w]
    return df


def test_every_real_file_is_read(releases):
    assert len(FILES) == 14
    layouts = {name: r.layout for name, r in releases.items()}
    assert layouts["il_sektorihr_01_12_2006.xls"] == "monthly"
    assert layouts["2013-12-iller-bazinda-sektor-rakamlari.xls"] == "blocks"
    assert layouts["2023-12-iller-bazinda-sektor-rakamlari.xlsx"] == "rows"
    for name, r in releases.items():
        if r.partial:
            continue
        assert r.leaves, name
        assert r.unit == (1.0 if r.layout == "monthly" else 1000.0), name


def test_the_2017_file_is_a_november_release_and_gives_nothing(releases, table):
    r = releases["2017-12-iller-bazinda-sektor-rakamlari.xlsx"]
    assert r.partial and "KAS" in r.period.upper() and not r.leaves
    assert 2017 not in set(table["year"])
    assert table.attrs["partial_files"] == {r.file: r.period}


def test_printed_grand_totals_match_their_provinces(releases):
    grand = [k for r in releases.values() for k in r.checks if k["kind"] == "grand total"]
    assert len(grand) >= 2 * 10 + 2
    bad = [(k["file"], k["year"]) for k in grand if k["status"] != "match"]
    # the 2022 release prints a grand total 0.19 m USD above its provinces (warned)
    assert bad == [("2022-12-iller-bazinda-sektor-rakamlari.xlsx", 2022)]
    off = next(k for k in grand if k["status"] != "match")
    assert abs(off["difference"]) < 2e5


def test_2013_genel_toplam_is_145_44_bn(releases):
    r = releases["2013-12-iller-bazinda-sektor-rakamlari.xls"]
    printed = r.grand_totals[2013][0]
    assert printed == pytest.approx(145.44326e9)
    leaves = math.fsum(x.usd for x in r.leaves if x.year == 2013)
    not_itemised = math.fsum(r.province_totals[(p, y)][0] for (p, y) in r.province_totals if y == 2013) - leaves
    assert leaves + not_itemised == pytest.approx(printed, abs=5e4)


def test_2006_subtotals_all_match(releases):
    r = releases["il_sektorihr_01_12_2006.xls"]
    subs = [k for k in r.checks if k["kind"] == "subtotal"]
    assert len(subs) == 82 * 9 and all(k["status"] == "match" for k in subs)
    assert r.unassigned[2006] == pytest.approx(211_693_999, abs=1)


def test_table_schema_and_contract(table):
    tim.SCHEMA.validate(table)
    assert list(table.columns) == tim.COLUMNS
    assert not table["is_sample"].any()
    assert set(table["sector"]) <= set(tim.sector_names().index)
    assert (table.loc[table["not_itemised"], "sector"].isin(["T00", "T99"])).all()
    assert (table.loc[table["sector"] == "T99", "sector_label"] == "").all()
    assert datasets.years(table) == [2006, *range(2010, 2017), *range(2018, 2024)]


def test_national_totals_against_the_releases(table, releases):
    totals = table.groupby("year")["export_usd"].sum()
    for y, total in totals.items():
        printed = [r.grand_totals[y][0] for r in releases.values() if y in r.grand_totals]
        if y == 2006:   # no grand total printed; the block without a province is not a province's
            # 85.55 bn USD over the provinces, 0.21 bn in the block without a province (TÜİK: 85.53 bn)
            assert total == pytest.approx(85.5494e9, rel=1e-4)
            continue
        # every province of a year comes from the one release the year comes from
        chosen = releases[table.attrs["year_sources"][y]]
        assert total == pytest.approx(chosen.grand_totals[y][0], abs=1e6), y


def test_harmonised_sum_equals_itemised_sum(table):
    itemised = table[~table["not_itemised"]]
    by_label = itemised.groupby(["plate", "year"])["export_usd"].sum()
    by_code = itemised.groupby(["plate", "year", "sector"])["export_usd"].sum().groupby(["plate", "year"]).sum()
    pd.testing.assert_series_equal(by_label, by_code, check_names=False)
    printed = itemised[~itemised["source_file"].str.startswith(tim.BRIDGE_PREFIX)]  # bridge rows: several codes
    one_code = printed.groupby(["year", "sector_label"])["sector"].nunique()
    assert (one_code == 1).all()


def test_not_itemised_rows_close_the_printed_province_totals(table, releases):
    r = releases["2023-12-iller-bazinda-sektor-rakamlari.xlsx"]
    ist = table[(table["plate"] == ISTANBUL) & (table["year"] == 2023)]
    assert ist["export_usd"].sum() == pytest.approx(r.province_totals[(ISTANBUL, 2023)][0])
    gap = ist.loc[ist["sector"] == "T00", "export_usd"]
    assert len(gap) == 1 and gap.iloc[0] > 1e9


def test_blank_label_rows_of_2012_2013_stay_visible(table):
    # 2011 and 2012 come from the 2012 release, whose blank-label rows are (nearly) empty; the 2013
    # release's 0.47 bn USD of blank rows for 2012 is passed over (see test_each_year_comes_from_one_release)
    blank = table[table["sector"] == "T99"]
    assert set(blank["year"]) == {2011, 2012} and len(blank) == 14
    assert blank["export_usd"].sum() == pytest.approx(206_000)


def test_tunceli_is_missing_in_2011_and_2012(table, releases):
    for year in (2011, 2012):
        assert table[(table["plate"] == TUNCELI) & (table["year"] == year)].empty
    for name in ("il_sektor_ihr_12_2011.xls", "2012-12-iller-bazinda-sektor-rakamlari.xls"):
        assert not any(x.plate == TUNCELI for x in releases[name].leaves)
    # 2012 comes from the 2012 release, which lacks Tunceli (the 2013 release prints it as zero): missing
    assert [(a["plate"], a["year"], a["absent_from"], a["printed_in"]) for a in table.attrs["absent"]] == [
        (TUNCELI, 2012, "2012-12-iller-bazinda-sektor-rakamlari.xls", {"2013-12-iller-bazinda-sektor-rakamlari.xls": 0.0})]
    assert table[table["year"] == 2013]["plate"].nunique() == 81


def test_2018_is_covered_by_the_2019_release(table):
    y18 = table[table["year"] == 2018]
    assert y18["plate"].nunique() == 81
    assert set(y18["source_file"]) == {"2019-12-iller-bazinda-sektor-rakamlari.xlsx"}
    assert table.attrs["year_sources"][2018] == "2019-12-iller-bazinda-sektor-rakamlari.xlsx"


def test_other_releases_are_cross_checked_and_the_years_release_is_kept(table):
    rv = pd.DataFrame(table.attrs["revisions"])
    assert len(rv) == 463
    assert any("printed differently by another release" in w for w in table.attrs["warnings"])
    row = rv.iloc[0]
    got = table[(table["plate"] == row["plate"]) & (table["year"] == row["year"])]
    assert set(got["source_file"]) == {row["chosen_file"]} != {row["other_file"]}
    assert got["export_usd"].sum() == pytest.approx(row["chosen_usd"], abs=1e4)


R = "iller-bazinda-sektor-rakamlari"
YEAR_SOURCES = {2006: "il_sektorihr_01_12_2006.xls", 2010: "il_sektor_ihr_2010.xls", 2011: f"2012-12-{R}.xls",
                2012: f"2012-12-{R}.xls", 2013: f"2014-12-{R}.xls", 2014: f"2015-12-{R}.xlsx",
                2015: f"2016-12-{R}.xlsx", 2016: f"2016-12-{R}.xlsx", 2018: f"2019-12-{R}.xlsx",
                2019: f"2020-12-{R}.xlsx", 2020: f"2021-12-{R}.xlsx", 2021: f"2022-12-{R}.xlsx",
                2022: f"2023-12-{R}.xlsx", 2023: f"2023-12-{R}.xlsx"}


def test_each_year_comes_from_one_release(table, releases):
    """The latest full-year release that covers the year and itemises it (2012: the 2013 release
    prints 0.35 % of 2012 on blank-label rows, so the 2012 release is kept); 2017 has none."""
    assert table.attrs["year_sources"] == YEAR_SOURCES
    assert tim.year_sources(table) == YEAR_SOURCES
    printed = table[~table["source_file"].str.startswith(tim.BRIDGE_PREFIX)]
    assert (printed.groupby("year")["source_file"].nunique() == 1).all()
    assert tim._blank_share(releases[f"2013-12-{R}.xls"], 2012) == pytest.approx(0.00346, abs=1e-4)
    assert tim._blank_share(releases[f"2012-12-{R}.xls"], 2012) <= tim.MAX_BLANK_SHARE


def test_2012_cimento_cam_seramik_comes_from_one_release(table, releases):
    """Issue 14: 21 provinces on the 2012 release and the rest on the 2013 release put the 2012 RCA
    of Çimento Cam Seramik 1.2 % off in every province. Now the national total and every province
    are the 2012 release's (Zonguldak 41.6 m USD, not the 2013 release's 8.3 m)."""
    t22 = table[(table["year"] == 2012) & (table["sector"] == "T22")]
    rel = releases[f"2012-12-{R}.xls"]
    printed = math.fsum(x.usd for x in rel.leaves if x.year == 2012 and x.label and tim.sector_code(x.label) == "T22")
    assert t22["export_usd"].sum() == pytest.approx(printed)
    assert t22.loc[t22["plate"] == 67, "export_usd"].sum() == pytest.approx(41.59e6, rel=1e-3)
    y = table[(table["year"] == 2012) & ~table["not_itemised"]]
    nat_share = t22["export_usd"].sum() / y["export_usd"].sum()
    rca = (t22.set_index("plate")["export_usd"] / y.groupby("plate")["export_usd"].sum()).dropna() / nat_share
    assert rca[67] == pytest.approx(41.59e6 / y.loc[y["plate"] == 67, "export_usd"].sum() / nat_share, rel=1e-3)


# -- bridges across classification changes ---------------------------------------------------

S_2012 = ["T14", "T16", "T18", "T19", "T20"]


def _national(rel, year, bridge=None):
    rows = pd.DataFrame([{"plate": x.plate, "year": year, "sector": tim.sector_code(x.label), "export_usd": x.usd,
                          "not_itemised": False} for x in rel.leaves if x.year == year and x.label])
    if bridge is not None:
        rows = pd.concat([rows, tim_bridge.bridge_amounts(rows, bridge).assign(not_itemised=False)])
    return rows.groupby("sector")["export_usd"].sum()


#: Two releases of one year agree, sector by sector, within this share of the sector's value once
#: labels are harmonised (ordinary revisions: leather is restated +1.6–2.7 % in every release).
BRIDGE_TOLERANCE = 0.04

# every label change: (overlap year, old release, new release, harmonised codes whose labels change)
CHANGES = [
    (2011, "il_sektor_ihr_12_2011.xls", f"2012-12-{R}.xls", ["T19", "T21", "T22"]),  # İklimlendirme, Çelik, Çimento Cam
    (2014, f"2014-12-{R}.xls", f"2015-12-{R}.xlsx", ["T08", "T09", "T10", "T16", "T18", "T23", "T24"]),  # renames
    (2020, f"2020-12-{R}.xlsx", f"2021-12-{R}.xlsx", ["T10", "T17", "T18"]),  # renames
]


@pytest.mark.parametrize("year,old,new,codes", CHANGES, ids=[str(c[0]) for c in CHANGES])
def test_each_label_change_is_bridged(releases, year, old, new, codes):
    """At the year printed in both classifications, every harmonised sector (the renamed ones
    included) agrees between the two releases within BRIDGE_TOLERANCE of its value; 2011 after the
    2012 reclassification bridge (without it: Demir ve Demir Dışı Metaller 11.6 % off)."""
    o, n = releases[old], releases[new]
    bridge = tim_bridge.transfer_shares(o, n, year, S_2012) if year == 2011 else None
    a, b = _national(o, year, bridge), _national(n, year)
    gap = ((a - b) / b).abs()
    assert gap.max() <= BRIDGE_TOLERANCE, gap.sort_values().tail(3)
    assert set(codes) <= set(gap.index)
    if year == 2011:
        unbridged = ((_national(o, year) - b) / b).abs()
        assert unbridged["T20"] == pytest.approx(0.1156, abs=1e-3)  # the break the bridge closes
        assert unbridged.max() > 0.1 > gap.max()


def test_the_2012_bridge_keeps_province_totals_and_closes_the_metals_break(table):
    br = table[table["source_file"].str.startswith(tim.BRIDGE_PREFIX)]
    assert set(br["year"]) == {2006, 2010} and set(br["sector"]) <= set(S_2012)
    assert (br["sector_label"] == tim_bridge.LABEL).all() and not br["not_itemised"].any()
    assert br.groupby(["plate", "year"])["export_usd"].sum().abs().max() < 1e-3  # transfers only
    bridged = table.groupby(["plate", "year", "sector"])["export_usd"].sum()
    assert bridged[bridged.index.get_level_values("sector") != "T00"].min() >= -1e-3  # no sector below zero
    nat = table[~table["not_itemised"]].groupby(["year", "sector"])["export_usd"].sum()
    # national growth of metals 2010→2012: 9.6 % on the printed figures, about 21 % bridged
    printed = table[~table["not_itemised"] & ~table["source_file"].str.startswith(tim.BRIDGE_PREFIX)]
    raw = printed.groupby(["year", "sector"])["export_usd"].sum()
    assert raw[(2012, "T20")] / raw[(2010, "T20")] - 1 == pytest.approx(0.096, abs=0.005)
    assert nat[(2012, "T20")] / nat[(2010, "T20")] - 1 == pytest.approx(0.208, abs=0.005)


def test_bridge_by_hand():
    """The docstring's example: metals 100 → 90 and machinery 50 → 60 in the overlap year move 10 %
    of metals to machinery; metals 200 in 2010 gets −20, machinery +20."""
    def rel(own, values):
        r = tim.Release(paths.RAW_TIM / f"{own}.xlsx", "S", "rows", own, 1.0)
        r.leaves = [tim.Leaf(1, 2011, label, usd, 0, 0) for label, usd in values.items()]
        return r
    old = rel(2011, {"Demir ve Demir Dışı Metaller": 100.0, "Makine ve Aksamları": 50.0})
    new = rel(2012, {"Demir ve Demir Dışı Metaller": 90.0, "Makine ve Aksamları": 30.0,
                     "İklimlendirme Sanayii": 30.0})
    shares = tim_bridge.transfer_shares(old, new, 2011, ["T19", "T20"])
    assert shares.set_index("sector")["out_share"].to_dict() == pytest.approx({"T19": 0.0, "T20": 0.1})
    x = pd.DataFrame({"plate": [1, 1], "year": [2010, 2010], "sector": ["T20", "T19"], "export_usd": [200.0, 40.0],
                      "not_itemised": [False, False]})
    got = tim_bridge.bridge_amounts(x, shares).set_index("sector")["export_usd"]
    assert got.to_dict() == pytest.approx({"T19": 20.0, "T20": -20.0})


def test_quality_report_as_tables(tmp_path):
    rep = tim.quality_report([_write(tmp_path, _rows_2023())])
    assert set(rep["checks"]["status"]) == {"match"} and rep["revisions"].empty
    assert rep["year_sources"] == {2022: "tim_2023.xlsx", 2023: "tim_2023.xlsx"}


def test_concordance_covers_every_printed_label_once():
    conc = tim.concordance()
    assert (conc["key"] == conc["label"].map(fold)).all()
    assert conc.groupby("key")["code"].nunique().max() == 1
    assert conc["code"].nunique() == 25
    t = tim.sector_table()
    assert {"T00", "T99"} <= set(t["code"]) and t["code"].is_unique
    assert tim.sector_names("en")["T19"].startswith("Machinery")
    assert not tim.sector_nace()["nace_division"].isna().any()


def test_tim_to_nace_keeps_the_itemised_total(table):
    y = table[table["year"] == 2023]
    with pytest.warns(tim.TIMWarning):
        out = tim.tim_to_nace(y)
    assert out["export_usd"].sum() == pytest.approx(y.loc[~y["not_itemised"], "export_usd"].sum())


# --------------------------------------------------------------------------------------------
# Bad input on small fixtures derived from the real 2023 release
# --------------------------------------------------------------------------------------------

REAL_2023 = paths.RAW_TIM / "2023-12-iller-bazinda-sektor-rakamlari.xlsx"


def _rows_2023(n_sector_rows: int = 4) -> list[list]:
    rows = CalamineWorkbook.from_path(str(REAL_2023)).get_sheet_by_index(0).to_python()
    head, adana = rows[:4], [r for r in rows[4:] if r[1] == "ADANA"]
    body = adana[:n_sector_rows]
    total = ["TOPLAM", "ADANA"] + [sum(r[c] for r in body) if isinstance(body[0][c], float) else ""
                                   for c in range(2, len(body[0]))]
    return [list(r) for r in head + body] + [total, ["TOPLAM", ""] + total[2:]]


def _write(tmp_path, rows, name="tim_2023.xlsx"):
    return write(tmp_path / name, {"ILLER_SEKTOR": rows})


def test_fixture_reads(tmp_path):
    rel = tim.read_release(_write(tmp_path, _rows_2023()))
    assert rel.own_year == 2023 and len([x for x in rel.leaves if x.year == 2023]) == 4
    assert all(k["status"] == "match" for k in rel.checks)


def _sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", ["layout", "truncated", "label", "province", "number"])
def test_bad_input_names_file_sheet_cell_value(tmp_path, case):
    rows = _rows_2023()
    if case == "layout":
        rows[3] = ["SEKTOR ADI", "IL ADI X"] + rows[3][2:]
        rows[2] = [""] * len(rows[2])
        path = _write(tmp_path, rows)
        with pytest.raises(LayoutError, match=r"tim_2023\.xlsx: no sheet holds a TİM table .*'ILLER_SEKTOR'"):
            tim.read_release(path)
        return
    if case == "truncated":
        good = _write(tmp_path, rows)
        path = tmp_path / "cut.xlsx"
        path.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
        with pytest.raises(LayoutError, match=r"cut\.xlsx: cannot be read as an Excel \(\.xlsx\) workbook"):
            tim.read_release(path)
        return
    expect = {"label": (0, "Uzay Sanayii", r"cell A6 .*a sector label found in no concordance row: 'Uzay Sanayii'"),
              "province": (1, "ATLANTIS", r"cell B6 .*a province name that does not resolve: 'ATLANTIS'"),
              "number": (8, "12a", r"cell I6 .*not a number: '12a'; expected an export value")}[case]
    col, value, pattern = expect
    rows[5][col] = value
    path = _write(tmp_path, rows)
    before = _sha(path)
    with pytest.raises(CellError, match=r"tim_2023\.xlsx, sheet 'ILLER_SEKTOR', " + pattern) as info:
        tim.read_release(path)
    assert isinstance(info.value, WorkbookError) and info.value.value == value
    assert _sha(path) == before  # the raw file is never touched


def test_a_year_printed_twice_with_different_values_is_a_revision(tmp_path):
    rows = _rows_2023()
    later = [list(r) for r in rows]
    later[0][0] = later[0][0].replace("2023", "2024")
    later[3] = ["SEKTÖR", "ILLER", 2023.0, 2024.0, "DEĞ.", 2024.0, "DEĞ.", 2023.0, 2024.0, "DEĞ."]
    for r in later[4:]:
        r[7] = r[8] * 1.5  # the 2024 release restates 2023 half as large again
    a, b = _write(tmp_path, rows, "2023-12.xlsx"), _write(tmp_path, later, "2024-12.xlsx")
    with pytest.warns(tim.TIMWarning, match=r"1 province-year total\(s\) are printed differently by another release"):
        df = tim.read_exports([a, b])
    y23 = df[df["year"] == 2023]
    assert set(y23["source_file"]) == {"2024-12.xlsx"}  # the latest full-year release that covers 2023
    rv = df.attrs["revisions"][0]
    assert rv["other_file"] == "2023-12.xlsx" and rv["chosen_usd"] == pytest.approx(1.5 * rv["other_usd"])


def test_a_province_sector_printed_twice_in_one_file_is_an_error(tmp_path):
    rows = _rows_2023()
    rows.insert(6, list(rows[5]))
    rows[6][7] = rows[6][7] + 1
    with pytest.raises(CellError, match=r"cell H7 .*printed twice for 2022: 'Çimento.*also at H6, with a different"):
        tim.read_release(_write(tmp_path, rows))


def test_unknown_label_fails_the_table_and_keeps_the_built_one(tmp_path, monkeypatch):
    import dataclasses

    from helpers import pipeline
    assert pipeline.build("exports_tim").status in ("built", "fresh")
    out, meta = paths.processed_file("exports_tim"), pipeline.meta_path("exports_tim")
    before = (out.read_bytes(), meta.read_bytes())
    rows = _rows_2023()
    rows[5][0] = "Uzay Sanayii"
    bad = _write(tmp_path, rows)
    provenance.write_sidecar(bad, title="t", producer="TİM", obtained_from="test", date_accessed="2026-01-01",
                             licence="cite TİM", notes="")  # a user's file needs the user's sidecar (issue 16)
    spec = tim.TABLES[0]
    monkeypatch.setattr(tim, "TABLES", [dataclasses.replace(spec, inputs=lambda: tim.accept([*FILES, bad]))])
    with pytest.raises(CellError, match=r"tim_2023\.xlsx, sheet 'ILLER_SEKTOR', cell A6 .*'Uzay Sanayii'"):
        pipeline.build("exports_tim", force=True)
    assert (out.read_bytes(), meta.read_bytes()) == before


def test_a_foreign_workbook_is_refused_without_a_sidecar(tmp_path):
    other = write(tmp_path / "notes.xlsx", {"Sheet1": [["a", "b"], [1, 2]]})
    with pytest.raises(LayoutError, match=r"notes\.xlsx: .* not a TİM release"):
        tim.accept([other])
    assert not (tmp_path / "notes.xlsx.meta.yml").exists()


def test_noop_rebuild_reads_nothing(monkeypatch):
    from helpers import pipeline
    pipeline.build("exports_tim")
    monkeypatch.setattr(tim, "read_release", lambda f: pytest.fail(f"re-read {f}"))
    r = pipeline.build("exports_tim")
    assert r.status == "fresh" and r.rows > 20000


def _real_rows(name: str) -> list[list]:
    return [list(r) for r in CalamineWorkbook.from_path(str(paths.RAW_TIM / name)).get_sheet_by_index(0).to_python()]


def test_monthly_2006_fixture_checks_subtotals(tmp_path):
    rows = _real_rows("il_sektorihr_01_12_2006.xls")
    adana = [r for r in rows if r[0] == "ADANA"]
    fixture = [rows[0]] + adana
    path = write(tmp_path / "il_sektorihr_01_12_2006.xlsx", {"il_sektorihr_01_12_2006": fixture})
    rel = tim.read_release(path)
    assert rel.own_year == 2006 and rel.unit == 1.0
    assert [k["status"] for k in rel.checks] == ["match"] * 9
    assert math.fsum(x.usd for x in rel.leaves) == pytest.approx(sum(r[15] for r in adana if r[2].startswith(("I.", "II.", "III."))))
    fixture[2][3] += 1000  # the sub-group A.BİTKİSEL ÜRÜNLER printed 1,000 USD too high in January
    path = write(tmp_path / "bumped_2006.xlsx", {"S": fixture})
    with pytest.warns(tim.TIMWarning, match=r"2 printed subtotal\(s\) do not match their leaves: P3 ADANA / "
                      r"A\.BİTKİSEL ÜRÜNLER: months vs total.*; C3 ADANA / A\.BİTKİSEL ÜRÜNLER: printed 149,882,272"):
        tim.read_release(path)
    fixture[5][0] = "ATLANTIS"
    with pytest.raises(CellError, match=r"bumped2_2006\.xlsx, sheet 'S', cell A6 .*'ATLANTIS'"):
        tim.read_release(write(tmp_path / "bumped2_2006.xlsx", {"S": fixture}))


def test_blocks_2013_fixture_keeps_blank_rows_and_the_gap(tmp_path):
    rows = _real_rows("2013-12-iller-bazinda-sektor-rakamlari.xls")
    adana = [r for r in rows[3:] if r[1] == "ADANA"]
    genel = ["GENEL TOPLAM", ""] + adana[0][2:]
    blank = next(r for r in adana[1:] if r[0] == "")  # the blank-label row TİM printed for Adana
    path = write(tmp_path / "2013-12.xlsx", {"ILLER_SEKTOR": rows[:2] + [genel] + adana})
    df = tim.read_exports([path])
    y = df[df["year"] == 2013]
    assert y["export_usd"].sum() == pytest.approx(adana[0][5] * 1000)
    assert y.loc[y["sector"] == "T99", "export_usd"].tolist() == [blank[5] * 1000]
    gap = y.loc[y["sector"] == "T00", "export_usd"]
    assert len(gap) == 1 and gap.iloc[0] > 0
    assert (y.loc[y["not_itemised"], "sector"].sort_values().tolist() == ["T00", "T99"])
