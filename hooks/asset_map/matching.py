"""Needs matched to assets in other counties: "what was a need in one county was an asset in another".

An asset in another county matches a need when it serves one of the need's subjects and
either shares one of its focus areas or says enough of what the need says (text_index.py:
BM25 over the asset's name, summary, kind, focus areas and partners, against the need's
statement and evidence, with the synonym list bridging different words for one thing).
Assets the need's own county takes part in are left out.

Score, in points: 2,000 for each shared focus area, 500 for each shared subject, 1,000 for
any shared grade band, and up to 4,000 for the words: the need's BM25 score for the asset,
where 4,000 points stand for two words no other asset uses (text_index.py). An asset without
a shared focus area needs 600 points of words. Ties go to enduring assets, then in
alphabetical order of county and asset, so the same data always gives the same ranking.

What can still help comes first: temporary assets that ended before the build date are
kept apart (`Matches.ended`). Which assets are kept (the best KEPT for each need) does not
depend on the date, so feeds built from them do not either. Each asset also gets the needs
it is among the best matches for (`Helps`): "needs elsewhere this could help with".

Every match keeps what it shares, which is what the site shows as the reason, and the keys
of the shared words, which pages mark in the asset's text.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from .model import CountyAsset, CountyNeed, Dataset, Need, hashed_once
from .text_index import TextIndex
from .words import GROUP_PREFIX, Words, joined

KEPT = 15
"""How many of a need's best matches are kept; pages show fewer, and say how many more exist."""
HELPS_KEPT = 10
"""How many needs are kept for each asset's "needs elsewhere this could help with"."""
WORDS_SHOWN = 4
COMMON_SHARE = 4
"""A word found in more than a quarter of the assets is too common to point out as shared."""
FOCUS_POINTS = 2000
SUBJECT_POINTS = 500
GRADE_POINTS = 1000
TEXT_POINTS = 4000
TEXT_ALONE = 600
"""Points of words an asset needs to match a need it shares no focus area with."""
CHUNK = 128


@hashed_once
@dataclass(frozen=True)
class Said:
    """A word or phrase both texts use: as the need says it, and as the asset says it when
    that differs because they are synonyms ('' otherwise)."""

    need_says: str
    asset_says: str = ""


@hashed_once
@dataclass(frozen=True)
class Match:
    need: CountyNeed
    offer: CountyAsset
    subjects: tuple[str, ...]
    focus: tuple[str, ...]
    grades: tuple[str, ...]
    words: tuple[Said, ...] = ()
    """The words both use, the most telling first (at most WORDS_SHOWN)."""
    keys: tuple[str, ...] = ()
    """Every key (words.py) both texts share: what pages mark in either text."""


@hashed_once
@dataclass(frozen=True)
class Matches:
    best: tuple[Match, ...]
    """Matches that can still help, best first."""
    total: int
    ended: tuple[Match, ...] = ()
    """Temporary assets that have ended, best first: listed apart, to ask what they learned."""
    ended_total: int = 0

    def shown_key(self, shown: int) -> tuple:
        """All that a page listing the first `shown` matches prints (templates/needs/match.html
        lists at most `shown` ended ones too): a page is rendered again only when this changes
        (cache.py)."""
        return self.total, self.ended_total, self.best[:shown], self.ended[:shown]

    @property
    def kept(self) -> tuple[Match, ...]:
        """Every kept match, ended or not: the same whatever the build date."""
        return self.best + self.ended


@hashed_once
@dataclass(frozen=True)
class Helps:
    """The needs in other counties an asset is among the best matches for, best first."""

    best: tuple[Match, ...]
    total: int

    def shown_key(self, shown: int) -> tuple:
        return self.total, self.best[:shown]


@dataclass(frozen=True)
class MatchIndex:
    needs: dict[tuple[str, str], Matches]
    """Every current need's matches, by (county slug, need id)."""
    helps: dict[tuple[str, str], Helps]
    """For each current asset with any, by (lead county slug, asset id)."""
    words: Words
    """The dataset's words, for marking shared words in text."""
    text: TextIndex
    docs: list[list[str]]
    """Each current asset's keys, in `Dataset.current_assets()` order."""
    queries: list[list[str]]
    """Each current need's keys, in `Dataset.current_needs()` order."""


def need_text(need: Need) -> str:
    return need.statement + (f"\n\n{need.evidence}" if need.evidence else "")


def asset_text(dataset: Dataset, offer: CountyAsset) -> str:
    asset = offer.asset
    parts = [asset.name, asset.summary, dataset.label("asset_kinds", asset.kind)]
    parts += [dataset.label("focus_areas", f) for f in asset.focus]
    parts += [dataset.partners[p].name for p in asset.partners]
    return "\n\n".join(parts)


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


class _Tags:
    """Every asset's subjects, focus areas and grade bands as bit masks."""

    def __init__(self, offers: list[CountyAsset]) -> None:
        self.bits = (_Bits(), _Bits(), _Bits())
        self.masks = self.of([(o.asset.subjects, o.asset.focus, o.asset.grades) for o in offers])

    def of(self, items: list[tuple[tuple[str, ...], ...]]) -> np.ndarray:
        """Masks of (subjects, focus areas, grade bands) for each item, one row each (3 x items)."""
        return np.array([[bits.mask(terms) for bits, terms in zip(self.bits, item, strict=True)] for item in items],
                        dtype=np.uint64).reshape(len(items), 3).T.copy()

    def compare(self, needs: list[Need]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each need (rows) and asset (columns): tag points (-1 without a shared subject),
        and whether a focus area and a grade band are shared."""
        wanted = self.of([(n.subjects, n.focus, n.grades) for n in needs])
        subjects = np.bitwise_count(wanted[0][:, None] & self.masks[0][None, :])
        focus = np.bitwise_count(wanted[1][:, None] & self.masks[1][None, :])
        grades = (wanted[2][:, None] & self.masks[2][None, :]) != 0
        points = (focus.astype(np.int64) * FOCUS_POINTS + subjects.astype(np.int64) * SUBJECT_POINTS
                  + grades * GRADE_POINTS)
        return np.where(subjects > 0, points, -1), focus > 0, grades


def match_all(dataset: Dataset, today: datetime.date) -> MatchIndex:
    """Every current need's matches and every current asset's needs elsewhere."""
    offers = dataset.current_assets()
    needs = dataset.current_needs()
    words = Words(dataset.synonyms)
    docs = [words.keys(asset_text(dataset, offer)) for offer in offers]
    need_tokens = [words.tokens(need_text(item.need)) for item in needs]
    # The subjects' own names are left out of what a need says: the subject tags already count.
    subject_words = set(words.keys(" ".join(f"{t.label} {t.short_label}" for t in dataset.subjects)))
    need_tokens = [[t for t in tokens if t.key not in subject_words] for tokens in need_tokens]
    queries = [[t.key for t in tokens] for tokens in need_tokens]
    text = TextIndex(docs)
    found: dict[tuple[str, str], Matches] = {}
    helped: dict[int, list[tuple[int, int, Match]]] = {}
    if offers:
        scorer = _Scorer(dataset, offers, text, today)
        doc_keys: dict[int, frozenset[str]] = {}
        for start in range(0, len(needs), CHUNK):
            chunk = range(start, min(start + CHUNK, len(needs)))
            for index, kept, score, totals in scorer.rank([needs[i] for i in chunk], [queries[i] for i in chunk]):
                number = start + index
                explained = _Explainer(words, text, dataset, need_tokens[number], needs[number])
                for p in kept:
                    if p not in doc_keys:
                        doc_keys[p] = frozenset(docs[p])
                matches = [explained.match(offers[p], doc_keys[p]) for p in kept.tolist()]
                for position, points, match in zip(kept, score, matches, strict=True):
                    helped.setdefault(position, []).append((-points, number, match))
                ended = scorer.ended[kept]
                found[_need_key(needs[number])] = Matches(
                    tuple(m for m, e in zip(matches, ended, strict=True) if not e), totals[0],
                    tuple(m for m, e in zip(matches, ended, strict=True) if e), totals[1],
                )
    for item in needs:
        found.setdefault(_need_key(item), Matches((), 0))
    helps = {}
    for position, entries in helped.items():
        entries.sort(key=lambda e: (e[0], needs[e[1]].county.name, needs[e[1]].need.id))
        offer = offers[position]
        helps[(offer.county.slug, offer.asset.id)] = Helps(tuple(m for _, _, m in entries[:HELPS_KEPT]), len(entries))
    return MatchIndex(found, helps, words, text, docs, queries)


def _need_key(item: CountyNeed) -> tuple[str, str]:
    return item.county.slug, item.need.id


class _Scorer:
    def __init__(self, dataset: Dataset, offers: list[CountyAsset], text: TextIndex, today: datetime.date) -> None:
        self.offers, self.text = offers, text
        self.tags = _Tags(offers)
        order = sorted(range(len(offers)), key=lambda i: (
            offers[i].asset.duration != "enduring", offers[i].county.name.lower(), offers[i].asset.name.lower(),
            offers[i].asset.id,
        ))
        self.order = np.empty(len(offers), dtype=np.int64)
        self.order[order] = np.arange(len(offers), dtype=np.int64)
        self.ended = np.array([_has_ended(o, today) for o in offers], dtype=bool)
        self.involving: dict[str, list[int]] = {}
        for position, offer in enumerate(offers):
            for slug in offer.counties:
                self.involving.setdefault(slug, []).append(position)

    def rank(self, needs: list[CountyNeed], queries: list[list[str]]):
        """For each need: its kept offers (positions, best first), their scores, and how many
        offers match it that can still help and that have ended."""
        bm25 = self.text.scores([self.text.query(q) for q in queries])
        words = np.minimum(np.rint(TEXT_POINTS * bm25 / self.text.reference), TEXT_POINTS).astype(np.int64)
        tags, focus, grades = self.tags.compare([item.need for item in needs])
        eligible = (tags >= 0) & (focus | (grades & (words >= TEXT_ALONE)))
        for row, item in enumerate(needs):
            eligible[row, self.involving.get(item.county.slug, [])] = False
        score = tags + words
        ended = eligible & self.ended[None, :]
        totals = np.stack([eligible.sum(axis=1) - ended.sum(axis=1), ended.sum(axis=1)], axis=1).tolist()
        size = len(self.offers)
        key = np.where(eligible, -score * size + self.order[None, :], np.iinfo(np.int64).max)
        counts = np.minimum(eligible.sum(axis=1), KEPT)
        if size > KEPT:
            best = np.argpartition(key, KEPT - 1, axis=1)[:, :KEPT]
        else:
            best = np.broadcast_to(np.arange(size), key.shape)
        order = np.argsort(np.take_along_axis(key, best, axis=1), axis=1, kind="stable")
        best = np.take_along_axis(best, order, axis=1)
        for row in range(len(needs)):
            kept = best[row, : counts[row]]
            yield row, kept, score[row, kept], totals[row]


def _has_ended(offer: CountyAsset, today: datetime.date) -> bool:
    asset = offer.asset
    return asset.duration == "temporary" and bool(asset.ends) and datetime.date.fromisoformat(asset.ends) < today


class _Explainer:
    """What one need shares with the offers kept for it, in words a reader can check."""

    def __init__(self, words: Words, text: TextIndex, dataset: Dataset, tokens: list, item: CountyNeed) -> None:
        self.words, self.text, self.dataset, self.tokens, self.item = words, text, dataset, tokens, item
        self.source = need_text(item.need)
        self.keys = {t.key for t in tokens}

    def match(self, offer: CountyAsset, keys: frozenset[str]) -> Match:
        need, asset = self.item.need, offer.asset
        shared = self._telling(self.keys.intersection(keys))
        return Match(
            self.item, offer, _common(need.subjects, asset.subjects), _common(need.focus, asset.focus),
            _common(need.grades, asset.grades), self._said(set(shared), offer), tuple(sorted(shared)),
        )

    def _telling(self, shared: set[str]) -> list[str]:
        """The shared keys worth pointing out: those found in at most 1/COMMON_SHARE of the
        assets ('fractions', not 'teachers')."""
        used = self.text.frequencies
        return [key for key in shared if used[key] * COMMON_SHARE <= self.text.size]

    def _said(self, shared: set[str], offer: CountyAsset) -> tuple[Said, ...]:
        """The shared words as the need says them, neighbours joined into phrases, the rarest first."""
        phrases: list[tuple[int, int, set[str]]] = []
        for token in self.tokens:
            if token.key not in shared:
                continue
            if phrases and joined(self.source, phrases[-1][1], token.start):
                phrases[-1] = (phrases[-1][0], token.end, phrases[-1][2] | {token.key})
            else:
                phrases.append((token.start, token.end, {token.key}))
        weight = {key: -self.text.frequencies[key] for key in shared}
        seen: set[str] = set()
        said: list[tuple[float, int, Said]] = []
        for start, end, keys in phrases:
            words = _as_in_sentence(self.source, start, end)
            if words.lower() in seen:
                continue
            seen.add(words.lower())
            said.append((-max(weight[k] for k in keys), start, Said(words, self._asset_says(keys, words, offer))))
        said.sort(key=lambda s: (s[0], s[1]))
        return tuple(s for _, _, s in said[:WORDS_SHOWN])

    def _asset_says(self, keys: set[str], need_says: str, offer: CountyAsset) -> str:
        """How the asset says a phrase from the synonym list that the need says in other words
        ('' if the phrase is not one, or both say it alike)."""
        if len(keys) != 1 or not next(iter(keys)).startswith(GROUP_PREFIX):
            return ""
        text = asset_text(self.dataset, offer)
        for token in self.words.tokens(text):
            if token.key in keys:
                says = _as_in_sentence(text, token.start, token.end)
                return "" if self.words.stems(says) == self.words.stems(need_says) else says
        return ""


def _as_in_sentence(text: str, start: int, end: int) -> str:
    """text[start:end] on one line, as it would read inside a sentence: a capital that is
    there only because a sentence or a name starts with the word is made small ('Fourth
    graders' -> 'fourth graders'), while 'NGSS' and 'Exploratorium' mid-sentence stay."""
    words = " ".join(text[start:end].split())
    before = text[:start].rstrip(" ")
    starts_sentence = not before or before.endswith((".", "!", "?", ":", "\n"))
    if starts_sentence and words[:1].isupper() and words[1:2].islower():
        return words[:1].lower() + words[1:]
    return words


def _common(wanted: tuple[str, ...], offered: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term for term in wanted if term in offered)
