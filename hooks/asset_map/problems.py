"""Problems found in the data files, and how they are shown to contributors.

Every check reports a `Problem` instead of raising, so one run can list every mistake in
every file at once; the build and the `validate` command then fail once, with the same text.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    location: str
    message: str
    hint: str = ""

    def format(self) -> str:
        head = f"{self.file}:{self.line}:{self.column}: "
        if self.location:
            head += f"{self.location}: "
        head += self.message
        if self.hint:
            head += "".join(f"\n    {line}" for line in self.hint.splitlines())
        return head


class ProblemsFound(Exception):
    """Raised once, after every check has run, when any problem was found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_location(path: Iterable[str | int]) -> str:
    """`('assets', 2, 'subjects', 0)` -> `assets[2].subjects[0]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def format_report(problems: Sequence[Problem]) -> str:
    problems = sorted(set(problems))
    files = len({p.file for p in problems})
    lines = [p.format() for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    where = "file" if files == 1 else "files"
    lines.append(f"{len(problems)} {noun} found in {files} {where}.")
    return "\n".join(lines)
