"""Atom feeds and iCalendar files: reminders, determinism, and hostile text that must neither
forge events nor make a feed unreadable.

Everything is built from data the tests own. Hostile characters are put straight into the
model objects (`dataclasses.replace`), so these checks hold whatever the validator lets
through: feeds and calendars must be safe on their own.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
from asset_map.feeds import feed_files
from asset_map.freshness import Clock
from asset_map.load import load_dataset
from asset_map.model import Dataset
from asset_map.render import TEMPLATE_DIR
from asset_map.site import SiteSettings, generate
from conftest import VALID_COUNTY, asset, county_yaml, make_project, need
from icalendar.parser import Contentline

PUBLIC_URL = "https://example.org/maps/"
# Line breaks of every kind, then control characters, then text that would be an event of its
# own if any of them ended a content line.
FORGERY = "\rBEGIN:VEVENT\rUID:forged\rEND:VEVENT\r"
HOSTILE = (
    f"Survey{FORGERY}districts\x0b\x1b[31m\x00\x7f\x08, now; back\\slash"
    "\r\n\n\x85BEGIN:VEVENT\u2028UID:forged-too\u2029END:VEVENT"
)
NAPA = county_yaml(
    assets=[
        asset("ends-soon", ["math"], ["assessment"], duration="temporary", starts="2024-09-01", ends="2025-02-01"),
        asset("lasts", ["cs"], ["assessment"]),
    ],
    needs=[need("few-teachers", ["math"], ["assessment"])],
    goals=[{"id": "grow", "statement": "Grow.", "needs": ["few-teachers"]}],
    actions=[
        {
            "id": f"step-{n}",
            "step": f"Step {n}.",
            "goal": "grow",
            "owner": "Lead",
            "status": "planned",
            **({"due": f"2025-0{n}-15"} if n < 3 else {}),
        }
        for n in (1, 2, 3)
    ],
    updated="2024-10-01",
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("feeds"), {"marin": VALID_COUNTY, "napa": NAPA})


@pytest.fixture(scope="module")
def dataset(project: Path) -> Dataset:
    return load_dataset(project / "counties")


def files(dataset: Dataset) -> dict[str, bytes]:
    return {
        page.path: page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        for page in feed_files(dataset, PUBLIC_URL)
    }


def due_dates(dataset: Dataset, slugs: list[str]) -> int:
    """How many events the counties' current maps call for: due dates and temporary ends."""
    count = 0
    for slug in slugs:
        current = dataset.current(slug)
        count += sum(1 for a in current.actions if a.due)
        count += sum(1 for a in current.assets if a.duration == "temporary" and a.ends)
    return count


def with_hostile_text(dataset: Dataset) -> Dataset:
    """Marin's name, office, action steps, owners and asset names all carry HOSTILE."""
    marin = dataset.county("marin")
    county = dataclasses.replace(marin, name=HOSTILE, coe=HOSTILE)
    cycles = tuple(
        dataclasses.replace(
            m,
            actions=tuple(dataclasses.replace(a, step=HOSTILE, owner=HOSTILE) for a in m.actions),
            assets=tuple(dataclasses.replace(a, name=HOSTILE) for a in m.assets),
        )
        for m in dataset.maps["marin"]
    )
    return dataclasses.replace(
        dataset,
        counties=tuple(county if c.slug == "marin" else c for c in dataset.counties),
        maps={**dataset.maps, "marin": cycles},
    )


def test_the_project_has_events_in_both_counties(dataset: Dataset) -> None:
    assert due_dates(dataset, ["marin"]) == 2 and due_dates(dataset, ["napa"]) == 3


def test_every_event_has_a_display_reminder_a_week_ahead(dataset: Dataset) -> None:
    built = files(dataset)
    for path, slugs in (("calendar.ics", ["marin", "napa"]), ("counties/napa/calendar.ics", ["napa"])):
        events = list(icalendar.Calendar.from_ical(built[path]).walk("VEVENT"))
        assert len(events) == due_dates(dataset, slugs)
        for event in events:
            (alarm,) = event.walk("VALARM")
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm.decoded("TRIGGER") == datetime.timedelta(days=-7)
            label, _, what = str(event["SUMMARY"]).partition(": ")
            assert str(alarm["DESCRIPTION"]) == f"{label} in one week: {what}"
        assert built[path].count(b"\r\nTRIGGER:-P7D\r\n") == len(events)
    napa = icalendar.Calendar.from_ical(built["counties/napa/calendar.ics"])
    assert {str(e["SUMMARY"]) for e in napa.walk("VEVENT")} == {
        "Due: Step 1.",
        "Due: Step 2.",
        "Ends: Ends soon",
    }


def test_event_stamps_come_from_the_data(dataset: Dataset) -> None:
    calendar = icalendar.Calendar.from_ical(files(dataset)["counties/marin/calendar.ics"])
    stamps = {e.decoded("DTSTAMP") for e in calendar.walk("VEVENT")}
    assert stamps == {datetime.datetime(2024, 11, 15, tzinfo=datetime.UTC)}
    uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
    assert uids == [
        "marin-2024-25-action-survey-districts@cal-mscs-asset-maps",
        "marin-2024-25-asset-summer-institute@cal-mscs-asset-maps",
    ]


def test_hostile_text_adds_no_line_and_no_event_to_calendars(dataset: Dataset) -> None:
    hostile = with_hostile_text(dataset)
    built = files(hostile)
    for path, slugs in (("calendar.ics", ["marin", "napa"]), ("counties/marin/calendar.ics", ["marin"])):
        raw = built[path]
        calendar = icalendar.Calendar.from_ical(raw)
        assert len(list(calendar.walk("VEVENT"))) == due_dates(hostile, slugs)
        assert len(list(calendar.walk("VALARM"))) == due_dates(hostile, slugs)
        # Content lines end in CRLF and nowhere else, hold no control character, and stay
        # within 75 octets; a client that breaks lines at any line separator sees the same.
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
        assert not CONTROL.search(raw.decode("utf-8").replace("\r\n", ""))
        lenient = raw.decode("utf-8").splitlines()
        assert sum(line == "BEGIN:VEVENT" for line in lenient) == due_dates(hostile, slugs)
        assert not any(line.startswith("UID:forged") for line in lenient)
    marin = icalendar.Calendar.from_ical(built["counties/marin/calendar.ics"])
    # icalendar gives an X- property back still escaped, so its content line is read here.
    unfolded = built["counties/marin/calendar.ics"].decode("utf-8").replace("\r\n ", "")
    line = next(line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALNAME:"))
    assert Contentline(line).parts()[2] == f"{clean(HOSTILE)} County action plan"
    due = next(e for e in marin.walk("VEVENT") if "action-survey-districts" in str(e["UID"]))
    assert str(due["SUMMARY"]) == f"Due: {clean(HOSTILE)}"
    assert f"owner: {clean(HOSTILE)};" in str(due["DESCRIPTION"])


def clean(text: str) -> str:
    """HOSTILE as a calendar keeps it: line breaks as newlines, other controls gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x85\u2028\u2029]", "\n", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


def test_hostile_text_leaves_atom_feeds_well_formed(dataset: Dataset) -> None:
    built = files(with_hostile_text(dataset))
    for path in ("feed.xml", "counties/marin/feed.xml"):
        ET.fromstring(built[path])  # strict XML 1.0: raises on any forbidden character
        feed = feedparser.parse(built[path])
        assert not feed.bozo, feed.bozo_exception
        marin = next(e for e in feed.entries if e.link.endswith("/counties/marin/"))
        assert "Survey" in marin.title and "districts" in marin.title
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", marin.title + marin.summary)
        assert marin.summary.endswith("published its 2024-25 asset map: 2 assets, 1 need, 1 goal and 1 action step.")


@pytest.mark.parametrize("name", ["atom.xml.j2", "need.xml.j2"])
def test_atom_templates_pass_every_value_through_drop_non_xml(name: str) -> None:
    text = (TEMPLATE_DIR / "feeds" / name).read_text(encoding="utf-8")
    values = re.findall(r"{{(.*?)}}", text)
    assert values and all(v.strip().endswith("| drop_non_xml") for v in values), values


def test_two_generations_give_identical_feeds_and_calendars(project: Path) -> None:
    def feeds(today: datetime.date) -> dict[str, str | bytes]:
        site = generate(load_dataset(project / "counties"), SiteSettings(clock=Clock(today)))
        return {p.path: p.content for p in site.pages if p.path.endswith((".xml", ".ics"))}

    first = feeds(datetime.date(2025, 1, 1))
    assert sorted(first) == [
        "calendar.ics",
        "counties/marin/calendar.ics",
        "counties/marin/feed.xml",
        "counties/marin/needs/cs-teachers.xml",
        "counties/napa/calendar.ics",
        "counties/napa/feed.xml",
        "counties/napa/needs/few-teachers.xml",
        "feed.xml",
    ]
    assert feeds(datetime.date(2026, 6, 30)) == first
