"""The progress page (/progress/), for project leads and maintainers.

Every county's current map against the checklist (counties/_shared/checklist.yml), by
county and by region, and what in the data needs attention, each line linked to the file
and line to fix. The page shows line numbers, which no cache key covers (`model.Lines`), so
it is rendered afresh every build; it is one page, and the checklist results it is made of
are themselves reused (completeness.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..completeness import Completeness, completeness
from ..exports import PROGRESS_TABLE
from ..freshness import Clock
from ..model import Dataset, Region
from ..quality import CHECKS, findings
from ..render import Page, render

SCRIPT = "assets/javascripts/progress.js"


@dataclass(frozen=True)
class RegionProgress:
    region: Region
    rows: tuple[Completeness, ...]

    @property
    def published(self) -> int:
        return sum(row.map is not None for row in self.rows)

    @property
    def complete(self) -> int:
        return sum(row.map is not None and row.met == row.total for row in self.rows)

    @property
    def met(self) -> int:
        return sum(row.met for row in self.rows)


def progress_rows(dataset: Dataset) -> list[Completeness]:
    """Every county's checklist results, in the order of the county list."""
    return [completeness(dataset, county) for county in dataset.counties]


def progress_page(dataset: Dataset, clock: Clock, *, edit_base: str | None, outlines: Path | None) -> Page:
    rows = progress_rows(dataset)
    published = [row for row in rows if row.map]
    meeting = {
        item.id: sum(row.results[index].met for row in published) for index, item in enumerate(dataset.checklist)
    }
    by_region: dict[int, list[Completeness]] = {}
    for row in rows:  # one pass, not one per region
        by_region.setdefault(row.county.region, []).append(row)
    regions = [RegionProgress(region, tuple(by_region.get(region.number, ()))) for region in dataset.regions]
    return Page(
        "progress/index.md",
        render(
            "progress/index.md.j2",
            page_url="progress/",
            dataset=dataset,
            rows=rows,
            published=published,
            complete=sum(row.met == row.total for row in published),
            meeting=meeting,
            regions=regions,
            checks=CHECKS,
            findings=findings(dataset, clock, outlines),
            outlines_checked=outlines is not None and outlines.is_file(),
            clock=clock,
            edit_base=edit_base,
            csv_path=PROGRESS_TABLE.path,
            script=SCRIPT,
        ),
    )
