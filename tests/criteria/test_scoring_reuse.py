"""The speed-ups of the scoring change no result: a method-independent part computed once
(``prepare`` / ``evaluate_prepared``), the robustness scenarios reusing it, and their ranks aligned
by block. Each is compared with the plain computation it replaces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from criteria_toys import make_table, toy_dict
from helpers import criteria
from helpers.criteria import score
from helpers.criteria.scenarios import (CHOICES, FLOOR_FACTORS, METHODS, _restrict, _summarise, eligible_ranks,
                                        floor_config)


def _cfg(**longlist):
    d = toy_dict()
    d["longlist"].update(longlist)
    return criteria.criteria_from_dict(d, source="toy.yml")


def _table(seed: int, flagged: int = 0) -> pd.DataFrame:
    t = make_table(14, seed=seed)
    t["flags"] = ["head_office" if i < flagged else "" for i in range(len(t))]
    return t


def _assert_same_result(a, b):
    for name in ("table", "criteria", "utilities", "transformed", "inputs"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    pd.testing.assert_series_equal(a.heading_weights, b.heading_weights, check_exact=True)
    assert a.method == b.method and list(map(str, a.notes)) == list(map(str, b.notes))


@pytest.mark.parametrize("method", METHODS)
def test_evaluate_prepared_equals_evaluate(method):
    cfg = _cfg(min_workplaces=40, min_insured=800)
    kept = criteria.longlist(_table(4, flagged=2), cfg).kept
    _assert_same_result(score.evaluate_prepared(score.prepare(kept, cfg), cfg, method),
                        criteria.evaluate(kept, cfg, method=method))
    # the validated table (an evaluation's inputs) scores as the long list it came from
    base = criteria.evaluate(kept, cfg, method=method)
    _assert_same_result(criteria.evaluate(base.inputs, cfg, method=method), base)


def _plain_scenarios(table, config, method, top_k, n_weights, seed, start_tables, base_start):
    """The scenarios as computed before the speed-up: every scenario evaluated from scratch."""
    key, label = config.key, config.sector_basis.label

    def run(t, m=method, cfg=config):
        kept = _restrict(criteria.longlist(t, cfg).kept, key, None)
        return None if len(kept) == 0 else criteria.evaluate(kept, cfg, method=m)

    def ranks_of(r):
        return r.table.set_index(key)["rank"].astype(float)

    def elig_of(r):
        return pd.Series(r.eligible.to_numpy(), index=r.table[key].to_numpy(), dtype=bool)

    base = run(table)
    base_ranks, base_elig, rows = ranks_of(base), elig_of(base), []
    rob = criteria.robustness(base.inputs, config, n=n_weights, seed=seed, method=method, top_k=top_k)
    for i, r in enumerate(rob.rank_draws.to_numpy()):
        rows.append(("weights", str(i + 1), pd.Series(r, index=rob.rank_draws.columns, dtype=float), base_elig))
    for m in METHODS:
        if m != method:
            rows.append(("method", m, ranks_of(criteria.evaluate(base.inputs, config, method=m)), base_elig))
    for year, t in sorted(start_tables.items()):
        if year != base_start and (res := run(t)) is not None:
            rows.append(("start_year", str(year), ranks_of(res), elig_of(res)))
    for factor in FLOOR_FACTORS:
        if (res := run(table, cfg=floor_config(config, factor))) is not None:
            res = criteria.evaluate(res.inputs, config, method=method)
            rows.append(("presence_floor", f"{factor:g}", ranks_of(res), elig_of(res)))
    codes = list(base_ranks.index)
    own = [pd.Series(eligible_ranks(r.to_numpy()[None, :], e.reindex(r.index).fillna(False).to_numpy()[None, :])[0],
                     index=r.index) for _, _, r, e in rows]
    ranks = pd.DataFrame([o.reindex(codes).to_numpy(dtype=float) for o in own], columns=codes)
    elig = np.array([e.reindex(codes).fillna(False).to_numpy(dtype=bool) for *_, e in rows]).reshape(ranks.shape)
    eligible = pd.DataFrame(elig.astype(bool), columns=codes)
    base_e = eligible_ranks(base_ranks.to_numpy()[None, :], base_elig.reindex(codes).to_numpy()[None, :])[0]
    runs = pd.DataFrame({"choice": [c for c, *_ in rows], "value": [v for _, v, *_ in rows],
                         "n_candidates": [int(r.notna().sum()) for _, _, r, _ in rows]})
    choices = [c for c in CHOICES if (runs["choice"] == c).any()]
    table_out = _summarise(base, pd.Series(base_e, index=codes), base_elig.reindex(codes), ranks, eligible, runs,
                           choices, top_k, key, label)
    return table_out, runs, ranks, eligible, rob


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed,flagged,floor", [(3, 0, (0, 0)), (5, 2, (40, 800)), (8, 1, (30, 1000))])
def test_scenarios_equal_the_plain_computation(method, seed, flagged, floor):
    cfg = _cfg(min_workplaces=floor[0], min_insured=floor[1])
    table = _table(seed, flagged)
    other = make_table(14, seed=seed + 100)
    other["flags"] = table["flags"]
    starts = {2008: other, 2010: table}
    got = criteria.scenarios(table, cfg, method=method, top_k=3, n_weights=30, seed=2, start_tables=starts,
                             base_start=2010)
    want_table, want_runs, want_ranks, want_elig, want_rob = _plain_scenarios(table, cfg, method, 3, 30, 2, starts, 2010)
    pd.testing.assert_frame_equal(got.table, want_table, check_exact=True)
    pd.testing.assert_frame_equal(got.runs, want_runs, check_exact=True)
    pd.testing.assert_frame_equal(got.ranks, want_ranks, check_exact=True)
    pd.testing.assert_frame_equal(got.eligible, want_elig, check_exact=True)
    pd.testing.assert_frame_equal(got.weights.table, want_rob.table, check_exact=True)
    pd.testing.assert_frame_equal(got.weights.rank_draws, want_rob.rank_draws, check_exact=True)
    assert list(map(str, got.weights.notes)) == list(map(str, want_rob.notes))


def test_method_agreement_equals_one_evaluation_per_method():
    cfg = _cfg(min_workplaces=40, min_insured=800)
    kept = criteria.longlist(_table(6, flagged=1), cfg).kept
    agreement = criteria.method_agreement(kept, cfg)
    for m in METHODS:
        r = criteria.evaluate(kept, cfg, method=m)
        assert agreement.ranks.set_index("nace_division")[f"rank_{m}"].to_dict() == \
            r.table.set_index("nace_division")["rank"].to_dict()
    with pytest.raises(ValueError, match="unknown method 'best'"):
        criteria.method_agreement(kept, cfg, methods=("weighted_sum", "best"))
