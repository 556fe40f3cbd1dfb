"""The index pages of a run (``reports/<run-id>/index*.html``, what ``reports/latest`` opens on).

- ``index.html`` is in Turkish whenever the run's folder holds Turkish reports (this run's or
  carried over), ``index.<lang>.html`` exists for every other language present
  (:func:`index_languages`): an English-only run after a Turkish one keeps a Turkish ``index.html``
  and adds ``index.en.html``.
- One row per province, always in plate order; a row whose reports come from another run (the whole
  province carried over, or some of its reports: the other language's) says so, with that run's date.
- Each part of the page has its own builder: the province row from :data:`ROW_PARTS` (links,
  status, carried-over note, data basis, top sectors), the cleaning line from :func:`cleaning_line`.
  A new mark on the rows is one more function appended to :data:`ROW_PARTS`; a new kind of report
  (e.g. a follow-up) is one more builder whose result the template shows.

Every text comes from the catalogue (``runner.index.*``), every number and date in the locale's
format (:mod:`helpers.text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import text
from helpers.io import atomic_write_text
from helpers.runner import summary as run_summary

INDEX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "run_index.html.j2"
_RUN_STAMP = re.compile(r"^(\d{8}T\d{6}Z)")


def index_languages(manifest: dict[str, Any]) -> list[str]:
    """The languages of the index pages: every language of the run and of the reports its folder
    holds (carried ones included), Turkish first whenever present, then the run's order."""
    run = list(manifest.get("languages") or [text.DEFAULT_LANGUAGE])
    seen = list(run)
    reports = [r for p in manifest.get("provinces", []) for r in p.get("reports", [])]
    reports += [c for c in [manifest.get("cleaning"), *manifest.get("cleaning_carried", [])] if c]
    for rep in reports:
        code = rep.get("language") or run[0]
        if code not in seen:
            seen.append(code)
    return sorted(seen, key=lambda code: (code != text.DEFAULT_LANGUAGE, seen.index(code)))


def index_name(lang: str, languages: list[str]) -> str:
    """The file of the index page in ``lang``: ``index.html`` for the first of ``languages``
    (:func:`index_languages`: Turkish whenever present), ``index.<lang>.html`` for the others."""
    return "index.html" if not languages or lang == languages[0] else f"index.{lang}.html"


def run_date(run_id: str, lang: str) -> str:
    """The date of a run from its id: ``20261206T041500Z-12`` → ``6 Aralık 2026``."""
    m = _RUN_STAMP.match(run_id or "")
    if not m:
        return run_id or ""
    when = dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ")
    return text.date(when, lang)


def carried_note(run_id: str, lang: str) -> str:
    """"carried over from run <id> of <date>", for a row or a report made by an earlier run."""
    return text.t("runner.index.carried", lang, run_id=run_id, date=run_date(run_id, lang))


def _stamp(iso: str | None, lang: str) -> str:
    """``2026-11-29T16:11:17+00:00`` → ``29 Kasım 2026 16:11 UTC`` / ``29 November 2026 16:11 UTC``."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc)
    except ValueError:
        return iso
    return text.t("runner.index.timestamp", lang, date=text.date(when, lang), time=when.strftime("%H:%M"))


def _title(notebook: str, lang: str) -> str:
    key = f"runner.report_title.{notebook}"
    return text.t(key, lang) if text.has(key) else notebook


def _link_title(rep: dict[str, Any], lang: str) -> str:
    """A report's link text; a follow-up (``04_follow_up``, several per province) names its
    selection year and label (catalogue ``follow_up.index_link``)."""
    params = rep.get("parameters") or {}
    if rep.get("notebook") != "04_follow_up" or "selection_year" not in params:
        return _title(rep.get("notebook") or "", lang)
    key = "follow_up.index_link" if params.get("label") else "follow_up.index_link_plain"
    return text.t(key, lang, selection=params["selection_year"], **({"label": params["label"]} if params.get("label") else {}))


def _status(status: str, lang: str) -> str:
    key = f"value.status.{status}"
    return text.t(key, lang) if text.has(key) else status


def lang_name(code: str, in_lang: str) -> str:
    key = f"language.name_{code}"
    return text.t(key, in_lang) if text.has(key) else code


@dataclass(frozen=True)
class Page:
    """What every builder needs to know about the page it builds for."""
    lang: str
    languages: list[str]      # of the index pages, first one first (index_languages)
    run_id: str

    @property
    def several(self) -> bool:
        return len(self.languages) > 1

    def order(self, code: str | None) -> int:
        codes = [self.lang, *[x for x in self.languages if x != self.lang]]
        return codes.index(code) if code in codes else 99

    def report_title(self, rep: dict[str, Any]) -> str:
        title = _title(rep.get("notebook") or "", self.lang)
        if self.several and rep.get("language"):
            title = f"{title} ({lang_name(rep['language'], self.lang)})"
        return title

    def error(self, rep: dict[str, Any]) -> str:
        return text.t("runner.error.summary", self.lang, notebook=self.report_title(rep), error=rep["error"])


# --- the province row: one function per part ------------------------------------------------------

def row_links(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    """The reports, grouped by language (the page's language first)."""
    groups: dict[str, list[dict[str, str]]] = {}
    for rep in sorted(prov["reports"], key=lambda r: (page.order(r.get("language") or page.languages[0]),
                                                      r["notebook"])):
        rlang = rep.get("language") or page.languages[0]
        title = _link_title(rep, page.lang)
        groups.setdefault(rlang, []).append(
            {"href": rep["html"], "text": title, "lang": rlang} if rep.get("html")
            else {"href": "", "text": text.t("runner.index.no_report", page.lang, title=title), "lang": rlang})
    several = len(groups) > 1 or page.several
    return {"groups": [{"label": text.t("runner.index.reports_in", page.lang, language=lang_name(code, page.lang))
                        if several else "", "links": links} for code, links in groups.items()]}


def row_status(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    return {"status": _status(prov["status"], page.lang), "css": "failed" if prov["status"] == "failed" else "ok",
            "errors": [page.error(r) for r in prov["reports"] if r.get("error")]}


def row_carried(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    """The whole row carried over from an earlier run, or some of its reports (those in a language
    this run did not make): each earlier run named with its date."""
    if prov.get("carried_from"):
        return {"carried": carried_note(prov["carried_from"], page.lang)}
    by_run: dict[str, list[str]] = {}
    for rep in prov["reports"]:
        if rep.get("carried_from") and rep["carried_from"] != page.run_id:
            by_run.setdefault(rep["carried_from"], []).append(page.report_title(rep))
    notes = [text.t("runner.index.carried_some", page.lang, reports=", ".join(titles),
                    note=carried_note(run_id, page.lang)) for run_id, titles in sorted(by_run.items())]
    return {"carried": "; ".join(notes)}


def row_data(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    """The basis the sector results rest on (TİM exports or SGK employment) and the sections of the
    reports that still use the sample (e.g. the SGK section of the economic analysis)."""
    is_sample = prov.get("is_sample")
    basis_title = (prov.get("basis_title_by_language") or {}).get(page.lang)
    data = (text.t("sample.index_status", page.lang) if is_sample
            else basis_title or text.t("sample.official_status", page.lang) if is_sample is False else "—")
    sections = (prov.get("sample_sections_by_language") or {}).get(page.lang) or []
    note = (text.t("runner.index.sample_sections", page.lang, sections=", ".join(map(str, sections)))
            if sections and not is_sample else "")
    return {"data": data, "sample_note": note}


def row_top(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    top = (prov.get("top_sectors_by_language") or {}).get(page.lang) or prov.get("top_sectors") or []
    # no shortlist (no sector passes the presence floor, or the flags remove every one): said so
    return {"top": [str(x) for x in top] or run_summary.evaluation_note(prov, page.lang)}


def row_flagged(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    """The sectors of the province's ranking flagged as likely registration artefacts (⚑, with the
    reason): they stay ranked but leave the default shortlist."""
    return {"flagged": run_summary.flagged(prov, page.lang)}


#: The parts of a province row, in order; each returns the row's keys it fills (the template shows
#: ``plate``, ``name``, ``groups``, ``status``, ``css``, ``carried``, ``errors``, ``data``,
#: ``sample_note``, ``top``, and ``marks``: short notes under the status, e.g. flags).
ROW_PARTS: list[Callable[[dict[str, Any], Page], dict[str, Any]]] = [
    row_links, row_status, row_carried, row_data, row_top, row_flagged]


def province_row(prov: dict[str, Any], page: Page) -> dict[str, Any]:
    row: dict[str, Any] = {"plate": f"{prov['plate']:02d}", "name": prov["name"], "marks": []}
    for part in ROW_PARTS:
        row.update(part(prov, page))
    return row


def cleaning_line(manifest: dict[str, Any], page: Page) -> dict[str, Any] | None:
    """The cleaning report in the page's language when there is one (this run's, or carried over from
    an earlier run: said so, with its date), else this run's."""
    candidates = [c for c in [manifest.get("cleaning"), *manifest.get("cleaning_carried", [])] if c]
    if not candidates:
        return None
    c = next((c for c in candidates if (c.get("language") or page.languages[0]) == page.lang), candidates[0])
    return {"href": c.get("html") or "", "lang": c.get("language") or page.languages[0],
            "label": text.t("runner.index.cleaning_link", page.lang), "status": _status(c["status"], page.lang),
            "css": "failed" if c["status"] == "failed" else "ok",
            "carried": carried_note(c["carried_from"], page.lang) if c.get("carried_from") else "",
            "error": page.error(dict(c, notebook=c.get("notebook") or "01_data_cleaning")) if c.get("error") else ""}


def index_context(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the index page in ``lang`` shows."""
    languages = index_languages(manifest)
    page = Page(lang=lang, languages=languages if lang in languages else [lang, *languages],
                run_id=manifest["run_id"])
    run_languages = list(manifest.get("languages") or [text.DEFAULT_LANGUAGE])
    provs = sorted(manifest["provinces"], key=lambda p: p["plate"])
    sample = any(p.get("is_sample") for p in provs)
    col = "runner.index.column."
    return {
        "lang": lang,
        "page_title": text.t("runner.index.page_title", lang, run_id=manifest["run_id"]),
        "title": text.t("runner.index.title", lang),
        "run_line": text.t("runner.index.run_line", lang, run_id=manifest["run_id"],
                           started=_stamp(manifest.get("started"), lang),
                           finished=_stamp(manifest.get("finished"), lang),
                           status=_status(manifest["status"], lang),
                           n=text.count(len(provs), lang)),
        "language_line": text.t("runner.index.language_line", lang,
                                languages=", ".join(lang_name(code, lang) for code in run_languages)),
        "switch": ([{"lang": code, "name": lang_name(code, code), "href": index_name(code, languages),
                     "current": code == lang} for code in languages] if len(languages) > 1 else []),
        "switch_label": text.t("runner.index.switch", lang),
        "banner": text.t("sample.banner", lang) if sample else "",
        "banner_detail": text.t("runner.index.sample_banner_detail", lang) if sample else "",
        "cleaning": cleaning_line(manifest, page),
        "size_line": run_summary.size_line(manifest.get("size_summary"), lang),
        "flagged_label": text.t("run_summary.flagged", lang),
        "headers": [text.t(col + c, lang) for c in ("plate", "province", "reports", "status", "data", "top_sectors")],
        "rows": [province_row(p, page) for p in provs],
        "manifest_label": text.t("runner.index.manifest_label", lang),
        "manifest_note": text.t("runner.index.manifest_note", lang),
    }


def write_index(run_dir: Path, manifest: dict[str, Any]) -> list[Path]:
    """The index pages, one per language of :func:`index_languages` (``index.html`` first)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(INDEX_TEMPLATE.parent)),
                             autoescape=True, keep_trailing_newline=True)
    template = env.get_template(INDEX_TEMPLATE.name)
    languages = index_languages(manifest)
    return [atomic_write_text(run_dir / index_name(lang, languages), template.render(**index_context(manifest, lang)))
            for lang in languages]
