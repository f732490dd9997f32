"""Open data: every county map (each cycle, current or not) and everything in it, the
partner registry and each county's progress against the checklist, as CSV; all of it as
JSON; and one JSON file per county.

The columns of each CSV are declared once here, with their descriptions, so the data page
that documents them is generated from the same list. CSV files are UTF-8 with a byte-order
mark and CRLF line ends so Excel opens them cleanly, and no cell can start a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .cache import cached
from .completeness import Completeness, completeness
from .model import County, CountyMap, Dataset, Term
from .render import Chunks, Page

LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[..., Any]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    source: str | Callable[[Dataset], list[tuple]]
    """Where the rows come from: the name of a list in a county map (one row per item of every
    cycle of every county, as (county, map, item, current)), MAP_ROWS for one row per county
    map (item is the map), or a function of the whole dataset."""

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def rows(self, dataset: Dataset) -> list[tuple]:
        if callable(self.source):
            return self.source(dataset)
        return [row for county in dataset.counties for row in self.county_rows(dataset, county)]

    def county_rows(self, dataset: Dataset, county: County) -> list[tuple]:
        """The county's rows, oldest cycle first; `current` is True for its newest map's."""
        cycles = dataset.maps.get(county.slug, ())
        return [
            (county, county_map, item, county_map is cycles[-1])
            for county_map in cycles
            for item in ((county_map,) if self.source == MAP_ROWS else getattr(county_map, str(self.source)))
        ]


MAP_ROWS = "map"


def joined(values: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(values)


def safe_cell(value: Any) -> str:
    """A CSV cell as text; text with a leading = + - @ gets a ' so spreadsheets never run it.

    Numbers are written as they are: a longitude of -120.66 is a number, not a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _county_columns() -> tuple[Column, ...]:
    return (
        Column("county", "County slug (its folder under counties/ and its page address).", lambda c, m, x, now: c.slug),
        Column("county_name", "County name.", lambda c, m, x, now: c.name),
        Column("region", "Region number, 1 to 11.", lambda c, m, x, now: c.region),
        Column(
            "cycle", "The cycle of the county map the row comes from, such as 2024-25.", lambda c, m, x, now: m.cycle
        ),
        Column(
            "current",
            "true if that map is the county's current (newest) one, false for an earlier cycle.",
            lambda c, m, x, now: now,
        ),
    )


PROGRESS_TABLE = Table(
    "progress",
    "Every county's current map against the checklist of what a map should cover "
    "(the progress page): one row per county, with or without a map.",
    (
        Column("county", "County slug (its folder under counties/ and its page address).", lambda r: r.county.slug),
        Column("county_name", "County name.", lambda r: r.county.name),
        Column("region", "Region number, 1 to 11.", lambda r: r.county.region),
        Column(
            "cycle",
            "The cycle of the county's current map; empty if it has none.",
            lambda r: r.map.cycle if r.map else None,
        ),
        Column("met", "How many checklist items the current map meets (0 without a map).", lambda r: r.met),
        Column("total", "How many items the checklist has.", lambda r: r.total),
        Column(
            "missing",
            "Ids of the checklist items not met yet (counties/_shared/checklist.yml).",
            lambda r: joined([result.item.id for result in r.missing]),
        ),
        Column("page", "The county's page on this site.", lambda r: f"counties/{r.county.slug}/"),
    ),
    lambda dataset: _progress_rows(dataset),
)


def _on_page(c: County, item_id: str, now: bool) -> str | None:
    """Where an item of a county's current map is on this site; earlier cycles are not shown."""
    return f"counties/{c.slug}/#{item_id}" if now else None


def _sources(county_map: CountyMap) -> str:
    """A map's sources, one a line: 'title <link>', or the title alone."""
    return "\n".join(f"{s.title} <{s.link}>" if s.link else s.title for s in county_map.sources)


TABLES = (
    Table(
        "maps",
        "Every county map, each cycle of each county: one row per county file.",
        _county_columns()
        + (
            Column("updated", "When the county last updated this map (YYYY-MM-DD).", lambda c, m, x, now: m.updated),
            Column("note", "The county's note about the map.", lambda c, m, x, now: m.note),
            Column(
                "sources",
                "Documents the map draws on, one a line: the title, then the link in <angle brackets>.",
                lambda c, m, x, now: _sources(m),
            ),
            Column("file", "The data file in the repository.", lambda c, m, x, now: m.path),
        ),
        MAP_ROWS,
    ),
    Table(
        "contacts",
        "Every contact of every county map: one row per contact.",
        _county_columns()
        + (
            Column("role", "The contact's role.", lambda c, m, p, now: p.role),
            Column("name", "The contact's name.", lambda c, m, p, now: p.name),
            Column(
                "organization",
                "The contact's organization, if not the county office.",
                lambda c, m, p, now: p.organization,
            ),
            Column("email", "The contact's email address.", lambda c, m, p, now: p.email),
        ),
        "contacts",
    ),
    Table(
        "assets",
        "Every asset of every county map: one row per asset and cycle.",
        _county_columns()
        + (
            Column("id", "The asset's id, unique within its county file.", lambda c, m, a, now: a.id),
            Column("name", "The asset's name.", lambda c, m, a, now: a.name),
            Column("summary", "What it is, who takes part, what it offers.", lambda c, m, a, now: a.summary),
            Column("kind", "Kind of asset (asset_kinds vocabulary).", lambda c, m, a, now: a.kind),
            Column("subjects", "Subjects served (subjects vocabulary).", lambda c, m, a, now: joined(a.subjects)),
            Column("grades", "Grade bands served (grade_bands vocabulary).", lambda c, m, a, now: joined(a.grades)),
            Column("audiences", "Who takes part (audiences vocabulary).", lambda c, m, a, now: joined(a.audiences)),
            Column("focus", "Focus areas (focus_areas vocabulary).", lambda c, m, a, now: joined(a.focus)),
            Column("duration", "enduring or temporary.", lambda c, m, a, now: a.duration),
            Column("starts", "First day of a temporary asset (YYYY-MM-DD).", lambda c, m, a, now: a.starts),
            Column("ends", "Last day of a temporary asset (YYYY-MM-DD).", lambda c, m, a, now: a.ends),
            Column("partners", "Partner ids from the partner registry.", lambda c, m, a, now: joined(a.partners)),
            Column(
                "shared_with",
                "Other participating counties of a shared asset (slugs).",
                lambda c, m, a, now: joined(a.counties),
            ),
            Column("link", "A web page about the asset.", lambda c, m, a, now: a.link),
            Column("place", "Where it is based.", lambda c, m, a, now: a.location.name if a.location else None),
            Column("lat", "Latitude.", lambda c, m, a, now: a.location.lat if a.location else None),
            Column("lon", "Longitude.", lambda c, m, a, now: a.location.lon if a.location else None),
            Column("reach", "How many people or places it reaches.", lambda c, m, a, now: a.reach),
            Column(
                "page",
                "The asset's address on this site (current maps only).",
                lambda c, m, a, now: _on_page(c, a.id, now),
            ),
        ),
        "assets",
    ),
    Table(
        "needs",
        "Every need of every county map: one row per need and cycle.",
        _county_columns()
        + (
            Column("id", "The need's id, unique within its county file.", lambda c, m, n, now: n.id),
            Column("statement", "What is needed.", lambda c, m, n, now: n.statement),
            Column("subjects", "Subjects (subjects vocabulary).", lambda c, m, n, now: joined(n.subjects)),
            Column("grades", "Grade bands.", lambda c, m, n, now: joined(n.grades)),
            Column("focus", "Focus areas.", lambda c, m, n, now: joined(n.focus)),
            Column("evidence", "How the county knows.", lambda c, m, n, now: n.evidence),
            Column("priority", "high, medium or low.", lambda c, m, n, now: n.priority),
            Column(
                "page",
                "The need's address on this site (current maps only).",
                lambda c, m, n, now: _on_page(c, n.id, now),
            ),
        ),
        "needs",
    ),
    Table(
        "goals",
        "Every improvement goal of every county map: one row per goal and cycle.",
        _county_columns()
        + (
            Column("id", "The goal's id.", lambda c, m, g, now: g.id),
            Column("statement", "The goal.", lambda c, m, g, now: g.statement),
            Column("needs", "Ids of the needs it addresses.", lambda c, m, g, now: joined(g.needs)),
            Column("assets", "Ids of the assets it builds on.", lambda c, m, g, now: joined(g.assets)),
        ),
        "goals",
    ),
    Table(
        "actions",
        "Every step of every county's action plan: one row per step and cycle.",
        _county_columns()
        + (
            Column("id", "The step's id.", lambda c, m, a, now: a.id),
            Column("step", "What will be done.", lambda c, m, a, now: a.step),
            Column("goal", "Id of the goal it works toward.", lambda c, m, a, now: a.goal),
            Column("owner", "The role responsible.", lambda c, m, a, now: a.owner),
            Column("starts", "When work begins (YYYY-MM-DD).", lambda c, m, a, now: a.starts),
            Column("due", "When it should be done (YYYY-MM-DD).", lambda c, m, a, now: a.due),
            Column("status", "Where the step stands (statuses vocabulary).", lambda c, m, a, now: a.status),
        ),
        "actions",
    ),
    PROGRESS_TABLE,
    Table(
        "partners",
        "The partner registry: one row per organization.",
        (
            Column("id", "The partner's id, as assets name it.", lambda p, used: p.id),
            Column("name", "The organization's name.", lambda p, used: p.name),
            Column("type", "Type (partner_types vocabulary).", lambda p, used: p.type),
            Column("website", "The organization's website.", lambda p, used: p.website),
            Column("description", "What the organization does.", lambda p, used: p.description),
            Column(
                "counties",
                "Counties whose current assets name it (lead and participating).",
                lambda p, used: joined(used.get(p.id, ())),
            ),
        ),
        lambda dataset: _partner_rows(dataset),
    ),
)


def _progress_rows(dataset: Dataset) -> list[tuple[Completeness]]:
    return [(completeness(dataset, county),) for county in dataset.counties]


def _partner_rows(dataset: Dataset) -> list[tuple]:
    used = _partner_counties(dataset)
    return [(p, used) for p in sorted(dataset.partners.values(), key=lambda p: p.id)]


def _partner_counties(dataset: Dataset) -> dict[str, list[str]]:
    used: dict[str, set[str]] = {}
    for item in dataset.current_assets():
        for partner in item.asset.partners:
            used.setdefault(partner, set()).update(item.counties)
    return {p: sorted(slugs) for p, slugs in used.items()}


def table_csv_pieces(table: Table, dataset: Dataset) -> Iterator[str]:
    """The table as CSV text, piece by piece. Rows from one county's map are written once per
    map and reused while it is unchanged (cache.py), so a rebuild after one edit writes that
    county's only."""
    yield "\ufeff"
    yield _csv_lines(table, [tuple(column.name for column in table.columns)], header=True)
    if callable(table.source):
        yield _csv_lines(table, table.rows(dataset))
        return
    for county in dataset.counties:
        yield cached(
            ("csv", table.name, county, dataset.maps.get(county.slug, ())),
            functools.partial(_county_csv_lines, table, dataset, county),
        )


def _csv_lines(table: Table, rows: list[tuple], *, header: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(list(row) if header else [safe_cell(column.value(*row)) for column in table.columns])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A dataclass as JSON-ready dicts and lists (faster than dataclasses.asdict here)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def county_json(dataset: Dataset, county: County) -> dict[str, Any]:
    cycles: tuple[CountyMap, ...] = dataset.maps.get(county.slug, ())
    return {
        "county": _plain(county),
        "current_cycle": cycles[-1].cycle if cycles else None,
        "cycles": {m.cycle: _plain(m) for m in cycles},
    }


def _reference_json(dataset: Dataset) -> dict[str, Any]:
    """The reference data part of data/all.json."""
    return {
        "regions": [_plain(r) for r in dataset.regions],
        "counties": [_plain(c) for c in dataset.counties],
        "partners": [_plain(p) for p in sorted(dataset.partners.values(), key=lambda p: p.id)],
        "vocabularies": {
            name: {key: _term_json(t) for key, t in v.terms.items()} for name, v in dataset.vocabularies.items()
        },
        "checklist": [_plain(item) for item in dataset.checklist],
    }


def _term_json(term: Term) -> dict[str, Any]:
    """A vocabulary term as vocabularies.yml writes it: optional fields only when set."""
    data: dict[str, Any] = {"label": term.label, "definition": term.definition}
    if term.short:
        data["short"] = term.short
    if term.community:
        data["community"] = True
    return data


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _dump(data: Any) -> str:
    return _compact(data) + "\n"


def dataset_json_pieces(dataset: Dataset) -> Iterator[str]:
    """data/all.json: the reference data, every county's current map (`current_maps`) and its
    earlier cycles (`earlier_maps`, by county then cycle), as one object with sorted keys.
    Made piece by piece, each map serialized once and reused while unchanged (the maps are
    nearly all of the file), so it is written without ever being whole in memory."""

    def map_json(county_map: CountyMap) -> str:
        return cached(("map-json", county_map), lambda: _compact(_plain(county_map)))

    maps = sorted(dataset.maps.items())
    current = ((slug, [map_json(cycles[-1])]) for slug, cycles in maps if cycles)
    earlier = (
        (slug, _json_object((m.cycle, [map_json(m)]) for m in cycles[:-1])) for slug, cycles in maps if len(cycles) > 1
    )
    members: dict[str, Iterable[str]] = {key: [_compact(value)] for key, value in _reference_json(dataset).items()}
    members["current_maps"] = _json_object(current)
    members["earlier_maps"] = _json_object(earlier)
    yield from _json_object(sorted(members.items()))
    yield "\n"


def _json_object(members: Iterable[tuple[str, Iterable[str]]]) -> Iterator[str]:
    """A JSON object from (key, its value's JSON in pieces), the pieces passed on as they come."""
    yield "{"
    for number, (key, value) in enumerate(members):
        yield f"{',' if number else ''}{_compact(key)}:"
        yield from value
    yield "}"


def export_files(dataset: Dataset) -> Iterator[Page]:
    """The downloads, one at a time (together they are the largest part of the site)."""
    for table in TABLES:
        yield Page(table.path, Chunks(functools.partial(table_csv_pieces, table, dataset)))
    yield Page("data/all.json", Chunks(functools.partial(dataset_json_pieces, dataset)))
    for c in dataset.counties:
        if c.slug in dataset.maps:
            yield Page(
                f"data/counties/{c.slug}.json",
                cached(("county-json", c, dataset.maps[c.slug]), functools.partial(_county_dump, dataset, c)),
            )


def _county_csv_lines(table: Table, dataset: Dataset, county: County) -> str:
    return _csv_lines(table, table.county_rows(dataset, county))


def _county_dump(dataset: Dataset, county: County) -> str:
    return _dump(county_json(dataset, county))
