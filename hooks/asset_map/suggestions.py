"""Suggestions for a value that is not one of the allowed ones: the closest allowed value
(matching the labels the site shows, too: `Computer Science` suggests `cs`), the grade band
that holds a grade, and characters that only look like plain letters or spaces.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

from .yaml_syntax import CURLY_QUOTES, invisible_name

Labels = Mapping[str, Mapping[str, Sequence[str]]]
"""Each vocabulary's terms and, for each term, its labels: {'subjects': {'cs': ['Computer
science', 'CS']}}. Suggestions match labels as well as keys."""


def did_you_mean(value: object, choices: Iterable[str], labels: Mapping[str, Sequence[str]] | None = None) -> str:
    """`Did you mean 'math'?` for the closest choice, or an empty string. With `labels` (each
    choice's labels, as vocabularies.yml gives them), a label matches too: `Computer Science`
    suggests `cs`, because that is how the site shows `cs`."""
    if not isinstance(value, str) or not value:
        return ""
    choices = list(choices)
    wanted = " ".join(value.lower().split())
    named = {
        " ".join(label.lower().split()): choice
        for choice in choices
        for label in (labels or {}).get(choice, ())
        if isinstance(label, str)
    }
    close = [choice for choice in choices if choice.lower() == wanted]
    if not close and wanted in named:
        close = [named[wanted]]
    if not close:
        pool = {choice.lower(): choice for choice in choices} | {k: v for k, v in named.items() if k not in choices}
        best = difflib.get_close_matches(wanted, list(pool), n=1, cutoff=0.6)
        close = [pool[best[0]]] if best else []
    if not close:
        close = [c for c in choices if wanted and wanted in c]
    hint = ""
    if close:
        shown = [label for label in (labels or {}).get(close[0], ()) if isinstance(label, str)]
        hint = f"Did you mean '{close[0]}'?"
        if shown and " ".join(shown[0].lower().split()) == wanted:
            hint += f" Files use the short word; the site shows it as '{shown[0]}'."
    return _join(hint, odd_character_note(value))


def odd_character_note(value: str) -> str:
    """A sentence naming a character that looks like a plain letter or a space but is not."""
    invisible = invisible_name(value)
    if invisible:
        return f"It contains {invisible}, which is invisible: retype the text instead of pasting it."
    curly = next((ch for ch in value if ch in CURLY_QUOTES), "")
    if curly:
        return f"It contains a curly quote ({curly}): type a straight one, or leave it out."
    odd = [ch for ch in value if not ch.isascii()]
    if odd:
        return (
            f"It contains a character that only looks like a plain letter (U+{ord(odd[0]):04X}), "
            "perhaps from copying and pasting: retype it."
        )
    return ""


def _join(*sentences: str) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


_GRADE = re.compile(r"(?:grades?\s*)?(tk|k|kindergarten|\d{1,2})(?:st|nd|rd|th)?(?:\s*grade)?", re.IGNORECASE)
_GRADE_RANGE = re.compile(r"(?:grades?\s*)?(tk|k|kindergarten|\d{1,2})\s*(?:-|–|to|through)\s*(\d{1,2})", re.IGNORECASE)
_BAND = re.compile(r"(k|\d{1,2})-(\d{1,2})")


def _grade_number(text: str) -> int:
    return 0 if text.lower() in ("k", "tk", "kindergarten") else int(text)


def grade_band_hint(value: object, bands: Iterable[str]) -> str:
    """Which grade band holds a grade (4 -> 3-5) or a range of grades (4-8 -> 3-5 and 6-8),
    read from the bands' keys such as `3-5` and `k-2`; '' if `value` is not a grade."""
    ranges = {band: (_grade_number(m[1]), int(m[2])) for band in bands if (m := _BAND.fullmatch(band))}
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if single := _GRADE.fullmatch(text):
        low = high = _grade_number(single[1])
    elif span := _GRADE_RANGE.fullmatch(text):
        low, high = _grade_number(span[1]), int(span[2])
    else:
        return ""
    found = [band for band, (first, last) in ranges.items() if first <= high and low <= last]
    covered = {grade for first, last in ranges.values() for grade in range(first, last + 1)}
    if not found or low > high or not set(range(low, high + 1)) <= covered:
        return ""
    if low == high:
        grade = "Kindergarten" if low == 0 else f"Grade {low}"
        return f"{grade} is in the grade band {found[0]}: write {found[0]}."
    listed = ", ".join(found[:-1]) + f" and {found[-1]}" if len(found) > 1 else found[0]
    bands = "grade bands" if len(found) > 1 else "grade band"
    return f"Grades {'K' if low == 0 else low}-{high} are in the {bands} {listed}: write {', '.join(found)}."


def term_hint(vocabulary: str, value: object, terms: Mapping[str, Sequence[str]]) -> str:
    """How to fix a value that is not a term of `vocabulary` (terms: key -> its labels)."""
    if vocabulary == "grade_bands" and (hint := grade_band_hint(value, terms)):
        return hint
    return did_you_mean(value, terms, terms)
