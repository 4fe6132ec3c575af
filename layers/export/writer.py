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
from layers.codes import dotted
from layers.export.provenance import INTERNAL_LABEL, header_line, source_line, version_line
from layers.export.suppression import SECONDARY_MARK, Pattern
from layers.export.table import TEXT_COLUMNS, Suppression, export_table
from layers.export.xlsx import deterministic_xlsx
from layers.fmt import angka
from layers.io.cells import safe_cell, safe_frame
from layers.ranking.method import reason_text
from layers.ranking.spec import RankResult
from layers.settings import DEFAULT, Settings

TITLE_ROWS = 10
"""The ranking sheet: title block in rows 1-9, an empty row, the header in row 11, data from 12."""


def write_ranking(result: RankResult, path: str | Path, *, meta: dict | None,
                  today: date | None = None, settings: Settings = DEFAULT,
                  suppress_small: bool = True, pattern: Pattern | None = None,
                  version: str | None = None) -> Path:
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
        Suppress small counts (public outputs). ``False`` only for authorised internal use:
        the file is then marked :data:`~layers.export.provenance.INTERNAL_LABEL`.
    pattern
        The dataset's :func:`~layers.export.suppression.suppression_pattern` (the same cells
        hidden as in every other output of the dataset).
    version
        The dataset's content hash (:func:`~layers.export.provenance.dataset_version`).

    Returns
    -------
    Path
        ``path``. A CSV also gets ``<name>.metode.json`` beside it.
    """
    path = Path(path)
    today = today or date.today()
    table, sup = export_table(result, meta=meta, settings=settings, suppress_small=suppress_small,
                              pattern=pattern)
    meta = dict(meta or {}, _versi_data=version)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, result, table, sup, meta, today)
    elif path.suffix.lower() == ".csv":
        _write_csv(path, result, table, sup, meta, today)
    else:
        raise InputError("Berkas keluaran harus .csv atau .xlsx.",
                         "The output file must be .csv or .xlsx.", file=path.name)
    return path


def _write_csv(path: Path, result: RankResult, table: pd.DataFrame, sup: Suppression,
               meta: dict, today: date) -> None:
    """Line 1: ``# key=value | ...`` (title, area, period, dataset version, source, weights,
    suppression); then the table with dotted codes (read it with ``skiprows=1``)."""
    m = result.method
    fields = {"judul": "Peringkat prioritas desa / Village priority ranking",
              "wilayah": area_label(m), "periode": meta.get("periode") or "-",
              "versi_data": meta.get("_versi_data") or "-", "sumber": source_line(meta),
              "bobot": _weights_line(result), "sensor": _suppression_word(sup),
              "diekspor": today.isoformat()}
    out = table.copy()
    for col in TEXT_COLUMNS:
        if col in out.columns:
            out[col] = [dotted(v) if v else v for v in out[col]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(header_line(fields) + "\n")
        safe_frame(out).to_csv(fh, index=False, lineterminator="\n")
    doc = method_document(result, sup, meta, today)
    doc["versi_data"] = meta.get("_versi_data")
    path.with_suffix(".metode.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _suppression_word(sup: Suppression) -> str:
    if sup.threshold <= 1:
        return INTERNAL_LABEL
    return f"angka 1-{sup.threshold - 1} = '{sup.mark}', '{SECONDARY_MARK}' = disembunyikan " \
           f"(docs/privacy.md)"


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
        f"Sumber / Source: {source_line(meta)}",
        version_line(meta, meta.get("_versi_data")),
        f"Metode / Method: normalisasi {m['normalisasi']}; bobot {_weights_line(result)}; "
        f"prioritas {m['aturan_prioritas']}; seri = peringkat sama (min). Rincian: sheet 'Metode'.",
        (f"Sel '{sup['tanda_primer']}' = jumlah 1-{sup['ambang'] - 1} disembunyikan; "
         f"'{SECONDARY_MARK}' = disembunyikan agar tidak dapat dihitung ulang / hidden small "
         "counts and complements" if sup["ambang"] > 1 else
         "Tanpa sensor angka kecil (internal) / no small-count suppression (internal)"),
        f"Diekspor / Exported: {today.isoformat()} — "
        f"Prioritas Desa {m.get('versi') or ''}".strip(),
    ]
    if sup["ambang"] <= 1:
        lines.insert(1, INTERNAL_LABEL)
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
    cell.value = safe_cell(value) if col not in TEXT_COLUMNS else value
    cell.number_format = "@" if col in TEXT_COLUMNS else number_format
    if isinstance(value, str) and col not in TEXT_COLUMNS and (
            value == SECONDARY_MARK or value.startswith("<")):
        cell.alignment = right

