"""Ranking itself: desa frame + :class:`~layers.ranking.spec.RankSpec` -> skor, peringkat,
prioritas and the contribution of each indicator (:func:`rank_desa`, :func:`explain`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.ranking.area import select_area
from layers.ranking.breaks import natural_breaks
from layers.ranking.columns import (base_name, indicator_columns, indicator_info, meta_index,
                                    register_of)
from layers.ranking.method import describe_method
from layers.ranking.spec import (IDM_STATUS, NAME_COLUMNS, REASON_EMPTY, REASON_IDM,
                                 REASON_KELURAHAN, SKOR_DECIMALS, RankResult, RankSpec,
                                 idm_status)


def rank_desa(desa: pd.DataFrame, spec: RankSpec, *, meta: dict | None = None) -> RankResult:
    """Rank the desa of ``spec.area`` by the weighted composite of ``spec.weights``.

    A desa is ranked only when it has a value for every used indicator, passes the kelurahan
    switch and the IDM filter; otherwise its ``skor`` is empty and ``alasan_kosong`` says why
    (never 0, never re-weighted over the indicators it has). Normalisation uses the ranked desa
    only. See ``docs/ranking.md`` for the rules.

    Parameters
    ----------
    desa
        The dataset's desa frame (``desa.parquet``; geometry, if any, is ignored).
    spec
        The method.
    meta
        The dataset's ``meta.json`` (labels and units in ``method``; reasons for empty values).

    Raises
    ------
    InputError
        No weighted indicator, a weighted column missing from the frame or not numeric, an area
        code that is malformed or matches no desa, an IDM filter without an IDM status column.
    """
    used = spec.used
    if not used:
        raise InputError("Tidak ada indikator dengan bobot > 0.",
                         "No indicator has a weight > 0.", column="--weights")
    _check_columns(desa, used)
    frame, area = select_area(desa, spec.area)
    values = _indicator_values(frame, used)
    reasons = _reasons(frame, values, spec, meta)
    ranked = (reasons == "").to_numpy()
    norm = _normalise(values, ranked, spec)
    weights = spec.normalised_weights()
    contrib = norm * pd.Series(weights) * 100.0
    skor = np.round(contrib.sum(axis=1, min_count=1).to_numpy(dtype=float), SKOR_DECIMALS)
    skor[~ranked] = np.nan
    peringkat = pd.Series(skor).rank(method="min", ascending=False).to_numpy()
    prioritas = _tiers(skor, peringkat, ranked, spec.tier_rule)
    table = _assemble(frame, values, norm, contrib, skor, peringkat, prioritas, reasons, used)
    method = describe_method(spec, meta, values[ranked], area, reasons, len(frame))
    return RankResult(table=table, method=method, spec=spec, indicators=used)


def explain(result: RankResult, kode_desa: str, *, meta: dict | None = None,
            lang: str = "id") -> pd.DataFrame:
    """Why this desa ranks where it does: one row per used indicator.

    Columns ``kolom, label, nilai, nilai_dinormalkan, bobot_dinormalkan, kontribusi``
    (``kontribusi`` adds up to the desa's ``skor``; empty when the desa is not ranked).
    """
    rows = result.table[result.table["kode_desa"] == kode_desa]
    if rows.empty:
        raise InputError(f"Desa {kode_desa} tidak ada di hasil peringkat.",
                         f"Desa {kode_desa} is not in the ranking.", column="kode_desa")
    row = rows.iloc[0]
    weights = result.spec.normalised_weights()
    recs = []
    for col in result.indicators:
        info = indicator_info(col, meta)
        recs.append({"kolom": col, "label": info["label_id" if lang == "id" else "label_en"],
                     "nilai": row[col], "nilai_dinormalkan": row[f"norm_{col}"],
                     "bobot_dinormalkan": weights[col], "kontribusi": row[f"kontribusi_{col}"]})
    return pd.DataFrame(recs)


def _check_columns(desa: pd.DataFrame, used: list[str]) -> None:
    for need in ("kode_desa", "jenis"):
        if need not in desa.columns:
            raise InputError(f"Kolom {need} tidak ada di tabel desa.",
                             f"Column {need} missing from the desa table.", column=need)
    for col in used:
        if col not in desa.columns:
            known = ", ".join(indicator_columns(desa))
            raise InputError(f"Indikator '{col}' tidak ada di dataset. Yang ada: {known}.",
                             f"Indicator '{col}' is not in the dataset. Available: {known}.",
                             column=col)
        if base_name(col) != "idm_status" and not pd.api.types.is_numeric_dtype(desa[col]):
            raise InputError(f"Kolom '{col}' bukan indikator angka.",
                             f"Column '{col}' is not a numeric indicator.", column=col)


def _indicator_values(frame: pd.DataFrame, used: list[str]) -> pd.DataFrame:
    """Used indicators as float (NaN = missing); IDM status as its ordinal 1..5."""
    out = {}
    for col in used:
        s = frame[col]
        if base_name(col) == "idm_status":
            order = {name: i + 1 for i, name in enumerate(IDM_STATUS)}
            s = s.map(lambda v: order.get(idm_status(v)) if idm_status(v) else np.nan)
        out[col] = pd.to_numeric(s, errors="coerce").astype("Float64").to_numpy(
            dtype=float, na_value=np.nan)
    return pd.DataFrame(out, index=frame.index)


def _reasons(frame: pd.DataFrame, values: pd.DataFrame, spec: RankSpec,
             meta: dict | None) -> pd.Series:
    """``alasan_kosong`` per desa: empty when ranked, else ``;``-joined reason codes."""
    parts = pd.DataFrame(index=frame.index)
    if not spec.include_kelurahan:
        parts["kel"] = np.where(frame["jenis"].astype("string").fillna("") == "kelurahan",
                                REASON_KELURAHAN, "")
    if spec.idm_filter is not None:
        col = _status_column(frame)
        status = frame[col].map(idm_status)
        parts["idm"] = np.where(status.isin(spec.idm_filter), "", REASON_IDM)
    info = meta_index(meta)
    for col in values.columns:
        detail = _empty_detail(frame, col, info)
        parts[col] = np.where(values[col].isna(), f"{REASON_EMPTY}:{col}", "")
        if detail is not None:
            has = values[col].isna() & detail.notna()
            parts.loc[has, col] = parts.loc[has, col] + "=" + detail[has].astype(str)
    acc = np.full(len(frame), "", dtype=object)
    for col in parts.columns:
        part = parts[col].to_numpy(dtype=object)
        has = part != ""
        acc[has] = np.where(acc[has] == "", part[has], acc[has] + "; " + part[has])
    return pd.Series(acc, index=frame.index, dtype=object)


def _status_column(frame: pd.DataFrame) -> str:
    cols = [c for c in frame.columns if base_name(c) == "idm_status"]
    if not cols:
        raise InputError("Filter IDM dipilih, tetapi dataset tidak punya kolom idm_status.",
                         "An IDM filter was chosen but the dataset has no idm_status column.",
                         column="--idm")
    return cols[0]


def _empty_detail(frame: pd.DataFrame, col: str, info: dict) -> pd.Series | None:
    """The dataset's own reason for an empty value (``<register>_alasan_kosong``)."""
    reg = register_of(col, info)
    src = f"{reg}_alasan_kosong" if reg and f"{reg}_alasan_kosong" in frame else "alasan_kosong"
    return frame[src].astype("string") if src in frame else None


def _normalise(values: pd.DataFrame, ranked: np.ndarray, spec: RankSpec) -> pd.DataFrame:
    """Each used indicator scaled to 0..1 over the ranked desa (NaN elsewhere)."""
    out = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    if not ranked.any():
        return out
    for col in values.columns:
        x = values.loc[ranked, col]
        if spec.direction(col) == "lower":
            x = -x
        lo, hi = x.min(), x.max()
        if hi == lo:
            scaled = pd.Series(0.0, index=x.index)
        elif spec.normalisation == "minmax":
            scaled = (x - lo) / (hi - lo)
        else:
            scaled = (x.rank(method="average") - 1.0) / (len(x) - 1.0)
        out.loc[ranked, col] = scaled
    return out


def _tiers(skor: np.ndarray, peringkat: np.ndarray, ranked: np.ndarray, rule: str) -> np.ndarray:
    """``prioritas`` 1/2/3 of the ranked desa (NaN elsewhere) by ``tertil`` or ``jenks``."""
    tier = np.full(len(skor), np.nan)
    n = int(ranked.sum())
    if n == 0:
        return tier
    if rule == "tertil":
        c1, c2 = math.ceil(n / 3), math.ceil(2 * n / 3)
        r = peringkat[ranked]
        tier[ranked] = np.where(r <= c1, 1, np.where(r <= c2, 2, 3))
        return tier
    bounds = natural_breaks(skor[ranked], k=3, sample=None)  # always exact, see natural_breaks
    classes = np.searchsorted(bounds, skor[ranked], side="left")
    tier[ranked] = len(bounds) - classes
    return tier


def _assemble(frame, values, norm, contrib, skor, peringkat, prioritas, reasons,
              used) -> pd.DataFrame:
    """The result table: names, skor, peringkat, prioritas, values, norm_*, kontribusi_*,
    alasan_kosong; ranked rows first by peringkat, then by kode_desa."""
    names = [c for c in NAME_COLUMNS if c in frame]
    out = frame[names].reset_index(drop=True).copy()
    out["skor"] = pd.array(skor, dtype="Float64")
    out["peringkat"] = pd.array(np.where(np.isnan(peringkat), np.nan, peringkat),
                                dtype="Float64").astype("Int64")
    out["prioritas"] = pd.array(prioritas, dtype="Float64").astype("Int64")
    for col in used:
        out[col] = pd.array(values[col].to_numpy(), dtype="Float64")
    for col in used:
        out[f"norm_{col}"] = pd.array(norm[col].to_numpy(), dtype="Float64")
    for col in used:
        out[f"kontribusi_{col}"] = pd.array(contrib[col].to_numpy(), dtype="Float64")
    for col in used:  # integer indicators stay integers
        if pd.api.types.is_integer_dtype(frame[col]):
            out[col] = out[col].astype("Int64")
    out["alasan_kosong"] = pd.array(reasons.to_numpy(), dtype="string").astype("string")
    out.loc[out["alasan_kosong"] == "", "alasan_kosong"] = pd.NA
    key_rank = out["peringkat"].astype("Float64").fillna(np.inf)
    order = np.lexsort((out["kode_desa"].astype(str).to_numpy(), key_rank.to_numpy(dtype=float)))
    return out.iloc[order].reset_index(drop=True)
