"""Composite priority ranking of desa: the list a planner can defend in a meeting.

The same ranking comes from the dashboard, this Python API and ``python -m layers rank``: every
one of them builds a :class:`RankSpec` and calls :func:`rank_desa`. The method (indicators,
weights, normalisation, direction, tie rule, tier rule) travels with the result in
``RankResult.method`` so that every output can print it. ``docs/ranking.md`` states the rules.

Modules
-------
spec        RankSpec, RankResult, the allowed option values, weights as text
columns     a column's base name, register, label, unit, kind and default direction
defaults    the documented default indicators, resolved against what a dataset has
core        rank_desa (skor, peringkat, prioritas, contributions) and explain
method      the rules in words, ``RankResult.method``, reasons a desa is left out as sentences
breaks      natural breaks (Fisher-Jenks), shared with the dashboard's map classes
area        the area code a ranking is computed within
tables      exclusion and inclusion lists per register

Public API
----------
RankSpec            what to rank by: weights, normalisation, directions, area, kelurahan switch,
                    IDM filter, tier rule
RankResult          the ranked table, its method, spec and indicators
default_spec        the documented default indicators, resolved against what a dataset has
parse_weights       ``"a=2,b=1"`` -> ``{"a": 2.0, "b": 1.0}``, names checked against the dataset
format_weights      the inverse (for URLs)
rank_desa           desa frame + spec -> :class:`RankResult` (skor, peringkat, prioritas,
                    contributions, reasons for every desa left out)
explain             the contribution of each indicator to one desa's skor ("why this desa")
reason_text         a readable sentence for an ``alasan_kosong`` value
exclusion_table     desa by exclusion count and rate, with the programmes each count is based on
inclusion_table     desa by possible inclusion errors, with programmes and criterion
natural_breaks      Fisher-Jenks class bounds (exact; sampled above JENKS_SAMPLE values)

The ranked CSV / XLSX files are written by :mod:`layers.export`; the command line
(``python -m layers rank``, ``run_rank``) lives in :mod:`layers.cli.rank`.
"""

from layers.ranking.breaks import JENKS_SAMPLE, natural_breaks
from layers.ranking.columns import default_direction, indicator_columns, indicator_info
from layers.ranking.core import explain, rank_desa
from layers.ranking.defaults import default_spec
from layers.ranking.method import reason_text
from layers.ranking.spec import (DIRECTIONS, IDM_STATUS, NORMALISATIONS, REASON_EMPTY,
                                 REASON_IDM, REASON_KELURAHAN, TIER_RULES, RankResult, RankSpec,
                                 format_weights, parse_weights)
from layers.ranking.tables import exclusion_table, inclusion_table

__all__ = [
    "DIRECTIONS", "IDM_STATUS", "JENKS_SAMPLE", "NORMALISATIONS", "REASON_EMPTY", "REASON_IDM",
    "REASON_KELURAHAN", "TIER_RULES", "RankResult", "RankSpec", "default_direction",
    "default_spec", "exclusion_table", "explain", "format_weights", "inclusion_table",
    "indicator_columns", "indicator_info", "natural_breaks", "parse_weights", "rank_desa",
    "reason_text",
]
