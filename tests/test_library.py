"""The plain library on its own: no MkDocs, one schema, safe rendering, safe reading."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest
from asset_map import model
from asset_map.load import check, load_dataset
from asset_map.render import md, plain_title, relative_url
from asset_map.schema_checks import load_schema
from asset_map.site import SiteSettings, generate
from asset_map.yaml_source import read_yaml
from conftest import REPO, VALID_COUNTY


def test_the_library_does_not_import_mkdocs() -> None:
    code = (
        "import sys; sys.path.insert(0, 'hooks');"
        "import asset_map.site, asset_map.cli, asset_map.load;"
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules), 'mkdocs imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


@pytest.mark.repository_data
def test_the_bundled_sample_data_is_valid() -> None:
    dataset = load_dataset(REPO / "counties")
    assert len(dataset.counties) == 58
    assert len(dataset.regions) == 11
    assert {c.region for c in dataset.counties} == set(range(1, 12))
    assert dataset.maps, "the sample data should include some county maps"


@pytest.mark.parametrize(
    ("cls", "definition"),
    [
        (model.Asset, "asset"),
        (model.Need, "need"),
        (model.Goal, "goal"),
        (model.Action, "action"),
    ],
)
def test_dataclasses_match_the_schema(cls: type, definition: str) -> None:
    properties = load_schema("county")["definitions"][definition]["properties"]
    assert {f.name for f in dataclasses.fields(cls)} == set(properties)


def test_county_map_fields_match_the_schema() -> None:
    schema = load_schema("county")
    fields = {f.name for f in dataclasses.fields(model.CountyMap)} - {"county", "cycle", "path"}
    assert fields == set(schema["properties"])
    item = schema["properties"]
    assert {f.name for f in dataclasses.fields(model.Contact)} == set(item["contacts"]["items"]["properties"])
    assert {f.name for f in dataclasses.fields(model.Source)} == set(item["sources"]["items"]["properties"])


def test_checklist_and_subject_gap_fields_match_their_schemas() -> None:
    checklist = load_schema("checklist")["properties"]["items"]["items"]["properties"]
    assert [f.name for f in dataclasses.fields(model.ChecklistItem)] == list(checklist)
    gaps = load_schema("county")["properties"]["subject_gaps"]["items"]["properties"]
    assert [f.name for f in dataclasses.fields(model.SubjectGap)] == list(gaps)


@pytest.mark.parametrize("name", ["county", "counties", "regions", "partners", "vocabularies", "checklist", "synonyms"])
def test_every_schema_property_is_documented(name: str) -> None:
    def walk(schema: dict, path: str) -> list[str]:
        missing = []
        for key, prop in schema.get("properties", {}).items():
            if not (prop.get("description") or "$ref" in prop and "description" in _target(prop)):
                missing.append(f"{path}.{key}")
            missing += walk(prop, f"{path}.{key}")
            if isinstance(prop.get("items"), dict):
                missing += walk(prop["items"], f"{path}.{key}[]")
        return missing

    root = load_schema(name)

    def _target(prop: dict) -> dict:
        return root["definitions"][prop["$ref"].rsplit("/", 1)[1]]

    missing = walk(root, name)
    for key, definition in root.get("definitions", {}).items():
        missing += walk(definition, f"{name}#{key}")
    assert not missing


@pytest.mark.repository_data
def test_vocabulary_subjects_match_the_schema_enum() -> None:
    dataset = load_dataset(REPO / "counties")
    enum = load_schema("county")["definitions"]["subject"]["enum"]
    assert list(dataset.vocabularies["subjects"].terms) == enum


def test_pages_escape_contributed_text(write_county, data_dir: Path) -> None:
    hostile = VALID_COUNTY.replace(
        "name: Summer science institute", 'name: "<script>alert(1)</script> & <b>bold</b>"'
    ).replace(
        "summary: A week of NGSS lessons for grade 4-8 teachers.",
        'summary: "Read [this](javascript:alert(1)) and {{ 7*7 }} <img src=x onerror=alert(1)>"',
    )
    write_county("marin", "2024-25", hostile)
    page = next(
        p for p in generate(load_dataset(data_dir), SiteSettings()).pages if p.path == "counties/marin/index.md"
    )
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "<img" not in page.text and "{{ 7*7 }}" in page.text
    assert "&lt;script&gt;" not in page.content, "contributed text never goes through Markdown"


def test_markdown_headings_neutralise_markdown_and_html() -> None:
    assert md("Region 4: *Bay* [x](y) <b>") == "Region 4: \\*Bay\\* \\[x\\]\\(y\\) &lt;b&gt;"
    assert plain_title("Bad</title><script>\u202e") == "Bad/titlescript"


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("regions/4/", "counties/marin/", "../../regions/4/"),
        ("counties/sonoma/", "counties/marin/", "../sonoma/"),
        ("counties/marin/#a-b", "regions/4/", "../../counties/marin/#a-b"),
        ("counties/marin/", "counties/", "marin/"),
        ("", "counties/", "../"),
        ("counties/", "counties/", "./"),
        ("counties/marin/#a", "counties/marin/", "#a"),
        ("schema/county.schema.json", "counties/", "../schema/county.schema.json"),
    ],
)
def test_relative_url(target: str, base: str, expected: str) -> None:
    assert relative_url(target, base) == expected


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        previous = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    doc, problems = read_yaml(path, "bomb.yml")
    assert doc is None
    assert problems[0].message.startswith("this value starts with &, which YAML reads as an anchor")
    assert time.perf_counter() - started < 1


def test_deep_nesting_and_huge_files_are_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    doc, problems = read_yaml(deep, "deep.yml")
    assert doc is None and "nested more than" in problems[0].message
    huge = tmp_path / "huge.yml"
    huge.write_text("a: " + "x" * 1_100_000 + "\n")
    doc, problems = read_yaml(huge, "huge.yml")
    assert doc is None and "over the limit of 1,000,000" in problems[0].message


def test_yes_no_and_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: no\nb: 2024-01-31\nc: true\n")
    doc, problems = read_yaml(path, "x.yml")
    assert not problems
    assert doc.data == {"a": "no", "b": "2024-01-31", "c": True}


def test_all_problems_in_all_files_are_reported_at_once(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("[science]", "[maths]").replace("[6-8]", "[6-9]"))
    write_county("napa", "2024-25", VALID_COUNTY.replace("status: in-progress", "status: begun"))
    dataset, problems = check(data_dir)
    assert dataset is None
    assert [(p.file, p.line) for p in problems] == [
        ("counties/marin/2024-25.yml", 12),
        ("counties/marin/2024-25.yml", 24),
        ("counties/napa/2024-25.yml", 47),
    ]


def test_a_vocabulary_over_the_matching_limit_is_a_clear_problem(data_dir: Path) -> None:
    """Matching scores terms as bits of a 64-bit mask, so the schema caps a vocabulary at 63."""
    vocabularies = data_dir / "_shared" / "vocabularies.yml"
    extra = "".join(f"  extra-{n}:\n    label: Extra {n}\n    definition: A made-up focus area.\n" for n in range(63))
    text = vocabularies.read_text(encoding="utf-8").replace("focus_areas:\n", "focus_areas:\n" + extra, 1)
    vocabularies.write_text(text, encoding="utf-8")
    _, problems = check(data_dir)
    [problem] = [p for p in problems if p.location == "focus_areas"]
    assert problem.message.startswith("has ") and problem.message.endswith("entries; the limit is 63")
    assert "merge terms that overlap" in problem.hint
