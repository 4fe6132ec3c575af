"""Hand-made dataset directories for tests and benchmarks (not installed with the product).

A test or benchmark that needs a dataset without running a build writes its own desa frame;
:func:`write_levels` then writes ``desa.parquet`` and the rolled-up kecamatan / kabupaten /
provinsi files the way the build does (counts summed, rates recomputed).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from layers.boundaries import dissolve_levels
from layers.indicators import COUNTS
from layers.indicators.aggregate import add_rates, roll_up

#: code column of each rolled-up level
LEVEL_KEYS = {"kecamatan": "kode_kec", "kabupaten": "kode_kab", "provinsi": "kode_prov"}


def write_levels(full: gpd.GeoDataFrame, desa: gpd.GeoDataFrame, out: Path) -> None:
    """Write ``full`` (desa with indicator columns) as ``desa.parquet`` and its roll-ups.

    ``desa`` holds the canonical boundary columns (for dissolving the levels).
    """
    out.mkdir(parents=True, exist_ok=True)
    full.to_parquet(out / "desa.parquet", index=False)
    for level, geo in dissolve_levels(desa).items():
        summed = roll_up(pd.DataFrame(full), level, count_columns=list(COUNTS),
                         coverage_columns={"desa_berdata": "kk_terdaftar"})
        base = geo.set_index(LEVEL_KEYS[level])
        names = [c for c in base.columns if c.startswith(("kode_", "nama_"))]
        frame = add_rates(base[names + ["luas_km2"]].join(summed)).join(base[["geometry"]])
        gpd.GeoDataFrame(frame.reset_index(), geometry="geometry", crs="EPSG:4326").to_parquet(
            out / f"{level}.parquet", index=False)
