"""Accessibility: axe-core in Chromium on every kind of page; no serious or critical violation."""

from __future__ import annotations

import pytest
from browser_support import serious_violations
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "counties/",
    "counties/marin/",
    "counties/alpine/",
    "regions/4/",
    "map/",
    "ideas/",
    "ideas/focus/student-discourse/",
    "partners/",
    "partners/exploratorium/",
    "needs/",
    "balance/",
    "explore/",
    "data/",
    "contribute/",
    "contribute/reference/",
    "changes/",
    "progress/",
    "about/",
    "asset-mapping/",
]


@pytest.fixture
def audit_page(browser, base_url: str):
    # axe is injected as a script, which the site's Content-Security-Policy would rightly block.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_serious_accessibility_violations(audit_page, base_url: str, url: str) -> None:
    audit_page.goto(base_url + url)
    for drawn in audit_page.locator(".am-map").all():
        expect(drawn).to_have_attribute("data-state", "ready")
    serious = serious_violations(audit_page)
    assert not serious, "\n".join(serious)


def test_the_open_search_with_results_and_filters_has_no_serious_violations(audit_page, base_url: str) -> None:
    audit_page.goto(base_url + "?q=science")
    expect(audit_page.locator("#am-search-results .am-search__link").first).to_be_visible()
    audit_page.locator(".am-search__filters summary").click()
    expect(audit_page.locator(".am-search__facet").first).to_be_visible()
    serious = serious_violations(audit_page, within="am-search")
    assert not serious, "\n".join(serious)
