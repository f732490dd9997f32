"""Serving a built site on 127.0.0.1 and driving Debian's Chromium with Playwright.

Every page a browser test opens fails the test on a console error, an uncaught exception or
any request that leaves the local server.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, BuiltSite, build_site, make_project

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A small site: Marin with two assets (one located), Napa with one."""
    napa = VALID_COUNTY.replace("subjects: [math, cs]", "subjects: [cs]").replace(
        "counties: [sonoma]", "counties: [solano]"
    )
    return build_site(make_project(tmp_path_factory.mktemp("browser"), {"marin": LOCATED_COUNTY, "napa": napa}))


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a built site from 127.0.0.1; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(browser_site: BuiltSite) -> Iterator[str]:
    with serve(browser_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own data and pages, for what depends on real names and lengths."""
    project = tmp_path_factory.mktemp("repo-site")
    for name in ("counties", "content"):
        shutil.copytree(REPO / name, project / name)
    return build_site(project)


@pytest.fixture(scope="session")
def repo_base_url(repo_site: BuiltSite) -> Iterator[str]:
    with serve(repo_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    with checked_page(browser, base_url) as opened:
        yield opened


DESKTOP = {"width": 1200, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def checked_page(browser, base_url: str, viewport: dict[str, int] = DESKTOP) -> Iterator[object]:
    """A page that fails the test on a console error, an uncaught exception or a request
    leaving `base_url`."""
    context = browser.new_context(viewport=viewport)
    problems: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base_url)
            else (problems.append(f"request to {route.request.url}"), route.abort())
        ),
    )
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    try:
        yield page
    finally:
        context.close()
    assert not problems


@pytest.fixture
def phone(browser, base_url: str) -> Iterator[object]:
    """The small site on a 390 x 844 phone screen."""
    with checked_page(browser, base_url, PHONE) as opened:
        yield opened


@pytest.fixture
def repo_phone(browser, repo_base_url: str) -> Iterator[object]:
    """The repository's own site on a 390 x 844 phone screen."""
    with checked_page(browser, repo_base_url, PHONE) as opened:
        yield opened


@pytest.fixture
def repo_page(browser, repo_base_url: str) -> Iterator[object]:
    """The repository's own site on a desktop screen."""
    with checked_page(browser, repo_base_url, DESKTOP) as opened:
        yield opened


AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
"""axe-core, injected into a page opened with `bypass_csp=True` (the site's CSP rightly blocks it)."""


def serious_violations(page, within: str | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page (or inside the element with id
    `within`), one line each: rule, impact, help and the first three elements."""
    page.add_script_tag(content=AXE)
    target = f"document.getElementById({within!r})" if within else "document"
    result = page.evaluate(f"() => axe.run({target}, {{resultTypes: ['violations']}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
