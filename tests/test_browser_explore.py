"""The explorer's filters and the site search, in a real browser."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def visible_assets(page) -> list[str]:
    return page.locator("#am-explore-table tbody tr:not([hidden]) th").all_inner_texts()


def count_for(page, facet: str, value: str) -> str:
    return page.locator(f'fieldset[data-facet="{facet}"] input[value="{value}"] ~ [data-count]').inner_text()


def test_filtering_by_subject_and_focus(page, base_url: str) -> None:
    page.goto(base_url + "explore/")
    assert page.locator("#am-explore-status").inner_text() == "4 assets"
    page.locator('fieldset[data-facet="subject"]').get_by_label("Computer science").check()
    assert sorted(visible_assets(page)) == ["Math PLC network", "Math PLC network"]
    assert count_for(page, "focus", "student-discourse") == "2"
    assert count_for(page, "focus", "standards-implementation") == "0"
    page.locator('fieldset[data-facet="focus"]').get_by_label("Student discourse").check()
    assert len(visible_assets(page)) == 2
    page.locator('fieldset[data-facet="county"]').get_by_label("Napa").check()
    assert len(visible_assets(page)) == 1
    assert page.locator("#am-explore-status").inner_text() == "1 of 4 assets"
    assert "subject=cs" in page.url and "focus=student-discourse" in page.url and "county=napa" in page.url


def test_a_shared_address_opens_the_same_view(page, base_url: str) -> None:
    page.goto(base_url + "explore/?subject=cs&focus=student-discourse")
    assert len(visible_assets(page)) == 2
    assert page.locator('input[name="subject"][value="cs"]').is_checked()
    page.goto(base_url + "explore/?words=summer")
    assert visible_assets(page) == ["Summer science institute", "Summer science institute"]
    page.get_by_role("button", name="Clear all filters").click()
    page.wait_for_function("document.querySelectorAll('#am-explore-table tbody tr:not([hidden])').length === 4")
    assert page.url.endswith("/explore/")


def test_search_finds_an_asset_as_its_own_result(page, base_url: str) -> None:
    page.goto(base_url)
    page.locator("input.md-search__input").click(force=True)
    page.keyboard.type("summer science")
    link = page.locator(".md-search-result__link").first
    link.wait_for(timeout=10_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("/counties/marin/" in h and h.endswith("#summer-institute") for h in hrefs), hrefs
