"""Hand-checked tests of helpers.sectors on tiny synthetic tidy tables.

The main toy table: plates 1 (Adana, TR62), 6 (Ankara, TR51), 34 (İstanbul, TR10) — three
different NUTS-2 regions — and divisions 10, 13 (manufacturing) and 62 (software), 2020 → 2022.

    insured      2020 (start)       2022 (end)        workplaces (both years)
    plate 1      10  20  50 =  80   10  30  60 = 100    2  3  6
    plate 6      10  20  40 =  70   20  20  60 = 100    2  2  6
    plate 34     20  10  60 =  90   30  10  60 = 100    3  1  6
    Türkiye      40  50 150 = 240   60  60 180 = 300    7  6 18

End-year national shares 0.2 / 0.2 / 0.6; plate 6 has exactly these shares (it mirrors the
nation: LQ = 1 everywhere), plate 1 has 0.1 / 0.3 / 0.6 (LQ 0.5 / 1.5 / 1.0), plate 34 0.3 / 0.1
/ 0.6 (LQ 1.5 / 0.5 / 1.0). National growth: total 300/240 - 1 = 0.25; by division 0.5, 0.2, 0.2.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from helpers import criteria, nace, provinces, sectors, text, textnorm

DIVS = ("10", "13", "62")
START = {1: (10, 20, 50), 6: (10, 20, 40), 34: (20, 10, 60)}
END = {1: (10, 30, 60), 6: (20, 20, 60), 34: (30, 10, 60)}
WORKPLACES = {1: (2, 3, 6), 6: (2, 2, 6), 34: (3, 1, 6)}


def make_emp(start=START, end=END, workplaces=WORKPLACES, years=(2020, 2022), divs=DIVS,
             revision="Rev.2", is_sample=False) -> pd.DataFrame:
    rows = []
    for year, vals in zip(years, (start, end)):
        for plate, v in vals.items():
            for d, x, w in zip(divs, v, workplaces[plate]):
                rows.append({"plate": plate, "year": year, "nace_division": d, "nace_revision": revision,
                             "workplaces": float(w), "insured": float(x), "is_sample": is_sample})
    return pd.DataFrame(rows)


def row(analysis: sectors.SectorAnalysis, plate: int, division: str) -> pd.Series:
    t = analysis.table
    sel = t[(t["plate"] == plate) & (t["nace_division"] == division)]
    assert len(sel) == 1, (plate, division)
    return sel.iloc[0]


def analyse_quiet(emp, *args, **kw) -> sectors.SectorAnalysis:
    """analyse() collects the indicator warnings into .notes; none must escape to the caller."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return sectors.analyse(emp, *args, **kw)


@pytest.fixture(scope="module")
def emp() -> pd.DataFrame:
    return make_emp()


@pytest.fixture(scope="module")
def a(emp) -> sectors.SectorAnalysis:
    return analyse_quiet(emp, 2020, 2022)


# ---------------------------------------------------------------------------------------------
# analyse(): the table


def test_shape_and_facts(a):
    assert len(a.table) == 9
    assert set(zip(a.table["plate"], a.table["nace_division"])) == {(p, d) for p in (1, 6, 34) for d in DIVS}
    assert (a.start, a.end, a.measure, a.reference) == (2020, 2022, "insured", "TR")
    assert a.is_sample is False and a.nace_revision == "Rev.2"
    assert a.notes == []  # complete table: no data decision to announce
    assert a.table["value"].tolist() == a.table["insured"].tolist()


def test_lq_is_one_where_the_province_mirrors_the_nation(a):
    for d in DIVS:
        r = row(a, 6, d)
        assert r["lq"] == pytest.approx(1.0) and r["lq_tr"] == pytest.approx(1.0)
        assert r["specialised"] == 1.0  # LQ = 1 counts as specialised (threshold reached)


@pytest.mark.parametrize("plate, expected", [(1, (0.5, 1.5, 1.0)), (34, (1.5, 0.5, 1.0))])
def test_lq_by_hand(a, plate, expected):
    # plate 1: (10/100) / (60/300) = 0.5, (30/100) / (60/300) = 1.5, (60/100) / (180/300) = 1
    for d, lq in zip(DIVS, expected):
        assert row(a, plate, d)["lq"] == pytest.approx(lq)
        assert row(a, plate, d)["specialised"] == (1.0 if lq >= 1 else 0.0)


def test_growth_rates_and_cagr(a):
    assert row(a, 1, "10")["growth_rate"] == pytest.approx(0.0)
    assert row(a, 1, "13")["growth_rate"] == pytest.approx(0.5)   # 20 -> 30
    assert row(a, 1, "62")["growth_rate"] == pytest.approx(0.2)   # 50 -> 60
    assert row(a, 6, "10")["growth_rate"] == pytest.approx(1.0)   # 10 -> 20
    assert row(a, 6, "10")["cagr"] == pytest.approx(math.sqrt(2) - 1)  # two years
    assert row(a, 1, "13")["cagr"] == pytest.approx(math.sqrt(1.5) - 1)
    assert row(a, 1, "62")["value_start"] == 50


def test_national_growth_by_division_and_total(a):
    assert a.national_total_growth == pytest.approx(0.25)  # 300 / 240 - 1
    assert (a.table["national_total_growth"] == a.national_total_growth).all()
    by_div = a.table.groupby("nace_division")["national_growth"].first()
    assert by_div["10"] == pytest.approx(0.5)   # 60 / 40 - 1
    assert by_div["13"] == pytest.approx(0.2)   # 60 / 50 - 1
    assert by_div["62"] == pytest.approx(0.2)   # 180 / 150 - 1


def test_shift_share_cells_by_hand(a):
    # national = a * 0.25; mix = a * (g_i - g) = a * (1.5 - 1.25) for 10, a * (1.2 - 1.25) for 13, 62;
    # competitive = b - a * g_i
    r = row(a, 1, "10")
    assert (r["national_share"], r["industry_mix"], r["competitive_share"]) == pytest.approx((2.5, 2.5, -5.0))
    r = row(a, 1, "13")
    assert (r["national_share"], r["industry_mix"], r["competitive_share"]) == pytest.approx((5.0, -1.0, 6.0))
    r = row(a, 6, "62")
    assert (r["national_share"], r["industry_mix"], r["competitive_share"]) == pytest.approx((10.0, -2.0, 12.0))
    assert r["competitive_rate"] == pytest.approx(12.0 / 40.0)


def test_shift_share_components_sum_to_the_change(a):
    t = a.table
    total = t["national_share"] + t["industry_mix"] + t["competitive_share"]
    np.testing.assert_allclose(total, t["insured"] - t["value_start"], atol=1e-9)


def test_firm_size(a):
    r = row(a, 1, "10")  # 10 insured / 2 workplaces; nation 60 / 7
    assert r["firm_size"] == pytest.approx(5.0)
    assert r["national_firm_size"] == pytest.approx(60 / 7)
    assert r["firm_size_ratio"] == pytest.approx(5.0 / (60 / 7))
    assert row(a, 6, "13")["firm_size_ratio"] == pytest.approx(10.0 / 10.0)  # 60 / 6 nationally


def test_manuf_share(a):
    # plate 1 manufacturing base = 10 + 30 = 40; division 62 is not manufacturing but gets the same
    # ratio to the manufacturing base (documented: can exceed 1)
    assert row(a, 1, "10")["manuf_share"] == pytest.approx(0.25)
    assert row(a, 1, "13")["manuf_share"] == pytest.approx(0.75)
    assert row(a, 1, "62")["manuf_share"] == pytest.approx(1.5)
    assert row(a, 6, "10")["manuf_share"] == pytest.approx(0.5)


def test_size_focus_and_stars(a):
    r = row(a, 1, "13")
    assert r["size"] == pytest.approx(30 / 60) and r["focus"] == pytest.approx(0.3)
    assert r["stars"] == 3  # size 0.5 >= 1 %, LQ 1.5 >= 1.25, focus 30 % >= 1 %
    assert row(a, 1, "10")["stars"] == 2  # LQ 0.5 < 1.25
    assert row(a, 6, "62")["stars"] == 2  # LQ 1 < 1.25
    assert bool(row(a, 1, "13")["specialisation_star"]) and not bool(row(a, 6, "62")["specialisation_star"])


def test_strong_clusters_by_hand(a):
    # division 13: LQs (1.5, 1.0, 0.5) -> Q75 = 1.25; employment (30, 20, 10) -> Q25 = 15;
    # workplaces (3, 2, 1) -> Q25 = 1.5: only plate 1 passes. Division 62: employment all 60,
    # Q25 = 60 and 60 > 60 fails: no strong cluster.
    strong = {(p, d) for p, d, s in zip(a.table["plate"], a.table["nace_division"], a.table["strong"]) if s}
    assert strong == {(1, "13"), (34, "10")}


def test_lq_nuts2_equals_lq_when_every_province_is_its_own_region(a):
    nuts2 = provinces.nuts_mapping(2)
    assert len({nuts2[p] for p in (1, 6, 34)}) == 3
    np.testing.assert_allclose(a.table["lq_nuts2"], a.table["lq_tr"])
    np.testing.assert_allclose(a.table["nuts2_employment"], a.table["insured"])
    assert row(a, 1, "10")["nuts2"] == "TR62"


def test_relatedness_and_density_by_hand(a):
    # M (LQ >= 1): plate 1 (0, 1, 1), plate 6 (1, 1, 1), plate 34 (1, 0, 1).
    # co-occurrence: C(10,13) = 1, C(10,62) = 2, C(13,62) = 2; S_10 = 3, S_13 = 3, S_62 = 4;
    # cosine C_ik / sqrt(S_i S_k): 1/3, 2/sqrt(12), 2/sqrt(12)
    rel = a.relatedness.set_index(["nace_division_1", "nace_division_2"])
    assert rel.loc[("10", "13"), "co_occurrence"] == 1
    assert rel.loc[("10", "62"), "co_occurrence"] == 2
    assert rel.loc[("10", "13"), "relatedness"] == pytest.approx(1 / 3)
    assert rel.loc[("13", "62"), "relatedness"] == pytest.approx(2 / math.sqrt(12))
    # density of 62 in plate 1: related 10 (not specialised) and 13 (specialised), equal weights -> 50 %
    assert row(a, 1, "62")["relatedness_density"] == pytest.approx(50.0)
    # 10 in plate 1: both related divisions are specialisations -> 100 %
    assert row(a, 1, "10")["relatedness_density"] == pytest.approx(100.0)
    # 13 in plate 1: (0 * 1/3 + 1 * 2/sqrt(12)) / (1/3 + 2/sqrt(12))
    w13, w62 = 1 / 3, 2 / math.sqrt(12)
    assert row(a, 1, "13")["relatedness_density"] == pytest.approx(100 * w62 / (w13 + w62))


def test_specialisation_and_concentration_indices(a):
    spec = a.specialisation.set_index("plate")
    assert spec.loc[6, "krugman"] == pytest.approx(0.0)           # mirrors the nation
    assert spec.loc[1, "krugman"] == pytest.approx(0.2)           # |0.1-0.2| + |0.3-0.2| + 0
    assert spec.loc[6, "hhi"] == pytest.approx(0.2**2 + 0.2**2 + 0.6**2)
    assert spec.loc[1, "hhi"] == pytest.approx(0.1**2 + 0.3**2 + 0.6**2)
    conc = a.concentration.set_index("nace_division")
    # division 62 is spread exactly like total employment (60 of 100 everywhere)
    assert conc.loc["62", "hoover"] == pytest.approx(0.0, abs=1e-12)
    assert conc.loc["62", "locational_gini"] == pytest.approx(0.0, abs=1e-12)
    assert conc.loc["10", "hoover"] > 0


def test_titles_and_province_order(a):
    p = a.province(1)
    assert p["nace_division"].tolist() == ["62", "13", "10"]  # largest first
    assert p.loc[0, "section"] == "J" and p.loc[1, "title_en"] == "Manufacture of textiles"


def test_measure_workplaces(emp):
    w = analyse_quiet(emp, 2020, 2022, measure="workplaces")
    r = row(w, 1, "10")
    # workplaces: plate 1 total 11; nation division 10 = 7 of 31
    assert r["value"] == 2 and r["lq"] == pytest.approx((2 / 11) / (7 / 31))
    assert r["firm_size"] == pytest.approx(5.0)  # firm size stays insured per workplace
    assert w.national_total_growth == pytest.approx(0.0)  # workplaces identical in both years


def test_reference_nuts2_and_lq_nuts2_from_nuts2_sums():
    # plates 1 and 33 (Mersin) share TR62; plate 6 is TR51 alone.
    end = {1: (10, 30, 60), 33: (50, 10, 40), 6: (20, 20, 60)}
    wp = {1: (1, 1, 1), 33: (1, 1, 1), 6: (1, 1, 1)}
    emp = make_emp(start=end, end=end, workplaces=wp)
    nuts2 = provinces.nuts_mapping(2)
    assert nuts2[1] == nuts2[33] == "TR62" and nuts2[6] == "TR51"
    n2 = analyse_quiet(emp, 2020, 2022, reference="NUTS2")
    assert n2.reference == "NUTS2"
    # TR62 = (60, 40, 100) of 200; nation = (80, 60, 160) of 300
    for d, lq2 in zip(DIVS, (0.3 / (80 / 300), 0.2 / 0.2, 0.5 / (160 / 300))):
        assert row(n2, 1, d)["lq_nuts2"] == pytest.approx(lq2)
        assert row(n2, 33, d)["lq_nuts2"] == pytest.approx(lq2)
        assert row(n2, 1, d)["nuts2_employment"] == {"10": 60, "13": 40, "62": 100}[d]
    # LQ against the province's own region: plate 1 (0.1, 0.3, 0.6) against TR62 (0.3, 0.2, 0.5)
    for d, lq in zip(DIVS, (0.1 / 0.3, 0.3 / 0.2, 0.6 / 0.5)):
        assert row(n2, 1, d)["lq"] == pytest.approx(lq)
    # lq_tr stays the national one; a province alone in its region has LQ 1 against it
    assert row(n2, 1, "10")["lq_tr"] == pytest.approx(0.1 / (80 / 300))
    for d in DIVS:
        assert row(n2, 6, d)["lq"] == pytest.approx(1.0)
    assert row(n2, 6, "10")["lq_nuts2"] == pytest.approx(0.2 / (80 / 300))


def test_suppressed_cell_stays_missing_and_is_noted(emp):
    e = emp.copy()
    e.loc[(e["plate"] == 34) & (e["nace_division"] == "13"), "insured"] = np.nan
    b = analyse_quiet(e, 2020, 2022)
    r = row(b, 34, "13")
    assert math.isnan(r["lq"]) and math.isnan(r["growth_rate"]) and math.isnan(r["national_share"])
    # totals over the reported cells: plate 34 = 90, nation = 290, division 10 = 60
    assert row(b, 34, "10")["lq"] == pytest.approx((30 / 90) / (60 / 290))
    assert row(b, 34, "62")["manuf_share"] == pytest.approx(60 / 30)
    assert b.notes and len(b.notes) == len(set(b.notes))
    assert any(n.startswith("location_quotient:") and "skipna=True" in n for n in b.notes)
    assert any(n.startswith("shift_share:") for n in b.notes)
    # the view drops the missing row; the remaining components still add up to the change
    summary = sectors.shift_share_summary(b, 34)
    assert "13" not in summary["by_division"]["nace_division"].tolist()
    tot = summary["total"]
    assert tot["change"] == pytest.approx(10.0)  # (30 - 20) + (60 - 60)
    assert tot["national_share"] + tot["industry_mix"] + tot["competitive_share"] == pytest.approx(tot["change"])


def test_unknown_division_is_noted_and_shown_by_code():
    divs = ("10", "13", "04")  # 04 is not a NACE Rev.2 division
    emp = make_emp(divs=divs)
    b = analyse_quiet(emp, 2020, 2022)
    assert "divisions without a NACE Rev.2 title (shown by code): 04" in [text.render(n, "en") for n in b.notes]
    assert any("04" in n and n == text.render(n, "tr") for n in b.notes)  # Turkish by default
    assert row(b, 1, "04")["title_en"] != row(b, 1, "04")["title_en"]  # NaN
    top = sectors.largest(b, 1)
    assert top.loc[top["nace_division"] == "04", "label"].item() == "04 "


def test_is_sample_and_other_years_revision():
    emp = make_emp(is_sample=True)
    extra = make_emp(years=(2021, 2023), revision="Rev.2.1")  # other years may use another revision
    both = pd.concat([emp, extra], ignore_index=True)
    b = analyse_quiet(both, 2020, 2022)
    assert b.is_sample is True and b.nace_revision == "Rev.2"


# ---------------------------------------------------------------------------------------------
# check_request() and request errors


@pytest.mark.parametrize("kwargs, message", [
    ({"measure": "employees"}, r"measure 'employees': expected one of insured, workplaces"),
    ({"reference": "NUTS3"}, r"reference 'NUTS3': expected 'TR'"),
    ({"start": 2019}, r"start_year 2019 is not in the employment data; available years: \[2020, 2022\]"),
    ({"end": 2023}, r"end_year 2023 is not in the employment data"),
    ({"start": 2022, "end": 2020}, r"start_year 2022 must be before end_year 2020"),
    ({"start": 2020, "end": 2020}, r"start_year 2020 must be before end_year 2020"),
])
def test_check_request_errors(emp, kwargs, message):
    args = {"start": 2020, "end": 2022, "measure": "insured", "reference": "TR", **kwargs}
    with pytest.raises(ValueError, match=message):
        sectors.check_request(emp, **args)
    with pytest.raises(ValueError, match=message):
        sectors.analyse(emp, args["start"], args["end"], args["measure"], args["reference"])


def test_check_request_accepts_a_valid_request(emp):
    assert sectors.check_request(emp, 2020, 2022, "workplaces", "NUTS2") is None


def test_mixed_revisions_are_refused(emp):
    e = emp.copy()
    e.loc[e["year"] == 2022, "nace_revision"] = "Rev.2.1"
    with pytest.raises(ValueError, match="different NACE revisions"):
        sectors.analyse(e, 2020, 2022)


# ---------------------------------------------------------------------------------------------
# criteria_table()


def test_criteria_table_by_hand(a):
    raw = sectors.criteria_table(a, 1)
    t = raw.set_index("nace_division")
    base = ["plate", "nace_division", "title_tr", "title_en", "insured", "workplaces", "lq", "manuf_share", "growth",
            "industry_mix", "competitive", "insured_per_workplace", "relatedness_density", "related_variety",
            "lq_neighbours", "labour_pool", "lq_rest_region", "lq_nuts2"]
    assert list(raw.columns) == (base + [f"ref_{c}" for c in sectors.REF_COLUMNS["employment"]]
                                 + ["universities", "basis", "is_sample"])
    refs = raw.filter(like="ref_").to_numpy(dtype=float)
    assert ((refs >= 0) & (refs <= 1) | np.isnan(refs)).all()  # percentiles among the provinces
    assert t.index.tolist() == ["62", "13", "10"]
    assert (t["plate"] == 1).all()
    # industry mix as a rate: g_i - g = 0.5 - 0.25, 0.2 - 0.25
    assert t.loc["10", "industry_mix"] == pytest.approx(0.25)
    assert t.loc["13", "industry_mix"] == pytest.approx(-0.05)
    # competitive as a rate: competitive share / start value
    assert t.loc["10", "competitive"] == pytest.approx(-5 / 10)
    assert t.loc["13", "competitive"] == pytest.approx(6 / 20)
    assert t.loc["62", "competitive"] == pytest.approx(0.0)
    assert t.loc["13", "growth"] == pytest.approx(0.5)
    assert t.loc["10", "insured_per_workplace"] == pytest.approx(5.0)
    # plate 1 is alone in TR62 in this data: no rest of the region (missing, not zero -- the province
    # itself is never counted in its regional measures)
    assert np.isnan(t.loc["13", "labour_pool"]) and np.isnan(t.loc["13", "lq_rest_region"])
    assert (t["universities"] == 0.0).all()
    # it is a valid sector table for the criteria evaluation
    validated, _ = criteria.validate_sector_table(raw)
    assert len(validated) == 3


def test_criteria_table_universities_and_exports(a):
    unis = pd.DataFrame({"plate": [1, 1, 1, 6], "founded": [1973, 2011, 2030, 1946]})
    t = sectors.criteria_table(a, 1, universities=unis)
    assert (t["universities"] == 2.0).all()  # the one founded after the end year (2022) does not count
    t = sectors.criteria_table(a, 1, universities=unis.drop(columns="founded"))
    assert (t["universities"] == 3.0).all()
    exports = pd.DataFrame({"plate": [1, 1, 6], "nace_division": ["13", "13", "10"],
                            "export_usd": [1e6, 5e5, 9e9]})
    t = sectors.criteria_table(a, 1, exports=exports).set_index("nace_division")
    assert t.loc["13", "exports_usd"] == 1.5e6
    assert math.isnan(t.loc["10", "exports_usd"])  # plate 6's exports do not count
    empty = exports.iloc[0:0]
    assert "exports_usd" not in sectors.criteria_table(a, 1, exports=empty).columns


# ---------------------------------------------------------------------------------------------
# views


def test_largest(a):
    top = sectors.largest(a, 1, n=2, lang="en")
    assert top["nace_division"].tolist() == ["62", "13"]
    assert (top["province_total"] == 100).all()
    title = nace.divisions().set_index("nace_division").loc["62", "title_en"]
    assert top.loc[0, "label"] == "62 " + textnorm.shorten(title, 38)  # cut between words, never inside one
    title_tr = nace.divisions().set_index("nace_division").loc["62", "title_tr"]
    assert sectors.largest(a, 1, n=2).loc[0, "label"] == "62 " + textnorm.shorten(title_tr, 38)  # Turkish by default
    assert len(sectors.largest(a, 1)) == 3  # n larger than the province's divisions


def test_most_specialised(a):
    assert sectors.most_specialised(a, 1)["nace_division"].tolist() == ["13", "62", "10"]
    assert sectors.most_specialised(a, 1)["lq"].tolist() == pytest.approx([1.5, 1.0, 0.5])
    assert sectors.most_specialised(a, 1, min_size=20)["nace_division"].tolist() == ["13", "62"]
    assert sectors.most_specialised(a, 1, n=1, lang="en")["label"].tolist() == ["13 Manufacture of textiles"]


def test_portfolio(a, emp):
    p = sectors.portfolio(a, 1).set_index("nace_division")
    assert p["growth_pct"].to_dict() == pytest.approx({"10": 0.0, "13": 50.0, "62": 20.0})
    e = emp.copy()
    e.loc[(e["plate"] == 34) & (e["nace_division"] == "13") & (e["year"] == 2022), "insured"] = 0.0
    b = analyse_quiet(e, 2020, 2022)
    assert sorted(sectors.portfolio(b, 34)["nace_division"]) == ["10", "62"]  # zero employment left out


def test_shift_share_summary(a):
    s = sectors.shift_share_summary(a, 1)
    tot = s["total"]
    # province 1: start 80, end 100; national 80 * 0.25 = 20; mix 2.5 - 1 - 2.5 = -1; competitive 1
    assert tot["change"] == pytest.approx(20.0)
    assert tot["national_share"] == pytest.approx(20.0)
    assert tot["industry_mix"] == pytest.approx(-1.0)
    assert tot["competitive_share"] == pytest.approx(1.0)
    by = s["by_division"]
    assert set(by["nace_division"][:2]) == {"13", "62"} and by["nace_division"].iloc[-1] == "10"
    assert by["change"].tolist() == pytest.approx([10.0, 10.0, 0.0])
    assert len(sectors.shift_share_summary(a, 1, n=1)["by_division"]) == 1
    t6 = sectors.shift_share_summary(a, 6)["total"]  # start 70, end 100
    assert (t6["change"], t6["national_share"], t6["industry_mix"], t6["competitive_share"]) == \
        pytest.approx((30.0, 17.5, -0.5, 13.0))


def test_specialisation_ranking(a):
    r = sectors.specialisation_ranking(a, 6).set_index("index")
    assert {"krugman", "hhi", "gini"} <= set(r.index)
    assert r.loc["krugman", "value"] == pytest.approx(0.0)
    assert r.loc["krugman", "rank"] == 3  # plates 1 and 34 tie at 0.2 (rank 1)
    assert r.loc["krugman", "median_province"] == pytest.approx(0.2)
    assert r.loc["krugman", "provinces"] == 3
    assert sectors.specialisation_ranking(a, 1).set_index("index").loc["krugman", "rank"] == 1


def test_relatedness_view(a):
    v = sectors.relatedness_view(a, 1)
    assert v["nace_division"].tolist() == ["10"]  # the only division plate 1 is not specialised in
    assert list(v.columns) == ["nace_division", "title_tr", "title_en", "insured", "lq", "relatedness_density"]
    assert v.loc[0, "relatedness_density"] == pytest.approx(100.0)
    assert sectors.relatedness_view(a, 6).empty  # specialised in every division


def test_cluster_flags(a):
    strong, stars = sectors.cluster_flags(a, 1)
    assert strong["nace_division"].tolist() == ["13"]
    assert len(stars) == 3 and stars.loc[0, "nace_division"] == "13" and stars.loc[0, "stars"] == 3
    assert {"size", "lq_tr", "focus", "stars", "strong"} <= set(stars.columns)
    strong6, stars6 = sectors.cluster_flags(a, 6)
    assert strong6.empty and (stars6["stars"] == 2).all()


def test_map_values(a):
    values, title = sectors.map_values(a, 1, lang="en")  # largest specialised manufacturing division: 13
    assert title == "LQ of 13 Manufacture of textiles (2022)"
    title_tr = nace.divisions().set_index("nace_division").loc["13", "title_tr"]
    assert sectors.map_values(a, 1)[1] == f"YK: 13 {title_tr} (2022)"
    assert values.to_dict() == pytest.approx({1: 1.5, 6: 1.0, 34: 0.5})
    assert values.dtype == "float64"
    values, title = sectors.map_values(a, 34, lang="en")
    assert title.startswith("LQ of 10 Manufacture of food products")
    assert values[34] == pytest.approx(1.5)
    values, title = sectors.map_values(a, 1, "62", lang="en")
    assert title == "LQ of 62 Computer programming, consultancy and related activities (2022)"
    assert values.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_map_values_falls_back_to_a_non_manufacturing_specialisation():
    # plate 1 (10, 10, 80) vs nation (50, 50, 100): LQ 0.4, 0.4, 1.6 -> no manufacturing specialisation
    vals = {1: (10, 10, 80), 6: (40, 40, 20)}
    emp = make_emp(start=vals, end=vals, workplaces={1: (1, 1, 1), 6: (1, 1, 1)})
    b = analyse_quiet(emp, 2020, 2022)
    values, title = sectors.map_values(b, 1)
    assert title.startswith("YK: 62 ")
    assert values[1] == pytest.approx(1.6)
