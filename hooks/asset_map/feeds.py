"""Feeds a coordinator can subscribe to: Atom for new and updated county maps, iCalendar for
action due dates and the end dates of temporary assets.

Both are built only from the data (dates in the files, never the build time), so two builds
give identical files.
"""
from __future__ import annotations

from dataclasses import dataclass

from .cache import cached
from .changes import CycleDiff, county_diffs
from .model import County, CountyMap, Dataset
from .render import Page, render

ICAL_LINE_LIMIT = 75


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
            "feeds/atom.xml.j2", title=title, entries=entries, base=public_url, self_path=path, page=page,
            updated=entries[0].county_map.updated if entries else "2000-01-01",
        ),
    )


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 requires, without splitting a character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > ICAL_LINE_LIMIT:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _day(value: str) -> str:
    return value.replace("-", "")


def calendar(path: str, name: str, dataset: Dataset, counties: list[County], public_url: str) -> Page:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CAL-MSCS//Asset maps//EN", "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    body = "".join(
        cached(("ical-events", county, current, public_url), lambda county=county, current=current: _events(
            county, current, public_url
        ))
        for county in counties if (current := dataset.current(county.slug))
    )
    return Page(path, "".join(_fold(line) + "\r\n" for line in lines) + body + "END:VCALENDAR\r\n")


def _events(county: County, current: CountyMap, public_url: str) -> str:
    """The county's events as folded iCalendar lines; reused while its current map is unchanged."""
    lines: list[str] = []
    stamp = _day(current.updated) + "T000000Z"
    page = f"{public_url}counties/{county.slug}/"
    events = [
        (a.due, f"action-{a.id}", f"Due: {a.step}", f"{county.title} action plan ({current.cycle}); owner: "
         f"{a.owner}; status: {a.status}.", f"{page}#section-actions")
        for a in current.actions if a.due
    ] + [
        (a.ends, f"asset-{a.id}", f"Ends: {a.name}", f"Last day of a temporary asset in {county.title}'s "
         f"{current.cycle} map.", f"{page}#{a.id}")
        for a in current.assets if a.duration == "temporary" and a.ends
    ]
    for day, key, summary, description, url in sorted(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{county.slug}-{current.cycle}-{key}@cal-mscs-asset-maps",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(day)}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def feed_files(dataset: Dataset, public_url: str) -> list[Page]:
    every = feed_entries(dataset)
    files = [
        atom("feed.xml", "CAL-MSCS county asset maps", every, public_url, "changes/"),
        calendar("calendar.ics", "CAL-MSCS county action plans", dataset, list(dataset.counties), public_url),
    ]
    for county in dataset.counties:
        if county.slug not in dataset.maps:
            continue
        files.append(cached(
            ("county-atom", county, dataset.maps[county.slug], public_url),
            lambda county=county: atom(
                f"counties/{county.slug}/feed.xml", f"{county.title} asset map", feed_entries(dataset, county),
                public_url, f"counties/{county.slug}/",
            ),
        ))
        files.append(
            calendar(f"counties/{county.slug}/calendar.ics", f"{county.title} action plan", dataset, [county], public_url)
        )
    return files
