"""Desa lists by targeting errors, per register: exclusion (poor households without aid) and
inclusion (recipients who may not qualify)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.ranking.area import select_area
from layers.ranking.columns import meta_index
from layers.ranking.spec import NAME_COLUMNS
from layers.settings import DEFAULT, Settings

#: the trailing columns of both tables, in this order
_TAIL = ["program", "dasar", "dasar_en", "peringkat", "alasan_kosong"]


def exclusion_table(desa: pd.DataFrame, meta: dict, *, area: str | None = None,
                    include_kelurahan: bool = True, sort_by: str = "jumlah",
                    settings: Settings = DEFAULT) -> pd.DataFrame:
    """Desa by exclusion errors: desil 1-4 households receiving none of the recorded programmes.

    One row per register that records desil x desa of the area (kelurahan included by default:
    aid programmes reach kelurahan too; only Dana Desa rankings leave them out). Sorted by
    ``sort_by`` (``jumlah`` = count, ``persen`` = rate) descending, empty values last.

    Columns: ``register, kode_desa, nama_desa, jenis, kode_kec, nama_kec, kk_desil_1_4,
    kk_desil_1_4_tanpa_bansos, persen_tanpa_bansos, program, dasar, dasar_en, peringkat,
    alasan_kosong``; ``program`` lists the programmes the count is based on (meta.json
    ``registers[].programmes``), ``dasar`` / ``dasar_en`` say what the count means, ``peringkat``
    is the rank by the sort column within the register (ties share the lowest rank). A desa whose
    count is empty keeps the dataset's reason in ``alasan_kosong`` (never shown as 0).
    """
    maxd = (meta.get("pengaturan") or {}).get("exclusion_desil_max", settings.exclusion_desil_max)

    def rows(frame, col, programmes):
        desil = [col(f"kk_desil_{d}") for d in range(1, 5)]
        if not all(c in frame for c in desil):
            return None
        total = frame[desil].astype("Int64").sum(axis=1, skipna=False)
        count = frame[col("kk_desil_1_4_tanpa_bansos")].astype("Int64")
        rate = (frame[col("persen_tanpa_bansos")].astype("Float64")
                if col("persen_tanpa_bansos") in frame else _rate(count, total))
        return {"kk_desil_1_4": total, "kk_desil_1_4_tanpa_bansos": count,
                "persen_tanpa_bansos": rate,
                "dasar": (f"KK desil 1-{maxd} yang tidak menerima satu pun dari: "
                          f"{', '.join(programmes)}"),
                "dasar_en": (f"Decile 1-{maxd} households receiving none of: "
                             f"{', '.join(programmes)}")}

    sort_col = {"jumlah": "kk_desil_1_4_tanpa_bansos", "persen": "persen_tanpa_bansos"}
    return _view(desa, meta, rows, "kk_desil_1_4_tanpa_bansos", area=area,
                 include_kelurahan=include_kelurahan, sort=_sort_key(sort_by, sort_col))


def inclusion_table(desa: pd.DataFrame, meta: dict, *, area: str | None = None,
                    include_kelurahan: bool = True, sort_by: str = "jumlah",
                    settings: Settings = DEFAULT) -> pd.DataFrame:
    """Desa by possible inclusion errors: recipients in a high desil or not matched to Dukcapil.

    Same layout as :func:`exclusion_table`, with ``kk_terdaftar, kk_inklusi, persen_inklusi``;
    ``dasar`` states the criterion of that register (registers without desil, such as the
    SIKS-NG DTKS export, count only recipients not matched to Dukcapil).
    """
    mind = (meta.get("pengaturan") or {}).get("inclusion_min_desil", settings.inclusion_min_desil)
    info = meta_index(meta)

    def rows(frame, col, programmes):
        if col("kk_inklusi") not in frame or col("kk_terdaftar") not in frame:
            return None
        count = frame[col("kk_inklusi")].astype("Int64")
        total = frame[col("kk_terdaftar")].astype("Int64")
        rate = (frame[col("persen_inklusi")].astype("Float64")
                if col("persen_inklusi") in frame else _rate(count, total))
        dcol = col("kk_desil_1")
        has_desil = (dcol in frame and info.get(dcol, {}).get("tersedia", True) is not False
                     and bool(frame[dcol].notna().any()))
        return {"kk_terdaftar": total, "kk_inklusi": count, "persen_inklusi": rate,
                **_inclusion_basis(", ".join(programmes), mind, has_desil)}

    sort_col = {"jumlah": "kk_inklusi", "persen": "persen_inklusi"}
    return _view(desa, meta, rows, "kk_inklusi", area=area, include_kelurahan=include_kelurahan,
                 sort=_sort_key(sort_by, sort_col))


def _inclusion_basis(prog: str, mind: int, has_desil: bool) -> dict[str, str]:
    """``dasar`` / ``dasar_en`` of the inclusion count of one register."""
    if has_desil:
        return {"dasar": f"KK penerima minimal satu dari: {prog}, dengan desil >= {mind} atau "
                         "tidak padan Dukcapil",
                "dasar_en": f"Households receiving at least one of: {prog}, in decile >= "
                            f"{mind} or not matched to Dukcapil"}
    return {"dasar": f"KK penerima minimal satu dari: {prog}, yang tidak padan Dukcapil "
                     "(register ini tanpa desil)",
            "dasar_en": f"Households receiving at least one of: {prog}, not matched to "
                        "Dukcapil (this register has no decile)"}


def _sort_key(sort_by: str, cols: dict[str, str]) -> list[str]:
    if sort_by not in cols:
        raise InputError(f"Urutan '{sort_by}' tidak dikenal (pilih: jumlah, persen).",
                         f"Unknown order '{sort_by}' (choose: jumlah, persen).", column="sort_by")
    first = cols[sort_by]
    return [first] + [c for c in cols.values() if c != first]


def _rate(count: pd.Series, total: pd.Series) -> pd.Series:
    rate = count.astype("Float64") / total.astype("Float64").where(total > 0) * 100.0
    return rate.round(4)


def _view(desa: pd.DataFrame, meta: dict, rows: Callable, count_name: str, *, area,
          include_kelurahan, sort: list[str]) -> pd.DataFrame:
    """One part per register that can provide ``count_name`` (``rows`` makes its columns),
    concatenated and sorted by register, then ``sort`` descending, then ``kode_desa``."""
    frame, _ = select_area(desa, area)
    if not include_kelurahan:
        frame = frame[frame["jenis"] != "kelurahan"]
    registers = meta.get("registers") or [{"register": None, "programmes": []}]
    names = [c for c in NAME_COLUMNS if c in frame]
    parts = [_register_part(desa, frame, meta, reg, len(registers) > 1, rows, count_name,
                            names, sort[0]) for reg in registers]
    parts = [p for p in parts if p is not None]
    if not parts:
        return pd.DataFrame(columns=["register", *names, count_name, *_TAIL])
    out = pd.concat(parts, ignore_index=True)
    out = out.iloc[_order(out, registers, sort)].reset_index(drop=True)
    lead = ["register", *names]
    return out[lead + [c for c in out.columns if c not in lead + _TAIL] + _TAIL]


def _register_part(desa: pd.DataFrame, frame: pd.DataFrame, meta: dict, reg: dict,
                   prefixed: bool, rows: Callable, count_name: str, names: list[str],
                   sort_first: str) -> pd.DataFrame | None:
    """The rows of one register, or ``None`` when the register cannot provide the count."""
    name = reg["register"]

    def col(base):
        return f"{name}_{base}" if prefixed else base

    info = meta_index(meta)
    if (info.get(col(count_name), {}).get("tersedia") is False
            or col(count_name) not in desa or desa[col(count_name)].notna().sum() == 0):
        return None  # the register cannot provide it (an area without rows still shows why)
    got = rows(frame, col, reg.get("programmes", []))
    if got is None:
        return None
    part = frame[names].copy()
    part.insert(0, "register", name)
    for key, value in got.items():
        part[key] = value
    part["program"] = ", ".join(reg.get("programmes", []))
    reason = col("alasan_kosong")
    part["alasan_kosong"] = (frame[reason].astype("string") if reason in frame
                             else pd.Series(pd.NA, index=frame.index, dtype="string"))
    part.loc[part[count_name].notna(), "alasan_kosong"] = pd.NA
    part["peringkat"] = part[sort_first].rank(method="min", ascending=False).astype("Int64")
    return part


def _order(out: pd.DataFrame, registers: list[dict], sort: list[str]) -> pd.Index:
    """Row order: register as listed, then each sort column descending (empty last), then
    kode_desa."""
    order_of = {r["register"]: i for i, r in enumerate(registers)}
    key = pd.DataFrame({"r": out["register"].map(order_of).to_numpy()})
    for i, c in enumerate(sort):
        key[f"s{i}"] = -out[c].astype("Float64").fillna(-np.inf).to_numpy(dtype=float)
    key["k"] = out["kode_desa"].astype(str).to_numpy()
    return key.sort_values(list(key.columns), kind="stable").index
