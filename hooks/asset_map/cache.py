"""What generation made in the previous build of this process, kept so it can be reused.

`mkdocs serve` rebuilds the whole site after every edit, almost always of one county file.
Most pages do not depend on that file, and the aggregate pages are mostly made of per-asset
pieces that did not change either. So rendered pieces are kept here under a key made of the
values the rendering reads: frozen dataclasses from the model (which compare by value, and
are the very same objects for unchanged files, see load.py) plus the reference data's
fingerprint (`Dataset.reference_key`). Each caller keeps its key next to its render call.

What makes a hit exactly what rendering again would give, by construction:
- Everything a key cannot see is the build's *context*: the templates' and schemas' bytes
  (`sources_fingerprint`) and the generator's settings. A build whose context differs from
  the previous one's starts with an empty cache, so an edited template is always seen.
- Values that compare equal render alike: the model holds each number as its schema type
  (`model.from_mapping`), so `lat: 35` and `lat: 35.0` are the same float, never 35 vs 35.0.
- Python code is not part of the context: MkDocs caches hook modules for the life of a
  `serve` process (`Hooks._load_hook` is `lru_cache`d), so edited Python needs a restart anyway.

Only the previous build's entries are kept: each build moves what it uses into a new
generation and drops the rest, so the cache never holds more than one site's pieces, and
those are the same string objects the pages hold anyway.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from . import render, schema_checks
from .language import DEFAULT, MESSAGE_DIR, current

T = TypeVar("T")


class BuildCache:
    def __init__(self) -> None:
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
        self._context: Hashable = None
        self.enabled = True
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if not self.enabled:
            return make()
        if key in self._current:
            self.hits += 1
            return self._current[key]  # type: ignore[return-value]
        if key in self._previous:
            self.hits += 1
            value = self._previous.pop(key)
        else:
            self.misses += 1
            value = make()
        self._current[key] = value
        return value  # type: ignore[return-value]

    def peek(self, key: Hashable) -> object | None:
        """The value under `key` if there is one (and keep it for this build), else None."""
        return self.get(key, lambda: None) if key in self._current or key in self._previous else None

    def put(self, key: Hashable, value: object) -> None:
        if self.enabled:
            self._current[key] = value

    def next_build(self, *, enabled: bool = True, context: Hashable = None) -> None:
        """Start a new build: what the last build did not use is dropped.

        A build that will not be followed by another in the same process (`mkdocs build`)
        passes enabled=False: it keeps nothing, so it needs no memory for what it would keep.
        A build whose `context` (what no key holds) differs from the last one's keeps nothing
        from it either.
        """
        keep = enabled and context == self._context
        self._previous, self._current = (self._current, {}) if keep else ({}, {})
        self._context = context
        self.enabled = enabled
        self.hits = self.misses = 0


RENDERED = BuildCache()
"""The process's cache of rendered pieces. Module state on purpose: this module lives as
long as the `serve` process, while MkDocs makes a new config and plugins for every build."""


_LANGUAGES: dict[str, BuildCache] = {}
"""The caches of the other languages' generations: each language keeps its own pieces, so
`serve`, which generates every language on every rebuild, reuses them in each."""


def cache_for(language: str) -> BuildCache:
    """The cache of the pieces rendered in `language` (RENDERED for the default language)."""
    if language == DEFAULT:
        return RENDERED
    return _LANGUAGES.setdefault(language, BuildCache())


def cached(key: Hashable, make: Callable[[], T]) -> T:
    return cache_for(current().code).get(key, make)


def reuse_allowed(setting: object = True) -> bool:
    """Whether rebuilds may reuse earlier work: the `reuse` setting (default on) unless the
    environment says ASSET_MAP_REUSE=0, the switch to rule the cache out when in doubt."""
    return setting is not False and os.environ.get("ASSET_MAP_REUSE", "1").strip().lower() not in {"0", "false", "no"}


def sources_fingerprint() -> str:
    """A digest of every file besides the data that generation reads: templates, schemas and
    message catalogues."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in (Path(render.TEMPLATE_DIR), Path(schema_checks.SCHEMA_DIR), MESSAGE_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
