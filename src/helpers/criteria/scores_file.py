"""The scores file of an evaluation (issue 14, item 10): an Excel workbook a reader can open and
check, written beside the 03 report's HTML.

Sheets (names and headers in the report's language, catalogue ``scores.*`` and ``column.*``):

1. **ranking** -- one row per evaluated sector: code, name, rank, score, the heading scores, and
   for each criterion its raw value, its utility (0-1) and its effective weight; flags and the
   robustness status when given;
2. **excluded** -- the sectors left out of the long list, with their reasons;
3. **criteria** -- one row per criterion used: heading, nominal weight, effective weight and every
   other column of ``result.criteria`` (transform, direction, utility reference ...);
4. **readme** -- provenance: province, basis, years, method, criteria file and version, data
   sources, when the file was written.

Numbers are stored as numbers (the spreadsheet formats them); the file is written atomically
(:func:`helpers.io.atomic_write`). Columns the evaluation gains later (extra criteria, workings
columns) are carried over as they are, headed by their catalogue label when there is one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import text
from helpers.io import atomic_write

from .config import CriteriaConfig
from .score import EvaluationResult

SHEETS = ("ranking", "excluded", "criteria", "readme")
#: Columns that may carry a sector's plausibility flags in an evaluation (first found wins).
FLAG_COLUMNS = ("flags", "flag", "flag_text", "flag_reason")


def _criterion_label(config: CriteriaConfig, cid: str, lang: str) -> str:
    for h in config.headings:
        for c in (*h.indicators, *h.qualitative):
            if c.id == cid:
                own = (getattr(c, "label_tr", "") if lang == "tr"
                       else getattr(c, "label_en", "") or getattr(c, "subtitle_en", ""))
                column = getattr(c, "column", None)
                if not own and column and text.has(f"column.{column}"):
                    own = text.column_label(column, lang)
                return own or cid
    return cid


def _heading_label(config: CriteriaConfig, key: str, lang: str) -> str:
    try:
        h = config.heading(key)
    except (KeyError, ValueError, StopIteration):
        return key
    return h.label_tr if lang == "tr" else h.label_en


def flag_column(df: pd.DataFrame, lang: str = "tr") -> str | None:
    """The column of ``df`` holding flags, if any: a reason in ``lang`` first
    (``flag_text_<lang>``), then :data:`FLAG_COLUMNS`."""
    return next((c for c in (f"flag_text_{lang}", f"flag_reason_{lang}", *FLAG_COLUMNS) if c in df.columns), None)


def _reason(code: str, lang: str) -> str:
    """A flag code in words (its short name, :func:`helpers.plausibility.flag_label`), else the text as given."""
    from helpers import plausibility  # the flags' own catalogue texts (issue 14, item 7)

    return plausibility.flag_label(code, lang) if code in plausibility.FLAGS else code


def _flags_text(value: Any, lang: str = "tr") -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    items = list(value) if isinstance(value, (list, tuple, set, np.ndarray)) else [value]
    # a cell may hold several codes joined with ", " (evaluation's ``flags`` column)
    words = [w.strip() for v in items for w in (str(v).split(", ") if "_" in str(v) else [str(v)]) if w.strip()]
    return "; ".join(_reason(w, lang) if w.replace("_", "").isalnum() and " " not in w else w for w in words)


def ranking_sheet(result: EvaluationResult, lang: str = "tr", scenarios=None) -> pd.DataFrame:
    """The full ranking with every criterion's raw value, utility and effective weight (headers
    in ``lang``)."""
    cfg, key = result.config, result.config.key
    label = cfg.sector_basis.label
    t = result.table
    inputs = result.inputs.set_index(key)
    codes = t[key].tolist()
    h = lambda name, **kw: text.t(f"scores.column.{name}", lang, **kw)  # noqa: E731
    out = pd.DataFrame({h("code"): codes})
    names = t[label] if label in t.columns else inputs[label].reindex(codes) if label in inputs.columns else codes
    out[h("name")] = list(names)
    out[h("rank")] = t["rank"].astype(int).to_numpy()
    out[h("score")] = t["total"].astype(float).to_numpy()
    size = cfg.sector_basis.value
    if size in inputs.columns:
        out[text.column_label(size, lang)] = inputs[size].reindex(codes).astype(float).to_numpy()
    for hk in result.heading_keys:
        out[h("heading_score", heading=_heading_label(cfg, hk, lang))] = t[f"score_{hk}"].astype(float).to_numpy()
    util = result.utilities.reindex(codes)
    for c in result.criteria.to_dict("records"):
        cid, name = c["id"], _criterion_label(cfg, c["id"], lang)
        if h("raw", criterion=name) in out.columns:  # two criteria with one label: tell them apart
            name = f"{name} ({cid})"
        col = c.get("column")
        if c.get("kind") == "qualitative" or not isinstance(col, str) or col not in inputs.columns:
            raw = 1.0 + 4.0 * util[cid].to_numpy(dtype=float)  # stakeholder median (1-5)
        else:
            raw = pd.to_numeric(inputs[col].reindex(codes), errors="coerce").to_numpy(dtype=float)
        out[h("raw", criterion=name)] = raw
        out[h("utility", criterion=name)] = util[cid].to_numpy(dtype=float)
        out[h("weight", criterion=name)] = float(c.get("weight", c.get("effective_weight", np.nan)))
    fc = flag_column(t, lang) or flag_column(result.inputs, lang)
    if fc:
        src = t.set_index(key)[fc] if fc in t.columns else inputs[fc]
        out[h("flags")] = [_flags_text(v, lang) for v in src.reindex(codes)]
    if scenarios is not None:
        s = scenarios.table.set_index(scenarios.key)
        out[h("p_top_k")] = s["p_top_k"].reindex(codes).astype(float).to_numpy()
        out[h("rank_range")] = [f"{a}–{b}" if a == a else "" for a, b in
                                zip(s["rank_min"].reindex(codes), s["rank_max"].reindex(codes))]
        flagged = s["flagged"].reindex(codes).fillna(False) if "flagged" in s.columns else [False] * len(codes)
        out[h("stability")] = [text.t("robustness.status.flagged", lang) if f else
                               text.t(f"robustness.status.{v}", lang) if isinstance(v, str) and v else ""
                               for v, f in zip(s["status"].reindex(codes), flagged)]
        out[h("depends_on")] = [", ".join(text.t(f"robustness.choice.{c.strip()}", lang) for c in v.split(","))
                                if isinstance(v, str) and v else "" for v in s["depends_on"].reindex(codes)]
    return out


def excluded_sheet(excluded: pd.DataFrame | None, config: CriteriaConfig, lang: str = "tr") -> pd.DataFrame:
    """The sectors left out, with their reasons (a ``reason_<lang>`` column is preferred)."""
    h = lambda name: text.t(f"scores.column.{name}", lang)  # noqa: E731
    if excluded is None or len(excluded) == 0:
        return pd.DataFrame({h("code"): [], h("name"): [], h("reason"): []})
    key, label = config.key, config.sector_basis.label
    ex = excluded.copy()
    reason = next((c for c in (f"reason_{lang}", "reason") if c in ex.columns), None)
    out = pd.DataFrame({h("code"): ex[key].astype(str).to_numpy()})
    out[h("name")] = ex[label].to_numpy() if label in ex.columns else ""
    for c in ex.columns:
        if c in (key, label, "plate") or c.startswith("reason"):
            continue
        out[text.column_label(c, lang)] = ex[c].to_numpy()
    out[h("reason")] = ex[reason].astype(str).to_numpy() if reason else ""
    return out


def _floats(frame: pd.DataFrame, *names: str) -> np.ndarray:
    """The first of ``names`` present in ``frame`` as floats (NaN when none is)."""
    name = next((n for n in names if n in frame.columns), None)
    return frame[name].astype(float).to_numpy() if name else np.full(len(frame), np.nan)


def criteria_sheet(result: EvaluationResult, lang: str = "tr") -> pd.DataFrame:
    """One row per criterion used: heading, label, nominal and effective weights, and the other
    columns of ``result.criteria`` as they are."""
    cfg = result.config
    h = lambda name: text.t(f"scores.column.{name}", lang)  # noqa: E731
    nominal = {c.id: c.weight for hd in cfg.headings for c in (*hd.indicators, *hd.qualitative)}
    crit = result.criteria
    out = pd.DataFrame({h("heading"): [_heading_label(cfg, x, lang) for x in crit["heading"]],
                        h("criterion"): [_criterion_label(cfg, x, lang) for x in crit["id"]],
                        h("id"): crit["id"].to_numpy(),
                        h("heading_weight"): [float(result.heading_weights.get(x, np.nan)) for x in crit["heading"]],
                        h("nominal_weight"): [float(nominal.get(x, np.nan)) for x in crit["id"]],
                        h("weight_in_heading"): _floats(crit, "weight_in_heading"),
                        h("effective_weight"): _floats(crit, "weight", "effective_weight")})
    for c in crit.columns:
        if c in ("id", "heading", "weight", "weight_in_heading", "effective_weight"):
            continue
        key = f"scores.column.{c}"
        out[text.t(key, lang) if text.has(key) else text.column_label(c, lang)] = [_value(v, lang) for v in crit[c]]
    return out


def _value(v: Any, lang: str) -> Any:
    """A cell of the criteria sheet: a code the catalogue names (``benefit``, ``log``) in ``lang``."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, str) and text.has(f"scores.value.{v}"):
        return text.t(f"scores.value.{v}", lang)
    return v


def readme_sheet(provenance: Mapping[str, Any], sources: pd.DataFrame | None, lang: str = "tr") -> pd.DataFrame:
    """Two columns (item, value): the ``provenance`` entries (keys are catalogue names under
    ``scores.readme.*``, or shown as they are), then one line per data source."""
    rows = [(text.t("scores.readme.written", lang), dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))]
    for k, v in provenance.items():
        key = f"scores.readme.{k}"
        rows.append((text.t(key, lang) if text.has(key) else str(k), "" if v is None else str(v)))
    if sources is not None:
        for r in sources.to_dict("records"):
            rows.append((text.t("scores.readme.source", lang),
                         " — ".join(str(r[c]) for c in ("title", "producer", "file", "published", "accessed")
                                    if r.get(c))))
    rows.append((text.t("scores.readme.sheets", lang), ", ".join(text.t(f"scores.sheet.{s}", lang) for s in SHEETS)))
    return pd.DataFrame(rows, columns=[text.t("scores.column.item", lang), text.t("scores.column.value", lang)])


def _write_sheet(ws, df: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and not np.isfinite(v)) else
                   (v.item() if hasattr(v, "item") else v) for v in row])
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:200, i - 1]]) if len(df) else len(str(col))
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, max(8, width + 2))


def write(path: str | Path, result: EvaluationResult, *, excluded: pd.DataFrame | None = None,
          provenance: Mapping[str, Any] | None = None, sources: pd.DataFrame | None = None,
          scenarios=None, lang: str = "tr") -> Path | None:
    """Write the workbook to ``path`` (atomically); ``""`` writes nothing and returns None.

    Parameters
    ----------
    path : the ``.xlsx`` file (notebook 03's ``scores_path``); its folder is created if needed
    result : the evaluation shown in the report
    excluded : the long list's excluded sectors (``long_list.excluded``)
    provenance : {catalogue name: value} for the readme sheet (province, basis, years, method,
        criteria file and version ...)
    sources : :func:`helpers.report.data_sources` of the tables behind the evaluation
    scenarios : :class:`helpers.criteria.ScenarioResult` (adds share in the top k, rank range,
        stability and the choice a sector depends on)
    """
    if not path:
        return None
    from openpyxl import Workbook

    lang = text.check_language(lang)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"scores file {path}: expected a .xlsx path")
    frames = {"ranking": ranking_sheet(result, lang, scenarios),
              "excluded": excluded_sheet(excluded, result.config, lang),
              "criteria": criteria_sheet(result, lang),
              "readme": readme_sheet(dict(provenance or {}), sources, lang)}
    wb = Workbook()
    wb.remove(wb.active)
    for name in SHEETS:
        _write_sheet(wb.create_sheet(text.t(f"scores.sheet.{name}", lang)[:31]), frames[name])
    return atomic_write(path, lambda p: wb.save(p))


def provenance_of(inputs, config: CriteriaConfig, method: str, province: str,
                  criteria_file: str = "", lang: str = "tr") -> dict[str, Any]:
    """The readme entries of notebook 03: province, basis, years, method, criteria file and version."""
    mkey = f"evaluation.method.{method}"
    return {"province": province, "basis": inputs.basis.title(lang), "year": inputs.year,
            "start_year": inputs.start_year, "method": text.t(mkey, lang) if text.has(mkey) else method,
            "criteria_file": criteria_file or config.source, "criteria_version": config.version}


def link_note(path: str | Path | None, lang: str = "tr") -> str:
    """The sentence that links the workbook from the report (a link relative to the report, which
    sits in the same folder); without a file, the sentence that says none was written."""
    if not path:
        return text.t("scores.link.none", lang, reading=text.reading(lang))
    name = Path(path).name
    return text.t("scores.link.text", lang, reading=text.reading(lang), name=name, href=name.replace(" ", "%20"))

