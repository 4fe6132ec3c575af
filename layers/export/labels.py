"""What people read in an exported ranking: column headers, number formats and widths, and the
area's name."""

from __future__ import annotations

from layers.codes import dotted
from layers.ranking.columns import indicator_info

_LEAD_LABELS = {
    "peringkat": "Peringkat", "prioritas": "Prioritas", "skor": "Skor (0-100)",
    "kode_desa": "Kode desa", "nama_desa": "Desa/kelurahan", "jenis": "Jenis",
    "kode_kec": "Kode kecamatan", "nama_kec": "Kecamatan", "nama_kab": "Kabupaten/kota",
    "alasan_kosong": "Keterangan (tidak diperingkat)",
}


def column_spec(col: str, meta: dict) -> tuple[str, str, float]:
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


def area_label(method: dict) -> str:
    """``"<name> (<dotted code>)"`` of the area a ranking was computed within."""
    w = method.get("wilayah") or {}
    name = w.get("nama") or "-"
    return f"{name} ({dotted(w['kode'])})" if w.get("kode") else name
