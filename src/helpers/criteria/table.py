"""The sector table: its schema, its validation against a criteria file, and the long list."""

from __future__ import annotations

import functools
from typing import Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.basis import EMPLOYMENT, EXPORTS, Basis

from helpers.text import Note
from .config import CriteriaConfig, CriteriaConfigError
from .rules import NOT_ITEMISED

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
    if config is not None:  # score only what is used: the sector table carries many more columns
        refs = {i.ref_column for i in config.indicators if i.reference == "provinces"}
        extra = {"title_tr", "title_en", "flags", "basis", "is_sample", b.value, b.spec, "export_share", "workplaces",
                 "insured", "export_usd", "rca", "lq", "growth"}
        df = df[[c for c in df.columns if c in keep | refs | extra]]
    schema = _restricted(b.name, frozenset(keep))
    fast = _fast_validate(df, schema)
    try:
        df = fast if fast is not None else schema.validate(df, lazy=True)
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



def _fast_validate(df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame | None:
    """The same checks as ``schema`` done with plain numpy (pandera costs ~5 ms per column): the
    coerced copy when every check passes, None when one fails or a check is not one of the simple
    kinds -- the caller then runs pandera itself, whose message names every failing cell."""
    out = df.copy()
    for name, col in schema.columns.items():
        if name not in out.columns:
            if col.required:
                return None
            continue
        s = out[name]
        if str(col.dtype) in ("int64", "float64"):
            coerce = str(s.dtype) != str(col.dtype)  # already of the type: nothing to coerce
            try:
                s = pd.to_numeric(s, errors="raise").astype(str(col.dtype)) if coerce else s
            except (ValueError, TypeError):
                return None
            v = s.to_numpy(dtype=float)
            ok = ~np.isnan(v)
            if not col.nullable and not ok.all():
                return None
            for check in col.checks:
                st = check.statistics
                if check.name == "greater_than_or_equal_to":
                    good = v[ok] >= st["min_value"]
                elif check.name == "in_range":
                    good = (v[ok] >= st["min_value"]) & (v[ok] <= st["max_value"])
                else:
                    return None
                if not good.all():
                    return None
            if coerce:
                out[name] = s
        else:
            if s.isna().any() and not col.nullable:
                return None
            for check in col.checks:
                st = check.statistics
                if check.name == "str_matches":
                    good = s.astype(str).str.fullmatch(st["pattern"].lstrip("^").rstrip("$"))
                elif check.name == "not_equal_to":
                    good = s != st["value"]
                else:
                    return None
                if not bool(good.all()):
                    return None
    if schema.unique and out.duplicated(subset=[c for c in schema.unique if c in out.columns]).any():
        return None
    return out


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


def _reasons(df: pd.DataFrame, config: CriteriaConfig) -> list[list[tuple[str, dict]]]:
    """Per row, the failed presence rules as (catalogue key under ``evaluation.excluded.``, values)."""
    b = config.sector_basis
    rule = config.longlist
    out = []
    cols = [c for c in (b.key, "export_usd", "export_share", "workplaces", "insured") if c in df.columns]
    for r in df[cols].to_dict("records"):
        why: list[tuple[str, dict]] = []
        code = r[b.key]
        if not rule.admits(code):
            why.append(("not_listed", {"rule": rule.describe("en")}))
        elif b.name == "exports":
            usd, share = r.get("export_usd"), r.get("export_share")
            if pd.isna(usd) or usd <= 0:
                why.append(("no_exports", {}))
            elif usd < rule.min_export_usd and not (rule.min_export_share > 0 and not pd.isna(share)
                                                    and share >= rule.min_export_share):
                why.append(("below_floor", {"value": float(usd), "share": float(share) if not pd.isna(share) else 0.0,
                                            "min_usd": rule.min_export_usd, "min_share": rule.min_export_share}))
        else:
            for col, minimum in rule.minimums:
                if pd.isna(r.get(col)):
                    why.append(("suppressed", {"column": col}))
                elif r[col] < minimum:
                    why.append((f"below_{col}", {"value": float(r[col]), "minimum": minimum}))
        out.append(why)
    return out


_REASON_EN = {
    "not_listed": "not in the long list ({rule})", "no_exports": "no exports from the province",
    "below_floor": "exports {value:,.0f} USD below the presence floor ({min_usd:,.0f} USD or {min_share:.2%} of the province)",
    "suppressed": "{column} not published (suppressed or missing): size unknown",
    "below_workplaces": "workplaces {value:g} < {minimum:g}", "below_insured": "insured {value:g} < {minimum:g}",
}


def longlist(table: pd.DataFrame, config: CriteriaConfig) -> Longlist:
    """Apply the ``longlist:`` rule: a presence floor, never a gate on specialisation.

    Exports basis: every admitted harmonised sector with exports above zero and at least
    ``min_export_usd`` or at least ``min_export_share`` of the province's itemised exports.
    Employment basis: admitted divisions with at least ``min_workplaces`` and ``min_insured``.

    Returns
    -------
    Longlist
        ``kept`` (rows passing) and ``excluded`` with columns ``plate, <key>, <label>, <size
        columns>, reason`` (English, ``"; "``-joined), ``reason_keys`` (catalogue keys under
        ``evaluation.excluded.``, ``"; "``-joined) -- :func:`helpers.evaluation.excluded_view`
        shows them in the report language. No sector passing is not an error: ``kept`` is empty
        and a note says so (the report then says why).
    """
    b = config.sector_basis
    key = b.key
    size_cols = ["export_usd", "export_share"] if b.name == "exports" else ["workplaces", "insured"]
    df, _ = validate_sector_table(table, None, columns=[c for c in size_cols if c in table.columns], basis=b)
    why = _reasons(df, config)
    mask = np.array([not w for w in why], dtype=bool)
    notes: list[str] = []
    kept = df.loc[mask].reset_index(drop=True)
    cols = [c for c in ("plate", key, b.label, "title_tr", "title_en", *size_cols) if c in df.columns]
    excluded = df.loc[~mask, cols].copy()
    excluded["reason"] = ["; ".join(_REASON_EN[k].format(**v) for k, v in w) for w in why if w]
    excluded["reason_keys"] = ["; ".join(k for k, _ in w) for w in why if w]
    if kept.empty:
        notes.append(Note("criteria_notes.no_candidates", n=("count", len(df))))
    return Longlist(kept=kept, excluded=excluded.reset_index(drop=True), notes=tuple(notes))
