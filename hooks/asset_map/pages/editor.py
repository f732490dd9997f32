"""The county editor (/counties/<slug>/edit/): a county's map in a form, a valid file out.

The page is a shell; editor.js builds the form in the browser from what the site publishes:
the county's current file unchanged (/data/source/counties/<slug>/<cycle>.yml, or for a county
without a map a starter file, the one `python -m hooks new-county` writes), the JSON Schema
(/schema/county.schema.json), the vocabularies, partners and counties (/editor/reference.json)
and the words of the checks (/editor/messages.json, the validator's own). Nothing is sent
anywhere: the educator copies or downloads the file and proposes it on GitHub.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..freshness import Clock
from ..language import Language, speaking
from ..model import Dataset
from ..problems import ProblemsFound
from ..render import Page, plain_title, render
from ..scaffold import school_year, starter_text
from ..wording import MESSAGES_FILE
from ..yaml_source import read_bytes

REFERENCE = "editor/reference.json"
MESSAGES = "editor/messages.json"


def source_path(path: str) -> str:
    """Where the site publishes a county file (`counties/marin/2024-25.yml`) unchanged."""
    return f"data/source/{path}"


def editor_pages(
    dataset: Dataset, clock: Clock, *, edit_base: str | None, source_root: Path | None, with_files: bool = True
) -> Iterator[Page]:
    """Every county's editor page, the files it reads and the county files themselves.

    `source_root` is the folder county file paths are relative to (the repository); without
    it the files cannot be published and the pages load nothing but starters. Without
    `with_files` only the pages are made (another language's pass: the files are the same)."""
    repository = edit_base.rsplit("/edit/", 1) if edit_base and "/edit/" in edit_base else None
    if with_files:
        yield Page(REFERENCE, reference_json(dataset))
        yield Page(MESSAGES, MESSAGES_FILE.read_bytes())
    for county in dataset.counties:
        current = dataset.current(county.slug)
        path = f"counties/{county.slug}/edit/"
        if current and source_root is not None:
            for cycle_map in dataset.maps[county.slug] if with_files else ():  # ?cycle=2018-19 opens one
                yield Page(source_path(cycle_map.path), _published_source(source_root, cycle_map.path))
            source = source_path(current.path)
            file_path, cycle = current.path, current.cycle
        else:
            cycle = school_year(clock.today)
            file_path = f"counties/{county.slug}/{cycle}.yml"
            source = f"{path}starter.yml"
            if with_files:
                yield Page(source, starter_text(county, cycle, clock.today))
        branch = repository[1].strip("/") if repository else ""
        with speaking(Language()):  # the editor's page is in English in every language's site
            county_title = county.title
        yield Page(
            f"{path}index.md",
            render(
                "editor/page.md.j2",
                page_url=path,
                title=plain_title(f"Edit {county_title}'s map in a form"),
                county_title=county_title,
                county=county,
                starter=current is None or source_root is None,
                source=source,
                source_folder=source_path(f"counties/{county.slug}/"),
                file_path=file_path,
                file_name=file_path.rsplit("/", 1)[-1],
                cycle=cycle,
                edit_url=f"{edit_base}{file_path}" if edit_base and current else "",
                new_url=f"{repository[0]}/new/{branch}" if repository else "",
                upload_url=f"{repository[0]}/upload/{branch}/counties/{county.slug}" if repository else "",
                reference=REFERENCE,
                messages=MESSAGES,
            ),
        )


def reference_json(dataset: Dataset) -> str:
    """What the form offers to choose from: each vocabulary's terms with their labels and
    definitions, the partner registry and the counties."""
    data = {
        "vocabularies": {
            name: {
                "noun": vocabulary.noun,
                "title": vocabulary.title,
                "terms": [
                    {"key": term.key, "label": term.label, "definition": term.definition}
                    for term in vocabulary.terms.values()
                ],
            }
            for name, vocabulary in dataset.vocabularies.items()
        },
        "partners": [
            {"id": partner.id, "name": partner.name, "type": partner.type}
            for partner in sorted(dataset.partners.values(), key=lambda p: p.name.lower())
        ],
        "counties": [{"slug": county.slug, "title": county.title} for county in dataset.counties],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _published_source(source_root: Path, path: str) -> bytes:
    """A county file's bytes for the editor, read with the loader's guards (no links, no
    devices, no huge files): the file could have changed since it was checked."""
    data, problems = read_bytes(source_root / path, path)
    if data is None:
        raise ProblemsFound(problems)
    return data
