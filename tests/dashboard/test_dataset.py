"""Loading a dataset directory and serving its display geometry."""

import json
import shutil

import geobuf
import numpy as np
import pytest
import shapely

from dashboard.dataset import DatasetError, LoadedDataset, _simplify_coverage
from dashboard.settings import DashboardSettings
from dashboard.views import View


def test_load_reads_every_level(tiny_dataset):
    s = tiny_dataset
    assert {k: len(v) for k, v in s.frames.items()} == {
        "provinsi": 1, "kabupaten": 1, "kecamatan": 2, "desa": 5}
    assert s.root == View("kabupaten", "9901", "kecamatan")
    assert s.default_indicator.kolom == "kk_terdaftar"
    assert s.indicator("kk_pbi").tersedia is False
    assert s.indicator("kk_pbi").alasan_id.startswith("Tata letak P3KE")
    assert len(s.version) == 12


def test_units_are_sorted_copies_with_parents(tiny_dataset):
    u = tiny_dataset.units(View("kabupaten", "9901", "desa"))
    assert u["kode"].tolist() == ["9901011003", "9901012001", "9901012002", "9901022001",
                                  "9901022002"]
    assert u["induk_nama"].tolist() == ["Alfa", "Alfa", "Alfa", "Beta", "Beta"]
    u.loc[:, "kk_terdaftar"] = 0
    again = tiny_dataset.units(View("kabupaten", "9901", "desa"))
    assert again["kk_terdaftar"].tolist()[:3] == [1200, 100, 250]


def test_geobuf_holds_one_feature_per_unit_in_code_order(tiny_dataset):
    fc = geobuf.decode(tiny_dataset.geobuf("desa", "990101"))
    props = [f["properties"] for f in fc["features"]]
    assert [p["k"] for p in props] == ["9901011003", "9901012001", "9901012002"]
    assert [p["n"] for p in props] == ["Tiga", "Satu", "Dua"]
    assert [p["p"] for p in props] == ["Alfa", "Alfa", "Alfa"]
    assert [p["i"] for p in props] == [0, 1, 2]
    for f in fc["features"]:
        shape = shapely.geometry.shape(f["geometry"])
        assert shape.contains(shapely.Point(f["properties"]["lx"], f["properties"]["ly"]))
    assert tiny_dataset.geobuf("desa", "990199") is None
    assert tiny_dataset.geobuf("rt", "9901") is None


def test_every_view_has_geometry(tiny_dataset):
    for view in tiny_dataset.all_views():
        data = tiny_dataset.geobuf(view.unit, view.kode)
        n = len(tiny_dataset.units(view))
        assert len(geobuf.decode(data)["features"]) == n, view


def test_bounds(tiny_dataset):
    assert tiny_dataset.bounds("kecamatan", "990101") == [[-7.01, 110.0], [-7.0, 110.03]]
    assert tiny_dataset.bounds("kecamatan", "990199") is None
    (s, w), (n, e) = tiny_dataset.bounds(None, "")
    assert (s, w, n, e) == pytest.approx((-7.02, 110.0, -7.0, 110.03))


def test_simplified_coverage_keeps_shared_edges():
    # two neighbours sharing a wiggly edge: simplification must move it for both alike
    xs = np.linspace(0, 1, 60)
    edge = [(x, 0.5 + 0.002 * np.sin(x * 40)) for x in xs]
    top = shapely.Polygon([(0, 1)] + edge + [(1, 1)])
    bottom = shapely.Polygon([(0, 0)] + edge + [(1, 0)])
    geoms = np.array([shapely.make_valid(top), shapely.make_valid(bottom)], dtype=object)
    assert shapely.coverage_is_valid(geoms)
    out = _simplify_coverage(geoms, 0.01)
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(geoms).sum()
    assert shapely.coverage_is_valid(out)
    assert shapely.intersection(out[0], out[1]).area == pytest.approx(0, abs=1e-12)
    assert shapely.union(out[0], out[1]).area == pytest.approx(1.0, rel=1e-3)


def test_missing_folder(tmp_path):
    with pytest.raises(DatasetError) as err:
        LoadedDataset.load(tmp_path / "nope")
    assert "folder dataset tidak ditemukan" in str(err.value)
    assert "dataset folder not found" in str(err.value)


def test_missing_meta(tmp_path):
    with pytest.raises(DatasetError) as err:
        LoadedDataset.load(tmp_path)
    assert err.value.file == "meta.json"
    assert "python -m layers build" in str(err.value)


def test_bad_meta_json_names_the_line(tiny_dir, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(tiny_dir, bad)
    (bad / "meta.json").write_text('{"versi": 1,\n "oops"\n}', encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        LoadedDataset.load(bad)
    assert err.value.file == "meta.json" and err.value.row == 3


def test_missing_level_file(tiny_dir, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(tiny_dir, bad)
    (bad / "kecamatan.parquet").unlink()
    with pytest.raises(DatasetError) as err:
        LoadedDataset.load(bad)
    assert err.value.file == "kecamatan.parquet"


def test_missing_key_column(tiny_dir, tmp_path):
    import geopandas as gpd

    bad = tmp_path / "bad"
    shutil.copytree(tiny_dir, bad)
    d = gpd.read_parquet(bad / "desa.parquet").drop(columns="nama_desa")
    d.to_parquet(bad / "desa.parquet")
    with pytest.raises(DatasetError) as err:
        LoadedDataset.load(bad)
    assert (err.value.file, err.value.column) == ("desa.parquet", "nama_desa")


def test_unknown_wilayah_falls_back_to_everything(tiny_dir, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(tiny_dir, other)
    meta = json.loads((other / "meta.json").read_text(encoding="utf-8"))
    meta["wilayah"] = {"kode": "", "nama": "Indonesia", "tingkat": "nasional"}
    (other / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    s = LoadedDataset.load(other, settings=DashboardSettings(data_dir=other), warm=False)
    assert s.root == View(None, "", "provinsi")
