"""Writing the demo's input files byte for byte: BIG GeoJSON, SIKS-NG exports, P3KE workbooks.

Workbooks carry a fixed timestamp and CSVs fixed line endings, so the same households always
give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.codes import dotted
from layers.demo.layout import FIXED_TIME, P3KE_COLUMNS, SIKS_COLUMNS
from layers.demo.results import DemoHouseholds

_XLSX = {"format": "xlsx", "encoding": None, "delimiter": None, "ext": "xlsx"}
#: formats of the per-kecamatan exports, in rotation (XLSX every other file keeps the demo small)
_SIKS_FORMATS = (
    {"format": "csv", "encoding": "utf-8", "delimiter": ",", "ext": "csv"},
    _XLSX,
    {"format": "csv", "encoding": "cp1252", "delimiter": ";", "ext": "csv"},
    _XLSX,
    {"format": "csv", "encoding": "utf-8-sig", "delimiter": ",", "ext": "csv"},
    _XLSX,
)


def slug(text: str) -> str:
    """Upper-case ``text`` with every run of other characters turned into one ``_``."""
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_big_geojson(path: Path, desa: pd.DataFrame) -> None:
    """BIG layout (KDEPUM dotted, KDEBPS, WADM*), coordinates rounded to 6 decimals."""
    from shapely.geometry import mapping

    def rnd(c: Any) -> Any:
        if isinstance(c, (tuple, list)):
            if c and isinstance(c[0], float):
                return [round(v, 6) for v in c]
            return [rnd(v) for v in c]
        return c

    lines = []
    for r in desa.sort_values("kode_desa", kind="stable").itertuples():
        geom = mapping(r.geometry)
        feature = {
            "type": "Feature",
            "properties": {
                "KDEPUM": dotted(r.kode_desa), "KDEBPS": r.kode_desa_bps,
                "WADMKD": r.nama_desa, "WADMKC": r.nama_kec, "WADMKK": r.nama_kab,
                "WADMPR": r.nama_prov,
            },
            "geometry": {"type": geom["type"], "coordinates": rnd(geom["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = ('{"type":"FeatureCollection","name":"batas_desa","crs":{"type":"name","properties":'
            '{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n')
    path.write_text(head + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def write_siks(dtks: Path, hh: DemoHouseholds, g: pd.DataFrame,
               kab_slug: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One export per kecamatan (rotating formats) plus one per-desa file; returns file records
    and the location (file, spreadsheet row) of every row without NOMOR_KK."""
    kec_of = dict(zip(g["kode_desa"], g["kode_kec"]))
    kec_name = dict(zip(g["kode_kec"], g["nama_kec"]))
    kab_name = dict(zip(g["kode_kec"], g["nama_kab"]))
    row_kec = np.array([kec_of[k] for k in hh.siks_kode_desa])
    records, rejected = [], []
    for j, kec in enumerate(sorted(set(row_kec.tolist()))):
        fmt = _SIKS_FORMATS[j % len(_SIKS_FORMATS)]
        frame = hh.siks.iloc[np.flatnonzero(row_kec == kec)].reset_index(drop=True)
        name = f"DTKS_KEC_{slug(kec_name[kec])}_{kab_slug}.{fmt['ext']}"
        path = dtks / name
        if fmt["format"] == "xlsx":
            titles = ["DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS) - EKSPOR SIKS-NG",
                      f"{kab_name[kec].upper()} - KECAMATAN {kec_name[kec].upper()}"]
            rows = [[v if v != "" else None for v in r] for r in frame.itertuples(index=False)]
            _write_xlsx(path, titles, list(SIKS_COLUMNS), rows, "DTKS")
            first_row = len(titles) + 2
        else:
            _write_csv(path, frame, encoding=fmt["encoding"], delimiter=fmt["delimiter"])
            titles, first_row = [], 2
        for r in np.flatnonzero(frame["NOMOR_KK"].to_numpy() == "").tolist():
            rejected.append({"file": f"dtks/{name}", "row": first_row + r, "kolom": "NOMOR_KK",
                             "alasan": "NOMOR_KK kosong"})
        records.append(_file_record(path, f"dtks/{name}", fmt, len(titles), len(frame), kec))
    records.append(_write_per_desa(dtks, hh, g, kec_of, kec_name))
    return records, rejected


def _write_per_desa(dtks: Path, hh: DemoHouseholds, g: pd.DataFrame, kec_of: dict[str, str],
                    kec_name: dict[str, str]) -> dict[str, Any]:
    """The per-desa file: the same persons again, the desa name spelled differently."""
    pd_code = hh.per_desa["kode_desa"]
    sel = np.flatnonzero(hh.siks_kode_desa.to_numpy() == pd_code)
    row = g.loc[g["kode_desa"] == pd_code].iloc[0]
    frame = hh.siks.iloc[sel].reset_index(drop=True).assign(
        DESA_KELURAHAN=hh.per_desa["input_nama"], KABUPATEN_KOTA=row["nama_kab"])
    nm = row["nama_desa"]
    name = f"DTKS_DESA_{slug(nm)}_KEC_{slug(kec_name[kec_of[pd_code]])}.csv"
    fmt = _SIKS_FORMATS[0]
    _write_csv(dtks / name, frame, encoding=fmt["encoding"], delimiter=fmt["delimiter"])
    return _file_record(dtks / name, f"dtks/{name}", fmt, 0, len(frame), kec_of[pd_code],
                        kode_desa=pd_code)


def write_p3ke(p3ke_dir: Path, hh: DemoHouseholds, kab_slug: str) -> list[dict[str, Any]]:
    """One workbook per part (part 2 with two title rows); returns the file records."""
    records = []
    for part in sorted(set(hh.p3ke_part.tolist())):
        sel = np.flatnonzero(hh.p3ke_part.to_numpy() == part)
        frame = hh.p3ke.iloc[sel]
        title = f"DATA P3KE {kab_slug.replace('_', ' ')} (BAGIAN {part})"
        titles = [] if part == 1 else [title, ""]
        rows = [list(r) for r in frame.itertuples(index=False)]
        name = f"P3KE_{kab_slug}_BAGIAN_{part}.xlsx"
        _write_xlsx(p3ke_dir / name, titles, list(P3KE_COLUMNS), rows, "P3KE")
        records.append(_file_record(p3ke_dir / name, f"p3ke/{name}", _XLSX, len(titles),
                                    len(frame), "", bagian=int(part)))
    return records


def _write_xlsx(path: Path, title_rows: list[str], header: list[str], rows: list[list[Any]],
                sheet: str) -> None:
    """A one-sheet workbook: title rows (an empty string is an empty row), header, rows."""
    from openpyxl import Workbook

    from layers.export import deterministic_xlsx

    wb = Workbook(write_only=True)
    wb.properties.creator = "Prioritas Desa demo"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.create_sheet(sheet)
    for t in title_rows:
        ws.append([t] if t else [])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(deterministic_xlsx(buf.getvalue(), FIXED_TIME, mode=0o600))


def _write_csv(path: Path, frame: pd.DataFrame, *, encoding: str, delimiter: str) -> None:
    """CSV in ``encoding``; Windows-1252 files get CRLF line endings, the others LF."""
    text = frame.to_csv(index=False, sep=delimiter,
                        lineterminator="\r\n" if encoding == "cp1252" else "\n")
    path.write_bytes(text.encode(encoding))


def _file_record(path: Path, rel: str, fmt: dict[str, Any], title_rows: int, rows: int,
                 kec: str, **extra: Any) -> dict[str, Any]:
    """The manifest record of a written register file (with its SHA-256)."""
    rec = {"path": rel, "format": fmt["format"], "encoding": fmt["encoding"],
           "delimiter": fmt["delimiter"], "title_rows": title_rows, "rows": rows,
           "kode_kec": kec}
    rec.update(extra)
    rec["sha256"] = sha256_of(path)
    return rec
