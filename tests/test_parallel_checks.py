"""County files checked in several processes give exactly what checking them one by one gives:
the same problems in the same order, and an equal dataset (issue #22)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "bench"))

from asset_map import load  # noqa: E402
from asset_map.problems import ProblemsFound  # noqa: E402
from generate import generate  # noqa: E402

COUNTIES = 70
CYCLES = 2
"""140 county files: enough for a second process (load.MIN_FILES_PER_PROCESS each)."""


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parallel") / "counties"
    generate(COUNTIES, 4, CYCLES, folder)
    return folder


@pytest.fixture(scope="module")
def broken(valid: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same data with mistakes in files all through the list, and a stray folder."""
    folder = tmp_path_factory.mktemp("broken") / "counties"
    shutil.copytree(valid, folder)
    files = sorted(folder.glob("*/*.yml"))
    files = [f for f in files if f.parent.name != "_shared"]
    for number, path in enumerate(files[::9]):
        text = path.read_text(encoding="utf-8")
        if number % 4 == 0:
            text = text.replace("partner-00", "partner-x0", 1)
        elif number % 4 == 1:
            text = re.sub(r"updated: \d{4}", "updated: 2019", text)  # a warning
        elif number % 4 == 2:
            text = re.sub(r"updated: \d{4}", "updated: 2999", text)
        else:
            text = text.replace("\nassets:", "\nassets:\n  - 12\n  -", 1)
        path.write_text(text, encoding="utf-8")
    (folder / "not-a-county").mkdir()
    shutil.copyfile(files[0], folder / "not-a-county" / files[0].name)
    return folder


@pytest.fixture
def parallel_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the checks went to other processes."""
    runs: list[int] = []
    original = load._in_parallel

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(load, "_in_parallel", counted)
    return runs


def test_parallel_gives_the_same_dataset(valid: Path, parallel_runs: list[int]) -> None:
    serial = load.load_dataset(valid, jobs=1)
    assert not parallel_runs
    parallel = load.load_dataset(valid, jobs=2)
    assert parallel_runs
    assert parallel == serial
    assert parallel.lines == serial.lines
    assert [m.path for maps in parallel.maps.values() for m in maps] == [
        m.path for maps in serial.maps.values() for m in maps
    ]


def test_parallel_gives_the_same_problems_in_the_same_order(broken: Path, parallel_runs: list[int]) -> None:
    load.forget_checked()
    serial_dataset, serial = load.check(broken, jobs=1, partial=True)
    load.forget_checked()
    parallel_dataset, parallel = load.check(broken, jobs=2, partial=True)
    assert parallel_runs
    assert len(serial) > 10 and any(p.is_warning for p in serial) and any(not p.is_warning for p in serial)
    assert parallel == serial
    assert [p.format() for p in parallel] == [p.format() for p in serial]
    assert parallel_dataset == serial_dataset
    with pytest.raises(ProblemsFound) as found:
        load.load_dataset(broken, jobs=2)
    assert found.value.problems == ProblemsFound(serial).problems


def test_serial_when_asked_or_when_few_files(valid: Path, parallel_runs: list[int], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSET_MAP_JOBS", "1")
    load.load_dataset(valid)
    assert not parallel_runs
    monkeypatch.setenv("ASSET_MAP_JOBS", "2")
    load.load_dataset(valid)
    assert parallel_runs == [1]
    load.forget_checked()
    only = sorted(valid.glob("*/*.yml"))[5:10]
    load.check(valid, only, jobs=2)
    assert parallel_runs == [1]  # five files: not worth a process


def test_kept_results_are_reused_after_a_parallel_check(valid: Path) -> None:
    """Under `mkdocs serve` an unchanged file gives the very same map object (cache.py)."""
    first = load.load_dataset(valid, reuse=True, jobs=2)
    second = load.load_dataset(valid, reuse=True, jobs=2)
    load.forget_checked()
    assert all(a is b for slug in first.maps for a, b in zip(first.maps[slug], second.maps[slug], strict=True))
