"""Issue 15 item 9, figures made cheaper without making any chart worse: the PNG is drawn once at
the dpi the figure was laid out at; text sizes and glyph layouts shared across figures give the
same pixels as matplotlib's own Agg canvas; the map's paths are built once; scaled axis values say
what they are (100.000 is "100 bin", not "1 bin"); the SGK section draws no chart on the sample."""

from __future__ import annotations

import dataclasses
import io

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import plots, report, text  # noqa: E402
from helpers.plots import _base  # noqa: E402
from helpers.plots.maps import province_paths  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _bubble():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"sector": [f"T{i:02d} Fındık ve Mamulleri" for i in range(12)], "lq": rng.gamma(1.2, 0.8, 12),
                       "growth_pct": rng.normal(30, 40, 12), "export_usd": rng.lognormal(16, 2, 12)})
    return plots.bubble(df, x="lq", y="growth_pct", size="export_usd", label="sector", x_ref=1.0, y_ref=20.0,
                        title="Trabzon: AKÜ ve büyüme", xlabel="AKÜ", ylabel="büyüme (%)", is_sample=True,
                        quadrants={"top_right": "uzmanlaşmış ve büyüyen"})


def test_figures_are_laid_out_at_the_dpi_of_their_png():
    fig = _bubble()
    assert fig.dpi == _base.DPI == matplotlib.rcParams["savefig.dpi"]
    png = _base.to_png(fig)
    img = Image.open(io.BytesIO(png))
    assert img.mode == "RGB"  # opaque: no alpha channel to compress
    assert img.size == (round(fig.get_figwidth() * _base.DPI), round(fig.get_figheight() * _base.DPI))
    assert set(img.info) == {"dpi"}  # no software or date: the same figure, the same bytes


def test_the_map_builds_its_paths_once():
    polygons = {1: [np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])], 2: [np.array([[2.0, 0.0], [3.0, 0.0], [3.0, 1.0]])]}
    first = province_paths(polygons)
    assert province_paths(polygons) is first and [p for p, _ in first] == [1, 2]
    fig = plots.choropleth(polygons, pd.Series([1.0, np.nan], index=[1, 2]), highlight=2, title="t", cbar_label="c")
    faces = fig.axes[0].collections[0].get_facecolors()
    assert tuple(faces[1]) == pytest.approx(matplotlib.colors.to_rgba("#dddddd"))  # no value: grey


@pytest.mark.parametrize(("value", "tr", "en"), [(1e5, "100 bin", "100 thousand"), (250_000, "250 bin", "250 thousand"),
                                                 (2.5e6, "2,5 milyon", "2.5 million"), (25_000, "25.000", "25,000")])
def test_scaled_values_keep_their_magnitude(value, tr, en):
    assert plots.compact(value, "tr") == tr and plots.compact(value, "en") == en
    f = plots.LocaleFormatter("tr")
    f.set_locs([0, value])
    assert f(value) == tr


def test_sgk_section_draws_no_chart_on_the_sample(monkeypatch):
    from helpers import datasets, sections, sectors

    analysis = sectors.analyse(datasets.load("employment_sgk", build=False), 2009, 2013, "insured", "TR")
    assert analysis.is_sample
    drawn, shown = [], []
    monkeypatch.setattr(report, "show_figure", lambda fig, alt, dpi=None: (drawn.append(alt), plt.close(fig)))
    monkeypatch.setattr(report, "_display", lambda obj, **kw: shown.append(obj))
    sections.employment(analysis, 61, "Trabzon", "insured", 2009, 2013, "tr")
    assert drawn == []
    assert any(text.t("economic.sample_no_charts", "tr") in str(getattr(o, "data", "")) for o in shown)
    official = dataclasses.replace(analysis, is_sample=False)
    sections.employment(official, 61, "Trabzon", "insured", 2009, 2013, "en")
    assert len(drawn) == 4  # largest, most specialised, portfolio, map
