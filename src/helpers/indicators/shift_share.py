r"""Shift-share analysis: Dunn (classic), Esteban-Marquillas and dynamic (Barff & Knight)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frame import (
    build_cube,
    check_choice,
    div,
    note_missing,
    nsum,
    tidy_cells,
    tidy_regions,
    time_pair,
    warn,
)

__all__ = ["shift_share"]

_METHODS = ("dunn", "esteban_marquillas", "dynamic")


def _dunn_cells(a: np.ndarray, b: np.ndarray, skipna: bool):
    """Dunn components per cell for one period pair; a, b are (R, I)."""
    e_i1, e_i2 = nsum(a, 0, skipna), nsum(b, 0, skipna)
    e1, e2 = nsum(a, None, skipna), nsum(b, None, skipna)
    g_nat = div(e2, e1)
    g_ind = div(e_i2, e_i1)[None, :]
    national = a * (g_nat - 1.0)
    # a cell with no base-year employment has no mix effect; its whole end value is competitive
    mix = np.where(a == 0, 0.0, a * (g_ind - g_nat))
    competitive = np.where(a == 0, b, b - a * g_ind)
    return national, mix, competitive, g_ind


def shift_share(
    df: pd.DataFrame,
    start=None,
    end=None,
    *,
    method: str = "dunn",
    by_industry: bool = False,
    rates: bool = False,
    region: str = "plate",
    industry: str = "nace_division",
    time: str = "year",
    value: str = "insured",
    absent: str = "nan",
    skipna: bool = False,
) -> pd.DataFrame:
    r"""Decompose regional employment change into national, industry-mix and regional parts.

    ``method="dunn"`` (Dunn 1960, in the notation of Farhauer & Kröll 2013 used by REAT), for
    region :math:`j` between periods 1 and 2:

    .. math::

        \text{national\_share}_j &= e_{j1}\left(\frac{e_2}{e_1} - 1\right) \\
        \text{industry\_mix}_j &= \sum_i e_{ij1}\frac{e_{i2}}{e_{i1}} - e_{j1}\frac{e_2}{e_1} \\
        \text{competitive\_share}_j &= \sum_i e_{ij1}\left(\frac{e_{ij2}}{e_{ij1}}
            - \frac{e_{i2}}{e_{i1}}\right)

    and the three sum to the change :math:`e_{j2} - e_{j1}`.

    ``method="esteban_marquillas"`` (1972) splits the competitive share with the homothetic
    employment :math:`\hat e_{ij1} = e_{j1} e_{i1} / e_1` and the growth rates
    :math:`g_{ij} = e_{ij2}/e_{ij1} - 1`, :math:`g_i = e_{i2}/e_{i1} - 1`:

    .. math::

        \text{competitive\_effect}_j = \sum_i \hat e_{ij1}(g_{ij} - g_i), \qquad
        \text{allocation\_effect}_j = \sum_i (e_{ij1} - \hat e_{ij1})(g_{ij} - g_i)

    ``method="dynamic"`` (Barff & Knight 1988): the Dunn components computed for every pair of
    adjacent periods between ``start`` and ``end`` and summed.

    With ``by_industry=True`` the components are reported per region × industry (the summands
    above), e.g. :math:`\text{national\_share}_{ij} = e_{ij1}(e_2/e_1 - 1)` and
    :math:`\text{industry\_mix}_{ij} = e_{ij1}(e_{i2}/e_{i1} - e_2/e_1)`. Unlike REAT's ``shifti``,
    which folds the industry mix into its "national share", the three parts stay separate.

    Conventions: a cell with :math:`e_{ij1} = 0` has no national or mix component and its whole
    :math:`e_{ij2}` is competitive (the written form
    :math:`e_{ij1}(e_{ij2}/e_{ij1} - \dots)` is 0 · ∞ there). For Esteban-Marquillas such an entry
    cannot be split (:math:`g_{ij}` is undefined): it goes to ``competitive_effect`` with a zero
    allocation effect, and a warning counts these cells.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long table, one row per region × industry × time.
    start, end : optional
        Periods (values of the time column); default the first and the last period.
    method : {"dunn", "esteban_marquillas", "dynamic"}
        Decomposition.
    by_industry : bool
        Report per region × industry instead of per region.
    rates : bool
        Also report each component divided by ``value_start`` as ``<component>_rate``; per cell
        (Dunn) these are :math:`g = e_2/e_1 - 1`, :math:`g_i - g` and :math:`g_{ij} - g_i`.
        NaN where ``value_start`` is 0.
    region, industry, time, value : str
        Column roles.
    absent : {"nan", "zero"}
        Meaning of combinations absent from the table (see :func:`shares`).
    skipna : bool
        ``False`` (default): a NaN cell makes its region's and its industry's national figures NaN.
        ``True``: national totals use the reported cells and regional sums skip cells not reported
        in every period used, so the components still add up to ``change`` (with a warning).

    Returns
    -------
    pandas.DataFrame
        ``region[, industry], <time>_start, <time>_end, value_start, value_end, change`` and
        ``national_share, industry_mix, competitive_share`` (``"dunn"``, ``"dynamic"``) or
        ``national_share, industry_mix, competitive_effect, allocation_effect``
        (``"esteban_marquillas"``), + ``<component>_rate`` columns with ``rates=True``. The
        components sum to ``change`` in every row.

    References
    ----------
    Dunn, E. S. (1960). A statistical and analytical technique for regional analysis. *Papers
    and Proceedings of the Regional Science Association*, 6, 97–112.
    Esteban-Marquillas, J. M. (1972). Shift- and share analysis revisited. *Regional and Urban
    Economics*, 2(3), 249–261.
    Barff, R. A. and Knight, P. L. (1988). Dynamic shift-share analysis. *Growth and Change*,
    19(2), 1–10.
    Farhauer, O. and Kröll, A. (2013). *Standorttheorien*. Wiesbaden: Springer.
    Wieland, T. (2019). REAT, R package (``shift``, ``shiftd``).

    Examples
    --------
    Region A of Farhauer & Kröll's textbook example against the nation X (REAT ``shift``):

    >>> import pandas as pd
    >>> from helpers.indicators import shift_share
    >>> a0, a1 = [90, 20, 10, 60], [100, 40, 10, 55]
    >>> x0, x1 = [400, 150, 150, 400], [440, 210, 135, 480]
    >>> rows = [("A", i, y, v) for y, vals in ((2000, a0), (2001, a1)) for i, v in enumerate(vals)]
    >>> rows += [("rest", i, y, x - v) for y, xs, vs in ((2000, x0, a0), (2001, x1, a1))
    ...          for i, (x, v) in enumerate(zip(xs, vs))]
    >>> df = pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured"])
    >>> out = shift_share(df).set_index("plate")
    >>> out.loc["A", ["change", "national_share", "industry_mix", "competitive_share"]].round(6).tolist()
    [25.0, 27.0, 1.0, -3.0]
    """
    func = "shift_share"
    check_choice(func, "method", method, _METHODS)
    if time is None:
        raise ValueError(f"{func}: needs a time column (time=None was given)")
    cube = build_cube(
        df, func=func, region=region, industry=industry, time=time,
        values={"value": value}, absent=absent,
    )
    t0, t1 = time_pair(cube, start, end)
    x = cube.data["value"]
    steps = list(range(t0, t1 + 1)) if method == "dynamic" else [t0, t1]
    note_missing(cube, x[steps], skipna, "national totals")
    a, b = x[t0], x[t1]

    if method == "dynamic":
        national = np.zeros_like(a)
        mix = np.zeros_like(a)
        competitive = np.zeros_like(a)
        for s0, s1 in zip(steps[:-1], steps[1:]):  # a handful of periods
            n_, m_, c_, _ = _dunn_cells(x[s0], x[s1], skipna)
            national, mix, competitive = national + n_, mix + m_, competitive + c_
        parts = {"national_share": national, "industry_mix": mix, "competitive_share": competitive}
    else:
        national, mix, competitive, g_ind = _dunn_cells(a, b, skipna)
        parts = {"national_share": national, "industry_mix": mix}
        if method == "dunn":
            parts["competitive_share"] = competitive
        else:
            e_j1 = nsum(a, 1, skipna)[:, None]
            e_i1 = nsum(a, 0, skipna)[None, :]
            e1 = nsum(a, None, skipna)
            homothetic = div(e_j1 * e_i1, e1)
            d = div(b, a) - g_ind
            entries = (a == 0) & (b > 0)
            if entries.any():
                warn(
                    f"{func}: {int(entries.sum())} region×industry cell(s) start from zero and "
                    "grow (entries); their Esteban-Marquillas split is undefined, so their change "
                    "is counted as competitive_effect with allocation_effect 0."
                )
            parts["competitive_effect"] = np.where(a == 0, competitive, homothetic * d)
            parts["allocation_effect"] = np.where(a == 0, 0.0, (a - homothetic) * d)

    valid = ~np.isnan(x[steps]).any(axis=0)  # reported in every period used
    cells = {"value_start": a, "value_end": b, "change": b - a, **parts}
    if not by_industry:
        if skipna:
            cells = {k: np.where(valid, v, 0.0).sum(axis=1) for k, v in cells.items()}
            none_valid = ~valid.any(axis=1)
            cells = {k: np.where(none_valid, np.nan, v) for k, v in cells.items()}
        else:
            cells = {k: v.sum(axis=1) for k, v in cells.items()}
    if rates:
        start_value = cells["value_start"]
        for name in parts:
            cells[f"{name}_rate"] = np.where(start_value == 0, np.nan, div(cells[name], start_value))
    shape = (1,) + cells["change"].shape
    metrics = {
        f"{time}_start": np.full(shape, cube.times[t0]),
        f"{time}_end": np.full(shape, cube.times[t1]),
        **{k: v[None] for k, v in cells.items()},
    }
    tidy = tidy_cells if by_industry else tidy_regions
    return tidy(_single(cube), metrics)


def _single(cube):
    """The cube's labels without a time axis (results span a period pair)."""
    return cube.__class__(cube.func, cube.region, cube.industry, None, cube.regions, cube.industries, None)
