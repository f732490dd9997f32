"""Reading contributor YAML safely, remembering where every value came from.

`yaml.safe_load` keeps the last of two duplicate keys without a word, turns 2024-01-31 into a
date and `no` into False (YAML 1.1, while editors use 1.2), expands alias bombs, reads
`&word` at the start of a value as an anchor (dropping the word), and forgets line numbers.
Each would make the build disagree with the contributor's editor, lose data or hang, so files
are read here instead: UTF-8 only, no anchors, aliases or tags, bounded size and depth, dates
and yes/no kept as text, and a map from each value's path to its line and column
(yaml_nodes.py).

Most files are read by libyaml (fast). Anything it refuses, and any text that might hold an
anchor, alias or tag, is read again by the careful reader (yaml_careful.py), which says where
and, after a syntax error, reads on part by part so one mistake does not hide the others.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from .problems import Problem
from .yaml_careful import CarefulLoader, read_carefully
from .yaml_nodes import MAX_DEPTH, MAX_ITEMS, Builder, Retry, SourceDoc

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_ITEMS", "SourceDoc", "read_bytes", "read_yaml"]

MAX_BYTES = 1_000_000

# Text the fast parser (libyaml) must not see: brackets nested deeper than MAX_DEPTH (it
# recurses, and 40,000 `[` crash the process) and anchors, aliases and tags, which only the
# careful loader refuses with their line. A false alarm only costs the slower path.
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"[\[{][\]}]")
_ANCHOR_ALIAS_TAG = re.compile(r"(?:^|[\s\[{,:?])[&*!][^\s,\]}]", re.MULTILINE)
_DEEP_INDENT = re.compile(rf"^ {{{8 * MAX_DEPTH},}}\S", re.MULTILINE)


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser (about 15 times faster) with the same resolvers as `CarefulLoader`.

    It cannot refuse aliases or deep nesting while composing, so the walk over its nodes
    does, and any file it does not accept is read again by `CarefulLoader` for the exact message.
    """

    yaml_implicit_resolvers = CarefulLoader.yaml_implicit_resolvers


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
        return None, [
            _problem(
                display,
                1,
                1,
                "is a symbolic link, which the site does not follow",
                "Put the file itself here: data files must be ordinary files inside counties/.",
            )
        ]
    if not stat.S_ISREG(info.st_mode):
        return None, [
            _problem(
                display,
                1,
                1,
                "is not an ordinary file",
                "Only ordinary text files belong in counties/: remove this one.",
            )
        ]
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
        found = _read_fast(text, lines, doc)
        if found is not None:
            return doc, found
        doc = SourceDoc(display, None, doc.first_line, header=doc.header)
    return read_carefully(text, lines, doc)


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


def _byte_problems(raw: bytes, display: str) -> list[Problem]:
    if len(raw) > MAX_BYTES:
        return [
            _problem(
                display,
                1,
                1,
                f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}",
                "A county's map for one cycle fits easily in far less: split out or shorten text.",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return [
            _problem(
                display,
                1,
                1,
                "the file starts with an invisible byte-order mark (BOM)",
                "Save it as plain UTF-8 (in many editors: Save As, Encoding: 'UTF-8', "
                "not 'UTF-8 with BOM'). The GitHub web editor saves it correctly.",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [
            _problem(
                display,
                1,
                1,
                "the file is saved as UTF-16, not UTF-8",
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
                display,
                line,
                column,
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
                    display,
                    number,
                    indent.index("\t") + 1,
                    "this line is indented with a tab",
                    "YAML only allows spaces for indentation: replace the tab with spaces "
                    "so the line lines up with the others.",
                )
            )
    return problems
