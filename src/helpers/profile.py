"""The province profile from real TÜİK data: population, value added by A10 activity against
Türkiye, real growth, exports, labour market, socio-economic status and universities.

Pure functions over the processed tables (``datasets.load(...)``); each returns a small tidy table
ready to show or plot. Value-added location quotients come from :func:`helpers.indicators.location_quotient`
over the 81 provinces (so Türkiye is the sum of the provinces, which the reader checked equals the
published total).
"""

from __future__ import annotations

import pandas as pd

from helpers import indicators, text
from helpers.memo import per_table

#: The A10 activities in the order of the regional accounts; their names are in the text catalogue
#: (``a10.<code>``, Turkish and English).
A10_ORDER = ("A", "B-E", "C", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U")


def a10_labels(lang: str = "tr") -> dict[str, str]:
    """A10 code → activity name in ``lang``, in the accounts' order."""
    return {code: text.t(f"a10.{code}", lang) for code in A10_ORDER}


#: English names (kept for notebooks that still read the ``label_en`` column).
A10_LABELS_EN = a10_labels("en")


def population_trend(population: pd.DataFrame, plate: int) -> pd.DataFrame:
    """Total population of the province and Türkiye by year, with indices (first year = 100)."""
    tot = population[(population["age_group"] == "total") & (population["sex"] == "total")]
    tr = tot.groupby("year")["population"].sum().astype("float64")
    pr = tot[tot["plate"] == plate].set_index("year")["population"].astype("float64")
    out = pd.DataFrame({"year": tr.index, "population": pr.reindex(tr.index).to_numpy(),
                        "turkiye": tr.to_numpy()})
    out["province_index"] = 100 * out["population"] / out["population"].iloc[0]
    out["turkiye_index"] = 100 * out["turkiye"] / out["turkiye"].iloc[0]
    out["share_pct"] = 100 * out["population"] / out["turkiye"]
    return out


def population_growth(trend: pd.DataFrame, start: int, end: int) -> dict[str, float]:
    """Compound annual growth of the population, province and Türkiye, between two years."""
    t = trend.set_index("year")
    n = end - start
    return {"province_cagr_pct": 100 * ((t.at[end, "population"] / t.at[start, "population"]) ** (1 / n) - 1),
            "turkiye_cagr_pct": 100 * ((t.at[end, "turkiye"] / t.at[start, "turkiye"]) ** (1 / n) - 1)}


def age_structure(population: pd.DataFrame, plate: int, year: int) -> pd.DataFrame:
    """Shares of the 0–14, 15–64 and 65+ groups, province and Türkiye."""
    p = population[(population["year"] == year) & (population["sex"] == "total")
                   & (population["age_group"] != "total")].copy()
    first = p["age_group"].str.extract(r"^(\d+)")[0].astype("int64")
    p["band"] = pd.cut(first, [-1, 14, 64, 200], labels=["0-14", "15-64", "65+"]).astype(str)
    p["population"] = p["population"].astype("float64")
    tr = p.groupby("band")["population"].sum()
    pr = p[p["plate"] == plate].groupby("band")["population"].sum()
    return pd.DataFrame({"band": tr.index, "province_pct": (100 * pr / pr.sum()).reindex(tr.index).to_numpy(),
                         "turkiye_pct": (100 * tr / tr.sum()).to_numpy()})


@per_table  # once per run (helpers.memo): the same for every province
def _value_added_all(gdp_current: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The A10 rows of the provinces, their leaves, and the leaves' location quotients and shares
    (all provinces at once)."""
    g = gdp_current[(gdp_current["region_level"] == "NUTS3") & gdp_current["activity"].isin(A10_LABELS_EN)]
    leaves = g[g["is_a10_leaf"]][["plate", "year", "activity", "value_thousand_tl"]].astype({"plate": "int64"})
    lq = indicators.location_quotient(leaves, industry="activity", value="value_thousand_tl")
    sh = indicators.shares(leaves, industry="activity", value="value_thousand_tl")
    return g, leaves, lq, sh


def value_added_structure(gdp_current: pd.DataFrame, plate: int, lang: str = "tr") -> pd.DataFrame:
    """Value added by A10 activity (current prices): shares of the province and Türkiye, and the
    location quotient on value added (provinces against the sum of the 81).

    ``label`` names the activity in ``lang``; ``label_en`` in English."""
    g, leaves, lq, sh = _value_added_all(gdp_current)
    out = sh[sh["plate"] == plate].merge(lq[lq["plate"] == plate], on=["plate", "year", "activity"])
    # manufacturing (C) is part of B-E: its share and LQ against the same totals
    c = g[g["activity"] == "C"].astype({"plate": "int64"})
    tot = leaves.groupby("plate")["value_thousand_tl"].sum()
    c_share = c.set_index("plate")["value_thousand_tl"] / tot
    c_nat = c["value_thousand_tl"].sum() / tot.sum()
    row_c = {"plate": plate, "year": int(c["year"].iloc[0]), "activity": "C",
             "share_in_region": c_share.get(plate), "share_in_nation": c_nat,
             "lq": c_share.get(plate) / c_nat}
    out = pd.concat([out, pd.DataFrame([row_c])], ignore_index=True)
    out["label"] = out["activity"].map(a10_labels(lang))
    out["label_en"] = out["activity"].map(A10_LABELS_EN)
    out["province_pct"] = 100 * out["share_in_region"].astype("float64")
    out["turkiye_pct"] = 100 * out["share_in_nation"].astype("float64")
    out["order"] = out["activity"].map(A10_ORDER.index)
    return (out.sort_values("order")[["activity", "label", "label_en", "province_pct", "turkiye_pct", "lq"]]
            .reset_index(drop=True))


def real_growth(gdp_volume: pd.DataFrame, plate: int, activity: str = "GDP") -> pd.DataFrame:
    """Chain-linked volume index (2009 = 100) of the province and Türkiye, by year."""
    v = gdp_volume[(gdp_volume["activity"] == activity) & (gdp_volume["measure"] == "index_2009_100")]
    tr = v[v["region_level"] == "TR"].set_index("year")["value"]
    pr = v[(v["region_level"] == "NUTS3") & (v["plate"] == plate)].set_index("year")["value"]
    return pd.DataFrame({"year": tr.index, "province": pr.reindex(tr.index).to_numpy(), "turkiye": tr.to_numpy()})


def real_growth_summary(growth: pd.DataFrame) -> dict[str, float]:
    g = growth.set_index("year")
    y0, y1 = int(g.index.min()), int(g.index.max())
    n = y1 - y0
    return {"start": y0, "end": y1,
            "province_cagr_pct": 100 * ((g.at[y1, "province"] / g.at[y0, "province"]) ** (1 / n) - 1),
            "turkiye_cagr_pct": 100 * ((g.at[y1, "turkiye"] / g.at[y0, "turkiye"]) ** (1 / n) - 1)}


def exports(trade: pd.DataFrame, plate: int, currency: str = "USD") -> pd.DataFrame:
    """Annual exports and imports (USD) of the province and its share of Türkiye's total; months
    covered are reported (the last year, 2020, runs to September only)."""
    t = trade[trade["currency"] == currency]
    months = t.groupby("year")["month"].nunique()
    nat = t.groupby(["year", "flow"])["value"].sum().unstack("flow")
    pr = t[t["plate"] == plate].groupby(["year", "flow"])["value"].sum().unstack("flow").reindex(nat.index)
    out = pd.DataFrame({"year": nat.index, "months": months.reindex(nat.index).to_numpy(),
                        "exports_musd": pr.get("export") / 1e6, "imports_musd": pr.get("import") / 1e6})
    out["export_share_pct"] = (100 * pr.get("export") / nat.get("export")).to_numpy()
    return out.reset_index(drop=True)


def labour_market(lm: pd.DataFrame, plate: int) -> pd.DataFrame:
    """Employment and unemployment rates with 95 % confidence bounds, province and Türkiye."""
    pr = lm[lm["plate"] == plate].assign(area="province")
    tr = lm[lm["region_level"] == "TR"].assign(area="Türkiye")
    cols = ["area", "year", "indicator", "value", "ci_lower", "ci_upper"]
    return pd.concat([pr[cols], tr[cols]], ignore_index=True).sort_values(["indicator", "area", "year"])


def ses(ses_province: pd.DataFrame, plate: int) -> dict[str, float]:
    """Socio-economic status score 2023 and the province's rank among 81."""
    row = ses_province[ses_province["plate"] == plate].iloc[0]
    return {"year": int(row["year"]), "score": float(row["ses_score"]), "rank": int(row["ses_rank"]),
            "median_score": float(ses_province["ses_score"].median())}


def universities(unis: pd.DataFrame, plate: int) -> pd.DataFrame:
    """The province's universities, oldest first; names founded the same year in Turkish
    alphabetical order (``Çukurova`` before ``Dicle``, not after ``Zirve``)."""
    u = unis[unis["plate"] == plate][["name", "type", "founded"]]
    order = sorted(range(len(u)), key=lambda i: (u["founded"].iloc[i], text.sort_key(u["name"].iloc[i], "tr")))
    return u.iloc[order].reset_index(drop=True)
