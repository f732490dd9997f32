"""Checking a parsed file against its JSON Schema, in words a contributor understands.

The JSON Schema files in schemas/ are the only definition of the data. jsonschema's own
messages (`Additional properties are not allowed ('asests' was unexpected)`) are written for
programmers, so each is reworded here by its keyword, with a did-you-mean where one helps.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from .problems import Problem
from .suggestions import Labels, did_you_mean, grade_band_hint, odd_character_note, term_hint
from .wording import say, type_names
from .yaml_source import SourceDoc
from .yaml_syntax import CURLY_QUOTES, quoted

SCHEMA_DIR = Path(__file__).parent / "schemas"


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema file `schemas/<name>.schema.json`."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str) -> Draft7Validator:
    return Draft7Validator(_python_patterns(load_schema(name)), format_checker=Draft7Validator.FORMAT_CHECKER)


_END_ANCHOR = re.compile(r"(?<!\\)\$$")


def _python_patterns(schema: Any) -> Any:
    """A copy of the schema whose patterns end where the text ends.

    JSON Schema patterns are ECMAScript, where `$` is the end of the text, and editors check
    them that way; Python's `$` also matches before a final newline, so `id: "marin\\n"`
    would pass. The schema files keep `$` (editors cannot read `\\Z`); the build's
    validators get `\\Z`.
    """
    if isinstance(schema, dict):
        return {
            key: _END_ANCHOR.sub(r"\\Z", value)
            if key == "pattern" and isinstance(value, str)
            else _python_patterns(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_python_patterns(item) for item in schema]
    return schema


def forget_schemas() -> None:
    """Forget the parsed and compiled schemas, so an edited schema is read again: `mkdocs
    serve` keeps this module for the life of the process."""
    for cached_function in (load_schema, _validator, _fast_check):
        cached_function.cache_clear()


def resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema `schema` stands for: its `$ref` (`#/definitions/<name>` in `root`, also
    written after root's `$id`) followed to the end, or `schema` itself. Keywords beside a
    `$ref` (title, description, examples) are not merged in: draft-07 ignores them, and
    callers that show them read them first."""
    while "$ref" in schema:
        ref = schema["$ref"]
        base, _, fragment = ref.partition("#")
        if base not in ("", root.get("$id", "")) or not fragment.startswith("/definitions/"):
            raise ValueError(f"only references into the same schema's definitions are supported, not {ref!r}")
        schema = root["definitions"][fragment.removeprefix("/definitions/")]
    return schema


def field_kind(schema: dict[str, Any]) -> str | None:
    """What a string field holds, as the schema says it: 'date' (`format: date`) or its
    `x-kind` ('id', 'link', 'email' or 'text'). Never guessed from the pattern's text."""
    return "date" if schema.get("format") == "date" else schema.get("x-kind")


def is_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD (not the other forms fromisoformat accepts)."""
    if len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _fast_check(name: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: about 20 times faster.

    It only answers "valid or not"; jsonschema runs on the files it rejects, for the messages.
    """
    # A copy (_python_patterns makes one): fastjsonschema rewrites every `$ref` it visits in place.
    return fastjsonschema.compile(_python_patterns(load_schema(name)), formats={"date": is_date})


def show(value: object, limit: int = 60) -> str:
    """A value as it appears in a message: quoted, shortened, on one line."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 3] + "..."
        return repr(text)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return repr(value)[:limit]


def schema_problems(doc: SourceDoc, schema_name: str, labels: Labels | None = None) -> list[Problem]:
    """Every way `doc` breaks the schema, reworded, one problem per mistake, and every text
    that lost its end to a comment. Parts of the file that could not be read are skipped.
    `labels` (vocabulary terms and their labels) improves the suggestions."""
    root = load_schema(schema_name)
    problems = comment_problems(doc, root)
    try:
        if not doc.unreadable:
            _fast_check(schema_name)(doc.data)
            return problems
    except fastjsonschema.JsonSchemaException:
        pass
    found: list[Problem] = []
    for error in _validator(schema_name).iter_errors(doc.data):
        if not doc.is_unreadable(tuple(error.absolute_path)):
            found.extend(_reword(error, doc, root, labels or {}))
    # A misspelt field is also a missing one; the did-you-mean already says it all.
    misspelt = {
        p.hint.split("'")[1]
        for p in found
        if p.hint.startswith("Did you mean '") and p.message.startswith("unknown field")
    }
    commented = {p.path for p in problems}
    found = [
        p
        for p in found
        if not (p.message.startswith("the required field '") and p.message.split("'")[1] in misspelt)
        and not (p.path in commented and p.message.startswith("is empty"))
    ]
    return problems + _fold_misplaced_items(doc, root, _fold_missing_fields(doc, found))


def _fold_missing_fields(doc: SourceDoc, problems: list[Problem]) -> list[Problem]:
    """Three or more required fields missing from one item (often a line copied on its own,
    such as a lone '- id:') are one problem, not one per field."""
    missing: dict[tuple[str | int, ...], dict[str, None]] = {}
    for problem in problems:
        if problem.message.startswith("the required field '"):
            missing.setdefault(problem.path, {})[problem.message.split("'")[1]] = None
    folded = {path: list(names) for path, names in missing.items() if len(names) >= 3}
    if not folded:
        return problems
    kept = [p for p in problems if not (p.path in folded and p.message.startswith("the required field '"))]
    for path, names in folded.items():
        kept.append(
            doc.problem(
                path,
                f"{len(names)} required fields are missing: {', '.join(names)}",
                "Add them (the field reference on the site describes each one). If this item is only a line "
                "copied by mistake, remove it.",
            )
        )
    return kept


def schema_at(root: dict[str, Any], path: Iterable[str | int]) -> dict[str, Any] | None:
    """The schema of the value at `path`, or None where the schema does not describe it."""
    schema = resolve(root, root)
    for part in path:
        if isinstance(part, int):
            items = schema.get("items")
            if not isinstance(items, dict):
                return None
            schema = resolve(root, items)
            continue
        properties = schema.get("properties", {})
        if part in properties:
            schema = resolve(root, properties[part])
        elif isinstance(schema.get("additionalProperties"), dict):
            schema = resolve(root, schema["additionalProperties"])
        else:
            return None
    return schema


def comment_problems(doc: SourceDoc, root: dict[str, Any]) -> list[Problem]:
    """Free text (`x-kind: text`) written without quotes and followed by ` #...`: YAML reads
    the rest of the line as a comment and drops it, so `name: STEM night #2 for families` would
    be published as 'STEM night'."""
    problems = []
    for path, (line, column, lost) in doc.comments.items():
        schema = schema_at(root, path)
        if schema is None or field_kind(schema) != "text" or doc.is_unreadable(path):
            continue
        kept = _value_at(doc.data, path)
        message = "the text from # on is read as a comment and dropped, so " + (
            f"only {show(kept)} is kept" if kept else "this is empty"
        )
        whole = f"{kept or ''} {lost}".strip() if isinstance(kept, str) or kept is None else ""
        key = path[-1] if isinstance(path[-1], str) else ""
        hint = "Put the whole text in double quotes"
        if whole and len(whole) <= 100:
            hint += f", for example: {key + ': ' if key else ''}{quoted(whole)}"
        hint += "."
        if isinstance(kept, str) and kept[:1] in CURLY_QUOTES:
            hint += ' Curly quotes (“ ”) do not count: use straight double quotes (").'
        problems.append(doc.problem_at(path, line, column, message, hint))
    return problems


def _value_at(data: Any, path: Iterable[str | int]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _fold_misplaced_items(doc: SourceDoc, root: dict[str, Any], problems: list[Problem]) -> list[Problem]:
    """An item pasted into the wrong list (an asset under `actions:`) breaks a dozen rules at
    once; say the cause once: this item looks like an asset, and assets go under `assets:`."""
    lists = {
        name: list(resolve(root, resolve(root, schema)["items"]).get("properties", {}))
        for name, schema in root.get("properties", {}).items()
        if isinstance(resolve(root, schema).get("items"), dict)
        and resolve(root, resolve(root, schema)["items"]).get("type") == "object"
    }
    by_item: dict[tuple[str | int, ...], list[Problem]] = {}
    for problem in problems:
        if len(problem.path) >= 2 and problem.path[0] in lists and isinstance(problem.path[1], int):
            by_item.setdefault(problem.path[:2], []).append(problem)
    folded: dict[tuple[str | int, ...], Problem] = {}
    for (name, index), found in by_item.items():
        item = _value_at(doc.data, (name, index))
        unknown = [p for p in found if p.message.startswith("unknown field")]
        if not isinstance(item, dict) or len(unknown) < 2:
            continue
        fits = [other for other, fields in lists.items() if other != name and set(item) <= set(fields)]
        if len(fits) != 1:
            continue
        other = fits[0]
        noun = other[:-1] if other.endswith("s") else other
        article = "an" if noun[:1] in "aeiou" else "a"
        folded[(name, index)] = doc.problem(
            (name, index),
            f"this item looks like {article} {noun}; {other} go under '{other}:'",
            f"Move the whole item, from its '- ' line to its last field, under '{other}:' (lined up with "
            f"the items there). The fields of {name} are: {', '.join(lists[name])}.",
        )
    kept = [p for p in problems if p.path[:2] not in folded]
    return kept + list(folded.values())


def _reword(error: ValidationError, doc: SourceDoc, root: dict[str, Any], labels: Labels) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value: Any = error.instance
    keyword = error.validator
    rule: Any = error.validator_value  # the keyword's value in the schema

    if keyword == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                hint = (hint + " " if hint else "") + "Fields allowed here: " + ", ".join(allowed) + "."
                yield doc.problem((*path, key), say("unknown_field", name=key), hint, key=True)
        return
    if keyword == "required" and isinstance(value, dict):
        for name in rule:
            if name not in value and not doc.is_unreadable((*path, name)):
                yield doc.problem(
                    path,
                    say("required", name=name),
                    schema.get("x-hint") or _field_hint(root, schema, name),
                )
        return
    if keyword == "enum":
        choices = [str(choice) for choice in rule]
        vocabulary = str(schema.get("x-vocabulary", ""))
        hint = term_hint(vocabulary, value, labels[vocabulary]) if vocabulary in labels else ""
        hint = hint or did_you_mean(value, choices)
        yield doc.problem(path, say("not_one_of", value=show(value), choices=", ".join(choices)), hint)
        return
    if keyword == "type":
        wanted = rule
        wanted = wanted if isinstance(wanted, list) else [wanted]
        names = " or ".join(type_names().get(str(w), str(w)) for w in wanted)
        if value is None:
            yield doc.problem(path, say("empty_but", kind=names), _empty_hint(wanted))
        else:
            hint = ""
            vocabulary = str(schema.get("x-vocabulary", ""))
            if vocabulary == "grade_bands" and (band := grade_band_hint(value, labels.get(vocabulary, {}))):
                yield doc.problem(path, f"{show(value)} is a grade, but this list takes grade bands", band)
                return
            if vocabulary in labels and isinstance(value, (int, float, bool)):
                hint = f"Write one of: {', '.join(labels[vocabulary])}."
            elif "string" in wanted and isinstance(value, (int, float, bool)):
                hint = 'Put the value in double quotes so it is read as text, for example "2024".'
            if "array" in wanted and isinstance(value, str):
                hint = "Write a list, for example [math, science], or one item per line starting with '- '."
            yield doc.problem(path, say("should_be", value=show(value), kind=names), hint)
        return
    if keyword in ("pattern", "format"):
        if isinstance(value, str) and (bidi := _BIDI.search(value)):
            yield doc.problem(
                path,
                f"contains an invisible character that reverses the direction of text (U+{ord(bidi[0]):04X})",
                "Delete it, or retype the text instead of pasting it: such characters can make text "
                "display differently from what it says.",
            )
            return
        hint = schema.get("x-hint", "")
        if isinstance(value, str):
            if field_kind(schema) in ("id", "email", "link") and (note := odd_character_note(value)):
                hint = f"{hint} {note}".strip()
        yield doc.problem(path, _pattern_message(schema, value), hint)
        return
    if keyword == "minItems":
        if not value or rule == 1:
            yield doc.problem(
                path,
                say("empty_list"),
                "Add an entry, for example: subjects: [math].",
            )
        else:
            yield doc.problem(
                path,
                f"this list has {len(value)} {'entry' if len(value) == 1 else 'entries'} but needs at least {rule}",
                schema.get("x-hint", "") or "Add the missing entries, or remove the list.",
            )
        return
    if keyword == "uniqueItems" and isinstance(value, list):
        seen: set[str] = set()
        for index, item in enumerate(value):
            marker = json.dumps(item, sort_keys=True)
            if marker in seen:
                yield doc.problem((*path, index), say("listed_twice", value=show(item)), "Remove the repeat.")
            seen.add(marker)
        return
    if keyword == "maxLength":
        yield doc.problem(
            path,
            say("too_long", length=len(value), limit=rule),
            "Shorten it: a sentence or two is plenty, and the page can link to more.",
        )
        return
    if keyword == "minLength":
        yield doc.problem(path, say("empty"), _empty_hint(["string"]))
        return
    if keyword in ("minimum", "maximum"):
        low = schema.get("minimum")
        high = schema.get("maximum")
        yield doc.problem(
            path,
            say("out_of_range", value=show(value), low=low, high=high),
            schema.get("description", ""),
        )
        return
    if keyword == "minProperties":
        yield doc.problem(path, "needs at least one entry")
        return
    if keyword == "maxProperties" and isinstance(value, dict):
        yield doc.problem(
            path,
            f"has {len(value)} entries; the limit is {rule}",
            schema.get("x-hint", ""),
        )
        return
    yield doc.problem(path, error.message)


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _pattern_message(schema: dict[str, Any], value: object) -> str:
    kind = field_kind(schema)
    if kind == "date":
        return say("not_date", value=show(value))
    if kind == "link":
        if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            return say("link_odd", value=show(value))
        return say("not_link", value=show(value))
    if kind == "email":
        if isinstance(value, str) and value.lower().startswith("mailto:"):
            return say("mailto", value=show(value))
        return say("not_email", value=show(value))
    if kind == "id":
        return say("not_id", value=show(value))
    if kind == "text" and not (isinstance(value, str) and value.strip()):
        return say("empty")
    return say("cannot_use", value=show(value))


def _empty_hint(wanted: list[str]) -> str:
    if "array" in wanted:
        return "Write the list after the colon, or [] for an empty list."
    if "object" in wanted:
        return "Add the fields on the indented lines below."
    return "Write a value after the colon, or delete the line if the field is optional."


def _field_hint(root: dict[str, Any], schema: dict[str, Any], name: str) -> str:
    prop = schema.get("properties", {}).get(name, {})
    target = resolve(root, prop)
    description = prop.get("description") or target.get("description", "")
    examples = prop.get("examples") or target.get("examples") or []
    hint = f"Add '{name}:'" + (f" ({description})" if description else "")
    if examples:
        hint += f" For example: {name}: {json.dumps(examples[0], ensure_ascii=False)}"
    return hint
