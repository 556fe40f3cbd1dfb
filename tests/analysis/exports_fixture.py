"""A small table in exactly the shape of the processed ``exports_tim`` table (the contract with the
TİM reader), for tests of the exports basis while -- or instead of -- loading the real table.

Values are seeded random numbers, not TİM figures: only the shape and the special cases matter
(a not-itemised row per province and year, two labels of one harmonised sector, a province absent
from two years, sectors a province does not list).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

YEARS = [2006, *range(2010, 2024)]
SECTORS = {f"T{i:02d}": f"Sector {i}" for i in range(1, 13)}
ABSENT = {62: (2011, 2012)}  # Tunceli absent from the 2011 and 2012 releases


def exports_table(plates=range(1, 82), years=YEARS, seed: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.lognormal(mean=14, sigma=2, size=(82, len(SECTORS)))
    rows = []
    for k, year in enumerate(years):
        for plate in plates:
            if year in ABSENT.get(plate, ()):
                continue
            growth = (1.05 + 0.02 * rng.standard_normal(len(SECTORS))) ** (year - 2006)
            values = base[plate] * growth
            for j, (code, label) in enumerate(SECTORS.items()):
                if (plate + j) % 7 == 0:  # not listed: zero exports
                    continue
                if code == "T03":  # one harmonised sector printed under two labels
                    rows.append((plate, year, code, label + " (a)", values[j] * 0.6))
                    rows.append((plate, year, code, label + " (b)", values[j] * 0.4))
                else:
                    rows.append((plate, year, code, label, values[j]))
            rows.append((plate, year, "T00", "not itemised by sector", float(values.sum() * 0.01)))
    df = pd.DataFrame(rows, columns=["plate", "year", "sector", "sector_label", "export_usd"])
    df["not_itemised"] = df["sector"] == "T00"
    df["source_file"] = df["year"].map(lambda y: f"{y}-12-iller-bazinda-sektor-rakamlari.xlsx")
    df["is_sample"] = False
    df["plate"] = df["plate"].astype("int64")
    df["year"] = df["year"].astype("int64")
    return df
