"""Matching input areas (names and codes as written) to the gazetteer of the boundary file.

Modules
-------
names      cleaned text, name keys, kinds and fuzzy scores (how two names are compared)
gazetteer  the boundary gazetteer indexed per level for lookups
mapping    the mapping CSV of name decisions pinned by a human
report     the match report and its review list
resolve    the hierarchical resolver (:func:`resolve_areas`), order of decisions
twins      bare kabupaten names a Kabupaten and a Kota share, decided by the names beneath
bridge     BPS -> Kemendagri desa codes (boundary file's BPS column or a crosswalk)
"""

from layers.codes import compact, differ_by_qualifier, fold_name, parse_name
from layers.matching.mapping import MAPPING_COLUMNS, NOT_IN_AREA, read_mapping, write_mapping
from layers.matching.names import clean_text, compatible_kind, fuzzy_scores, name_key
from layers.matching.report import METHODS, REPORT_COLUMNS, REVIEW_METHODS
from layers.matching.resolve import MatchResult, resolve_areas

__all__ = [
    "MAPPING_COLUMNS", "METHODS", "NOT_IN_AREA", "REPORT_COLUMNS", "REVIEW_METHODS",
    "MatchResult", "clean_text", "compact", "compatible_kind", "differ_by_qualifier",
    "fold_name", "fuzzy_scores", "name_key", "parse_name", "read_mapping", "resolve_areas",
    "write_mapping",
]
