"""Writers for a ranking: an XLSX with its method sheet, or a clean CSV with a method sidecar.

The XLSX is for people: a title block (title, area, data period, source, method line, legend,
export date), the table with codes stored as text cells (``@``) so Excel never turns
``3316062002`` into ``3.31606E+09``, number formats that Excel shows in the reader's locale
(``1.234,5`` in Indonesian), a frozen header, and a ``Metode`` sheet with everything needed to
reproduce the list. The CSV is for software: one header row of column names, UTF-8 with BOM,
comma-separated, decimal point; its method goes to ``<name>.metode.json`` beside it.

Small counts are suppressed in both (see :func:`suppress`). Apart from the export date (``today``)
the files depend only on the ranking and ``meta.json``: the XLSX is byte-identical for the same
inputs and date.

Public API
----------
export_table    the exported table (display values, suppression applied) and what was hidden
suppress        small-count suppression with complementary cells
write_ranking   ``.xlsx`` or ``.csv`` (+ ``.metode.json``)
"""

from __future__ import annotations

import copy
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from .codes import dotted
from .errors import InputError
from .fmt import angka
from .ranking import RankResult, indicator_info, reason_text
from .settings import DEFAULT, Settings

__all__ = ["SECONDARY_MARK", "Suppression", "export_table", "method_document", "suppress",
           "write_ranking"]

SECONDARY_MARK = "x"
"""Marker of a cell hidden so that a suppressed count cannot be recomputed (complementary)."""

TEXT_COLUMNS = ("kode_desa", "kode_kec", "kode_kab", "kode_prov")
LEAD_COLUMNS = ("peringkat", "prioritas", "skor", "kode_desa", "nama_desa", "jenis", "kode_kec",
                "nama_kec", "nama_kab")
_LEAD_LABELS = {
    "peringkat": "Peringkat", "prioritas": "Prioritas", "skor": "Skor (0-100)",
    "kode_desa": "Kode desa", "nama_desa": "Desa/kelurahan", "jenis": "Jenis",
    "kode_kec": "Kode kecamatan", "nama_kec": "Kecamatan", "nama_kab": "Kabupaten/kota",
    "alasan_kosong": "Keterangan (tidak diperingkat)",
}
TITLE_ROWS = 8
"""The ranking sheet: title block in rows 1-7, an empty row, the header in row 9, data from 10."""


@dataclass
class Suppression:
    """What :func:`suppress` hid.

    Attributes
    ----------
    threshold
        Counts ``1 .. threshold-1`` are hidden (``settings.small_count_threshold``).
    primary
        Number of count cells hidden because they are small.
    secondary
        Number of cells hidden so that a primary cell cannot be recomputed (contributions of a
        hidden count, one complementary indicator in the row, or the skor).
    rows
        kode_desa of the rows with any hidden cell.
    """

    threshold: int
    primary: int = 0
    secondary: int = 0
    rows: tuple[str, ...] = ()

    @property
    def mark(self) -> str:
        return f"<{self.threshold}"


# ================================================================================================
# the table
# ================================================================================================

def export_table(result: RankResult, *, meta: dict | None = None, settings: Settings = DEFAULT,
                 suppress_small: bool = True) -> tuple[pd.DataFrame, Suppression]:
    """The table as exported: column names as in the result, display values, cells hidden.

    Columns: :data:`LEAD_COLUMNS`, the used indicators, ``kontribusi_<indicator>`` (rounded to
    2 decimals), ``alasan_kosong``. Values are numbers, text for codes and names, or the
    suppression markers (object dtype).
    """
    t = result.table
    used = result.indicators
    cols = [c for c in LEAD_COLUMNS if c in t] + used + [f"kontribusi_{c}" for c in used]
    out = pd.DataFrame({c: _plain(t[c]) for c in cols + ["alasan_kosong"]})
    for c in used:
        out[f"kontribusi_{c}"] = _rounded(out[f"kontribusi_{c}"], 2)
        if not pd.api.types.is_integer_dtype(t[c]):
            out[c] = _rounded(out[c], 4)
    kinds = {c: indicator_info(c, meta).get("jenis") for c in used}
    if suppress_small:
        return suppress(out, used, kinds, threshold=settings.small_count_threshold)
    return out, Suppression(threshold=0)


def _plain(s: pd.Series) -> pd.Series:
    """Nullable values to Python objects with None for missing (what writers understand)."""
    arr = s.astype(object).to_numpy()
    return pd.Series([None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else (v.item() if hasattr(v, "item") else v) for v in arr],
                     index=s.index, dtype=object)


def _rounded(s: pd.Series, decimals: int) -> pd.Series:
    return pd.Series([None if v is None else round(float(v), decimals) for v in s],
                     index=s.index, dtype=object)


def suppress(table: pd.DataFrame, used: list[str], kinds: dict[str, str | None], *,
             threshold: int) -> tuple[pd.DataFrame, Suppression]:
    """Hide small counts so that they can be neither read nor recomputed from the export.

    Rules (``k = threshold``):

    1. Primary: a count cell with ``0 < value < k`` shows ``"<k"``. Zero stays visible (an
       empty group identifies nobody) and so do empty values (``None``).
    2. Its ``kontribusi`` cell shows ``x``: a contribution is a linear function of the count.
    3. Complementary: ``skor`` is the sum of the row's contributions, so with a single hidden
       contribution it would give it back. One more indicator of the row is hidden (value and
       contribution, ``x``): a non-count indicator first (no integer constraint to exploit),
       then the largest contribution, then column order. A row with no other indicator hides
       its ``skor`` instead (``peringkat`` and ``prioritas`` stay).
    4. The table has no totals row and no area totals, so no column total can give a hidden
       cell back.

    Returns
    -------
    (DataFrame, Suppression)
        A copy of ``table`` with markers, and counts of what was hidden.
    """
    out = table.copy()
    info = Suppression(threshold=threshold)
    if threshold <= 1:
        return out, info
    counts = [c for c in used if kinds.get(c) == "count"]
    rows = []
    for i in out.index:
        small = [c for c in counts if _is_small(out.at[i, c], threshold)]
        if not small:
            continue
        rows.append(str(out.at[i, "kode_desa"]))
        ranked = out.at[i, "skor"] is not None
        for c in small:
            out.at[i, c] = info.mark
            info.primary += 1
            if ranked and out.at[i, f"kontribusi_{c}"] is not None:
                out.at[i, f"kontribusi_{c}"] = SECONDARY_MARK
                info.secondary += 1
        if ranked and len(small) == 1:
            info.secondary += _complement(out, i, used, small[0], kinds)
    info.rows = tuple(rows)
    return out, info


def _is_small(value, threshold: int) -> bool:
    return isinstance(value, (int, float)) and 0 < value < threshold


def _complement(out: pd.DataFrame, i, used: list[str], hidden: str, kinds: dict) -> int:
    others = [c for c in used if c != hidden]
    if not others:
        out.at[i, "skor"] = SECONDARY_MARK
        return 1
    def key(c):
        k = out.at[i, f"kontribusi_{c}"]
        return (kinds.get(c) == "count", -(k if isinstance(k, (int, float)) else 0.0),
                used.index(c))
    pick = sorted(others, key=key)[0]
    out.at[i, pick] = SECONDARY_MARK
    out.at[i, f"kontribusi_{pick}"] = SECONDARY_MARK
    return 2


# ================================================================================================
# writers
# ================================================================================================

def write_ranking(result: RankResult, path: str | Path, *, meta: dict | None,
                  today: date | None = None, settings: Settings = DEFAULT,
                  suppress_small: bool = True) -> Path:
    """Write a ranking to ``path`` (``.xlsx`` or ``.csv``).

    Parameters
    ----------
    result
        From :func:`layers.ranking.rank_desa` (optionally ``.top(n)``).
    meta
        The dataset's ``meta.json``: period, sources with SHA-256, version, labels.
    today
        Export date written in the file (the only value not taken from the inputs).
    suppress_small
        Suppress small counts (public outputs). ``False`` only for authorised internal use.

    Returns
    -------
    Path
        ``path``. A CSV also gets ``<name>.metode.json`` beside it.
    """
    path = Path(path)
    today = today or date.today()
    table, sup = export_table(result, meta=meta, settings=settings, suppress_small=suppress_small)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, result, table, sup, meta or {}, today)
    elif path.suffix.lower() == ".csv":
        _write_csv(path, result, table, sup, meta or {}, today)
    else:
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=path.name)
    return path


def method_document(result: RankResult, sup: Suppression, meta: dict, today: date) -> dict:
    """The method as a JSON-ready dict: the ranking's method, sources, suppression, export date.

    Min and max of a count indicator are data too: they are hidden like the table's cells.
    """
    doc = {
        "judul": "Peringkat prioritas desa / Village priority ranking",
        "tanggal_ekspor": today.isoformat(),
        **copy.deepcopy(result.method),
        "sumber": _sources(meta),
        "sensor_angka_kecil": {
            "ambang": sup.threshold, "tanda_primer": sup.mark if sup.threshold > 1 else None,
            "tanda_sekunder": SECONDARY_MARK, "sel_primer": sup.primary,
            "sel_sekunder": sup.secondary, "baris_total": False,
            "aturan_id": _suppression_text(sup)[0], "aturan_en": _suppression_text(sup)[1],
        },
    }
    _mask_method_minmax(doc, sup)
    return doc


def _write_csv(path: Path, result: RankResult, table: pd.DataFrame, sup: Suppression,
               meta: dict, today: date) -> None:
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    doc = method_document(result, sup, meta, today)
    path.with_suffix(".metode.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _sources(meta: dict) -> dict:
    regs = [{"register": r.get("register"), "label_id": r.get("label_id"),
             "label_en": r.get("label_en"), "layout": r.get("layout"),
             "berkas": [{"nama": f.get("name"), "sha256": f.get("sha256"), "baris": f.get("rows")}
                        for f in r.get("files", [])]}
            for r in meta.get("registers", [])]
    bw = meta.get("batas_wilayah") or {}
    return {"register": regs,
            "batas_wilayah": {"nama": bw.get("file"), "sha256": bw.get("sha256")} if bw else None,
            "pemetaan": meta.get("mapping")}


def _suppression_text(sup: Suppression) -> tuple[str, str]:
    if sup.threshold <= 1:
        return ("Tidak ada sensor angka kecil (ekspor internal).",
                "No small-count suppression (internal export).")
    k, m, x = sup.threshold, sup.mark, SECONDARY_MARK
    return (
        f"Jumlah (KK/jiwa) 1 sampai {k - 1} ditampilkan '{m}'. Kontribusi jumlah itu ditampilkan "
        f"'{x}' karena dapat dihitung balik menjadi jumlahnya. Karena skor = jumlah kontribusi, "
        f"satu indikator lain di baris yang sama juga disembunyikan ('{x}', nilai dan "
        f"kontribusi); bila tidak ada indikator lain, skor disembunyikan. Angka 0 dan sel kosong "
        f"tetap tampil. Tabel ini tidak memuat baris total maupun total wilayah. "
        f"Sel primer: {sup.primary}, sel sekunder: {sup.secondary}. Batas: total kecamatan/"
        f"kabupaten dari keluaran lain tidak dipertimbangkan di sini.",
        f"Counts (households/persons) 1 to {k - 1} show '{m}'. The contribution of such a count "
        f"shows '{x}' because it converts back into the count. Since skor = sum of the "
        f"contributions, one more indicator of the same row is hidden too ('{x}', value and "
        f"contribution); with no other indicator, skor is hidden. 0 and empty cells stay "
        f"visible. This table has no totals row and no area totals. Primary cells: "
        f"{sup.primary}, secondary cells: {sup.secondary}. Limit: kecamatan/kabupaten totals "
        f"published in other outputs are not considered here.")


def _mask_method_minmax(doc: dict, sup: Suppression) -> None:
    """Min/max of a count in the method are data too: hide them when small."""
    if sup.threshold <= 1:
        return
    for ind in doc.get("indikator", []):
        if ind.get("jenis") == "count":
            for key in ("min", "maks"):
                if _is_small(ind.get(key), sup.threshold):
                    ind[key] = sup.mark


# ---- XLSX --------------------------------------------------------------------------------------

def _write_xlsx(path: Path, result: RankResult, table: pd.DataFrame, sup: Suppression,
                meta: dict, today: date) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Peringkat"
    doc = method_document(result, sup, meta, today)
    _title_block(ws, result, doc, meta, today)
    _table(ws, result, table, meta)
    _method_sheet(wb.create_sheet("Metode"), result, doc, meta)
    stamp = datetime(today.year, today.month, today.day)
    wb.properties.creator = "Prioritas Desa"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(deterministic_xlsx(buf.getvalue(), stamp))


def _area_label(method: dict) -> str:
    w = method.get("wilayah") or {}
    name = w.get("nama") or "-"
    return f"{name} ({dotted(w['kode'])})" if w.get("kode") else name


def _source_line(meta: dict) -> str:
    parts = []
    for r in meta.get("registers", []):
        n = len(r.get("files", []))
        parts.append(f"{r.get('label_id') or r.get('register')} ({n} berkas/files)")
    bw = (meta.get("batas_wilayah") or {}).get("file")
    line = "; ".join(parts) or "-"
    return f"{line}; batas wilayah / boundaries: {bw}" if bw else line


def _weights_line(result: RankResult) -> str:
    items = []
    for ind in result.method["indikator"]:
        reg = f" [{ind['register_label_id']}]" if ind.get("register_label_id") else ""
        arrow = "" if ind["arah"] == "higher" else " (rendah = prioritas)"
        items.append(f"{ind['label_id']}{reg}{arrow} {angka(ind['bobot_dinormalkan'] * 100, 1)}%")
    return "; ".join(items)


def _title_block(ws, result: RankResult, doc: dict, meta: dict, today: date) -> None:
    from openpyxl.styles import Font

    m = result.method
    top = f", {m['top']} teratas / top {m['top']}" if m.get("top") else ""
    kel = "kelurahan disertakan" if m["sertakan_kelurahan"] else "kelurahan tidak diperingkat"
    lines = [
        f"Peringkat Prioritas Desa / Village priority ranking — {_area_label(m)}",
        f"Wilayah / Area: {_area_label(m)}{top}; {m['diperingkat']} dari {m['jumlah_desa']} "
        f"desa/kelurahan diperingkat; {kel}",
        f"Periode data / Data period: {m.get('periode') or 'tidak disebut / not stated'}",
        f"Sumber / Source: {_source_line(meta)}",
        f"Metode / Method: normalisasi {m['normalisasi']}; bobot {_weights_line(result)}; "
        f"prioritas {m['aturan_prioritas']}; seri = peringkat sama (min). Rincian: sheet 'Metode'.",
        (f"Sel '{doc['sensor_angka_kecil']['tanda_primer']}' = jumlah 1-"
         f"{doc['sensor_angka_kecil']['ambang'] - 1} disembunyikan; '{SECONDARY_MARK}' = "
         "disembunyikan agar tidak dapat dihitung ulang / hidden small counts and complements"
         if doc["sensor_angka_kecil"]["ambang"] > 1 else
         "Tanpa sensor angka kecil (internal) / no small-count suppression (internal)"),
        f"Diekspor / Exported: {today.isoformat()} — "
        f"Prioritas Desa {m.get('versi') or ''}".strip(),
    ]
    for r, text in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(bold=True, size=14) if r == 1 else Font(size=10, italic=r > 4)


def _column_spec(col: str, result: RankResult, meta: dict) -> tuple[str, str, float]:
    """Header label, number format and width of an exported column."""
    if col in _LEAD_LABELS:
        fmt = {"peringkat": "0", "prioritas": "0", "skor": "0.00"}.get(col, "@")
        width = {"nama_desa": 22, "nama_kec": 18, "nama_kab": 20, "jenis": 10,
                 "alasan_kosong": 60}.get(col, 12)
        return _LEAD_LABELS[col], fmt, width
    base = col.removeprefix("kontribusi_")
    info = indicator_info(base, meta)
    reg = f" [{info['register_label_id']}]" if info.get("register_label_id") else ""
    if col.startswith("kontribusi_"):
        return f"Kontribusi: {info['label_id']}{reg}", "0.00", 16
    unit = f" ({info['satuan']})" if info.get("satuan") else ""
    fmt = "#,##0" if info.get("jenis") == "count" else "#,##0.00"
    return f"{info['label_id']}{reg}{unit}", fmt, 16


def _table(ws, result: RankResult, table: pd.DataFrame, meta: dict) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head_row = TITLE_ROWS + 1
    columns = list(table.columns)
    specs = [_column_spec(c, result, meta) for c in columns]
    fill = PatternFill("solid", fgColor="DDE5F0")
    for j, (label, _, width) in enumerate(specs, start=1):
        cell = ws.cell(row=head_row, column=j, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width
    reasons = table["alasan_kosong"].map(lambda v: reason_text(v, meta=meta))
    right = Alignment(horizontal="right")
    for i, row in enumerate(table.itertuples(index=False), start=head_row + 1):
        for j, (col, value) in enumerate(zip(columns, row), start=1):
            if col == "alasan_kosong":
                value = reasons.iat[i - head_row - 1] or None
            if col in TEXT_COLUMNS and value is not None:
                value = str(value)
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name is never a formula
            cell.number_format = "@" if col in TEXT_COLUMNS else specs[j - 1][1]
            if isinstance(value, str) and col not in TEXT_COLUMNS and (
                    value == SECONDARY_MARK or value.startswith("<")):
                cell.alignment = right
    ws.freeze_panes = ws.cell(row=head_row + 1, column=6)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{head_row}:{last}{head_row + max(len(table), 1)}"
    ws.row_dimensions[head_row].height = 45


def _method_sheet(ws, result: RankResult, doc: dict, meta: dict) -> None:
    from openpyxl.styles import Alignment, Font

    m = result.method
    left = m.get("tidak_diperingkat") or {}
    left_text = ", ".join(f"{k}: {v}" for k, v in left.items()) or "0"
    sup = doc["sensor_angka_kecil"]
    idm = ", ".join(m["filter_idm"]) if m["filter_idm"] else None
    versi = f"Prioritas Desa {m.get('versi') or ''}".strip()
    rows: list[tuple[str, tuple]] = [
        ("title", ("Metode peringkat / Ranking method",)),
        ("header", ("Keterangan / Item", "Bahasa Indonesia", "English")),
        ("row", ("Wilayah / Area", _area_label(m), _area_label(m))),
        ("row", ("Periode data / Data period", m.get("periode") or "tidak disebut",
                 m.get("periode") or "not stated")),
        ("row", ("Tanggal ekspor / Export date", doc["tanggal_ekspor"], doc["tanggal_ekspor"])),
        ("row", ("Versi / Version", versi, versi)),
        ("row", ("Skor / Score", m["skor_id"], m["skor_en"])),
        ("row", ("Normalisasi / Normalisation", f"{m['normalisasi']}: {m['normalisasi_id']}",
                 f"{m['normalisasi']}: {m['normalisasi_en']}")),
        ("row", ("Aturan seri / Tie rule", m["aturan_seri_id"], m["aturan_seri_en"])),
        ("row", ("Aturan prioritas / Tier rule",
                 f"{m['aturan_prioritas']}: {m['aturan_prioritas_id']}",
                 f"{m['aturan_prioritas']}: {m['aturan_prioritas_en']}")),
        ("row", ("Kelurahan", "disertakan" if m["sertakan_kelurahan"] else
                 "tidak diperingkat (tanpa Dana Desa dan Musdes)",
                 "included" if m["sertakan_kelurahan"] else
                 "not ranked (no Dana Desa, no Musdes)")),
        ("row", ("Filter IDM / IDM filter", idm or "tidak ada", idm or "none")),
        ("row", ("Desa di wilayah / Desa in area", m["jumlah_desa"], m["jumlah_desa"])),
        ("row", ("Diperingkat / Ranked", m["diperingkat"], m["diperingkat"])),
        ("row", ("Tidak diperingkat / Not ranked", left_text, left_text)),
    ]
    if m.get("top"):
        rows.append(("row", ("Baris / Rows",
                             f"{m['top']} peringkat teratas ({m['baris_top']} baris, seri di "
                             "batas ikut)",
                             f"top {m['top']} ranks ({m['baris_top']} rows, ties at the cut "
                             "kept)")))
    rows += [
        ("row", ("Sensor angka kecil / Small-count suppression", sup["aturan_id"],
                 sup["aturan_en"])),
        ("section", ("Indikator / Indicators",)),
        ("header", ("Kolom / Column", "Label", "Label (EN)", "Satuan / Unit", "Jenis / Kind",
                    "Register", "Arah / Direction", "Bobot / Weight",
                    "Bobot dinormalkan / Normalised", "Min", "Maks / Max")),
    ]
    for ind in doc["indikator"]:
        arah = ("tinggi = prioritas / higher = priority" if ind["arah"] == "higher"
                else "rendah = prioritas / lower = priority")
        rows.append(("row", (ind["kolom"], ind["label_id"], ind["label_en"], ind.get("satuan"),
                             ind.get("jenis"), ind.get("register_label_id") or "-", arah,
                             ind["bobot"], ind["bobot_dinormalkan"], ind["min"], ind["maks"])))
    if m.get("catatan_default"):
        rows += [("section", ("Indikator bawaan / Default indicators",)),
                 ("header", ("Peran / Role", "Catatan", "Note", "Kolom / Column"))]
        rows += [("row", (n["label_id"], n["catatan_id"], n["catatan_en"], n["kolom"] or "-"))
                 for n in m["catatan_default"]]
    rows += [("section", ("Berkas sumber / Source files",)),
             ("header", ("Register", "Berkas / File", "SHA-256", "Baris / Rows"))]
    for reg in doc["sumber"]["register"]:
        rows += [("row", (reg["label_id"] or reg["register"], f["nama"], f["sha256"], f["baris"]))
                 for f in reg["berkas"]]
    bw = doc["sumber"]["batas_wilayah"]
    if bw:
        rows.append(("row", ("Batas wilayah / Boundaries", bw["nama"], bw["sha256"])))
    if doc["sumber"]["pemetaan"]:
        rows.append(("row", ("Pemetaan nama / Name mapping", doc["sumber"]["pemetaan"])))
    rows += [("section", ("Kolom tabel / Table columns",)),
             ("header", ("Judul kolom / Header", "Kolom / Column"))]
    table_cols = [c for c in LEAD_COLUMNS if c in result.table] + result.indicators + [
        f"kontribusi_{c}" for c in result.indicators] + ["alasan_kosong"]
    rows += [("row", (_column_spec(c, result, meta)[0], c)) for c in table_cols]

    fonts = {"title": Font(bold=True, size=14), "section": Font(bold=True, size=12),
             "header": Font(bold=True)}
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 0
    for kind, values in rows:
        r += 2 if kind == "section" else 1
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=j, value=value)
            if kind in fonts:
                cell.font = fonts[kind]
            elif j == 1:
                cell.font = Font(bold=True)
            if kind != "title" and kind != "section":
                cell.alignment = wrap
    for letter, width in zip("ABCDEFGHIJK", (30, 60, 60, 22, 12, 16, 22, 10, 14, 10, 10)):
        ws.column_dimensions[letter].width = width


def deterministic_xlsx(data: bytes, stamp: datetime, *, mode: int = 0o644) -> bytes:
    """Re-pack an XLSX so its bytes depend on its content and ``stamp`` only.

    openpyxl writes the current time into ``docProps/core.xml`` and the zip entries; both are
    set to ``stamp`` (the export date, or a fixed time for synthetic inputs).
    """
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                for tag in (rb"dcterms:created", rb"dcterms:modified"):
                    content = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)",
                                     rb"\g<1>" + iso + rb"\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = mode << 16
            zout.writestr(zi, content)
    return out.getvalue()
