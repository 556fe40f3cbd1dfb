"""Criteria evaluation of candidate cluster sectors in one province.

The criteria (four headings, quantitative indicators, qualitative stakeholder items, weights,
long-list rule, robustness settings) live in ``config/criteria.yml``; :func:`load_criteria`
reads and validates them into a :class:`CriteriaConfig`. The numbers come from a *sector table*.

Sector table (the input of :func:`longlist`, :func:`evaluate`, :func:`robustness`)
----------------------------------------------------------------------------------
One row per ``(plate, nace_division)`` for **one province and one year**; checked by
:data:`SECTOR_TABLE_SCHEMA` (pandera) restricted to the columns the criteria file uses.

=========================  ====================================================================
column                     meaning (unit)
=========================  ====================================================================
``plate``                  province plate code, int 1-81 (one value per table)
``nace_division``          NACE Rev.2 division, two-digit string ``"10"``, ``"03"`` (ints are
                           accepted and zero-padded)
``year`` (optional)        reference year, int
``province`` (optional)    province name
``nace_label`` (optional)  division name, used in sheets and explanations
``insured``                SGK insured employees (4a) in the division, >= 0
``workplaces``             SGK workplaces in the division, >= 0
``lq``                     location quotient vs Türkiye (e_ij/e_j)/(e_i/e), >= 0
``manuf_share``            division's share of the province's manufacturing employment, [0, 1]
``growth``                 employment growth rate over the period, e_t/e_t0 - 1, >= -1
``industry_mix``           shift-share industry mix as a rate: national growth of the division
                           minus national total growth, g_i - g
``competitive``            shift-share competitive share as a rate: g_ij - g_i
``exports_usd`` (optional) exports of the division's products from the province, USD, >= 0
``insured_per_workplace``  insured / workplaces (average firm size), >= 0
``relatedness_density``    relatedness density of the division in the province, >= 0
                           (EconGeo percent or a 0-1 share; only the order/affine scale matters)
``labour_pool``            insured in related divisions in the province (or the division's
                           NUTS-2 employment), >= 0
``universities``           universities in the province (or NUTS-2 region) with programmes
                           relevant to the division (count), >= 0. A plain province-wide count
                           is the same for every sector and cannot discriminate within a
                           province (utility 0.5 for all, noted)
``lq_nuts2``               location quotient of the division in the NUTS-2 region, >= 0
=========================  ====================================================================

Indicator columns may hold NaN only if ``missing_values: median`` is set in the criteria file.

Pipeline
--------
``longlist(table, cfg)`` -> ``evaluate(kept, cfg, method=...)`` -> stakeholder sheets
(:mod:`helpers.stakeholders`) -> ``evaluate(kept_short, cfg, qualitative=...)``;
``robustness``, ``method_agreement``, ``size_rank_correlation`` and ``explain`` describe how
firm a ranking is. Formulas and reasons: ``docs/methods.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from . import mcda

__all__ = [
    "HEADINGS",
    "METHODS",
    "SECTOR_TABLE_SCHEMA",
    "TRANSFORMS",
    "AHPBlock",
    "CriteriaConfig",
    "CriteriaConfigError",
    "EvaluationResult",
    "Heading",
    "Indicator",
    "Longlist",
    "LonglistRule",
    "MethodAgreement",
    "QualitativeItem",
    "RobustnessResult",
    "RobustnessSettings",
    "apply_transform",
    "criteria_from_dict",
    "evaluate",
    "explain",
    "load_criteria",
    "longlist",
    "method_agreement",
    "robustness",
    "size_rank_correlation",
    "validate_sector_table",
]

#: The four headings of the 2011-2013 project: key -> (Turkish label, English label).
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
KEY_COLUMNS = ("plate", "nace_division")

#: NACE Rev.2 sections -> division ranges (inclusive).
NACE_SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}

_TOL = 1e-6
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


# ============================================================================================
# sector table schema
# ============================================================================================
def _num(*checks, nullable: bool = True, required: bool = True) -> pa.Column:
    return pa.Column(float, list(checks), nullable=nullable, coerce=True, required=required)


#: pandera schema of the sector table (see the module docstring). ``exports_usd`` and the
#: descriptive columns are optional; :func:`validate_sector_table` applies it restricted to the
#: columns a criteria file uses.
SECTOR_TABLE_SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column(int, pa.Check.in_range(1, 81), coerce=True),
        "nace_division": pa.Column(str, pa.Check.str_matches(r"^\d{2}$")),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True, required=False),
        "province": pa.Column(str, required=False, nullable=True),
        "nace_label": pa.Column(str, required=False, nullable=True),
        # missing (suppressed) sizes are allowed here; longlist() excludes such rows with a reason
        "insured": _num(pa.Check.ge(0)),
        "workplaces": _num(pa.Check.ge(0)),
        "lq": _num(pa.Check.ge(0)),
        # share of manufacturing employment for divisions 10-33; for the few non-manufacturing
        # long-list divisions the same ratio to the manufacturing base, which can exceed 1
        "manuf_share": _num(pa.Check.ge(0)),
        "growth": _num(pa.Check.ge(-1)),
        "industry_mix": _num(),
        "competitive": _num(),
        "exports_usd": _num(pa.Check.ge(0), required=False),
        "insured_per_workplace": _num(pa.Check.ge(0)),
        "relatedness_density": _num(pa.Check.ge(0)),
        "labour_pool": _num(pa.Check.ge(0)),
        "universities": _num(pa.Check.ge(0)),
        "lq_nuts2": _num(pa.Check.ge(0)),
    },
    unique=["plate", "nace_division"],
    strict=False,
    name="sector_table",
)


# ============================================================================================
# configuration objects
# ============================================================================================
class CriteriaConfigError(ValueError):
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


@dataclass(frozen=True)
class Indicator:
    """A quantitative criterion read from one column of the sector table."""

    id: str
    heading: str
    column: str
    direction: str
    transform: str
    weight: float
    label_en: str = ""
    label_tr: str = ""
    optional: bool = False

    @property
    def type(self) -> int:
        return 1 if self.direction == "benefit" else -1


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
class LonglistRule:
    sections: tuple[str, ...]
    divisions: tuple[str, ...]
    exclude_divisions: tuple[str, ...]
    min_workplaces: float
    min_insured: float

    def allowed(self) -> frozenset[str]:
        codes = {f"{d:02d}" for s in self.sections for d in range(NACE_SECTIONS[s][0], NACE_SECTIONS[s][1] + 1)}
        return frozenset((codes | set(self.divisions)) - set(self.exclude_divisions))

    def describe(self) -> str:
        parts = [f"section {s} ({NACE_SECTIONS[s][0]:02d}-{NACE_SECTIONS[s][1]:02d})" for s in self.sections]
        if self.divisions:
            parts.append("divisions " + ", ".join(self.divisions))
        text = " + ".join(parts) if parts else "no divisions"
        if self.exclude_divisions:
            text += " minus " + ", ".join(self.exclude_divisions)
        return text


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
    longlist: LonglistRule
    robustness: RobustnessSettings
    ahp: AHPBlock | None = None
    description: str = ""
    notes: tuple[str, ...] = ()

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
        _check_sum([h.weight for h in new], self.source, "headings.*.weight", "heading weights")
        return replace(self, headings=new)


# ============================================================================================
# loading and validation
# ============================================================================================
_TOP_KEYS = {"version", "name", "description", "method", "missing_values", "headings", "ahp",
             "longlist", "robustness"}
_HEADING_KEYS = {"label_tr", "label_en", "weight", "indicators", "qualitative", "description"}
_IND_KEYS = {"id", "column", "direction", "transform", "weight", "label_en", "label_tr", "optional", "note"}
_QUAL_KEYS = {"id", "question_tr", "subtitle_en", "label_tr", "weight", "note"}
_LL_KEYS = {"sections", "divisions", "exclude_divisions", "min_workplaces", "min_insured"}
_ROB_KEYS = {"n", "seed", "scheme", "concentration", "perturbation", "top_k"}
_AHP_KEYS = {"use", "order", "matrix"}


def load_criteria(path: str | Path) -> CriteriaConfig:
    """Read and validate a criteria YAML file.

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    CriteriaConfigError
        Invalid YAML or content; the message names the file, the key path and the bad value,
        e.g. ``config/criteria.yml: headings.talep.indicators[1].transform: unknown transform
        'logg'; expected one of percentile_rank, log, minmax, zscore, none (got 'logg')``.

    Examples
    --------
    >>> cfg = load_criteria("config/criteria.yml")          # doctest: +SKIP
    >>> [h.key for h in cfg.headings]                        # doctest: +SKIP
    ['ekonomik_etki', 'talep', 'ag_olusturma_ve_isbirligi', 'faktor_kosullari']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"criteria file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        raise CriteriaConfigError(path, f"<yaml {where}>", f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return criteria_from_dict(data, source=str(path))


def criteria_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> CriteriaConfig:
    """Validate an already-parsed criteria mapping (same rules as :func:`load_criteria`)."""
    src = source
    if not isinstance(data, Mapping):
        raise CriteriaConfigError(src, "<root>", "expected a mapping at the top level", type(data).__name__)
    _no_unknown(data, _TOP_KEYS, src, "")
    if "version" not in data or data["version"] in (None, ""):
        raise CriteriaConfigError(src, "version", "missing: the criteria file must carry a version")
    version = str(data["version"])
    method = data.get("method", "weighted_sum")
    if method not in METHODS:
        raise CriteriaConfigError(src, "method", f"unknown method; expected one of {', '.join(METHODS)}", method)
    missing = data.get("missing_values", "error")
    if missing not in MISSING_POLICIES:
        raise CriteriaConfigError(src, "missing_values", f"expected one of {', '.join(MISSING_POLICIES)}", missing)

    ahp_raw = data.get("ahp")
    use_ahp = bool(isinstance(ahp_raw, Mapping) and ahp_raw.get("use", False))
    headings = _parse_headings(data.get("headings"), src, weights_required=not use_ahp)
    notes: list[str] = []
    ahp_block = None
    if ahp_raw is not None:
        ahp_block = _parse_ahp(ahp_raw, [h.key for h in headings], src)
        if ahp_block.use:
            w = ahp_block.result.as_dict()
            headings = tuple(replace(h, weight=float(w[h.key])) for h in headings)
            notes.append("heading weights from the AHP block (CR = %.3f): %s" % (
                ahp_block.result.cr, ", ".join(f"{k} {v:.3f}" for k, v in w.items())))
    if not use_ahp:
        _check_sum([h.weight for h in headings], src, "headings.*.weight", "heading weights",
                   detail=", ".join(f"{h.key}={h.weight:g}" for h in headings))
    _check_duplicate_ids(data.get("headings"), src)
    return CriteriaConfig(
        version=version,
        name=str(data.get("name", "")),
        description=str(data.get("description", "") or ""),
        source=src,
        method=method,
        missing_values=missing,
        headings=headings,
        longlist=_parse_longlist(data.get("longlist"), src),
        robustness=_parse_robustness(data.get("robustness"), src),
        ahp=ahp_block,
        notes=tuple(notes),
    )


def _no_unknown(mapping: Mapping, allowed: set[str], src: str, path: str) -> None:
    for key in mapping:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise CriteriaConfigError(src, where, f"unknown key; allowed: {', '.join(sorted(allowed))}", key)


def _number(value: Any, src: str, path: str, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CriteriaConfigError(src, path, "expected a finite number", value)
    if minimum is not None and value < minimum:
        raise CriteriaConfigError(src, path, f"must be >= {minimum:g}", value)
    return float(value)


def _text(value: Any, src: str, path: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise CriteriaConfigError(src, path, "missing or empty")
        return ""
    if not isinstance(value, str):
        raise CriteriaConfigError(src, path, "expected text", value)
    return value.strip()


def _check_sum(weights: Sequence[float], src: str, path: str, what: str, detail: str = "") -> None:
    total = float(sum(weights))
    if abs(total - 1.0) > _TOL:
        extra = f" [{detail}]" if detail else ""
        raise CriteriaConfigError(src, path, f"{what} must sum to 1; they sum to {total:.6g}{extra}", round(total, 6))


def _parse_headings(raw: Any, src: str, weights_required: bool) -> tuple[Heading, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise CriteriaConfigError(src, "headings", "expected a mapping of the four headings", raw)
    for key in raw:
        if key not in HEADINGS:
            raise CriteriaConfigError(src, f"headings.{key}", f"unknown heading; expected one of {', '.join(HEADINGS)}", key)
    for key in HEADINGS:
        if key not in raw:
            raise CriteriaConfigError(src, f"headings.{key}", "heading missing (give it weight: 0 to leave it out)")
    out = []
    for key in HEADINGS:  # canonical order
        h = raw[key]
        hp = f"headings.{key}"
        if not isinstance(h, Mapping):
            raise CriteriaConfigError(src, hp, "expected a mapping", h)
        _no_unknown(h, _HEADING_KEYS, src, hp)
        if "weight" in h:
            weight = _number(h["weight"], src, f"{hp}.weight")
        elif weights_required:
            raise CriteriaConfigError(src, f"{hp}.weight", "missing heading weight (or set ahp.use: true)")
        else:
            weight = 0.0
        inds = h.get("indicators") or []
        quals = h.get("qualitative") or []
        if not isinstance(inds, list):
            raise CriteriaConfigError(src, f"{hp}.indicators", "expected a list", inds)
        if not isinstance(quals, list):
            raise CriteriaConfigError(src, f"{hp}.qualitative", "expected a list", quals)
        indicators = tuple(_parse_indicator(x, key, src, f"{hp}.indicators[{i}]") for i, x in enumerate(inds))
        qualitative = tuple(_parse_item(x, key, src, f"{hp}.qualitative[{i}]") for i, x in enumerate(quals))
        ws = [c.weight for c in indicators] + [c.weight for c in qualitative]
        if ws:
            _check_sum(ws, src, f"{hp}", "weights inside the heading (indicators + qualitative)",
                       detail=", ".join(f"{c.id}={c.weight:g}" for c in (*indicators, *qualitative)))
        elif weight > 0:
            raise CriteriaConfigError(src, hp, "heading has a positive weight but no indicators or qualitative items", weight)
        out.append(Heading(key=key, label_tr=_text(h.get("label_tr", HEADINGS[key][0]), src, f"{hp}.label_tr"),
                           label_en=_text(h.get("label_en", HEADINGS[key][1]), src, f"{hp}.label_en"),
                           weight=weight, indicators=indicators, qualitative=qualitative))
    return tuple(out)


def _parse_indicator(x: Any, heading: str, src: str, path: str) -> Indicator:
    if not isinstance(x, Mapping):
        raise CriteriaConfigError(src, path, "expected a mapping with id, column, direction, transform, weight", x)
    _no_unknown(x, _IND_KEYS, src, path)
    cid = _text(x.get("id"), src, f"{path}.id")
    if not _ID_RE.match(cid):
        raise CriteriaConfigError(src, f"{path}.id", "ids are lower-case letters, digits and _ (start with a letter)", cid)
    column = _text(x.get("column"), src, f"{path}.column")
    direction = x.get("direction")
    if direction not in DIRECTIONS:
        raise CriteriaConfigError(src, f"{path}.direction", "expected benefit or cost", direction)
    transform = x.get("transform")
    if transform not in TRANSFORMS:
        raise CriteriaConfigError(src, f"{path}.transform", f"unknown transform; expected one of {', '.join(TRANSFORMS)}", transform)
    if "weight" not in x:
        raise CriteriaConfigError(src, f"{path}.weight", "missing weight")
    weight = _number(x.get("weight"), src, f"{path}.weight")
    optional = x.get("optional", False)
    if not isinstance(optional, bool):
        raise CriteriaConfigError(src, f"{path}.optional", "expected true or false", optional)
    return Indicator(id=cid, heading=heading, column=column, direction=direction, transform=transform,
                     weight=weight, label_en=_text(x.get("label_en"), src, f"{path}.label_en", required=False) or cid,
                     label_tr=_text(x.get("label_tr"), src, f"{path}.label_tr", required=False), optional=optional)


def _parse_item(x: Any, heading: str, src: str, path: str) -> QualitativeItem:
    if not isinstance(x, Mapping):
        raise CriteriaConfigError(src, path, "expected a mapping with id, question_tr, subtitle_en, weight", x)
    _no_unknown(x, _QUAL_KEYS, src, path)
    cid = _text(x.get("id"), src, f"{path}.id")
    if not _ID_RE.match(cid):
        raise CriteriaConfigError(src, f"{path}.id", "ids are lower-case letters, digits and _ (start with a letter)", cid)
    if "weight" not in x:
        raise CriteriaConfigError(src, f"{path}.weight", "missing weight")
    return QualitativeItem(id=cid, heading=heading, question_tr=_text(x.get("question_tr"), src, f"{path}.question_tr"),
                           subtitle_en=_text(x.get("subtitle_en"), src, f"{path}.subtitle_en"),
                           weight=_number(x.get("weight"), src, f"{path}.weight"),
                           label_tr=_text(x.get("label_tr"), src, f"{path}.label_tr", required=False))


def _check_duplicate_ids(raw: Mapping, src: str) -> None:
    seen: dict[str, str] = {}
    for key in HEADINGS:
        for kind in ("indicators", "qualitative"):
            for i, x in enumerate(raw[key].get(kind) or []):
                path = f"headings.{key}.{kind}[{i}].id"
                cid = x["id"]
                if cid in seen:
                    raise CriteriaConfigError(src, path, f"duplicate id, already used at {seen[cid]}", cid)
                seen[cid] = path


def _fraction(v: Any, src: str, path: str) -> float:
    if isinstance(v, str):
        try:
            return float(Fraction(v.strip()))
        except (ValueError, ZeroDivisionError):
            raise CriteriaConfigError(src, path, "expected a number or a fraction like 1/3", v) from None
    return _number(v, src, path, minimum=None)


def _parse_ahp(raw: Any, heading_keys: list[str], src: str) -> AHPBlock:
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, "ahp", "expected a mapping with use, order, matrix", raw)
    _no_unknown(raw, _AHP_KEYS, src, "ahp")
    use = raw.get("use", False)
    if not isinstance(use, bool):
        raise CriteriaConfigError(src, "ahp.use", "expected true or false", use)
    order = raw.get("order")
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(heading_keys):
        raise CriteriaConfigError(src, "ahp.order", f"must list each heading once: {', '.join(heading_keys)}", order)
    matrix = raw.get("matrix")
    n = len(order)
    if not isinstance(matrix, list) or len(matrix) != n or any(not isinstance(r, list) or len(r) != n for r in matrix):
        raise CriteriaConfigError(src, "ahp.matrix", f"expected a {n}x{n} list of rows", matrix)
    a = tuple(tuple(_fraction(v, src, f"ahp.matrix[{i}][{j}]") for j, v in enumerate(row)) for i, row in enumerate(matrix))
    try:
        res = mcda.ahp_weights(np.array(a), labels=[str(o) for o in order])
    except mcda.AHPInconsistentError as exc:
        raise CriteriaConfigError(src, "ahp.matrix", str(exc)) from exc
    except ValueError as exc:
        raise CriteriaConfigError(src, "ahp.matrix", str(exc)) from exc
    return AHPBlock(use=use, order=tuple(map(str, order)), matrix=a, result=res)


def _division_code(v: Any) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int) and 1 <= v <= 99:
        return f"{v:02d}"
    if isinstance(v, str) and re.fullmatch(r"\d{1,2}", v.strip()) and 1 <= int(v) <= 99:
        return f"{int(v):02d}"
    return None


def _division_list(raw: Any, src: str, path: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CriteriaConfigError(src, path, "expected a list of two-digit division codes", raw)
    out = []
    for i, v in enumerate(raw):
        if isinstance(v, str) and re.fullmatch(r"\s*\d{1,2}\s*-\s*\d{1,2}\s*", v):
            lo, hi = (int(p) for p in v.split("-"))
            if not 1 <= lo <= hi <= 99:
                raise CriteriaConfigError(src, f"{path}[{i}]", "range must be within 01-99, low-high", v)
            out.extend(f"{d:02d}" for d in range(lo, hi + 1))
            continue
        code = _division_code(v)
        if code is None:
            raise CriteriaConfigError(src, f"{path}[{i}]", "expected a two-digit NACE division like \"10\" or a range \"10-33\"", v)
        out.append(code)
    return tuple(dict.fromkeys(out))


def _parse_longlist(raw: Any, src: str) -> LonglistRule:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, "longlist", "expected a mapping", raw)
    _no_unknown(raw, _LL_KEYS, src, "longlist")
    sections = raw.get("sections", []) or []
    if not isinstance(sections, list):
        raise CriteriaConfigError(src, "longlist.sections", "expected a list of NACE section letters", sections)
    for i, s in enumerate(sections):
        if s not in NACE_SECTIONS:
            raise CriteriaConfigError(src, f"longlist.sections[{i}]", f"unknown NACE section; expected one of {''.join(NACE_SECTIONS)}", s)
    rule = LonglistRule(
        sections=tuple(sections),
        divisions=_division_list(raw.get("divisions"), src, "longlist.divisions"),
        exclude_divisions=_division_list(raw.get("exclude_divisions"), src, "longlist.exclude_divisions"),
        min_workplaces=_number(raw.get("min_workplaces", 0), src, "longlist.min_workplaces"),
        min_insured=_number(raw.get("min_insured", 0), src, "longlist.min_insured"),
    )
    if not rule.allowed():
        raise CriteriaConfigError(src, "longlist", "no division is allowed: give sections and/or divisions")
    return rule


def _parse_robustness(raw: Any, src: str) -> RobustnessSettings:
    if raw is None:
        return RobustnessSettings()
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, "robustness", "expected a mapping", raw)
    _no_unknown(raw, _ROB_KEYS, src, "robustness")
    d = RobustnessSettings()
    n = raw.get("n", d.n)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CriteriaConfigError(src, "robustness.n", "expected a positive whole number of draws", n)
    seed = raw.get("seed", d.seed)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise CriteriaConfigError(src, "robustness.seed", "expected a non-negative whole number", seed)
    scheme = raw.get("scheme", d.scheme)
    if scheme not in SCHEMES:
        raise CriteriaConfigError(src, "robustness.scheme", f"expected one of {', '.join(SCHEMES)}", scheme)
    conc = _number(raw.get("concentration", d.concentration), src, "robustness.concentration")
    if conc <= 0:
        raise CriteriaConfigError(src, "robustness.concentration", "must be > 0", conc)
    pert = _number(raw.get("perturbation", d.perturbation), src, "robustness.perturbation")
    if not 0 <= pert < 1:
        raise CriteriaConfigError(src, "robustness.perturbation", "relative half-width must be in [0, 1)", pert)
    top_k = raw.get("top_k", d.top_k)
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise CriteriaConfigError(src, "robustness.top_k", "expected a positive whole number", top_k)
    return RobustnessSettings(n=n, seed=seed, scheme=scheme, concentration=conc, perturbation=pert, top_k=top_k)


# ============================================================================================
# sector table checks
# ============================================================================================
def _normalise_codes(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"sector table must be a pandas DataFrame; got {type(table).__name__}")
    missing = [c for c in KEY_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"sector table lacks key column(s) {missing}; available columns: {sorted(map(str, table.columns))}")
    df = table.copy()

    def code(v):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            return f"{int(v):02d}"
        if isinstance(v, float) and float(v).is_integer():
            return f"{int(v):02d}"
        s = str(v).strip()
        return s.zfill(2) if s.isdigit() and len(s) == 1 else s

    df["nace_division"] = df["nace_division"].map(code).astype(str)
    return df.reset_index(drop=True)


def validate_sector_table(table: pd.DataFrame, config: CriteriaConfig | None = None,
                          columns: Iterable[str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Check a sector table against a criteria config; return (validated copy, notes).

    Required indicator columns missing -> :class:`CriteriaConfigError` naming the key path of the
    indicator and listing the available columns. Optional indicator columns missing -> a note.
    Then :data:`SECTOR_TABLE_SCHEMA`, restricted to the key columns and the columns in use, is
    applied (types coerced, ranges checked, one province, unique divisions).
    """
    df = _normalise_codes(table)
    notes: list[str] = []
    used: list[str] = list(columns or [])
    if config is not None:
        available = sorted(map(str, df.columns))
        for h in config.headings:
            for k, ind in enumerate(h.indicators):
                if ind.column in df.columns:
                    used.append(ind.column)
                elif not ind.optional:
                    raise CriteriaConfigError(
                        config.source, f"headings.{h.key}.indicators[{k}].column",
                        f"column {ind.column!r} (indicator {ind.id}) is not in the sector table; "
                        f"available columns: {', '.join(available)}", ind.column)
    elif columns is None:
        used.extend(c for c in SECTOR_TABLE_SCHEMA.columns if c in df.columns)
    missing_cols = [c for c in used if c not in df.columns]
    if missing_cols:
        raise ValueError(f"sector table lacks column(s) {missing_cols}; available columns: {sorted(map(str, df.columns))}")
    keep = set(KEY_COLUMNS) | set(used) | {"year", "province", "nace_label"}
    schema = SECTOR_TABLE_SCHEMA.remove_columns([c for c in SECTOR_TABLE_SCHEMA.columns if c not in keep])
    try:
        df = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        for _, r in fc.head(12).iterrows():
            idx = r.get("index")
            where = ""
            if idx is not None and not pd.isna(idx) and int(idx) in df.index:
                where = f" (row {int(idx)}, division {df.loc[int(idx), 'nace_division']})"
            lines.append(f"  column {r.get('column')!r}: check {r.get('check')} failed for value {r.get('failure_case')!r}{where}")
        raise ValueError("sector table does not match the schema:\n" + "\n".join(lines)) from None
    for c in used:
        if c not in SECTOR_TABLE_SCHEMA.columns and not pd.api.types.is_numeric_dtype(df[c]):
            raise ValueError(f"sector table column {c!r} must be numeric; dtype is {df[c].dtype}")
    plates = df["plate"].unique()
    if len(plates) > 1:
        raise ValueError(f"sector table must hold one province; found plates {sorted(int(p) for p in plates)}")
    return df, notes


# ============================================================================================
# long list
# ============================================================================================
class Longlist(NamedTuple):
    kept: pd.DataFrame
    excluded: pd.DataFrame


def longlist(table: pd.DataFrame, config: CriteriaConfig) -> Longlist:
    """Apply the ``longlist:`` rule: allowed sections/divisions and minimum size.

    Returns
    -------
    Longlist
        ``kept`` (rows of ``table`` passing every rule) and ``excluded`` with columns
        ``plate, nace_division, insured, workplaces, reason`` (all failed rules, ``"; "``-joined,
        e.g. ``"division 45 not in the long list (section C (10-33) + divisions 03, 55)";
        ``"workplaces 4 < 10"``).
    """
    df, _ = validate_sector_table(table, None, columns=["insured", "workplaces"])
    rule = config.longlist
    allowed = rule.allowed()
    reasons: list[str] = []
    for _, r in df.iterrows():
        why = []
        if r["nace_division"] not in allowed:
            why.append(f"division {r['nace_division']} not in the long list ({rule.describe()})")
        for col, minimum in (("workplaces", rule.min_workplaces), ("insured", rule.min_insured)):
            if pd.isna(r[col]):
                why.append(f"{col} not published (suppressed or missing): size unknown")
            elif r[col] < minimum:
                why.append(f"{col} {r[col]:g} < {minimum:g}")
        reasons.append("; ".join(why))
    mask = np.array([not x for x in reasons], dtype=bool)
    kept = df.loc[mask].reset_index(drop=True)
    cols = [c for c in ("plate", "nace_division", "nace_label", "insured", "workplaces") if c in df.columns]
    excluded = df.loc[~mask, cols].copy()
    excluded["reason"] = [x for x in reasons if x]
    return Longlist(kept=kept, excluded=excluded.reset_index(drop=True))


# ============================================================================================
# transforms
# ============================================================================================
def apply_transform(values, transform: str) -> np.ndarray:
    """Apply a criteria-file transform to one column (finite values).

    - ``percentile_rank``: (average rank - 1) / (m - 1), in [0, 1]; 0.5 if m = 1
    - ``log``: log(1 + x), needs x >= 0
    - ``minmax``: (x - min) / (max - min); 0.5 for a constant column
    - ``zscore``: (x - mean) / sd (population sd); 0 for a constant column
    - ``none``: unchanged

    >>> apply_transform([0, 9, 99], "log").round(3).tolist()
    [0.0, 2.303, 4.605]
    >>> apply_transform([5, 1, 5, 3], "percentile_rank").tolist()
    [0.8333333333333334, 0.0, 0.8333333333333334, 0.3333333333333333]
    """
    x = np.asarray(values, dtype=float)
    if transform == "none":
        return x.copy()
    if transform == "log":
        if np.any(x < 0):
            raise ValueError(f"log transform needs values >= 0; got minimum {x.min():g}")
        return np.log1p(x)
    if transform == "percentile_rank":
        if len(x) == 1:
            return np.array([0.5])
        return (mcda._average_ranks(x) - 1.0) / (len(x) - 1.0)
    if transform == "minmax":
        span = x.max() - x.min() if len(x) else 0.0
        return (x - x.min()) / span if span > 0 else np.full_like(x, 0.5)
    if transform == "zscore":
        sd = x.std()
        return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)
    raise ValueError(f"unknown transform {transform!r}; expected one of {TRANSFORMS}")


def _utility(transformed: np.ndarray, direction: str) -> np.ndarray:
    """Min-max to [0, 1], best = 1; constant -> 0.5 (no information)."""
    lo, hi = transformed.min(), transformed.max()
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        return np.full_like(transformed, 0.5)
    u = (transformed - lo) / (hi - lo)
    return u if direction == "benefit" else 1.0 - u


# ============================================================================================
# evaluation
# ============================================================================================
@dataclass
class EvaluationResult:
    """Output of :func:`evaluate`.

    ``table`` columns (one row per sector, sorted by rank): ``plate``, ``nace_division``,
    ``nace_label``, ``insured``, ``workplaces``, ``lq`` (key figures, if in the input),
    ``score_<heading>`` (heading score in [0, 1], method-independent),
    ``contrib_<heading>`` (heading's part of the total -- see ``docs/methods.md``), ``total``
    (method score), ``rank`` (1 = best, ties share the best rank).
    """

    table: pd.DataFrame
    method: str
    config: CriteriaConfig
    criteria: pd.DataFrame          # one row per criterion used: id, heading, kind, column, weight_in_heading, weight
    utilities: pd.DataFrame         # sectors x criterion ids, in [0, 1]
    transformed: pd.DataFrame       # sectors x indicator ids, after the transform
    heading_weights: pd.Series      # heading key -> weight actually used
    inputs: pd.DataFrame            # the validated sector table that was scored
    notes: list[str] = field(default_factory=list)

    @property
    def heading_keys(self) -> list[str]:
        return list(self.heading_weights.index)

    def top(self, k: int) -> pd.DataFrame:
        return self.table[self.table["rank"] <= k]


def _qualitative_wide(qualitative: pd.DataFrame, config: CriteriaConfig) -> pd.DataFrame:
    q = qualitative.copy()
    if {"nace_division", "item", "median"} <= set(q.columns):  # stakeholders.aggregate() output
        q = q.pivot(index="nace_division", columns="item", values="median")
    elif "nace_division" in q.columns:
        q = q.set_index("nace_division")
    q.index = _normalise_codes(pd.DataFrame({"nace_division": list(q.index), "plate": 1}))["nace_division"].values
    q.columns = [str(c) for c in q.columns]
    known = {i.id for i in config.qualitative_items}
    unknown = [c for c in q.columns if c not in known]
    if unknown:
        raise ValueError(f"unknown qualitative item column(s) {unknown}; expected ids from the criteria file: {sorted(known)}")
    q = q.apply(pd.to_numeric, errors="coerce").astype(float)
    bad = np.argwhere(((q < 1) | (q > 5)).to_numpy())
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"qualitative score out of range 1-5: division {q.index[i]}, item {q.columns[j]}: "
                         f"{q.iat[i, j]}")
    return q


def _prepare(table: pd.DataFrame, config: CriteriaConfig, qualitative: pd.DataFrame | None):
    """Validated inputs, criteria list (with renormalised weights), utilities and notes."""
    df, notes = validate_sector_table(table, config)
    if len(df) == 0:
        raise ValueError("sector table has no rows to evaluate")
    allowed = config.longlist.allowed()
    outside = df[~df["nace_division"].isin(allowed)
                 | (df["workplaces"] < config.longlist.min_workplaces)
                 | (df["insured"] < config.longlist.min_insured)]
    if len(outside):
        notes.append(f"{len(outside)} row(s) would be excluded by the long-list rule "
                     f"({', '.join(outside['nace_division'])}); evaluate() scores the rows it is given "
                     f"-- pass longlist(table, config).kept to apply it")

    q = None
    if qualitative is not None:
        q = _qualitative_wide(qualitative, config)
        missing_div = [d for d in df["nace_division"] if d not in q.index]
        if missing_div:
            raise ValueError(f"qualitative scores missing for division(s) {missing_div}; "
                             f"scored divisions: {sorted(q.index)}. Evaluate only the scored sectors "
                             f"(e.g. table[table.nace_division.isin(scores.index)]).")
        q = q.loc[df["nace_division"].tolist()]
    else:
        if config.qualitative_items:
            notes.append("no qualitative (stakeholder) scores given: evaluation on quantitative criteria only; "
                         "dropped " + ", ".join(i.id for i in config.qualitative_items)
                         + " and rescaled the weights inside each heading")

    rows, util_cols, trans_cols = [], {}, {}
    heading_w: dict[str, float] = {}
    for h in config.headings:
        active: list[tuple[str, Any]] = []
        for ind in h.indicators:
            if ind.column not in df.columns:
                notes.append(f"optional column {ind.column!r} absent: indicator {ind.id} ({h.label_tr}) dropped, "
                             f"weights inside {h.label_tr} rescaled")
                continue
            active.append(("quantitative", ind))
        for item in h.qualitative:
            if q is None:
                continue
            if item.id not in q.columns:
                notes.append(f"qualitative item {item.id} ({h.label_tr}) has no scores: dropped, weights rescaled")
                continue
            if q[item.id].isna().any():
                missing = q.index[q[item.id].isna()].tolist()
                raise ValueError(f"qualitative item {item.id} has no score for division(s) {missing}")
            active.append(("qualitative", item))
        total_w = sum(c.weight for _, c in active)
        if h.weight <= 0 or total_w <= 0:
            if h.weight > 0:
                notes.append(f"heading {h.label_tr} has no usable criteria: dropped, heading weights rescaled")
            continue
        heading_w[h.key] = h.weight
        for kind, c in active:
            if kind == "quantitative":
                raw = df[c.column].astype(float)
                if raw.isna().any():
                    bad = df.loc[raw.isna(), "nace_division"].tolist()
                    if config.missing_values == "error":
                        raise ValueError(f"column {c.column!r} (indicator {c.id}) is missing for division(s) {bad}; "
                                         f"fill it or set missing_values: median in {config.source}")
                    med = float(raw.median())
                    raw = raw.fillna(med)
                    notes.append(f"{c.column} missing for {bad}: imputed with the median {med:g}")
                try:
                    t = apply_transform(raw.to_numpy(), c.transform)
                except ValueError as exc:
                    raise ValueError(f"indicator {c.id} (column {c.column!r}): {exc}") from None
                trans_cols[c.id] = t
                util_cols[c.id] = _utility(t, c.direction)
                if len(t) > 1 and np.ptp(t) <= 1e-12 * max(1.0, float(np.abs(t).max())):
                    notes.append(f"indicator {c.id} (column {c.column!r}) is constant across the evaluated "
                                 f"sectors: it cannot discriminate (utility 0.5 for every sector)")
                column = c.column
            else:
                util_cols[c.id] = (q[c.id].to_numpy(dtype=float) - 1.0) / 4.0
                column = None
            rows.append({"id": c.id, "heading": h.key, "kind": kind, "column": column,
                         "transform": getattr(c, "transform", None), "direction": getattr(c, "direction", "benefit"),
                         "weight_in_heading": c.weight / total_w})
    if not heading_w:
        raise ValueError("no heading has usable criteria with a positive weight")
    hw = pd.Series(heading_w, dtype=float)
    hw = hw / hw.sum()
    crit = pd.DataFrame(rows)
    crit["weight"] = crit["weight_in_heading"] * crit["heading"].map(hw)
    index = pd.Index(df["nace_division"], name="nace_division")
    utilities = pd.DataFrame(util_cols, index=index)[crit["id"].tolist()]
    transformed = pd.DataFrame(trans_cols, index=index)
    return df, crit, utilities, transformed, hw, notes


def _scores(method: str, utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Method score for one (K,) or many (D, K) weight vectors -> (m,) or (D, m)."""
    single = weights.ndim == 1
    W = np.atleast_2d(weights)
    types = np.ones(utilities.shape[1])
    if method == "weighted_sum":
        out = W @ utilities.T
    elif method == "promethee":
        flows = mcda._unicriterion_flows(utilities, types, "usual", None, None)
        out = W @ flows.T
    elif method == "topsis":
        r = mcda.normalise(utilities, types, "vector")
        out = mcda._topsis_core(r, W, types, oriented=False)
    else:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    return out[0] if single else out


def evaluate(table: pd.DataFrame, config: CriteriaConfig, method: str | None = None,
             qualitative: pd.DataFrame | None = None) -> EvaluationResult:
    """Score and rank the sectors of one province.

    Parameters
    ----------
    table : DataFrame
        Sector table (module docstring); normally ``longlist(table, config).kept``.
    config : CriteriaConfig
    method : {"weighted_sum", "topsis", "promethee"}, optional
        Defaults to ``config.method``.
    qualitative : DataFrame, optional
        Stakeholder medians: wide (index or column ``nace_division``, one column per item id) or
        the long output of :func:`helpers.stakeholders.aggregate`. Without it the evaluation uses
        the quantitative criteria alone and ``result.notes`` says so.

    Returns
    -------
    EvaluationResult
        ``result.table``: ``plate, nace_division, [nace_label, insured, workplaces, lq],
        score_<h>..., contrib_<h>..., total, rank``; plus ``criteria``, ``utilities``, ``transformed``, ``heading_weights``,
        ``notes``.

    Notes
    -----
    Utilities: transform, then min-max over the sectors evaluated with the direction applied
    (qualitative: (median - 1)/4). Heading score :math:`s_{ih} = \\sum_{k \\in h} w_{k|h} u_{ik}`;
    global weight :math:`w_k = W_h w_{k|h}`. ``weighted_sum``: total :math:`= \\sum_h W_h s_{ih}`
    and ``contrib_h`` :math:`= W_h s_{ih}`. ``promethee``: total = net flow (usual function) and
    ``contrib_h`` :math:`= \\sum_{k\\in h} w_k \\phi_k(i)` (exact, the flow is additive).
    ``topsis``: total = closeness (vector normalisation); it is not additive, so ``contrib_h``
    shows :math:`W_h s_{ih}` (a note says so).
    """
    method = method or config.method
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    df, crit, util, transformed, hw, notes = _prepare(table, config, qualitative)
    U = util.to_numpy()
    w = crit["weight"].to_numpy()
    total = _scores(method, U, w)
    out = df[[c for c in ("plate", "nace_division", "nace_label", "insured", "workplaces", "lq")
              if c in df.columns]].copy()
    for h in hw.index:
        sel = (crit["heading"] == h).to_numpy()
        out[f"score_{h}"] = U[:, sel] @ crit.loc[sel, "weight_in_heading"].to_numpy()
    for h in hw.index:
        sel = (crit["heading"] == h).to_numpy()
        if method == "promethee":
            flows = mcda._unicriterion_flows(U[:, sel], np.ones(sel.sum()), "usual", None, None)
            out[f"contrib_{h}"] = flows @ w[sel]
        else:
            out[f"contrib_{h}"] = hw[h] * out[f"score_{h}"]
    if method == "topsis":
        notes.append("TOPSIS closeness is not additive over criteria: contrib_* columns show the "
                     "weighted-sum decomposition W_h x score_h, for explanation only")
    out["total"] = total
    out["rank"] = mcda.rank_scores(total)
    out = out.sort_values(["rank", "nace_division"], kind="mergesort").reset_index(drop=True)
    return EvaluationResult(table=out, method=method, config=config, criteria=crit, utilities=util,
                            transformed=transformed, heading_weights=hw, inputs=df,
                            notes=list(config.notes) + notes)


# ============================================================================================
# robustness
# ============================================================================================
@dataclass
class RobustnessResult:
    """Output of :func:`robustness`.

    ``table`` (sorted by ``base_rank``): ``nace_division``, [``nace_label``], ``base_rank``,
    ``p_top_k`` (share of draws with rank <= top_k), ``p_first``, ``median_rank``, ``mean_rank``,
    ``rank_p05``, ``rank_p95`` (5th/95th percentile of the rank, lower/higher order statistic).
    ``rank_draws``: draws x sectors matrix of ranks.
    """

    table: pd.DataFrame
    rank_draws: pd.DataFrame
    method: str
    n: int
    seed: int
    scheme: str
    top_k: int
    notes: list[str] = field(default_factory=list)


def _perturb(base: np.ndarray, rng: np.random.Generator, n: int, scheme: str, conc: float, pert: float) -> np.ndarray:
    """n perturbed copies of a weight vector summing to 1; zero weights stay zero."""
    out = np.zeros((n, len(base)))
    pos = base > 0
    if pos.sum() <= 1:
        out[:, pos] = 1.0
        return out
    b = base[pos] / base[pos].sum()
    if scheme == "dirichlet":
        draws = rng.dirichlet(conc * b, size=n)
    else:
        draws = b * (1.0 + rng.uniform(-pert, pert, size=(n, len(b))))
        draws = draws / draws.sum(axis=1, keepdims=True)
    out[:, pos] = draws
    return out


def _ranks_many(scores: np.ndarray) -> np.ndarray:
    """Competition ranks per row of a (D, m) score matrix."""
    tol = 1e-9 * np.maximum(1.0, np.abs(scores).max(axis=1, keepdims=True))
    return 1 + (scores[:, None, :] > scores[:, :, None] + tol[:, :, None]).sum(axis=2)


def robustness(table: pd.DataFrame, config: CriteriaConfig, n: int | None = None, seed: int | None = None,
               method: str | None = None, qualitative: pd.DataFrame | None = None,
               top_k: int | None = None, scheme: str | None = None) -> RobustnessResult:
    """Seeded Monte-Carlo perturbation of the weights; how stable is each sector's rank?

    In every draw the heading weights and, independently, the weights inside each heading are
    redrawn (``scheme="dirichlet"``: :math:`w' \\sim \\mathrm{Dirichlet}(c\\,w)`, mean = base
    weights, :math:`\\mathrm{sd}(w'_k) = \\sqrt{w_k(1-w_k)/(c+1)}`; ``"uniform"``:
    :math:`w'_k = w_k(1+U(-x, x))` renormalised). Utilities stay fixed; the sectors are re-scored
    with the chosen method and ranked. Defaults come from ``config.robustness``.
    """
    s = config.robustness
    n = s.n if n is None else int(n)
    seed = s.seed if seed is None else int(seed)
    top_k = s.top_k if top_k is None else int(top_k)
    scheme = scheme or s.scheme
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    base = evaluate(table, config, method=method, qualitative=qualitative)
    method = base.method
    crit, U = base.criteria, base.utilities.to_numpy()
    rng = np.random.default_rng(seed)
    hkeys = list(base.heading_weights.index)
    H = _perturb(base.heading_weights.to_numpy(), rng, n, scheme, s.concentration, s.perturbation)
    W = np.zeros((n, len(crit)))
    for j, h in enumerate(hkeys):
        sel = (crit["heading"] == h).to_numpy()
        inner = _perturb(crit.loc[sel, "weight_in_heading"].to_numpy(), rng, n, scheme, s.concentration, s.perturbation)
        W[:, sel] = inner * H[:, [j]]
    ranks = _ranks_many(_scores(method, U, W))
    divisions = base.utilities.index.tolist()
    base_rank = base.table.set_index("nace_division")["rank"].reindex(divisions).to_numpy()
    out = pd.DataFrame({"nace_division": divisions})
    if "nace_label" in base.inputs.columns:
        out["nace_label"] = base.inputs["nace_label"].to_numpy()
    out["base_rank"] = base_rank
    out["p_top_k"] = (ranks <= top_k).mean(axis=0)
    out["p_first"] = (ranks == 1).mean(axis=0)
    out["median_rank"] = np.median(ranks, axis=0)
    out["mean_rank"] = ranks.mean(axis=0)
    out["rank_p05"] = np.quantile(ranks, 0.05, axis=0, method="lower").astype(int)
    out["rank_p95"] = np.quantile(ranks, 0.95, axis=0, method="higher").astype(int)
    out = out.sort_values(["base_rank", "nace_division"], kind="mergesort").reset_index(drop=True)
    notes = list(base.notes) + [f"robustness: {n} draws, seed {seed}, scheme {scheme} "
                                + (f"(concentration {s.concentration:g})" if scheme == "dirichlet"
                                   else f"(+-{s.perturbation:.0%})") + f", method {method}, top_k {top_k}"]
    return RobustnessResult(table=out, rank_draws=pd.DataFrame(ranks, columns=divisions), method=method,
                            n=n, seed=seed, scheme=scheme, top_k=top_k, notes=notes)


# ============================================================================================
# method agreement, size, explanations
# ============================================================================================
@dataclass
class MethodAgreement:
    """Ranks by each method (``ranks``: ``nace_division, rank_<method>...``) and the pairwise
    Spearman and Kendall tau-b rank correlations (square DataFrames indexed by method)."""

    ranks: pd.DataFrame
    spearman: pd.DataFrame
    kendall: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def method_agreement(table: pd.DataFrame, config: CriteriaConfig, qualitative: pd.DataFrame | None = None,
                     methods: Sequence[str] = METHODS) -> MethodAgreement:
    """Evaluate with each method and compare the rankings."""
    results = {m: evaluate(table, config, method=m, qualitative=qualitative) for m in methods}
    first = results[methods[0]]
    ranks = pd.DataFrame({"nace_division": first.utilities.index.tolist()})
    for m, r in results.items():
        ranks[f"rank_{m}"] = r.table.set_index("nace_division")["rank"].reindex(ranks["nace_division"]).to_numpy()
    sp = pd.DataFrame(index=list(methods), columns=list(methods), dtype=float)
    kt = sp.copy()
    for a in methods:
        for b in methods:
            sp.loc[a, b] = mcda.spearman(ranks[f"rank_{a}"], ranks[f"rank_{b}"])
            kt.loc[a, b] = mcda.kendall_tau(ranks[f"rank_{a}"], ranks[f"rank_{b}"])
    ranks = ranks.sort_values(f"rank_{methods[0]}", kind="mergesort").reset_index(drop=True)
    return MethodAgreement(ranks=ranks, spearman=sp, kendall=kt, notes=list(first.notes))


def size_rank_correlation(result: EvaluationResult, size_column: str = "insured") -> float:
    """Spearman correlation between the final rank and the rank by plain size.

    Both ranks count 1 = best / largest, so +1 means the ranking just reproduces size and values
    near 0 mean size does not drive it (the 2011-2013 principle: "not the largest sectors").
    """
    inputs = result.inputs.set_index("nace_division")
    if size_column not in inputs.columns:
        raise ValueError(f"size column {size_column!r} not in the evaluated table; available: {sorted(inputs.columns)}")
    t = result.table
    size = inputs[size_column].reindex(t["nace_division"]).to_numpy(dtype=float)
    return mcda.spearman(t["rank"].to_numpy(), -size)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def explain(result: EvaluationResult, top_k: int = 5) -> pd.Series:
    """One generated English sentence per sector ranked <= ``top_k``.

    A heading *carries* a sector if the sector's heading score is above the average of the
    evaluated sectors; the (at most two) headings with the largest weighted margin
    :math:`W_h (s_{ih} - \\bar s_h)` are named. A heading is *weak* if the sector is in the bottom
    third of the evaluated sectors on it (percentile rank < 1/3).

    Returns
    -------
    Series indexed by ``nace_division`` (name ``"explanation"``), e.g.
    ``"Ranks 2nd of 14 mainly on Ağ Oluşturma ve İşbirliği (networking and cooperation) and
    Faktör Koşulları (factor conditions); weak on Talep (demand)."``
    """
    t = result.table
    m = len(t)
    cfg = result.config
    hw = result.heading_weights
    keys = [h for h in hw.index if hw[h] > 0]
    scores = {h: t[f"score_{h}"].to_numpy(dtype=float) for h in keys}
    pct = {h: apply_transform(scores[h], "percentile_rank") for h in keys}
    means = {h: scores[h].mean() for h in keys}
    out = {}
    for i, row in t.iterrows():
        if row["rank"] > top_k:
            continue
        margin = {h: hw[h] * (scores[h][i] - means[h]) for h in keys}
        carry = sorted((h for h in keys if margin[h] > 1e-12), key=lambda h: -margin[h])[:2]
        weak = [h for h in keys if m >= 3 and pct[h][i] < 1 / 3 and h not in carry]
        label = {h: cfg.heading(h).label for h in keys}
        head = f"Ranks {_ordinal(int(row['rank']))} of {m}"
        if carry:
            text = f"{head} mainly on {_join([label[h] for h in carry])}"
        else:
            text = f"{head} without a heading above the sector average"
        text += f"; weak on {_join([label[h] for h in weak])}." if weak else "; no weak heading."
        out[row["nace_division"]] = text
    return pd.Series(out, name="explanation", dtype=object).rename_axis("nace_division")
