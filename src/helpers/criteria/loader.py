"""Read and validate ``config/criteria.yml`` into a :class:`~.config.CriteriaConfig`.

:func:`load_criteria` is the single validating entry point (the runner calls it before any kernel
starts): unknown keys, transforms, utility references, weights outside [0, 1] or not summing to
1, floors out of range, duplicate ids ... are refused with a :class:`CriteriaConfigError` naming
the file, the key path, the bad value and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml

from helpers import mcda
from helpers.io import read_yaml_cached

from .config import (DIRECTIONS, HEADINGS, METHODS, MISSING_POLICIES, REFERENCE_TRANSFORMS, REFERENCES, SCHEMES,
                     TRANSFORMS, WEIGHT_RANGE, AHPBlock, CriteriaConfig, CriteriaConfigError, Heading, Indicator,
                     QualitativeItem, RobustnessSettings)
from .config import check_sum as _check_sum
from .config import no_unknown as _no_unknown
from .config import number as _number
from .config import text as _text
from .rules import parse_export_longlist, parse_longlist

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

_TOP_KEYS = {"version", "name", "description", "method", "missing_values", "headings", "ahp",
             "longlist", "robustness", "exports"}
_EXPORTS_KEYS = {"description", "headings", "longlist"}
#: Bases a criteria file can hold criteria for (the employment block is the top level).
BASES_SCORED = ("employment", "exports")
_HEADING_KEYS = {"label_tr", "label_en", "weight", "indicators", "qualitative", "description"}
_IND_KEYS = {"id", "column", "direction", "transform", "weight", "label_en", "label_tr", "optional", "note",
             "reference", "range", "source"}
_QUAL_KEYS = {"id", "question_tr", "subtitle_en", "label_tr", "weight", "note"}
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
        data = read_yaml_cached(path)
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
        longlist = parse_export_longlist(data.get("longlist"), src, f"{prefix}longlist")
    else:
        longlist = parse_longlist(data.get("longlist"), src)
    return headings, longlist, notes


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
            weight = _number(h["weight"], src, f"{hp}.weight", minimum=WEIGHT_RANGE[0], maximum=WEIGHT_RANGE[1])
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
    weight = _number(x.get("weight"), src, f"{path}.weight", minimum=WEIGHT_RANGE[0], maximum=WEIGHT_RANGE[1])
    optional = x.get("optional", False)
    if not isinstance(optional, bool):
        raise CriteriaConfigError(src, f"{path}.optional", "expected true or false", optional)
    reference = x.get("reference")
    if reference not in REFERENCES:
        raise CriteriaConfigError(src, f"{path}.reference", "unknown utility reference; expected one of "
                                  f"{', '.join(REFERENCES)} (provinces: percentile among the 81 provinces for the "
                                  "same sector; fixed: a fixed scale given by range)", reference)
    if transform not in REFERENCE_TRANSFORMS[reference]:
        raise CriteriaConfigError(src, f"{path}.transform", f"with reference {reference} the transform must be one of "
                                  f"{', '.join(REFERENCE_TRANSFORMS[reference])}", transform)
    scale = None
    if reference == "fixed":
        r = x.get("range")
        if not isinstance(r, list) or len(r) != 2:
            raise CriteriaConfigError(src, f"{path}.range", "a fixed reference needs range: [low, high] in the "
                                      "column's units", r)
        lo = _number(r[0], src, f"{path}.range[0]", minimum=None)
        hi = _number(r[1], src, f"{path}.range[1]", minimum=None)
        if not lo < hi or (transform == "log" and lo < 0):
            raise CriteriaConfigError(src, f"{path}.range", "expected low < high (and low >= 0 with a log transform)", r)
        scale = (lo, hi)
    elif "range" in x:
        raise CriteriaConfigError(src, f"{path}.range", f"only a fixed reference takes a range (reference is {reference})",
                                  x["range"])
    return Indicator(id=cid, heading=heading, column=column, direction=direction, transform=transform,
                     weight=weight, label_en=_text(x.get("label_en"), src, f"{path}.label_en", required=False) or cid,
                     label_tr=_text(x.get("label_tr"), src, f"{path}.label_tr", required=False), optional=optional,
                     reference=reference, scale=scale, source=_text(x.get("source"), src, f"{path}.source", required=False))


def _parse_item(x: Any, heading: str, src: str, path: str) -> QualitativeItem:
    cid = _entry_id(x, _QUAL_KEYS, src, path, "id, question_tr, subtitle_en, weight")
    if "weight" not in x:
        raise CriteriaConfigError(src, f"{path}.weight", "missing weight")
    return QualitativeItem(id=cid, heading=heading, question_tr=_text(x.get("question_tr"), src, f"{path}.question_tr"),
                           subtitle_en=_text(x.get("subtitle_en"), src, f"{path}.subtitle_en"),
                           weight=_number(x.get("weight"), src, f"{path}.weight", minimum=WEIGHT_RANGE[0],
                                          maximum=WEIGHT_RANGE[1]),
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

