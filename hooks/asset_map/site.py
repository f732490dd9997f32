"""Everything the site generates from a dataset, as a list of pages and files.

This is the library's single entry point for generators: the MkDocs adapter (and tests, and
the benchmark) call `generate` and add what it returns to the site.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .alike import counties_alike
from .cache import cache_for, sources_fingerprint
from .corrections import Corrections
from .exports import export_files
from .feeds import feed_files, need_feeds
from .freshness import Clock
from .language import DEFAULT, Language, speaking
from .maps import SCRIPT_DIR, county_stats
from .matching import match_all
from .model import Dataset
from .outlines import REPOSITORY_COPY
from .pages.balance import balance_page
from .pages.changes import change_pages
from .pages.county import (
    SHOWN_MATCHES,
    Learning,
    county_pages,
    helps_by_county,
    matches_by_county,
    participating_assets,
    sharing_counties,
)
from .pages.data import data_page
from .pages.directory import directory_pages
from .pages.editor import editor_pages
from .pages.explore import explore_pages
from .pages.ideas import idea_pages
from .pages.needs import needs_page
from .pages.partners import partner_pages
from .pages.progress import progress_page
from .pages.reference import reference_page
from .pages.statewide import home_snippet, map_pages
from .reasons import Reasons
from .render import Page, fresh_templates
from .schema_checks import SCHEMA_DIR
from .search import SearchIndex
from .words import Words


@dataclass(frozen=True)
class SiteSettings:
    edit_base: str | None = None
    """URL that a repository path is appended to for an edit link, e.g. '.../edit/main/'."""
    clock: Clock = field(default_factory=lambda: Clock(datetime.date.today()))
    """The build date and the freshness thresholds."""
    public_url: str = "https://cal-mscs.github.io/asset-maps/"
    """Where the site is published: feeds and calendars need absolute links."""
    repo_url: str | None = None
    """The repository's web address (mkdocs.yml `repo_url`), for "Suggest a correction" links
    to its correction issue form; None leaves them out."""
    reuse: bool = False
    """Keep what this build renders for the next build in the same process (cache.py): for
    generators that rebuild on every edit, such as `mkdocs serve`."""
    outlines: Path | None = REPOSITORY_COPY
    """The county outlines GeoJSON the site serves, for checking asset locations (progress page)."""
    language: str = DEFAULT
    """The language of the pages: 'en' or 'es' (messages/<language>.yml). Pages in another
    language than English go under `<language>/` and link to the English build's files
    (downloads, feeds, schemas), which only the English generation makes."""
    source_root: Path | None = None
    """The folder county file paths (`counties/<slug>/<cycle>.yml`) are relative to, so the
    county editor can load each current file unchanged; None publishes starters only."""


@dataclass(frozen=True)
class Site:
    pages: Iterator[Page]
    """Every page and file, made one family at a time as they are read: a caller that hands
    each on (to disk, say) never holds the whole site, which at statewide-times-fifty size is
    more than a gigabyte of text. Read it once."""
    snippets: dict[str, str]
    """HTML for placeholders `<!-- asset-map: NAME -->` in hand-written pages."""
    search: SearchIndex
    """What the site search indexes besides the pages: one record per asset, need, goal,
    partner, county and region, and the files its search box reads (search.py)."""
    analysis: Analysis
    """The matching, for generating the same dataset in another language (`generate`)."""


def generate(
    dataset: Dataset, settings: SiteSettings, analysis: Analysis | None = None, made: Iterable[Page] | None = None
) -> Site:
    """Every page and file of the site.

    Pieces rendered by the previous call in this process are reused where their inputs are
    unchanged (cache.py), which is what makes rebuilds under `mkdocs serve` quick. A site in
    several languages is generated once per language from the same dataset: pass the first
    call's `Site.analysis` to the others, so matching is done once. `made` are the pages if
    another process made them (elsewhere.py): only the rest of the site is worked out here.
    """
    # What no cache key holds (templates, schemas, settings) is the build's context: when
    # it changes, nothing from the previous build is reused.
    sources = sources_fingerprint()
    fresh_templates(sources)
    cache_for(settings.language).next_build(
        enabled=settings.reuse, context=(sources, settings) if settings.reuse else None
    )
    if analysis is None or analysis.dataset is not dataset or analysis.today != settings.clock.today:
        analysis = Analysis(dataset, settings.clock.today)
    language = language_of(settings)
    if not language.is_default:
        dataset = dataset.in_language(language.code, language.messages.vocabularies)
    with speaking(language):
        home_map, home_script = home_snippet(dataset)
    pages = iter(made) if made is not None else _in_language(language, _pages(dataset, settings, home_script, analysis))
    return Site(pages, {"home-map": home_map}, SearchIndex(dataset, language), analysis)


class Analysis:
    """What generation works out from the data in any language: needs matched to assets,
    each asset's needs elsewhere and counties like each other (from the English words and
    labels, which the matching's stemmer and synonyms are for). Made on first use."""

    def __init__(self, dataset: Dataset, today: datetime.date) -> None:
        self.dataset = dataset
        self.today = today

    @functools.cached_property
    def results(self) -> tuple[dict, Words, dict, dict]:
        index = match_all(self.dataset, self.today)
        alike = counties_alike(self.dataset, index, SHOWN_MATCHES)
        # Only what the pages read is kept: the index holds every asset's words (at
        # statewide-times-fifty size, a hundred megabytes).
        return index.needs, index.words, helps_by_county(index.helps), alike


def language_of(settings: SiteSettings) -> Language:
    code = settings.language
    return Language(code, "" if code == DEFAULT else f"{code}/")


def _in_language(language: Language, pages: Iterator[Page]) -> Iterator[Page]:
    """Render `pages` in `language`; its pages go under its prefix. In another language than
    the default, only pages (Markdown) and their map scripts are made: data files are the
    same in every language and come from the default language's generation."""
    with speaking(language):
        for page in pages:
            if language.is_default:
                yield page
            elif page.path.endswith(".md"):
                yield Page(language.page_path(page.path), page.content, page.edit_path, page.fragments)
            elif page.path.startswith(f"{SCRIPT_DIR}/{language.prefix}"):
                yield page


def _pages(dataset: Dataset, settings: SiteSettings, home_script: Page, analysis: Analysis) -> Iterator[Page]:
    every_file = settings.language == DEFAULT
    clock = settings.clock
    matches, words, helps, alike = analysis.results
    yield from directory_pages(dataset, clock)
    by_county = matches_by_county(matches)
    sharing = sharing_counties(dataset)
    taking_part = participating_assets(dataset)
    corrections = Corrections.for_repository(settings.repo_url, settings.public_url) if settings.repo_url else None
    reasons = Reasons(dataset)
    for county in dataset.counties:
        learning = Learning(helps.get(county.slug, {}), alike.get(county.slug, ()), words, reasons)
        yield from county_pages(
            dataset,
            county,
            by_county.get(county.slug, {}),
            sharing.get(county.slug, ()),
            clock,
            edit_base=settings.edit_base,
            learning=learning,
            shared_in=taking_part.get(county.slug, ()),
            corrections=corrections,
        )
    yield from map_pages(dataset)
    yield from idea_pages(dataset)
    yield from partner_pages(dataset)
    yield needs_page(dataset, matches, words, reasons)
    yield balance_page(dataset)
    yield from explore_pages(dataset, with_data=every_file)
    yield data_page(dataset)
    yield reference_page(dataset)
    yield progress_page(dataset, clock, edit_base=settings.edit_base, outlines=settings.outlines)
    yield from change_pages(dataset)
    yield home_script
    # The editor's pages in every language (its files come from the English generation).
    yield from editor_pages(
        dataset, clock, edit_base=settings.edit_base, source_root=settings.source_root, with_files=every_file
    )
    if every_file:
        yield from export_files(dataset)
        yield from feed_files(dataset, settings.public_url)
        yield from need_feeds(dataset, matches, settings.public_url)
        yield county_stats(dataset)
        yield from schema_files()


def schema_files() -> list[Page]:
    """The JSON Schemas, published unchanged at /schema/<name>.schema.json."""
    pages = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        json.loads(path.read_text(encoding="utf-8"))  # a broken schema fails here, not in editors
        pages.append(Page(f"schema/{path.name}", path.read_bytes()))
    return pages
