"""The validated criteria: the error type, the vocabulary (headings, transforms, utility references,
methods) and the dataclasses :func:`helpers.criteria.load_criteria` returns.

Reading and checking the YAML lives in :mod:`.loader`; the long-list rules in :mod:`.rules`.
Every problem is a :class:`CriteriaConfigError` naming the file, the key path and the bad value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from helpers import mcda
from helpers.basis import EMPLOYMENT, EXPORTS, Basis
from helpers.exceptions import InputRefused

if TYPE_CHECKING:  # pragma: no cover
    from .rules import ExportLonglistRule, LonglistRule

HEADINGS: dict[str, tuple[str, str]] = {
    "ekonomik_etki": ("Ekonomik Etki", "economic impact"),
    "talep": ("Talep", "demand"),
    "ag_olusturma_ve_isbirligi": ("Ağ Oluşturma ve İşbirliği", "networking and cooperation"),
    "faktor_kosullari": ("Faktör Koşulları", "factor conditions"),
}
TRANSFORMS = ("percentile_rank", "log", "minmax", "zscore", "none")
DIRECTIONS = ("benefit", "cost")
METHODS = ("weighted_sum", "topsis", "promethee")
MISSING_POLICIES = ("error", "median")
SCHEMES = ("dirichlet", "uniform")

#: What a criterion's utility is measured against (``reference:`` of an indicator).
#:
#: - ``provinces``: the percentile of the province's value among all 81 provinces for the same
#:   sector and year (cluster-mapping benchmark); the sector table carries it precomputed in the
#:   column ``ref_<column>`` (:func:`helpers.sectors.reference_percentiles`).
#: - ``fixed``: the transformed value placed on a documented fixed scale ``range: [low, high]``
#:   (raw units; clipped to [0, 1]).
#: - ``candidates``: min-max over the sectors being evaluated -- depends on which sectors are on
#:   the list; kept only to compare with the method of criteria 1.x, never in the shipped file.
REFERENCES = ("provinces", "fixed", "candidates")
#: Transforms allowed with each reference (percentiles are invariant to monotone transforms).
REFERENCE_TRANSFORMS = {"provinces": ("none", "log"), "fixed": ("none", "log"), "candidates": TRANSFORMS}
#: Prefix of the precomputed reference columns of the sector table.
REF_PREFIX = "ref_"
#: The range a weight may take (inside a heading, or a heading's).
WEIGHT_RANGE = (0.0, 1.0)

_TOL = 1e-6


class CriteriaConfigError(InputRefused):  # a ValueError too (helpers.exceptions)
    """A criteria file (or a sector table checked against it) is invalid.

    The message reads ``<file>: <key path>: <problem> (got <value>)``.
    """

    def __init__(self, source: str | Path | None, keypath: str, problem: str, value: Any = ...):
        self.source = str(source) if source is not None else "<config>"
        self.keypath = keypath
        self.problem = problem
        self.value = value
        got = "" if value is ... else f" (got {value!r})"
        super().__init__(f"{self.source}: {keypath}: {problem}{got}")


# --- primitive checks (shared by the loader and the rules) -------------------------------------

def no_unknown(mapping: Mapping, allowed: set[str], src: str, path: str) -> None:
    for key in mapping:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise CriteriaConfigError(src, where, f"unknown key; allowed: {', '.join(sorted(allowed))}", key)


def number(value: Any, src: str, path: str, *, minimum: float | None = 0.0, maximum: float | None = None) -> float:
    """A finite number within [minimum, maximum] (either bound optional)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CriteriaConfigError(src, path, "expected a finite number", value)
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise CriteriaConfigError(src, path, f"must be between {minimum:,.10g} and {maximum:,.10g}", value)
    if minimum is not None and value < minimum:
        raise CriteriaConfigError(src, path, f"must be >= {minimum:g}", value)
    if maximum is not None and value > maximum:
        raise CriteriaConfigError(src, path, f"must be <= {maximum:,.10g}", value)
    return float(value)


def text(value: Any, src: str, path: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise CriteriaConfigError(src, path, "missing or empty")
        return ""
    if not isinstance(value, str):
        raise CriteriaConfigError(src, path, "expected text", value)
    return value.strip()


def whole(value: Any, src: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CriteriaConfigError(src, path, "expected a whole number >= 0", value)
    return value


def flag(value: Any, src: str, path: str) -> bool:
    if not isinstance(value, bool):
        raise CriteriaConfigError(src, path, "expected true or false", value)
    return value


def check_sum(weights: Sequence[float], src: str, path: str, what: str, detail: str = "") -> None:
    total = float(sum(weights))
    if abs(total - 1.0) > _TOL:
        extra = f" [{detail}]" if detail else ""
        raise CriteriaConfigError(src, path, f"{what} must sum to 1; they sum to {total:.6g}{extra}", round(total, 6))


# --- the validated criteria --------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    """A quantitative criterion read from one column of the sector table.

    ``reference`` (:data:`REFERENCES`) says what the utility is measured against; ``scale`` is the
    fixed range ``(low, high)`` in raw units when ``reference == "fixed"``.
    """

    id: str
    heading: str
    column: str
    direction: str
    transform: str
    weight: float
    label_en: str = ""
    label_tr: str = ""
    optional: bool = False
    reference: str = "candidates"
    scale: tuple[float, float] | None = None
    source: str = ""

    @property
    def type(self) -> int:
        return 1 if self.direction == "benefit" else -1

    @property
    def ref_column(self) -> str:
        """The precomputed reference column (``ref_<column>``) a ``provinces`` reference reads."""
        return f"{REF_PREFIX}{self.column}"


@dataclass(frozen=True)
class QualitativeItem:
    """A criterion scored 1-5 by stakeholders (median over respondents)."""

    id: str
    heading: str
    question_tr: str
    subtitle_en: str
    weight: float
    label_tr: str = ""


@dataclass(frozen=True)
class Heading:
    key: str
    label_tr: str
    label_en: str
    weight: float
    indicators: tuple[Indicator, ...]
    qualitative: tuple[QualitativeItem, ...]

    @property
    def label(self) -> str:
        """``Talep (demand)``"""
        return f"{self.label_tr} ({self.label_en})"


@dataclass(frozen=True)
class RobustnessSettings:
    n: int = 1000
    seed: int = 12345
    scheme: str = "dirichlet"
    concentration: float = 50.0
    perturbation: float = 0.25
    top_k: int = 5


@dataclass(frozen=True)
class AHPBlock:
    use: bool
    order: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    result: mcda.AHPResult


@dataclass(frozen=True)
class CriteriaConfig:
    """Validated criteria file (see ``config/criteria.yml``)."""

    version: str
    name: str
    source: str
    method: str
    missing_values: str
    headings: tuple[Heading, ...]
    longlist: "LonglistRule | ExportLonglistRule"
    robustness: RobustnessSettings
    ahp: AHPBlock | None = None
    description: str = ""
    notes: tuple[str, ...] = ()
    basis: str = "employment"          # which sector table this configuration scores (BASES_SCORED)

    @property
    def sector_basis(self) -> Basis:
        """The :class:`helpers.basis.Basis` whose sector table this configuration scores."""
        return EXPORTS if self.basis == "exports" else EMPLOYMENT

    @property
    def key(self) -> str:
        """The sector column of the tables it scores (``nace_division`` or ``sector``)."""
        return self.sector_basis.key

    @property
    def keep_flagged(self) -> bool:
        """Whether sectors with a plausibility flag may enter the shortlist (``longlist.keep_flagged``)."""
        return bool(getattr(self.longlist, "keep_flagged", False))

    def heading(self, key: str) -> Heading:
        for h in self.headings:
            if h.key == key:
                return h
        raise KeyError(f"no heading {key!r}; headings: {[h.key for h in self.headings]}")

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for h in self.headings for i in h.indicators)

    @property
    def qualitative_items(self) -> tuple[QualitativeItem, ...]:
        return tuple(q for h in self.headings for q in h.qualitative)

    def required_columns(self) -> list[str]:
        cols = [i.column for i in self.indicators if not i.optional]
        return list(dict.fromkeys(cols))

    def heading_weights(self) -> dict[str, float]:
        return {h.key: h.weight for h in self.headings}

    def with_heading_weights(self, weights: Mapping[str, float]) -> "CriteriaConfig":
        """Copy with other heading weights (validated: >= 0, sum 1, known headings)."""
        unknown = set(weights) - {h.key for h in self.headings}
        if unknown:
            raise CriteriaConfigError(self.source, "headings", f"unknown heading(s) {sorted(unknown)}")
        new = tuple(replace(h, weight=float(weights.get(h.key, h.weight))) for h in self.headings)
        check_sum([h.weight for h in new], self.source, "headings.*.weight", "heading weights")
        return replace(self, headings=new)

    def with_longlist(self, **changes: Any) -> "CriteriaConfig":
        """Copy with other long-list settings (e.g. ``exclude_sectors``, ``min_export_usd``)."""
        return replace(self, longlist=replace(self.longlist, **changes))
