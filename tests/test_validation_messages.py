"""Each kind of mistake a contributor can make, and the exact message it gets.

fixtures/invalid/<case>.yml is placed at counties/marin/2024-25.yml (or where TARGETS says,
beside the files EXTRA adds) and `python -m hooks validate` must print exactly
fixtures/invalid/<case>.expected.txt, and fail unless it found only warnings.
Run with UPDATE_EXPECTED=1 to rewrite the expected files, then read every diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from asset_map.cli import main
from conftest import VALID_COUNTY

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.stem for p in FIXTURES.glob("*.yml"))
TARGETS = {
    "unknown-folder": "marinn/2024-25.yml",
    "bad-cycle-name": "marin/2024-2025.yml",
    "file-in-shared-folder": "_shared/marin-2024-25.yml",
    "file-outside-county-folder": "Marin 2024-2025.yml",
    "broken-registry": "_shared/partners.yml",
    "file-named-for-another-county": "marin/napa-2024-25.yml",
    "cycle-file-outside-a-folder": "2024-25.yml",
}
EXTRA = {
    # Every partner id in this county file follows from the registry: none is reported.
    "broken-registry": {
        "marin/2024-25.yml": VALID_COUNTY.replace("partners: []", "partners: [bay-area-discovery-museum]"),
    },
}


@pytest.mark.parametrize("case", CASES)
def test_message(case: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = data_dir / TARGETS.get(case, "marin/2024-25.yml")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / f"{case}.yml", target)
    for name, text in EXTRA.get(case, {}).items():
        (data_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / name).write_text(text, encoding="utf-8")

    status = main(["--data-dir", str(data_dir), "validate"])

    output = capsys.readouterr().out
    expected_file = FIXTURES / f"{case}.expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text(output, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert output == expected
    assert status == (0 if expected.splitlines()[-1].startswith("No problems") else 1)


def test_every_case_has_expected_text() -> None:
    missing = [c for c in CASES if not (FIXTURES / f"{c}.expected.txt").exists()]
    assert not missing
