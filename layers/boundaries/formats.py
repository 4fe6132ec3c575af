"""Boundary file formats: GeoPackage, zipped or plain Shapefile, GeoJSON, GeoParquet.

The format is sniffed from the content (the extension is a fallback); only the columns the
layout needs are read, and an area filter is applied while reading where the format allows.
"""

from __future__ import annotations

import re

import zipfile
from pathlib import Path

from layers.boundaries.layout import GEOMETRY_NAMES, detect_layout
from layers.codes import dotted
from layers.errors import BoundaryError


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


def read_raw(path: Path, *, area_code: str | None, layer: str | None,
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
    text = str(exc).splitlines()[0] if exc and str(exc) else ""
    text = re.sub(r"(/vsizip/)?(/|[A-Za-z]:\\)[^\s'\"]*[/\\]", "", text)  # no machine paths
    detail = f" ({type(exc).__name__}: {text[:200]})" if exc else ""
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
    layout = detect_layout(fields, path.name, names_only_ok=names_only_ok)
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
    layout = detect_layout(list(schema.names), path.name, names_only_ok=names_only_ok)
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
            if n.lower() in GEOMETRY_NAMES
            and (pa.types.is_binary(schema.field(n).type)
                 or pa.types.is_large_binary(schema.field(n).type))]
