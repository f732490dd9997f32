"""The partner directory (/partners/, /partners/<id>/): who could we connect to, and who
already works with them?"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ..cache import cached
from ..language import current
from ..maps import build_map
from ..model import County, CountyAsset, Dataset, Partner
from ..palette import palette
from ..render import Page, plain_title, render
from .ideas import entries


@dataclass(frozen=True)
class PartnerUse:
    partner: Partner
    items: tuple[CountyAsset, ...]
    counties: tuple[County, ...]
    """Every county taking part in an asset that names the partner."""


def partner_uses(dataset: Dataset) -> list[PartnerUse]:
    naming: dict[str, list[CountyAsset]] = {}
    for item in dataset.current_assets():
        for partner_id in dict.fromkeys(item.asset.partners):
            naming.setdefault(partner_id, []).append(item)
    # Each partner's counties in the dataset's order, from a position per county (a pass over
    # every county per partner grew with the square of the data).
    position = {c.slug: index for index, c in enumerate(dataset.counties)}
    uses = []
    for partner in sorted(dataset.partners.values(), key=lambda p: p.name.lower()):
        items = tuple(naming.get(partner.id, ()))
        slugs = {slug for item in items for slug in item.counties if slug in position}
        counties = tuple(dataset.counties[position[slug]] for slug in sorted(slugs, key=position.__getitem__))
        uses.append(PartnerUse(partner, items, counties))
    return uses


def partner_pages(dataset: Dataset) -> Iterator[Page]:
    """The directory, then each partner's page and map script, one partner at a time."""
    uses = partner_uses(dataset)
    rendered = entries(dataset, "partners/partner/")
    yield Page("partners/index.md", render("partners/index.md.j2", page_url="partners/", uses=uses, dataset=dataset))
    for use in uses:
        key = ("partner-page", use, dataset.reference_key)
        yield from cached(key, functools.partial(_partner_page, dataset, use, rendered))


def _partner_page(dataset: Dataset, use: PartnerUse, rendered: dict) -> list[Page]:
    """One partner's page and map script: reads the partner, its assets and reference data."""
    url = f"partners/{use.partner.id}/"
    colours = palette()
    partner_map = build_map(
        f"partner-{use.partner.id}",
        url,
        {
            "mode": "region",
            "highlight": [c.fips for c in use.counties],
            "legend": f"am-legend-partner-{use.partner.id}",
            "legendEntries": [
                [colours["chosen"], current().messages.partners.legend_working],
                [colours["none"], current().messages.map.legend_other],
            ],
        },
        css_class="am-map--small",
    )
    return [
        Page(
            f"{url}index.md",
            render(
                "partners/page.md.j2",
                page_url=url,
                use=use,
                dataset=dataset,
                map_parts=partner_map,
                entries=rendered,
                title=plain_title(use.partner.name),
                partner_type=dataset.vocabularies["partner_types"].terms[use.partner.type],
            ),
        ),
        partner_map.script,
    ]
