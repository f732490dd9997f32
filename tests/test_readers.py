"""What a reader gets from every county's page and from sharing one: shared assets listed on
participating counties' pages, partners linked to their pages, correction links pre-filled,
past-due steps flagged, a description per page, permalinks on headings, a full sitemap, and
change pages that count their own region."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, BuiltSite, build_site, make_project

PARTNER_NAME = 'Exploratorium "Lab" & Co <b>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Marin (region 4) with two cycles; Napa (region 4) leads an asset Kern (no map) and Marin
    take part in; Fresno (region 7) published only in 2022-23; a partner with a quote, an
    ampersand and a tag in its name."""
    napa = VALID_COUNTY.replace("counties: [sonoma]", "counties: [kern, marin]")
    fresno = VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2022-11-15").replace("    counties: [sonoma]\n", "")
    project = make_project(
        tmp_path_factory.mktemp("readers"),
        {
            "marin": {
                "2023-24": VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2023-10-01"),
                "2024-25": LOCATED_COUNTY,
            },
            "napa": napa,
            "fresno": {"2022-23": fresno},
        },
    )
    partners = project / "counties" / "_shared" / "partners.yml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(text.replace("    name: Exploratorium\n", f"    name: '{PARTNER_NAME}'\n", 1), encoding="utf-8")
    return build_site(project)


def description(site: BuiltSite, url: str) -> str:
    metas = site.html(url).select('meta[name="description"]')
    assert len(metas) == 1, url
    return metas[0]["content"]


def test_a_county_without_a_map_lists_the_shared_assets_it_takes_part_in(site: BuiltSite) -> None:
    page = site.content("counties/kern/")
    assert "has not published an asset map" in page.get_text()
    heading = page.select_one("h2#section-shared")
    assert heading.get_text(strip=True) == "Shared with other counties"
    entries = page.select("ul.am-shared-in li.am-entry")
    assert [e.select_one("a.am-entry__name").get_text() for e in entries] == ["Math PLC network"]
    assert entries[0].select_one("a.am-entry__name")["href"] == "../napa/#math-plc-network"
    assert "Napa with Kern, Marin" in entries[0].select_one(".am-entry__county").get_text(" ", strip=True)


def test_a_county_with_a_map_also_lists_what_others_lead(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    hrefs = [a["href"] for a in page.select("ul.am-shared-in a.am-entry__name")]
    assert hrefs == ["../napa/#math-plc-network"]
    # Its own assets keep their cards; the shared list comes after them.
    headings = [h["id"] for h in page.select("h2[id]")]
    assert headings.index("section-assets") < headings.index("section-shared") < headings.index("section-needs")
    assert not site.content("counties/napa/").select("#section-shared")  # it leads, nobody else does


def test_the_map_follows_assets_and_needs(site: BuiltSite) -> None:
    headings = [h["id"] for h in site.content("counties/marin/").select("h2[id]")]
    assert headings.index("section-needs") < headings.index("section-map")
    assert headings.index("section-assets") < headings.index("section-map")
    kern = site.content("counties/kern/")
    assert kern.select_one("#section-shared").find_next(class_="am-map")


def test_partners_link_to_their_page_with_the_website_beside(site: BuiltSite) -> None:
    card = site.content("counties/marin/").select_one("h4#summer-institute").find_parent("article")
    partners = next(dt for dt in card.select("dt") if dt.get_text() == "Partners").find_next_sibling("dd")
    links = partners.select("a")
    assert links[0]["href"] == "../../partners/exploratorium/"
    assert links[0].get_text() == PARTNER_NAME
    assert links[1]["href"] == "https://www.exploratorium.edu/"
    assert links[1].get_text() == "exploratorium.edu"
    assert links[1]["rel"] == ["nofollow", "noopener"]


def _form_fields() -> set[str]:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8"))
    return {field["id"] for field in form["body"] if "id" in field}


def test_suggest_a_correction_opens_the_form_filled_in(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    whole = urlsplit(page.select_one("dl.am-facts a.am-correction")["href"])
    assert f"{whole.scheme}://{whole.netloc}{whole.path}" == "https://github.com/cal-mscs/asset-maps/issues/new"
    fields = parse_qs(whole.query)
    assert fields["template"] == ["correction.yml"]
    assert fields["county"] == ["marin"]
    assert "item" not in fields
    assert fields["page"] == ["https://cal-mscs.github.io/asset-maps/counties/marin/"]
    card = page.select_one("h4#summer-institute").find_parent("article")
    link = card.select_one(".am-correction a")
    assert link.get_text() == "Suggest a correction to this asset"
    query = urlsplit(link["href"]).query
    assert "county=marin&item=summer-institute" in query  # each value URL-encoded
    assert "page=https%3A%2F%2Fcal-mscs.github.io%2Fasset-maps%2Fcounties%2Fmarin%2F%23summer-institute" in query
    fields = parse_qs(query)
    assert fields["title"] == ["[Correction] Marin County: Summer science institute"]
    assert set(fields) - {"template", "title"} <= _form_fields()  # every parameter is a field of the form
    # A county without a map can be corrected too.
    assert parse_qs(urlsplit(site.content("counties/kern/").select_one("a.am-correction")["href"]).query)["county"] == [
        "kern"
    ]


def test_correction_form_values_are_url_encoded() -> None:
    from asset_map.corrections import Corrections
    from asset_map.model import County

    county = County("san-luis-obispo", "San Luis Obispo", "06079", 8, "SLO COE")
    url = Corrections.for_repository("https://github.com/o/r/", "https://example.org/site/").url(
        county, "a-b", 'Math & science: 100% "fun"?'
    )
    query = urlsplit(url).query
    assert " " not in url and "&science" not in query and '"' not in url
    fields = parse_qs(query)
    assert fields["title"] == ['[Correction] San Luis Obispo County: Math & science: 100% "fun"?']
    assert fields["page"] == ["https://example.org/site/counties/san-luis-obispo/#a-b"]


def test_every_county_page_has_its_own_description(site: BuiltSite) -> None:
    pages = sorted((site.root / "counties").glob("*/index.html"))
    assert len(pages) == 58
    found = {p.parent.name: description(site, f"counties/{p.parent.name}/") for p in pages}
    assert len(set(found.values())) == 58
    assert found["marin"] == (
        "Marin County's 2024-25 asset map for math, science and computer science professional learning: "
        "2 assets, 1 need, 1 improvement goal and 1 action step; it takes part in 1 asset led by other counties."
    )
    assert found["kern"] == (
        "Kern County has not published an asset map on this site yet; it takes part in 1 asset led by other counties."
    )


def test_descriptions_are_escaped_and_every_page_has_one(site: BuiltSite) -> None:
    raw = site.path("partners/exploratorium/").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="description" content="([^"]*)">', raw)
    assert meta, "the description must stay inside its attribute"
    assert meta[1].startswith("Exploratorium &#34;Lab&#34; &amp; Co &lt;b&gt; (museum or science center)")
    assert description(site, "partners/exploratorium/").startswith(f"{PARTNER_NAME} (museum or science center): ")
    default = description(site, "")
    for url in [
        "counties/",
        "regions/",
        "regions/4/",
        "map/",
        "ideas/",
        "ideas/focus/lesson-study/",
        "partners/",
        "needs/",
        "balance/",
        "data/",
        "changes/",
        "changes/regions/4/",
        "counties/marin/compare/",
        "contribute/",
        "contribute/reference/",
        "about/",
        "faq/",
    ]:
        assert description(site, url) != default, url


def test_asset_need_and_goal_headings_have_permalinks(site: BuiltSite) -> None:
    soup = served(site, "counties/marin/")
    for item in ("summer-institute", "cs-teachers", "grow-cs"):
        heading = soup.select_one(f"#{item}")
        assert heading.name in ("h3", "h4")
        assert heading.select_one("a.headerlink")["href"] == f"#{item}"


def served(site: BuiltSite, url: str) -> BeautifulSoup:
    """The page as served, the theme's permalinks included (BuiltSite.html removes them)."""
    return BeautifulSoup(site.path(url).read_text(encoding="utf-8"), "html.parser")


def test_sitemap_lists_every_page(site: BuiltSite) -> None:
    sitemap = site.path("sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://cal-mscs\.github\.io/asset-maps/(.*?)</loc>", sitemap))
    pages = {
        p.parent.relative_to(site.root).as_posix() + "/" if p.parent != site.root else ""
        for p in site.root.rglob("index.html")
    }
    assert listed == pages
    assert {"counties/kern/", "partners/exploratorium/", "ideas/focus/lesson-study/", "regions/4/"} <= listed


def test_region_change_pages_count_their_own_region(site: BuiltSite) -> None:
    def counts(url: str) -> dict[str, str]:
        rows = site.content(url).select_one("h2#section-cycles").find_next("table").select("tbody tr")
        return {r.th.get_text(): r.select_one("td").get_text() for r in rows}

    assert counts("changes/") == {"2024-25": "2", "2023-24": "1", "2022-23": "1"}
    assert counts("changes/regions/4/") == {"2024-25": "2", "2023-24": "1"}
    assert counts("changes/regions/7/") == {"2022-23": "1"}


def test_region_pages_link_to_their_changes_and_the_explorer(site: BuiltSite) -> None:
    links = {a.get_text(): a["href"] for a in site.content("regions/4/").select(".am-region-links a")}
    assert links == {
        "Explore the region's assets": "../../explore/?region=4",
        "What changed in Region 4": "../../changes/regions/4/",
    }


def test_region_param_is_the_explorers(site: BuiltSite) -> None:
    """The explorer reads its filters from the address by facet key (explore.js, from
    explore/assets.json): `region` is one, with region 4 among its values, as the region
    pages link to it."""
    data = json.loads(site.path("explore/assets.json").read_text(encoding="utf-8"))
    regions = next(f for f in data["facets"] if f["key"] == "region")
    assert "4" in [str(value[0]) for value in regions["values"]]
    assert 'href="../../explore/?region=4"' in site.path("regions/4/").read_text(encoding="utf-8")


def test_sortable_tables_sit_in_the_themes_scroll_wrapper(site: BuiltSite) -> None:
    for url in ["counties/", "regions/", "regions/4/", "map/", "partners/", "balance/", "changes/", "counties/marin/"]:
        tables = site.content(url).select("table.am-table")
        assert tables, url
        for table in tables:
            assert table.parent.get("class") == ["md-typeset__table"], url
            assert table.parent.parent.get("class") == ["md-typeset__scrollwrap"], url
            assert "am-sortable" in table["class"], url
    script = [s["src"] for s in site.html("counties/").select("script[src]")]
    assert "../assets/vendor/tablesort/tablesort.min.js" in script and "../assets/javascripts/tables.js" in script
    vendor = Path(REPO / "content" / "assets" / "vendor" / "tablesort")
    files = {p.name for p in vendor.iterdir()}
    assert {"LICENSE.txt", "ABOUT.txt", "tablesort.min.js", "tablesort.number.min.js"} <= files
