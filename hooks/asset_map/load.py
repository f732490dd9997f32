"""Reading the whole counties/ folder into a validated `Dataset`, or every problem in it.

Layout: counties/_shared/ holds the reference data (counties, regions, partners,
vocabularies, and optionally synonyms); counties/<slug>/<cycle>.yml holds one county's map for one cycle. Every check
runs on every file before anything fails, so a contributor sees all mistakes at once.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .cache import sources_fingerprint
from .problems import Problem, ProblemsFound
from .references import (
    Known,
    county_file_problems,
    duplicate_problems,
    fixed_vocabularies,
    forget_plans,
    vocabulary_noun,
    vocabulary_title,
)
from .schema_checks import did_you_mean, forget_schemas, schema_problems, show
from .synonyms import synonym_groups, synonym_problems
from .yaml_source import SourceDoc, read_bytes, read_yaml

SHARED_FOLDER = "_shared"

# Results for county files that have not changed since the last build in this process, so
# `mkdocs serve` re-reads only what was edited. Keyed by path; an entry is used only while
# the file's bytes and the reference data's are the same. A file without problems is kept
# as its built `CountyMap` only: the parsed text and the line number of every value are
# dropped once checked (at statewide-times-fifty size they would take gigabytes), and an
# unchanged file yields the very same object, which lets generation reuse what it rendered
# from it (see cache.py).
_CHECKED: dict[Path, tuple[tuple, model.CountyMap | None, list[Problem]]] = {}
_REFERENCE: dict[str, dict[str, Any]] = {}
_SOURCES: list[str | None] = [None]
"""The schemas and templates the kept results were made with (cache.sources_fingerprint)."""
SHARED_FILES = ("counties", "regions", "partners", "vocabularies")
OPTIONAL_SHARED_FILES = ("synonyms",)
"""Reference files a data folder may leave out: without synonyms.yml, matching reads words as they are."""
MAX_PROBLEMS_PER_FILE = 100
"""More than this in one file says the same thing many times over: the rest are counted."""
CYCLE = re.compile(r"([0-9]{4})-([0-9]{2})")
IGNORED_NAMES = {"README.md", ".gitkeep"}


def is_cycle(name: str) -> bool:
    """A cycle is a school year written like 2024-25: the second year follows the first."""
    match = CYCLE.fullmatch(name)
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


def is_cycle_file(path: Path) -> bool:
    """A county file is named after its cycle: counties/<slug>/2024-25.yml."""
    return path.suffix == ".yml" and is_cycle(path.stem)


def modeline(schema_name: str) -> str:
    """The first line every data file carries so editors find its schema."""
    return f"# yaml-language-server: $schema=../../hooks/asset_map/schemas/{schema_name}.schema.json"


@dataclass
class _Shared:
    docs: dict[str, SourceDoc]

    def entries(self, name: str, collection: str | None = None) -> Any:
        data = self.docs[name].data if name in self.docs else None
        if not isinstance(data, dict):
            return [] if collection else {}
        value = data.get(collection) if collection else data
        if collection:
            return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        return value


def load_dataset(data_dir: Path, *, reuse: bool = False) -> model.Dataset:
    """Every data file, checked and built; raises `ProblemsFound` listing all problems.

    With `reuse`, checked files are kept for the next call in this process (which then
    re-reads only files that changed); without it, nothing is kept once the dataset is built.
    """
    fingerprint = sources_fingerprint() if reuse else None
    if fingerprint is None or fingerprint != _SOURCES[0]:
        forget_checked()
        _SOURCES[0] = fingerprint
    dataset, problems = check(data_dir)
    if not reuse:
        forget_checked()
    if problems or dataset is None:
        raise ProblemsFound(problems)
    return dataset


def forget_checked() -> None:
    """Drop every kept result, and the compiled schemas they were checked with."""
    _CHECKED.clear()
    _REFERENCE.clear()
    forget_schemas()
    forget_plans()


def check(
    data_dir: Path, only: Collection[Path] | None = None
) -> tuple[model.Dataset | None, list[Problem]]:
    """Check the reference data and the county files (all of them, or those in `only`).

    Returns the dataset when everything was checked and nothing is wrong.
    """
    data_dir = data_dir.resolve()
    root = data_dir.parent
    problems: list[Problem] = []
    shared, shared_problems = _read_shared(data_dir, root)
    problems += shared_problems
    known = Known(
        counties=[c["slug"] for c in shared.entries("counties", "counties") if isinstance(c.get("slug"), str)],
        partners=[p["id"] for p in shared.entries("partners", "partners") if isinstance(p.get("id"), str)],
        vocabularies={
            name: list(terms) if isinstance(terms, dict) else []
            for name, terms in shared.entries("vocabularies").items()
        },
    )
    wanted = {p.resolve() for p in only} if only is not None else None
    shared_key = tuple(_stamp(data_dir / SHARED_FOLDER / f"{name}.yml") for name in SHARED_FILES)
    county_maps: dict[str, list[model.CountyMap]] = {}
    for path in _county_files(data_dir, root, problems):
        if wanted is not None and path not in wanted:
            continue
        slug, cycle = path.parent.name, path.stem
        display = path.relative_to(root).as_posix()
        if slug not in known.counties:
            problems.append(
                Problem(
                    display, 1, 1, "", f"the folder '{slug}' is not the name of a county's folder",
                    (did_you_mean(slug, known.counties) + " ").lstrip()
                    + "Each county's folder is named in lower case with hyphens, as listed in "
                    "counties/_shared/counties.yml, such as san-luis-obispo.",
                )
            )
            continue
        county_map, file_problems = _check_county_file(path, display, slug, cycle, known, shared_key)
        problems += file_problems
        if county_map is not None:
            county_maps.setdefault(slug, []).append(county_map)

    if problems or wanted is not None:
        return None, problems
    optional_key = tuple(_stamp(data_dir / SHARED_FOLDER / f"{name}.yml") for name in OPTIONAL_SHARED_FILES)
    return _build(shared, county_maps, "-".join(shared_key + optional_key)), []


def _stamp(path: Path) -> str:
    """A fingerprint of the file's bytes (hashing is far cheaper than parsing and checking),
    read as carefully as the file itself: never through a link, never from a device."""
    raw, _ = read_bytes(path, "")
    return hashlib.blake2b(raw, digest_size=16).hexdigest() if raw is not None else ""


def _check_county_file(
    path: Path, display: str, slug: str, cycle: str, known: Known, shared_key: tuple
) -> tuple[model.CountyMap | None, list[Problem]]:
    """The file's problems, and its map when it has none."""
    key = (display, _stamp(path), shared_key)
    cached = _CHECKED.get(path)
    if cached and cached[0] == key:
        return cached[1], cached[2]
    doc, problems = read_yaml(path, display)
    county_map = None
    if doc is not None:
        problems = problems + _modeline_problems(doc, "county") + schema_problems(doc, "county")
        problems += county_file_problems(doc, slug, known)
        if not problems:
            county_map = _county_map(slug, cycle, doc)
    problems = capped(problems)
    _CHECKED[path] = (key, county_map, problems)
    return county_map, problems


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
            kept.append(Problem(
                file, last.line, last.column + 1, "",
                f"... and {len(found) - MAX_PROBLEMS_PER_FILE:,} more problems in this file",
                "Fix the problems above first: most of the rest usually share their cause.",
            ))
    return kept


def _read_shared(data_dir: Path, root: Path) -> tuple[_Shared, list[Problem]]:
    problems: list[Problem] = []
    docs: dict[str, SourceDoc] = {}
    for name in SHARED_FILES + OPTIONAL_SHARED_FILES:
        path = data_dir / SHARED_FOLDER / f"{name}.yml"
        display = path.relative_to(root).as_posix()
        if name in OPTIONAL_SHARED_FILES and not os.path.lexists(path):
            continue
        if not path.is_file():
            problems.append(Problem(display, 1, 1, "", "this reference file is missing", ""))
            continue
        doc, read_problems = read_yaml(path, display)
        problems += read_problems
        if doc is None:
            continue
        problems += capped(_modeline_problems(doc, name) + schema_problems(doc, name))
        docs[name] = doc
    shared = _Shared(docs)
    if "counties" in docs:
        problems += duplicate_problems(docs["counties"], "counties", "slug", "slug")
        problems += duplicate_problems(docs["counties"], "counties", "fips", "FIPS code")
        numbers = [r.get("number") for r in shared.entries("regions", "regions")]
        for index, county in enumerate(shared.entries("counties", "counties")):
            region = county.get("region")
            if "regions" in docs and isinstance(region, int) and region not in numbers:
                problems.append(
                    docs["counties"].problem(
                        ("counties", index, "region"), f"region {region} is not in regions.yml"
                    )
                )
    if "synonyms" in docs:
        problems += synonym_problems(docs["synonyms"])
    if "regions" in docs:
        problems += duplicate_problems(docs["regions"], "regions", "number", "region number")
    if "partners" in docs:
        problems += duplicate_problems(docs["partners"], "partners", "id", "partner id")
        types = shared.entries("vocabularies").get("partner_types") or {}
        for index, partner in enumerate(shared.entries("partners", "partners")):
            if isinstance(partner.get("type"), str) and partner["type"] not in types:
                    problems.append(
                    docs["partners"].problem(
                        ("partners", index, "type"), f"{show(partner['type'])} is not a known partner type",
                        (did_you_mean(partner["type"], types) + " Known partner types: ").lstrip()
                        + ", ".join(types) + ".",
                    )
                )
    if "vocabularies" in docs:
        for name, enum in fixed_vocabularies("county").items():
            terms = shared.entries("vocabularies").get(name)
            if isinstance(terms, dict) and sorted(terms) != sorted(enum):
                problems.append(
                    docs["vocabularies"].problem(
                        (name,), f"the {vocabulary_title(name).lower()} must be exactly: {', '.join(enum)}",
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
            doc.file, 1, 1, "", "the first line must point editors at the schema",
            f"Make the first line exactly:\n{expected}",
        )
    ]


def _county_files(data_dir: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """Every county file, and a problem for anything else found under counties/: nothing
    there is ignored in silence, since a misplaced file is a map that would never show."""
    files = []

    def misplaced(path: Path, message: str, hint: str) -> None:
        problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "", message, hint))

    for folder in sorted(data_dir.iterdir()):
        if folder.name in IGNORED_NAMES:
            continue
        if folder.name == SHARED_FOLDER and not folder.is_symlink():
            _check_shared_folder(folder, misplaced)
            continue
        if folder.is_symlink():
            misplaced(folder, "is a symbolic link, which the site does not follow",
                      "Put the county's folder itself here, with its files inside.")
            continue
        if not folder.is_dir():
            misplaced(folder, "only county folders belong in counties/",
                      "Move this file into its county's folder, such as counties/marin/2024-25.yml.")
            continue
        if folder.name.startswith((".", "_")):
            misplaced(folder, "this folder is not a county's folder",
                      "County folders are named after the county, such as counties/marin/; "
                      f"shared lists live in counties/{SHARED_FOLDER}/.")
            continue
        for path in sorted(folder.iterdir()):
            if path.name in IGNORED_NAMES:
                continue
            if not is_cycle_file(path):
                misplaced(
                    path, f"'{path.name}' is not named after a cycle",
                    "Name each file after the school year it covers, with .yml at the end, "
                    "such as 2024-25.yml.",
                )
                continue
            files.append(path)
    return files


def _check_shared_folder(folder: Path, misplaced: Callable[[Path, str, str], None]) -> None:
    names = {f"{name}.yml" for name in SHARED_FILES + OPTIONAL_SHARED_FILES}
    for path in sorted(folder.iterdir()):
        if path.name not in names and path.name not in IGNORED_NAMES:
            misplaced(
                path, f"counties/{SHARED_FOLDER}/ holds only the shared lists ({', '.join(sorted(names))})",
                "A county's map goes in its county's folder, such as counties/marin/2024-25.yml; "
                "move or remove this file.",
            )


def _build(shared: _Shared, county_maps: dict[str, list[model.CountyMap]], reference_key: str) -> model.Dataset:
    maps = {slug: tuple(sorted(found, key=lambda m: m.cycle)) for slug, found in sorted(county_maps.items())}
    return model.Dataset(**_reference(shared, reference_key), maps=maps, reference_key=reference_key)


def _reference(shared: _Shared, reference_key: str) -> dict[str, Any]:
    """The reference data as model objects, the same objects while the files are unchanged."""
    if reference_key in _REFERENCE:
        return _REFERENCE[reference_key]
    vocabularies = {
        name: model.Vocabulary(
            name,
            {
                key: model.Term(key, t["label"], t["definition"], t.get("short"), t.get("community", False))
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
            model.Asset, item,
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
    )
