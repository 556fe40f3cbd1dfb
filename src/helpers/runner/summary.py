"""What a run says over all its provinces, and the extra outputs a report carries.

- :func:`outputs` — the files of one report entry of the manifest (notebook, HTML, log and, for
  notebook 03, its scores workbook under the key ``scores``), so reuse and carry-over move them
  together.
- :func:`runner_parameters` — the parameters the runner sets itself at execution time
  (``scores_path`` beside the report's HTML); not part of a report's fingerprint, since the run
  folder changes with every run.
- :func:`size_summary` — over the provinces of this run, from what each 03 report recorded
  (:func:`helpers.robustness_view.run_record`): the Spearman correlation of each province's final
  ranking with sector size (median, quartiles, each province's value) and how often the top sector
  is the province's largest. Written to ``manifest.json`` (key ``size_summary``), printed at the
  end of the run and shown on the index page.
- :func:`flagged` — a province's flagged sectors for the index mark.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from helpers import text
from helpers.text import formats as fmt

EVALUATION = "03_criteria_evaluation"
SCORES_SUFFIX = ".scores.xlsx"
OUTPUT_KEYS = ("ipynb", "html", "log", "scores")
#: The mark shown beside a flagged sector on the index page.
FLAG_MARK = "⚑"


def scores_name(stem: str) -> str:
    """``03_criteria_evaluation.scores.xlsx`` / ``03_criteria_evaluation.en.scores.xlsx``."""
    return f"{stem}{SCORES_SUFFIX}"


def outputs(report: dict[str, Any]) -> list[str]:
    """The relative paths of a report's files in its run folder."""
    return [report[k] for k in OUTPUT_KEYS if report.get(k)]


def runner_parameters(notebook_defaults: dict[str, Any], given: dict[str, Any], out_dir: Path,
                      stem: str) -> dict[str, Any]:
    """``given`` plus ``scores_path`` in the report's folder when the notebook declares it and the
    parameters file did not set it."""
    if "scores_path" in notebook_defaults and not given.get("scores_path"):
        return {**given, "scores_path": str(Path(out_dir) / scores_name(stem))}
    return dict(given)


def scores_output(out_dir: Path, stem: str, run_dir: Path) -> str | None:
    """The scores workbook a report wrote, relative to the run folder (None if it wrote none)."""
    path = Path(out_dir) / scores_name(stem)
    return str(path.relative_to(run_dir)) if path.exists() else None


def _evaluation_record(prov: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    reps = [r for r in prov.get("reports", []) if r.get("notebook") == EVALUATION and r.get("summary")]
    reps.sort(key=lambda r: languages.index(r["language"]) if r.get("language") in languages else 99)
    return reps[0]["summary"] if reps else {}


def size_summary(manifest: dict[str, Any]) -> dict[str, Any]:
    """Rank correlation with size and "top sector = largest" over the provinces this run made
    (carried-over provinces excluded); ``{"provinces": 0}`` when no 03 report recorded them."""
    languages = list(manifest.get("languages") or [text.DEFAULT_LANGUAGE])
    rho: dict[str, float] = {}
    top: dict[str, bool] = {}
    flagged = 0
    for prov in manifest.get("provinces", []):
        if prov.get("carried_from"):
            continue
        rec = _evaluation_record(prov, languages)
        if not rec:
            continue
        plate = f"{prov['plate']:02d}"
        if isinstance(rec.get("size_rho"), (int, float)):
            rho[plate] = float(rec["size_rho"])
        if isinstance(rec.get("top_is_largest"), bool):
            top[plate] = rec["top_is_largest"]
        flagged += bool(rec.get("flagged_sectors"))
    values = sorted(rho.values())
    out: dict[str, Any] = {"provinces": len(set(rho) | set(top)), "size_rho_by_province": rho,
                           "top_is_largest_by_province": top, "provinces_with_flags": flagged}
    if values:
        q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
        out.update(size_rho_median=round(statistics.median(values), 4), size_rho_q1=round(q[0], 4),
                   size_rho_q3=round(q[2], 4), size_rho_min=values[0], size_rho_max=values[-1])
    if top:
        out.update(top_is_largest=sum(top.values()), top_is_largest_share=round(sum(top.values()) / len(top), 4))
    return out


def size_line(summary: dict[str, Any] | None, lang: str = "tr") -> str:
    """One sentence of the summary for the index page and the run's log ("" when there is none)."""
    if not summary or "size_rho_median" not in summary:
        return ""
    n = len(summary.get("top_is_largest_by_province") or {})
    return text.t("run_summary.size_line", lang, n=fmt.count(summary["provinces"], lang),
                  median=fmt.decimal(summary["size_rho_median"], lang, 2),
                  low=fmt.decimal(summary["size_rho_min"], lang, 2), high=fmt.decimal(summary["size_rho_max"], lang, 2),
                  largest=fmt.count(summary.get("top_is_largest", 0), lang), of=fmt.count(n, lang))


def flagged(prov: dict[str, Any], lang: str) -> list[str]:
    """A province's flagged sectors (as its 03 report in ``lang`` recorded them, else in the
    run's first language), each with the index mark."""
    reps = [r for r in prov.get("reports", []) if r.get("notebook") == EVALUATION and r.get("summary")]
    rec = next((r["summary"] for r in reps if r.get("language") == lang), reps[0]["summary"] if reps else {})
    return [f"{FLAG_MARK} {s}" for s in rec.get("flagged_sectors") or []]


def evaluation_note(prov: dict[str, Any], lang: str) -> list[str]:
    """The index's sentence for a province whose 03 report has no shortlist (no sector passes the
    presence floor, or every evaluated sector is flagged); ``[]`` otherwise."""
    reps = [r for r in prov.get("reports", []) if r.get("notebook") == EVALUATION and r.get("summary")]
    rec = next((r["summary"] for r in reps if r.get("language") == lang), reps[0]["summary"] if reps else {})
    status = rec.get("evaluation_status")
    return [text.t(f"run_summary.status.{status}", lang)] if status in ("no_candidates", "all_flagged") else []
