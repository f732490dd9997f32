"""The needs page's filters in a real browser: subject, grade band, focus area and region, with
counts, the choice kept in the address, and the page's strict Content-Security-Policy."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from browser_support import QuietHandler
from conftest import asset, build_site, county_yaml, make_project, need
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Four needs in three regions; each has a match, except Shasta's, a statewide gap.
COUNTIES = {
    "marin": county_yaml(
        assets=[asset("cs-club", ["cs"], ["equity-access"], ["9-12"])],
        needs=[
            need("fractions", ["math"], ["instructional-materials"], ["3-5"]),
            need("talk", ["math"], ["student-discourse"], ["6-8"]),
        ],
    ),
    "fresno": county_yaml(
        assets=[
            asset("fraction-kits", ["math"], ["instructional-materials"], ["3-5"]),
            asset("number-talks", ["math"], ["student-discourse"], ["6-8"]),
        ],
        needs=[need("girls-in-cs", ["cs"], ["equity-access"], ["9-12"])],
    ),
    "shasta": county_yaml(needs=[need("rural-science", ["science"], ["rural-access"], ["6-8"])]),
}


@pytest.fixture(scope="module")
def needs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(make_project(tmp_path_factory.mktemp("needs-filters"), COUNTIES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def needs_page(browser, needs_url: str) -> Iterator[object]:
    """A page that fails the test on a console error, an uncaught exception (a script the
    policy blocked shows as one) or a request that leaves the local server."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(needs_url)
            else (problems.append(f"request to {route.request.url}"), route.abort())
        ),
    )
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    context.close()
    assert not problems


def shown(page):
    return page.locator("[data-am-need]:not([hidden]) h3, [data-am-need]:not([hidden]) > a")


def test_filters_narrow_the_needs_and_count_what_each_choice_would_show(needs_page, needs_url: str) -> None:
    page = needs_page
    page.goto(needs_url + "needs/")
    expect(page.locator("#am-needs-filter")).to_be_visible()
    expect(page.locator("#am-needs-status")).to_have_text("4 needs")
    page.locator('fieldset[data-facet="subject"]').get_by_label("Mathematics").check()
    expect(shown(page)).to_have_text(["Need fractions.", "Need talk."])
    expect(page.locator("#am-needs-status")).to_have_text("2 of 4 needs")
    focus = page.locator('fieldset[data-facet="focus"] input[value="student-discourse"] ~ [data-count]')
    expect(focus).to_have_text("1")
    page.locator('fieldset[data-facet="grades"]').get_by_label("Grades 6-8").check()
    expect(shown(page)).to_have_text(["Need talk."])
    expect(page).to_have_url(re.compile(r"subject=math"))
    assert "grades=6-8" in page.url


def test_two_clicks_find_the_needs_a_cs_pathway_could_help(needs_page, needs_url: str) -> None:
    page = needs_page
    page.goto(needs_url + "needs/")
    page.locator('fieldset[data-facet="subject"]').get_by_label("Computer science").check()
    page.locator('fieldset[data-facet="focus"]').get_by_label("Equity and access").check()
    expect(shown(page)).to_have_text(["Need girls-in-cs."])
    card = page.locator("[data-am-need]:not([hidden])")
    expect(card.locator("ol.am-matches a").first).to_have_attribute("href", "../counties/marin/#cs-club")


def test_a_shared_address_opens_the_same_view_and_gaps_filter_too(needs_page, needs_url: str) -> None:
    page = needs_page
    page.goto(needs_url + "needs/?region=2")
    expect(page.locator('input[name="region"][value="2"]')).to_be_checked()
    expect(shown(page)).to_have_text(["Need rural-science."])
    page.get_by_role("button", name="Clear all filters").click()
    expect(shown(page)).to_have_count(4)
    expect(page).to_have_url(re.compile(r"/needs/$"))


def test_without_javascript_every_need_is_listed(browser, needs_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(needs_url + "needs/?subject=cs")
    expect(page.locator("#am-needs-filter")).to_be_hidden()
    expect(page.locator("[data-am-need]")).to_have_count(4)
    expect(page.locator("[data-am-need]:visible")).to_have_count(4)
    context.close()
