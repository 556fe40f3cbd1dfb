"""helpers.mcda: published values, AHP, hand-checkable toys, input validation."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import mcda

METHODS = {
    "weighted_sum": mcda.weighted_sum,
    "topsis": mcda.topsis,
    "promethee_ii": mcda.promethee_ii,
    "waspas": mcda.waspas,
}


def _case(folder, name):
    m = pd.read_csv(folder / "input" / f"{name}_matrix.csv", index_col=0)
    wt = pd.read_csv(folder / "input" / f"{name}_weights_types.csv")
    return m.to_numpy(), wt["weight"].to_numpy(), wt["type_1max_-1min"].to_numpy()


def _published(folder, name):
    return next(c["published"] for c in json.loads((folder / "published_values.json").read_text()) if c["case"] == name)


# ---------------------------------------------------------------------------------------------
# published values
# ---------------------------------------------------------------------------------------------
def test_promethee_ii_usual_matches_zhao_peng_li_2013(mcda_cases):
    x, w, t = _case(mcda_cases, "promethee2_usual_zhao2013")
    flows = mcda.promethee_ii(x, w, t)
    np.testing.assert_allclose(flows, _published(mcda_cases, "promethee2_usual_zhao2013"), atol=0.005)
    assert flows.sum() == pytest.approx(0.0, abs=1e-12)


def test_waspas_matches_chakraborty_2015(mcda_cases):
    """The printed weights sum to 1.0155 and the paper uses them as printed (no rescaling)."""
    x, w, t = _case(mcda_cases, "waspas_chakraborty2015")
    assert w.sum() == pytest.approx(1.0155)
    published = _published(mcda_cases, "waspas_chakraborty2015")
    np.testing.assert_allclose(mcda.waspas(x, w, t, lam=0.5, rescale_weights=False), published, atol=0.00005)
    # rescaled weights change the values (by < 0.006) but not the ranking
    rescaled = mcda.waspas(x, w, t, lam=0.5)
    assert np.abs(rescaled - published).max() < 0.006
    assert mcda.rank_scores(rescaled).tolist() == mcda.rank_scores(published).tolist()


def test_topsis_vector_normalisation_opricovic_tzeng_2004(mcda_cases):
    """Vector normalisation (the paper's TOPSIS, sec. 3) on the case's input: C = 0.762, 0.722, 0.238.

    Hand check: r = (0.183, 0.365, 0.913 | 0.456, 0.570, 0.684); D+ = 0.114, 0.108, 0.365;
    D- = 0.365, 0.280, 0.114.
    """
    x, w, t = _case(mcda_cases, "topsis_opricovic_tzeng2004")
    np.testing.assert_allclose(mcda.topsis(x, w, t), [0.762, 0.722, 0.238], atol=0.0005)


def test_topsis_published_json_values_are_the_minmax_variant(mcda_cases):
    """published_values.json lists 0.500 / 0.617 / 0.500 as 'vector normalisation'. Those values
    come out of min-max (linear) normalisation, not vector normalisation (see docs/methods.md):
    A1 and A3 are each best on one criterion and worst on the other, so only equal normalised
    ranges make them tie at 0.5."""
    x, w, t = _case(mcda_cases, "topsis_opricovic_tzeng2004")
    published = _published(mcda_cases, "topsis_opricovic_tzeng2004")
    np.testing.assert_allclose(mcda.topsis(x, w, t, normalisation="minmax"), published, atol=0.0005)
    assert not np.allclose(mcda.topsis(x, w, t), published, atol=0.0005)


def test_wsm_likert_toy_hand_values(mcda_cases):
    """Min-max normalised weighted sum, computed by hand:
    C1 (3,4,5,2) -> (1/3, 2/3, 1, 0); C2 (4,2,3,5) -> (2/3, 0, 1/3, 1);
    C3 (2,5,3,4) -> (0, 1, 1/3, 2/3); C4 (5,3,2,4) -> (1, 1/3, 0, 2/3);
    S = .35 C1 + .25 C2 + .2 C3 + .2 C4."""
    x, w, t = _case(mcda_cases, "wsm_likert_toy")
    expected = [0.35 / 3 + 0.25 * 2 / 3 + 0 + 0.2,
                0.35 * 2 / 3 + 0 + 0.2 + 0.2 / 3,
                0.35 + 0.25 / 3 + 0.2 / 3 + 0,
                0 + 0.25 + 0.2 * 2 / 3 + 0.2 * 2 / 3]
    np.testing.assert_allclose(mcda.weighted_sum(x, w, t), expected, atol=1e-12)
    # A2 = 0.35*2/3 + 0.2 + 0.2/3 = 0.5 and A3 = 0.35 + 0.25/3 + 0.2/3 = 0.5: an exact tie
    assert mcda.rank_scores(mcda.weighted_sum(x, w, t)).tolist() == [4, 2, 2, 1]
    # column-sum SAW (another library convention) gives other scores: documented difference
    assert not np.allclose(mcda.weighted_sum(x, w, t, normalisation="sum"), expected)


# ---------------------------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------------------------
def test_ahp_reference_matrix_is_consistent(mcda_cases):
    a = pd.read_csv(mcda_cases / "input" / "ahp_4x4_pairwise.csv", index_col=0)
    res = mcda.ahp_weights(a)
    assert res.labels == ("EconImpact", "Demand", "Networking", "Factor")
    assert res.weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(res.weights, [0.5222, 0.1998, 0.0781, 0.1998], atol=5e-4)
    assert res.ri == 0.90
    assert res.lambda_max == pytest.approx(4.0435, abs=5e-4)
    assert res.ci == pytest.approx((res.lambda_max - 4) / 3)
    assert res.cr == pytest.approx(res.ci / 0.90)
    assert res.cr < 0.10 and res.consistent


def test_ahp_inconsistent_matrix_refused_naming_pair():
    # a > b (5), b > c (5) but c > a (3): intransitive
    a = np.array([[1, 5, 1 / 3], [1 / 5, 1, 5], [3, 1 / 5, 1]])
    with pytest.raises(mcda.AHPInconsistentError) as err:
        mcda.ahp_weights(a, labels=["econ", "demand", "network"])
    msg = str(err.value)
    assert "CR = " in msg and "> 0.10" in msg
    assert "a[econ, network] = 0.333" in msg or "a[econ, demand] = 5" in msg
    assert err.value.result.cr > 0.10
    assert isinstance(err.value, ValueError)
    # the most deviating judgement is named first
    li, lj, aij, implied, factor = err.value.result.worst_pairs[0]
    assert factor >= err.value.result.worst_pairs[-1][4]
    assert f"a[{li}, {lj}]" in msg.split("Most inconsistent judgements:")[1].split(";")[0]


def test_ahp_one_bad_judgement_is_the_one_named():
    # consistent matrix from weights (8, 4, 2, 1), then one judgement reversed
    w = np.array([8.0, 4.0, 2.0, 1.0])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / 8, 8  # "d is 8 times more important than a"
    with pytest.raises(mcda.AHPInconsistentError, match=r"Most inconsistent judgements: a\[a, d\]"):
        mcda.ahp_weights(a, labels="abcd")


def test_ahp_can_return_inconsistent_result_without_raising():
    a = np.array([[1, 5, 1 / 3], [1 / 5, 1, 5], [3, 1 / 5, 1]])
    res = mcda.ahp_weights(a, raise_if_inconsistent=False)
    assert not res.consistent


@pytest.mark.parametrize("matrix, match", [
    ([[1, 2], [0.5, 1], [1, 1]], "square"),
    ([[1, 2], [2, 1]], "not reciprocal"),
    ([[1, -2], [-0.5, 1]], "positive"),
    ([[2, 2], [0.5, 2]], "diagonal"),
])
def test_ahp_input_validation(matrix, match):
    with pytest.raises(ValueError, match=match):
        mcda.ahp_weights(matrix)


# ---------------------------------------------------------------------------------------------
# toys that can be checked by hand
# ---------------------------------------------------------------------------------------------
X = np.array([[3.0, 7.0, 2.0], [9.0, 1.0, 4.0], [5.0, 5.0, 8.0], [1.0, 9.0, 6.0]])


@pytest.mark.parametrize("name", METHODS)
@pytest.mark.parametrize("col, typ", [(0, 1), (1, 1), (2, -1)])
def test_single_criterion_ranks_as_that_criterion(name, col, typ):
    w = np.zeros(3)
    w[col] = 1.0
    t = np.array([1, 1, 1])
    t[col] = typ
    ranks = mcda.rank_scores(METHODS[name](X, w, t))
    expected = mcda.rank_scores(X[:, col] * typ)
    assert ranks.tolist() == expected.tolist()


@pytest.mark.parametrize("name", METHODS)
def test_equal_weights_symmetric_alternatives_tie(name):
    # each alternative best on one criterion and worst on the other: equal weights -> a tie
    x = np.array([[1.0, 2.0], [2.0, 1.0]])
    s = METHODS[name](x, [0.5, 0.5], [1, 1])
    assert s[0] == pytest.approx(s[1])
    assert mcda.rank_scores(s).tolist() == [1, 1]
    # tilting the weights breaks the tie towards the heavier criterion
    s = METHODS[name](x, [0.6, 0.4], [1, 1])
    assert mcda.rank_scores(s).tolist() == [2, 1]


@pytest.mark.parametrize("name", METHODS)
def test_dominated_alternative_never_ranks_first(name):
    rng = np.random.default_rng(42)
    for _ in range(200):
        m, n = rng.integers(2, 7), rng.integers(1, 5)
        x = rng.uniform(1, 10, (m, n))
        t = rng.choice([-1, 1], n)
        w = rng.dirichlet(np.ones(n))
        # make alternative 0 strictly dominated by alternative 1
        x[0] = x[1] - t * rng.uniform(0.1, 0.5, n)
        s = METHODS[name](x, w, t)
        assert s[1] > s[0]
        assert mcda.rank_scores(s)[0] > 1


def test_weighted_sum_docstring_toy():
    # min-max: col1 (1,3,2)->(0,1,.5), col2 (5,1,3)->(1,0,.5)
    assert mcda.weighted_sum([[1, 5], [3, 1], [2, 3]], [0.8, 0.2], [1, 1]).tolist() == pytest.approx([0.2, 0.8, 0.5])


def test_promethee_linear_preference_with_thresholds():
    x = [[0.0], [1.0], [3.0]]
    # d = 1 with q=0, p=2 -> P = 0.5; d = 2 -> 1; d = 3 -> 1
    flows = mcda.promethee_ii(x, [1.0], [1], preference="linear", q=0.0, p=2.0)
    # phi(a3) = (1 + 1)/2 - 0 = 1; phi(a2) = (0.5 - 1)/2; phi(a1) = (0 - 0.5 - 1)/2
    np.testing.assert_allclose(flows, [-0.75, -0.25, 1.0])
    with pytest.raises(ValueError, match="threshold p"):
        mcda.promethee_ii(x, [1.0], [1], preference="linear")


# ---------------------------------------------------------------------------------------------
# ranks and correlations
# ---------------------------------------------------------------------------------------------
def test_rank_scores_competition_ranking():
    assert mcda.rank_scores([0.2, 0.9, 0.5, 0.9]).tolist() == [4, 1, 3, 1]
    assert mcda.rank_scores([3, 1, 2], higher_is_better=False).tolist() == [3, 1, 2]


def test_spearman_and_kendall_hand_values():
    assert mcda.spearman([1, 2, 3, 4], [10, 20, 40, 30]) == pytest.approx(0.8)  # 1 - 6*2/(4*15)
    assert mcda.kendall_tau([1, 2, 3, 4], [10, 20, 40, 30]) == pytest.approx(4 / 6)  # 5 concordant, 1 discordant
    assert mcda.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # ties: average ranks (1.5, 1.5, 3) vs (1, 2, 3) -> r = 0.866
    assert mcda.spearman([1, 1, 2], [1, 2, 3]) == pytest.approx(np.sqrt(3) / 2)
    assert np.isnan(mcda.spearman([1, 1, 1], [1, 2, 3]))


# ---------------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", METHODS)
@pytest.mark.parametrize("matrix, weights, types, match", [
    ([1.0, 2.0], [1.0], [1], "2-D"),
    ([[1.0, np.nan], [2.0, 3.0]], [0.5, 0.5], [1, 1], "NaN"),
    ([[1.0, 2.0], [2.0, 3.0]], [0.5], [1, 1], "length 2"),
    ([[1.0, 2.0], [2.0, 3.0]], [1.5, -0.5], [1, 1], ">= 0"),
    ([[1.0, 2.0], [2.0, 3.0]], [0.0, 0.0], [1, 1], "sum to 0"),
    ([[1.0, 2.0], [2.0, 3.0]], [0.5, 0.5], [1, 0], r"\+1 \(benefit\) or -1"),
    ([[1.0, 2.0], [2.0, 3.0]], [0.5, 0.5], [1], "length 2"),
])
def test_invalid_inputs_raise_clear_errors(name, matrix, weights, types, match):
    with pytest.raises(ValueError, match=match):
        METHODS[name](matrix, weights, types)


def test_waspas_needs_positive_values():
    with pytest.raises(ValueError, match="strictly positive"):
        mcda.waspas([[0.0, 1.0], [1.0, 2.0]], [0.5, 0.5], [1, 1])


def test_weights_are_rescaled_to_sum_one():
    a = mcda.topsis(X, [1, 1, 2], [1, 1, -1])
    b = mcda.topsis(X, [0.25, 0.25, 0.5], [1, 1, -1])
    np.testing.assert_allclose(a, b)


def test_docstring_examples_run():
    import doctest

    from helpers.criteria import score

    for module in (mcda, score):
        failed, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert attempted > 0 and failed == 0, module.__name__
