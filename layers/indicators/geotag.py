"""Geotagged households: points joined to desa by point-in-polygon, coordinates then dropped.

Coordinates come from latitude/longitude columns of any table (CSV, XLSX ...; a single
``koordinat`` column holding ``lat, lon`` as Google Maps copies it is accepted too) or from a
point layer (GeoJSON, GeoPackage, zipped Shapefile, GeoParquet). Each point is checked and
joined to the desa polygons of the boundary file (``geopandas.sjoin``):

* ``ok``: inside a desa;
* ``tertukar``: latitude and longitude were swapped (the point as written is outside
  Indonesia, swapped it falls inside a desa); it is placed in that desa (unless
  ``fix_swapped=False``) and listed;
* ``di_luar_desa``: inside Indonesia's bounding box but in no desa of the boundary file (the
  sea, a lake, another kabupaten);
* ``di_luar_indonesia``: outside Indonesia's bounding box (95..141.1 E, -11.1..6.1 N), e.g.
  ``0, 0`` or a value typed without its decimal point;
* ``tidak_sah``: unreadable coordinates; ``kosong``: no coordinates.

A coordinate locates a family's house: it is dropped right after the join and never stored,
drawn, exported, logged or quoted in a message or report. What comes back is the desa code per
point, the status, and only the columns asked for with ``keep`` (personal columns are refused).
Layouts: docs/inputs.md ("Geotagged households").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.indicators.placement import looks_personal
from layers.settings import DEFAULT, Settings
from layers.io import (HeaderNotFoundError, expand_inputs, iter_table, normalize_header,
                            parse_number)

__all__ = [
    "INDONESIA_BBOX", "LAT_COLUMNS", "LON_COLUMNS", "PAIR_COLUMNS", "STATUS", "GeotagResult",
    "assign_points", "geotag",
]

#: lon_min, lat_min, lon_max, lat_max of Indonesia (with a margin for outer islands)
INDONESIA_BBOX: tuple[float, float, float, float] = (95.0, -11.1, 141.1, 6.1)
#: header spellings of the latitude column (compared folded), first found wins
LAT_COLUMNS: tuple[str, ...] = ("latitude", "lat", "lintang", "koordinat_y", "garis_lintang",
                                "y")
#: header spellings of the longitude column
LON_COLUMNS: tuple[str, ...] = ("longitude", "lon", "lng", "long", "bujur", "koordinat_x",
                                "garis_bujur", "x")
#: header spellings of a single column holding ``lat, lon``
PAIR_COLUMNS: tuple[str, ...] = ("koordinat", "titik_koordinat", "lokasi_koordinat", "latlon",
                                 "lat_lon", "lat_long", "lat_lng", "geotag", "geotagging")
#: status -> explanation (Indonesian / English), in report order
STATUS: dict[str, str] = {
    "ok": "di dalam desa / inside a desa",
    "tertukar": "lintang dan bujur tertukar; ditukar dan masuk desa / latitude and longitude "
                "swapped; swapped back it falls inside a desa",
    "di_luar_desa": "di dalam Indonesia tetapi di luar semua desa berkas batas (laut, danau, "
                    "wilayah lain) / inside Indonesia but outside every desa of the boundary "
                    "file (sea, lake, another area)",
    "di_luar_indonesia": "di luar kotak batas Indonesia / outside Indonesia's bounding box",
    "tidak_sah": "koordinat tidak dapat dibaca / coordinates cannot be read",
    "kosong": "tanpa koordinat / no coordinates",
}
#: columns of :attr:`GeotagResult.records`
RECORD_COLUMNS: tuple[str, ...] = ("file", "row", "status", "alasan")

_PAIR_DOT = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*[,;/\s]\s*([+-]?\d+(?:\.\d+)?)\s*")
_PAIR_ANY = re.compile(r"\s*([+-]?\d+(?:[.,]\d+)?)\s*[;/\s]\s*([+-]?\d+(?:[.,]\d+)?)\s*")


@dataclass
class GeotagResult:
    """Points placed in desa, without their coordinates.

    Attributes
    ----------
    points
        One row per point: ``_file, _row`` (row number as a spreadsheet shows it, or feature
        number for a point layer), ``kode_desa`` (string, NA where not placed), ``status``
        (:data:`STATUS`) and the ``keep`` columns as written. No coordinate.
    records
        Every point not ``ok``: ``file, row, status, alasan``. No coordinate.
    stats
        ``files``, ``points``, ``placed``, per status counts (``status``), ``on_border``
        (points on a shared edge, given to the lowest code), ``columns`` (headers used),
        ``dropped_columns`` (asked in ``keep`` but refused: personal or coordinates).
    """

    points: pd.DataFrame
    records: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------

def assign_points(lon: np.ndarray, lat: np.ndarray, desa, *, fix_swapped: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Desa code and status of each point (coordinates in degrees, EPSG:4326).

    Parameters
    ----------
    lon, lat
        Float arrays (NaN where missing or unreadable: status ``tidak_sah``; use
        :func:`geotag` to tell empty from unreadable).
    desa
        Desa polygons with ``kode_desa`` (``BoundaryResult.desa``).
    fix_swapped
        Place points whose latitude and longitude were swapped.

    Returns
    -------
    (kode_desa, status, on_border)
        Object array of codes (None where not placed), object array of statuses, boolean
        mask of points on a shared edge of two desa (given to the lowest code).
    """
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    n = len(lon)
    kode = np.full(n, None, dtype=object)
    status = np.full(n, "tidak_sah", dtype=object)
    finite = np.isfinite(lon) & np.isfinite(lat)
    with np.errstate(invalid="ignore"):
        valid = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    inside_bbox = valid & _in_bbox(lon, lat)
    hit, border = _join(lon, lat, inside_bbox, desa)
    kode[:] = hit
    status[valid] = "di_luar_indonesia"
    status[inside_bbox] = "di_luar_desa"
    placed = np.array([k is not None for k in hit], dtype=bool)
    status[placed] = "ok"
    # swapped: not in a desa as written (often not even a valid latitude), in one swapped
    swapped = finite & ~placed & ~inside_bbox & _in_bbox(lat, lon)
    if swapped.any():
        s_hit, s_border = _join(lat, lon, swapped, desa)
        s_placed = np.array([k is not None for k in s_hit], dtype=bool)
        status[s_placed] = "tertukar"
        if fix_swapped:
            kode[s_placed] = s_hit[s_placed]
        border |= s_border & s_placed
    return kode, status, border


def geotag(paths: str | os.PathLike | Iterable[str | os.PathLike], desa, *,
           keep: Sequence[str] | None = None, lat: str | None = None, lon: str | None = None,
           layer: str | None = None, fix_swapped: bool = True,
           settings: Settings = DEFAULT) -> GeotagResult:
    """Read geotagged points and place each in a desa; coordinates never leave.

    Parameters
    ----------
    paths
        Tables (CSV, TSV, XLSX, XLS; folders and zips of them) with latitude/longitude
        columns (:data:`LAT_COLUMNS`, :data:`LON_COLUMNS`) or one ``lat, lon`` column
        (:data:`PAIR_COLUMNS`); or one point layer (GeoJSON, GeoPackage, zipped Shapefile,
        GeoParquet).
    desa
        Desa polygons (``BoundaryResult.desa``, EPSG:4326).
    keep
        Other columns to carry along, as written in the header (e.g. ``["desil"]``). Personal
        columns (:func:`layers.indicators.placement.looks_personal`) and coordinate columns
        are refused (listed in ``stats["dropped_columns"]``).
    lat, lon
        Header of the latitude / longitude column when the spelling is not recognised.
    layer
        Layer of a multi-layer point file.
    fix_swapped
        Place points whose latitude and longitude were swapped (status ``tertukar``).
    settings
        ``chunk_rows`` for tables.

    Returns
    -------
    GeotagResult

    Raises
    ------
    InputError
        No coordinate columns, a point layer without CRS whose coordinates are not degrees,
        or a layer whose geometries are not points.
    """
    wanted, dropped = _keepable(list(keep or []))
    inputs = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    raw, columns, files, skipped = _read_inputs(inputs, wanted, lat=lat, lon=lon, layer=layer,
                                                settings=settings)
    points, border = _place(raw, wanted, desa, fix_swapped=fix_swapped)
    del raw                                        # the coordinates go here
    counts = points["status"].value_counts()
    stats = {
        "files": files, "points": int(len(points)),
        "placed": int(points["kode_desa"].notna().sum()),
        "status": {s: int(counts.get(s, 0)) for s in STATUS},
        "on_border": int(border.sum()), "columns": columns, "rows_skipped": len(skipped),
        "dropped_columns": dropped, "fix_swapped": fix_swapped,
    }
    return GeotagResult(points=points, records=_records(points, skipped), stats=stats)


def _read_inputs(inputs: list, wanted: list[str], *, lat: str | None, lon: str | None,
                 layer: str | None, settings: Settings
                 ) -> tuple[pd.DataFrame, dict[str, str], list[str], list]:
    """Coordinates of every input: (points with ``_lon, _lat``, headers used, files, skipped)."""
    frames, columns, files, skipped = [], {}, [], []
    for path in inputs:
        if _is_point_layer(Path(path)):
            frame, used = _read_layer(Path(path), wanted, layer)
            frames.append(frame)
            files.append(Path(path).name)
            columns.update(used)
            continue
        for item in expand_inputs(path):
            frame, used, bad = _read_table(item, wanted, lat=lat, lon=lon, settings=settings)
            frames.append(frame)
            skipped.extend(bad)
            files.append(item.name)
            columns.update(used)
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["_file", "_row", "_lon", "_lat", "_empty"])
    return raw, columns, files, skipped


def _place(raw: pd.DataFrame, wanted: list[str], desa, *, fix_swapped: bool
           ) -> tuple[pd.DataFrame, np.ndarray]:
    """Points without their coordinates (see :attr:`GeotagResult.points`), border mask."""
    kode, status, border = assign_points(raw["_lon"].to_numpy(dtype="float64"),
                                         raw["_lat"].to_numpy(dtype="float64"), desa,
                                         fix_swapped=fix_swapped)
    status = np.where(raw["_empty"].to_numpy(dtype=bool), "kosong", status).astype(object)
    kode = np.where(status == "kosong", None, kode)
    points = pd.DataFrame({
        "_file": raw["_file"].astype(str).to_numpy(),
        "_row": raw["_row"].to_numpy(dtype="int64"),
        "kode_desa": pd.array(kode, dtype="string"),
        "status": pd.array(status, dtype="string"),
    })
    for col in wanted:
        if col in raw:
            points[col] = raw[col].to_numpy()
    return points, border


def _records(points: pd.DataFrame, skipped: list) -> pd.DataFrame:
    """:attr:`GeotagResult.records`: points not ``ok`` and rows skipped while reading."""
    not_ok = points["status"] != "ok"
    records = pd.DataFrame({"file": points.loc[not_ok, "_file"].to_numpy(),
                            "row": points.loc[not_ok, "_row"].to_numpy(dtype="int64"),
                            "status": points.loc[not_ok, "status"].astype(str).to_numpy()})
    records["alasan"] = records["status"].map(STATUS)
    if skipped:
        extra = pd.DataFrame(skipped, columns=["file", "row", "alasan"])
        extra["status"] = "tidak_sah"
        records = pd.concat([records, extra], ignore_index=True)
    return records[list(RECORD_COLUMNS)]


# --------------------------------------------------------------------------------------------
# private steps: geometry
# --------------------------------------------------------------------------------------------

def _in_bbox(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = INDONESIA_BBOX
    with np.errstate(invalid="ignore"):
        return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


def _join(lon: np.ndarray, lat: np.ndarray, mask: np.ndarray, desa
          ) -> tuple[np.ndarray, np.ndarray]:
    """``geopandas.sjoin`` of the masked points with the desa; lowest code on shared edges."""
    import geopandas as gpd

    n = len(lon)
    kode = np.full(n, None, dtype=object)
    border = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return kode, border
    pts = gpd.GeoDataFrame({"_i": idx}, geometry=gpd.points_from_xy(lon[idx], lat[idx]),
                           crs="EPSG:4326")
    polys = desa[["kode_desa", desa.geometry.name]]
    if polys.crs is not None and polys.crs.to_epsg() != 4326:
        polys = polys.to_crs("EPSG:4326")
    joined = gpd.sjoin(pts, polys, how="inner", predicate="intersects")
    if joined.empty:
        return kode, border
    joined = joined[["_i", "kode_desa"]].astype({"kode_desa": str})
    many = joined["_i"].duplicated(keep=False).to_numpy()
    border[joined.loc[many, "_i"].unique()] = True
    first = joined.sort_values(["_i", "kode_desa"]).drop_duplicates("_i")
    kode[first["_i"].to_numpy()] = first["kode_desa"].to_numpy(dtype=object)
    return kode, border


# --------------------------------------------------------------------------------------------
# private steps: reading
# --------------------------------------------------------------------------------------------

def _keepable(keep: list[str]) -> tuple[list[str], list[str]]:
    coord = {normalize_header(c) for c in (*LAT_COLUMNS, *LON_COLUMNS, *PAIR_COLUMNS)}
    ok, dropped = [], []
    for c in keep:
        if looks_personal(c) or normalize_header(c) in coord:
            dropped.append(c)
        else:
            ok.append(c)
    return ok, dropped


def _is_point_layer(path: Path) -> bool:
    if path.is_dir() or not path.exists():
        return False
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith((b"PAR1", b"SQLite format 3\x00")):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"{":
        return True
    if head.startswith(b"PK\x03\x04"):
        import zipfile
        try:
            with zipfile.ZipFile(path) as zf:
                return any(n.lower().endswith(".shp") for n in zf.namelist())
        except zipfile.BadZipFile:
            return False
    return False


def _coordinate_columns(cells: Sequence[str], lat: str | None, lon: str | None
                        ) -> dict[str, str] | None:
    """``{"lat": h, "lon": h}`` or ``{"pair": h}`` from a header row, else None."""
    folded: dict[str, str] = {}
    for c in cells:
        if c is not None and str(c).strip():
            folded.setdefault(normalize_header(c), str(c))
    if lat and lon:
        a, b = folded.get(normalize_header(lat)), folded.get(normalize_header(lon))
        return {"lat": a, "lon": b} if a and b else None
    a = next((folded[normalize_header(c)] for c in LAT_COLUMNS
              if normalize_header(c) in folded), None)
    b = next((folded[normalize_header(c)] for c in LON_COLUMNS
              if normalize_header(c) in folded), None)
    if a and b and a != b:
        return {"lat": a, "lon": b}
    pair = next((folded[normalize_header(c)] for c in PAIR_COLUMNS
                 if normalize_header(c) in folded), None)
    return {"pair": pair} if pair else None


def _no_columns(name: str) -> InputError:
    return InputError(
        "Kolom koordinat tidak ditemukan: perlu kolom lintang dan bujur (latitude/longitude, "
        "lat/lon) atau satu kolom 'koordinat' berisi 'lintang, bujur'.",
        "No coordinate columns: latitude and longitude columns (latitude/longitude, lat/lon) "
        "or one 'koordinat' column holding 'lat, lon' are needed.", file=name)


def _read_table(item, wanted: list[str], *, lat: str | None, lon: str | None,
                settings: Settings) -> tuple[pd.DataFrame, dict[str, str], list]:
    def probe(cells: Sequence[str]) -> bool:
        return _coordinate_columns(cells, lat, lon) is not None

    def select(header: list[str]) -> list[str]:
        cols = _coordinate_columns(header, lat, lon) or {}
        return list(cols.values()) + [h for h in header if h in wanted]

    parts, used, skipped = [], {}, []
    try:
        for chunk in iter_table(item, chunk_rows=settings.chunk_rows, header_probe=probe,
                                select=select):
            cols = _coordinate_columns(chunk.header, lat, lon)
            used = {k: v for k, v in cols.items()}
            skipped.extend((chunk.label, int(r), f"baris berisi {c} sel, lebih banyak dari "
                            f"judul kolom; baris dilewati / row has {c} cells, more than the "
                            f"header; row skipped") for r, c in chunk.bad_rows)
            f = chunk.frame
            if "pair" in cols:
                x, y, empty = _parse_pairs(f[cols["pair"]])
            else:
                y, e1 = _parse_degrees(f[cols["lat"]])
                x, e2 = _parse_degrees(f[cols["lon"]])
                empty = e1 & e2
            out = pd.DataFrame({"_file": chunk.label, "_row": f["_row"].to_numpy(),
                                "_lon": x, "_lat": y, "_empty": empty})
            for col in wanted:
                if col in f:
                    out[col] = f[col].to_numpy()
            parts.append(out)
    except HeaderNotFoundError:
        raise _no_columns(item.name) from None
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["_file", "_row", "_lon", "_lat", "_empty"])
    return frame, used, skipped


def _parse_degrees(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Decimal degrees (point or comma decimal), NaN when unreadable; mask of empty cells."""
    s = values.fillna("").astype(str).str.strip()
    uniq = {v: _degree(v) for v in pd.unique(s)}
    out = np.array([uniq[v] for v in s], dtype="float64")
    return out, s.isin(["", "-"]).to_numpy()


def _degree(text: str) -> float:
    if text in ("", "-"):
        return np.nan
    value = parse_number(text)
    if value is None:
        return np.nan
    return float(value)


def _parse_pairs(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``lat, lon`` cells -> (lon, lat, empty)."""
    s = values.fillna("").astype(str).str.strip()
    lon = np.full(len(s), np.nan)
    lat = np.full(len(s), np.nan)
    for i, text in enumerate(s):
        m = _PAIR_DOT.fullmatch(text) or _PAIR_ANY.fullmatch(text)
        if m:
            a, b = parse_number(m.group(1)), parse_number(m.group(2))
            if a is not None and b is not None:
                lat[i], lon[i] = a, b
    return lon, lat, s.isin(["", "-"]).to_numpy()


def _read_layer(path: Path, wanted: list[str], layer: str | None
                ) -> tuple[pd.DataFrame, dict[str, str]]:
    import geopandas as gpd
    import pyogrio
    import shapely

    name = path.name
    try:
        with open(path, "rb") as fh:
            parquet = fh.read(4) == b"PAR1"
        if parquet:
            gdf = gpd.read_parquet(path)
        else:
            source = f"/vsizip/{path.resolve().as_posix()}" if path.suffix.lower() == ".zip" \
                else str(path)
            gdf = pyogrio.read_dataframe(source, layer=layer)
    except Exception as exc:                      # pyogrio / GDAL raise many kinds
        raise InputError("Berkas titik tidak bisa dibaca.",
                         f"The point file cannot be read ({type(exc).__name__}).",
                         file=name) from None
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    types = shapely.get_type_id(geoms)
    single = present & (types == 0)
    multi = present & (types == 4) & (shapely.get_num_geometries(geoms) == 1)
    if present.any() and not (single | multi)[present].any():
        raise InputError("Berkas lapisan ini bukan titik (Point).",
                         "This layer's geometries are not points.", file=name)
    pts = geoms.copy()
    pts[multi] = shapely.get_geometry(geoms[multi], 0)
    usable = single | multi
    x = np.full(len(gdf), np.nan)
    y = np.full(len(gdf), np.nan)
    if usable.any():
        x[usable] = shapely.get_x(pts[usable])
        y[usable] = shapely.get_y(pts[usable])
    crs = gdf.crs
    if crs is None:
        finite = np.isfinite(x) & np.isfinite(y)
        if finite.any() and (np.abs(x[finite]).max() > 180 or np.abs(y[finite]).max() > 90):
            raise InputError("Berkas titik tanpa sistem koordinat (CRS) dan koordinatnya "
                             "bukan derajat.",
                             "The point file has no CRS and its coordinates are not degrees.",
                             file=name)
    elif crs.to_epsg() != 4326 and usable.any():
        import pyproj
        tr = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        x[usable], y[usable] = tr.transform(x[usable], y[usable])
    frame = pd.DataFrame({"_file": name, "_row": np.arange(1, len(gdf) + 1, dtype="int64"),
                          "_lon": x, "_lat": y, "_empty": ~present})
    for col in wanted:
        if col in gdf.columns:
            frame[col] = gdf[col].astype(str).where(gdf[col].notna()).to_numpy()
    return frame, {"geometry": str(gdf.geometry.name)}
