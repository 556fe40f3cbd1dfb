"""Values printed in REAT 3.0.3's manual pages (reat/documented_values.csv), and shift-share on the
Farhauer & Kröll textbook vectors computed by hand with REAT's formulas."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers.indicators import (
    gini,
    herfindahl,
    krugman_index,
    location_quotient,
    locational_gini,
    shift_share,
)
from indicator_tables import REFERENCE_CASES, region_vs_nation, tidy_from_matrix

# documented cases this package does not implement
NOT_PINNED = {
    "ellison.a_FK2014": "Ellison-Glaeser index not implemented",
    "litzenberger_FK2014": "Litzenberger-Sternberg cluster index not implemented",
}

# `gdp` in herf(gdp) and gini(gdp): GDP of the 16 German Länder 2015 (bn EUR), the vector printed
# in the example of REAT's `gini` manual page (the R object is not in reference-cases)
GDP_DE2015 = [460.69, 549.19, 124.16, 65.29, 31.59, 109.27, 263.44, 39.87, 258.53, 645.59, 131.95,
              35.03, 112.66, 56.22, 85.61, 56.81]


@pytest.fixture(scope="module")
def documented(refcases) -> pd.DataFrame:
    return pd.read_csv(refcases / "reat" / "documented_values.csv").set_index("case")


def _vectors(call: str) -> list[list[float]]:
    """Numeric R vectors c(...) in the order they appear in a call."""
    out = []
    for body in re.findall(r"c\(([^()]*)\)", call):
        items = [s.strip() for s in body.split(",")]
        if all(re.fullmatch(r"-?[\d.]+", s) for s in items):
            out.append([float(s) for s in items])
    return out


def _scalars(call: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"(\w+)\s*=\s*(-?[\d.]+)", call)}


def _dataset(refcases, call: str) -> list[np.ndarray]:
    """REAT dataset references like Goettingen$Goettingen2017[2:16] (R: 1-based, inclusive)."""
    out = []
    for name, col, lo, hi in re.findall(r"(\w+)\$(\w+)(?:\[(\d+):(\d+)\])?", call):
        data = pd.read_csv(refcases / "reat" / "input" / f"{name}.csv")[col].to_numpy(float)
        out.append(data[int(lo) - 1:int(hi)] if lo else data)
    return out


def _compute(case: str, call: str, refcases) -> float:
    vecs = _vectors(call) or ([GDP_DE2015] if "(gdp)" in call else [])
    fn = call.split("(")[0]
    if fn == "locq":
        e_ij, e_j, e_i, e = (float(v) for v in re.findall(r"[\d.]+", call.split("(", 1)[1]))
        # region j: industry i and "other"; the rest of the nation likewise
        mat = [[e_ij, e_j - e_ij], [e_i - e_ij, e - e_j - (e_i - e_ij)]]
        out = location_quotient(tidy_from_matrix(mat), time=None)
        return out.query("plate == 1 and nace_division == 1")["lq"].item()
    if fn == "herf":
        row = herfindahl(tidy_from_matrix([vecs[0]]), time=None).iloc[0]
        if "output='eq'" in call:
            return row["equivalent_number"]
        return row["hhi_normalised"] if "coefnorm=TRUE" in call else row["hhi"]
    if fn == "gini":
        if "weighting" in call:
            x, w = vecs
            df = tidy_from_matrix(np.array([x]).T)  # one industry over regions = income classes
            df["persons"] = w
            return gini(df, time=None, by="industry", weight="persons")["gini"].item()
        row = gini(tidy_from_matrix([vecs[0]]), time=None).iloc[0]
        return row["gini_normalised"] if "coefnorm=TRUE" in call else row["gini"]
    if fn in ("gini.spec", "gini.conc", "krugman.spec"):
        a, b = vecs if vecs else _dataset(refcases, call)
        if fn == "gini.spec":  # region a against nation b, Gini of the region's LQs
            df = region_vs_nation(a, b)
            out = locational_gini(df, time=None, by="region", method="lq")
            return out.query("plate == 'region'")["locational_gini"].item()
        if fn == "gini.conc":  # industry a over regions with totals b, Gini of the LQs
            df = tidy_from_matrix(np.column_stack([a, np.asarray(b) - np.asarray(a)]))
            out = locational_gini(df, time=None, by="industry", method="lq")
            return out.query("nace_division == 1")["locational_gini"].item()
        # krugman.spec(e_ij, e_il): two regions compared with each other
        df = tidy_from_matrix([a, b])
        return krugman_index(df, time=None, benchmark="others_mean")["krugman"].iloc[0]
    if fn in ("krugman.spec2", "krugman.conc2"):
        first, *others = vecs
        mat = np.column_stack([first] + others)  # rows: industries (spec2) or regions (conc2)
        if fn == "krugman.spec2":  # regions are the columns: Sweden and the other countries
            df = tidy_from_matrix(mat.T)
            return krugman_index(df, time=None, benchmark="others_mean")["krugman"].iloc[0]
        df = tidy_from_matrix(mat)  # regions in rows, industries (Bergbau first) in columns
        return krugman_index(df, time=None, by="industry", benchmark="others_mean")["krugman"].iloc[0]
    raise AssertionError(f"no rule to compute {case}")


def test_every_documented_case_is_pinned_or_listed(documented):
    fns = {"locq", "herf", "gini", "gini.spec", "gini.conc", "krugman.spec", "krugman.spec2",
           "krugman.conc2"}
    for case, row in documented.iterrows():
        assert case in NOT_PINNED or row["call"].split("(")[0] in fns, case


def _documented_cases() -> list[str]:
    path = REFERENCE_CASES / "reat" / "documented_values.csv"
    return list(pd.read_csv(path)["case"]) if path.is_file() else []


@pytest.mark.parametrize("case", _documented_cases())
def test_documented_value(case, documented, refcases):
    if case in NOT_PINNED:
        pytest.skip(NOT_PINNED[case])
    row = documented.loc[case]
    got = _compute(case, row["call"], refcases)
    want = row["documented"]
    # the manual prints 1-7 decimals: compare at the printed precision
    text = repr(float(want))
    digits = len(text.split(".")[1]) if "." in text else 0
    assert got == pytest.approx(want, abs=0.6 * 10 ** (-digits)), (case, got, want)


def test_seventeen_cases_pinned(documented):
    assert len(documented) - len(NOT_PINNED) == 17


def test_goettingen_krugman_uses_sum_of_industries_not_printed_total(refcases):
    # Goettingen's total row (69 403) is not the sum of its industries (67 283, suppressed
    # cells); REAT's krugman.spec on rows 2:16 divides by the sum, and so do we.
    g = pd.read_csv(refcases / "reat" / "input" / "Goettingen.csv")
    assert g["Goettingen2017"].iloc[0] == 69403 and g["Goettingen2017"].iloc[1:].sum() == 67283
    df = region_vs_nation(g["Goettingen2017"].iloc[1:], g["BRD2017"].iloc[1:])
    got = krugman_index(df, time=None).query("plate == 'region'")["krugman"].item()
    assert got == pytest.approx(0.4508469, abs=1e-7)


# --- shift-share on Farhauer & Kröll (2013), REAT's shift/shiftd examples -------------------

@pytest.fixture(scope="module")
def fk(refcases) -> pd.DataFrame:
    """Regions A, B, C and the rest of nation X, years 2000-2002, tidy."""
    t = pd.read_csv(refcases / "reat" / "input" / "FarhauerKroell2013_shiftshare_toy.csv")
    # the nation is exactly A + B + C in t and t1 (checked here), so the table's totals are X's
    for s in ("t", "t1"):
        assert (t[f"region_A_{s}"] + t[f"region_B_{s}"] + t[f"region_C_{s}"] == t[f"nation_X_{s}"]).all()
    rows = []
    for year, s in ((2000, "t"), (2001, "t1"), (2002, "t2")):
        a = t[f"region_A_{s}"]
        rows += [("A", i, year, v) for i, v in zip(t["industry"], a)]
        rows += [("rest", i, year, v) for i, v in zip(t["industry"], t[f"nation_X_{s}"] - a)]
    return pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured"])


def test_dunn_region_a(fk):
    # A: 180 -> 205, X: 1100 -> 1265 (growth factor 1.15)
    # national share   = 180 * (1265/1100 - 1)                         = 27
    # industry mix     = 90*440/400 + 20*210/150 + 10*135/150 + 60*480/400 - 180*1.15
    #                  = 99 + 28 + 9 + 72 - 207                         = 1
    # competitive      = 205 - 208                                      = -3
    out = shift_share(fk, 2000, 2001).set_index("plate").loc["A"]
    assert out["change"] == pytest.approx(25)
    assert out["national_share"] == pytest.approx(27)
    assert out["industry_mix"] == pytest.approx(1)
    assert out["competitive_share"] == pytest.approx(-3)


def test_dunn_regions_b_and_c(refcases):
    t = pd.read_csv(refcases / "reat" / "input" / "FarhauerKroell2013_shiftshare_toy.csv")
    rows = [(r, i, y, v) for r in "ABC" for y, s in ((2000, "t"), (2001, "t1"))
            for i, v in zip(t["industry"], t[f"region_{r}_{s}"])]
    df = pd.DataFrame(rows, columns=["plate", "nace_division", "year", "insured"])
    out = shift_share(df).set_index("plate")
    # B: 160 -> 215; national 160*0.15 = 24; mix 60*1.1+30*1.4+30*0.9+40*1.2 - 184 = 183-184 = -1
    #    competitive 215 - 183 = 32
    # C: 760 -> 845; national 760*0.15 = 114; mix 275+140+99+360 - 874 = 0; competitive 845-874 = -29
    expected = {"B": (55, 24, -1, 32), "C": (85, 114, 0, -29)}
    for region, (chg, ns, im, cs) in expected.items():
        row = out.loc[region]
        assert row[["change", "national_share", "industry_mix", "competitive_share"]].tolist() == \
            pytest.approx([chg, ns, im, cs], abs=1e-9)


def test_esteban_marquillas_region_a(fk):
    # homothetic e^_i = 180 * (400, 150, 150, 400) / 1100 = (65.4545, 24.5455, 24.5455, 65.4545)
    # g_ij - g_i = (100/90 - 1.1, 40/20 - 1.4, 10/10 - 0.9, 55/60 - 1.2)
    #            = (0.011111, 0.6, 0.1, -0.283333)
    homothetic = 180 * np.array([400, 150, 150, 400]) / 1100
    d = np.array([100 / 90 - 1.1, 2 - 1.4, 1 - 0.9, 55 / 60 - 1.2])
    competitive = (homothetic * d).sum()                          # -0.636364
    allocation = ((np.array([90, 20, 10, 60]) - homothetic) * d).sum()  # -2.363636
    out = shift_share(fk, 2000, 2001, method="esteban_marquillas").set_index("plate").loc["A"]
    assert out["national_share"] == pytest.approx(27)
    assert out["industry_mix"] == pytest.approx(1)
    assert out["competitive_effect"] == pytest.approx(competitive)
    assert out["allocation_effect"] == pytest.approx(allocation)
    assert competitive == pytest.approx(-7 / 11) and allocation == pytest.approx(-26 / 11)


def test_dynamic_region_a(fk):
    # 2000->2001 as above: (27, 1, -3). 2001->2002: A 205 -> 225, X 1265 -> 1345
    #   national 205*(1345/1265 - 1); mix sum(A1 * X2/X1) - 205*1345/1265; competitive 225 - sum(A1*X2/X1)
    a1, x1, x2 = np.array([100, 40, 10, 55]), np.array([440, 210, 135, 480]), np.array([460, 230, 155, 500])
    ns2 = 205 * (1345 / 1265 - 1)
    im2 = (a1 * x2 / x1).sum() - 205 * 1345 / 1265
    cs2 = 225 - (a1 * x2 / x1).sum()
    out = shift_share(fk, method="dynamic").set_index("plate").loc["A"]
    assert out["change"] == pytest.approx(45)
    assert out["national_share"] == pytest.approx(27 + ns2)   # 39.964
    assert out["industry_mix"] == pytest.approx(1 + im2)      # 0.164
    assert out["competitive_share"] == pytest.approx(-3 + cs2)  # 4.872
