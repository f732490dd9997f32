"""What changed: statewide (/changes/, and per region), and two cycles of one county side by
side (/counties/<slug>/compare/)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..cache import cached
from ..changes import CycleDiff, all_diffs, county_diffs
from ..language import current, fill_text
from ..model import County, CountyMap, Dataset
from ..render import Page, plain_title, render


@dataclass(frozen=True)
class CycleCount:
    cycle: str
    published: int
    added: int
    retired: int
    changed: int


def cycle_counts(
    dataset: Dataset,
    diffs: list[CycleDiff],
    counties: Iterable[County] | None = None,
) -> list[CycleCount]:
    """Per cycle, newest first: how many of `counties` (default: all) published a map for it,
    and the asset changes in `diffs` (which the caller limits to the same counties)."""
    chosen = dataset.counties if counties is None else counties
    maps_of = [dataset.maps[c.slug] for c in chosen if c.slug in dataset.maps]
    cycles = sorted({m.cycle for maps in maps_of for m in maps}, reverse=True)
    return [
        CycleCount(
            cycle,
            sum(any(m.cycle == cycle for m in maps) for maps in maps_of),
            sum(len(d.assets_added) for d in diffs if d.after.cycle == cycle),
            sum(len(d.assets_retired) for d in diffs if d.after.cycle == cycle),
            sum(len(d.assets_changed) for d in diffs if d.after.cycle == cycle),
        )
        for cycle in cycles
    ]


def change_pages(dataset: Dataset) -> Iterator[Page]:
    """The statewide and regional change pages, then each county's comparison, one at a time."""
    diffs = all_diffs(dataset)
    published = sorted(
        ((c, m) for c in dataset.counties for m in dataset.maps.get(c.slug, ())),
        key=lambda item: (item[1].updated, item[1].cycle, item[0].name),
        reverse=True,
    )
    # Each region's share of the lists, from one pass over each (a pass per region grew with
    # the square of the data); None stands for the statewide page, which shows everything.
    diffs_in: dict[int | None, list[CycleDiff]] = {None: diffs}
    published_in: dict[int | None, list[tuple[County, CountyMap]]] = {None: published}
    for diff in diffs:
        diffs_in.setdefault(diff.county.region, []).append(diff)
    for county, county_map in published:
        published_in.setdefault(county.region, []).append((county, county_map))
    for region in [None, *dataset.regions]:
        url = "changes/" if region is None else f"changes/regions/{region.number}/"
        number = None if region is None else region.number
        region_diffs = diffs_in.get(number, [])
        words = current().messages.changes
        yield Page(
            f"{url}index.md",
            render(
                "changes/index.md.j2",
                page_url=url,
                dataset=dataset,
                region=region,
                title=plain_title(fill_text(words.region_title, region=region.title) if region else words.title),
                changes={(d.county.slug, d.after.cycle): d for d in region_diffs},
                counts=cycle_counts(
                    dataset, region_diffs, dataset.counties_in(number) if number is not None else dataset.counties
                ),
                published=published_in.get(number, []),
            ),
        )
    for county in dataset.counties:
        if len(dataset.maps.get(county.slug, ())) > 1:
            key = ("compare-page", county, dataset.maps[county.slug], dataset.reference_key)
            yield cached(key, functools.partial(compare_page, dataset, county))


def compare_page(dataset: Dataset, county: County) -> Page:
    """The county's two newest cycles side by side: reads only its own files and reference data."""
    change = county_diffs(dataset, county)[-1]
    url = f"counties/{county.slug}/compare/"
    return Page(
        f"{url}index.md",
        render(
            "changes/compare.md.j2",
            page_url=url,
            dataset=dataset,
            change=change,
            title=plain_title(
                fill_text(
                    current().messages.changes.compare_title,
                    county=county.title,
                    before=change.before.cycle,
                    after=change.after.cycle,
                )
            ),
        ),
    )
