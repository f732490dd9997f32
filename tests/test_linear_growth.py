"""Steps whose work grew with the square of the data (issue #22) stay linear.

Not timing tests: each counts work on a generated data set (bench/generate.py) at two sizes,
one twice the other, and asserts the count at most about doubles. Work is counted as lines of
the library's own Python executed (a scan of every county per county shows as lines run
per county, comprehensions included) and, for membership tests that Python does in C (`in` on
a list), as elements visited in counting containers.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
LIBRARY = str(REPO / "hooks" / "asset_map")
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "bench"))

from asset_map import load, references  # noqa: E402
from asset_map.freshness import Clock, build_date  # noqa: E402
from asset_map.model import Dataset  # noqa: E402
from asset_map.pages.balance import balance_page  # noqa: E402
from asset_map.pages.changes import change_pages  # noqa: E402
from asset_map.pages.county import sharing_counties  # noqa: E402
from asset_map.pages.directory import directory_pages  # noqa: E402
from asset_map.pages.partners import partner_uses  # noqa: E402
from asset_map.pages.progress import progress_page  # noqa: E402
from asset_map.references import Known  # noqa: E402
from asset_map.search import search_records  # noqa: E402
from generate import generate  # noqa: E402

SIZES = (90, 180)
"""Counties (beyond California's 58, regions of 6 each, so regions grow with counties too)."""
MOST = 2.2
"""Doubling the data may at most about double the work (a step that scans everything per
county or per region gives 3 to 4 here)."""


def executed_lines(function: Callable[..., Any], *args: Any, only: str = ".py") -> int:
    """How many lines of the library's .py files (those whose name ends with `only`)
    `function(*args)` runs (templates and other packages are not counted; what they call back
    into the library is)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def start(frame: FrameType, event: str, arg: Any) -> Any:
        file = frame.f_code.co_filename
        return local if file.startswith(LIBRARY) and file.endswith(only) else None

    previous = sys.gettrace()
    sys.settrace(start)
    try:
        function(*args)
    finally:
        sys.settrace(previous)
    assert threading.current_thread() is threading.main_thread()
    return count


def _data(tmp: Path, counties: int) -> Path:
    folder = tmp / f"c{counties}" / "counties"
    generate(counties, 3, 1, folder)
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("growth")
    small, large = (_data(tmp, n) for n in SIZES)
    return small, large


@pytest.fixture(scope="module")
def datasets(folders: tuple[Path, Path]) -> tuple[Dataset, Dataset]:
    small, large = (load.load_dataset(folder, jobs=1) for folder in folders)
    return small, large


def _growth(counts: tuple[int, int]) -> float:
    return counts[1] / counts[0]


def test_balance_groups_assets_once(datasets: tuple[Dataset, Dataset]) -> None:
    counts = (executed_lines(balance_page, datasets[0]), executed_lines(balance_page, datasets[1]))
    assert _growth(counts) <= MOST, counts


def test_region_pages_find_shared_assets_once(datasets: tuple[Dataset, Dataset]) -> None:
    clock = Clock(build_date())
    counts = (
        executed_lines(directory_pages, datasets[0], clock),
        executed_lines(directory_pages, datasets[1], clock),
    )
    assert _growth(counts) <= MOST, counts


def test_search_records_look_regions_up(datasets: tuple[Dataset, Dataset]) -> None:
    """The records ask for each county's region and each region's counties."""
    counts = tuple(executed_lines(lambda d: list(search_records(d)), dataset) for dataset in datasets)
    assert _growth(counts) <= MOST, counts


def test_partner_counties_are_put_in_order_once(datasets: tuple[Dataset, Dataset]) -> None:
    counts = (executed_lines(partner_uses, datasets[0]), executed_lines(partner_uses, datasets[1]))
    assert _growth(counts) <= MOST, counts


def test_sharing_counties_are_put_in_order_once(datasets: tuple[Dataset, Dataset]) -> None:
    counts = (executed_lines(sharing_counties, datasets[0]), executed_lines(sharing_counties, datasets[1]))
    assert _growth(counts) <= MOST, counts


def test_change_pages_split_the_changes_by_region_once(datasets: tuple[Dataset, Dataset]) -> None:
    """changes.py's own lines: each region's page links to every region (the page's design,
    its size grows with regions squared), which is not this step."""
    counts = tuple(executed_lines(lambda d: list(change_pages(d)), dataset, only="/changes.py") for dataset in datasets)
    assert _growth(counts) <= MOST, counts


def test_progress_splits_counties_by_region_once(datasets: tuple[Dataset, Dataset]) -> None:
    """progress.py's own lines: each county's checklist (linear, elsewhere) would hide it."""
    clock = Clock(build_date())
    counts = tuple(
        executed_lines(lambda d: progress_page(d, clock, edit_base=None, outlines=None), dataset, only="/progress.py")
        for dataset in datasets
    )
    assert _growth(counts) <= MOST, counts


def test_loading_reads_the_reference_data_once(folders: tuple[Path, Path]) -> None:
    """The county offices' names (for the note at the top of a file) were rebuilt per file.
    Only load.py's own lines are counted: reading the YAML is linear and would hide it."""

    def check(folder: Path) -> None:
        load.forget_checked()
        load.check(folder, jobs=1)

    counts = (executed_lines(check, folders[0], only="/load.py"), executed_lines(check, folders[1], only="/load.py"))
    assert _growth(counts) <= MOST, counts


class Visited:
    """How many elements the counting containers have been searched through."""

    count = 0


class CountingList(list[str]):
    """A list that counts the elements each search or pass goes through."""

    def __contains__(self, value: object) -> bool:
        Visited.count += len(self)
        return list.__contains__(self, value)

    def __iter__(self) -> Iterator[str]:
        Visited.count += len(self)
        return list.__iter__(self)

    def index(self, *args: Any) -> int:
        Visited.count += len(self)
        return list.index(self, *args)


def _visited(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Elements of the county and partner lists visited while checking every file."""

    class CountingKnown(Known):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            object.__setattr__(self, "counties", CountingList(self.counties))
            object.__setattr__(self, "partners", CountingList(self.partners))

    monkeypatch.setattr(load, "Known", CountingKnown)
    load.forget_checked()
    Visited.count = 0
    dataset, problems = load.check(folder, jobs=1)
    assert dataset is not None and not problems
    return Visited.count


def test_references_are_checked_against_sets(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every county, partner and folder name a file uses was looked for in a list of all of
    them: work per file grew with the number of counties."""
    counts = (_visited(folders[0], monkeypatch), _visited(folders[1], monkeypatch))
    assert _growth(counts) <= MOST, counts
    assert references.Known is not load.Known  # the counting one was used
