"""One-sentence readings of tables and figures, generated from the results (so a re-run for
another province or year says the right thing). Every function returns a Markdown string."""

from __future__ import annotations

import math

import pandas as pd


def _pct(x: float, digits: int = 1) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}%"


def _title(row) -> str:
    """English title of a division, lower-cased, or its code where it has no Rev.2 title."""
    t = row.get("title_en") if hasattr(row, "get") else None
    return t.lower() if isinstance(t, str) and t else f"division {row['nace_division']}"


def _signed(x: float, digits: int = 1) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.{digits}f}"


def population(name: str, trend: pd.DataFrame, growth: dict) -> str:
    last = trend.iloc[-1]
    faster = "faster" if growth["province_cagr_pct"] > growth["turkiye_cagr_pct"] else "slower"
    return (f"**Reading:** {name} had {last['population']:,.0f} inhabitants in {int(last['year'])} "
            f"({last['share_pct']:.2f}% of Türkiye) and grew {faster} than the country: "
            f"{_signed(growth['province_cagr_pct'], 2)}% a year against {_signed(growth['turkiye_cagr_pct'], 2)}%.")


def age_structure(name: str, ages: pd.DataFrame) -> str:
    a = ages.set_index("band")
    return (f"**Reading:** {_pct(a.at['0-14', 'province_pct'])} of {name}'s population is under 15 "
            f"(Türkiye {_pct(a.at['0-14', 'turkiye_pct'])}) and {_pct(a.at['65+', 'province_pct'])} is 65 or older "
            f"(Türkiye {_pct(a.at['65+', 'turkiye_pct'])}).")


def value_added(name: str, va: pd.DataFrame) -> str:
    leaves = va[va["activity"] != "C"]
    top = leaves.sort_values("lq", ascending=False).iloc[0]
    c = va.set_index("activity").loc["C"]
    return (f"**Reading:** manufacturing makes {_pct(c['province_pct'])} of {name}'s value added against "
            f"{_pct(c['turkiye_pct'])} in Türkiye (LQ {c['lq']:.2f}); the most over-represented A10 activity is "
            f"{top['label_en'].lower()} (LQ {top['lq']:.2f}).")


def real_growth(name: str, summary: dict) -> str:
    comp = "above" if summary["province_cagr_pct"] > summary["turkiye_cagr_pct"] else "below"
    return (f"**Reading:** in real terms (chain-linked volume) {name}'s GDP grew "
            f"{_signed(summary['province_cagr_pct'])}% a year from {summary['start']} to {summary['end']}, "
            f"{comp} Türkiye's {_signed(summary['turkiye_cagr_pct'])}%.")


def exports(name: str, ex: pd.DataFrame) -> str:
    full = ex[ex["months"] == 12]
    first, last = full.iloc[0], full.iloc[-1]
    tail = ex.iloc[-1]
    partial = (f"; {int(tail['year'])} covers {int(tail['months'])} months only" if int(tail["months"]) < 12 else "")
    return (f"**Reading:** {name} exported ${last['exports_musd']:,.0f} million in {int(last['year'])} "
            f"({_pct(last['export_share_pct'], 2)} of Türkiye), against ${first['exports_musd']:,.0f} million in "
            f"{int(first['year'])}{partial}.")


def labour(name: str, lm: pd.DataFrame) -> str:
    y = int(lm["year"].max())
    v = lm[lm["year"] == y].set_index(["area", "indicator"])["value"]
    return (f"**Reading:** in {y} the employment rate was {_pct(v.get(('province', 'employment_rate')))} in {name} "
            f"against {_pct(v.get(('Türkiye', 'employment_rate')))} nationally, and unemployment "
            f"{_pct(v.get(('province', 'unemployment_rate')))} against {_pct(v.get(('Türkiye', 'unemployment_rate')))} "
            "(survey estimates: see the confidence bounds).")


def ses(name: str, s: dict) -> str:
    side = "above" if s["score"] > s["median_score"] else "below"
    return (f"**Reading:** {name}'s socio-economic status score for {s['year']} is {s['score']:.1f}, "
            f"rank {s['rank']} of 81, {side} the median province ({s['median_score']:.1f}).")


def universities(name: str, unis: pd.DataFrame, year: int) -> str:
    if unis.empty:
        return f"**Reading:** the compiled list has no university in {name}."
    by_year = int((unis["founded"] <= year).sum())
    return (f"**Reading:** {name} has {len(unis)} universities in the compiled list, the oldest founded in "
            f"{int(unis['founded'].min())}; {by_year} existed by {year}.")


def largest(name: str, top: pd.DataFrame, measure: str, year: int) -> str:
    r = top.iloc[0]
    share = 100 * top[measure].sum() / top["province_total"].iloc[0] if "province_total" in top else float("nan")
    return (f"**Reading:** the largest division in {name} in {year} is {_title(r)} "
            f"({r[measure]:,.0f} {measure}); the {len(top)} largest hold {_pct(share)} of the province's total.")


def specialised(name: str, top: pd.DataFrame) -> str:
    r = top.iloc[0]
    return (f"**Reading:** {name} is most specialised in {_title(r)} (LQ {r['lq']:.2f}: its share of "
            f"the province's employment is {r['lq']:.1f} times the benchmark share); small divisions can reach "
            "high LQs, so read this with the size column.")


def bubble(name: str, p: pd.DataFrame, national_growth: float) -> str:
    q = p.dropna(subset=["lq", "growth_rate"])
    stars = q[(q["lq"] >= 1) & (q["growth_rate"] >= national_growth)]
    return (f"**Reading:** {len(stars)} of {len(q)} divisions in {name} are both specialised (LQ ≥ 1) and growing "
            f"faster than the national total ({_pct(100 * national_growth)}), the top-right quadrant of candidate "
            "clusters; bubble area shows employment.")


def shift_share(name: str, total: pd.Series) -> str:
    return (f"**Reading:** of {name}'s change of {total['change']:,.0f}, the national trend explains "
            f"{total['national_share']:,.0f}, the industry mix {total['industry_mix']:,.0f} and local "
            f"competitiveness {total['competitive_share']:,.0f} (the three add up to the change).")


def specialisation_indices(name: str, spec: pd.DataFrame, plate: int, column: str) -> str:
    s = spec.set_index("plate")[column].astype("float64")
    rank = int(s.rank(ascending=False, method="min").get(plate))
    return (f"**Reading:** {name}'s {column.replace('_', ' ')} is {s.get(plate):.3f}, rank {rank} of {s.notna().sum()} "
            "provinces (higher = a sector structure further from the national one).")


def relatedness(name: str, p: pd.DataFrame) -> str:
    q = p.dropna(subset=["relatedness_density"]).sort_values("relatedness_density", ascending=False)
    if q.empty:
        return f"**Reading:** {name} has no unspecialised division with a relatedness density to show."
    r = q.iloc[0]
    return (f"**Reading:** among the divisions {name} is not yet specialised in, {_title(r)} has the "
            f"highest relatedness density ({r['relatedness_density']:.0f}% of its related divisions are "
            "specialisations of the province): such divisions are where new cluster activity most easily grows.")


def clusters(name: str, strong: int, three: int) -> str:
    return (f"**Reading:** {strong} divisions in {name} pass the US Cluster Mapping strong-cluster rule and "
            f"{three} earn all three stars (size, specialisation, focus).")


def map_reading(name: str, title: str, values: pd.Series, plate: int) -> str:
    rank = values.rank(ascending=False, method="min").get(plate, float("nan"))
    if rank != rank:
        return f"**Reading:** on the map of {title}, {name} has no published value (shown grey)."
    return f"**Reading:** on the map of {title}, {name} ranks {int(rank)} of {values.notna().sum()} provinces."
