"""The dashboard in headless Chromium on the demo dataset."""

from __future__ import annotations

import re
import time

import geopandas as gpd
import pandas as pd
import pytest

from dashboard.views import View, view_path
from layers.fmt import angka
from tools.screenshots import wait_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHAPES = ".leaflet-overlay-pane path"
SELECTED_ONE = ("() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
                ".filter(p => p.getAttribute('stroke-width') === '5').length === 1")
DESA_ROWS = ("() => { const c = document.querySelector('.pd-row .pd-row-code');"
             " return c !== null && c.textContent.length === 10; }")


def fills(page) -> list[str]:
    return page.eval_on_selector_all(SHAPES, "ps => ps.map(p => p.getAttribute('fill'))")


@pytest.fixture(scope="module")
def demo_desa(demo_dir):
    return gpd.read_parquet(demo_dir / "desa.parquet").set_index("kode_desa")


@pytest.fixture(scope="module")
def dataset(demo_app):
    return demo_app.server.config["PD_DATASET"]


def test_map_draws_one_shape_per_desa(session, dataset, demo_desa):
    root = dataset.root
    session.goto(view_path(View(root.level, root.kode, "desa")))
    assert session.page.locator(SHAPES).count() == len(demo_desa)
    session.assert_clean()


def test_missing_values_are_hatched_on_exactly_those_shapes(session, dataset):
    root = dataset.root
    view = View(root.level, root.kode, "desa")
    units = dataset.units(view)                      # in code order, as the shapes are drawn
    gaps = {i.kolom: int(units[i.kolom].isna().sum()) for i in dataset.indicators
            if i.tersedia and i.jenis != "category" and i.kolom in units}
    kolom = max((k for k, n in gaps.items() if 0 < n < len(units)), key=gaps.get)
    missing = units[kolom].isna().tolist()
    session.goto(f"{view_path(view)}#i={kolom}&s=quantiles&k=5&l=id")
    title = dataset.indicator(kolom).label("id")
    session.page.wait_for_selector(f"#pd-legend .pd-legend-title:text-is('{title}')")
    session.page.wait_for_function(
        "n => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
        ".filter(p => p.getAttribute('fill') === 'url(#pd-hatch)').length === n",
        arg=sum(missing), timeout=10_000)
    # missing values are hatched, never drawn like zero; every other shape has its class colour
    assert [f == "url(#pd-hatch)" for f in fills(session.page)] == missing
    session.assert_clean()


def test_clicking_a_kecamatan_drills_down_and_back(session, dataset, demo_desa):
    page = session.page
    session.goto("/")
    n_kec = len(dataset.units(dataset.root))
    assert page.locator(SHAPES).count() == n_kec
    page.locator(SHAPES).nth(n_kec // 2).click()
    page.wait_for_url(re.compile(r"/kec/\d{6}"))
    kode = re.search(r"/kec/(\d{6})", page.url).group(1)
    wait_map(page, shapes=int((demo_desa["kode_kec"] == kode).sum()))
    crumb = page.locator(".pd-crumb-current").inner_text()
    assert crumb == dataset.name("kecamatan", kode)
    page.go_back()
    page.wait_for_url(lambda u: "/kec/" not in u)
    wait_map(page, shapes=n_kec)
    session.assert_clean()


def test_indicator_switch_recolours_and_sends_no_coordinates(session, dataset):
    page = session.page
    session.goto("/")
    before = fills(page)
    target = next(i for i in dataset.indicators if i.tersedia and i.jenis == "rate")
    label = next(o["label"] for o in _options(dataset) if o["value"] == target.kolom)
    geometry_requests = len([u for u in session.requests if "/_pd/geo/" in u])
    with page.expect_response(lambda r: "_dash-update-component" in r.url
                              and "pd-style" in (r.request.post_data or "")) as info:
        page.locator("#pd-indicator").click()
        page.locator(".dash-dropdown-options [role=option]", has_text=label).first.click()
    body = info.value.body()
    assert b"coordinates" not in body and b"geometry" not in body
    page.wait_for_selector(f"#pd-legend .pd-legend-title:text-is('{target.label('id')}')")
    page.wait_for_function("() => window.location.hash.includes('i=%s')" % target.kolom)
    time.sleep(0.5)
    after = fills(page)
    assert len(after) == len(before) and after != before
    assert len([u for u in session.requests if "/_pd/geo/" in u]) == geometry_requests
    session.assert_clean()


def _options(dataset):
    from dashboard.model.page import indicator_menu

    return indicator_menu(dataset, "id")


def _expected(value, kind, unit) -> str:
    """The text a profile cell must show, written out independently of the dashboard."""
    if value is None or pd.isna(value) or value == "":
        return "–"
    if kind == "category":
        return str(value)
    text = angka(float(value), {"count": 0, "score": 4}.get(kind, 1))
    if kind == "rate":
        return f"{text}%"
    return f"{text} {unit}" if kind in ("density", "score") and unit else text


def test_profile_shows_the_numbers_layers_computed(session, dataset, demo_desa):
    info = dataset.default_indicator
    kode = demo_desa[info.kolom].astype("Float64").idxmax()
    page = session.page
    session.goto(f"/desa/{kode}")
    page.wait_for_selector(".pd-profile-title")
    assert demo_desa.at[kode, "nama_desa"] in page.locator(".pd-profile-title").inner_text()
    cells = page.eval_on_selector_all(
        "td.pd-profile-desa", "cs => cs.map(c => [c.dataset.kolom, "
        "c.querySelector('.pd-value').textContent])")
    assert len(cells) >= 10
    for kolom, shown in cells:
        ind = dataset.indicator(kolom)
        value = demo_desa.at[kode, kolom]
        assert shown == _expected(value, ind.jenis, ind.satuan), kolom
    assert page.locator(".pd-row-selected").count() == 0  # table tab hidden, profile shown
    page.locator("#pd-tabs .pd-tab", has_text="Tabel wilayah").click()
    assert page.locator(".pd-row-selected .pd-row-code").inner_text() == kode
    session.assert_clean()


def test_row_click_selects_on_the_map_and_the_link_reproduces_the_view(session, dataset):
    page = session.page
    kec = dataset.frames["kecamatan"].index[0]
    session.goto(f"/kec/{kec}")
    page.locator("#pd-scheme input[value='natural_breaks']").check()
    page.wait_for_function("() => window.location.hash.includes('s=natural_breaks')")
    row = page.locator(".pd-row").nth(1)
    kode = row.locator(".pd-row-code").inner_text()
    row.click()
    page.wait_for_url(f"**/desa/{kode}*")
    page.wait_for_function(SELECTED_ONE)
    widths = page.eval_on_selector_all(SHAPES, "ps => ps.map(p => p.getAttribute('stroke-width'))")
    assert widths.count("5") == 1
    page.wait_for_selector(".pd-profile-title")
    url = page.url
    assert "/desa/" in url and "s=natural_breaks" in url
    other = session.page.context.new_page()
    other.goto(url)
    wait_map(other)
    assert other.locator("#pd-scheme input[value='natural_breaks']").is_checked()
    other.wait_for_selector(".pd-profile-title")
    assert other.locator(".pd-row-selected").count() == 0  # profile tab open
    other.close()
    session.assert_clean()


def test_language_switch_changes_labels(session, dataset):
    page = session.page
    session.goto("/")
    assert page.locator("label[for=pd-indicator]").inner_text().lower() == "indikator"
    page.locator("#pd-lang input[value='en']").check()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    info = dataset.default_indicator
    page.wait_for_selector(f"#pd-legend .pd-legend-title:text-is('{info.label('en')}')")
    assert page.locator("label[for=pd-indicator]").inner_text().lower() == "indicator"
    assert page.locator("#pd-tabs").get_by_text("Areas table").count() == 1
    assert "l=en" in page.url
    page.locator("#pd-lang input[value='id']").check()
    page.wait_for_selector(f"#pd-legend .pd-legend-title:text-is('{info.label('id')}')")
    assert page.locator("#pd-tabs").get_by_text("Tabel wilayah").count() == 1
    session.assert_clean()


def test_a_tour_makes_no_console_error_and_no_outside_request(session, dataset):
    page = session.page
    session.goto("/")
    page.locator(".pd-row").first.click()
    page.wait_for_url(re.compile(r"/kec/"))
    page.wait_for_function(DESA_ROWS)
    wait_map(page)
    page.locator(".pd-row").first.click()
    page.wait_for_url(re.compile(r"/desa/"))
    page.wait_for_selector(".pd-profile .js-plotly-plot")
    page.locator("#pd-k input[value='3']").check()
    page.locator("#pd-lang input[value='en']").check()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.locator(".pd-crumb.pd-nav").first.click()
    wait_map(page)
    assert len(session.requests) > 20
    assert session.external() == []
    assert session.errors == []


def test_hover_shows_name_value_and_rank_within_the_parent(session, dataset):
    from dashboard.model.classify import rank_within
    from dashboard.i18n import number

    page = session.page
    session.goto("/")
    page.locator(SHAPES).nth(2).hover()
    page.wait_for_selector("#pd-hover .pd-hover-name")
    name = page.locator("#pd-hover .pd-hover-name").inner_text()
    units = dataset.units(dataset.root)
    info = dataset.default_indicator
    row = units[units["nama"] == name].iloc[0]
    value = row[info.kolom]
    shown = page.locator("#pd-hover .pd-hover-value").inner_text()
    if pd.isna(value):
        assert shown == "Tidak ada data"
    else:
        assert shown == f"{number(value, kind=info.jenis)} {info.satuan}"
        ranks = rank_within(units[info.kolom], units["induk_kode"])
        rank = int(ranks[(units["nama"] == name).to_numpy()].iloc[0])
        n = int(ranks.notna().sum())
        assert page.locator("#pd-hover .pd-hover-rank").inner_text() == (
            f"Peringkat {rank} dari {n} di {row['induk_nama']}")
    page.mouse.move(5, 5)
    page.wait_for_selector("#pd-hover", state="hidden")
    session.assert_clean()
