"""Each kind of mistake a contributor can make, and the exact message it gets.

fixtures/invalid/<case>.yml is placed at counties/marin/2024-25.yml (or where TARGETS says)
and `python -m hooks validate` must print exactly fixtures/invalid/<case>.expected.txt.
Run with UPDATE_EXPECTED=1 to rewrite the expected files, then read every diff.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from asset_map.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.stem for p in FIXTURES.glob("*.yml"))
TARGETS = {
    "unknown-folder": "marinn/2024-25.yml",
    "bad-cycle-name": "marin/2024-2025.yml",
}


@pytest.mark.parametrize("case", CASES)
def test_message(case: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = data_dir / TARGETS.get(case, "marin/2024-25.yml")
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / f"{case}.yml", target)

    status = main(["--data-dir", str(data_dir), "validate"])

    output = capsys.readouterr().out
    expected_file = FIXTURES / f"{case}.expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text(output, encoding="utf-8")
    assert status == 1
    assert output == expected_file.read_text(encoding="utf-8")


def test_every_case_has_expected_text() -> None:
    missing = [c for c in CASES if not (FIXTURES / f"{c}.expected.txt").exists()]
    assert not missing
