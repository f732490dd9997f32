"""Reading contributor YAML safely, remembering where every value came from.

`yaml.safe_load` keeps the last of two duplicate keys without a word, turns 2024-01-31 into a
date and `no` into False (YAML 1.1, while editors use 1.2), expands alias bombs, reads
`&word` at the start of a value as an anchor (dropping the word), and forgets line numbers.
Each would make the build disagree with the contributor's editor, lose data or hang, so files
are read here instead: UTF-8 only, no anchors, aliases or tags, bounded size and depth, dates
and yes/no kept as text, and a map from each value's path to its line and column
(yaml_nodes.py).

Most files are read by libyaml (fast). Anything it refuses, and any text that might hold an
anchor, alias or tag, is read again by PyYAML's pure-Python parser, which says where. After a
syntax error, each top-level section and then each item of a broken list is read on its own, so
one mistake does not hide the others (yaml_syntax.py explains each one).
"""
from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .yaml_nodes import MAX_DEPTH, MAX_ITEMS, Builder, Path_, Retry, SourceDoc
from .yaml_syntax import explain, reserved_start, split_line

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_ITEMS", "SourceDoc", "read_bytes", "read_yaml"]

MAX_BYTES = 1_000_000

# Text the fast parser (libyaml) must not see: brackets nested deeper than MAX_DEPTH (it
# recurses, and 40,000 `[` crash the process) and anchors, aliases and tags, which only the
# careful loader refuses with their line. A false alarm only costs the slower path.
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"[\[{][\]}]")
_ANCHOR_ALIAS_TAG = re.compile(r"(?:^|[\s\[{,:?])[&*!][^\s,\]}]", re.MULTILINE)
_DEEP_INDENT = re.compile(rf"^ {{{8 * MAX_DEPTH},}}\S", re.MULTILINE)


class _Refused(Exception):
    """Something the careful loader will not read: `kind` is 'anchor', 'alias', 'tag' or 'depth'."""

    def __init__(self, mark: yaml.Mark, kind: str, name: str = ""):
        super().__init__(kind)
        self.mark, self.kind, self.name = mark, kind, name


class _Loader(yaml.SafeLoader):
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


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser (about 15 times faster) with the same resolvers as `_Loader`.

    It cannot refuse aliases or deep nesting while composing, so the walk over its nodes
    does, and any file it does not accept is read again by `_Loader` for the exact message.
    """

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _problem(file: str, line: int, column: int, message: str, hint: str) -> Problem:
    return Problem(file, line, column, "", message, hint)


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file, at most MAX_BYTES + 1 of them.

    A link could publish a file from outside the repository (or quote /etc/passwd in an
    error), and a device such as /dev/zero never ends, so neither is opened.
    """
    try:
        info = os.lstat(path)
    except OSError as error:
        return None, [_problem(display, 1, 1, f"cannot be read ({error.strerror})", "")]
    if stat.S_ISLNK(info.st_mode):
        return None, [_problem(
            display, 1, 1, "is a symbolic link, which the site does not follow",
            "Put the file itself here: data files must be ordinary files inside counties/.",
        )]
    if not stat.S_ISREG(info.st_mode):
        return None, [_problem(
            display, 1, 1, "is not an ordinary file",
            "Only ordinary text files belong in counties/: remove this one.",
        )]
    try:
        with open(path, "rb") as file:
            return file.read(MAX_BYTES + 1), []
    except OSError as error:
        return None, [_problem(display, 1, 1, f"cannot be read ({error.strerror})", "")]


def _needs_careful_reading(text: str) -> bool:
    if _ANCHOR_ALIAS_TAG.search(text) or _DEEP_INDENT.search(text):
        return True
    # Remove innermost bracket pairs MAX_DEPTH times: an opening bracket still left was
    # nested deeper (or never closed, which the careful loader explains better anyway).
    brackets = _NOT_BRACKET.sub("", text)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return False
        brackets = _INNERMOST_PAIR.sub("", brackets)
    return "[" in brackets or "{" in brackets


def read_yaml(path: Path, display: str) -> tuple[SourceDoc | None, list[Problem]]:
    """Read one file: the document (perhaps only the parts that could be read, see
    `SourceDoc.unreadable`) and its problems, or None and the problems that stopped it."""
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, problems
    problems = _byte_problems(raw, display)
    if problems:
        return None, problems
    text = raw.decode("utf-8")
    problems = _tab_problems(text, display)
    if problems:
        return None, problems
    lines = text.split("\n")
    doc = SourceDoc(display, None, lines[0].rstrip("\r"), header=_header(lines))
    if not _needs_careful_reading(text):
        problems = _read_fast(text, lines, doc)
        if problems is not None:
            return doc, problems
        doc = SourceDoc(display, None, doc.first_line, header=doc.header)
    return _read_carefully(text, lines, doc)


def _header(lines: list[str]) -> tuple[str, ...]:
    header = []
    for line in lines[:40]:
        if line.startswith("#"):
            header.append(line.rstrip("\r"))
        elif line.strip():
            break
    return tuple(header)


def _read_fast(text: str, lines: list[str], doc: SourceDoc) -> list[Problem] | None:
    """libyaml's reading into `doc`, or None when only the careful loader can say what is wrong."""
    fast = _FastLoader(text)
    try:
        node = fast.get_single_node()
        builder = Builder(doc, lines, fast, fast=True)
        if node is not None:
            doc.data = builder.build(node, ())
        return builder.problems()
    except (yaml.YAMLError, Retry):
        return None  # read it again carefully, for the precise message
    finally:
        fast.dispose()


_PARSE_ERRORS = (_Refused, yaml.YAMLError)
LineMap = Callable[[int], int]


def _parse(text: str) -> tuple[yaml.Node | None, _Loader]:
    loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    except BaseException:
        loader.dispose()
        raise


def _read_carefully(text: str, lines: list[str], doc: SourceDoc) -> tuple[SourceDoc | None, list[Problem]]:
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


def _failure(error: Exception, part: list[str], line_of: LineMap) -> tuple[int, int, str, str]:
    """Line, column, message and hint for an error met while reading the lines `part`."""
    if isinstance(error, _Refused):
        line, column = line_of(error.mark.line) + 1, error.mark.column + 1
        return (line, column, *_refusal(error, part[error.mark.line] if error.mark.line < len(part) else ""))
    if isinstance(error, yaml.MarkedYAMLError):
        found = explain(error, part, line_of)
        return found.line, found.column, found.message, found.hint
    position = getattr(error, "position", None)  # a reader error: a character YAML does not allow
    line, column = _offset_position("\n".join(part), position) if isinstance(position, int) else (1, 1)
    return (
        line_of(line - 1) + 1, column, "this file contains a control character YAML does not allow",
        "Delete the invisible character here (often pasted from a word processor).",
    )


def _refusal(refused: _Refused, text: str) -> tuple[str, str]:
    if refused.kind == "depth":
        return (f"the data is nested more than {MAX_DEPTH} levels deep",
                "County files are only a few levels deep: check the indentation here.")
    return reserved_start(text, refused.mark.column)


def _recover(lines: list[str], doc: SourceDoc, error: Exception) -> tuple[SourceDoc | None, list[Problem]]:
    """After a syntax error: read each top-level section on its own and, in a section that
    still fails, each item of its list, so every mistake is found in one run. What cannot be
    read is listed in `doc.unreadable`; checks skip it until it is fixed."""
    blocks = _blocks(lines)
    if "another document" in str(error) or not blocks or (len(blocks) == 1 and not _items(lines, *blocks[0])):
        line, column, message, hint = _failure(error, lines, lambda line: line)
        return None, [_problem(doc.file, line, column, message, _with_note(hint, "the file"))]
    data: dict[str, Any] = {}
    builder = Builder(doc, lines)
    problems: list[Problem] = []

    def failed(found: tuple[int, int, str, str], what: str, path: Path_) -> None:
        line, column, message, hint = found
        problems.append(_problem(doc.file, line, column, message, _with_note(hint, what)))
        doc.unreadable.append(path)

    for start, end in blocks:
        key = _block_key(lines[start])
        read = _read_part(builder, lines, list(range(start, end)))
        if not isinstance(read, tuple):
            for name, value_node, key_node in read:
                if name in data:
                    builder.report((name,), key_node.start_mark, f"'{name}' appears twice here (first on line "
                                   f"{doc.keys[(name,)][0]})", "Keep one of them, with all its entries.")
                    continue
                doc.keys[(name,)] = builder.where(key_node.start_mark)
                data[name] = builder.build(value_node, (name,))
            builder.loader.dispose()
            continue
        items = _items(lines, start, end) if key else []
        outcomes = [_read_part(builder, lines, [start, *range(first, last)]) for first, last in items]
        if not items or any(isinstance(outcome, tuple) and not first < outcome[0] <= last
                            for outcome, (first, last) in zip(outcomes, items, strict=True)):
            # No list to read item by item, or a mistake outside the items (on the section's line).
            name = split_line(lines[start]).key
            failed(read, f"'{name}'" if name else "this part of the file", (name or lines[start].strip(),))
            continue
        values: list[Any] = []
        doc.keys[(key,)] = (start + 1, 1)
        doc.values[(key,)] = (items[0][0] + 1, 1)
        for outcome in outcomes:
            if isinstance(outcome, tuple):
                failed(outcome, "this item", (key, len(values)))
                values.append(None)
                continue
            (_, sequence, _), = outcome
            if isinstance(sequence, yaml.SequenceNode):
                values += builder.items(sequence, (key,), len(values))
            builder.loader.dispose()
        data[key] = values
    if not data:
        return None, problems
    doc.data = data
    doc.values[()] = (1, 1)
    return doc, problems + builder.problems()


def _with_note(hint: str, what: str) -> str:
    return f"{hint} {_MORE.format(what)}".strip()


def _read_part(builder: Builder, lines: list[str], numbers: list[int]) -> Any:
    """The top-level (name, value node, key node) of the file's lines `numbers`, read on
    their own, with `builder` set to build them; or the failure (see `_failure`)."""
    part = [lines[number] for number in numbers]

    def line_of(line: int) -> int:
        return numbers[min(line, len(numbers) - 1)]

    try:
        node, loader = _parse("\n".join(part))
    except _PARSE_ERRORS as error:
        return _failure(error, part, line_of)
    if not isinstance(node, yaml.MappingNode) or not all(isinstance(k, yaml.ScalarNode) for k, _ in node.value):
        loader.dispose()
        return (numbers[0] + 1, 1, "this line is not in the form 'field: value'",
                "Each top-level line of the file starts a field, such as assets: or needs:.")
    builder.loader, builder.line_of = loader, line_of
    return [(key.value, value, key) for key, value in node.value]


_TOP_LEVEL = re.compile(r"[^\s#]")


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Each top-level section: from a line that starts at the left margin to the next."""
    starts = [number for number, line in enumerate(lines) if _TOP_LEVEL.match(line)]
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
    starts = [n for n in content if lines[n].startswith(dash) and lines[n][indent + 1: indent + 2] in ("", " ")]
    return [(first_line, last) for first_line, last in zip(starts, [*starts[1:], end], strict=True)]


def _byte_problems(raw: bytes, display: str) -> list[Problem]:
    if len(raw) > MAX_BYTES:
        return [
            _problem(
                display, 1, 1, f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}",
                "A county's map for one cycle fits easily in far less: split out or shorten text.",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return [
            _problem(
                display, 1, 1, "the file starts with an invisible byte-order mark (BOM)",
                "Save it as plain UTF-8 (in many editors: Save As, Encoding: 'UTF-8', "
                "not 'UTF-8 with BOM'). The GitHub web editor saves it correctly.",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [
            _problem(
                display, 1, 1, "the file is saved as UTF-16, not UTF-8",
                "Save it as UTF-8 (in many editors: Save As, Encoding: 'UTF-8').",
            )
        ]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [
            _problem(
                display, line, column,
                f"the file is not saved as UTF-8 (byte 0x{raw[error.start]:02X} cannot be read)",
                "Save it as UTF-8 (in many editors: Save As, Encoding: 'UTF-8'); accented "
                "letters typed in the GitHub web editor are always saved correctly.",
            )
        ]
    return []


def _tab_problems(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                _problem(
                    display, number, indent.index("\t") + 1,
                    "this line is indented with a tab",
                    "YAML only allows spaces for indentation: replace the tab with spaces "
                    "so the line lines up with the others.",
                )
            )
    return problems


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
