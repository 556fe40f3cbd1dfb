"""Reports in Turkish and English (issue 10, item 2): ``reports --language tr|en|tr,en`` on fixture notebooks."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from helpers import text
from helpers.runner import cli, plan, publish

from .nbfixtures import fixture_set


def run(tmp_path: Path, *args: str) -> int:
    return cli.main(["--reports-dir", str(tmp_path / "reports"), "--notebooks-dir", str(tmp_path / "nb"),
                     "--progress", "log", *args])


def latest(tmp_path: Path) -> Path:
    return (tmp_path / "reports" / "latest").resolve()


def printed(ipynb: Path) -> str:
    nb = nbformat.read(ipynb, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


# --- validation, before any kernel ------------------------------------------------------------


@pytest.mark.parametrize("value", ["de", "tr,fr", "", ",", "turkish"])
def test_language_refused_with_the_allowed_values(tmp_path, capsys, value):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61", "--language", value) == 2
    err = capsys.readouterr().err
    assert "--language" in err and "'tr'" in err and "'en'" in err and "tr,en" in err
    assert not (tmp_path / "reports").exists()  # refused before any kernel, nothing written


@pytest.mark.parametrize("yml, message", [
    ("all:\n  language: de\n", "parameters file: language 'de' is not allowed"),
    ("language: xx\n", "parameters file: language 'xx' is not allowed"),
    ("02_economic_analysis:\n  language: en\n", "the language is chosen for the\nwhole run"),
    ("language: en\nall:\n  language: tr\n", "give it once"),
])
def test_language_in_run_yml_refused(tmp_path, capsys, yml, message):
    fixture_set(tmp_path / "nb")
    p = tmp_path / "run.yml"
    p.write_text(yml)
    assert run(tmp_path, "--provinces", "61", "--params", str(p)) == 2
    assert " ".join(message.split()) in " ".join(capsys.readouterr().err.split())


def test_run_languages_order_and_sources():
    assert plan.run_languages(None, {}) == ("tr",)
    assert plan.run_languages("en, TR", {}) == ("en", "tr")
    params = {"all": {"language": "tr,en", "top_k": 3}}
    assert plan.run_languages(None, params) == ("tr", "en") and params == {"all": {"top_k": 3}}
    assert plan.run_languages(None, {"language": ["en"]}) == ("en",)
    assert plan.run_languages("en", {"language": "tr"}) == ("en",)  # the option wins over the file


def test_plan_passes_language_only_to_notebooks_that_declare_it(tmp_path):
    nb = fixture_set(tmp_path / "nb")
    p = plan.make_plan(["61"], notebooks_dir=nb, languages=("tr", "en"))
    assert "language" not in p.cleaning.parameters and p.cleaning.language == "tr"
    assert [(t.key, t.parameters["language"]) for t in p.tasks] == [
        ("61-trabzon/02_economic_analysis", "tr"), ("61-trabzon/02_economic_analysis.en", "en"),
        ("61-trabzon/03_criteria_evaluation", "tr"), ("61-trabzon/03_criteria_evaluation.en", "en")]
    # the names depend on the report's language only: English alone is still ".en"
    assert [t.key for t in plan.make_plan(["61"], notebooks_dir=nb, languages=("en",)).tasks] == [
        "61-trabzon/02_economic_analysis.en", "61-trabzon/03_criteria_evaluation.en"]
    old = fixture_set(tmp_path / "old", language=False)  # notebooks without the parameter: one report each
    p = plan.make_plan(["61"], notebooks_dir=old, languages=("tr", "en"))
    assert [t.key for t in p.tasks] == ["61-trabzon/02_economic_analysis", "61-trabzon/03_criteria_evaluation"]
    assert all("language" not in t.parameters for t in p.tasks)


# --- index pages without kernels --------------------------------------------------------------


def _manifest(languages: list[str], sample: bool = True, failed: bool = False) -> dict:
    reps = []
    for lang in languages:
        for nb in ("02_economic_analysis", "03_criteria_evaluation"):
            stem = plan.output_stem(nb, lang)
            bad = failed and nb.startswith("03") and lang == languages[-1]
            reps.append({"key": f"61-trabzon/{stem}", "notebook": nb, "language": lang,
                         "status": "failed" if bad else "ok", "error": "RuntimeError: boom" if bad else "",
                         "html": f"61-trabzon/{stem}.html"})
    return {"run_id": "20261129T120000Z-1", "started": "2026-11-29T12:00:00+00:00",
            "finished": "2026-11-29T12:03:10+00:00", "status": "failed" if failed else "ok",
            "languages": languages,
            "cleaning": {"key": "_data/01_data_cleaning", "notebook": "01_data_cleaning", "status": "ok",
                         "html": "_data/01_data_cleaning.html", "language": languages[0], "error": ""},
            "provinces": [{"plate": 61, "name": "Trabzon", "status": "failed" if failed else "ok",
                           "is_sample": sample, "top_sectors": ["Çay"],
                           "top_sectors_by_language": {"tr": ["Çay"], "en": ["Tea"]}, "reports": reps},
                          {"plate": 55, "name": "Samsun", "status": "ok", "is_sample": False,
                           "top_sectors": [], "carried_from": "20261128T000000Z-9", "reports": []}]}


def test_turkish_index_has_no_english_prose(tmp_path):
    [page] = publish.write_index(tmp_path, _manifest(["tr"], failed=True))
    html = page.read_text()
    assert page.name == "index.html" and '<html lang="tr">' in html
    assert text.t("runner.index.title", "tr") in html and text.t("sample.banner", "tr") in html
    assert "29 Kasım 2026 12:00 UTC" in html and text.t("value.status.failed", "tr") in html
    assert publish.carried_note("20261128T000000Z-9", "tr") in html
    assert "28 Kasım 2026 tarihli 20261128T000000Z-9 çalıştırmasından aktarıldı" in html
    assert html.index("<td>55</td>") < html.index("<td>61</td>")  # plate order, carried or not
    assert "Kriter değerlendirmesi: RuntimeError: boom" in html
    assert text.english_leaks(re.sub(r"<[^>]+>", " ", html)) == []


def test_two_languages_one_index_per_language_linking_both(tmp_path):
    pages = publish.write_index(tmp_path, _manifest(["tr", "en"]))
    assert [p.name for p in pages] == ["index.html", "index.en.html"]
    tr, en = (p.read_text() for p in pages)
    for html in (tr, en):  # each page links every report in both languages, and the other page
        for stem in ("02_economic_analysis", "02_economic_analysis.en", "03_criteria_evaluation.en"):
            assert f'href="61-trabzon/{stem}.html"' in html
    assert 'href="index.en.html" hreflang="en" lang="en">English</a>' in tr
    assert 'href="index.html" hreflang="tr" lang="tr">Türkçe</a>' in en
    assert '<html lang="en">' in en and "29 November 2026" in en and "Tea" in en and "Çay" in tr
    assert "İngilizce raporlar" in tr and "Reports in Turkish" in en
    assert tr.index("Türkçe raporlar") < tr.index("İngilizce raporlar")  # Turkish first on the Turkish page
    assert text.english_leaks(re.sub(r"<[^>]+>", " ", tr)) == []


def test_index_names_the_basis_and_the_sections_still_on_the_sample(tmp_path):
    man = _manifest(["tr", "en"], sample=False)
    man["provinces"][0].update(
        basis="exports",
        basis_title_by_language={"tr": "TİM sektörel ihracatı (resmi)", "en": "TİM exports (official)"},
        sample_sections_by_language={"tr": ["SGK istihdamı"], "en": ["SGK employment"]})
    tr, en = (p.read_text() for p in publish.write_index(tmp_path, man))
    assert "TİM sektörel ihracatı (resmi)" in tr and "TİM exports (official)" in en
    assert text.t("runner.index.sample_sections", "tr", sections="SGK istihdamı") in tr
    assert text.t("runner.index.sample_sections", "en", sections="SGK employment") in en
    assert text.t("sample.banner", "tr") not in tr  # no sample behind any shortlist: no page banner
    assert text.english_leaks(re.sub(r"<[^>]+>", " ", tr)) == []


# --- end to end on fixture notebooks ------------------------------------------------------------


@pytest.mark.slow
def test_tr_en_run_makes_both_reports_one_index_and_skips_by_language(tmp_path):
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61", "--language", "tr,en", "--workers", "2") == 0
    d = latest(tmp_path)
    man = json.loads((d / "manifest.json").read_text())
    assert man["languages"] == ["tr", "en"] and man["parameters"]["languages"] == ["tr", "en"]
    assert man["cleaning"]["language"] == "tr" and "language" not in man["cleaning"]["parameters"]
    assert (d / "_data" / "01_data_cleaning.html").exists() and not (d / "_data" / "01_data_cleaning.en.html").exists()
    by_key = {r["key"]: r for r in man["reports"]}
    for nb in ("02_economic_analysis", "03_criteria_evaluation"):
        for lang, stem in (("tr", nb), ("en", f"{nb}.en")):
            rep = by_key[f"61-trabzon/{stem}"]
            assert rep["language"] == lang and rep["parameters"]["language"] == lang
            assert (d / "61-trabzon" / f"{stem}.html").exists()
            assert f'<html lang="{lang}">' in (d / "61-trabzon" / f"{stem}.html").read_text()
    assert "language=en" in printed(d / "61-trabzon" / "02_economic_analysis.en.ipynb")
    assert "language=tr" in printed(d / "61-trabzon" / "02_economic_analysis.ipynb")
    prov = man["provinces"][0]
    assert prov["top_sectors"] == ["Trabzon 13"] and prov["top_sectors_by_language"]["en"] == ["Trabzon 13 en"]
    index = (d / "index.html").read_text()
    assert '<html lang="tr">' in index and "61-trabzon/02_economic_analysis.en.html" in index
    assert "61-trabzon/02_economic_analysis.html" in index and 'href="index.en.html"' in index
    assert text.english_leaks(re.sub(r"<[^>]+>", " ", index)) == []
    assert "Trabzon 13 en" in (d / "index.en.html").read_text()

    # English alone: the English reports are unchanged (same key, same fingerprint) and reused
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61", "--language", "en") == 0
    man2 = json.loads((latest(tmp_path) / "manifest.json").read_text())
    assert man2["languages"] == ["en"]
    status = {r["key"]: r["status"] for r in man2["reports"]}
    assert status["61-trabzon/02_economic_analysis.en"] == "skipped"
    assert status["61-trabzon/03_criteria_evaluation.en"] == "skipped"
    assert all(r["language"] == "en" for r in man2["reports"] if r.get("plate") and not r.get("carried_from"))
    # the Turkish reports of Trabzon, not made by this run, stay in latest (carried, per language)
    carried = {r["key"]: r["carried_from"] for r in man2["reports"] if r.get("carried_from")}
    assert carried == {"61-trabzon/02_economic_analysis": man["run_id"],
                       "61-trabzon/03_criteria_evaluation": man["run_id"]}
    assert (latest(tmp_path) / "61-trabzon" / "02_economic_analysis.html").exists()
    # index.html stays Turkish while Turkish reports are there; the English page beside it
    index2 = (latest(tmp_path) / "index.html").read_text()
    assert '<html lang="tr">' in index2 and "İngilizce raporlar" in index2
    en2 = (latest(tmp_path) / "index.en.html").read_text()
    assert '<html lang="en">' in en2 and "Reports in Turkish" in en2
    assert publish.carried_note(man["run_id"], "tr") in index2  # the row mixes two runs: said, with the date
    assert not (latest(tmp_path) / "index.tr.html").exists()
    # the Turkish cleaning report is carried forward beside the English one
    assert man2["cleaning"]["language"] == "en"
    assert [c["language"] for c in man2["cleaning_carried"]] == ["tr"]
    assert (latest(tmp_path) / "_data" / "01_data_cleaning.html").exists()
    assert 'href="_data/01_data_cleaning.html"' in index2

    # a partial run of another province carries Trabzon (its English reports) forward
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "55", "--language", "en") == 0
    d3 = latest(tmp_path)
    man3 = json.loads((d3 / "manifest.json").read_text())
    assert man3["carried_over"] == [61]
    assert (d3 / "61-trabzon" / "02_economic_analysis.en.html").exists()
    assert "61-trabzon/02_economic_analysis.en.html" in (d3 / "index.html").read_text()


@pytest.mark.slow
def test_english_run_of_one_province_keeps_the_turkish_index(tmp_path):
    """Issue 15 item 4: a Turkish run of two provinces, then ``--provinces 61 --language en``:
    ``latest/index.html`` stays Turkish with both provinces in plate order, ``index.en.html`` lists
    the English reports, the Turkish cleaning report stays in ``latest/_data``."""
    fixture_set(tmp_path / "nb")
    assert run(tmp_path, "--provinces", "61", "19") == 0
    first = json.loads((latest(tmp_path) / "manifest.json").read_text())
    time.sleep(1.1)
    assert run(tmp_path, "--provinces", "61", "--language", "en") == 0
    d = latest(tmp_path)
    man = json.loads((d / "manifest.json").read_text())
    assert [p["plate"] for p in man["provinces"]] == [19, 61]
    tr = (d / "index.html").read_text()
    assert '<html lang="tr">' in tr and tr.index("<td>19</td>") < tr.index("<td>61</td>")
    assert text.english_leaks(re.sub(r"<[^>]+>", " ", tr)) == []
    assert 'href="19-corum/02_economic_analysis.html"' in tr and 'href="61-trabzon/02_economic_analysis.html"' in tr
    assert 'href="61-trabzon/02_economic_analysis.en.html"' in tr
    assert (d / "_data" / "01_data_cleaning.html").exists() and 'href="_data/01_data_cleaning.html"' in tr
    assert publish.carried_note(first["run_id"], "tr") in tr  # Çorum carried, Trabzon's Turkish reports too
    en = (d / "index.en.html").read_text()
    assert '<html lang="en">' in en and 'href="_data/01_data_cleaning.en.html"' in en
    assert en.index("<td>19</td>") < en.index("<td>61</td>")
    assert 'href="index.en.html"' in tr and 'href="index.html"' in en
