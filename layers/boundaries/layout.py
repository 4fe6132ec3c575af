"""Which column of a boundary file holds what (layouts BIG and ``kode_nama``), and the
canonical columns every boundary file is read into."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from layers.codes import jenis_from_kode, normalize_kode
from layers.errors import BoundaryError

#: canonical output columns, in order (geometry last)
COLUMNS = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
           "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2", "geometry"]
#: the text columns: every column but ``luas_km2`` and ``geometry``
TEXT_COLUMNS = COLUMNS[:-2]

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
#: names a geometry column of a GeoParquet or OGR source may have (folded)
GEOMETRY_NAMES = ("geometry", "geom", "wkb_geometry", "the_geom", "shape")


@dataclass
class Layout:
    name: str                       # "big" or "kode_nama"
    columns: dict[str, str]         # canonical -> column as written in the file


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def detect_layout(columns: list[str], file: str, *, names_only_ok: bool = False) -> Layout:
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
        return Layout(name="nama_saja", columns=mapping)
    if "kode_desa" not in mapping:
        listed = ", ".join(str(c) for c in columns if _fold(c) not in GEOMETRY_NAMES) or "-"
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
    return Layout(name=name, columns=mapping)


def canonical_frame(raw, layout: Layout, file: str):
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
