"""The basis of a sector analysis: which data the sectors, sizes and the shortlist rest on.

Two bases exist, each a set of *column roles* over a tidy plate × year × sector table:

===============  ==========================  ==================================================
basis            sectors (``key``)           size (``value``)
===============  ==========================  ==================================================
``exports``      TİM harmonised sectors,     ``export_usd`` -- exports by the exporter's
                 ``sector`` ("T01" …)        registered province (TİM, official, 2006, 2010-)
``employment``   NACE Rev.2 divisions,       ``insured`` -- SGK insured employees (official
                 ``nace_division`` ("10" …)  yearbook files, or the labelled synthetic sample)
===============  ==========================  ==================================================

A :class:`Basis` travels with the data like the sample flag: :class:`helpers.sectors.SectorAnalysis`
and the sector table of the criteria evaluation carry it (``analysis.basis``, the ``basis`` and
``is_sample`` columns), and notebooks and reports read it from there, never guess it.

Choosing the basis (notebook 03's ``basis`` parameter, :data:`BASES`)
---------------------------------------------------------------------
``"auto"`` (default) is employment when the user has added *official* SGK yearbook files to
``data/raw/sgk/``, exports otherwise. The synthetic SGK sample is never chosen automatically:
ask for it with ``"sample"`` (employment on the labelled sample, banner shown). ``"exports"`` and
``"employment"`` force a basis; ``"employment"`` without official files is refused with a message
that names ``"sample"``.

The display texts of the basis (titles, the head-office caveat, why a basis was chosen) live in
the text catalogue under ``basis.*`` (:mod:`helpers.text`); :func:`text` and :meth:`Basis.title`
take the report language ``lang`` (``"tr"`` by default).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd


__all__ = ["BASES", "DEFAULT_SPAN", "EMPLOYMENT", "EXPORTS", "TEXT_KEYS", "Basis", "choose", "default_years", "official_sgk_present", "sector_names", "text", "years"]

#: Allowed values of the ``basis`` parameter of notebook 03 (and of :func:`choose`).
BASES = ("auto", "exports", "employment", "sample")

#: Catalogue keys of the basis texts (``basis.*`` in :mod:`helpers.text`); kept for callers
#: that looked texts up here before the catalogue. Use :func:`text` or :func:`helpers.text.t`.
TEXT_KEYS: dict[str, str] = {
    "exports.title": "basis.exports.title", "exports.size": "basis.exports.size", "exports.spec": "basis.exports.spec",
    "exports.sectors": "basis.exports.sectors", "employment.title": "basis.employment.title",
    "employment.size": "basis.employment.size", "employment.spec": "basis.employment.spec",
    "employment.sectors": "basis.employment.sectors", "official": "basis.official", "sample": "basis.sample",
    "head_office": "basis.head_office", "auto.exports": "basis.exports.auto", "auto.employment": "basis.employment.auto",
}


def text(name: str, lang: str = "tr", **values: object) -> str:
    """A display text of the basis in ``lang`` (``"head_office"``, ``"exports.size"`` …), from the catalogue."""
    from helpers import text as _text
    return _text.t(TEXT_KEYS.get(name, name if name.startswith("provenance.") else f"basis.{name}"), lang, **values)


@dataclass(frozen=True)
class Basis:
    """Column roles and facts of one basis of sector analysis.

    Attributes
    ----------
    name : ``"exports"`` or ``"employment"``
    key : sector column (``"sector"`` or ``"nace_division"``)
    value : size column (``"export_usd"`` or ``"insured"``)
    label : sector-label column of the criteria sector table (``"sector_label"`` or ``"nace_label"``)
    spec : specialisation column of the criteria sector table (``"rca"`` or ``"lq"``)
    table : processed table the data comes from (``"exports_tim"`` or ``"employment_sgk"``)
    code_pattern : regular expression of a sector code
    is_sample : True when the data is the labelled synthetic sample
    """

    name: str
    key: str
    value: str
    label: str
    spec: str
    table: str
    code_pattern: str
    is_sample: bool = False

    def title(self, lang: str = "tr") -> str:
        """``"TİM exports by harmonised sector (official)"`` (in ``lang``)."""
        status = text("sample" if self.is_sample else "official", lang)
        if not self.is_sample:  # a file a user added is never called official
            from helpers import datasets
            if datasets.user_supplied(self.table):
                status = text("provenance.basis_status.user_supplied", lang)
        return text("title", lang, title=text(f"{self.name}.title", lang), status=status)

    def sectors_kind(self, lang: str = "tr") -> str:
        return text(f"{self.name}.sectors", lang)

    def as_sample(self, is_sample: bool) -> "Basis":
        return replace(self, is_sample=bool(is_sample))

    def record(self, lang: str = "tr") -> dict[str, object]:
        """What a report records about its basis (summary record, notes), titled in ``lang``."""
        return {"basis": self.name, "basis_title": self.title(lang), "is_sample": self.is_sample}


EXPORTS = Basis("exports", key="sector", value="export_usd", label="sector_label", spec="rca",
                table="exports_tim", code_pattern=r"^T\d{2}$")
EMPLOYMENT = Basis("employment", key="nace_division", value="insured", label="nace_label", spec="lq",
                   table="employment_sgk", code_pattern=r"^\d{2}$")
_BY_NAME = {"exports": EXPORTS, "employment": EMPLOYMENT}


def get(name: str) -> Basis:
    """The basis named ``"exports"`` or ``"employment"``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown basis {name!r}; expected one of {', '.join(_BY_NAME)}") from None


def official_sgk_present() -> bool:
    """True when the user has added official SGK yearbook workbooks to ``data/raw/sgk/``."""
    from helpers.sources import sgk  # readers sit below; imported late to keep this module light
    return sgk.employment_source()["kind"] == "official"


def choose(basis: str = "auto", lang: str = "tr") -> tuple[Basis, str]:
    """Resolve a ``basis`` parameter (:data:`BASES`) to a :class:`Basis` and a sentence saying why
    (a report note, in ``lang``).

    ``"auto"``: employment with official SGK files, else exports (never the sample).
    ``"sample"``: employment on the labelled synthetic sample, only when asked for.

    Raises
    ------
    ValueError
        Unknown value; ``"employment"`` without official SGK files (the message points to
        ``"sample"``); ``"sample"`` while official files are present (they are never mixed).
    """
    if basis not in BASES:
        raise ValueError(f"basis {basis!r}: expected one of {', '.join(repr(b) for b in BASES)}")
    official = official_sgk_present()
    if basis == "auto":
        return (EMPLOYMENT, text("employment.auto", lang)) if official else (EXPORTS, text("exports.auto", lang))
    if basis == "exports":
        return EXPORTS, text("exports.chosen", lang)
    if basis == "employment":
        if not official:
            raise ValueError("basis 'employment' needs the official SGK yearbook files in data/raw/sgk/ (none found); "
                             "use basis='exports' for real data, or basis='sample' for the labelled synthetic sample")
        return EMPLOYMENT, text("employment.chosen", lang)
    if official:
        raise ValueError("basis 'sample': official SGK files are present in data/raw/sgk/ and the workbook never mixes "
                         "them with the sample; use basis='employment'")
    return EMPLOYMENT.as_sample(True), text("sample_chosen", lang)


def years(basis: str = "auto") -> list[int] | None:
    """Years present in the processed table behind a ``basis`` parameter value (:data:`BASES`),
    read cheaply (the ``year`` column only, no build); None when the table is not built or the
    basis is refused (:func:`choose` explains why). For parameter checks before a kernel starts:
    on the exports basis ``year``/``start_year`` are TİM years, not SGK years."""
    try:
        b, _ = choose(basis)
    except ValueError:
        return None
    from helpers import datasets  # imported late: this module stays light for the runner

    return datasets.table_years(b.table)


#: Start year when a notebook leaves ``start_year = 0``: this many years before the end year, or
#: the nearest earlier year with data (TİM: 2006, 2010 onwards; SGK: the years on file).
DEFAULT_SPAN = 5


def default_years(years: list[int], year: int = 0, start_year: int = 0) -> tuple[int, int]:
    """Resolve ``year = 0`` (the latest year with data) and ``start_year = 0`` (:data:`DEFAULT_SPAN`
    years before, or the nearest earlier year with data; the earliest year if none is that far)."""
    if not years:
        raise ValueError("the data has no years")
    end = years[-1] if year == 0 else int(year)
    if end not in years:
        raise ValueError(f"year {end} has no data; available years: {years}")
    if start_year == 0:
        earlier = [y for y in years if y <= end - DEFAULT_SPAN]
        start = earlier[-1] if earlier else years[0]
    else:
        start = int(start_year)
    if start not in years:
        raise ValueError(f"start_year {start} has no data; available years: {years}")
    if start >= end:
        raise ValueError(f"start_year {start} must be before year {end}")
    return start, end


def sector_names(lang: str = "en") -> pd.Series:
    """Names of the harmonised TİM sectors, a Series indexed by code (``"T01"`` …), from
    ``data/reference/tim_sectors.csv`` through :func:`helpers.sources.tim.sector_names`."""
    from helpers.sources import tim  # readers sit below; imported late to keep this module light
    return tim.sector_names(lang)
