"""Kecamatan, kabupaten and provinsi polygons dissolved from the desa; the gazetteer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.settings import DEFAULT, Settings


def dissolve_levels(desa, *, settings: Settings = DEFAULT) -> dict:
    """Kecamatan, kabupaten and provinsi polygons dissolved from the desa.

    Parameters
    ----------
    desa
        :attr:`BoundaryResult.desa` (canonical columns, EPSG:4326).

    Returns
    -------
    dict
        ``kecamatan``, ``kabupaten``, ``provinsi``: GeoDataFrames in EPSG:4326 sorted by code,
        columns ``kode_<lvl>, nama_<lvl>, <parent codes and names>, jumlah_desa, luas_km2,
        geometry``. Groups that form a valid coverage are merged with
        ``shapely.coverage_union_all``, others with ``shapely.union_all``.
    """
    import geopandas as gpd

    levels = (("kecamatan", "kec", ["kab", "prov"]), ("kabupaten", "kab", ["prov"]),
              ("provinsi", "prov", []))
    frame = pd.DataFrame(desa.drop(columns=desa.geometry.name))
    geoms = np.asarray(desa.geometry.array, dtype=object)
    counts = np.ones(len(frame), dtype=np.int64)
    out = {}
    for level, key, parents in levels:
        codes = frame[f"kode_{key}"].to_numpy(dtype=object)
        uniq, inverse = np.unique(codes.astype(str), return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
        merged = np.empty(len(uniq), dtype=object)
        for g in range(len(uniq)):
            merged[g] = _dissolve(geoms[order[bounds[g]:bounds[g + 1]]])
        cols = [f"kode_{key}", f"nama_{key}"]
        for p in parents:
            cols += [f"kode_{p}", f"nama_{p}"]
        attrs = frame[cols].groupby(f"kode_{key}", sort=True).first()
        level_frame = attrs.reset_index()
        level_frame["jumlah_desa"] = np.bincount(inverse, weights=counts).astype(np.int64)
        gdf = gpd.GeoDataFrame(level_frame, geometry=list(merged), crs="EPSG:4326")
        gdf["luas_km2"] = area_km2(equal_area(gdf.geometry, settings))
        gdf = gdf[cols + ["jumlah_desa", "luas_km2", "geometry"]]
        for c in cols:
            gdf[c] = gdf[c].astype("string")
        out[level] = gdf
        # the next level up is dissolved from this one (fewer, already merged polygons)
        frame = pd.DataFrame(level_frame[cols])
        geoms = merged
        counts = level_frame["jumlah_desa"].to_numpy()
    return out


def gazetteer(desa) -> pd.DataFrame:
    """The desa frame without geometry: the lookup table name matching works on."""
    return pd.DataFrame(desa.drop(columns=desa.geometry.name)).reset_index(drop=True)


def _dissolve(geoms: np.ndarray):
    """Union of one group: coverage union when the group is a valid coverage."""
    import shapely

    if len(geoms) == 1:
        return geoms[0]
    if shapely.coverage_is_valid(geoms):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


def equal_area(geoseries, settings: Settings) -> np.ndarray:
    """The geometries in ``settings.area_crs`` (metres), as an array of shapely geometries."""
    return np.asarray(geoseries.to_crs(settings.area_crs).array, dtype=object)


def area_km2(ea: np.ndarray) -> np.ndarray:
    """Areas in km² (rounded to 4 decimals) of geometries in an equal-area CRS."""
    import shapely

    return np.round(shapely.area(ea) / 1e6, 4)
