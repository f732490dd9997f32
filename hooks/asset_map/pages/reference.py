"""The field reference (/contribute/reference/), generated from the JSON Schemas.

Because it is read from the same schema files the validator uses, the reference cannot drift
from what the checks accept: every field, its type, whether it is required, its allowed
values (with the vocabulary's definitions) and an example.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from markupsafe import Markup, escape

from ..model import Dataset, Vocabulary
from ..render import Page, render
from ..schema_checks import field_kind, load_schema, resolve

REFERENCE_NOUNS = {
    "partner": "partner ids from the partner registry",
    "county": "county slugs",
    "need": "ids of needs in the same file",
    "asset": "ids of assets in the same file",
    "goal": "the id of a goal in the same file",
}


@dataclass(frozen=True)
class Field:
    anchor: str
    name: str
    kind: str
    required: bool
    description: str
    allowed: tuple[tuple[str, str], ...]
    vocabulary: str | None
    example: str

    @property
    def example_html(self) -> Markup:
        """The example for a `<pre>` block, on one line of HTML: the page's HTML blocks are
        folded onto unindented lines (render.html_block), which would strip the indentation a
        YAML example needs from its second line on, and the copied example would not work."""
        return Markup(str(escape(self.example)).replace("\n", "&#10;"))


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    intro: str
    fields: tuple[Field, ...]


def _kind(root: dict[str, Any], prop: dict[str, Any], vocabularies: Mapping[str, Vocabulary]) -> str:
    schema = resolve(root, prop)
    kind = schema.get("type")
    if kind == "array":
        items = resolve(root, schema.get("items", {}))
        if "enum" in items:
            return "list of: " + ", ".join(items["enum"])
        if "x-vocabulary" in items:
            return f"list of {vocabularies[items['x-vocabulary']].noun}s"
        if "x-reference" in items:
            return "list of " + REFERENCE_NOUNS[items["x-reference"]]
        if items.get("type") == "object":
            return "list of entries (each starts with '- ')"
        return "list"
    if kind == "object":
        return "group of fields"
    if "x-reference" in schema:
        return REFERENCE_NOUNS[schema["x-reference"]]
    if "enum" in schema:
        return "one of: " + ", ".join(schema["enum"])
    if "x-vocabulary" in schema:
        return f"one {vocabularies[schema['x-vocabulary']].noun}"
    field = field_kind(schema)
    if field == "date":
        return "date, YYYY-MM-DD"
    if field == "link":
        return "web address (https://...)"
    if field == "id":
        return "id: lower-case letters, digits, hyphens"
    if kind == "string":
        limit = schema.get("maxLength")
        return f"text, up to {limit} characters" if limit else "text"
    if kind in ("number", "integer"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"number from {low} to {high}" if low is not None else "number"
    return str(kind)


def _example(name: str, root: dict[str, Any], prop: dict[str, Any]) -> str:
    examples = prop.get("examples") or resolve(root, prop).get("examples") or []
    if not examples:
        return ""
    example = examples[0]
    if isinstance(example, list) and all(isinstance(v, str) for v in example):
        return f"{name}: [{', '.join(example)}]"
    return yaml.safe_dump({name: example}, default_flow_style=False, allow_unicode=True, sort_keys=False).strip()


def _section(
    root: dict[str, Any],
    anchor: str,
    title: str,
    intro: str,
    schema: dict[str, Any],
    vocabularies: Mapping[str, Vocabulary],
) -> Section:
    schema = resolve(root, schema)
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        resolved = resolve(root, prop)
        items = resolve(root, resolved.get("items", {})) if resolved.get("type") == "array" else resolved
        vocabulary = items.get("x-vocabulary")
        allowed = tuple((value, "") for value in items.get("enum", []))
        if allowed and vocabulary:
            # The schema fixes the values; the vocabulary gives each its meaning.
            terms = vocabularies[vocabulary].terms
            allowed = tuple((key, terms[key].definition if key in terms else "") for key, _ in allowed)
            vocabulary = None
        fields.append(
            Field(
                anchor=f"{anchor}-{name}",
                name=name,
                kind=_kind(root, prop, vocabularies),
                required=name in required,
                description=prop.get("description") or resolved.get("description", ""),
                allowed=allowed,
                vocabulary=vocabulary,
                example=_example(name, root, prop),
            )
        )
    return Section(anchor, title, intro, tuple(fields))


def county_sections(dataset: Dataset) -> list[Section]:
    root = load_schema("county")
    vocab = dataset.vocabularies
    top = root["properties"]
    defs = root["definitions"]
    return [
        _section(root, "file", "The whole file", root["description"], root, vocab),
        _section(root, "contacts", "Each contact", top["contacts"]["description"], top["contacts"]["items"], vocab),
        _section(root, "sources", "Each source", top["sources"]["description"], top["sources"]["items"], vocab),
        _section(root, "assets", "Each asset", top["assets"]["description"], defs["asset"], vocab),
        _section(
            root,
            "location",
            "An asset's location",
            defs["asset"]["properties"]["location"]["description"],
            defs["asset"]["properties"]["location"],
            vocab,
        ),
        _section(root, "needs", "Each need", top["needs"]["description"], defs["need"], vocab),
        _section(root, "goals", "Each goal", top["goals"]["description"], defs["goal"], vocab),
        _section(root, "actions", "Each action step", top["actions"]["description"], defs["action"], vocab),
        _section(
            root,
            "subject-gaps",
            "Each subject without assets",
            top["subject_gaps"]["description"],
            top["subject_gaps"]["items"],
            vocab,
        ),
    ]


def partner_section(dataset: Dataset) -> Section:
    root = load_schema("partners")
    vocab = dataset.vocabularies
    entry = root["properties"]["partners"]["items"]
    return _section(root, "partner", "Each partner (counties/_shared/partners.yml)", root["description"], entry, vocab)


def synonym_section(dataset: Dataset) -> Section:
    root = load_schema("synonyms")
    return _section(
        root,
        "synonym",
        "Each synonym group (counties/_shared/synonyms.yml)",
        root["description"],
        root["definitions"]["group"],
        dataset.vocabularies,
    )


def reference_page(dataset: Dataset) -> Page:
    return Page(
        "contribute/reference/index.md",
        render(
            "contribute/reference.md.j2",
            page_url="contribute/reference/",
            sections=county_sections(dataset),
            registries=[partner_section(dataset), synonym_section(dataset)],
            dataset=dataset,
        ),
    )
