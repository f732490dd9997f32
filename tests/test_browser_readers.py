"""Reading the site on a phone, sorting its tables and printing it, in a real browser.

Web-first assertions only (expect(locator)...): they retry until the page's scripts have
caught up, and evaluate no string in the page (the site's CSP forbids eval). Widths are read
once the page's scripts have finished (maps drawn, tables made sortable).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# One page of every family, from the repository's own data (real names and lengths).
PHONE_PAGES = [
    "",
    "about/",
    "asset-mapping/",
    "faq/",
    "counties/",
    "counties/alameda/",
    "counties/kern/",
    "counties/los-angeles/compare/",
    "regions/",
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
    "changes/regions/6/",
]


def ready(page) -> None:
    """Wait for the page's scripts: every map drawn, every sortable table started."""
    for drawn in page.locator(".am-map").all():
        expect(drawn).to_have_attribute("data-state", "ready", timeout=10_000)
    for table in page.locator("table.am-sortable").all():
        expect(table).to_have_attribute("data-sort-ready", "true")
    for explorer in page.locator("form#am-explore").all():
        expect(explorer).to_have_attribute("data-state", "ready")


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_no_page_is_wider_than_a_phone(repo_phone, repo_base_url: str, url: str) -> None:
    repo_phone.goto(repo_base_url + url)
    ready(repo_phone)
    assert page_width(repo_phone) <= 390


def test_wide_tables_scroll_inside_their_own_box(repo_phone, repo_base_url: str) -> None:
    repo_phone.goto(repo_base_url + "map/")
    ready(repo_phone)
    wrapper = repo_phone.locator(".md-typeset__scrollwrap", has=repo_phone.locator("table.am-map-table"))
    assert wrapper.evaluate("box => box.scrollWidth > box.clientWidth")  # the table is wider than the screen
    assert page_width(repo_phone) <= 390
    # Names wrap between words, never inside one: a cell is at least as wide as its longest word.
    name = repo_phone.locator("table.am-map-table th a", has_text="San Luis Obispo")
    assert name.evaluate("link => link.getClientRects().length") <= 3


def test_balance_chart_labels_are_readable_on_a_phone(repo_phone, repo_base_url: str) -> None:
    repo_phone.goto(repo_base_url + "balance/")
    label = repo_phone.locator("#chart-regions-title").locator("xpath=..").locator(".am-chart__label").first
    expect(label).to_be_visible()
    assert label.bounding_box()["height"] >= 11  # 12 px text drawn at full size


def test_county_map_comes_after_assets_and_needs_and_is_short_on_a_phone(repo_phone, repo_base_url: str) -> None:
    repo_phone.goto(repo_base_url + "counties/alameda/")
    ready(repo_phone)
    top = {
        name: repo_phone.locator(selector).bounding_box()["y"]
        for name, selector in {"assets": "#section-assets", "needs": "#section-needs", "map": ".am-map"}.items()
    }
    assert top["assets"] < top["needs"] < top["map"]
    assert repo_phone.locator(".am-map").bounding_box()["height"] <= 844 / 2


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 100);
})"""


@pytest.mark.parametrize(
    "url", ["map/", "counties/", "regions/4/", "counties/alameda/", "partners/exploratorium/", "explore/"]
)
def test_nothing_moves_once_the_page_has_loaded(repo_phone, repo_base_url: str, url: str) -> None:
    """Scripts reveal the map's measure form, fill legends and add sort icons: each has its
    room kept beforehand, so the cumulative layout shift stays at zero."""
    repo_phone.goto(repo_base_url + url)
    ready(repo_phone)
    assert repo_phone.evaluate(LAYOUT_SHIFT) <= 0.001


def test_the_explorer_does_not_move_on_a_desktop_either(repo_page, repo_base_url: str) -> None:
    """On wide screens the filters are open: their boxes have a fixed height, so filling them
    with checkboxes moves nothing."""
    repo_page.goto(repo_base_url + "explore/")
    ready(repo_page)
    expect(repo_page.locator('fieldset[data-facet="subject"] input').first).to_be_visible()
    assert repo_page.evaluate(LAYOUT_SHIFT) <= 0.001


def _results_shot(page) -> bytes:
    """The search dialog once it has stopped changing (results and excerpts arrive one by one)."""
    shot = page.locator("#am-search").screenshot(animations="disabled", caret="hide")
    for _ in range(20):
        page.wait_for_timeout(250)
        again = page.locator("#am-search").screenshot(animations="disabled", caret="hide")
        if again == shot:
            return shot
        shot = again
    return shot


@pytest.mark.parametrize("url", ["map/", "counties/marin/"])
def test_maps_never_show_through_the_search_results(phone, base_url: str, url: str) -> None:
    """Leaflet's panes paint above the page but do not take clicks, so elementFromPoint cannot
    see an overlap: the results must look the same with the map hidden and shown."""
    phone.goto(base_url + url)
    ready(phone)
    area = phone.locator(".am-map")
    area.scroll_into_view_if_needed()
    phone.locator("[data-am-search-open]").click()
    expect(phone.locator("#am-search-input")).to_be_focused()
    phone.keyboard.type("science")
    expect(phone.locator("#am-search-status")).to_contain_text("result", timeout=10_000)
    expect(phone.locator("#am-search-results .am-search__link").first).to_be_visible(timeout=10_000)
    output = phone.locator("#am-search").bounding_box()
    map_box = area.bounding_box()
    assert map_box["y"] < output["y"] + output["height"] and map_box["y"] + map_box["height"] > output["y"]
    shown = _results_shot(phone)
    area.evaluate("map => { map.style.visibility = 'hidden'; }")
    hidden = _results_shot(phone)
    area.evaluate("map => { map.style.visibility = ''; }")
    assert shown == hidden, "the map draws over the search results"


def test_maps_never_show_through_the_navigation_drawer(phone, base_url: str) -> None:
    phone.goto(base_url + "map/")
    ready(phone)
    area = phone.locator(".am-map")
    area.scroll_into_view_if_needed()
    phone.locator("label.md-header__button[for=__drawer]").click()
    drawer = phone.locator(".md-sidebar--primary")
    expect(drawer).to_be_visible()
    shown = drawer.screenshot(animations="disabled")
    area.evaluate("map => { map.style.visibility = 'hidden'; }")
    assert drawer.screenshot(animations="disabled") == shown, "the map draws over the drawer"


def column(page, table: str, index: int):
    return page.locator(f"{table} tbody tr > :nth-child({index})")


def test_sorting_a_table_by_a_column_reorders_its_rows(page, base_url: str) -> None:
    page.goto(base_url + "map/")
    ready(page)
    table = "table.am-map-table"
    names = column(page, table, 1)
    expect(names.first).to_have_text("Alameda")
    assets = page.locator(f"{table} thead th", has_text="Assets")
    assets.click()
    expect(assets).to_have_attribute("aria-sort", "ascending")
    expect(names.last).to_have_text("Marin")  # 2 assets, the most
    assets.click()
    expect(assets).to_have_attribute("aria-sort", "descending")
    expect(names.nth(0)).to_have_text("Marin")
    expect(names.nth(1)).to_have_text("Napa")
    expect(page.locator("p.am-sr-only[role=status]")).to_have_text("Sorted by Assets, descending")


def test_sorting_works_from_the_keyboard(page, base_url: str) -> None:
    page.goto(base_url + "map/")
    ready(page)
    county = page.locator("table.am-map-table thead th", has_text="County")
    names = column(page, "table.am-map-table", 1)
    county.focus()
    page.keyboard.press("Enter")
    expect(county).to_have_attribute("aria-sort", "ascending")
    expect(names.first).to_have_text("Alameda")
    page.keyboard.press("Enter")
    expect(county).to_have_attribute("aria-sort", "descending")
    expect(names.first).to_have_text("Yuba")


def test_numbers_written_as_n_of_m_sort_by_their_number(repo_page, repo_base_url: str) -> None:
    repo_page.goto(repo_base_url + "regions/")
    ready(repo_page)
    published = repo_page.locator("table.am-sortable thead th", has_text="Maps published")
    published.click()
    published.click()
    expect(published).to_have_attribute("aria-sort", "descending")
    cells = column(repo_page, "table.am-sortable", 3)
    counts = [int(text.split(" of ")[0]) for text in cells.all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_print_hides_navigation_search_maps_and_edit_links(page, base_url: str) -> None:
    page.goto(base_url + "counties/marin/")
    ready(page)
    expect(page.locator(".leaflet-control-zoom")).to_be_visible()
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-search",
        ".leaflet-control-zoom",
        ".am-map",
        "a.am-edit",
        "a.am-correction",
        ".md-content__button",
        ".md-footer",
    ):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("h4#summer-institute")).to_be_visible()
    external = page.locator("dl.am-facts a[href^='https://www.marinschools.org']")
    after = external.evaluate("link => getComputedStyle(link, '::after').content")
    assert after == '" (" attr(href) ")"' or "marinschools.org" in after


def test_a_county_page_prints_as_a_short_handout(repo_page, repo_base_url: str) -> None:
    repo_page.goto(repo_base_url + "counties/alameda/")
    ready(repo_page)
    pdf = repo_page.pdf(format="Letter")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= 3, f"Alameda's 3 assets print on {pages} Letter pages"
