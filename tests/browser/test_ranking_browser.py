"""The ranking tab in headless Chromium on the demo: sliders, list, tiers on the map, link."""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace

import pytest

from layers.ranking import default_spec, parse_weights, rank_desa
from layers.store.dataset import load_dataset
from tools.screenshots import wait_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHAPES = ".leaflet-overlay-pane path"
FIRST_NAME = ".pd-rank-table .pd-row-name"
TIER_FILLS = {"#b30000", "#fc8d59", "#fdd49e", "url(#pd-hatch)"}
SLIDER = '[data-kolom="{}"] [role=slider]'


def fills(page) -> list[str]:
    return page.eval_on_selector_all(SHAPES, "ps => ps.map(p => p.getAttribute('fill'))")


def first_is(page, name: str) -> None:
    page.wait_for_function(
        "n => { const e = document.querySelector('.pd-rank-table .pd-row-name');"
        " return e !== null && e.textContent === n; }", arg=name, timeout=15_000)


@pytest.fixture(scope="module")
def layers_data(demo_dir):
    return load_dataset(demo_dir)


def layers_first(layers_data, area: str, weights: str) -> tuple[str, float]:
    """The first desa as ``layers.ranking`` ranks it (independently of the dashboard)."""
    desa, meta = layers_data
    spec = default_spec(meta, desa, area=area)
    w = parse_weights(weights, columns=list(desa.columns), meta=meta)
    result = rank_desa(desa, replace(spec, weights=w), meta=meta)
    row = result.ranked.iloc[0]
    return str(row["nama_desa"]), float(row["skor"])


def test_a_weight_slider_reranks_recolours_and_the_link_reproduces_it(session, layers_data,
                                                                     demo_app):
    page = session.page
    dataset = demo_app.server.config["PD_DATASET"]
    root = dataset.root
    session.goto("/")
    page.locator("#pd-tabs .pd-tab", has_text="Prioritas").click()
    # the ranking is per desa: the area is drawn in desa, the hash carries the ranking
    page.wait_for_function(
        "p => window.location.pathname === p && window.location.hash.includes('v=peringkat')"
        " && window.location.hash.includes('&w=')", arg=f"/kab/{root.kode}/desa")
    wait_map(page, shapes=len(dataset.frames["desa"]))
    default_w = re.search(r"&w=([^&]*)", page.evaluate("() => location.hash")).group(1)
    name, skor = layers_first(layers_data, root.kode, default_w)
    first_is(page, name)
    assert page.locator(".pd-rank-table .pd-rank-skor").first.inner_text() == \
        f"{skor:.2f}".replace(".", ",")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
        ".some(p => p.getAttribute('fill') === '#b30000')")
    before = fills(page)
    assert set(before) <= TIER_FILLS and before.count("#b30000") > 0
    assert page.locator("#pd-legend .pd-legend-title").inner_text() == "Prioritas desa"
    geometry = len([u for u in session.requests if "/_pd/geo/" in u])

    # the extreme-poverty weight to 0 with the keyboard on the slider handle
    slider = page.locator(SLIDER.format("p3ke_kk_miskin_ekstrem"))
    assert slider.get_attribute("aria-valuenow") == "1"
    with page.expect_response(lambda r: "_dash-update-component" in r.url
                              and "pd-style" in (r.request.post_data or "")) as style:
        slider.focus()
        page.keyboard.press("Home")
    body = style.value.body()
    assert b"coordinates" not in body and b"geometry" not in body
    page.wait_for_function("() => location.hash.includes('p3ke_kk_miskin_ekstrem=0')")
    new_w = re.search(r"&w=([^&]*)", page.evaluate("() => location.hash")).group(1)
    assert new_w == default_w.replace("p3ke_kk_miskin_ekstrem=1", "p3ke_kk_miskin_ekstrem=0")
    new_name, new_skor = layers_first(layers_data, root.kode, new_w)
    assert new_name != name  # the weight matters in the demo
    first_is(page, new_name)
    time.sleep(0.5)
    after = fills(page)
    assert len(after) == len(before) and after != before and set(after) <= TIER_FILLS
    assert len([u for u in session.requests if "/_pd/geo/" in u]) == geometry
    assert page.locator('[id*="pd-w-share"]').all_inner_texts()[:2] == ["33%", "–"]

    # the link reproduces the ranking: list, slider, colours
    url = page.evaluate("() => location.href")
    other = page.context.new_page()
    other.goto(url)
    wait_map(other, shapes=len(dataset.frames["desa"]))
    first_is(other, new_name)
    assert other.locator(SLIDER.format("p3ke_kk_miskin_ekstrem")).get_attribute(
        "aria-valuenow") == "0"
    other.wait_for_function(
        "() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
        ".some(p => p.getAttribute('fill') === '#b30000')")
    time.sleep(0.3)
    assert fills(other) == after
    assert other.evaluate("() => location.href") == url
    other.close()
    session.assert_clean()


def test_click_explains_a_desa_and_the_xlsx_downloads(session, demo_app):
    from openpyxl import load_workbook

    page = session.page
    dataset = demo_app.server.config["PD_DATASET"]
    session.goto(f"/kab/{dataset.root.kode}/desa#i=dtks_kk_terdaftar&s=quantiles&k=5&l=id"
                 "&v=peringkat")
    page.wait_for_selector(".pd-rank-why")
    row = page.locator(".pd-rank-table .pd-row").nth(2)
    name = row.locator(".pd-row-name").inner_text()
    row.click()
    page.wait_for_function(
        "n => document.querySelector('.pd-rank-h + .pd-rank-why-line') !== null && "
        "Array.from(document.querySelectorAll('.pd-rank-h')).some(h => h.textContent === "
        "'Mengapa ' + n + '?')", arg=name)
    assert page.locator(".pd-row-selected .pd-row-name").inner_text() == name
    assert "/kab/" in page.evaluate("() => location.pathname")  # the map stays on the area
    with page.expect_download() as dl:
        page.locator("#pd-rank-xlsx-button").click()
    download = dl.value
    assert re.fullmatch(r"peringkat-prioritas_\d{4}-[a-z-]+_[\w-]+\.xlsx",
                        download.suggested_filename)
    wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert wb.sheetnames == ["Peringkat", "Metode"]
    # back to the table: the indicator map returns and the hash drops the ranking
    page.locator("#pd-tabs .pd-tab", has_text="Tabel wilayah").click()
    page.wait_for_function("() => !location.hash.includes('v=')")
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))"
        ".some(p => p.getAttribute('fill') === '#b30000')")
    session.assert_clean()
