"""Everything the site generates from a dataset, as a list of pages and files.

This is the library's single entry point for generators: the MkDocs adapter (and tests, and
the benchmark) call `generate` and add what it returns to the site.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Dataset
from .pages.county import county_page
from .pages.directory import directory_pages
from .render import Page
from .schema_checks import SCHEMA_DIR


@dataclass(frozen=True)
class SiteSettings:
    edit_base: str | None = None
    """URL that a repository path is appended to for an edit link, e.g. '.../edit/main/'."""


def generate(dataset: Dataset, settings: SiteSettings) -> list[Page]:
    pages = directory_pages(dataset)
    pages += [county_page(dataset, c, edit_base=settings.edit_base) for c in dataset.counties]
    pages += schema_files()
    return pages


def schema_files() -> list[Page]:
    """The JSON Schemas, published unchanged at /schema/<name>.schema.json."""
    pages = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        json.loads(path.read_text(encoding="utf-8"))  # a broken schema fails here, not in editors
        pages.append(Page(f"schema/{path.name}", path.read_bytes()))
    return pages
