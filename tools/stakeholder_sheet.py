"""Write a blank stakeholder (paydaş) scoring sheet for a province's long-listed sectors.

    python tools/stakeholder_sheet.py Trabzon [--year 2013] [--out path.xlsx]
    python tools/stakeholder_sheet.py Trabzon --check      # validate the filled sheets, list every problem

The sheet (Turkish headings with English subtitles, instructions, 1–5 data validation, the
sectors with their key figures) goes by default to
``data/stakeholders/<plate>-<slug>/blank/paydas_formu_<slug>.xlsx`` (the folder is created). Hand
out copies; put the filled copies in ``data/stakeholders/<plate>-<slug>/`` and rerun the criteria
evaluation. Run with any Python 3: outside the project's environment the tool restarts itself with
``.venv/bin/python`` (created by ``make setup``). The years default to the latest year of the
employment data and the earliest year before it when 2009/2013 are not in the data. Exit status: 0
done, 1 problems in the filled sheets (--check), 2 invalid request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PY = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_environment() -> None:
    """Restart in the project's .venv when this Python lacks the dependencies (or say how to make it)."""
    try:
        import openpyxl  # noqa: F401
        import pandas  # noqa: F401
        import pandera  # noqa: F401
        return
    except ImportError as exc:
        missing = exc.name
    here = Path(sys.prefix).resolve()
    if VENV_PY.exists() and here != (ROOT / ".venv").resolve() and not os.environ.get("WORKBOOK_REEXEC"):
        os.environ["WORKBOOK_REEXEC"] = "1"
        os.execv(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.exit(f"stakeholder_sheet: this Python ({sys.executable}) lacks {missing!r} and there is no usable "
             f"project environment at {VENV_PY}. Run `make setup` (or `python3 tools/bootstrap.py setup`) "
             "once, then rerun this command.")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("province")
    p.add_argument("--year", type=int, default=None, help="evaluation year (default 2013, or the latest year with data)")
    p.add_argument("--start-year", type=int, default=None,
                   help="base year for growth (default 2009, or the earliest year with data before --year)")
    p.add_argument("--criteria", default="config/criteria.yml")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--check", action="store_true",
                   help="validate the filled sheets in the province's folder and list every problem")
    a = p.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from helpers import criteria, datasets, evaluation, parameters, paths, provinces, stakeholders

    try:
        plate = provinces.resolve(a.province)
        config = criteria.load_criteria(evaluation.resolve_file(a.criteria))
        given = {"year": 2013 if a.year is None else a.year, "start_year": 2009 if a.start_year is None else a.start_year}
        years = sorted(int(y) for y in datasets.load("employment_sgk")["year"].unique())
        adapt = [n for n, v in (("year", a.year), ("start_year", a.start_year)) if v is None]
        changes, notes = parameters.check_years(given, years, adapt=adapt)
    except (ValueError, FileNotFoundError) as exc:
        print(f"stakeholder_sheet: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"stakeholder_sheet: {note}", file=sys.stderr)
    year, start_year = changes.get("year", given["year"]), changes.get("start_year", given["start_year"])
    inputs = evaluation.province_inputs(plate, start_year, year)
    kept = criteria.longlist(inputs.table, config).kept
    if a.check:
        folder = evaluation.folder_for(plate)
        try:
            responses = stakeholders.read_sheets(folder, config, kept)
        except FileNotFoundError as exc:
            print(f"stakeholder_sheet: {exc}", file=sys.stderr)
            return 1
        except stakeholders.StakeholderSheetError as exc:
            print(f"stakeholder_sheet: {len(exc.problems)} problem(s) in the sheets of {folder}:", file=sys.stderr)
            for prob in exc.problems:
                print(f"  {prob['message']}", file=sys.stderr)
            return 1
        print(f"{folder}: {responses['file'].nunique()} sheet(s), no problems")
        return 0
    out = a.out or (evaluation.folder_for(plate) / "blank" / f"paydas_formu_{provinces.slug(plate)}.xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        stakeholders.write_sheet(out, provinces.name(plate), kept, config, overwrite=a.overwrite, plate=plate)
    except (FileExistsError, ValueError) as exc:
        print(f"stakeholder_sheet: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out.relative_to(paths.ROOT) if out.is_relative_to(paths.ROOT) else out} ({len(kept)} sectors, "
          f"{start_year}–{year})")
    return 0


if __name__ == "__main__":
    _ensure_environment()
    sys.exit(main())
