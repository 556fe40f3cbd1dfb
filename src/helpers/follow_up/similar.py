r"""Peer provinces: the same sectors where the export structure was most like the province's.

**Rule.** In the selection year, the peers of province :math:`j` are the ``n`` provinces :math:`l`
(default 5) with the smallest Krugman dissimilarity of their sector shares,

.. math::

    K_{jl} = \sum_i \left| \frac{e_{ij}}{e_j} - \frac{e_{il}}{e_l} \right| \in [0, 2],

the value :func:`helpers.indicators.krugman_index` gives on the two provinces alone
(``benchmark="others_mean"``: with two regions the benchmark of one is the other's shares,
REAT's two-region ``krugman.spec``), computed for all provinces at once from
:func:`helpers.indicators.shares`. :math:`K = 0` means identical structures, 2 no sector in
common. Shares are of itemised exports over the harmonised TİM sectors; provinces with no itemised
exports that year cannot be peers; ties go to the lower plate code. The comparison then follows
the chosen sectors in the peers over the same years, so that "the chosen sector grew" can be read
against "the same sector grew elsewhere too". It is descriptive, not a causal estimate: the peers
were not a control group, and they may have had support of their own.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from helpers import indicators

from .after import KEY, VALUE

DEFAULT_PEERS = 5


def dissimilarity(p: pd.DataFrame, plate: int, year: int) -> pd.DataFrame:
    """``plate, krugman`` for every other province with exports in ``year`` (smallest first).

    The shares :math:`e_{ij}/e_j` come from :func:`helpers.indicators.shares` in one call over all
    provinces; :math:`K_{jl}` is then one vectorised sum (equal to
    :func:`helpers.indicators.krugman_index` on the pair, ``benchmark="others_mean"``: tested)."""
    d = p[(p["year"] == year)][["plate", KEY, VALUE]]
    totals = d.groupby("plate")[VALUE].sum()
    if not totals.get(plate, 0) > 0:
        raise ValueError(f"province {plate} has no itemised exports in {year}: no export structure to compare")
    d = d[d["plate"].isin(totals.index[totals > 0])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # complete provinces of one year: no data decision to report
        sh = indicators.shares(d, industry=KEY, value=VALUE, time=None)
    m = sh.pivot_table(index="plate", columns=KEY, values="share_in_region", aggfunc="sum").fillna(0.0)
    k = np.abs(m.to_numpy() - m.loc[plate].to_numpy()[None, :]).sum(axis=1)
    out = pd.DataFrame({"plate": m.index.astype(int), "krugman": k})
    out = out[out["plate"] != plate]
    return out.sort_values(["krugman", "plate"]).reset_index(drop=True)


def peers(p: pd.DataFrame, plate: int, year: int, n: int = DEFAULT_PEERS) -> pd.DataFrame:
    """The ``n`` most similar provinces in ``year`` (see the module's rule)."""
    return dissimilarity(p, plate, year).head(n)


def comparison(p: pd.DataFrame, plate: int, peer_plates: list[int], chosen: list[str], start: int,
               end: int) -> pd.DataFrame:
    """Exports of each chosen sector as an index (selection year = 100) in the province, in each
    peer, in the peers together and in Türkiye: ``sector, year, who, plate, export_usd, index``
    (``who``: ``"province"``, ``"peer"``, ``"peers"``, ``"national"``)."""
    d = p[p["year"].between(start, end) & p[KEY].isin(chosen)][["plate", "year", KEY, VALUE]]
    own = d[d["plate"] == plate].assign(who="province")
    each = d[d["plate"].isin(peer_plates)].assign(who="peer")
    together = (each.groupby(["year", KEY], as_index=False)[VALUE].sum().assign(who="peers", plate=0))
    nat = d.groupby(["year", KEY], as_index=False)[VALUE].sum().assign(who="national", plate=0)
    out = pd.concat([own, each, together, nat], ignore_index=True)
    base = out[out["year"] == start].set_index(["who", "plate", KEY])[VALUE]
    b = pd.Series([base.get((w, pl, s), np.nan) for w, pl, s in zip(out["who"], out["plate"], out[KEY])],
                  index=out.index)
    out["index"] = 100 * out[VALUE] / b.where(b > 0)
    return out.sort_values([KEY, "who", "plate", "year"]).reset_index(drop=True)


def peer_growth(comp: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Growth ``start`` → ``end`` of each chosen sector: ``sector, province, peers, peers_median,
    national`` (``peers``: the peers' exports summed; ``peers_median``: the median peer)."""
    c = comp[comp["year"].isin([start, end])]
    w = c.pivot_table(index=["who", "plate", KEY], columns="year", values=VALUE, aggfunc="sum")
    g = (w[end] / w[start].where(w[start] > 0) - 1).rename("growth").reset_index()
    rows = []
    for code, sub in g.groupby(KEY, sort=False):
        by = {w_: sub[sub["who"] == w_]["growth"] for w_ in ("province", "peer", "peers", "national")}
        rows.append({KEY: code,
                     "province": float(by["province"].iloc[0]) if len(by["province"]) else np.nan,
                     "peers": float(by["peers"].iloc[0]) if len(by["peers"]) else np.nan,
                     "peers_median": float(by["peer"].median()) if by["peer"].notna().any() else np.nan,
                     "national": float(by["national"].iloc[0]) if len(by["national"]) else np.nan})
    order = list(dict.fromkeys(comp[KEY]))
    return pd.DataFrame(rows).set_index(KEY).reindex(order).reset_index()
