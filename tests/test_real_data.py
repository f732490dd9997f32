"""The suite holds for real data, not only for the bundled samples.

A copy of the repository has one sample county file replaced by a real-looking one (no
"Illustrative sample" note, a current cycle), and every test that reads the repository's own
data (marked `repository_data`) runs on that copy: the first real county file must not turn
the tests red while "Validate and build" is green.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

from asset_map.freshness import build_date
from asset_map.scaffold import school_year
from conftest import MODELINE, REPO

COPIED = ("bench", "content", "counties", "hooks", "tests", "theme_overrides", "mkdocs.yml", "pyproject.toml")


def real_marin(today: datetime.date) -> str:
    """Marin's own map for the current cycle, written as a county would write it."""
    return f"""\
{MODELINE}
# Marin County Office of Education: asset map for the {school_year(today)} cycle.
updated: {(today - datetime.timedelta(days=3)).isoformat()}
contacts:
  - role: STEM coordinator
    name: Jordan Lee
    email: stem@example.org
assets:
  - id: marin-stem-fair
    name: "Marin STEM fair #12"
    summary: >-
      Students from every district show science and engineering projects; teachers judge
      together and take ideas back to their classrooms.
    kind: symposium
    subjects: [science, math]
    grades: [6-8, 9-12]
    audiences: [teachers, students]
    focus: [family-community-engagement]
    duration: enduring
    partners: [exploratorium]
    counties: [sonoma]
    location:
      name: San Rafael
      lat: 37.97
      lon: -122.53
needs:
  - id: middle-school-cs
    statement: Few middle schools offer computer science.
    subjects: [cs]
    grades: [6-8]
    focus: [equity-access]
    priority: high
goals:
  - id: grow-middle-school-cs
    statement: Offer an introductory computer science course in every middle school.
    needs: [middle-school-cs]
    assets: [marin-stem-fair]
actions:
  - id: survey-middle-schools
    step: Survey middle schools about computer science courses and teachers.
    goal: grow-middle-school-cs
    owner: STEM coordinator
    status: in-progress
"""


def test_data_dependent_tests_pass_when_a_sample_is_replaced_by_a_real_map(tmp_path: Path) -> None:
    copy = tmp_path / "repository"
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copyfile(source, copy / name)
    today = build_date()
    marin = copy / "counties" / "marin"
    (marin / "2018-19.yml").unlink()
    (marin / f"{school_year(today)}.yml").write_text(real_marin(today), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    validate = subprocess.run(
        [sys.executable, "-m", "hooks", "validate"], cwd=copy, env=env, capture_output=True, text=True, check=False
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "warning" not in validate.stdout

    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "repository_data", "-p", "no:cacheprovider", "-W", "error"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout and " skipped" in tests.stdout  # Marin's sample checks no longer apply
