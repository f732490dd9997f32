"""The field reference (/contribute/reference/), generated from the JSON Schemas.

Because it is read from the same schema files the validator uses, the reference cannot drift
from what the checks accept: every field, its type, whether it is required, its allowed
values (with the vocabulary's definitions) and an example.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..model import Dataset, Term
from ..references import VOCABULARY_NOUNS
from ..render import Page, render
from ..schema_checks import load_schema

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


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    intro: str
    fields: tuple[Field, ...]


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["definitions"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _kind(root: dict[str, Any], prop: dict[str, Any]) -> str:
    schema = _resolve(root, prop)
    kind = schema.get("type")
    if kind == "array":
        items = _resolve(root, schema.get("items", {}))
        if "enum" in items:
            return "list of: " + ", ".join(items["enum"])
        if "x-vocabulary" in items:
            return f"list of {VOCABULARY_NOUNS[items['x-vocabulary']]}s"
        if "x-reference" in items:
            return "list of " + REFERENCE_NOUNS[items["x-reference"]]
        if items.get("type") == "object":
            return "list of entries (each starts with '- ')"
        return "list"
    if kind == "object":
        return "group of fields"
    if "x-reference" in schema:
        return REFERENCE_NOUNS[schema["x-reference"]]
    if "x-vocabulary" in schema:
        return f"one {VOCABULARY_NOUNS[schema['x-vocabulary']]}"
    if "enum" in schema:
        return "one of: " + ", ".join(schema["enum"])
    if schema.get("format") == "date":
        return "date, YYYY-MM-DD"
    if "https?" in schema.get("pattern", ""):
        return "web address (https://...)"
    if schema.get("pattern", "").startswith("^[a-z0-9]+"):
        return "id: lower-case letters, digits, hyphens"
    if kind == "string":
        limit = schema.get("maxLength")
        return f"text, up to {limit} characters" if limit else "text"
    if kind in ("number", "integer"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"number from {low} to {high}" if low is not None else "number"
    return str(kind)


def _vocabulary(root: dict[str, Any], prop: dict[str, Any]) -> str | None:
    schema = _resolve(root, prop)
    items = _resolve(root, schema.get("items", {})) if schema.get("type") == "array" else schema
    return items.get("x-vocabulary")


def _example(name: str, root: dict[str, Any], prop: dict[str, Any]) -> str:
    examples = prop.get("examples") or _resolve(root, prop).get("examples") or []
    if not examples:
        return ""
    example = examples[0]
    if isinstance(example, list) and all(isinstance(v, str) for v in example):
        return f"{name}: [{', '.join(example)}]"
    return yaml.safe_dump({name: example}, default_flow_style=False, allow_unicode=True, sort_keys=False).strip()


def _section(root: dict[str, Any], anchor: str, title: str, intro: str, schema: dict[str, Any],
             vocabularies: dict[str, dict[str, Term]]) -> Section:
    schema = _resolve(root, schema)
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        resolved = _resolve(root, prop)
        vocabulary = _vocabulary(root, prop)
        items = _resolve(root, resolved.get("items", {})) if resolved.get("type") == "array" else resolved
        allowed = tuple((value, "") for value in items.get("enum", []))
        if vocabulary == "subjects" or (allowed and items.get("enum") == ["math", "science", "cs"]):
            allowed = tuple((key, term.definition) for key, term in vocabularies["subjects"].items())
            vocabulary = None
        fields.append(
            Field(
                anchor=f"{anchor}-{name}", name=name, kind=_kind(root, prop), required=name in required,
                description=prop.get("description") or resolved.get("description", ""),
                allowed=allowed, vocabulary=vocabulary, example=_example(name, root, prop),
            )
        )
    return Section(anchor, title, intro, tuple(fields))


def county_sections(dataset: Dataset) -> list[Section]:
    root = load_schema("county")
    vocabularies = {name: dict(v.terms) for name, v in dataset.vocabularies.items()}
    top = root["properties"]
    defs = root["definitions"]
    return [
        _section(root, "file", "The whole file", root["description"], root, vocabularies),
        _section(root, "contacts", "Each contact", top["contacts"]["description"], top["contacts"]["items"], vocabularies),
        _section(root, "sources", "Each source", top["sources"]["description"], top["sources"]["items"], vocabularies),
        _section(root, "assets", "Each asset", top["assets"]["description"], defs["asset"], vocabularies),
        _section(root, "location", "An asset's location", defs["asset"]["properties"]["location"]["description"],
                 defs["asset"]["properties"]["location"], vocabularies),
        _section(root, "needs", "Each need", top["needs"]["description"], defs["need"], vocabularies),
        _section(root, "goals", "Each goal", top["goals"]["description"], defs["goal"], vocabularies),
        _section(root, "actions", "Each action step", top["actions"]["description"], defs["action"], vocabularies),
    ]


def partner_section(dataset: Dataset) -> Section:
    root = load_schema("partners")
    vocabularies = {name: dict(v.terms) for name, v in dataset.vocabularies.items()}
    entry = root["properties"]["partners"]["items"]
    return _section(root, "partner", "Each partner (counties/_shared/partners.yml)", root["description"], entry, vocabularies)


def reference_page(dataset: Dataset) -> Page:
    return Page(
        "contribute/reference/index.md",
        render(
            "contribute/reference.md.j2", page_url="contribute/reference/", sections=county_sections(dataset),
            partner=partner_section(dataset), dataset=dataset, nouns=VOCABULARY_NOUNS,
        ),
    )
