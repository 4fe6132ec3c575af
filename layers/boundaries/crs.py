"""The coordinate reference system of a boundary file: required, checked, made EPSG:4326."""

from __future__ import annotations

from typing import Any

import numpy as np

from layers.errors import BoundaryError


def to_wgs84(raw, crs: Any, file: str):
    """The frame in EPSG:4326 and the input CRS as text; refuses missing or mislabelled CRS."""
    if crs is not None:
        try:
            raw = raw.set_crs(crs, allow_override=True)
        except Exception as exc:
            raise BoundaryError(f"CRS {crs!r} tidak dikenali ({exc})",
                                f"CRS {crs!r} not recognised ({exc})", file=file) from None
    if raw.crs is None:
        raise BoundaryError(
            "berkas batas tidak punya sistem koordinat (CRS); sebutkan dengan crs=, "
            "mis. EPSG:4326 atau EPSG:32749 (UTM 49S)",
            "the boundary file has no coordinate reference system (CRS); give one with crs=, "
            "e.g. EPSG:4326 or EPSG:32749 (UTM 49S)", file=file)
    src = raw.crs
    crs_in = src.to_string()
    bounds = _bounds(raw)
    if bounds is not None:
        xmin, ymin, xmax, ymax = bounds
        inside = xmin >= -180.0001 and xmax <= 180.0001 and ymin >= -90.0001 and ymax <= 90.0001
        if src.is_geographic and not inside:
            raise BoundaryError(
                f"CRS berkas {crs_in} berupa derajat, tetapi koordinatnya di luar ±180/±90 "
                f"(tampaknya meter dari CRS terproyeksi); sebutkan CRS yang benar dengan crs=",
                f"the file's CRS {crs_in} is in degrees but its coordinates are outside "
                f"±180/±90 (they look like metres of a projected CRS); give the right CRS "
                f"with crs=", file=file)
        if src.is_projected and inside:
            raise BoundaryError(
                f"CRS berkas {crs_in} terproyeksi (meter), tetapi koordinatnya tampak derajat; "
                f"sebutkan crs=EPSG:4326 bila koordinat bujur/lintang",
                f"the file's CRS {crs_in} is projected (metres) but its coordinates look like "
                f"degrees; give crs=EPSG:4326 if they are longitude/latitude", file=file)
    if src.to_epsg() != 4326:
        try:
            raw = raw.to_crs("EPSG:4326")
        except Exception as exc:
            raise BoundaryError(f"tidak bisa mengubah {crs_in} ke EPSG:4326 ({exc})",
                                f"cannot transform {crs_in} to EPSG:4326 ({exc})",
                                file=file) from None
    return raw, crs_in


def _bounds(gdf) -> tuple[float, float, float, float] | None:
    b = gdf.geometry.total_bounds
    if len(gdf) == 0 or not np.all(np.isfinite(b)):
        return None
    return tuple(float(v) for v in b)
