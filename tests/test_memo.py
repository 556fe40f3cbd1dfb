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
