"""Every province, not only the pilots: the analysis and the evaluation run for all 81 on the
bundled data (in-process, no kernels), so a scheduled `reports --provinces all` does not meet a
province-specific failure first."""

from __future__ import annotations

import warnings

import pytest

from helpers import criteria, datasets, narrative, paths, profile, provinces, sectors


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
    assert narrative.exports(name, profile.exports(tables["trade_monthly"], plate))
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
