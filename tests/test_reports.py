"""How problems reach people: the job summary of a pull request, warnings, the build's log,
and what the validator reads quickly or carefully."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from asset_map import yaml_source
from asset_map.load import check, load_dataset
from asset_map.problems import Problem, format_location, format_summary
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY

BROKEN_PARTNERS = """\
# yaml-language-server: $schema=../../hooks/asset_map/schemas/partners.schema.json
partners:
  - id: exploratorium
    name: 'Exploratorium's teacher institute'
    type: museum-science-center
"""
OLD_UPDATE = VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2022-11-15")


def validate(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hooks", "--data-dir", str(data_dir), "validate", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_the_summary_lists_every_problem_by_file_shared_lists_first(
    write_county, data_dir: Path, tmp_path: Path
) -> None:
    (data_dir / "_shared" / "partners.yml").write_text(BROKEN_PARTNERS, encoding="utf-8")
    slugs = re.findall(r"^  - slug: (\S+)$", (data_dir / "_shared" / "counties.yml").read_text(), re.M)
    for slug in [s for s in slugs if s != "napa"][:12]:  # more than the 10 annotations a pull request shows
        write_county(slug, "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    write_county("napa", "2024-25", VALID_COUNTY.replace("    kind: plc-network", "    kind: plc-network\n    <b>: 1"))
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier steps wrote this.\n", encoding="utf-8")

    result = validate(data_dir, "--summary", str(summary))

    assert result.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier steps wrote this.\n## The county data has problems\n")
    files = [line.removeprefix("### ") for line in text.splitlines() if line.startswith("### ")]
    assert files[0] == "counties/\\_shared/partners.yml"  # the shared list's problem comes first
    assert len(files) == 14 and "counties/napa/2024-25.yml" in files
    assert "&lt;b&gt;" in text and "<b>" not in text  # data is shown, never rendered
    assert "not in the partner registry" not in result.stdout + text  # folded into the registry's problem
    assert "the partner ids in county files are not checked" in text
    assert result.stdout.splitlines()[0].startswith("counties/_shared/partners.yml:4:11: ")


def test_the_summary_says_so_when_all_is_well(write_county, data_dir: Path, tmp_path: Path) -> None:
    write_county("marin", "2024-25")
    summary = tmp_path / "summary.md"
    assert validate(data_dir, "--summary", str(summary)).returncode == 0
    assert summary.read_text(encoding="utf-8") == (
        "## The county data is valid\n\nNo problems: 1 county files and the reference data are valid.\n\n"
    )


def test_summary_markdown_cannot_be_forged_by_data() -> None:
    problem = Problem(
        "counties/marin/2024-25.yml",
        3,
        1,
        'assets, item 1 ("[x](javascript:1)")',
        "'*a* <img src=x>' is not one of: a | b",
        "Did you mean `a`?",
    )
    text = format_summary([problem])
    assert "\\[x\\](javascript:1)" in text and "\\*a\\*" in text and "&lt;img src=x&gt;" in text
    assert "a \\| b" in text and "\\`a\\`" in text


def test_warnings_do_not_fail_validate_and_are_annotated_as_warnings(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", OLD_UPDATE)
    result = validate(data_dir, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "counties/marin/2024-25.yml:2:10: warning: updated: 2022-11-15 is more than a year before "
        "the 2024-25 cycle starts (2024-07-01)"
    )
    assert "No problems: 1 county files and the reference data are valid, with 1 warning in 1 file." in lines
    assert lines[-1].startswith("::warning file=counties/marin/2024-25.yml,line=2,col=10::updated: ")


def test_warnings_reach_the_caller_and_the_dataset_is_built(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", OLD_UPDATE)
    warned: list[Problem] = []
    dataset = load_dataset(data_dir, warn=warned.append)
    assert dataset.current("marin").updated == "2022-11-15"
    assert [p.is_warning for p in warned] == [True]


def test_the_strict_build_publishes_despite_a_warning_and_says_why(write_county, site_builder, caplog) -> None:
    """Warnings do not fail `validate`, so they do not fail the strict build either: they are
    logged below WARNING (which --strict counts) and the county's page is published."""
    write_county("marin", "2024-25", OLD_UPDATE)
    with caplog.at_level(logging.INFO):
        built = site_builder()
    warnings = [r for r in caplog.records if r.name == "mkdocs.plugins.asset_map" and ": warning: " in r.getMessage()]
    assert [r.levelno for r in warnings] == [logging.INFO]
    assert warnings[0].getMessage().startswith("counties/marin/2024-25.yml:2:10: warning: updated: 2022-11-15")
    assert built.path("counties/marin/").exists()


def test_the_clock_decides_what_is_in_the_future(write_county, data_dir: Path) -> None:
    import datetime

    write_county("marin", "2024-25")
    assert check(data_dir, today=datetime.date(2024, 11, 15))[1] == []
    problems = check(data_dir, today=datetime.date(2024, 11, 14))[1]
    assert [(p.location, p.message) for p in problems] == [("updated", "2024-11-15 is in the future")]


def test_ordinary_files_are_read_by_the_fast_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The careful (pure-Python, about 15 times slower) reader is kept for files that need it."""

    def refuse(*args: object) -> None:
        raise AssertionError("an ordinary file took the careful path")

    monkeypatch.setattr(yaml_source, "read_carefully", refuse)
    ordinary = LOCATED_COUNTY.replace("name: Summer science institute", 'name: "STEM night #2: families & teachers"')
    ordinary = ordinary.replace(
        "summary: A week of NGSS lessons for grade 4-8 teachers.",
        "summary: >-\n      R&D for grades 4-8 # all week,\n      'quoted' and \"more\".",
    )
    for number, text in enumerate([VALID_COUNTY, ordinary]):
        path = tmp_path / f"{number}.yml"
        path.write_text(text, encoding="utf-8")
        doc, problems = yaml_source.read_yaml(path, path.name)
        assert doc is not None and problems == []


def test_comments_after_values_that_are_not_free_text_are_fine(write_county, data_dir: Path) -> None:
    write_county(
        "marin",
        "2024-25",
        VALID_COUNTY.replace(
            "kind: plc-network",
            "kind: plc-network   # see the asset kinds",
        )
        .replace("partners: []", "partners: []   # none yet")
        .replace(
            "name: Summer science institute",
            'name: "Summer science institute #1"   # quoted, so kept',
        )
        .replace(
            "summary: A week of NGSS lessons for grade 4-8 teachers.",
            "summary: >-\n      A week of NGSS lessons #1 for grade 4-8 teachers.",
        ),
    )
    dataset, problems = check(data_dir)
    assert problems == []
    asset = dataset.current("marin").assets[0]
    assert asset.name == "Summer science institute #1"
    assert asset.summary == "A week of NGSS lessons #1 for grade 4-8 teachers."


def test_locations_name_items_as_people_do() -> None:
    data = {
        "assets": [{"id": "a", "name": "Summer science institute", "subjects": ["maths"]}, {"id": "math-plc"}, "text"],
        "note": "x",
    }
    assert format_location(("assets", 0, "subjects", 0), data) == (
        'assets, item 1 ("Summer science institute"), subjects'
    )
    assert format_location(("assets", 1, "name"), data) == 'assets, item 2 ("math-plc"), name'
    assert format_location(("assets", 2), data) == "assets"
    assert format_location(("assets", 5, "id")) == "assets, item 6, id"
    long_name = {"assets": [{"name": "A" * 60 + "\u202e"}]}
    assert format_location(("assets", 0), long_name) == f'assets, item 1 ("{"A" * 37}...")'
