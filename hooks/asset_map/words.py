"""The words of needs and assets as matching reads them, and the same words marked in text.

A text becomes a list of keys: each word in lower case with its ending removed by the
Snowball English stemmer (PyStemmer), so 'planning', 'plans' and 'plan' are one key; common
words ('the', 'our', 'with') and bare numbers are left out. A phrase from a synonym group
(counties/_shared/synonyms.yml) becomes the group's key instead of its words, so 'rational
numbers' and 'fractions' are the same key, and 'computer science' does not also match every
'science'. The longest phrase wins where two could start at the same word.

Marking goes back to the text: every word or phrase whose key two texts share is wrapped in
<mark>, with the text around it escaped first (`highlight` returns Markup; nothing from the
data is ever inserted unescaped).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from typing import NamedTuple

import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from markupsafe import Markup, escape

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_JOINING = " \t\n-–—/"
"""What may separate two marked words for them to be marked as one phrase."""
STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(
    """
    about after again against all also am among any because been before being below between both
    can can't cannot could did didn't do does doesn't doing don't down during each even ever every
    few from further get gets had has have having he her here hers him his how i i'm i've its
    it's just me more most much must my myself nor now off once only other others our ours
    ourselves out over own same she should so some still than them themselves those through too
    under until up upon us very we we're were what when where which while who whom why would you
    your yours etc
    """.split()
)
GROUP_PREFIX = "~"
"""Keys of synonym groups start with this (a stem never does: stems are made of word characters)."""


class Token(NamedTuple):
    key: str
    start: int
    end: int


class Words:
    """Turns text into keys, with the synonym groups of one dataset."""

    def __init__(self, synonyms: Iterable[tuple[str, ...]] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._words: dict[str, tuple[str, str]] = {}
        """Each word as written -> (its key, or '' if matching leaves it out; its stem)."""
        self._display: dict[str, str] = {}
        self.group_names: list[str] = []
        self._phrases: dict[str, list[tuple[list[str], str]]] = {}
        """A phrase's first stem -> every (stems, group key) starting with it, longest first."""
        for number, group in enumerate(synonyms):
            key = f"{GROUP_PREFIX}{number}"
            self.group_names.append(group[0])
            for phrase in group:
                stems = list(self.stems(phrase))
                if stems:
                    self._phrases.setdefault(stems[0], []).append((stems, key))
        for found in self._phrases.values():
            found.sort(key=lambda item: -len(item[0]))
        # Pages mark the same asset's text for many needs: remember the latest texts read.
        self._remembered_tokens = functools.lru_cache(maxsize=4096)(self._tokens)
        self._remembered_highlights = functools.lru_cache(maxsize=4096)(self._highlight)

    def _word(self, word: str) -> tuple[str, str]:
        """(key, stem) of a word as written; the key is '' for a common word or a number."""
        known = self._words.get(word)
        if known is None:
            plain = _plain(word)
            stem = sys.intern(self._stemmer.stemWord(plain))
            key = "" if word.isdigit() or plain in STOPWORDS else stem
            known = self._words[word] = (key, stem)
        return known

    def stems(self, text: str) -> tuple[str, ...]:
        """Every word's stem, common words included: 'Families' and 'family' are alike."""
        return tuple(self._word(word)[1] for word in _WORD.findall(text))

    def is_common(self, phrase: str) -> bool:
        """True if the phrase holds only words matching leaves out ('the', 'our', numbers)."""
        return not any(self._word(word)[0] for word in _WORD.findall(phrase))

    def _phrase(self, stems: list[str], index: int) -> tuple[int, str] | None:
        """The longest synonym phrase starting at stems[index], as (number of words, key)."""
        for phrase, key in self._phrases.get(stems[index], ()):
            if stems[index : index + len(phrase)] == phrase:
                return len(phrase), key
        return None

    def keys(self, text: str) -> list[str]:
        """The keys of `text` in order (`tokens` without where each is written)."""
        return list(self.read(text)[0])

    def read(self, text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The keys of `text` in order, and how the text first writes each word's key (for
        `learn`): the same for the same text, whatever was read before."""
        written = _WORD.findall(text)
        words = [self._word(word) for word in written]
        stems = [stem for _, stem in words]
        phrases = self._phrases
        found: list[str] = []
        shown: dict[str, str] = {}
        index = 0
        while index < len(words):
            for phrase, key in phrases.get(stems[index], ()):
                if stems[index : index + len(phrase)] == phrase:
                    found.append(key)
                    index += len(phrase)
                    break
            else:
                key = words[index][0]
                if key:
                    found.append(key)
                    if key not in shown:
                        shown[key] = _as_shown(written[index])
                index += 1
        return tuple(found), tuple(shown.items())

    def learn(self, shown: Iterable[tuple[str, str]]) -> None:
        """Remember how words are written, for `display`: the first way wins."""
        for key, word in shown:
            self._display.setdefault(key, word)

    def tokens(self, text: str) -> tuple[Token, ...]:
        """The keys of `text` in order, with where each is written."""
        return self._remembered_tokens(text)

    def _tokens(self, text: str) -> tuple[Token, ...]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [self._word(text[start:end]) for start, end in spans]
        stems = [stem for _, stem in words]
        found: list[Token] = []
        index = 0
        while index < len(words):
            phrase = self._phrase(stems, index) if stems[index] in self._phrases else None
            if phrase:
                found.append(Token(phrase[1], spans[index][0], spans[index + phrase[0] - 1][1]))
                index += phrase[0]
                continue
            if words[index][0]:
                found.append(Token(words[index][0], *spans[index]))
            index += 1
        return tuple(found)

    def display(self, key: str) -> str:
        """A key as a reader knows it: the first way `learn` was told it is written, or its
        group's first word."""
        if key.startswith(GROUP_PREFIX):
            return self.group_names[int(key[len(GROUP_PREFIX) :])]
        return self._display.get(key, key)

    def marked(self, text: str, keys: Iterable[str]) -> list[tuple[int, int]]:
        """Where `text` says one of `keys`: (start, end) spans, neighbours joined into phrases."""
        wanted = set(keys)
        spans: list[tuple[int, int]] = []
        for token in self.tokens(text):
            if token.key not in wanted:
                continue
            if spans and joined(text, spans[-1][1], token.start):
                spans[-1] = (spans[-1][0], token.end)
            else:
                spans.append((token.start, token.end))
        return spans

    def highlight(self, text: str, keys: tuple[str, ...], limit: int | None = None) -> Markup:
        """`text` escaped, with the words it shares (`keys`) in <mark>; with `limit`, cut to
        about that many characters around the first shared word."""
        return self._remembered_highlights(text, tuple(keys), limit)

    def _highlight(self, text: str, keys: tuple[str, ...], limit: int | None = None) -> Markup:
        spans = self.marked(text, keys)
        begin, end = 0, len(text)
        if limit and len(text) > limit:
            begin = _sentence_start(text, spans[0][0]) if spans and spans[0][1] > limit * 3 // 4 else 0
            end = begin + limit
            cut = text.rfind(" ", begin, end)
            end = cut if cut > begin else end
        pieces = ["…" if begin else ""]
        position = begin
        for start, stop in spans:
            if start < begin or stop > end:
                continue
            pieces.append(escape(text[position:start]) + Markup("<mark>%s</mark>") % text[start:stop])
            position = stop
        pieces.append(escape(text[position:end]) + ("…" if end < len(text) else ""))
        return Markup("").join(pieces)


def joined(text: str, end: int, start: int) -> bool:
    """Whether a word ending at `end` and one starting at `start` read as one phrase."""
    return not text[end:start].strip(_JOINING)


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding `position` starts."""
    found = max(text.rfind(". ", 0, position), text.rfind("? ", 0, position), text.rfind("! ", 0, position))
    return found + 2 if found >= 0 else 0


def _as_shown(word: str) -> str:
    """A word as `display` gives it: abbreviations in capitals, other words in lower case."""
    return word if word.isupper() and len(word) > 1 else _plain(word)


def _plain(word: str) -> str:
    """A word in lower case, without a possessive 's."""
    lower = word.lower().replace("’", "'")
    return lower[:-2] if lower.endswith("'s") else lower
