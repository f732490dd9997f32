"""Needs statewide (/needs/): for each current need, assets in other counties that match it,
with the reason; needs nobody has an asset for are listed as statewide gaps."""
from __future__ import annotations

from markupsafe import Markup

from ..cache import cached
from ..matching import Matches
from ..model import CountyNeed, Dataset
from ..render import Page, render

SHOWN_MATCHES = 5


def needs_page(dataset: Dataset, matches: dict[tuple[str, str], Matches]) -> Page:
    needs = dataset.current_needs()
    helped = [n for n in needs if matches[(n.county.slug, n.need.id)].total]
    gaps = [n for n in needs if not matches[(n.county.slug, n.need.id)].total]
    cards = [_card(dataset, item, matches[(item.county.slug, item.need.id)]) for item in helped]
    return Page(
        "needs/index.md",
        render(
            "needs/index.md.j2", page_url="needs/", dataset=dataset, helped=helped, gaps=gaps, cards=cards,
            total=len(needs),
        ),
    )


def _card(dataset: Dataset, item: CountyNeed, found: Matches) -> Markup:
    """One need and its best matches: reads only those and the reference data."""
    return cached(
        ("need-card", item, found.shown_key(SHOWN_MATCHES), dataset.reference_key),
        lambda: Markup(render(
            "needs/card.html", page_url="needs/", dataset=dataset, item=item, found=found, shown=SHOWN_MATCHES,
        ).strip()),
    )
