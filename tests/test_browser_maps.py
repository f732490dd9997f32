"""The maps in a real browser: shapes drawn, measures switch, clicks navigate, nothing external."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MARIN, ALPINE, FRESNO = "06041", "06003", "06019"


def fill(page, fips: str) -> str:
    return page.get_attribute(f'path.am-county[data-fips="{fips}"]', "fill")


def open_map(page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    page.wait_for_selector(".am-map[data-state=ready]", timeout=10_000)


def test_statewide_map_draws_58_counties(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    assert page.locator("path.am-county").count() == 58
    assert fill(page, MARIN) == "#1b7f79"
    assert fill(page, ALPINE) == "#e6e8eb"
    assert page.locator("#am-legend-state li").all_inner_texts() == [
        "Has a published asset map", "No map published yet",
    ]


def test_switching_the_measure_recolours_the_counties(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.get_by_label("Region").check()
    assert page.get_attribute(".am-map", "data-measure") == "region"
    assert fill(page, ALPINE) == "#7570b3"  # region 3
    assert fill(page, MARIN) == "#e7298a"  # region 4
    assert page.locator("#am-legend-state li").count() == 11
    page.get_by_label("Number of assets").check()
    assert fill(page, MARIN) == "#c6dbef"  # 2 assets
    assert fill(page, ALPINE) == "#e6e8eb"
    page.get_by_label("Subjects covered (math, science, CS)").check()
    assert fill(page, MARIN) == "#08519c"  # all three subjects


def test_tooltip_names_the_county_and_its_counts(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.hover(f'path.am-county[data-fips="{FRESNO}"]')
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert tooltip.inner_text().splitlines() == ["Fresno County", "No map published yet"]


def test_clicking_a_county_opens_its_page(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    page.click(f'path.am-county[data-fips="{FRESNO}"]')
    page.wait_for_url(base_url + "counties/fresno/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Fresno County"


def test_county_map_focuses_the_county_with_asset_markers(page, base_url: str) -> None:
    open_map(page, base_url, "counties/marin/")
    assert page.locator("path.am-county").count() == 58
    assert fill(page, MARIN) == "#1b7f79"
    assert fill(page, "06097") == "#8fd1c8"  # Sonoma shares an asset
    assert page.locator("path.am-marker").count() == 1
    page.click("path.am-marker")
    page.wait_for_url(base_url + "counties/marin/#summer-institute")


def test_region_and_home_maps_render(page, base_url: str) -> None:
    open_map(page, base_url, "regions/4/")
    assert fill(page, MARIN) == "#1b7f79"
    assert fill(page, FRESNO) == "#e6e8eb"
    open_map(page, base_url, "")
    assert page.locator("path.am-county").count() == 58


def test_county_links_in_the_map_table_work_by_keyboard(page, base_url: str) -> None:
    open_map(page, base_url, "map/")
    link = page.locator("table.am-map-table a", has_text="Marin")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "counties/marin/")
