"""Contributor tools: scaffolds, pull-request annotations, the generated field reference,
and the repository files that run the checks on GitHub."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from asset_map.load import check
from asset_map.scaffold import ScaffoldError, new_county, new_cycle, school_year
from asset_map.schema_checks import load_schema, schema_problems
from asset_map.yaml_source import read_yaml
from conftest import REPO, VALID_COUNTY, BuiltSite, build_site

TODAY = datetime.date(2025, 9, 2)


def test_school_year() -> None:
    assert school_year(datetime.date(2025, 6, 30)) == "2024-25"
    assert school_year(datetime.date(2025, 7, 1)) == "2025-26"
    assert school_year(datetime.date(2099, 12, 1)) == "2099-00"


def test_new_county_writes_a_valid_commented_starter(data_dir: Path) -> None:
    path = new_county(data_dir, "napa", today=TODAY)
    assert path == data_dir / "napa" / "2025-26.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../hooks/asset_map/schemas/county.schema.json\n")
    assert "# Napa County Office of Education: asset map for the 2025-26 cycle." in text
    assert "updated: 2025-09-02" in text
    dataset, problems = check(data_dir)
    assert problems == [] and dataset.current("napa").assets == ()
    with pytest.raises(ScaffoldError, match="already has a map"):
        new_county(data_dir, "napa", today=TODAY)


def test_new_county_examples_work_when_the_instructions_are_followed_literally(data_dir: Path) -> None:
    """The starter file says: delete the [] on the list's line, then delete the # at the start
    of each line of the example below it. Done exactly so, every example passes the checks."""
    path = new_county(data_dir, "napa", today=TODAY)
    text = path.read_text(encoding="utf-8")
    assert "delete the [] so that it reads, for example, assets:" in text
    assert "delete the # at the start of the line, and only that #" in text
    lines, example = [], False
    for line in text.split("\n"):
        if re.fullmatch(r"(contacts|assets|needs|goals|actions): \[\]", line):
            lines.append(line.replace("[]", ""))
            example = True
        elif re.fullmatch(r"#[a-z_]+:", line):  # an optional list, written out whole in notes
            lines.append(line.replace("#", "", 1))
            example = True
        elif example and line.startswith("#"):
            lines.append(line.replace("#", "", 1))
        else:
            example = False
            lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")
    dataset, problems = check(data_dir)
    assert [p.format() for p in problems] == []
    napa = dataset.current("napa")
    assert [
        len(napa.contacts),
        len(napa.assets),
        len(napa.needs),
        len(napa.goals),
        len(napa.actions),
        len(napa.subject_gaps),
    ] == [1] * 6
    assert napa.assets[0].id == "summer-math-institute"
    assert napa.needs[0].evidence == "Survey of site leaders, spring 2025."


def test_new_cycle_starts_from_the_newest(write_county, data_dir: Path) -> None:
    write_county("marin", "2023-24", VALID_COUNTY.replace("Summer science institute", "Old name"))
    write_county("marin", "2024-25")
    path = new_cycle(data_dir, "marin", "2025-26", today=TODAY)
    text = path.read_text(encoding="utf-8")
    assert "Summer science institute" in text and "updated: 2025-09-02" in text
    assert check(data_dir)[1] == []
    with pytest.raises(ScaffoldError, match="already exists"):
        new_cycle(data_dir, "marin", "2025-26", today=TODAY)
    with pytest.raises(ScaffoldError, match="older than the newest"):
        new_cycle(data_dir, "marin", "2020-21", today=TODAY)
    with pytest.raises(ScaffoldError, match="not a cycle"):
        new_cycle(data_dir, "marin", "2025-27", today=TODAY)
    with pytest.raises(ScaffoldError, match="has no map yet"):
        new_cycle(data_dir, "napa", "2025-26", today=TODAY)
    with pytest.raises(ScaffoldError, match="Did you mean 'marin'"):
        new_cycle(data_dir, "marni", "2025-26", today=TODAY)


def test_new_cycle_carries_the_starter_note_forward(data_dir: Path) -> None:
    new_county(data_dir, "napa", cycle="2024-25", today=TODAY)
    text = new_cycle(data_dir, "napa", "2025-26", today=TODAY).read_text(encoding="utf-8")
    assert "# Napa County Office of Education: asset map for the 2025-26 cycle." in text
    assert check(data_dir)[1] == []


def test_scaffold_commands_refuse_to_overwrite(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25")
    before = (data_dir / "marin" / "2024-25.yml").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "hooks", "--data-dir", str(data_dir), "new-county", "marin", "--cycle", "2024-25"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "already has a map" in result.stderr
    assert (data_dir / "marin" / "2024-25.yml").read_bytes() == before


def test_validate_prints_github_annotations(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "hooks", "--data-dir", str(data_dir), "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "::error file=counties/marin/2024-25.yml,line=12,col=16::"
        'assets, item 1 ("Summer science institute"), subjects: '
        "'maths' is not one of: math, science, cs%0ADid you mean 'math'?"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = tmp_path_factory.mktemp("contribute")
    shutil.copytree(REPO / "counties" / "_shared", project / "counties" / "_shared")
    return build_site(project)


def test_reference_documents_every_schema_field(site: BuiltSite) -> None:
    page = site.content("contribute/reference/")
    schema = load_schema("county")
    expected = {f"file-{name}" for name in schema["properties"]}
    for anchor, definition in [("assets", "asset"), ("needs", "need"), ("goals", "goal"), ("actions", "action")]:
        expected |= {f"{anchor}-{name}" for name in schema["definitions"][definition]["properties"]}
    rows = {row["id"] for row in page.select("table.am-reference tr[id]")}
    assert expected <= rows
    subjects = page.select_one("tr#assets-subjects")
    assert "required" in subjects.th.get_text()
    assert "cs : Professional learning and resources for teaching the California computer science standards." in (
        subjects.get_text(" ", strip=True)
    )
    assert subjects.select_one("pre").get_text() == "subjects: [math, science]"
    focus = page.select_one("tr#assets-focus")
    assert focus.select_one("a")["href"] == "#vocabulary-focus_areas"
    assert (
        page.select_one("tr#focus_areas-lesson-study").get_text(" ", strip=True).startswith("lesson-study Lesson study")
    )


_PLACES = {
    "file": (),
    "contacts": ("contacts", 0),
    "sources": ("sources", 0),
    "assets": ("assets", 0),
    "location": ("assets", 0, "location"),
    "needs": ("needs", 0),
    "goals": ("goals", 0),
    "actions": ("actions", 0),
    "subject-gaps": ("subject_gaps", 0),
    "partner": ("partners", 0),
    "synonym": ("synonyms", 0),
}
"""Where each section of the field reference puts its fields in a county (or partner) file."""


def test_every_reference_example_works_when_copied(site: BuiltSite, tmp_path: Path) -> None:
    """Each example on the field reference, copied from the page as a browser copies it (the
    text of its <pre>), keeps its indentation and passes the checks in its place in a file."""
    page = site.content("contribute/reference/")
    copied = {
        row["id"]: row.select_one("pre").get_text()
        for row in page.select("table.am-reference tr[id]")
        if row.select_one("pre")
    }
    assert len(copied) > 30 and "assets-summary" in copied
    assert "\n" in copied["assets-summary"], "the summary example spans lines, so it tests indentation"
    county = tmp_path / "county.yml"
    county.write_text(VALID_COUNTY, encoding="utf-8")
    for anchor, text in copied.items():
        section = max((s for s in _PLACES if anchor.startswith(f"{s}-")), key=len, default=None)
        assert section, f"{anchor}: a new section of the field reference needs a place in _PLACES"
        name = anchor.removeprefix(f"{section}-")
        example = tmp_path / "example.yml"
        example.write_text(text + "\n", encoding="utf-8")
        parsed, problems = read_yaml(example, anchor)
        assert problems == [] and list(parsed.data) == [name], (anchor, text)
        schema = {"partner": "partners", "synonym": "synonyms"}.get(section, "county")
        doc, _ = read_yaml(county, "county.yml")
        if schema == "partners":
            doc.data = {"partners": [{"id": "valley-science-center", "name": "Valley", "type": "nonprofit"}]}
        if schema == "synonyms":
            doc.data = {"synonyms": [{"words": ["fractions", "rational numbers"]}]}
        target = doc.data
        for part in _PLACES[section]:
            if part == "location":
                target.setdefault("location", {"lat": 37.97, "lon": -122.53})
            if part == "sources":
                target.setdefault("sources", [{"title": "A report"}])
            if part == "subject_gaps":
                target.setdefault("subject_gaps", [{"subject": "cs", "reason": "Our lead starts in January."}])
            target = target[part]
        target[name] = parsed.data[name]
        assert [p.format() for p in schema_problems(doc, schema)] == [], (anchor, text)


def test_the_guide_adds_a_partner_that_works(site: BuiltSite, write_county, data_dir: Path) -> None:
    """The partner entry in the guide, copied from the page to the end of partners.yml, is a
    partner an asset in the same pull request can name."""
    page = site.content("contribute/")
    steps = page.select_one("h2#new-partner").find_next("ol").get_text(" ", strip=True)
    assert "Commit directly to the patch-1 branch" in steps and "partners.yml" in steps
    entry = page.select_one("h2#new-partner").find_next("pre").get_text()
    registry = data_dir / "_shared" / "partners.yml"
    registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry, encoding="utf-8")
    write_county("marin", "2024-25", VALID_COUNTY.replace("partners: []", "partners: [valley-science-center]"))
    assert check(data_dir)[1] == []


def test_contributor_guide_links_resolve(site: BuiltSite) -> None:
    page = site.content("contribute/")
    assert page.find("a", string="field reference")["href"] == "reference/"


def test_codeowners_covers_every_county() -> None:
    owners = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    slugs = re.findall(r"^  - slug: (\S+)$", (REPO / "counties" / "_shared" / "counties.yml").read_text(), re.M)
    assert len(slugs) == 58
    for slug in slugs:
        assert re.search(rf"^/counties/{slug}/\s+@\S+", owners, re.M), slug


def test_workflow_validates_and_builds_strictly() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert 'python -m hooks validate --summary "$GITHUB_STEP_SUMMARY"' in steps
    assert "mkdocs build --strict" in steps
    forms = list((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert {f.name for f in forms} >= {"propose-asset.yml", "correction.yml"}
    for form in forms:
        yaml.safe_load(form.read_text(encoding="utf-8"))
