"""helpers.neighbours: adjacency of the 81 provinces from the shipped boundaries."""

from __future__ import annotations

import pandas as pd

from helpers import neighbours, provinces


def test_trabzon_and_samsun_neighbours():
    names = lambda p: sorted(provinces.name(x) for x in neighbours.neighbours(p))  # noqa: E731
    assert names(61) == sorted(["Rize", "Gümüşhane", "Giresun", "Bayburt"])
    assert names(55) == sorted(["Sinop", "Çorum", "Amasya", "Tokat", "Ordu"])


def test_adjacency_is_symmetric_and_covers_every_province():
    a = neighbours.adjacency()
    pairs = set(zip(a["plate"], a["neighbour"]))
    assert all((b, p) in pairs for p, b in pairs)
    assert set(a["plate"]) == set(range(1, 82))
    assert not any(p == b for p, b in pairs)


def test_committed_table_equals_a_fresh_build():
    fresh = neighbours.build_adjacency()
    pd.testing.assert_frame_equal(fresh, neighbours.adjacency(), check_dtype=False)
