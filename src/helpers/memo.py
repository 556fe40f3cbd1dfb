"""Once per run, not once per notebook: the all-province analyses kept for the table they were
computed from.

``sectors.analyse`` and ``sectors.analyse_exports`` compute every indicator for the 81 provinces at
once; each province notebook then takes its rows. :func:`per_table` remembers a result for the
*same table object* (``datasets.load`` returns one object per table and file version) and the same
arguments, so the run's zygote computes them once (``helpers.runner.warm``) and every kernel forked
from it finds them ready, copy-on-write. A result is handed out as a fresh copy (its frames are
shallow copies, which pandas' copy-on-write turns into private ones on the first write), so a
caller that changes it changes nothing for the next caller. A different table object, or other
arguments, compute afresh; the last :data:`SIZE` results are kept. Arguments are matched by value
after binding them to the function's signature, defaults filled in: ``f(t, 2018, 2023, "TR")`` and
``f(t, 2018, 2023, reference="TR")`` are one result.

What is later derived from a kept result (e.g. the all-province criteria frame of an analysis,
:mod:`helpers.sector_tables`) can be kept with it in :func:`shared`: one dictionary shared by the
kept result and every copy handed out of it, so a value derived once (in the zygote) is found by
every later caller.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])
SIZE = 16
_CACHE: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()
_SHARED = "_memo_shared"


def shared(obj: Any) -> dict:
    """A dictionary for values derived from ``obj`` (a dataclass instance): the same dictionary for a
    result kept by :func:`per_table` and every copy of it handed out; for any other object, its own."""
    return obj.__dict__.setdefault(_SHARED, {})


def _fresh(value: Any) -> Any:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, list):
        return list(value)
    if type(value) is tuple:
        return tuple(_fresh(v) for v in value)
    if isinstance(value, dict):
        return dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = dataclasses.replace(value, **{f.name: _fresh(getattr(value, f.name))
                                            for f in dataclasses.fields(value) if f.init})
        if hasattr(out, "__dict__"):
            out.__dict__[_SHARED] = shared(value)
        return out
    return value


def per_table(fn: F) -> F:
    """Remember ``fn(table, *args, **kwargs)`` for this very ``table`` object and these arguments."""

    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(table, *args, **kwargs):
        try:
            bound = signature.bind(table, *args, **kwargs)
            bound.apply_defaults()
            key = (fn.__module__, fn.__qualname__, id(table), tuple(bound.arguments.items())[1:])
            hash(key)
        except TypeError:  # unhashable (or wrong) arguments: no memory, the function says what is wrong
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
