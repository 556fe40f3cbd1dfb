"""Column roles, validation, pivoting to arrays and back to tidy tables.

Every public indicator goes through :func:`build_cube`: it checks the columns named by the role
keywords, refuses bad input with a :class:`ValueError` that names the problem, and pivots the tidy
long table into float arrays of shape ``(T, R, I)`` (time × region × industry). Computations are
then plain numpy over all regions at once; :func:`tidy_cells`, :func:`tidy_regions` and
:func:`tidy_industries` turn the arrays back into tidy tables sorted by region, industry, time.

Missing is missing: a ``NaN`` cell stays ``NaN``. Combinations absent from the table are missing
too unless the caller says ``absent="zero"``. Every such decision is announced with an
:class:`IndicatorWarning`.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["IndicatorWarning"]

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))
_ABSENT = ("nan", "zero")
# relative tolerance under which a ratio "reaches" a threshold (LQ = 1 computed as 0.999…9)
THRESHOLD_RTOL = 1e-12


class IndicatorWarning(UserWarning):
    """A data decision taken by an indicator (missing cells, dropped rows, undefined ratios)."""


def warn(message: str) -> None:
    """Warn with the stack level of the first caller outside this package."""
    level = 2
    frame = sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PKG_DIR:
        frame = frame.f_back
        level += 1
    warnings.warn(message, IndicatorWarning, stacklevel=level)


def div(a, b):
    """Elementwise ``a / b`` without numpy warnings: 0/0 is NaN (undefined), x/0 is inf."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(a, b)


def reaches(x: np.ndarray, threshold: float) -> np.ndarray:
    """``x >= threshold`` as float 0/1, NaN where ``x`` is NaN, tolerant to rounding noise."""
    hit = (x >= threshold) | np.isclose(x, threshold, rtol=THRESHOLD_RTOL, atol=0.0)
    return np.where(np.isnan(x), np.nan, hit.astype(float))


def nsum(x: np.ndarray, axis, skipna: bool) -> np.ndarray:
    """Sum along ``axis``; NaN propagates unless ``skipna`` (then an all-NaN slice is still NaN)."""
    if not skipna:
        return np.sum(x, axis=axis)
    out = np.nansum(x, axis=axis)
    allnan = np.all(np.isnan(x), axis=axis)
    return np.where(allnan, np.nan, out)


@dataclass
class Cube:
    """A tidy table pivoted to ``(T, R, I)`` float arrays, with the labels of each axis."""

    func: str
    region: str
    industry: str
    time: str | None
    regions: pd.Index
    industries: pd.Index
    times: pd.Index | None
    data: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int, int]:
        return (1 if self.times is None else len(self.times), len(self.regions), len(self.industries))


def check_choice(func: str, name: str, value, choices: Sequence) -> None:
    if value not in choices:
        raise ValueError(f"{func}: {name}={value!r} is not one of {list(choices)}")


def check_columns(func: str, df: pd.DataFrame, roles: Mapping[str, str | None]) -> None:
    """Raise a ValueError naming every role whose column is not in ``df``."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = {role: col for role, col in roles.items() if col is not None and col not in df.columns}
    if missing:
        listed = ", ".join(f"{role}={col!r}" for role, col in missing.items())
        hint = ""
        if "time" in missing:
            hint = " Pass time=None if the table has no time dimension."
        raise ValueError(
            f"{func}: missing column(s) for {listed}; the table has columns {list(df.columns)}.{hint}"
        )


def numeric_column(func: str, df: pd.DataFrame, col: str, *, allow_negative: bool = False) -> np.ndarray:
    """Return ``df[col]`` as float64 with NaN for missing; refuse text, infinities and negatives."""
    s = df[col]
    if pd.api.types.is_bool_dtype(s):
        s = s.astype("float64")
    if not pd.api.types.is_numeric_dtype(s):
        raise ValueError(f"{func}: column {col!r} must be numeric, it has dtype {s.dtype}")
    x = s.to_numpy(dtype="float64", na_value=np.nan)
    if np.isinf(x).any():
        k = int(np.isinf(x).sum())
        raise ValueError(f"{func}: column {col!r} has {k} infinite value(s)")
    if not allow_negative:
        neg = x < 0
        if neg.any():
            example = df.loc[neg].iloc[0].to_dict()
            raise ValueError(
                f"{func}: column {col!r} has {int(neg.sum())} negative value(s), e.g. row {example}"
            )
    return x


def build_cube(
    df: pd.DataFrame,
    *,
    func: str,
    region: str,
    industry: str,
    time: str | None,
    values: Mapping[str, str],
    absent: str = "nan",
    extra_roles: Mapping[str, str | None] | None = None,
    allow_negative: Sequence[str] = (),
) -> Cube:
    """Validate a tidy table and pivot the ``values`` columns to ``(T, R, I)`` float arrays.

    ``values`` maps a role name (e.g. ``"value"``) to its column. Raises ``ValueError`` on missing
    columns, missing keys, duplicated keys (showing one), non-numeric or negative values.
    """
    check_choice(func, "absent", absent, _ABSENT)
    roles: dict[str, str | None] = {"region": region, "industry": industry, "time": time}
    roles.update(values)
    if extra_roles:
        roles.update(extra_roles)
    check_columns(func, df, roles)
    if len(df) == 0:
        raise ValueError(f"{func}: the table is empty")
    keys = [region, industry] + ([time] if time is not None else [])
    if len(set(keys)) != len(keys):
        raise ValueError(f"{func}: region, industry and time must be different columns, got {keys}")
    for k in keys:
        if df[k].isna().any():
            raise ValueError(f"{func}: key column {k!r} has {int(df[k].isna().sum())} missing value(s)")
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        example = df.loc[dup, keys].iloc[0].to_dict()
        raise ValueError(
            f"{func}: {int(dup.sum())} rows share a duplicated key ({', '.join(keys)}), "
            f"e.g. {example}; aggregate them first"
        )
    arrays = {
        role: numeric_column(func, df, col, allow_negative=role in allow_negative)
        for role, col in values.items()
    }

    r_codes, regions = pd.factorize(df[region], sort=True)
    i_codes, industries = pd.factorize(df[industry], sort=True)
    if time is not None:
        t_codes, times = pd.factorize(df[time], sort=True)
        times = pd.Index(times, name=time)
    else:
        t_codes, times = np.zeros(len(df), dtype=np.intp), None
    regions = pd.Index(regions, name=region)
    industries = pd.Index(industries, name=industry)
    shape = (1 if times is None else len(times), len(regions), len(industries))

    present = np.zeros(shape, dtype=bool)
    present[t_codes, r_codes, i_codes] = True
    n_absent = int(present.size - present.sum())
    data = {}
    for role, x in arrays.items():
        arr = np.full(shape, np.nan)
        arr[t_codes, r_codes, i_codes] = x
        if n_absent and absent == "zero":
            arr[~present] = 0.0
        data[role] = arr
    if n_absent:
        what = "treated as missing (NaN)" if absent == "nan" else "set to zero (absent='zero')"
        extra = " Pass absent='zero' if absent rows mean zero." if absent == "nan" else ""
        warn(
            f"{func}: {n_absent} of {present.size} {'×'.join(k for k in keys)} combinations are "
            f"absent from the table and {what}.{extra}"
        )
    return Cube(func, region, industry, time, regions, industries, times, data)


def note_missing(cube: Cube, x: np.ndarray, skipna: bool, what: str = "totals") -> None:
    """Warn once about NaN cells and what happens to the sums built on them."""
    n = int(np.isnan(x).sum())
    if not n:
        return
    if skipna:
        warn(
            f"{cube.func}: {n} missing cell(s) (NaN or absent) were left out of the {what} "
            "(skipna=True); those totals cover the reported cells only and the cells themselves "
            "stay NaN."
        )
    else:
        warn(
            f"{cube.func}: {n} missing cell(s) (NaN or absent, e.g. suppressed data); {what} that "
            "include them are NaN and so is every indicator built on them. Pass skipna=True to "
            "use the reported cells only."
        )


def totals(x: np.ndarray, skipna: bool):
    """Regional totals ``e_j`` (T, R), national industry totals ``e_i`` (T, I), national ``e`` (T,)."""
    e_j = nsum(x, 2, skipna)
    e_i = nsum(x, 1, skipna)
    e = nsum(x.reshape(x.shape[0], -1), 1, skipna)
    return e_j, e_i, e


def group_sum(x: np.ndarray, codes: np.ndarray, n_groups: int, skipna: bool) -> np.ndarray:
    """Sum ``x`` (T, R, I) over regions within groups -> (T, K, I), NaN-aware, no loops."""
    onehot = np.zeros((len(codes), n_groups))
    onehot[np.arange(len(codes)), codes] = 1.0
    filled = np.nan_to_num(x, nan=0.0)
    out = np.einsum("rk,tri->tki", onehot, filled)
    nan_count = np.einsum("rk,tri->tki", onehot, np.isnan(x).astype(float))
    if skipna:
        valid_count = np.einsum("rk,tri->tki", onehot, (~np.isnan(x)).astype(float))
        return np.where(valid_count == 0, np.nan, out)
    return np.where(nan_count > 0, np.nan, out)


def _key_columns(cube: Cube, r_idx, i_idx, t_idx) -> dict[str, pd.Index]:
    cols: dict[str, pd.Index] = {}
    if r_idx is not None:
        cols[cube.region] = cube.regions.take(r_idx)
    if i_idx is not None:
        cols[cube.industry] = cube.industries.take(i_idx)
    if cube.times is not None and t_idx is not None:
        cols[cube.time] = cube.times.take(t_idx)
    return cols


def _frame(keys: dict, metrics: dict) -> pd.DataFrame:
    data = {k: np.asarray(v) if not isinstance(v, pd.Index) else v for k, v in keys.items()}
    data.update(metrics)
    out = pd.DataFrame(data)
    return out.reset_index(drop=True)


def tidy_cells(cube: Cube, metrics: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """(T, R, I) arrays -> tidy rows (region, industry[, time], metrics...) sorted by those keys."""
    T, R, I = cube.shape
    r_idx = np.repeat(np.arange(R), I * T)
    i_idx = np.tile(np.repeat(np.arange(I), T), R)
    t_idx = np.tile(np.arange(T), R * I)
    keys = _key_columns(cube, r_idx, i_idx, t_idx)
    cols = {name: np.asarray(a).transpose(1, 2, 0).reshape(-1) for name, a in metrics.items()}
    return _frame(keys, cols)


def tidy_regions(cube: Cube, metrics: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """(T, R) arrays -> tidy rows (region[, time], metrics...)."""
    T, R, _ = cube.shape
    r_idx = np.repeat(np.arange(R), T)
    t_idx = np.tile(np.arange(T), R)
    keys = _key_columns(cube, r_idx, None, t_idx)
    cols = {name: np.asarray(a).T.reshape(-1) for name, a in metrics.items()}
    return _frame(keys, cols)


def tidy_industries(cube: Cube, metrics: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """(T, I) arrays -> tidy rows (industry[, time], metrics...)."""
    T, _, I = cube.shape
    i_idx = np.repeat(np.arange(I), T)
    t_idx = np.tile(np.arange(T), I)
    keys = _key_columns(cube, None, i_idx, t_idx)
    cols = {name: np.asarray(a).T.reshape(-1) for name, a in metrics.items()}
    return _frame(keys, cols)


def tidy_by(cube: Cube, by: str, metrics: Mapping[str, np.ndarray]) -> pd.DataFrame:
    return tidy_regions(cube, metrics) if by == "region" else tidy_industries(cube, metrics)


def to_boolean(flag: np.ndarray) -> pd.arrays.BooleanArray:
    """Float 0/1/NaN -> pandas nullable boolean (NaN -> <NA>)."""
    flat = np.asarray(flag, dtype=float).reshape(-1)
    return pd.arrays.BooleanArray(flat == 1.0, np.isnan(flat))


def time_pair(cube: Cube, start, end) -> tuple[int, int]:
    """Positions of ``start`` and ``end`` on the time axis (defaults: first and last period)."""
    if cube.times is None:
        raise ValueError(f"{cube.func}: needs a time column (time=None was given)")
    if len(cube.times) < 2:
        raise ValueError(f"{cube.func}: needs at least two periods, the table has {list(cube.times)}")
    t0 = 0 if start is None else _time_pos(cube, start, "start")
    t1 = len(cube.times) - 1 if end is None else _time_pos(cube, end, "end")
    if t0 >= t1:
        raise ValueError(
            f"{cube.func}: start={cube.times[t0]!r} must come before end={cube.times[t1]!r}"
        )
    return t0, t1


def _time_pos(cube: Cube, value, name: str) -> int:
    pos = cube.times.get_indexer([value])[0]
    if pos < 0:
        raise ValueError(
            f"{cube.func}: {name}={value!r} is not a period of column {cube.time!r}; "
            f"available: {list(cube.times)}"
        )
    return int(pos)


def region_mapping(cube: Cube, mapping, what: str) -> pd.Series:
    """Align a region -> something mapping with the cube's regions; name unmapped regions."""
    if isinstance(mapping, pd.DataFrame):
        raise ValueError(f"{cube.func}: {what} must be a mapping or Series region -> value, not a DataFrame")
    s = pd.Series(mapping) if not isinstance(mapping, pd.Series) else mapping
    if s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0]
        raise ValueError(f"{cube.func}: {what} lists region {dup!r} more than once")
    aligned = s.reindex(cube.regions)
    missing = cube.regions[aligned.isna().to_numpy()]
    if len(missing):
        shown = list(missing[:5])
        raise ValueError(
            f"{cube.func}: {what} has no entry for {len(missing)} region(s) of the table, e.g. {shown}"
        )
    return aligned
