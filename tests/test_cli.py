"""`python -m hooks validate`, run the way contributors and the pull-request check run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, VALID_COUNTY


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hooks", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.repository_data
def test_validate_passes_on_the_bundled_data() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No problems:")


def test_validate_reports_every_problem_and_fails(write_county, data_dir: Path) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    write_county("napa", "2024-25", VALID_COUNTY.replace("partners: [exploratorium]", "partners: [explo]"))
    result = run("--data-dir", str(data_dir), "validate")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        'counties/marin/2024-25.yml:12:16: assets, item 1 ("Summer science institute"), subjects: '
        "'maths' is not one of: math, science, cs"
    )
    assert lines[-1] == "2 problems found in 2 files."


def test_validate_checks_only_the_given_files(write_county, data_dir: Path) -> None:
    good = write_county("marin", "2024-25")
    write_county("napa", "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    assert run("--data-dir", str(data_dir), "validate", str(good)).returncode == 0
    assert run("--data-dir", str(data_dir), "validate", str(data_dir / "napa")).returncode == 1


def test_validate_rejects_a_path_that_does_not_exist(data_dir: Path) -> None:
    result = run("--data-dir", str(data_dir), "validate", str(data_dir / "nowhere.yml"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_generate_writes_every_page_and_file(write_county, data_dir: Path, tmp_path: Path) -> None:
    write_county("marin", "2024-25")
    out = tmp_path / "out"
    result = run("--data-dir", str(data_dir), "generate", str(out), "--today", "2025-01-01")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (out / "counties" / "marin" / "index.md").read_text(encoding="utf-8")
    assert page.startswith("---\n")
    assert "# Marin County" in page
    assert "Summer science institute" in page  # in an HTML fragment, filled in
    assert "am-fragment" not in page
    assert "Summer science institute" in (out / "data" / "assets.csv").read_text(encoding="utf-8")
    assert json.loads((out / "data" / "all.json").read_bytes())
    assert (out / "schema" / "county.schema.json").read_bytes() == (
        REPO / "hooks" / "asset_map" / "schemas" / "county.schema.json"
    ).read_bytes()
    assert "https://cal-mscs.github.io/asset-maps/counties/marin/" in (out / "feed.xml").read_text(encoding="utf-8")
    assert result.stdout.startswith("Wrote ")


def test_generate_uses_the_given_address_and_date(write_county, data_dir: Path, tmp_path: Path) -> None:
    write_county("marin", "2024-25")
    out = tmp_path / "out"
    args = ("--data-dir", str(data_dir), "generate", str(out), "--public-url", "https://example.org/maps")
    assert run(*args, "--today", "2025-01-01").returncode == 0
    assert "https://example.org/maps/counties/marin/" in (out / "feed.xml").read_text(encoding="utf-8")
    assert "am-fresh--current" in (out / "counties" / "marin" / "index.md").read_text(encoding="utf-8")
    assert run(*args, "--today", "2030-01-01").returncode == 0  # its own earlier output: no --force needed
    assert "am-fresh--stale" in (out / "counties" / "marin" / "index.md").read_text(encoding="utf-8")
    bad = run("--data-dir", str(data_dir), "generate", str(out), "--today", "1 May 2025")
    assert bad.returncode == 2
    assert "is not a date written YYYY-MM-DD" in bad.stderr


def test_generate_stops_on_data_problems(write_county, data_dir: Path, tmp_path: Path) -> None:
    write_county("marin", "2024-25", VALID_COUNTY.replace("[science]", "[maths]"))
    out = tmp_path / "out"
    result = run("--data-dir", str(data_dir), "generate", str(out))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'counties/marin/2024-25.yml:12:16: assets, item 1 ("Summer science institute"), subjects: '
        "'maths' is not one of: math, science, cs",
        "    Did you mean 'math'?",
        "1 problem found in 1 file.",
    ]
    assert not out.exists()


def test_generate_touches_only_files_it_wrote(write_county, data_dir: Path, tmp_path: Path) -> None:
    write_county("marin", "2024-25")
    write_county("napa", "2023-24")
    write_county("napa", "2024-25")  # two cycles: a compare page
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run("--data-dir", str(data_dir), "generate", str(out))
    assert refused.returncode == 1
    assert "did not write, such as notes.txt" in refused.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]

    assert run("--data-dir", str(data_dir), "generate", str(out), "--force").returncode == 0
    assert (out / "counties" / "napa" / "compare" / "index.md").is_file()
    assert (out / "data" / "counties" / "napa.json").is_file()
    shutil.rmtree(data_dir / "napa")
    again = run("--data-dir", str(data_dir), "generate", str(out), "--force")
    assert again.returncode == 0, again.stderr
    # Files no longer generated do not linger, nor do the folders they leave empty.
    assert not (out / "data" / "counties" / "napa.json").exists()
    assert not (out / "counties" / "napa" / "compare").exists()
    assert (out / "counties" / "napa" / "index.md").is_file()  # every county has a page
    assert (out / "counties" / "marin" / "index.md").is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"

    (out / "counties" / "marin" / "index.md").unlink()
    (out / ".asset-map-generated").unlink()  # forgets what it wrote: now every file is someone else's
    (out / "data" / "all.json").write_text("edited", encoding="utf-8")
    clash = run("--data-dir", str(data_dir), "generate", str(out), "--force")
    assert clash.returncode == 1
    assert "exists and was not written by this command" in clash.stderr
    assert (out / "data" / "all.json").read_text(encoding="utf-8") == "edited"
