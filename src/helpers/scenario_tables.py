"""The alternative sector tables the robustness scenarios of notebook 03 need
(:func:`helpers.criteria.scenarios`): the same province and evaluation year with growth measured
from other base years.

Each table is built exactly as the report's own (:func:`helpers.evaluation.province_inputs`), so
a scenario differs from the base ranking in the one choice it varies. The criteria package stays
pure: it receives these tables and never reads data.

Data release: TİM prints each year in its own December release and again, as the previous year,
in the next one; the processed table keeps one release per year (the latest that itemises it; the
rule is in ``docs/data_sources.md``), and the latest year has only one release. The other
release's figures do not survive into the processed table: the reader's revision record
(``attrs["revisions"]`` of :func:`helpers.sources.tim.combine`, 463 province-years) holds province
*totals* only and is not written to the table or its ``.meta.json``, so the other release's sector
values could only come from re-reading the raw files, and splitting a revised total over sectors
would invent figures. No alternative release table is built; :func:`release_reason` tells the
report which honest sentence applies (:data:`RELEASE_NOTE`) rather than inventing a scenario.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from helpers import datasets, evaluation
from helpers.criteria.scenarios import START_OFFSETS

#: Why the data release is not varied (the catalogue family; one sentence per reason of
#: :func:`release_reason`, which :func:`helpers.criteria.scenarios` records in ``unavailable``).
RELEASE_NOTE = "robustness.unavailable.release"


def release_reason(inputs: evaluation.ProvinceInputs) -> dict[str, object]:
    """Why the data release of the evaluation year is not varied, for
    :func:`helpers.criteria.scenarios` (``release_reason``): ``reason`` is ``single_release`` (no
    other full-year release prints the year, e.g. TİM's latest year), ``not_kept`` (another release
    prints the year, but the processed table keeps the chosen release's sector figures only) or
    ``one_table`` (the employment basis: one file per year); with ``year`` and ``release`` (the
    year of the release the figures come from). Read from the processed table (``source_file``)
    and the raw files its ``.meta.json`` lists; no raw file is opened."""
    year = int(inputs.year)
    if inputs.basis.name != "exports" or inputs.is_sample:
        return {"reason": "one_table", "year": year}
    from helpers.sources import tim

    sources = tim.year_sources(evaluation.basis_data(inputs.basis))
    files = [str(f).rsplit("/", 1)[-1] for f in datasets.meta(inputs.basis.table).get("inputs", {})
             if not str(f).endswith(".meta.yml")]
    return release_reason_of(sources, files, year)


def _release_year(file: str) -> int | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", file)
    return int(m.group(1)) if m else None


def release_reason_of(sources: Mapping[int, str], files: Sequence[str], year: int) -> dict[str, object]:
    """:func:`release_reason` from the year -> release file map (``tim.year_sources``) and the
    release files read. Another full-year release prints ``year`` when the year's own December
    release is not the one kept, or when the next year's release (``YYYY-12-…``, which prints its
    previous year) exists and is a full-year one (its own year is in the table: the reader takes no
    row from a partial release, so a year with only a partial release is absent).

    >>> files = ["2021-12-a.xls", "2022-12-a.xls", "2023-12-a.xls", "2017-12-a.xls", "2016-12-a.xls"]
    >>> src = {2016: "2016-12-a.xls", 2020: "2021-12-a.xls", 2021: "2022-12-a.xls",
    ...        2022: "2023-12-a.xls", 2023: "2023-12-a.xls"}
    >>> [release_reason_of(src, files, y)["reason"] for y in (2016, 2020, 2021, 2022, 2023)]
    ['single_release', 'single_release', 'not_kept', 'not_kept', 'single_release']
    """
    year = int(year)
    chosen = sources.get(year)
    if chosen is None:
        return {"reason": "single_release", "year": year}
    release = _release_year(str(chosen))
    full = {int(y) for y in sources}
    others = [f for f in files if f != chosen and (
        _release_year(f) == year or (_release_year(f) == year + 1 and f[:4].isdigit() and year + 1 in full))]
    out: dict[str, object] = {"reason": "not_kept" if others else "single_release", "year": year}
    if release is not None:
        out["release"] = release
    return out


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
