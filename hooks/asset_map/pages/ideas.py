"""Cross-county idea listings (/ideas/): every current asset by focus area, subject, kind,
grade band and audience, each listing opening with the term's definition and its counts."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from ..cache import cached
from ..language import current
from ..model import CountyAsset, Dataset, Term
from ..render import Page, html_block, plain_title, render


@dataclass(frozen=True)
class Facet:
    slug: str
    vocabulary: str
    title: str
    field: str


FACETS = (
    Facet("focus", "focus_areas", "Focus area", "focus"),
    Facet("subject", "subjects", "Subject", "subjects"),
    Facet("kind", "asset_kinds", "Kind of asset", "kind"),
    Facet("grades", "grade_bands", "Grade band", "grades"),
    Facet("audience", "audiences", "Audience", "audiences"),
)


@dataclass(frozen=True)
class Listing:
    facet: Facet
    term: Term
    items: tuple[CountyAsset, ...]

    @property
    def url(self) -> str:
        return f"ideas/{self.facet.slug}/{self.term.key}/"

    @property
    def counties(self) -> int:
        return len({c for item in self.items for c in item.counties})

    @property
    def enduring(self) -> int:
        return sum(item.asset.duration == "enduring" for item in self.items)


def _has(item: CountyAsset, facet: Facet, key: str) -> bool:
    value = getattr(item.asset, facet.field)
    return value == key if isinstance(value, str) else key in value


def listings(dataset: Dataset) -> dict[str, list[Listing]]:
    assets = dataset.current_assets()
    return {
        facet.slug: [
            Listing(facet, term, tuple(item for item in assets if _has(item, facet, term.key)))
            for term in dataset.vocabularies[facet.vocabulary].terms.values()
        ]
        for facet in FACETS
    }


def entries(dataset: Dataset, page_url: str) -> dict[tuple[str, str], Markup]:
    """Each current asset's listing entry, rendered once for pages at the depth of `page_url`.

    An asset appears in about ten listings; rendering it once per depth instead of once per
    listing is most of the cost of these pages at statewide size.
    """
    return {
        (item.county.slug, item.asset.id): cached(
            ("idea-entry", page_url, item, dataset.reference_key),
            functools.partial(_entry, page_url, dataset, item),
        )
        for item in dataset.current_assets()
    }


def idea_pages(dataset: Dataset) -> Iterator[Page]:
    """The index and every listing, one at a time: together the listings repeat every asset
    about ten times, which is hundreds of megabytes at statewide-times-fifty size."""
    by_facet = listings(dataset)
    rendered = entries(dataset, "ideas/facet/term/")
    total = len(dataset.current_assets())
    yield Page(
        "ideas/index.md",
        render("ideas/index.md.j2", page_url="ideas/", facets=FACETS, by_facet=by_facet, total=total),
    )
    for facet in FACETS:
        for listing in by_facet[facet.slug]:
            key = ("idea-listing", listing, dataset.reference_key)
            yield cached(key, functools.partial(_listing_page, listing, rendered))


def _listing_page(listing: Listing, rendered: dict[tuple[str, str], Markup]) -> Page:
    """One listing: reads its term, its assets and their entries (keyed by the same assets)."""
    return Page(
        f"{listing.url}index.md",
        render(
            "ideas/listing.md.j2",
            page_url=listing.url,
            listing=listing,
            entries=Markup("").join(rendered[(item.county.slug, item.asset.id)] for item in listing.items),
            title=plain_title(f"{current().messages.ideas.facets[listing.facet.slug]}: {listing.term.label}"),
        ),
    )


def _entry(page_url: str, dataset: Dataset, item: CountyAsset) -> Markup:
    return Markup(html_block(render("ideas/entry.html", page_url=page_url, dataset=dataset, item=item)))
