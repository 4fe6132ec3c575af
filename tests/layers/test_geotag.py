"""layers.indicators.geotag: points to desa by point-in-polygon; coordinates never leave."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
import shapely

from layers.boundaries import read_boundaries
from layers.errors import InputError
from layers.indicators.geotag import STATUS, assign_points, geotag


@pytest.fixture(scope="module")
def blora(shared_data):
    return read_boundaries(shared_data / "geojson" / "desa_blora.geojson").desa


@pytest.fixture(scope="module")
def points(blora):
    """Two points inside every Blora desa: representative point plus a small jitter inside."""
    rng = np.random.default_rng(7)
    rows = []
    for kode, geom in zip(blora["kode_desa"], blora.geometry):
        base = geom.representative_point()
        rows.append((kode, base.x, base.y))
        for _ in range(50):
            dx, dy = rng.normal(0, 0.002, size=2)
            p = shapely.Point(base.x + dx, base.y + dy)
            if geom.contains(p):
                rows.append((kode, p.x, p.y))
                break
    return pd.DataFrame(rows, columns=["kode", "lon", "lat"])


def _write(path, header, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_points_land_in_the_right_desa(blora, points):
    kode, status, border = assign_points(points["lon"].to_numpy(), points["lat"].to_numpy(),
                                         blora)
    assert len(points) >= 2 * 295 - 5
    assert (status == "ok").all()
    assert kode.tolist() == points["kode"].tolist()
    assert not border.any()


def test_table_with_swapped_sea_and_foreign_points(tmp_path, blora, points):
    sample = points.iloc[::7].reset_index(drop=True)           # ~85 points over all kecamatan
    rows = [[f"{r.lat:.6f}", f"{r.lon:.6f}", str(1 + i % 10), f"9933160600{i:06d}"]
            for i, r in enumerate(sample.itertuples())]
    n_ok = len(rows)
    swapped = sample.iloc[:5]
    rows += [[f"{r.lon:.6f}", f"{r.lat:.6f}", "1", "9933160600999991"]
             for r in swapped.itertuples()]                      # latitude and longitude swapped
    rows += [["-6.300000", "111.400000", "2", "9933160600999992"],   # Java Sea north of Blora
             ["-7.797000", "110.370000", "2", "9933160600999993"],   # Yogyakarta: not Blora
             ["0", "0", "3", "9933160600999994"],                    # null island
             ["-33.868800", "151.209300", "3", "9933160600999995"],  # Sydney
             ["", "", "4", "9933160600999996"],                      # no coordinates
             ["7°12'S", "111°E", "4", "9933160600999997"]]           # not decimal degrees
    path = _write(tmp_path / "verval.csv", ["Latitude", "Longitude", "desil", "NIK"], rows)
    res = geotag(path, blora, keep=["desil", "NIK", "nama_kepala_keluarga", "Latitude"])
    pts = res.points
    assert list(pts.columns) == ["_file", "_row", "kode_desa", "status", "desil"]
    assert pts["kode_desa"].iloc[:n_ok].tolist() == sample["kode"].tolist()
    assert pts["kode_desa"].iloc[n_ok:n_ok + 5].tolist() == swapped["kode"].tolist()
    assert pts["status"].iloc[n_ok:].tolist() == ["tertukar"] * 5 + [
        "di_luar_desa", "di_luar_desa", "di_luar_indonesia", "di_luar_indonesia", "kosong",
        "tidak_sah"]
    assert pts["kode_desa"].iloc[n_ok + 5:].isna().all()
    assert res.stats["status"] == {"ok": n_ok, "tertukar": 5, "di_luar_desa": 2,
                                   "di_luar_indonesia": 2, "tidak_sah": 1, "kosong": 1}
    assert res.stats["dropped_columns"] == ["NIK", "nama_kepala_keluarga", "Latitude"]
    assert res.records["row"].tolist() == list(range(n_ok + 2, n_ok + 13))
    assert res.records["status"].iloc[0] == "tertukar"
    assert res.records["alasan"].iloc[0] == STATUS["tertukar"]
    # no coordinate (nor the NIK) survives in any output
    dump = pts.to_csv() + res.records.to_csv() + repr(res.stats)
    for r in sample.itertuples():
        assert f"{r.lat:.6f}" not in dump and f"{r.lon:.6f}" not in dump
        assert f"{r.lat:.4f}" not in dump and f"{r.lon:.4f}" not in dump
    for text in ("-6.3", "111.4", "151.2", "-33.8", "9933160600"):
        assert text not in dump


def test_swapped_points_can_be_left_unplaced(blora, points):
    one = points.iloc[:3]
    kode, status, _ = assign_points(one["lat"].to_numpy(), one["lon"].to_numpy(), blora,
                                    fix_swapped=False)
    assert status.tolist() == ["tertukar"] * 3 and kode.tolist() == [None] * 3


def test_decimal_comma_and_single_coordinate_column(tmp_path, blora, points):
    p = points.iloc[0]
    comma = _write(tmp_path / "koma.csv", ["lintang", "bujur"],
                   [[f"{p.lat:.6f}".replace(".", ","), f"{p.lon:.6f}".replace(".", ",")]],
                   delimiter=";")
    pair = _write(tmp_path / "pasangan.csv", ["No", "Koordinat"],
                  [["1", f"{p.lat:.6f}, {p.lon:.6f}"], ["2", f"{p.lat:.6f} {p.lon:.6f}"],
                   ["3", "tidak ada"]])
    res = geotag([comma, pair], blora)
    assert res.points["kode_desa"].tolist()[:3] == [p["kode"]] * 3
    assert res.points["status"].tolist() == ["ok", "ok", "ok", "tidak_sah"]
    assert res.points["_file"].tolist() == ["koma.csv", "pasangan.csv", "pasangan.csv",
                                            "pasangan.csv"]
    assert res.stats["files"] == ["koma.csv", "pasangan.csv"]


def test_point_layers_in_any_crs(tmp_path, blora, points):
    import geopandas as gpd

    sub = points.iloc[:6].reset_index(drop=True)
    gdf = gpd.GeoDataFrame({"desil": [str(d) for d in range(1, 7)]},
                           geometry=gpd.points_from_xy(sub["lon"], sub["lat"]), crs="EPSG:4326")
    gdf.to_file(tmp_path / "titik.geojson", driver="GeoJSON")
    gdf.to_crs("EPSG:32749").to_file(tmp_path / "titik.gpkg", driver="GPKG")
    for name in ("titik.geojson", "titik.gpkg"):
        res = geotag(tmp_path / name, blora, keep=["desil"])
        assert res.points["kode_desa"].tolist() == sub["kode"].tolist(), name
        assert res.points["_row"].tolist() == [1, 2, 3, 4, 5, 6]
        assert res.points["desil"].tolist() == ["1", "2", "3", "4", "5", "6"]


def test_refusals(tmp_path, blora):
    import geopandas as gpd

    nocoord = _write(tmp_path / "x.csv", ["desa", "desil"], [["GADU", "1"]])
    with pytest.raises(InputError) as err:
        geotag(nocoord, blora)
    assert "x.csv" in str(err.value) and "latitude" in str(err.value)
    poly = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(111, -7, 111.1, -6.9)],
                            crs="EPSG:4326")
    poly.to_file(tmp_path / "poly.geojson", driver="GeoJSON")
    with pytest.raises(InputError) as err:
        geotag(tmp_path / "poly.geojson", blora)
    assert "poly.geojson" in str(err.value)


def test_rows_with_too_many_cells_are_listed(tmp_path, blora, points):
    p = points.iloc[0]
    path = tmp_path / "rusak.csv"
    path.write_text(f"lat,lon\n{p.lat:.6f},{p.lon:.6f}\n{p.lat:.6f},{p.lon:.6f},x,y\n",
                    encoding="utf-8")
    res = geotag(path, blora)
    assert res.points["status"].tolist() == ["ok"]
    assert res.records[["row", "status"]].values.tolist() == [[3, "tidak_sah"]]
    assert res.stats["rows_skipped"] == 1
