"""The careful reader: PyYAML's pure-Python parser, for the files libyaml should not read.

It refuses anchors, aliases and tags (a value starting with `&word` would lose the word) and
nesting deeper than MAX_DEPTH, each with its line. After a syntax error it reads each
top-level section of the file on its own and, in a section that still fails, each item of
its list, so one mistake does not hide the next: what could not be read is listed in
`SourceDoc.unreadable`, and the checks skip it until it is fixed. yaml_syntax.py words each
mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problem
from .yaml_nodes import MAX_DEPTH, Builder, Path_, SourceDoc
from .yaml_syntax import LineMap, explain, reserved_start, split_line


class _Refused(Exception):
    """Something the careful loader will not read: `kind` is 'anchor', 'alias', 'tag' or 'depth'."""

    def __init__(self, mark: Any, kind: str, name: str | None = ""):
        super().__init__(kind)
        self.mark, self.kind, self.name = mark, kind, name


class CarefulLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no timestamps, no anchors, aliases or tags, and a
    depth limit."""

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "alias", event.anchor)
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "anchor", event.anchor)
        if getattr(event, "tag", None) is not None and not isinstance(event, yaml.DocumentStartEvent):
            raise _Refused(event.start_mark, "tag", event.tag)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark, "depth")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


CarefulLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_PARSE_ERRORS = (_Refused, yaml.YAMLError)


def _parse(text: str) -> tuple[yaml.Node | None, CarefulLoader]:
    loader = CarefulLoader(text)
    try:
        return loader.get_single_node(), loader
    except BaseException:
        loader.dispose()
        raise


def read_carefully(text: str, lines: list[str], doc: SourceDoc) -> tuple[SourceDoc | None, list[Problem]]:
    """Read `text` into `doc` with the careful loader; after a syntax error, part by part."""
    try:
        node, loader = _parse(text)
    except _PARSE_ERRORS as error:
        return _recover(lines, doc, error)
    builder = Builder(doc, lines, loader)
    try:
        if node is not None:
            doc.data = builder.build(node, ())
    finally:
        loader.dispose()
    return doc, builder.problems()


_MORE = "Until this is fixed, the rest of {} is not checked, so more problems may show up then."


@dataclass(frozen=True)
class _Failure:
    """Where a part of the file could not be read, and why."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Part:
    """Some of the file's lines, read on their own: their top-level fields, ready to build."""

    pairs: list[tuple[yaml.ScalarNode, yaml.Node]]
    loader: CarefulLoader
    line_of: LineMap

    def build(self, builder: Builder, use: Callable[[list[tuple[yaml.ScalarNode, yaml.Node]]], None]) -> None:
        builder.loader, builder.line_of = self.loader, self.line_of
        try:
            use(self.pairs)
        finally:
            self.loader.dispose()


def _failure(error: Exception, part: list[str], line_of: LineMap) -> _Failure:
    """Where and why reading the lines `part` failed (`line_of` gives their lines in the file)."""
    if isinstance(error, _Refused):
        line, column = line_of(error.mark.line) + 1, error.mark.column + 1
        return _Failure(line, column, *_refusal(error, part[error.mark.line] if error.mark.line < len(part) else ""))
    if isinstance(error, yaml.MarkedYAMLError):
        found = explain(error, part, line_of)
        return _Failure(found.line, found.column, found.message, found.hint)
    position = getattr(error, "position", None)  # a reader error: a character YAML does not allow
    line, column = _offset_position("\n".join(part), position) if isinstance(position, int) else (1, 1)
    return _Failure(
        line_of(line - 1) + 1,
        column,
        "this file contains a control character YAML does not allow",
        "Delete the invisible character here (often pasted from a word processor).",
    )


def _refusal(refused: _Refused, text: str) -> tuple[str, str]:
    if refused.kind == "depth":
        return (
            f"the data is nested more than {MAX_DEPTH} levels deep",
            "County files are only a few levels deep: check the indentation here.",
        )
    return reserved_start(text, refused.mark.column)


def _recover(lines: list[str], doc: SourceDoc, error: Exception) -> tuple[SourceDoc | None, list[Problem]]:
    """After a syntax error: read each top-level section on its own and, in a section that
    still fails, each item of its list, so every mistake is found in one run. What cannot be
    read is listed in `doc.unreadable`; checks skip it until it is fixed."""
    blocks = _blocks(lines)
    if "another document" in str(error) or not blocks or (len(blocks) == 1 and not _items(lines, *blocks[0])):
        found = _failure(error, lines, lambda line: line)
        hint = _with_note(found.hint, "the file")
        return None, [Problem(doc.file, found.line, found.column, "", found.message, hint)]
    data: dict[str, Any] = {}
    builder = Builder(doc, lines)
    problems: list[Problem] = []

    def failed(found: _Failure, what: str, path: Path_) -> None:
        problems.append(Problem(doc.file, found.line, found.column, "", found.message, _with_note(found.hint, what)))
        doc.unreadable.append(path)

    def add_fields(pairs: list[tuple[yaml.ScalarNode, yaml.Node]]) -> None:
        for key_node, value_node in pairs:
            name = key_node.value
            if name in data:
                builder.report(
                    (name,),
                    key_node.start_mark,
                    f"'{name}' appears twice here (first on line {doc.keys[(name,)][0]})",
                    "Keep one of them, with all its entries.",
                )
                continue
            doc.keys[(name,)] = builder.where(key_node.start_mark)
            data[name] = builder.build(value_node, (name,))

    for start, end in blocks:
        read = _read_part(lines, list(range(start, end)))
        if isinstance(read, _Part):
            read.build(builder, add_fields)
            continue
        key = _block_key(lines[start])
        items = _items(lines, start, end) if key else []
        outcomes = [_read_part(lines, [start, *range(first, last)]) for first, last in items]
        if (
            key is None
            or not items
            or any(
                isinstance(outcome, _Failure) and not first < outcome.line <= last
                for outcome, (first, last) in zip(outcomes, items, strict=True)
            )
        ):
            # No list to read item by item, or a mistake outside the items (on the section's line).
            for outcome in outcomes:
                if isinstance(outcome, _Part):
                    outcome.loader.dispose()
            name = split_line(lines[start]).key
            failed(read, f"'{name}'" if name else "this part of the file", (name or lines[start].strip(),))
            continue
        values: list[Any] = []
        doc.keys[(key,)] = (start + 1, 1)
        doc.values[(key,)] = (items[0][0] + 1, 1)

        def add_items(pairs: list[tuple[yaml.ScalarNode, yaml.Node]], key: str = key, values: list = values) -> None:
            sequence = pairs[0][1] if pairs else None
            if isinstance(sequence, yaml.SequenceNode):
                values.extend(builder.items(sequence, (key,), len(values)))

        for outcome in outcomes:
            if isinstance(outcome, _Failure):
                failed(outcome, "this item", (key, len(values)))
                values.append(None)
            else:
                outcome.build(builder, add_items)
        data[key] = values
    if not data:
        return None, problems
    doc.data = data
    doc.values[()] = (1, 1)
    return doc, problems + builder.problems()


def _with_note(hint: str, what: str) -> str:
    return f"{hint} {_MORE.format(what)}".strip()


def _read_part(lines: list[str], numbers: list[int]) -> _Part | _Failure:
    """The file's lines `numbers`, read on their own."""
    part = [lines[number] for number in numbers]

    def line_of(line: int) -> int:
        return numbers[min(line, len(numbers) - 1)]

    try:
        node, loader = _parse("\n".join(part))
    except _PARSE_ERRORS as error:
        return _failure(error, part, line_of)
    if not isinstance(node, yaml.MappingNode) or not all(isinstance(k, yaml.ScalarNode) for k, _ in node.value):
        loader.dispose()
        return _Failure(
            numbers[0] + 1,
            1,
            "this line is not in the form 'field: value'",
            "Each line that starts at the left margin starts a field, such as assets: or needs:. If "
            "this line continues the text above it, indent it like that text.",
        )
    return _Part(node.value, loader, line_of)


_TOP_LEVEL = re.compile(r"[^\s#]")


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Each top-level section: from a field name at the left margin (`assets:`) to the next.
    Other lines at the margin (text that lost its indentation) stay in their section, and
    anything before the first field starts a section of its own, so nothing goes unread."""
    content = [number for number, line in enumerate(lines) if _TOP_LEVEL.match(line)]
    starts = [number for number in content if number == content[0] or split_line(lines[number]).key]
    return [(start, end) for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _block_key(line: str) -> str | None:
    found = split_line(line)
    return found.key if found.key and not found.value.split("#")[0].strip() and found.indent == 0 else None


def _items(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """The items of a section's list, as line ranges, when every line of the section
    belongs to an item that starts with a dash at the same indentation."""
    content = [n for n in range(start + 1, end) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
    if not content:
        return []
    first = lines[content[0]]
    indent = len(first) - len(first.lstrip(" "))
    if not first.lstrip(" ").startswith("-"):
        return []
    dash = " " * indent + "-"
    starts = [n for n in content if lines[n].startswith(dash) and lines[n][indent + 1 : indent + 2] in ("", " ")]
    if not starts or starts[0] != content[0]:
        return []
    return [(first_line, last) for first_line, last in zip(starts, [*starts[1:], end], strict=True)]


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
