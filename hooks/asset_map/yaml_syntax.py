"""YAML syntax mistakes explained in plain words, on the line where they were made.

PyYAML reports where its parser gave up, in its own terms ("expected <block end>, but found
'<scalar>'"), which is often the line after the mistake or, for an unclosed quote, dozens of
lines later. Here the lines around the error are read again the way a contributor wrote them
(a key, a colon, a value) to name the real cause: a quote that does not close where the text
ends, text starting with a character YAML reserves, curly quotes, invisible spaces pasted from
a word processor, a list item without its dash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import yaml

INVISIBLE = {
    "\u00a0": "a non-breaking space",
    "\u2007": "a non-breaking space",
    "\u202f": "a non-breaking space",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width space",
    "\u200d": "a zero-width joiner",
    "\u2060": "a zero-width word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u3000": "a wide space",
    **{chr(code): "a typographic space" for code in range(0x2000, 0x200B) if chr(code) != "\u2007"},
}
"""Characters that look like a space or like nothing at all, usually pasted from a word
processor or a web page, with the name a contributor may recognise."""
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
LineMap = Callable[[int], int]
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")
_SPACES = "[ " + "".join(INVISIBLE) + "]*"
_AROUND_COLON = re.compile(f"^[ ]*(?:-[ ]+)*([A-Za-z0-9_][\\w .-]*?)({_SPACES}):({_SPACES})")
_KEY = re.compile(r"[A-Za-z0-9_][\w .-]*?(?=[ ]*:(?:[ ]|$))")
_FIELD_LINE = re.compile(r"^([ ]*)(- +)?[A-Za-z_][\w-]*:(?:[ ]|$)")


@dataclass(frozen=True)
class Explanation:
    line: int
    """1-based line in the file."""
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Line:
    """One line of YAML as written: its indentation, list dashes, key and value."""

    text: str
    indent: int
    key: str | None
    value: str
    value_column: int
    """0-based column where the value starts."""

    @property
    def prefix(self) -> str:
        """What comes before the value, such as `summary:` or `-`, for examples."""
        return self.text[: self.value_column].strip()


def split_line(text: str) -> _Line:
    indent = len(text) - len(text.lstrip(" "))
    position = indent
    while text.startswith("- ", position) or text[position:] == "-":
        position += 1
        while text.startswith(" ", position):
            position += 1
    key = None
    found = _KEY.match(text, position)
    if found:
        key = found[0]
        position = text.index(":", found.end()) + 1
        while text.startswith(" ", position):
            position += 1
    return _Line(text, indent, key, text[position:], position)


def invisible_name(text: str) -> str:
    """'a non-breaking space (U+00A0)' for the first invisible character in `text`, or ''."""
    found = _INVISIBLE_RE.search(text)
    return f"{INVISIBLE[found[0]]} (U+{ord(found[0]):04X})" if found else ""


def quoted(text: str) -> str:
    """`text` as YAML double-quoted text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def example(line: _Line, text: str) -> str:
    """`, for example: name: "..."`, or nothing when the text is too long to repeat."""
    if not text or len(text) > 100 or "\n" in text:
        return ""
    written = f"{line.prefix} {quoted(text)}" if line.prefix else quoted(text)
    return f", for example: {written}"


def _close_double(value: str) -> int:
    """The index of the quote that closes a double-quoted value, or -1."""
    index = 1
    while index < len(value):
        if value[index] == "\\":
            index += 2
            continue
        if value[index] == '"':
            return index
        index += 1
    return -1


def _close_single(value: str) -> int:
    index = 1
    while index < len(value):
        if value[index] == "'":
            if value.startswith("''", index):
                index += 2
                continue
            return index
        index += 1
    return -1


def _close_bracket(value: str) -> int:
    pairs = {"[": "]", "{": "}"}
    depth: list[str] = []
    quote = ""
    for index, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in pairs:
            depth.append(pairs[char])
        elif depth and char == depth[-1]:
            depth.pop()
            if not depth:
                return index
    return -1


def _trailing_text(value: str, end: int) -> bool:
    rest = value[end + 1 :].strip()
    return bool(rest) and not rest.startswith("#")


def opens_unclosed_quote(text: str) -> bool:
    """True when the line's value starts with a quote that does not close on the line."""
    value = split_line(text).value
    if value.startswith('"'):
        return _close_double(value) < 0
    if value.startswith("'"):
        return _close_single(value) < 0
    return False


QUOTE_RULE = "text that starts with a quote must end with the same quote"
NO_REUSE = "Anchors (&), aliases (*) and tags (!) are not allowed in these files: write each value out in full."
_RESERVED_START = {"&": ("anchor", "an anchor"), "*": ("alias", "an alias"), "!": ("tag", "a tag")}


def reserved_start(text: str, column: int) -> tuple[str, str]:
    """Message and hint for a value starting with &, * or ! at `column` of the line `text`:
    YAML reads it as an anchor, alias or tag, and the word after it is lost as text."""
    value = text[column:].split(" #")[0].rstrip()
    in_brackets = "[" in text[:column] or "{" in text[:column]
    if in_brackets:
        value = re.split(r"[,\]}]", value)[0].rstrip()
    sign = value[:1] or "&"
    kind, what = _RESERVED_START.get(sign, ("anchor", "an anchor"))
    token = value.split(None, 1)[0] if value else sign
    message = f"this value starts with {sign}, which YAML reads as {what} ({token}), not as text"
    rest = value[len(token) :].strip()
    if not rest or rest[0] in "[{":
        if kind == "alias":
            return message, f"Write the value out in full in place of {token}. {NO_REUSE}"
        return message, f"Remove {token}. {NO_REUSE}"
    line = split_line(text)
    written = (
        quoted(value)
        if in_brackets or not line.prefix or line.value_column > column
        else (f"{line.prefix} {quoted(value)}")
    )
    return message, f"If it is text, put the whole text in double quotes, for example: {written}. {NO_REUSE}"


def explain_line(text: str, number: int) -> Explanation | None:
    """What is wrong with one line on its own, if it can be told from the line alone."""
    line = split_line(text)
    invisible = _INVISIBLE_RE.search(text)
    around_colon = _AROUND_COLON.match(text)
    if invisible and (
        invisible.start() <= line.value_column
        or (around_colon and around_colon.start(2) <= invisible.start() < around_colon.end(3))
    ):
        where = "in its indentation" if not text[: invisible.start()].strip(" -") else "next to the colon"
        name = invisible_name(invisible[0])
        return Explanation(
            number,
            invisible.start() + 1,
            f"this line has {name} {where}, which YAML does not read as a space",
            "Delete it and type an ordinary space. It is invisible in most editors and usually comes "
            "with text copied from a word processor or a web page.",
        )
    value = line.value
    if not value:
        return None
    first = value[0]
    if first in CURLY_QUOTES:
        inner = value.strip(CURLY_QUOTES + " ")
        return Explanation(
            number,
            line.value_column + 1,
            f"this text starts with a curly quote ({first}), which YAML does not read as a quote",
            f'Use straight double quotes (") around the whole text{example(line, inner)}. '
            "Word processors turn straight quotes into curly ones.",
        )
    if first in "\"'":
        end = _close_double(value) if first == '"' else _close_single(value)
        if end > 0 and _trailing_text(value, end):
            whole = value.split(" #")[0].rstrip()
            intended = whole[1:-1] if len(whole) > 1 and whole.endswith(first) else whole
            if first == "'":
                intended = intended.replace("''", "'")
            return Explanation(
                number,
                line.value_column + 1,
                QUOTE_RULE,
                'To use quotes inside text, put the whole text in double quotes and write \\" for each '
                f"inner one{example(line, intended)}.",
            )
        return None
    if first in "[{":
        end = _close_bracket(value)
        if end > 0 and _trailing_text(value, end):
            what = "a list" if first == "[" else "a group of fields"
            return Explanation(
                number,
                line.value_column + 1,
                f"text that starts with {first} is read as {what}",
                f"Put the whole text in double quotes{example(line, value.split(' #')[0].rstrip())}.",
            )
        return None
    if first in "|>" and line.key is not None and not re.fullmatch(r"[|>][-+]?[1-9]?[-+]?\s*(#.*)?", value):
        return Explanation(
            number,
            line.value_column + 1,
            f"a value that starts with {first} marks a block of text on the lines below, so nothing else "
            "may follow it on this line",
            f"If {first} is part of the text, put the whole text in double quotes"
            f"{example(line, value.split(' #')[0].rstrip())}.",
        )
    if value.startswith("- ") and line.key is not None:
        return Explanation(
            number,
            line.value_column + 1,
            "text that starts with '- ' is read as the start of a list",
            f"Put the whole text in double quotes{example(line, value.split(' #')[0].rstrip())}, or, for a "
            "list, start each item on its own line below, indented further than the field name.",
        )
    if first in _RESERVED_START:
        return Explanation(number, line.value_column + 1, *reserved_start(text, line.value_column))
    if first in "@`%":
        return Explanation(
            number,
            line.value_column + 1,
            f"a value here starts with {first}, which YAML reserves",
            f"Put the whole text in double quotes{example(line, value.split(' #')[0].rstrip())}.",
        )
    return None


def _unclosed_quote(lines: Sequence[str], first: int, error_line: int, line_of: LineMap) -> Explanation | None:
    """A quote opened on a line between `first` and `error_line` (0-based) that swallowed the
    lines after it: YAML reads up to the next quote of the same kind, often many lines later."""
    for number in range(first, min(error_line, len(lines) - 1) + 1):
        text = lines[number]
        if not opens_unclosed_quote(text):
            continue
        line = split_line(text)
        quote = line.value[0]
        for later in range(number + 1, min(error_line + 1, len(lines))):
            swallowed = _FIELD_LINE.match(lines[later])
            if swallowed and len(swallowed[1]) <= line.indent + (2 if text.lstrip().startswith("- ") else 0):
                return Explanation(
                    number + 1,
                    line.value_column + 1,
                    f"the quote ({quote}) that starts this text is not closed on this line",
                    f"Add the closing {quote} at the end of the text. Without it, YAML reads the lines "
                    f"below (from line {line_of(later) + 1}) as part of this text.",
                )
    return None


def _misaligned_field(lines: Sequence[str], first: int, error_line: int) -> Explanation | None:
    """A field written at the column of the list's dashes: a missing dash, or a field that
    lost its indentation."""
    text = lines[error_line]
    found = _FIELD_LINE.match(text)
    if not found or found[2]:
        return None
    indent = len(found[1])
    for number in range(error_line - 1, first - 1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        above_indent = len(above) - len(above.lstrip(" "))
        if above_indent < indent:
            return None
        if above_indent == indent and above.lstrip().startswith("- "):
            first_key = split_line(above).key
            key = split_line(text).key
            if key == first_key:
                return Explanation(
                    error_line + 1,
                    indent + 1,
                    "this line looks like the start of a new item, but it has no dash",
                    f"Start each item of a list with '- ', lined up with the dashes above: write '- {key}: ...'.",
                )
            return Explanation(
                error_line + 1,
                indent + 1,
                "this field is not lined up with the fields of the item above it",
                f"Indent it by {len(above) - len(above.lstrip(' -'))} spaces, so it lines up with "
                f"'{first_key or 'the first field'}' above; if it starts a new item, begin it with '- '.",
            )
    return None


def _unindented_text(lines: Sequence[str], first: int, error_line: int) -> Explanation | None:
    """A line of text (no field name, no dash) that continues the text above it but is not
    indented further than that text's field name."""
    text = lines[error_line]
    if not text.strip() or split_line(text).key or text.lstrip().startswith(("-", "#")):
        return None
    indent = len(text) - len(text.lstrip(" "))
    for number in range(error_line - 1, first - 1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        field = split_line(above)
        if field.key and field.value and indent <= len(above) - len(above.lstrip(" -")):
            return Explanation(
                error_line + 1,
                indent + 1,
                f"this line of text is not indented under '{field.key}'",
                f"If it continues the text of '{field.key}' on the line above, indent it further than "
                f"'{field.key}', or join the two lines.",
            )
        return None
    return None


_MESSAGES = [
    (
        "mapping values are not allowed here",
        "there is a colon (:) here that YAML reads as a new field",
        "If this is text that contains a colon, put the whole text in double quotes{example}. If it is "
        "a new field, check that it starts on its own line and lines up with the fields above it.",
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
        "and text that starts with a quote must end with the same quote.",
    ),
    (
        "could not find expected ':'",
        "a line here is not in the form 'field: value'",
        "Add the missing colon after the field name, or indent a continued line of text further than its field name.",
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


def explain(error: yaml.MarkedYAMLError, lines: Sequence[str], line_of: LineMap = lambda line: line) -> Explanation:
    """The cause of a syntax error, on its own line. `lines` is the text that was read, and
    `line_of` gives the file's line (0-based) for each of its lines when that text is a part
    of the file."""
    found = _explain(error, lines, line_of)
    return Explanation(line_of(found.line - 1) + 1, found.column, found.message, found.hint)


def _explain(error: yaml.MarkedYAMLError, lines: Sequence[str], line_of: LineMap) -> Explanation:
    first = 0
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (first, 0)
    problem = error.problem or ""
    if "end of stream" in problem and error.context_mark and "quoted scalar" in (error.context or ""):
        opened = error.context_mark
        return Explanation(
            opened.line + 1,
            opened.column + 1,
            "a quote (\" or ') opened here is never closed",
            "Add the closing quote at the end of the text.",
        )
    if 0 <= line < len(lines):
        candidates = [line]
        if error.context_mark and error.context_mark.line != line:
            candidates.append(error.context_mark.line)
        for number in candidates:
            if 0 <= number < len(lines) and (found := explain_line(lines[number], number + 1)):
                return found
        if found := _unclosed_quote(lines, first, line, line_of):
            return found
        if any(text in problem for text in ("block end", "expected key", "'-' indicator", "expected ':'")):
            for number in candidates:
                if found := _misaligned_field(lines, first, number) or _unindented_text(lines, first, number):
                    return found
    for fragment, message, hint in _MESSAGES:
        if fragment in problem:
            if fragment == "found unexpected end of stream" and error.context_mark:
                line, column = error.context_mark.line, error.context_mark.column
            text = ""
            if "{example}" in hint and 0 <= line < len(lines):
                written = split_line(lines[line])
                text = example(written, written.value.split(" #")[0].rstrip()) if written.key else ""
            text = text or ', for example: summary: "Math: grades 3-5"'
            return Explanation(line + 1, column + 1, message, hint.replace("{example}", text))
    return Explanation(
        line + 1,
        column + 1,
        f"this is not valid YAML ({problem})",
        "Compare this line with a working county file; indentation and quotes are the usual cause.",
    )
