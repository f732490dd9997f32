"""The county directory (/counties/) and the region pages (/regions/, /regions/<n>/).

Both show the same per-county rows, so the grouping is computed once here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import language
from ..freshness import Clock
from ..maps import asset_marker, build_map
from ..model import County, CountyAsset, CountyMap, Dataset, Region
from ..palette import palette
from ..render import Page, plain_title, relative_url, render
from .county import Located


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
    def subject_counts(self) -> Counter[str]:
        return sum((row.map.subject_counts() for row in self.rows if row.map), Counter())


def region_groups(dataset: Dataset) -> list[RegionGroup]:
    return [
        RegionGroup(region, tuple(CountyRow(c, dataset.current(c.slug)) for c in dataset.counties_in(region.number)))
        for region in dataset.regions
    ]


def shared_assets_by_region(dataset: Dataset) -> dict[int, list[CountyAsset]]:
    """Each region's current assets shared between counties that involve it, each listed once,
    from one pass over the current assets (a pass per region grew with the square of the
    data), in the order of `dataset.counties`."""
    found: dict[int, list[CountyAsset]] = {}
    for county in dataset.counties:
        current = dataset.current(county.slug)
        if not current:
            continue
        for asset in current.assets:
            if not asset.counties:
                continue
            regions = {county.region} | {dataset.county(s).region for s in asset.counties}
            for number in regions:
                found.setdefault(number, []).append(CountyAsset(county, asset))
    return found


def directory_pages(dataset: Dataset, clock: Clock) -> list[Page]:
    groups = region_groups(dataset)
    colours = palette()
    pages = [
        Page(
            "counties/index.md",
            render(
                "counties/index.md.j2",
                page_url="counties/",
                groups=groups,
                clock=clock,
                dataset=dataset,
                rows=[CountyRow(c, dataset.current(c.slug)) for c in dataset.counties],
                published=sum(g.published for g in groups),
                total=len(dataset.counties),
            ),
        ),
        Page("regions/index.md", render("regions/index.md.j2", page_url="regions/", groups=groups)),
    ]
    shared_by_region = shared_assets_by_region(dataset)
    for group in groups:
        number = group.region.number
        shared = shared_by_region.get(number, [])
        located = [
            Located(item.asset, f"counties/{item.county.slug}/#{item.asset.id}")
            for item in shared
            if item.asset.location
        ]
        words = language.current().messages.map
        legend = [
            [colours["chosen"], language.fill_text(words.legend_region, n=number)],
            [colours["none"], words.legend_other],
        ]
        if located:
            legend.append([colours["marker"], "Shared asset location"])
        region_map = build_map(
            f"region-{number}",
            f"regions/{number}/",
            {
                "mode": "region",
                "highlight": [row.county.fips for row in group.rows],
                "legend": f"am-legend-region-{number}",
                "legendEntries": legend,
                "markers": [asset_marker(item.asset, relative_url(item.url, f"regions/{number}/")) for item in located],
            },
        )
        pages.append(
            Page(
                f"regions/{number}/index.md",
                render(
                    "regions/page.md.j2",
                    page_url=f"regions/{number}/",
                    group=group,
                    title=plain_title(group.region.title),
                    dataset=dataset,
                    shared=shared,
                    map_parts=region_map,
                    located=located,
                    clock=clock,
                ),
            )
        )
        pages.append(region_map.script)
    return pages
