"""The documented default ranking (:func:`default_spec`), resolved against what a dataset has.

``docs/ranking.md`` lists the roles and the columns tried for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from layers.ranking.columns import base_name, meta_index, registers_of
from layers.ranking.spec import RankSpec


@dataclass(frozen=True)
class DefaultRole:
    """One documented default indicator and the columns that can stand for it, best first."""

    key: str
    candidates: tuple[str, ...]
    label_id: str
    label_en: str


DEFAULT_ROLES: tuple[DefaultRole, ...] = (
    DefaultRole("terdaftar", ("persen_terdaftar", "kk_terdaftar"),
                "Pangsa KK terdaftar di register", "Share of households in the register"),
    DefaultRole("miskin_ekstrem", ("kk_miskin_ekstrem", "kk_desil_1"),
                "Kemiskinan ekstrem", "Extreme poverty"),
    DefaultRole("eksklusi", ("kk_desil_1_4_tanpa_bansos",),
                "Desil 1-4 tanpa bansos (exclusion)", "Decile 1-4 without aid (exclusion)"),
    DefaultRole("rumah", ("skor_deprivasi", "kk_deprivasi"),
                "Deprivasi rumah", "Housing deprivation"),
)


def default_spec(meta: dict | None, columns: Iterable[str] | pd.DataFrame, *,
                 include_kelurahan: bool = False, area: str | None = None) -> RankSpec:
    """The documented default ranking, resolved against what a dataset has.

    Each :data:`DEFAULT_ROLES` entry takes the first candidate column that exists, is not
    marked unavailable in ``meta.json`` (``indikator[].tersedia``) and (when a frame is given)
    has a value for at least one desa. Registers are tried in
    :data:`layers.ranking.columns.REGISTER_PREFERENCE` order. Every default gets weight 1.
    Roles with no usable column are left out, and ``spec.defaults`` says which and why; so does
    a fallback (a count used where a share was documented).

    Parameters
    ----------
    meta
        The dataset's ``meta.json`` (or ``None``).
    columns
        The desa frame's columns, or the frame itself (then empty columns are skipped too).
    """
    frame = columns if isinstance(columns, pd.DataFrame) else None
    cols = list(frame.columns if frame is not None else columns)
    registers = registers_of(meta, cols)
    info = meta_index(meta)
    weights, notes = {}, []
    for role in DEFAULT_ROLES:
        col, skipped = _resolve_role(role, cols, frame, info, registers)
        if col is not None:
            weights[col] = 1.0
        notes.append(_role_note(role, col, skipped))
    notes.append(_idm_note(cols, frame))
    return RankSpec(weights=weights, include_kelurahan=include_kelurahan, area=area,
                    defaults=tuple(notes))


def _resolve_role(role: DefaultRole, cols: list[str], frame: pd.DataFrame | None, info: dict,
                  registers: list[str]) -> tuple[str | None, list[tuple[str, str, str]]]:
    """First usable column for ``role`` and, for every candidate passed over, why."""
    skipped = []
    colset = set(cols)
    for base in role.candidates:
        present = [c for c in [f"{r}_{base}" for r in registers] + [base] if c in colset]
        if not present:
            skipped.append((base, "tidak ada di dataset", "not in the dataset"))
            continue
        for col in present:
            entry = info.get(col, {})
            if entry.get("tersedia") is False:
                skipped.append((col, entry.get("alasan_id") or "tidak tersedia",
                                entry.get("alasan_en") or "not available"))
            elif frame is not None and frame[col].notna().sum() == 0:
                skipped.append((col, "kosong di semua desa", "empty for every desa"))
            else:
                return col, skipped
    return None, skipped


def _role_note(role: DefaultRole, col: str | None, skipped: list) -> dict:
    passed = "; ".join(f"{c}: {i}" for c, i, _ in skipped)
    passed_en = "; ".join(f"{c}: {e}" for c, _, e in skipped)
    if col is None:
        text = (f"Tidak tersedia, tidak dipakai ({passed}).",
                f"Not available, left out ({passed_en}).")
    elif role.key == "terdaftar" and base_name(col) == "kk_terdaftar":
        text = (f"Dipakai {col}: JUMLAH KK terdaftar, bukan pangsa, karena penyebut kk_total / "
                f"persen_terdaftar tidak ada ({passed}). Desa besar cenderung lebih tinggi.",
                f"Using {col}: the COUNT of registered households, not a share, because the "
                f"denominator kk_total / persen_terdaftar is missing ({passed_en}). Large desa "
                "tend to rank higher.")
    elif base_name(col) != role.candidates[0]:
        text = (f"Dipakai {col} sebagai pengganti ({passed}).",
                f"Using {col} as a fallback ({passed_en}).")
    elif skipped:
        text = (f"Dipakai {col} (dilewati: {passed}).", f"Using {col} (passed over: {passed_en}).")
    else:
        text = (f"Dipakai {col}.", f"Using {col}.")
    return {"peran": role.key, "label_id": role.label_id, "label_en": role.label_en,
            "kolom": col, "tersedia": col is not None, "catatan_id": text[0],
            "catatan_en": text[1]}


def _idm_note(cols: list[str], frame: pd.DataFrame | None) -> dict:
    found = [c for c in cols if base_name(c) in ("idm_nilai", "idm_status")
             and (frame is None or frame[c].notna().any())]
    text = ((f"Opsional (bobot 0 bawaan) dan filter: {', '.join(found)}.",
             f"Optional (weight 0 by default) and filter: {', '.join(found)}.") if found else
            ("Tidak ada kolom idm_nilai / idm_status di dataset.",
             "No idm_nilai / idm_status column in the dataset."))
    return {"peran": "idm", "label_id": "Status / nilai IDM", "label_en": "IDM status / score",
            "kolom": found[0] if found else None, "tersedia": bool(found),
            "catatan_id": text[0], "catatan_en": text[1]}
