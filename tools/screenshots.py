"""Headless screenshots of each page state, for the docs and for a human look.

Run by hand (not a test)::

    python -m tools.screenshots [--data DIR] [--out docs/screenshots]

Serves the app on a free local port in a thread, drives Debian's Chromium with Playwright
(never ``playwright install``) and writes ``<out>/<state>.png``.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app):
    """Serve a Dash app's Flask server on 127.0.0.1 in a thread; yields the base URL."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    srv = make_server("127.0.0.1", free_port(), app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(timeout=5)


def wait_map(page, timeout: float = 20_000, *, shapes: int | None = None,
             settle: float = 0.9) -> None:
    """Wait until the legend is shown and the shapes are painted (``shapes`` of them), then
    ``settle`` seconds for the fly-to animation."""
    page.wait_for_selector("#pd-legend .pd-legend-title", timeout=timeout)
    page.wait_for_function(
        """n => {
            const ps = Array.from(document.querySelectorAll('.leaflet-overlay-pane path'));
            const painted = ps.length > 0 && ps.every(p => {
                const f = p.getAttribute('fill') || '';
                return f !== '' && f !== '#eef0f2';
            });
            return painted && (n === null || ps.length === n);
        }""", arg=shapes, timeout=timeout)
    time.sleep(settle)


def take(base: str, out: Path, *, width: int = 1600, height: int = 1000,
         category: str | None = None, rank_path: str | None = None) -> list[Path]:
    """Visit the page states and write one PNG each; returns the files."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})

        def shot(name: str) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path))
            shots.append(path)

        page.goto(base + "/")
        wait_map(page)
        shot("01-beranda")
        page.locator(".pd-unit-link").last.click()
        page.wait_for_url("**/desa*", timeout=10_000)
        wait_map(page, shapes=None)
        time.sleep(1.0)
        shot("02-kabupaten-per-desa")
        page.go_back()
        page.wait_for_function("() => !window.location.pathname.endsWith('/desa')")
        wait_map(page)
        page.locator(".pd-row").first.click()
        page.wait_for_url("**/kec/**", timeout=10_000)
        page.wait_for_function("() => document.querySelector('.pd-row .pd-row-code')"
                               ".textContent.length === 10")
        wait_map(page)
        page.locator(".leaflet-overlay-pane path").nth(3).hover()
        time.sleep(0.3)
        shot("03-kecamatan-hover")
        page.locator(".pd-row").first.click()
        page.wait_for_url("**/desa/**", timeout=10_000)
        page.wait_for_selector(".pd-profile-title", timeout=10_000)
        wait_map(page)
        page.wait_for_selector(".pd-profile .js-plotly-plot", timeout=20_000)
        time.sleep(0.5)
        shot("04-profil-desa")
        page.locator(".pd-profile").evaluate("e => e.closest('.pd-side').scrollTop = 900")
        time.sleep(0.3)
        shot("05-profil-desa-grafik")
        page.locator("#pd-lang input[value='en']").check()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        page.wait_for_selector("text=Village profile", timeout=10_000)
        time.sleep(1.0)
        shot("06-english")
        page.locator("#pd-lang input[value='id']").check()
        page.locator(".pd-crumb.pd-nav").last.click()
        wait_map(page)
        page.locator("#pd-scheme input[value='natural_breaks']").check()
        page.locator("#pd-k input[value='7']").check()
        time.sleep(1.2)
        shot("07-jeda-alami-7-kelas")
        if category:
            _category_state(page, base, category, shot)
        if rank_path:
            _ranking_states(page, base, rank_path, shot)
        browser.close()
    return shots


def _category_state(page, base: str, category: str, shot) -> None:
    """A categorical indicator (e.g. IDM status) over the kabupaten in desa."""
    here = page.evaluate("() => location.pathname")  # page.url lags pushState
    page.goto(f"{base}/kab/{{}}/desa#i={category}&s=quantiles&k=5&l=id".format(
        here.split("/kec/")[1][:4] if "/kec/" in here else ""))
    page.wait_for_selector("#pd-legend .pd-legend-title")
    wait_map(page)
    time.sleep(1.0)
    shot("08-kategori")


def _ranking_states(page, base: str, rank_path: str, shot) -> None:
    """The "Prioritas" tab: tiers on the map, why a desa ranks there, a weight moved,
    the exclusion list."""
    page.goto(f"{base}{rank_path}#l=id&v=peringkat")
    wait_map(page)
    page.wait_for_selector(".pd-rank-why .js-plotly-plot", timeout=20_000)
    time.sleep(1.0)
    shot("20-prioritas")
    page.locator(".pd-side").evaluate(
        "e => e.scrollTop = document.querySelector('.pd-rank-summary').offsetTop - 10")
    time.sleep(0.3)
    shot("21-prioritas-daftar")
    page.locator(".pd-side").evaluate(
        "e => e.scrollTop = document.querySelector('.pd-rank-why').offsetTop - 120")
    time.sleep(0.3)
    shot("22-prioritas-alasan")
    page.locator(".pd-side").evaluate("e => e.scrollTop = 0")
    slider = page.locator('.pd-weight [role=slider]').nth(1)
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => /=0,/.test(location.hash)")
    time.sleep(1.2)
    page.locator(".leaflet-overlay-pane path").nth(40).hover()
    time.sleep(0.4)
    shot("23-prioritas-bobot-diubah")
    page.mouse.move(5, 5)
    page.locator(".pd-segments label").nth(1).click()
    page.wait_for_selector(".pd-rank-basis", timeout=10_000)
    wait_map(page)
    time.sleep(0.8)
    shot("24-eksklusi")


def main(argv: list[str] | None = None) -> int:
    from dashboard import create_app
    from dashboard.settings import from_env
    from dashboard.views import View, view_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="dataset folder (default: data/demo)")
    ap.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args = ap.parse_args(argv)
    app = create_app(from_env(data_dir=args.data))
    served = app.server.config["PD_DATASET"]
    category = next((i.kolom for i in served.indicators
                     if i.tersedia and i.jenis == "category"), None)
    root = served.root
    rank_path = (view_path(View(root.level, root.kode, "desa")) if root.level is not None
                 else None)
    with serve(app) as base:
        for path in take(base, Path(args.out), category=category, rank_path=rank_path):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
