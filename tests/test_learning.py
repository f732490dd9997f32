"""Learning from each other: need-to-asset matching, idea listings, partners, balance."""

from __future__ import annotations

from pathlib import Path

import pytest
from asset_map.load import load_dataset
from asset_map.matching import match_all
from conftest import BUILD_DATE, REPO, BuiltSite, asset, build_site, county_yaml, make_project, need

# Marin needs CS recruitment help for high school; the right answer, best first, is:
#   Sonoma (shares 2 focus areas), then Alameda (1 focus, 1 subject, 1 grade band); Napa's
#   job fair shares as much as Alameda's residency but ended in March 2024, so it is listed
#   apart. Solano (wrong subject), Yolo (wrong focus, nothing said alike), Marin itself and
#   Contra Costa's asset that Marin takes part in are not matches.
# Napa's rural science need has no match anywhere: a statewide gap.
COUNTIES = {
    "marin": county_yaml(
        assets=[asset("own-cs-club", ["cs"], ["recruitment-retention"], ["9-12"])],
        needs=[need("cs-teachers", ["cs"], ["recruitment-retention", "equity-access"], ["9-12"])],
    ),
    "sonoma": county_yaml(
        assets=[
            asset(
                "cs-equity-pathway",
                ["cs"],
                ["recruitment-retention", "equity-access"],
                ["6-8"],
                partners=["greene-scholars"],
                kind="teacher-pathway",
            ),
        ]
    ),
    "alameda": county_yaml(assets=[asset("cs-residency", ["cs", "math"], ["recruitment-retention"], ["9-12"])]),
    "napa": county_yaml(
        assets=[
            asset(
                "cs-job-fair",
                ["cs"],
                ["recruitment-retention"],
                ["9-12"],
                duration="temporary",
                starts="2024-03-01",
                ends="2024-03-02",
            )
        ],
        needs=[need("rural-science", ["science"], ["rural-access"], ["3-5"])],
    ),
    "solano": county_yaml(assets=[asset("math-recruiting", ["math"], ["recruitment-retention"], ["9-12"])]),
    "yolo": county_yaml(assets=[asset("cs-assessment", ["cs"], ["assessment"], ["9-12"])]),
    "contra-costa": county_yaml(
        assets=[
            asset(
                "shared-cs-network",
                ["cs"],
                ["recruitment-retention"],
                ["9-12"],
                counties=["marin"],
                partners=["exploratorium", "greene-scholars"],
            ),
        ]
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("learning"), COUNTIES)


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project)


def all_matches(dataset):
    return match_all(dataset, BUILD_DATE).needs


def test_matches_are_ranked_and_explained(project: Path) -> None:
    matches = all_matches(load_dataset(project / "counties"))
    found = matches[("marin", "cs-teachers")].best
    assert matches[("marin", "cs-teachers")].total == 2
    assert [(m.offer.county.slug, m.offer.asset.id) for m in found] == [
        ("sonoma", "cs-equity-pathway"),
        ("alameda", "cs-residency"),
    ]
    ended = matches[("marin", "cs-teachers")].ended
    assert [(m.offer.county.slug, m.offer.asset.id) for m in ended] == [("napa", "cs-job-fair")]
    assert matches[("marin", "cs-teachers")].ended_total == 1
    assert found[0].focus == ("recruitment-retention", "equity-access")
    assert found[0].grades == ()
    assert (found[1].subjects, found[1].focus, found[1].grades) == (("cs",), ("recruitment-retention",), ("9-12",))
    assert matches[("napa", "rural-science")].total == 0


_MATCHES_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
sys.path[:0] = [sys.argv[1]]
from asset_map.load import load_dataset
import datetime
from asset_map.matching import match_all
print(repr(sorted(match_all(load_dataset(Path(sys.argv[2])), datetime.date(2025, 1, 1)).needs.items())))
"""


def test_matching_is_deterministic(project: Path) -> None:
    """The same ranking in two processes with different hash seeds (set order differs)."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    def run(seed: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", _MATCHES_IN_A_NEW_PROCESS, str(REPO / "hooks"), str(project / "counties")],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout

    first = run("1")
    assert first == run("2")
    assert repr(sorted(all_matches(load_dataset(project / "counties")).items())) + "\n" == first


def test_needs_page_lists_matches_and_gaps(site: BuiltSite) -> None:
    page = site.content("needs/")
    card = page.select_one("h3#marin-cs-teachers").find_parent("article")
    links = [a["href"] for a in card.select("ol.am-matches a")]
    assert links == ["../counties/sonoma/#cs-equity-pathway", "../counties/alameda/#cs-residency"]
    reasons = [r.get_text(" ", strip=True) for r in card.select("ol.am-matches .am-why")]
    assert reasons[0] == (
        "Shares focus: Recruitment and retention, Equity and access; subject: Computer science;"
        " no shared grade band. Both mention teachers ."
    )
    ended = card.select_one("details.am-ended-matches")
    assert ended.summary.get_text() == "1 that ended elsewhere: ask about what they learned"
    assert [a["href"] for a in ended.select("a")] == ["../counties/napa/#cs-job-fair"]
    assert "ran until March 2, 2024: ask about what they learned" in ended.get_text(" ", strip=True)
    assert card.find("a", string="Feed of new matches")["href"] == "../counties/marin/needs/cs-teachers.xml"
    gaps = page.select("ul.am-gaps li")
    assert [li["id"] for li in gaps] == ["napa-rural-science"]
    assert "1 that no other county has an asset for yet" in page.get_text(" ", strip=True)


def test_county_page_shows_learn_from_others_under_each_need(site: BuiltSite) -> None:
    marin = site.content("counties/marin/").select_one("h3#cs-teachers").find_parent("article")
    assert [a.get_text() for a in marin.select("ol.am-matches a")] == ["Cs equity pathway", "Cs residency"]
    assert [a.get_text() for a in marin.select(".am-ended-matches a")] == ["Cs job fair"]
    assert marin.find("a", string="Feed of new matches")["href"] == "needs/cs-teachers.xml"
    napa = site.content("counties/napa/").select_one("h3#rural-science").find_parent("article")
    assert "statewide gap" in napa.select_one(".am-gap").get_text()


def test_idea_listing_starts_with_definition_and_counts(site: BuiltSite) -> None:
    page = site.content("ideas/focus/recruitment-retention/")
    assert page.h1.get_text(strip=True) == "Focus area: Recruitment and retention"
    assert page.select_one(".am-lead").get_text() == (
        "Bringing new teachers into math, science and CS teaching and keeping them."
    )
    assert (
        page.select_one(".am-counts")
        .get_text(" ", strip=True)
        .startswith("6 assets in 6 counties: 5 enduring, 1 temporary.")
    )
    entries = page.select("li.am-entry")
    assert [e.select_one(".am-entry__county").get_text() for e in entries] == [
        "Alameda",
        "Contra Costa with Marin",
        "Marin",
        "Napa",
        "Solano",
        "Sonoma",
    ]
    shared = entries[1]
    assert shared.a["href"] == "../../../counties/contra-costa/#shared-cs-network"
    assert "Partners: Exploratorium , Greene Scholars Program" in shared.get_text(" ", strip=True)


@pytest.mark.repository_data
def test_every_vocabulary_term_has_a_listing(site: BuiltSite) -> None:
    dataset = load_dataset(REPO / "counties")
    for folder, vocabulary in [
        ("focus", "focus_areas"),
        ("subject", "subjects"),
        ("kind", "asset_kinds"),
        ("grades", "grade_bands"),
        ("audience", "audiences"),
    ]:
        for term in dataset.vocabularies[vocabulary].terms:
            assert site.path(f"ideas/{folder}/{term}/").exists(), (folder, term)
    empty = site.content("ideas/kind/resource-center/")
    assert "No county lists an asset here yet" in empty.get_text()
    index = site.content("ideas/")
    assert index.find("a", string="Computer science").find_next("span").get_text() == "6"


def test_partner_page_names_counties_and_assets(site: BuiltSite) -> None:
    page = site.content("partners/greene-scholars/")
    assert page.h1.get_text(strip=True) == "Greene Scholars Program"
    assert [a.get_text() for a in page.select("ul.am-inline-list a")] == ["Contra Costa", "Marin", "Sonoma"]
    assert len(page.select("li.am-entry")) == 2
    assert page.select_one("div.am-map#map_partner_greene_scholars")
    directory = site.content("partners/")
    row = directory.find("a", string="Greene Scholars Program").find_parent("tr")
    assert [td.get_text() for td in row.select("td")] == ["Community-based organization", "3", "2", "greene-scholars"]
    facts = {dt.get_text(): dt.find_next("dd") for dt in page.select("dl.am-facts dt")}
    assert facts["Id for your file"].code.get_text() == "greene-scholars"


def test_balance_page_charts_and_flags(site: BuiltSite) -> None:
    page = site.content("balance/")
    charts = page.select("svg.am-chart")
    assert len(charts) == 2
    assert charts[0].title.get_text() == "Assets per subject in each region"
    table = page.select("table.am-balance")[1]
    rows = {r.th.get_text(): [td.get_text(" ", strip=True) for td in r.select("td")] for r in table.select("tbody tr")}
    assert rows["Contra Costa"] == ["1", "0", "0", "1", "1", "0", "1 of 2 (50%)", "No math, science assets"]
    assert rows["Sonoma"][6] == "1 of 1 (100%)"
    assert rows["Yolo"][7] == "No math, science assets"
