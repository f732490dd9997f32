"""`python -m hooks validate`, run the way contributors and the pull-request check run it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, VALID_COUNTY


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hooks", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


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
        "counties/marin/2024-25.yml:12:16: assets[0].subjects[0]: 'maths' is not one of: math, science, cs"
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
