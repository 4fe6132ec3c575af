"""The manifest of the demo inputs: what was generated, where it is, and what a build must find."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from layers.demo.layout import P3KE_PROGRAMMES
from layers.demo.results import DemoHouseholds

#: how the expected counts are defined (written into the manifest as they are)
_DEFINITIONS = {
    "kk_terdaftar": "distinct NOMOR_KK (SIKS) / ID Keluarga P3KE (P3KE) after removing "
                    "duplicates and rows without NOMOR_KK",
    "dtks_jiwa_terdaftar": "distinct NOMOR_NIK of those households",
    "bpnt": "BANSOS_BPNT or BANSOS_BPNT_PPKM (SIKS); Penerima BPNT or SEMBAKO (P3KE)",
    "programme": "PKH, BPNT, PBI-JK (SIKS; no unmatched household has PBI alone); "
                 "PKH, BPNT/SEMBAKO, BPUM, BST (P3KE)",
    "desil_1_4_tanpa_bansos": "desil 1-4 receiving none of PKH, BPNT/SEMBAKO, BPUM, BST",
    "inklusi": "at least one programme and (desil >= 5 where known, or not matched to "
               "Dukcapil: KETERANGAN_PADAN containing TIDAK / Padan Dukcapil TIDAK)",
    "na": "NA for a register in a kecamatan absent from that register's files",
}


def build_manifest(seed: int, n_households: int, g: pd.DataFrame, hh: DemoHouseholds,
                   boundary_info: dict[str, Any], siks_files: list[dict[str, Any]],
                   p3ke_files: list[dict[str, Any]],
                   rejected: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest content: seed, area, boundaries, counts, file records, mess, definitions
    and the totals a correct build must reproduce."""
    per_desa = next(f for f in siks_files if "kode_desa" in f)
    return {
        "generator": "layers.demo",
        "seed": seed,
        "n_households": n_households,
        "wilayah": {"kode_prov": g["kode_desa"].iloc[0][:2], "nama_prov": g["nama_prov"].iloc[0],
                    "kode_kab": g["kode_desa"].iloc[0][:4], "nama_kab": g["nama_kab"].iloc[0]},
        "boundaries": boundary_info,
        "counts": _counts(g, hh, per_desa["rows"]),
        "files": {"dtks": siks_files, "p3ke": p3ke_files,
                  "mapping": "mapping_benar.csv", "truth": "kebenaran_per_desa.csv"},
        "mess": _mess(hh, per_desa, rejected),
        "definitions": dict(_DEFINITIONS),
        "expected": _expected(hh),
    }


def _mess(hh: DemoHouseholds, per_desa: dict[str, Any],
          rejected: list[dict[str, Any]]) -> dict[str, Any]:
    """The households' mess plus the per-desa file and the rows a reader must reject."""
    mess = json.loads(json.dumps(hh.mess))
    mess["siks"]["per_desa_file"] = {
        "kode_desa": hh.per_desa["kode_desa"], "input_nama": hh.per_desa["input_nama"],
        "path": per_desa["path"], "rows": per_desa["rows"],
    }
    mess["siks"]["duplicate_rows_total"] = (mess["siks"]["duplicate_rows_same_file"]
                                            + per_desa["rows"])
    mess["siks"]["rejected_rows"] = rejected
    return mess


def _counts(g: pd.DataFrame, hh: DemoHouseholds, per_desa_rows: int) -> dict[str, int]:
    """Areas, rows, persons, households and names to review."""
    siks = hh.siks
    kept = siks[siks["NOMOR_KK"] != ""]
    return {
        "desa": int(len(g)),
        "kelurahan": int((g["jenis"] == "kelurahan").sum()),
        "kecamatan": int(g["kode_kec"].nunique()),
        "siks_rows": int(len(siks)) + per_desa_rows,
        "siks_persons": int(kept["NOMOR_NIK"].nunique()),
        "siks_households": int(kept["NOMOR_KK"].nunique()),
        "p3ke_rows": int(len(hh.p3ke)),
        "p3ke_families": int(hh.p3ke["ID Keluarga P3KE"].nunique()),
        "review_names": int(len(hh.mapping)),
        "review_households": int(sum(a["kk"] for a in hh.mess["siks"]["ambiguous"])),
    }


def _expected(hh: DemoHouseholds) -> dict[str, int]:
    """Totals a correct build reproduces."""
    truth = hh.truth
    return {
        "dtks_households": int(truth["dtks_kk_terdaftar"].sum()),
        "dtks_persons": int(truth["dtks_jiwa_terdaftar"].sum()),
        "p3ke_families": int(truth["p3ke_kk_terdaftar"].sum()),
        "exclusion_desil_1_2_p3ke": int(
            _exclusion_low_desil(hh.p3ke.drop_duplicates("ID Keluarga P3KE"))),
        "inklusi_dtks": int(truth["dtks_kk_inklusi"].sum()),
        "inklusi_p3ke": int(truth["p3ke_kk_inklusi"].sum()),
    }


def _exclusion_low_desil(p3ke: pd.DataFrame) -> int:
    """P3KE families in desil 1-2 receiving no programme."""
    desil = p3ke["Desil Kesejahteraan"].map(lambda v: int(str(v).split()[-1]))
    none = (p3ke[list(P3KE_PROGRAMMES)] == "Tidak").all(axis=1)
    return int(((desil <= 2) & none).sum())
