"""Which provinces the all-province tests run on.

By default (CI, `make test`) a fixed sample that covers the cases these tests have caught: the five
pilots (61, 55, 19, 46, 27), the three biggest exporters (34 İstanbul, 16 Bursa, 35 İzmir), Ankara
(6), the provinces whose charts once overlapped (1 Adana, 10 Balıkesir, 44 Malatya), and the
provinces with years of no itemised exports (62 Tunceli, 36 Kars). `WORKBOOK_ALL_PROVINCES=1` runs
all 81 (before a release; the closing notes say when it was run) — the whole-country checks that
matter every time (every province in every year through the evaluation) run on all 81 always.
"""
from __future__ import annotations

import os

SAMPLE = (1, 6, 10, 16, 19, 27, 34, 35, 36, 44, 46, 55, 61, 62)


def all_provinces() -> bool:
    """Whether ``WORKBOOK_ALL_PROVINCES`` asks for the all-province runs (``1``, ``true``, ``yes``)."""
    return os.environ.get("WORKBOOK_ALL_PROVINCES", "").strip() in ("1", "true", "yes")


def plates() -> list[int]:
    """All 81 plate codes with ``WORKBOOK_ALL_PROVINCES=1``, else :data:`SAMPLE`."""
    if all_provinces():
        return list(range(1, 82))
    return list(SAMPLE)
