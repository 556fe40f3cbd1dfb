"""Once per run, not once per notebook: the all-province analyses kept for the table they were
computed from.

``sectors.analyse`` and ``sectors.analyse_exports`` compute every indicator for the 81 provinces at
once; each province notebook then takes its rows. :func:`per_table` remembers a result for the
*same table object* (``datasets.load`` returns one object per table and file version) and the same
arguments, so the run's zygote computes them once (``helpers.runner.warm``) and every kernel forked
from it finds them ready, copy-on-write. A result is handed out as a fresh copy (its frames are
shallow copies, which pandas' copy-on-write turns into private ones on the first write), so a
caller that changes it changes nothing for the next caller. A different table object, or other
arguments, compute afresh; the last :data:`SIZE` results are kept.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])
SIZE = 8
_CACHE: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()


def _fresh(value: Any) -> Any:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _fresh(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def per_table(fn: F) -> F:
    """Remember ``fn(table, *args, **kwargs)`` for this very ``table`` object and these arguments."""

    @functools.wraps(fn)
    def wrapper(table, *args, **kwargs):
        try:
            key = (fn.__module__, fn.__qualname__, id(table), args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # unhashable arguments: no memory
            return fn(table, *args, **kwargs)
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is table:
            _CACHE.move_to_end(key)
            return _fresh(hit[1])
        out = fn(table, *args, **kwargs)
        _CACHE[key] = (table, out)
        while len(_CACHE) > SIZE:
            _CACHE.popitem(last=False)
        return _fresh(out)

    return wrapper  # type: ignore[return-value]


def clear() -> None:
    _CACHE.clear()
