"""Reading a desa boundary file into one canonical GeoDataFrame, with its QA report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layers.boundaries.crs import to_wgs84
from layers.boundaries.formats import read_raw
from layers.boundaries.layout import COLUMNS, TEXT_COLUMNS, Layout, canonical_frame
from layers.boundaries.levels import area_km2, equal_area
from layers.boundaries.qa import clean_geometry, geometry_qa, merge_duplicates
from layers.codes import normalize_kode
from layers.errors import BoundaryError
from layers.io import sha256_file
from layers.settings import DEFAULT, Settings


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
        (:func:`layers.boundaries.codes_table.assign_codes`); unresolved polygons are listed in
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
    raw, source = _read_source(path, area, area_code, crs=crs, layer=layer, codes=codes,
                               mapping=mapping, settings=settings)
    frame, invalid_codes = canonical_frame(raw, source["layout"], name)
    if area_code is not None:
        frame = frame[frame["kode_desa"].str.startswith(area_code).to_numpy(dtype=bool)]
        if frame.empty:
            raise _nothing_in_area(area, name)
    desa, cleaning, geometry = _checked(frame, settings, name)
    qa = {"layout": source["layout"].name, "format": source["format"], "layer": source["layer"],
          "rows_read": source["rows_read"], **cleaning, "invalid_codes": invalid_codes,
          **geometry, "crs_in": source["crs_in"], "area": area_code,
          "sha256": sha256_file(path) if path.is_file() else None,
          **source["codes_qa"]}
    return BoundaryResult(desa=desa, qa=qa)


def _read_source(path: Path, area: Any, area_code: str | None, *, crs: Any, layer: str | None,
                 codes: str | Path | None, mapping, settings: Settings) -> tuple[Any, dict]:
    """The file's rows in EPSG:4326 with Kemendagri codes, and what was learnt reading it
    (``format``, ``layer``, ``layout``, ``rows_read``, ``crs_in``, ``codes_qa``)."""
    raw, source = read_raw(path, area_code=None if codes else area_code, layer=layer,
                           names_only_ok=codes is not None)
    source["rows_read"] = len(raw)
    if len(raw) == 0:
        raise _nothing_in_area(area, path.name) if area_code else BoundaryError(
            "berkas batas tidak berisi fitur", "the boundary file has no features",
            file=path.name)
    raw, source["crs_in"] = to_wgs84(raw, crs, path.name)
    source["codes_qa"] = {}
    if "kode_desa" not in source["layout"].columns:
        raw, source["layout"], source["codes_qa"] = _codes_from_names(
            raw, source["layout"], codes, mapping, settings)
    return raw, source


def _checked(frame, settings: Settings, file: str) -> tuple[Any, dict, dict]:
    """The canonical desa frame with its geometry repaired, duplicates merged and checked.

    Returns the frame, what cleaning did (``repaired``, ``duplicate_codes``, ``merged_parts``,
    ``dropped_empty``) and the geometry QA (``overlaps``, ``gaps``, ``coverage_valid``).
    """
    frame, repaired, dropped = clean_geometry(frame)
    if frame.empty:
        raise BoundaryError("tidak ada poligon desa yang bisa dipakai",
                            "no usable desa polygon", file=file)
    if len(frame) > 1 and frame["kode_desa"].nunique(dropna=False) == 1:
        raise BoundaryError(
            f"semua {len(frame)} baris batas memakai satu kode desa yang sama; kolom kode "
            f"tampaknya salah (kode kecamatan/kabupaten?)",
            f"all {len(frame)} boundary rows share one desa code; the code column seems wrong "
            f"(a kecamatan/kabupaten code?)", file=file)
    frame, merged, duplicates = merge_duplicates(frame)
    desa, area_geoms = _finish(frame, settings)
    overlaps, gaps, coverage_valid = geometry_qa(area_geoms, desa["kode_desa"].to_numpy(),
                                                 settings)
    cleaning = {"repaired": repaired, "duplicate_codes": duplicates, "merged_parts": merged,
                "dropped_empty": dropped}
    return desa, cleaning, {"overlaps": overlaps, "gaps": gaps, "coverage_valid": coverage_valid}


def _codes_from_names(raw, layout: Layout, codes, mapping, settings: Settings):
    """Assign Kemendagri codes to a names-only file by matching against a code table."""
    from layers.boundaries.codes_table import assign_codes

    coded, report, review = assign_codes(raw, codes, settings=settings, mapping=mapping)
    columns = {"kode_desa": "kode_desa", "nama_desa": "nama_desa", "nama_kec": "nama_kec",
               "nama_kab": "nama_kab", "nama_prov": "nama_prov"}
    columns.update({k: v for k, v in layout.columns.items() if k not in columns})
    qa = {"codes_file": Path(codes).name, "codes_report": report, "codes_review": review}
    return coded, Layout(name="nama_saja", columns=columns), qa


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


def _finish(frame, settings: Settings):
    """Sorted canonical frame with ``luas_km2``, and its geometry in the equal-area CRS."""
    frame = frame.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    ea = equal_area(frame.geometry, settings)
    frame["luas_km2"] = area_km2(ea)
    for c in TEXT_COLUMNS:
        frame[c] = frame[c].astype("string")
    return frame[COLUMNS], ea


