"""The site search in Chromium, under the site's Content-Security-Policy, on the search tests'
own data set (tests/fixtures/search/): items as results, typos, facets, and a table of
queries a county coordinator would type with the item they expect near the top.

Web-first assertions only (expect(locator)...): they retry until the page's scripts have
caught up, with no string evaluated in the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from browser_support import checked_page, serve
from conftest import BuiltSite
from playwright.sync_api import expect
from test_search import exploratorium_assets

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def search_url(search_site: BuiltSite) -> Iterator[str]:
    with serve(search_site.root) as url:
        yield url


@pytest.fixture
def page(browser, search_url: str) -> Iterator[object]:
    with checked_page(browser, search_url) as opened:
        yield opened


def results(page):
    return page.locator("#am-search-results .am-search__link")


def addresses(page, base: str) -> list[str]:
    """The results' addresses, from the site's root (Pagefind links from the server's root)."""
    root = urlsplit(base).path
    return [link.get_attribute("href").removeprefix(root) for link in results(page).all()]


def search(page, base: str, words: str, *filters: str) -> None:
    """Open the search from the address, as a shared link does, and wait for its results."""
    query = f"?q={quote(words)}" + "".join(f"&filter={quote(f)}" for f in filters)
    page.goto(base + query)
    expect(page.locator("#am-search")).to_have_attribute("open", "")
    expect(page.locator("#am-search-status")).to_contain_text("result")
    expect(results(page).first).to_be_visible()


def test_the_header_box_opens_the_search_and_typing_finds_an_asset(page, search_url: str) -> None:
    page.goto(search_url + "about/")
    page.keyboard.press("/")
    expect(page.locator("#am-search-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#am-search")).not_to_have_attribute("open", "")
    page.get_by_role("button", name="Search").click()
    page.locator("#am-search-input").fill("tinkering")
    expect(results(page).first).to_contain_text("Tinkering studio workshops for elementary teachers")
    expect(page.locator("#am-search-status")).to_have_text(re.compile(r"^1 result for “tinkering”\.$"))
    page.keyboard.press("ArrowDown")
    expect(results(page).first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/counties/sonoma/#sonoma-tinkering$"))
    expect(page.locator("h4#sonoma-tinkering")).to_be_in_viewport()


def test_exploratorium_finds_every_asset_that_lists_it(page, search_url: str) -> None:
    search(page, search_url, "Exploratorium", "Result type:Asset")
    expected = exploratorium_assets()
    expect(results(page)).to_have_count(len(expected))
    assert set(addresses(page, search_url)) == expected
    search(page, search_url, "Exploratorium")
    assert addresses(page, search_url)[0] == "partners/exploratorium/"


def test_a_misspelt_word_finds_what_the_site_spells_right(page, search_url: str) -> None:
    search(page, search_url, "explortorium")
    expect(page.locator("#am-search-status")).to_contain_text("for “exploratorium”: the site has no “explortorium”")
    assert "partners/exploratorium/" in addresses(page, search_url)
    search(page, search_url, "institutes")  # stemming: the summer institutes
    assert "counties/marin/#marin-summer-science-institute" in addresses(page, search_url)[:5]


def test_a_subject_filter_narrows_the_results_and_its_count_says_by_how_much(page, search_url: str) -> None:
    search(page, search_url, "Exploratorium")
    before = results(page).count()
    page.locator(".am-search__filters summary").click()
    legend = page.locator("legend", has_text=re.compile("^Subject$"))
    subject = page.locator("fieldset.am-search__facet").filter(has=legend)
    count = subject.locator("label", has_text="Computer science").locator(".am-count")
    expect(count).to_have_text("1")  # Sonoma's tinkering workshops, and nothing else
    subject.get_by_label("Computer science").check()
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Tinkering studio workshops")
    expect(page.locator("#am-search-status")).to_have_text("1 result for “Exploratorium” with the chosen filters.")
    assert before > 1
    expect(page).to_have_url(re.compile(r"filter=Subject%3AComputer\+science"))
    page.get_by_role("button", name="Clear all filters").click()
    expect(results(page)).to_have_count(before)


def test_filters_alone_list_items(page, search_url: str) -> None:
    page.goto(search_url + "?filter=" + quote("County:Tulare County") + "&filter=" + quote("Result type:Asset"))
    expect(results(page)).to_have_count(3)
    expect(page.locator("#am-search-status")).to_have_text("3 results with the chosen filters.")


# Queries a county coordinator would type, and the item they expect among the first five.
RELEVANCE = [
    ("summer institute", "counties/marin/#marin-summer-science-institute"),
    ("lesson study", "counties/marin/#marin-lesson-study"),
    ("rural", "counties/sonoma/#sonoma-rural-coaching"),
    ("rural", "counties/humboldt/#humboldt-rural-science-network"),
    ("English learners", "counties/tulare/#tulare-el-math"),
    ("coaching", "counties/san-luis-obispo/#slo-cs-for-all"),
    ("family", "counties/marin/#marin-family-science-nights"),
    ("family math", "counties/tulare/#tulare-family-math"),
    ("Exploratorium", "partners/exploratorium/"),
    ("Cal Poly", "partners/cal-poly/"),
    ("Humboldt", "counties/humboldt/"),
    ("computer science pathway", "counties/sonoma/#sonoma-cs-pathway"),
    ("principals", "counties/alameda/#alameda-cs-principals"),
    ("MESA", "counties/tulare/#tulare-mesa-clubs"),
    ("NGSS symposium", "counties/alameda/#alameda-ngss-symposium"),
    ("Lawrence Hall of Science", "partners/lawrence-hall-of-science/"),
    ("teacher residency", "counties/san-luis-obispo/#slo-exploratorium-residency"),
    ("remote schools", "counties/humboldt/#humboldt-isolation"),
    ("North Coast", "regions/1/"),
    ("add a partner", "contribute/"),
    ("pull request", "contribute/"),
]


def test_relevance_table(page, search_url: str) -> None:
    misses = []
    for words, expected in RELEVANCE:
        search(page, search_url, words)
        top = addresses(page, search_url)[:5]
        if expected not in top:
            misses.append(f"{words!r}: expected {expected} in the top 5, got {top}")
    assert not misses, "\n".join(misses)
