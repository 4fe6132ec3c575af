"""The reference tables of the demo: a population table and a synthetic IDM table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from layers.codes import dotted


def write_population(path: Path, desa, truth: pd.DataFrame,
                     rng: np.random.Generator) -> pd.DataFrame:
    """A population table per desa (dotted codes, thousands with dots, one desa missing).

    Returns the truth frame with ``kk_total`` / ``jiwa_total`` added (NA for the missing desa:
    a missing denominator stays missing).
    """
    t = truth.set_index("kode_desa")
    registered = t["dtks_kk_terdaftar"].astype("Int64").fillna(0).to_numpy(dtype=float)
    share = rng.uniform(0.18, 0.55, size=len(t))
    kk_total = np.ceil(np.maximum(registered, 1) / share).astype(int) + 20
    jiwa_total = np.round(kk_total * rng.uniform(2.9, 3.6, size=len(t))).astype(int)
    names = desa.set_index("kode_desa").loc[t.index]
    table = pd.DataFrame({
        "kode_desa": [dotted(k) for k in t.index],
        "kecamatan": names["nama_kec"].to_numpy(), "desa": names["nama_desa"].to_numpy(),
        "jumlah_kk": [f"{v:,}".replace(",", ".") for v in kk_total],
        "jumlah_penduduk": [f"{v:,}".replace(",", ".") for v in jiwa_total],
    })
    missing = len(table) // 2                       # one desa without a row: rates stay empty
    table = table.drop(index=missing)
    table.to_csv(path, index=False, sep=";", lineterminator="\n")
    out = truth.copy()
    out["kk_total"] = pd.array(kk_total, dtype="Int64")
    out["jiwa_total"] = pd.array(jiwa_total, dtype="Int64")
    out.loc[missing, ["kk_total", "jiwa_total"]] = pd.NA
    return out


def write_idm(path: Path, desa, truth: pd.DataFrame, rng: np.random.Generator) -> None:
    """A synthetic IDM table in the layout of the real IDM 2024 file (desa only, no kelurahan).

    Scores are lower where the register share is higher, with noise; status follows the IDM
    thresholds (DOMAIN.md).
    """
    from layers.indicators.catalogue import IDM_STATUS, IDM_THRESHOLDS

    d = desa[desa["jenis"] != "kelurahan"].sort_values("kode_desa")
    t = truth.set_index("kode_desa").loc[d["kode_desa"]]
    poor = t["dtks_kk_terdaftar"].astype("Int64").fillna(0).to_numpy(dtype=float)
    rank = poor.argsort().argsort() / max(len(poor) - 1, 1)
    parts = [np.clip(0.80 - 0.28 * rank + rng.normal(0, 0.05, len(d)), 0.35, 0.95)
             for _ in range(3)]
    nilai = np.round((parts[0] + parts[1] + parts[2]) / 3, 4)
    status = [next((label for label, bound in zip(IDM_STATUS, IDM_THRESHOLDS) if v <= bound),
                   IDM_STATUS[-1]) for v in nilai]
    k = d["kode_desa"].to_numpy()
    pd.DataFrame({
        "kode_desa": [dotted(c) for c in k], "kode_desa_10": k,
        "nama_desa": d["nama_desa"].str.upper().to_numpy(),
        "nama_kec": d["nama_kec"].str.upper().to_numpy(),
        "kode_kec": [dotted(c[:6]) for c in k],
        "kode_kab": [dotted(c[:4]) for c in k], "kode_prov": [c[:2] for c in k],
        "iks_2024": np.round(parts[0], 4), "ike_2024": np.round(parts[1], 4),
        "ikl_2024": np.round(parts[2], 4), "nilai_idm_2024": nilai, "status_idm_2024": status,
        "keterangan_sumber": "Sintetis", "ada_di_tabel_kode": True,
    }).to_csv(path, index=False, lineterminator="\n")


