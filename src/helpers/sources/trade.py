"""Reader for the monthly exports and imports by province, 2013 to September 2020
(``data/raw/trade/il_dis_ticaret_aylik_2013_2020.xlsx``; source not named by the repository it was
found in; its 2013 export total of $161.5 bn matches TÜİK's general trade system).

The sheet is a flat list: ``Year``, ``Month`` (``"03-Mart"``), ``City`` (``"34 - ISTANBUL"``,
``"0 - Belirsiz (Nonspecified)"``, ``"99 - GIZLI VERI"``), ``TradingType`` (``Ihracat`` export /
``Ithalat`` import), ``AmountUSD``, ``AmountEUR``, ``AmountTL``. Rows are sorted by value, not by
date. A province-month with no row has no recorded trade in the source: it is absent, not zero.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import paths, provinces
from helpers.pipeline import TableSpec
from helpers.schemas import year_column
from helpers.schemas import nullable_plate
from helpers.sources._workbook import LayoutError, column_letter, parse_tr_number
from helpers.textnorm import fold

TRADE_FILE = "il_dis_ticaret_aylik_2013_2020.xlsx"

#: Printed column header → role.
COLUMNS: dict[str, str] = {
    "Year": "year", "Month": "month", "City": "city", "TradingType": "flow_label",
    "AmountUSD": "USD", "AmountEUR": "EUR", "AmountTL": "TL",
}
CURRENCIES: tuple[str, ...] = ("USD", "EUR", "TL")
FLOWS: dict[str, str] = {"ihracat": "export", "ithalat": "import", "export": "export", "import": "import"}
#: Month names as printed (ASCII Turkish), to cross-check the month number.
MONTHS: dict[str, int] = {
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6, "temmuz": 7, "agustos": 8,
    "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
}
#: Codes of the rows that are not provinces: 0 = province not specified, 99 = confidential data.
SPECIAL_CODES: dict[int, str] = {0: "unspecified", 99: "confidential"}
ROW_KINDS: tuple[str, ...] = ("province", "unspecified", "confidential", "total")
_CITY = re.compile(r"^\s*(\d{1,2})\s*-\s*(.+?)\s*$")


def classify_city(label: object, where: str = "") -> tuple[str, int | None]:
    """``"34 - ISTANBUL"`` → ``("province", 34)``; ``"0 - Belirsiz (Nonspecified)"`` →
    ``("unspecified", None)``; ``"99 - GIZLI VERI"`` → ``("confidential", None)``; ``"Toplam"`` →
    ``("total", None)``. The printed plate number must agree with the printed name (resolved through
    :func:`helpers.provinces.resolve`), since printed plate numbers are not always reliable.
    """
    text = str(label)
    prefix = f"{where}: " if where else ""
    m = _CITY.match(text)
    if not m:
        if fold(text) in ("toplam", "genel toplam", "total"):
            return "total", None
        raise ValueError(f"{prefix}found city {label!r}; expected '<plate> - <NAME>' such as '34 - ISTANBUL'")
    code, name = int(m.group(1)), m.group(2)
    if code in SPECIAL_CODES:
        return SPECIAL_CODES[code], None
    try:
        plate = provinces.resolve(name)
    except ValueError as exc:
        raise ValueError(f"{prefix}{exc}") from exc
    if plate != code:
        raise ValueError(f"{prefix}found city {label!r}: the printed number {code} is not the plate of "
                         f"{provinces.name(plate)} ({plate})")
    return "province", plate


def read_trade_monthly(path: Path | str) -> pd.DataFrame:
    """Monthly exports and imports by province, 2013-01 to 2020-09, in USD, EUR and TL.

    Returns one row per province (or unspecified/confidential row) × month × flow × currency:
    ``plate`` (Int64, NA for the unspecified and confidential rows), ``province_label`` (as printed,
    e.g. ``"34 - ISTANBUL"``), ``row_kind`` (``province``, ``unspecified``, ``confidential``,
    ``total``), ``year``, ``month``, ``flow`` (``export``, ``import``), ``currency`` (``USD``,
    ``EUR``, ``TL``), ``value`` (float, in the currency), ``source_file``, ``source_row``.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty (0 bytes); expected the trade workbook (.xlsx)")
    try:
        with pd.ExcelFile(path, engine="calamine") as xl:
            sheet = str(xl.sheet_names[0])
            if len(xl.sheet_names) != 1:
                raise LayoutError(f"{path}: found sheets {xl.sheet_names}; expected a single sheet")
            raw = pd.read_excel(xl, sheet_name=sheet, header=0, dtype=object)
    except LayoutError:
        raise
    except Exception as exc:
        raise ValueError(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); the file may "
                         "be truncated or damaged — restore the raw copy described in its .meta.yml sidecar") from exc
    header = [str(c).strip() for c in raw.columns]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise LayoutError(f"{path}, sheet {sheet!r}, row 1: header {header}; expected the columns {list(COLUMNS)} "
                          f"(missing {missing})")
    raw.columns = header
    raw = raw.rename(columns=COLUMNS)[list(COLUMNS.values())]
    col_of = {role: column_letter(header.index(h)) for h, role in COLUMNS.items()}
    n = len(raw)
    rows = np.arange(n) + 2  # Excel row of each record (header on row 1)

    def at(i: int, role: str) -> str:
        return f"{path}, sheet {sheet!r}, cell {col_of[role]}{rows[i]} (row {rows[i]}, column {col_of[role]})"

    kinds, plates, years, months, flows = [], [], [], [], []
    city_cache: dict[str, tuple[str, int | None]] = {}
    for i, (y, m, city, flow) in enumerate(zip(raw["year"], raw["month"], raw["city"], raw["flow_label"])):
        key = str(city)
        if key not in city_cache:
            city_cache[key] = classify_city(city, at(i, "city"))
        kind, plate = city_cache[key]
        kinds.append(kind)
        plates.append(plate)
        try:
            years.append(int(y))
        except (TypeError, ValueError):
            raise LayoutError(f"{at(i, 'year')}: found {y!r}; expected a year such as 2013") from None
        mm = re.match(r"^\s*(\d{1,2})\s*-\s*(\w+)\s*$", str(m))
        if not mm or MONTHS.get(fold(mm.group(2))) != int(mm.group(1)):
            raise LayoutError(f"{at(i, 'month')}: found {m!r}; expected '<month number>-<Turkish month name>' "
                              f"such as '03-Mart'")
        months.append(int(mm.group(1)))
        f = FLOWS.get(fold(flow))
        if f is None:
            raise LayoutError(f"{at(i, 'flow_label')}: found {flow!r}; expected 'Ihracat' (exports) or 'Ithalat' (imports)")
        flows.append(f)
    base = pd.DataFrame({
        "plate": pd.array(plates, dtype="Int64"), "province_label": raw["city"].astype(str).str.strip(),
        "row_kind": kinds, "year": np.array(years, dtype="int64"), "month": np.array(months, dtype="int64"),
        "flow": flows, "source_row": rows.astype("int64"),
    })
    for cur in CURRENCIES:
        base[cur] = [parse_tr_number(v, at(i, cur)) for i, v in enumerate(raw[cur])]
    if base["year"].min() < 1990 or base["year"].max() > 2030:
        i = int(np.argmax((base["year"] < 1990) | (base["year"] > 2030)))
        raise LayoutError(f"{at(i, 'year')}: found {base['year'].iloc[i]}; expected a year 1990–2030")
    ym = sorted(set(zip(base["year"], base["month"])))
    (y0, m0), (y1, m1) = ym[0], ym[-1]
    if len(ym) != (y1 * 12 + m1) - (y0 * 12 + m0) + 1:
        have = set(ym)
        gap = next((y, m) for y in range(y0, y1 + 1) for m in range(1, 13) if (y, m) not in have and (y0, m0) < (y, m) < (y1, m1))
        raise LayoutError(f"{path}, sheet {sheet!r}: no row at all for {gap[0]}-{gap[1]:02d}; expected every month "
                          f"from {y0}-{m0:02d} to {y1}-{m1:02d} (is the sheet truncated?)")
    dup = base.duplicated(["province_label", "year", "month", "flow"])
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise LayoutError(f"{path}, sheet {sheet!r}, row {rows[i]}: {base['province_label'].iloc[i]} "
                          f"{base['year'].iloc[i]}-{base['month'].iloc[i]:02d} {base['flow'].iloc[i]} appears twice")
    long = base.melt(id_vars=["plate", "province_label", "row_kind", "year", "month", "flow", "source_row"],
                     value_vars=list(CURRENCIES), var_name="currency", value_name="value")
    long["value"] = long["value"].astype("float64")
    long["source_file"] = path.name
    kind_order = {k: i for i, k in enumerate(ROW_KINDS)}
    cur_order = {c: i for i, c in enumerate(CURRENCIES)}
    long = long.assign(_k=long["row_kind"].map(kind_order), _c=long["currency"].map(cur_order))
    long = long.sort_values(["year", "month", "flow", "_k", "plate", "province_label", "_c"]).drop(columns=["_k", "_c"])
    cols = ["plate", "province_label", "row_kind", "year", "month", "flow", "currency", "value", "source_file", "source_row"]
    return long[cols].reset_index(drop=True)


def _plate_matches_kind(df: pd.DataFrame) -> bool:
    return bool(((df["row_kind"] == "province") == df["plate"].notna()).all())


TRADE_MONTHLY_SCHEMA = pa.DataFrameSchema(
    {"plate": nullable_plate(), "province_label": pa.Column(str),
     "row_kind": pa.Column(str, pa.Check.isin(list(ROW_KINDS))),
     "year": year_column(), "month": pa.Column("int64", pa.Check.in_range(1, 12), coerce=True),
     "flow": pa.Column(str, pa.Check.isin(["export", "import"])),
     "currency": pa.Column(str, pa.Check.isin(list(CURRENCIES))),
     "value": pa.Column("float64", pa.Check.ge(0), nullable=True, coerce=True)},
    checks=[pa.Check(_plate_matches_kind, error="plate is set on province rows and only there")],
    unique=["province_label", "year", "month", "flow", "currency"],
)

TABLES: list[TableSpec] = [
    TableSpec("trade_monthly", "trade", "Exports and imports by province, monthly, 2013-01 to 2020-09, in USD, EUR "
              "and TL (with the unspecified and confidential rows)",
              lambda: [paths.RAW_TRADE / TRADE_FILE], lambda files: read_trade_monthly(files[0]),
              TRADE_MONTHLY_SCHEMA, version="1"),
]
