"""Reading contributor YAML safely, remembering where every value came from.

`yaml.safe_load` keeps the last of two duplicate keys without a word, turns 2024-01-31 into a
date and `no` into False (YAML 1.1, while editors use 1.2), expands alias bombs and forgets
line numbers. Each would make the build disagree with the contributor's editor, lose data or
hang, so files are read here instead: UTF-8 only, no anchors or aliases, bounded size and depth,
dates and yes/no kept as text, and a map from each value's path to its line and column.
"""
from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, format_location

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_ITEMS = 10_000
"""Items in one list: a county has tens of assets, the national partner registry thousands."""

# Text the fast parser (libyaml) must not see: brackets nested deeper than MAX_DEPTH (it
# recurses, and 40,000 `[` crash the process) and anchors, aliases and tags, which only the
# careful loader refuses with their line. A false alarm only costs the slower path.
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"[\[{][\]}]")
_ANCHOR_ALIAS_TAG = re.compile(r"(?:^|[\s\[{,])[&*!][^\s,\]}]", re.MULTILINE)
_DEEP_INDENT = re.compile(r"^ {%d,}\S" % (8 * MAX_DEPTH), re.MULTILINE)
# Characters no text field may hold: C0 and C1 controls (but tab and newline), carriage
# returns and lone surrogates. YAML refuses most of them typed raw, but double-quoted
# escapes ("\r", "\x1b", "\ud800") make them; they break feeds, calendars and logs.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no timestamps, no aliases and a depth limit."""

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
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "YAML anchors (&name) and aliases (*name) are not allowed",
                "Write the values out in full where they are needed.",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                f"the data is nested more than {MAX_DEPTH} levels deep",
                "County files are only a few levels deep: check the indentation here.",
            )
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


class _Retry(Exception):
    """The fast path found something only the careful loader describes well."""


@dataclass
class SourceDoc:
    """A parsed file: its values, and the line and column of each value and key."""

    file: str
    data: Any
    first_line: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where `path` is written; falls back to the nearest enclosing value."""
        if key and path in self.keys:
            return self.keys[path]
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def problem(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, format_location(path), message, hint)


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
    """Read one file; return the document, or None and the problems that stopped it."""
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
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not _needs_careful_reading(text):
        doc, problems = _read_fast(text, display, first_line)
        if doc is not None:
            return doc, problems
    return _read_carefully(text, display, first_line)


def _read_fast(text: str, display: str, first_line: str) -> tuple[SourceDoc | None, list[Problem]]:
    """libyaml's reading, or None when only the careful loader can say what is wrong."""
    fast = _FastLoader(text)
    try:
        node = fast.get_single_node()
        doc = SourceDoc(display, None, first_line)
        problems: list[Problem] = []
        if node is not None:
            doc.data = _construct(node, (), doc, fast, problems, seen=set())
        return doc, problems
    except (yaml.YAMLError, _Retry):
        return None, []  # read it again carefully, for the precise message
    finally:
        fast.dispose()


def _read_carefully(text: str, display: str, first_line: str) -> tuple[SourceDoc | None, list[Problem]]:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except _Refused as refused:
        mark = refused.mark
        return None, [_problem(display, mark.line + 1, mark.column + 1, refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, display)]
    except yaml.YAMLError as error:  # a reader error: a character YAML does not allow
        mark = getattr(error, "position", None)
        line, column = _offset_position(text, mark) if isinstance(mark, int) else (1, 1)
        return None, [
            _problem(
                display, line, column, "this file contains a control character YAML does not allow",
                "Delete the invisible character here (often pasted from a word processor).",
            )
        ]
    finally:
        if loader is not None:
            loader.dispose()
    doc = SourceDoc(display, None, first_line)
    if node is None:
        return doc, []
    problems = []
    doc.data = _construct(node, (), doc, loader, problems)
    return doc, problems


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


_SYNTAX_MESSAGES = [
    (
        "mapping values are not allowed here",
        "there is a colon (:) here that YAML reads as a new field",
        "If this is text that contains a colon, put the whole text in double quotes, "
        'for example: summary: "Math: grades 3-5". If it is a new field, check that it starts '
        "on its own line and lines up with the fields above it.",
    ),
    (
        "did not find expected '-' indicator",
        "a list item here does not start with a dash",
        "Every item of a list starts with '- ' and lines up with the items above it.",
    ),
    (
        "expected <block end>",
        "this line does not line up with the lines above it",
        "Check the indentation: fields of one item line up under each other, and every "
        "item of a list starts with '- '. A missing dash or an extra space is the usual cause.",
    ),
    (
        "did not find expected key",
        "this line does not line up with the lines above it",
        "Check the indentation and quotes: fields of one item line up under each other, "
        'and text that starts with a quote must end with the same quote.',
    ),
    (
        "could not find expected ':'",
        "a line here is not in the form 'field: value'",
        "Add the missing colon after the field name, or indent a continued line of text "
        "further than its field name.",
    ),
    (
        "found unexpected end of stream",
        "a quote (\" or ') opened here is never closed",
        "Add the closing quote at the end of the text.",
    ),
    (
        "expected ',' or ']'",
        "a list in square brackets [ ] is not closed",
        "End the list with ] on the same line, for example: subjects: [math, science].",
    ),
    (
        "but found another document",
        "the file holds more than one YAML document (a line with only ---)",
        "Remove the --- line: one file holds one cycle's map.",
    ),
    (
        "that cannot start any token",
        "a value here starts with a character YAML reserves (such as @, ` or %)",
        'Put the whole text in double quotes, for example: name: "@home science nights".',
    ),
]


def _syntax_problem(error: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or ""
    for fragment, message, hint in _SYNTAX_MESSAGES:
        if fragment in problem:
            if fragment == "found unexpected end of stream" and error.context_mark:
                line, column = error.context_mark.line + 1, error.context_mark.column + 1
            return _problem(display, line, column, message, hint)
    return _problem(
        display, line, column, f"this is not valid YAML ({problem})",
        "Compare this line with a working county file; indentation and quotes are the usual cause.",
    )


def _construct(
    node: yaml.Node, path: Path_, doc: SourceDoc, loader: Any, problems: list[Problem],
    seen: set[int] | None = None,
) -> Any:
    """Python values from the node tree, recording positions and reporting duplicate keys.

    With `seen` (the fast path), a node met twice is an alias and a path deeper than
    MAX_DEPTH is too deep: both send the file to the careful loader instead.
    """
    if seen is not None:
        if id(node) in seen or len(path) >= MAX_DEPTH:
            raise _Retry
        seen.add(id(node))
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _STANDARD_TAGS:
        problems.append(
            doc.problem(
                path, f"the YAML tag {node.tag!r} is not allowed",
                "Remove the tag (the word starting with !) and write the value plainly.",
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    doc.problem(path, "a field name here is not plain text", "Write 'name: value'.")
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if _FORBIDDEN_CHARACTER.search(key) or "\n" in key or "\t" in key:
                problems.append(_character_problem(doc, key_path, key, key_node))
                continue
            key_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = doc.keys[key_path][0]
                problems.append(
                    Problem(
                        doc.file, *key_position,
                        format_location(key_path), f"'{key}' appears twice here (first on line {first})",
                        "Keep one of them: YAML would silently keep only the last one and "
                        "lose the other's value. If both are separate items, start the "
                        "second with '- '.",
                    )
                )
                continue
            doc.keys[key_path] = key_position
            result[key] = _construct(value_node, key_path, doc, loader, problems, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) > MAX_ITEMS:
            problems.append(doc.problem(
                path, f"this list has {len(node.value):,} items, over the limit of {MAX_ITEMS:,}",
                "A county's map lists tens of items: check that this list is what you meant.",
            ))
            return []
        return [
            _construct(item, (*path, index), doc, loader, problems, seen)
            for index, item in enumerate(node.value)
        ]
    if node.tag == _STR:
        if _FORBIDDEN_CHARACTER.search(node.value):
            problems.append(_character_problem(doc, path, node.value, node))
        return node.value
    value = loader.construct_object(node)
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(doc.problem(path, f"{node.value!r} is not a usable number"))
        return None
    return value


def _character_problem(doc: SourceDoc, path: Path_, text: str, node: yaml.Node) -> Problem:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:  # a field name with a line break or tab
        return Problem(doc.file, line, column, format_location(path[:-1]),
                       f"the field name {text!r} spans more than one line or holds a tab",
                       "Write each field name on one line, as 'name: value'.")
    code = f"U+{ord(found[0]):04X}"
    what = "an unpaired surrogate" if 0xD800 <= ord(found[0]) <= 0xDFFF else "an invisible control character"
    return Problem(
        doc.file, line, column, format_location(path), f"this text contains {what} ({code})",
        "Delete it: it is usually written as an escape such as \\r or \\x1b inside double quotes, "
        "or pasted from another program. Use plain letters, digits and punctuation.",
    )
