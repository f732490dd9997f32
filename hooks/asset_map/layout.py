"""Where data files belong under counties/ and what they are called.

counties/_shared/ holds the shared lists; counties/<slug>/<cycle>.yml one county's map for one
cycle. Nothing else under counties/ is ignored in silence: a misplaced file is a map that would
never show, so each one is a problem that says where the file belongs, guessed from its name.
A starter file's first note names its county office; a file whose note names another county's
office may be in the wrong folder, which is worth a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from .problems import Problem
from .yaml_source import SourceDoc

SHARED_FOLDER = "_shared"
SHARED_FILES = ("counties", "regions", "partners", "vocabularies", "checklist")
OPTIONAL_SHARED_FILES = ("synonyms",)
"""Reference files a data folder may leave out: without synonyms.yml, matching reads words as they are."""
CYCLE = re.compile(r"([0-9]{4})-([0-9]{2})")
IGNORED_NAMES = {"README.md", ".gitkeep"}


def is_cycle(name: str) -> bool:
    """A cycle is a school year written like 2024-25: the second year follows the first."""
    match = CYCLE.fullmatch(name)
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


def is_cycle_file(path: Path) -> bool:
    """A county file is named after its cycle: counties/<slug>/2024-25.yml."""
    return path.suffix == ".yml" and is_cycle(path.stem)


def county_files(data_dir: Path, root: Path, problems: list[Problem], counties: Collection[str]) -> list[Path]:
    """Every county file, and a problem for anything else found under counties/: nothing
    there is ignored in silence, since a misplaced file is a map that would never show."""
    files = []

    def misplaced(path: Path, message: str, hint: str) -> None:
        problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "", message, hint))

    def move_hint(path: Path, default: str) -> str:
        slug, cycle = guess_place(path.name, counties)
        if slug and cycle:
            return f"Move it to counties/{slug}/{cycle}.yml."
        if cycle:
            return f"Move it into its county's folder as {cycle}.yml, such as counties/marin/{cycle}.yml."
        return default

    for folder in sorted(data_dir.iterdir()):
        if folder.name in IGNORED_NAMES:
            continue
        if folder.name == SHARED_FOLDER and not folder.is_symlink():
            _check_shared_folder(folder, misplaced, move_hint)
            continue
        if folder.is_symlink():
            misplaced(
                folder,
                "is a symbolic link, which the site does not follow",
                "Put the county's folder itself here, with its files inside.",
            )
            continue
        if not folder.is_dir():
            misplaced(
                folder,
                "only county folders belong in counties/",
                move_hint(folder, "Move this file into its county's folder, such as counties/marin/2024-25.yml."),
            )
            continue
        if folder.name.startswith((".", "_")):
            misplaced(
                folder,
                "this folder is not a county's folder",
                "County folders are named after the county, such as counties/marin/; "
                f"shared lists live in counties/{SHARED_FOLDER}/.",
            )
            continue
        for path in sorted(folder.iterdir()):
            if path.name in IGNORED_NAMES:
                continue
            if not is_cycle_file(path):
                slug, cycle = guess_place(path.name, counties)
                hint = "Name each file after the school year it covers, with .yml at the end, such as 2024-25.yml."
                if cycle and slug and slug != folder.name:
                    hint = f"Move it to counties/{slug}/{cycle}.yml: " + hint[0].lower() + hint[1:]
                elif cycle and not path.is_dir():
                    hint = f"Rename it to {cycle}.yml: " + hint[0].lower() + hint[1:]
                misplaced(path, f"'{path.name}' is not named after a cycle", hint)
                continue
            files.append(path)
    return files


_YEARS = re.compile(r"(?<![0-9])(20[0-9]{2})\s*[-_/ –]?\s*(20[0-9]{2}|[0-9]{2})(?![0-9])")


def guess_place(name: str, counties: Collection[str]) -> tuple[str | None, str | None]:
    """The county and cycle a misplaced file's name points to, such as
    ('marin', '2024-25') for 'Marin 2024-2025.yaml', or None for each it does not name."""
    cycle = None
    if found := _YEARS.search(name):
        first, second = int(found[1]), int(found[2])
        if second in (first + 1, (first + 1) % 100):
            cycle = f"{first}-{(first + 1) % 100:02d}"
    words = re.sub(r"[^a-z]+", "-", name.lower())
    named = [slug for slug in counties if re.search(rf"(?:^|-){re.escape(slug)}(?:-|$)", words)]
    return (max(named, key=len) if named else None), cycle


def _check_shared_folder(
    folder: Path, misplaced: Callable[[Path, str, str], None], move_hint: Callable[[Path, str], str]
) -> None:
    names = {f"{name}.yml" for name in SHARED_FILES + OPTIONAL_SHARED_FILES}
    for path in sorted(folder.iterdir()):
        if path.name not in names and path.name not in IGNORED_NAMES:
            misplaced(
                path,
                f"counties/{SHARED_FOLDER}/ holds only the shared lists ({', '.join(sorted(names))})",
                move_hint(
                    path,
                    "A county's map goes in its county's folder, such as counties/marin/2024-25.yml; "
                    "move or remove this file.",
                ),
            )


_SCAFFOLD_HEADER = re.compile(r"# (.+): asset map for the [0-9]{4}-[0-9]{2} cycle\.")


def header_problems(doc: SourceDoc, slug: str, cycle: str, coe_names: dict[str, tuple[str, str]]) -> list[Problem]:
    """A warning when the note a starter file begins with (`# Napa County Office of Education:
    asset map for the 2025-26 cycle.`) names another county's office: the file may be in the
    wrong county's folder, or copied from another county's file."""
    for number, line in enumerate(doc.header, start=1):
        found = _SCAFFOLD_HEADER.fullmatch(line.strip())
        named = coe_names.get(found[1]) if found else None
        if found and named and named[0] != slug:
            here = next((name for other, name in coe_names.values() if other == slug), slug)
            return [
                Problem(
                    doc.file,
                    number,
                    3,
                    "",
                    f"the note at the top names {found[1]}, but this file is in {here}'s folder (counties/{slug}/)",
                    f"If this is {named[1]}'s map, move it to counties/{named[0]}/{cycle}.yml. "
                    f"If it is {here}'s, correct the note.",
                    "warning",
                )
            ]
    return []
