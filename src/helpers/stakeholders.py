"""Stakeholder consultation sheets (xlsx): write, read back, validate, aggregate.

The qualitative criteria of ``config/criteria.yml`` (sector association, joint projects,
university programmes, infrastructure, access to inputs) are scored 1-5 by stakeholders --
chambers, the development agency, universities, NGOs -- for the shortlisted sectors of a
province, as in the 2011-2013 project where stakeholders discussed the quantitative results.

Workbook written by :func:`write_sheet`
--------------------------------------
The sheet is written in one language, ``lang="tr"`` (default) or ``"en"``: sheet names, texts and
headings come from the text catalogue (``stakeholders.*``). Reading accepts either language: the
scoring sheet is found under its Turkish or English name and the columns by the machine keys.

- ``Yönerge`` / ``Instructions`` -- the purpose, how to fill in, the scale, the questions, the figures.
- ``Puanlama`` / ``Scoring`` -- the scoring sheet:

  ========  ==================================================================================
  rows      content
  ========  ==================================================================================
  1-2       title, scale
  3-6       respondent fields in column C: name, organisation (required), organisation type,
            date
  8         column headings (a question's short label)
  9         the question in full (in English sheets: the Turkish question as asked)
  10        machine keys (``nace_division``, ``sector``, ``insured``, ``workplaces``, ``lq``,
            the qualitative item ids, ``comment``) -- used when reading back
  11...     one row per shortlisted sector: code (A), name (B), insured (C), workplaces (D),
            LQ (E), one column per qualitative item (whole number 1-5, data validation), comment
  ========  ==================================================================================

- ``_meta`` (hidden) -- format version, criteria version, province, plate, sector codes.

:func:`read_sheets` reads every ``*.xlsx`` of a folder and raises :class:`StakeholderSheetError`
listing every problem with file, sheet, cell, value and what was expected.
:func:`aggregate` gives per sector x item the median, quartiles, IQR and number of respondents;
its output can be passed to :func:`helpers.criteria.evaluate` as ``qualitative=``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import text as _text
from .criteria import CriteriaConfig
from helpers.exceptions import InputRefused

__all__ = [
    "FORMAT_VERSION",
    "INSTRUCTIONS_SHEET",
    "SCORING_SHEET",
    "SHEETS",
    "StakeholderSheetError",
    "aggregate",
    "read_sheets",
    "write_sheet",
]

FORMAT_VERSION = "1"
INSTRUCTIONS_SHEET = "Yönerge"  # the sheet names of a Turkish sheet (the default); see SHEETS
SCORING_SHEET = "Puanlama"
META_SHEET = "_meta"

HEADER_ROW, SUBTITLE_ROW, KEY_ROW, FIRST_DATA_ROW = 8, 9, 10, 11
FIELD_COL = 3  # column C holds the respondent fields
FIELDS = {  # key: (row, Turkish label, English label, required); labels: catalogue stakeholders.field.*
    "respondent": (3, "Katılımcı adı soyadı", "Respondent name", False),
    "organisation": (4, "Kurum", "Organisation", True),
    "organisation_type": (5, "Kurum türü", "Organisation type", False),
    "date": (6, "Tarih", "Date", False),
}
#: The sheet names in each language; reading accepts either.
SHEETS = {"tr": ("Yönerge", "Puanlama"), "en": ("Instructions", "Scoring")}
#: Fixed columns of the scoring sheet per basis: key, width, (source column of the sector table,
#: cell format). The first is the sector code the sheet is keyed by (the basis' key column), the
#: second the sector name. Headings come from the catalogue (``stakeholders.column.<basis>.<key>``).
LAYOUTS: dict[str, list[tuple[str, int, str, str]]] = {
    "employment": [
        ("nace_division", 8, "nace_division", "code"),
        ("sector", 36, "nace_label", "label"),
        ("insured", 12, "insured", "int"),
        ("workplaces", 10, "workplaces", "int"),
        ("lq", 10, "lq", "ratio"),
    ],
    "exports": [
        ("sector", 8, "sector", "code"),
        ("sector_label", 36, "sector_label", "label"),
        ("export_usd", 14, "export_usd", "thousand"),
        ("rca", 12, "rca", "ratio"),
        ("growth", 10, "growth", "pct"),
    ],
}
FIXED_COLUMNS = [c[0] for c in LAYOUTS["employment"]]  # keys of the fixed columns (employment basis)


def _layout(config: CriteriaConfig) -> list[tuple[str, int, str, str]]:
    return LAYOUTS[config.basis]


def _t(key: str, lang: str, **values: Any) -> str:
    return _text.t(f"stakeholders.{key}", lang, **values)


COMMENT_KEY = "comment"
SCALE = (1, 2, 3, 4, 5)  # labels: catalogue stakeholders.scale.<n>

_BOLD = Font(bold=True)
_SUB = Font(italic=True, color="555555")
_KEY = Font(size=8, color="999999")
_INPUT = PatternFill("solid", fgColor="FFF7D6")
_HEAD = PatternFill("solid", fgColor="DDE7F0")
_WRAP = Alignment(wrap_text=True, vertical="top")


class StakeholderSheetError(InputRefused):  # a ValueError too (helpers.exceptions)
    """One or more problems in consultation sheets; ``problems`` lists them one by one.

    Each problem is a dict with ``file``, ``sheet``, ``cell``, ``value``, ``message``.
    """

    def __init__(self, problems: list[dict[str, Any]]):
        self.problems = problems
        lines = [p["message"] for p in problems]
        head = f"{len(problems)} problem(s) in stakeholder sheets:" if len(problems) > 1 else "stakeholder sheet problem:"
        super().__init__(head + "\n  " + "\n  ".join(lines))


def _problem(file: Path, sheet: str | None, cell: str | None, value: Any, expected: str) -> dict[str, Any]:
    where = f"{file.name}"
    if sheet:
        where += f", sheet '{sheet}'"
    if cell:
        where += f", cell {cell}"
    got = f": value {value!r}" if value is not None else ""
    return {"file": str(file), "sheet": sheet, "cell": cell, "value": value, "message": f"{where}{got}; {expected}"}


# ============================================================================================
# writing
# ============================================================================================
def _sector_codes(sectors, key: str = "nace_division") -> list[str]:
    if isinstance(sectors, pd.DataFrame):
        if key not in sectors.columns:
            raise ValueError(f"sectors table needs a {key} column; has {list(sectors.columns)}")
        values = sectors[key].tolist()
    elif isinstance(sectors, pd.Series):
        values = sectors.tolist()
    else:
        values = list(sectors)
    out = []
    for v in values:
        code = _code(v, key)
        if code is None:
            what = "NACE division" if key == "nace_division" else "harmonised TİM sector"
            raise ValueError(f"not a {what} code: {v!r}")
        out.append(code)
    return out


def _code(v: Any, key: str = "nace_division") -> str | None:
    if v is None or isinstance(v, bool):
        return None
    if key != "nace_division":  # harmonised TİM sector, "T05"
        s = str(v).strip().upper()
        return s if re.fullmatch(r"T\d{2}", s) and s != "T00" else None
    if isinstance(v, (int, np.integer)):
        return f"{int(v):02d}" if 1 <= int(v) <= 99 else None
    if isinstance(v, float):
        return f"{int(v):02d}" if v.is_integer() and 1 <= v <= 99 else None
    s = str(v).strip()
    return f"{int(s):02d}" if re.fullmatch(r"\d{1,2}", s) and 1 <= int(s) <= 99 else None


def _input_cells(ws, n_items: int, n_rows: int) -> list[Any]:
    vals = [ws.cell(row=r, column=FIELD_COL).value for r, *_ in FIELDS.values()]
    first = len(FIXED_COLUMNS) + 1
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + n_rows):
        for c in range(first, first + n_items + 1):  # items + comment
            vals.append(ws.cell(row=r, column=c).value)
    return vals


def _is_filled(path: Path) -> bool:
    """True if an existing sheet has any respondent input (or cannot be read as ours)."""
    try:
        wb = load_workbook(path, data_only=True)
    except Exception:
        return True
    try:
        found = [names[1] for names in SHEETS.values() if names[1] in wb.sheetnames]
        if not found:
            return True
        ws = wb[found[0]]
        keys = [ws.cell(row=KEY_ROW, column=c).value for c in range(1, ws.max_column + 1)]
        n_items = max(0, len([k for k in keys if k]) - len(FIXED_COLUMNS) - 1)
        n_rows = max(0, ws.max_row - FIRST_DATA_ROW + 1)
        return any(v not in (None, "") for v in _input_cells(ws, n_items, n_rows))
    finally:
        wb.close()


def write_sheet(path: str | Path, province_name: str, sectors_table: pd.DataFrame, config: CriteriaConfig,
                *, overwrite: bool = False, plate: int | None = None, lang: str = "tr") -> Path:
    """Write a consultation workbook for one province's shortlisted sectors.

    Parameters
    ----------
    path : path of the ``.xlsx`` to write (its folder must exist)
    province_name : shown in titles, e.g. ``"Kahramanmaraş"``
    sectors_table : DataFrame
        One row per shortlisted sector with ``nace_division``, ``insured``, ``workplaces``,
        ``lq`` and optionally ``nace_label`` and ``plate`` -- e.g. ``evaluate(...).top(8)``.
    config : CriteriaConfig
        Supplies the qualitative items (questions, subtitles, ids) and the version.
    overwrite : bool
        An existing sheet that somebody has started filling is never replaced unless True; an
        untouched (empty) sheet is replaced.
    plate : int, optional
        Province plate code (taken from ``sectors_table['plate']`` if present).
    lang : ``"tr"`` (default) or ``"en"``
        Language of the sheet names, instructions, headings and messages (texts from the catalogue,
        ``stakeholders.*``); :func:`read_sheets` reads sheets in either language.

    Returns
    -------
    Path of the written file. The workbook is saved to a temporary file in the same folder and
    moved into place with :func:`os.replace`, so a crash never leaves a half-written sheet.
    """
    path = Path(path)
    lang = _text.check_language(lang)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"consultation sheets are .xlsx files; got {path.name}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"folder does not exist: {path.parent}")
    items = config.qualitative_items
    if not items:
        raise ValueError(f"{config.source}: the criteria file has no qualitative items to score")
    if not isinstance(sectors_table, pd.DataFrame) or len(sectors_table) == 0:
        raise ValueError("sectors_table must be a non-empty DataFrame of shortlisted sectors")
    need = [src for *_, src, fmt in _layout(config) if fmt != "label"]
    missing = [c for c in need if c not in sectors_table.columns]
    if missing:
        raise ValueError(f"sectors_table lacks column(s) {missing}; available: {list(sectors_table.columns)}")
    codes = _sector_codes(sectors_table, config.key)
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate sector codes in sectors_table: {codes}")
    if plate is None and "plate" in sectors_table.columns:
        plate = int(sectors_table["plate"].iloc[0])
    if path.exists() and not overwrite and _is_filled(path):
        raise FileExistsError(f"{path} exists and has been filled in (or is not an empty consultation sheet); "
                              f"refusing to overwrite it -- pass overwrite=True or choose another file name")

    wb = Workbook()
    _write_instructions(wb.active, province_name, config, lang)
    ws = wb.create_sheet(SHEETS[lang][1])
    _write_scoring(ws, province_name, sectors_table.reset_index(drop=True), codes, config, lang)
    meta = wb.create_sheet(META_SHEET)
    for r, (k, v) in enumerate([
        ("format_version", FORMAT_VERSION), ("criteria_version", config.version), ("criteria_file", config.source),
        ("basis", config.basis), ("language", lang),
        ("province", province_name), ("plate", plate), ("written", _dt.date.today().isoformat()),
        ("sectors", ",".join(codes)), ("items", ",".join(i.id for i in items)),
    ], start=1):
        meta.cell(row=r, column=1, value=k)
        meta.cell(row=r, column=2, value=v)
    meta.sheet_state = "hidden"
    wb.active = wb.sheetnames.index(SHEETS[lang][0])

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write_instructions(ws, province: str, config: CriteriaConfig, lang: str = "tr") -> None:
    ws.title = SHEETS[lang][0]
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 110
    lines: list[tuple[str, str, Font | None]] = [
        ("", _t("title", lang, province=province), Font(bold=True, size=14)),
        ("", "", None),
        ("", _t("purpose", lang), None),
        ("", "", None),
        ("", _t("how", lang), _BOLD),
        ("1.", _t("step1", lang, sheet=SHEETS[lang][1]), None),
        ("2.", _t("step2", lang), None),
        ("3.", _t("step3", lang, comment=_t("comment", lang)), None),
        ("4.", _t("step4", lang), None),
        ("5.", _t("step5", lang), None),
        ("", "", None),
        ("", _t("scale_heading", lang), _BOLD),
    ]
    lines += [(str(v), _t(f"scale.{v}", lang), None) for v in SCALE]
    lines += [("", "", None), ("", _t("questions", lang), _BOLD)]
    for h in config.headings:
        for it in h.qualitative:
            if lang == "en":
                lines.append(("•", f"[{h.label_en}] {it.subtitle_en}", None))
                lines.append(("", f"[{h.label_tr}] {it.question_tr}", _SUB))  # the question as asked in the meeting
            else:
                lines.append(("•", f"[{h.label_tr}] {it.question_tr}", None))
    lines += [
        ("", "", None), ("", _t("figures", lang), _BOLD),
        ("", _t(f"figures_text.{config.basis}", lang), None),
        ("", "", None),
        ("", _t("version", lang, version=config.version), _KEY),
    ]
    for r, (a, b, font) in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=a or None)
        c = ws.cell(row=r, column=2, value=b or None)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            c.font = font


def _write_scoring(ws, province: str, table: pd.DataFrame, codes: list[str], config: CriteriaConfig,
                   lang: str = "tr") -> None:
    items = config.qualitative_items
    heading_of = {h.key: h for h in config.headings}
    ws["A1"] = _t("scoring_title", lang, province=province)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _t("scoring_scale", lang)
    ws["A2"].font = _SUB
    for key, (row, _tr, _en, required) in FIELDS.items():
        lab = ws.cell(row=row, column=2, value=_t(f"field.{key}", lang) + (" *" if required else ""))
        lab.font = _BOLD
        cell = ws.cell(row=row, column=FIELD_COL)
        cell.fill = _INPUT
        cell.protection = Protection(locked=False)
    org = DataValidation(type="list", formula1='"' + _t("org_types", lang) + '"', allow_blank=True,
                         showErrorMessage=False)
    ws.add_data_validation(org)
    org.add(ws.cell(row=FIELDS["organisation_type"][0], column=FIELD_COL).coordinate)

    layout = _layout(config)
    def item_texts(it) -> tuple[str, str | None]:
        """(heading cell, subtitle cell) of a question column: the short label and the question."""
        h = heading_of[it.heading]
        if lang == "en":
            return f"{h.label_en}: {it.subtitle_en}", it.question_tr  # the question as asked in the meeting
        return f"{h.label_tr}: {it.label_tr or it.question_tr}", it.question_tr if it.label_tr else None

    columns = [(key, _t(f"column.{config.basis}.{key}", lang), None, width) for key, width, *_ in layout] + [
        (it.id, *item_texts(it), 22) for it in items] + [(COMMENT_KEY, _t("comment", lang), None, 40)]
    for c, (key, head, sub, width) in enumerate(columns, start=1):
        h = ws.cell(row=HEADER_ROW, column=c, value=head)
        h.font, h.fill, h.alignment = _BOLD, _HEAD, _WRAP
        s = ws.cell(row=SUBTITLE_ROW, column=c, value=sub)
        s.font, s.alignment = _SUB, _WRAP
        ws.cell(row=KEY_ROW, column=c, value=key).font = _KEY
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 60
    ws.row_dimensions[SUBTITLE_ROW].height = 45

    first_item = len(layout) + 1
    last_item = first_item + len(items) - 1
    for i, code in enumerate(codes):
        r = FIRST_DATA_ROW + i
        row = table.iloc[i]
        for c, (*_, src, fmt) in enumerate(layout, start=1):
            if fmt == "code":
                ws.cell(row=r, column=c, value=code).number_format = "@"
                continue
            v = row.get(src) if src in table.columns else None
            if v is None or pd.isna(v):
                ws.cell(row=r, column=c, value=None)
            elif fmt == "label":
                ws.cell(row=r, column=c, value=str(v))
            elif fmt == "int":
                ws.cell(row=r, column=c, value=int(round(float(v))))
            elif fmt == "thousand":
                ws.cell(row=r, column=c, value=int(round(float(v) / 1000))).number_format = "#,##0"
            elif fmt == "pct":
                ws.cell(row=r, column=c, value=round(100 * float(v), 1)).number_format = "0.0"
            else:
                ws.cell(row=r, column=c, value=round(float(v), 2)).number_format = "0.00"
        for c in range(first_item, last_item + 2):  # items + comment
            cell = ws.cell(row=r, column=c)
            cell.fill = _INPUT
            cell.protection = Protection(locked=False)
    last_row = FIRST_DATA_ROW + len(codes) - 1
    dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                        showErrorMessage=True, errorTitle=_t("invalid_title", lang), error=_t("invalid", lang),
                        showInputMessage=True, promptTitle=_t("prompt_title", lang), prompt=_t("scoring_scale", lang))
    ws.add_data_validation(dv)
    dv.add(f"{get_column_letter(first_item)}{FIRST_DATA_ROW}:{get_column_letter(last_item)}{last_row}")
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


# ============================================================================================
# reading
# ============================================================================================
def _score(value: Any) -> tuple[int | None, str | None]:
    """(score, None) or (None, kind) with kind 'missing' | 'formula' | 'non-integer' | 'out-of-range'.

    The workbook is read with its formulas (not the values Excel cached): a formula (``=1+1``) is
    reported as a formula, never read as a missing score or as a number it happened to show."""
    if _is_formula(value):
        return None, "formula"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "missing"
    if isinstance(value, bool):
        return None, "non-integer"
    if isinstance(value, str):
        s = value.strip()
        if not re.fullmatch(r"[+-]?\d+", s):
            return None, "non-integer"
        value = int(s)
    if isinstance(value, (int, np.integer)):
        v = int(value)
    elif isinstance(value, float):
        if not np.isfinite(value) or not value.is_integer():
            return None, "non-integer"
        v = int(value)
    else:
        return None, "non-integer"
    return (v, None) if 1 <= v <= 5 else (None, "out-of-range")


_EXPECT = "expected a whole number from 1 to 5"


def _is_formula(value: Any) -> bool:
    """True for a cell that holds a formula (openpyxl without ``data_only``: text starting with
    ``=``, or an array/data-table formula object)."""
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in ("ArrayFormula",
                                                                                          "DataTableFormula")


def _read_one(file: Path, config: CriteriaConfig, expected: list[str], allow_missing: bool):
    problems: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    try:
        wb = load_workbook(file, data_only=False)  # formulas as written: a formula is reported, not guessed at
    except Exception as exc:  # corrupt or not an xlsx
        return [], [_problem(file, None, None, None, f"cannot be opened as an xlsx workbook ({type(exc).__name__}: {exc})")]
    try:
        wrong = _wrong_province(file, wb)
        if wrong:
            return [], [wrong]
        names = [SHEETS[lang][1] for lang in SHEETS]
        found = [n for n in names if n in wb.sheetnames]
        if not found:
            return [], [_problem(file, None, None, None, f"no sheet named {' or '.join(map(repr, names))} "
                                                         f"(sheets: {wb.sheetnames}); expected a sheet written by "
                                                         "helpers.stakeholders.write_sheet")]
        sh = found[0]
        ws = wb[sh]
        # --- key row: which column is which
        item_ids = [i.id for i in config.qualitative_items]
        fixed = [k for k, *_ in _layout(config)]
        code_key = config.key
        col_of: dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(row=KEY_ROW, column=c)
            key = cell.value
            if key in (None, ""):
                continue
            key = str(key).strip()
            if key not in fixed and key not in item_ids and key != COMMENT_KEY:
                problems.append(_problem(file, sh, cell.coordinate, key,
                                         f"unknown item column; expected one of the criteria items {item_ids} "
                                         f"(criteria version {config.version})"))
                continue
            if key in col_of:
                problems.append(_problem(file, sh, cell.coordinate, key, f"column key appears twice (also in "
                                                                         f"{get_column_letter(col_of[key])}{KEY_ROW})"))
                continue
            col_of[key] = c
        for key in [code_key, *item_ids]:
            if key not in col_of:
                problems.append(_problem(file, sh, None, None,
                                         f"column '{key}' missing from the grey key row {KEY_ROW}; expected every "
                                         f"qualitative item of criteria version {config.version}"))
        if problems:
            return [], problems
        # --- respondent fields
        fields = {}
        for key, (row, tr, en, required) in FIELDS.items():
            cell = ws.cell(row=row, column=FIELD_COL)
            v = cell.value
            if isinstance(v, (_dt.datetime, _dt.date)):
                v = v.date().isoformat() if isinstance(v, _dt.datetime) else v.isoformat()
            v = None if v is None or str(v).strip() == "" else str(v).strip()
            if required and v is None:
                problems.append(_problem(file, sh, cell.coordinate, None, f"{tr} / {en} is empty; expected the "
                                                                          "respondent's organisation"))  # developer message
            fields[key] = v
        # --- data rows
        seen: dict[str, str] = {}
        code_col = col_of[code_key]
        for r in range(FIRST_DATA_ROW, ws.max_row + 1):
            code_cell = ws.cell(row=r, column=code_col)
            values = {k: ws.cell(row=r, column=col_of[k]) for k in item_ids}
            if code_cell.value in (None, "") and all(c.value in (None, "") for c in values.values()):
                continue
            code = _code(code_cell.value, code_key)
            if code is None:
                problems.append(_problem(file, sh, code_cell.coordinate, code_cell.value,
                                         f"not a sector code; expected one of the shortlisted divisions {expected}"))
                continue
            if code not in expected:
                problems.append(_problem(file, sh, code_cell.coordinate, code_cell.value,
                                         f"unknown sector code; expected one of the shortlisted divisions {expected}"))
                continue
            if code in seen:
                problems.append(_problem(file, sh, code_cell.coordinate, code_cell.value,
                                         f"sector listed twice (also in {seen[code]})"))
                continue
            seen[code] = code_cell.coordinate
            comment = ws.cell(row=r, column=col_of[COMMENT_KEY]).value if COMMENT_KEY in col_of else None
            for item, cell in values.items():
                score, kind = _score(cell.value)
                if kind == "missing" and allow_missing:
                    continue
                if kind is not None:
                    what = {"missing": "missing score", "non-integer": "not a whole number",
                            "out-of-range": "out of range", "formula": "a formula, not a score"}[kind]
                    expect = f"type the value itself, {_EXPECT[9:]}" if kind == "formula" else _EXPECT
                    problems.append(_problem(file, sh, cell.coordinate, cell.value,
                                             f"{what} for item {item}, division {code}; {expect}"))
                    continue
                records.append({"file": file.name, **fields, code_key: code, "item": item, "score": score,
                                "comment": None if comment in (None, "") else str(comment)})
        for code in expected:
            if code not in seen:
                problems.append(_problem(file, sh, None, None,
                                         f"shortlisted division {code} has no row; expected one row per sector "
                                         f"({expected}) -- do not delete rows"))
        return records, problems
    finally:
        wb.close()


def _wrong_province(file: Path, wb) -> dict[str, Any] | None:
    """A sheet written for another province than its folder's (``<plate>-<slug>/``): one clear
    problem instead of a sector-code error per row."""
    import re

    m = re.match(r"^(\d{1,2})-", file.parent.name)
    if not m or META_SHEET not in wb.sheetnames:
        return None
    meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if r[0]}
    try:
        plate = int(meta.get("plate"))
    except (TypeError, ValueError):
        return None
    folder_plate = int(m.group(1))
    if plate == folder_plate:
        return None
    return _problem(file, None, None, None,
                    f"wrong province: this sheet was written for {meta.get('province')} ({plate:02d}) but lies in "
                    f"the folder of province {folder_plate:02d} ({file.parent.name}); move it to that province's "
                    "folder or hand out this province's own sheet (tools/stakeholder_sheet.py)")


def read_sheets(folder: str | Path, config: CriteriaConfig, sectors: Iterable | pd.DataFrame,
                *, allow_missing: bool = False) -> pd.DataFrame:
    """Read and validate every ``*.xlsx`` consultation sheet in ``folder``.

    Parameters
    ----------
    folder : folder with the returned sheets (``~$`` lock files and hidden files are skipped)
    config : CriteriaConfig (the items expected)
    sectors : the shortlisted division codes (iterable, Series or DataFrame with ``nace_division``)
    allow_missing : if True an empty score cell is skipped instead of being an error

    Returns
    -------
    DataFrame, one row per file x sector x item: ``file, respondent, organisation,
    organisation_type, date, nace_division, item, score, comment``.

    Raises
    ------
    StakeholderSheetError
        Listing every problem, e.g. ``anka_oda.xlsx, sheet 'Puanlama', cell F12: value 7; out of
        range for item ag_dernek, division 10; expected a whole number from 1 to 5``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"folder does not exist: {folder}")
    expected = _sector_codes(sectors, config.key)
    files = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", ".")))
    if not files:
        raise StakeholderSheetError([_problem(folder, None, None, None, "no *.xlsx consultation sheets in this folder")])
    records, problems = [], []
    for f in files:
        rec, prob = _read_one(f, config, expected, allow_missing)
        records += rec
        problems += prob
    if problems:
        raise StakeholderSheetError(problems)
    cols = ["file", *FIELDS, config.key, "item", "score", "comment"]
    out = pd.DataFrame(records, columns=cols)
    out["score"] = out["score"].astype("int64")
    return out


# ============================================================================================
# aggregation
# ============================================================================================
def aggregate(responses: pd.DataFrame, disagreement_iqr: float = 2.0) -> pd.DataFrame:
    """Median and spread of the scores per sector x item.

    Returns
    -------
    DataFrame with ``nace_division, item, n`` (respondents), ``median``, ``q1``, ``q3``,
    ``iqr`` (q3 - q1, linear-interpolation quartiles), ``min``, ``max`` and
    ``high_disagreement`` (``iqr >= disagreement_iqr``). Pass it to
    ``criteria.evaluate(..., qualitative=...)``; the median is used.
    """
    key = "nace_division" if "nace_division" in responses.columns or "sector" not in responses.columns else "sector"
    need = {key, "item", "score"}
    if not need <= set(responses.columns):
        raise ValueError(f"responses need columns {sorted(need)}; got {list(responses.columns)}")
    rows = []
    for (div, item), g in responses.groupby([key, "item"], sort=True):
        s = g["score"].dropna().to_numpy(dtype=float)
        if len(s) == 0:
            rows.append({key: div, "item": item, "n": 0})
            continue
        q1, med, q3 = np.percentile(s, [25, 50, 75])
        rows.append({key: div, "item": item, "n": int(len(s)), "median": float(med),
                     "q1": float(q1), "q3": float(q3), "iqr": float(q3 - q1), "min": float(s.min()),
                     "max": float(s.max())})
    out = pd.DataFrame(rows, columns=[key, "item", "n", "median", "q1", "q3", "iqr", "min", "max"])
    out["high_disagreement"] = out["iqr"] >= disagreement_iqr
    return out
