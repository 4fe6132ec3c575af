"""Writing a ranking to ``.xlsx`` (sheet ``Peringkat`` with a title block, sheet ``Metode``) or
``.csv`` (+ ``<name>.metode.json``)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from layers.errors import InputError
from layers.export.labels import area_label, column_spec
from layers.export.method import method_document
from layers.export.method_sheet import write_method_sheet
from layers.export.table import SECONDARY_MARK, TEXT_COLUMNS, Suppression, export_table
from layers.export.xlsx import deterministic_xlsx
from layers.fmt import angka
from layers.ranking.method import reason_text
from layers.ranking.spec import RankResult
from layers.settings import DEFAULT, Settings

TITLE_ROWS = 8
"""The ranking sheet: title block in rows 1-7, an empty row, the header in row 9, data from 10."""


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


def _write_csv(path: Path, result: RankResult, table: pd.DataFrame, sup: Suppression,
               meta: dict, today: date) -> None:
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    doc = method_document(result, sup, meta, today)
    path.with_suffix(".metode.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_xlsx(path: Path, result: RankResult, table: pd.DataFrame, sup: Suppression,
                meta: dict, today: date) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Peringkat"
    doc = method_document(result, sup, meta, today)
    _title_block(ws, result, doc, meta, today)
    _table_sheet(ws, table, meta)
    write_method_sheet(wb.create_sheet("Metode"), result, doc, meta)
    stamp = datetime(today.year, today.month, today.day)
    wb.properties.creator = "Prioritas Desa"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(deterministic_xlsx(buf.getvalue(), stamp))


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
    sup = doc["sensor_angka_kecil"]
    lines = [
        f"Peringkat Prioritas Desa / Village priority ranking — {area_label(m)}",
        f"Wilayah / Area: {area_label(m)}{top}; {m['diperingkat']} dari {m['jumlah_desa']} "
        f"desa/kelurahan diperingkat; {kel}",
        f"Periode data / Data period: {m.get('periode') or 'tidak disebut / not stated'}",
        f"Sumber / Source: {_source_line(meta)}",
        f"Metode / Method: normalisasi {m['normalisasi']}; bobot {_weights_line(result)}; "
        f"prioritas {m['aturan_prioritas']}; seri = peringkat sama (min). Rincian: sheet 'Metode'.",
        (f"Sel '{sup['tanda_primer']}' = jumlah 1-{sup['ambang'] - 1} disembunyikan; "
         f"'{SECONDARY_MARK}' = disembunyikan agar tidak dapat dihitung ulang / hidden small "
         "counts and complements" if sup["ambang"] > 1 else
         "Tanpa sensor angka kecil (internal) / no small-count suppression (internal)"),
        f"Diekspor / Exported: {today.isoformat()} — "
        f"Prioritas Desa {m.get('versi') or ''}".strip(),
    ]
    for r, text in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(bold=True, size=14) if r == 1 else Font(size=10, italic=r > 4)


def _table_sheet(ws, table: pd.DataFrame, meta: dict) -> None:
    """The header row after the title block, then one row per desa; codes as text cells."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    head_row = TITLE_ROWS + 1
    columns = list(table.columns)
    specs = [column_spec(c, meta) for c in columns]
    _header(ws, head_row, specs)
    reasons = table["alasan_kosong"].map(lambda v: reason_text(v, meta=meta))
    right = Alignment(horizontal="right")
    for i, row in enumerate(table.itertuples(index=False), start=head_row + 1):
        for j, (col, value) in enumerate(zip(columns, row), start=1):
            if col == "alasan_kosong":
                value = reasons.iat[i - head_row - 1] or None
            _data_cell(ws.cell(row=i, column=j), col, value, specs[j - 1][1], right)
    ws.freeze_panes = ws.cell(row=head_row + 1, column=6)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{head_row}:{last}{head_row + max(len(table), 1)}"
    ws.row_dimensions[head_row].height = 45


def _header(ws, head_row: int, specs: list[tuple[str, str, float]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDE5F0")
    for j, (label, _, width) in enumerate(specs, start=1):
        cell = ws.cell(row=head_row, column=j, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width


def _data_cell(cell, col: str, value, number_format: str, right) -> None:
    """One table cell: codes as text, names never formulas, markers right-aligned."""
    if col in TEXT_COLUMNS and value is not None:
        value = str(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a name is never a formula
    cell.number_format = "@" if col in TEXT_COLUMNS else number_format
    if isinstance(value, str) and col not in TEXT_COLUMNS and (
            value == SECONDARY_MARK or value.startswith("<")):
        cell.alignment = right

