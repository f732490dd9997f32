"""What the county editor reads, as the build publishes it: each county file unchanged, the
schema, the reference data and the validator's own words; and the links to the editor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from asset_map.wording import MESSAGES_FILE, say
from conftest import VALID_COUNTY, BuiltSite, build_site, make_project

EARLIER = VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2023-11-15")
ODD_BYTES = VALID_COUNTY.replace("\n", "\r\n").replace("name: Math PLC network", "name: 'Math PLC network'  # kept")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("editor"),
        {"marin": {"2023-24": EARLIER, "2024-25": VALID_COUNTY}, "napa": ODD_BYTES},
    )


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project)


def test_every_county_file_is_published_unchanged(site: BuiltSite, project: Path) -> None:
    for path in (project / "counties").glob("*/*.yml"):
        if path.parent.name == "_shared":
            continue
        published = site.root / "data" / "source" / path.relative_to(project)
        assert published.read_bytes() == path.read_bytes(), path


def test_the_editor_reads_the_schema_reference_data_and_messages(site: BuiltSite) -> None:
    assert (site.root / "schema" / "county.schema.json").exists()
    assert (site.root / "editor" / "messages.json").read_bytes() == MESSAGES_FILE.read_bytes()
    reference = json.loads((site.root / "editor" / "reference.json").read_text(encoding="utf-8"))
    assert "exploratorium" in {p["id"] for p in reference["partners"]}
    assert len(reference["counties"]) == 58
    assert {t["key"] for t in reference["vocabularies"]["subjects"]["terms"]} == {"math", "science", "cs"}
    editor = site.html("counties/marin/edit/").select_one("#am-editor")
    assert editor["data-path"] == "counties/marin/2024-25.yml"
    assert editor["data-source"].endswith("data/source/counties/marin/2024-25.yml")
    assert editor.select_one("#yaml-output").has_attr("readonly")


def test_county_pages_link_to_the_editor(site: BuiltSite) -> None:
    link = site.content("counties/marin/").find("a", string="Edit in a form")
    assert link and link["href"] == "edit/"
    start = site.content("counties/alpine/").find("a", string="Start your county's map")
    assert start and start["href"] == "edit/"
    starter = site.html("counties/alpine/edit/").select_one("#am-editor")
    assert starter["data-starter"] == "true"
    text = (site.root / "counties" / "alpine" / "edit" / "starter.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "asset map for the 2024-25 cycle" in text


def test_the_validator_words_its_messages_from_the_shared_file() -> None:
    assert say("required", name="summary") == "the required field 'summary' is missing"
    assert say("before", end="ends", last="2023-06-21", start="starts", first="2024-06-17") == (
        "ends (2023-06-21) is before starts (2024-06-17)"
    )
