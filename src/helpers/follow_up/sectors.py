"""Chosen sectors in any spelling → harmonised TİM sector codes (``"T16"``), like provinces are resolved.

Accepted for one sector (:func:`resolve_sector`):

- a harmonised code, ``"T16"`` / ``"t16"`` / ``"T 16"``;
- a NACE Rev.2 division, ``"29"``, ``"C29"``, ``29``: the TİM sector that division maps to in
  ``data/reference/tim_sectors.csv`` (a division several sectors share, e.g. ``25``, is refused,
  naming those sectors);
- a name in any spelling: TİM's Turkish name, the English gloss, or any label TİM printed over the
  years (``tim_sector_concordance.csv``), matched after Turkish-aware folding
  (:func:`helpers.textnorm.fold`: ``"OTOMOTİV ENDÜSTRİSİ"``, ``"otomotiv endustrisi"``,
  ``"Taşıt Araçları ve Yan Sanayi"`` all give ``T16``).

Anything else raises :class:`SectorError` quoting the value and offering the closest names.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from helpers.textnorm import compact

#: Codes that are not sectors (exports not itemised, blank label): never a chosen sector.
NOT_SECTORS = ("T00", "T99")


class SectorError(ValueError):
    """A chosen sector could not be resolved (the message names the value and close matches)."""


@functools.cache
def _reference():
    from helpers.sources import tim  # readers sit below; imported late to keep this module light

    table = tim.sector_table()
    table = table[~table["code"].isin(NOT_SECTORS)]
    names: dict[str, str] = {}
    for code, tr, en in zip(table["code"], table["name_tr"], table["name_en"]):
        names.setdefault(compact(tr), code)
        names.setdefault(compact(en), code)
    conc = tim.concordance()
    for label, code in zip(conc["label"], conc["code"]):
        if code not in NOT_SECTORS:
            names.setdefault(compact(label), code)
    divisions: dict[str, list[str]] = {}
    for code, divs in zip(table["code"], table["nace_divisions"]):
        for d in str(divs).split("|"):
            if d.strip():
                divisions.setdefault(f"{int(d):02d}", []).append(code)
    return set(table["code"]), names, divisions, dict(zip(table["code"], table["name_tr"]))


def sector_codes() -> list[str]:
    """The harmonised sector codes a selection may name (``T01`` … ``T25``)."""
    return sorted(_reference()[0])


def describe(code: str) -> str:
    """``"T16 Otomotiv Endüstrisi"``: the code and TİM's Turkish name (for messages)."""
    return f"{code} {_reference()[3].get(code, '')}".strip()


def suggest(value: object, n: int = 3) -> list[str]:
    """The sectors whose names are closest to ``value`` (``"T16 Otomotiv Endüstrisi"`` …)."""
    names = _reference()[1]
    close = difflib.get_close_matches(compact(value), list(names), n=n * 4, cutoff=0.5)
    out: list[str] = []
    for key in close:
        label = describe(names[key])
        if label not in out:
            out.append(label)
    return out[:n]


def resolve_sector(value: object) -> str:
    """The harmonised TİM code of one chosen sector given in any spelling (see the module).

    >>> resolve_sector("otomotiv endüstrisi"), resolve_sector("t05"), resolve_sector(14)
    ('T16', 'T05', 'T15')
    """
    codes, names, divisions, _ = _reference()
    if isinstance(value, bool) or value is None or str(value).strip() == "":
        raise SectorError(f"sector {value!r} is empty; expected a TİM sector code (T01–T25), a NACE division "
                          "or a sector name")
    raw = str(value).strip()
    m = re.fullmatch(r"[Tt]\s*0*(\d{1,2})", raw)
    if m:
        code = f"T{int(m.group(1)):02d}"
        if code in codes:
            return code
        raise SectorError(f"sector {value!r}: no harmonised TİM sector {code}; the codes run "
                          f"{min(codes)}–{max(codes)} (T00 and T99 are not sectors)")
    m = re.fullmatch(r"(?:[A-Ua-u]\s*)?(\d{1,2})", raw)
    if m:
        div = f"{int(m.group(1)):02d}"
        found = divisions.get(div, [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise SectorError(f"sector {value!r}: NACE division {div} maps to no TİM export sector "
                              "(services and most non-manufacturing divisions have none); give a TİM code or name")
        raise SectorError(f"sector {value!r}: NACE division {div} is shared by several TİM sectors "
                          f"({', '.join(describe(c) for c in found)}); give one of them")
    key = compact(raw)
    if key in names:
        return names[key]
    hits = sorted({c for k, c in names.items() if len(key) >= 4 and key in k})
    if len(hits) == 1:  # a distinctive part of one name ("fındık", "otomotiv")
        return hits[0]
    close = suggest(raw) if not hits else [describe(c) for c in hits]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise SectorError(f"unknown sector {value!r}: expected a TİM sector code (T01–T25), a NACE division or a "
                      f"sector name{hint}")


def resolve_sectors(values: Iterable[object] | object, *, where: str = "") -> list[str]:
    """Resolve a list of chosen sectors; one error lists every value that could not be resolved.

    The order is kept, duplicates (two spellings of one sector) are dropped. An empty list is refused.
    """
    prefix = f"{where}: " if where else ""
    if isinstance(values, (str, int)) and not isinstance(values, bool):
        values = [values]
    values = list(values) if isinstance(values, Iterable) else [values]
    if not values:
        raise SectorError(f"{prefix}the list of chosen sectors is empty; give at least one sector")
    out, bad = [], []
    for v in values:
        try:
            out.append(resolve_sector(v))
        except SectorError as exc:
            bad.append(str(exc))
    if bad:
        raise SectorError(prefix + "; ".join(bad))
    return list(dict.fromkeys(out))
