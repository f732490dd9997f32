"""The other languages' pages, made in a second process while this one builds the first.

A site in several languages is generated once per language from one dataset, and MkDocs
runs the languages' passes one after the other. With two processors, the second language's
pages can be made meanwhile: a forked process, which starts with the dataset and the
matching already worked out (shared with this one until either changes them), generates
each other language's pages as `generate` would here and writes them to a file, one after
the other; the language's pass then reads them back in the same order. The pages are the
same either way (tests/test_made_elsewhere.py compares them byte for byte).

Forked, not spawned: a spawned process would load and check every county file again. A
fork copies only the thread that calls it, so it is made only when that is the process's
only thread (`mkdocs build`; the adapter never asks under `mkdocs serve`, which rebuilds in
this process, reusing its last build). Setting ASSET_MAP_JOBS=1 keeps the generation in one
process, for a machine short of memory: the second process holds its own copy of what it
changes, up to the size of the dataset (bench/RESULTS.md). The second process ends with the
first (Linux's parent-death signal), and its folder goes when the first process ends.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import shutil
import signal
import tempfile
import threading
import traceback
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .load import process_count

if TYPE_CHECKING:
    import resource

    from .model import Dataset
    from .render import Page
    from .site import Analysis, SiteSettings


class MadeElsewhereFailed(RuntimeError):
    """The second process could not make a language's pages; the message says why."""


class Elsewhere:
    """The second process and the files it writes, a language each."""

    def __init__(self, pid: int, folder: Path, settings: list[SiteSettings]) -> None:
        self._pid = pid
        self.folder = folder
        self.settings = {each.language: each for each in settings}
        """The settings each language's pages are made with: a pass with others makes its own."""
        self._status: int | None = None
        self.usage: resource.struct_rusage | None = None
        """What the second process used (its processor time, its peak memory), once it ended."""
        _STARTED.add(self)
        # At the latest when this process ends normally (the second process skips it: os._exit).
        self._finalizer = weakref.finalize(self, _stop, pid, folder)

    def pages(self, language: str) -> Iterator[Page]:
        """The pages of `language`, in the order `generate` made them, read one at a time
        once the second process has finished; MadeElsewhereFailed if it failed, or if its
        file is cut short."""
        self._wait()
        if self._status != 0:
            error = self.folder / "error.txt"
            if error.exists():
                said = error.read_text(encoding="utf-8")
            elif self._status is not None and self._status < 0:
                said = "the system stopped it (most often because the machine ran out of memory)"
            else:
                said = f"it stopped (status {self._status})"
            raise MadeElsewhereFailed(
                f"Making the '{language}' pages in a second process failed (to make them in the build's own "
                f"process instead, set ASSET_MAP_JOBS=1): {said}"
            )
        yield from _read(self.folder / f"{language}.pickle", language)

    def close(self) -> None:
        """Stop the second process if it is still at work, and remove its files."""
        if self._status is None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._wait()
        self._finalizer.detach()
        shutil.rmtree(self.folder, ignore_errors=True)
        _STARTED.discard(self)

    def _wait(self) -> None:
        if self._status is None:
            _, status, self.usage = os.wait4(self._pid, 0)
            self._status = os.waitstatus_to_exitcode(status)


def _stop(pid: int, folder: Path) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    shutil.rmtree(folder, ignore_errors=True)


_STARTED: weakref.WeakSet[Elsewhere] = weakref.WeakSet()


def close_all() -> None:
    """Stop every second process still at work (a build that failed), and remove its files."""
    for elsewhere in list(_STARTED):
        elsewhere.close()


def made_elsewhere(dataset: Dataset, settings: list[SiteSettings], analysis: Analysis) -> Elsewhere | None:
    """Start making each of `settings`' languages' pages in a second process, or None when
    this process should make them itself: one processor allowed (ASSET_MAP_JOBS=1), no
    `os.fork` (not Linux or macOS), other threads running, or pages kept for the next build
    (`reuse`, which only this process's cache can serve)."""
    if (
        not settings
        or process_count() < 2
        or not hasattr(os, "fork")
        or threading.active_count() > 1
        or any(s.reuse for s in settings)
    ):
        return None
    analysis.results  # worked out once, here, for both processes  # noqa: B018
    folder = Path(tempfile.mkdtemp(prefix="asset-map-pages-"))
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for it: make them here
        shutil.rmtree(folder, ignore_errors=True)
        return None
    if pid:
        return Elsewhere(pid, folder, settings)
    status = 1
    try:
        _end_with_parent(parent)
        _make(dataset, settings, analysis, folder)
        status = 0
    except BaseException:
        (folder / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
    finally:
        # Not `exit`: the copy of this process's finalizers (MkDocs's, the search index's)
        # and buffered output belong to the first process.
        os._exit(status)


def _end_with_parent(parent: int) -> None:
    """In the second process: end if the first one does (killed, say), rather than make
    pages for nobody; leave Ctrl-C and SIGTERM to their defaults (the first process's
    handlers clean up after it, not after this one)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: it ends when its pages are made
        pass
    if os.getppid() != parent:  # the first process ended before the signal was asked for
        os._exit(1)


_PR_SET_PDEATHSIG = 1
_END = None
"""Written after the last page, so a cut-short file is told from a finished one."""


def _read(path: Path, language: str) -> Iterator[Page]:
    # Pickles this process's own fork wrote, in a folder only this user can open (mkdtemp).
    with path.open("rb") as stream:
        while True:
            try:
                page = pickle.load(stream)
            except (EOFError, pickle.UnpicklingError):
                raise MadeElsewhereFailed(
                    f"The file of '{language}' pages made in a second process is cut short or damaged "
                    "(to make them in the build's own process instead, set ASSET_MAP_JOBS=1)."
                ) from None
            if page is _END:
                return
            yield page


def _make(dataset: Dataset, settings: list[SiteSettings], analysis: Analysis, folder: Path) -> None:
    from .site import generate

    for each in settings:
        site = generate(dataset, each, analysis)
        with (folder / f"{each.language}.pickle").open("wb") as stream:
            for page in site.pages:
                pickle.dump(page, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(_END, stream)
