"""Counties like yours: for each county with a map, the three whose current maps are most alike.

Two counties are alike when they work on the same things (the focus areas, subjects and grade
bands of their assets and needs, focus areas counting most) and use the same words for it
(the keys of words.py, weighed by how few counties use them). Each half is a cosine
similarity, and the two are averaged. The reason shown is what they share: focus areas, words,
and how many of each one's needs the other's assets match ("what is a need in one county is
an asset in another").

Counts and weights are whole numbers, so the similarities are exact and the same on every
machine; ties go in alphabetical order of county.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import numpy as np

from .matching import MatchIndex
from .model import Asset, County, Dataset, Need, hashed_once

SHOWN = 3
FOCUS_WEIGHT = 4
"""A shared focus area counts four times as much as a shared subject or grade band."""
VOCABULARY = 2000
"""Only the words most counties use are compared (the rest could only be shared by few)."""
SHOWN_REASONS = 3
CHUNK = 1024


@hashed_once
@dataclass(frozen=True)
class Alike:
    county: County
    focus: tuple[str, ...]
    """Focus areas both work on, the most shared first."""
    words: tuple[str, ...]
    """Words both use, the most telling first."""
    needs_met: int
    """How many of your needs their assets match (among each need's first matches shown)."""
    needs_helped: int
    """How many of their needs your assets match."""


def counties_alike(dataset: Dataset, index: MatchIndex, shown_matches: int) -> dict[str, tuple[Alike, ...]]:
    counties = [c for c in dataset.counties if dataset.current(c.slug)]
    if len(counties) < 2:
        return {}
    row = {c.slug: i for i, c in enumerate(counties)}
    focus_terms = list(dataset.vocabularies["focus_areas"].terms)
    tags = _tag_counts(dataset, row, focus_terms)
    weights, uses, keys, telling = _word_weights(
        index,
        len(counties),
        [row[o.county.slug] for o in dataset.current_assets()],
        [row[n.county.slug] for n in dataset.current_needs()],
    )
    scale = np.concatenate([np.full(len(focus_terms), FOCUS_WEIGHT), np.ones(tags.shape[1] - len(focus_terms))])
    weighted_tags = tags * scale
    met = _needs_met(dataset, index, shown_matches)
    found: dict[str, tuple[Alike, ...]] = {}
    for start in range(0, len(counties), CHUNK):
        stop = min(start + CHUNK, len(counties))
        similarity = _cosine(weighted_tags, start, stop) + _cosine(weights, start, stop)
        similarity = np.rint(similarity * 500_000).astype(np.int64)
        for offset in range(stop - start):
            mine = start + offset
            similarity[offset, mine] = -1
            order = sorted(
                np.argsort(-similarity[offset], kind="stable")[: SHOWN + 5],
                key=lambda other: (-similarity[offset, other], counties[other].name),
            )
            chosen = [other for other in order if similarity[offset, other] > 0][:SHOWN]
            found[counties[mine].slug] = tuple(
                _why(dataset, index, counties, mine, other, tags, focus_terms, (weights, uses, keys, telling), met)
                for other in chosen
            )
    return found


def _tag_counts(dataset: Dataset, row: dict[str, int], focus_terms: list[str]) -> np.ndarray:
    terms = focus_terms + list(dataset.vocabularies["subjects"].terms) + list(dataset.vocabularies["grade_bands"].terms)
    column = {term: i for i, term in enumerate(terms)}
    counts = np.zeros((len(row), len(terms)), dtype=np.float64)
    items: list[tuple[str, Asset | Need]] = [(o.county.slug, o.asset) for o in dataset.current_assets()]
    items += [(n.county.slug, n.need) for n in dataset.current_needs()]
    for slug, item in items:
        for term in (*item.focus, *item.subjects, *item.grades):
            counts[row[slug], column[term]] += 1
    return counts


def _word_weights(
    index: MatchIndex,
    size: int,
    doc_rows: list[int],
    need_rows: list[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """How telling each compared word is for each county (whole numbers), how many of the
    county's texts use it, the words' ids, and whether at most half the counties use it."""
    text = index.text
    places = [np.repeat(np.array(doc_rows, dtype=np.int64), np.diff(text.doc_starts)) * len(text.names) + text.doc_keys]
    for county, query in zip(need_rows, index.queries, strict=True):
        places.append(county * len(text.names) + text.query(query))
    pairs, uses = np.unique(np.concatenate(places), return_counts=True)
    counties_using = np.bincount(pairs % max(len(text.names), 1), minlength=len(text.names))
    shared = np.flatnonzero((counties_using >= 2) & (counties_using < size))
    keys = shared[np.argsort(-counties_using[shared], kind="stable")][:VOCABULARY]
    column = np.full(len(text.names), -1, dtype=np.int64)
    column[keys] = np.arange(len(keys))
    idf = np.log(size / np.maximum(counties_using[keys], 1))
    weights = np.zeros((size, len(keys)), dtype=np.float64)
    counts = np.zeros((size, len(keys)), dtype=np.int64)
    wanted = column[pairs % max(len(text.names), 1)] >= 0
    rows, columns = pairs[wanted] // len(text.names), column[pairs[wanted] % len(text.names)]
    weights[rows, columns] = np.rint(np.log1p(uses[wanted]) * idf[columns] * 100)
    counts[rows, columns] = uses[wanted]
    return weights, counts, keys, counties_using[keys] * 2 <= size


def _cosine(vectors: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Cosine similarity of rows start..stop with every row (0 for an empty vector)."""
    norms = np.sqrt((vectors * vectors).sum(axis=1))
    dots = vectors[start:stop] @ vectors.T
    scale = norms[start:stop, None] * norms[None, :]
    return np.divide(dots, scale, out=np.zeros_like(dots), where=scale > 0)


def _needs_met(dataset: Dataset, index: MatchIndex, shown: int) -> dict[tuple[str, str], int]:
    """(county, other) -> how many of county's needs other's assets match among the first shown."""
    met: dict[tuple[str, str], int] = {}
    for item in dataset.current_needs():
        for slug in {m.offer.county.slug for m in index.needs[(item.county.slug, item.need.id)].best[:shown]}:
            met[(item.county.slug, slug)] = met.get((item.county.slug, slug), 0) + 1
    return met


def _why(
    dataset: Dataset,
    index: MatchIndex,
    counties: list[County],
    mine: int,
    other: int,
    tags: np.ndarray,
    focus_terms: list[str],
    words: tuple[np.ndarray, ...],
    met: dict[tuple[str, str], int],
) -> Alike:
    weights, uses, keys, telling = words
    both = np.minimum(tags[mine, : len(focus_terms)], tags[other, : len(focus_terms)])
    focus = [focus_terms[i] for i in np.argsort(-both, kind="stable") if both[i] > 0][:SHOWN_REASONS]
    # The reason leaves out words either county uses only once (too often chance), words most
    # counties use, and the words of the focus areas already named.
    product = weights[mine] * weights[other] * ((uses[mine] >= 2) & (uses[other] >= 2) & telling)
    named = set(index.words.keys(" ".join(dataset.label("focus_areas", f) for f in focus)))
    # Only the words both use, in the same order as sorting all of them (a stable sort of
    # positions in increasing order), read until enough are found: going through every
    # compared word for every county grew with the data up to VOCABULARY words each.
    both_use = np.flatnonzero(product > 0)
    telling_names = (index.text.names[keys[i]] for i in both_use[np.argsort(-product[both_use], kind="stable")])
    said = [index.words.display(name) for name in islice((n for n in telling_names if n not in named), SHOWN_REASONS)]
    a, b = counties[mine].slug, counties[other].slug
    return Alike(counties[other], tuple(focus), tuple(said), met.get((a, b), 0), met.get((b, a), 0))
