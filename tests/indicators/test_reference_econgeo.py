"""EconGeo 1.3 (Balland) conventions on the matrices of its manual pages.

The folder holds EconGeo's example inputs but not its printed outputs, so the expected values are
worked out by hand here (see the comments) or by a line-by-line transcription of EconGeo's R code
in plain Python loops, independent of the vectorised implementation under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.indicators import (
    gini,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    relatedness,
    relatedness_density,
    specialisation,
)
from indicator_tables import matrix_csv, tidy_from_matrix


def _tidy(mat: pd.DataFrame) -> pd.DataFrame:
    return tidy_from_matrix(mat.to_numpy(), mat.index, mat.columns)


def _pivot(out: pd.DataFrame, col: str, index="plate", columns="nace_division") -> np.ndarray:
    return out.pivot(index=index, columns=columns, values=col).to_numpy()


@pytest.fixture(scope="module")
def m1(refcases) -> pd.DataFrame:
    return matrix_csv(refcases / "econgeo" / "input" / "m1_region_industry_counts.csv")


@pytest.fixture(scope="module")
def m4(refcases) -> pd.DataFrame:
    return matrix_csv(refcases / "econgeo" / "input" / "m4_region_industry_counts.csv")


# --- location quotient -------------------------------------------------------------------------

def test_m1_location_quotient_by_hand(m1):
    # every region and every industry of m1 totals 100, the nation 500: s_i = 0.2 and
    # LQ_ij = (e_ij / 100) / 0.2 = e_ij / 20
    out = location_quotient(_tidy(m1), time=None, binary=True)
    np.testing.assert_allclose(_pivot(out, "lq"), m1.to_numpy() / 20)
    # binary: LQ >= 1 -> 1 (R3 has LQ exactly 1 in I2 and I4: EconGeo keeps them as 1)
    expected = [[1, 0, 0, 0, 0],
                [0, 0, 0, 1, 0],
                [0, 1, 0, 1, 1],
                [0, 1, 1, 0, 1],
                [0, 1, 1, 0, 0]]
    np.testing.assert_array_equal(_pivot(out, "specialised"), expected)


def _econgeo_lq(mat: np.ndarray, binary: bool) -> np.ndarray:
    """EconGeo location.quotient, transcribed with loops."""
    n_r, n_i = mat.shape
    out = np.zeros((n_r, n_i))
    total = mat.sum()
    for r in range(n_r):
        for i in range(n_i):
            lq = (mat[r, i] / mat[r].sum()) / (mat[:, i].sum() / total)
            out[r, i] = (1.0 if lq >= 1 else 0.0) if binary else lq
    return out


def test_m4_binary_lq_matches_transcription(m4):
    out = specialisation(_tidy(m4), time=None)
    np.testing.assert_allclose(_pivot(out, "lq"), _econgeo_lq(m4.to_numpy(float), False), rtol=1e-12)
    np.testing.assert_array_equal(_pivot(out, "specialised"), _econgeo_lq(m4.to_numpy(float), True))


# --- Hoover, Gini, Krugman, locational Gini ---------------------------------------------------

def test_hoover_vector_example(refcases):
    v = pd.read_csv(refcases / "econgeo" / "input" / "hoover_vectors.csv")
    # shares of ind: 0, .1, .1, .3, .5; of pop: .1, .15, .2, .25, .3
    # 1/2 (.1 + .05 + .1 + .05 + .2) = .25 -> EconGeo prints 25 (percent)
    df = pd.DataFrame({"plate": v["region"], "nace_division": "ind", "insured": v["ind"]})
    out = hoover_index(df, time=None, benchmark=dict(zip(v["region"], v["pop"])))
    assert 100 * out["hoover"].item() == pytest.approx(25)


def test_hoover_matrix_example(refcases):
    mat = matrix_csv(refcases / "econgeo" / "input" / "hoover_matrix.csv")
    pop = pd.read_csv(refcases / "econgeo" / "input" / "hoover_vectors.csv").set_index("region")["pop"]
    out = hoover_index(_tidy(mat), time=None, benchmark=pop).set_index("nace_division")["hoover"] * 100
    # I1: no employment -> 0/0, undefined (EconGeo: NaN)
    # I2: 10, 15, 20, 25, 30 is proportional to the population -> 0
    # I3: all in R5 (30 % of the population) -> 1/2 (.1 + .15 + .2 + .25 + .7) = .70 -> 70
    # I4: half in R4, half in R5 -> 1/2 (.1 + .15 + .2 + .25 + .2) = .45 -> 45
    assert math.isnan(out["I1"])
    assert out[["I2", "I3", "I4"]].tolist() == pytest.approx([0, 70, 45])


def test_gini_example():
    # EconGeo Gini(c(0, 10, 10, 30, 50)): cumulative shares .2 .4 .6 .8 1 and 0 .1 .2 .5 1
    # sum(nu[-1] p[-n]) - sum(nu[-n] p[-1]) = (.02 + .08 + .30 + .80) - (0 + .06 + .16 + .50) = .48
    df = pd.DataFrame({"plate": 1, "nace_division": range(5), "insured": [0, 10, 10, 30, 50]})
    assert gini(df, time=None)["gini"].item() == pytest.approx(0.48)


def test_krugman_index_matches_econgeo(m4):
    mat = m4.to_numpy(float)
    share_city = mat / mat.sum(axis=1, keepdims=True)
    share_total = mat.sum(axis=0) / mat.sum()
    expected = np.abs(share_city - share_total).sum(axis=1)  # EconGeo Krugman.index
    out = krugman_index(_tidy(m4), time=None)
    np.testing.assert_allclose(out["krugman"], expected, rtol=1e-12)


def _econgeo_locational_gini(mat: np.ndarray) -> list[float]:
    """EconGeo locational.Gini, transcribed."""
    out = []
    share_city = mat.sum(axis=1) / mat.sum()
    for col in range(mat.shape[1]):
        ind, pop = mat[:, col], share_city
        order = sorted(range(len(ind)), key=lambda k: ind[k] / pop[k])
        ind, pop = ind[order], pop[order]
        cind = np.cumsum(ind) / np.cumsum(ind).max()
        cpop = np.cumsum(pop) / np.cumsum(pop).max()
        out.append((sum(cind[1:] * cpop[:-1]) - sum(cind[:-1] * cpop[1:])) / 2)
    return out


def test_locational_gini_matches_econgeo(m4):
    out = locational_gini(_tidy(m4), time=None)
    np.testing.assert_allclose(out["locational_gini"], _econgeo_locational_gini(m4.to_numpy(float)),
                               rtol=1e-12)


# --- relatedness and density -----------------------------------------------------------------

def test_m1_relatedness_by_hand(m1):
    # binary m1 (see above): I1 in R1; I2 in R3 R4 R5; I3 in R4 R5; I4 in R2 R3; I5 in R3 R4
    # co-occurrences: I2-I3 2, I2-I4 1, I2-I5 2, I3-I5 1, I4-I5 1, I1 with none
    # S (row sums): I1 0, I2 5, I3 3, I4 2, I5 4; T = sum C = 14; ubiquity I2 3, I3 2
    df = _tidy(m1)
    pair = {}
    for method in ("co_occurrence", "cosine", "jaccard", "association", "proximity"):
        out = relatedness(df, time=None, method=method).set_index(["nace_division_1", "nace_division_2"])
        pair[method] = out["relatedness"]
    assert pair["co_occurrence"][("I2", "I3")] == 2
    assert pair["cosine"][("I2", "I3")] == pytest.approx(2 / math.sqrt(5 * 3))
    assert pair["jaccard"][("I2", "I3")] == pytest.approx(2 / (5 + 3 - 2))
    assert pair["association"][("I2", "I3")] == pytest.approx((2 / 14) / ((5 / 14) * (3 / 14)))
    assert pair["proximity"][("I2", "I3")] == pytest.approx(2 / max(3, 2))
    # I1 never co-occurs: 0/0 is 0 in EconGeo
    for method in ("cosine", "jaccard", "association", "proximity"):
        assert pair[method][("I1", "I2")] == 0
    # symmetric
    assert pair["cosine"][("I3", "I2")] == pair["cosine"][("I2", "I3")]


def test_m1_relatedness_density_by_hand(m1):
    # R2 is specialised in I4 only. Cosine relatedness into I2: I3 2/sqrt(15), I4 1/sqrt(10),
    # I5 2/sqrt(20), I1 0. Density of R2 in I2 = 100 * (1/sqrt(10)) / (2/sqrt(15) + 1/sqrt(10)
    # + 2/sqrt(20)) = 100 * 0.316228 / 1.279840 = 24.708
    out = relatedness_density(_tidy(m1), time=None).set_index(["plate", "nace_division"])
    want = 100 * (1 / math.sqrt(10)) / (2 / math.sqrt(15) + 1 / math.sqrt(10) + 2 / math.sqrt(20))
    assert out.loc[("R2", "I2"), "relatedness_density"] == pytest.approx(want)
    assert want == pytest.approx(24.708, abs=1e-3)
    # I1 is related to nothing: the density is 0/0, undefined
    assert out.xs("I1", level="nace_division")["relatedness_density"].isna().all()


def _econgeo_relatedness(c: np.ndarray, method: str) -> np.ndarray:
    """EconGeo relatedness(mat, method), transcribed with loops."""
    n = len(c)
    c = c.copy()
    for i in range(n):
        c[i, i] = 0
    s = c.sum(axis=0)
    t = c.sum()
    out = np.zeros((n, n))
    for i in range(n):
        for k in range(n):
            if i == k:
                continue
            if method == "cosine":
                den = math.sqrt(s[i] * s[k])
            elif method == "jaccard":
                den = s[i] + s[k] - c[i, k]
            else:  # association
                den = (s[i] / t) * (s[k] / t) * t
            out[i, k] = c[i, k] / den if den else 0.0
    return out


def _econgeo_density(m: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """EconGeo relatedness.density without its final rounding, transcribed."""
    out = np.zeros(m.shape)
    for r in range(m.shape[0]):
        for i in range(m.shape[1]):
            out[r, i] = 100 * sum(m[r, k] * rel[k, i] for k in range(m.shape[1])) / rel[:, i].sum()
    return out


@pytest.mark.parametrize("method", ["cosine", "jaccard", "association"])
def test_m4_relatedness_and_density_match_transcription(m4, method):
    df = _tidy(m4)
    m = _econgeo_lq(m4.to_numpy(float), binary=True)
    c = m.T @ m  # EconGeo co.occurrence(t(M))
    rel_expected = _econgeo_relatedness(c, method)
    rel = relatedness(df, time=None, method=method)
    got = rel.pivot(index="nace_division_1", columns="nace_division_2", values="relatedness")
    np.testing.assert_allclose(got.fillna(0).to_numpy(), rel_expected, rtol=1e-12)  # diagonal absent
    dens = relatedness_density(df, time=None, relatedness=rel)
    np.testing.assert_allclose(_pivot(dens, "relatedness_density"), _econgeo_density(m, rel_expected),
                               rtol=1e-12)
    # computing the relatedness inside gives the same
    dens2 = relatedness_density(df, time=None, method=method)
    np.testing.assert_allclose(dens2["relatedness_density"], dens["relatedness_density"], rtol=1e-12)


def test_binary_input_m4_period2(refcases):
    mat = matrix_csv(refcases / "econgeo" / "input" / "m4_LQ_binary_period2.csv")
    m = mat.to_numpy(float)
    rel = relatedness(_tidy(mat), time=None, presence="binary", method="cosine")
    got = rel.pivot(index="nace_division_1", columns="nace_division_2", values="relatedness")
    np.testing.assert_allclose(got.fillna(0).to_numpy(), _econgeo_relatedness(m.T @ m, "cosine"))


def test_hidalgo_hausmann_toy(refcases):
    mat = matrix_csv(refcases / "econgeo" / "input" / "HH2009_toy_binary_matrix.csv")
    df = _tidy(mat)
    rel = relatedness(df, time=None, presence="binary", method="proximity")
    rel = rel.set_index(["nace_division_1", "nace_division_2"])
    # ubiquity P1 1, P2 2, P3 2, P4 3; P3 & P4 co-occur in C1 and C3: 2 / max(2, 3)
    assert rel.loc[("P3", "P4"), "co_occurrence"] == 2
    assert rel.loc[("P3", "P4"), "relatedness"] == pytest.approx(2 / 3)
    assert rel.loc[("P1", "P4"), "relatedness"] == pytest.approx(1 / 3)
    dens = relatedness_density(df, time=None, presence="binary", method="proximity")
    dens = dens.set_index(["plate", "nace_division"])["relatedness_density"]
    # C4 has only P4: density in P3 = 100 * phi(P4,P3) / (phi(P1,P3) + phi(P2,P3) + phi(P4,P3))
    #                             = 100 * (2/3) / (1/2 + 1/2 + 2/3) = 40
    assert dens[("C4", "P3")] == pytest.approx(40)
