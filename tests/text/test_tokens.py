"""helpers.text.tokens: the code-like token detector behind the rendered-report test."""

from __future__ import annotations

import pytest

from helpers.text import tokens


@pytest.mark.parametrize("text, expected", [
    ("(skipna=True)", [("assignment", "skipna=True")]),
    ("x=1 ve weights=equal", [("assignment", "x=1"), ("assignment", "weights=equal")]),
    ("evaluate() kendisine verilen satırları puanlar", [("call", "evaluate()")]),
    ("longlist(table, config).kept verin", [("call", "longlist(table, config)")]),
    ("değeri NaN kalır", [("constant", "NaN")]),
    ("True, False, None, nan ve <NA>", [("constant", "True"), ("constant", "False"), ("constant", "None"),
                                        ("constant", "nan"), ("constant", "<NA>")]),
    ("location_quotient, …, firm_size", [("identifier", "location_quotient"), ("identifier", "firm_size")]),
    ("weighted_sum – topsis", [("identifier", "weighted_sum")]),
    ("(long_list.excluded)", [("identifier", "long_list.excluded")]),
])
def test_code_like_tokens_are_found(text, expected):
    assert tokens.code_tokens(text) == expected


@pytest.mark.parametrize("text", [
    "Yorum: Trabzon ilinin nüfusu 2023 yılında 818.230 kişiydi (Türkiye içindeki payı %0,96).",
    "Real GDP index (2009 = 100); LQ ≥ 1; 12 cell(s) and 3 region-period(s) left out",
    "data/raw/sgk/ klasörüne SGK_SAMPLE_isyeri_sigortali_il_nace_2009_2011_2013.xlsx ekleyin",
    "Kaynak: https://data.tuik.gov.tr/Bulten/Index?p=Il_Bazinda_GSYH_2023",
    "None of the sectors is shown; NUTS-3 TR901; NACE Rev.2; T04; ISO TR-61",
    "sektör(ler) ve bölüm(ler); A10 faaliyetleri",
])
def test_prose_codes_and_citations_are_not_tokens(text):
    assert tokens.code_tokens(text) == []


def test_scan_report_reads_text_headers_and_alt_but_not_styles(tmp_path):
    page = tmp_path / "r.html"
    page.write_text("<html><style>.a_b{x:1}</style><h2>Başlık</h2><table><tr><th>growth_rate</th></tr>"
                    "<tr><td>%1,2</td></tr></table><img alt=\"skipna=True\" src=\"data:x\"><p>None</p></html>",
                    encoding="utf-8")
    assert tokens.scan_report(page) == [("identifier", "growth_rate"), ("constant", "None"),
                                        ("assignment", "skipna=True")]


def test_command_line_exit_status(tmp_path, capsys):
    clean, dirty = tmp_path / "clean.html", tmp_path / "dirty.html"
    clean.write_text("<p>Yorum: temiz.</p>", encoding="utf-8")
    dirty.write_text("<p>evaluate()</p>", encoding="utf-8")
    assert tokens.main([str(clean)]) == 0
    assert tokens.main([str(clean), str(dirty)]) == 1
    assert "dirty.html: call: evaluate()" in capsys.readouterr().out
