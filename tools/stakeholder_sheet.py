"""Write a blank stakeholder (paydaş) scoring sheet for a province's long-listed sectors.

    python tools/stakeholder_sheet.py Trabzon [--basis auto] [--year 0] [--language tr] [--out path.xlsx]
    python tools/stakeholder_sheet.py Trabzon --check      # validate the filled sheets, list every problem

``--basis`` as notebook 03's parameter (auto: SGK employment with official files, else TİM
exports; ``sample`` only when asked for); ``--year 0`` the latest year with data for the basis.
The sheet is keyed by the basis' sector codes, so generate it with the basis the evaluation uses.

The sheet (in Turkish by default, or English with ``--language en``: instructions, headings,
1–5 data validation, the sectors with their key figures and names in that language) goes by default to
``data/stakeholders/<plate>-<slug>/blank/paydas_formu_<slug>.xlsx`` (the folder is created). Hand
out copies; put the filled copies in ``data/stakeholders/<plate>-<slug>/`` and rerun the criteria
evaluation. Run with any Python 3: outside the project's environment the tool restarts itself with
``.venv/bin/python`` (created by ``make setup``). The years default to the latest year with data
for the basis and five years before it (the nearest earlier year with data). Exit status: 0
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
    p.add_argument("--basis", default="auto", help="auto (default), exports, employment or sample, as notebook 03")
    p.add_argument("--year", type=int, default=0, help="evaluation year; 0: the latest year with data for the basis")
    p.add_argument("--start-year", type=int, default=0, help="base year for growth; 0: five years before --year")
    p.add_argument("--criteria", default="config/criteria.yml")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--check", action="store_true",
                   help="validate the filled sheets in the province's folder and list every problem")
    p.add_argument("--language", default="tr", choices=["tr", "en"], help="language of the sheet (default tr)")
    a = p.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from helpers import criteria, evaluation, paths, provinces, stakeholders

    try:
        if a.basis not in evaluation.BASES:
            raise ValueError(f"--basis {a.basis!r} is not one of {', '.join(evaluation.BASES)}")
        plate = provinces.resolve(a.province)
        inputs = evaluation.province_inputs(plate, a.start_year, a.year, a.basis, a.language)
        config = criteria.load_criteria(evaluation.resolve_file(a.criteria), basis=inputs.basis.name)
    except (ValueError, FileNotFoundError) as exc:
        print(f"stakeholder_sheet: {exc}", file=sys.stderr)
        return 2
    start_year, year = inputs.start_year, inputs.year
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
        stakeholders.write_sheet(out, provinces.name(plate), kept, config, overwrite=a.overwrite, plate=plate,
                                 lang=a.language)
    except (FileExistsError, ValueError) as exc:
        print(f"stakeholder_sheet: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out.relative_to(paths.ROOT) if out.is_relative_to(paths.ROOT) else out} ({len(kept)} sectors, "
          f"{start_year}–{year})")
    return 0


if __name__ == "__main__":
    _ensure_environment()
    sys.exit(main())
