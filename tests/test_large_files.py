"""The largest downloads are written piece by piece, never whole in memory (issue #22).

At 3,143 counties data/all.json is about 190 MB and assets.csv about 100 MB; each was joined
into one string and then encoded, so the build held it about three times over at once. Now
they come as `Chunks`, which the hook (writing them straight into the site) and
`python -m hooks generate` write a piece at a time. Measured with tracemalloc (Python's own
allocations, exact and repeatable), not the process's size.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "bench"))

from asset_map.cache import RENDERED  # noqa: E402
from asset_map.exports import TABLES, export_files  # noqa: E402
from asset_map.load import load_dataset  # noqa: E402
from asset_map.model import Dataset  # noqa: E402
from asset_map.output import write_pages  # noqa: E402
from asset_map.render import Chunks, Page  # noqa: E402
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("large") / "counties"
    generate(120, 10, 2, folder)
    return load_dataset(folder)


def _peak_while_writing(chunks: Chunks) -> tuple[int, int]:
    """(peak bytes Python allocated while writing `chunks` to a file, bytes written)."""

    class Counting(io.RawIOBase):
        written = 0

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.written += len(data)
            return len(data)

    sink = Counting()
    tracemalloc.start()
    try:
        chunks.write_to(sink)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sink.written


def test_the_big_downloads_are_written_a_piece_at_a_time(dataset: Dataset) -> None:
    # As in a one-off build: nothing is kept for a next build (under `serve` the pieces of
    # unchanged maps are kept on purpose, to be reused).
    RENDERED.next_build(enabled=False)
    pages = {page.path: page for page in export_files(dataset)}
    big = ["data/all.json", *(table.path for table in TABLES)]
    for path in big:
        assert isinstance(pages[path].content, Chunks), path
    peak, size = _peak_while_writing(pages["data/all.json"].content)  # type: ignore[arg-type]
    assert size > 2_000_000
    # Whole, the file would need its size at least once (three times, as it was written).
    assert peak < size / 5, f"writing all.json ({size:,} bytes) held {peak:,} bytes at once"
    peak, size = _peak_while_writing(pages["data/assets.csv"].content)  # type: ignore[arg-type]
    assert peak < size / 5, f"writing assets.csv ({size:,} bytes) held {peak:,} bytes at once"


def test_pieces_make_the_same_files(dataset: Dataset, tmp_path: Path) -> None:
    pages = {page.path: page for page in export_files(dataset)}
    whole = pages["data/all.json"].text
    assert json.loads(whole)["current_maps"]
    text = pages["data/assets.csv"].text
    assert text.startswith("\ufeffcounty,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    # One row per asset and cycle, every county's maps in turn.
    assert len(rows) == sum(len(m.assets) for cycles in dataset.maps.values() for m in cycles)
    assert rows[0]["county"] == dataset.counties[0].slug and rows[-1]["county"] == dataset.counties[-1].slug
    # Iterating again makes the same pieces: a writer may read them more than once.
    assert "".join(pages["data/all.json"].content) == whole  # type: ignore[arg-type]
    write_pages([pages["data/all.json"], Page("small.txt", "x")], tmp_path / "out")
    assert (tmp_path / "out" / "data" / "all.json").read_text(encoding="utf-8") == whole
