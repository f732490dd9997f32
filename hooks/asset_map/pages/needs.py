"""Needs statewide (/needs/): for each current need, assets in other counties that match it,
with the reason; needs nobody has an asset for are listed as statewide gaps.

Every need carries its subjects, grade bands, focus areas and region as data- attributes, so
needs.js can filter the page; without JavaScript the page lists every need.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ..cache import cached
from ..language import current
from ..matching import Matches
from ..model import CountyNeed, Dataset
from ..reasons import Reasons
from ..render import Page, render
from ..words import Words

SHOWN_MATCHES = 5


@dataclass(frozen=True)
class Filter:
    """One filter of the page: its values with labels and how many needs have each."""

    key: str
    title: str
    values: tuple[tuple[str, str, int], ...]


def needs_page(dataset: Dataset, matches: dict[tuple[str, str], Matches], words: Words, reasons: Reasons) -> Page:
    needs = dataset.current_needs()
    helped = [n for n in needs if matches[(n.county.slug, n.need.id)].total]
    gaps = [n for n in needs if not matches[(n.county.slug, n.need.id)].total]
    cards = [_card(dataset, item, matches[(item.county.slug, item.need.id)], words, reasons) for item in helped]
    return Page(
        "needs/index.md",
        render(
            "needs/index.md.j2",
            page_url="needs/",
            dataset=dataset,
            helped=helped,
            gaps=gaps,
            cards=cards,
            total=len(needs),
            filters=filters(dataset, needs),
        ),
    )


def filters(dataset: Dataset, needs: list[CountyNeed]) -> list[Filter]:
    """Subject, grade band, focus area and region, each value with the number of needs."""
    counts = {
        "subject": Counter(s for n in needs for s in n.need.subjects),
        "grades": Counter(g for n in needs for g in n.need.grades),
        "focus": Counter(f for n in needs for f in n.need.focus),
        "region": Counter(str(n.county.region) for n in needs),
    }
    labels = {
        "subject": {k: t.label for k, t in dataset.vocabularies["subjects"].terms.items()},
        "grades": {k: t.label for k, t in dataset.vocabularies["grade_bands"].terms.items()},
        "focus": {k: t.label for k, t in dataset.vocabularies["focus_areas"].terms.items()},
        "region": {str(r.number): r.title for r in dataset.regions},
    }
    words = current().messages.needs
    titles = {"subject": words.subject, "grades": words.grade_band, "focus": words.focus_area, "region": words.region}
    return [
        Filter(
            key,
            titles[key],
            tuple((value, label, counts[key][value]) for value, label in labels[key].items() if counts[key][value]),
        )
        for key in titles
    ]


def _card(dataset: Dataset, item: CountyNeed, found: Matches, words: Words, reasons: Reasons) -> Markup:
    """One need and its best matches: reads only those and the reference data (which holds
    the synonyms `words` marks with, and the labels `reasons` uses)."""
    return cached(
        ("need-card", item, found.shown_key(SHOWN_MATCHES), dataset.reference_key),
        lambda: Markup(
            render(
                "needs/card.html",
                page_url="needs/",
                dataset=dataset,
                item=item,
                found=found,
                shown=SHOWN_MATCHES,
                marks=words,
                reasons=reasons,
            ).strip()
        ),
    )
