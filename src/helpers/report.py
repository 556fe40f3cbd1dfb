"""Presentation helpers for the notebooks: report header, sample banner, data-source list, figures
with alt text, and the summary record the report runner reads. No computation happens here.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers import datasets, paths, provenance, provinces

SUMMARY_MIME = "application/vnd.turkiye-clusters.summary+json"
SAMPLE_BANNER_TEXT = ("Sample data — not official statistics / örnek veri — resmi istatistik değildir")


def _display(obj: Any, **kw: Any) -> None:
    from IPython.display import display
    display(obj, **kw)


def header(title: str, plate: int | None = None, subtitle: str = "") -> None:
    """Show the report header naming the province (Turkish name, plate, NUTS codes)."""
    from IPython.display import HTML
    parts = [f"<div class='workbook-header'><h1>{html.escape(title)}</h1>"]
    if plate is not None:
        row = provinces.table().set_index("plate").loc[plate]
        parts.append(
            f"<p><b>{html.escape(row['name_tr'])}</b> (plaka {plate:02d}; NUTS-3 {row['nuts3']}, "
            f"NUTS-2 {row['nuts2']} {html.escape(row['nuts2_name_tr'])}, NUTS-1 {row['nuts1']} "
            f"{html.escape(row['nuts1_name_tr'])})</p>")
    if subtitle:
        parts.append(f"<p>{html.escape(subtitle)}</p>")
    parts.append("</div>")
    _display(HTML("".join(parts)))


def sample_banner(is_sample: bool, what: str = "Sector employment (SGK)") -> None:
    """The visible sample banner; shows nothing when the data is official."""
    from IPython.display import HTML
    if not is_sample:
        return
    _display(HTML(
        f"<div class='workbook-sample-banner' style='background:#fff3cd;border:2px solid #d39e00;"
        f"padding:.6em 1em;font-weight:600'>⚠ {SAMPLE_BANNER_TEXT}. {html.escape(what)} in this report "
        "comes from the labelled synthetic sample shipped with the workbook, not from the SGK yearbook. "
        "Add the official files to data/raw/sgk/ and rerun.</div>"))


def data_sources(tables: Iterable[str]) -> pd.DataFrame:
    """The sources behind the given processed tables: title, producer, publication and access dates."""
    rows = []
    seen = set()
    for name in tables:
        meta = datasets.meta(name)
        for rel in meta.get("inputs", {}):
            path = paths.ROOT / rel
            if path in seen or not path.exists():
                continue
            seen.add(path)
            m = provenance.read_sidecar(path).meta
            rows.append({"table": name, "file": path.name, "title": m["title"], "producer": m["producer"],
                         "published": m.get("date_published") or "n/a", "accessed": str(m["date_accessed"]),
                         "sample": bool(m.get("is_sample", False))})
    return pd.DataFrame(rows)


def record_summary(**values: Any) -> None:
    """Record values for the report runner (index page): e.g. ``is_sample``, ``top_sectors``."""
    clean = {k: (v.item() if hasattr(v, "item") else v) for k, v in values.items()}
    _display({SUMMARY_MIME: clean, "text/plain": f"summary: {sorted(clean)}"}, raw=True)


def show_figure(fig: Any, alt: str, dpi: int = 96) -> None:
    """Show a matplotlib figure as a PNG with alt text (kept in the HTML report), then close it.

    PNG metadata is fixed so the same figure gives the same bytes run after run."""
    import matplotlib.pyplot as plt
    from IPython.display import Image

    buf = io.BytesIO()
    # no bbox_inches="tight": every plot function already lays itself out (tight_layout), and a tight
    # bounding box would draw each figure twice
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    _display(Image(data=buf.getvalue(), format="png", metadata={"alt": alt}))


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


def notes_list(notes: Iterable[str]) -> None:
    """Show the data decisions announced during the analysis (or say there were none)."""
    notes = group_notes(notes)
    if not notes:
        note("No data decisions were needed: no missing cells affected the indicators.")
        return
    note("**Data decisions and notes** (missing stays missing; see docs/indicators.md and docs/methods.md):\n\n"
         + "\n".join(f"- {n}" for n in notes))


def table(df: pd.DataFrame, digits: int = 2, percent: Iterable[str] = ()):
    """A readable table: no index, numbers rounded to ``digits`` (columns in ``percent`` as %),
    thousands separated. The HTML is deterministic (fixed table id) so re-runs compare equal."""
    import hashlib
    uid = hashlib.sha1("|".join(map(str, df.columns)).encode()).hexdigest()[:8]
    fmt = {}
    for c in df.columns:
        if c in set(percent):
            fmt[c] = "{:.1%}"
        elif pd.api.types.is_float_dtype(df[c]):
            fmt[c] = (lambda v, d=digits: "" if pd.isna(v) else (f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.{d}f}"))
        elif pd.api.types.is_integer_dtype(df[c]) and c not in ("year", "plate", "rank"):
            fmt[c] = "{:,}"
    return df.style.hide(axis="index").format(fmt, na_rep="–").set_uuid(uid)


def errors_table(failed: pd.DataFrame) -> pd.DataFrame | None:
    """Show failed builds with their messages (file, sheet, row, column, value), or say none failed."""
    if failed.empty:
        note("No table failed validation.")
        return None
    note(f"**{len(failed)} table(s) failed** — the message names the file, sheet, row, column and value; "
         "nothing was written for them, and the previous processed version (if any) is kept.")
    return failed[["table", "error"]]


def employment_reading(status: dict) -> str:
    """One sentence on where the sector employment comes from."""
    kind = ("the **labelled synthetic sample** (not official statistics)" if status["is_sample"]
            else "the **official SGK yearbook** tables")
    return (f"**Reading:** sector employment comes from {kind}: {', '.join(status['files'])}; years "
            f"{', '.join(map(str, status['years']))}; NACE {', '.join(status['revisions'])}.")
