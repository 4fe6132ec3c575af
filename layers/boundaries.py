"""Desa boundary files to one canonical GeoDataFrame, with a geometry QA report.

Reads GeoPackage, zipped or plain Shapefile, GeoJSON and GeoParquet; recognises the BIG layout
(``KDEPUM``, ``KDEBPS``, ``WADMKD`` ...) and plain code/name columns; returns one row per desa in
EPSG:4326 with undotted Kemendagri codes (docs/architecture.md, "boundaries").

The QA report lists duplicate codes, overlaps between desa and gaps inside the union of the
desa. When the desa form a valid polygon coverage (shared edges identical, as in the cleaned
reference files) there can be no overlap and the union is a cheap coverage union, so a whole
province is checked in about a second.
"""

from __future__ import annotations

import hashlib
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codes import dotted, jenis_from_kode, normalize_kode
from .errors import BoundaryError
from .settings import DEFAULT, Settings

#: canonical output columns, in order (geometry last)
COLUMNS = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
           "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2", "geometry"]

_TEXT = COLUMNS[:-2]                                      # every column but luas_km2, geometry

#: header synonyms (folded: lower case, runs of non-alphanumerics as ``_``), first match wins
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kode_desa": ("kdepum", "kode_desa", "kd_desa", "kode_desa_kel", "kode_desa_kelurahan",
                  "kode_desakel", "kode_kel", "kd_kel", "kode_kelurahan", "kode_desa_kemendagri",
                  "kode_kemendagri", "kode_kemdagri", "kode_dagri", "kode_wilayah", "kode_wil",
                  "kode"),
    "nama_desa": ("wadmkd", "nama_desa", "nm_desa", "nama_desa_kel", "nama_desa_kelurahan",
                  "nama_kel", "nama_kelurahan", "desa_kelurahan", "desa_kel", "desa",
                  "kelurahan", "nama", "namobj"),
    "kode_desa_bps": ("kdebps", "kode_desa_bps", "kd_desa_bps", "kode_bps", "kode_bps_desa",
                      "bps", "kode_desa_", "kd_desa_bp", "kode_bps_d"),
    "nama_kec": ("wadmkc", "nama_kec", "nama_kecamatan", "nm_kec", "kecamatan", "kec"),
    "nama_kab": ("wadmkk", "nama_kab", "nama_kabupaten", "nama_kab_kota", "nama_kabkota",
                 "nm_kab", "kabupaten_kota", "kab_kota", "kabupaten", "kabkota", "kab"),
    "nama_prov": ("wadmpr", "nama_prov", "nama_provinsi", "nm_prov", "provinsi", "prov"),
}
_BIG_MARKERS = ("kdepum", "wadmkd", "kdebps")
_GEOMETRY_NAMES = ("geometry", "geom", "wkb_geometry", "the_geom", "shape")


@dataclass
class BoundaryResult:
    """A boundary file read into canonical form.

    Attributes
    ----------
    desa
        One row per desa/kelurahan, EPSG:4326, sorted by ``kode_desa``, columns :data:`COLUMNS`.
    qa
        ``layout``, ``rows_read``, ``repaired``, ``duplicate_codes``, ``merged_parts``,
        ``overlaps``, ``gaps``, ``dropped_empty``, ``invalid_codes``, ``coverage_valid``,
        ``crs_in``, ``format``, ``layer``, ``area``, ``sha256``.
    """

    desa: Any
    qa: dict = field(default_factory=dict)


@dataclass
class _Layout:
    name: str                       # "big" or "kode_nama"
    columns: dict[str, str]         # canonical -> column as written in the file


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------

def read_boundaries(path: str | Path, *, area: str | None = None, crs: Any = None,
                    layer: str | None = None, codes: str | Path | None = None,
                    mapping=None, settings: Settings = DEFAULT) -> BoundaryResult:
    """Read a desa boundary file into canonical columns and check its geometry.

    Parameters
    ----------
    path
        GeoPackage, ``.zip`` with a Shapefile (folders inside allowed), ``.shp``, GeoJSON or
        GeoParquet. The format is sniffed from the content, the extension is a fallback.
    area
        Keep only this area: a province, kabupaten, kecamatan or desa code, dotted or not
        (``"33.16"``, ``"3316"``, ``"33.16.06"``). Applied while reading where the format allows.
    crs
        CRS of the coordinates (anything pyproj accepts). Required when the file has none;
        when given it replaces the CRS written in the file.
    layer
        Layer to read when a GeoPackage (or a zip) holds several polygon layers.
    codes
        Code table (layout of ``kode_wilayah_kemendagri_2025.csv``) for a boundary file with
        names only: codes are assigned by hierarchical name matching
        (:func:`layers.codes_table.assign_codes`); unresolved polygons are listed in
        ``qa["codes_review"]`` and left out.
    mapping
        Mapping CSV / frame pinning name decisions for ``codes``.
    settings
        ``area_crs`` for areas, ``overlap_min_km2`` and ``gap_min_km2`` for the QA report.

    Returns
    -------
    BoundaryResult

    Raises
    ------
    BoundaryError
        Unreadable file, several polygon layers and no ``layer``, no CRS, coordinates that do
        not fit the CRS, no Kemendagri code column, no desa left.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise BoundaryError("berkas tidak ditemukan", "file not found", file=name)
    area_code = _parse_area(area, name) if area is not None else None
    raw, source = _read_raw(path, area_code=None if codes else area_code, layer=layer,
                            names_only_ok=codes is not None)
    rows_read = len(raw)
    if rows_read == 0:
        raise _nothing_in_area(area, name) if area_code else BoundaryError(
            "berkas batas tidak berisi fitur", "the boundary file has no features", file=name)
    raw, crs_in = _to_wgs84(raw, crs, name)
    codes_qa = {}
    if "kode_desa" not in source["layout"].columns:
        raw, source["layout"], codes_qa = _codes_from_names(raw, source["layout"], codes,
                                                            mapping, settings)
    frame, invalid_codes = _canonical(raw, source["layout"], name)
    if area_code is not None:
        frame = frame[frame["kode_desa"].str.startswith(area_code).to_numpy(dtype=bool)]
        if frame.empty:
            raise _nothing_in_area(area, name)
    frame, repaired, dropped = _clean_geometry(frame)
    if frame.empty:
        raise BoundaryError("tidak ada poligon desa yang bisa dipakai",
                            "no usable desa polygon", file=name)
    frame, merged, duplicates = _merge_duplicates(frame)
    desa, area_geoms = _finish(frame, settings)
    overlaps, gaps, coverage_valid = _geometry_qa(area_geoms, desa["kode_desa"].to_numpy(),
                                                  settings)
    qa = {
        "layout": source["layout"].name,
        "format": source["format"],
        "layer": source["layer"],
        "rows_read": rows_read,
        "repaired": repaired,
        "duplicate_codes": duplicates,
        "merged_parts": merged,
        "dropped_empty": dropped,
        "invalid_codes": invalid_codes,
        "overlaps": overlaps,
        "gaps": gaps,
        "coverage_valid": coverage_valid,
        "crs_in": crs_in,
        "area": area_code,
        "sha256": _sha256(path),
        **codes_qa,
    }
    return BoundaryResult(desa=desa, qa=qa)


def _codes_from_names(raw, layout: _Layout, codes, mapping, settings: Settings):
    """Assign Kemendagri codes to a names-only file by matching against a code table."""
    from .codes_table import assign_codes

    coded, report, review = assign_codes(raw, codes, settings=settings, mapping=mapping)
    columns = {"kode_desa": "kode_desa", "nama_desa": "nama_desa", "nama_kec": "nama_kec",
               "nama_kab": "nama_kab", "nama_prov": "nama_prov"}
    columns.update({k: v for k, v in layout.columns.items() if k not in columns})
    qa = {"codes_file": Path(codes).name, "codes_report": report, "codes_review": review}
    return coded, _Layout(name="nama_saja", columns=columns), qa


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
        gdf["luas_km2"] = _area_km2(gdf.geometry, settings)
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


# --------------------------------------------------------------------------------------------
# codes
# --------------------------------------------------------------------------------------------

def _nothing_in_area(area: Any, file: str) -> BoundaryError:
    return BoundaryError(f"tidak ada desa dengan kode wilayah {area} di berkas ini",
                         f"no desa with area code {area} in this file", file=file)


def _parse_area(area: Any, file: str) -> str:
    text = str(area).strip()
    if "." in text:
        level = {1: "prov", 2: "kab", 3: "kec", 4: "desa"}.get(len(text.split(".")))
    else:
        level = {2: "prov", 4: "kab", 6: "kec", 10: "desa"}.get(len(text))
    code = normalize_kode(text, level) if level else None
    if code is None:
        raise BoundaryError(
            f"kode wilayah {text!r} tidak dikenali (contoh: 33.16 atau 3316)",
            f"area code {text!r} not recognised (e.g. 33.16 or 3316)", file=file)
    return code


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------

def _sniff(path: Path) -> str:
    if path.is_dir():
        return "ogr"
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head[:4] == b"\x00\x00\x27\x0a":
        return "shp"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "geojson"
    return {".parquet": "parquet", ".geoparquet": "parquet", ".zip": "zip", ".gpkg": "gpkg",
            ".shp": "shp", ".geojson": "geojson", ".json": "geojson"}.get(
                path.suffix.lower(), "ogr")


def _read_raw(path: Path, *, area_code: str | None, layer: str | None,
              names_only_ok: bool = False):
    """The file's rows (only the columns needed) and what was learnt reading it."""
    kind = _sniff(path)
    if kind == "parquet":
        raw, layout = _read_parquet(path, area_code, names_only_ok=names_only_ok)
        return raw, {"format": "geoparquet", "layer": None, "layout": layout}
    sources = _zip_sources(path) if kind == "zip" else [(str(path), "")]
    source, layer_name = _choose_layer(path, sources, layer)
    raw, layout = _read_ogr(path, source, layer_name, area_code, names_only_ok=names_only_ok)
    fmt = {"zip": "shapefile_zip", "gpkg": "gpkg", "shp": "shapefile",
           "geojson": "geojson"}.get(kind, "ogr")
    if kind == "zip" and not source.lower().endswith(".shp"):
        fmt = "zip"
    return raw, {"format": fmt, "layer": layer_name, "layout": layout}


def _unreadable(path: Path, exc: Exception | None = None) -> BoundaryError:
    detail = f" ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})" if exc else ""
    return BoundaryError(
        "berkas batas tidak bisa dibaca (GeoPackage, Shapefile .zip/.shp, GeoJSON atau "
        "GeoParquet)" + detail,
        "boundary file cannot be read (GeoPackage, Shapefile .zip/.shp, GeoJSON or GeoParquet)"
        + detail, file=path.name)


def _zip_sources(path: Path) -> list[tuple[str, str]]:
    """GDAL ``/vsizip/`` paths of the usable members, with the member name as label."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if not m.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise _unreadable(path, exc) from None
    usable = [m for m in members
              if not m.startswith("__MACOSX/") and not Path(m).name.startswith(".")
              and Path(m).suffix.lower() in (".shp", ".gpkg", ".geojson", ".json", ".fgb")]
    if not usable:
        listed = ", ".join(members[:10]) or "-"
        raise BoundaryError(
            f"zip tidak berisi Shapefile (.shp), GeoPackage atau GeoJSON; isi: {listed}",
            f"the zip holds no Shapefile (.shp), GeoPackage or GeoJSON; contents: {listed}",
            file=path.name)
    root = path.resolve().as_posix()
    return [(f"/vsizip/{root}/{m}", m) for m in sorted(usable)]


def _choose_layer(path: Path, sources: list[tuple[str, str]],
                  layer: str | None) -> tuple[str, str]:
    """The (source, layer) holding the desa polygons; ``layer`` picks one of several."""
    import pyogrio

    found = []                                   # (source, layer name, geometry type, label)
    for src, member in sources:
        try:
            layers = pyogrio.list_layers(src)
        except Exception as exc:                  # pyogrio raises several GDAL error types
            raise _unreadable(path, exc) from None
        for lname, gtype in layers:
            label = str(lname) if not member else (
                member if len(layers) == 1 else f"{member}:{lname}")
            found.append((src, str(lname), str(gtype or ""), label))
    if layer is not None:
        want = str(layer).casefold()
        hit = [f for f in found
               if want in (f[1].casefold(), f[3].casefold(), Path(f[3]).stem.casefold())]
        if not hit:
            listed = ", ".join(f[3] for f in found) or "-"
            raise BoundaryError(f"layer {layer!r} tidak ada; layer yang ada: {listed}",
                                f"layer {layer!r} not found; layers: {listed}", file=path.name)
        return hit[0][0], hit[0][1]
    polygonal = [f for f in found if "polygon" in f[2].lower()]
    if not polygonal:                            # GeoJSON of mixed types reports "Unknown"
        polygonal = [f for f in found
                     if f[2].lower() in ("unknown", "geometry", "geometrycollection")]
    if not polygonal:
        listed = ", ".join(f"{f[3]} ({f[2] or '-'})" for f in found) or "-"
        raise BoundaryError(f"tidak ada layer poligon; layer yang ada: {listed}",
                            f"no polygon layer; layers: {listed}", file=path.name)
    if len(polygonal) > 1:
        listed = ", ".join(f[3] for f in polygonal)
        raise BoundaryError(
            f"ada beberapa layer poligon ({listed}); pilih satu dengan layer=",
            f"several polygon layers ({listed}); choose one with layer=", file=path.name)
    return polygonal[0][0], polygonal[0][1]


def _read_ogr(path: Path, source: str, layer_name: str, area_code: str | None, *,
              names_only_ok: bool = False):
    import pyogrio

    try:
        info = pyogrio.read_info(source, layer=layer_name)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    fields = [str(f) for f in info["fields"]]
    dtypes = dict(zip(fields, (str(d) for d in info["dtypes"])))
    layout = _detect_layout(fields, path.name, names_only_ok=names_only_ok)
    where = None
    if area_code is not None:
        where = _ogr_where(layout.columns["kode_desa"], dtypes[layout.columns["kode_desa"]],
                           area_code)
    try:
        wanted = (list(dict.fromkeys(layout.columns.values()))
                  if "kode_desa" in layout.columns else None)   # names only: keep every name
        raw = pyogrio.read_dataframe(source, layer=layer_name, columns=wanted, where=where)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    return raw, layout


def _ogr_where(column: str, dtype: str, area_code: str) -> str:
    col = '"' + column.replace('"', '""') + '"'
    if dtype.startswith(("int", "uint", "float")):
        lo, hi = _numeric_range(area_code)
        return f"{col} >= {lo} AND {col} < {hi}"
    return f"{col} LIKE '{_dotted_prefix(area_code)}%' OR {col} LIKE '{area_code}%'"


def _numeric_range(area_code: str) -> tuple[int, int]:
    scale = 10 ** (10 - len(area_code))
    return int(area_code) * scale, (int(area_code) + 1) * scale


def _dotted_prefix(area_code: str) -> str:
    """``3316`` -> ``33.16.`` (what dotted desa codes of that area start with)."""
    return dotted(area_code) + ("." if len(area_code) < 10 else "")


def _read_parquet(path: Path, area_code: str | None, *, names_only_ok: bool = False):
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    layout = _detect_layout(list(schema.names), path.name, names_only_ok=names_only_ok)
    meta = schema.metadata or {}
    geo_cols = _parquet_geometry_columns(schema, meta)
    if not geo_cols:
        raise BoundaryError("GeoParquet tanpa kolom geometri",
                            "GeoParquet without a geometry column", file=path.name)
    columns = (list(dict.fromkeys(list(layout.columns.values()) + [geo_cols[0]]))
               if "kode_desa" in layout.columns else None)   # names only: keep every name
    filters = None
    if area_code is not None:
        col = layout.columns["kode_desa"]
        ftype = schema.field(col).type
        if pa.types.is_integer(ftype) or pa.types.is_floating(ftype):
            lo, hi = _numeric_range(area_code)
            filters = (pc.field(col) >= lo) & (pc.field(col) < hi)
        else:
            filters = (pc.starts_with(pc.field(col), _dotted_prefix(area_code))
                       | pc.starts_with(pc.field(col), area_code))
    try:
        if b"geo" in meta:
            raw = gpd.read_parquet(path, columns=columns, filters=filters)
        else:                                    # plain Parquet with a WKB column, no CRS
            import shapely
            table = pq.read_table(path, columns=columns, filters=filters)
            df = table.to_pandas()
            geom = shapely.from_wkb(df.pop(geo_cols[0]).to_numpy())
            raw = gpd.GeoDataFrame(df, geometry=geom, crs=None)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    return raw, layout


def _parquet_geometry_columns(schema, meta: dict) -> list[str]:
    if b"geo" in meta:
        import json
        try:
            geo = json.loads(meta[b"geo"])
            primary = geo.get("primary_column")
            cols = list(geo.get("columns", {}))
            return [primary] + [c for c in cols if c != primary] if primary else cols
        except (ValueError, AttributeError):
            return []
    import pyarrow as pa
    return [n for n in schema.names
            if n.lower() in _GEOMETRY_NAMES
            and (pa.types.is_binary(schema.field(n).type)
                 or pa.types.is_large_binary(schema.field(n).type))]


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _detect_layout(columns: list[str], file: str, *, names_only_ok: bool = False) -> _Layout:
    """Which column holds what (header case and punctuation ignored)."""
    folded: dict[str, str] = {}
    for c in columns:
        key = _fold(c)
        if key in folded:          # Shapefile cuts names at 10 characters: "kode_desa_"
            key = re.sub(r"[^a-z0-9]+", "_", str(c).strip().lower())
        folded.setdefault(key, c)
    mapping = {}
    for canon, names in _SYNONYMS.items():
        for n in names:
            if n in folded and folded[n] not in mapping.values():
                mapping[canon] = folded[n]
                break
    name = "big" if any(m in folded for m in _BIG_MARKERS) else "kode_nama"
    if "kode_desa" not in mapping and names_only_ok:
        return _Layout(name="nama_saja", columns=mapping)
    if "kode_desa" not in mapping:
        listed = ", ".join(str(c) for c in columns if _fold(c) not in _GEOMETRY_NAMES) or "-"
        has_bps = "kode_desa_bps" in mapping
        has_name = "nama_desa" in mapping
        why_id = ("hanya ada kode BPS" if has_bps else
                  "hanya ada nama desa" if has_name else "kolom kode tidak dikenali")
        why_en = ("only a BPS code is present" if has_bps else
                  "only desa names are present" if has_name else "no code column recognised")
        raise BoundaryError(
            f"berkas batas perlu kolom kode desa Kemendagri (mis. kode_desa atau KDEPUM); "
            f"{why_id}. Berikan tabel kode (--codes) untuk mencocokkan nama. "
            f"Kolom yang ada: {listed}",
            f"the boundary file needs a Kemendagri desa code column (e.g. kode_desa or KDEPUM); "
            f"{why_en}. Give a code table (--codes) to match the names. "
            f"Columns found: {listed}", file=file)
    return _Layout(name=name, columns=mapping)


# --------------------------------------------------------------------------------------------
# CRS
# --------------------------------------------------------------------------------------------

def _to_wgs84(raw, crs: Any, file: str):
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


# --------------------------------------------------------------------------------------------
# canonical columns
# --------------------------------------------------------------------------------------------

def _canonical(raw, layout: _Layout, file: str):
    """Canonical text columns + geometry; rows without a usable desa code are set apart."""
    import geopandas as gpd

    cols = layout.columns
    src = raw[cols["kode_desa"]]
    written = src.to_numpy(dtype=object)
    cache: dict[Any, str | None] = {}
    kode = np.empty(len(written), dtype=object)
    for i, v in enumerate(written):
        key = (type(v), v) if not (isinstance(v, float) and math.isnan(v)) else None
        if key not in cache:
            cache[key] = normalize_kode(v, "desa")
        kode[i] = cache[key]
    ok = np.array([k is not None for k in kode], dtype=bool)

    def text(canon: str) -> pd.Series:
        if canon not in cols:
            return pd.Series(pd.NA, index=raw.index, dtype="string")
        s = raw[cols[canon]].astype("string").str.strip()
        return s.mask(s == "")

    names = {c: text(c) for c in ("nama_desa", "nama_kec", "nama_kab", "nama_prov")}
    invalid = [{"kode": None if _missing(written[i]) else str(written[i]).strip(),
                "nama_desa": None if pd.isna(names["nama_desa"].iloc[i])
                else str(names["nama_desa"].iloc[i])}
               for i in np.flatnonzero(~ok)]
    if not ok.any():
        sample = ", ".join(str(e["kode"]) for e in invalid[:3])
        raise BoundaryError(
            f"tidak ada kode desa Kemendagri 10 digit yang sah (contoh: {sample})",
            f"no valid 10-digit Kemendagri desa code (e.g. {sample})",
            file=file, column=cols["kode_desa"])
    kd = pd.Series(kode, index=raw.index, dtype="string")
    out = pd.DataFrame({
        "kode_desa": kd,
        "nama_desa": names["nama_desa"],
        "jenis": _jenis(kd),
        "kode_kec": kd.str[:6],
        "nama_kec": names["nama_kec"],
        "kode_kab": kd.str[:4],
        "nama_kab": names["nama_kab"],
        "kode_prov": kd.str[:2],
        "nama_prov": names["nama_prov"],
        "kode_desa_bps": _bps(raw[cols["kode_desa_bps"]]) if "kode_desa_bps" in cols
        else pd.Series(pd.NA, index=raw.index, dtype="string"),
    }, index=raw.index)
    frame = gpd.GeoDataFrame(out, geometry=raw.geometry.array, crs=raw.crs)
    return frame[ok].reset_index(drop=True), invalid


def _jenis(kode: pd.Series) -> pd.Series:
    """``jenis_from_kode`` once per village-kind digit instead of once per row."""
    digit = kode.str[6]
    kinds = {d: jenis_from_kode(kode[digit == d].iloc[0]) for d in digit.dropna().unique()}
    return digit.map(kinds).astype("string")


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _bps(col: pd.Series) -> pd.Series:
    """BPS codes as written, trimmed; a float's ``.0`` removed. Never rewritten otherwise."""
    if pd.api.types.is_float_dtype(col):
        s = col.map(lambda v: None if pd.isna(v) else str(int(v))
                    if float(v).is_integer() else str(v), na_action="ignore")
        s = s.astype("string")
    else:
        s = col.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    return s.mask(s == "")


# --------------------------------------------------------------------------------------------
# geometry
# --------------------------------------------------------------------------------------------

def _clean_geometry(frame):
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


def _merge_duplicates(frame):
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


def _area_km2(geoseries, settings: Settings) -> np.ndarray:
    import shapely

    ea = np.asarray(geoseries.to_crs(settings.area_crs).array, dtype=object)
    return np.round(shapely.area(ea) / 1e6, 4)


def _finish(frame, settings: Settings):
    """Sorted canonical frame with ``luas_km2``, and its geometry in the equal-area CRS."""
    import shapely

    frame = frame.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    ea = np.asarray(frame.geometry.to_crs(settings.area_crs).array, dtype=object)
    frame["luas_km2"] = np.round(shapely.area(ea) / 1e6, 4)
    for c in _TEXT:
        frame[c] = frame[c].astype("string")
    return frame[COLUMNS], ea


def _dissolve(geoms: np.ndarray):
    """Union of one group: coverage union when the group is a valid coverage."""
    import shapely

    if len(geoms) == 1:
        return geoms[0]
    if shapely.coverage_is_valid(geoms):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


# --------------------------------------------------------------------------------------------
# QA: overlaps and gaps (equal-area coordinates, metres)
# --------------------------------------------------------------------------------------------

def _geometry_qa(ea: np.ndarray, codes: np.ndarray, settings: Settings):
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


def _sha256(path: Path) -> str | None:
    if not path.is_file():
        return None
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
