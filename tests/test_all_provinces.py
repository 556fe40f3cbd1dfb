"""Every province, not only the pilots: the analysis and the evaluation run for all 81 on the
bundled data (in-process, no kernels), so a scheduled `reports --provinces all` does not meet a
province-specific failure first."""

from __future__ import annotations

import warnings

import pytest

from helpers import basis, criteria, datasets, narrative, paths, profile, provinces, sectors


@pytest.fixture(scope="module")
def analysis():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sectors.analyse(datasets.load("employment_sgk"), 2009, 2013)


@pytest.fixture(scope="module")
def tables():
    return {n: datasets.load(n) for n in ("population", "gdp_current", "gdp_volume", "trade_monthly",
                                          "labour_market", "ses_province", "universities")}


@pytest.mark.parametrize("plate", range(1, 82))
def test_profile_and_sector_views(plate, analysis, tables):
    name = provinces.name(plate)
    trend = profile.population_trend(tables["population"], plate)
    assert trend["population"].notna().all()
    assert narrative.value_added(name, profile.value_added_structure(tables["gdp_current"], plate))
    assert narrative.real_growth(name, profile.real_growth_summary(profile.real_growth(tables["gdp_volume"], plate)))
    assert narrative.trade(name, profile.exports(tables["trade_monthly"], plate))
    assert narrative.labour(name, profile.labour_market(tables["labour_market"], plate))
    assert narrative.ses(name, profile.ses(tables["ses_province"], plate))
    assert narrative.bubble(name, sectors.portfolio(analysis, plate), analysis.national_total_growth)
    assert narrative.relatedness(name, sectors.relatedness_view(analysis, plate))
    values, title = sectors.map_values(analysis, plate)
    assert narrative.map_reading(name, title, values, plate)


@pytest.mark.parametrize("plate", range(1, 82))
def test_criteria_evaluation(plate, analysis, tables):
    config = criteria.load_criteria(paths.CRITERIA_YML)
    table = sectors.criteria_table(analysis, plate, universities=tables["universities"])
    table["nace_label"] = table["title_en"]
    kept = criteria.longlist(table, config).kept
    assert len(kept) >= 3, f"{provinces.name(plate)}: long list too short ({len(kept)})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = criteria.evaluate(kept, config)
    assert list(result.table["rank"])[:1] == [1]


@pytest.fixture(scope="module")
def exports_analysis():
    """The export analysis of the latest TİM year against five years before (the notebooks' default)."""
    try:
        ex = datasets.load("exports_tim")
    except FileNotFoundError as exc:
        pytest.skip(f"exports_tim not available: {exc}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ex, sectors.analyse_exports(ex, *basis.default_years(datasets.years(ex)))


@pytest.mark.parametrize("plate", range(1, 82))
def test_export_section_and_evaluation_on_exports(plate, exports_analysis, tables):
    ex, a = exports_analysis
    name = provinces.name(plate)
    assert narrative.exports.structure(name, sectors.export_structure(ex, plate))
    assert narrative.exports.coverage(name, a.coverage, plate, a.end)
    assert narrative.exports.bubble(name, sectors.portfolio(a, plate), a.national_total_growth, a.end)
    assert narrative.exports.shift_share(name, sectors.shift_share_summary(a, plate)["total"], a.start, a.end)
    assert narrative.exports.complexity(name, a.table, plate, a.end)
    values, title = sectors.map_values(a, plate)
    assert narrative.map_reading(name, title, values, plate)
    config = criteria.load_criteria(paths.CRITERIA_YML, basis="exports")
    ll = criteria.longlist(sectors.criteria_table_exports(a, plate, tables["universities"]), config)
    assert len(ll.kept) >= 1, f"{name}: no exporting sector"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = criteria.evaluate(ll.kept, config)
        robust = criteria.robustness(ll.kept, config, n=50)
        criteria.method_agreement(ll.kept, config)
    assert list(result.table["rank"])[:1] == [1] and len(robust.table) == len(ll.kept)


@pytest.mark.parametrize("plate", range(1, 82))
def test_readings_hold_no_code_like_tokens(plate, analysis, exports_analysis, tables):
    """Every reading of notebook 02, in both languages, for every province (the pilots' rendered
    reports are scanned in tests/text/test_report_tokens.py); the export window's caveat names the
    2023 earthquakes exactly for the provinces of the disaster area."""
    from helpers import shocks
    from helpers.text.tokens import code_tokens
    ex, a = exports_analysis
    name = provinces.name(plate)
    for lang in ("tr", "en"):
        trend = profile.population_trend(tables["population"], plate)
        readings = [
            narrative.population(name, trend, profile.population_growth(trend, int(trend["year"].min()),
                                                                        int(trend["year"].max())), lang),
            narrative.real_growth(name, profile.real_growth_summary(profile.real_growth(tables["gdp_volume"], plate)),
                                  lang),
            narrative.trade(name, profile.exports(tables["trade_monthly"], plate), lang),
            narrative.trade_caveat(plate, profile.exports(tables["trade_monthly"], plate), lang) or "",
            narrative.universities(name, profile.universities(tables["universities"], plate), 2013, lang),
            narrative.exports.structure(name, sectors.export_structure(ex, plate, 8, lang), lang),
            narrative.exports.coverage(name, a.coverage, plate, a.end, lang),
            narrative.exports.bubble(name, sectors.portfolio(a, plate, lang), a.national_total_growth, a.end, lang),
            narrative.exports.shift_share(name, sectors.shift_share_summary(a, plate, lang=lang)["total"], a.start,
                                          a.end, lang),
            narrative.exports.complexity(name, a.table, plate, a.end, lang),
            narrative.bubble(name, sectors.portfolio(analysis, plate, lang), analysis.national_total_growth, lang),
            narrative.relatedness(name, sectors.relatedness_view(analysis, plate), lang),
        ]
        assert [(r, code_tokens(r)) for r in readings if code_tokens(r)] == []
        caveat = shocks.caveat(plate, a.start, a.end, lang) or ""
        quake = plate in (1, 2, 21, 23, 27, 31, 44, 46, 63, 79, 80)
        assert (shocks.label("earthquake_2023", lang) in caveat) == (quake and a.start <= 2023 <= a.end)
