"""What a dataset column is, as far as ranking cares: its base name without the register
prefix, its register, its label, unit and kind, and which direction means more priority.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from layers.indicators import BY_NAME, REGISTER_LABEL

#: registers tried in this order when a default indicator exists for several of them
REGISTER_PREFERENCE = ("dtsen", "dtks", "p3ke")

#: indicators (base names) where a lower value means more priority
LOWER_IS_WORSE = frozenset({"idm_nilai", "idm_status", "idm_iks", "idm_ike", "idm_ikl"})

#: labels of columns the indicator catalogue does not list (fallback when meta.json lacks them)
_EXTRA_LABELS = {
    "idm_nilai": ("index", "0-1", "Nilai IDM", "IDM score"),
    "idm_status": ("ordinal", "1-5", "Status IDM (1 = Sangat Tertinggal ... 5 = Mandiri)",
                   "IDM status (1 = very underdeveloped ... 5 = independent)"),
    "skor_deprivasi": ("index", "skor", "Skor deprivasi rumah", "Housing deprivation score"),
    "kk_deprivasi": ("count", "KK", "KK rumah tidak layak", "Households with deprived housing"),
    "kk_total": ("count", "KK", "KK total (penduduk)", "All households (population)"),
    "persen_terdaftar": ("rate", "%", "% KK terdaftar dari KK total",
                         "% of households registered"),
    "luas_km2": ("area", "km²", "Luas (km²)", "Area (km²)"),
}

_KNOWN_REGISTERS = frozenset(REGISTER_PREFERENCE) | frozenset(REGISTER_LABEL)


def base_name(column: str) -> str:
    """The column name without its register prefix (``p3ke_kk_desil_1`` -> ``kk_desil_1``)."""
    head, _, rest = column.partition("_")
    return rest if head in _KNOWN_REGISTERS and rest else column


def register_of(column: str, info: dict) -> str | None:
    """The register of a column (meta.json first, then its prefix), or ``None``."""
    if column in info and info[column].get("register"):
        return info[column]["register"]
    head, _, rest = column.partition("_")
    return head if rest and head in _KNOWN_REGISTERS else None


def meta_index(meta: dict | None) -> dict[str, dict]:
    """``meta.json`` ``indikator`` entries by column name."""
    return {e["kolom"]: e for e in (meta or {}).get("indikator", []) if "kolom" in e}


def registers_of(meta: dict | None, cols: list[str]) -> list[str]:
    """Register names of the dataset in :data:`REGISTER_PREFERENCE` order."""
    if meta and meta.get("registers"):
        names = [r["register"] for r in meta["registers"]]
    else:
        names = sorted({c.split("_", 1)[0] for c in cols if c.split("_", 1)[0] in _KNOWN_REGISTERS})
    pref = {r: i for i, r in enumerate(REGISTER_PREFERENCE)}
    return sorted(names, key=lambda r: (pref.get(r, len(pref)), r))


def default_direction(column: str) -> str:
    """``lower`` for indicators where a low value means more priority (IDM), else ``higher``."""
    return "lower" if base_name(column) in LOWER_IS_WORSE else "higher"


def indicator_columns(columns: Iterable[str] | pd.DataFrame) -> list[str]:
    """Columns that can be weighted: numeric non-code columns (and ``idm_status``).

    With a list of names (no dtypes) every column except codes, names, reasons and geometry.
    """
    skip = {"nama_desa", "jenis", "nama_kec", "nama_kab", "nama_prov", "kode_desa_bps",
            "geometry"}
    if isinstance(columns, pd.DataFrame):
        return [c for c in columns.columns
                if c not in skip and not c.startswith("kode_")
                and (pd.api.types.is_numeric_dtype(columns[c]) or base_name(c) == "idm_status")]
    return [c for c in columns if c not in skip and not c.startswith("kode_")
            and not c.endswith("alasan_kosong")]


def indicator_info(column: str, meta: dict | None = None) -> dict:
    """Label, unit, kind and register of a column (meta.json first, then the catalogue)."""
    info = meta_index(meta)
    base = base_name(column)
    reg = register_of(column, info)
    entry = info.get(column)
    if entry is not None:
        out = {"jenis": entry.get("jenis"), "satuan": entry.get("satuan"),
               "label_id": entry.get("label_id"), "label_en": entry.get("label_en")}
    elif base in BY_NAME:
        ind = BY_NAME[base]
        out = {"jenis": ind.jenis, "satuan": ind.satuan, "label_id": ind.label_id,
               "label_en": ind.label_en}
    elif base in _EXTRA_LABELS:
        kind, unit, lid, len_ = _EXTRA_LABELS[base]
        out = {"jenis": kind, "satuan": unit, "label_id": lid, "label_en": len_}
    else:
        kind = "count" if base.startswith(("kk_", "jiwa_")) and "_per_" not in base else None
        out = {"jenis": kind, "satuan": "", "label_id": column, "label_en": column}
    reg_label = REGISTER_LABEL.get(reg, (reg, reg)) if reg else (None, None)
    return {"kolom": column, "nama": base, "register": reg, "register_label_id": reg_label[0],
            "register_label_en": reg_label[1], **out}
