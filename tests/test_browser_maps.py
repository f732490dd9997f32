"""The maps in a real browser: shapes drawn, measures switch, clicks navigate, nothing external."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARIN, ALPINE, FRESNO = "06041", "06003", "06019"


def county(page, fips: str):
    return page.locator(f'path.am-county[data-fips="{fips}"]')


def has_fill(page, fips: str, colour: str) -> None:
    expect(county(page, fips)).to_have_attribute("fill", colour)


def open_map(page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    expect(page.locator(".am-map").first).to_have_attribute("data-state", "ready", timeout=10_000)


def test_statewide_map_draws_58_counties(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    expect(page.locator("path.am-county")).to_have_count(58)
    has_fill(page, MARIN, "#1b7f79")
    has_fill(page, ALPINE, "#e6e8eb")
    expect(page.locator("#am-legend-state li")).to_have_text(
        [
            "Has a published asset map",
            "No map published yet",
        ]
    )


def test_switching_the_measure_recolours_the_counties(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.get_by_label("Region").check()
    expect(page.locator(".am-map")).to_have_attribute("data-measure", "region")
    has_fill(page, ALPINE, "#7570b3")  # region 3
    has_fill(page, MARIN, "#e7298a")  # region 4
    expect(page.locator("#am-legend-state li")).to_have_count(11)
    page.get_by_label("Number of assets").check()
    has_fill(page, MARIN, "#c6dbef")  # 2 assets
    has_fill(page, ALPINE, "#e6e8eb")
    page.get_by_label("Subjects covered (math, science, CS)").check()
    has_fill(page, MARIN, "#08519c")  # all three subjects


def test_tooltip_names_the_county_and_its_counts(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.hover(f'path.am-county[data-fips="{FRESNO}"]')
    expect(page.locator(".leaflet-tooltip")).to_have_text("Fresno CountyNo map published yet")


def test_clicking_a_county_opens_its_page(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.click(f'path.am-county[data-fips="{FRESNO}"]')
    page.wait_for_url(base_url + "counties/fresno/")
    expect(page.locator("h1")).to_have_text("Fresno County¶")


def test_county_map_focuses_the_county_with_asset_markers(page, base_url: str) -> None:
    open_map(page, base_url, "counties/marin/")
    expect(page.locator("path.am-county")).to_have_count(58)
    has_fill(page, MARIN, "#1b7f79")
    has_fill(page, "06097", "#8fd1c8")  # Sonoma shares an asset
    expect(page.locator("path.am-marker")).to_have_count(1)
    page.click("path.am-marker")
    page.wait_for_url(base_url + "counties/marin/#summer-institute")


def test_region_and_home_maps_render(page, base_url: str) -> None:
    open_map(page, base_url, "regions/4/")
    has_fill(page, MARIN, "#1b7f79")
    has_fill(page, FRESNO, "#e6e8eb")
    open_map(page, base_url, "")
    expect(page.locator("path.am-county")).to_have_count(58)


def test_county_links_in_the_map_table_work_by_keyboard(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    link = page.locator("table.am-map-table a", has_text="Marin")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "counties/marin/")
