"""helpers.quality on the processed tables built from the bundled raw files."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import datasets, pipeline, quality, text


# --- select_tables ----------------------------------------------------------------------------

def test_select_all_is_every_known_table():
    assert quality.select_tables("all") == sorted(pipeline.specs())
    assert quality.select_tables("  all ") == sorted(pipeline.specs())


def test_select_a_list_keeps_order_and_trims():
    assert quality.select_tables(" population, gdp_current ,,") == ["population", "gdp_current"]


def test_select_unknown_names_are_refused():
    with pytest.raises(ValueError, match=r"unknown table\(s\) \['populaton'\]; known tables: employment_sgk"):
        quality.select_tables("population,populaton")


# --- coverage ---------------------------------------------------------------------------------

def test_coverage_counts_provinces_by_year():
    cov = quality.coverage(["population", "paid_employees", "universities"])
    assert list(cov.columns) == ["table", "year", "provinces"]
    pop = cov[cov["table"] == "population"]
    assert pop["year"].tolist() == list(range(2007, 2025)) and (pop["provinces"] == 81).all()
    assert "paid_employees" not in set(cov["table"])  # national table: no plate column
    uni = cov[cov["table"] == "universities"]  # no year column: one row under year 0
    assert uni["year"].tolist() == [0]
    assert uni["provinces"].item() == datasets.load("universities")["plate"].nunique()


def test_coverage_ignores_rows_without_a_plate():
    cov = quality.coverage(["gdp_current"])  # TR, NUTS-1/2 rows have no plate
    assert cov.to_dict("records") == [{"table": "gdp_current", "year": 2023, "provinces": 81}]


def test_coverage_matrix():
    cov = pd.DataFrame({"table": ["b", "a", "a"], "year": [2020, 2020, 2021], "provinces": [81, 80, 79]})
    m = quality.coverage_matrix(cov)
    assert m.index.tolist() == ["a", "b"] and m.columns.tolist() == [2020, 2021]
    assert m.loc["a", 2021] == 79 and pd.isna(m.loc["b", 2021])


# --- missing_summary --------------------------------------------------------------------------

def test_missing_summary_by_hand():
    ms = quality.missing_summary(["ses_province", "employment_sgk"]).set_index("table")
    ses_cols = ["ses_score", "households_total", "households_a_plus", "households_a", "households_b",
                "households_c1", "households_c2", "households_d", "households_e"]
    assert ms.at["ses_province", "value_columns"] == len(ses_cols)  # plate, year, rank, source_row skipped
    assert ms.at["ses_province", "rows"] == 81
    assert ms.at["ses_province", "cells"] == 81 * len(ses_cols)
    ses = datasets.load("ses_province")
    assert ms.at["ses_province", "missing"] == int(ses[ses_cols].isna().sum().sum())
    assert bool(ms.at["ses_province", "is_sample"]) is False

    emp = datasets.load("employment_sgk")
    assert ms.at["employment_sgk", "value_columns"] == 2  # workplaces, insured (bool is_sample is not a value)
    missing = int(emp[["workplaces", "insured"]].isna().sum().sum())
    assert ms.at["employment_sgk", "missing"] == missing
    assert ms.at["employment_sgk", "missing_pct"] == round(100 * missing / (2 * len(emp)), 2)
    assert bool(ms.at["employment_sgk", "is_sample"]) is bool(emp["is_sample"].any())  # bundled: the sample


# --- flagged_breaks ---------------------------------------------------------------------------

def test_flagged_breaks_documented_only():
    fb = quality.flagged_breaks(["employment_sgk", "trade_monthly", "population"], lang="en")
    assert list(fb.columns) == ["table", "year", "flag", "cells"]
    assert fb["table"].tolist() == ["employment_sgk"] * 3 + ["trade_monthly"]
    assert fb["year"].tolist() == [2010, 2023, 2025, 2020]
    assert fb["flag"].iloc[-1] == "2020 runs to September only."
    assert fb["cells"].isna().all()
    assert quality.flagged_breaks(["population"]).empty
    tr = quality.flagged_breaks(["trade_monthly"])  # Turkish by default
    assert tr["flag"].tolist() == [text.t("quality.break.trade_2020", "tr")] and text.english_leaks(tr["flag"][0]) == []


def test_flagged_breaks_counts_eurostat_flags():
    fb = quality.flagged_breaks(["lfs_nuts2"])
    lfs = datasets.load("lfs_nuts2")
    b = fb[fb["flag"] == text.t("quality.flag.series_break", "tr")].set_index("year")["cells"]
    u = fb[fb["flag"] == text.t("quality.flag.low_reliability", "tr")].set_index("year")["cells"]
    assert b.to_dict() == {int(y): int(n) for y, n in lfs[lfs["series_break"]].groupby("year").size().items()}
    assert u.to_dict() == {int(y): int(n) for y, n in lfs[lfs["low_reliability"]].groupby("year").size().items()}
    assert len(fb) == len(b) + len(u)


# --- employment_status ------------------------------------------------------------------------

def test_employment_status():
    s = quality.employment_status()
    emp = datasets.load("employment_sgk")
    assert s["rows"] == len(emp)
    assert s["years"] == sorted(emp["year"].unique().tolist())
    assert s["revisions"] == sorted(emp["nace_revision"].unique().tolist())
    assert s["is_sample"] is bool(emp["is_sample"].any())
    if s["is_sample"]:  # the bundled table: the labelled sample file(s)
        assert all(f.startswith("SGK_SAMPLE_") for f in s["files"])


def test_coverage_does_not_count_a_province_without_any_value(monkeypatch):
    toy = pd.DataFrame({"plate": [1, 6], "year": [2020, 2020], "insured": [10.0, float("nan")]})
    monkeypatch.setattr(datasets, "load", lambda name, build=True: toy)
    assert quality.coverage(["toy"])["provinces"].tolist() == [1]


# --- the build's warnings, as the cleaning report shows them --------------------------------------

def _warnings(*messages):
    import warnings as _w
    return [_w.WarningMessage(m, UserWarning, "reader.py", 1) for m in messages]


TIM_MESSAGES = (
    "2017-12-iller-bazinda-sektor-rakamlari.xlsx: 2017-12-iller-bazinda-sektor-rakamlari.xlsx, sheet 'ILLER_SEKTOR' "
    "covers '1 OCAK - 30 KASıM' only, not January–December (its title: '30.11.2017 İHRACATÇI'); no values are taken "
    "from it, so its years [2016, 2017] come from other releases or are missing",
    "2022-12-iller-bazinda-sektor-rakamlari.xlsx: the printed grand total of 2022 (2022-12-iller-bazinda-sektor-"
    "rakamlari.xlsx, sheet 'ILLER_SEKTOR', cell L1940 (row 1940, column L)) is 226,596,265,725 USD, the provinces sum "
    "to 226,596,071,165 USD",
    "TİM: 463 province-year total(s) revised by a later release; the later release wins (largest: …)",
    "something new the reader says",
)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_warnings_table_tells_each_warning_in_the_report_language(lang):
    from helpers.text.tokens import code_tokens
    table = quality.warnings_table(_warnings(*TIM_MESSAGES), lang)
    assert list(table.columns) == ["file", "happened", "meaning"] and len(table) == 4
    assert table["file"].tolist()[:3] == ["2017-12-iller-bazinda-sektor-rakamlari.xlsx",
                                         "2022-12-iller-bazinda-sektor-rakamlari.xlsx", "TİM"]
    # the period printed in the source, with Turkish case rules ("KASıM" → "Kasım")
    assert "1 Ocak – 30 Kasım" in table.at[0, "happened"] and "KASıM" not in table.to_string()
    assert {"tr": "194,6 bin", "en": "194.6 thousand"}[lang] in table.at[1, "happened"]
    assert {"tr": "463", "en": "463"}[lang] in table.at[2, "happened"]
    for cell in table[["happened", "meaning"]].to_numpy().ravel():  # never the raw English message
        assert code_tokens(cell) == [] and "total(s)" not in cell and "USD of" not in cell
    if lang == "tr":
        assert text.english_leaks(" ".join(table[["happened", "meaning"]].to_numpy().ravel())) == []


def test_build_collects_warnings_instead_of_printing_them(monkeypatch, capsys):
    import warnings as _w

    def fake_build_all(tables, force=False, raise_errors=True):
        _w.warn(TIM_MESSAGES[0], UserWarning)
        return {"t": "ok"}
    monkeypatch.setattr(quality.pipeline, "build_all", fake_build_all)
    results, caught = quality.build(["t"])
    assert results == {"t": "ok"} and len(caught) == 1 and "KASıM" in str(caught[0].message)
    assert "UserWarning" not in capsys.readouterr().err
