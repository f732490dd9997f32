"""Reusing MkDocs's own per-page work between the builds of one `mkdocs serve` process.

After an edit, `mkdocs serve` builds the whole site again. The library reuses what it
generated (asset_map/cache.py), but MkDocs would still run the theme's template on every
page, which is most of a rebuild. A page whose inputs are unchanged gives the same HTML, so
it is kept here, keyed by everything it is made from:

- the page's address, title, HTML content, table of contents, front matter and edit link;
- its place in the navigation (the whole nav, previous and next pages);
- the configuration file's bytes, the serving address, and the theme overrides' files.

A page is re-rendered as soon as any of these differs. Nothing here changes what a build
from scratch produces: the caches start empty in every new process. They are module state on
purpose: MkDocs imports hook files (and so this module) once per `serve` process.

This is MkDocs- and mkdocs-material-specific, which is why it sits beside the adapter and
not in the library. (The site search is Pagefind, which indexes the written pages after
every build: mkdocs_search.py.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asset_map.cache import BuildCache
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

REUSE_TEMPLATE = "asset-map-reuse.html"


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process, not once per rebuild (MkDocs makes a
    new Jinja environment for every build). Jinja checks each template's source checksum,
    so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()
PAGES = BuildCache()
"""Finished HTML per page (key: `page_key`)."""


def start_build(config: MkDocsConfig, *, reuse: bool) -> None:
    """Called once per build: sweep what the last build did not use.

    With `reuse` off (a one-off `mkdocs build`) nothing is kept.
    """
    PAGES.next_build(enabled=reuse)


def reuse_compiled_templates(env: Environment) -> Environment:
    env.bytecode_cache = _COMPILED
    return env


def site_key(config: MkDocsConfig, nav: Navigation) -> str:
    """What every page's HTML depends on besides the page itself: the configuration file, the
    serving address, the theme overrides and the navigation every page shows."""

    def walk(items: list) -> list:
        return [
            [
                type(item).__name__,
                str(item.title),
                getattr(item, "url", None),
                walk(getattr(item, "children", None) or []),
            ]
            for item in items
        ]

    digest = hashlib.blake2b(digest_size=16)
    digest.update(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    digest.update(str(config.site_url).encode("utf-8"))
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for path in sorted(Path(custom_dir).rglob("*")):
            if path.is_file():
                digest.update(f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}".encode())
    digest.update(json.dumps(walk(nav.items)).encode("utf-8"))
    return digest.hexdigest()


def page_key(page: Page, content: str, site: str) -> tuple:
    """Everything the theme reads to render `page` (whose HTML body is `content`)."""

    def neighbour(other: Page | None) -> tuple | None:
        return (other.url, str(other.title)) if other else None

    return (
        site,
        content_key(page, content),
        page.file.edit_uri,
        page.edit_url,
        page.canonical_url,
        neighbour(page.previous_page),
        neighbour(page.next_page),
        page.is_homepage,
        tuple(str(a.title) for a in page.ancestors),
    )


def content_key(page: Page, content: str) -> tuple:
    """The page's own part of what the theme reads: address, title, content, toc, meta."""
    return (page.url, str(page.title), content, _toc_key(page.toc), _meta_key(page.meta))


def reuse_page(page: Page, content: str, site: str) -> str:
    """Before the theme renders `page`, whose HTML body is `content`: if its finished HTML is
    known, make the theme skip it.

    Returns the content to give MkDocs: empty for a skipped page, which nothing reads then.
    """
    page.asset_map_reuse_key = page_key(page, content, site)
    if PAGES.peek(page.asset_map_reuse_key) is None:
        return content
    page.meta["template"] = REUSE_TEMPLATE
    return ""


def finished_page(output: str, page: Page) -> str:
    """After the theme (and the rest of on_post_page): the kept HTML, or keep this one."""
    key = getattr(page, "asset_map_reuse_key", None)
    if key is None:
        return output
    if page.meta.get("template") == REUSE_TEMPLATE:
        return PAGES.peek(key)  # type: ignore[return-value]
    PAGES.put(key, output)
    return output


def _toc_key(toc: Iterable[AnchorLink]) -> tuple:
    return tuple((str(item.title), item.id, item.level, _toc_key(item.children)) for item in toc)


def _meta_key(meta: Mapping[str, Any]) -> str:
    if meta.get("template") == REUSE_TEMPLATE:
        meta = {k: v for k, v in meta.items() if k != "template"}
    return json.dumps(meta, sort_keys=True, default=str)
