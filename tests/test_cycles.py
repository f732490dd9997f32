"""Cycles: what changed, freshness, feeds and calendars, the side-by-side view."""

from __future__ import annotations

import datetime
from pathlib import Path

import feedparser
import icalendar
import pytest
from asset_map.changes import all_diffs, county_diffs
from asset_map.freshness import Clock
from asset_map.load import load_dataset
from asset_map.site import SiteSettings, generate
from conftest import BuiltSite, asset, build_site, county_yaml, make_project, need

ACTION = {"id": "survey", "step": "Survey districts.", "goal": "grow", "owner": "Lead", "due": "2025-03-01"}
GOAL = {"id": "grow", "statement": "Grow.", "needs": ["cs-teachers"]}

# Marin over three cycles: 2023-24 -> 2024-25 adds one asset, retires one, renames one (same id),
# keeps one unchanged, drops a need, adds a need and moves an action from planned to in-progress;
# 2024-25 -> 2025-26 changes only the action's status.
MARIN = {
    "2023-24": county_yaml(
        updated="2023-10-01",
        assets=[
            asset("kept", ["math"], ["assessment"]),
            asset("retired-one", ["science"], ["lesson-study"]),
            asset("renamed", ["cs"], ["equity-access"], name="CS club"),
        ],
        needs=[need("old-need", ["science"], ["rural-access"]), need("cs-teachers", ["cs"], ["recruitment-retention"])],
        goals=[GOAL],
        actions=[{**ACTION, "status": "planned"}],
    ),
    "2024-25": county_yaml(
        updated="2024-10-01",
        assets=[
            asset("kept", ["math"], ["assessment"]),
            asset("renamed", ["cs"], ["equity-access"], name="CS league"),
            asset(
                "added-one",
                ["science"],
                ["english-learners"],
                duration="temporary",
                starts="2024-09-01",
                ends="2025-01-15",
            ),
        ],
        needs=[need("cs-teachers", ["cs"], ["recruitment-retention"]), need("new-need", ["math"], ["assessment"])],
        goals=[GOAL],
        actions=[{**ACTION, "status": "in-progress"}],
    ),
    "2025-26": county_yaml(
        updated="2025-11-20",
        assets=[
            asset("kept", ["math"], ["assessment"]),
            asset("renamed", ["cs"], ["equity-access"], name="CS league"),
            asset(
                "added-one",
                ["science"],
                ["english-learners"],
                duration="temporary",
                starts="2025-09-01",
                ends="2026-01-15",
            ),
            asset(
                "old-program", ["math"], ["assessment"], duration="temporary", starts="2025-07-01", ends="2025-10-31"
            ),
        ],
        needs=[need("cs-teachers", ["cs"], ["recruitment-retention"]), need("new-need", ["math"], ["assessment"])],
        goals=[GOAL],
        actions=[{**ACTION, "status": "done"}],
    ),
}
NAPA = {
    "2023-24": county_yaml(updated="2023-06-01", assets=[asset("a", ["math"], ["assessment"])]),
    "2024-25": county_yaml(updated="2024-06-01", assets=[asset("a", ["math"], ["assessment"])]),
}
TODAY = datetime.date(2025, 12, 1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("cycles"), {"marin": MARIN, "napa": NAPA})


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project, today=TODAY)


def test_diff_by_id(project: Path) -> None:
    dataset = load_dataset(project / "counties")
    first, second = county_diffs(dataset, dataset.county("marin"))
    assert [a.id for a in first.assets_added] == ["added-one"]
    assert [a.id for a in first.assets_retired] == ["retired-one"]
    assert [(c.before.name, c.after.name, c.fields) for c in first.assets_changed] == [
        ("CS club", "CS league", ("name",)),
    ]
    assert [n.id for n in first.needs_added] == ["new-need"] and [n.id for n in first.needs_dropped] == ["old-need"]
    assert [(c.before.status, c.after.status) for c in first.status_moves] == [("planned", "in-progress")]
    assert [c.fields for c in second.assets_changed] == [("starts", "ends")]
    assert [a.id for a in second.assets_added] == ["old-program"]
    assert [(c.before.status, c.after.status) for c in second.status_moves] == [("in-progress", "done")]
    napa = county_diffs(dataset, dataset.county("napa"))
    assert napa[0].is_empty
    assert [(d.county.slug, d.after.cycle) for d in all_diffs(dataset)] == [
        ("marin", "2025-26"),
        ("marin", "2024-25"),
        ("napa", "2024-25"),
    ]


def test_county_page_shows_what_changed(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    section = page.select_one("h2#section-changes")
    assert section.get_text(strip=True) == "What changed since 2024-25"
    items = [li.get_text(" ", strip=True) for li in section.find_next("ul", class_="am-changes").select("li")]
    assert items[0] == "Assets added: Old program"
    assert items[-1] == "Action steps that moved: Survey districts. (In progress → Done)"


def test_freshness_and_ending_badges(site: BuiltSite) -> None:
    marin = site.content("counties/marin/")
    assert marin.select_one(".am-facts .am-fresh").get_text() == "Current"
    napa = site.content("counties/napa/")
    assert napa.select_one(".am-facts .am-fresh").get_text() == "Due for review"
    ended = marin.select_one("h4#old-program").find_parent("article")
    assert ended.select_one(".am-badge--ended").get_text() == "Ended"
    soon = marin.select_one("h4#added-one").find_parent("article")
    assert soon.select_one(".am-badge--ending").get_text() == "Ending soon"
    row = site.content("counties/").find("a", string="Napa").find_parent("tr")
    assert row.select_one(".am-fresh--due")


def test_freshness_thresholds() -> None:
    clock = Clock(TODAY, due_days=30, stale_days=60)
    from asset_map.model import CountyMap

    def age(days: int) -> str:
        updated = (TODAY - datetime.timedelta(days=days)).isoformat()
        return clock.freshness(CountyMap("x", "2025-26", "x", updated, (), (), (), (), ()))

    assert [age(0), age(29), age(30), age(59), age(60)] == ["current", "current", "due", "due", "stale"]


def test_changes_page_newest_first_with_counts_and_region_filter(site: BuiltSite) -> None:
    page = site.content("changes/")
    updates = [h3["id"] for h3 in page.select("article.am-update h3")]
    assert updates == ["marin-2025-26", "marin-2024-25", "napa-2024-25", "marin-2023-24", "napa-2023-24"]
    counts = {r.th.get_text(): [td.get_text() for td in r.select("td")] for r in page.select("table tbody tr")}
    assert counts == {"2025-26": ["1", "1", "0", "1"], "2024-25": ["2", "1", "1", "1"], "2023-24": ["2", "0", "0", "0"]}
    region_4 = site.content("changes/regions/4/")
    assert [h3["id"] for h3 in region_4.select("article.am-update h3")] == updates
    assert not site.content("changes/regions/1/").select("article.am-update")


def test_compare_view(site: BuiltSite) -> None:
    page = site.content("counties/marin/compare/")
    assert page.h1.get_text(strip=True) == "Marin County: 2024-25 and 2025-26"
    rows = page.select_one("h2#section-assets").find_next("div", class_="am-compare").select(".am-compare__row")
    assert rows[-1].get_text(" ", strip=True) == "Not listed Old program New"
    actions = page.select_one("h2#section-actions").find_next("div", class_="am-compare")
    assert "Survey districts. (In progress)" in actions.get_text(" ", strip=True)
    assert not site.path("counties/alpine/compare/").exists()


def test_atom_feeds_parse(site: BuiltSite) -> None:
    feed = feedparser.parse(site.path("feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries][:2] == ["Marin County: 2025-26 asset map", "Marin County: 2024-25 asset map"]
    assert feed.entries[0].link == "https://cal-mscs.github.io/asset-maps/counties/marin/"
    assert "Since 2024-25: 1 asset added, 0 retired, 1 changed." in feed.entries[0].summary
    assert len({e.id for e in feed.entries}) == 5
    county = feedparser.parse(site.path("counties/napa/feed.xml").read_bytes())
    assert not county.bozo and len(county.entries) == 2


def test_calendars_parse(site: BuiltSite) -> None:
    statewide = icalendar.Calendar.from_ical(site.path("calendar.ics").read_bytes())
    events = {str(e["UID"]): e for e in statewide.walk("VEVENT")}
    due = events["marin-2025-26-action-survey@cal-mscs-asset-maps"]
    assert due.decoded("DTSTART") == datetime.date(2025, 3, 1)
    assert str(due["SUMMARY"]) == "Due: Survey districts."
    assert due.decoded("DTSTAMP") == datetime.datetime(2025, 11, 20, tzinfo=datetime.UTC)  # the map's date
    ends = events["marin-2025-26-asset-old-program@cal-mscs-asset-maps"]
    assert ends.decoded("DTSTART") == datetime.date(2025, 10, 31)
    # Only current maps: Napa's 2024-25 map has no due dates, Marin's 2025-26 map three.
    assert len(events) == 3
    for event in events.values():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == datetime.timedelta(days=-7)
    assert str(due.walk("VALARM")[0]["DESCRIPTION"]) == "Due in one week: Survey districts."
    assert str(ends.walk("VALARM")[0]["DESCRIPTION"]) == "Ends in one week: Old program"
    county = icalendar.Calendar.from_ical(site.path("counties/marin/calendar.ics").read_bytes())
    assert len(list(county.walk("VEVENT"))) == 3
    assert str(county["X-WR-CALNAME"]) == "Marin County action plan"
    assert not list(icalendar.Calendar.from_ical(site.path("counties/napa/calendar.ics").read_bytes()).walk("VEVENT"))
    raw = site.path("calendar.ics").read_bytes()
    assert raw.count(b"\r\nTRIGGER:-P7D\r\n") == 3
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_feeds_and_calendars_are_deterministic(project: Path) -> None:
    def feeds(today: datetime.date) -> dict[str, str | bytes]:
        site = generate(load_dataset(project / "counties"), SiteSettings(clock=Clock(today)))
        return {p.path: p.content for p in site.pages if p.path.endswith((".xml", ".ics"))}

    first = feeds(TODAY)
    assert first == feeds(TODAY + datetime.timedelta(days=40))
