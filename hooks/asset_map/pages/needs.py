"""Needs statewide (/needs/): for each current need, assets in other counties that match it,
with the reason; needs nobody has an asset for are listed as statewide gaps."""
from __future__ import annotations

from ..matching import Matches
from ..model import Dataset
from ..render import Page, render

SHOWN_MATCHES = 5


def needs_page(dataset: Dataset, matches: dict[tuple[str, str], Matches]) -> Page:
    needs = dataset.current_needs()
    helped = [n for n in needs if matches[(n.county.slug, n.need.id)].total]
    gaps = [n for n in needs if not matches[(n.county.slug, n.need.id)].total]
    return Page(
        "needs/index.md",
        render(
            "needs/index.md.j2", page_url="needs/", dataset=dataset, helped=helped, gaps=gaps,
            matches=matches, shown=SHOWN_MATCHES, total=len(needs),
        ),
    )
