"""Bridges across TİM's classification changes that moved exports between harmonised sectors.

Renames and splits that a merge closes (``İklimlendirme Sanayii`` into T19, ``Demir Çelik Ürünleri``
→ ``Çelik`` …) live in ``data/reference/tim_sector_concordance.csv``. One change cannot be closed by a
merge without merging half of manufacturing: TİM's 2012 classification split ``İklimlendirme
Sanayii`` out of several sectors at once. Its 2012 release restated 2011 in the new classification,
so 2011 is printed twice (``il_sektor_ihr_12_2011.xls``, old; ``2012-12-…``, new), province by
province. From that overlap year the bridge (``data/reference/tim_bridges.csv``) is computed and
applied to the years that come from releases in the old classification (2006, 2010):

.. math::

    L_{p,s} = \\max(0, o_{p,s} - n_{p,s}),\\quad G_{p,s} = \\max(0, n_{p,s} - o_{p,s}),\\quad
    M_p = \\min\\big(\\textstyle\\sum_s L_{p,s}, \\sum_s G_{p,s}\\big)

    f_{p,s} = \\frac{M_p}{\\sum_s L_{p,s}} \\frac{L_{p,s}}{o_{p,s}},\\qquad
    w_{p,s} = \\frac{G_{p,s}}{\\sum_s G_{p,s}},\\qquad
    b_{p,s,y} = -f_{p,s} x_{p,s,y} + w_{p,s} \\sum_{s'} f_{p,s'} x_{p,s',y}

with :math:`o, n` the province's 2011 exports of the bridge's sectors in the old and new release,
:math:`x_{p,s,y}` its printed exports in year :math:`y`. Only what a province both lost and gained
among the bridge's sectors is moved (a loss without a matching gain is a revision, not a move), so a
province's total is unchanged (:math:`\\sum_s b_{p,s,y} = 0`) and no sector goes below zero
(:math:`f \\le 1`). The bridge amounts are rows of their own in ``exports_tim`` (``sector_label``
:data:`LABEL`, ``source_file`` starting with ``bridge:``), never mixed into the printed values.

Example: a province printing, in 2011, metals 100 and machinery 50 in the old release and metals 90
and machinery 60 in the new one moves 10 % of its metals to machinery: metals 200 in 2010 gets a
bridge row of −20, machinery +20.

Reference: the overlap (or "linking") method of splicing a series across a classification change,
e.g. Eurostat, *Handbook on methodology for time series backcasting* (2013), section 3.2.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd

from helpers import paths

BRIDGES_CSV = paths.REFERENCE / "tim_bridges.csv"
#: ``sector_label`` of the bridge rows in ``exports_tim``.
LABEL = "köprü: TİM 2012 sınıflandırması"


@functools.cache
def bridges() -> pd.DataFrame:
    """``data/reference/tim_bridges.csv``: bridge, overlap_year, old_release_year, new_release_year,
    sectors ("T14|T20"), note."""
    df = pd.read_csv(BRIDGES_CSV, comment="#", dtype=str, keep_default_na=False)
    for c in ("overlap_year", "old_release_year", "new_release_year"):
        df[c] = df[c].astype(int)
    return df


def _harmonised(rel, year: int, sectors: set[str]) -> dict[tuple[int, str], float]:
    from helpers.sources.tim import sector_code

    out: dict[tuple[int, str], float] = defaultdict(float)
    for leaf in rel.leaves:
        if leaf.year == year and leaf.label:
            code = sector_code(leaf.label)
            if code in sectors:
                out[(leaf.plate, code)] += leaf.usd
    return out


def transfer_shares(old, new, year: int, sectors: Sequence[str]) -> pd.DataFrame:
    """The bridge of one overlap year, per province: ``plate, sector, out_share`` (:math:`f_{p,s}`,
    the share of the sector's exports moved out) and ``in_weight`` (:math:`w_{p,s}`, its share of
    what is moved in). Only provinces that moved something have rows."""
    s = set(sectors)
    o, n = _harmonised(old, year, s), _harmonised(new, year, s)
    rows = []
    for plate in sorted({p for p, _ in o} | {p for p, _ in n}):
        loss = {c: max(0.0, o.get((plate, c), 0.0) - n.get((plate, c), 0.0)) for c in sectors}
        gain = {c: max(0.0, n.get((plate, c), 0.0) - o.get((plate, c), 0.0)) for c in sectors}
        lsum, gsum = math.fsum(loss.values()), math.fsum(gain.values())
        moved = min(lsum, gsum)
        if moved <= 0:
            continue
        for c in sectors:
            out_share = moved / lsum * loss[c] / o[(plate, c)] if loss[c] > 0 else 0.0
            rows.append({"plate": plate, "sector": c, "out_share": out_share, "in_weight": gain[c] / gsum})
    return pd.DataFrame(rows, columns=["plate", "sector", "out_share", "in_weight"])


def bridge_amounts(exports: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """:math:`b_{p,s,y}` for every plate × year of ``exports`` (rows with ``plate, year, sector,
    export_usd``; not-itemised rows are ignored): ``plate, year, sector, export_usd`` (the bridge
    amount, negative where exports are moved out). Each plate-year's amounts sum to zero."""
    x = exports[~exports["not_itemised"]].groupby(["plate", "year", "sector"], as_index=False)["export_usd"].sum()
    m = x.merge(shares, on=["plate", "sector"], how="inner")
    m["out"] = m["out_share"] * m["export_usd"]
    moved = m.groupby(["plate", "year"], as_index=False)["out"].sum().rename(columns={"out": "moved"})
    grid = shares.merge(moved, on="plate", how="inner")
    grid = grid.merge(m[["plate", "year", "sector", "out"]], on=["plate", "year", "sector"], how="left")
    grid["export_usd"] = grid["in_weight"] * grid["moved"] - grid["out"].fillna(0.0)
    grid = grid[grid["export_usd"].abs() > 1e-6]
    return grid[["plate", "year", "sector", "export_usd"]].sort_values(["year", "plate", "sector"]).reset_index(drop=True)


def apply(df: pd.DataFrame, releases: Sequence, chosen: Mapping[int, object]) -> tuple[pd.DataFrame, list[dict]]:
    """Add the rows of every bridge of :func:`bridges` to the ``exports_tim`` rows ``df`` (years
    before its overlap year). A bridge whose two releases are not both present is skipped (warned).

    Returns the table with the bridge rows and one record per bridge and year (national USD moved).
    """
    from helpers.sources.tim import BRIDGE_PREFIX, TIMWarning

    by_own = {r.own_year: r for r in releases}
    added, records = [], []
    for b in bridges().itertuples():
        years = sorted(int(y) for y in df["year"].unique() if y < b.overlap_year)
        if not years:
            continue  # nothing in the old classification
        old, new = by_own.get(b.old_release_year), by_own.get(b.new_release_year)
        if old is None or new is None or chosen.get(b.overlap_year) is not new:
            warnings.warn(f"TİM bridge {b.bridge}: the releases of {b.old_release_year} and {b.new_release_year} "
                          f"are not both read (or {b.overlap_year} does not come from the {b.new_release_year} "
                          f"release); the years {years} are left unbridged", TIMWarning, stacklevel=3)
            continue
        shares = transfer_shares(old, new, b.overlap_year, b.sectors.split("|"))
        amounts = bridge_amounts(df[df["year"].isin(years)], shares)
        amounts["sector_label"] = LABEL
        amounts["not_itemised"] = False
        amounts["is_sample"] = False
        amounts["source_file"] = f"{BRIDGE_PREFIX} {old.file} → {new.file} ({b.overlap_year})"
        added.append(amounts)
        for y in years:
            a = amounts.loc[amounts["year"] == y, "export_usd"]
            records.append({"bridge": b.bridge, "year": int(y), "moved_usd": float(a[a > 0].sum()),
                            "provinces": int(amounts.loc[amounts["year"] == y, "plate"].nunique())})
    if added:
        df = pd.concat([df, *added], ignore_index=True)
    return df, records
