"""helpers.plots: every function returns a Figure from a tiny table, nullable columns included,
and ``mark_sample`` stamps sample-data figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import plots  # noqa: E402

WATERMARK = "SAMPLE DATA · ÖRNEK VERİ"


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
    assert texts(fig) == [WATERMARK, plots.SAMPLE_MARK]


def test_barh_accepts_nullable_and_draws_the_reference():
    fig = plots.barh(_bars(), "insured", "label", "Largest", reference=1.0, is_sample=True)
    assert isinstance(fig, Figure) and WATERMARK in texts(fig)
    ax = fig.axes[0]
    assert ax.get_title() == "Largest" and ax.get_xlabel() == "insured"
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


def test_grouped_bars():
    df = pd.DataFrame({"label_en": ["Industry", "Industry", "Trade", "Trade"],
                       "area": ["province_pct", "turkiye_pct"] * 2,
                       "share": pd.array([41.7, 25.8, 21.7, pd.NA], dtype="Float64")})
    fig = plots.grouped_bars(df, "label_en", "share", "area", "Value added", is_sample=True)
    assert isinstance(fig, Figure) and WATERMARK in texts(fig)


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
    assert shown == ["100%", "55%"]


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
    assert "Boundaries © OpenStreetMap contributors (ODbL)" in texts(fig) and WATERMARK in texts(fig)
