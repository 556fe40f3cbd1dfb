"""End to end: the real notebooks through the `reports` command for the five pilots in Turkish and
English (the session's shared run, tests/conftest.py ``pilot_run``), then a report re-executed with
nbval (same inputs, same numbers), then looked at in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import paths
from helpers.runner import plan

pytestmark = pytest.mark.slow
#: The provinces of the shared run (the five pilots), by their plate codes
PLATES = [19, 27, 46, 55, 61]
#: Reports photographed by the browser test (issue 15: the heatmap, bubble chart and map legible)
SHOTS = [("61-trabzon", "02_economic_analysis"), ("61-trabzon", "03_criteria_evaluation"),
         ("19-corum", "02_economic_analysis"), ("19-corum", "03_criteria_evaluation")]


def speaks(notebook: str) -> bool:
    return "language" in plan.declared_parameters(paths.NOTEBOOKS / f"{notebook}.ipynb")


@pytest.fixture(scope="module")
def run_dir(pilot_run) -> Path:
    """The session's one run of the five pilots in Turkish and English (tests/conftest.py), read only."""
    return pilot_run


def test_the_pilots_produce_reports_manifest_and_index(run_dir):
    man = json.loads((run_dir / "manifest.json").read_text())
    assert man["status"] == "ok" and [p["plate"] for p in man["provinces"]] == PLATES  # plate order
    for label in ("61-trabzon", "46-kahramanmaras"):
        for nb in ("02_economic_analysis", "03_criteria_evaluation"):
            assert (run_dir / label / f"{nb}.ipynb").exists()
            html = (run_dir / label / f"{nb}.html").read_text()
            assert "In&nbsp;[" not in html and "jp-InputArea" not in html.split("</style>")[-1]  # no code input
            assert 'alt="' in html and "data:image/png;base64" in html
            assert "<script src=" not in html, "reports load nothing from the network"
    prov = next(p for p in man["provinces"] if p["plate"] == 61)
    # the shortlist rests on real TİM exports: no sample flag, no banner on the evaluation
    assert len(prov["top_sectors"]) == 5 and prov["is_sample"] is False  # Trabzon: a shortlist of five (top_k)
    assert prov["top_sectors"][0].startswith("T05 ")  # hazelnuts
    assert "örnek veri — resmi istatistik değildir" not in (run_dir / "61-trabzon" / "03_criteria_evaluation.html").read_text()
    html = (run_dir / "61-trabzon" / "02_economic_analysis.html").read_text()
    # header, and the sample banner on the SGK employment section only (it still uses the sample)
    assert "Trabzon" in html and "örnek veri — resmi istatistik değildir" in html
    index = (run_dir / "index.html").read_text()
    assert "Trabzon" in index and "Kahramanmaraş" in index and "61-trabzon/03_criteria_evaluation.html" in index
    # the index names the basis of the top sectors (TİM exports) and the section still on the sample
    assert prov["basis"] == "exports" and prov["basis_title_by_language"]["tr"] in index and "TİM" in index
    assert prov["sample_sections_by_language"]["tr"] and "örnek veriye dayanan bölüm" in index
    assert man["inputs"]["raw"] and man["versions"]["pandas"] == "3.1.1"
    assert (run_dir / "_data" / "01_data_cleaning.html").exists()
    assert man["languages"] == ["tr", "en"] and '<html lang="tr">' in index
    assert (run_dir / "index.en.html").exists() and 'href="index.en.html"' in index
    for nb in ("02_economic_analysis", "03_criteria_evaluation"):
        if speaks(nb):
            assert f"61-trabzon/{nb}.en.html" in index
            assert '<html lang="en">' in (run_dir / "61-trabzon" / f"{nb}.en.html").read_text()


def test_evaluation_reports_name_and_link_their_scores_workbook(run_dir):
    """Issue 14: each 03 report writes its Excel workbook beside its HTML, links it, and the manifest
    names it under ``scores``; the run summary over provinces is in the manifest and the index."""
    from openpyxl import load_workbook

    man = json.loads((run_dir / "manifest.json").read_text())
    evals = [r for r in man["reports"] if r and r.get("notebook") == "03_criteria_evaluation"]
    assert evals and all(r.get("scores") for r in evals)
    for r in evals:
        assert r["scores"] == r["html"].replace(".html", ".scores.xlsx")
        name = Path(r["scores"]).name
        assert f'href="{name}"' in (run_dir / r["html"]).read_text()
        wb = load_workbook(run_dir / r["scores"])
        assert wb.sheetnames[0] == ("Ranking" if r["language"] == "en" else "Sıralama")
    assert man["size_summary"]["provinces"] == len(PLATES) and "size_rho_median" in man["size_summary"]
    assert 'class="size-summary"' in (run_dir / "index.html").read_text()


def test_reports_reproduce_with_nbval(run_dir, tmp_path):
    """Re-execute an executed report with nbval: the text outputs match (figures excluded)."""
    nb = tmp_path / "03_criteria_evaluation.ipynb"
    shutil.copyfile(run_dir / "61-trabzon" / "03_criteria_evaluation.ipynb", nb)
    sanitize = paths.ROOT / "tests" / "nbval_sanitize.cfg"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(nb),
         "--nbval-sanitize-with", str(sanitize), "--nbval-kernel-name", "turkiye-clusters",
         "--rootdir", str(tmp_path), "-c", os.devnull],
        cwd=paths.NOTEBOOKS, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def _serve(folder: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.browser
def test_index_and_report_in_headless_chromium(run_dir, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("headless Chromium not installed (Debian package 'chromium'; `make test` installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    server = _serve(run_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    shots = paths.ROOT / "reports" / "screenshots"
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url', '')}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
            page.goto(f"{base}/index.html")
            assert page.locator("table tbody tr").count() == len(PLATES)
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "index.png"), full_page=True)
            page.click("a[href='61-trabzon/02_economic_analysis.html']")
            page.wait_for_load_state("load")
            assert page.url.endswith("61-trabzon/02_economic_analysis.html")
            imgs = page.locator("img")
            assert imgs.count() >= 6
            for i in range(imgs.count()):
                img = imgs.nth(i)
                assert img.get_attribute("alt"), "every figure has alt text"
                assert img.evaluate("e => e.naturalWidth") > 100, "figure rendered"
            assert page.locator("text=örnek veri").count() >= 1
            # screenshots of a Turkish and an English report of one pilot province, to be looked at
            page.screenshot(path=str(shots / "report.png"), full_page=False)
            page.screenshot(path=str(shots / "report.tr.png"), full_page=True)
            for label, nb in SHOTS:  # Trabzon's and Çorum's 02 and 03 reports, whole pages
                page.goto(f"{base}/{label}/{nb}.html")
                page.wait_for_load_state("load")
                page.screenshot(path=str(shots / f"{label}.{nb[:2]}.png"), full_page=True)
            page.goto(f"{base}/index.en.html")  # the same index in English, linked from the Turkish one
            assert page.locator("html").get_attribute("lang") == "en"
            assert page.locator("table tbody tr").count() == len(PLATES)
            page.screenshot(path=str(shots / "index.en.png"), full_page=True)
            if speaks("02_economic_analysis"):
                page.click("a[href='61-trabzon/02_economic_analysis.en.html'] >> nth=0")
                page.wait_for_load_state("load")
                assert page.locator("html").get_attribute("lang") == "en"
                assert page.locator("img").count() >= 6
                page.screenshot(path=str(shots / "report.en.png"), full_page=True)
            browser.close()
    finally:
        server.shutdown()
    assert not errors, errors
