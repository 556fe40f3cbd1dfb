"""The pilots' reports, as the `reports` command renders them in Turkish and English, hold no
code-like tokens (snake_case identifiers, ``f()`` calls, True/False/None/NaN, ``x=1``) anywhere a
reader looks: prose, headings, table headers and cells, notes, alt texts
(:func:`helpers.text.tokens.scan_report`). Kahramanmaraş's reports on the default window carry the
February 2023 earthquake caveat.

The session's one run of the five pilots in both languages (tests/conftest.py ``pilot_run``; slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import shocks
from helpers.text.tokens import scan_report

pytestmark = pytest.mark.slow
PILOTS = ["61-trabzon", "55-samsun", "19-corum", "46-kahramanmaras", "27-gaziantep"]
NOTEBOOKS = ["02_economic_analysis", "03_criteria_evaluation"]


@pytest.fixture(scope="module")
def run_dir(pilot_run) -> Path:
    """The session's one run of the five pilots in Turkish and English (tests/conftest.py), read only."""
    return pilot_run


def _html(run_dir: Path, label: str, notebook: str, lang: str) -> Path:
    return run_dir / label / f"{notebook}{'' if lang == 'tr' else '.en'}.html"


def test_the_cleaning_report_has_no_code_like_tokens(run_dir):
    reports = sorted((run_dir / "_data").glob("01_data_cleaning*.html"))
    assert reports and {str(p.name): scan_report(p) for p in reports} == {p.name: [] for p in reports}


@pytest.mark.parametrize("page", ["index.html", "index.en.html"])
def test_the_index_pages_have_no_code_like_tokens(run_dir, page):
    """The index too: the flagged sectors are named by their flags' short names, not codes."""
    assert scan_report(run_dir / page) == []
    if page == "index.html":
        assert "genel merkez kaydı olabilir" in (run_dir / page).read_text(encoding="utf-8")  # Çorum's jewellery


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("label", PILOTS)
def test_reports_have_no_code_like_tokens(run_dir, label, notebook, lang):
    path = _html(run_dir, label, notebook, lang)
    assert path.exists(), f"{path} was not rendered"
    assert scan_report(path) == []


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_kahramanmaras_carries_the_earthquake_caveat(run_dir, notebook, lang):
    html = _html(run_dir, "46-kahramanmaras", notebook, lang).read_text(encoding="utf-8")
    assert shocks.label("earthquake_2023", lang) in html
    # and a province outside the disaster area does not
    assert shocks.label("earthquake_2023", lang) not in _html(run_dir, "61-trabzon", notebook, lang).read_text(
        encoding="utf-8")


def test_the_sgk_sample_is_collapsed_and_draws_no_flags(run_dir):
    html = _html(run_dir, "19-corum", NOTEBOOKS[0], "tr").read_text(encoding="utf-8")
    opening = '<details class="workbook-sample-section">'
    assert html.count(opening) == 1 and "<details open" not in html
    after = html.split(opening, 1)[1]
    inside = after.split("</details>", 1)[0]
    assert "güçlü küme ve üç yıldız işaretleri örnek veri üzerinde hesaplanmaz" in inside
    # its tables are in it; its charts are not drawn on the sample, and a sentence says so
    assert inside.count("<table") >= 4 and inside.count("<img") == 0
    assert "grafikleri örnek veri üzerinde çizilmez" in inside
    # the labour-market table shows although a reading follows it in its cell
    assert ">Gösterge<" in html.split('<details class="workbook-sample-section">', 1)[0]
