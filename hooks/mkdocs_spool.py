"""Keeping a large site's generated text on disk until MkDocs needs it.

MkDocs holds every file it is given in memory from `on_files` to the end of the build, and
reads every page before it renders any. At statewide-times-fifty size (3,143 counties) the
generated downloads and page HTML are gigabytes of text, so in a one-off build generated
files are written straight into the site (`write_to_site`), and pages' HTML blocks wait in
the spool folder until the page is rendered (see `on_page_context` in mkdocs_hooks.py).
Under `mkdocs serve` everything stays in memory, where page reuse needs it.

The spool folder belongs to the build's config: `take_spool` and `discard_spool` delete it
after the build (one per language pass),
and if a build fails it goes when that config does (or when the process ends). A build
stopped with SIGTERM (as CI does on a time-out) removes it too: Python runs no clean-up on
that signal by itself, so while a spool exists a handler removes it and then lets the
signal end the process as it would have.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asset_map.render import Page as Generated
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

SPOOL_BYTES = 4 * 1024
"""A page's HTML blocks larger than this wait on disk, not in memory (see `keep_fragments`)."""


_LIVE: set[Path] = set()
"""Spool folders not yet removed, for the SIGTERM handler (one process, so module state)."""


def _on_sigterm(signum: int, frame: object) -> None:
    for clean_up in _ALSO:
        try:
            clean_up()
        except Exception:  # noqa: BLE001, S112 (the signal ends the process whatever happens)
            continue
    for spool in list(_LIVE):
        shutil.rmtree(spool, ignore_errors=True)
    _LIVE.clear()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _remove_on_sigterm() -> None:
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (
        signal.SIG_DFL,
        None,
    ):
        signal.signal(signal.SIGTERM, _on_sigterm)


_ALSO: list[Callable[[], None]] = []
"""What else the SIGTERM handler does first (stop a second process, say), once each."""


def also_on_sigterm(clean_up: Callable[[], None]) -> None:
    """Have `clean_up` called too if the build is stopped with SIGTERM."""
    if clean_up not in _ALSO:
        _ALSO.append(clean_up)
    _remove_on_sigterm()


def _folder(config: MkDocsConfig) -> Path:
    spool = getattr(config, "asset_map_spool", None)
    if spool is None:
        spool = Path(tempfile.mkdtemp(prefix="asset-map-spool-"))
        weakref.finalize(config, _remove, spool)
        config.asset_map_spool = spool
        _LIVE.add(spool)
        _remove_on_sigterm()
    return spool


def _remove(spool: Path) -> None:
    shutil.rmtree(spool, ignore_errors=True)
    _LIVE.discard(spool)


def take_spool(config: MkDocsConfig) -> Path | None:
    """This build pass's spool, no longer the config's: with mkdocs-static-i18n the next
    language's pass runs with the same config and makes its own, while this one's search
    index may still be reading this one (under `serve`). Remove it with `discard_spool`."""
    spool = getattr(config, "asset_map_spool", None)
    config.asset_map_spool = None
    config.asset_map_fragment_store = None
    return spool


def discard_spool(spool: Path | None) -> None:
    if spool is not None:
        _remove(spool)


def spool_path(config: MkDocsConfig, name: str) -> Path:
    """A file of this build's spool, for the adapter's own use (it goes with the spool)."""
    return _folder(config) / name


def write_to_site(config: MkDocsConfig, page: Generated) -> Path:
    """Write a generated file (not a page) straight to its place in the site (piece by piece
    if it comes in `Chunks`); the File handed to MkDocs points at it, and MkDocs, finding the
    file already in place, copies nothing (`File.copy_file` allows plugins to do this).

    So a one-off build holds none of the tens of thousands of downloads, feeds, calendars
    and map scripts in memory until MkDocs's copy at the end, nor writes the big ones twice.
    """
    target = Path(config.site_dir) / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    page.write(target)
    return target


class _FragmentStore:
    """One spool file of pages' HTML blocks, appended to in on_files and read back by
    position when each page is rendered: one open file for the whole pass, not one file per
    page (there are tens of thousands of pages at national size)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("w+b")
        weakref.finalize(self, self._file.close)

    def put(self, fragments: Mapping[str, str]) -> tuple[_FragmentStore, int, int]:
        data = json.dumps(fragments).encode("utf-8")
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(data)
        return self, offset, len(data)

    def take(self, offset: int, length: int) -> dict[str, str]:
        self._file.seek(offset)
        return json.loads(self._file.read(length))


def keep_fragments(config: MkDocsConfig, file: File, fragments: Mapping[str, str]) -> None:
    """Attach a page's HTML blocks to its file: in memory if small, else in the spool.

    MkDocs reads every page before it renders any, so blocks kept in memory are all held at
    once: at national size, pages of a few dozen kilobytes each added up to most of the
    build's memory, which is why only tiny ones stay (SPOOL_BYTES)."""
    if sum(len(html) for html in fragments.values()) <= SPOOL_BYTES:
        file.asset_map_fragments = fragments
        return
    store = getattr(config, "asset_map_fragment_store", None)
    if store is None:  # one per language pass, like the spool folder (see take_spool)
        store = config.asset_map_fragment_store = _FragmentStore(_folder(config) / "fragments")
    file.asset_map_fragments = store.put(fragments)


def take_fragments(file: File) -> Mapping[str, str] | None:
    """The page's HTML blocks, once: they are dropped from the file."""
    kept = getattr(file, "asset_map_fragments", None)
    file.asset_map_fragments = None
    if isinstance(kept, tuple):
        store, offset, length = kept
        return store.take(offset, length)
    return kept
