"""Reading the whole counties/ folder into a validated `Dataset`, or every problem in it.

Layout: counties/_shared/ holds the reference data (counties, regions, partners,
vocabularies, and optionally synonyms); counties/<slug>/<cycle>.yml holds one county's map for one cycle. Every check
runs on every file before anything fails, so a contributor sees all mistakes at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import logging
import multiprocessing
import os
import sys
import types
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
    jobs: int | None = None,
) -> model.Dataset:
    """Every data file, checked and built; raises `ProblemsFound` listing all problems.

    With `reuse`, checked files are kept for the next call in this process (which then
    re-reads only files that changed); without it, nothing is kept once the dataset is built.
    `today` is the day dates are checked against (default: `freshness.build_date()`). Warnings
    (see `Problem.severity`) do not stop the build: each is handed to `warn` (default: this
    module's logger). `jobs`: how many processes check the county files (see `check`).
    """
    fingerprint = sources_fingerprint() if reuse else None
    if fingerprint is None or fingerprint != _SOURCES[0]:
        forget_checked()
        _SOURCES[0] = fingerprint
    dataset, problems = check(data_dir, today=today, jobs=jobs)
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
    jobs: int | None = None,
) -> tuple[model.Dataset | None, list[Problem]]:
    """Check the reference data and the county files (all of them, or those in `only`), with
    dates checked against `today` (default: `freshness.build_date()`).

    Returns every problem (warnings included), and the dataset when everything was checked and
    nothing is wrong but warnings. With `partial`, it also returns one when only county files
    have errors: made of the reference data and the county files that have none (for the
    pull-request summary, which reports the others).

    County files are checked in `jobs` processes (default: ASSET_MAP_JOBS, else one per
    processor) when there are enough of them to pay for starting one (MIN_FILES_PER_PROCESS
    each); the problems, their order and the dataset are the same as with `jobs=1`.
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
    coe_names = shared.coe_names  # once per build: it is a pass over every county
    files: list[tuple[Path, str, str, str] | Problem] = []
    for path in county_files(data_dir, root, problems, known.county_set):
        if wanted is not None and path not in wanted:
            continue
        slug, cycle = path.parent.name, path.stem
        display = path.relative_to(root).as_posix()
        if slug not in known.county_set and "counties" not in known.unchecked:
            files.append(
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
        files.append((path, display, slug, cycle))
    checked = _check_county_files(
        [f for f in files if not isinstance(f, Problem)],
        _Context(known, coe_names, today),
        shared_key,
        jobs,
    )
    for file in files:
        if isinstance(file, Problem):
            problems.append(file)
            continue
        path, display, slug, cycle = file
        county_map, file_problems, file_lines = checked[path]
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


@dataclass(frozen=True)
class _Context:
    """What checking one county file needs besides the file (the same for every file)."""

    known: Known
    coe_names: dict[str, tuple[str, str]]
    today: datetime.date


_Checked = tuple[model.CountyMap | None, list[Problem], model.Lines | None]
_Work = tuple[Path, str, str, str]
"""A county file to check: (path, display, slug, cycle)."""

MIN_FILES_PER_PROCESS = 64
"""Files to check before a second process pays for itself: starting one (a Python and the
library's imports) costs about as much as checking 60 to 100 county files."""
CHUNK_FILES = 16
"""Files handed to a checking process at a time."""


def process_count(jobs: int | None = None) -> int:
    """How many processes the build may use (to check county files, and to make a second
    language's pages, elsewhere.py): `jobs`, else ASSET_MAP_JOBS, else one per processor this
    process may use. 1 does everything in this process."""
    if jobs is None:
        setting = os.environ.get("ASSET_MAP_JOBS", "").strip()
        if setting:
            try:
                jobs = int(setting)
            except ValueError:
                raise ValueError(f"ASSET_MAP_JOBS must be a whole number, not {setting!r}") from None
        else:
            jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, jobs)


def _check_county_files(
    work: list[_Work], context: _Context, shared_key: tuple, jobs: int | None
) -> dict[Path, _Checked]:
    """Each file's map, problems and lines, from the kept results where the file is unchanged.

    Checking a file depends on nothing but the file and the reference data, so with several
    processors the files left to check are shared with other processes (see `_in_parallel`);
    either way each file's result is the same, and the caller puts them in the files' order.
    """
    results: dict[Path, _Checked] = {}
    todo: list[tuple[_Work, tuple]] = []
    for item in work:
        path, display = item[0], item[1]
        key = (display, _stamp(path), shared_key, context.today)
        cached = _CHECKED.get(path)
        if cached and cached[0] == key:
            results[path] = cached[1], cached[2], cached[3]
        else:
            todo.append((item, key))
    processes = min(process_count(jobs), len(todo) // MIN_FILES_PER_PROCESS)

    def finish(index: int, found: tuple[Any, list[Problem], model.Lines | None]) -> None:
        """Keep one file's result, its data as model objects at once (holding every file's
        parsed data until all are checked would more than double the peak memory)."""
        (path, display, slug, cycle), key = todo[index]
        data, file_problems, file_lines = found
        if processes > 1 and file_lines is not None:
            file_lines = _interned(file_lines)  # ids are shared objects again (see _lines)
        county_map = _county_map(slug, cycle, display, data) if data is not None else None
        _CHECKED[path] = (key, county_map, file_problems, file_lines)
        results[path] = county_map, file_problems, file_lines

    if processes > 1:
        _in_parallel([item for item, _ in todo], context, processes, finish)
    else:
        for index, (item, _) in enumerate(todo):
            finish(index, _check_one(item, context))
    return results


def _check_one(item: _Work, context: _Context) -> tuple[Any, list[Problem], model.Lines | None]:
    """One county file's problems; when it has none but warnings, also its data (as plain
    values, so the model objects are built in the process that keeps them) and lines."""
    path, display, slug, cycle = item
    known = context.known
    doc, problems = read_yaml(path, display)
    data = lines = None
    if doc is not None:
        problems = problems + _modeline_problems(doc, "county") + schema_problems(doc, "county", known.labels)
        problems += county_file_problems(doc, slug, known)
        problems += updated_problems(doc, cycle, context.today) + header_problems(doc, slug, cycle, context.coe_names)
        if not errors(problems):
            data = doc.data
            lines = _lines(doc)
    return data, capped(problems), lines


_WORKER_CONTEXT: list[_Context] = []
"""In a checking process: the context it was started with."""


def _start_worker(context: _Context) -> None:
    _WORKER_CONTEXT[:] = [context]


def _check_chunk(chunk: list[_Work]) -> list[tuple[Any, list[Problem], model.Lines | None]]:
    """In a checking process: `_check_one` for each file of the chunk."""
    return [_check_one(item, _WORKER_CONTEXT[0]) for item in chunk]


def _in_parallel(
    todo: list[_Work],
    context: _Context,
    processes: int,
    finish: Callable[[int, tuple[Any, list[Problem], model.Lines | None]], None],
) -> None:
    """`finish(index, _check_one(todo[index]))` for every file, this process and
    `processes - 1` others sharing the work.

    The files go out in chunks; this process takes chunks from the end while the others
    start up and take them from the front (a chunk no process has begun is taken back with
    `Future.cancel`), so nothing waits for a process to start. Between its own chunks it
    finishes the others' as they arrive. Processes are started afresh ("spawn"), not forked:
    `mkdocs serve` runs threads, and a fork copies their locks.
    """
    starts = range(0, len(todo), CHUNK_FILES)
    library = str(Path(__file__).resolve().parents[1])
    pool = ProcessPoolExecutor(
        processes - 1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(context,)
    )

    def here(start: int) -> None:
        for index in range(start, min(start + CHUNK_FILES, len(todo))):
            finish(index, _check_one(todo[index], context))

    def collect(start: int, future: Future) -> None:
        try:
            found = future.result()
        except BrokenProcessPool:  # a process could not start or died: check here instead
            here(start)
            return
        for offset, result in enumerate(found):
            finish(start + offset, result)

    try:
        with _starting_workers(library):
            futures: dict[int, Future] = {
                start: pool.submit(_check_chunk, todo[start : start + CHUNK_FILES]) for start in starts
            }
        for start in reversed(starts):
            if start not in futures:
                continue
            if futures[start].cancel():
                del futures[start]
                here(start)
            for other in [o for o, future in futures.items() if future.done()]:
                collect(other, futures.pop(other))
        for start in sorted(futures):
            collect(start, futures.pop(start))
    finally:
        pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def _starting_workers(library: str) -> Iterator[None]:
    """While checking processes start: the library's folder on sys.path, so they can import
    it (MkDocs puts hooks/ on the path only while it imports the hook file), and no main
    module for them to run again first (multiprocessing re-runs the main script in each new
    process unless it is a `__main__` module; a script without an `if __name__` guard, or
    MkDocs's own, has nothing the checks need)."""
    added = library not in sys.path
    if added:
        sys.path.insert(0, library)
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        if added and library in sys.path:
            sys.path.remove(library)


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


def _interned(lines: model.Lines) -> model.Lines:
    """Lines from another process, with their ids as this process's shared strings."""
    return model.Lines(
        keys=lines.keys,
        items={
            name: {sys.intern(key) if isinstance(key, str) else key: line for key, line in found.items()}
            for name, found in lines.items.items()
        },
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
        numbers = {r.get("number") for r in shared.entries("regions", "regions") if isinstance(r.get("number"), int)}
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


def _county_map(slug: str, cycle: str, file: str, data: Any) -> model.CountyMap:

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
        path=file,
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
