"""From YAML nodes to Python values that remember where each one was written.

The values are what `yaml.safe_load` would give (with the resolvers of yaml_source.py), plus
what loading loses: the line and column of every value and key, a problem for each duplicate
key instead of silently keeping the last, and each plain value followed by a comment on its
line (`name: STEM night #2` is read as `STEM night`; the schema checks decide whether that
field is free text, where the loss matters). A list item whose fields repeat, starting again
with its first field, is a new item whose dash is missing: it is read as that item, and
reported once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, format_location

MAX_DEPTH = 12
MAX_ITEMS = 10_000
"""Items in one list: a county has tens of assets, the national partner registry thousands."""

# Characters no text field may hold: C0 and C1 controls (but tab and newline), carriage
# returns and lone surrogates. YAML refuses most of them typed raw, but double-quoted
# escapes ("\r", "\x1b", "\ud800") make them; they break feeds, calendars and logs.
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}


@dataclass
class SourceDoc:
    """A parsed file: its values, and the line and column of each value and key."""

    file: str
    data: Any
    first_line: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    comments: dict[Path_, tuple[int, int, str]] = field(default_factory=dict)
    """Plain (unquoted) values followed by a comment on their line: where the # is, and the
    comment."""
    unreadable: list[Path_] = field(default_factory=list)
    """Parts that could not be read because of a syntax error (reported already); their
    checks wait until it is fixed. Empty when the whole file was read."""
    header: tuple[str, ...] = ()
    """The comment lines at the top of the file."""

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where `path` is written; falls back to the nearest enclosing value."""
        if key and path in self.keys:
            return self.keys[path]
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def problem(
        self, path: Path_, message: str, hint: str = "", *, key: bool = False, severity: str = "error"
    ) -> Problem:
        line, column = self.position(path, key=key)
        return self.problem_at(path, line, column, message, hint, severity=severity)

    def problem_at(
        self, path: Path_, line: int, column: int, message: str, hint: str = "", *, severity: str = "error"
    ) -> Problem:
        return Problem(self.file, line, column, format_location(path, self.data), message, hint, severity, tuple(path))

    def is_unreadable(self, path: Path_) -> bool:
        """True if `path` is inside a part of the file that could not be read."""
        return any(tuple(path[: len(part)]) == part for part in self.unreadable)


class Retry(Exception):
    """The fast path found something only the careful loader describes well."""


@dataclass
class Builder:
    """Builds values from nodes into `doc`, collecting problems to report once `doc.data` is
    complete (so their locations can name items)."""

    doc: SourceDoc
    lines: list[str]
    loader: Any = None
    fast: bool = False
    """With libyaml's nodes: a node met twice is an alias and a path deeper than MAX_DEPTH is
    too deep; both send the file to the careful loader instead (`Retry`)."""
    line_of: Callable[[int], int] = lambda line: line
    """The file's line (0-based) for a line of the text being read, when that is a part of
    the file."""
    pending: list[tuple[Path_, int, int, str, str]] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def where(self, mark: yaml.Mark) -> tuple[int, int]:
        return self.line_of(mark.line) + 1, mark.column + 1

    def report(self, path: Path_, mark: yaml.Mark, message: str, hint: str = "") -> None:
        self.pending.append((path, *self.where(mark), message, hint))

    def problems(self) -> list[Problem]:
        """The problems found while building, named now that the data is complete."""
        return [self.doc.problem_at(*entry) for entry in self.pending]

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if self.fast:
            if id(node) in self.seen or len(path) >= MAX_DEPTH:
                raise Retry
            self.seen.add(id(node))
        self.doc.values[path] = self.where(node.start_mark)
        if node.tag not in _STANDARD_TAGS:
            self.report(
                path,
                node.start_mark,
                f"the YAML tag {node.tag!r} is not allowed",
                "Remove the tag (the word starting with !) and write the value plainly.",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node.value, path)
        if isinstance(node, yaml.SequenceNode):
            return self.items(node, path)
        self._note_comment(node, path)
        if node.tag == _STR:
            if FORBIDDEN_CHARACTER.search(node.value):
                self._character_problem(path, node.value, node)
            return node.value
        value = self.loader.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            self.report(path, node.start_mark, f"{node.value!r} is not a usable number")
            return None
        return value

    def items(self, node: yaml.SequenceNode, path: Path_, start: int = 0) -> list[Any]:
        """The list's items, numbered from `start` in their paths."""
        if len(node.value) > MAX_ITEMS:
            self.report(
                path,
                node.start_mark,
                f"this list has {len(node.value):,} items, over the limit of {MAX_ITEMS:,}",
                "A county's map lists tens of items: check that this list is what you meant.",
            )
            return []
        items: list[Any] = []
        for item in node.value:
            if not isinstance(item, yaml.MappingNode) or item.tag not in _STANDARD_TAGS:
                items.append(self.build(item, (*path, start + len(items))))
                continue
            for number, pairs in enumerate(_items_in(item.value)):
                item_path = (*path, start + len(items))
                first_key = pairs[0][0] if pairs else item
                if number:
                    where = (
                        f"here, replace the two spaces before '{first_key.value}' with '- '"
                        if first_key.start_mark.column == item.start_mark.column >= 2
                        else f"write '- {first_key.value}: ...'"
                    )
                    self.report(
                        item_path,
                        first_key.start_mark,
                        "this line looks like the start of a new item, but it has no dash",
                        f"Start each item of a list with '- ', lined up with the dashes above: {where}. "
                        "Until then its fields are read as a second copy of the fields of the item above.",
                    )
                if self.fast and not number:
                    if id(item) in self.seen or len(item_path) >= MAX_DEPTH:
                        raise Retry
                    self.seen.add(id(item))
                self.doc.values[item_path] = self.where(item.start_mark if not number else first_key.start_mark)
                items.append(self._mapping(pairs, item_path))
        return items

    def _mapping(self, pairs: list[tuple[yaml.Node, yaml.Node]], path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(path, key_node.start_mark, "a field name here is not plain text", "Write 'name: value'.")
                continue
            key = key_node.value
            key_path = (*path, key)
            if FORBIDDEN_CHARACTER.search(key) or "\n" in key or "\t" in key:
                self._character_problem(key_path, key, key_node)
                continue
            if key in result:
                first = self.doc.keys[key_path][0]
                self.report(
                    key_path,
                    key_node.start_mark,
                    f"'{key}' appears twice here (first on line {first})",
                    "Keep one of them: YAML would silently keep only the last one and "
                    "lose the other's value. If both are separate items, start the "
                    "second with '- '.",
                )
                continue
            self.doc.keys[key_path] = self.where(key_node.start_mark)
            result[key] = self.build(value_node, key_path)
        return result

    def _note_comment(self, node: yaml.Node, path: Path_) -> None:
        """Remember a plain value followed by a comment on its line (see the module docstring)."""
        if getattr(node, "style", None):  # quoted or a block: None (PyYAML) or "" (libyaml) means plain
            return
        end = node.end_mark
        line = self.line_of(end.line)
        if line >= len(self.lines):
            return
        rest = self.lines[line][end.column :]
        if "#" not in rest:
            return
        stripped = rest.lstrip(" ")
        if stripped.startswith("#") and (stripped != rest or not node.value):
            self.doc.comments[path] = (line + 1, end.column + len(rest) - len(stripped) + 1, stripped.rstrip())

    def _character_problem(self, path: Path_, text: str, node: yaml.Node) -> None:
        found = FORBIDDEN_CHARACTER.search(text)
        if found is None:  # a field name with a line break or tab
            self.report(
                path[:-1],
                node.start_mark,
                f"the field name {text!r} spans more than one line or holds a tab",
                "Write each field name on one line, as 'name: value'.",
            )
            return
        code = f"U+{ord(found[0]):04X}"
        what = "an unpaired surrogate" if 0xD800 <= ord(found[0]) <= 0xDFFF else "an invisible control character"
        self.report(
            path,
            node.start_mark,
            f"this text contains {what} ({code})",
            "Delete it: it is usually written as an escape such as \\r or \\x1b inside double quotes, "
            "or pasted from another program. Use plain letters, digits and punctuation.",
        )


def _items_in(pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[list[tuple[yaml.Node, yaml.Node]]]:
    """The fields of one list item, split where a new item starts without its dash: a field
    name repeats the item's first field, or two repeated field names follow each other."""
    items: list[list[tuple[yaml.Node, yaml.Node]]] = [[]]
    names: set[str] = set()

    def name(index: int) -> str | None:
        node = pairs[index][0] if index < len(pairs) else None
        return node.value if isinstance(node, yaml.ScalarNode) else None

    for index, pair in enumerate(pairs):
        key = name(index)
        current = items[-1]
        if key is not None and key in names and len(current) >= 2:
            following = name(index + 1)
            if key == name_of(current[0]) or (following is not None and following in names and following != key):
                items.append([])
                names = set()
        items[-1].append(pair)
        if key is not None:
            names.add(key)
    return items


def name_of(pair: tuple[yaml.Node, yaml.Node]) -> str | None:
    return pair[0].value if isinstance(pair[0], yaml.ScalarNode) else None
