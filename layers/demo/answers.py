"""The answer key of the demo: true per-desa counts, every written name with its answer, and the
summary of the mess planted (the ``mess`` of the manifest)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.demo.layout import DTKS_TRUTH, KODE_PROV, P3KE_TRUTH, TRUTH_COLUMNS
from layers.settings import Settings


def true_counts(fam: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
                settings: Settings) -> pd.DataFrame:
    """Per-desa counts from the family table (not from the written frames)."""
    nd = len(g)
    kec = g["kode_kec"].to_numpy()
    out = pd.DataFrame({"kode_desa": g["kode_desa"].to_numpy()})

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(fam["desa"].to_numpy()[mask],
                           weights=None if weights is None else weights[mask],
                           minlength=nd).astype(np.int64)

    s = fam["in_siks"].to_numpy()
    bpnt_s = (fam["bpnt"] | fam["ppkm"]).to_numpy()
    any_s = bpnt_s | fam["pkh"].to_numpy() | fam["pbi"].to_numpy()
    not_padan = fam["padan"].to_numpy() == "TIDAK"
    desil = fam["desil"].to_numpy()
    out["dtks_kk_terdaftar"] = count(s)
    out["dtks_jiwa_terdaftar"] = count(s, fam["size"].to_numpy().astype(float))
    out["dtks_kk_pkh"] = count(s & fam["pkh"].to_numpy())
    out["dtks_kk_bpnt"] = count(s & bpnt_s)
    out["dtks_kk_pbi"] = count(s & fam["pbi"].to_numpy())
    out["dtks_kk_inklusi"] = count(s & any_s & not_padan)  # SIKS has no desil

    kec_fam = kec[fam["desa"].to_numpy()]
    p = fam["in_p3ke"].to_numpy() & ~np.isin(kec_fam, plan["p3ke_missing"])
    bpnt_p = (fam["bpnt"] | fam["sembako"]).to_numpy()
    any_p = bpnt_p | fam["pkh"].to_numpy() | fam["bpum"].to_numpy() | fam["bst"].to_numpy()
    out["p3ke_kk_terdaftar"] = count(p)
    for k in range(1, 5):
        out[f"p3ke_kk_desil_{k}"] = count(p & (desil == k))
    out["p3ke_kk_pkh"] = count(p & fam["pkh"].to_numpy())
    out["p3ke_kk_bpnt"] = count(p & bpnt_p)
    low = desil <= settings.exclusion_desil_max
    high = desil >= settings.inclusion_min_desil
    out["p3ke_kk_desil_1_4_tanpa_bansos"] = count(p & low & ~any_p)
    out["p3ke_kk_inklusi"] = count(p & any_p & (high | not_padan))
    out = out.astype({c: "Int64" for c in TRUTH_COLUMNS[1:]})
    for cols, mask in ((DTKS_TRUTH, s), (P3KE_TRUTH, p)):
        present = set(kec_fam[mask].tolist())
        absent = ~np.isin(kec, sorted(present))
        out.loc[absent, list(cols)] = pd.NA
    return out[list(TRUTH_COLUMNS)]


_EXPECT = {"persis": "exact", "huruf": "exact", "awalan": "exact", "spasi": "exact_or_fuzzy",
           "salah_ketik": "fuzzy", "ambigu": "review"}


def names_table(siks: pd.DataFrame, kode: pd.Series, row_kind: pd.Series, g: pd.DataFrame,
                plan: dict[str, Any]) -> pd.DataFrame:
    """Every written area name with its answer, rows and households (per-desa file excluded)."""
    kec_of = dict(zip(g["kode_desa"], g["kode_kec"]))
    kept = row_kind.to_numpy() != "tanpa_kk"
    fam_of_row = plan["siks_fam_of_row"]
    recs = []
    base = pd.DataFrame({
        "kab": siks["KABUPATEN_KOTA"], "kec": siks["KECAMATAN"], "desa": siks["DESA_KELURAHAN"],
        "kode": kode, "kode_kec": [kec_of[k] for k in kode], "fam": fam_of_row, "kept": kept,
        "jenis": plan["siks_name_kind"],
    })
    kab_of_kec = dict(zip(g["kode_kec"], g["nama_kab"]))
    for (written, kk), grp in base.groupby(["kab", "kode_kec"], sort=True):
        recs.append(("kab", KODE_PROV if not kk else kk[:2], written, kk[:4], "awalan"
                     if written != kab_of_kec.get(kk, g["nama_kab"].iloc[0]) else "persis",
                     grp))
    for (written, kk), grp in base.groupby(["kec", "kode_kec"], sort=True):
        recs.append(("kec", kk[:4], written, kk, plan["kec_written"][kk][1], grp))
    for (written, kd, kk, jenis), grp in base.groupby(["desa", "kode", "kode_kec", "jenis"],
                                                       sort=True):
        recs.append(("desa", kk, written, kd, jenis, grp))
    rows = []
    for tingkat, induk, written, kd, jenis, grp in recs:
        rows.append({"tingkat": tingkat, "induk_kode": induk, "input_nama": written, "kode": kd,
                     "jenis": jenis, "harapan": _EXPECT[jenis], "baris": int(len(grp)),
                     "kk": int(grp.loc[grp["kept"], "fam"].nunique())})
    names = pd.DataFrame(rows)
    # kab and kec names repeat over kecamatan/files: sum them per written name and code
    names = (names.groupby(["tingkat", "induk_kode", "input_nama", "kode", "jenis", "harapan"],
                           sort=False, as_index=False)[["baris", "kk"]].sum())
    lvl = {"kab": 0, "kec": 1, "desa": 2}
    names = names.sort_values(["tingkat", "induk_kode", "input_nama", "kode"],
                              key=lambda s: s.map(lvl) if s.name == "tingkat" else s,
                              kind="stable").reset_index(drop=True)
    return names


def mess_summary(g: pd.DataFrame, plan: dict[str, Any], names: pd.DataFrame,
                 row_kind: pd.Series, damage: dict[str, int], p3ke: pd.DataFrame,
                 truth: pd.DataFrame) -> dict[str, Any]:
    """JSON-ready description of the mess planted: name variants, typos, ambiguous names,
    duplicates and rejected rows (SIKS), the missing kecamatan and damaged codes (P3KE)."""
    nm = dict(zip(g["kode_desa"], g["nama_desa"]))
    nm.update(zip(g["kode_kec"], g["nama_kec"]))
    nm.update(zip(g["kode_desa"].str[:4], g["nama_kab"]))

    def rec(level_rows: pd.DataFrame) -> list[dict[str, Any]]:
        return [{"tingkat": r.tingkat, "induk_kode": r.induk_kode, "input_nama": r.input_nama,
                 "kode": r.kode, "nama_benar": nm.get(r.kode, ""), "baris": int(r.baris),
                 "kk": int(r.kk)} for r in level_rows.itertuples()]

    desa_names = names[names["tingkat"] == "desa"]
    missing = [{"kode": k, "nama": g.loc[plan["kec_members"][k][0], "nama_kec"]}
               for k in plan["p3ke_missing"]]
    return {
        "siks": {
            "kab_variants": rec(names[names["tingkat"] == "kab"]),
            "kec_variants": rec(names[(names["tingkat"] == "kec") & (names["jenis"] != "persis")]),
            "desa_variants": rec(desa_names[desa_names["jenis"].isin(
                ["huruf", "awalan", "spasi"])]),
            "typos": rec(desa_names[desa_names["jenis"] == "salah_ketik"]),
            "ambiguous": _ambiguous_records(g, plan, desa_names, nm),
            "duplicate_rows_same_file": int((row_kind == "duplikat").sum()),
            "rows_without_kk": int((row_kind == "tanpa_kk").sum()),
        },
        "p3ke": {
            "missing_kecamatan": missing,
            "kode_kemdagri": damage,
            "unrecoverable_code_rows": damage.get("ilmiah", 0),
            "duplicate_rows": int(plan["p3ke_dup_rows"]),
            "rows": int(len(p3ke)),
        },
        "truth_totals": {c: int(truth[c].sum()) for c in TRUTH_COLUMNS[1:]},
    }


def _ambiguous_records(g: pd.DataFrame, plan: dict[str, Any], desa_names: pd.DataFrame,
                       nm: dict[str, str]) -> list[dict[str, Any]]:
    """Every ambiguous name planted: where, how it was built, its candidates, rows and KK."""
    kode = g["kode_desa"].to_numpy()
    ambiguous = []
    for a in plan["ambiguous"]:
        r = desa_names[(desa_names["input_nama"] == a["written"])
                       & (desa_names["kode"] == kode[a["desa"]])]
        ambiguous.append({
            "tingkat": "desa", "induk_kode": g.loc[a["desa"], "kode_kec"],
            "input_nama": a["written"], "kode": kode[a["desa"]], "nama_benar": nm[kode[a["desa"]]],
            "konstruksi": a["konstruksi"], "kandidat": [kode[i] for i in a["kandidat"]],
            "baris": int(r["baris"].sum()), "kk": int(r["kk"].sum()),
        })
    return ambiguous
