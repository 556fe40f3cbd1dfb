"""The one table of notebook parameter domains (helpers.parameters), issue 11 case 2."""

from __future__ import annotations

import papermill
import pytest

from helpers import criteria, parameters, paths, sectors


def test_domains_agree_with_the_code_that_uses_the_values():
    assert parameters.DOMAINS["measure"].choices == tuple(sectors.MEASURES)
    assert parameters.DOMAINS["reference"].choices == tuple(sectors.REFERENCES)
    assert parameters.DOMAINS["method"].choices == tuple(criteria.METHODS)


@pytest.mark.parametrize("stem", ["01_data_cleaning", "02_economic_analysis", "03_criteria_evaluation", "04_follow_up"])
def test_every_notebook_parameter_has_a_domain_and_valid_defaults(stem):
    declared = papermill.inspect_notebook(str(paths.NOTEBOOKS / f"{stem}.ipynb"))
    missing = [n for n in declared if parameters.domain(n, stem) is None]
    assert not missing, f"{stem}: add {missing} to helpers.parameters.DOMAINS"
    defaults = {n: parameters.literal(d["default"]) for n, d in declared.items()}
    assert parameters.problems(defaults, stem) == []


@pytest.mark.parametrize("params, fragment", [
    ({"top_k": 0}, "out of range"),
    ({"top_k": True}, "is a bool"),
    ({"top_k": "5"}, "is str"),
    ({"language": "de"}, "expected one of 'tr', 'en'"),
    ({"sources": "population, nope"}, "unknown table(s) nope"),
    ({"sources": " , "}, "unknown table(s) (none given)"),
    ({"province": "Atlantis"}, "unknown province"),
    ({"year": 1850}, "not a year"),
    ({"stakeholder_dir": "README.md"}, "is not a folder"),
])
def test_problems_name_the_value_and_the_allowed_ones(params, fragment):
    found = parameters.problems(params, "nb")
    assert found and fragment in found[0] and found[0].startswith("nb: ")


def test_valid_values_pass():
    parameters.check({"year": 0, "start_year": 0, "top_k": 7, "stakeholder_dir": "", "sources": "all",
                      "criteria_file": "config/criteria.yml", "language": "en", "province": "K.Maraş"})


def test_criteria_file_must_be_utf8(tmp_path):
    f = tmp_path / "c.yml"
    f.write_bytes("başlık: 1\n".encode("cp1254"))
    with pytest.raises(parameters.ParameterError, match="is not UTF-8 text"):
        parameters.check({"criteria_file": str(f)})


def test_basis_domain_is_the_basis_modules_list():
    from helpers import basis

    assert parameters.DOMAINS["basis"].choices == basis.BASES


def test_year_groups_follow_the_data_each_notebook_reads():
    assert parameters.year_groups({"start_year": 2009, "end_year": 2013, "export_year": 0,
                                   "export_start_year": 0}) == [
        ("end_year", "start_year", "sgk"), ("export_year", "export_start_year", "exports")]
    assert parameters.year_groups({"year": 0, "start_year": 0, "basis": "auto"}) == [("year", "start_year", "auto")]


def test_exports_years_are_checked_against_tim_years():
    with pytest.raises(parameters.ParameterError, match="2017 is not in the TİM export data"):
        parameters.check_years({"year": 2017, "start_year": 0}, [2016, 2018], end_name="year", data="exports")
