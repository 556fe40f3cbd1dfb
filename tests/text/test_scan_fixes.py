"""What the scans of a full run's reports found (issue 15: all 81 provinces in Turkish, a few in
English, and the browser test's screenshots), one test per class of fix, each fast and without a
kernel:

- a parameter value in quotes in report prose (``analiz temeli 'auto'``): the scanner knows the
  kind (``quoted``), and no catalogue text shows one, nor any other code-like token, except the
  parameter-error messages, which name the literal values a reader types in the parameters cell;
- an English placeholder in a Turkish instruction (``<province>``);
- a sector name cut inside a word (``T22 Çimento Cam Seramik ve Toprak Ürün``) in the robustness
  chart and table of notebook 03.
"""

from __future__ import annotations

import types

import pandas as pd
import pytest

from helpers import robustness_view, text
from helpers.text.tokens import code_tokens

#: Catalogue areas whose texts may name literal parameter values (True/False, 'all'): the messages
#: of a refused parameter, shown where the reader typed it (helpers.parameters)
LITERALS_ALLOWED = ("parameters.",)


def _rendered(key: str, lang: str) -> str:
    return text.t(key, lang, **{p: "X" for p in text.placeholders(text.template(key, lang))})


def test_the_scanner_finds_a_quoted_parameter_value_and_not_a_turkish_suffix():
    assert code_tokens("analiz temeli 'auto': TİM ihracatı") == [("quoted", "'auto'")]
    assert code_tokens("basis 'exports' (TİM, harmonised sectors)") == [("quoted", "'exports'")]
    # apostrophes of Turkish suffixes and of English possessives are prose
    assert code_tokens("Türkiye'nin ve Samsun'un ihracatı; İstanbul'da 'Hazır Giyim' ve Trabzon's exports") == []


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_no_catalogue_text_holds_a_code_like_token(lang):
    found = {k: code_tokens(_rendered(k, lang)) for k in text.keys() if not k.startswith(LITERALS_ALLOWED)}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_basis_is_named_in_words_not_by_its_parameter_value():
    for key in ("basis.exports.auto", "basis.employment.auto", "basis.exports.chosen",
                "basis.employment.chosen", "basis.sample_chosen"):
        for lang in text.LANGUAGES:
            shown = _rendered(key, lang)
            assert not any(f"'{v}'" in shown for v in ("auto", "exports", "employment", "sample")), (key, lang)


def test_turkish_instructions_use_turkish_placeholders():
    tr = _rendered("evaluation.stakeholders.none", "tr")
    assert "<il>" in tr and "<province>" not in tr
    assert "<province>" in _rendered("evaluation.stakeholders.none", "en")


def _scenarios(names: list[str]) -> types.SimpleNamespace:
    n = len(names)
    table = pd.DataFrame({"sector": [f"T{i + 20}" for i in range(n)], "sector_label": names,
                          "base_rank": range(1, n + 1), "p_top_k": [1.0] * n, "median_rank": [float(i + 1) for i in range(n)],
                          "rank_min": range(1, n + 1), "rank_max": range(2, n + 2), "depends_on": [""] * n,
                          "status": ["stable"] * n})
    return types.SimpleNamespace(table=table, key="sector", label="sector_label", too_few=False)


def test_robustness_labels_are_cut_between_words_and_the_table_keeps_the_full_name():
    long = "Çimento Cam Seramik ve Toprak Ürünleri"  # 38 characters: the chart's limit is 34
    scen = _scenarios([long, "Çelik"])
    labels = list(robustness_view.view(scen)["label"])
    assert labels == ["T20 Çimento Cam Seramik ve Toprak…", "T21 Çelik"]  # never "… Toprak Ürün"
    assert list(robustness_view.table(scen, "tr")["sector"]) == [f"T20 {long}", "T21 Çelik"]
