"""Follow-up of a past selection (notebook ``04_follow_up``, ``reports --follow-up FILE``).

A province chose sectors for cluster support in some year. This package answers two questions on
the workbook's own data, in four parts:

1. *What the data said then* (:mod:`.then`): notebook 03's criteria evaluation, called through
   the same public functions, on the figures available in the selection year (the year before:
   :func:`data_year`); where each chosen sector ranked, its heading scores and which headings
   carried it.
2. *What happened next* (:mod:`.after`): exports, shares, RCA, rank, growth against the sector in
   Türkiye and the province's other sectors, a shift-share of the change, selection year → end year.
3. *A comparison a sceptic accepts* (:mod:`.peers`): the same sectors in the provinces whose export
   structure was most similar in the selection year (Krugman dissimilarity).
4. Known shocks inside the window, named and marked on the charts.

It is descriptive, not a causal estimate. Chosen sectors are given in any spelling
(:func:`resolve_sectors`); the runner's entries file is read by :mod:`.entries`.
"""

from __future__ import annotations

from .after import Trajectory, data_years, trajectory
from .similar import DEFAULT_PEERS, comparison, peer_growth, peers
from .sectors import SectorError, resolve_sector, resolve_sectors, sector_codes, suggest
from .then import DEFAULT_DATA_LAG, EvaluationThen, data_year, evaluation_then, then_reading, then_table
from .figures import exports_figure, peer_figures, rank_figure, rca_figure
from .views import (KINDS, FollowUp, build, growth_reading, growth_view, headers, intro, next_reading, peer_growth_view,
                    peers_reading, peers_rule, peers_view, sector_label, series, shocks_reading, subtitle,
                    summary_record, then_text, then_view, title, yearly_view)

__all__ = ["DEFAULT_DATA_LAG", "DEFAULT_PEERS", "EvaluationThen", "FollowUp", "SectorError", "Trajectory", "build",
           "comparison", "data_year", "data_years", "evaluation_then", "exports_figure", "growth_reading",
           "growth_view", "headers", "KINDS", "intro", "next_reading", "peer_figures", "peer_growth", "peer_growth_view",
           "peers", "peers_reading", "peers_rule", "peers_view", "rank_figure", "rca_figure", "resolve_sector",
           "resolve_sectors", "sector_codes", "sector_label", "series", "shocks_reading", "subtitle", "suggest",
           "summary_record", "then_reading", "then_table", "then_text", "title", "trajectory", "yearly_view"]
