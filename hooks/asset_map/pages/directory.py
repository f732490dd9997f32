"""The county directory (/counties/) and the region pages (/regions/, /regions/<n>/).

Both show the same per-county rows, so the grouping is computed once here.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import SUBJECTS, Asset, County, CountyMap, Dataset, Region
from ..render import Page, plain_title, render


@dataclass(frozen=True)
class CountyRow:
    county: County
    map: CountyMap | None


@dataclass(frozen=True)
class RegionGroup:
    region: Region
    rows: tuple[CountyRow, ...]

    @property
    def published(self) -> int:
        return sum(row.map is not None for row in self.rows)

    @property
    def assets(self) -> int:
        return sum(len(row.map.assets) for row in self.rows if row.map)

    @property
    def subject_counts(self) -> dict[str, int]:
        return {
            s: sum(row.map.subject_counts()[s] for row in self.rows if row.map) for s in SUBJECTS
        }


@dataclass(frozen=True)
class SharedAsset:
    county: County
    asset: Asset


def region_groups(dataset: Dataset) -> list[RegionGroup]:
    return [
        RegionGroup(region, tuple(CountyRow(c, dataset.current(c.slug)) for c in dataset.counties_in(region.number)))
        for region in dataset.regions
    ]


def shared_assets(dataset: Dataset, region: int) -> list[SharedAsset]:
    """Current assets shared between counties that involve this region, each listed once."""
    found = []
    for county in dataset.counties:
        current = dataset.current(county.slug)
        if not current:
            continue
        for asset in current.assets:
            involved = {county.slug, *asset.counties}
            if asset.counties and any(dataset.county(s).region == region for s in involved):
                found.append(SharedAsset(county, asset))
    return found


def directory_pages(dataset: Dataset) -> list[Page]:
    groups = region_groups(dataset)
    pages = [
        Page(
            "counties/index.md",
            render(
                "counties/index.md.j2", page_url="counties/", groups=groups,
                published=sum(g.published for g in groups), total=len(dataset.counties),
            ),
        ),
        Page("regions/index.md", render("regions/index.md.j2", page_url="regions/", groups=groups)),
    ]
    for group in groups:
        number = group.region.number
        pages.append(
            Page(
                f"regions/{number}/index.md",
                render(
                    "regions/page.md.j2", page_url=f"regions/{number}/", group=group,
                    title=plain_title(group.region.title), dataset=dataset,
                    shared=shared_assets(dataset, number),
                ),
            )
        )
    return pages
