"""Criteria configuration: read and validate ``config/criteria.yml`` into a :class:`CriteriaConfig`.

Every problem is a :class:`CriteriaConfigError` naming the file, the key path and the bad value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import yaml

from helpers import mcda
from helpers.basis import EMPLOYMENT, EXPORTS, Basis
from helpers.exceptions import InputRefused

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

#: NACE Rev.2 sections -> division ranges (inclusive).
NACE_SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}

_TOL = 1e-6
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


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

    def admits(self, code: str) -> bool:
        """Whether a division code may enter the long list."""
        return code in self.allowed()

    @property
    def minimums(self) -> tuple[tuple[str, float], ...]:
        """(column, minimum) size rules."""
        return (("workplaces", self.min_workplaces), ("insured", self.min_insured))

    def describe(self, lang: str = "en") -> str:
        """The rule in words, in ``lang`` (English by default: it also names long-list exclusions)."""
        from helpers.text import t
        parts = [t("evaluation.rule.section", lang, section=s, first=f"{NACE_SECTIONS[s][0]:02d}",
                   last=f"{NACE_SECTIONS[s][1]:02d}") for s in self.sections]
        if self.divisions:
            parts.append(t("evaluation.rule.divisions", lang, codes=", ".join(self.divisions)))
        text = " + ".join(parts) if parts else t("evaluation.rule.no_divisions", lang)
        if self.exclude_divisions:
            text = t("evaluation.rule.minus", lang, rule=text, codes=", ".join(self.exclude_divisions))
        return text


@dataclass(frozen=True)
class ExportLonglistRule:
    """Long-list rule of the exports basis: which harmonised TİM sectors, minimum exports."""

    sectors: tuple[str, ...]          # () = every harmonised sector
    exclude_sectors: tuple[str, ...]
    min_export_usd: float
    min_candidates: int = 3           # fewer pass the minimum: the largest exporting sectors top it up (noted)
    min_rca: float = 0.0              # revealed specialisation a cluster presupposes (1.0: at least the national share)

    def admits(self, code: str) -> bool:
        """Whether a harmonised sector code may enter the long list (never the not-itemised T00)."""
        return (code != NOT_ITEMISED and (not self.sectors or code in self.sectors)
                and code not in self.exclude_sectors)

    @property
    def minimums(self) -> tuple[tuple[str, float], ...]:
        rules = (("export_usd", self.min_export_usd),)
        return rules + ((("rca", self.min_rca),) if self.min_rca > 0 else ())

    def describe(self, lang: str = "en") -> str:
        """The rule in words, in ``lang`` (English by default: it also names long-list exclusions)."""
        from helpers.text import t
        text = (t("evaluation.rule.sectors", lang, codes=", ".join(self.sectors)) if self.sectors
                else t("evaluation.rule.every_sector", lang))
        if self.exclude_sectors:
            text = t("evaluation.rule.minus", lang, rule=text, codes=", ".join(self.exclude_sectors))
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
    basis: str = "employment"          # which sector table this configuration scores (BASES_SCORED)

    @property
    def sector_basis(self) -> Basis:
        """The :class:`helpers.basis.Basis` whose sector table this configuration scores."""
        return EXPORTS if self.basis == "exports" else EMPLOYMENT

    @property
    def key(self) -> str:
        """The sector column of the tables it scores (``nace_division`` or ``sector``)."""
        return self.sector_basis.key

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



_TOP_KEYS = {"version", "name", "description", "method", "missing_values", "headings", "ahp",
             "longlist", "robustness", "exports"}
_EXPORTS_KEYS = {"description", "headings", "longlist"}
_XLL_KEYS = {"sectors", "exclude_sectors", "min_export_usd", "min_candidates", "min_rca"}
#: Bases a criteria file can hold criteria for (the employment block is the top level).
BASES_SCORED = ("employment", "exports")
NOT_ITEMISED = "T00"
_SECTOR_RE = re.compile(r"^T\d{2}$")
_HEADING_KEYS = {"label_tr", "label_en", "weight", "indicators", "qualitative", "description"}
_IND_KEYS = {"id", "column", "direction", "transform", "weight", "label_en", "label_tr", "optional", "note"}
_QUAL_KEYS = {"id", "question_tr", "subtitle_en", "label_tr", "weight", "note"}
_LL_KEYS = {"sections", "divisions", "exclude_divisions", "min_workplaces", "min_insured"}
_ROB_KEYS = {"n", "seed", "scheme", "concentration", "perturbation", "top_k"}
_AHP_KEYS = {"use", "order", "matrix"}


def load_criteria(path: str | Path, basis: str = "employment") -> CriteriaConfig:
    """Read and validate a criteria YAML file; return the criteria of one basis.

    The top level of the file holds the criteria of the employment basis (SGK, NACE divisions);
    its ``exports:`` block those of the exports basis (TİM, harmonised sectors), under the same
    four headings. Both blocks are validated whichever ``basis`` is asked for.

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
    return criteria_from_dict(data, source=str(path), basis=basis)


def criteria_from_dict(data: Mapping[str, Any], source: str = "<dict>", basis: str = "employment") -> CriteriaConfig:
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

    if basis not in BASES_SCORED:
        raise ValueError(f"basis {basis!r}: a criteria file holds criteria for {', '.join(BASES_SCORED)}")
    ahp_raw = data.get("ahp")
    use_ahp = bool(isinstance(ahp_raw, Mapping) and ahp_raw.get("use", False))
    ahp_block = None
    if ahp_raw is not None:
        keys = list(HEADINGS)
        ahp_block = _parse_ahp(ahp_raw, keys, src)
    # every block is validated whatever the basis asked for, so an error never waits for the other basis
    blocks = {"employment": _parse_block(data, src, use_ahp, ahp_block, prefix="")}
    if "exports" in data:
        raw = data["exports"]
        if not isinstance(raw, Mapping):
            raise CriteriaConfigError(src, "exports", "expected a mapping with headings and longlist", raw)
        _no_unknown(raw, _EXPORTS_KEYS, src, "exports")
        blocks["exports"] = _parse_block(raw, src, use_ahp, ahp_block, prefix="exports.")
    elif basis == "exports":
        raise CriteriaConfigError(src, "exports", "missing: the criteria file has no criteria for the exports basis "
                                  "(an `exports:` block with headings and longlist)")
    headings, longlist, notes = blocks[basis]
    description = data.get("description", "") if basis == "employment" else data["exports"].get("description", "")
    return CriteriaConfig(
        version=version,
        name=str(data.get("name", "")),
        description=str(description or ""),
        source=src,
        method=method,
        missing_values=missing,
        headings=headings,
        longlist=longlist,
        robustness=_parse_robustness(data.get("robustness"), src),
        ahp=ahp_block,
        notes=tuple(notes),
        basis=basis,
    )


def _parse_block(data: Mapping, src: str, use_ahp: bool, ahp_block: AHPBlock | None, prefix: str):
    """Headings and long list of one basis (the top level: employment; ``exports.``: exports)."""
    headings = _parse_headings(data.get("headings"), src, weights_required=not use_ahp, prefix=prefix)
    notes: list[str] = []
    if ahp_block is not None and ahp_block.use:
        w = ahp_block.result.as_dict()
        headings = tuple(replace(h, weight=float(w[h.key])) for h in headings)
        from helpers.text import Note
        notes.append(Note("criteria_notes.ahp", cr=("decimal", ahp_block.result.cr, 3),
                          weights=", ".join(f"{k} {v:.3f}" for k, v in w.items())))
    if not use_ahp:
        _check_sum([h.weight for h in headings], src, f"{prefix}headings.*.weight", "heading weights",
                   detail=", ".join(f"{h.key}={h.weight:g}" for h in headings))
    _check_duplicate_ids(data.get("headings"), src, prefix)
    if prefix:
        longlist = _parse_export_longlist(data.get("longlist"), src, f"{prefix}longlist")
    else:
        longlist = _parse_longlist(data.get("longlist"), src)
    return headings, longlist, notes


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


def _parse_headings(raw: Any, src: str, weights_required: bool, prefix: str = "") -> tuple[Heading, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise CriteriaConfigError(src, f"{prefix}headings", "expected a mapping of the four headings", raw)
    for key in raw:
        if key not in HEADINGS:
            raise CriteriaConfigError(src, f"{prefix}headings.{key}", f"unknown heading; expected one of {', '.join(HEADINGS)}", key)
    for key in HEADINGS:
        if key not in raw:
            raise CriteriaConfigError(src, f"{prefix}headings.{key}", "heading missing (give it weight: 0 to leave it out)")
    out = []
    for key in HEADINGS:  # canonical order
        h = raw[key]
        hp = f"{prefix}headings.{key}"
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


def _entry_id(x: Any, allowed: set[str], src: str, path: str, expected: str) -> str:
    """The checked ``id`` of one list entry (an indicator or a qualitative item): a mapping with only
    ``allowed`` keys and an id of lower-case letters, digits and _."""
    if not isinstance(x, Mapping):
        raise CriteriaConfigError(src, path, f"expected a mapping with {expected}", x)
    _no_unknown(x, allowed, src, path)
    cid = _text(x.get("id"), src, f"{path}.id")
    if not _ID_RE.match(cid):
        raise CriteriaConfigError(src, f"{path}.id", "ids are lower-case letters, digits and _ (start with a letter)", cid)
    return cid


def _parse_indicator(x: Any, heading: str, src: str, path: str) -> Indicator:
    cid = _entry_id(x, _IND_KEYS, src, path, "id, column, direction, transform, weight")
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
    cid = _entry_id(x, _QUAL_KEYS, src, path, "id, question_tr, subtitle_en, weight")
    if "weight" not in x:
        raise CriteriaConfigError(src, f"{path}.weight", "missing weight")
    return QualitativeItem(id=cid, heading=heading, question_tr=_text(x.get("question_tr"), src, f"{path}.question_tr"),
                           subtitle_en=_text(x.get("subtitle_en"), src, f"{path}.subtitle_en"),
                           weight=_number(x.get("weight"), src, f"{path}.weight"),
                           label_tr=_text(x.get("label_tr"), src, f"{path}.label_tr", required=False))


def _check_duplicate_ids(raw: Mapping, src: str, prefix: str = "") -> None:
    seen: dict[str, str] = {}
    for key in HEADINGS:
        for kind in ("indicators", "qualitative"):
            for i, x in enumerate(raw[key].get(kind) or []):
                path = f"{prefix}headings.{key}.{kind}[{i}].id"
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


def _sector_list(raw: Any, src: str, path: str) -> tuple[str, ...]:
    if raw is None or raw == "all":
        return ()
    if not isinstance(raw, list):
        raise CriteriaConfigError(src, path, "expected a list of harmonised TİM sector codes like \"T05\" (or all)", raw)
    out = []
    for i, v in enumerate(raw):
        code = v.strip().upper() if isinstance(v, str) else v
        if not isinstance(code, str) or not _SECTOR_RE.match(code) or code == NOT_ITEMISED:
            raise CriteriaConfigError(src, f"{path}[{i}]", "expected a harmonised TİM sector code like \"T05\" "
                                      f"({NOT_ITEMISED}, the not-itemised row, is never a candidate)", v)
        out.append(code)
    return tuple(dict.fromkeys(out))


def _whole(value: Any, src: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CriteriaConfigError(src, path, "expected a whole number >= 0", value)
    return value


def _parse_export_longlist(raw: Any, src: str, path: str) -> ExportLonglistRule:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, path, "expected a mapping", raw)
    _no_unknown(raw, _XLL_KEYS, src, path)
    rule = ExportLonglistRule(
        sectors=_sector_list(raw.get("sectors"), src, f"{path}.sectors"),
        exclude_sectors=_sector_list(raw.get("exclude_sectors"), src, f"{path}.exclude_sectors"),
        min_export_usd=_number(raw.get("min_export_usd", 0), src, f"{path}.min_export_usd"),
        min_candidates=_whole(raw.get("min_candidates", 3), src, f"{path}.min_candidates"),
        min_rca=_number(raw.get("min_rca", 0), src, f"{path}.min_rca"),
    )
    if rule.sectors and not set(rule.sectors) - set(rule.exclude_sectors):
        raise CriteriaConfigError(src, path, "no sector is allowed: every listed sector is also excluded")
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

