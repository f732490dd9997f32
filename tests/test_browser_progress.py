"""The progress page and the completeness measure in a real browser, on a phone-sized screen too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARIN, NAPA, ALPINE = "06041", "06055", "06003"


def test_sort_and_filter_the_county_table(page, base_url: str) -> None:
    page.goto(base_url + "progress/")
    table = page.locator("#am-progress-table")
    rows = table.locator("tbody tr")
    expect(page.locator("#am-progress-filter")).to_be_visible()
    expect(page.locator("#am-progress-status")).to_have_text("All 58 counties")

    score = table.get_by_role("button", name="Score")
    score.click()  # highest first
    expect(table.locator("thead th").nth(3)).to_have_attribute("aria-sort", "descending")
    expect(rows.nth(0).locator("th")).to_have_text("Marin")
    expect(rows.nth(1).locator("th")).to_have_text("Napa")
    score.click()
    expect(table.locator("thead th").nth(3)).to_have_attribute("aria-sort", "ascending")
    expect(rows.nth(57).locator("th")).to_have_text("Marin")

    page.get_by_label("Show counties in").select_option("4")
    expect(page.locator("#am-progress-status")).to_have_text("7 of 58 counties: Region 4: Bay")
    expect(table.locator("tbody tr:visible")).to_have_count(7)
    table.get_by_role("button", name="County").click()
    expect(table.locator("tbody tr:visible th")).to_have_text(
        [
            "Alameda",
            "Contra Costa",
            "Marin",
            "Napa",
            "San Francisco",
            "San Mateo",
            "Solano",
        ]
    )


def test_the_page_fits_a_phone(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for url in ("progress/", "counties/marin/"):
            page.goto(base_url + url)
            expect(page.locator("h1")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        page.goto(base_url + "progress/")
        scroller = page.locator("#am-progress-table").locator("xpath=..")
        assert page.evaluate("el => el.scrollWidth > el.clientWidth", scroller.element_handle())
        page.get_by_label("Show counties in").select_option("11")
        expect(page.locator("#am-progress-table tbody tr:visible")).to_have_count(1)
    finally:
        context.close()


def test_the_map_colours_counties_by_completeness(page, base_url: str) -> None:
    page.goto(base_url + "map/")
    expect(page.locator(".am-map").first).to_have_attribute("data-state", "ready", timeout=10_000)
    page.get_by_label("Completeness against the checklist").check()
    expect(page.locator(".am-map")).to_have_attribute("data-measure", "completeness")
    expect(page.locator(f'path.am-county[data-fips="{MARIN}"]')).to_have_attribute("fill", "#3182bd")  # 5 of 7
    expect(page.locator(f'path.am-county[data-fips="{NAPA}"]')).to_have_attribute("fill", "#6baed6")  # 4 of 7
    expect(page.locator(f'path.am-county[data-fips="{ALPINE}"]')).to_have_attribute("fill", "#e6e8eb")
    expect(page.locator("#am-legend-state li")).to_have_text(
        [
            "0-2 of 7 checklist items",
            "3-4 of 7 checklist items",
            "5-6 of 7 checklist items",
            "All 7 checklist items",
            "No map published yet",
        ]
    )
