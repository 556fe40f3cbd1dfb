"""The sector table: its schema, its validation against a criteria file, and the long list."""

from __future__ import annotations

from typing import Iterable, NamedTuple

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .config import CriteriaConfig, CriteriaConfigError

KEY_COLUMNS = ("plate", "nace_division")


def _num(*checks, nullable: bool = True, required: bool = True) -> pa.Column:
    return pa.Column(float, list(checks), nullable=nullable, coerce=True, required=required)


#: pandera schema of the sector table (see the module docstring). ``exports_usd`` and the
#: descriptive columns are optional; :func:`validate_sector_table` applies it restricted to the
#: columns a criteria file uses.
SECTOR_TABLE_SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column(int, pa.Check.in_range(1, 81), coerce=True),
        "nace_division": pa.Column(str, pa.Check.str_matches(r"^\d{2}$")),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True, required=False),
        "province": pa.Column(str, required=False, nullable=True),
        "nace_label": pa.Column(str, required=False, nullable=True),
        # missing (suppressed) sizes are allowed here; longlist() excludes such rows with a reason
        "insured": _num(pa.Check.ge(0)),
        "workplaces": _num(pa.Check.ge(0)),
        "lq": _num(pa.Check.ge(0)),
        # share of manufacturing employment for divisions 10-33; for the few non-manufacturing
        # long-list divisions the same ratio to the manufacturing base, which can exceed 1
        "manuf_share": _num(pa.Check.ge(0)),
        "growth": _num(pa.Check.ge(-1)),
        "industry_mix": _num(),
        "competitive": _num(),
        "exports_usd": _num(pa.Check.ge(0), required=False),
        "insured_per_workplace": _num(pa.Check.ge(0)),
        "relatedness_density": _num(pa.Check.ge(0)),
        "labour_pool": _num(pa.Check.ge(0)),
        "universities": _num(pa.Check.ge(0)),
        "lq_nuts2": _num(pa.Check.ge(0)),
    },
    unique=["plate", "nace_division"],
    strict=False,
    name="sector_table",
)



def _normalise_codes(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"sector table must be a pandas DataFrame; got {type(table).__name__}")
    missing = [c for c in KEY_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"sector table lacks key column(s) {missing}; available columns: {sorted(map(str, table.columns))}")
    df = table.copy()

    def code(v):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            return f"{int(v):02d}"
        if isinstance(v, float) and float(v).is_integer():
            return f"{int(v):02d}"
        s = str(v).strip()
        return s.zfill(2) if s.isdigit() and len(s) == 1 else s

    df["nace_division"] = df["nace_division"].map(code).astype(str)
    return df.reset_index(drop=True)


def validate_sector_table(table: pd.DataFrame, config: CriteriaConfig | None = None,
                          columns: Iterable[str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Check a sector table against a criteria config; return (validated copy, notes).

    Required indicator columns missing -> :class:`CriteriaConfigError` naming the key path of the
    indicator and listing the available columns. Optional indicator columns missing -> a note.
    Then :data:`SECTOR_TABLE_SCHEMA`, restricted to the key columns and the columns in use, is
    applied (types coerced, ranges checked, one province, unique divisions).
    """
    df = _normalise_codes(table)
    notes: list[str] = []
    used: list[str] = list(columns or [])
    if config is not None:
        available = sorted(map(str, df.columns))
        for h in config.headings:
            for k, ind in enumerate(h.indicators):
                if ind.column in df.columns:
                    used.append(ind.column)
                elif not ind.optional:
                    raise CriteriaConfigError(
                        config.source, f"headings.{h.key}.indicators[{k}].column",
                        f"column {ind.column!r} (indicator {ind.id}) is not in the sector table; "
                        f"available columns: {', '.join(available)}", ind.column)
    elif columns is None:
        used.extend(c for c in SECTOR_TABLE_SCHEMA.columns if c in df.columns)
    missing_cols = [c for c in used if c not in df.columns]
    if missing_cols:
        raise ValueError(f"sector table lacks column(s) {missing_cols}; available columns: {sorted(map(str, df.columns))}")
    keep = set(KEY_COLUMNS) | set(used) | {"year", "province", "nace_label"}
    schema = SECTOR_TABLE_SCHEMA.remove_columns([c for c in SECTOR_TABLE_SCHEMA.columns if c not in keep])
    try:
        df = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        for _, r in fc.head(12).iterrows():
            idx = r.get("index")
            where = ""
            if idx is not None and not pd.isna(idx) and int(idx) in df.index:
                where = f" (row {int(idx)}, division {df.loc[int(idx), 'nace_division']})"
            lines.append(f"  column {r.get('column')!r}: check {r.get('check')} failed for value {r.get('failure_case')!r}{where}")
        raise ValueError("sector table does not match the schema:\n" + "\n".join(lines)) from None
    for c in used:
        if c not in SECTOR_TABLE_SCHEMA.columns and not pd.api.types.is_numeric_dtype(df[c]):
            raise ValueError(f"sector table column {c!r} must be numeric; dtype is {df[c].dtype}")
    plates = df["plate"].unique()
    if len(plates) > 1:
        raise ValueError(f"sector table must hold one province; found plates {sorted(int(p) for p in plates)}")
    return df, notes



class Longlist(NamedTuple):
    kept: pd.DataFrame
    excluded: pd.DataFrame


def longlist(table: pd.DataFrame, config: CriteriaConfig) -> Longlist:
    """Apply the ``longlist:`` rule: allowed sections/divisions and minimum size.

    Returns
    -------
    Longlist
        ``kept`` (rows of ``table`` passing every rule) and ``excluded`` with columns
        ``plate, nace_division, insured, workplaces, reason`` (all failed rules, ``"; "``-joined,
        e.g. ``"division 45 not in the long list (section C (10-33) + divisions 03, 55)";
        ``"workplaces 4 < 10"``).
    """
    df, _ = validate_sector_table(table, None, columns=["insured", "workplaces"])
    rule = config.longlist
    allowed = rule.allowed()
    reasons: list[str] = []
    for _, r in df.iterrows():
        why = []
        if r["nace_division"] not in allowed:
            why.append(f"division {r['nace_division']} not in the long list ({rule.describe()})")
        for col, minimum in (("workplaces", rule.min_workplaces), ("insured", rule.min_insured)):
            if pd.isna(r[col]):
                why.append(f"{col} not published (suppressed or missing): size unknown")
            elif r[col] < minimum:
                why.append(f"{col} {r[col]:g} < {minimum:g}")
        reasons.append("; ".join(why))
    mask = np.array([not x for x in reasons], dtype=bool)
    kept = df.loc[mask].reset_index(drop=True)
    cols = [c for c in ("plate", "nace_division", "nace_label", "insured", "workplaces") if c in df.columns]
    excluded = df.loc[~mask, cols].copy()
    excluded["reason"] = [x for x in reasons if x]
    return Longlist(kept=kept, excluded=excluded.reset_index(drop=True))

