"""Problems found in the data files, and how they are shown to contributors.

Every check reports a `Problem` instead of raising, so one run can list every mistake in
every file at once; the build and the `validate` command then fail once, with the same text.
A problem is an error unless it is a warning: something that is probably a mistake but may be
right, which `validate` prints without failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSEEN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
"""Characters that change how the text around them shows (or do not show at all): written as
escapes when data is quoted in a location, so the text shown is the text in the file."""
ITEM_NAME_FIELDS = ("name", "title", "id", "role", "slug")
"""What a person calls an item of a list, in order of preference: `assets, item 2 ("Summer
science institute")`."""
REGISTRY_FOLDER = "/_shared/"


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
    severity: str = "error"
    """'error' (the build and `validate` fail) or 'warning' (shown; `validate` still passes)."""
    path: tuple[str | int, ...] = field(default=(), compare=False, repr=False)
    """Where in the data the problem is, for checks that drop problems another one explains."""

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def format(self) -> str:
        head = f"{one_line(self.file)}:{self.line}:{self.column}: "
        if self.is_warning:
            head += "warning: "
        if self.location:
            head += f"{one_line(self.location)}: "
        head += one_line(self.message)
        if self.hint:
            head += "".join(f"\n    {one_line(line)}" for line in self.hint.split("\n"))
        return head


class ProblemsFound(Exception):
    """Raised once, after every check has run, when any error was found (with the warnings)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = in_report_order(problems)
        super().__init__(format_report(self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_warning]


def in_report_order(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, the reference files' (counties/_shared/) first: a mistake there
    explains problems in every county file, so it is the one to fix first."""
    return sorted(set(problems), key=lambda p: (REGISTRY_FOLDER not in p.file, p))


def format_location(path: Iterable[str | int], data: Any = None) -> str:
    """Where a value is, the way a person says it: `('assets', 1, 'subjects', 0)` with the
    file's data gives `assets, item 2 ("Summer science institute"), subjects`. Items count from
    1 and are named by their name (or title, id, role); the position of a plain value inside a
    list is left out, since the message quotes the value and the column points at it."""
    parts: list[str] = []
    node = data
    path = tuple(path)
    for index, part in enumerate(path):
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            last = index == len(path) - 1
            if last and node is not None and not isinstance(item, (dict, list)):
                node = item
                continue
            parts.append(f"item {part + 1}" + _item_name(item))
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ", ".join(parts)


def _item_name(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for key in ITEM_NAME_FIELDS:
        name = item.get(key)
        if isinstance(name, str) and name.strip() and not _UNPRINTABLE.search(name):
            name = _UNSEEN.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), " ".join(name.split()))
            return f' ("{name if len(name) <= 40 else name[:37] + "..."}")'
    return ""


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def format_report(problems: Sequence[Problem]) -> str:
    """Every problem, then a line counting them: what the build and `validate` print."""
    problems = in_report_order(problems)
    lines = [p.format() for p in problems]
    lines.append(count_line(problems))
    return "\n".join(lines)


def count_line(problems: Sequence[Problem]) -> str:
    found = errors(problems)
    warnings = len(problems) - len(found)
    files = _count(len({p.file for p in problems}), "file")
    if not warnings:
        return f"{_count(len(found), 'problem')} found in {files}."
    if not found:
        return f"No problems; {_count(warnings, 'warning')} in {files}."
    return f"{_count(len(found), 'problem')} and {_count(warnings, 'warning')} found in {files}."


def format_summary(problems: Sequence[Problem], passed: str = "") -> str:
    """Every problem as Markdown, grouped by file, for the job summary of a GitHub Actions
    run: the page shows at most ten annotations per step, the summary has no such limit."""
    problems = in_report_order(problems)
    found = errors(problems)
    title = "The county data has problems" if found else "The county data is valid"
    out = [f"## {title}", ""]
    if not problems:
        return "\n".join(out + [_markdown(passed or "No problems found."), ""])
    out += [
        _markdown(count_line(problems))
        + (
            " Fix them in the order shown: a problem in a shared list "
            "(counties/\\_shared/) can cause problems in every county file."
            if found
            else ""
        ),
        "",
    ]
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found_here in by_file.items():
        out += [f"### {_markdown(file)}", ""]
        for problem in found_here:
            where = f"line {problem.line}, column {problem.column}"
            head = ("**Warning**, " if problem.is_warning else "") + f"{where}: "
            if problem.location:
                head += f"{_markdown(problem.location)}: "
            out.append(f"- {head}{_markdown(problem.message)}")
            for line in problem.hint.split("\n") if problem.hint else ():
                out.append(f"  <br>{_markdown(line)}")
        out.append("")
    return "\n".join(out)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
"""Characters that mark up text inside a line of Markdown (the text never starts a line)."""


def _markdown(text: str) -> str:
    """Text from the data shown literally in Markdown: no markup, links or HTML of its own."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
