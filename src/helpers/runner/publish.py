"""Publishing a run: the lock, the staging folder, the manifest, the index and ``reports/latest``.

A run is built in ``reports/.staging/<run-id>/`` and renamed to ``reports/<run-id>/`` only when it
is complete, so a run killed half-way never shows as a run; ``reports/latest`` (a symbolic link,
replaced atomically) points to the latest run whose reports all succeeded, so a failed or killed
run leaves the previous latest intact. A lock file (``fcntl.flock``) keeps two runs from overlapping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpers import text
from helpers.io import atomic_write_json, atomic_write_text
from helpers.runner import summary as run_summary

LOCK_NAME = ".run.lock"
STAGING = ".staging"
LATEST = "latest"


class RunLocked(RuntimeError):
    """Another report run holds the lock."""


@contextlib.contextmanager
def run_lock(reports_dir: Path, wait: bool = False, timeout: float = 3600.0) -> Iterator[Path]:
    """Hold the run lock. ``wait=False``: raise :class:`RunLocked` at once if it is held."""
    import time

    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                if not wait or time.monotonic() > deadline:
                    raise RunLocked(
                        f"another report run is in progress ({holder}); lock file {path}. "
                        "Wait for it to finish, or pass --wait to queue behind it."
                    ) from None
                time.sleep(1.0)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}")
        fh.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"


def staging_dir(reports_dir: Path, run_id: str) -> Path:
    return reports_dir / STAGING / run_id


def clean_stale_staging(reports_dir: Path) -> list[str]:
    """Remove staging folders of runs that were killed (only called while holding the lock)."""
    root = reports_dir / STAGING
    removed = []
    if root.exists():
        for d in root.iterdir():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d.name)
    return removed


def latest_run(reports_dir: Path) -> Path | None:
    link = reports_dir / LATEST
    if link.is_symlink() or link.exists():
        target = link.resolve()
        if (target / "manifest.json").exists():
            return target
    return None


def read_manifest(run_dir: Path) -> dict[str, Any]:
    return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))


def publish(reports_dir: Path, staging: Path, run_id: str, successful: bool) -> Path:
    """Move the finished run into place; point ``latest`` at it if every report succeeded."""
    final = reports_dir / run_id
    os.replace(staging, final)
    if successful:
        tmp = reports_dir / f".{LATEST}.{run_id}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(run_id, tmp)
        os.replace(tmp, reports_dir / LATEST)
    return final


RUN_ID = re.compile(r"^\d{8}T\d{6}Z-\d+$")


def runs(reports_dir: Path) -> list[Path]:
    """The published runs (``reports/<run-id>/``), oldest first; staging and other folders excluded."""
    if not reports_dir.exists():
        return []
    return sorted((d for d in reports_dir.iterdir()
                   if d.is_dir() and not d.is_symlink() and RUN_ID.match(d.name)), key=lambda d: d.name)


def prune(reports_dir: Path, keep: int, dry_run: bool = False) -> tuple[list[str], list[str]]:
    """Remove all but the ``keep`` newest runs; the run ``latest`` points to is always kept, and
    ``.staging`` (a run in progress) is never touched. Call it holding the run lock.
    Returns ``(removed, kept)`` run ids. Reports carried over or reused by a newer run are hard
    links, so removing an old run never breaks a newer one."""
    if keep < 1:
        raise ValueError(f"keep={keep}: at least one run is kept")
    all_runs = runs(reports_dir)
    latest = latest_run(reports_dir)
    keep_set = {d.name for d in all_runs[-keep:]}
    if latest is not None:
        keep_set.add(latest.name)
    removed = []
    for d in all_runs:
        if d.name in keep_set:
            continue
        if not dry_run:
            shutil.rmtree(d)
        removed.append(d.name)
    return removed, sorted(keep_set)


def reuse_outputs(previous_run: Path, current_run: Path, relpaths: list[str]) -> None:
    """Carry unchanged reports over from the previous run (hard links where possible)."""
    for rel in relpaths:
        src, dst = previous_run / rel, current_run / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> Path:
    return atomic_write_json(run_dir / "manifest.json", manifest)


INDEX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "run_index.html.j2"


def index_name(lang: str, languages: list[str]) -> str:
    """The file of the index page in ``lang``: ``index.html`` for the run's first language,
    ``index.<lang>.html`` for the others (``index.en.html`` in a ``tr,en`` run)."""
    return "index.html" if not languages or lang == languages[0] else f"index.{lang}.html"


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
    """A report's link text in the index; a follow-up (``04_follow_up``, several per province) names
    its selection year and label (catalogue ``follow_up.index_link``)."""
    params = rep.get("parameters") or {}
    if rep.get("notebook") != "04_follow_up" or "selection_year" not in params:
        return _title(rep["notebook"], lang)
    key = "follow_up.index_link" if params.get("label") else "follow_up.index_link_plain"
    return text.t(key, lang, selection=params["selection_year"], **({"label": params["label"]} if params.get("label") else {}))


def _status(status: str, lang: str) -> str:
    key = f"value.status.{status}"
    return text.t(key, lang) if text.has(key) else status


def index_context(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the index page in ``lang`` shows, every text from the catalogue and every number
    and date in the locale's format (:mod:`helpers.text`)."""
    languages = list(manifest.get("languages") or [text.DEFAULT_LANGUAGE])
    shown = languages if lang in languages else [lang, *languages]
    order = {code: i for i, code in enumerate([lang, *[x for x in shown if x != lang]])}

    def lang_name(code: str, in_lang: str) -> str:
        key = f"language.name_{code}"
        return text.t(key, in_lang) if text.has(key) else code

    def summary(rep: dict[str, Any]) -> str:
        title = _title(rep["notebook"], lang)
        if len(languages) > 1 and rep.get("language"):
            title = f"{title} ({lang_name(rep['language'], lang)})"
        return text.t("runner.error.summary", lang, notebook=title, error=rep["error"])

    rows = []
    for prov in manifest["provinces"]:
        groups: dict[str, list[dict[str, str]]] = {}
        for rep in sorted(prov["reports"], key=lambda r: (order.get(r.get("language") or languages[0], 99),
                                                          r["notebook"])):
            rlang = rep.get("language") or languages[0]
            title = _link_title(rep, lang)
            groups.setdefault(rlang, []).append(
                {"href": rep["html"], "text": title, "lang": rlang} if rep.get("html")
                else {"href": "", "text": text.t("runner.index.no_report", lang, title=title), "lang": rlang})
        several = len(groups) > 1 or len(languages) > 1
        carried = (text.t("runner.index.carried", lang, run_id=prov["carried_from"])
                   if prov.get("carried_from") else "")
        is_sample = prov.get("is_sample")
        # the basis the sector results rest on, named (TİM exports or SGK employment), and the sections
        # of the reports that still use the sample (e.g. the SGK section of the economic analysis)
        basis_title = (prov.get("basis_title_by_language") or {}).get(lang)
        data = (text.t("sample.index_status", lang) if is_sample
                else basis_title or text.t("sample.official_status", lang) if is_sample is False else "—")
        sections = (prov.get("sample_sections_by_language") or {}).get(lang) or []
        sample_note = (text.t("runner.index.sample_sections", lang, sections=", ".join(map(str, sections)))
                       if sections and not is_sample else "")
        top = (prov.get("top_sectors_by_language") or {}).get(lang) or prov.get("top_sectors") or []
        rows.append({
            "plate": f"{prov['plate']:02d}", "name": prov["name"], "status": _status(prov["status"], lang),
            "css": "failed" if prov["status"] == "failed" else "ok", "carried": carried,
            "errors": [summary(r) for r in prov["reports"] if r.get("error")],
            "groups": [{"label": text.t("runner.index.reports_in", lang, language=lang_name(code, lang))
                        if several else "", "links": links} for code, links in groups.items()],
            "data": data, "sample_note": sample_note, "top": [str(x) for x in top] or run_summary.evaluation_note(prov, lang),
            "flagged": run_summary.flagged(prov, lang)})
    cleaning = None
    if manifest.get("cleaning"):
        c = manifest["cleaning"]
        cleaning = {"href": c.get("html") or "", "lang": c.get("language") or languages[0],
                    "label": text.t("runner.index.cleaning_link", lang), "status": _status(c["status"], lang),
                    "css": "failed" if c["status"] == "failed" else "ok",
                    "error": summary(dict(c, notebook=c.get("notebook") or "01_data_cleaning"))
                    if c.get("error") else ""}
    sample = any(p.get("is_sample") for p in manifest["provinces"])
    col = "runner.index.column."
    return {
        "lang": lang,
        "page_title": text.t("runner.index.page_title", lang, run_id=manifest["run_id"]),
        "title": text.t("runner.index.title", lang),
        "run_line": text.t("runner.index.run_line", lang, run_id=manifest["run_id"],
                           started=_stamp(manifest.get("started"), lang),
                           finished=_stamp(manifest.get("finished"), lang),
                           status=_status(manifest["status"], lang),
                           n=text.count(len(manifest["provinces"]), lang)),
        "language_line": text.t("runner.index.language_line", lang,
                                languages=", ".join(lang_name(code, lang) for code in languages)),
        "switch": ([{"lang": code, "name": lang_name(code, code), "href": index_name(code, languages),
                     "current": code == lang} for code in languages] if len(languages) > 1 else []),
        "switch_label": text.t("runner.index.switch", lang),
        "banner": text.t("sample.banner", lang) if sample else "",
        "banner_detail": text.t("runner.index.sample_banner_detail", lang) if sample else "",
        "cleaning": cleaning,
        "size_line": run_summary.size_line(manifest.get("size_summary"), lang),
        "flagged_label": text.t("run_summary.flagged", lang),
        "headers": [text.t(col + c, lang) for c in ("plate", "province", "reports", "status", "data", "top_sectors")],
        "rows": rows,
        "manifest_label": text.t("runner.index.manifest_label", lang),
        "manifest_note": text.t("runner.index.manifest_note", lang),
    }


def write_index(run_dir: Path, manifest: dict[str, Any]) -> list[Path]:
    """The index pages: ``index.html`` in the run's first language (Turkish by default) and
    ``index.<lang>.html`` for each other language; one row per province with its reports in every
    language of the run, status, sample flag and top sectors; pages link to each other."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(INDEX_TEMPLATE.parent)),
                             autoescape=True, keep_trailing_newline=True)
    template = env.get_template(INDEX_TEMPLATE.name)
    languages = list(manifest.get("languages") or [text.DEFAULT_LANGUAGE])
    return [atomic_write_text(run_dir / index_name(lang, languages), template.render(**index_context(manifest, lang)))
            for lang in languages]
