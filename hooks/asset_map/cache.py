"""What generation made in the previous build of this process, kept so it can be reused.

`mkdocs serve` rebuilds the whole site after every edit, almost always of one county file.
Most pages do not depend on that file, and the aggregate pages are mostly made of per-asset
pieces that did not change either. So rendered pieces are kept here under a key made of
every value the rendering reads: frozen dataclasses from the model (which compare by value,
and are the very same objects for unchanged files, see load.py) plus the reference data's
fingerprint (`Dataset.reference_key`). A hit is exactly what rendering again would give; a
key that leaves out something the rendering reads would be a bug, so each caller keeps its
key next to its render call.

Only the previous build's entries are kept: each build moves what it uses into a new
generation and drops the rest, so the cache never holds more than one site's pieces, and
those are the same string objects the pages hold anyway.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class BuildCache:
    def __init__(self) -> None:
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
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

    def next_build(self, *, enabled: bool = True) -> None:
        """Start a new build: what the last build did not use is dropped.

        A build that will not be followed by another in the same process (`mkdocs build`)
        passes enabled=False: it keeps nothing, so it needs no memory for what it would keep.
        """
        self._previous, self._current = ({}, {}) if not enabled else (self._current, {})
        self.enabled = enabled
        self.hits = self.misses = 0


RENDERED = BuildCache()
"""The process's cache of rendered pieces (module state on purpose: MkDocs re-creates its
config and plugins, and re-executes the hook file, for every rebuild under `serve`)."""

_NAMED: dict[str, BuildCache] = {}


def named(name: str) -> BuildCache:
    """A cache of its own for a generator adapter, kept here because this module outlives
    the adapter's (MkDocs re-executes hook files on every rebuild)."""
    return _NAMED.setdefault(name, BuildCache())


def cached(key: Hashable, make: Callable[[], T]) -> T:
    return RENDERED.get(key, make)
