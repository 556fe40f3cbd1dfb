"""Tiny fixture notebooks for the runner's edge cases, written with nbformat into a tmp folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"name": "turkiye-clusters", "display_name": "Python (Türkiye clusters)", "language": "python"}


def notebook(path: Path, params: str, body: list[str]) -> Path:
    cells = [new_markdown_cell(f"# fixture {path.stem}"),
             new_code_cell(params, metadata={"tags": ["parameters"]})]
    cells += [new_code_cell(src) for src in body]
    nb = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def fixture_set(folder: Path, *, fail_province: str = "", sleep: float = 0.0, summary: bool = True,
                language: bool = True) -> Path:
    """01/02/03 notebooks that run in a fraction of a second; 03 fails for ``fail_province``.

    With ``language`` (default), 02 and 03 declare ``language: str = "tr"`` (02 prints it, 03 records
    top sectors named in it); 01 never does, so the runner must not pass it there."""
    lang_param = '\nlanguage: str = "tr"  # report language' if language else ""
    notebook(folder / "01_data_cleaning.ipynb",
             'sources: str = "all"  # tables to build\nforce: bool = False  # rebuild',
             ["print('cleaning', sources)\nfrom helpers import pipeline\npipeline.record([])"])
    top = "province + ' 13' + ('' if language == 'tr' else ' ' + language)" if language else "province + ' 13'"
    rec = (f"from helpers import report\nreport.record_summary(is_sample=True, top_sectors=[{top}])"
           if summary else "pass")
    notebook(folder / "02_economic_analysis.ipynb",
             'province: str = "Gaziantep"  # province\nend_year: int = 2013  # year\nmeasure: str = "insured"  # measure'
             + lang_param,
             [f"import time\ntime.sleep({sleep})",
              "print(province, end_year, measure" + (", 'language=' + language" if language else "") + ")"])
    notebook(folder / "03_criteria_evaluation.ipynb",
             'province: str = "Gaziantep"  # province\nyear: int = 2013  # year\ntop_k: int = 5  # shortlist size'
             + lang_param,
             [f"if province == {fail_province!r}:\n    raise RuntimeError('deliberate failure for ' + province)", rec])
    return folder
