"""Needs matched to assets in other counties: "what was a need in one county was an asset in another".

An asset in another county matches a need when it serves one of the need's subjects and
either shares one of its focus areas, or shares a grade band and says enough of what the need
says (text_index.py: BM25 over the asset's name, summary, kind, focus areas and partners,
against the need's statement and evidence; the synonym list bridges different words for one
thing; the subjects' own names are left out of the need's words, as the subject tags already
count). Assets the need's own county takes part in are left out.

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

Scoring every need against every asset is quadratic (15,715 needs and 62,860 assets at
statewide-times-fifty size), so needs asking for the same subjects are scored a chunk at a
time against only the assets serving one of those subjects, with whole-number scores in
small NumPy arrays, and only the best of each need are explained.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

import numpy as np

from .cache import cached
from .model import CountyAsset, CountyNeed, Dataset, Need, hashed_once
from .text_index import TextIndex
from .words import GROUP_PREFIX, Words, joined

KEPT = 10
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
    docs: list[tuple[str, ...]]
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

    @property
    def dtype(self) -> type:
        """The smallest unsigned integer that holds every term's bit (fewer bytes to go through)."""
        return next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if len(self.positions) <= np.iinfo(t).bits)


class _Tags:
    """Every asset's subjects, focus areas and grade bands as bit masks."""

    def __init__(self, offers: list[CountyAsset]) -> None:
        self.bits = (_Bits(), _Bits(), _Bits())
        masks = [
            [
                bits.mask(terms)
                for bits, terms in zip(self.bits, (o.asset.subjects, o.asset.focus, o.asset.grades), strict=True)
            ]
            for o in offers
        ]
        self.masks = [np.array([m[i] for m in masks], dtype=np.uint64) for i in range(3)]

    def subjects(self, need: Need) -> int:
        return self.bits[0].mask(need.subjects)

    def offering(self, subjects: int) -> np.ndarray:
        """The assets serving any of `subjects` (a mask): the only ones that can match."""
        return np.flatnonzero(self.masks[0] & np.uint64(subjects))

    def compare(self, needs: list[Need], columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each need (rows) and each asset numbered in `columns` (all serving one of the
        needs' subjects, which are the same for every need): tag points (int16), and whether
        the asset can match on tags alone (2: it shares a focus area), on tags and words (1: it
        shares a grade band) or not at all (0)."""
        subjects, focus, grades = self.bits
        offered = self.masks[0][columns] & np.uint64(subjects.mask(needs[0].subjects))
        base = np.bitwise_count(offered).astype(np.int16) * np.int16(SUBJECT_POINTS)
        wanted: np.ndarray = np.array([focus.mask(n.focus) for n in needs], dtype=np.uint64).astype(focus.dtype)
        shared = np.bitwise_count(wanted[:, None] & self.masks[1][columns].astype(focus.dtype)[None, :])
        points = shared.astype(np.int16)
        points *= FOCUS_POINTS
        points += base[None, :]
        wanted = np.array([grades.mask(n.grades) for n in needs], dtype=np.uint64).astype(grades.dtype)
        can = (wanted[:, None] & self.masks[2][columns].astype(grades.dtype)[None, :]) != 0
        points += can.astype(np.int16) * np.int16(GRADE_POINTS)
        can = can.astype(np.int8)
        can[shared > 0] = 2
        return points, can


def match_all(dataset: Dataset, today: datetime.date) -> MatchIndex:
    """Every current need's matches and every current asset's needs elsewhere."""
    offers = dataset.current_assets()
    needs = dataset.current_needs()
    words = Words(dataset.synonyms)
    docs = []
    for offer in offers:
        # Under `mkdocs serve`, an unchanged asset's words are read once (cache.py).
        keys, shown = cached(
            ("asset-words", offer, dataset.reference_key), functools.partial(_read_asset, words, dataset, offer)
        )
        docs.append(keys)
        words.learn(shown)
    need_tokens = [words.tokens(need_text(item.need)) for item in needs]
    for item in needs:
        words.learn(words.read(need_text(item.need))[1])
    # The subjects' own names are left out of what a need says: the subject tags already count.
    subject_words = set(words.keys(" ".join(f"{t.label} {t.short_label}" for t in dataset.subjects)))
    need_tokens = [tuple(t for t in tokens if t.key not in subject_words) for tokens in need_tokens]
    queries = [[t.key for t in tokens] for tokens in need_tokens]
    text = TextIndex(docs)
    found: dict[tuple[str, str], Matches] = {}
    helped: dict[int, list[tuple[int, int, Match]]] = {}
    if offers:
        scorer = _Scorer(dataset, offers, text, today)
        # Needs asking for the same subjects are scored together, against only the assets
        # serving one of them.
        by_subjects: dict[int, list[int]] = {}
        for number, item in enumerate(needs):
            by_subjects.setdefault(scorer.tags.subjects(item.need), []).append(number)
        chunks = [
            (subjects, numbers[start : start + CHUNK])
            for subjects, numbers in sorted(by_subjects.items())
            for start in range(0, len(numbers), CHUNK)
        ]
        columns, dense, last = np.zeros(0, dtype=np.int64), text.dense, None
        for subjects, chunk in chunks:
            if subjects != last:
                columns = scorer.tags.offering(subjects)
                dense, last = text.dense_columns(columns), subjects
            ranked = scorer.rank([needs[i] for i in chunk], [queries[i] for i in chunk], columns, dense)
            for index, kept, score, totals in ranked:
                number = chunk[index]
                explained = _Explainer(words, text, dataset, need_tokens[number], needs[number])
                positions = kept.tolist()
                matches = [explained.match(offers[p], docs[p]) for p in positions]
                for position, points, match in zip(positions, score.tolist(), matches, strict=True):
                    helped.setdefault(position, []).append((-points, number, match))
                ended = scorer.ended[kept].tolist()
                found[_need_key(needs[number])] = Matches(
                    tuple(m for m, e in zip(matches, ended, strict=True) if not e),
                    totals[0],
                    tuple(m for m, e in zip(matches, ended, strict=True) if e),
                    totals[1],
                )
    for item in needs:
        found.setdefault(_need_key(item), Matches((), 0))
    helps = {}
    for position, entries in helped.items():
        entries.sort(key=lambda e: (e[0], needs[e[1]].county.name, needs[e[1]].need.id))
        offer = offers[position]
        helps[(offer.county.slug, offer.asset.id)] = Helps(tuple(m for _, _, m in entries[:HELPS_KEPT]), len(entries))
    return MatchIndex(found, helps, words, text, docs, queries)


def _read_asset(words: Words, dataset: Dataset, offer: CountyAsset) -> tuple[tuple[str, ...], tuple]:
    return words.read(asset_text(dataset, offer))


def _need_key(item: CountyNeed) -> tuple[str, str]:
    return item.county.slug, item.need.id


class _Scorer:
    def __init__(self, dataset: Dataset, offers: list[CountyAsset], text: TextIndex, today: datetime.date) -> None:
        self.offers, self.text = offers, text
        self.tags = _Tags(offers)
        order = sorted(
            range(len(offers)),
            key=lambda i: (
                offers[i].asset.duration != "enduring",
                offers[i].county.name.lower(),
                offers[i].asset.name.lower(),
                offers[i].asset.id,
            ),
        )
        self.order = np.empty(len(offers), dtype=np.int64)
        self.order[order] = np.arange(len(offers), dtype=np.int64)
        self.ended = np.array([_has_ended(o, today) for o in offers], dtype=bool)
        self.involving: dict[str, list[int]] = {}
        for position, offer in enumerate(offers):
            for slug in offer.counties:
                self.involving.setdefault(slug, []).append(position)

    def rank(self, needs: list[CountyNeed], queries: list[list[str]], columns: np.ndarray, dense: np.ndarray):
        """For each need: its kept offers (positions, best first), their scores, and how many
        offers match it that can still help and that have ended. Only the offers numbered in
        `columns` are looked at (those serving one of the needs' subjects)."""
        bm25 = self.text.scores([self.text.query(q) for q in queries], columns, dense)
        bm25 *= TEXT_POINTS / self.text.reference
        np.rint(bm25, out=bm25)
        np.minimum(bm25, TEXT_POINTS, out=bm25)
        score = bm25.astype(np.int16)  # at most 12 x 2,000 + 3 x 500 + 1,000 + 4,000: an int16 holds it
        del bm25
        tags, can = self.tags.compare([item.need for item in needs], columns)
        eligible = can == 2
        eligible |= (can == 1) & (score >= TEXT_ALONE)
        del can
        position = np.full(len(self.offers), -1, dtype=np.int64)
        position[columns] = np.arange(len(columns))
        for row, item in enumerate(needs):
            own = position[self.involving.get(item.county.slug, [])]
            eligible[row, own[own >= 0]] = False
        ended = np.count_nonzero(eligible & self.ended[columns][None, :], axis=1)
        totals = np.stack([np.count_nonzero(eligible, axis=1) - ended, ended], axis=1).tolist()
        score += tags
        del tags
        order = self.order[columns]
        for row in range(len(needs)):
            found = np.flatnonzero(eligible[row])
            values = score[row, found]
            if len(found) > KEPT:
                # Only offers scoring at least the KEPT-th best score can be kept.
                least = np.partition(values, len(found) - KEPT)[len(found) - KEPT]
                found, values = found[values >= least], values[values >= least]
            # Best score first, then enduring, then county and asset name (self.order).
            best = np.lexsort((order[found], -values.astype(np.int64)))[:KEPT]
            yield row, columns[found[best]], values[best].astype(np.int64), totals[row]


def _has_ended(offer: CountyAsset, today: datetime.date) -> bool:
    asset = offer.asset
    return asset.duration == "temporary" and asset.ends is not None and datetime.date.fromisoformat(asset.ends) < today


class _Explainer:
    """What one need shares with the offers kept for it, in words a reader can check."""

    def __init__(self, words: Words, text: TextIndex, dataset: Dataset, tokens: list, item: CountyNeed) -> None:
        self.words, self.text, self.dataset, self.tokens, self.item = words, text, dataset, tokens, item
        self.source = need_text(item.need)
        # Keys worth pointing out: those found in at most 1/COMMON_SHARE of the assets
        # ('fractions', not 'teachers').
        used, most = text.frequencies, text.size / COMMON_SHARE
        self.telling = {t.key for t in tokens if used.get(t.key, 0) <= most}
        self.joined = [False] + [joined(self.source, a.end, b.start) for a, b in zip(tokens, tokens[1:], strict=False)]

    def match(self, offer: CountyAsset, keys: list[str]) -> Match:
        need, asset = self.item.need, offer.asset
        shared = self.telling.intersection(keys)
        return Match(
            self.item,
            offer,
            _common(need.subjects, asset.subjects),
            _common(need.focus, asset.focus),
            _common(need.grades, asset.grades),
            self._said(shared, offer) if shared else (),
            tuple(sorted(shared)),
        )

    def _said(self, shared: set[str], offer: CountyAsset) -> tuple[Said, ...]:
        """The shared words as the need says them, neighbours joined into phrases, the rarest first."""
        phrases: list[list] = []
        after = False
        for token, joins in zip(self.tokens, self.joined, strict=True):
            if token.key not in shared:
                after = False
                continue
            if after and joins:
                phrases[-1][1] = token.end
                phrases[-1][2].add(token.key)
            else:
                phrases.append([token.start, token.end, {token.key}])
            after = True
        used = self.text.frequencies
        seen: set[str] = set()
        said: list[tuple[int, int, Said]] = []
        for start, end, keys in phrases:
            words = _as_in_sentence(self.source, start, end)
            if words.lower() in seen:
                continue
            seen.add(words.lower())
            said.append((min(used[k] for k in keys), start, Said(words, self._asset_says(keys, words, offer))))
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
    return tuple([term for term in wanted if term in offered])
