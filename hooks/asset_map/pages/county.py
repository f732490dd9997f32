"""County pages (/counties/<slug>/): the current map of one county, in full.

Pages are made for all 58 counties, so every link to a county works; a county without a
map gets a short page that says so and shows how to start one.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import SUBJECTS, Asset, County, CountyMap, Dataset
from ..render import Page, plain_title, render

SUBJECT_TITLES = {"math": "Mathematics", "science": "Science", "cs": "Computer science"}
STATUS_LABELS = {"planned": "Planned", "in-progress": "In progress", "done": "Done", "on-hold": "On hold"}


@dataclass(frozen=True)
class AssetGroup:
    key: str
    title: str
    assets: tuple[Asset, ...]


def asset_groups(county_map: CountyMap) -> list[AssetGroup]:
    """Assets grouped by subject; an asset serving several subjects appears once, in 'across'."""
    groups = [
        AssetGroup(s, SUBJECT_TITLES[s], tuple(a for a in county_map.assets if a.subjects == (s,)))
        for s in SUBJECTS
    ]
    across = tuple(a for a in county_map.assets if len(a.subjects) > 1)
    groups.append(AssetGroup("across", "Across subjects", across))
    return [g for g in groups if g.assets]


def county_page(dataset: Dataset, county: County, *, edit_base: str | None) -> Page:
    cycles = dataset.maps.get(county.slug, ())
    current: CountyMap | None = cycles[-1] if cycles else None
    path = f"counties/{county.slug}/"
    context = dict(
        page_url=path,
        title=plain_title(county.title),
        county=county,
        region=dataset.region(county.region),
        dataset=dataset,
        map=current,
        earlier=[c.cycle for c in cycles[:-1]][::-1],
        edit_url=f"{edit_base}{current.path}" if current and edit_base else None,
        new_file_url=None,
        statuses=STATUS_LABELS,
    )
    if current:
        context.update(
            asset_groups=asset_groups(current),
            assets={a.id: a for a in current.assets},
            needs={n.id: n for n in current.needs},
            goals={g.id: g for g in current.goals},
            partner_count=len({p for a in current.assets for p in a.partners}),
        )
    return Page(f"{path}index.md", render("county/page.md.j2", **context), current.path if current else None)
