"""The method of an exported ranking as a JSON-ready document: the ranking's method, the
source files, the small-count suppression and the export date."""

from __future__ import annotations

import copy
from datetime import date

from layers.export.table import SECONDARY_MARK, Suppression, is_small
from layers.ranking.spec import RankResult


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
                if is_small(ind.get(key), sup.threshold):
                    ind[key] = sup.mark
