"""BPS desa codes -> Kemendagri desa codes, through a table that says so (never by digits).

Modules
-------
crosswalk  the bridge: the boundary file's BPS column or a crosswalk file (:class:`Bridge`)
resolve    DTSEN areas by BPS code through the bridge, names as fallback (:func:`resolve_bps`)
"""

from layers.matching.bridge.crosswalk import (BPS_COLUMNS, CASE_COLUMNS, CASE_MERGED, CASE_SPLIT,
                                              KEMENDAGRI_COLUMNS, Bridge, clean_bps,
                                              from_gazetteer, load_bridge, read_crosswalk)
from layers.matching.bridge.resolve import BPS_STATUS, METHOD, BpsMatch, resolve_bps

__all__ = [
    "BPS_COLUMNS", "BPS_STATUS", "CASE_COLUMNS", "CASE_MERGED", "CASE_SPLIT",
    "KEMENDAGRI_COLUMNS", "METHOD", "Bridge", "BpsMatch", "clean_bps", "from_gazetteer",
    "load_bridge", "read_crosswalk", "resolve_bps",
]
