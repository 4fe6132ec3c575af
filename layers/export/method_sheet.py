"""The ``Metode`` sheet of a ranking XLSX: everything needed to reproduce the list, as rows of
sections (summary, indicators, defaults, source files, table columns)."""

from __future__ import annotations

from layers.export.labels import area_label, column_spec
from layers.export.table import table_columns
from layers.io.cells import safe_cell
from layers.ranking.spec import RankResult

#: a row of the sheet: its kind (title, section, header, row) and its cell values
Row = tuple[str, tuple]

_WIDTHS = (30, 60, 60, 22, 12, 16, 22, 10, 14, 10, 10)


def write_method_sheet(ws, result: RankResult, doc: dict, meta: dict) -> None:
    """Fill ``ws`` with the method of ``result`` (``doc`` from
    :func:`layers.export.method.method_document`)."""
    rows = (_summary_rows(result.method, doc) + _indicator_rows(doc)
            + _default_rows(result.method) + _source_rows(doc) + _column_rows(result, meta))
    _render(ws, rows)


def _summary_rows(m: dict, doc: dict) -> list[Row]:
    """Title, then one row per rule or count, in Bahasa Indonesia and English."""
    left = m.get("tidak_diperingkat") or {}
    left_text = ", ".join(f"{k}: {v}" for k, v in left.items()) or "0"
    idm = ", ".join(m["filter_idm"]) if m["filter_idm"] else None
    versi = f"Prioritas Desa {m.get('versi') or ''}".strip()
    rows: list[Row] = [
        ("title", ("Metode peringkat / Ranking method",)),
        ("header", ("Keterangan / Item", "Bahasa Indonesia", "English")),
        ("row", ("Wilayah / Area", area_label(m), area_label(m))),
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
    sup = doc["sensor_angka_kecil"]
    rows.append(("row", ("Sensor angka kecil / Small-count suppression", sup["aturan_id"],
                         sup["aturan_en"])))
    return rows


def _indicator_rows(doc: dict) -> list[Row]:
    rows: list[Row] = [
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
    return rows


def _default_rows(m: dict) -> list[Row]:
    if not m.get("catatan_default"):
        return []
    return [("section", ("Indikator bawaan / Default indicators",)),
            ("header", ("Peran / Role", "Catatan", "Note", "Kolom / Column")),
            *[("row", (n["label_id"], n["catatan_id"], n["catatan_en"], n["kolom"] or "-"))
              for n in m["catatan_default"]]]


def _source_rows(doc: dict) -> list[Row]:
    rows: list[Row] = [("section", ("Berkas sumber / Source files",)),
                       ("header", ("Register", "Berkas / File", "SHA-256", "Baris / Rows"))]
    for reg in doc["sumber"]["register"]:
        rows += [("row", (reg["label_id"] or reg["register"], f["nama"], f["sha256"], f["baris"]))
                 for f in reg["berkas"]]
    bw = doc["sumber"]["batas_wilayah"]
    if bw:
        rows.append(("row", ("Batas wilayah / Boundaries", bw["nama"], bw["sha256"])))
    if doc["sumber"]["pemetaan"]:
        rows.append(("row", ("Pemetaan nama / Name mapping", doc["sumber"]["pemetaan"])))
    return rows


def _column_rows(result: RankResult, meta: dict) -> list[Row]:
    """Header label -> column name of every exported column."""
    return [("section", ("Kolom tabel / Table columns",)),
            ("header", ("Judul kolom / Header", "Kolom / Column")),
            *[("row", (column_spec(c, meta)[0], c)) for c in table_columns(result)]]


def _render(ws, rows: list[Row]) -> None:
    """Write the rows (a blank row before each section), fonts, wrapping and column widths."""
    from openpyxl.styles import Alignment, Font

    fonts = {"title": Font(bold=True, size=14), "section": Font(bold=True, size=12),
             "header": Font(bold=True)}
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 0
    for kind, values in rows:
        r += 2 if kind == "section" else 1
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=j, value=safe_cell(value))
            if kind in fonts:
                cell.font = fonts[kind]
            elif j == 1:
                cell.font = Font(bold=True)
            if kind != "title" and kind != "section":
                cell.alignment = wrap
    for letter, width in zip("ABCDEFGHIJK", _WIDTHS):
        ws.column_dimensions[letter].width = width
