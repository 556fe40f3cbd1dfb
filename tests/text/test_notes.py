"""Report notes in either language: text.Note (made once by the analysis, shown per report) and
the indicators' English warnings rebuilt from the catalogue (helpers.text.notes)."""

from __future__ import annotations

import pytest

from helpers import report, text
from helpers.text.notes import PATTERNS, translate
from helpers.text.tokens import code_tokens


def test_note_is_its_turkish_text_and_renders_in_english():
    n = text.Note("basis.not_itemised", year=("year", 2023), share=("share", 0.025, 2))
    assert isinstance(n, str) and n == text.render(n, "tr") and "%2,50" in n and "2023" in n
    en = n.render("en")
    assert "2.50%" in en and "In 2023" in en
    assert text.render("plain text", "en") == "plain text"


def test_note_with_a_wrong_value_is_an_error():
    with pytest.raises(text.CatalogueError):
        text.Note("basis.not_itemised", year=2023)


@pytest.mark.parametrize("message, turkish", [
    ("growth: 415 row(s) have value_start = 0; their growth_rate and cagr are NaN (undefined).", "415 satırın"),
    ("lq, gini: 1200 missing cell(s) (NaN or absent) were left out of the Lorenz curves (skipna=True); those totals "
     "cover the reported cells only and the cells themselves stay NaN.", "eksik 1.200 hücre"),
    ("complexity: 0 region-period(s) and 1 industry-period(s) with a zero total were left out (as the Stata command "
     "does); their rows are NaN.", "sektör-dönemler (1)"),
    ("strong_clusters: 499 region×cluster cell(s) with zero employment were left out of the quantiles (38 "
     "cluster-period(s) affected) and are not strong.", "38 küme-dönem"),
    ("firm_size: 499 cell(s) have zero workplaces (0 of them with insured employees > 0); their firm size is NaN "
     "(undefined).", "499 hücrede"),
])
def test_indicator_warnings_are_translated(message, turkish):
    tr = translate(message, "tr")
    funcs = message.split(": ")[0]
    assert tr.startswith(funcs + ": ") and turkish in tr and text.english_leaks(tr) == []
    # the English rebuild says the same without the program's internals (no skipna=True, NaN, growth_rate)
    en = translate(message, "en")
    assert en.startswith(funcs + ": ") and en != message
    assert code_tokens(tr.partition(": ")[2]) == [] and code_tokens(en.partition(": ")[2]) == []


def test_unknown_messages_pass_unchanged():
    assert translate("lq: something new happened", "tr") == "lq: something new happened"
    assert translate("no function prefix at all", "tr") == "no function prefix at all"
    assert len(PATTERNS) >= 5


def test_notes_list_shows_notes_in_the_report_language(monkeypatch):
    shown = []
    monkeypatch.setattr(report, "note", shown.append)
    notes = [text.Note("basis.no_strong_rule"),
             "growth: 3 row(s) have value_start = 0; their growth_rate and cagr are NaN (undefined)."]
    report.notes_list(notes, "en")
    assert "Strong-cluster rule" in shown[-1] and "start value of 0: 3" in shown[-1]
    assert "growth:" not in shown[-1] and code_tokens(shown[-1]) == []  # no function names before a note
    report.notes_list(notes, "tr")
    assert "güçlü küme kuralı" in shown[-1] and "3 satırın" in shown[-1] and text.english_leaks(shown[-1]) == []
