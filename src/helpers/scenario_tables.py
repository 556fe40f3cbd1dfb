"""The alternative sector tables the robustness scenarios of notebook 03 need
(:func:`helpers.criteria.scenarios`): the same province and evaluation year with growth measured
from other base years.

Each table is built exactly as the report's own (:func:`helpers.evaluation.province_inputs`), so
a scenario differs from the base ranking in the one choice it varies. The criteria package stays
pure: it receives these tables and never reads data.

Data release: TİM prints each year in its own December release and again, as the previous year,
in the next one; the processed table keeps one value per province and year (the rule is in
``docs/data_sources.md``), and the latest year has only one release. No alternative release table
is built, and the report says so (:data:`RELEASE_NOTE`) rather than inventing a scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers import datasets, evaluation
from helpers.criteria.scenarios import START_OFFSETS

#: Why the data release is not varied (a catalogue key; :func:`helpers.criteria.scenarios` marks
#: ``unavailable["release"]``).
RELEASE_NOTE = "robustness.unavailable.release"


def start_years(years: Sequence[int], year: int, offsets: Sequence[int] = START_OFFSETS) -> list[int]:
    """Base years ``year - offset`` that exist in the data (the nearest earlier year with data
    when one is missing), unique, oldest first.

    >>> start_years([2006, 2010, 2011, 2015, 2018, 2020, 2023], 2023)
    [2015, 2018, 2020]
    """
    have = sorted(int(y) for y in years if int(y) < int(year))
    out = []
    for off in offsets:
        want = int(year) - int(off)
        earlier = [y for y in have if y <= want]
        if earlier:
            out.append(earlier[-1])
    return sorted(set(out))


def start_year_tables(inputs: evaluation.ProvinceInputs, basis: str = "auto", lang: str = "tr",
                      offsets: Sequence[int] = START_OFFSETS) -> dict[int, pd.DataFrame]:
    """{base year: the province's full sector table with growth from that year} for the base
    years of :func:`start_years` (the report's own base year is given its own table, reused)."""
    plate = int(inputs.table["plate"].iloc[0])
    years = datasets.years(evaluation.basis_data(inputs.basis))
    out: dict[int, pd.DataFrame] = {}
    for start in start_years(years, inputs.year, offsets):
        if start == inputs.start_year:
            out[start] = inputs.table
            continue
        out[start] = evaluation.province_inputs(plate, start, inputs.year, basis, lang).table
    return out
