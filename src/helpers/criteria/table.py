"""The sector table: its schema, its validation against a criteria file, and the long list."""

from __future__ import annotations

import functools
from typing import Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.basis import EMPLOYMENT, EXPORTS, Basis

from helpers.text import Note
from .config import NOT_ITEMISED, CriteriaConfig, CriteriaConfigError

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

#: pandera schema of the sector table on the exports basis (one row per harmonised TİM sector of one
#: province; :func:`helpers.sectors.criteria_table_exports` builds it). ``T00`` (not itemised) is
#: not a sector and is refused.
EXPORT_TABLE_SCHEMA = pa.DataFrameSchema(
    {
        "plate": pa.Column(int, pa.Check.in_range(1, 81), coerce=True),
        "sector": pa.Column(str, [pa.Check.str_matches(r"^T\d{2}$"), pa.Check.ne(NOT_ITEMISED)]),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True, required=False),
        "province": pa.Column(str, required=False, nullable=True),
        "sector_label": pa.Column(str, required=False, nullable=True),
        "export_usd": _num(pa.Check.ge(0)),           # exports of the sector from the province, USD
        "rca": _num(pa.Check.ge(0)),                  # Balassa RCA against Türkiye
        "export_share": _num(pa.Check.in_range(0, 1)),  # share of the province's itemised exports
        "growth": _num(pa.Check.ge(-1)),              # export growth rate start -> end
        "industry_mix": _num(),                       # national growth of the sector - national total growth
        "competitive": _num(),                        # competitive share per USD exported at the start
        "relatedness_density": _num(pa.Check.ge(0)),
        "pci": _num(),                                # product complexity index of the sector (z-score)
        "nuts2_export": _num(pa.Check.ge(0)),         # the NUTS-2 region's exports in the sector
        "rca_nuts2": _num(pa.Check.ge(0)),            # the NUTS-2 region's RCA
        "universities": _num(pa.Check.ge(0)),
    },
    unique=["plate", "sector"],
    strict=False,
    name="export_sector_table",
)
_SCHEMAS = {"employment": SECTOR_TABLE_SCHEMA, "exports": EXPORT_TABLE_SCHEMA}


@functools.lru_cache(maxsize=64)
def _restricted(name: str, keep: frozenset[str]) -> pa.DataFrameSchema:
    """The schema of a basis restricted to the columns in use (cached: building it copies the schema)."""
    full = _SCHEMAS[name]
    return full.remove_columns([c for c in full.columns if c not in keep])


def basis_of(table: pd.DataFrame, config: CriteriaConfig | None = None) -> Basis:
    """The basis of a sector table: the config's, else the one whose key column the table has
    (``nace_division``: employment, ``sector``: exports)."""
    if config is not None:
        return config.sector_basis
    if "nace_division" in table.columns or "sector" not in table.columns:
        return EMPLOYMENT
    return EXPORTS



def _normalise_codes(table: pd.DataFrame, key: str = "nace_division") -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"sector table must be a pandas DataFrame; got {type(table).__name__}")
    missing = [c for c in ("plate", key) if c not in table.columns]
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

    if key == "nace_division":
        df[key] = df[key].map(code).astype(str)
    else:
        df[key] = df[key].map(lambda v: str(v).strip().upper()).astype(str)
    return df.reset_index(drop=True)


def validate_sector_table(table: pd.DataFrame, config: CriteriaConfig | None = None,
                          columns: Iterable[str] | None = None, basis: Basis | None = None
                          ) -> tuple[pd.DataFrame, list[str]]:
    """Check a sector table against a criteria config; return (validated copy, notes).

    Required indicator columns missing -> :class:`CriteriaConfigError` naming the key path of the
    indicator and listing the available columns. Optional indicator columns missing -> a note.
    Then :data:`SECTOR_TABLE_SCHEMA`, restricted to the key columns and the columns in use, is
    applied (types coerced, ranges checked, one province, unique divisions) -- or, on the exports
    basis (``config.basis == "exports"``, or a table keyed by ``sector``), :data:`EXPORT_TABLE_SCHEMA`.
    """
    b = basis or (basis_of(table, config) if isinstance(table, pd.DataFrame) else EMPLOYMENT)
    schema_full = _SCHEMAS[b.name]
    key = b.key
    df = _normalise_codes(table, key)
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
                        config.source, f"{'exports.' if config.basis == 'exports' else ''}headings.{h.key}"
                        f".indicators[{k}].column",
                        f"column {ind.column!r} (indicator {ind.id}) is not in the sector table; "
                        f"available columns: {', '.join(available)}", ind.column)
    elif columns is None:
        used.extend(c for c in schema_full.columns if c in df.columns)
    missing_cols = [c for c in used if c not in df.columns]
    if missing_cols:
        raise ValueError(f"sector table lacks column(s) {missing_cols}; available columns: {sorted(map(str, df.columns))}")
    keep = {"plate", key} | set(used) | {"year", "province", b.label}
    schema = _restricted(b.name, frozenset(keep))
    try:
        df = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        for _, r in fc.head(12).iterrows():
            idx = r.get("index")
            where = ""
            if idx is not None and not pd.isna(idx) and int(idx) in df.index:
                where = f" (row {int(idx)}, sector {df.loc[int(idx), key]})"
            lines.append(f"  column {r.get('column')!r}: check {r.get('check')} failed for value {r.get('failure_case')!r}{where}")
        raise ValueError("sector table does not match the schema:\n" + "\n".join(lines)) from None
    for c in used:
        if c not in schema_full.columns and not pd.api.types.is_numeric_dtype(df[c]):
            raise ValueError(f"sector table column {c!r} must be numeric; dtype is {df[c].dtype}")
    plates = df["plate"].unique()
    if len(plates) > 1:
        raise ValueError(f"sector table must hold one province; found plates {sorted(int(p) for p in plates)}")
    return df, notes



class Longlist(tuple):
    """``(kept, excluded)`` -- unpacks as a pair -- plus ``notes`` (data decisions of the rule)."""

    def __new__(cls, kept: pd.DataFrame, excluded: pd.DataFrame, notes: Iterable[str] = ()):
        self = super().__new__(cls, (kept, excluded))
        self.notes = tuple(notes)
        return self

    @property
    def kept(self) -> pd.DataFrame:
        return self[0]

    @property
    def excluded(self) -> pd.DataFrame:
        return self[1]


def longlist(table: pd.DataFrame, config: CriteriaConfig) -> Longlist:
    """Apply the ``longlist:`` rule: allowed sections/divisions (or TİM sectors) and minimum size.

    Returns
    -------
    Longlist
        ``kept`` (rows of ``table`` passing every rule) and ``excluded`` with columns
        ``plate, nace_division, insured, workplaces, reason`` (all failed rules, ``"; "``-joined,
        e.g. ``"division 45 not in the long list (section C (10-33) + divisions 03, 55)";
        ``"workplaces 4 < 10"``). On the exports basis the key is ``sector`` and the size
        column ``export_usd``.
    """
    b = config.sector_basis
    key, what = b.key, ("division" if b.name == "employment" else "sector")
    rule = config.longlist
    size_cols = [c for c, _ in rule.minimums]
    df, _ = validate_sector_table(table, None, columns=size_cols, basis=b)
    reasons: list[str] = []
    for _, r in df.iterrows():
        why = []
        if not rule.admits(r[key]):
            why.append(f"{what} {r[key]} not in the long list ({rule.describe()})")
        for col, minimum in rule.minimums:
            if pd.isna(r[col]):
                why.append(f"{col} not published (suppressed or missing): size unknown")
            elif r[col] < minimum:
                why.append(f"{col} {r[col]:g} < {minimum:g}")
        reasons.append("; ".join(why))
    mask = np.array([not x for x in reasons], dtype=bool)
    notes: list[str] = []
    need = getattr(rule, "min_candidates", 0) - int(mask.sum())
    if need > 0:  # a small exporter: the largest sectors with exports top the long list up, said so
        size = b.value
        ok = np.array([rule.admits(c) for c in df[key]]) & (pd.to_numeric(df[size], errors="coerce") > 0).to_numpy()
        pool = df.loc[~mask & ok].sort_values(size, ascending=False, kind="mergesort").head(need)
        if len(pool):
            mask[pool.index.to_numpy()] = True
            notes.append(Note("criteria_notes.topped_up", n=("count", int(mask.sum()) - len(pool)),
                              minimums=", ".join(f"{c} {m:.0f}" for c, m in rule.minimums), added=("count", len(pool)),
                              size=size, min_candidates=("count", rule.min_candidates), codes=", ".join(pool[key])))
        reasons = ["" if mask[i] else r for i, r in enumerate(reasons)]
    kept = df.loc[mask].reset_index(drop=True)
    cols = [c for c in ("plate", key, b.label, *sorted(size_cols)) if c in df.columns]
    excluded = df.loc[~mask, cols].copy()
    excluded["reason"] = [x for x in reasons if x]
    if kept.empty and len(df):
        shown = "; ".join(f"{r[key]}: {why}" for r, why in zip(df.to_dict("records"), reasons))
        plates = ", ".join(str(p) for p in sorted(df["plate"].unique())) if "plate" in df.columns else "?"
        block = "exports.longlist" if b.name == "exports" else "longlist"
        raise CriteriaConfigError(
            config.source, block, f"the long-list rule ({rule.describe()}; minimums "
            f"{', '.join(f'{c} {m:,.10g}' for c, m in rule.minimums)}) leaves no sector of province {plates} to "
            f"evaluate; relax it in the criteria file. Every sector's reason: {shown[:1500]}")
    return Longlist(kept=kept, excluded=excluded.reset_index(drop=True), notes=tuple(notes))

