"""The explorer's filters and the site search, in a real browser. (The search's own tests,
on a data set of their own: test_browser_search.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Web-first assertions only (expect(locator)...): they retry until the page's scripts have
# caught up, with no string evaluated in the page (the site's CSP forbids eval).


def visible_assets(page):
    return page.locator("#am-explore-table tbody tr th")


def count_for(page, facet: str, value: str):
    return page.locator(f'fieldset[data-facet="{facet}"] input[value="{value}"] ~ [data-count]')


def test_filtering_by_subject_and_focus(page, base_url: str) -> None:
    page.goto(base_url + "explore/")
    expect(page.locator("#am-explore-status")).to_have_text("4 assets")
    page.locator('fieldset[data-facet="subject"]').get_by_label("Computer science").check()
    expect(visible_assets(page)).to_have_text(["Math PLC network", "Math PLC network"])
    expect(count_for(page, "focus", "student-discourse")).to_have_text("2")
    expect(count_for(page, "focus", "standards-implementation")).to_have_text("0")
    page.locator('fieldset[data-facet="focus"]').get_by_label("Student discourse").check()
    expect(visible_assets(page)).to_have_count(2)
    page.locator('fieldset[data-facet="county"]').get_by_label("Napa").check()
    expect(visible_assets(page)).to_have_count(1)
    expect(page.locator("#am-explore-status")).to_have_text("1 of 4 assets")
    expect(page).to_have_url(re.compile(r"subject=cs"))
    assert "focus=student-discourse" in page.url and "county=napa" in page.url


def test_a_shared_address_opens_the_same_view(page, base_url: str) -> None:
    page.goto(base_url + "explore/?subject=cs&focus=student-discourse")
    expect(visible_assets(page)).to_have_count(2)
    expect(page.locator('input[name="subject"][value="cs"]')).to_be_checked()
    page.goto(base_url + "explore/?words=summer")
    expect(visible_assets(page)).to_have_text(["Summer science institute", "Summer science institute"])
    page.get_by_role("button", name="Clear all filters").click()
    expect(visible_assets(page)).to_have_count(4)
    expect(page).to_have_url(re.compile(r"/explore/$"))


def test_the_explorer_draws_rows_from_its_data_file(page, base_url: str) -> None:
    page.goto(base_url + "explore/")
    expect(visible_assets(page)).to_have_count(4)
    expect(page.locator("#am-explore-nojs")).to_have_count(0)
    row = page.locator("#am-explore-table tbody tr", has_text="Summer science institute").first
    expect(row.locator("td")).to_have_text(
        [
            "Marin",
            "Science",
            "Grades 3-5, Grades 6-8",
            "Standards implementation",
            "Summer institute",
            "Temporary",
            "Exploratorium",
        ]
    )
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/counties/(marin|napa)/#summer-institute$"))


def test_on_a_phone_results_come_first_and_filters_fold(phone, base_url: str) -> None:
    phone.goto(base_url + "explore/?subject=cs")
    toggle = phone.get_by_role("button", name=re.compile("^Filters"))
    expect(toggle).to_have_text("Filters (1 chosen)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator('fieldset[data-facet="subject"]')).to_be_hidden()
    first = phone.locator("#am-explore-table tbody tr").first
    expect(first).to_be_in_viewport()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    phone.locator('fieldset[data-facet="focus"]').get_by_label("Student discourse").check()
    expect(toggle).to_have_text("Filters (2 chosen)")
    phone.get_by_role("button", name="Clear all filters").click()
    expect(toggle).to_have_text("Filters (none chosen)")
    expect(visible_assets(phone)).to_have_count(4)


def test_without_javascript_the_page_points_to_the_full_lists(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "explore/")
        note = page.locator("#am-explore-nojs")
        expect(note).to_be_visible()
        expect(note.get_by_role("link", name="idea listings")).to_have_attribute("href", "../ideas/")
        expect(page.locator("form#am-explore")).to_be_hidden()
        expect(page.locator("#am-explore-table")).to_be_hidden()
        # Nothing shown promises filters the page cannot show without its script.
        assert "filter" not in page.locator("article").inner_text().lower()
    finally:
        context.close()


def test_search_finds_an_asset_as_its_own_result(page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("summer science")
    links = page.locator("#am-search-results .am-search__link")
    expect(links.first).to_be_visible(timeout=10_000)
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert any(h.endswith("/counties/marin/#summer-institute") for h in hrefs), hrefs
