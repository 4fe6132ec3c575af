"""Settings: tiles, environment, defaults."""

from pathlib import Path

from dashboard import create_app
from dashboard.settings import OSM_TILES, DashboardSettings, from_env


def test_tiles_setting():
    assert DashboardSettings().tile_url is None
    assert DashboardSettings(tiles="osm").tile_url == OSM_TILES
    url = "http://127.0.0.1:9000/{z}/{x}/{y}.png"
    assert DashboardSettings(tiles=url).tile_url == url
    local = DashboardSettings(tiles="/srv/tiles")
    assert local.tile_url == "/_pd/tiles/{z}/{x}/{y}.png"
    assert local.tile_dir == Path("/srv/tiles")


def test_environment_then_arguments(monkeypatch, tmp_path):
    monkeypatch.setenv("PRIORITAS_DATA", str(tmp_path))
    monkeypatch.setenv("PRIORITAS_TILES", "osm")
    monkeypatch.setenv("PRIORITAS_LANG", "en")
    s = from_env()
    assert (s.data_dir, s.tiles, s.lang) == (tmp_path, "osm", "en")
    s = from_env(data_dir=str(tmp_path / "x"), tiles=None)
    assert (s.data_dir, s.tiles) == (tmp_path / "x", "osm")


def test_default_data_is_the_committed_demo():
    assert DashboardSettings().data_dir == Path(__file__).resolve().parents[2] / "data" / "demo"


def test_osm_tiles_in_the_layout_only_when_asked(tiny_dir, tiny_dataset):
    app = create_app(DashboardSettings(data_dir=tiny_dir, tiles="osm"), dataset=tiny_dataset)
    layout = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert OSM_TILES.replace("/", "\\u002f") in layout or OSM_TILES in layout


def test_local_tiles_are_served_by_the_app(tiny_dir, tiny_dataset, tmp_path):
    (tmp_path / "3" / "6").mkdir(parents=True)
    (tmp_path / "3" / "6" / "4.png").write_bytes(b"\x89PNG fake")
    app = create_app(DashboardSettings(data_dir=tiny_dir, tiles=str(tmp_path)),
                     dataset=tiny_dataset)
    c = app.server.test_client()
    assert c.get("/_pd/tiles/3/6/4.png").data == b"\x89PNG fake"
    assert c.get("/_pd/tiles/3/6/5.png").status_code == 404
    layout = c.get("/_dash-layout").get_data(as_text=True)
    assert "_pd" in layout and "tiles" in layout
