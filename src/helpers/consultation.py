"""Notebook 03's stakeholder section: the folder of filled consultation sheets, reading and
validating them (:mod:`helpers.stakeholders`), one sentence about them and the disagreement table.
Re-exported by :mod:`helpers.evaluation`, where the notebook calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import criteria, paths, provinces, stakeholders, text
from helpers.text import formats as fmt


@dataclass
class StakeholderInput:
    folder: Path
    responses: pd.DataFrame
    scores: pd.DataFrame          # aggregate(): median and IQR per division × item
    files: list[str]


def folder_for(plate: int, stakeholder_dir: str = "") -> Path:
    """The folder of filled sheets: the parameter, or ``data/stakeholders/<plate>-<slug>/``."""
    if stakeholder_dir:
        return paths.resolve(stakeholder_dir)
    return paths.STAKEHOLDERS / f"{plate:02d}-{provinces.slug(plate)}"


def load_folder(folder: Path, config: criteria.CriteriaConfig, sectors_table: pd.DataFrame) -> StakeholderInput | None:
    """Read and validate every filled sheet in ``folder``; None when there are none."""
    if not folder.exists() or not any(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", "."))):
        return None
    responses = stakeholders.read_sheets(folder, config, sectors_table)
    if responses.empty:
        return None
    return StakeholderInput(folder=folder, responses=responses, scores=stakeholders.aggregate(responses),
                            files=sorted(responses["file"].astype(str).unique().tolist()))


def stakeholder_reading(q: StakeholderInput | None, folder: Path, lang: str = "tr") -> str:
    if q is None:
        rel = folder.relative_to(paths.ROOT) if folder.is_relative_to(paths.ROOT) else folder
        return text.t("evaluation.stakeholders.none", lang, reading=text.reading(lang), folder=rel)
    n = q.responses["respondent"].nunique() if "respondent" in q.responses else len(q.files)
    high = int(q.scores["high_disagreement"].sum()) if "high_disagreement" in q.scores else 0
    return text.t("evaluation.stakeholders.text", lang, reading=text.reading(lang), files=fmt.count(len(q.files), lang),
                  respondents=fmt.count(n, lang), high=fmt.count(high, lang))


def disagreement_view(q: StakeholderInput | None, lang: str = "tr"):
    """:func:`disagreement` as a report table in ``lang`` (None without sheets)."""
    d = disagreement(q)
    return None if d is None else text.format_table(d, lang, kinds={"n": "count", "high_disagreement": "bool"})


def disagreement(q: StakeholderInput | None) -> pd.DataFrame | None:
    if q is None:
        return None
    key = "sector" if "sector" in q.scores.columns and "nace_division" not in q.scores.columns else "nace_division"
    return q.scores.sort_values(["iqr", key], ascending=[False, True]).reset_index(drop=True)
