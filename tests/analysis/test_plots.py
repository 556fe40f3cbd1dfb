"""helpers.plots: every function returns a Figure from a tiny table, nullable columns included,
and ``mark_sample`` stamps sample-data figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import plots, text  # noqa: E402

WATERMARK = text.t("sample.watermark", "tr")  # Turkish by default


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.texts]


def _bars() -> pd.DataFrame:  # nullable dtypes, as pandas/pyarrow tables hand them over
    return pd.DataFrame({"label": ["10 Food", "13 Textiles", "62 Software"],
                         "insured": pd.array([60, 30, pd.NA], dtype="Int64"),
                         "lq": pd.array([1.5, 0.5, 1.0], dtype="Float64")})


def test_mark_sample():
    fig = plt.figure()
    assert plots.mark_sample(fig, False) is fig and texts(fig) == []
    assert plots.mark_sample(fig, True) is fig
    assert texts(fig) == [WATERMARK, text.t("sample.banner", "tr")]
    fig_en = plots.mark_sample(plt.figure(), True, "en")
    assert texts(fig_en) == [text.t("sample.watermark", "en"), text.t("sample.banner", "en")]


def test_barh_accepts_nullable_and_draws_the_reference():
    fig = plots.barh(_bars(), "insured", "label", "Largest", reference=1.0, is_sample=True)
    assert isinstance(fig, Figure) and WATERMARK in texts(fig)
    ax = fig.axes[0]
    assert ax.get_title() == "Largest" and ax.get_xlabel() == text.column_label("insured", "tr")  # not the column name
    assert len(ax.patches) >= 2
    assert any(line.get_xdata()[0] == 1.0 for line in ax.get_lines())  # reference line at x = 1
    fig2 = plots.barh(_bars(), "lq", "label", "LQ", xlabel="location quotient")
    assert texts(fig2) == [] and fig2.axes[0].get_xlabel() == "location quotient"


def test_lines():
    df = pd.DataFrame({"year": pd.array([2020, 2021, 2020, 2021], dtype="Int64"),
                       "index": pd.array([100.0, 103.0, 100.0, pd.NA], dtype="Float64"),
                       "area": ["province", "province", "Türkiye", "Türkiye"]})
    fig = plots.lines(df, "year", "index", "area", "Population index", ylabel="index")
    assert isinstance(fig, Figure) and fig.axes[0].get_ylabel() == "index"
    assert len(fig.axes[0].get_lines()) >= 2


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_lines_legend_shows_readable_labels_and_locale_ticks(lang):
    df = pd.DataFrame({"year": [2010, 2011, 2010, 2011], "index": [100.0, 100.5, 100.0, 101.5],
                       "area": ["province_index", "province_index", "turkiye_index", "turkiye_index"]})
    fig = plots.lines(df, "year", "index", "area", "Population index", lang=lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [text.series_label("province_index", lang), text.series_label("turkiye_index", lang)]
    assert "province_index" not in legend and ax.get_ylabel() == text.column_label("index", lang)
    years = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "2010" in years and all("," not in y and "." not in y for y in years)  # no separator in a year
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any({"tr": ",", "en": "."}[lang] in v for v in ticks)  # 100,5 / 100.5
    named = plots.lines(df, "year", "index", "area", "x", labels={"province_index": "Gaziantep"}, lang=lang)
    assert [t.get_text() for t in named.axes[0].get_legend().get_texts()][0] == "Gaziantep"


def test_grouped_bars():
    df = pd.DataFrame({"label_en": ["Industry", "Industry", "Trade", "Trade"],
                       "area": ["province_pct", "turkiye_pct"] * 2,
                       "share": pd.array([41.7, 25.8, 21.7, pd.NA], dtype="Float64")})
    fig = plots.grouped_bars(df, "label_en", "share", "area", "Value added", is_sample=True)
    assert isinstance(fig, Figure) and WATERMARK in texts(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [text.series_label("province_pct", "tr"), "Türkiye"]


def test_bubble_with_quadrants():
    df = pd.DataFrame({"lq": pd.array([1.5, 0.5, 1.0, pd.NA], dtype="Float64"),
                       "growth_pct": [50.0, 0.0, 20.0, 10.0],
                       "insured": pd.array([30, 10, 60, 5], dtype="Int64"),
                       "nace_division": ["13", "10", "62", "04"]})
    fig = plots.bubble(df, x="lq", y="growth_pct", size="insured", label="nace_division", x_ref=1.0, y_ref=25.0,
                       title="Portfolio", xlabel="LQ", ylabel="growth (%)",
                       quadrants={"top_right": "candidate clusters", "bottom_left": "weak"})
    ax = fig.axes[0]
    assert len(ax.collections[0].get_offsets()) == 3  # the row without an LQ is dropped
    shown = [t.get_text() for t in ax.texts]
    assert "candidate clusters" in shown and "weak" in shown and "62" in shown and "04" not in shown


def test_bubble_switches_to_symlog_for_very_high_lq():
    df = pd.DataFrame({"lq": [12.0, 0.5], "g": [1.0, 2.0], "s": [1.0, 2.0], "l": ["a", "b"]})
    fig = plots.bubble(df, x="lq", y="g", size="s", label="l", x_ref=1, y_ref=0, title="", xlabel="", ylabel="")
    assert fig.axes[0].get_xscale() == "symlog"


def test_heatmap_with_nullable_values():
    m = pd.DataFrame({"Talep": pd.array([0.5, pd.NA], dtype="Float64"), "Ekonomik Etki": [1.0, 0.0]},
                     index=["10 Food", "13 Textiles"])
    fig = plots.heatmap(m, "Scores", vmin=0, vmax=1, cbar_label="score", is_sample=True)
    assert isinstance(fig, Figure) and len(fig.axes) == 2  # heatmap + colour bar
    assert WATERMARK in texts(fig)
    annotations = sorted(t.get_text() for t in fig.axes[0].texts)
    assert annotations == ["0,00", "0,50", "1,00"]  # locale decimals; the missing cell stays blank
    fig = plots.heatmap(m, "Scores", fmt=".0f", lang="en")
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "1", "1"]  # 0.5 rounds half up


def test_stacked_bars():
    df = pd.DataFrame({"label": ["10 Food", "13 Textiles"], "A": pd.array([0.25, 0.1], dtype="Float64"),
                       "B": pd.array([1, pd.NA], dtype="Int64")})
    fig = plots.stacked_bars(df, "label", ["A", "B"], "Contributions", xlabel="score")
    ax = fig.axes[0]
    assert len(ax.patches) == 4 and ax.get_xlabel() == "score"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["13 Textiles", "10 Food"]  # best at the top


def test_intervals():
    df = pd.DataFrame({"label": ["10 Food", "13 Textiles"], "median_rank": pd.array([1, 2], dtype="Int64"),
                       "rank_p05": pd.array([1, 1], dtype="Int64"), "rank_p95": pd.array([2, 3], dtype="Int64"),
                       "p_top_k": pd.array([1.0, 0.55], dtype="Float64")})
    fig = plots.intervals(df, label="label", median="median_rank", low="rank_p05", high="rank_p95",
                          prob="p_top_k", title="Rank intervals")
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert shown == ["%100", "%55"]
    fig = plots.intervals(df, label="label", median="median_rank", low="rank_p05", high="rank_p95",
                          prob="p_top_k", title="Rank intervals", lang="en")
    assert [t.get_text() for t in fig.axes[0].texts] == ["100%", "55%"]
    assert " ".join(fig.axes[0].get_xlabel().split()) == text.t("plot.intervals_xlabel", "en")
    # the caller says what the bar is (the 03 report: best and worst rank over the scenarios); the
    # label is wrapped to the width of the figure, never cut by its edge
    long = "rank (1 = best); bar: best and worst rank over the scenarios; dot: median; percentage: share"
    fig = plots.intervals(df, label="label", median="median_rank", low="rank_p05", high="rank_p95",
                          prob="p_top_k", title="Rank intervals", lang="en", xlabel=long)
    xl = fig.axes[0].xaxis.label
    assert " ".join(xl.get_text().split()) == long and "\n" in xl.get_text()
    fig.canvas.draw()
    box = xl.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width


def test_scatter():
    df = pd.DataFrame({"insured": pd.array([5000, 100], dtype="Int64"), "rank": pd.array([1, 2], dtype="Int64"),
                       "nace_division": ["10", "25"]})
    fig = plots.scatter(df, "insured", "rank", "nace_division", "Size vs rank", logx=True, invert_y=True)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.yaxis_inverted()
    assert [t.get_text() for t in ax.texts] == ["10", "25"]


def test_choropleth_with_nullable_values():
    square = [[(0, 0), (1, 0), (1, 1), (0, 1)]]
    polygons = {1: square, 6: [[(1, 0), (2, 0), (2, 1), (1, 1)]], 34: [[(2, 0), (3, 0), (3, 1), (2, 1)]]}
    values = pd.Series(pd.array([1.5, pd.NA, 0.5], dtype="Float64"), index=[1, 6, 34])
    fig = plots.choropleth(polygons, values, highlight=1, title="LQ of 13", cbar_label="LQ", is_sample=True)
    ax = fig.axes[0]
    assert ax.get_title() == "LQ of 13"
    assert len(ax.collections) == 2  # provinces + the highlighted outline
    faces = ax.collections[0].get_facecolors()
    assert tuple(faces[1][:3]) == pytest.approx(matplotlib.colors.to_rgb("#dddddd"))  # no value: grey
    assert text.t("plot.map_attribution", "tr") in texts(fig) and WATERMARK in texts(fig)
    fig = plots.choropleth(polygons, values, highlight=1, title="LQ of 13", cbar_label="LQ", lang="en")
    assert "Boundaries © OpenStreetMap contributors (ODbL)" in texts(fig)


def test_bubble_axis_of_large_specialisation_starts_at_zero_with_locale_ticks():
    df = pd.DataFrame({"rca": [0.01, 0.5, 1.3, 11.0, 60.0], "growth": [400.0, 10, -40, 0, -15],
                       "size": [1.0, 2, 3, 50, 100], "label": list("abcde")})
    fig = plots.bubble(df, x="rca", y="growth", size="size", label="label", x_ref=1, y_ref=34, title="t",
                       xlabel="AKÜ", ylabel="g", lang="tr")
    ax = fig.axes[0]
    # an RCA is never negative: the axis starts just left of 0 (room for a bubble at 0), no negative tick
    assert ax.get_xscale() == "symlog" and -0.1 < ax.get_xlim()[0] < 0
    assert [t.get_text() for t in ax.get_xticklabels()][:4] == ["0", "0,5", "1", "2"]


def test_heatmap_names_a_years_event_without_repeating_the_year():
    """Issue 15 (screenshot review): "2018 / 2018 kur şoku" and a cut "TİM'in 2012 sektör…" under
    the year columns; the column now reads the year over the event's short name."""
    from helpers import shocks

    m = pd.DataFrame([[10.0, 12.0, 9.0]], index=["T11 Tekstil"], columns=[2017, 2018, 2023])
    fig = plots.heatmap(m, "t", fmt=".0f", lang="tr", events=shocks.events(46))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[0] == "2017"
    assert labels[1].split("\n") == ["2018", "kur şoku"]
    assert labels[2].startswith("2023\n") and "2023" not in labels[2][4:] and "…" not in labels[2]
    plt.close(fig)


def test_a_rank_axis_has_no_rank_zero():
    """Screenshot review: Trabzon's size-rank chart printed a "0" tick above rank 1."""
    df = pd.DataFrame({"export_usd": [1e5 * (i + 1) ** 2 for i in range(21)], "rank": list(range(1, 22)),
                       "sector": [f"T{i:02d}" for i in range(1, 22)]})
    fig = plots.scatter(df, "export_usd", "rank", "sector", "t", logx=True, invert_y=True)
    ax = fig.axes[0]
    lo, hi = sorted(ax.get_ylim())
    assert lo >= 0.5 and hi >= 21
    shown = [t for t in ax.get_yticks() if lo <= t <= hi]
    assert shown and min(shown) >= 1
    plt.close(fig)


def test_bubbles_at_zero_are_not_cut_by_the_axis():
    """Screenshot review: sectors with an RCA near 0 sat half outside the bubble chart's left edge."""
    df = pd.DataFrame({"lq": [0.0, 0.01, 12.0, 60.0], "growth_pct": [50.0, -20.0, 10.0, 5.0],
                       "export_usd": [1e5, 2e5, 1e8, 5e8], "sector": ["T01", "T02", "T03", "T04"]})
    fig = plots.bubble(df, x="lq", y="growth_pct", size="export_usd", label="sector", x_ref=1.0, y_ref=20.0,
                       title="t", xlabel="AKÜ", ylabel="büyüme")
    ax = fig.axes[0]
    fig.canvas.draw()
    x0 = ax.transData.transform((0.0, 50.0))[0]  # the bubble at RCA 0, in pixels
    assert x0 - ax.bbox.x0 >= 5  # its centre a few pixels inside the axes
    assert all(t.get_text() != "" and not t.get_text().startswith("-") for t in ax.get_xticklabels()
               if ax.get_xlim()[0] <= t.get_position()[0])
    plt.close(fig)
