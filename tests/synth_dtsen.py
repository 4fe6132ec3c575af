"""Synthetic DTSEN family rows (NIK/KK with region code 99) shared by the DTSEN tests."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["id_keluarga", "no_kk", "nik_kepala_keluarga", "nama_kepala_keluarga",
          "tanggal_lahir", "alamat", "kode_provinsi", "kode_kabupaten", "kode_kecamatan",
          "kode_desa", "kode_sls", "kecamatan", "desa_kelurahan", "desil", "jumlah_art",
          "r303", "r304", "r305", "r306a", "r307a", "r308", "r309a", "pkh", "bpnt", "pbi_jk",
          "blt_dana_desa"]


def family(i: int, prov="33", kab="16", kec="060", desa="002", *, desil="1", fam=None,
           kec_name="SAMBONG", desa_name="SAMBONGREJO", jiwa="4", lantai="8", pkh="1",
           bpnt="2", fuel="10") -> list[str]:
    fam = fam if fam is not None else f"99331606{i:08d}"
    return [fam, f"99331606{i:08d}", f"99331606{80000 + i:08d}", f"Warga Sintetis {i}",
            f"1970-01-{1 + i % 27:02d}", f"Jl. Mawar {i}", prov, kab, kec, desa, "0001",
            kec_name, desa_name, desil, jiwa, lantai, "1", "2", "3", "1", fuel, "1", pkh, bpnt,
            "1", "2"]


def write_csv(path: Path, rows: list[list[str]], header=HEADER, delimiter=",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


