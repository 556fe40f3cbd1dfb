"""helpers.sample: the labelled synthetic SGK workbook in data/raw/sample/ — coverage, labels,
scale, suppressed cells, and that regenerating it gives the committed file byte for byte."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import nace, paths, provenance, sample
from helpers.sources import sgk

COMMITTED = paths.RAW_SAMPLE / sample.file_name(sample.DEFAULT_YEARS)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return sgk.read_sgk_workbook(COMMITTED)


def test_covers_81_provinces_by_88_divisions_by_3_years(table):
    assert len(table) == 81 * 88 * 3
    assert set(table["plate"]) == set(range(1, 82))
    assert set(table["nace_division"]) == set(nace.divisions(nace.REV2)["nace_division"])
    assert set(table["year"]) == set(sample.DEFAULT_YEARS)
    assert not table.duplicated(["plate", "year", "nace_division"]).any()
    assert set(table["nace_revision"]) == {nace.REV2}


def test_labelled_as_sample_everywhere(table):
    assert table["is_sample"].all()
    assert "SAMPLE" in COMMITTED.name
    prov = provenance.verify(COMMITTED)
    assert prov.is_sample and prov.meta["producer"] == "this workbook (synthetic)"
    assert prov.meta["seed"] == sample.SEED
    for sheet in sgk.read_workbook(COMMITTED):
        note = sheet.cell(0, 0)
        assert note.startswith("ÖRNEK VERİ — resmi istatistik değildir / SAMPLE DATA — not official statistics")
        assert f"seed {sample.SEED}" in note
        assert sgk.is_sgk_title(sheet.cell(1, 0))


def test_selected_by_the_pipeline_only_without_official_files():
    source = sgk.employment_source()
    if source["kind"] == "official":
        pytest.skip("official SGK files are present in data/raw/sgk/")
    assert source["files"] == [COMMITTED]


def test_scale_national_totals_and_population_proportionality(table):
    totals = table.groupby("year")["insured"].sum()
    assert 14e6 <= totals[2013] <= 15e6  # roughly 14–15 million 4/a insured in 2013
    assert totals[2009] < totals[2011] < totals[2013]
    workplaces = table.groupby("year")["workplaces"].sum()
    assert 5 <= totals[2013] / workplaces[2013] <= 12  # mean workplace size
    pop, _source = sample.population([2013])
    by_province = table[table["year"] == 2013].groupby("plate")["insured"].sum().sort_index()
    rho = pd.Series(by_province.to_numpy()).rank().corr(pd.Series(pop[2013]).rank())  # Spearman
    assert rho > 0.9


def test_suppressed_cells_are_missing_and_totals_check(table):
    missing = table["insured"].isna()
    assert 0 < missing.sum() < 0.02 * len(table)
    assert (table.loc[missing, "workplaces"].isna()).all()
    checks = table.attrs["total_checks"]
    assert checks["mismatched"] == 0 and checks["incomplete"] > 0 and checks["matched"] > 0


def test_regenerating_gives_the_committed_file_byte_for_byte(tmp_path):
    """Fixed seed, fixed workbook properties and zip member dates: the same bytes (for the same
    population and value-added inputs, which the sidecar records)."""
    path = sample.generate(out_dir=tmp_path)
    committed = provenance.read_sidecar(COMMITTED).meta
    fresh = provenance.read_sidecar(path).meta
    assert fresh["inputs"] == committed["inputs"], (
        "the sample's inputs changed (population / value-added tables): run `python tools/make_sample.py` "
        "and commit data/raw/sample/")
    assert provenance.sha256(path) == provenance.sha256(COMMITTED), (
        "regenerating the sample gives a different file: run `python tools/make_sample.py` and commit it")


def test_sample_years_must_be_rev2_years(tmp_path):
    with pytest.raises(ValueError, match="2007–2024"):
        sample.generate(years=(2013, 2025), out_dir=tmp_path)
