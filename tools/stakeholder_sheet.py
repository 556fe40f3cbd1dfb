"""Write a blank stakeholder (paydaş) scoring sheet for a province's long-listed sectors.

    python tools/stakeholder_sheet.py Trabzon [--basis auto] [--year 0] [--language tr] [--out path.xlsx]

``--basis`` as notebook 03's parameter (auto: SGK employment with official files, else TİM
exports; ``sample`` only when asked for); ``--year 0`` the latest year with data for the basis.
The sheet is keyed by the basis' sector codes, so generate it with the basis the evaluation uses.

The sheet (in Turkish by default, or English with ``--language en``: instructions, headings,
1–5 data validation, the sectors with their key figures and names in that language) goes by default to
``data/stakeholders/<plate>-<slug>/blank/paydas_formu_<slug>.xlsx``. Hand out copies; put the
filled copies in ``data/stakeholders/<plate>-<slug>/`` and rerun the criteria evaluation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import criteria, evaluation, paths, provinces, stakeholders  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("province")
    p.add_argument("--basis", default="auto", choices=evaluation.BASES)
    p.add_argument("--year", type=int, default=0, help="0: the latest year with data for the basis")
    p.add_argument("--start-year", type=int, default=0, help="0: five years before --year")
    p.add_argument("--criteria", default="config/criteria.yml")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--language", default="tr", choices=["tr", "en"], help="language of the sheet (default tr)")
    a = p.parse_args(argv)
    plate = provinces.resolve(a.province)
    inputs = evaluation.province_inputs(plate, a.start_year, a.year, a.basis, a.language)
    config = criteria.load_criteria(evaluation.resolve_file(a.criteria), basis=inputs.basis.name)
    kept = criteria.longlist(inputs.table, config).kept
    out = a.out or (evaluation.folder_for(plate) / "blank" / f"paydas_formu_{provinces.slug(plate)}.xlsx")
    stakeholders.write_sheet(out, provinces.name(plate), kept, config, overwrite=a.overwrite, plate=plate,
                             lang=a.language)
    print(f"wrote {out.relative_to(paths.ROOT) if out.is_relative_to(paths.ROOT) else out} ({len(kept)} sectors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
