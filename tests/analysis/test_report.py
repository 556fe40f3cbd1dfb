"""helpers.report outside a notebook (IPython is installed; no kernel is running)."""

from __future__ import annotations

import hashlib

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from pandas.io.formats.style import Styler  # noqa: E402

from helpers import report, text  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    """Capture what report functions pass to IPython's display."""
    seen: list[tuple[object, dict]] = []
    monkeypatch.setattr(report, "_display", lambda obj, **kw: seen.append((obj, kw)))
    return seen


# --- group_notes ------------------------------------------------------------------------------

def test_group_notes_merges_same_text_from_different_functions():
    notes = ["lq: 35 cells missing", "hhi: 35 cells missing", "gini: 2 cells missing", "lq: 35 cells missing"]
    assert report.group_notes(notes) == ["lq, hhi: 35 cells missing", "gini: 2 cells missing"]


def test_group_notes_keeps_sentences_and_order():
    notes = ["divisions without a NACE Rev.2 title (shown by code): 04",  # prefix with spaces: not a function
             "plain note without a colon", "plain note without a colon",
             "a: b: c", "d: b: c"]
    assert report.group_notes(notes) == ["divisions without a NACE Rev.2 title (shown by code): 04",
                                         "plain note without a colon", "a, d: b: c"]
    assert report.group_notes([]) == []


# --- table ------------------------------------------------------------------------------------

def _frame():
    return pd.DataFrame({"name": ["a", "b", "c"], "x": [1234.6, 3.14159, np.nan], "share": [0.123, 0.5, np.nan],
                         "n": pd.array([1_234_567, 2, None], dtype="Int64"), "year": [2023, 2024, 2025],
                         "plate": [6, 34, 1], "rank": [1, 2, 3]})


def test_table_returns_a_styler_with_deterministic_html():
    s1, s2 = report.table(_frame(), percent=["share"]), report.table(_frame(), percent=["share"])
    assert isinstance(s1, Styler)
    h1, h2 = s1.to_html(), s2.to_html()
    assert h1 == h2
    uid = hashlib.sha1("|".join(_frame().columns).encode()).hexdigest()[:8]
    assert f'<table id="T_{uid}">' in h1


@pytest.mark.parametrize("lang, row0, row1", [
    ("en", ["a", "1,235", "12.3%", "1,234,567", "2023", "6", "1"], ["b", "3.14"]),
    ("tr", ["a", "1.235", "%12,3", "1.234.567", "2023", "6", "1"], ["b", "3,14"])])
def test_table_formats(lang, row0, row1):
    html = report.table(_frame(), percent=["share"], lang=lang).to_html()
    cells = [c for c in html.split(">") if c.endswith("</td")]
    values = [c[: -len("</td")] for c in cells]
    # row 0: name, x >= 1000 without decimals, share as %, integer with separators, year/plate/rank as is
    assert values[:7] == row0
    assert values[7:9] == row1  # float below 1000: `digits` decimals
    assert values[14:18] == ["c", "–", "–", "–"]  # missing values
    assert "row0_col0" in html and "level0_row0" not in html  # no index column
    assert {"en": "3.142", "tr": "3,142"}[lang] in report.table(_frame(), digits=3, lang=lang).to_html()


def test_table_headers_and_values_follow_the_language():
    df = pd.DataFrame({"year": [2023], "lq": [0.7612], "type": ["state"], "founded": [1987], "n": [619.0]})
    tr = report.table(df, kinds={"n": "count"}).to_html()  # Turkish by default
    en = report.table(df, lang="en", kinds={"n": "count"}).to_html()
    assert ">Yıl<" in tr and ">Yerelleşme katsayısı (YK)<" in tr and ">devlet<" in tr and ">0,76<" in tr
    assert ">Year<" in en and ">Location quotient (LQ)<" in en and ">state<" in en and ">0.76<" in en
    for html in (tr, en):
        assert ">1987<" in html and ">619<" in html  # a year without separator, a count without decimals
    assert ">Custom<" in report.table(df, headers={"lq": "Custom"}).to_html()


# --- record_summary / show_figure / note ------------------------------------------------------

def test_record_summary_runs_outside_a_notebook(capsys):
    report.record_summary(is_sample=np.bool_(True), plate=np.int64(27), province="Gaziantep",
                          top_sectors=["10 Gıda", "13 Tekstil"])
    out = capsys.readouterr().out
    assert report.SUMMARY_MIME in out and "Gaziantep" in out


def test_record_summary_payload_is_plain_python(shown):
    report.record_summary(is_sample=np.bool_(True), plate=np.int64(27), share=np.float64(0.5), name="x")
    (obj, kw), = shown
    assert kw == {"raw": True}
    payload = obj[report.SUMMARY_MIME]
    assert payload == {"is_sample": True, "plate": 27, "share": 0.5, "name": "x"}
    assert type(payload["is_sample"]) is bool and type(payload["plate"]) is int
    assert obj["text/plain"] == "summary: ['is_sample', 'name', 'plate', 'share']"


def test_show_figure_outside_a_notebook_closes_the_figure(capsys):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    report.show_figure(fig, alt="a line")
    assert not plt.fignum_exists(fig.number)
    assert "Image" in capsys.readouterr().out


def test_show_figure_png_bytes_are_reproducible(shown):
    for _ in range(2):
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.bar(["a", "b"], [1, 2])
        report.show_figure(fig, alt="bars")
    (img1, _), (img2, _) = shown
    assert img1.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert img1.data == img2.data
    assert img1.metadata == {"alt": "bars"}


def test_note_and_notes_list(shown):
    report.note("**Reading:** x")
    report.notes_list([])
    report.notes_list(["lq: 3 cells", "hhi: 3 cells"])
    report.notes_list([], lang="en")
    texts = [o.data for o, _ in shown]
    assert texts[0] == "**Reading:** x"
    assert texts[1] == text.t("report.no_decisions", "tr")
    assert texts[2].startswith(text.t("report.decisions_heading", "tr")) and texts[2].endswith("\n\n- 3 cells")  # once, without function names
    assert texts[3] == text.t("report.no_decisions", "en")


def test_sample_banner(shown):
    report.sample_banner(False)
    assert shown == []
    report.sample_banner(True, what="Sector <employment>", lang="en")
    html = shown[0][0].data
    assert report.sample_banner_text("en") in html and "Sector &lt;employment&gt;" in html
    report.sample_banner(True)  # Turkish by default, naming sector employment
    html = shown[1][0].data
    assert "örnek veri — resmi istatistik değildir" in html and report.sample_banner_text("tr") in html
    assert text.t("sample.what_employment", "tr") in html and text.english_leaks(html) == []


def test_header_names_the_province(shown):
    report.header("Economic analysis", 27, subtitle="2009–2013")
    html = shown[0][0].data
    assert "<b>Gaziantep</b> (plaka 27; NUTS-3 TRC11, NUTS-2 TRC1" in html and "<p>2009–2013</p>" in html
    report.header("Economic analysis", 27, lang="en")
    assert "<b>Gaziantep</b> (plate 27; NUTS-3 TRC11" in shown[1][0].data


def test_errors_table_and_employment_reading(shown):
    assert report.errors_table(pd.DataFrame(columns=["table", "error"])) is None
    failed = pd.DataFrame({"table": ["population"], "error": ["LayoutError: x"], "status": ["failed"]})
    styled = report.errors_table(failed)
    assert list(styled.data.columns) == ["table", "error"] and ">Hata<" in styled.to_html()
    assert shown[1][0].data == text.t("report.failures", "tr", n="1")
    status = {"is_sample": True, "files": ["a.xlsx"], "years": [2009, 2013], "revisions": ["Rev.2"]}
    for lang in ("tr", "en"):
        s = report.employment_reading(status, lang)
        assert s.startswith(text.reading(lang)) and text.t("report.employment_sample", lang) in s
        assert "a.xlsx" in s and "2009, 2013" in s and "Rev.2" in s
    assert text.english_leaks(report.employment_reading(status)) == []
    official = report.employment_reading({**status, "is_sample": False}, "en")
    assert text.t("report.employment_official", "en") in official


def test_data_sources():
    ds = report.data_sources(["population", "population"])
    assert len(ds) == 1  # one input file, listed once
    r = ds.iloc[0]
    assert r["file"] == "il_nufus_yas_cinsiyet_2007_2024.xls" and r["table"] == "population"
    assert r["producer"].startswith("TÜİK") and r["accessed"] and not r["sample"]
    # the title in the report's language: Turkish by default, English on request
    assert r["title"].startswith("İl, yaş grubu ve cinsiyete göre nüfus") and "population" not in r["title"]
    assert "population by province" in report.data_sources(["population"], lang="en").iloc[0]["title"]


def test_data_sources_are_shown_in_the_report_language():
    """Table and producer names from the catalogue (no "employment_sgk", no "compiled (not an
    official YÖK file)" in Turkish); no "Yayım tarihi: veri yok" column when no file gives a date."""
    from helpers.text.tokens import code_tokens
    ds = report.data_sources(["universities", "employment_sgk"], "tr")
    assert "published" not in ds.columns or ds["published"].ne(text.t("value.missing", "tr")).all()
    shown = text.format_frame(ds, "tr")
    cells = " ".join(shown.astype(str).to_numpy().ravel())
    assert "derleme (resmi bir YÖK dosyası değildir)" in cells and "compiled" not in cells
    assert text.t("value.table.universities", "tr") in cells
    assert code_tokens(" ".join(c for c in shown.astype(str).to_numpy().ravel() if not c.endswith((".xlsx", ".xls", ".json")))) == []


def test_a_table_without_rows_shows_nothing():
    """Issue 15: an empty flags table printed its header row under "no sector was flagged"."""
    assert report.table(pd.DataFrame({"sector": [], "flag": []})) is None
    assert report.table(pd.DataFrame({"sector": ["T23"]})) is not None
