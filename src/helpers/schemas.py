"""Pandera schemas shared by the processed tables, and one error type that names what failed.

A failed check raises :class:`TableValidationError` naming the table, the source file (and sheet
and row where the reader recorded them in ``source_file``/``source_sheet``/``source_row``
columns), the column, the offending value and what was expected. Nothing is written on failure.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

MIN_YEAR, MAX_YEAR = 1990, 2030


class TableValidationError(ValueError):
    """A processed table failed its schema."""


def plate_column(nullable: bool = False) -> pa.Column:
    """Plate code 1–81."""
    return pa.Column("int64", pa.Check.in_range(1, 81), nullable=nullable, coerce=True)


def year_column() -> pa.Column:
    return pa.Column("int64", pa.Check.in_range(MIN_YEAR, MAX_YEAR), coerce=True)


def nonneg(dtype: str = "float64", nullable: bool = True) -> pa.Column:
    return pa.Column(dtype, pa.Check.ge(0), nullable=nullable, coerce=True)


def validate_table(schema: pa.DataFrameSchema, df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Validate ``df``; on failure raise :class:`TableValidationError` with a readable message."""
    try:
        return schema.validate(df, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        raise TableValidationError(describe_failures(exc, df, table)) from exc


def describe_failures(exc: Exception, df: pd.DataFrame, table: str, limit: int = 10) -> str:
    cases = getattr(exc, "failure_cases", None)
    lines = [f"table {table!r} failed validation:"]
    if cases is None or not isinstance(cases, pd.DataFrame) or cases.empty:
        lines.append(f"  {exc}")
        return "\n".join(lines)
    for _, case in cases.head(limit).iterrows():
        col = case.get("column")
        idx = case.get("index")
        where = ""
        if idx is not None and not pd.isna(idx) and idx in df.index:
            row = df.loc[idx]
            parts = [f"{k}={row[k]}" for k in ("source_file", "source_sheet", "source_row") if k in df.columns]
            keys = [f"{k}={row[k]}" for k in ("plate", "year", "nace_division", "region") if k in df.columns]
            where = " (" + ", ".join(parts + keys) + ")"
        lines.append(f"  column {col!r}, value {case.get('failure_case')!r}{where}: expected {case.get('check')}")
    if len(cases) > limit:
        lines.append(f"  … and {len(cases) - limit} more failure(s)")
    return "\n".join(lines)


def nullable_plate() -> pa.Column:
    """Plate code 1–81, NA allowed (rows for Türkiye or NUTS-1/2 regions)."""
    return pa.Column("Int64", pa.Check.in_range(1, 81), nullable=True, coerce=True)
