"""Needs matched to assets in other counties: "what was a need in one county was an asset in another".

An asset matches a need when it serves at least one of the need's subjects and at least one
of its focus areas, and the need's county does not already take part in it. Matches are
ranked by how many focus areas, then subjects, then grade bands they share; ties go in
alphabetical order of county and asset, so the ranking is the same on every build. Each
match keeps what it shares, which is what the site shows as the reason.

Scoring every asset against every need is quadratic: 15,000 needs against 60,000 assets at
statewide-times-fifty size. So subjects, focus areas and grade bands become bit masks scored
with NumPy, and needs asking for the same subjects, focus areas and grades (a few hundred
combinations, whatever the number of counties) share one ranking; each need then only drops
the assets its own county takes part in.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import CountyAsset, CountyNeed, Dataset, hashed_once


@hashed_once
@dataclass(frozen=True)
class Match:
    need: CountyNeed
    offer: CountyAsset
    subjects: tuple[str, ...]
    focus: tuple[str, ...]
    grades: tuple[str, ...]


KEPT = 25
"""How many of a need's best matches are kept; pages show fewer, and say how many more exist."""


@hashed_once
@dataclass(frozen=True)
class Matches:
    best: tuple[Match, ...]
    """The best matches, best first (at most KEPT)."""
    total: int

    def shown_key(self, shown: int) -> tuple:
        """All that a page listing the first `shown` matches prints (templates/needs/match.html):
        a page is rendered again only when this changes (cache.py)."""
        return self.total, tuple(
            (m.offer.county.slug, m.offer.county.name, m.offer.asset.id, m.offer.asset.name, m.subjects, m.focus,
             m.grades)
            for m in self.best[:shown]
        )


def _shared(wanted: tuple[str, ...], offered: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term for term in wanted if term in offered)


def _match(need: CountyNeed, offer: CountyAsset) -> Match:
    asset = offer.asset
    return Match(
        need, offer, _shared(need.need.subjects, asset.subjects), _shared(need.need.focus, asset.focus),
        _shared(need.need.grades, asset.grades),
    )


class _Bits:
    """Terms of one vocabulary as bit positions, handed out as terms are first seen."""

    def __init__(self) -> None:
        self.positions: dict[str, int] = {}

    def mask(self, terms: tuple[str, ...]) -> int:
        value = 0
        for term in terms:
            position = self.positions.setdefault(term, len(self.positions))
            if position > 62:  # vocabularies.schema.json allows at most 63 terms
                raise ValueError(f"more than 63 different terms in one vocabulary (at {term!r})")
            value |= 1 << position
        return value


class _Ranking:
    """Every offer's masks and tie-break rank, for scoring many needs against them at once."""

    def __init__(self, offers: list[CountyAsset]) -> None:
        self.offers = offers
        self.subjects, self.focus, self.grades = _Bits(), _Bits(), _Bits()
        order = sorted(
            range(len(offers)),
            key=lambda i: (offers[i].county.name.lower(), offers[i].asset.name.lower(), offers[i].asset.id),
        )
        rank = np.empty(len(offers), dtype=np.int64)
        rank[order] = np.arange(len(offers), dtype=np.int64)
        self.rank = rank
        self.subject_masks = self._masks(lambda a: self.subjects.mask(a.subjects))
        self.focus_masks = self._masks(lambda a: self.focus.mask(a.focus))
        self.grade_masks = self._masks(lambda a: self.grades.mask(a.grades))
        self.involving: dict[str, set[int]] = {}
        for position, offer in enumerate(offers):
            for slug in offer.counties:
                self.involving.setdefault(slug, set()).add(position)
        self.room = KEPT + max((len(found) for found in self.involving.values()), default=0)
        """Enough of a shared ranking that, after a county drops its own assets, KEPT remain."""

    def _masks(self, mask_of) -> np.ndarray:
        return np.fromiter((mask_of(o.asset) for o in self.offers), dtype=np.uint64, count=len(self.offers))

    def ranked(self, subjects: int, focus: int, grades: int) -> tuple[np.ndarray, np.ndarray]:
        """Whether each offer matches, and the matching offers best first (as many as `room`)."""
        shared_subjects = self.subject_masks & np.uint64(subjects)
        shared_focus = self.focus_masks & np.uint64(focus)
        matching = (shared_subjects != 0) & (shared_focus != 0)
        positions = np.flatnonzero(matching)
        score = (
            np.bitwise_count(shared_focus[positions]).astype(np.int64) * 10_000
            + np.bitwise_count(shared_subjects[positions]).astype(np.int64) * 100
            + np.bitwise_count(self.grade_masks[positions] & np.uint64(grades)).astype(np.int64)
        )
        # One sort key: higher score first, then the alphabetical rank.
        key = -score * len(self.offers) + self.rank[positions]
        if len(positions) > self.room:
            keep = np.argpartition(key, self.room)[: self.room]
            positions, key = positions[keep], key[keep]
        return matching, positions[np.argsort(key, kind="stable")]


def all_matches(dataset: Dataset) -> dict[tuple[str, str], Matches]:
    """Matches for every current need, keyed by (county slug, need id)."""
    offers = dataset.current_assets()
    found: dict[tuple[str, str], Matches] = {}
    if not offers:
        return {(n.county.slug, n.need.id): Matches((), 0) for n in dataset.current_needs()}
    ranking = _Ranking(offers)
    shared: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray, int]] = {}
    for need in dataset.current_needs():
        signature = (
            ranking.subjects.mask(need.need.subjects), ranking.focus.mask(need.need.focus),
            ranking.grades.mask(need.need.grades),
        )
        if signature not in shared:
            matching, best = ranking.ranked(*signature)
            shared[signature] = (matching, best, int(matching.sum()))
        matching, best, total = shared[signature]
        own = ranking.involving.get(need.county.slug, set())
        mine = [int(p) for p in best if int(p) not in own][:KEPT]
        total -= sum(1 for p in own if matching[p])
        found[(need.county.slug, need.need.id)] = Matches(tuple(_match(need, offers[p]) for p in mine), total)
    return found
