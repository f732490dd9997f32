"""Every data file is hostile: payloads in every free-text field must come out inert.

Assertions are made on parsed HTML (no element or attribute the data did not ask for as
text), on the exports, and in a real browser (no dialog, no injected element).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import BuiltSite, asset, build_site, county_yaml, make_project, need
from playwright.sync_api import expect

SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
SVG = "\"><svg onload=alert('svg')>"
MARKDOWN = "[click](javascript:alert('md')) ![pic](https://example.org/p.png) **bold** <b>b</b>"
JINJA = "{{ 7*7 }} {% if true %}jinja{% endif %}"
ORDINARY = 'Math & Science <K-5> "quoted" it\'s'
PAYLOAD = f"{ORDINARY} {SCRIPT} {IMG} {SVG}"
LONG_TEXT = f"{PAYLOAD} {MARKDOWN} {JINJA}"
FORMULA = '=HYPERLINK("https://example.org")'

HOSTILE_ASSET = asset(
    "hostile",
    ["cs"],
    ["assessment"],
    ["9-12"],
    name=PAYLOAD,
    summary=LONG_TEXT,
    partners=["hostile-partner"],
    reach=FORMULA,
    link="https://example.org/?a=1&b=2",
    location={"name": PAYLOAD, "lat": 37.97, "lon": -122.53},
    counties=["sonoma"],
)
MARIN = county_yaml(
    assets=[HOSTILE_ASSET],
    needs=[{**need("hostile-need", ["cs"], ["assessment"], ["9-12"]), "statement": LONG_TEXT, "evidence": PAYLOAD}],
    goals=[{"id": "hostile-goal", "statement": LONG_TEXT, "needs": ["hostile-need"], "assets": ["hostile"]}],
    actions=[
        {
            "id": "hostile-action",
            "step": LONG_TEXT,
            "goal": "hostile-goal",
            "owner": PAYLOAD,
            "due": "2025-03-01",
            "status": "planned",
        }
    ],
).replace("contacts: []", "contacts:\n  - " + json.dumps({"role": PAYLOAD, "name": SCRIPT, "organization": IMG}))
MARIN = MARIN.replace(
    "updated: 2024-11-15",
    "updated: 2024-11-15\nnote: "
    + json.dumps(LONG_TEXT)
    + "\nsources:\n  - "
    + json.dumps({"title": PAYLOAD, "link": "https://example.org/s"}),
)
NAPA = county_yaml(needs=[need("napa-need", ["cs"], ["assessment"], ["9-12"])])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), {"marin": MARIN, "napa": NAPA})
    partners = root / "counties" / "_shared" / "partners.yml"
    partners.write_text(
        partners.read_text(encoding="utf-8")
        + "  - "
        + json.dumps(
            {
                "id": "hostile-partner",
                "name": PAYLOAD,
                "type": "nonprofit",
                "description": LONG_TEXT,
                "website": "https://example.org/partner",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project)


def test_the_hostile_data_is_valid_so_the_test_reaches_the_pages(project: Path) -> None:
    from asset_map.load import check

    assert check(project / "counties")[1] == []


def html_pages(site: BuiltSite) -> list[Path]:
    return sorted(site.root.rglob("*.html"))


def test_no_page_gains_an_element_or_attribute_from_data(site: BuiltSite) -> None:
    for path in html_pages(site):
        soup = site.html(str(path.relative_to(site.root)))
        for script in soup.find_all("script"):
            assert "alert(" not in (script.string or ""), path
        for tag in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in tag.attrs), (path, tag.name, tag.attrs)
            for attr in ("href", "src", "action", "formaction"):
                value = tag.get(attr)
                assert not (isinstance(value, str) and value.strip().lower().startswith(("javascript:", "data:"))), (
                    path,
                    tag,
                )
        assert not soup.select("img[src=x], svg[onload], b:-soup-contains('b')"), path
        assert "<script>alert" not in path.read_text(encoding="utf-8")


def test_text_displays_exactly_as_written(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    assert page.select_one("h4#hostile").get_text() == PAYLOAD
    card = page.select_one("h4#hostile").find_parent("article")
    assert card.select_one("p").get_text() == LONG_TEXT
    assert "49" not in card.get_text()
    assert page.select_one("h3#hostile-need").get_text() == LONG_TEXT
    link = card.find("a", string="https://example.org/?a=1&b=2")
    assert link["href"] == "https://example.org/?a=1&b=2"
    assert link["rel"] == ["nofollow", "noopener"]
    contacts = page.select_one("#section-contacts").find_next("table")
    assert [td.get_text() for td in contacts.select("tbody td")][:3] == [PAYLOAD, SCRIPT, IMG]
    partner = site.content("partners/hostile-partner/")
    assert partner.h1.get_text() == PAYLOAD
    title = site.html("partners/hostile-partner/").title.get_text()
    assert "<" not in title and "script" in title


def test_listings_and_matches_escape_too(site: BuiltSite) -> None:
    for url in ("ideas/subject/cs/", "needs/", "partners/", "regions/4/", "counties/napa/"):
        text = site.content(url).get_text()
        assert PAYLOAD in " ".join(text.split()), url  # every payload shown as typed, as text
    rows = json.loads(site.path("explore/assets.json").read_text(encoding="utf-8"))["rows"]
    assert next(r for r in rows if r[1] == "counties/marin/#hostile")[0] == PAYLOAD  # data, set as text


def test_search_index_holds_only_text(site: BuiltSite, project: Path) -> None:
    """What Pagefind reads is escaped HTML; what it keeps is the text as written (titles and
    words), which the search box sets as text and Pagefind escapes in its excerpts (the
    browser test below shows both)."""
    import gzip

    from asset_map.load import load_dataset
    from asset_map.search import record_html, search_records

    for record in search_records(load_dataset(project / "counties")):
        assert "<script>alert" not in record_html(record) and "<img src=x" not in record_html(record)
    fragments = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in site.root.glob("pagefind/fragment/*.pf_fragment")
    ]
    entry = next(f for f in fragments if f["url"] == "/counties/marin/#hostile")
    assert entry["meta"]["title"] == PAYLOAD
    assert entry["content"].startswith(PAYLOAD)


def test_exports_keep_the_text_and_defuse_formulas(site: BuiltSite) -> None:
    rows = list(csv.DictReader(io.StringIO(site.path("data/assets.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "hostile")
    assert row["name"] == PAYLOAD
    assert row["reach"] == "'" + FORMULA
    everything = json.loads(site.path("data/all.json").read_text(encoding="utf-8"))
    assert everything["current_maps"]["marin"]["assets"][0]["summary"] == LONG_TEXT


def test_map_and_feed_files_escape(site: BuiltSite) -> None:
    script = site.path("assets/maps/js/county-marin.js").read_text(encoding="utf-8")
    assert "<script>" not in script and "\\u003cscript\\u003e" in script
    feed = site.path("counties/marin/feed.xml").read_text(encoding="utf-8")
    import feedparser

    assert not feedparser.parse(feed.encode()).bozo
    import icalendar

    calendar = icalendar.Calendar.from_ical(site.path("calendar.ics").read_bytes())
    event = next(e for e in calendar.walk("VEVENT") if "hostile-action" in str(e["UID"]))
    assert str(event["SUMMARY"]) == f"Due: {LONG_TEXT}"  # plain text in a calendar, not HTML


@pytest.fixture(scope="module")
def hostile_base_url(site: BuiltSite):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from browser_support import QuietHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_nothing_runs_in_the_browser(browser, hostile_base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("counties/marin/", "explore/", "partners/hostile-partner/", "needs/", "map/"):
        page.goto(hostile_base_url + url)
        page.wait_for_load_state("load")
    page.goto(hostile_base_url + "counties/marin/")
    expect(page.locator(".am-map")).to_have_attribute("data-state", "ready")
    page.hover("path.am-marker")
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip.locator("strong")).to_have_text(PAYLOAD)
    expect(tooltip.locator("img, svg, script")).to_have_count(0)
    page.goto(hostile_base_url + "explore/?words=quoted")
    expect(page.locator("#am-explore-table tbody tr")).to_have_count(1)
    expect(page.locator("#am-explore-table tbody th")).to_have_text(PAYLOAD)
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("quoted")
    results = page.locator("#am-search-results")
    expect(results.locator(".am-search__title", has_text=SCRIPT).first).to_be_visible(timeout=10_000)
    expect(results.locator("mark").first).to_contain_text("quoted")
    expect(results.locator("img, svg, script, b")).to_have_count(0)
    assert dialogs == []
    context.close()
