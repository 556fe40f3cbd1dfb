"""Toy sector tables and configs for the criteria tests (imported by conftest and the tests)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = REPO / "config" / "criteria.yml"
MCDA_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "reference-cases" / "mcda"


def make_table(n: int = 12, seed: int = 0, plate: int = 61, divisions=None) -> pd.DataFrame:
    """A random but valid sector table with every column of the schema (no exports_usd)."""
    rng = np.random.default_rng(seed)
    divs = divisions or [f"{d:02d}" for d in range(10, 10 + n)]
    n = len(divs)
    insured = rng.integers(150, 6000, n).astype(float)
    workplaces = rng.integers(12, 400, n).astype(float)
    df = pd.DataFrame({
        "plate": plate, "year": 2013, "province": "Trabzon", "nace_division": divs,
        "nace_label": [f"Division {d}" for d in divs],
        "insured": insured, "workplaces": workplaces, "lq": rng.gamma(1.5, 1.0, n),
        "manuf_share": insured / insured.sum(), "growth": rng.normal(0.1, 0.2, n),
        "industry_mix": rng.normal(0.0, 0.05, n), "competitive": rng.normal(0.0, 0.1, n),
        "insured_per_workplace": insured / workplaces, "relatedness_density": rng.uniform(0, 60, n),
        "labour_pool": rng.integers(100, 10000, n).astype(float), "universities": rng.integers(0, 4, n).astype(float),
        "lq_nuts2": rng.gamma(1.5, 1.0, n), "related_variety": rng.integers(0, 6, n).astype(float),
        "lq_neighbours": rng.gamma(1.5, 1.0, n), "lq_rest_region": rng.gamma(1.5, 1.0, n),
    })
    return with_refs(df)


def with_refs(df: pd.DataFrame) -> pd.DataFrame:
    """The toy's reference percentiles (``ref_<column>``, what ``reference: provinces`` reads): in a
    toy the rows themselves stand in for the 81 provinces, so the percentile is taken over them.
    Call again after editing values."""
    df = df.drop(columns=[c for c in df.columns if c.startswith("ref_")])
    refs = {}
    for c in df.columns:
        if c not in ("plate", "year", "province", "nace_division", "nace_label", "sector", "sector_label") \
                and pd.api.types.is_numeric_dtype(df[c]):
            r = df[c].rank(method="average")
            refs[f"ref_{c}"] = (r - 1) / (len(df) - 1) if len(df) > 1 else 0.5
    return pd.concat([df, pd.DataFrame(refs, index=df.index)], axis=1)


def toy_dict(weights=(0.25, 0.25, 0.25, 0.25)) -> dict:
    """One indicator per heading, no qualitative items, no long-list filter to speak of."""
    def ind(i, col, transform="none", direction="benefit"):
        return {"id": i, "column": col, "direction": direction, "transform": transform, "weight": 1.0,
                "reference": "candidates"}

    return {
        "version": "toy-1",
        "headings": {
            "ekonomik_etki": {"weight": weights[0], "indicators": [ind("ee_insured", "insured", "log")]},
            "talep": {"weight": weights[1], "indicators": [ind("ta_mix", "industry_mix")]},
            "ag_olusturma_ve_isbirligi": {"weight": weights[2], "indicators": [ind("ag_rd", "relatedness_density")]},
            "faktor_kosullari": {"weight": weights[3], "indicators": [ind("fk_lq2", "lq_nuts2")]},
        },
        "longlist": {"sections": ["C"], "min_workplaces": 0, "min_insured": 0},
        "robustness": {"n": 300, "seed": 7, "top_k": 3},
    }


def write_yml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
