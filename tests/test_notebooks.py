"""The three notebooks through papermill with non-default parameters, bad parameters, and with
filled stakeholder sheets (the consultation loop end to end)."""

from __future__ import annotations

import json
import random

import nbformat
import papermill
import pytest
from openpyxl import load_workbook
from papermill.exceptions import PapermillExecutionError

from helpers import basis, criteria, evaluation, paths, provinces, stakeholders

pytestmark = pytest.mark.slow
KERNEL = "turkiye-clusters"


def execute(name: str, out, **params):
    return papermill.execute_notebook(str(paths.NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=params,
                                      kernel_name=KERNEL, progress_bar=False, cwd=str(paths.NOTEBOOKS))


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(str(data.get("text/markdown", "")) + str(data.get("text/plain", "")) + str(data.get("text/html", "")))
            parts.append(str(out.get("text", "")))
    return "\n".join(parts)


def test_economic_analysis_non_default_parameters(tmp_path):
    nb = execute("02_economic_analysis", tmp_path / "o.ipynb", province="corum", start_year=2011,
                 end_year=2013, measure="workplaces", reference="NUTS2", language="en")
    text = text_of(nb)
    assert "Çorum" in text and "measure: workplaces" in text and "LQ benchmark: the province" in text and "NUTS-2 region" in text


def test_economic_analysis_rejects_unknown_province_with_resolver_message(tmp_path):
    with pytest.raises(PapermillExecutionError) as err:
        execute("02_economic_analysis", tmp_path / "o.ipynb", province="Trabzn")
    # the English message for logs; the reader sees one short message in the notebook's language
    assert "unknown province 'Trabzn'" in err.value.evalue and "Trabzon (61)" in err.value.evalue
    shown = str(err.value)
    assert "Parametre hatası" in shown and "province = 'Trabzn'" in shown and "Trabzon (61)" in shown
    assert "Traceback" not in shown and ".py" not in shown


def test_economic_analysis_rejects_a_year_without_data(tmp_path):
    with pytest.raises(PapermillExecutionError, match="end_year 2020 is not in the employment data"):
        execute("02_economic_analysis", tmp_path / "o.ipynb", end_year=2020)


def _filled_sheets(folder, plate: int, n: int = 3):
    config = criteria.load_criteria(paths.CRITERIA_YML)
    inputs = evaluation.province_inputs(plate, 2009, 2013, basis="sample")
    kept = criteria.longlist(inputs.table, config).kept
    rng = random.Random(7)
    for k in range(n):
        path = folder / f"paydas_{k}.xlsx"
        stakeholders.write_sheet(path, provinces.name(plate), kept, config, plate=plate)
        wb = load_workbook(path)
        ws = wb[stakeholders.SCORING_SHEET]
        ws.cell(row=stakeholders.FIELDS["respondent"][0], column=stakeholders.FIELD_COL, value=f"Katılımcı {k}")
        ws.cell(row=stakeholders.FIELDS["organisation"][0], column=stakeholders.FIELD_COL, value="Samsun TSO")
        first_item = len(stakeholders.FIXED_COLUMNS) + 1
        for i in range(len(kept)):
            for j in range(len(config.qualitative_items)):
                ws.cell(row=stakeholders.FIRST_DATA_ROW + i, column=first_item + j, value=rng.randint(1, 5))
        wb.save(path)
    return kept


def test_criteria_evaluation_with_and_without_stakeholder_sheets(tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    _filled_sheets(folder, 55)
    sample = dict(basis="sample", year=2013, start_year=2009)  # the sheets were written for the SGK sample
    with_sheets = execute("03_criteria_evaluation", tmp_path / "with.ipynb", province="Samsun",
                          stakeholder_dir=str(folder), method="topsis", top_k=3, language="en", **sample)
    text = text_of(with_sheets)
    assert "3 filled sheet(s) from 3 respondent(s)" in text
    assert "quantitative criteria alone" not in text
    (tmp_path / "empty").mkdir()  # an existing folder without sheets (a missing one is refused: issue 11)
    without = execute("03_criteria_evaluation", tmp_path / "without.ipynb", province="Samsun",
                      stakeholder_dir=str(tmp_path / "empty"), method="promethee", top_k=3, language="en", **sample)
    assert "quantitative criteria alone" in text_of(without)

    def summary(nb):
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if "application/vnd.turkiye-clusters.summary+json" in out.get("data", {}):
                    return out["data"]["application/vnd.turkiye-clusters.summary+json"]
    assert len(summary(with_sheets)["top_sectors"]) == 3 and len(summary(without)["top_sectors"]) == 3
    assert summary(with_sheets)["basis"] == "employment" and summary(with_sheets)["is_sample"] is True


def _summary(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "application/vnd.turkiye-clusters.summary+json" in out.get("data", {}):
                return out["data"]["application/vnd.turkiye-clusters.summary+json"]


def _needs_exports():
    from helpers import datasets
    try:
        datasets.load("exports_tim")
    except FileNotFoundError as exc:
        pytest.skip(f"exports_tim not available: {exc}")


def _banners(nb) -> int:
    return sum(str(out.get("data", {}).get("text/html", "")).count("workbook-sample-banner")
               for cell in nb.cells for out in cell.get("outputs", []))


def test_criteria_evaluation_defaults_to_real_exports_without_a_sample_banner(pilot_run):
    _needs_exports()
    # Trabzon's evaluation on the notebook's defaults, as the session's run of the pilots made it
    # (tests/conftest.py: the runner passes the province, the language and the scores path only)
    nb = nbformat.read(pilot_run / "61-trabzon" / "03_criteria_evaluation.ipynb", as_version=4)
    record = _summary(nb)
    # Trabzon's long list is every sector present (criteria 2.0: a presence floor, 21 sectors in 2023), so the
    # shortlist has 5, led by hazelnuts (RCA ≈ 60 in 2023: about half of Türkiye's hazelnut exports)
    assert record["basis"] == "exports" and record["is_sample"] is False and len(record["top_sectors"]) == 5
    assert record["top_sectors"][0].startswith("T05 ")
    assert record["language"] == "tr" and record["basis_title"] == basis.EXPORTS.title("tr")
    assert _banners(nb) == 0 and basis.EXPORTS.title("tr") in text_of(nb)  # Turkish by default


def test_economic_analysis_banner_only_on_the_sample_section(pilot_run):
    _needs_exports()
    # Trabzon's economic analysis in English, from the session's run of the pilots (tests/conftest.py)
    nb = nbformat.read(pilot_run / "61-trabzon" / "02_economic_analysis.en.ipynb", as_version=4)
    record = _summary(nb)
    assert record["basis"] == "exports" and record["is_sample"] is False
    assert _banners(nb) == (1 if record["sample_sections"] else 0)
    assert "head office" in text_of(nb) and record["language"] == "en"


def test_criteria_evaluation_rejects_an_unknown_basis(tmp_path):
    with pytest.raises(PapermillExecutionError) as err:
        execute("03_criteria_evaluation", tmp_path / "o.ipynb", basis="export")
    assert "expected one of 'auto', 'exports', 'employment', 'sample'" in err.value.evalue
    assert "basis = 'export' kabul edilmedi" in str(err.value)


def test_criteria_evaluation_rejects_a_bad_criteria_file(tmp_path):
    bad = tmp_path / "criteria.yml"
    bad.write_text(paths.CRITERIA_YML.read_text(encoding="utf-8").replace("transform: log", "transform: logarithm", 1),
                   encoding="utf-8")
    with pytest.raises(PapermillExecutionError, match="logarithm"):
        execute("03_criteria_evaluation", tmp_path / "o.ipynb", criteria_file=str(bad))


def test_cleaning_notebook_subset(tmp_path):
    nb = execute("01_data_cleaning", tmp_path / "o.ipynb", sources="population, universities", language="en")
    assert "tables checked: 2" in text_of(nb)
