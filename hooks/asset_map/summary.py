"""A plain-language summary of what a pull request changes in the data, in Markdown.

`python -m hooks summary --base <revision>` reads the data folder as it is now and as it was
at the base revision (its files taken out of git with `git archive` into a temporary folder;
no network), and says, county by county, which assets, needs, goals and action steps were
added, removed or changed (by name), which steps moved status, what changed in the shared
lists, and how the map's checklist score moved. A file with problems is left out and named,
with a pointer to the validation step that lists its problems. The pull-request workflow
writes the result to the job summary.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .changes import changed_fields, diff
from .completeness import Completeness, completeness
from .load import SHARED_FILES, SHARED_FOLDER, check, forget_checked, is_cycle_file
from .model import County, CountyMap, Dataset
from .problems import Problem, errors
from .render import one_line, render
from .schema_checks import load_schema, resolve


class SummaryError(Exception):
    """The base revision could not be read (not a git repository, an unknown revision)."""


@dataclass(frozen=True)
class Side:
    """The data at one revision: what could be read, and the problems of what could not."""

    dataset: Dataset | None
    problems: tuple[Problem, ...]

    def unreadable(self, slug: str | None = None) -> list[str]:
        """Files with problems; with `slug`, only that county's cycle files."""
        files = sorted({p.file for p in self.problems})
        if slug is None:
            return files
        return [f for f in files if PurePosixPath(f).parent.name == slug and is_cycle_file(Path(f))]


@dataclass(frozen=True)
class Entry:
    name: str
    note: str = ""


@dataclass(frozen=True)
class Change:
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class CountySummary:
    county: County
    before: Completeness | None
    after: Completeness | None
    files: tuple[str, ...]
    """The county's current file now (or before, if it has none now)."""
    note: str
    changes: tuple[Change, ...]
    unreadable: tuple[str, ...]

    def _covered(self, side: Completeness | None) -> dict[str, str]:
        return {r.item.id: r.item.short for r in side.results if r.met} if side and side.map else {}

    @property
    def gained(self) -> list[str]:
        """Checklist items covered now that were not before (short titles), if it had a map."""
        if not (self.before and self.after):
            return []
        before = self._covered(self.before)
        return [short for key, short in self._covered(self.after).items() if key not in before]

    @property
    def lost(self) -> list[str]:
        if not (self.before and self.after):
            return []
        after = self._covered(self.after)
        return [short for key, short in self._covered(self.before).items() if key not in after]


def read_side(data_dir: Path) -> Side:
    if not data_dir.is_dir():
        return Side(None, ())
    try:
        dataset, problems = check(data_dir, partial=True)
    finally:
        forget_checked()
    return Side(dataset, tuple(sorted(set(errors(problems)))))  # a file with warnings only is read


def base_data(data_dir: Path, base: str, into: Path) -> Path:
    """The data folder as it was at `base`, written under `into`; returns its path there
    (which does not exist if the folder did not exist at `base`)."""
    data_dir = data_dir.resolve()
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    relative = data_dir.relative_to(top).as_posix()
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", what=base).decode().strip()
    target = into / data_dir.name
    if not _git(top, "ls-tree", "-d", commit, "--", relative).strip():
        return target
    archive = tarfile.open(fileobj=io.BytesIO(_git(top, "archive", "--format=tar", commit, "--", relative)))
    prefix = PurePosixPath(relative)
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if not member.isfile() or ".." in path.parts or path.is_absolute() or not path.is_relative_to(prefix):
            continue  # only plain files inside the folder: no links, nothing outside `into`
        out = target.joinpath(*path.relative_to(prefix).parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        out.write_bytes(source.read() if source else b"")
    return target


def _git(where: Path, *args: str, what: str = "") -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except OSError as error:
        raise SummaryError(f"git could not be run: {error}") from None
    if done.returncode != 0:
        if what:
            raise SummaryError(f"'{what}' is not a revision git knows here (for a pull request, fetch the base branch)")
        raise SummaryError(f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def summary(data_dir: Path, base: str) -> str:
    """The Markdown summary of the data now against the data at `base`.

    A shared list that the base does not have yet (one a pull request introduces) is read
    from the data now, so the counties can still be compared.
    """
    data_dir = data_dir.resolve()
    with tempfile.TemporaryDirectory(prefix="asset-map-base-") as folder:
        base_dir = base_data(data_dir, base, Path(folder))
        added = []
        if base_dir.is_dir():
            for name in SHARED_FILES:
                path, now = base_dir / SHARED_FOLDER / f"{name}.yml", data_dir / SHARED_FOLDER / f"{name}.yml"
                if not path.exists() and now.is_file():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(now.read_bytes())
                    added.append(f"{data_dir.name}/{SHARED_FOLDER}/{name}.yml")
        before = read_side(base_dir)
    after = read_side(data_dir)
    return render_summary(before, after, base, new_shared=added)


def render_summary(before: Side, after: Side, base: str, *, new_shared: Sequence[str] = ()) -> str:
    shared_broken = [f for f in after.unreadable() if f"/{SHARED_FOLDER}/" in f"/{f}"]
    base_broken = before.unreadable() if before.dataset is None else []
    counties = [] if after.dataset is None or base_broken else county_summaries(before, after, base)
    registry = registry_changes(before.dataset, after.dataset) if before.dataset and after.dataset else []
    return render(
        "summary/summary.md.j2",
        base=base,
        after=after,
        before=before,
        counties=counties,
        registry=registry,
        shared_broken=shared_broken,
        base_broken=base_broken,
        new_shared=new_shared,
        problems={file: [p for p in after.problems if p.file == file] for file in after.unreadable()},
    )


def county_summaries(before: Side, after: Side, base: str) -> list[CountySummary]:
    assert after.dataset is not None
    found = []
    for county in after.dataset.counties:
        old_maps = before.dataset.maps.get(county.slug, ()) if before.dataset else ()
        new_maps = after.dataset.maps.get(county.slug, ())
        old = completeness(before.dataset, county) if before.dataset and old_maps else None
        new = completeness(after.dataset, county) if new_maps else None
        unreadable = tuple(after.unreadable(county.slug))
        scores_moved = (old.met if old else None) != (new.met if new else None)
        if old_maps == new_maps and not unreadable and not scores_moved:
            continue
        current = new_maps[-1] if new_maps else old_maps[-1] if old_maps else None
        note = _note(old_maps, new_maps)
        if before.unreadable(county.slug):
            note += (" " if note else "") + f"At {base}, {', '.join(before.unreadable(county.slug))} could not be read."
        found.append(
            CountySummary(
                county,
                old,
                new,
                unreadable or ((current.path,) if current else ()),
                "" if unreadable else note,
                () if unreadable else _changes(after.dataset, old_maps, new_maps),
                unreadable,
            )
        )
    return found


def _note(old_maps: Sequence[CountyMap], new_maps: Sequence[CountyMap]) -> str:
    if not new_maps:
        return "Its map files were removed." if old_maps else ""
    if not old_maps:
        return f"The county's first map: {new_maps[-1].cycle}."
    if old_maps[-1].cycle != new_maps[-1].cycle:
        return f"A new cycle, {new_maps[-1].cycle}, compared with {old_maps[-1].cycle}."
    earlier = sorted(
        {m.cycle for m in new_maps[:-1] if m not in old_maps} | {m.cycle for m in old_maps[:-1] if m not in new_maps}
    )
    if not earlier:
        return ""
    if old_maps[-1] == new_maps[-1]:
        return f"Earlier cycles changed ({', '.join(earlier)}); the current map did not."
    return f"Earlier cycles changed too ({', '.join(earlier)})."


def _changes(dataset: Dataset, old_maps: Sequence[CountyMap], new_maps: Sequence[CountyMap]) -> tuple[Change, ...]:
    if not new_maps:
        return ()
    after = new_maps[-1]
    if not old_maps:
        return tuple(
            c
            for c in (
                Change("Assets", tuple(Entry(a.name) for a in after.assets)),
                Change("Needs", tuple(Entry(one_line(n.statement, 90)) for n in after.needs)),
                Change("Goals", tuple(Entry(one_line(g.statement, 90)) for g in after.goals)),
                Change("Action steps", tuple(Entry(one_line(a.step, 90)) for a in after.actions)),
            )
            if c.entries
        )
    before = old_maps[-1]
    cycle = diff(dataset.county(after.county), before, after)

    def status(key: str) -> str:
        return dataset.label("statuses", key).lower()

    changes = [
        Change("Assets added", tuple(Entry(a.name) for a in cycle.assets_added)),
        Change("Assets removed", tuple(Entry(a.name) for a in cycle.assets_retired)),
        Change(
            "Assets changed",
            tuple(
                Entry(c.after.name, _fields_note("asset", c.fields, renamed_from=_renamed(c.before, c.after)))
                for c in cycle.assets_changed
            ),
        ),
    ]
    for label, kind, text, old_items, new_items in (
        ("Needs", "need", "statement", before.needs, after.needs),
        ("Goals", "goal", "statement", before.goals, after.goals),
        ("Action steps", "action", "step", before.actions, after.actions),
    ):
        old_ids = {item.id: item for item in old_items}
        new_ids = {item.id for item in new_items}
        changes += [
            Change(
                f"{label} added", tuple(Entry(one_line(getattr(i, text), 90)) for i in new_items if i.id not in old_ids)
            ),
            Change(
                f"{label} removed",
                tuple(Entry(one_line(getattr(i, text), 90)) for i in old_items if i.id not in new_ids),
            ),
            Change(
                f"{label} changed",
                tuple(
                    Entry(one_line(getattr(i, text), 90), _fields_note(kind, fields))
                    for i in new_items
                    if i.id in old_ids
                    and (
                        fields := tuple(
                            f for f in changed_fields(old_ids[i.id], i) if kind != "action" or f != "status"
                        )
                    )
                ),
            ),
        ]
    changes.append(
        Change(
            "Status moves",
            tuple(
                Entry(one_line(c.after.step, 90), f"{status(c.before.status)} → {status(c.after.status)}")
                for c in cycle.status_moves
            ),
        )
    )
    other = [
        name
        for name in ("updated", "note", "contacts", "sources", "subject_gaps")
        if getattr(before, name) != getattr(after, name)
    ]
    if other:
        changes.append(Change("Also changed", tuple(Entry(_title(None, name)) for name in other)))
    return tuple(c for c in changes if c.entries)


def _renamed(before: Any, after: Any) -> str:
    return before.name if before.name != after.name else ""


def _fields_note(kind: str, fields: Sequence[str], *, renamed_from: str = "") -> str:
    words = [_title(kind, f).lower() for f in fields if not (renamed_from and f == "name")]
    note = f"renamed from “{renamed_from}”" if renamed_from else ""
    if words:
        note += ("; " if note else "") + "changed: " + ", ".join(words)
    return note


def _title(definition: str | None, name: str) -> str:
    """A field's title from the county schema, such as 'Focus areas' for an asset's focus."""
    root = load_schema("county")
    properties: dict[str, Any] = (root["definitions"][definition] if definition else root)["properties"]
    field = properties.get(name, {})
    return field.get("title") or resolve(root, field).get("title") or name


def registry_changes(before: Dataset, after: Dataset) -> list[Change]:
    """What changed in the shared lists: partners, counties, regions, vocabularies, checklist."""
    changes = [
        *_compared("Partners", before.partners, after.partners, lambda p: p.name),
        *_compared(
            "Counties", {c.slug: c for c in before.counties}, {c.slug: c for c in after.counties}, lambda c: c.name
        ),
        *_compared(
            "Regions", {r.number: r for r in before.regions}, {r.number: r for r in after.regions}, lambda r: r.title
        ),
        *_compared(
            "Checklist items",
            {i.id: i for i in before.checklist},
            {i.id: i for i in after.checklist},
            lambda i: i.title,
        ),
    ]
    for name, vocabulary in after.vocabularies.items():
        old = before.vocabularies.get(name)
        terms = dict(old.terms) if old else {}
        changes += _compared(vocabulary.title, terms, dict(vocabulary.terms), lambda t: t.label)
    return [c for c in changes if c.entries]


def _compared(label: str, old: Mapping[Any, Any], new: Mapping[Any, Any], name: Any) -> list[Change]:
    return [
        Change(f"{label} added", tuple(Entry(name(item)) for key, item in new.items() if key not in old)),
        Change(f"{label} removed", tuple(Entry(name(item)) for key, item in old.items() if key not in new)),
        Change(
            f"{label} changed",
            tuple(
                Entry(name(item), "changed: " + ", ".join(changed_fields(old[key], item)))
                for key, item in new.items()
                if key in old and old[key] != item
            ),
        ),
    ]
