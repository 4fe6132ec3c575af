"""End-to-end builds with the inputs of issue 3: DTSEN with BPS codes, population, geotags, IDM,
names-only boundaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from layers.cli import main

from synth_dtsen import family, write_csv

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"


def _build(args: list[str]) -> None:
    assert main(["build", *args]) == 0


@pytest.mark.slow
def test_wonosobo_big_layout_with_split_bps_codes_reproduces_desil_counts(shared_data,
                                                                          tmp_path):
    src = gpd.read_file(shared_data / "geojson" / "desa_wonosobo.geojson")
    big = gpd.GeoDataFrame({
        "KDEPUM": src["kode_desa"], "KDEBPS": src["kode_desa_bps"], "WADMKD": src["nama_desa"],
        "WADMKC": src["nama_kec"], "WADMKK": src["nama_kab"].str.replace("Kabupaten ", ""),
        "WADMPR": src["nama_prov"]}, geometry=src.geometry, crs=src.crs)
    boundary = tmp_path / "batas_wonosobo_big.gpkg"
    big.to_file(boundary)
    rng = np.random.default_rng(33)
    rows, expected, i = [], {}, 0
    for kode, bps in zip(src["kode_desa"].str.replace(".", ""), src["kode_desa_bps"]):
        desil = rng.integers(1, 11, size=int(rng.integers(3, 25)))
        expected[kode] = [len(desil)] + [int((desil == d).sum()) for d in range(1, 5)]
        for d in desil:
            i += 1
            rows.append(family(i, prov=bps[:2], kab=bps[2:4] if i % 3 else str(int(bps[2:4])),
                               kec=bps[4:7], desa=bps[7:] if i % 2 else str(int(bps[7:])),
                               desil=str(int(d)), kec_name="", desa_name=""))
    households = write_csv(tmp_path / "dtsen_wonosobo.csv", rows)
    out = tmp_path / "ds"
    _build(["--boundaries", str(boundary), "--households", str(households), "--out", str(out)])
    desa = gpd.read_parquet(out / "desa.parquet").set_index("kode_desa")
    want = pd.DataFrame.from_dict(expected, orient="index",
                                  columns=["kk_terdaftar"] + [f"kk_desil_{d}" for d in range(1, 5)])
    got = desa.loc[want.index, want.columns].astype("int64")
    pd.testing.assert_frame_equal(got, want, check_names=False, check_index_type=False)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["batas_wilayah"]["layout"] == "big"
    assert meta["registers"][0]["layout"] == "dtsen" and meta["registers"][0]["match_rate"] == 1.0
    # DTSEN covers everybody: it is its own denominator, so the shares exist
    assert meta["penyebut"]["sumber"] == "dtsen"
    assert (desa["persen_terdaftar"].dropna() == 100.0).all()
    first = want.index[0]
    assert desa.loc[first, "persen_desil_1"] == pytest.approx(
        round(100 * want.loc[first, "kk_desil_1"] / want.loc[first, "kk_terdaftar"], 4))
    report = pd.read_csv(out / "match_report.csv", dtype=str)
    assert set(report["metode"]) == {"kode_bps"}


def test_population_table_gives_rates_checked_by_hand():
    """The committed demo was built with its population table (data/demo/input/penduduk.csv)."""
    desa = gpd.read_parquet(DEMO / "desa.parquet").set_index("kode_desa")
    raw = pd.read_csv(DEMO / "input" / "penduduk.csv", sep=";", dtype=str)
    raw["kode"] = raw["kode_desa"].str.replace(".", "", regex=False)
    row = raw.iloc[7]                      # a desa picked by hand: read its line as a person would
    kk_total = int(row["jumlah_kk"].replace(".", ""))
    jiwa_total = int(row["jumlah_penduduk"].replace(".", ""))
    d = desa.loc[row["kode"]]
    assert d["kk_total"] == kk_total and d["jiwa_total"] == jiwa_total
    assert d["dtks_persen_terdaftar"] == pytest.approx(
        round(100 * d["dtks_kk_terdaftar"] / kk_total, 4))
    assert d["p3ke_persen_miskin_ekstrem"] == pytest.approx(
        round(100 * d["p3ke_kk_miskin_ekstrem"] / kk_total, 4))
    assert d["jiwa_per_km2"] == pytest.approx(round(jiwa_total / d["luas_km2"], 4))
    # the one desa without a row has no denominator: its shares are empty, not 0
    missing = sorted(set(desa.index) - set(raw["kode"]))
    assert len(missing) == 1
    assert pd.isna(desa.loc[missing[0], "kk_total"])
    assert pd.isna(desa.loc[missing[0], "dtks_persen_terdaftar"])
    assert desa.loc[missing[0], "dtks_kk_terdaftar"] >= 0
    # kecamatan rates are recomputed from summed counts
    kec = gpd.read_parquet(DEMO / "kecamatan.parquet").set_index("kode_kec")
    k = kec.loc[row["kode"][:6]]
    assert k["dtks_persen_terdaftar"] == pytest.approx(
        round(100 * k["dtks_kk_terdaftar"] / k["kk_total"], 4))


def test_without_a_denominator_shares_are_empty_with_the_reason(tmp_path):
    inp = DEMO / "input"
    out = tmp_path / "ds"
    _build(["--boundaries", str(inp / "batas_desa.geojson"), "--households", str(inp / "p3ke"),
            "--out", str(out)])
    desa = gpd.read_parquet(out / "desa.parquet")
    assert desa["persen_terdaftar"].isna().all() and "kk_total" not in desa
    meta = json.loads((out / "meta.json").read_text())
    ind = {i["kolom"]: i for i in meta["indikator"]}
    assert ind["persen_terdaftar"]["tersedia"] is False
    assert "--population" in ind["persen_terdaftar"]["alasan_en"]
    assert meta["penyebut"]["sumber"] is None


@pytest.mark.slow
def test_idm_status_for_blora_and_geotags_without_coordinates(shared_data, tmp_path):
    blora = shared_data / "geojson" / "desa_blora.geojson"
    inp = tmp_path / "in"
    assert main(["demo", "--out", str(inp), "--boundaries", str(blora),
                 "--households", "800", "--seed", "3"]) == 0
    # geotagged visits: points inside known desa, one swapped, one in the sea
    desa = gpd.read_file(blora)
    pts = desa.geometry.representative_point()
    chosen = [0, 5, 5, 40, 200]
    lat = [round(pts.iloc[i].y, 6) for i in chosen]
    lon = [round(pts.iloc[i].x, 6) for i in chosen]
    lat[3], lon[3] = lon[3], lat[3]                         # swapped lat/lon
    lat.append(-6.0)
    lon.append(110.0)                                        # Java Sea
    points = tmp_path / "kunjungan.csv"
    pd.DataFrame({"no": range(1, 7), "latitude": lat, "longitude": lon}).to_csv(points,
                                                                                   index=False)
    out = tmp_path / "ds"
    _build(["--boundaries", str(blora), "--households", str(inp / "input" / "dtks"),
            "--idm", str(shared_data / "idm_2024_desa_indonesia.csv"),
            "--geotag", str(points), "--out", str(out)])
    got = gpd.read_parquet(out / "desa.parquet").set_index("kode_desa")
    assert got["idm_status"].notna().sum() == 271
    assert got["idm_status"].value_counts().to_dict() == {"BERKEMBANG": 165, "MAJU": 91,
                                                          "MANDIRI": 15}
    assert got.loc[got["jenis"] == "kelurahan", "idm_status"].isna().all()
    codes = desa["kode_desa"].str.replace(".", "", regex=False)
    assert got.loc[codes.iloc[5], "kk_geotag"] == 2
    assert got.loc[codes.iloc[40], "kk_geotag"] == 1          # the swapped one, repaired
    assert got["kk_geotag"].sum() == 5
    meta = json.loads((out / "meta.json").read_text())
    assert meta["titik"]["points"] == 6 and meta["titik"]["placed"] == 5
    # no coordinate survives anywhere in the dataset
    blob = "\n".join(
        [pd.read_parquet(f).drop(columns="geometry", errors="ignore").to_csv()
         for f in sorted(out.glob("*.parquet"))]
        + [f.read_text() for f in sorted(out.glob("*.csv")) + [out / "meta.json"]])
    for v in lat + lon:
        assert not re.search(rf"(?<![\d.]){re.escape(str(abs(v)))}(?!\d)", blob), v


@pytest.mark.slow
def test_names_only_boundary_file_gets_codes_from_the_code_table(shared_data, tmp_path):
    src = gpd.read_file(shared_data / "geojson" / "desa_blora.geojson")
    gadm = gpd.GeoDataFrame({"NAME_1": src["nama_prov"],
                             "NAME_2": src["nama_kab"].str.replace("Kabupaten ", ""),
                             "NAME_3": src["nama_kec"], "NAME_4": src["nama_desa"].str.upper()},
                            geometry=src.geometry, crs=src.crs)
    boundary = tmp_path / "gadm_blora.gpkg"
    gadm.to_file(boundary)
    inp = tmp_path / "in"
    assert main(["demo", "--out", str(inp), "--boundaries",
                 str(shared_data / "geojson" / "desa_blora.geojson"), "--households", "300"]) == 0
    out = tmp_path / "ds"
    _build(["--boundaries", str(boundary), "--codes",
            str(shared_data / "kode_wilayah_kemendagri_2025.csv"),
            "--households", str(inp / "input" / "p3ke"), "--out", str(out)])
    got = gpd.read_parquet(out / "desa.parquet")
    assert sorted(got["kode_desa"]) == sorted(src["kode_desa"].str.replace(".", ""))
    truth = pd.read_csv(inp / "input" / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    merged = got.set_index("kode_desa").join(truth.set_index("kode_desa"))
    pd.testing.assert_series_equal(merged["kk_terdaftar"].astype("Int64"),
                                   merged["p3ke_kk_terdaftar"].astype("Int64"),
                                   check_names=False, check_index_type=False)
    report = pd.read_csv(out / "match_report.csv", dtype=str)
    assert (report["register"] == "batas").sum() >= 295
