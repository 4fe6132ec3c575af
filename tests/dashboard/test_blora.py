"""A build over the real Blora boundaries (synthetic households): geometry and callbacks."""

import json

import geobuf
import geopandas as gpd
import pytest
import shapely

from dashboard import create_app
from dashboard.settings import DashboardSettings
from tools.replay import call, page_state

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def blora_app(blora_dir):
    return create_app(DashboardSettings(data_dir=blora_dir))


def test_display_geometry_of_real_desa_stays_a_coverage(blora_app):
    dataset = blora_app.server.config["PD_DATASET"]
    assert len(dataset.frames["desa"]) == 295
    assert len(dataset.frames["kecamatan"]) == 16
    for unit, kode in (("desa", "3316"), ("desa", "331606"), ("kecamatan", "3316")):
        fc = geobuf.decode(dataset.geobuf(unit, kode))
        shapes = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
        assert all(s.is_valid for s in shapes)
        assert shapely.coverage_is_valid(shapes), (unit, kode)
    sambong = geobuf.decode(dataset.geobuf("desa", "331606"))["features"]
    assert len(sambong) == 10


def test_blora_callbacks(blora_app, blora_dir):
    dataset = blora_app.server.config["PD_DATASET"]
    c = blora_app.server.test_client()
    info = dataset.default_indicator
    for path in ("/", "/kec/331606", "/kab/3316/desa", "/desa/3316062002"):
        resp, raw, _ = call(c, blora_app, "pd-style.data", page_state(path, info.kolom),
                            ["pd-location.pathname"])
        assert b"coordinates" not in raw
        n = len(resp["response"]["pd-style"]["data"]["c"])
        assert n == {"/": 16, "/kec/331606": 10, "/kab/3316/desa": 295,
                     "/desa/3316062002": 10}[path]
    resp, _, _ = call(c, blora_app, "pd-profile.children",
                      page_state("/desa/3316062002", info.kolom), ["pd-location.pathname"])
    text = json.dumps(resp["response"]["pd-profile"]["children"], ensure_ascii=False)
    desa = gpd.read_parquet(blora_dir / "desa.parquet").set_index("kode_desa")
    assert desa.at["3316062002", "nama_desa"] in text
    from layers.fmt import angka
    assert angka(desa.at["3316062002", info.kolom]) in text
