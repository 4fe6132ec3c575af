"""Writing an analysis: ``.xlsx`` (sheet ``Hasil`` with a title block, ``Metode``, and any extra
sheet such as ``Kecamatan``) or ``.csv`` (+ ``<name>.metode.json``, extra tables as
``<name>.<sheet>.csv``). One row per desa, ``kode_desa`` first and written as text.

Small counts (``0 < n < settings.small_count_threshold``) of count columns are shown as
``<k``; a difference or percent computed from a hidden count shows ``x``, so it cannot give
the count back.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from layers.analysis.common import rate_columns
from layers.codes import dotted
from layers.errors import InputError
from layers.export.xlsx import deterministic_xlsx
from layers.ranking.columns import indicator_info
from layers.settings import DEFAULT, Settings

TITLE_ROWS = 7
_TEXT = ("kode_desa", "kode_kec", "kode_kab", "kode_prov")
_SUFFIXES = ("_lama", "_baru")


def write_analysis(frame: pd.DataFrame, method: dict, path: str | Path, *, meta: dict | None,
                   extra: dict[str, pd.DataFrame] | None = None, today: date | None = None,
                   settings: Settings = DEFAULT, suppress_small: bool = True) -> Path:
    """Write ``frame`` (and ``extra`` tables by sheet name) with the method to ``path``."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=path.name)
    today = today or date.today()
    k = settings.small_count_threshold if suppress_small else 0
    tables = {"Hasil": suppress_counts(frame, meta, k, method.get("turunan")),
              **{n: suppress_counts(t, meta, k) for n, t in (extra or {}).items()}}
    doc = method_document(method, meta or {}, today, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        for i, (name, table) in enumerate(tables.items()):
            target = path if i == 0 else path.with_suffix(f".{name.lower()}.csv")
            table.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\n")
        path.with_suffix(".metode.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    else:
        path.write_bytes(_xlsx(tables, doc, today))
    return path


def suppress_counts(frame: pd.DataFrame, meta: dict | None, threshold: int,
                    derived: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Values as Python objects; small counts ``<k``; ``x`` where a value would give a hidden
    count back: its ``_selisih`` / ``_persen``, a rate of the same period over it (numerator
    or denominator), and the columns ``derived`` names for it."""
    out = pd.DataFrame({c: _plain(frame[c]) for c in frame.columns})
    if threshold <= 1:
        return out
    hidden: dict[str, pd.Series] = {}
    for col in frame.columns:
        stem, sfx = _split(col)
        if pd.api.types.is_numeric_dtype(frame[col]) and \
                indicator_info(stem, meta).get("jenis") == "count":
            small = frame[col].astype("Float64").fillna(0).between(1, threshold - 1)
            if small.any():
                hidden[col] = small
                out.loc[small, col] = f"<{threshold}"
    for col, small in hidden.items():
        stem, sfx = _split(col)
        deps = list((derived or {}).get(col, []))
        deps += [f"{stem}_selisih", f"{stem}_persen"] if sfx else []
        for other in frame.columns:
            o_stem, o_sfx = _split(other)
            parts = rate_columns(o_stem, meta) if o_sfx == sfx and other != col else None
            if parts and stem in (parts[0], *parts[1]):
                deps += [other, f"{o_stem}_selisih"]
        for dep in (d for d in deps if d in out and d != col):
            out.loc[small & ~hidden.get(dep, small & False), dep] = "x"
    return out


def _split(col: str) -> tuple[str, str]:
    """``kk_pkh_lama`` -> (``kk_pkh``, ``_lama``); a column without period suffix -> (col, "")."""
    for s in _SUFFIXES:
        if col.endswith(s):
            return col[: -len(s)], s
    return col, ""


def _plain(s: pd.Series) -> pd.Series:
    arr = s.astype(object).to_numpy()
    return pd.Series([None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else (v.item() if hasattr(v, "item") else v) for v in arr],
                     index=s.index, dtype=object)


def method_document(method: dict, meta: dict, today: date, threshold: int) -> dict:
    """Title, area, period, sources, method texts and details as one JSON-able dict."""
    where = method.get("wilayah") or {}
    area = where if where.get("kode") else (meta.get("wilayah") or {})
    sources = [{"register": r.get("register"),
                "berkas": [f.get("name") for f in r.get("files", [])],
                "sha256": [f.get("sha256") for f in r.get("files", [])]}
               for r in meta.get("registers", [])]
    return {"judul": f"{method['judul_id']} / {method['judul_en']}",
            "wilayah": {"kode": area.get("kode"), "nama": area.get("nama"),
                        "tingkat": area.get("tingkat")},
            "periode": method.get("periode_baru") or meta.get("periode"),
            "periode_lama": method.get("periode_lama"),
            "sumber": sources, "batas_wilayah": (meta.get("batas_wilayah") or {}).get("file"),
            "metode_id": method["teks_id"], "metode_en": method["teks_en"],
            "rincian": [{"butir": a, "nilai": b} for a, b in method.get("rincian", [])],
            "sensor_angka_kecil": threshold, "diekspor": today.isoformat(),
            "versi": meta.get("versi")}


def _title_lines(doc: dict) -> list[str]:
    w = doc["wilayah"]
    area = f"{w.get('nama') or '-'} ({dotted(w['kode'])})" if w.get("kode") else "-"
    period = doc["periode"] or "tidak disebut / not stated"
    if doc.get("periode_lama"):
        period = f"{doc['periode_lama']} -> {period}"
    sources = "; ".join(f"{s['register']} ({len(s['berkas'])} berkas/files)"
                        for s in doc["sumber"]) or "-"
    if doc.get("batas_wilayah"):
        sources += f"; batas wilayah / boundaries: {doc['batas_wilayah']}"
    sup = (f"Jumlah 1-{doc['sensor_angka_kecil'] - 1} tampil '<{doc['sensor_angka_kecil']}', "
           "turunannya 'x' / small counts hidden" if doc["sensor_angka_kecil"] > 1 else
           "Tanpa sensor angka kecil (internal) / no small-count suppression (internal)")
    return [f"{doc['judul']} — {area}", f"Wilayah / Area: {area}",
            f"Periode data / Data period: {period}", f"Sumber / Source: {sources}",
            f"Metode / Method: {doc['metode_id']}", sup,
            f"Diekspor / Exported: {doc['diekspor']} — Prioritas Desa {doc.get('versi') or ''}"]


def _xlsx(tables: dict[str, pd.DataFrame], doc: dict, today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = True
    for name, table in tables.items():
        ws = wb.active if first else wb.create_sheet(name)
        ws.title = name
        if first:
            for r, text in enumerate(_title_lines(doc), start=1):
                ws.cell(row=r, column=1, value=text).font = Font(bold=r == 1, size=14 if r == 1
                                                                 else 10)
        _table(ws, table, TITLE_ROWS + 2 if first else 1)
        first = False
    _method_sheet(wb.create_sheet("Metode"), doc)
    stamp = datetime(today.year, today.month, today.day)
    wb.properties.creator = "Prioritas Desa"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_xlsx(buf.getvalue(), stamp)


def _table(ws, table: pd.DataFrame, head_row: int) -> None:
    from openpyxl.styles import Font

    for j, col in enumerate(table.columns, start=1):
        ws.cell(row=head_row, column=j, value=col).font = Font(bold=True)
    for i, row in enumerate(table.itertuples(index=False), start=head_row + 1):
        for j, (col, value) in enumerate(zip(table.columns, row), start=1):
            cell = ws.cell(row=i, column=j, value=str(value) if col in _TEXT and value is not None
                           else value)
            if isinstance(value, str):
                cell.data_type = "s"  # a name is text, never a formula
            if col in _TEXT:
                cell.number_format = "@"
    ws.freeze_panes = ws.cell(row=head_row + 1, column=2)


def _method_sheet(ws, doc: dict) -> None:
    from openpyxl.styles import Font

    rows = [("Judul / title", doc["judul"]), ("Metode", doc["metode_id"]),
            ("Method", doc["metode_en"]),
            *[(r["butir"], r["nilai"]) for r in doc["rincian"]],
            ("Periode / period", doc["periode"]), ("Batas wilayah / boundaries",
                                                   doc.get("batas_wilayah") or "-")]
    for s in doc["sumber"]:
        for name, sha in zip(s["berkas"], s["sha256"]):
            rows.append((f"Sumber {s['register']} / source", f"{name} (SHA-256 {sha})"))
    for r, (a, b) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=a).font = Font(bold=True)
        cell = ws.cell(row=r, column=2, value=b)
        if isinstance(b, str):
            cell.data_type = "s"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 100
