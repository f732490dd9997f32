"""The synonym list (counties/_shared/synonyms.yml): what the schema cannot check about it.

The schema checks each group's shape; here, across groups: a word may be in one group only
(matching could not tell which group it stands for), and a word made only of common words
('the', 'our') or numbers would never be found: matching does not read those.
"""

from __future__ import annotations

from typing import Any

from .problems import Problem
from .schema_checks import show
from .words import Words
from .yaml_source import SourceDoc

FILE = "synonyms"


def synonym_groups(data: Any) -> tuple[tuple[str, ...], ...]:
    """The groups of a checked synonyms file, in its order."""
    groups = data.get("synonyms") if isinstance(data, dict) else None
    return tuple(
        tuple(group["words"])
        for group in groups or ()
        if isinstance(group, dict) and isinstance(group.get("words"), list)
    )


def synonym_problems(doc: SourceDoc) -> list[Problem]:
    problems = []
    words = Words()
    seen: dict[tuple[str, ...], int] = {}
    for number, group in enumerate(synonym_groups(doc.data)):
        for index, word in enumerate(group):
            if not isinstance(word, str):
                continue
            path = ("synonyms", number, "words", index)
            if words.is_common(word):
                problems.append(
                    doc.problem(
                        path,
                        f"{show(word)} has only common words (such as 'the' or 'our') or numbers, "
                        "which matching does not read",
                        "Write a word that means something on its own, or remove this one.",
                    )
                )
                continue
            stems = tuple(words.keys(word))
            if seen.get(stems, number) != number:
                line = doc.position(("synonyms", seen[stems]))[0]
                problems.append(
                    doc.problem(
                        path,
                        f"{show(word)} is already in the group on line {line}",
                        "A word may be in only one group: merge the two groups, or remove the word from one of them. "
                        "Word endings do not count, so 'family' and 'families' are the same word.",
                    )
                )
            seen.setdefault(stems, number)
    return problems
