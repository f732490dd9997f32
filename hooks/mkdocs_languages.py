"""The language switcher and `hreflang` links for generated pages.

mkdocs-static-i18n builds the site once per language and gives each hand-written page's
File the addresses of its other-language versions (`alternates`), which its
`reconfigure_material` option turns into the header's language switcher (Material's
`extra.alternate`) and its sitemap template into `hreflang` links. Generated pages are added
after the plugin has done that (mkdocs_hooks.on_files runs after it), so they get the same
attributes here: every generated page exists in every language, at the same address under
the language's prefix (`es/counties/marin/` beside `counties/marin/`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

DEFAULT_LANGUAGE = "en"


class _Elsewhere:
    """The same page in another language, as the plugin's templates read a File: its
    address, and no Page object (that is built in the other language's pass)."""

    page = None

    def __init__(self, url: str) -> None:
        self.url = url


def pair_languages(config: MkDocsConfig, language: str, files: list[File]) -> None:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return
    languages = list(plugin.build_languages)
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    pages = [file for file in files if file.is_documentation_page()]
    for file in pages:
        url = file.url.removeprefix(prefix) if prefix else file.url
        # What the plugin gives its own Files (suffix.create_i18n_file) and its templates read.
        file.locale = language  # type: ignore[attr-defined]
        file.locale_alternate_of = language  # type: ignore[attr-defined]
        file.alternates = {  # type: ignore[attr-defined]
            other: file if other == language else _Elsewhere(url if other == DEFAULT_LANGUAGE else f"{other}/{url}")
            for other in languages
        }
    # The plugin's sitemap lists, per language, the pages its on_files saw: add ours.
    plugin.i18n_files_per_language.setdefault(language, []).extend(pages)


def _alternates(config: MkDocsConfig) -> list[dict]:
    """The switcher's entries as the theme will read them: the plugin sets this page's as an
    attribute of `extra` (which the theme's `config.extra.alternate` finds first), and the
    site's as its item."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


def relative_alternates(config: MkDocsConfig) -> None:
    """From on_page_context: the switcher's links as site paths ('es/', 'counties/marin/')
    rather than the plugin's absolute '/asset-maps/es/' for home pages, so the theme makes
    them relative to the page like every other link and the site works from any folder."""
    base = urlsplit(config.site_url or "").path.rstrip("/") + "/"
    for alternate in _alternates(config):
        link = str(alternate.get("link", ""))
        if link.startswith(base):
            alternate["link"] = link[len(base) :] or "./"


def hreflang_links(config: MkDocsConfig, context: dict) -> list[tuple[str, str]]:
    """From on_page_context, after the plugin has pointed the switcher (`extra.alternate`) at
    this page's versions: each language's version as an absolute address, for the head's
    `<link rel="alternate" hreflang>` (search engines want whole addresses there)."""
    site = (config.site_url or "").rstrip("/") + "/"
    origin = urlsplit(site)._replace(path="", query="", fragment="").geturl()
    links = []
    for alternate in _alternates(config):
        link = str(alternate.get("link", ""))
        if link.startswith(("http://", "https://")):
            href = link
        elif link.startswith("/"):
            href = origin + link
        else:
            href = site + ("" if link in ("", "./", ".") else link)
        links.append((str(alternate.get("lang", "")), href))
    return links
