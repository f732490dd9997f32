"""The site search: Pagefind indexes the site while MkDocs builds it.

What is indexed:
- one record per asset, need, goal, partner, county and region, made by the library
  (asset_map/search.py) in on_files and written to the spool folder (at
  statewide-times-fifty size they are too many to hold in memory);
- every page whose front matter does not say `search: exclude: true` (the hand-written
  pages and the overviews), as MkDocs writes it: Pagefind splits it into sections at
  headings with an id, and leaves out what the templates mark `data-pagefind-ignore`.

Pagefind runs as its own program (the `pagefind_bin` wheel ships it), driven through its
Python API from a thread: the records go in while MkDocs renders the pages (this machine
has two cores), the pages as they are written, and on_post_build only waits for the rest
and for the index to be written to the site's `pagefind/` folder. Pagefind handles
requests in the order they are sent, and pagefind_files.py puts in order what Pagefind
writes in hash-map order, so two builds of the same data write identical files.
Pagefind's API reads each reply after a 0.1 s pause (4 minutes for 2,500 records), so
`_Service` reads replies as they come; everything else is the API's own.

The build fails if Pagefind indexed a different number of pages than it was given. Under
`mkdocs serve` every rebuild indexes again, in the background: the browser reloads the page
at once and the search follows a moment later (the log says "Search: index updated").
"""

from __future__ import annotations

import asyncio
import base64
import collections
import json
import logging
import queue
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from asset_map.search import SearchIndex, SpellingList, record_html
from mkdocs.exceptions import PluginError
from mkdocs_spool import spool_path
from pagefind.index import IndexConfig
from pagefind.service import PagefindService
from pagefind_files import stabilise

if TYPE_CHECKING:
    from collections.abc import Callable

    from asset_map.render import Page as Generated
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.asset_map")

BUNDLE = "pagefind"
"""The index's folder in the site."""
LANGUAGE = "en"
IN_FLIGHT = 64
"""Records sent ahead of Pagefind's replies. Pagefind handles requests one at a time, in
the order they arrive, so this only keeps both processes busy; the index is the same."""
_DONE = object()
_RUNNING: weakref.WeakSet[_Indexer] = weakref.WeakSet()
"""The indexer of the build under way, if any, for on_build_error (which is given no config):
a failed build stops Pagefind at once instead of when its config is collected."""


class _Service(PagefindService):
    """Pagefind's service, reading each reply as soon as it arrives (the original waits
    0.1 s before each one)."""

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            output = await stdout.readuntil(b",")
            reply = json.loads(base64.b64decode(output[:-1]))
            if reply is None:
                continue
            payload = reply["payload"]
            message_id = reply.get("message_id")
            if message_id is None:  # a request Pagefind could not read: it comes back whole
                message_id = self._message_id_of(payload.get("original_message"))
            future = self._responses.pop(message_id, None)
            if future is None or future.done():
                if payload["type"] == "Error":  # nothing is waiting for it: stop every request
                    error = PluginError(f"Pagefind: {payload['message']}")
                    for waiting in self._responses.values():
                        if not waiting.done():
                            waiting.set_exception(error)
                continue
            if payload["type"] == "Error":
                future.set_exception(PluginError(f"Pagefind: {payload['message']}"))
            else:
                future.set_result(payload)

    @staticmethod
    def _message_id_of(original: str | None) -> int | None:
        try:
            return json.loads(original or "").get("message_id")
        except (ValueError, AttributeError):
            return None


class _Indexer:
    """Pagefind in a thread: the records from the spool first, then each page put in; when
    told the pages are all in, the index written, checked and completed with the spelling
    lists, then `then` called (whatever happened)."""

    def __init__(
        self, site: Path, records: Path, count: int, spelling: SpellingList, prefix: str = "", language: str = LANGUAGE
    ) -> None:
        self.site = site
        self.prefix = prefix
        self.language = language
        self.records = records
        self.count = count
        self.spelling = spelling
        self.pages: list[str] = []
        self.seconds = 0.0
        self.error: BaseException | None = None
        self.then: Callable[[_Indexer], None] | None = None
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def add_page(self, url: str, html: str) -> None:
        self._inbox.put((url, html))

    def done(self, then: Callable[[_Indexer], None] | None = None) -> None:
        """Every page is in: write the index, then call `then` from the thread."""
        self.then = then
        self._inbox.put(_DONE)

    def wait(self) -> None:
        self._thread.join()

    def cancel(self) -> None:
        self._stop.set()
        self._inbox.put(_DONE)
        self._thread.join(timeout=60)

    def problem(self) -> PluginError | None:
        if isinstance(self.error, PluginError):
            return PluginError(f"Search: {self.error}")
        if self.error is not None:
            return PluginError(f"Search: Pagefind failed: {self.error!r}")
        return None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        finally:
            _RUNNING.discard(self)
            if self.then is not None and not self._stop.is_set():
                self.then(self)

    async def _main(self) -> None:
        service = await _Service().launch()
        try:
            # The theme's "¶" permalinks would end every heading, and so every section's title.
            index = await service.create_index(
                IndexConfig(force_language=self.language, exclude_selectors=["a.headerlink"])
            )
            started = time.perf_counter()
            records: set[str] = set()
            sent: collections.deque[asyncio.Future] = collections.deque()
            with self.records.open(encoding="utf-8") as lines:
                for line in lines:
                    if self._stop.is_set():
                        return
                    url, html = json.loads(line)
                    records.add(url)
                    sent.append(asyncio.ensure_future(index.add_html_file(content=html, url="/" + url)))
                    if len(sent) >= IN_FLIGHT:
                        await sent.popleft()
            await asyncio.gather(*sent)
            self.seconds += time.perf_counter() - started
            while (item := self._inbox.get()) is not _DONE:  # nothing is awaited meanwhile
                started = time.perf_counter()
                url, html = item
                if url in records:
                    raise PluginError(
                        f"/{url} is both a page and a search record (Pagefind would keep one); "
                        "give the page `search: exclude: true` in its front matter."
                    )
                self.pages.append(url)
                self.spelling.add_html(html)
                await index.add_html_file(content=html, url="/" + url)
                self.seconds += time.perf_counter() - started
            if self._stop.is_set():
                return
            started = time.perf_counter()
            bundle = self.site / (self.prefix + BUNDLE)
            await index.write_files(output_path=str(bundle))
            entry = await _written(bundle)
            stabilise(bundle)  # the same files for the same site, every build
            indexed = sum(language["page_count"] for language in entry["languages"].values())
            if indexed != self.count + len(self.pages):
                raise PluginError(
                    f"Pagefind indexed {indexed} pages instead of {self.count + len(self.pages)}: "
                    "some pages or records lost their data-pagefind-body element."
                )
            for file in self.spelling.files():  # the site's words, records' and pages' alike
                target = self.site / (self.prefix + file.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(str(file.content), encoding="utf-8")
            self.seconds += time.perf_counter() - started
        except BaseException as error:  # reported by problem()
            self.error = error
        finally:
            await service.close()


async def _written(folder: Path, timeout: float = 60) -> dict:
    """Pagefind's entry file, once the index folder is complete.

    Pagefind answers "written" when it has handed its last writes to the system, not when
    they have landed, and stopping it then could cut files short (a build failed once in
    about twenty on reading an empty pagefind-entry.json). So: wait until two looks at the
    folder 0.1 s apart find the same files with the same sizes and times, and the entry
    file reads.
    """

    def look() -> list[tuple[str, int, int]]:
        return sorted((str(p), (s := p.stat()).st_size, s.st_mtime_ns) for p in folder.rglob("*") if p.is_file())

    deadline = time.monotonic() + timeout
    before = look()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        now = look()
        if now == before:
            try:
                return json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        before = now
    raise PluginError(f"Pagefind did not finish writing {folder} within {timeout:.0f} s.")


def start_index(
    config: MkDocsConfig, search: SearchIndex, *, prefix: str = "", language: str = LANGUAGE
) -> list[Generated]:
    """From on_files: spool the records and start indexing them; return the files the search
    box reads that are known now, for the site. A language other than English has its own
    index and word lists under its `prefix` (es/pagefind/), indexed with its stemmer."""
    count = 0
    records = spool_path(config, "search-records.jsonl")
    with records.open("w", encoding="utf-8") as spool:
        for record in search.records():
            spool.write(json.dumps([prefix + record.url, record_html(record)]) + "\n")
            count += 1
    indexer = _Indexer(Path(config.site_dir), records, count, search.spelling, prefix, language)
    _RUNNING.add(indexer)
    # A build that fails before on_post_build stops Pagefind when its config goes.
    stop = weakref.finalize(config, indexer.cancel)
    config.asset_map_search = {"indexer": indexer, "stop": stop}
    facets = search.facets_file()
    return [type(facets)(prefix + facets.path, facets.content)]


def add_page(config: MkDocsConfig, page: Page, html: str) -> None:
    """From on_post_page: a built page goes to the index unless its front matter says not."""
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return
    state = getattr(config, "asset_map_search", None)
    if state is not None:
        state["indexer"].add_page(page.url, html)


def finish_index(config: MkDocsConfig, *, then: Callable[[], None]) -> None:
    """From the last pass's on_post_build: wait for this pass's index and every earlier
    pass's (index_meanwhile), and check them; the first problem found fails the build. Each
    index's thread writes the search box's word lists, then calls its pass's `then`."""
    index_meanwhile(config, then=then)
    waiting: list[dict] = config.asset_map_search_earlier
    config.asset_map_search_earlier = []
    waited = time.perf_counter()
    problems: list[PluginError] = []
    for each in waiting:
        indexer: _Indexer = each["indexer"]
        each["stop"].detach()
        indexer.wait()
        if problem := indexer.problem():
            problems.append(problem)
            continue
        log.info(
            f"Search: indexed {indexer.count} items and {len(indexer.pages)} pages "
            f"({indexer.prefix or '/'}); Pagefind worked {indexer.seconds:.2f} s"
        )
    state = getattr(config, "asset_map_search", None)
    if state is not None:
        state["seconds"] = time.perf_counter() - waited
        log.info(f"Search: the build waited {state['seconds']:.2f} s for its indexes after the last page")
    if problems:
        raise problems[0]


def index_meanwhile(config: MkDocsConfig, *, then: Callable[[], None]) -> None:
    """From on_post_build of a one-off build's pass when other languages' passes follow: the
    index is written while the next pass makes its pages (on two processors, Pagefind's
    writing and Python's rendering overlap), and `then` is called from its thread once it
    is written; the last pass's finish_index waits for it and fails the build if it failed."""
    state = getattr(config, "asset_map_search", None)
    config.asset_map_search_earlier = getattr(config, "asset_map_search_earlier", [])
    if state is None:
        then()
        return
    state["indexer"].done(lambda _indexer: then())
    config.asset_map_search_earlier.append(state)


def index_later(config: MkDocsConfig, *, then: Callable[[], None]) -> None:
    """From on_post_build under `mkdocs serve`: let the index be written while the browser
    reloads the page; `then` is called when it is. The next build stops it if it is still
    at work (stop_index), and the end of `serve` waits for it (wait_for_index)."""
    state = getattr(config, "asset_map_search", None)
    if state is None:
        then()
        return
    state["stop"].detach()
    started = time.perf_counter()

    def report(indexer: _Indexer) -> None:
        then()
        if problem := indexer.problem():
            log.error(str(problem))
        else:
            log.info(
                f"Search: index updated ({indexer.count} items, {len(indexer.pages)} pages) "
                f"{time.perf_counter() - started:.2f} s after the pages"
            )

    state["indexer"].done(report)


def stop_index() -> None:
    """From on_pre_build and on_build_error: stop Pagefind if a build left it at work."""
    for indexer in list(_RUNNING):
        indexer.cancel()


def wait_for_index() -> None:
    """From on_shutdown: let an index being written in the background finish."""
    for indexer in list(_RUNNING):
        indexer.wait()
