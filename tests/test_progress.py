"""Completeness against the checklist, the progress page and its data-quality list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from asset_map.completeness import RULES, completeness
from asset_map.load import check, load_dataset
from conftest import VALID_COUNTY, BuiltSite, build_site, make_project

EDIT = "https://github.com/cal-mscs/asset-maps/edit/main/"

# Marin (VALID_COUNTY): 5 of 7, its museum partner is not a community partner and its need
# has neither evidence nor priority; its action step (due 2024-12-15, in progress) is overdue
# on the build date (2025-01-01); its PLC network has no partner.
# Napa: every item but the subjects (no math, with a reason for CS but none for math), one
# asset placed in the Pacific, an http link and an asset that ended in 2022.
NAPA = (
    VALID_COUNTY.replace("kind: summer-institute", "kind: summer-institute\n    link: http://example.org/institute")
    .replace(
        "partners: [exploratorium]", "partners: [exploratorium]\n    location:\n      lat: 38.3\n      lon: -124.5"
    )
    .replace("starts: 2024-06-17\n    ends: 2024-06-21", "starts: 2022-06-13\n    ends: 2022-06-17")
    .replace("subjects: [math, cs]", "subjects: [science]")
    .replace(
        "    focus: [recruitment-retention]\n",
        "    focus: [recruitment-retention]\n    evidence: A survey of districts.\n    priority: high\n",
    )
    .replace("counties: [sonoma]", "counties: [solano]")
    + "subject_gaps:\n  - subject: cs\n    reason: Our computer science lead starts in January.\n"
)
PARTNERS_WITH_COMMUNITY = "  - id: valley-families\n    name: Valley Families\n    type: family-advocacy\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("progress"), {"marin": VALID_COUNTY, "napa": NAPA})
    stale = VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2022-09-01")
    stale = stale.replace("counties: [sonoma]", "counties: []")
    (root / "counties" / "sonoma").mkdir()
    (root / "counties" / "sonoma" / "2022-23.yml").write_text(stale, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project)


def results(data_dir: Path, slug: str) -> dict[str, tuple[str, ...]]:
    dataset = load_dataset(data_dir)
    return {r.item.id: r.shortfalls for r in completeness(dataset, dataset.county(slug)).results}


def test_each_rule_says_what_falls_short(project: Path) -> None:
    marin = results(project / "counties", "marin")
    assert list(marin) == list(RULES)  # the checklist's order, which here is the rules' order
    assert [key for key, found in marin.items() if found] == ["community-partner", "needs"]
    assert marin["community-partner"] == (
        "The one partner named is not a community partner "
        "(community-based organization, faith-based organization or family advocacy group).",
    )
    assert marin["needs"] == (
        "“Too few teachers are prepared to teach computer science.” has no evidence or priority.",
    )
    napa = results(project / "counties", "napa")
    assert napa["subjects"] == ("No mathematics assets, and no reason given.",)  # CS has a reason
    assert results(project / "counties", "sonoma")["updated"] == ()  # September 1, 2022 is in 2022-23


def test_rules_read_the_map_not_the_clock(write_county, data_dir: Path) -> None:
    text = (
        VALID_COUNTY.replace("partners: []", "partners: [valley-families]")
        .replace(
            "    focus: [recruitment-retention]\n",
            "    focus: [recruitment-retention]\n    evidence: Staffing data.\n    priority: high\n",
        )
        .replace("updated: 2024-11-15", "updated: 2025-07-02")
    )
    partners = data_dir / "_shared" / "partners.yml"
    partners.write_text(partners.read_text(encoding="utf-8") + PARTNERS_WITH_COMMUNITY, encoding="utf-8")
    write_county(text=text)
    found = results(data_dir, "marin")
    assert found["community-partner"] == () and found["needs"] == ()
    assert found["updated"] == ("Updated July 2, 2025, after the 2024-25 school year ended (June 30, 2025).",)
    write_county(text=text.replace("updated: 2025-07-02", "updated: 2024-07-01"))
    assert all(not shortfalls for shortfalls in results(data_dir, "marin").values())


def test_the_checklist_is_data_checked_by_its_schema(write_county, data_dir: Path) -> None:
    write_county()
    checklist = data_dir / "_shared" / "checklist.yml"
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(
        text.replace("id: community-partner", "id: comunity-partner").replace(
            "short: Needs", "short: Needs\n    colour: red"
        ),
        encoding="utf-8",
    )
    _, problems = check(data_dir)
    messages = [(p.file, p.location, p.message, p.hint) for p in problems]
    assert (
        "counties/_shared/checklist.yml",
        'items, item 3 ("At least one community-based partner"), id',
        "'comunity-partner' is not a checklist item the site can check",
        "Did you mean 'community-partner'? Each id names a rule in hooks/asset_map/completeness.py; the ids it "
        "knows: contacts, subjects, community-partner, needs, goals, actions, updated.",
    ) in messages
    assert any(
        p.location == 'items, item 4 ("Needs, each with evidence and a priority"), colour'
        and "unknown field" in p.message
        for p in problems
    )
    checklist.unlink()
    _, problems = check(data_dir)
    assert [p.message for p in problems] == ["this reference file is missing"]


def test_wording_and_order_come_from_the_checklist_file(write_county, data_dir: Path, site_builder) -> None:
    write_county()
    checklist = data_dir / "_shared" / "checklist.yml"
    text = checklist.read_text(encoding="utf-8")
    head, _, items = text.partition("items:\n")
    entries = ["  - id:" + entry for entry in items.split("  - id:")[1:]]
    entries = [entries[-1], *entries[:-1]]  # 'updated' first
    checklist.write_text(
        head
        + "items:\n"
        + "".join(entries).replace(
            "title: At least one community-based partner", "title: A community partner, at least"
        ),
        encoding="utf-8",
    )
    built = site_builder()
    items = built.content("counties/marin/").select("ul.am-checklist > li > strong")
    assert items[0].get_text() == "Map updated during its cycle"
    assert "A community partner, at least" in [item.get_text() for item in items]


def test_county_page_says_what_is_missing_and_how_to_add_it(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    heading = page.select_one("h2#section-checklist")
    assert heading.get_text(strip=True) == "What this map covers"
    assert "This map covers 5 of 7 items" in heading.find_next("p").get_text()
    missing = page.select("li.am-checklist__item--missing")
    assert [li.strong.get_text() for li in missing] == [
        "At least one community-based partner",
        "Needs, each with evidence and a priority",
    ]
    assert "has no evidence or priority" in missing[1].ul.get_text()
    assert missing[1].select_one(".am-checklist__detail").get_text().startswith("How to add it: Under needs, list")
    assert page.select_one("li.am-checklist__item--met .am-sr").get_text() == ": covered"
    napa = site.content("counties/napa/")
    assert "Computer science: Our computer science lead starts in January." in " ".join(napa.get_text(" ").split())


def test_progress_page_lists_every_county_with_its_score(site: BuiltSite) -> None:
    page = site.content("progress/")
    table = page.select_one("table#am-progress-table")
    assert table.caption.get_text().startswith("Every county's current map against the checklist")
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headings[:4] == ["County", "Region", "Current map", "Score"]
    assert headings[4:] == ["Contacts", "Subjects", "Community", "Needs", "Goals", "Actions", "Updated"]
    assert all(th["scope"] == "col" and th.has_attr("data-sort-type") for th in table.select("thead th"))
    rows = table.select("tbody tr")
    assert len(rows) == 58
    marin = next(r for r in rows if r.th.get_text() == "Marin")
    assert marin["data-region"] == "4"
    assert marin.th.a["href"] == "../counties/marin/#section-checklist"
    assert [td["data-sort"] for td in marin.select("td")] == ["4", "2024-25", "5", "1", "1", "0", "0", "1", "1", "1"]
    alpine = next(r for r in rows if r.th.get_text() == "Alpine")
    assert alpine.select("td")[2].get_text() == "No map"
    assert page.select_one("form#am-progress-filter").has_attr("hidden")
    assert [o["value"] for o in page.select("#am-progress-region option")][:3] == ["", "1", "2"]
    assert page.select_one('script[src="../assets/javascripts/progress.js"]')
    assert page.find("a", string="Download progress.csv")["href"] == "../data/progress.csv"


def test_data_quality_lines_link_to_the_file_and_line(site: BuiltSite, project: Path) -> None:
    page = site.content("progress/")

    def listed(key: str) -> list:
        return page.select_one(f"h3#quality-{key}").find_next_sibling("ul", class_="am-quality").select("li")

    def line_of(path: str, text: str) -> int:
        lines = (project / path).read_text(encoding="utf-8").splitlines()
        return next(n for n, line in enumerate(lines, 1) if text in line)

    [plc] = [li for li in listed("no-partner") if "Marin" in li.get_text()]
    assert plc.strong.get_text() == "Math PLC network"
    link = plc.find("a", href=lambda h: h.startswith(EDIT))
    line = line_of("counties/marin/2024-25.yml", "id: math-plc-network")
    assert link["href"] == EDIT + f"counties/marin/2024-25.yml#L{line}"
    assert link.get_text() == f"counties/marin/2024-25.yml line {line}"

    overdue = [li.get_text(" ", strip=True) for li in listed("overdue")]
    assert any("Marin" in text and "due December 15, 2024, still in progress" in text for text in overdue)
    [stale] = listed("stale")
    assert stale.find("a", href=EDIT + "counties/sonoma/2022-23.yml#L2")
    [outside] = listed("outside")
    assert "Napa" in outside.get_text() and "Summer science institute" in outside.get_text()
    [http] = listed("not-https")
    assert http.strong.get_text() == "http://example.org/institute"
    ended = [li.get_text(" ", strip=True) for li in listed("ended")]
    assert any("Napa" in text and "ended June 17, 2022" in text for text in ended)
    assert not any("Marin" in text for text in ended)  # ended 2024-06-21: less than a year ago
    unused = {li.strong.get_text(): li for li in listed("unused-partner")}
    assert "Exploratorium" not in unused and "WestEd" in unused
    partners = (project / "counties" / "_shared" / "partners.yml").read_text(encoding="utf-8").splitlines()
    wested = next(n for n, line in enumerate(partners, 1) if line.strip() == "- id: wested")
    assert unused["WestEd"].find("a", href=EDIT + f"counties/_shared/partners.yml#L{wested}")
    assert "K-12 Alliance" in [li.strong.get_text() for li in listed("no-website")]


def test_progress_csv_and_the_map_measure(site: BuiltSite) -> None:
    raw = site.path("data/progress.csv").read_bytes().decode("utf-8-sig")
    rows = {row["county"]: row for row in csv.DictReader(io.StringIO(raw))}
    assert len(rows) == 58
    assert rows["marin"] == {
        "county": "marin",
        "county_name": "Marin",
        "region": "4",
        "cycle": "2024-25",
        "met": "5",
        "total": "7",
        "missing": "community-partner; needs",
        "page": "counties/marin/",
    }
    assert rows["alpine"]["met"] == "0" and rows["alpine"]["cycle"] == ""
    stats = json.loads(site.path("assets/maps/county-stats.json").read_text(encoding="utf-8"))
    assert stats["checklist"] == 7
    assert stats["counties"]["06041"]["checklist"] == 5
    measures = [i["value"] for i in site.content("map/").select("#am-measure input")]
    assert "completeness" in measures
    assert "progress.csv" in site.content("data/").get_text()


def test_line_numbers_follow_edits_that_change_no_data(tmp_path: Path) -> None:
    """Lines are kept beside the model, not in it: a comment added above an item moves its
    line on the progress page though every model value is the same."""
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    marin = project / "counties" / "marin" / "2024-25.yml"

    def plc_line() -> int:
        return next(n for n, line in enumerate(marin.read_text().splitlines(), 1) if "id: math-plc-network" in line)

    before = plc_line()
    first = build_site(project, serving=True).path("progress/").read_text(encoding="utf-8")
    assert f"counties/marin/2024-25.yml#L{before}" in first
    commented = marin.read_text(encoding="utf-8").replace("assets:\n", "assets:\n  # Our assets\n")
    marin.write_text(commented, encoding="utf-8")
    again = build_site(project, serving=True).path("progress/").read_text(encoding="utf-8")
    assert plc_line() == before + 1
    assert f"counties/marin/2024-25.yml#L{before + 1}" in again
    assert f'counties/marin/2024-25.yml#L{before}"' not in again
