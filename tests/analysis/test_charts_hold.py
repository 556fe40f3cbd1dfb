"""Issue 15 item 2: charts that hold for every province. Checked with the renderer's own text
boxes: no two labels overlap, no tick label is printed over its neighbour, quadrant captions cover
no point, the map's credit and the sample caption stay apart; names are wrapped only between words;
the growth axis is not stretched by a small base; rank axes have whole-number ticks.

The fast tests use tables shaped like the worst provinces; ``test_main_charts_of_all_81_provinces``
(slow) draws the main charts from the processed data of every province, without a kernel."""

from __future__ import annotations

import os
import warnings

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import province_sample  # noqa: E402  (tests/province_sample.py: which provinces)
from helpers import plots, text  # noqa: E402

QUADRANTS = {"top_right": "uzmanlaşmış ve büyüyen: aday kümeler", "top_left": "büyüyen, henüz uzmanlaşmamış",
             "bottom_left": "ikisi de değil: zayıf", "bottom_right": "uzmanlaşmış, daha yavaş büyüyen"}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _visible(ts):
    return [t for t in ts if t.get_visible() and t.get_text().strip()]


def problems(fig) -> list[str]:
    """Every overlap a reader would see: texts placed on the axes or the figure (labels, captions,
    credits; the diagonal watermark excepted) against each other, and each axis' tick labels against
    their neighbours."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    watermark = {text.t("sample.watermark", lang) for lang in ("tr", "en")}
    free = [t for ax in fig.axes for t in ax.texts] + [t for t in fig.texts if t.get_text() not in watermark]
    out = [f"{a!r} over {b!r}" for a, b in plots.overlapping(_visible(free), r)]
    for ax in fig.axes:
        for ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
            inside = [t for t in _visible(ticks)]
            out += [f"ticks {a!r} over {b!r}" for a, b in plots.overlapping(inside, r)]
    return out


def captions_cover_points(fig, captions) -> list[str]:
    ax = fig.axes[0]
    r = fig.canvas.get_renderer()
    pts = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    disp = ax.transData.transform(pts)
    out = []
    for t in ax.texts:
        if t.get_text() in captions:
            box = t.get_window_extent(r).padded(2)
            out += [f"{t.get_text()!r} covers {p}" for p in disp if box.contains(*p)]
    return out


def _portfolio(n: int = 24, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"sector": [f"T{i:02d}" for i in range(1, n + 1)],
                       "lq": rng.gamma(1.2, 0.8, n), "growth_pct": rng.normal(30, 60, n),
                       "export_usd": rng.lognormal(16, 2, n)})
    df.loc[0, "growth_pct"] = 5598.8  # Çorum T15
    df.loc[1, "growth_pct"] = 2464.0  # Kahramanmaraş T04
    df.loc[2, "lq"] = 22.0
    return df


def test_wrap_breaks_only_between_words():
    name = "Motorlu kara taşıtlarının ve motosikletlerin bakım ve onarımı ile perakende ticareti"
    for width in (10, 16, 24, 30):
        out = plots.wrap(name, width)
        assert out.count("\n") <= 1
        words = out.replace("…", "").split()
        assert all(w in name.split() for w in words), out  # every piece is a whole word
    assert plots.wrap("T05 Fındık ve Mamulleri") == "T05 Fındık ve Mamulleri"
    assert plots.wrap("İklimlendirme", 5) == "İklimlendirme"  # a long word is never cut


def test_bubble_caps_small_base_growth_and_labels_the_outliers():
    fig = plots.bubble(_portfolio(), x="lq", y="growth_pct", size="export_usd", label="sector", x_ref=1.0,
                       y_ref=34.0, title="t", xlabel="AKÜ", ylabel="büyüme", quadrants=QUADRANTS, lang="tr")
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    assert hi < 1000  # not stretched to 5.598,8
    shown = [t.get_text() for t in ax.texts]
    assert "T01 (%5.598,8)" in shown and "T02 (%2.464,0)" in shown  # marked and labelled with the true value
    assert problems(fig) == []
    assert captions_cover_points(fig, set(QUADRANTS.values())) == []


@pytest.mark.parametrize("seed", range(6))
def test_bubble_labels_never_overlap(seed):
    df = _portfolio(30, seed)
    df["lq"] = df["lq"] * 0.05 + 0.9  # everything crowded around LQ = 1
    df["growth_pct"] = df["growth_pct"] * 0.05
    fig = plots.bubble(df, x="lq", y="growth_pct", size="export_usd", label="sector", x_ref=1.0, y_ref=1.0,
                       title="t", xlabel="x", ylabel="y", quadrants=QUADRANTS, n_labels=30, is_sample=True)
    assert problems(fig) == []
    assert captions_cover_points(fig, set(QUADRANTS.values())) == []


def test_heatmap_height_follows_rows_and_names_wrap():
    names = [f"T{i:02d} " + "Mobilya ve Orman Ürünleri Sanayi Mamulleri"[: 10 + i] for i in range(40)]
    m = pd.DataFrame(np.random.default_rng(0).random((40, 4)), index=names,
                     columns=["Ekonomik Etki", "Talep", "Ağ Oluşturma ve İşbirliği", "Faktör Koşulları"])
    tall = plots.heatmap(m, "h", vmin=0, vmax=1)
    short = plots.heatmap(m.head(4), "h", vmin=0, vmax=1)
    assert tall.get_figheight() > 3 * short.get_figheight() * 0.9
    assert problems(tall) == [] and problems(short) == []
    labels = [t.get_text() for t in tall.axes[0].get_yticklabels()]
    assert all(max(len(line) for line in lab.split("\n")) <= 34 or " " not in lab for lab in labels)


def test_scatter_log_axis_ticks_never_collide_and_ranks_are_integers():
    for lo, hi in ((3e8, 4.5e8), (1e3, 5e10), (2e6, 9e6)):
        df = pd.DataFrame({"export_usd": np.geomspace(lo, hi, 6), "rank": np.arange(1, 7),
                           "sector": [f"T{i}" for i in range(6)]})
        fig = plots.scatter(df, "export_usd", "rank", "sector", "s", logx=True, invert_y=True)
        ax = fig.axes[0]
        assert problems(fig) == []
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert ticks and all("×" not in t and "10^" not in t for t in ticks)
        yt = [t for t in ax.get_yticks() if ax.get_ylim()[1] <= t <= ax.get_ylim()[0]]
        assert all(float(t).is_integer() for t in yt)


def test_scatter_of_a_single_sector_keeps_round_ticks():
    """Bayburt's exports basis has one sector: a log axis too narrow for 1-2-5 ticks (matplotlib
    would fall back to a tick every 5.000, printed over each other) and a rank axis around one point."""
    df = pd.DataFrame({"export_usd": [35253.91], "rank": [1], "sector": ["T24"]})
    fig = plots.scatter(df, "export_usd", "rank", "sector", "s", logx=True, invert_y=True)
    assert problems(fig) == []
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert 2 <= len([t for t in ax.get_xticks() if lo <= t <= hi]) <= 5
    assert [t for t in ax.get_yticks() if ax.get_ylim()[1] <= t <= ax.get_ylim()[0]] == [1]


def test_intervals_rank_axis_has_integer_ticks():
    df = pd.DataFrame({"label": ["10 Gıda", "13 Tekstil"], "median_rank": [1, 2], "rank_p05": [1, 1],
                       "rank_p95": [2, 2], "p_top_k": [1.0, 0.5]})
    fig = plots.intervals(df, label="label", median="median_rank", low="rank_p05", high="rank_p95",
                          prob="p_top_k", title="r")
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in fig.axes[0].get_xticks())


def test_amounts_are_scaled_on_axes():
    df = pd.DataFrame({"label": ["a", "b"], "export_usd": [1_042_309_211.0, 250_000_000.0]})
    fig = plots.barh(df, "export_usd", "label", "t", lang="tr")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert any("milyar" in t or "milyon" in t for t in ticks) and not any("000.000" in t for t in ticks)


def test_map_credit_and_sample_caption_apart():
    square = [[(0, 0), (1, 0), (1, 1), (0, 1)]]
    fig = plots.choropleth({1: square}, pd.Series([1.0], index=[1]), highlight=1, title="m", cbar_label="x",
                           is_sample=True)
    assert problems(fig) == []


def test_lines_draw_the_events_given():
    df = pd.DataFrame({"year": [2018, 2019, 2020, 2021, 2022, 2023] * 2, "index": np.arange(12.0) + 100,
                       "area": ["province_index"] * 6 + ["turkiye_index"] * 6})
    events = pd.DataFrame({"year": [2009, 2020, 2023], "key": ["crisis", "pandemic", "quake"],
                           "label_tr": ["2009 krizi", "Salgın", "Deprem"],
                           "label_en": ["2009 crisis", "Pandemic", "Earthquakes"], "national": [True, True, False]})
    fig = plots.lines(df, "year", "index", "area", "t", events=events, lang="en")
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert shown == ["Pandemic", "Earthquakes"]  # 2009 is outside the chart's years
    assert problems(fig) == []
    assert len(plots.lines(df, "year", "index", "area", "t").axes[0].texts) == 0
    m = pd.DataFrame([[1.0, 2.0, 3.0]], index=["T05 Fındık"], columns=[2019, 2020, 2021])
    ticks = plots.heatmap(m, "h", events=events, lang="tr").axes[0].get_xticklabels()
    assert [t.get_text() for t in ticks] == ["2019", "2020\nSalgın", "2021"]
    plain = plots.heatmap(pd.DataFrame([[0.5, 0.5]], index=["a"], columns=["Ağ Oluşturma ve İşbirliği", "Talep"]), "h",
                          events=events).axes[0].get_xticklabels()
    assert "#8c564b" not in {matplotlib.colors.to_hex(t.get_color()) for t in plain}  # only shock years coloured


# --- every province, from the processed data ---------------------------------------------------------


@pytest.mark.slow
def test_main_charts_of_every_province():
    """The charts a province's reports draw from the sector tables (export and employment bubbles,
    export structure, heading scores, size against rank, largest sectors), for all 81 provinces:
    no overlapping text, captions over no point, growth axes not stretched."""
    from helpers import basis, criteria, datasets, evaluation, sectors

    warnings.simplefilter("ignore")
    exports = datasets.load("exports_tim")
    start, end = basis.default_years(datasets.years(exports), 0, 0)
    ea = sectors.analyse_exports(exports, start, end, "TR")
    emp = datasets.load("employment_sgk")
    an = sectors.analyse(emp, 2009, 2013, "insured", "TR")  # the notebook's default years
    quads = sectors.quadrants("tr")
    bad: dict[int, list[str]] = {}
    only = os.environ.get("CHARTS_PLATES")  # e.g. "1,44": re-check a few provinces
    for plate in ([int(x) for x in only.split(",")] if only else province_sample.plates()):
        found = []
        for analysis, size, label in ((ea, "export_usd", "sector"), (an, "insured", "nace_division")):
            pf = sectors.portfolio(analysis, plate, "tr")
            if len(pf):
                fig = plots.bubble(pf, x="lq", y="growth_pct", size=size, label=label, x_ref=1.0,
                                   y_ref=100 * analysis.national_total_growth, title="t", xlabel="x", ylabel="y",
                                   quadrants=quads, is_sample=analysis.is_sample)
                found += problems(fig) + captions_cover_points(fig, set(quads.values()))
                plt.close(fig)
        fig = plots.heatmap(sectors.export_structure(exports, plate, 8, "tr"), "s", fmt=".0f")
        found += problems(fig)
        plt.close(fig)
        inputs = evaluation.province_inputs(plate, 0, 0, "auto", "tr")
        config = criteria.load_criteria(evaluation.resolve_file("config/criteria.yml"), basis=inputs.basis.name)
        kept = criteria.longlist(inputs.table, config).kept
        if len(kept):
            res = criteria.evaluate(kept, config, method="weighted_sum")
            for fig in (plots.heatmap(evaluation.heading_matrix(res, config), "h", vmin=0, vmax=1),
                        plots.scatter(evaluation.size_vs_rank(res), inputs.basis.value, "rank", inputs.key, "s",
                                      logx=True, invert_y=True)):
                found += problems(fig)
                plt.close(fig)
        fig = plots.barh(sectors.largest(an, plate, 10, "tr"), "insured", "label", "l", is_sample=an.is_sample)
        found += problems(fig)
        plt.close(fig)
        if found:
            bad[plate] = found
    assert not bad, "\n".join(f"{plate}: {'; '.join(found)}" for plate, found in bad.items())
