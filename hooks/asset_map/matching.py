"""Needs matched to assets in other counties: "what was a need in one county was an asset in another".

An asset matches a need when it serves at least one of the need's subjects and at least one
of its focus areas, and the need's county does not already take part in it. Matches are
ranked by how many focus areas, then subjects, then grade bands they share; ties go in
alphabetical order of county and asset, so the ranking is the same on every build. Each
match keeps what it shares, which is what the site shows as the reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import CountyAsset, CountyNeed, Dataset


@dataclass(frozen=True)
class Match:
    need: CountyNeed
    offer: CountyAsset
    subjects: tuple[str, ...]
    focus: tuple[str, ...]
    grades: tuple[str, ...]

    @property
    def rank_key(self) -> tuple:
        return (
            -len(self.focus), -len(self.subjects), -len(self.grades),
            self.offer.county.name.lower(), self.offer.asset.name.lower(), self.offer.asset.id,
        )


def _shared(wanted: tuple[str, ...], offered: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term for term in wanted if term in offered)


def matches_for(need: CountyNeed, offers: list[CountyAsset]) -> list[Match]:
    """Every asset in another county that matches `need`, best first."""
    found = []
    for offer in offers:
        if need.county.slug in offer.counties:
            continue
        subjects = _shared(need.need.subjects, offer.asset.subjects)
        focus = _shared(need.need.focus, offer.asset.focus)
        if subjects and focus:
            grades = _shared(need.need.grades, offer.asset.grades)
            found.append(Match(need, offer, subjects, focus, grades))
    return sorted(found, key=lambda m: m.rank_key)


def all_matches(dataset: Dataset) -> dict[tuple[str, str], list[Match]]:
    """Matches for every current need, keyed by (county slug, need id)."""
    offers = dataset.current_assets()
    return {
        (need.county.slug, need.need.id): matches_for(need, offers) for need in dataset.current_needs()
    }
