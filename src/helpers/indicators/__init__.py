"""Regional-economics indicators on tidy long tables (region × industry [× time]).

Every function takes a tidy DataFrame and the column roles as keywords with the workbook's
defaults (``region="plate"``, ``industry="nace_division"``, ``time="year"``,
``value="insured"``), computes over all regions at once with numpy, and returns a tidy DataFrame.
Missing cells stay missing; every data decision is announced with an :class:`IndicatorWarning`.
Methods, formulas, references and convention choices: ``docs/indicators.md``.
"""

from ._frame import IndicatorWarning
from .clusters import strong_clusters, three_star
from .complexity import complexity
from .firms import firm_size
from .growth import growth
from .neighbourhood import group_lq, related_variety
from .inequality import gini, herfindahl, hoover_index, krugman_index, locational_gini
from .relatedness import relatedness, relatedness_density
from .shift_share import shift_share
from .specialisation import location_quotient, shares, single_region_groups, specialisation

__all__ = [
    "IndicatorWarning",
    "shares",
    "location_quotient",
    "specialisation",
    "single_region_groups",
    "growth",
    "shift_share",
    "krugman_index",
    "hoover_index",
    "herfindahl",
    "gini",
    "locational_gini",
    "firm_size",
    "relatedness",
    "relatedness_density",
    "complexity",
    "group_lq",
    "related_variety",
    "strong_clusters",
    "three_star",
]
