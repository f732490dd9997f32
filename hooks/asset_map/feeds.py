"""Feeds a coordinator can subscribe to: Atom for new and updated county maps and for assets
newly matching each need, iCalendar for action due dates and the end dates of temporary assets.

Both are built only from the data (dates in the files, never the build time), so two builds
give identical files. Contributed text reaches both, so neither is written by hand: the Atom
feed is a template with autoescape and the `drop_non_xml` filter (render.py), the calendars
come from the icalendar library, which escapes and folds, after `calendar_text` has removed
the control characters iCalendar text may not hold. Every event carries a reminder a week
ahead.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import icalendar

from .cache import cached
from .changes import CycleDiff, county_diffs
from .matching import Match, Matches
from .model import County, CountyMap, CountyNeed, Dataset
from .render import Page, one_line, render

REMINDER_BEFORE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class FeedEntry:
    county: County
    county_map: CountyMap
    summary: str

    @property
    def key(self) -> tuple:
        return (self.county_map.updated, self.county_map.cycle, self.county.slug)


def _count(items: tuple, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _summary(county: County, cycles: tuple[CountyMap, ...], diffs: list[CycleDiff], index: int) -> str:
    current = cycles[index]
    text = (
        f"{county.coe} published its {current.cycle} asset map: {_count(current.assets, 'asset')}, "
        f"{_count(current.needs, 'need')}, {_count(current.goals, 'goal')} and "
        f"{_count(current.actions, 'action step')}."
    )
    if index > 0:
        change = diffs[index - 1]
        text += (
            f" Since {cycles[index - 1].cycle}: {_count(change.assets_added, 'asset')} added, "
            f"{len(change.assets_retired)} retired, {len(change.assets_changed)} changed."
        )
    return text


def feed_entries(dataset: Dataset, county: County | None = None) -> list[FeedEntry]:
    counties = [county] if county else dataset.counties
    entries = [entry for c in counties for entry in _county_entries(dataset, c)]
    return sorted(entries, key=lambda e: e.key, reverse=True)


def _county_entries(dataset: Dataset, county: County) -> list[FeedEntry]:
    cycles = dataset.maps.get(county.slug, ())

    def make() -> list[FeedEntry]:
        diffs = county_diffs(dataset, county)
        return [FeedEntry(county, m, _summary(county, cycles, diffs, i)) for i, m in enumerate(cycles)]

    return cached(("feed-entries", county, cycles), make)


def atom(path: str, title: str, entries: list[FeedEntry], public_url: str, page: str) -> Page:
    return Page(
        path,
        render(
            "feeds/atom.xml.j2",
            title=title,
            entries=entries,
            base=public_url,
            self_path=path,
            page=page,
            updated=entries[0].county_map.updated if entries else "2000-01-01",
        ),
    )


# RFC 5545 allows no control character in TEXT but tab. icalendar escapes line breaks (CR, LF
# and CRLF all become `\n`) but passes other controls through, and a client that splits lines
# the way Python's str.splitlines() does would also break at NEL, LS and PS. So those three
# become line breaks icalendar escapes, and the other controls are dropped before it sees them.
# (icalendar 7.3 also reads a literal backslash-N in the text as a line break: harmless.)
_CALENDAR_LINE_BREAKS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_NOT_CALENDAR_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
CALENDAR_END = "END:VCALENDAR\r\n"


def calendar_text(text: str) -> icalendar.vText:
    """Contributed text as an iCalendar TEXT value: no control characters but line breaks.

    Typed explicitly because icalendar escapes only values it types as TEXT: a property it
    does not know, such as X-WR-CALNAME, is written as given, bare CR included.
    """
    return icalendar.vText(_NOT_CALENDAR_TEXT.sub("", text.translate(_CALENDAR_LINE_BREAKS)))


def calendar(path: str, name: str, events: list[str]) -> Page:
    """An iCalendar file holding the given serialized VEVENTs, all written by icalendar.

    Each county's events are serialized once (`county_events`) and go into both the
    statewide calendar and the county's own: serializing is most of what calendars cost. A
    calendar is its header, then whole components, then END:VCALENDAR (RFC 5545 3.4), so the
    events go between the calendar's own header and end exactly as icalendar wrote them.
    """
    shell = icalendar.Calendar()
    shell.add("version", "2.0")
    shell.add("prodid", "-//CAL-MSCS//Asset maps//EN")
    shell.add("calscale", "GREGORIAN")
    shell.add("x-wr-calname", calendar_text(name))
    head = shell.to_ical(sorted=False).decode("utf-8").removesuffix(CALENDAR_END)
    return Page(path, head + "".join(events) + CALENDAR_END)


def county_events(dataset: Dataset, public_url: str) -> dict[str, str]:
    """Each county's serialized events, by slug; reused while its current map is unchanged."""
    return {
        county.slug: cached(
            ("ical-events", county, current, public_url),
            functools.partial(_events, county, current, public_url),
        )
        for county in dataset.counties
        if (current := dataset.current(county.slug))
    }


def _events(county: County, current: CountyMap, public_url: str) -> str:
    """The county's VEVENTs, serialized: an action's due date or a temporary asset's end.

    DTSTAMP is the day the map was updated, not the build time, so builds are identical.
    """
    stamp = datetime.datetime.fromisoformat(current.updated).replace(tzinfo=datetime.UTC)
    page = f"{public_url}counties/{county.slug}/"
    dated = [
        (
            a.due,
            f"action-{a.id}",
            "Due",
            a.step,
            f"{county.title} action plan ({current.cycle}); owner: {a.owner}; status: {a.status}.",
            f"{page}#section-actions",
        )
        for a in current.actions
        if a.due
    ] + [
        (
            a.ends,
            f"asset-{a.id}",
            "Ends",
            a.name,
            f"Last day of a temporary asset in {county.title}'s {current.cycle} map.",
            f"{page}#{a.id}",
        )
        for a in current.assets
        if a.duration == "temporary" and a.ends
    ]
    events: list[str] = []
    for day, key, label, what, description, url in sorted(dated):
        event = icalendar.Event()
        event.add("uid", f"{county.slug}-{current.cycle}-{key}@cal-mscs-asset-maps")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.date.fromisoformat(day))
        event.add("summary", calendar_text(f"{label}: {what}"))
        event.add("description", calendar_text(description))
        event.add("url", url)
        event.add_component(_reminder(f"{label} in one week: {what}"))
        events.append(event.to_ical(sorted=False).decode("utf-8"))
    return "".join(events)


def _reminder(text: str) -> icalendar.Alarm:
    """A notice a week ahead: subscribers asked for time to act before a due date or an end."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -REMINDER_BEFORE)
    alarm.add("description", calendar_text(text))
    return alarm


def _county_atom(dataset: Dataset, county: County, public_url: str) -> Page:
    return atom(
        f"counties/{county.slug}/feed.xml",
        f"{county.title} asset map",
        feed_entries(dataset, county),
        public_url,
        f"counties/{county.slug}/",
    )


def feed_files(dataset: Dataset, public_url: str) -> list[Page]:
    every = feed_entries(dataset)
    events = county_events(dataset, public_url)
    files = [
        atom("feed.xml", "CAL-MSCS county asset maps", every, public_url, "changes/"),
        calendar("calendar.ics", "CAL-MSCS county action plans", list(events.values())),
    ]
    for county in dataset.counties:
        if county.slug not in dataset.maps:
            continue
        files.append(
            cached(
                ("county-atom", county, dataset.maps[county.slug], public_url),
                functools.partial(_county_atom, dataset, county, public_url),
            )
        )
        files.append(
            calendar(
                f"counties/{county.slug}/calendar.ics",
                f"{county.title} action plan",
                [events.get(county.slug, "")],
            )
        )
    return files


@dataclass(frozen=True)
class MatchEntry:
    """An asset newly matching a need, dated by the cycle that added the asset to its county's map."""

    title: str
    place: str
    """Where the asset is: 'counties/<slug>/#<asset id>', below the site's address."""
    updated: str
    summary: str


def need_feeds(dataset: Dataset, matches: dict[tuple[str, str], Matches], public_url: str) -> Iterator[Page]:
    """An Atom feed per current need (counties/<slug>/needs/<need id>.xml), whose entries are
    the assets matching it, newest first. Entries are what the need's kept matches are whatever
    the build date (an asset that has ended stays), so two builds give the same feed.

    One at a time: there is a feed per need in the state (about 9,000 at national size, two
    hundred megabytes together)."""
    # Per county, worked out once per build (a one-off build's cache keeps nothing).
    added_in = functools.cache(functools.partial(_added, dataset))

    for item in dataset.current_needs():
        own = dataset.current(item.county.slug)
        assert own is not None  # the need is in it
        kept = matches[(item.county.slug, item.need.id)].kept
        added = tuple(added_in(m.offer.county).get(m.offer.asset.id) for m in kept)
        yield cached(
            ("need-atom", item, kept, added, own.updated, public_url, dataset.reference_key),
            functools.partial(_need_atom, dataset, item, kept, added, public_url),
        )


def _added(dataset: Dataset, county: County) -> dict[str, CountyMap]:
    """For each asset of the county's current map, the first cycle of the unbroken run of
    cycles up to the current one that lists it."""
    cycles = dataset.maps.get(county.slug, ())

    def make() -> dict[str, CountyMap]:
        found: dict[str, CountyMap] = {}
        listed = {a.id for a in cycles[-1].assets} if cycles else set()
        for county_map in reversed(cycles):
            ids = {a.id for a in county_map.assets}
            listed &= ids
            for asset_id in listed:
                found[asset_id] = county_map
        return found

    return cached(("assets-added", county, cycles), make)


def _need_atom(
    dataset: Dataset, item: CountyNeed, kept: tuple[Match, ...], added: tuple[CountyMap | None, ...], public_url: str
) -> Page:
    found = [(m, a) for m, a in zip(kept, added, strict=True) if a]
    found.sort(key=lambda e: (e[0].offer.county.name, e[0].offer.asset.name, e[0].offer.asset.id))
    found.sort(key=lambda e: (e[1].updated, e[1].cycle), reverse=True)
    entries = [
        MatchEntry(
            f"{m.offer.asset.name} ({m.offer.county.title})",
            f"counties/{m.offer.county.slug}/#{m.offer.asset.id}",
            a.updated,
            _match_summary(dataset, m, a),
        )
        for m, a in found
    ]
    path = f"counties/{item.county.slug}/needs/{item.need.id}.xml"
    own = dataset.current(item.county.slug)
    assert own is not None  # the need is in it
    return Page(
        path,
        render(
            "feeds/need.xml.j2",
            title=f"New matches for a {item.county.title} need: {item.need.statement}",
            entries=entries,
            base=public_url,
            self_path=path,
            page=f"counties/{item.county.slug}/#{item.need.id}",
            updated=max([own.updated] + [e.updated for e in entries]),
        ),
    )


def _match_summary(dataset: Dataset, match: Match, added: CountyMap) -> str:
    """Why the asset matches, in plain words, as the need's card says it."""

    def terms(vocabulary: str, keys: tuple[str, ...]) -> str:
        return ", ".join(dataset.label(vocabulary, k) for k in keys)

    asset = match.offer.asset
    text = f"Added to {match.offer.county.title}'s {added.cycle} asset map. "
    if match.focus:
        text += f"Shares focus: {terms('focus_areas', match.focus)}; subject: "
    else:
        text += "Shares subject: "
    text += terms("subjects", match.subjects) + "; "
    text += f"grades: {terms('grade_bands', match.grades)}." if match.grades else "no shared grade band."
    if match.words:
        text += (
            " Both mention "
            + ", ".join(s.need_says + (f" ({s.asset_says} in the asset)" if s.asset_says else "") for s in match.words)
            + "."
        )
    if asset.duration == "temporary" and asset.starts and asset.ends:
        text += f" Temporary: {asset.starts} to {asset.ends}."
    return f"{text} {one_line(asset.summary)}"
