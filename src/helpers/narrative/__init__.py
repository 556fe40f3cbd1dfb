"""One-sentence readings of tables and figures, generated from the results (so a re-run for
another province or year says the right thing). Every function returns a Markdown string in the
language ``lang`` (``"tr"`` by default, or ``"en"``).

One family, one package: this module holds the readings of the province profile, of the SGK sector
analysis and of the cleaning report; :mod:`helpers.narrative.exports` those of the TİM export
analysis (``narrative.exports.structure(...)``).

The sentences live in the text catalogue (:mod:`helpers.text`, keys ``narrative.*``); this module
only picks the branch (faster/slower, above/below, partial year…) and formats the numbers with the
locale functions of :mod:`helpers.text.formats`, so a count never shows decimals and a location
quotient keeps two digits.
"""

from __future__ import annotations

import pandas as pd

from helpers import text
from helpers.text import formats as fmt


def _pct(x: float | None, digits: int = 1, lang: str = "tr") -> str:
    """A value in percent (``12.345`` → ``%12,3`` / ``12.3%``); missing reads ``veri yok`` / ``n/a``."""
    return fmt.percent(x, lang, digits)


def _signed(x: float | None, digits: int = 1, lang: str = "tr") -> str:
    """A signed percent growth rate (``+%1,50`` / ``+1.50%``)."""
    return fmt.signed_percent(x, lang, digits)


def _title(row, lang: str = "tr") -> str:
    """The division's title in ``lang`` (``title_tr``/``title_en``), lower-cased with the language's
    rules for use inside a sentence, or its code where it has no title in that language."""
    lang = text.check_language(lang)
    t = row.get(f"title_{lang}") if hasattr(row, "get") else None
    if isinstance(t, str) and t:
        return text.lower(t, lang)
    return text.t("sector.division", lang, code=row["nace_division"])


def _r(lang: str) -> str:
    return text.reading(lang)


def population(name: str, trend: pd.DataFrame, growth: dict, lang: str = "tr") -> str:
    """Population of the last year and its average yearly change against Türkiye's: a falling
    population *shrank* (by the rate's absolute value), it did not "grow more slowly"."""
    last = trend.iloc[-1]
    rate, rate_tr = growth["province_cagr_pct"], growth["turkiye_cagr_pct"]
    if rate < 0:
        change = text.t("narrative.population.shrank", lang, province_fall=_pct(abs(rate), 2, lang),
                        turkiye_rate=_signed(rate_tr, 2, lang))
    else:
        change = text.t(f"narrative.population.{'faster' if rate > rate_tr else 'slower'}", lang,
                        province_rate=_signed(rate, 2, lang), turkiye_rate=_signed(rate_tr, 2, lang))
    return text.t("narrative.population.text", lang, reading=_r(lang), province=name,
                  population=fmt.count(last["population"], lang), year=fmt.year(last["year"]),
                  share=_pct(last["share_pct"], 2, lang), change=change)


def age_structure(name: str, ages: pd.DataFrame, lang: str = "tr") -> str:
    a = ages.set_index("band")
    return text.t("narrative.age_structure", lang, reading=_r(lang), province=name,
                  young=_pct(a.at["0-14", "province_pct"], 1, lang), young_tr=_pct(a.at["0-14", "turkiye_pct"], 1, lang),
                  old=_pct(a.at["65+", "province_pct"], 1, lang), old_tr=_pct(a.at["65+", "turkiye_pct"], 1, lang))


def value_added(name: str, va: pd.DataFrame, lang: str = "tr") -> str:
    """Manufacturing's share and LQ, and the A10 leaf activity with the highest LQ (named from the
    catalogue by its activity code)."""
    leaves = va[va["activity"] != "C"]
    top = leaves.sort_values("lq", ascending=False).iloc[0]
    c = va.set_index("activity").loc["C"]
    return text.t("narrative.value_added", lang, reading=_r(lang), province=name,
                  share=_pct(c["province_pct"], 1, lang), share_tr=_pct(c["turkiye_pct"], 1, lang),
                  lq=fmt.ratio(c["lq"], lang), activity=text.lower(text.t(f"a10.{top['activity']}", lang), lang),
                  lq_top=fmt.ratio(top["lq"], lang))


def real_growth(name: str, summary: dict, lang: str = "tr") -> str:
    """Average yearly real GDP growth against Türkiye's; a falling GDP reads as shrinking."""
    rate = summary["province_cagr_pct"]
    side = "above" if rate > summary["turkiye_cagr_pct"] else "below"
    return text.signed("narrative.real_growth", rate, lang, reading=_r(lang), province=name,
                       start=fmt.year(summary["start"]), end=fmt.year(summary["end"]),
                       rate=_signed(rate, 1, lang), fall=_pct(abs(rate), 1, lang), side=text.t(f"compare.{side}", lang),
                       rate_tr=_signed(summary["turkiye_cagr_pct"], 1, lang))


def trade(name: str, ex: pd.DataFrame, lang: str = "tr") -> str:
    """Exports of the last full year against the first (values in million USD), flagging a
    partial last year."""
    full = ex[ex["months"] == 12]
    first, last = full.iloc[0], full.iloc[-1]
    tail = ex.iloc[-1]
    partial = (text.t("narrative.exports.partial", lang, year=fmt.year(tail["year"]), months=fmt.count(tail["months"], lang))
               if int(tail["months"]) < 12 else "")
    return text.t("narrative.exports.text", lang, reading=_r(lang), province=name,
                  amount=fmt.money(1e6 * last["exports_musd"], lang, "USD"), year=fmt.year(last["year"]),
                  share=_pct(last["export_share_pct"], 2, lang),
                  amount_first=fmt.money(1e6 * first["exports_musd"], lang, "USD"), year_first=fmt.year(first["year"]),
                  partial=partial)


def trade_caveat(plate: int, ex: pd.DataFrame, lang: str = "tr") -> str | None:
    """The known-shock caveat (:func:`helpers.shocks.caveat`) of the window :func:`trade` compares
    (its first and last full years), or None when it crosses no event."""
    from helpers import shocks
    full = ex[ex["months"] == 12]
    if full.empty:
        return None
    return shocks.caveat(plate, int(full["year"].iloc[0]), int(full["year"].iloc[-1]), lang, series="all")


def labour(name: str, lm: pd.DataFrame, lang: str = "tr") -> str:
    y = int(lm["year"].max())
    v = lm[lm["year"] == y].set_index(["area", "indicator"])["value"]
    return text.t("narrative.labour", lang, reading=_r(lang), province=name, year=fmt.year(y),
                  emp=_pct(v.get(("province", "employment_rate")), 1, lang),
                  emp_tr=_pct(v.get(("Türkiye", "employment_rate")), 1, lang),
                  unemp=_pct(v.get(("province", "unemployment_rate")), 1, lang),
                  unemp_tr=_pct(v.get(("Türkiye", "unemployment_rate")), 1, lang))


def ses(name: str, s: dict, lang: str = "tr") -> str:
    side = "above" if s["score"] > s["median_score"] else "below"
    return text.t("narrative.ses", lang, reading=_r(lang), province=name, year=fmt.year(s["year"]),
                  score=fmt.decimal(s["score"], lang, 1), rank=fmt.count(s["rank"], lang), n=fmt.count(81, lang),
                  side=text.t(f"compare.{side}", lang), median=fmt.decimal(s["median_score"], lang, 1))


def universities(name: str, unis: pd.DataFrame, year: int, lang: str = "tr") -> str:
    if unis.empty:
        return text.t("narrative.universities.none", lang, reading=_r(lang), province=name)
    by_year = int((unis["founded"] <= year).sum())
    head = text.plural("narrative.universities.text", len(unis), lang, reading=_r(lang), province=name,
                       n=fmt.count(len(unis), lang),
                       founded=fmt.year(unis["founded"].min()))
    tail = text.plural("narrative.universities.by_year" + ("_single" if len(unis) == 1 else ""), by_year, lang, year=fmt.year(year),
                       existing=fmt.count(by_year, lang))
    return head + tail


def _measure(measure: str, lang: str) -> str:
    key = f"measure.{measure}"
    return text.t(key, lang) if text.has(key) else measure


def largest(name: str, top: pd.DataFrame, measure: str, year: int, lang: str = "tr") -> str:
    r = top.iloc[0]
    share = 100 * top[measure].sum() / top["province_total"].iloc[0] if "province_total" in top else float("nan")
    return text.t("narrative.largest", lang, reading=_r(lang), province=name, year=fmt.year(year),
                  sector=_title(r, lang), value=fmt.count(r[measure], lang), measure=_measure(measure, lang),
                  n=fmt.count(len(top), lang), share=_pct(share, 1, lang))


def specialised(name: str, top: pd.DataFrame, lang: str = "tr") -> str:
    r = top.iloc[0]
    return text.t("narrative.specialised", lang, reading=_r(lang), province=name, sector=_title(r, lang),
                  lq=fmt.ratio(r["lq"], lang), times=fmt.decimal(r["lq"], lang, 1))


def bubble(name: str, p: pd.DataFrame, national_growth: float, lang: str = "tr") -> str:
    q = p.dropna(subset=["lq", "growth_rate"])
    stars = q[(q["lq"] >= 1) & (q["growth_rate"] >= national_growth)]
    return text.plural("narrative.bubble", len(stars), lang, reading=_r(lang), province=name,
                       stars=fmt.count(len(stars), lang),
                       n=fmt.count(len(q), lang), growth=fmt.share(national_growth, lang, 1))


def shift_share(name: str, total: pd.Series, lang: str = "tr") -> str:
    return text.t("narrative.shift_share", lang, reading=_r(lang), province=name,
                  change=fmt.count(total["change"], lang), national=fmt.count(total["national_share"], lang),
                  mix=fmt.count(total["industry_mix"], lang), competitive=fmt.count(total["competitive_share"], lang))


def specialisation_indices(name: str, spec: pd.DataFrame, plate: int, column: str, lang: str = "tr") -> str:
    s = spec.set_index("plate")[column].astype("float64")
    rank = int(s.rank(ascending=False, method="min").get(plate))
    label = text.column_label(column, lang)
    index_name = label if label != column else column.replace("_", " ")
    return text.t("narrative.specialisation_indices", lang, reading=_r(lang), province=name,
                  index=index_name,
                  value=fmt.decimal(s.get(plate), lang, 3), rank=fmt.count(rank, lang), n=fmt.count(s.notna().sum(), lang))


def relatedness(name: str, p: pd.DataFrame, lang: str = "tr") -> str:
    q = p.dropna(subset=["relatedness_density"]).sort_values("relatedness_density", ascending=False)
    if q.empty:
        return text.t("narrative.relatedness.none", lang, reading=_r(lang), province=name)
    r = q.iloc[0]
    return text.t("narrative.relatedness.text", lang, reading=_r(lang), province=name, sector=_title(r, lang),
                  density=_pct(r["relatedness_density"], 0, lang))


def clusters(name: str, strong: int, three: int, lang: str = "tr") -> str:
    return text.t("narrative.clusters", lang, reading=_r(lang), province=name, strong=fmt.count(strong, lang),
                  three=fmt.count(three, lang))


def map_reading(name: str, title: str, values: pd.Series, plate: int, lang: str = "tr") -> str:
    rank = values.rank(ascending=False, method="min").get(plate, float("nan"))
    if rank != rank:
        return text.t("narrative.map.none", lang, reading=_r(lang), province=name, title=title)
    return text.t("narrative.map.text", lang, reading=_r(lang), province=name, title=title,
                  rank=fmt.count(rank, lang), n=fmt.count(values.notna().sum(), lang))


def fixed(key: str, lang: str = "tr") -> str:
    """A reading that depends on no number (the catalogue text under ``key``, with the prefix)."""
    return text.t(key, lang, reading=_r(lang))


def cleaning_build(built: pd.DataFrame, lang: str = "tr") -> str:
    """How many tables the cleaning run checked, rebuilt, found unchanged, absent or failed
    (``built``: :func:`helpers.pipeline.summary`, one row per table with its ``status``)."""
    n = {s: int((built["status"] == s).sum()) for s in ("built", "fresh", "absent", "failed")}
    parts = [text.t(f"cleaning.reading.build_part.{k}", lang, n=fmt.count(v, lang)) for k, v in n.items() if v]
    if not n["failed"]:
        parts.append(text.t("cleaning.reading.build_part.none_failed", lang))
    return text.t("cleaning.reading.build", lang, reading=_r(lang), n=fmt.count(len(built), lang),
                  parts=", ".join(parts))


from helpers.narrative import exports  # noqa: E402  (the export readings: narrative.exports.*)
