"""helpers.memo: a result is kept for the same table object and arguments, handed out as a copy."""

from __future__ import annotations

import dataclasses

import pandas as pd

from helpers import memo


@dataclasses.dataclass
class Result:
    table: pd.DataFrame
    notes: list


def test_per_table_once_per_table_object_and_arguments():
    calls = []

    @memo.per_table
    def analyse(df, k, scale=1):
        calls.append(k)
        return Result(df.assign(v=df["x"] * k * scale), ["note"])

    df = pd.DataFrame({"x": [1, 2]})
    a = analyse(df, 2)
    b = analyse(df, 2)
    assert calls == [2] and a.table.equals(b.table) and a is not b
    a.table.loc[0, "v"] = 99  # a caller's change stays its own
    a.notes.append("mine")
    c = analyse(df, 2)
    assert c.table["v"].tolist() == [2, 4] and c.notes == ["note"]
    analyse(df, 3)
    analyse(df, 2, scale=2)
    analyse(df.copy(), 2)  # an equal but other table object: computed afresh
    assert calls == [2, 3, 2, 2]
    memo.clear()


def test_arguments_are_matched_after_binding_defaults():
    calls = []

    @memo.per_table
    def analyse(df, start, end, reference="TR"):
        calls.append((start, end, reference))
        return Result(df, [])

    df = pd.DataFrame({"x": [1]})
    analyse(df, 2018, 2023)
    analyse(df, 2018, 2023, "TR")
    analyse(df, 2018, end=2023, reference="TR")
    analyse(df, start=2018, end=2023)
    assert calls == [(2018, 2023, "TR")]
    analyse(df, 2018, 2023, reference="NUTS2")
    assert len(calls) == 2
    memo.clear()


def test_what_is_derived_from_a_kept_result_is_shared_with_its_copies():
    @memo.per_table
    def analyse(df):
        return Result(df, [])

    df = pd.DataFrame({"x": [1]})
    a, b = analyse(df), analyse(df)
    assert a is not b and memo.shared(a) is memo.shared(b)
    memo.shared(a)["frame"] = "derived once"
    assert memo.shared(analyse(df))["frame"] == "derived once"
    assert memo.shared(Result(df, [])) == {}  # an object memo did not hand out has its own
    memo.clear()
