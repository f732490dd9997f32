"""Checks that need more than one value or more than one file: ids, references, date order.

Which fields hold references is not repeated here: the schema marks them with
`x-reference` (partner, county, need, asset, goal) and `x-vocabulary` (a vocabulary name),
and this module walks the schema beside the data to find them. A field with both an `enum`
and an `x-vocabulary` (subjects, an action's status) is checked by the schema's enum; its
vocabulary gives the labels, and must hold exactly the enum's keys (`fixed_vocabularies`).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem
from .schema_checks import is_date, load_schema, resolve, show
from .suggestions import Labels, did_you_mean, term_hint
from .wording import say, target_name
from .yaml_source import SourceDoc

RESERVED_ID_PREFIX = "section-"

_ID_COLLECTIONS = ("assets", "needs", "goals", "actions")
REGISTRIES = {"partner": "partners", "county": "counties"}
"""The reference file (counties/_shared/<name>.yml) each kind of reference points into."""


@dataclass(frozen=True)
class Known:
    """What references may point at: the reference data every county file shares."""

    counties: Sequence[str]
    partners: Sequence[str]
    vocabularies: Mapping[str, Sequence[str]]
    labels: Labels = field(default_factory=dict)
    """Each vocabulary term's labels, for suggestions (`Computer science` -> `cs`)."""
    unchecked: frozenset[str] = frozenset()
    """Reference files that could not be read in full ('partners', 'counties',
    'vocabularies'): references into them wait until they are fixed, instead of each one
    being reported as unknown."""

    # Membership is tested once per reference in every county file: sets built once per
    # build, not a scan of every county or partner each time (which grew with the square of
    # the data). The sequences keep their order for hints.
    @functools.cached_property
    def county_set(self) -> frozenset[str]:
        return frozenset(self.counties)

    @functools.cached_property
    def partner_set(self) -> frozenset[str]:
        return frozenset(self.partners)

    @functools.cached_property
    def vocabulary_sets(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(terms) for name, terms in self.vocabularies.items()}


def forget_plans() -> None:
    """Forget what was planned from the schemas (see schema_checks.forget_schemas)."""
    _annotation_plan.cache_clear()


def vocabulary_noun(name: str) -> str:
    """The word for one term of a vocabulary ('grade band'), from vocabularies.schema.json."""
    return load_schema("vocabularies")["properties"].get(name, {}).get("x-noun", name)


def vocabulary_title(name: str) -> str:
    """A vocabulary's name as a heading ('Grade bands'), from vocabularies.schema.json."""
    return load_schema("vocabularies")["properties"].get(name, {}).get("title", name)


def _annotated(schema_name: str) -> Iterator[tuple[tuple[str | None, ...], dict[str, Any]]]:
    """Every field of the schema marked `x-reference` or `x-vocabulary`, with its path (None
    standing for any list index)."""
    root = load_schema(schema_name)

    def walk(schema: dict[str, Any], path: tuple[str | None, ...], depth: int) -> Iterator:
        schema = resolve(root, schema)
        if "x-reference" in schema or "x-vocabulary" in schema:
            yield path, schema
        if depth > 8:
            return
        for key, sub in schema.get("properties", {}).items():
            yield from walk(sub, (*path, key), depth + 1)
        if isinstance(schema.get("items"), dict):
            yield from walk(schema["items"], (*path, None), depth + 1)

    yield from walk(root, (), 0)


@functools.cache
def _annotation_plan(schema_name: str) -> tuple[tuple[tuple[str | None, ...], str, str], ...]:
    """Where the fields to check against the reference data are (enum fields are left to
    the schema). Computed once from the schema, so checking a file visits only those fields.
    """
    return tuple(
        (path, keyword, schema[keyword])
        for path, schema in _annotated(schema_name)
        for keyword in ("x-reference", "x-vocabulary")
        if keyword in schema and not (keyword == "x-vocabulary" and "enum" in schema)
    )


def fixed_vocabularies(schema_name: str = "county") -> dict[str, list[str]]:
    """Vocabularies whose keys the schema fixes with an enum (subjects, statuses): name -> keys."""
    return {
        schema["x-vocabulary"]: list(schema["enum"])
        for _, schema in _annotated(schema_name)
        if "enum" in schema and "x-vocabulary" in schema
    }


def annotated_values(schema_name: str, instance: Any) -> Iterator[tuple[tuple[str | int, ...], str, str, str]]:
    """(path, value, 'x-reference' or 'x-vocabulary', target) for every annotated string."""

    def follow(value: Any, plan_path: tuple[str | None, ...], path: tuple[str | int, ...]) -> Iterator:
        if not plan_path:
            if isinstance(value, str):
                yield path, value
            return
        step, rest = plan_path[0], plan_path[1:]
        if step is None:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield from follow(item, rest, (*path, index))
        elif isinstance(value, dict) and step in value:
            yield from follow(value[step], rest, (*path, step))

    found = []
    for plan_path, keyword, target in _annotation_plan(schema_name):
        found += [(path, value, keyword, target) for path, value in follow(instance, plan_path, ())]
    yield from found


def _entries(data: Any, collection: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(collection) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def county_file_problems(doc: SourceDoc, slug: str, known: Known) -> list[Problem]:
    """Reference, id and date problems in one county file (run even if the schema failed)."""
    problems: list[Problem] = []
    ids: dict[str, dict[str, tuple[str | int, ...]]] = {c: {} for c in _ID_COLLECTIONS}
    first_use: dict[str, tuple[str | int, ...]] = {}
    for collection in _ID_COLLECTIONS:
        for index, item in _entries(doc.data, collection):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            path: tuple[str | int, ...] = (collection, index, "id")
            if item_id in first_use:
                line = doc.position(first_use[item_id])[0]
                problems.append(
                    doc.problem(
                        path,
                        f"the id '{item_id}' is already used on line {line}",
                        "Every asset, need, goal and action in a file needs its own id, because "
                        "the id is its address on the page. Change one of them.",
                    )
                )
                continue
            if item_id.startswith(RESERVED_ID_PREFIX):
                problems.append(
                    doc.problem(
                        path,
                        f"ids may not start with '{RESERVED_ID_PREFIX}'",
                        "The site uses that prefix for its own section headings; choose another id.",
                    )
                )
            first_use[item_id] = path
            ids[collection][item_id] = path

    targets: dict[str, tuple[Sequence[str], Collection[str], str]] = {
        "partner": (known.partners, known.partner_set, target_name("partner")),
        "county": (known.counties, known.county_set, target_name("county")),
        "need": (list(ids["needs"]), ids["needs"].keys(), target_name("need")),
        "asset": (list(ids["assets"]), ids["assets"].keys(), target_name("asset")),
        "goal": (list(ids["goals"]), ids["goals"].keys(), target_name("goal")),
    }
    for path, value, keyword, target in annotated_values("county", doc.data):
        if doc.is_unreadable(path):
            continue
        if keyword == "x-vocabulary":
            terms = known.vocabularies.get(target, ())
            if value not in known.vocabulary_sets.get(target, ()) and "vocabularies" not in known.unchecked:
                noun = vocabulary_noun(target)
                hint = term_hint(target, value, known.labels.get(target) or {term: () for term in terms})
                hint = (hint + " " if hint else "") + f"Known {noun}s: {', '.join(terms)}."
                problems.append(doc.problem(path, say("not_known_term", value=show(value), noun=noun), hint))
            continue
        choices, members, where = targets[target]
        collection = f"{target}s"
        if collection in _ID_COLLECTIONS and not isinstance(doc.data.get(collection), list):
            continue  # the missing list is reported already; every id would fail with it
        if collection in _ID_COLLECTIONS and any(part[:1] == (collection,) for part in doc.unreadable):
            continue  # the id may be in the part that could not be read
        if REGISTRIES.get(target) in known.unchecked:
            continue  # the registry could not be read: its own problem says so
        if value not in members:
            hint = did_you_mean(value, choices)
            if target == "partner":
                hint = (hint + " " if hint else "") + (
                    "Use a partner id from counties/_shared/partners.yml, or add the partner "
                    "there in the same pull request."
                )
            elif target in ("need", "asset", "goal"):
                listed = ", ".join(choices) or "none yet"
                hint = (hint + " " if hint else "") + f"Ids of the {target}s in this file: {listed}."
            problems.append(doc.problem(path, say("not_in", value=show(value), where=where), hint))
        elif target == "county" and value == slug:
            problems.append(
                doc.problem(
                    path,
                    "lists its own county",
                    "List only the other counties that take part; this file's county is included.",
                )
            )

    for collection, start, end in (("assets", "starts", "ends"), ("actions", "starts", "due")):
        for index, item in _entries(doc.data, collection):
            first, last = item.get(start), item.get(end)
            if isinstance(first, str) and isinstance(last, str) and is_date(first) and is_date(last):
                if last < first:
                    problems.append(
                        doc.problem(
                            (collection, index, end),
                            say("before", end=end, last=last, start=start, first=first),
                            say("before_hint"),
                        )
                    )
    return problems


def duplicate_problems(doc: SourceDoc, collection: str, key: str, what: str) -> list[Problem]:
    """Two entries of `collection` in a reference file with the same `key`."""
    problems = []
    seen: dict[Any, int] = {}
    for index, item in _entries(doc.data, collection):
        value = item.get(key)
        if value is None:
            continue
        if value in seen:
            line = doc.position((collection, seen[value]))[0]
            problems.append(
                doc.problem(
                    (collection, index, key),
                    f"the {what} {show(value)} is already used on line {line}",
                    f"Each {what} must be unique; remove or change one of them.",
                )
            )
        else:
            seen[value] = index
    return problems


CYCLE_START = (7, 1)
"""Cycles are school years, which run from July 1 (scaffold.school_year)."""


def updated_problems(doc: SourceDoc, cycle: str, today: datetime.date) -> list[Problem]:
    """`updated` in the future is an error (nobody has reviewed a map tomorrow); more than a
    year before its cycle starts is a warning (usually a date copied from an older map)."""
    updated = doc.data.get("updated") if isinstance(doc.data, dict) else None
    if not isinstance(updated, str) or not is_date(updated) or doc.is_unreadable(("updated",)):
        return []
    day = datetime.date.fromisoformat(updated)
    if day > today:
        return [
            doc.problem(
                ("updated",),
                f"{updated} is in the future",
                "Write the date this map was last reviewed or changed: today or earlier. Check the year, "
                "month and day (YYYY-MM-DD).",
            )
        ]
    start = datetime.date(int(cycle[:4]), *CYCLE_START)
    if day < start.replace(year=start.year - 1):
        return [
            doc.problem(
                ("updated",),
                f"{updated} is more than a year before the {cycle} cycle starts ({start.isoformat()})",
                f"Check the year. If this map was copied from an older one, write the day you reviewed it for {cycle}.",
                severity="warning",
            )
        ]
    return []
