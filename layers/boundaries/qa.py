"""Geometry QA of the desa polygons: repairs, duplicate codes, overlaps and gaps.

When the desa form a valid polygon coverage (shared edges identical, as in the cleaned
reference files) there can be no overlap and the union is a cheap coverage union, so a whole
province is checked in about a second. Overlaps and gaps are measured in equal-area
coordinates (metres).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.settings import Settings


def clean_geometry(frame):
    """Repair invalid polygons, keep polygonal parts, drop empty rows (reported)."""
    import shapely

    geoms = shapely.force_2d(np.asarray(frame.geometry.array, dtype=object))
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    invalid = present & ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        geoms[invalid] = shapely.make_valid(geoms[invalid], method="structure",
                                            keep_collapsed=False)
    type_ids = shapely.get_type_id(geoms)
    odd = present & ~np.isin(type_ids, (3, 6))           # not Polygon / MultiPolygon
    for i in np.flatnonzero(odd):
        geoms[i] = _polygonal(geoms[i])
    usable = present & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    dropped = [{"kode_desa": str(frame["kode_desa"].iloc[i]),
                "nama_desa": None if pd.isna(frame["nama_desa"].iloc[i])
                else str(frame["nama_desa"].iloc[i])}
               for i in np.flatnonzero(~usable)]
    frame = frame.set_geometry(geoms)
    return frame[usable].reset_index(drop=True), repaired, dropped


def _polygonal(geom):
    """Only the polygons of a geometry (collections flattened); None when there are none."""
    import shapely

    polys = []
    stack = [geom]
    while stack:
        g = stack.pop()
        t = shapely.get_type_id(g)
        if t == 3 and not g.is_empty:
            polys.append(g)
        elif t in (6, 7):
            stack.extend(shapely.get_parts(g).tolist())
    if not polys:
        return None
    if len(polys) == 1:
        return polys[0]
    return shapely.union_all(polys)


def merge_duplicates(frame):
    """One row per code: parts split over rows are united; differing names are reported."""
    import shapely

    codes = frame["kode_desa"]
    dup = codes.duplicated(keep=False).to_numpy()
    if not dup.any():
        return frame, [], []
    geoms = np.asarray(frame.geometry.array, dtype=object).copy()
    merged, duplicates = [], []
    drop = np.zeros(len(frame), dtype=bool)
    positions = pd.Series(np.arange(len(frame)))[dup].groupby(codes[dup].to_numpy(), sort=True)
    for kode, pos in positions:
        idx = pos.to_numpy()
        first = idx[0]
        names = [n for n in frame["nama_desa"].iloc[idx].tolist() if not pd.isna(n)]
        distinct = list(dict.fromkeys(names))
        folded = {" ".join(str(n).upper().split()) for n in distinct}
        entry = {"kode_desa": str(kode), "jumlah_baris": int(len(idx))}
        if len(folded) > 1:
            duplicates.append({**entry, "nama": [str(n) for n in distinct]})
        else:
            merged.append({**entry, "nama_desa": str(distinct[0]) if distinct else None})
        geoms[first] = shapely.union_all(geoms[idx])
        bps = [b for b in frame["kode_desa_bps"].iloc[idx].tolist() if not pd.isna(b)]
        bps = list(dict.fromkeys(p for b in bps for p in str(b).split(";")))
        frame.iloc[first, frame.columns.get_loc("kode_desa_bps")] = ";".join(bps) if bps \
            else pd.NA
        drop[idx[1:]] = True
    frame = frame.set_geometry(geoms)
    return frame[~drop].reset_index(drop=True), merged, duplicates


def geometry_qa(ea: np.ndarray, codes: np.ndarray, settings: Settings):
    """Overlaps, gaps and whether the desa form a valid coverage.

    Polygons whose edges all match their neighbours cannot overlap anything but a polygon
    with unmatched edges, so only the latter are checked pair by pair, and the former are
    merged with the cheap coverage union.
    """
    import shapely

    bad = ~shapely.is_empty(shapely.coverage_invalid_edges(ea))
    if not bad.any():                       # a valid coverage has no overlaps by definition
        return [], _gaps(shapely.coverage_union_all(ea), settings), True
    overlaps = _overlaps(ea, codes, np.flatnonzero(bad), settings)
    return overlaps, _gaps(_union_with_suspects(ea, bad), settings), False


def _union_with_suspects(ea: np.ndarray, bad: np.ndarray):
    """Union of all desa: coverage union of the matched ones, then a full union only where
    the unmatched ones touch it (a whole-country overlay for five odd polygons is slow)."""
    import shapely

    if bad.all():
        return shapely.union_all(ea)
    parts = shapely.get_parts(shapely.coverage_union_all(ea[~bad]))
    touched = np.unique(shapely.STRtree(parts).query(ea[bad], predicate="intersects")[1])
    untouched = np.delete(parts, touched)
    merged = shapely.get_parts(shapely.union_all(np.concatenate([parts[touched], ea[bad]])))
    return shapely.multipolygons(np.concatenate([untouched, merged]))


def _overlaps(ea: np.ndarray, codes: np.ndarray, suspects: np.ndarray,
              settings: Settings) -> list[dict]:
    """Pairs whose interiors share more than ``overlap_min_km2``; one side is a suspect."""
    import shapely

    tree = shapely.STRtree(ea)
    hit, other = tree.query(ea[suspects], predicate="intersects")
    pairs = np.stack([suspects[hit], other], axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    if len(pairs) == 0:
        return []
    left, right = pairs[:, 0], pairs[:, 1]
    inner = shapely.relate_pattern(ea[left], ea[right], "2********")
    left, right = left[inner], right[inner]
    if len(left) == 0:
        return []
    try:
        km2 = shapely.area(shapely.intersection(ea[left], ea[right])) / 1e6
    except shapely.errors.GEOSException:
        km2 = np.array([_safe_intersection_area(ea[a], ea[b]) for a, b in zip(left, right)])
    found = [{"kode_a": str(codes[a]), "kode_b": str(codes[b]), "km2": round(float(k), 4)}
             for a, b, k in zip(left, right, km2) if k > settings.overlap_min_km2]
    return sorted(found, key=lambda o: (-o["km2"], o["kode_a"], o["kode_b"]))


def _safe_intersection_area(a, b) -> float:
    import shapely

    try:
        return float(shapely.area(shapely.intersection(a, b))) / 1e6
    except shapely.errors.GEOSException:
        return float(shapely.area(shapely.intersection(a, b, grid_size=1.0))) / 1e6


def _gaps(union, settings: Settings) -> list[dict]:
    """Holes of the union larger than ``gap_min_km2``, each with a point inside it."""
    import pyproj
    import shapely

    polys = shapely.get_parts(union)
    polys = polys[shapely.get_type_id(polys) == 3]
    if len(polys) == 0:
        return []
    rings, owner = shapely.get_rings(polys, return_index=True)
    exterior = np.r_[True, owner[1:] != owner[:-1]]
    holes = shapely.polygons(rings[~exterior])
    if len(holes) == 0:
        return []
    big = holes[shapely.area(holes) / 1e6 > settings.gap_min_km2]
    if len(big) == 0:
        return []
    tree = shapely.STRtree(polys)
    hole_idx, part_idx = tree.query(big, predicate="contains_properly")
    gaps = []
    for h, hole in enumerate(big):
        islands = polys[part_idx[hole_idx == h]]
        gap = shapely.difference(hole, shapely.union_all(islands)) if len(islands) else hole
        km2 = float(shapely.area(gap)) / 1e6
        if km2 > settings.gap_min_km2:
            gaps.append((km2, shapely.point_on_surface(gap)))
    if not gaps:
        return []
    to_wgs = pyproj.Transformer.from_crs(settings.area_crs, "EPSG:4326", always_xy=True)
    xs = np.array([p.x for _, p in gaps])
    ys = np.array([p.y for _, p in gaps])
    lon, lat = to_wgs.transform(xs, ys)
    out = [{"km2": round(k, 4), "lon": round(float(x), 6), "lat": round(float(y), 6)}
           for (k, _), x, y in zip(gaps, lon, lat)]
    return sorted(out, key=lambda g: (-g["km2"], g["lon"], g["lat"]))
