"""Needs matched to assets in other counties: "what was a need in one county was an asset in another".

An asset matches a need when it serves at least one of the need's subjects and at least one
of its focus areas, and the need's county does not already take part in it. Matches are
ranked by how many focus areas, then subjects, then grade bands they share; ties go in
alphabetical order of county and asset, so the ranking is the same on every build. Each
match keeps what it shares, which is what the site shows as the reason.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from .model import CountyAsset, CountyNeed, Dataset


@dataclass(frozen=True)
class Match:
    need: CountyNeed
    offer: CountyAsset
    subjects: tuple[str, ...]
    focus: tuple[str, ...]
    grades: tuple[str, ...]


KEPT = 25
"""How many of a need's best matches are kept; pages show fewer, and say how many more exist."""


@dataclass(frozen=True)
class Matches:
    best: tuple[Match, ...]
    """The best matches, best first (at most KEPT)."""
    total: int


def _shared(wanted: tuple[str, ...], offered: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term for term in wanted if term in offered)


def _match(need: CountyNeed, offer: CountyAsset) -> Match:
    asset = offer.asset
    return Match(
        need, offer, _shared(need.need.subjects, asset.subjects), _shared(need.need.focus, asset.focus),
        _shared(need.need.grades, asset.grades),
    )


def matches_for(need: CountyNeed, offers: list[CountyAsset], kept: int = KEPT) -> Matches:
    """The assets in other counties that match `need`: the best `kept` of them, and how many."""
    subjects, focus, grades = set(need.need.subjects), set(need.need.focus), set(need.need.grades)
    ranked = []
    for offer in offers:
        asset = offer.asset
        if need.county.slug in offer.counties or subjects.isdisjoint(asset.subjects) or focus.isdisjoint(asset.focus):
            continue
        key = (
            -len(focus.intersection(asset.focus)), -len(subjects.intersection(asset.subjects)),
            -len(grades.intersection(asset.grades)),
            offer.county.name.lower(), asset.name.lower(), asset.id,
        )
        ranked.append((key, offer))
    best = heapq.nsmallest(kept, ranked, key=lambda pair: pair[0])
    return Matches(tuple(_match(need, offer) for _, offer in best), len(ranked))


def all_matches(dataset: Dataset) -> dict[tuple[str, str], Matches]:
    """Matches for every current need, keyed by (county slug, need id).

    Assets are indexed by (subject, focus area) so each need only looks at assets that can
    match it, instead of every asset in the state.
    """
    offers = dataset.current_assets()
    index: dict[tuple[str, str], list[int]] = {}
    for position, offer in enumerate(offers):
        for subject in offer.asset.subjects:
            for focus in offer.asset.focus:
                index.setdefault((subject, focus), []).append(position)
    found = {}
    for need in dataset.current_needs():
        candidates = sorted(
            {p for s in need.need.subjects for f in need.need.focus for p in index.get((s, f), ())}
        )
        found[(need.county.slug, need.need.id)] = matches_for(need, [offers[p] for p in candidates])
    return found
