"""The app over HTTP (Flask test client): page, geometry route, callbacks, offline, gzip."""

import base64
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import geobuf
import pytest

from tools.replay import call, page_state

REPO = Path(__file__).resolve().parents[2]


def test_page_and_layout(tiny_app):
    c = tiny_app.server.test_client()
    page = c.get("/")
    assert page.status_code == 200
    layout = c.get("/_dash-layout")
    assert layout.status_code == 200
    text = layout.get_data(as_text=True)
    assert '"pd-choropleth"' in text and '"pd-legend"' in text
    assert "KK terdaftar" in text  # indicator menu built from meta.json


def test_every_script_and_stylesheet_is_served_locally(tiny_app):
    c = tiny_app.server.test_client()
    html = c.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "no script or stylesheet found"
    assert [u for u in urls if re.match(r"^(https?:)?//", u)] == []
    for u in urls:
        assert c.get(u).status_code == 200, u
    config = json.loads(re.search(r'id="_dash-config" type="application/json">(.*?)</script>',
                                  html).group(1))
    assert config["serve_locally"] is True
    assert config["disable_version_check"] is True
    layout = c.get("/_dash-layout").get_data(as_text=True)
    assert "tile.openstreetmap.org" not in layout  # no tiles unless asked for


def test_geometry_route_is_cached_and_versioned(tiny_app, tiny_dataset):
    c = tiny_app.server.test_client()
    url = tiny_dataset.geo_url("desa", "990101")
    r = c.get(url)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(geobuf.decode(r.data)["features"]) == 3
    again = c.get(url, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    assert c.get("/_pd/geo/desa/990101.pbf?v=old").headers["Cache-Control"] == "no-cache"
    assert c.get("/_pd/geo/desa/990199.pbf").status_code == 404
    assert c.get("/_pd/geo/rt/9901.pbf").status_code == 404


def test_gzip_for_clients_that_accept_it(tiny_app):
    c = tiny_app.server.test_client()
    plain = c.get("/assets/pd.js")
    packed = c.get("/assets/pd.js", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_presentation_bundles_are_compressed_too(tiny_app):
    c = tiny_app.server.test_client()
    page = c.get("/presentasi/kab/9901").get_data(as_text=True)
    suites = [s for s in re.findall(r'src="([^"]+)"', page)
              if s.startswith("/presentasi/_dash-component-suites/")]
    assert len(suites) >= 5
    for src in suites:
        plain = c.get(src)
        packed = c.get(src, headers={"Accept-Encoding": "gzip"})
        assert packed.headers.get("Content-Encoding") == "gzip", src
        assert gzip.decompress(packed.data) == plain.data


def test_indicator_switch_sends_colours_not_shapes(tiny_app):
    c = tiny_app.server.test_client()
    values = page_state("/kab/9901/desa", "persen_pkh")
    resp, raw, _ = call(c, tiny_app, "pd-style.data", values, ["pd-indicator.value"])
    out = resp["response"]
    hideout = out["pd-style"]["data"]
    assert hideout["c"] == "210--" and hideout["v"] == "50,40,0,,"
    assert b"coordinates" not in raw and b"geometry" not in raw
    legend = json.dumps(out["pd-legend"]["children"])
    assert "% terdaftar penerima PKH" in legend and "Tidak ada data" in legend
    assert out["pd-table-head-value"]["children"] == "% terdaftar penerima PKH (%)"


def test_unknown_or_unavailable_indicator_falls_back(tiny_app):
    c = tiny_app.server.test_client()
    for kolom in ("kk_pbi", "no_such_column", None):
        resp, _, _ = call(c, tiny_app, "pd-style.data", page_state("/", kolom),
                          ["pd-indicator.value"])
        assert resp["response"]["pd-table-head-value"]["children"] == "KK terdaftar (KK)"


def test_route_callback(tiny_app, tiny_dataset):
    c = tiny_app.server.test_client()
    resp, _, _ = call(c, tiny_app, "pd-geo-url.data", page_state("/desa/9901012002", None),
                      ["pd-location.pathname"])
    out = resp["response"]
    assert out["pd-geo-url"]["data"] == tiny_dataset.geo_url("desa", "990101")
    assert out["pd-context-geo"]["data"]["cur"] == "990101"
    assert out["pd-tabs"]["value"] == "profil"
    assert out["pd-map"]["viewport"]["transition"] == "flyToBounds"
    missing, _, _ = call(c, tiny_app, "pd-geo-url.data", page_state("/kec/990199", None),
                         ["pd-location.pathname"])
    assert "tidak ada di dataset" in json.dumps(missing["response"]["pd-notice"])


def test_table_callback_pages_to_the_selected_desa(tiny_app):
    c = tiny_app.server.test_client()
    values = page_state("/desa/9901022002", "kk_terdaftar")
    resp, _, _ = call(c, tiny_app, "pd-table-body.children", values, ["pd-location.pathname"])
    out = resp["response"]
    body = json.dumps(out["pd-table-body"]["children"])
    assert "Empat" in body and "Lima" in body and "pd-row-selected" in body
    assert out["pd-table-pager"]["children"] == "1–2 dari 2"


def test_profile_and_language(tiny_app):
    c = tiny_app.server.test_client()
    resp, _, _ = call(c, tiny_app, "pd-profile.children",
                      page_state("/desa/9901012002", None, lang="en"), ["pd-lang.value"])
    text = json.dumps(resp["response"]["pd-profile"]["children"])
    assert "Village Dua" in text and "rank 2 of 3" in text
    resp, _, _ = call(c, tiny_app, "pd-indicator.options", page_state("/", None, lang="en"),
                      ["pd-lang.value"])
    labels = [o["label"] for o in resp["response"]["pd-indicator"]["options"]]
    assert "Registered households" in labels
    assert "PBI-JK households — not available" in labels


def test_download_is_the_filtered_rows(tiny_app):
    c = tiny_app.server.test_client()
    values = page_state("/kab/9901/desa", "kk_terdaftar", text="> 200")
    resp, _, _ = call(c, tiny_app, "pd-download.data", values, ["pd-download-button.n_clicks"])
    data = resp["response"]["pd-download"]["data"]
    assert data["filename"] == "prioritas-desa_desa_9901_kk_terdaftar.csv"
    assert data["base64"]  # bytes: the CSV with its provenance line, suppressed for the public
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    assert text.startswith("# judul=") and "periode=" in text.splitlines()[0]
    assert text.splitlines()[2:] == [
        "99.01.01.1003;Tiga;Alfa;1200;1;3", "99.01.01.2002;Dua;Alfa;250;2;2"]


def test_app_module_builds_no_app_on_import(tmp_path):
    code = ("import sys; sys.path.insert(0, %r); import app; "
            "print(hasattr(app, 'main'), 'server' in vars(app))" % str(REPO))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.stdout.split() == ["True", "False"], out.stderr


def test_app_refuses_a_folder_that_is_not_a_dataset(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "app.py"), "--data", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "meta.json tidak ada" in out.stderr and "meta.json missing" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_server_for_gunicorn(tiny_dir, tmp_path):
    code = ("import sys; sys.path.insert(0, %r); import app; s = app.server; "
            "print(type(s).__name__, s.test_client().get('/').status_code)" % str(REPO))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120, env={"PRIORITAS_DATA": str(tiny_dir),
                                                        "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["Flask", "200"], out.stderr
