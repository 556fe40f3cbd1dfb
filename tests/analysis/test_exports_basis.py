"""The exports basis end to end: choosing the basis, the export analysis identities, and the
criteria evaluation on exports for every province and every year 2010-2023.

Runs on a fixture in the shape of ``exports_tim`` (tests/analysis/exports_fixture.py); the tests
marked ``real`` load the real processed table and are skipped while it is not available.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import province_sample  # tests/province_sample.py: WORKBOOK_ALL_PROVINCES
from exports_fixture import ABSENT, exports_table
from helpers import basis, criteria, datasets, evaluation, paths, sectors, text


@pytest.fixture(scope="module")
def exports() -> pd.DataFrame:
    return exports_table()


@pytest.fixture(scope="module")
def analysis(exports) -> sectors.SectorAnalysis:
    return sectors.analyse_exports(exports, 2018, 2023)


@pytest.fixture(scope="module")
def xcfg() -> criteria.CriteriaConfig:
    return criteria.load_criteria(paths.CRITERIA_YML, basis="exports")


def _real_exports() -> pd.DataFrame:
    try:
        return datasets.load("exports_tim")
    except (FileNotFoundError, KeyError, ValueError) as exc:
        pytest.skip(f"real exports_tim table not available: {exc}")


# --- choosing the basis ------------------------------------------------------------------------

def test_auto_picks_exports_without_official_sgk_files(monkeypatch):
    monkeypatch.setattr(basis, "official_sgk_present", lambda: False)
    chosen, why = basis.choose("auto")
    assert chosen is basis.EXPORTS and not chosen.is_sample and why == text.t("basis.exports.auto", "tr")
    assert "no official SGK" in basis.choose("auto", "en")[1]


def test_auto_picks_employment_with_official_sgk_files(monkeypatch):
    monkeypatch.setattr(basis, "official_sgk_present", lambda: True)
    chosen, _ = basis.choose("auto")
    assert chosen is basis.EMPLOYMENT and not chosen.is_sample


def test_the_sample_only_when_asked_for(monkeypatch):
    monkeypatch.setattr(basis, "official_sgk_present", lambda: False)
    with pytest.raises(ValueError, match="basis='sample'"):
        basis.choose("employment")
    chosen, _ = basis.choose("sample")
    assert chosen.name == "employment" and chosen.is_sample and "sample" in chosen.title("en")
    assert text.t("basis.sample", "tr") in chosen.title()
    monkeypatch.setattr(basis, "official_sgk_present", lambda: True)
    with pytest.raises(ValueError, match="never mixes"):
        basis.choose("sample")
    with pytest.raises(ValueError, match="expected one of 'auto', 'exports', 'employment', 'sample'"):
        basis.choose("export")


def test_bases_constant_lists_the_parameter_values():
    assert basis.BASES == ("auto", "exports", "employment", "sample")
    assert criteria.BASES == basis.BASES and evaluation.BASES == basis.BASES


def test_official_sgk_present_follows_the_raw_folder(monkeypatch, tmp_path):
    from helpers.sources import sgk
    monkeypatch.setattr(sgk.paths, "RAW_SGK", tmp_path)
    assert basis.official_sgk_present() is False
    (tmp_path / "sgk_2023.xlsx").write_bytes(b"")
    assert basis.official_sgk_present() is True


def test_years_of_a_basis_without_building(monkeypatch, tmp_path, exports):
    monkeypatch.setattr(basis, "official_sgk_present", lambda: False)
    monkeypatch.setattr(paths, "processed_file", lambda name, suffix=".parquet": tmp_path / f"{name}{suffix}")
    assert basis.years("auto") is None  # not built: unknown, never guessed
    exports.to_parquet(tmp_path / "exports_tim.parquet")
    assert basis.years("auto") == basis.years("exports") == [2006, *range(2010, 2024)]
    assert basis.years("employment") is None  # refused without official files


def test_default_years():
    years = [2006, *range(2010, 2024)]
    assert evaluation.default_years(years) == (2018, 2023)
    assert evaluation.default_years(years, 2013) == (2006, 2013)
    assert evaluation.default_years(years, 2012) == (2006, 2012)
    assert evaluation.default_years(years, 2023, 2010) == (2010, 2023)
    assert evaluation.default_years([2009, 2010, 2011, 2012, 2013]) == (2009, 2013)  # earliest if none far enough
    with pytest.raises(ValueError, match="year 2008 has no data"):
        evaluation.default_years(years, 2008)
    with pytest.raises(ValueError, match="must be before"):
        evaluation.default_years(years, 2010, 2012)


# --- the export analysis -----------------------------------------------------------------------

def test_panel_drops_not_itemised_rows_and_keeps_them_as_coverage(exports):
    panel, cov = sectors.export_panel(exports)
    assert "T00" not in set(panel["sector"])
    row = cov[(cov["plate"] == 27) & (cov["year"] == 2023)].iloc[0]
    raw = exports[(exports["plate"] == 27) & (exports["year"] == 2023)]
    assert row["total_usd"] == pytest.approx(raw["export_usd"].sum())
    assert row["not_itemised_usd"] == pytest.approx(raw.loc[raw["not_itemised"], "export_usd"].sum())
    # the two labels of one harmonised sector are summed
    t03 = raw.loc[raw["sector"] == "T03", "export_usd"].sum()
    assert panel.query("plate == 27 and year == 2023 and sector == 'T03'")["export_usd"].item() == pytest.approx(t03)


def test_a_province_absent_from_a_year_is_missing_not_zero(exports):
    panel, _ = sectors.export_panel(exports)
    plate, years = next(iter(ABSENT.items()))
    assert panel[(panel["plate"] == plate) & panel["year"].isin(years)].empty
    a = sectors.analyse_exports(exports, 2010, 2012)
    assert a.province(plate).empty
    assert any(f"{plate}" in n and "missing, not zero" in text.render(n, "en") for n in a.notes)
    # a sector a present province does not list is zero
    assert (panel[(panel["plate"] == 7) & (panel["year"] == 2023)]["export_usd"] == 0).any()


def test_rca_of_the_sum_is_one(analysis):
    """For every sector, the provinces' RCAs weighted by their share of national exports sum to 1:
    sum_j (x_j / x) RCA_ij = sum_j x_ij / x_i = 1."""
    t = analysis.table
    weight = t.groupby("plate")["export_usd"].transform("sum") / t["export_usd"].sum()
    sums = (weight * t["lq"]).groupby(t["sector"]).sum()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-9)


def test_rca_is_one_for_a_province_that_mirrors_the_nation(exports):
    nation = exports[(exports["year"].isin([2018, 2023])) & ~exports["not_itemised"]]
    nation = nation[nation["plate"] != 81]
    mirror = nation.groupby(["year", "sector"], as_index=False)["export_usd"].sum()
    mirror = mirror.assign(plate=81, sector_label="x", not_itemised=False, source_file="f", is_sample=False)
    mirror["export_usd"] *= 1e-6
    ex = pd.concat([nation, mirror], ignore_index=True)
    a = sectors.analyse_exports(ex, 2018, 2023)
    np.testing.assert_allclose(a.province(81)["lq"], 1.0, rtol=1e-4)


def test_shift_share_parts_add_up_to_the_change(analysis):
    t = analysis.table.dropna(subset=["value_start", "national_share", "industry_mix", "competitive_share"])
    change = t["export_usd"] - t["value_start"]
    np.testing.assert_allclose(t["national_share"] + t["industry_mix"] + t["competitive_share"], change,
                               rtol=1e-9, atol=1e-3)
    s = sectors.shift_share_summary(analysis, 27)
    tot = s["total"]
    assert tot["national_share"] + tot["industry_mix"] + tot["competitive_share"] == pytest.approx(tot["change"])


def test_export_analysis_columns_and_basis(analysis):
    t = analysis.table
    for c in ("lq", "growth_rate", "industry_mix", "competitive_share", "relatedness_density", "eci", "pci",
              "stars", "lq_nuts2", "export_share", "title_en"):
        assert c in t.columns
    assert analysis.basis.name == "exports" and analysis.key == "sector" and not analysis.is_sample
    assert t["strong"].isna().all()  # needs establishment counts, which TİM does not publish
    assert t.groupby("plate")["eci"].nunique().max() == 1
    assert analysis.coverage is not None and {"itemised_share"} <= set(analysis.coverage.columns)


def test_views_on_exports(analysis, exports):
    assert sectors.largest(analysis, 27, 5)["label"].str.startswith("T").all()
    assert len(sectors.portfolio(analysis, 27)) > 0
    values, title = sectors.map_values(analysis, 27, lang="en")
    lead = analysis.province(27).iloc[0]["sector"]
    assert title.startswith(f"RCA of {lead}") and sectors.map_values(analysis, 27)[1].startswith(f"AKÜ: {lead}") and values.index.isin(range(1, 82)).all()
    structure = sectors.export_structure(exports, 27, n=5)
    assert list(structure.columns) == sorted(exports["year"].unique().tolist())
    np.testing.assert_allclose(structure.sum(), 100.0)


# --- the criteria evaluation on exports ----------------------------------------------------------

def test_exports_criteria_file_block_is_validated():
    import yaml
    data = yaml.safe_load(paths.CRITERIA_YML.read_text(encoding="utf-8"))
    data["exports"]["headings"]["talep"]["indicators"][0]["weight"] = 0.7
    with pytest.raises(criteria.CriteriaConfigError, match=r"exports\.headings\.talep: weights inside the heading"):
        criteria.criteria_from_dict(data, source="c.yml")  # an error in the other basis' block is found too
    data = yaml.safe_load(paths.CRITERIA_YML.read_text(encoding="utf-8"))
    data["exports"]["longlist"]["sectors"] = ["T00"]
    with pytest.raises(criteria.CriteriaConfigError, match=r"exports\.longlist\.sectors\[0\]"):
        criteria.criteria_from_dict(data, source="c.yml", basis="exports")
    del data["exports"]
    with pytest.raises(criteria.CriteriaConfigError, match="no criteria for the exports basis"):
        criteria.criteria_from_dict(data, source="c.yml", basis="exports")


def test_exports_table_missing_a_column_names_the_key_path(analysis, xcfg):
    t = sectors.criteria_table_exports(analysis, 27).drop(columns="rca")
    with pytest.raises(criteria.CriteriaConfigError, match=r"exports\.headings\.ekonomik_etki\.indicators\[1\]\.column"):
        criteria.evaluate(t, xcfg)


def _evaluate_grid(exports, xcfg, years, plates) -> int:
    uni = datasets.load("universities")
    done = 0
    for year in years:
        start, end = evaluation.default_years(datasets.years(exports), year)
        a = sectors.analyse_exports(exports, start, end)
        for plate in plates:
            if a.province(plate).empty:  # absent from that release: missing, not zero
                assert year in ABSENT.get(plate, ())
                continue
            kept = criteria.longlist(sectors.criteria_table_exports(a, plate, uni), xcfg).kept
            r = criteria.evaluate(kept, xcfg)
            assert r.table["rank"].min() == 1 and r.table["sector"].str.match(r"^T\d{2}$").all()
            done += 1
    return done


def test_evaluation_on_exports_every_province_and_every_year(exports, xcfg):
    """Every province in the first and last year, every year 2010-2023 for three provinces
    (one of them absent from two releases); the full grid is the slow test below."""
    assert [y for y in datasets.years(exports) if y >= 2010] == list(range(2010, 2024))
    assert _evaluate_grid(exports, xcfg, [2010, 2023], range(1, 82)) == 2 * 81
    assert _evaluate_grid(exports, xcfg, range(2010, 2024), [27, 61, 62]) == 3 * 14 - 2


@pytest.mark.slow
def test_evaluation_on_exports_full_grid(exports, xcfg):
    """The evaluation runs on exports for every province and every year 2010-2023 (about 40 s).

    On the fixture, this runs when the real table is missing or with ``WORKBOOK_ALL_PROVINCES=1``
    (tests/province_sample.py): otherwise every province in every year is evaluated on the real
    exports by :func:`test_real_exports_every_province_every_year`, and the fixture's own cases (the
    provinces absent from a release) by :func:`test_evaluation_on_exports_every_province_and_every_year`
    (CI time, issue 15)."""
    if not province_sample.all_provinces():
        try:
            datasets.load("exports_tim")
        except (FileNotFoundError, KeyError, ValueError):
            pass  # no real table: the fixture's grid is the only one, run it
        else:
            pytest.skip("every province and year is evaluated on the real exports "
                        "(test_real_exports_every_province_every_year); WORKBOOK_ALL_PROVINCES=1 runs this too")
    assert _evaluate_grid(exports, xcfg, range(2010, 2024), range(1, 82)) == 81 * 14 - 2


def test_province_inputs_on_exports(monkeypatch, exports, xcfg):
    monkeypatch.setattr(basis, "official_sgk_present", lambda: False)
    real_load = datasets.load
    monkeypatch.setattr(datasets, "load", lambda name, build=True: exports if name == "exports_tim" else real_load(name))
    inputs = evaluation.province_inputs(27)  # defaults: auto basis, latest year, 5 years before
    assert inputs.basis.name == "exports" and (inputs.start_year, inputs.year) == (2018, 2023)
    assert not inputs.is_sample and (inputs.table["basis"] == "exports").all()
    assert basis.text("head_office", "tr") in inputs.notes  # the caveat, in the report language
    assert basis.text("head_office", "en") in evaluation.province_inputs(27, lang="en").notes
    ll = criteria.longlist(inputs.table, xcfg)
    result = criteria.evaluate(ll.kept, xcfg)
    robust = criteria.robustness(ll.kept, xcfg, n=50)
    agreement = criteria.method_agreement(ll.kept, xcfg)
    assert list(agreement.ranks.columns)[0] == "sector"
    short = evaluation.shortlist(result, robust, 3)
    record = evaluation.summary_record(inputs, short)
    assert record["basis"] == "exports" and record["is_sample"] is False and record["basis_title"] == basis.EXPORTS.title("tr")
    assert "TİM exports" in basis.EXPORTS.record("en")["basis_title"]
    assert len(record["top_sectors"]) == 3 and record["top_sectors"][0].startswith("T")
    assert "harmonised TİM sectors present in the province are evaluated" in evaluation.longlist_reading(ll, xcfg, "en")
    assert "uyumlaştırılmış TİM sektörü değerlendiriliyor" in evaluation.longlist_reading(ll, xcfg)
    assert list(evaluation.size_vs_rank(result).columns) == ["sector", "export_usd", "rank"]
    assert evaluation.heading_matrix(result, xcfg).index[0].startswith("T")
    assert not np.isnan(criteria.size_rank_correlation(result))


def _evaluate_all(real, a, xcfg) -> None:
    for plate in sorted(a.table["plate"].unique()):
        try:
            table = sectors.criteria_table_exports(a, int(plate))
        except ValueError as exc:  # a release with no itemised exports for the province
            assert "no exports itemised by sector" in str(exc)
            continue
        criteria.evaluate(criteria.longlist(table, xcfg).kept, xcfg)


def test_real_exports_latest_year_every_province(xcfg):
    real = _real_exports()
    start, end = evaluation.default_years(datasets.years(real))
    _evaluate_all(real, sectors.analyse_exports(real, start, end), xcfg)


@pytest.mark.slow
def test_real_exports_every_province_every_year(xcfg):
    real = _real_exports()
    years = [y for y in datasets.years(real) if y >= 2010]
    for year in years:
        start, end = evaluation.default_years(datasets.years(real), year)
        _evaluate_all(real, sectors.analyse_exports(real, start, end), xcfg)
    # every year 2010-2023 with a full-year release: TİM's 2017 file is a January-November release,
    # from which nothing is taken (data/raw/tim/README.md), so 2017 has no data
    assert years == [y for y in range(2010, 2024) if y != 2017]


def test_real_export_tables_show_millions_with_the_unit_in_the_header():
    """Issue 15: Çorum's jewellery exports in 2023 (USD 1,042,309,211) read "1.042,3" under
    "İhracat (milyon $)" in notebook 02's export table, "1,042.3" under "Exports (USD million)"."""
    from helpers import report
    a = sectors.analyse_exports(_real_exports(), 2018, 2023)
    for lang, cell, header in (("tr", ">1.042,3<", ">İhracat (milyon $)<"), ("en", ">1,042.3<", ">Exports (USD million)<")):
        portfolio = sectors.portfolio(a, 19, lang)
        html = report.table(portfolio[["sector", f"title_{lang}", "export_usd", "lq", "growth_rate"]],
                            percent=["growth_rate"], lang=lang, headers=sectors.table_headers(a, lang),
                            kinds=sectors.table_kinds(a)).to_html()
        assert cell in html and header in html and "1.042.309.211" not in html and "1,042,309,211" not in html
        shift = report.table(sectors.shift_share_summary(a, 19, lang=lang)["by_division"], lang=lang,
                             kinds=sectors.table_kinds(a)).to_html()
        assert header in shift and text.t("unit.table_usd.million", lang, label=text.column_label("change", lang)) in shift
