"""Change between two periods of a dataset: per desa old, new, difference (and % for counts),
desa present in one period only, and a kecamatan summary with rates recomputed from summed
counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.analysis.common import NAME_COLUMNS, area_rows, rate_columns
from layers.errors import InputError
from layers.ranking.columns import indicator_columns, indicator_info

#: ``periode_ada`` values
BOTH, NEW_ONLY, OLD_ONLY = "keduanya", "hanya_baru", "hanya_lama"


def common_indicators(new: pd.DataFrame, old: pd.DataFrame, new_meta: dict | None) -> list[str]:
    """Numeric indicator columns of both periods, in the new dataset's order."""
    old_cols = set(indicator_columns(old))
    return [c for c in indicator_columns(new) if c in old_cols
            and pd.api.types.is_numeric_dtype(old[c])
            and indicator_info(c, new_meta).get("jenis") not in ("category", "area")
            and c != "luas_km2"]


def compare_periods(new: pd.DataFrame, new_meta: dict | None, old: pd.DataFrame,
                    old_meta: dict | None, *, area: str | None = None,
                    columns: list[str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Per desa of ``area`` in either period: ``<col>_lama``, ``<col>_baru``,
    ``<col>_selisih`` (new - old) and, for counts, ``<col>_persen`` (% of old; empty when old
    is 0 or missing), with ``periode_ada`` (keduanya / hanya_baru / hanya_lama).

    Returns the frame (sorted by ``kode_desa``) and the method (texts, periods, desa counts).
    """
    if area is None:  # the whole dataset: no need to sort, the union below is sorted
        where = {"kode": None, "nama": None, "tingkat": None}
    else:
        new, where = area_rows(new, area)
        old = area_rows(old, area)[0] if _has_area(old, area) else old.iloc[0:0]
    cols = columns or common_indicators(new, old, new_meta)
    missing = [c for c in cols if c not in new.columns or c not in old.columns
               or not pd.api.types.is_numeric_dtype(new[c])
               or not pd.api.types.is_numeric_dtype(old[c])]
    if missing:
        raise InputError(f"Indikator tidak ada (sebagai angka) di kedua periode: "
                         f"{', '.join(missing)}.",
                         f"Indicators not in both periods (as numbers): {', '.join(missing)}.",
                         column="--indicators")
    codes = pd.Index(new["kode_desa"].astype(str)).union(
        pd.Index(old["kode_desa"].astype(str)), sort=False).to_numpy(dtype=object)
    codes = codes[np.argsort(codes.astype("U10"), kind="stable")]
    at_new = pd.Index(new["kode_desa"].astype(str)).get_indexer(codes)
    at_old = pd.Index(old["kode_desa"].astype(str)).get_indexer(codes)
    out = pd.DataFrame({"kode_desa": pd.array(codes, dtype="string")})
    for c in (c for c in NAME_COLUMNS if c in new.columns):
        vals = _take(new[c].astype(object).to_numpy(), at_new)
        if c in old.columns:
            vals = np.where(at_new >= 0, vals, _take(old[c].astype(object).to_numpy(), at_old))
        out[c] = pd.array(vals, dtype="string")
    state = np.where(at_old < 0, NEW_ONLY, np.where(at_new < 0, OLD_ONLY, BOTH))
    out["periode_ada"] = pd.array(state, dtype="string")
    lama, baru = _matrix(old, cols, at_old), _matrix(new, cols, at_new)
    out = pd.concat([out, _differences(lama, baru, cols, new_meta)], axis=1)
    return out, _method(out, cols, new_meta, old_meta, where)


def _take(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``values[at]`` with ``None`` where ``at`` is -1."""
    out = np.full(len(at), None, dtype=object)
    out[at >= 0] = values[at[at >= 0]]
    return out


def _matrix(frame: pd.DataFrame, cols: list[str], at: np.ndarray) -> np.ndarray:
    """The columns as one float matrix in the order of ``at`` (NaN where -1 or missing)."""
    values = frame[cols].to_numpy(dtype=float, na_value=np.nan) if cols else \
        np.empty((len(frame), 0))
    out = np.full((len(at), len(cols)), np.nan)
    out[at >= 0] = values[at[at >= 0]]
    return out


def _has_area(frame: pd.DataFrame, area: str | None) -> bool:
    """Whether the old period has desa of ``area`` (it may have none: all new)."""
    if area is None:
        return True
    from layers.ranking.area import area_code

    return bool(frame["kode_desa"].astype("string").str.startswith(area_code(area)).any())


def _differences(lama: np.ndarray, baru: np.ndarray, cols: list[str],
                 meta: dict | None) -> pd.DataFrame:
    diff = baru - lama
    with np.errstate(all="ignore"):
        pct = np.round(diff * 100 / np.where(lama > 0, lama, np.nan), 2)
    parts = {}
    for j, c in enumerate(cols):
        if indicator_info(c, meta).get("jenis") == "count":
            parts[f"{c}_lama"], parts[f"{c}_baru"] = _ints(lama[:, j]), _ints(baru[:, j])
            parts[f"{c}_selisih"], parts[f"{c}_persen"] = _ints(diff[:, j]), _floats(pct[:, j])
        else:
            parts[f"{c}_lama"], parts[f"{c}_baru"] = _floats(lama[:, j]), _floats(baru[:, j])
            parts[f"{c}_selisih"] = _floats(np.round(diff[:, j], 4))
    return pd.DataFrame(parts)


def _ints(a: np.ndarray) -> pd.arrays.IntegerArray:
    missing = np.isnan(a)
    return pd.arrays.IntegerArray(np.where(missing, 0, np.round(a)).astype(np.int64), missing)


def _floats(a: np.ndarray) -> pd.arrays.FloatingArray:
    missing = np.isnan(a)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, a), missing)


def kecamatan_summary(change: pd.DataFrame, meta: dict | None) -> pd.DataFrame:
    """Per kecamatan: desa in each period, and for each indicator the old and new figure and the
    difference: counts summed, rates recomputed from summed numerators and denominators (when
    both are in the table), other indicators left out."""
    if "kode_kec" not in change:
        raise InputError("Kolom kode_kec tidak ada; ringkasan kecamatan tidak dapat dibuat.",
                         "Column kode_kec missing; no kecamatan summary can be made.",
                         column="kode_kec")
    kec, first, inv = np.unique(change["kode_kec"].astype(str).to_numpy(), return_index=True,
                                return_inverse=True)
    out = {"kode_kec": pd.array(kec, dtype="string")}
    if "nama_kec" in change:
        out["nama_kec"] = pd.array(change["nama_kec"].to_numpy()[first], dtype="string")
    state = change["periode_ada"].to_numpy()
    out["desa_lama"] = np.bincount(inv, weights=state != NEW_ONLY, minlength=len(kec)).astype(int)
    out["desa_baru"] = np.bincount(inv, weights=state != OLD_ONLY, minlength=len(kec)).astype(int)

    def column(name: str) -> np.ndarray:
        return change[name].to_numpy(dtype=float, na_value=np.nan)

    def total(a: np.ndarray) -> np.ndarray:  # per kecamatan, NaN where every desa is NaN
        s = np.bincount(inv, weights=np.nan_to_num(a), minlength=len(kec))
        return np.where(np.bincount(inv, weights=~np.isnan(a), minlength=len(kec)) > 0, s,
                        np.nan)

    for c in [c[: -len("_lama")] for c in change.columns if c.endswith("_lama")]:
        if indicator_info(c, meta).get("jenis") == "count":
            lama, baru = total(column(f"{c}_lama")), total(column(f"{c}_baru"))
            out[f"{c}_lama"], out[f"{c}_baru"] = _ints(lama), _ints(baru)
            out[f"{c}_selisih"] = _ints(baru - lama)
            continue
        parts = rate_columns(c, meta)
        if parts is None or any(f"{x}_lama" not in change for x in (parts[0], *parts[1])):
            continue
        pooled = []
        for period in ("lama", "baru"):
            num = column(f"{parts[0]}_{period}")
            den = sum(column(f"{d}_{period}") for d in parts[1])
            both = ~np.isnan(num) & ~np.isnan(den)
            n, d = total(np.where(both, num, np.nan)), total(np.where(both, den, np.nan))
            with np.errstate(all="ignore"):
                pooled.append(np.round(n * parts[2] / np.where(d > 0, d, np.nan), 4))
        out[f"{c}_lama"], out[f"{c}_baru"] = _floats(pooled[0]), _floats(pooled[1])
        out[f"{c}_selisih"] = _floats(np.round(pooled[1] - pooled[0], 4))
    return pd.DataFrame(out)


def _method(out: pd.DataFrame, cols: list[str], new_meta, old_meta, where) -> dict:
    p_new = (new_meta or {}).get("periode") or "?"
    p_old = (old_meta or {}).get("periode") or "?"
    counts = out["periode_ada"].value_counts()
    both, only_new, only_old = (int(counts.get(k, 0)) for k in (BOTH, NEW_ONLY, OLD_ONLY))
    teks_id = (f"Perubahan dari periode {p_old} (lama) ke {p_new} (baru) untuk {len(cols)} "
               f"indikator: selisih = baru - lama; untuk jumlah juga persen dari lama (kosong "
               f"bila lama 0). {both} desa ada di kedua periode, {only_new} hanya di periode "
               f"baru, {only_old} hanya di periode lama; nilai kosong tetap kosong.")
    teks_en = (f"Change from period {p_old} (old) to {p_new} (new) for {len(cols)} "
               f"indicators: difference = new - old; for counts also percent of old (empty "
               f"when old is 0). {both} desa in both periods, {only_new} in the new period "
               f"only, {only_old} in the old period only; missing values stay missing.")
    rows = [("Periode lama / old period", p_old), ("Periode baru / new period", p_new),
            ("Desa di kedua periode / in both", both),
            ("Hanya periode baru / new only", only_new),
            ("Hanya periode lama / old only", only_old),
            ("Indikator / indicators", ", ".join(cols))]
    listed = out.loc[out["periode_ada"] != BOTH, ["kode_desa", "periode_ada"]]
    rows += [(f"Desa {r.periode_ada}", r.kode_desa) for r in listed.itertuples(index=False)]
    return {"analisis": "perubahan", "judul_id": "Perubahan antarperiode",
            "judul_en": "Change between periods", "wilayah": where, "teks_id": teks_id,
            "teks_en": teks_en, "rincian": rows, "periode_lama": p_old, "periode_baru": p_new}
