"""Build a tiny real site with MkDocs and read the pages it produces."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from conftest import REPO, VALID_COUNTY, BuiltSite, build_site, write_site_config
from mkdocs.exceptions import Abort, PluginError


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """One build shared by the read-only tests of this module."""
    project = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "counties" / "_shared", project / "counties" / "_shared")
    (project / "counties" / "marin").mkdir()
    older = VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2023-10-01")
    (project / "counties" / "marin" / "2023-24.yml").write_text(older, encoding="utf-8")
    (project / "counties" / "marin" / "2024-25.yml").write_text(VALID_COUNTY, encoding="utf-8")
    return build_site(project)


def test_county_page_shows_the_current_cycle(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    assert page.h1.get_text(strip=True) == "Marin County"
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in page.select("dl.am-facts dt")}
    assert facts["County office of education"].a["href"] == "https://www.marinschools.org/"
    assert facts["Region"].a["href"] == "../../regions/4/"
    assert facts["Cycle"].get_text(" ", strip=True).startswith("2024-25")
    assert "2023-24" in facts["Cycle"].get_text()
    assert facts["Last updated"].time["datetime"] == "2024-11-15"
    edit = facts["Data file"].select_one("a.am-edit")
    assert edit.get_text() == "Edit this county's data"
    assert edit["href"] == "https://github.com/cal-mscs/asset-maps/edit/main/counties/marin/2024-25.yml"
    assert facts["Data file"].code.get_text() == "counties/marin/2024-25.yml"


def test_theme_edit_button_opens_the_yaml_file(site: BuiltSite) -> None:
    button = site.html("counties/marin/").select_one("a.md-content__button[href*='/edit/']")
    assert button["href"] == "https://github.com/cal-mscs/asset-maps/edit/main/counties/marin/2024-25.yml"


def test_assets_are_grouped_by_subject_with_stable_anchors(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    groups = {h3.get_text(strip=True): h3 for h3 in page.select("h3[id^=section-assets-]")}
    assert list(groups) == ["Science", "Across subjects"]
    institute = page.select_one("h4#summer-institute")
    assert institute.get_text() == "Summer science institute"
    card = institute.find_parent("article")
    fields = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in card.select("dt")}
    assert fields["Kind"] == "Summer institute"
    assert fields["Grades"] == "Grades 3-5 , Grades 6-8"
    assert fields["Duration"] == "Temporary June 17, 2024 to June 21, 2024 Ended"
    assert fields["Partners"] == "Exploratorium (Museum or science center · exploratorium.edu )"
    shared = page.select_one("h4#math-plc-network").find_parent("article")
    assert shared.select_one("a[href='../sonoma/']").get_text() == "Sonoma"


def test_needs_goals_and_actions_link_to_each_other(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    assert page.select_one("h3#cs-teachers")
    goal = page.select_one("h3#grow-cs").find_parent("article")
    assert [a["href"] for a in goal.select("a")] == ["#cs-teachers", "#math-plc-network"]
    row = page.select_one("table.am-actions tr#survey-districts")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells == [
        "Survey districts about computer science staffing.",
        "Prepare more computer science teachers.",
        "CS coordinator",
        "2024-09-01",
        "2024-12-15",
        "In progressPast due",
    ]
    # Built on 2025-01-01: the step due 2024-12-15 is still in progress, so it is flagged.
    assert "am-actions__late" in row["class"]
    assert (
        page.select_one("#section-actions")
        .find_next("p", class_="am-flag")
        .get_text()
        .startswith("1 step is past its due date")
    )
    assert page.select_one("a[href='mailto:ana@example.org']")


def test_county_page_headings_are_in_the_table_of_contents(site: BuiltSite) -> None:
    toc = [a["href"] for a in site.html("counties/marin/").select("nav.md-nav--secondary a")]
    assert "#section-assets" in toc and "#section-needs" in toc and "#section-actions" in toc


def test_counties_index_leads_with_published_maps_then_lists_the_rest_by_region(site: BuiltSite) -> None:
    page = site.content("counties/")
    rows = page.select("table.am-counties tbody tr")
    assert [r.th.get_text() for r in rows] == ["Marin"]
    assert [td.get_text(strip=True) for td in rows[0].select("td")] == [
        "Region 4",
        "Marin County Office of Education",
        "2024-25",
        "2024-11-15Current",
        "2",
        "1",
        "1",
        "1",
    ]
    assert rows[0].th.a["href"] == "marin/"
    assert "am-sortable" in page.select_one("table.am-counties")["class"]
    waiting = page.select("ul.am-waiting > li")
    assert len(waiting) == 11
    assert waiting[3]["id"] == "region-4"
    assert waiting[3].select_one("a.am-waiting__region").get_text() == "Region 4: Bay"
    names = [a.get_text() for li in waiting for a in li.select("a:not(.am-waiting__region)")]
    assert len(names) == 57 and "Marin" not in names and "Alpine" in names
    assert "1 of 58" in page.select_one(".am-lead").get_text()


def test_every_county_and_region_has_a_page(site: BuiltSite) -> None:
    counties = [p.parent.name for p in (site.root / "counties").glob("*/index.html")]
    assert len(counties) == 58
    assert sorted(p.parent.name for p in (site.root / "regions").glob("*/index.html")) == sorted(
        str(n) for n in range(1, 12)
    )
    empty = site.content("counties/alpine/")
    assert "has not published an asset map" in empty.get_text()


def test_region_page_lists_its_counties_and_shared_assets(site: BuiltSite) -> None:
    page = site.content("regions/4/")
    assert page.h1.get_text(strip=True) == "Region 4: Bay"
    assert [r.th.get_text() for r in page.select("table.am-counties tbody tr")] == ["Marin"]
    waiting = [a.get_text() for a in page.select("p.am-waiting a")]
    assert waiting == ["Alameda", "Contra Costa", "Napa", "San Francisco", "San Mateo", "Solano"]
    shared = page.select("ul.am-shared li")
    assert len(shared) == 1
    assert shared[0].a["href"] == "../../counties/marin/#math-plc-network"
    # Sonoma (region 1) takes part in Marin's shared asset, so region 1 lists it too.
    assert site.content("regions/1/").select_one("ul.am-shared a")["href"].endswith("marin/#math-plc-network")


def test_schema_is_published_unchanged(site: BuiltSite) -> None:
    published = json.loads(site.path("schema/county.schema.json").read_text(encoding="utf-8"))
    source = REPO / "hooks" / "asset_map" / "schemas" / "county.schema.json"
    assert published == json.loads(source.read_text(encoding="utf-8"))


def test_no_page_loads_anything_from_another_host(site: BuiltSite) -> None:
    for page in site.root.rglob("*.html"):
        soup = site.html(str(page.relative_to(site.root)))
        for tag in soup.select("script[src], link[href], img[src], iframe[src]"):
            url = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") not in (["stylesheet"], ["preload"], ["modulepreload"], ["icon"]):
                continue
            assert not url.startswith(("http:", "https:", "//")), (page, url)


def _build_error(site_builder, caplog: pytest.LogCaptureFixture) -> str:
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        site_builder()
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_bad_data_fails_the_build_with_the_validator_messages(write_county, site_builder, caplog) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("subjects: [science]", "subjects: [maths]"))
    write_county("napa", "2024-25", VALID_COUNTY.replace("partners: [exploratorium]", "partners: [nobody]"))
    message = _build_error(site_builder, caplog)
    assert (
        "counties/marin/2024-25.yml:12:16: assets, item 1 (\"Summer science institute\"), subjects: 'maths' "
        "is not one of: math, science, cs"
    ) in message
    assert (
        "counties/napa/2024-25.yml:18:16: assets, item 1 (\"Summer science institute\"), partners: 'nobody' "
        "is not in the partner registry"
    ) in message
    assert "2 problems found in 2 files." in message


def test_a_content_page_may_not_hide_a_generated_one(data_dir: Path, site_builder, caplog) -> None:
    write_site_config(data_dir.parent)
    (data_dir.parent / "content" / "regions").mkdir()
    (data_dir.parent / "content" / "regions" / "index.md").write_text("# Mine\n")
    message = _build_error(site_builder, caplog)
    assert "content/regions/index.md would hide a generated page" in message


@pytest.mark.repository_data
def test_the_repository_site_builds_strictly(tmp_path: Path) -> None:
    """The real mkdocs.yml, content and sample data, as `mkdocs build --strict` builds them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "counties" / "san-luis-obispo" / "index.html").exists()


def test_pages_built_for_mkdocs_serve_have_no_policy(data_dir: Path, write_county) -> None:
    """`mkdocs serve` injects an inline live-reload script; a policy there would block it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_county("marin", "2024-25")
    config_file = write_site_config(data_dir.parent)
    served = load_config(str(config_file), site_dir=str(data_dir.parent / "served"), site_url="http://127.0.0.1:8000/")
    build(served)
    served.plugins.on_shutdown()
    html = (data_dir.parent / "served" / "counties" / "marin" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in html
    built = build_site(data_dir.parent)
    assert "Content-Security-Policy" in built.path("counties/marin/").read_text(encoding="utf-8")
