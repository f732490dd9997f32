"""Reading the whole counties/ folder into a validated `Dataset`, or every problem in it.

Layout: counties/_shared/ holds the reference data (counties, regions, partners,
vocabularies, and optionally synonyms); counties/<slug>/<cycle>.yml holds one county's map for one cycle. Every check
runs on every file before anything fails, so a contributor sees all mistakes at once.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import os
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .cache import sources_fingerprint
from .completeness import RULES
from .freshness import build_date
from .layout import OPTIONAL_SHARED_FILES, SHARED_FILES, SHARED_FOLDER, county_files, header_problems
from .layout import is_cycle as is_cycle  # where they were first defined: some callers import them from here
from .layout import is_cycle_file as is_cycle_file
from .problems import Problem, ProblemsFound, errors
from .references import (
    Known,
    county_file_problems,
    duplicate_problems,
    fixed_vocabularies,
    forget_plans,
    updated_problems,
    vocabulary_noun,
    vocabulary_title,
)
from .schema_checks import forget_schemas, schema_problems, show
from .suggestions import Labels, did_you_mean
from .synonyms import synonym_groups, synonym_problems
from .yaml_source import SourceDoc, read_bytes, read_yaml

# Results for county files that have not changed since the last build in this process, so
# `mkdocs serve` re-reads only what was edited. Keyed by path; an entry is used only while
# the file's bytes and the reference data's are the same. A file without problems is kept
# as its built `CountyMap` and the few line numbers `model.Lines` keeps: the parsed text and
# the line number of every value are dropped once checked (at statewide-times-fifty size they
# would take gigabytes), and an unchanged file yields the very same object, which lets
# generation reuse what it rendered from it (see cache.py).
_CHECKED: dict[Path, tuple[tuple, model.CountyMap | None, list[Problem], model.Lines | None]] = {}
_REFERENCE: dict[str, dict[str, Any]] = {}
_SOURCES: list[str | None] = [None]
"""The schemas and templates the kept results were made with (cache.sources_fingerprint)."""
MAX_PROBLEMS_PER_FILE = 100
"""More than this in one file says the same thing many times over: the rest are counted."""


def modeline(schema_name: str) -> str:
    """The first line every data file carries so editors find its schema."""
    return f"# yaml-language-server: $schema=../../hooks/asset_map/schemas/{schema_name}.schema.json"


@dataclass
class _Shared:
    docs: dict[str, SourceDoc]
    unreadable: tuple[str, ...] = ()
    """Reference files with a part that could not be read (a syntax error)."""

    @property
    def coe_names(self) -> dict[str, tuple[str, str]]:
        """Each county office's name -> (slug, county name)."""
        return {
            c["coe"]: (c["slug"], c.get("name", c["slug"]))
            for c in self.entries("counties", "counties")
            if isinstance(c.get("coe"), str) and isinstance(c.get("slug"), str)
        }

    def entries(self, name: str, collection: str | None = None) -> Any:
        data = self.docs[name].data if name in self.docs else None
        if not isinstance(data, dict):
            return [] if collection else {}
        value = data.get(collection) if collection else data
        if collection:
            return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        return value


def load_dataset(
    data_dir: Path,
    *,
    reuse: bool = False,
    today: datetime.date | None = None,
    warn: Callable[[Problem], None] | None = None,
) -> model.Dataset:
    """Every data file, checked and built; raises `ProblemsFound` listing all problems.

    With `reuse`, checked files are kept for the next call in this process (which then
    re-reads only files that changed); without it, nothing is kept once the dataset is built.
    `today` is the day dates are checked against (default: `freshness.build_date()`). Warnings
    (see `Problem.severity`) do not stop the build: each is handed to `warn` (default: this
    module's logger).
    """
    fingerprint = sources_fingerprint() if reuse else None
    if fingerprint is None or fingerprint != _SOURCES[0]:
        forget_checked()
        _SOURCES[0] = fingerprint
    dataset, problems = check(data_dir, today=today)
    if not reuse:
        forget_checked()
    if errors(problems) or dataset is None:
        raise ProblemsFound(problems)
    for problem in problems:
        (warn or _log_warning)(problem)
    return dataset


def _log_warning(problem: Problem) -> None:
    logging.getLogger(__name__).warning(problem.format())


def forget_checked() -> None:
    """Drop every kept result, and the compiled schemas they were checked with."""
    _CHECKED.clear()
    _REFERENCE.clear()
    forget_schemas()
    forget_plans()


def check(
    data_dir: Path,
    only: Collection[Path] | None = None,
    *,
    partial: bool = False,
    today: datetime.date | None = None,
) -> tuple[model.Dataset | None, list[Problem]]:
    """Check the reference data and the county files (all of them, or those in `only`), with
    dates checked against `today` (default: `freshness.build_date()`).

    Returns every problem (warnings included), and the dataset when everything was checked and
    nothing is wrong but warnings. With `partial`, it also returns one when only county files
    have errors: made of the reference data and the county files that have none (for the
    pull-request summary, which reports the others).
    """
    today = today or build_date()
    data_dir = data_dir.resolve()
    root = data_dir.parent
    problems: list[Problem] = []
    shared, shared_problems = _read_shared(data_dir, root)
    problems += shared_problems
    vocabularies = shared.entries("vocabularies")
    known = Known(
        counties=[c["slug"] for c in shared.entries("counties", "counties") if isinstance(c.get("slug"), str)],
        partners=[p["id"] for p in shared.entries("partners", "partners") if isinstance(p.get("id"), str)],
        vocabularies={name: list(terms) if isinstance(terms, dict) else [] for name, terms in vocabularies.items()},
        labels=_labels(vocabularies),
        unchecked=frozenset(shared.unreadable),
    )
    wanted = {p.resolve() for p in only} if only is not None else None
    shared_key = tuple(_stamp(data_dir / SHARED_FOLDER / f"{name}.yml") for name in SHARED_FILES)
    county_maps: dict[str, list[model.CountyMap]] = {}
    lines = {name: _lines(doc) for name, doc in shared.docs.items()}
    lines = {shared.docs[name].file: found for name, found in lines.items()}
    for path in county_files(data_dir, root, problems, known.counties):
        if wanted is not None and path not in wanted:
            continue
        slug, cycle = path.parent.name, path.stem
        display = path.relative_to(root).as_posix()
        if slug not in known.counties and "counties" not in known.unchecked:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    f"the folder '{slug}' is not the name of a county's folder",
                    (did_you_mean(slug, known.counties) + " ").lstrip()
                    + "Each county's folder is named in lower case with hyphens, as listed in "
                    "counties/_shared/counties.yml, such as san-luis-obispo.",
                )
            )
            continue
        county_map, file_problems, file_lines = _check_county_file(
            path,
            display,
            slug,
            cycle,
            known,
            shared_key,
            shared.coe_names,
            today,
        )
        problems += file_problems
        if county_map is not None and file_lines is not None:
            county_maps.setdefault(slug, []).append(county_map)
            lines[display] = file_lines

    if wanted is not None or errors(shared_problems) or (errors(problems) and not partial):
        return None, problems
    optional_key = tuple(_stamp(data_dir / SHARED_FOLDER / f"{name}.yml") for name in OPTIONAL_SHARED_FILES)
    return _build(shared, county_maps, "-".join(shared_key + optional_key), lines), problems


def _labels(vocabularies: dict[str, Any]) -> Labels:
    return {
        name: {
            key: [term[field] for field in ("label", "short") if isinstance(term.get(field), str)]
            for key, term in terms.items()
            if isinstance(term, dict)
        }
        for name, terms in vocabularies.items()
        if isinstance(terms, dict)
    }


def _stamp(path: Path) -> str:
    """A fingerprint of the file's bytes (hashing is far cheaper than parsing and checking),
    read as carefully as the file itself: never through a link, never from a device."""
    raw, _ = read_bytes(path, "")
    return hashlib.blake2b(raw, digest_size=16).hexdigest() if raw is not None else ""


def _check_county_file(
    path: Path,
    display: str,
    slug: str,
    cycle: str,
    known: Known,
    shared_key: tuple,
    coe_names: dict[str, tuple[str, str]],
    today: datetime.date,
) -> tuple[model.CountyMap | None, list[Problem], model.Lines | None]:
    """The file's problems, and its map and lines when it has none but warnings."""
    key = (display, _stamp(path), shared_key, today)
    cached = _CHECKED.get(path)
    if cached and cached[0] == key:
        return cached[1], cached[2], cached[3]
    doc, problems = read_yaml(path, display)
    county_map = lines = None
    if doc is not None:
        problems = problems + _modeline_problems(doc, "county") + schema_problems(doc, "county", known.labels)
        problems += county_file_problems(doc, slug, known)
        problems += updated_problems(doc, cycle, today) + header_problems(doc, slug, cycle, coe_names)
        if not errors(problems):
            county_map = _county_map(slug, cycle, doc)
            lines = _lines(doc)
    problems = capped(problems)
    _CHECKED[path] = (key, county_map, problems, lines)
    return county_map, problems, lines


def _lines(doc: SourceDoc) -> model.Lines:
    """The line of each top-level key, and of each item of each top-level list by its id (a
    county's slug) or else its position (see `model.Lines`)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    items: dict[str, dict[str | int, int]] = {}
    for name, value in data.items():
        if not isinstance(value, list):
            continue
        found: dict[str | int, int] = {}
        for index, item in enumerate(value):
            key = item.get("id", item.get("slug")) if isinstance(item, dict) else None
            key = sys.intern(key) if isinstance(key, str) else index
            found.setdefault(key, doc.values.get((name, index), (1, 1))[0])
        items[name] = found
    return model.Lines(
        keys={str(path[0]): line for path, (line, _) in doc.keys.items() if len(path) == 1},
        items=items,
    )


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems of each file, and a line counting the rest."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(set(problems)):
        by_file.setdefault(problem.file, []).append(problem)
    kept = []
    for file, found in by_file.items():
        kept += found[:MAX_PROBLEMS_PER_FILE]
        if len(found) > MAX_PROBLEMS_PER_FILE:
            last = found[MAX_PROBLEMS_PER_FILE - 1]
            kept.append(
                Problem(
                    file,
                    last.line,
                    last.column + 1,
                    "",
                    f"... and {len(found) - MAX_PROBLEMS_PER_FILE:,} more problems in this file",
                    "Fix the problems above first: most of the rest usually share their cause.",
                )
            )
    return kept


UNCHECKED_UNTIL_FIXED = {
    "counties": "county folders and the counties that assets name",
    "partners": "partner ids",
    "vocabularies": "vocabulary terms (kinds, grade bands, audiences, focus areas)",
}
"""What county files use from each reference file: not checked while the file cannot be read,
so one mistake there does not turn into hundreds of 'unknown' problems in county files."""


def _read_shared(data_dir: Path, root: Path) -> tuple[_Shared, list[Problem]]:
    problems: list[Problem] = []
    docs: dict[str, SourceDoc] = {}
    unreadable = []
    for name in SHARED_FILES + OPTIONAL_SHARED_FILES:
        path = data_dir / SHARED_FOLDER / f"{name}.yml"
        display = path.relative_to(root).as_posix()
        if name in OPTIONAL_SHARED_FILES and not os.path.lexists(path):
            continue
        if not path.is_file():
            problems.append(Problem(display, 1, 1, "", "this reference file is missing", ""))
            unreadable.append(name)
            continue
        doc, read_problems = read_yaml(path, display)
        if doc is None or doc.unreadable:
            unreadable.append(name)
            if name in UNCHECKED_UNTIL_FIXED and read_problems:
                first = min(read_problems)
                read_problems = [p for p in read_problems if p is not first] + [
                    dataclasses.replace(
                        first,
                        hint=f"{first.hint}\nFix this first: until {display} can be read in full, the "
                        f"{UNCHECKED_UNTIL_FIXED[name]} in county files are not checked.".strip(),
                    )
                ]
        problems += read_problems
        if doc is None:
            continue
        problems += capped(_modeline_problems(doc, name) + schema_problems(doc, name))
        docs[name] = doc
    shared = _Shared(docs, tuple(unreadable))
    if "counties" in docs:
        problems += duplicate_problems(docs["counties"], "counties", "slug", "slug")
        problems += duplicate_problems(docs["counties"], "counties", "fips", "FIPS code")
        numbers = [r.get("number") for r in shared.entries("regions", "regions")]
        for index, county in enumerate(shared.entries("counties", "counties")):
            region = county.get("region")
            if "regions" in docs and isinstance(region, int) and region not in numbers:
                problems.append(
                    docs["counties"].problem(("counties", index, "region"), f"region {region} is not in regions.yml")
                )
    if "synonyms" in docs:
        problems += synonym_problems(docs["synonyms"])
    if "regions" in docs:
        problems += duplicate_problems(docs["regions"], "regions", "number", "region number")
    if "partners" in docs:
        problems += duplicate_problems(docs["partners"], "partners", "id", "partner id")
        types = shared.entries("vocabularies").get("partner_types") or {}
        for index, partner in enumerate(shared.entries("partners", "partners")):
            if "vocabularies" in unreadable:
                break
            if isinstance(partner.get("type"), str) and partner["type"] not in types:
                problems.append(
                    docs["partners"].problem(
                        ("partners", index, "type"),
                        f"{show(partner['type'])} is not a known partner type",
                        (did_you_mean(partner["type"], types) + " Known partner types: ").lstrip()
                        + ", ".join(types)
                        + ".",
                    )
                )
    if "checklist" in docs:
        problems += duplicate_problems(docs["checklist"], "items", "id", "checklist item id")
        for index, item in enumerate(shared.entries("checklist", "items")):
            if isinstance(item.get("id"), str) and item["id"] not in RULES:
                problems.append(
                    docs["checklist"].problem(
                        ("items", index, "id"),
                        f"{show(item['id'])} is not a checklist item the site can check",
                        (
                            did_you_mean(item["id"], RULES) + " Each id names a rule in "
                            "hooks/asset_map/completeness.py; the ids it knows: "
                        ).lstrip()
                        + ", ".join(RULES)
                        + ".",
                    )
                )
    if "vocabularies" in docs and "vocabularies" not in unreadable:
        for name, enum in fixed_vocabularies("county").items():
            terms = shared.entries("vocabularies").get(name)
            if isinstance(terms, dict) and sorted(terms) != sorted(enum):
                problems.append(
                    docs["vocabularies"].problem(
                        (name,),
                        f"the {vocabulary_title(name).lower()} must be exactly: {', '.join(enum)}",
                        "They are fixed by the county schema (hooks/asset_map/schemas/county.schema.json); "
                        "change both together. Their order here is the order the site shows them in.",
                        key=True,
                    )
                )
    return shared, problems


def _modeline_problems(doc: SourceDoc, schema_name: str) -> list[Problem]:
    expected = modeline(schema_name)
    if doc.first_line.strip() == expected:
        return []
    return [
        Problem(
            doc.file,
            1,
            1,
            "",
            "the first line must point editors at the schema",
            f"Make the first line exactly:\n{expected}",
        )
    ]


def _build(
    shared: _Shared, county_maps: dict[str, list[model.CountyMap]], reference_key: str, lines: dict[str, model.Lines]
) -> model.Dataset:
    maps = {slug: tuple(sorted(found, key=lambda m: m.cycle)) for slug, found in sorted(county_maps.items())}
    return model.Dataset(**_reference(shared, reference_key), maps=maps, reference_key=reference_key, lines=lines)


def _reference(shared: _Shared, reference_key: str) -> dict[str, Any]:
    """The reference data as model objects, the same objects while the files are unchanged."""
    if reference_key in _REFERENCE:
        return _REFERENCE[reference_key]
    vocabularies = {
        name: model.Vocabulary(
            name,
            {
                key: model.Term(
                    key,
                    t["label"],
                    t["definition"],
                    t.get("short"),
                    t.get("community", False),
                    label_es=t.get("label_es"),
                    short_es=t.get("short_es"),
                    definition_es=t.get("definition_es"),
                )
                for key, t in terms.items()
            },
            title=vocabulary_title(name),
            noun=vocabulary_noun(name),
        )
        for name, terms in shared.entries("vocabularies").items()
    }
    built = dict(
        regions=tuple(
            sorted(
                (model.from_mapping(model.Region, r) for r in shared.entries("regions", "regions")),
                key=lambda r: r.number,
            )
        ),
        counties=tuple(
            sorted(
                (model.from_mapping(model.County, c) for c in shared.entries("counties", "counties")),
                key=lambda c: c.name,
            )
        ),
        partners={p["id"]: model.from_mapping(model.Partner, p) for p in shared.entries("partners", "partners")},
        vocabularies=vocabularies,
        checklist=tuple(model.from_mapping(model.ChecklistItem, i) for i in shared.entries("checklist", "items")),
        synonyms=synonym_groups(shared.entries("synonyms")),
    )
    _REFERENCE.clear()
    _REFERENCE[reference_key] = built
    return built


def _county_map(slug: str, cycle: str, doc: SourceDoc) -> model.CountyMap:
    data = doc.data

    def build(cls: type, key: str) -> tuple:
        return tuple(model.from_mapping(cls, item) for item in data.get(key) or [])

    assets = tuple(
        model.from_mapping(
            model.Asset,
            item,
            location=model.from_mapping(model.Location, item["location"]) if item.get("location") else None,
        )
        for item in data["assets"]
    )
    return model.CountyMap(
        county=slug,
        cycle=cycle,
        path=doc.file,
        updated=data["updated"],
        note=data.get("note"),
        sources=build(model.Source, "sources"),
        contacts=build(model.Contact, "contacts"),
        assets=assets,
        needs=build(model.Need, "needs"),
        goals=build(model.Goal, "goals"),
        actions=build(model.Action, "actions"),
        subject_gaps=build(model.SubjectGap, "subject_gaps"),
    )
