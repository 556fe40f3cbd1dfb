"""Criteria evaluation of candidate cluster sectors in one province.

The criteria (four headings, quantitative indicators, qualitative stakeholder items, weights,
long-list rule, robustness settings) live in ``config/criteria.yml``; :func:`load_criteria`
reads and validates them into a :class:`CriteriaConfig`. The numbers come from a *sector table*.

Sector table (the input of :func:`longlist`, :func:`evaluate`, :func:`robustness`)
----------------------------------------------------------------------------------
One row per ``(plate, nace_division)`` for **one province and one year**; checked by
:data:`SECTOR_TABLE_SCHEMA` (pandera) restricted to the columns the criteria file uses.

=========================  ====================================================================
column                     meaning (unit)
=========================  ====================================================================
``plate``                  province plate code, int 1-81 (one value per table)
``nace_division``          NACE Rev.2 division, two-digit string ``"10"``, ``"03"`` (ints are
                           accepted and zero-padded)
``year`` (optional)        reference year, int
``province`` (optional)    province name
``nace_label`` (optional)  division name, used in sheets and explanations
``insured``                SGK insured employees (4a) in the division, >= 0
``workplaces``             SGK workplaces in the division, >= 0
``lq``                     location quotient vs Türkiye (e_ij/e_j)/(e_i/e), >= 0
``manuf_share``            division's share of the province's manufacturing employment, [0, 1]
``growth``                 employment growth rate over the period, e_t/e_t0 - 1, >= -1
``industry_mix``           shift-share industry mix as a rate: national growth of the division
                           minus national total growth, g_i - g
``competitive``            shift-share competitive share as a rate: g_ij - g_i
``exports_usd`` (optional) exports of the division's products from the province, USD, >= 0
``insured_per_workplace``  insured / workplaces (average firm size), >= 0
``relatedness_density``    relatedness density of the division in the province, >= 0
                           (EconGeo percent or a 0-1 share; only the order/affine scale matters)
``labour_pool``            insured in the division in the rest of the NUTS-2 region (the
                           province excluded), >= 0
``universities``           universities in the province (or NUTS-2 region) with programmes
                           relevant to the division (count), >= 0. A plain province-wide count
                           is the same for every sector: the shipped file gives it no weight
``lq_nuts2``               location quotient of the division in the NUTS-2 region, >= 0
``related_variety``        of the 5 divisions most related to this one, how many the province
                           has LQ >= 1 in (0-5)
``lq_neighbours``          LQ of the division in the bordering provinces together, >= 0
``lq_rest_region``         LQ of the division in the rest of the NUTS-2 region (province excluded)
``ref_<column>``           the percentile of the province's value among the 81 provinces for the
                           same division and year, [0, 1] -- read by criteria whose utility
                           ``reference`` is ``provinces`` (built by :func:`helpers.sectors.criteria_frame`)
``flags`` (optional)       plausibility flag codes of the sector, ``", "``-joined ("" = none)
=========================  ====================================================================

Utilities (criteria 2.0): each indicator names its ``reference`` -- ``provinces`` (the
precomputed percentile ``ref_<column>``), ``fixed`` (a documented ``range``) or ``candidates``
(min-max over the sectors evaluated, for comparison only) -- so that, with the first two, a
sector's utility never depends on which other sectors are evaluated.

Indicator columns may hold NaN only if ``missing_values: median`` is set in the criteria file
(the utility is then the reference's midpoint, 0.5, and a note lists the cells).

Exports basis
-------------
The same engine scores the sector table of the exports basis (:mod:`helpers.basis`): one row per
``(plate, sector)``, ``sector`` a harmonised TİM code ``"T01"`` …, label ``sector_label``, size
``export_usd``, with the columns of :data:`EXPORT_TABLE_SCHEMA` (``rca``, ``export_share``,
``growth``, ``industry_mix``, ``competitive``, ``relatedness_density``, ``pci``, ``nuts2_export``,
``rca_nuts2``, ``universities``). ``load_criteria(path, basis="exports")`` returns the criteria
of the file's ``exports:`` block; ``config.basis`` / ``config.key`` then name the basis and the
key column every result table (evaluation, robustness, method agreement, explanations) is keyed
by. :data:`BASES` lists the values of notebook 03's ``basis`` parameter.

Pipeline
--------
``longlist(table, cfg)`` -> ``evaluate(kept, cfg, method=...)`` -> stakeholder sheets
(:mod:`helpers.stakeholders`) -> ``evaluate(kept_short, cfg, qualitative=...)``;
``robustness``, ``method_agreement``, ``size_rank_correlation`` and ``explain`` describe how
firm a ranking is. Formulas and reasons: ``docs/methods.md``.

Modules
-------
:mod:`.config` (the validated criteria and :class:`CriteriaConfigError`), :mod:`.loader` (read +
validate the YAML: :func:`load_criteria`, the single validating entry point), :mod:`.rules` (the
long-list presence floors), :mod:`.table` (the sector table, its schema and the long list), :mod:`.score` (transforms, methods via :mod:`helpers.mcda`,
:func:`evaluate`, :func:`explain`), :mod:`.robustness` (Monte-Carlo, method agreement). Everything
public is re-exported here: ``from helpers import criteria; criteria.evaluate(...)``.
"""

from helpers.basis import BASES

from .config import (DIRECTIONS, HEADINGS, METHODS, MISSING_POLICIES, REFERENCES, SCHEMES, TRANSFORMS, AHPBlock,
                     CriteriaConfig, CriteriaConfigError, Heading, Indicator, QualitativeItem, RobustnessSettings)
from .loader import BASES_SCORED, criteria_from_dict, load_criteria
from .rules import FLOOR_RANGES, NACE_SECTIONS, ExportLonglistRule, LonglistRule
from .robustness import MethodAgreement, RobustnessResult, method_agreement, robustness
from .explain import _ordinal, explain  # noqa: F401
from .score import EvaluationResult, apply_transform, evaluate, reference_utility, size_rank_correlation
from . import diagnostics, workings  # noqa: E402  (the workings shown in reports; criteria correlations)
from .scenarios import ScenarioResult, scenarios
from .table import EXPORT_TABLE_SCHEMA, KEY_COLUMNS, SECTOR_TABLE_SCHEMA, Longlist, longlist, validate_sector_table

__all__ = [
    "BASES",
    "BASES_SCORED",
    "EXPORT_TABLE_SCHEMA",
    "FLOOR_RANGES",
    "REFERENCES",
    "ExportLonglistRule",
    "HEADINGS",
    "METHODS",
    "SECTOR_TABLE_SCHEMA",
    "TRANSFORMS",
    "AHPBlock",
    "CriteriaConfig",
    "CriteriaConfigError",
    "EvaluationResult",
    "Heading",
    "Indicator",
    "Longlist",
    "LonglistRule",
    "MethodAgreement",
    "QualitativeItem",
    "RobustnessResult",
    "RobustnessSettings",
    "ScenarioResult",
    "apply_transform",
    "reference_utility",
    "criteria_from_dict",
    "evaluate",
    "explain",
    "load_criteria",
    "longlist",
    "method_agreement",
    "robustness",
    "scenarios",
    "size_rank_correlation",
    "validate_sector_table",
]
