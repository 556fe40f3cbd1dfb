"""The follow-up file of ``reports --follow-up FILE``: a YAML list of past selections, checked whole
before any kernel starts.

Format (one entry per selection; ``config/follow_up.example.yml`` is an example)::

    - province: Trabzon            # any spelling: name, plate code, NUTS-3 or ISO code
      selection_year: 2012         # year the sectors were chosen (a year of the TİM exports data)
      sectors: [T05, "Su ürünleri"]  # TİM codes, NACE divisions or names in any spelling
      label: Kümelenme projesi     # optional: the programme's name (shown in the title and the index)
      end_year: 2023               # optional: last year followed (default: the latest year with data)

Every problem of every entry is reported at once, each naming the file, the entry (its position,
counted from 1, and its label) and the value: an unknown key, a province or sector that cannot be
resolved (close matches offered), an empty sector list, a selection year outside the data (or too
early for the evaluation then), an end year not after the selection year, and one province twice
with the same selection year and label (conflicting or repeated entries would write the same report).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers import provinces
from helpers.io import read_yaml
from helpers.textnorm import slugify

from .sectors import SectorError, resolve_sectors
from .then import DEFAULT_DATA_LAG, data_year

NOTEBOOK = "04_follow_up"
REQUIRED = ("province", "selection_year", "sectors")
OPTIONAL = ("label", "end_year")


class FollowUpFileError(ValueError):
    """The follow-up file is unreadable or an entry is wrong (the message names file, entry and value)."""


@dataclass(frozen=True)
class Entry:
    index: int                    # position in the file, from 1
    plate: int
    selection_year: int
    sectors: tuple[str, ...]      # as written in the file (the notebook resolves them the same way)
    codes: tuple[str, ...]        # resolved harmonised TİM codes
    label: str = ""
    end_year: int = 0             # 0: the latest year with data

    @property
    def name(self) -> str:
        """The report's file name without language or extension, from the selection year and the
        label (the province is the folder): ``04_follow_up-2012`` or ``04_follow_up-2012-kume-projesi``."""
        slug = slugify(self.label)
        return f"{NOTEBOOK}-{self.selection_year}" + (f"-{slug}" if slug else "")

    def parameters(self) -> dict[str, Any]:
        """The notebook parameters of this entry (``province`` and ``language`` are set by the runner)."""
        return {"selection_year": self.selection_year, "sectors": list(self.sectors), "end_year": self.end_year,
                "label": self.label}


def _where(path: Path, i: int, raw: Any) -> str:
    label = raw.get("label") if isinstance(raw, dict) else None
    return f"{path}: entry {i}" + (f" ({label!r})" if label else "")


def read(path: Path | str) -> list[Any]:
    """The raw entries of the file (a YAML list), or :class:`FollowUpFileError`."""
    path = Path(path)
    try:
        data = read_yaml(path)
    except FileNotFoundError:
        raise FollowUpFileError(f"{path}: follow-up file not found") from None
    except UnicodeDecodeError as exc:
        raise FollowUpFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except (OSError, yaml.YAMLError) as exc:
        raise FollowUpFileError(f"{path}: cannot read the follow-up file ({exc})") from None
    if not isinstance(data, list) or not data:
        raise FollowUpFileError(f"{path}: expected a non-empty YAML list of entries (- province: …, selection_year: …, "
                                f"sectors: […]), found {type(data).__name__}")
    return data


def _entry(path: Path, i: int, raw: Any, years: list[int] | None, problems: list[str]) -> Entry | None:
    where = _where(path, i, raw)
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping with the keys {', '.join(REQUIRED)} (and optionally "
                        f"{', '.join(OPTIONAL)}), found {raw!r}")
        return None
    before = len(problems)
    unknown = sorted(set(map(str, raw)) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    plate = None
    if "province" in raw:
        try:
            plate = provinces.resolve(raw["province"])
        except ValueError as exc:
            problems.append(f"{where}: province: {exc}")
    codes: list[str] = []
    sectors = raw.get("sectors")
    if "sectors" in raw:
        if isinstance(sectors, (str, int)) and not isinstance(sectors, bool):
            sectors = [sectors]
        if not isinstance(sectors, list):
            problems.append(f"{where}: sectors {sectors!r} is not a list; expected e.g. [T05, T09]")
        else:
            try:
                codes = resolve_sectors(sectors)
            except SectorError as exc:
                problems.append(f"{where}: sectors {sectors!r}: {exc}")
    label = raw.get("label", "")
    if label is None or not isinstance(label, (str, int, float)) or isinstance(label, bool):
        problems.append(f"{where}: label {label!r} is not text")
        label = ""
    years_ok = _check_years(where, raw, years, problems)
    if len(problems) > before or plate is None or not years_ok:
        return None
    return Entry(index=i, plate=plate, selection_year=int(raw["selection_year"]), sectors=tuple(map(str, sectors)),
                 codes=tuple(codes), label=str(label).strip(), end_year=int(raw.get("end_year") or 0))


def _check_years(where: str, raw: dict, years: list[int] | None, problems: list[str]) -> bool:
    sel, end = raw.get("selection_year"), raw.get("end_year", 0)
    ok = True
    for name, value in (("selection_year", sel), ("end_year", end)):
        if name in raw and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(f"{where}: {name} {value!r} is not a year; expected a whole number such as 2012"
                            + (" (or 0 for the latest year)" if name == "end_year" else ""))
            ok = False
    if not ok or sel is None:
        return False
    if end and end <= sel:
        problems.append(f"{where}: end_year {end} is not after selection_year {sel}")
        return False
    if years is None:  # the exports table is not built yet: checked again once it is
        return True
    shown = ", ".join(map(str, sorted(years)))
    if sel not in years:
        problems.append(f"{where}: selection_year {sel} is not in the TİM exports data; years present: {shown}")
        return False
    if end and end not in years:
        problems.append(f"{where}: end_year {end} is not in the TİM exports data; years present: {shown}")
        return False
    if not end and sel >= max(years):
        problems.append(f"{where}: selection_year {sel} is the latest year of the data: nothing follows it yet")
        return False
    try:
        data_year(sel, DEFAULT_DATA_LAG, years)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        return False
    return True


def load(path: Path | str, years: list[int] | None = None) -> list[Entry]:
    """Read and check the follow-up file: every entry, every problem at once.

    ``years``: the years of the TİM exports table (None when it is not built yet: the years are then
    checked by a second call once it is). Raises :class:`FollowUpFileError` listing the problems."""
    path = Path(path)
    problems: list[str] = []
    entries = [e for i, raw in enumerate(read(path), start=1) if (e := _entry(path, i, raw, years, problems))]
    seen: dict[tuple[int, str], Entry] = {}
    for e in entries:
        key = (e.plate, e.name)
        if key in seen:
            first = seen[key]
            same = (first.codes, first.end_year) == (e.codes, e.end_year)
            what = "repeats" if same else "conflicts with"
            problems.append(f"{path}: entry {e.index}" + (f" ({e.label!r})" if e.label else "")
                            + f" {what} entry {first.index}: {provinces.name(e.plate)} with selection_year "
                            f"{e.selection_year} and label {e.label!r} twice"
                            + ("" if same else f" (sectors {list(first.sectors)} vs {list(e.sectors)}, end_year "
                               f"{first.end_year} vs {e.end_year})")
                            + "; give each selection once, or a distinct label")
        else:
            seen[key] = e
    if problems:
        raise FollowUpFileError(f"{len(problems)} problem(s) in the follow-up file:\n  " + "\n  ".join(problems))
    return entries
