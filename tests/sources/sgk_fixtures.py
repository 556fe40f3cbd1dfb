"""Builders of small SGK yearbook workbooks (written with openpyxl into a test's ``tmp_path``).

Each builder returns the path of the workbook and the values a correct reader must return, so
tests compare against numbers computed here, not against the reader. The layouts follow what the
yearbooks are known to print (``docs/sgk.md``): the 2025 layout (sheet ``TABLO-1.11``, provinces as
columns with merged names over alternating "İş yeri"/"Sigortalı" sub-columns), an older layout with
provinces as rows (old spellings K.MARAŞ, İÇEL, Ş.URFA and Kırıkkale printed with plate 72, like
Batman), the long layout (province rows × division rows), and a sheet holding other tables before
ours with a page marker "Tablo : 18/1".

There is no xlwt to write ``.xls`` files: fixtures are ``.xlsx``, and the ``.xls`` path is tested
by checking that the reader hands a ``.xls`` file to python-calamine (which picks the format by the
suffix).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import openpyxl

from helpers import nace

TITLE = "4/a Kapsamında İş Yeri ve Sigortalıların Faaliyet Gruplarına ve İllere Göre Dağılımı"
#: A few provinces: Adana, Ankara, İstanbul, Mersin, Kahramanmaraş, Şanlıurfa, Kırıkkale, Batman.
PLATES = (1, 6, 34, 33, 46, 63, 71, 72)
NAMES_2025 = {1: "ADANA", 6: "ANKARA", 34: "İSTANBUL", 33: "MERSİN", 46: "KAHRAMANMARAŞ", 63: "ŞANLIURFA",
              71: "KIRIKKALE", 72: "BATMAN"}
NAMES_OLD = {1: "ADANA", 6: "ANKARA", 34: "İSTANBUL", 33: "İÇEL", 46: "K.MARAŞ", 63: "Ş.URFA",
             71: "KIRIKKALE", 72: "BATMAN"}
#: Printed plate numbers of the old layout: Kırıkkale printed as 72, like Batman (never used).
PRINTED_PLATE = {1: 1, 6: 6, 34: 34, 33: 33, 46: 46, 63: 63, 71: 72, 72: 72}


def rev2_divisions() -> list[tuple[str, str]]:
    """(division, section) of the 88 NACE Rev.2 divisions, in order."""
    d = nace.divisions(nace.REV2)
    return list(zip(d["nace_division"], d["section"]))


def rev21_divisions_91() -> list[tuple[str, str]]:
    """A 91-division list standing in for the SGK 2025 (NACE Rev.2.1) table.

    The project records 91 divisions for Rev.2.1 (``nace.DIVISION_COUNTS``), but the official
    Rev.2.1 division list is not in ``data/reference`` yet (and the published NACE Rev.2.1 structure
    has 87 divisions: Rev.2 without 45). This list is the Rev.2 list without 45 plus four codes
    unused in Rev.2 (04, 34, 40, 44), so the count is 91 and the test shows that the reader does
    not depend on a fixed list. Sections are assigned by position (as the reader does)."""
    base = [(d, s) for d, s in rev2_divisions() if d != "45"]
    extra = {"04": "B", "34": "C", "40": "D", "44": "G"}
    out = base + [(d, s) for d, s in extra.items()]
    order = {s: i for i, s in enumerate("ABCDEFGHIJKLMNOPQRSTU")}
    return sorted(out, key=lambda x: (order[x[1]], x[0]))


def value(plate: int, division: str, measure: str) -> int:
    """The fixture's value of a cell (hand-checkable, large for İstanbul to exercise "1.234")."""
    w = 1 + (plate * 3 + int(division)) % 17
    if plate == 34:
        w *= 150
    return w if measure == "workplaces" else w * (2 + (plate + int(division)) % 9)


def tr_text(n: float) -> str:
    """A count in Turkish text format: 12345 → "12.345"."""
    return f"{int(n):,}".replace(",", ".")


def write(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    ws.cell(r, c, v)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def col(c: int) -> str:
    return openpyxl.utils.get_column_letter(c + 1)


def layout_a(year: int = 2025, plates=PLATES, names=NAMES_2025, divisions=None, *, title_prefix="Tablo 1.11 - ",
             suppressed=(), text_numbers=False, total_row=True, total_col=True, sections=True,
             mismatch: tuple | None = None, helper_cols=False, repeat_col=False, footnotes=True,
             rename: tuple | None = None, header_names: dict | None = None):
    """Rows and merges of the provinces-as-columns layout, and the expected leaves
    ``{(plate, division): (workplaces, insured)}``. ``suppressed``: (plate, division) cells
    printed as "-"/".."/"*"/blank. ``mismatch``: (plate or "all", row label such as "TOPLAM" or "C"):
    that printed total of insured persons is 5 too high."""
    divisions = divisions or rev2_divisions()
    header_names = header_names or {}
    rows: list[list[Any]] = [[f"{title_prefix}{TITLE} ({year})"], [], ["NACE Kodu", "Faaliyet"], [None, None]]
    merges: list[str] = []
    columns: list[Any] = (["all"] if total_col else []) + list(plates)
    for i, p in enumerate(columns):
        c = 2 + 2 * i
        label = "TOPLAM" if p == "all" else header_names.get(p, names[p])
        rows[2] += [label, None]
        rows[3] += ["İş yeri", "Sigortalı"]
        merges.append(f"{col(c)}3:{col(c + 1)}3")
    if rename:
        i, text = rename
        rows[3][i] = text
    if repeat_col:
        rows[2].append(None)
        rows[3].append("Sigortalı")  # repeats the last province's Sigortalı column
    marks = ["-", "..", "*", ""]
    expected: dict = {}
    for p in plates:
        for d, _ in divisions:
            sup = (p, d) in suppressed
            expected[(p, d)] = (math.nan, math.nan) if sup else (value(p, d, "workplaces"), value(p, d, "insured"))

    def total(pset, dset, m):
        return sum(value(p, d, m) for p in pset for d in dset)

    def fmt(v):
        return tr_text(v) if text_numbers and v >= 1000 else v

    def data_row(label, desc, dset):
        row = [label, desc]
        for p in columns:
            pset = plates if p == "all" else [p]
            for m in ("workplaces", "insured"):
                if p != "all" and len(dset) == 1 and (p, dset[0]) in suppressed:
                    row.append(marks[(p + int(dset[0])) % 4])
                    continue
                v = total(pset, dset, m)
                if mismatch and (p, label) == mismatch and m == "insured":
                    v += 5
                row.append(fmt(v))
        if repeat_col:
            row.append(row[-1])
        if helper_cols:
            row += [None, 12345]  # an unlabelled helper column at the right
        return row

    all_divs = [d for d, _ in divisions]
    if total_row:
        rows.append(data_row("TOPLAM", "Toplam", all_divs))
    current = None
    for d, s in divisions:
        if sections and s != current:
            current = s
            rows.append(data_row(s, f"Bölüm {s}", [x for x, y in divisions if y == s]))
        rows.append(data_row(d, f"Faaliyet {d}", [d]))
    if footnotes:
        rows += [[], ["Not: (*) işaretli hücreler gizlenmiştir."], ["Kaynak: SGK İstatistik Yıllığı"]]
    if helper_cols:
        rows[3] += [None, None]
    return rows, merges, expected


def build_2025(tmp_path: Path, name: str = "sgk_yillik_2025.xlsx", **kw) -> tuple[Path, dict]:
    """The 2025 layout in sheet TABLO-1.11 with 91 divisions (see :func:`rev21_divisions_91`)."""
    kw.setdefault("divisions", rev21_divisions_91())
    rows, merges, expected = layout_a(2025, **kw)
    cover = [["SGK İstatistik Yıllığı 2025"], ["İçindekiler"]]
    path = write(tmp_path / name, {"KAPAK": cover, "TABLO-1.11": rows}, {"TABLO-1.11": merges})
    return path, expected


def layout_b(year: int = 2009, plates=PLATES, names=NAMES_OLD, divisions=("01", "10", "13", "45", "47"),
             *, suppressed=(), text_numbers=True, mismatch_row: int | None = None, duplicate: int | None = None,
             unknown: str | None = None):
    """Provinces as rows (plate column, name column), divisions as column pairs, a section C
    subtotal pair, a TOPLAM pair, and a TÜRKİYE row. Returns rows, merges, expected."""
    secs = {d: s for d, s in rev2_divisions()}
    header1 = ["İl Kodu", "İl Adı"]
    header2 = [None, None]
    merges = []
    cols: list[tuple[str, list[str]]] = []  # (label, divisions covered)
    for d in divisions:
        if secs[d] == "C" and not any(lbl == "C" for lbl, _ in cols):
            cols.append(("C", [x for x in divisions if secs[x] == "C"]))
        cols.append((d, [d]))
    cols.append(("TOPLAM", list(divisions)))
    for i, (lbl, _) in enumerate(cols):
        c = 2 + 2 * i
        header1 += [lbl if lbl in ("C", "TOPLAM") else f"{lbl} - Faaliyet {lbl}", None]
        header2 += ["İşyeri Sayısı", "Sigortalı Sayısı"]
        merges.append(f"{col(c)}4:{col(c + 1)}4")
    rows: list[list[Any]] = [[], [f"Tablo 18 - {TITLE}"], [], header1, header2]
    marks = ["-", "..", "*", ""]

    def fmt(v):
        return tr_text(v) if text_numbers and v >= 1000 else v

    def prow(label_plate, label, pset, bump=0):
        row = [label_plate, label]
        for lbl, dset in cols:
            for m in ("workplaces", "insured"):
                if len(pset) == 1 and len(dset) == 1 and (pset[0], dset[0]) in suppressed:
                    row.append(marks[(pset[0] + int(dset[0])) % 4])
                else:
                    v = sum(value(p, d, m) for p in pset for d in dset)
                    row.append(fmt(v + (bump if lbl == "TOPLAM" and m == "insured" else 0)))
        return row

    rows.append(prow(None, "TÜRKİYE", list(plates)))
    expected = {}
    for p in plates:
        rows.append(prow(PRINTED_PLATE[p], names[p], [p], bump=7 if mismatch_row == p else 0))
        for d in divisions:
            sup = (p, d) in suppressed
            expected[(p, d)] = (math.nan, math.nan) if sup else (value(p, d, "workplaces"), value(p, d, "insured"))
    if duplicate is not None:
        rows.append(prow(PRINTED_PLATE[duplicate], names[duplicate], [duplicate]))
    if unknown is not None:
        rows.append(prow(99, unknown, [1]))
    rows += [["(*) Kırıkkale'nin il kodu tabloda 72 olarak basılmıştır."], ["Kaynak: SGK"]]
    return rows, merges, expected


def build_old(tmp_path: Path, name: str = "sgk_2009_tablo18.xlsx", sheet: str = "2009", **kw) -> tuple[Path, dict]:
    rows, merges, expected = layout_b(2009, **kw)
    return write(tmp_path / name, {sheet: rows}, {sheet: merges}), expected


def build_long(tmp_path: Path, name: str = "sgk_2013_long.xlsx") -> tuple[Path, dict]:
    """Province rows × division rows: the province name only on the first row of its block."""
    divisions = ["01", "13", "47"]
    rows: list[list[Any]] = [[f"{TITLE} - 2013"], ["İl", "Kod", "Faaliyet", "İşyeri", "Sigortalı"]]
    expected = {}
    for p in (6, 34, 61):
        name_ = {6: "Ankara", 34: "İstanbul", 61: "Trabzon"}[p]
        rows.append([name_, "Toplam", None, sum(value(p, d, "workplaces") for d in divisions),
                     sum(value(p, d, "insured") for d in divisions)])
        for d in divisions:
            rows.append([None, d, f"Faaliyet {d}", value(p, d, "workplaces"), value(p, d, "insured")])
            expected[(p, d)] = (value(p, d, "workplaces"), value(p, d, "insured"))
    rows.append(["Not: aylık ortalama değildir."])
    return write(tmp_path / name, {"Tablo 3.4": rows}), expected


def build_after_other_tables(tmp_path: Path, name: str = "sgk_2011.xlsx") -> tuple[Path, dict]:
    """Our table on a sheet below another table, after a page marker "Tablo : 18/1"."""
    other = [
        ["Tablo 17 - 4/a kapsamında sigortalıların illere göre dağılımı (2011)"],
        ["İl", "Erkek", "Kadın"],
        ["ADANA", 100, 50],
        ["ANKARA", 300, 200],
        [],
        ["Tablo : 18/1"],
    ]
    rows, merges, expected = layout_a(2011, plates=(1, 6, 34), names=NAMES_OLD,
                                      divisions=[(d, s) for d, s in rev2_divisions() if s in "AB"],
                                      title_prefix="Tablo 18 - ", footnotes=False)
    off = len(other)
    shifted = []
    for rng in merges:
        a, b = rng.split(":")
        shifted.append(f"{a[:-1]}{int(a[-1]) + off}:{b[:-1]}{int(b[-1]) + off}")
    after = [[], ["Tablo 19 - 4/a kapsamında iş yerlerinin büyüklük gruplarına göre dağılımı"], ["Büyüklük", "İş yeri"],
             ["1-3", 1000]]
    return write(tmp_path / name, {"Tablolar": other + rows + after}, {"Tablolar": shifted}), expected
