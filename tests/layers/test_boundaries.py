"""Boundary reader: formats, layouts, CRS, geometry repair and the QA report.

Unit tests use hand-made 1 km squares in UTM 49S (EPSG:32749, around Blora) with synthetic
codes of region 99; the real-data tests use the reference files beside the repo.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from layers.boundaries import COLUMNS, dissolve_levels, gazetteer, read_boundaries
from layers.errors import BoundaryError
from layers.settings import DEFAULT

# writing the hand-made Shapefiles warns about 10-character field names and missing .prj
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pyogrio",
                                        "ignore::UserWarning:tests",
                                        "ignore:Normalized/laundered field name:RuntimeWarning")

UTM = "EPSG:32749"
X0, Y0 = 500_000.0, 9_200_000.0          # on the central meridian of zone 49 (111 E)
KM = 1000.0


def square(col: int, row: int, size: float = 1.0) -> Polygon:
    """A ``size`` km square whose lower-left corner is ``col``, ``row`` km from the origin."""
    x, y = X0 + col * KM, Y0 + row * KM
    return box(x, y, x + size * KM, y + size * KM)


def frame(rows: list[dict], crs=UTM) -> gpd.GeoDataFrame:
    attrs = [{k: v for k, v in r.items() if k != "geometry"} for r in rows]
    return gpd.GeoDataFrame(pd.DataFrame(attrs), geometry=[r["geometry"] for r in rows], crs=crs)


def four_desa(crs=UTM) -> gpd.GeoDataFrame:
    """2 x 2 km block: three desa/kel in kec 99.01.01, one desa in kec 99.01.02."""
    rows = [
        {"kode_desa": "99.01.01.2001", "nama_desa": " Sukamaju ", "kode_desa_bps": "9901010001",
         "nama_kec": "Contoh Lor", "nama_kab": "Kabupaten Contoh", "nama_prov": "Prov Contoh",
         "geometry": square(0, 0)},
        {"kode_desa": "99.01.01.2002", "nama_desa": "Sukamulya", "kode_desa_bps": "9901010002",
         "nama_kec": "Contoh Lor", "nama_kab": "Kabupaten Contoh", "nama_prov": "Prov Contoh",
         "geometry": square(1, 0)},
        {"kode_desa": "99.01.01.1003", "nama_desa": "Kota Lama", "kode_desa_bps": None,
         "nama_kec": "Contoh Lor", "nama_kab": "Kabupaten Contoh", "nama_prov": "Prov Contoh",
         "geometry": square(0, 1)},
        {"kode_desa": "99.01.02.2001", "nama_desa": "Wetan", "kode_desa_bps": "9901020001",
         "nama_kec": "Contoh Kidul", "nama_kab": "Kabupaten Contoh", "nama_prov": "Prov Contoh",
         "geometry": square(1, 1)},
    ]
    gdf = frame(rows)
    return gdf if crs == UTM else gdf.to_crs(crs)


def write_zip_shp(gdf: gpd.GeoDataFrame, tmp_path: Path, *, folder: str = "batas",
                  name: str = "desa") -> Path:
    """A zipped Shapefile whose files sit in a folder inside the zip."""
    src = tmp_path / "shp_src"
    src.mkdir(exist_ok=True)
    gdf.to_file(src / f"{name}.shp")
    out = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for f in sorted(src.glob(f"{name}.*")):
            zf.write(f, arcname=f"{folder}/{f.name}")
    return out


def write(gdf: gpd.GeoDataFrame, tmp_path: Path, fmt: str) -> Path:
    if fmt == "geojson":
        path = tmp_path / "desa.geojson"
        gdf.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    elif fmt == "gpkg":
        path = tmp_path / "desa.gpkg"
        gdf.to_file(path, layer="desa", driver="GPKG")
    elif fmt == "shp":
        path = tmp_path / "desa.shp"
        gdf.to_file(path)
    elif fmt == "zip":
        path = write_zip_shp(gdf, tmp_path)
    elif fmt == "parquet":
        path = tmp_path / "desa.parquet"
        gdf.to_parquet(path)
    else:
        raise AssertionError(fmt)
    return path


# --------------------------------------------------------------------------------------------
# formats and canonical columns
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,expected_format", [
    ("geojson", "geojson"), ("gpkg", "gpkg"), ("shp", "shapefile"), ("zip", "shapefile_zip"),
    ("parquet", "geoparquet")])
def test_each_format_gives_canonical_frame(tmp_path, fmt, expected_format):
    path = write(four_desa(), tmp_path, fmt)
    res = read_boundaries(path)
    d = res.desa
    assert list(d.columns) == COLUMNS
    assert d.crs.to_epsg() == 4326
    assert d["kode_desa"].tolist() == ["9901011003", "9901012001", "9901012002", "9901022001"]
    assert d["nama_desa"].tolist() == ["Kota Lama", "Sukamaju", "Sukamulya", "Wetan"]
    assert d["jenis"].tolist() == ["kelurahan", "desa", "desa", "desa"]
    assert d["kode_kec"].tolist() == ["990101", "990101", "990101", "990102"]
    assert set(d["kode_kab"]) == {"9901"} and set(d["kode_prov"]) == {"99"}
    assert d["nama_kec"].tolist() == ["Contoh Lor", "Contoh Lor", "Contoh Lor", "Contoh Kidul"]
    assert d["kode_desa_bps"].iloc[1] == "9901010001"
    assert pd.isna(d["kode_desa_bps"].iloc[0])
    # 1 km2 squares in UTM; EPSG:6933 agrees within the UTM scale error (< 0.2 %)
    assert np.allclose(d["luas_km2"], 1.0, rtol=2e-3)
    assert (d["luas_km2"] == d["luas_km2"].round(4)).all()
    qa = res.qa
    assert qa["format"] == expected_format
    assert qa["layout"] == "kode_nama"
    assert qa["rows_read"] == 4
    assert qa["repaired"] == 0 and qa["overlaps"] == [] and qa["gaps"] == []
    assert qa["duplicate_codes"] == [] and qa["coverage_valid"] is True
    assert len(qa["sha256"]) == 64


def test_big_layout_mapped_case_insensitively(tmp_path):
    gdf = frame([
        {"KDEPUM": "99.01.01.2001", "KDEBPS": "9901010001", "WADMKD": "SUKAMAJU",
         "wadmkc": "CONTOH LOR", "WADMKK": "CONTOH", "WadmPr": "PROV CONTOH", "LUASWH": 1.5,
         "geometry": square(0, 0)},
        {"KDEPUM": "99.01.01.1002", "KDEBPS": "9901010002", "WADMKD": "KOTA LAMA",
         "wadmkc": "CONTOH LOR", "WADMKK": "CONTOH", "WadmPr": "PROV CONTOH", "LUASWH": 1.5,
         "geometry": square(1, 0)},
    ])
    path = tmp_path / "big.gpkg"
    gdf.to_file(path, driver="GPKG")
    res = read_boundaries(path)
    assert res.qa["layout"] == "big"
    d = res.desa
    assert d["kode_desa"].tolist() == ["9901011002", "9901012001"]
    assert d["kode_desa_bps"].tolist() == ["9901010002", "9901010001"]
    assert d["nama_desa"].tolist() == ["KOTA LAMA", "SUKAMAJU"]
    assert d["nama_kec"].tolist() == ["CONTOH LOR", "CONTOH LOR"]
    assert d["nama_kab"].tolist() == ["CONTOH", "CONTOH"]
    assert d["nama_prov"].tolist() == ["PROV CONTOH", "PROV CONTOH"]
    assert d["jenis"].tolist() == ["kelurahan", "desa"]


def test_synonym_columns_and_numeric_codes(tmp_path):
    gdf = frame([
        {"KD_DESA": 9901012001, "Desa": "Sukamaju", "geometry": square(0, 0)},
        {"KD_DESA": 9901012002, "Desa": "Sukamulya", "geometry": square(1, 0)},
    ])
    path = tmp_path / "kd.gpkg"
    gdf.to_file(path, driver="GPKG")
    d = read_boundaries(path).desa
    assert d["kode_desa"].tolist() == ["9901012001", "9901012002"]
    assert d["nama_desa"].tolist() == ["Sukamaju", "Sukamulya"]
    assert d["kode_kec"].tolist() == ["990101", "990101"]
    assert d["nama_kec"].isna().all() and d["kode_desa_bps"].isna().all()


def test_names_only_file_refused_asking_for_codes(tmp_path):
    gdf = frame([{"nama_desa": "Sukamaju", "kecamatan": "Contoh", "geometry": square(0, 0)}])
    path = tmp_path / "nama_saja.geojson"
    gdf.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert "nama_saja.geojson" in msg
    assert "perlu kolom kode desa Kemendagri" in msg and "needs a Kemendagri desa code" in msg
    assert "--codes" in msg and "nama_desa, kecamatan" in msg


def test_rows_with_bad_codes_kept_apart(tmp_path):
    gdf = frame([
        {"kode_desa": "99.01.01.2001", "nama_desa": "Sukamaju", "geometry": square(0, 0)},
        {"kode_desa": "3.31606E+09", "nama_desa": "Rusak", "geometry": square(1, 0)},
        {"kode_desa": None, "nama_desa": "Danau", "geometry": square(2, 0)},
    ])
    path = write(gdf, tmp_path, "gpkg")
    res = read_boundaries(path)
    assert res.desa["kode_desa"].tolist() == ["9901012001"]
    assert res.qa["invalid_codes"] == [{"kode": "3.31606E+09", "nama_desa": "Rusak"},
                                       {"kode": None, "nama_desa": "Danau"}]
    assert res.qa["rows_read"] == 3


def test_no_valid_code_at_all_refused_naming_column(tmp_path):
    gdf = frame([{"kode": "123", "nama": "A", "geometry": square(0, 0)}])
    path = write(gdf, tmp_path, "gpkg")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    assert "kolom kode" in str(err.value) and "column kode" in str(err.value)
    assert "desa.gpkg" in str(err.value)


def test_unreadable_file_named(tmp_path):
    path = tmp_path / "rusak.gpkg"
    path.write_bytes(b"this is not a geopackage at all")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert "berkas rusak.gpkg" in msg and "file rusak.gpkg" in msg
    assert "tidak bisa dibaca" in msg and "cannot be read" in msg


def test_zip_without_shapefile_refused(tmp_path):
    path = tmp_path / "kosong.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("catatan.txt", "bukan peta")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    assert "catatan.txt" in str(err.value) and "kosong.zip" in str(err.value)


# --------------------------------------------------------------------------------------------
# layers
# --------------------------------------------------------------------------------------------

def test_gpkg_polygon_layer_chosen_among_others(tmp_path):
    path = tmp_path / "multi.gpkg"
    four_desa().to_file(path, layer="desa", driver="GPKG")
    pts = gpd.GeoDataFrame({"nama": ["kantor"]}, geometry=[shapely.Point(X0, Y0)], crs=UTM)
    pts.to_file(path, layer="kantor_desa", driver="GPKG")
    res = read_boundaries(path)
    assert res.qa["layer"] == "desa" and len(res.desa) == 4


def test_gpkg_several_polygon_layers_need_layer(tmp_path):
    path = tmp_path / "dua.gpkg"
    four_desa().to_file(path, layer="desa_2022", driver="GPKG")
    four_desa().iloc[:2].to_file(path, layer="desa_2019", driver="GPKG")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert "desa_2022" in msg and "desa_2019" in msg and "layer=" in msg
    assert len(read_boundaries(path, layer="desa_2019").desa) == 2
    with pytest.raises(BoundaryError, match="tidak ada; layer yang ada"):
        read_boundaries(path, layer="desa_2030")


def test_zip_with_two_shapefiles_needs_layer(tmp_path):
    out = tmp_path / "dua.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for name, gdf in (("desa_2022", four_desa()), ("desa_2019", four_desa().iloc[:2])):
            src = tmp_path / name
            src.mkdir()
            gdf.to_file(src / f"{name}.shp")
            for f in sorted(src.iterdir()):
                zf.write(f, arcname=f"data/{name}/{f.name}")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(out)
    assert "data/desa_2019/desa_2019.shp" in str(err.value)
    assert "data/desa_2022/desa_2022.shp" in str(err.value)
    res = read_boundaries(out, layer="desa_2019")
    assert len(res.desa) == 2 and res.qa["format"] == "shapefile_zip"


# --------------------------------------------------------------------------------------------
# CRS
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["shp", "zip"])
def test_missing_crs_refused_then_accepted_with_crs(tmp_path, fmt):
    gdf = four_desa().set_crs(None, allow_override=True)
    path = write(gdf, tmp_path, fmt)
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert f"berkas {path.name}" in msg and f"file {path.name}" in msg
    assert "tidak punya sistem koordinat" in msg and "has no coordinate reference system" in msg
    res = read_boundaries(path, crs=UTM)
    assert res.desa.crs.to_epsg() == 4326
    assert res.qa["crs_in"] == "EPSG:32749"
    assert res.desa.total_bounds[0] == pytest.approx(111.0, abs=1e-9)


def test_reprojection_from_utm(tmp_path):
    path = write(four_desa(), tmp_path, "gpkg")
    res = read_boundaries(path)
    assert res.qa["crs_in"] == "EPSG:32749"
    xmin, ymin, xmax, ymax = res.desa.total_bounds
    # x = 500 000 is the central meridian of UTM 49 (111 E); y = 9 200 000 is 800 km / 0.9996
    # of meridian arc south of the equator, about 7.2375 S
    assert xmin == pytest.approx(111.0, abs=1e-9)
    assert ymin == pytest.approx(-7.2375, abs=2e-4)
    assert xmax - xmin == pytest.approx(2 / 110.6, rel=0.01)


def test_projected_coordinates_labelled_4326_refused(tmp_path):
    gdf = four_desa().set_crs("EPSG:4326", allow_override=True)
    path = tmp_path / "salah_crs.gpkg"
    gdf.to_file(path, driver="GPKG")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert "salah_crs.gpkg" in msg and "±180/±90" in msg
    # the right CRS given by the user wins over the label in the file
    assert read_boundaries(path, crs=UTM).desa.total_bounds[0] == pytest.approx(111.0)


# --------------------------------------------------------------------------------------------
# geometry repair, multipart villages, duplicates
# --------------------------------------------------------------------------------------------

def test_bow_tie_repaired_and_counted(tmp_path):
    bow = Polygon([(X0, Y0), (X0 + 2 * KM, Y0 + 2 * KM), (X0 + 2 * KM, Y0), (X0, Y0 + 2 * KM)])
    assert not bow.is_valid
    gdf = frame([{"kode_desa": "9901012001", "nama_desa": "Dasi", "geometry": bow},
                 {"kode_desa": "9901012002", "nama_desa": "Lurus", "geometry": square(5, 0)}])
    res = read_boundaries(write(gdf, tmp_path, "gpkg"))
    assert res.qa["repaired"] == 1
    geom = res.desa.geometry.iloc[0]
    assert geom.is_valid and geom.geom_type == "MultiPolygon" and len(geom.geoms) == 2
    assert res.desa["luas_km2"].iloc[0] == pytest.approx(2.0, rel=2e-3)   # two 1 km2 triangles


def test_multipart_village_stays_one_row(tmp_path):
    gdf = frame([
        {"kode_desa": "9901012001", "nama_desa": "Pulau",
         "geometry": MultiPolygon([square(0, 0), square(3, 0)])},
        {"kode_desa": "9901012002", "nama_desa": "Darat", "geometry": square(1, 0)},
    ])
    res = read_boundaries(write(gdf, tmp_path, "parquet"))
    assert len(res.desa) == 2
    assert res.desa.geometry.iloc[0].geom_type == "MultiPolygon"
    assert res.desa["luas_km2"].iloc[0] == pytest.approx(2.0, rel=2e-3)
    assert res.qa["merged_parts"] == []


def test_parts_split_over_rows_are_merged(tmp_path):
    gdf = frame([
        {"kode_desa": "99.01.01.2001", "nama_desa": "Pulau", "kode_desa_bps": "9901010001",
         "geometry": square(0, 0)},
        {"kode_desa": "99.01.01.2002", "nama_desa": "Darat", "kode_desa_bps": "9901010002",
         "geometry": square(1, 0)},
        {"kode_desa": "9901012001", "nama_desa": "PULAU ", "kode_desa_bps": "9901010001",
         "geometry": square(4, 0)},
    ])
    res = read_boundaries(write(gdf, tmp_path, "geojson"))
    d = res.desa
    assert d["kode_desa"].tolist() == ["9901012001", "9901012002"]
    assert d.geometry.iloc[0].geom_type == "MultiPolygon"
    assert d["luas_km2"].iloc[0] == pytest.approx(2.0, rel=2e-3)
    assert d["nama_desa"].iloc[0] == "Pulau" and d["kode_desa_bps"].iloc[0] == "9901010001"
    assert res.qa["merged_parts"] == [{"kode_desa": "9901012001", "jumlah_baris": 2,
                                       "nama_desa": "Pulau"}]
    assert res.qa["duplicate_codes"] == []


def test_same_code_different_names_reported(tmp_path):
    gdf = frame([
        {"kode_desa": "9901012001", "nama_desa": "Sukamaju", "geometry": square(0, 0)},
        {"kode_desa": "9901012001", "nama_desa": "Sukamulya", "geometry": square(1, 0)},
        {"kode_desa": "9901012003", "nama_desa": "Lain", "geometry": square(2, 0)},
    ])
    res = read_boundaries(write(gdf, tmp_path, "gpkg"))
    assert res.qa["duplicate_codes"] == [{"kode_desa": "9901012001", "jumlah_baris": 2,
                                          "nama": ["Sukamaju", "Sukamulya"]}]
    assert res.desa["kode_desa"].tolist() == ["9901012001", "9901012003"]
    assert res.desa["nama_desa"].iloc[0] == "Sukamaju"           # first row's name kept


def test_empty_geometry_dropped_and_reported(tmp_path):
    gdf = frame([
        {"kode_desa": "9901012001", "nama_desa": "Ada", "geometry": square(0, 0)},
        {"kode_desa": "9901012002", "nama_desa": "Kosong", "geometry": Polygon()},
        {"kode_desa": "9901012003", "nama_desa": "Garis",
         "geometry": shapely.LineString([(X0, Y0), (X0 + KM, Y0)])},
    ])
    path = tmp_path / "kosong.parquet"
    gdf.to_parquet(path)
    res = read_boundaries(path)
    assert res.desa["kode_desa"].tolist() == ["9901012001"]
    assert res.qa["dropped_empty"] == [{"kode_desa": "9901012002", "nama_desa": "Kosong"},
                                       {"kode_desa": "9901012003", "nama_desa": "Garis"}]


# --------------------------------------------------------------------------------------------
# QA: overlaps and gaps
# --------------------------------------------------------------------------------------------

def test_overlap_reported_with_area(tmp_path):
    x, y = X0 + 0.8 * KM, Y0
    gdf = frame([
        {"kode_desa": "9901012001", "nama_desa": "Barat", "geometry": square(0, 0)},
        {"kode_desa": "9901012002", "nama_desa": "Timur",
         "geometry": box(x, y, x + KM, y + KM)},                # 0.2 km x 1 km shared
        {"kode_desa": "9901012003", "nama_desa": "Jauh", "geometry": square(5, 0)},
    ])
    res = read_boundaries(write(gdf, tmp_path, "gpkg"))
    ov = res.qa["overlaps"]
    assert [(o["kode_a"], o["kode_b"]) for o in ov] == [("9901012001", "9901012002")]
    assert ov[0]["km2"] == pytest.approx(0.2, rel=3e-3)
    assert res.qa["coverage_valid"] is False
    # below the threshold it is not reported
    quiet = replace(DEFAULT, overlap_min_km2=0.5)
    assert read_boundaries(write(gdf, tmp_path, "gpkg"), settings=quiet).qa["overlaps"] == []


def test_touching_desa_are_not_overlaps(tmp_path):
    res = read_boundaries(write(four_desa(), tmp_path, "gpkg"))
    assert res.qa["overlaps"] == []


def test_gap_reported_with_area_and_point(tmp_path):
    rows = []
    for i, (c, r) in enumerate([(c, r) for r in range(3) for c in range(3) if (c, r) != (1, 1)]):
        rows.append({"kode_desa": f"99010120{i + 1:02d}", "nama_desa": f"D{i}",
                     "geometry": square(c, r)})
    res = read_boundaries(write(frame(rows), tmp_path, "gpkg"))
    gaps = res.qa["gaps"]
    assert len(gaps) == 1
    assert gaps[0]["km2"] == pytest.approx(1.0, rel=3e-3)
    hole = gpd.GeoSeries([square(1, 1)], crs=UTM).to_crs("EPSG:4326").iloc[0]
    assert hole.contains(shapely.Point(gaps[0]["lon"], gaps[0]["lat"]))
    bigger = replace(DEFAULT, gap_min_km2=2.0)
    assert read_boundaries(write(frame(rows), tmp_path, "gpkg"), settings=bigger).qa["gaps"] == []


def test_gap_with_island_counts_only_the_water(tmp_path):
    """A 3 x 3 km hole holding a 1 km2 island desa: the gap is 8 km2, its point off the island."""
    ring = [(c, r) for r in range(5) for c in range(5) if not (1 <= c <= 3 and 1 <= r <= 3)]
    rows = [{"kode_desa": f"99010120{i + 1:02d}", "nama_desa": f"D{i}", "geometry": square(c, r)}
            for i, (c, r) in enumerate(ring)]
    rows.append({"kode_desa": "9901012099", "nama_desa": "Pulau", "geometry": square(2, 2)})
    res = read_boundaries(write(frame(rows), tmp_path, "parquet"))
    gaps = res.qa["gaps"]
    assert len(gaps) == 1 and gaps[0]["km2"] == pytest.approx(8.0, rel=3e-3)
    island = gpd.GeoSeries([square(2, 2)], crs=UTM).to_crs("EPSG:4326").iloc[0]
    assert not island.intersects(shapely.Point(gaps[0]["lon"], gaps[0]["lat"]))


# --------------------------------------------------------------------------------------------
# area filter
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["parquet", "gpkg", "zip", "geojson"])
@pytest.mark.parametrize("area", ["99.01.01", "990101"])
def test_area_filter_applied_while_reading(tmp_path, fmt, area):
    res = read_boundaries(write(four_desa(), tmp_path, fmt), area=area)
    assert res.desa["kode_desa"].tolist() == ["9901011003", "9901012001", "9901012002"]
    assert res.qa["rows_read"] == 3              # the other kecamatan was never read
    assert res.qa["area"] == "990101"


def test_area_filter_on_numeric_code_column(tmp_path):
    gdf = frame([
        {"kode": 9901012001, "nama": "A", "geometry": square(0, 0)},
        {"kode": 9901022001, "nama": "B", "geometry": square(1, 0)},
        {"kode": 9902012001, "nama": "C", "geometry": square(2, 0)},
    ])
    for fmt in ("gpkg", "parquet"):
        res = read_boundaries(write(gdf, tmp_path, fmt), area="99.01")
        assert res.desa["kode_desa"].tolist() == ["9901012001", "9901022001"]
        assert res.qa["rows_read"] == 2


def test_area_not_in_file_or_malformed(tmp_path):
    path = write(four_desa(), tmp_path, "gpkg")
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path, area="33.16")
    assert "33.16" in str(err.value) and "desa.gpkg" in str(err.value)
    with pytest.raises(BoundaryError, match="tidak dikenali"):
        read_boundaries(path, area="3")


# --------------------------------------------------------------------------------------------
# dissolve and gazetteer
# --------------------------------------------------------------------------------------------

def test_dissolve_levels_synthetic(tmp_path):
    desa = read_boundaries(write(four_desa(), tmp_path, "gpkg")).desa
    lv = dissolve_levels(desa)
    kec, kab, prov = lv["kecamatan"], lv["kabupaten"], lv["provinsi"]
    assert list(kec.columns) == ["kode_kec", "nama_kec", "kode_kab", "nama_kab", "kode_prov",
                                 "nama_prov", "jumlah_desa", "luas_km2", "geometry"]
    assert list(kab.columns) == ["kode_kab", "nama_kab", "kode_prov", "nama_prov",
                                 "jumlah_desa", "luas_km2", "geometry"]
    assert list(prov.columns) == ["kode_prov", "nama_prov", "jumlah_desa", "luas_km2",
                                  "geometry"]
    assert kec["kode_kec"].tolist() == ["990101", "990102"]
    assert kec["nama_kec"].tolist() == ["Contoh Lor", "Contoh Kidul"]
    assert kec["jumlah_desa"].tolist() == [3, 1]
    assert kab["jumlah_desa"].tolist() == [4] and prov["jumlah_desa"].tolist() == [4]
    assert kab["nama_kab"].tolist() == ["Kabupaten Contoh"]
    assert kec.geometry.iloc[0].geom_type == "Polygon"         # three squares became one shape
    assert prov.geometry.iloc[0].geom_type == "Polygon"
    assert kec["luas_km2"].sum() == pytest.approx(desa["luas_km2"].sum(), rel=1e-6)
    assert prov["luas_km2"].iloc[0] == pytest.approx(4.0, rel=2e-3)
    assert kec.crs.to_epsg() == 4326


def test_dissolve_falls_back_when_not_a_coverage(tmp_path):
    x = X0 + 0.5 * KM
    gdf = frame([
        {"kode_desa": "9901012001", "nama_desa": "A", "geometry": square(0, 0)},
        {"kode_desa": "9901012002", "nama_desa": "B", "geometry": box(x, Y0, x + KM, Y0 + KM)},
    ])
    desa = read_boundaries(write(gdf, tmp_path, "gpkg")).desa
    kec = dissolve_levels(desa)["kecamatan"]
    assert kec.geometry.iloc[0].is_valid
    assert kec["luas_km2"].iloc[0] == pytest.approx(1.5, rel=2e-3)   # overlap counted once


def test_gazetteer_has_no_geometry(tmp_path):
    desa = read_boundaries(write(four_desa(), tmp_path, "gpkg")).desa
    gaz = gazetteer(desa)
    assert type(gaz) is pd.DataFrame
    assert list(gaz.columns) == COLUMNS[:-1]
    assert gaz["kode_desa"].tolist() == desa["kode_desa"].tolist()


# --------------------------------------------------------------------------------------------
# real reference data
# --------------------------------------------------------------------------------------------

def test_blora_geojson(shared_data):
    res = read_boundaries(shared_data / "geojson" / "desa_blora.geojson")
    d = res.desa
    assert len(d) == 295
    assert d["kode_kec"].nunique() == 16
    assert int((d["jenis"] == "kelurahan").sum()) == 24
    assert int((d["jenis"] == "desa").sum()) == 271
    assert d["kode_kab"].unique().tolist() == ["3316"]
    assert d["kode_desa"].is_unique and d["kode_desa"].str.fullmatch(r"\d{10}").all()
    sambong = d[d["kode_kec"] == "331606"]
    assert len(sambong) == 10 and set(sambong["nama_kec"]) == {"Sambong"}
    assert d["kode_desa_bps"].notna().all()
    assert res.qa["coverage_valid"] is True and res.qa["overlaps"] == []
    assert res.qa["repaired"] == 0 and res.qa["duplicate_codes"] == []
    lv = dissolve_levels(d)
    assert len(lv["kecamatan"]) == 16 and lv["kecamatan"]["jumlah_desa"].sum() == 295
    assert lv["kabupaten"]["nama_kab"].tolist() == ["Kabupaten Blora"]
    total = d["luas_km2"].sum()
    assert lv["kecamatan"]["luas_km2"].sum() == pytest.approx(total, rel=1e-3)
    assert lv["kabupaten"]["luas_km2"].iloc[0] == pytest.approx(total, rel=1e-3)


def test_jateng_parquet_area_filter(shared_data):
    res = read_boundaries(shared_data / "desa_jateng_full.parquet", area="33.16")
    # rows_read shows the filter ran while reading: the other 8,268 desa were never built
    assert len(res.desa) == 295 and res.qa["rows_read"] == 295
    assert res.desa["kode_desa"].str.startswith("3316").all()
    assert res.desa["kode_kec"].nunique() == 16


@pytest.mark.slow
def test_jateng_full_read_and_qa(shared_data):
    res = read_boundaries(shared_data / "desa_jateng_full.parquet")
    d = res.desa
    assert len(d) == 8563
    assert d["kode_kab"].nunique() == 35 and d["kode_kec"].nunique() == 576
    assert res.qa["coverage_valid"] is True and res.qa["overlaps"] == []
    lv = dissolve_levels(d)
    assert len(lv["kecamatan"]) == 576 and len(lv["kabupaten"]) == 35
    assert lv["provinsi"]["jumlah_desa"].tolist() == [8563]
