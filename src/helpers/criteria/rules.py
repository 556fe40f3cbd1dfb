"""Long-list rules: which sectors are evaluated at all (a presence floor, not a gate on
specialisation), read from the ``longlist:`` blocks of the criteria file.

Employment basis: NACE divisions of the allowed sections/divisions with at least
``min_workplaces`` workplaces and ``min_insured`` insured employees. Exports basis: every
harmonised TİM sector (never the not-itemised ``T00``) with exports above zero and at least
``min_export_usd`` **or** at least ``min_export_share`` of the province's itemised exports (so a
small exporter still has candidates). Specialisation (RCA/LQ) is scored, never used as a gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from .config import CriteriaConfigError, flag, no_unknown, number

#: NACE Rev.2 sections -> division ranges (inclusive).
NACE_SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}
NOT_ITEMISED = "T00"
_SECTOR_RE = re.compile(r"^T\d{2}$")

#: Allowed ranges of the presence floors (a floor is a minimal presence, never a size gate).
FLOOR_RANGES: dict[str, tuple[float, float]] = {
    "min_workplaces": (0, 50), "min_insured": (0, 1000),
    "min_export_usd": (0, 10_000_000), "min_export_share": (0, 0.05),
}
_LL_KEYS = {"sections", "divisions", "exclude_divisions", "min_workplaces", "min_insured", "keep_flagged"}
_XLL_KEYS = {"sectors", "exclude_sectors", "min_export_usd", "min_export_share", "keep_flagged"}


@dataclass(frozen=True)
class LonglistRule:
    sections: tuple[str, ...]
    divisions: tuple[str, ...]
    exclude_divisions: tuple[str, ...]
    min_workplaces: float
    min_insured: float
    keep_flagged: bool = False

    def allowed(self) -> frozenset[str]:
        codes = {f"{d:02d}" for s in self.sections for d in range(NACE_SECTIONS[s][0], NACE_SECTIONS[s][1] + 1)}
        return frozenset((codes | set(self.divisions)) - set(self.exclude_divisions))

    def admits(self, code: str) -> bool:
        """Whether a division code may enter the long list."""
        return code in self.allowed()

    @property
    def minimums(self) -> tuple[tuple[str, float], ...]:
        """(column, minimum) presence rules (all must hold)."""
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
    """Long-list rule of the exports basis: which harmonised TİM sectors, presence floor."""

    sectors: tuple[str, ...]          # () = every harmonised sector
    exclude_sectors: tuple[str, ...]
    min_export_usd: float             # absolute floor, USD a year ...
    min_export_share: float = 0.0     # ... or this share of the province's itemised exports (0: no relative floor)
    keep_flagged: bool = False        # flagged sectors may enter the shortlist

    def admits(self, code: str) -> bool:
        """Whether a harmonised sector code may enter the long list (never the not-itemised T00)."""
        return (code != NOT_ITEMISED and (not self.sectors or code in self.sectors)
                and code not in self.exclude_sectors)

    @property
    def minimums(self) -> tuple[tuple[str, float], ...]:
        """(column, minimum) presence rules: either suffices (and exports must be above zero)."""
        return (("export_usd", self.min_export_usd), ("export_share", self.min_export_share))

    def describe(self, lang: str = "en") -> str:
        """The rule in words, in ``lang`` (English by default: it also names long-list exclusions)."""
        from helpers.text import t
        text = (t("evaluation.rule.sectors", lang, codes=", ".join(self.sectors)) if self.sectors
                else t("evaluation.rule.every_sector", lang))
        if self.exclude_sectors:
            text = t("evaluation.rule.minus", lang, rule=text, codes=", ".join(self.exclude_sectors))
        return text


def _floor(raw: Mapping, key: str, src: str, path: str) -> float:
    lo, hi = FLOOR_RANGES[key]
    return number(raw.get(key, 0), src, f"{path}.{key}", minimum=lo, maximum=hi)


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


def parse_longlist(raw: Any, src: str, path: str = "longlist") -> LonglistRule:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, path, "expected a mapping", raw)
    no_unknown(raw, _LL_KEYS, src, path)
    sections = raw.get("sections", []) or []
    if not isinstance(sections, list):
        raise CriteriaConfigError(src, f"{path}.sections", "expected a list of NACE section letters", sections)
    for i, s in enumerate(sections):
        if s not in NACE_SECTIONS:
            raise CriteriaConfigError(src, f"{path}.sections[{i}]", f"unknown NACE section; expected one of {''.join(NACE_SECTIONS)}", s)
    rule = LonglistRule(
        sections=tuple(sections),
        divisions=_division_list(raw.get("divisions"), src, f"{path}.divisions"),
        exclude_divisions=_division_list(raw.get("exclude_divisions"), src, f"{path}.exclude_divisions"),
        min_workplaces=_floor(raw, "min_workplaces", src, path),
        min_insured=_floor(raw, "min_insured", src, path),
        keep_flagged=flag(raw.get("keep_flagged", False), src, f"{path}.keep_flagged"),
    )
    if not rule.allowed():
        raise CriteriaConfigError(src, path, "no division is allowed: give sections and/or divisions")
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


def parse_export_longlist(raw: Any, src: str, path: str) -> ExportLonglistRule:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise CriteriaConfigError(src, path, "expected a mapping", raw)
    for old in ("min_rca", "min_candidates"):
        if old in raw:
            raise CriteriaConfigError(src, f"{path}.{old}", "no longer a setting: specialisation is scored, not "
                                      "gated, and the long list needs no top-up; remove the key (allowed: "
                                      f"{', '.join(sorted(_XLL_KEYS))})", raw[old])
    no_unknown(raw, _XLL_KEYS, src, path)
    rule = ExportLonglistRule(
        sectors=_sector_list(raw.get("sectors"), src, f"{path}.sectors"),
        exclude_sectors=_sector_list(raw.get("exclude_sectors"), src, f"{path}.exclude_sectors"),
        min_export_usd=_floor(raw, "min_export_usd", src, path),
        min_export_share=_floor(raw, "min_export_share", src, path),
        keep_flagged=flag(raw.get("keep_flagged", False), src, f"{path}.keep_flagged"),
    )
    if rule.sectors and not set(rule.sectors) - set(rule.exclude_sectors):
        raise CriteriaConfigError(src, path, "no sector is allowed: every listed sector is also excluded")
    return rule
