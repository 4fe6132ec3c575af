"""Headless Chromium against the demo app served from a thread on 127.0.0.1.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright for Python; the browser is
never downloaded. Without Chromium the tests skip with the reason, unless ``REQUIRE_BROWSER=1``
(CI), where they fail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    path = Path(os.environ.get("PRIORITAS_DEMO") or REPO / "data" / "demo")
    if not (path / "meta.json").exists():
        pytest.fail(f"demo dataset missing at {path.name}/ (build it with `make demo`)")
    return path


@pytest.fixture(scope="session")
def demo_app(demo_dir):
    from dashboard import create_app
    from dashboard.settings import DashboardSettings

    return create_app(DashboardSettings(data_dir=demo_dir))


@pytest.fixture(scope="session")
def base_url(demo_app):
    from tools.screenshots import serve

    with serve(demo_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from tools.screenshots import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright for Python is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Session:
    """A page that records every request URL and every console error."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        from tools.screenshots import wait_map

        self.page.goto(self.base + path)
        wait_map(self.page)

    def external(self) -> list[str]:
        return [u for u in self.requests
                if not (u.startswith(self.base) or u.startswith("data:")
                        or u.startswith("blob:"))]

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.external() == []


@pytest.fixture
def session(browser, base_url):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    s = Session(page=page, base=base_url)
    page.on("request", lambda r: s.requests.append(r.url))
    page.on("console", lambda m: s.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.errors.append(str(e)))
    yield s
    context.close()
