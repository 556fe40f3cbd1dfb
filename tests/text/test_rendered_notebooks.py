"""Notebooks rendered in Turkish hold no English catalogue prose, and in English no Turkish one;
numbers follow each locale. Every notebook, on its default province, once per language (02 and 03
as the session's run of the pilots rendered them, tests/conftest.py ``pilot_run``).

The data-sources table is left out of the scan: it cites each file's bibliographic record as
published (titles such as "İl bazında … (GDP by province …)" carry the producer's own English
gloss), which is a citation, not report prose."""

from __future__ import annotations

import html
import re

import nbformat
import papermill
import pytest

from helpers import paths, text

pytestmark = pytest.mark.slow
KERNEL = "turkiye-clusters"
CONVERTED = ["01_data_cleaning", "02_economic_analysis", "03_criteria_evaluation", "04_follow_up"]
#: parameters besides ``language`` (kept small: one province, the default, per language)
PARAMETERS = {"01_data_cleaning": {"sources": "population, universities, employment_sgk"}}
#: Notebooks whose reports on the default province (Gaziantep, a pilot) are taken from the session's
#: one run of the pilots in both languages (tests/conftest.py ``pilot_run``) instead of a run of their own
FROM_PILOT_RUN = ("02_economic_analysis", "03_criteria_evaluation")
DEFAULT_PROVINCE = "27-gaziantep"


def _is_sources_table(html_text: str, lang: str) -> bool:
    return f">{text.column_label('producer', lang)}<" in html_text


def _shown_text(nb, lang: str) -> str:
    """What a reader sees: Markdown and HTML outputs, tags and styles removed (not the sources table)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html_text = data.get("text/html", "")
            parts += [data.get("text/markdown", ""), "" if _is_sources_table(html_text, lang) else html_text]
    s = re.sub(r"<style.*?</style>", " ", "\n".join(parts), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", s)).split())


@pytest.fixture(scope="module", params=CONVERTED)
def rendered(request, tmp_path_factory):
    out = {}
    for lang in text.LANGUAGES:
        if request.param in FROM_PILOT_RUN:  # the default province's report of the session's run
            path = request.getfixturevalue("pilot_run") / DEFAULT_PROVINCE / (
                f"{request.param}.ipynb" if lang == "tr" else f"{request.param}.{lang}.ipynb")
        else:
            path = tmp_path_factory.mktemp(lang) / f"{request.param}.ipynb"
            papermill.execute_notebook(str(paths.NOTEBOOKS / f"{request.param}.ipynb"), str(path),
                                       parameters={"language": lang, **PARAMETERS.get(request.param, {})},
                                       kernel_name=KERNEL, progress_bar=False, cwd=str(paths.NOTEBOOKS))
        out[lang] = _shown_text(nbformat.read(path, as_version=4), lang)
    return out


def test_turkish_report_has_no_english_prose(rendered):
    assert text.reading("tr") in rendered["tr"] and text.reading("en") not in rendered["tr"]
    assert text.english_leaks(rendered["tr"]) == []


def test_english_report_is_english(rendered):
    en = rendered["en"]
    assert text.reading("en") in en and text.reading("tr") not in en
    turkish_prose = [e["tr"] for e in text.catalogue().values()
                     if e["tr"] != e["en"] and len(e["tr"].split()) >= 4 and "{" not in e["tr"]]
    assert [s for s in turkish_prose if s in en] == []


def test_numbers_follow_the_locale(rendered):
    assert re.search(r"\b\d{1,3}\.\d{3}\b", rendered["tr"])  # 87.480 rows
    assert re.search(r"\b\d{1,3},\d{3}\b", rendered["en"])  # 87,480 rows

def test_ratios_follow_the_locale(rendered, request):
    if request.node.callspec.params["rendered"] == "01_data_cleaning":
        pytest.skip("the cleaning report shows counts only")
    assert re.search(r"\b\d,\d{2}\b", rendered["tr"]) and re.search(r"\b\d\.\d{2}\b", rendered["en"])  # 0,76 / 0.76
