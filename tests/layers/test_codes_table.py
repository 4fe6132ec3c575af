"""layers.boundaries.codes_table: Kemendagri codes for boundary files that carry names only."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from layers.boundaries.codes_table import assign_codes, name_columns, read_code_table
from layers.errors import InputError
from layers.matching import write_mapping

CODES = """kode,nama,tingkat,jenis,kode_induk
33,Jawa Tengah,provinsi,,
33.16,Kabupaten Blora,kabupaten_kota,kabupaten,33
33.74,Kota Semarang,kabupaten_kota,kota,33
33.22,Kabupaten Semarang,kabupaten_kota,kabupaten,33
33.16.06,Sambong,kecamatan,,33.16
33.16.07,Blora,kecamatan,,33.16
33.16.06.2001,Gadu,desa_kelurahan,desa,33.16.06
33.16.06.2002,Sambongrejo,desa_kelurahan,desa,33.16.06
33.16.06.2003,Ngampel,desa_kelurahan,desa,33.16.06
33.16.07.2003,Ngampel,desa_kelurahan,desa,33.16.07
33.16.07.1001,Kunden,desa_kelurahan,kelurahan,33.16.07
33.16.07.2004,Kunden Kidul,desa_kelurahan,desa,33.16.07
33.74.01.1001,Sekayu,desa_kelurahan,kelurahan,33.74.01
33.74.01,Semarang Tengah,kecamatan,,33.74
"""


@pytest.fixture
def codes(tmp_path):
    path = tmp_path / "kode_wilayah.csv"
    path.write_text(CODES, encoding="utf-8")
    return path


def _boxes(names: list[tuple]) -> gpd.GeoDataFrame:
    geoms = [shapely.box(111 + i * 0.01, -7, 111.01 + i * 0.01, -6.99) for i in range(len(names))]
    frame = pd.DataFrame(names, columns=["NAME_1", "NAME_2", "TYPE_2", "NAME_3", "NAME_4",
                                         "TYPE_4"])
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def test_read_code_table(codes):
    table = read_code_table(codes)
    assert table["kode_desa"].tolist() == ["3316062001", "3316062002", "3316062003",
                                           "3316071001", "3316072003", "3316072004",
                                           "3374011001"]
    row = table.set_index("kode_desa").loc["3316071001"]
    assert row.to_dict() == {"nama_desa": "Kunden", "jenis": "kelurahan", "kode_kec": "331607",
                             "nama_kec": "Blora", "kode_kab": "3316",
                             "nama_kab": "Kabupaten Blora", "kode_prov": "33",
                             "nama_prov": "Jawa Tengah"}


def test_read_code_table_refusals(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n33,Jawa Tengah\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_code_table(bad)
    assert "bad.csv" in str(err.value)
    nodesa = tmp_path / "nodesa.csv"
    nodesa.write_text("kode,nama,tingkat\n33,Jawa Tengah,provinsi\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_code_table(nodesa)


def test_name_columns():
    assert name_columns(["NAME_1", "NAME_2", "NAME_3", "NAME_4", "TYPE_4", "geometry"]) == {
        "prov": "NAME_1", "kab": "NAME_2", "kec": "NAME_3", "desa": "NAME_4",
        "jenis_desa": "TYPE_4"}
    assert name_columns(["WADMPR", "WADMKK", "WADMKC", "WADMKD"])["desa"] == "WADMKD"


def test_gadm_names_twins_kinds_and_review(codes, tmp_path):
    gdf = _boxes([
        ("Jawa Tengah", "Blora", "Kabupaten", "Sambong", "Gadu", "Desa"),
        ("Jawa Tengah", "Blora", "Kabupaten", "Sambong", "SAMBONG REJO", "Desa"),
        ("Jawa Tengah", "Blora", "Kabupaten", "Sambong", "Ngampel", "Desa"),   # twin name ...
        ("Jawa Tengah", "Blora", "Kabupaten", "Blora", "Ngampel", "Desa"),     # ... other kec
        ("Jawa Tengah", "Blora", "Kabupaten", "Blora", "Kunden", "Kelurahan"),
        ("Jawa Tengah", "Blora", "Kabupaten", "Blora", "Kunden Kidul", "Desa"),
        ("Jawa Tengah", "Blora", "Kabupaten", "Blora", "Kunden Wetan", "Desa"),  # not in table
        ("Jawa Tengah", "Semarang", "Kota", "Semarang Tengah", "Sekayu", "Kelurahan"),
    ])
    out, report, review = assign_codes(gdf, codes)
    assert out["kode_desa"].tolist()[:6] == ["3316062001", "3316062002", "3316062003",
                                             "3316072003", "3316071001", "3316072004"]
    assert pd.isna(out["kode_desa"].iloc[6])                 # never guessed from Kunden/Kidul
    assert out["kode_desa"].iloc[7] == "3374011001"          # TYPE_2 = Kota -> Kota Semarang
    assert out["nama_desa"].tolist()[1] == "SAMBONG REJO"    # names as written are kept
    assert out["nama_kab"].iloc[0] == "Blora"
    assert review["input_nama"].tolist() == ["Kunden Wetan"]
    assert set(report.loc[report["tingkat"] == "desa", "metode"]) == {"exact", "unmatched"}
    # a human pins the unresolved name; the same call then resolves it
    pin = tmp_path / "mapping.csv"
    write_mapping(pd.DataFrame({"tingkat": ["desa"], "induk_kode": ["331607"],
                                "input_nama": ["Kunden Wetan"], "kode": ["3316072004"]}), pin)
    out2, _, review2 = assign_codes(gdf, codes, mapping=pin)
    assert out2["kode_desa"].iloc[6] == "3316072004" and review2.empty


def test_names_missing_are_refused(codes):
    gdf = gpd.GeoDataFrame({"NAME_4": ["Gadu"]}, geometry=[shapely.box(0, 0, 1, 1)])
    with pytest.raises(InputError) as err:
        assign_codes(gdf, codes)
    assert "NAME_3" in str(err.value)


def test_blora_names_only_gets_all_295_codes_back(shared_data):
    src = pyogrio.read_dataframe(shared_data / "geojson" / "desa_blora.geojson")
    truth = src["kode_desa"].str.replace(".", "", regex=False).tolist()
    gdf = gpd.GeoDataFrame({
        "NAME_1": "Jawa Tengah", "NAME_2": "Blora", "NAME_3": src["nama_kec"],
        # the way names come in other files: upper case, prefixes, spaces
        "NAME_4": [(("Desa " if j == "desa" else "Kel. ") + n.upper()) if i % 3 == 0 else n
                   for i, (n, j) in enumerate(zip(src["nama_desa"], src["jenis"]))],
    }, geometry=src.geometry, crs=src.crs)
    assert "kode_desa" not in gdf.columns
    out, report, review = assign_codes(gdf, shared_data / "kode_wilayah_kemendagri_2025.csv")
    assert out["kode_desa"].fillna("").tolist() == truth
    assert review.empty
    assert int(report.loc[report["tingkat"] == "desa", "jumlah_baris"].sum()) == 295
