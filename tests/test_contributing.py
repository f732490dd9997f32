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
from asset_map.schema_checks import load_schema
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


def test_new_county_examples_are_valid_when_uncommented(data_dir: Path) -> None:
    """The commented examples in the starter file must pass the checks once filled in."""
    path = new_county(data_dir, "napa", today=TODAY)
    text = path.read_text(encoding="utf-8")
    for key in ("contacts", "assets", "needs", "goals", "actions"):
        block = re.search(rf"((?:#   .*\n)+){key}: \[\]\n", text)
        example = "".join(re.sub(r"^#(?= {3})", "", line, count=1) + "\n" for line in block[1].splitlines())
        example = re.sub(r"^ {3}", "  ", example, flags=re.MULTILINE)
        text = text.replace(block[0], f"{key}:\n{example}")
    path.write_text(text, encoding="utf-8")
    dataset, problems = check(data_dir)
    assert [p.format() for p in problems] == []
    assert dataset.current("napa").assets[0].id == "summer-math-institute"


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


def test_scaffold_commands_refuse_to_overwrite(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25")
    before = (data_dir / "marin" / "2024-25.yml").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "hooks", "--data-dir", str(data_dir), "new-county", "marin", "--cycle", "2024-25"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1 and "already has a map" in result.stderr
    assert (data_dir / "marin" / "2024-25.yml").read_bytes() == before


def test_validate_prints_github_annotations(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "hooks", "--data-dir", str(data_dir), "validate"],
        cwd=REPO, capture_output=True, text=True, check=False, env=env,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "::error file=counties/marin/2024-25.yml,line=12,col=16::assets[0].subjects[0]: "
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
    assert page.select_one("tr#focus_areas-lesson-study").get_text(" ", strip=True).startswith("lesson-study Lesson study")


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
    assert "python -m hooks validate" in steps
    assert "mkdocs build --strict" in steps
    forms = list((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert {f.name for f in forms} >= {"propose-asset.yml", "correction.yml"}
    for form in forms:
        yaml.safe_load(form.read_text(encoding="utf-8"))
