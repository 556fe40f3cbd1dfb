"""The one workbook layer every reader in :mod:`helpers.sources` goes through.

Publisher modules (``tuik``, ``sgk``, ``tim``, ``trade``, ``eurostat``) import the shared plumbing
from here and never from one another:

* **opening** ``.xls``/``.xlsx`` workbooks with python-calamine: :func:`read_workbook` (every sheet
  as a :class:`Sheet` grid with its merged ranges) and :func:`read_sheet` (one sheet as a pandas
  grid of raw cells);
* **cells**: :func:`is_empty`, :func:`is_number`, :func:`parse_tr_number` (Turkish number format,
  missing marks → NaN, never zero), :func:`years_in`;
* **finding things by their words** (after :func:`helpers.textnorm.fold`, so ``ARALıK``,
  ``ARALIK`` and ``Aralık`` are the same key): :func:`has_words`, :func:`find_row`;
* **cell-referenced errors**: :func:`where` (``"file, sheet 'S', cell D4 (row 4, column D)"``),
  :func:`cell_error`, and the common base :class:`WorkbookError` of :class:`LayoutError` (the table
  is not laid out as expected) and :class:`CellError` (one cell holds an unexpected value).

Every error names the file, the sheet, the cell, the value found and what was expected.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from helpers.textnorm import fold

EXCEL_SUFFIXES = (".xls", ".xlsx")
#: Years a title, sheet or file name may announce (see :func:`years_in`).
FIRST_YEAR, LAST_YEAR = 2000, 2035


# --------------------------------------------------------------------------------------------------
# Errors and cell references
# --------------------------------------------------------------------------------------------------

class WorkbookError(ValueError):
    """Base of every error a reader raises about a raw table (a ``ValueError``, so callers that
    catch ``ValueError`` keep working). The message names file, sheet, cell, value and expectation."""


class LayoutError(WorkbookError):
    """A raw table does not have the layout its reader expects (names file, sheet, cell, value)."""


class CellError(WorkbookError):
    """One cell holds a value the reader cannot use. Carries ``file``, ``sheet``, ``cell`` (``"C17"``),
    ``value`` and ``expected`` as attributes besides the message."""

    def __init__(self, message: str, *, file: str = "", sheet: str | None = None, cell: str = "",
                 value: Any = None, expected: str = ""):
        super().__init__(message)
        self.file, self.sheet, self.cell, self.value, self.expected = file, sheet, cell, value, expected


def column_letter(col0: int) -> str:
    """Excel column letter of a 0-based column index: ``0 → "A"``, ``27 → "AB"``."""
    n, out = col0 + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_name(row0: int, col0: int) -> str:
    """Excel cell name of 0-based indices: ``cell_name(3, 3) == "D4"``."""
    return f"{column_letter(col0)}{row0 + 1}"


def cell_ref(r: int, c: int) -> str:
    """Excel-style location of a 0-based cell: ``cell_ref(4, 3) == "row 5, column D"``."""
    return f"row {r + 1}, column {column_letter(c)}"


def where(path: Path | str, sheet: str | None = None, row0: int | None = None, col0: int | None = None) -> str:
    """``"<file>, sheet 'T2', cell D4 (row 4, column D)"`` (rows 1-based, as Excel shows them)."""
    parts = [str(path)]
    if sheet is not None:
        parts.append(f"sheet {sheet!r}")
    if row0 is not None and col0 is not None:
        parts.append(f"cell {cell_name(row0, col0)} (row {row0 + 1}, column {column_letter(col0)})")
    elif row0 is not None:
        parts.append(f"row {row0 + 1}")
    elif col0 is not None:
        parts.append(f"column {column_letter(col0)}")
    return ", ".join(parts)


def cell_error(file: str, sheet: str | None, r: int, c: int, problem: str, value: Any, expected: str) -> CellError:
    """A :class:`CellError` naming the file, sheet, cell (Excel row and column), the value and what
    was expected: ``"f.xls, sheet 'S', cell C17 (row 17, column C): not a number 'abc'; expected …"``."""
    return CellError(f"{where(file, sheet, r, c)}: {problem} {value!r}; expected {expected}",
                     file=str(file), sheet=sheet, cell=cell_name(r, c), value=value, expected=expected)


def layout_error(path: Path | str, sheet: str | None, row0: int | None, col0: int | None, found: Any,
                 expected: str) -> LayoutError:
    """``LayoutError("<where>: found <value>; expected <what>")``."""
    return LayoutError(f"{where(path, sheet, row0, col0)}: found {found!r}; expected {expected}")


# --------------------------------------------------------------------------------------------------
# Cells and numbers
# --------------------------------------------------------------------------------------------------
#: Marks TÜİK and SGK print for a missing, suppressed or not-applicable cell: NaN, never zero.
MISSING_MARKS = frozenset({"", "-", "..", "*"})
_TR_THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$")  # 1.234 | 1.234.567 | 1.234,5
_TR_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")  # 1234,5
PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")  # 1234 | 1234.5 | 1.5e3


def is_empty(value: Any) -> bool:
    """None, NaN, NA or a blank string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def is_number(value: Any) -> bool:
    """A real number (not a bool, not NaN) as the cell holds it."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def parse_tr_number(value: object, where: str = "") -> float:
    """Read one number as TÜİK, SGK and TİM print it, as a float.

    * ``NaN``, ``None`` and the missing-value marks ``""``, ``"-"``, ``".."``, ``"*"`` → ``NaN``
      (missing or suppressed: never zero);
    * ``"1.234,5"`` → 1234.5 and ``"1.234"`` → 1234.0 (Turkish format: the dot separates thousands,
      the comma is the decimal mark; a dot followed by groups of exactly three digits is read as a
      thousands separator);
    * ``"1234,5"`` → 1234.5; plain numbers (``12``, ``12.5``, ``"12.5"``, ``"1.5e3"``) pass unchanged;
    * anything else raises ``ValueError`` naming the value (and ``where``, e.g. the file and cell).

    Examples
    --------
    >>> parse_tr_number("1.234,5"), parse_tr_number("1.234"), parse_tr_number(" 12,5 "), parse_tr_number(7)
    (1234.5, 1234.0, 12.5, 7.0)
    >>> import math; math.isnan(parse_tr_number("..")) and math.isnan(parse_tr_number("-"))
    True
    """
    if value is None:
        return math.nan
    if isinstance(value, bool):
        raise ValueError(_number_error(value, where))
    if isinstance(value, numbers.Real):
        return float(value)
    if value is pd.NA or value is pd.NaT:
        return math.nan
    if not isinstance(value, str):
        raise ValueError(_number_error(value, where))
    text = value.replace("\u00a0", " ").strip()
    if text in MISSING_MARKS:
        return math.nan
    if _TR_THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _TR_DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if PLAIN_NUMBER.match(text):
        return float(text)
    raise ValueError(_number_error(value, where))


def _number_error(value: object, where: str) -> str:
    prefix = f"{where}: " if where else ""
    return (f"{prefix}cannot read {value!r} as a number; expected Turkish format such as '1.234' or "
            f"'1.234,5', a plain number such as '1234.5', or a missing-value mark '-', '..', '*' or ''")


def parse_tr_numbers(values: Iterable[object], where: str = "") -> np.ndarray:
    """:func:`parse_tr_number` over many values (float array)."""
    return np.array([parse_tr_number(v, where) for v in values], dtype="float64")


def years_in(text: object, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[int]:
    """Distinct years ``first``–``last`` written in ``text`` (a title, sheet or file name), in order.

    >>> years_in("1 Ocak-31.12.2011"), years_in("il_sektorihr_01_12_2006.xls")
    ([2011], [2006])
    """
    found = [int(y) for y in re.findall(r"(?<!\d)(20[0-3]\d)(?!\d)", str(text))]
    return list(dict.fromkeys(y for y in found if first <= y <= last))


def has_words(value: Any, words: Iterable[str]) -> bool:
    """True when the folded text of ``value`` contains every folded word of ``words`` (as words or
    word prefixes): ``has_words("1 OCAK - 31 ARALıK", ["ocak", "aralik"])``."""
    if is_empty(value):
        return False
    key = f" {fold(value)} "
    return all(f" {fold(w)}" in key for w in words)


# --------------------------------------------------------------------------------------------------
# Opening workbooks
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """One worksheet as a grid of values (0-based rows and columns, starting at cell A1)."""

    name: str
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (row0, col0, row1, col1), inclusive

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int) -> Any:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def text(self, r: int, c: int) -> str:
        """The folded text of a cell ("" when blank)."""
        v = self.cell(r, c)
        return "" if is_empty(v) else fold(v)

    @functools.cached_property
    def _merge_index(self) -> dict[tuple[int, int], tuple[int, int]]:
        out = {}
        for r0, c0, r1, c1 in self.merged:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        out[(r, c)] = (r0, c0)
        return out

    def merge_origin(self, r: int, c: int) -> tuple[int, int] | None:
        """Top-left cell of the merged range covering (r, c), if (r, c) is not itself the top-left."""
        return self._merge_index.get((r, c))


def _check_file(path: Path) -> None:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise LayoutError(f"{path.name}: expected an Excel workbook (.xls or .xlsx), got {path.suffix!r}")
    if path.stat().st_size == 0:
        raise LayoutError(f"{path.name}: the file is empty (0 bytes); expected an Excel workbook as published — "
                          "restore the raw copy described in its .meta.yml sidecar or download it again")


def read_workbook(path: Path | str) -> list[Sheet]:
    """Every sheet of an ``.xls`` or ``.xlsx`` workbook (python-calamine picks the format from the
    content). An empty, truncated or mislabelled file raises a :class:`LayoutError` naming the file."""
    path = Path(path)
    _check_file(path)
    wb = None
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in wb.sheet_names:
            sh = wb.get_sheet_by_name(name)
            merged = tuple((a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or ()))
            sheets.append(Sheet(name, sh.to_python(skip_empty_area=False), merged))
    except Exception as exc:  # calamine raises its own error types (ZipError, CalamineError, XmlError…)
        kind = "Excel 97–2003 (.xls)" if path.suffix.lower() == ".xls" else "Excel (.xlsx)"
        raise LayoutError(f"{path.name}: cannot be read as an {kind} workbook ({type(exc).__name__}: {exc}); "
                          "the file may be truncated, damaged or not what its name says — restore the raw copy "
                          "described in its .meta.yml sidecar or download it again") from exc
    finally:
        if wb is not None:
            wb.close()
    return sheets


def read_sheet(path: Path | str, sheet: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read one sheet of an Excel workbook as a grid of raw cells (``header=None``, object dtype,
    row ``i`` of the grid is Excel row ``i + 1``) with the fast calamine engine.

    ``sheet`` is the published sheet name; if the workbook has no such sheet but only one sheet,
    that sheet is read (the layout checks of the caller decide). Empty, truncated or non-Excel
    files raise ``ValueError`` (a :class:`WorkbookError`) naming the file.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LayoutError(f"{path}: the file is empty (0 bytes); expected an Excel workbook as published "
                          "(restore the raw copy described in its .meta.yml sidecar)")
    try:
        with pd.ExcelFile(path, engine="calamine") as xl:
            names = [str(s) for s in xl.sheet_names]
            if sheet is not None and sheet in names:
                chosen = sheet
            elif len(names) == 1:
                chosen = names[0]
            else:
                raise LayoutError(f"{path}: no sheet {sheet!r}; found sheets {names}; expected the "
                                  f"published sheet {sheet!r} (or a workbook with a single sheet)")
            grid = pd.read_excel(xl, sheet_name=chosen, header=None, dtype=object)
    except LayoutError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise LayoutError(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); "
                          "the file may be truncated, damaged or not a workbook — restore the raw copy "
                          "described in its .meta.yml sidecar") from exc
    if grid.empty:
        raise LayoutError(f"{where(path, chosen)}: the sheet is empty; expected the published table")
    return grid, chosen


def excel_files(folder: Path, prefix: str = "", recursive: bool = False) -> list[Path]:
    """The ``.xls``/``.xlsx`` files of ``folder`` (and its subfolders with ``recursive``) whose names
    start with ``prefix`` (case-insensitive), without Excel's ``~$`` lock files and hidden files, sorted."""
    if not folder.exists():
        return []
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found
                  if p.is_file() and p.suffix.lower() in EXCEL_SUFFIXES and not p.name.startswith(("~$", "."))
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and p.name.upper().startswith(prefix))


# --------------------------------------------------------------------------------------------------
# Finding rows and columns by their words
# --------------------------------------------------------------------------------------------------

def find_row(sheet: Sheet, test, max_rows: int = 40, start: int = 0) -> int | None:
    """The first row (0-based, from ``start``, within ``max_rows``) for which ``test(row_values)`` is
    true; None if there is none."""
    for r in range(start, min(len(sheet.rows), start + max_rows)):
        if test(sheet.rows[r]):
            return r
    return None


def columns_with(row: Sequence[Any], words: Iterable[str]) -> list[int]:
    """The columns of ``row`` whose text holds every one of ``words`` (folded)."""
    words = list(words)
    return [c for c, v in enumerate(row) if has_words(v, words)]
