"""Indicators: the catalogue, how households become desa counts, and the desa-level inputs.

The package re-exports the catalogue only (:mod:`layers.indicators.catalogue`), so
``from layers.indicators import CATALOGUE`` stays short. The other concerns are submodules,
imported by their own path:

* :mod:`layers.indicators.aggregate`: households to desa counts, rates, roll-up;
* :mod:`layers.indicators.housing`: the housing deprivation table and items;
* :mod:`layers.indicators.placement`: reading per-desa tables and placing their rows on desa;
* :mod:`layers.indicators.population`: the population table (denominators);
* :mod:`layers.indicators.reference`: IDM and user tables of numbers (``--extra``);
* :mod:`layers.indicators.geotag`: geotagged points to desa;
* :mod:`layers.indicators.extras`: all desa-level inputs of a build in one frame.
"""

from layers.indicators.catalogue import (
    BY_NAME, CATALOGUE, COUNTS, GLOBAL_COLUMNS, GLOBAL_INDICATORS, IDM_STATUS, IDM_THRESHOLDS,
    NEEDS_TOTAL, RATES, REGISTER_LABEL, REGISTER_OF_LAYOUT, Indicator, meta_entry,
    unavailable_reason,
)

__all__ = [
    "BY_NAME", "CATALOGUE", "COUNTS", "GLOBAL_COLUMNS", "GLOBAL_INDICATORS", "IDM_STATUS",
    "IDM_THRESHOLDS", "NEEDS_TOTAL", "RATES", "REGISTER_LABEL", "REGISTER_OF_LAYOUT", "Indicator",
    "meta_entry", "unavailable_reason",
]
