"""The import page in headless Chromium: upload the demo's raw files, resolve one name by
clicking, publish, and see the map change; the raw uploads are gone from disk."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from dashboard.pages.impor import ids
from layers.fmt import angka
from layers.store import DatasetStore
from tools.screenshots import wait_map
from tools.screenshots_impor import choose, demo_files, upload, wait_report

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO = Path(__file__).resolve().parents[2]
DEMO_INPUT = REPO / "data" / "demo" / "input"
#: desa 'Sumbersari Kidul' (kecamatan Tegalasri) loses the households written 'SUMBRSRI K'
#: (left unresolved here), so the served value changes when the import is published
DESA = "9901092014"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An app over a fresh dataset store (seeded with the demo build), served from a thread;
    everything written to the system temp folder goes to a private one the test walks."""
    from dashboard import create_app
    from dashboard.settings import DashboardSettings
    from tools.screenshots import serve

    base = tmp_path_factory.mktemp("impor-browser")
    systmp = base / "systmp"
    systmp.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(systmp))
        app = create_app(DashboardSettings(store_dir=base / "store"))
        with serve(app) as url:
            yield {"url": url, "root": base / "store", "systmp": systmp, "app": app}


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("request", lambda r: requests.append(r.url))
    p.errors, p.requests = errors, requests
    yield p
    context.close()


def _value_in_table(page, url: str, kode: str) -> str:
    """The value of desa ``kode`` in the table of its kecamatan (filtered by its code)."""
    page.goto(f"{url}/kec/{kode[:6]}")
    wait_map(page)
    page.fill("#pd-table-filter", kode)
    page.wait_for_function(
        "k => { const c = document.querySelectorAll('.pd-row .pd-row-code');"
        " return c.length === 1 && c[0].textContent === k; }", arg=kode)
    return page.locator(".pd-row .pd-row-value").inner_text().strip()


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_upload_resolve_publish_and_the_map_changes(page, served):
    url, root = served["url"], served["root"]
    old = gpd.read_parquet(DatasetStore(root).current_dir() / "desa.parquet").set_index(
        "kode_desa")
    # the map before: the demo version, period 2026-10
    before = _value_in_table(page, url, DESA)
    assert before == angka(old.loc[DESA, "dtks_kk_terdaftar"]) == "33"
    assert page.locator(".pd-dataset-sub").first.inner_text() == "Periode data 2026-10"

    # the header link opens the import page
    page.click("#pd-import-link")
    page.wait_for_url(re.compile(r"/impor/"))
    page.wait_for_selector(f"#{ids.VERSIONS} .imp-version-current")

    boundary, households = demo_files()
    upload(page, boundary, households)
    names = page.locator(".imp-file-name").all_inner_texts()
    assert sorted(names) == sorted([boundary.name] + [p.name for p in households])
    layouts = page.locator(f"#{ids.FILES} tbody td:nth-child(5)").all_inner_texts()
    assert layouts.count("DTKS (ekspor SIKS-NG) (siks)") == 13
    assert layouts.count("P3KE (p3ke)") == 2

    page.fill(f"#{ids.PERIOD}", "2026-11")
    page.wait_for_selector(f"#{ids.BUILD}:not([disabled])")
    page.click(f"#{ids.BUILD}")
    page.wait_for_selector(".imp-bar", timeout=10_000)            # the progress indicator
    # the page stays usable while the build runs: the language switch answers
    page.locator("#imp-lang input[value='en']").check()
    page.wait_for_selector("text=Build & check", timeout=10_000)
    page.locator("#imp-lang input[value='id']").check()
    wait_report(page)

    # the check screen shows the build's numbers
    rows_read = page.locator("td[data-register='dtks'][data-key='rows_read']").inner_text()
    assert rows_read == "16.824"
    assert page.locator("td[data-register='dtks'][data-key='match_rate']").inner_text() == (
        "99,5%")
    assert page.locator(".imp-rejected tbody tr").count() == 3

    # the raw uploads are gone from disk (store and temp folder), by name and by content
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in households}
    uploaded = {p.name for p in households}
    for path in _files(root) + _files(served["systmp"]):
        assert path.name not in uploaded, path
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in digests, path

    # resolve 'KALANGIN' by clicking the right candidate, then rebuild
    truth = pd.read_csv(DEMO_INPUT / "mapping_benar.csv", dtype=str).set_index("input_nama")
    right = truth.loc["KALANGIN", "kode"]
    assert page.locator(".imp-input-name").all_inner_texts() == ["TEGAL", "KALANGIN",
                                                                 "SUMBRSRI K"]
    choose(page, "KALANGIN", right)
    page.click(f"#{ids.RESOLVE}")
    page.wait_for_function(
        "() => { const n = Array.from(document.querySelectorAll('.imp-input-name'))"
        ".map(e => e.textContent); return n.length === 2 && !n.includes('KALANGIN'); }",
        timeout=60_000)
    mapping = pd.read_csv(root / "mapping.csv", dtype=str)
    assert mapping.values.tolist() == [["desa", "990106", "KALANGIN", right]]
    unresolved = page.locator("td[data-register='dtks'][data-key='households_unresolved']")
    assert unresolved.inner_text() == "20"

    page.click(f"#{ids.PUBLISH}")
    page.wait_for_selector(".imp-open-map", timeout=60_000)
    assert page.locator(f"#{ids.PUBLISH_NOTE}").inner_text().startswith(
        "Versi 2026-11 kini ditayangkan.")
    store = DatasetStore(root)
    assert store.current() == "2026-11"
    assert [v["id"] for v in store.list_versions()] == ["2026-10", "2026-11"]
    assert page.locator(".imp-version-current td").first.inner_text() == "2026-11"

    # the map serves the new dataset
    new = gpd.read_parquet(store.current_dir() / "desa.parquet").set_index("kode_desa")
    page.click(".imp-open-map")
    wait_map(page)
    assert page.locator(".pd-dataset-sub").first.inner_text() == "Periode data 2026-11"
    after = _value_in_table(page, url, DESA)
    assert after == angka(new.loc[DESA, "dtks_kk_terdaftar"]) == "17"
    assert after != before
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith((url, "data:", "blob:"))] == []
