"""Explanations of an evaluation: one generated sentence per shortlisted sector."""

from __future__ import annotations

import pandas as pd

from .score import EvaluationResult, apply_transform


def _ordinal(n: int, lang: str = "en") -> str:
    """``3rd`` / ``3.``: :func:`helpers.text.ordinal` (kept under this name for callers)."""
    from helpers.text import ordinal
    return ordinal(n, lang)


def _join(items: list[str], lang: str = "en") -> str:
    from helpers.text import t
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t('evaluation.explain.and', lang)} " + items[-1]


def explain(result: EvaluationResult, top_k: int = 5, lang: str = "tr") -> pd.Series:
    """One generated sentence per sector ranked <= ``top_k``, in ``lang`` (catalogue keys
    ``evaluation.explain.*``; the rank written with :func:`helpers.text.ordinal`).

    A heading *carries* a sector if the sector's heading score is above the average of the
    evaluated sectors; the (at most two) headings with the largest weighted margin
    :math:`W_h (s_{ih} - \\bar s_h)` are named. A heading is *weak* if the sector is in the bottom
    third of the evaluated sectors on it (percentile rank < 1/3).

    Returns
    -------
    Series indexed by ``nace_division`` (name ``"explanation"``), e.g.
    ``"Ranks 2nd of 14 mainly on Ağ Oluşturma ve İşbirliği (networking and cooperation) and
    Faktör Koşulları (factor conditions); weak on Talep (demand)."`` (``lang="en"``); in Turkish the
    headings are named by their Turkish labels only.
    """
    from helpers import text as _text
    lang = _text.check_language(lang)
    t = result.table
    m = len(t)
    cfg = result.config
    if m == 0:  # nothing evaluated: nothing to explain
        return pd.Series({}, name="explanation", dtype=object).rename_axis(cfg.key)
    hw = result.heading_weights
    keys = [h for h in hw.index if hw[h] > 0]
    scores = {h: t[f"score_{h}"].to_numpy(dtype=float) for h in keys}
    pct = {h: apply_transform(scores[h], "percentile_rank") for h in keys}
    means = {h: scores[h].mean() for h in keys}
    out = {}
    for i, row in t.iterrows():
        if row["rank"] > top_k:
            continue
        margin = {h: hw[h] * (scores[h][i] - means[h]) for h in keys}
        carry = sorted((h for h in keys if margin[h] > 1e-12), key=lambda h: -margin[h])[:2]
        weak = [h for h in keys if m >= 3 and pct[h][i] < 1 / 3 and h not in carry]
        label = {h: cfg.heading(h).label if lang == "en" else cfg.heading(h).label_tr for h in keys}
        rank, n = _text.ordinal(int(row["rank"]), lang), _text.count(m, lang)
        if carry:
            head = _text.t("evaluation.explain.carried", lang, rank=rank, n=n,
                           headings=_join([label[h] for h in carry], lang))
        else:
            head = _text.t("evaluation.explain.uncarried", lang, rank=rank, n=n)
        out[row[cfg.key]] = (_text.plural("evaluation.explain.weak", len(weak), lang, head=head,
                                           headings=_join([label[h] for h in weak], lang))
                             if weak else _text.t("evaluation.explain.no_weak", lang, head=head))
    return pd.Series(out, name="explanation", dtype=object).rename_axis(cfg.key)
