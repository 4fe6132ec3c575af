"""Presentation mode: the slide of a path (map style, top-10 list, period and sources), the
sequence the arrow keys step through, and the page the app serves."""

from __future__ import annotations

import pytest

from dashboard.model.cache import Computed
from dashboard.model.presentasi import map_path, present_path, read_hash, slide, steps
from dashboard.model.rank_lists import rank_tab
from dashboard.settings import DashboardSettings
from dashboard.views import View

WEIGHTS = "dtks_persen_terdaftar=1,p3ke_kk_miskin_ekstrem=3"


def test_paths_and_hash():
    assert map_path("/presentasi/kab/9901") == "/kab/9901"
    assert map_path("/presentasi") == "/" and map_path(None) == "/"
    assert present_path("/desa/9901012001") == "/presentasi/desa/9901012001"
    assert read_hash("#i=kk_pkh&w=a=1,b=2&l=en") == {"i": "kk_pkh", "w": "a=1,b=2", "l": "en"}


def test_a_kabupaten_steps_through_its_kecamatan(tiny_dataset):
    st = steps(tiny_dataset, View("kabupaten", "9901", "kecamatan"))
    assert (st.index, st.count) == (1, 3)
    assert (st.prev, st.next) == ("/presentasi/kec/990102", "/presentasi/kec/990101")
    assert st.up is None  # the dataset's own area
    assert st.down == "/presentasi/kec/990101"
    st = steps(tiny_dataset, View("kecamatan", "990101", "desa"))
    assert (st.index, st.prev, st.next) == (2, "/presentasi/kab/9901", "/presentasi/kec/990102")
    assert (st.up, st.down) == ("/presentasi/kab/9901", "/presentasi/desa/9901011003")
    st = steps(tiny_dataset, View("kecamatan", "990102", "desa"))
    assert st.next == "/presentasi/kab/9901"  # wraps around


def test_a_desa_steps_through_the_desa_of_its_kecamatan(tiny_dataset):
    st = steps(tiny_dataset, View("kecamatan", "990101", "desa", selected="9901012002"))
    assert (st.index, st.count) == (4, 4)  # the kecamatan, then 1003 (kelurahan), 2001, 2002
    assert st.prev == "/presentasi/desa/9901012001"
    assert st.next == "/presentasi/kec/990101"  # wraps around
    assert (st.up, st.down) == ("/presentasi/kec/990101", None)


def test_the_slide_lists_the_prioritas_tab_top_10_with_the_hash_weights(demo_dataset):
    computed, settings = Computed(), DashboardSettings()
    s = slide(computed, demo_dataset, settings, "/presentasi/kab/9901",
              f"#i=dtks_kk_terdaftar&s=quantiles&k=4&l=id&w={WEIGHTS}&n=rank&kel=0")
    tab = rank_tab(Computed(), demo_dataset, "/kab/9901/desa",
                   rank={"w": WEIGHTS, "n": "rank", "kel": False}, rank_view="peringkat",
                   selected=None, top=10, rank_sort=None, lang="id")
    assert list(s.top["kode_desa"]) == list(tab.panel.rows["kode_desa"])
    assert list(s.top["peringkat"]) == list(range(1, 11))
    default = slide(computed, demo_dataset, settings, "/presentasi/kab/9901", "#l=id")
    assert list(default.top["kode_desa"]) != list(s.top["kode_desa"])
    assert s.title == "Kabupaten Contoh"
    assert s.top_title == "10 desa prioritas teratas di Kabupaten Contoh"
    assert s.period == "Periode data 2026-10"
    assert s.sources[0] == "Sumber: DTKS (ekspor SIKS-NG), P3KE"
    assert len(s.style.legend.entries) == 4  # k=4 from the hash
    assert s.style.hideout["src"] == s.route.geo_url == demo_dataset.geo_url("kecamatan", "9901")
    assert s.exit_path.startswith("/kab/9901#i=dtks_kk_terdaftar&s=quantiles&k=4")


def test_a_kecamatan_slide_in_english(demo_dataset):
    s = slide(Computed(), demo_dataset, DashboardSettings(), "/presentasi/kec/990101", "#l=en")
    assert s.lang == "en"
    assert s.title == "District Banyuwangi"
    assert s.top_title == "Top 10 priority villages in Banyuwangi"
    assert set(s.top["kode_desa"].str[:6]) == {"990101"}
    assert s.period == "Data period 2026-10"
    assert (s.steps.index, s.steps.count) == (2, 13)
    assert s.exit_path == "/kec/990101#l=en"


def test_an_unknown_area_says_so(demo_dataset):
    s = slide(Computed(), demo_dataset, DashboardSettings(), "/presentasi/kab/8888", "")
    assert s.route.view is None and s.top is None and s.steps is None
    assert s.subtitle == "Wilayah ini tidak ada di dataset."


@pytest.fixture(scope="module")
def client(tiny_app):
    return tiny_app.server.test_client()


def test_the_app_serves_presentation_mode(client):
    assert client.get("/presentasi").status_code == 308
    page = client.get("/presentasi/kab/9901")
    assert page.status_code == 200
    assert b"_dash-config" in page.data and b"/presentasi/" in page.data
    layout = client.get("/presentasi/_dash-layout").get_json()
    text = str(layout)
    assert "pd-present-list" in text and "pd-map" in text


def test_units_and_rank_heading_in_both_languages(demo_dataset):
    from dashboard.model.map_style import map_style

    def style(path, lang):
        return map_style(Computed(), demo_dataset, DashboardSettings(), path, "dtks_kk_per_km2",
                         "quantiles", 5, tab=None, rank=None, rank_view=None, rank_sort=None,
                         rank_sel=None, lang=lang)

    en, id_ = style("/kab/9901/desa", "en"), style("/kab/9901/desa", "id")
    assert (en.legend.unit, id_.legend.unit) == ("households/km²", "KK/km²")
    assert en.value_head.endswith("(households/km²)")
    assert (en.rank_head, id_.rank_head) == ("Rank within district", "Peringkat di kecamatan")
    assert style("/kab/9901", "id").rank_head == "Peringkat di kabupaten/kota"


def test_times_follow_the_time_zone_setting():
    from dashboard.settings import from_env, local_time

    assert local_time("2026-11-25T10:42:47Z", "WIB") == "2026-11-25 17:42 WIB"
    assert local_time("2026-11-25T10:42:47Z", "WITA") == "2026-11-25 18:42 WITA"
    assert local_time("2026-11-25T16:30:00Z", "WIT") == "2026-11-26 01:30 WIT"
    assert DashboardSettings().timezone == "WIB"
    with pytest.raises(ValueError, match="WITA"):
        DashboardSettings(timezone="UTC")
    assert from_env(timezone="WITA").timezone == "WITA"
