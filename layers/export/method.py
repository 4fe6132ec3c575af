"""The method of an exported ranking as a JSON-ready document: the ranking's method, the
source files, the small-count suppression and the export date."""

from __future__ import annotations

import copy
from datetime import date

from layers.export.suppression import SECONDARY_MARK
from layers.export.table import Suppression, is_small
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
        f"Satu pola sensor untuk seluruh dataset (docs/privacy.md): jumlah (KK/jiwa) 1 sampai "
        f"{k - 1} ditampilkan '{m}'. Sel '{x}' disembunyikan agar angka kecil tidak dapat dihitung "
        f"ulang dari total kecamatan/kabupaten, dari jumlah dusun, atau dari persentase x "
        f"penyebut; persentase disembunyikan hanya bila pembilang atau penyebutnya tersembunyi. "
        f"Kontribusi nilai tersembunyi ditampilkan '{x}'; skor '{x}' bila hanya satu kontribusi "
        f"di baris itu tersembunyi. Angka 0 dan sel kosong tetap tampil. Sel primer: "
        f"{sup.primary}, sel sekunder: {sup.secondary}.",
        f"One suppression pattern for the whole dataset (docs/privacy.md): counts "
        f"(households/persons) 1 to {k - 1} show '{m}'. Cells '{x}' are hidden so that a small "
        f"count cannot be recomputed from kecamatan/kabupaten totals, dusun sums, or a share "
        f"times its denominator; a share is hidden only where its numerator or denominator is. "
        f"The contribution of a hidden value shows '{x}'; skor shows '{x}' when only one "
        f"contribution of the row is hidden. 0 and empty cells stay visible. Primary cells: "
        f"{sup.primary}, secondary cells: {sup.secondary}.")


def _mask_method_minmax(doc: dict, sup: Suppression) -> None:
    """Min/max of a count in the method are data too: hide them when small."""
    if sup.threshold <= 1:
        return
    for ind in doc.get("indikator", []):
        if ind.get("jenis") == "count":
            for key in ("min", "maks"):
                if is_small(ind.get(key), sup.threshold):
                    ind[key] = sup.mark
