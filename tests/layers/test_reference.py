"""layers.indicators.reference: IDM per desa and per-desa tables of numbers (--extra)."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.boundaries import gazetteer, read_boundaries
from layers.errors import InputError
from layers.indicators.reference import IDM_STATUS, read_extra, read_idm

GAZ = pd.DataFrame({
    "kode_desa": ["3316062001", "3316062002", "3316062003", "3316061001"],
    "nama_desa": ["Gadu", "Sambongrejo", "Ledok", "Sambong"],
    "jenis": ["desa", "desa", "desa", "kelurahan"],
    "kode_kec": ["331606"] * 4, "nama_kec": ["Sambong"] * 4,
    "kode_kab": ["3316"] * 4, "nama_kab": ["Kabupaten Blora"] * 4,
    "kode_prov": ["33"] * 4, "nama_prov": ["Jawa Tengah"] * 4,
})


def test_idm_blora(shared_data):
    res = read_boundaries(shared_data / "geojson" / "desa_blora.geojson")
    gaz = gazetteer(res.desa)
    idm = read_idm(shared_data / "idm_2024_desa_indonesia.csv", gaz)
    t = idm.table
    assert len(t) == 271 and t["idm_status"].notna().all() and t["idm_nilai"].notna().all()
    assert t["idm_status"].value_counts().to_dict() == {"BERKEMBANG": 165, "MAJU": 91,
                                                        "MANDIRI": 15}
    assert set(t.index) == set(gaz.loc[gaz["jenis"] == "desa", "kode_desa"])
    assert idm.stats["kelurahan_tanpa_idm"] == 24 and idm.stats["desa_tanpa_idm"] == []
    assert idm.stats["status"] == {"SANGAT TERTINGGAL": 0, "TERTINGGAL": 0,
                                   "BERKEMBANG": 165, "MAJU": 91, "MANDIRI": 15}
    assert idm.stats["status_tidak_sesuai_nilai"] == 0
    assert idm.stats["outside_area"] == 75265 - 271
    assert list(t.columns) == ["idm_nilai", "idm_status", "idm_iks", "idm_ike", "idm_ikl"]
    meta = {m["kolom"]: m for m in idm.meta}
    assert meta["idm_status"]["tahun"] == 2024 and meta["idm_status"]["jenis"] == "kategori"
    assert meta["idm_status"]["judul"] == "status_idm_2024"
    assert meta["idm_nilai"]["label_id"] == "Nilai IDM 2024"
    assert "Kemendes" in meta["idm_nilai"]["sumber"]
    assert meta["idm_nilai"]["file"] == "idm_2024_desa_indonesia.csv"
    assert idm.rejected.empty


def test_idm_hand_made(tmp_path):
    path = tmp_path / "idm.csv"
    path.write_text(
        "kode_desa_10;nama_desa;nilai_idm;status_idm\n"
        "3316062001;GADU;0,6883;Berkembang\n"              # decimal comma, title case
        "3316062002;SAMBONGREJO;0.83;maju\n"               # status disagrees with the score
        "3316062003;LEDOK;1.7;ENTAH\n"                     # bad score and status
        "3316062003;LEDOK;0.5;TERTINGGAL\n"                # conflicting duplicate of row 4
        "3401012001;X;0.7;MAJU\n", encoding="utf-8")
    idm = read_idm(path, GAZ, year=2023)
    t = idm.table
    assert t.index.tolist() == ["3316062001", "3316062002"]
    assert t.loc["3316062001", "idm_nilai"] == pytest.approx(0.6883)
    assert t["idm_status"].tolist() == ["BERKEMBANG", "MAJU"]
    assert idm.stats["status_tidak_sesuai_nilai"] == 1      # 0.83 is MANDIRI by the thresholds
    assert sorted(idm.rejected[["row", "kolom"]].values.tolist()) == [
        [4, "kode_desa_10"], [4, "nilai_idm"], [4, "status_idm"], [5, "kode_desa_10"]]
    assert idm.stats["desa_tanpa_idm"] == ["3316062003"]
    assert idm.stats["kelurahan_tanpa_idm"] == 1 and idm.stats["outside_area"] == 1
    assert {m["tahun"] for m in idm.meta} == {2023}
    assert IDM_STATUS[0] == "SANGAT TERTINGGAL"


def test_idm_without_score_or_status_is_refused(tmp_path):
    path = tmp_path / "idm.csv"
    path.write_text("kode_desa,nama_desa\n3316062001,GADU\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_idm(path, GAZ)
    assert "idm.csv" in str(err.value)


def test_extra_table(tmp_path):
    path = tmp_path / "posyandu_dinkes.csv"
    path.write_text(
        "kode_desa;kode_kec;Kecamatan;Desa;Jumlah Posyandu;Prevalensi Stunting (%);Keterangan;"
        "Tahun\n"
        "33.16.06.2001;331606;Sambong;Gadu;4;12,5;baik;2024\n"
        "3316062002;331606;Sambong;Sambongrejo;3;8.25;;2024\n"
        ";331606;Sambong;Ledok;2;tidak ada data;kurang;2024\n"    # by name; one bad number
        "3316061001;331606;Sambong;Sambong;1.234;20;;2024\n", encoding="utf-8")
    ext = read_extra(path, GAZ)
    t = ext.table
    assert list(t.columns) == ["ext_jumlah_posyandu", "ext_prevalensi_stunting"]
    assert t["ext_jumlah_posyandu"].to_dict() == {"3316061001": 1.234, "3316062001": 4.0,
                                                  "3316062002": 3.0, "3316062003": 2.0}
    assert t.loc["3316062001", "ext_prevalensi_stunting"] == pytest.approx(12.5)
    assert pd.isna(t.loc["3316062003", "ext_prevalensi_stunting"])
    assert ext.rejected[["row", "kolom"]].values.tolist() == [[4, "Prevalensi Stunting (%)"]]
    meta = {m["kolom"]: m for m in ext.meta}
    assert meta["ext_prevalensi_stunting"]["judul"] == "Prevalensi Stunting (%)"
    assert meta["ext_jumlah_posyandu"]["sumber"] == "posyandu_dinkes"
    assert meta["ext_jumlah_posyandu"]["tahun"] == 2024
    assert "Keterangan" in ext.stats["ignored_columns"]
    assert "kode_kec" in ext.stats["ignored_columns"] and "Tahun" in ext.stats["ignored_columns"]
    named = read_extra(path, GAZ, source="Dinkes Blora", year=2025)
    assert {m["sumber"] for m in named.meta} == {"Dinkes Blora"}
    assert {m["tahun"] for m in named.meta} == {2025}


def test_extra_refusals(tmp_path):
    years = tmp_path / "a.csv"
    years.write_text("kode_desa,nilai,tahun\n3316062001,1,2023\n3316062002,2,2024\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_extra(years, GAZ)
    assert "2023, 2024" in str(err.value)
    text = tmp_path / "b.csv"
    text.write_text("kode_desa,catatan\n3316062001,baik\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_extra(text, GAZ)
    nikfile = tmp_path / "c_2022.csv"
    nikfile.write_text("kode_desa,NIK,skor\n3316062001,9933160600000001,5\n", encoding="utf-8")
    ext = read_extra(nikfile, GAZ)
    assert list(ext.table.columns) == ["ext_skor"]        # a personal column is never a value
    assert ext.meta[0]["tahun"] == 2022                   # year from the file name
