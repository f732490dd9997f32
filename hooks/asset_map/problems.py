"""Problems found in the data files, and how they are shown to contributors.

Every check reports a `Problem` instead of raising, so one run can list every mistake in
every file at once; the build and the `validate` command then fail once, with the same text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text from the data made safe to print on one line of a log: control characters and
    line breaks are written as escapes, so a file name or field name holding a newline cannot
    start a line of its own (which GitHub would read as a workflow command such as ::error)."""
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    location: str
    message: str
    hint: str = ""

    def format(self) -> str:
        head = f"{one_line(self.file)}:{self.line}:{self.column}: "
        if self.location:
            head += f"{one_line(self.location)}: "
        head += one_line(self.message)
        if self.hint:
            head += "".join(f"\n    {one_line(line)}" for line in self.hint.split("\n"))
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
