"""Presentation helpers for the notebooks: report header, sample banner, data-source list, figures
with alt text, and the summary record the report runner reads. No computation happens here.

Every function that shows text takes ``lang`` (``"tr"`` by default, or ``"en"``); the texts come
from the catalogue (:mod:`helpers.text`), numbers from its locale formats. The sample banner is
written once, as the catalogue's ``sample.banner`` (:func:`sample_banner_text`); the figures'
stamp (:func:`helpers.plots.mark_sample`) and the runner's index page use the same entry.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from helpers import datasets, paths, provenance, provinces, text
from helpers.text import formats as fmt

SUMMARY_MIME = "application/vnd.turkiye-clusters.summary+json"


def sample_banner_text(lang: str = "tr") -> str:
    """The one sentence that marks sample data (``Dikkat: örnek veri — resmi istatistik değildir``)."""
    return text.t("sample.banner", lang)


def _display(obj: Any, **kw: Any) -> None:
    from IPython.display import display
    display(obj, **kw)


def header(title: str, plate: int | None = None, subtitle: str = "", lang: str = "tr") -> None:
    """Show the report header naming the province (Turkish name, plate, NUTS codes)."""
    from IPython.display import HTML
    parts = [f"<div class='workbook-header'><h1>{html.escape(title)}</h1>"]
    if plate is not None:
        row = provinces.table().set_index("plate").loc[plate]
        line = text.t("report.province_line", lang, plate=f"{plate:02d}", nuts3=row["nuts3"], nuts2=row["nuts2"],
                      nuts2_name=row["nuts2_name_tr"], nuts1=row["nuts1"], nuts1_name=row["nuts1_name_tr"])
        parts.append(f"<p><b>{html.escape(row['name_tr'])}</b> {html.escape(line)}</p>")
    if subtitle:
        parts.append(f"<p>{html.escape(subtitle)}</p>")
    parts.append("</div>")
    _display(HTML("".join(parts)))


def section(key: str, lang: str = "tr", level: int = 2) -> None:
    """Show a heading from the catalogue (``key``) as Markdown, in the report's language."""
    from IPython.display import Markdown
    _display(Markdown(f"{'#' * level} {text.t(key, lang)}"))


def sample_banner(is_sample: bool, what: str | None = None, lang: str = "tr") -> None:
    """The visible sample banner; shows nothing when the data is official.

    ``what`` names the sample data in the report's language (default: sector employment, SGK)."""
    from IPython.display import HTML
    if not is_sample:
        return
    what = text.t("sample.what_employment", lang) if what is None else what
    detail = text.t("sample.banner_detail", lang, what=html.escape(what))
    _display(HTML(
        f"<div class='workbook-sample-banner' style='background:#fff3cd;border:2px solid #d39e00;"
        f"padding:.6em 1em;font-weight:600'>⚠ {html.escape(sample_banner_text(lang))}. {detail[:1].upper()}{detail[1:]}"
        "</div>"))


def _output_html(data: Mapping[str, Any], metadata: Mapping[str, Any]) -> str:
    """One captured display output as HTML (HTML as it is, Markdown rendered, PNG embedded with its alt)."""
    if "text/html" in data:
        return str(data["text/html"])
    if "text/markdown" in data:
        import mistune
        return mistune.html(str(data["text/markdown"]))
    if "image/png" in data:
        png = data["image/png"]
        png = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
        alt = (metadata.get("image/png") or {}).get("alt") or metadata.get("alt") or ""
        return f"<img src='data:image/png;base64,{png}' alt='{html.escape(alt, quote=True)}'>"
    return ""


@contextlib.contextmanager
def sample_section(is_sample: bool, what: str | None = None, lang: str = "tr"):
    """A report section that rests on sample data, collapsed under its banner.

    While the data is the labelled sample, everything the ``with`` block shows (figures, tables,
    readings) is gathered into one ``<details>`` element whose summary is the sample banner: a reader
    sees the banner and opens the section only on purpose. With official data the block shows as
    usual, without banner::

        with report.sample_section(analysis.is_sample, lang=lang):
            sections.employment(analysis, plate, name, measure, start_year, end_year, lang)
    """
    if not is_sample:
        yield
        return
    from IPython.display import HTML
    from IPython.utils.capture import capture_output
    with capture_output(stdout=False, stderr=False) as captured:
        yield
    what = text.t("sample.what_employment", lang) if what is None else what
    detail = text.t("sample.banner_detail", lang, what=html.escape(what))
    body = "".join(_output_html(o.data, o.metadata or {}) for o in captured.outputs)
    _display(HTML(
        "<style>details.workbook-sample-section[open] .workbook-open-hint{display:none}</style>"
        "<details class='workbook-sample-section'><summary class='workbook-sample-banner' "
        "style='background:#fff3cd;border:2px solid #d39e00;padding:.6em 1em;font-weight:600;cursor:pointer'>"
        f"⚠ {html.escape(sample_banner_text(lang))}. {detail[:1].upper()}{detail[1:]} "
        f"<span class='workbook-open-hint' style='font-weight:400'>({html.escape(text.t('sample.show_section', lang))})"
        "</span></summary>"
        f"{body}</details>"))


def caveat(sentence: str | None) -> None:
    """Show a caveat sentence (e.g. :func:`helpers.shocks.caveat`), or nothing when there is none."""
    if sentence:
        note(sentence)


def _date(value: Any, lang: str) -> str | None:
    """An ISO date as ``29 Kasım 2026`` / ``29 November 2026``; anything else (a year) as it is;
    ``None`` when the date is not given."""
    import datetime as dt
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, str)):
        try:
            return fmt.date(value, lang)
        except ValueError:  # "2024" or "2024-03": not a full date
            pass
    return str(value)


def data_sources(tables: Iterable[str], lang: str = "tr") -> pd.DataFrame:
    """The sources behind the given processed tables: table, file, title, producer, publication and
    access dates (dates written in ``lang``; show it with :func:`table`, which names tables and
    producers in ``lang``), and the status of each file: official (shipped, checked against the
    committed manifest), added by the user (never called official), or sample. A publication date
    no sidecar gives is "not stated"; the column is left out when no sidecar gives one."""
    rows = []
    seen = set()
    manifest = provenance.read_manifest()
    for name in tables:
        meta = datasets.meta(name)
        for rel in meta.get("inputs", {}):
            path = paths.ROOT / rel
            if path in seen or not path.exists():
                continue
            seen.add(path)
            prov = provenance.read_sidecar(path)
            m = prov.meta
            rows.append({"table": name, "file": path.name, "title": prov.title_in(lang), "producer": m["producer"],
                         "published": _date(m.get("date_published"), lang), "accessed": _date(m["date_accessed"], lang),
                         "sample": bool(m.get("is_sample", False)),
                         "status": text.t("provenance.status." + ("sample" if m.get("is_sample") else "official"
                                          if provenance.is_shipped(path, manifest) else "user_supplied"), lang)})
    out = pd.DataFrame(rows)
    if "published" in out and out["published"].isna().all():
        return out.drop(columns="published")
    return out.fillna({"published": text.t("value.not_stated", lang)}) if "published" in out else out


def record_summary(**values: Any) -> None:
    """Record values for the report runner (index page): e.g. ``is_sample``, ``top_sectors``."""
    clean = {k: (v.item() if hasattr(v, "item") else v) for k, v in values.items()}
    _display({SUMMARY_MIME: clean, "text/plain": f"summary: {sorted(clean)}"}, raw=True)


def show_figure(fig: Any, alt: str, dpi: int | None = None) -> None:
    """Show a matplotlib figure as a PNG with alt text (kept in the HTML report), then close it.

    The PNG is :func:`helpers.plots._base.to_png`'s: drawn once at ``dpi`` (default the figures'
    own, :data:`helpers.plots._base.DPI`, 96), no metadata that changes, so the same figure gives
    the same bytes run after run."""
    import matplotlib.pyplot as plt
    from IPython.display import Image

    from helpers.plots._base import DPI, to_png

    # no bbox_inches="tight": every plot function already lays itself out (tight_layout), and a tight
    # bounding box would draw each figure twice
    png = to_png(fig, DPI if dpi is None else dpi)
    plt.close(fig)
    _display(Image(data=png, format="png", metadata={"alt": alt}))


def note(text: str) -> None:
    """A one-sentence reading of a table or figure, as Markdown."""
    from IPython.display import Markdown
    _display(Markdown(text))


def group_notes(notes: Iterable[str]) -> list[str]:
    """Merge notes that differ only in the function that raised them (``"fn: text"``), keeping order:
    ``["lq: 35 cells …", "hhi: 35 cells …"]`` → ``["lq, hhi: 35 cells …"]``."""
    by_text: dict[str, list[str]] = {}
    for n in notes:
        fn, sep, text = n.partition(": ")
        key, who = (text, fn) if sep and " " not in fn else (n, "")
        by_text.setdefault(key, [])
        if who and who not in by_text[key]:
            by_text[key].append(who)
    return [f"{', '.join(who)}: {text}" if who else text for text, who in by_text.items()]


def _without_functions(note: str) -> str:
    """A note without the names of the functions that announced it (``"lq, hhi: text"`` → ``"text"``):
    a reader needs the decision, not the program's internals."""
    fn, sep, rest = note.partition(": ")
    if sep and all(re.fullmatch(r"[a-z_][a-z0-9_]*", f.strip()) for f in fn.split(",")):
        return rest
    return note


def _capitalised(note: str, lang: str) -> str:
    """A list item starts with a capital (Turkish rules in Turkish: ``i`` → ``İ``)."""
    return text.upper(note[:1], lang) + note[1:]


def notes_list(notes: Iterable[str], lang: str = "tr") -> None:
    """Show the data decisions announced during the analysis (or say there were none), each in
    ``lang`` when it is a :class:`helpers.text.Note`."""
    from helpers.text.notes import translate
    notes = list(dict.fromkeys(_capitalised(_without_functions(translate(n, lang)), lang)
                               for n in group_notes(text.render(n, lang) for n in notes)))
    if not notes:
        note(text.t("report.no_decisions", lang))
        return
    note(text.t("report.decisions_heading", lang) + "\n\n" + "\n".join(f"- {n}" for n in notes))


def table(df: pd.DataFrame, digits: int = 2, percent: Iterable[str] = (), lang: str = "tr", *,
          kinds: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None):
    """A readable table in the report's language: no index, translated headers and values, numbers
    in the locale's format by column kind (counts without decimals, years without separators, ratios
    with two digits; other floats rounded to ``digits``, without decimals from 1,000; columns in
    ``percent`` are fractions shown as %). See :func:`helpers.text.format_table`. The HTML is
    deterministic (fixed table id) so re-runs compare equal. A Turkish table never shows the
    English names (``title_en``, ``label_en``) beside the Turkish ones. A frame without rows shows
    nothing (``None``): the reading beside it says there is none, and a header row alone says nothing."""
    if df is None or len(df) == 0:
        return None
    if text.check_language(lang) == "tr":
        df = df.drop(columns=[c for c in ("title_en", "label_en") if c in df.columns])
    return text.format_table(df, lang, kinds=kinds, digits=digits, percent=percent, headers=headers)


def show_table(df: pd.DataFrame, digits: int = 2, percent: Iterable[str] = (), lang: str = "tr", *,
               kinds: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None) -> None:
    """Show :func:`table` now (inside a helper or a ``with`` block, where a returned table would not
    be displayed as a cell's last value)."""
    _display(table(df, digits, percent, lang, kinds=kinds, headers=headers))


def errors_table(failed: pd.DataFrame, lang: str = "tr"):
    """Show failed builds with their messages (file, sheet, row, column, value), or say none failed.

    Returns the table of failures (a ``Styler``), or ``None`` when nothing failed."""
    if failed.empty:
        note(text.t("report.no_failures", lang))
        return None
    note(text.t("report.failures", lang, n=fmt.count(len(failed), lang)))
    return table(failed[["table", "error"]], lang=lang)


def warnings_table(warnings: pd.DataFrame, lang: str = "tr"):
    """Show the warnings of the build (:func:`helpers.quality.warnings_table`: file, what happened,
    what it means) under a one-sentence reading, or say there were none; never raw Python warnings.

    Returns the table (a ``Styler``), or ``None`` when there was no warning."""
    if warnings.empty:
        note(text.t("cleaning.reading_warnings.none", lang, reading=text.reading(lang)))
        return None
    note(text.t("cleaning.reading_warnings.some", lang, reading=text.reading(lang), n=fmt.count(len(warnings), lang)))
    return table(warnings, lang=lang)


def employment_reading(status: dict, lang: str = "tr") -> str:
    """One sentence on where the sector employment comes from."""
    kind = text.t("report.employment_sample" if status["is_sample"] else "report.employment_official", lang)
    return text.t("report.employment_reading", lang, reading=text.reading(lang), kind=kind,
                  files=", ".join(status["files"]), years=", ".join(fmt.year(y) for y in status["years"]),
                  revisions=", ".join(status["revisions"]))
