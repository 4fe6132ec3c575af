"""For the meeting room, in headless Chromium on the demo: presentation mode, the screen at
laptop / projector / phone sizes, the search box by keyboard, printing, accessibility."""

from __future__ import annotations

import io
import time

import pytest

from tools.screenshots import wait_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HASH = "#i=dtks_kk_terdaftar&s=quantiles&k=5&l=id"


def sized(session, width: int, height: int):
    session.page.set_viewport_size({"width": width, "height": height})
    return session.page


def wait_path(page, path: str) -> None:
    page.wait_for_function("p => window.location.pathname === p", arg=path, timeout=15_000)


def wait_slide(page, title: str) -> None:
    page.wait_for_function(
        "t => { const e = document.getElementById('pd-present-title');"
        " return e && e.textContent === t && document.querySelector('.pd-present-row'); }",
        arg=title, timeout=15_000)


def px(page, selector: str, prop: str) -> float:
    return page.eval_on_selector(
        selector, f"e => parseFloat(getComputedStyle(e).getPropertyValue('{prop}'))")


def inside(page, selector: str) -> bool:
    """Every element matching ``selector`` lies wholly inside the viewport."""
    return page.eval_on_selector_all(selector, """els => els.length > 0 && els.every(e => {
        const r = e.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5
            && r.right <= window.innerWidth + 0.5; })""")


def test_presentation_mode_steps_with_the_arrow_keys_and_leaves_with_esc(session):
    page = sized(session, 1366, 768)
    session.goto("/presentasi/kab/9901" + HASH)
    wait_slide(page, "Kabupaten Contoh")
    assert page.locator(".pd-present-row").count() == 10
    assert "Periode data 2026-10" in page.inner_text("#pd-present-foot")
    assert "Sumber: DTKS (ekspor SIKS-NG), P3KE" in page.inner_text("#pd-present-foot")
    # large type for a projector
    assert px(page, ".pd-present-table td", "font-size") >= 18
    assert px(page, "#pd-present-title", "font-size") >= 28
    assert px(page, ".pd-present-h2", "font-size") >= 28
    assert px(page, ".pd-legend .pd-swatch", "width") >= 24
    assert px(page, ".pd-legend .pd-swatch", "height") >= 24
    page.keyboard.press("ArrowRight")
    wait_path(page, "/presentasi/kec/990101")
    wait_slide(page, "Kecamatan Banyuwangi")
    assert page.evaluate("window.location.hash") == HASH  # the hash travels along
    page.keyboard.press("ArrowRight")
    wait_path(page, "/presentasi/kec/990102")
    wait_slide(page, "Kecamatan Kebonmukti")
    codes = page.eval_on_selector_all(".pd-present-desa", "as => as.map(a => a.href)")
    assert len(codes) == 10 and all("/presentasi/desa/990102" in c for c in codes)
    page.keyboard.press("ArrowLeft")
    wait_path(page, "/presentasi/kec/990101")
    wait_slide(page, "Kecamatan Banyuwangi")
    page.keyboard.press("ArrowDown")
    wait_path(page, "/presentasi/desa/9901012001")
    wait_slide(page, "Bangunmulyo · Kecamatan Banyuwangi")
    page.keyboard.press("ArrowUp")
    wait_path(page, "/presentasi/kec/990101")
    wait_slide(page, "Kecamatan Banyuwangi")
    wait_map(page)
    page.keyboard.press("Escape")
    wait_path(page, "/kec/990101")
    page.wait_for_selector("#pd-breadcrumb .pd-crumb-current")
    assert page.inner_text("#pd-breadcrumb .pd-crumb-current") == "Banyuwangi"
    session.assert_clean()  # nothing requested outside this server


def test_the_map_page_opens_presentation_mode_on_the_same_view(session):
    page = sized(session, 1366, 768)
    session.goto("/kec/990103" + HASH)
    page.click("#pd-present-link")
    wait_path(page, "/presentasi/kec/990103")
    wait_slide(page, "Kecamatan Kota Contoh")
    assert page.evaluate("window.location.hash") == HASH
    session.assert_clean()


def test_at_1280x720_legend_and_top_10_are_on_screen(session):
    page = sized(session, 1280, 720)
    session.goto("/kab/9901" + HASH)
    assert inside(page, "#pd-legend .pd-legend-row")  # the darkest class too
    assert page.evaluate("document.documentElement.scrollHeight") <= 720
    assert inside(page, "#pd-search")
    session.goto("/presentasi/kab/9901" + HASH)
    wait_slide(page, "Kabupaten Contoh")
    assert page.locator(".pd-present-row").count() == 10
    assert inside(page, ".pd-present-row")
    assert inside(page, "#pd-legend .pd-legend-row")
    assert inside(page, ".pd-present-period")
    session.assert_clean()


def test_keyboard_only_search_to_a_desa_profile_then_the_ranking(session):
    page = sized(session, 1366, 768)
    session.goto("/kab/9901" + HASH)

    def tab_to(element_id: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
                outline = page.evaluate(
                    "getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"{element_id} is focused without a visible mark"
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("pd-search")
    page.keyboard.type("Bendho")  # a typo
    page.wait_for_selector("#pd-search-results .pd-search-hit")
    page.keyboard.press("Enter")
    wait_path(page, "/desa/9901012003")
    page.wait_for_selector(".pd-profile-title")
    assert page.inner_text(".pd-profile-title").endswith("Bendo")
    tab_to("pd-tab-rank")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pd-rank-table .pd-row-name", timeout=15_000)
    assert "v=peringkat" in page.evaluate("window.location.hash")
    assert page.locator(".pd-rank-table tr.pd-row").count() >= 10
    # the rows of the list are reachable with Tab too
    assert page.eval_on_selector(".pd-rank-table tr.pd-row", "r => r.tabIndex") == 0
    session.assert_clean()


def test_a_nik_shaped_query_is_refused_and_kept_out_of_the_url(session):
    page = sized(session, 1366, 768)
    session.goto("/kab/9901" + HASH)
    page.fill("#pd-search", "9901012001000001")
    page.wait_for_selector(".pd-search-message")
    assert "NIK" in page.inner_text(".pd-search-message")
    assert "9901012001000001" not in page.url
    assert not any("9901012001000001" in u for u in session.requests)


@pytest.mark.parametrize("path", ["/kab/9901", "/desa/9901012003", "/presentasi/kab/9901"])
def test_a_phone_has_no_sideways_scrolling(session, path):
    page = sized(session, 390, 844)
    session.goto(path + HASH)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"{path}: {wide} px wide"


def test_printing_keeps_the_ranked_list_and_the_legend_colours(session):
    import pdfplumber

    page = sized(session, 1366, 768)
    session.goto("/kab/9901/desa" + HASH + "&v=peringkat")
    page.wait_for_selector(".pd-rank-table .pd-row-name", timeout=15_000)
    wait_map(page)
    names = page.eval_on_selector_all(".pd-rank-table .pd-row-name",
                                      "es => es.map(e => e.textContent)")
    colours = page.eval_on_selector_all("#pd-legend .pd-swatch:not(.pd-swatch-nodata)",
                                        "es => es.map(e => getComputedStyle(e).backgroundColor)")
    page.emulate_media(media="print")
    data = page.pdf(format="A4", landscape=True, print_background=True)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        fills = {tuple(round(c * 255) for c in r["non_stroking_color"])
                 for p in pdf.pages for r in p.rects
                 if isinstance(r.get("non_stroking_color"), (tuple, list))
                 and len(r["non_stroking_color"]) == 3}
    assert len(names) >= 10
    for name in names:  # the whole list, not cut at the panel's height
        assert name in text
    wanted = {tuple(int(x) for x in c[c.index("(") + 1:-1].split(",")[:3]) for c in colours}
    assert wanted and wanted <= fills  # legend swatches printed in their colours


@pytest.mark.parametrize("path", ["/kab/9901", "/presentasi/kab/9901"])
def test_no_serious_accessibility_violation(session, path):
    from axe_playwright_python.sync_playwright import Axe

    page = sized(session, 1366, 768)
    session.goto(path + HASH)
    time.sleep(0.5)
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["nodes"][0]["html"][:200]) for v in
                       results.response["violations"] if v["impact"] in ("serious", "critical")]
    session.assert_clean()  # axe runs from the package: nothing fetched


def test_the_indicator_menu_takes_the_cursor_and_covers_the_zoom_buttons(session):
    page = sized(session, 1280, 720)
    session.goto("/kab/9901" + HASH)
    page.click("#pd-indicator")
    page.wait_for_selector("[data-radix-popper-content-wrapper]")
    page.wait_for_function(
        "() => { const a = document.activeElement; return a && a.tagName === 'INPUT'"
        " && a.closest('[data-radix-popper-content-wrapper]') !== null; }", timeout=5_000)
    box = page.locator(".leaflet-control-zoom-in").bounding_box()
    on_top = page.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y)"
        ".closest('[data-radix-popper-content-wrapper]')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top, "a zoom button draws over the open menu"


def test_english_units_and_the_rank_heading_say_what_they_are(session):
    page = sized(session, 1366, 768)
    session.goto("/kab/9901/desa#i=dtks_kk_per_km2&s=quantiles&k=5&l=en")
    page.wait_for_function("() => document.getElementById('pd-table-head-rank')"
                           ".textContent === 'Rank within district'", timeout=15_000)
    assert "households/km²" in page.inner_text("#pd-table-head-value")
    assert "households/km²" in page.inner_text("#pd-legend")
