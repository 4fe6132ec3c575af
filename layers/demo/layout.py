"""The synthetic kabupaten's identity and the column layouts of the files the demo writes."""

from __future__ import annotations

from datetime import datetime

KODE_PROV = "99"
KODE_KAB = "9901"
NAMA_PROV = "Contoh"
NAMA_KAB = "Kabupaten Contoh"
NAMA_KEC_KOTA = "Kota Contoh"
#: fixed timestamp written into workbooks and zip entries (byte-identical output)
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)

CANONICAL_COLUMNS = (
    "kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
    "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2", "geometry",
)
SIKS_COLUMNS = (
    "IDDTKS", "PROVINSI", "KABUPATEN_KOTA", "KECAMATAN", "DESA_KELURAHAN", "ALAMAT", "DUSUN",
    "RT", "RW", "NOMOR_KK", "NOMOR_NIK", "NAMA", "TANGGAL_LAHIR", "TEMPAT_LAHIR",
    "JENIS_KELAMIN", "PEKERJAAN", "NAMA_IBU_KANDUNG", "HUBUNGAN_KELUARGA", "KETERANGAN_PADAN",
    "BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN",
)
P3KE_COLUMNS = (
    "No", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "ID Keluarga P3KE", "Kepala Keluarga", "NIK", "Tanggal Lahir", "Alamat", "Jenis Kelamin",
    "Pekerjaan", "Pendidikan", "Padan Dukcapil", "Desil Kesejahteraan", "Jenis Atap",
    "Jenis Dinding", "Jenis Lantai", "Sumber Penerangan", "Bahan Bakar Memasak",
    "Sumber Air Minum", "Memiliki Fasilitas BAB", "Penerima BPNT", "Penerima BPUM",
    "Penerima BST", "Penerima PKH", "Penerima SEMBAKO", "Resiko Stunting",
)
DTKS_TRUTH = (
    "dtks_kk_terdaftar", "dtks_jiwa_terdaftar", "dtks_kk_pkh", "dtks_kk_bpnt", "dtks_kk_pbi",
    "dtks_kk_inklusi",
)
P3KE_TRUTH = (
    "p3ke_kk_terdaftar", "p3ke_kk_desil_1", "p3ke_kk_desil_2", "p3ke_kk_desil_3",
    "p3ke_kk_desil_4", "p3ke_kk_pkh", "p3ke_kk_bpnt", "p3ke_kk_desil_1_4_tanpa_bansos",
    "p3ke_kk_inklusi",
)
TRUTH_COLUMNS = ("kode_desa",) + DTKS_TRUTH + P3KE_TRUTH
#: P3KE programme columns (``Penerima ...``)
P3KE_PROGRAMMES = ("Penerima BPNT", "Penerima BPUM", "Penerima BST", "Penerima PKH",
                   "Penerima SEMBAKO")
