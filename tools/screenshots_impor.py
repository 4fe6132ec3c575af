"""Screenshots of the import page's states, for the docs and for a human look.

Run by hand (not a test)::

    python -m tools.screenshots_impor [--out docs/screenshots]

Serves an app over a fresh temporary dataset store (seeded with the committed demo), uploads
the demo's raw files (``data/demo/input``) plus one file that is refused, builds, resolves one
name, publishes, and writes ``<out>/1x-impor-*.png``. The page helpers here are shared with
the browser tests.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dashboard.pages.impor import ids

REPO = Path(__file__).resolve().parents[1]
DEMO_INPUT = REPO / "data" / "demo" / "input"


def demo_files(folder: Path = DEMO_INPUT) -> tuple[Path, list[Path]]:
    """The demo's raw files: the boundary file and every DTKS and P3KE household file."""
    households = [p for d in ("dtks", "p3ke") for p in sorted((folder / d).iterdir())
                  if p.is_file()]
    return folder / "batas_desa.geojson", households


def upload(page, boundary: Path | None, households: list[Path] = (), *,
           timeout: float = 30_000) -> None:
    """Put files into the two upload fields and wait until the page lists every one."""
    if boundary is not None:
        page.set_input_files(f"#{ids.BOUNDARY_UPLOAD} input[type=file]", str(boundary))
    if households:
        page.set_input_files(f"#{ids.HOUSEHOLDS_UPLOAD} input[type=file]",
                             [str(p) for p in households])
    names = ([boundary.name] if boundary is not None else []) + [p.name for p in households]
    page.wait_for_function(
        """names => {
            const shown = Array.from(document.querySelectorAll('.imp-file-name'))
                .map(e => e.textContent);
            return names.every(n => shown.includes(n));
        }""", arg=names, timeout=timeout)


def build(page, period: str, *, timeout: float = 120_000) -> None:
    """Enter the period, click "Bangun & periksa" and wait for the check report."""
    page.fill(f"#{ids.PERIOD}", period)
    page.wait_for_selector(f"#{ids.BUILD}:not([disabled])", timeout=10_000)
    page.click(f"#{ids.BUILD}")
    wait_report(page, timeout=timeout)


def wait_report(page, *, timeout: float = 120_000) -> None:
    page.wait_for_selector(f"#{ids.PUBLISH_SECTION} .imp-summary", state="visible",
                           timeout=timeout)


def choose(page, input_name: str, kode: str) -> None:
    """Click the candidate ``kode`` of the name ``input_name`` in the review list."""
    card = page.locator(".imp-review-card", has=page.locator(
        ".imp-input-name", has_text=input_name))
    card.locator(f"input[type=radio][value='{kode}']").check()


def take(base: str, out: Path, *, width: int = 1400, height: int = 1000) -> list[Path]:
    """Visit the import page's states and write one PNG each; returns the files."""
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM, CHROMIUM_ARGS, wait_map

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        fake = Path(tmp) / "foto_ktp.csv"          # a picture with a table's name: refused
        fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})

        def shot(name: str, *, full: bool = False) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            shots.append(path)

        page.goto(base + "/impor/")
        page.wait_for_selector(f"#{ids.VERSIONS} table")
        shot("11-impor-awal")
        _upload_and_build(page, shot, fake)
        _review_and_publish(page, shot)
        page.click(".imp-open-map")
        wait_map(page)
        shot("18-peta-setelah-impor")
        browser.close()
    return shots


def _upload_and_build(page, shot, fake: Path) -> None:
    """Upload the demo's files and ``fake`` (refused), remove it, build; shots of the files
    recognised, the build running and the check report."""
    boundary, households = demo_files()
    upload(page, boundary, households[:5] + [fake])
    page.fill(f"#{ids.PERIOD}", "2026-11")
    page.locator(f"#{ids.FILES}").scroll_into_view_if_needed()
    shot("12-impor-berkas-dikenali")
    page.locator(".imp-file-refused .imp-link-button").click()
    page.wait_for_selector(".imp-file-refused", state="detached")
    upload(page, None, households[5:])
    page.wait_for_selector(f"#{ids.BUILD}:not([disabled])")
    page.click(f"#{ids.BUILD}")
    page.wait_for_selector(".imp-bar", timeout=10_000)
    page.wait_for_function(
        "() => (document.querySelector('.imp-progress-text') || {}).textContent"
        "?.includes('3')", timeout=20_000)
    page.locator(f"#{ids.PROGRESS}").scroll_into_view_if_needed()
    shot("13-impor-membangun")
    wait_report(page)
    page.locator(f"#{ids.CHECK}").scroll_into_view_if_needed()
    time.sleep(0.3)
    shot("14-impor-periksa", full=True)


def _review_and_publish(page, shot) -> None:
    """Resolve one name, rebuild, publish; shots of the review list, the published version
    and the page in English."""
    choose(page, "KALANGIN", "9901062005")
    page.locator(".imp-review-card").first.scroll_into_view_if_needed()
    shot("15-impor-tinjau-nama")
    page.click(f"#{ids.RESOLVE}")
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.imp-input-name'))"
        ".some(e => e.textContent === 'KALANGIN')", timeout=60_000)
    page.click(f"#{ids.PUBLISH}")
    page.wait_for_selector(".imp-open-map", timeout=60_000)
    page.wait_for_selector(".imp-version-current", timeout=10_000)
    time.sleep(0.3)
    shot("16-impor-terbit", full=True)
    page.locator("#imp-lang input[value='en']").check()
    page.wait_for_selector("text=Dataset versions")
    time.sleep(0.3)
    shot("17-impor-english", full=True)


def main(argv: list[str] | None = None) -> int:
    from dashboard import create_app
    from dashboard.settings import DashboardSettings
    from tools.screenshots import serve

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(DashboardSettings(store_dir=Path(tmp) / "store"))
        with serve(app) as base:
            for path in take(base, Path(args.out)):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
