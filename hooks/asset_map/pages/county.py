"""County pages (/counties/<slug>/): the current map of one county, in full.

Pages are made for all 58 counties, so every link to a county works; a county without a
map gets a short page that says so and shows how to start one. Every page also lists the
assets the county takes part in that another county's map leads ("Shared with other
counties"), so a participating county's page is never empty of what it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import language
from ..alike import Alike
from ..cache import cached
from ..changes import county_diffs
from ..completeness import completeness
from ..corrections import Corrections
from ..freshness import Clock
from ..maps import asset_marker, build_map
from ..matching import Helps, Matches
from ..model import Asset, County, CountyAsset, CountyMap, Dataset, Term
from ..palette import palette
from ..reasons import Reasons
from ..render import Page, plain_title, render
from ..words import Words

SHOWN_MATCHES = 5
SHOWN_HELPS = 3


@dataclass(frozen=True)
class Learning:
    """What a county page shows of other counties, besides its needs' matches: for each of its
    assets the needs elsewhere it could help with, and the counties most like it."""

    helps: dict[str, Helps]
    """By asset id."""
    alike: tuple[Alike, ...]
    words: Words
    """For marking shared words; depends only on the synonyms (part of Dataset.reference_key)."""
    reasons: Reasons
    """Why each match is one; depends only on the matches and the reference data's labels."""

    def key(self) -> tuple:
        return tuple(sorted((a, h.shown_key(SHOWN_HELPS)) for a, h in self.helps.items())), self.alike


@dataclass(frozen=True)
class Located:
    asset: Asset
    url: str


@dataclass(frozen=True)
class AssetGroup:
    key: str
    title: str
    assets: tuple[Asset, ...]


def asset_groups(county_map: CountyMap, subjects: tuple[Term, ...]) -> list[AssetGroup]:
    """Assets grouped by subject; an asset serving several subjects appears once, in 'across'."""
    groups = [
        AssetGroup(s.key, s.label, tuple(a for a in county_map.assets if a.subjects == (s.key,))) for s in subjects
    ]
    across = tuple(a for a in county_map.assets if len(a.subjects) > 1)
    groups.append(AssetGroup("across", language.current().messages.county.across_subjects, across))
    return [g for g in groups if g.assets]


def sharing_counties(dataset: Dataset) -> dict[str, tuple[County, ...]]:
    """For each county, the counties that share a current asset with it, whichever leads it."""
    slugs: dict[str, set[str]] = {}
    for item in dataset.current_assets():
        if item.asset.counties:
            for slug in item.counties:
                slugs.setdefault(slug, set()).update(item.counties)
    # In the dataset's order, from a position per county (a pass over every county per
    # county grew with the square of the data).
    position = {c.slug: index for index, c in enumerate(dataset.counties)}
    return {
        slug: tuple(
            dataset.counties[position[other]]
            for other in sorted((s for s in others if s != slug and s in position), key=position.__getitem__)
        )
        for slug, others in slugs.items()
    }


def participating_assets(dataset: Dataset) -> dict[str, tuple[CountyAsset, ...]]:
    """For each county, the current assets that another county's map leads and that name it
    among their participating `counties`."""
    found: dict[str, list[CountyAsset]] = {}
    for item in dataset.current_assets():
        for slug in dict.fromkeys(item.asset.counties):
            if slug != item.county.slug:
                found.setdefault(slug, []).append(item)
    return {slug: tuple(items) for slug, items in found.items()}


def page_description(county: County, map_: CountyMap | None, shared_in: tuple[CountyAsset, ...]) -> str:
    """The page's one-sentence summary for search engines and link previews."""
    t = language.current().messages.description
    shared = language.plural_text(t.shared, len(shared_in)) if shared_in else ""
    if map_ is None:
        return language.fill_text(t.no_map, county=county.title, shared=shared)
    listed = language.fill_text(
        t.listed,
        assets=language.plural_text(t.assets, len(map_.assets)),
        needs=language.plural_text(t.needs, len(map_.needs)),
        goals=language.plural_text(t.goals, len(map_.goals)),
        actions=language.plural_text(t.actions, len(map_.actions)),
    )
    return language.fill_text(t.county, county=county.title, cycle=map_.cycle, listed=listed, shared=shared)


def matches_by_county(matches: dict[tuple[str, str], Matches]) -> dict[str, dict[str, Matches]]:
    grouped: dict[str, dict[str, Matches]] = {}
    for (slug, need_id), found in matches.items():
        grouped.setdefault(slug, {})[need_id] = found
    return grouped


def helps_by_county(helps: dict[tuple[str, str], Helps]) -> dict[str, dict[str, Helps]]:
    grouped: dict[str, dict[str, Helps]] = {}
    for (slug, asset_id), found in helps.items():
        grouped.setdefault(slug, {})[asset_id] = found
    return grouped


def county_pages(
    dataset: Dataset,
    county: County,
    matches: dict[str, Matches],
    partners: tuple[County, ...],
    clock: Clock,
    *,
    edit_base: str | None,
    learning: Learning,
    shared_in: tuple[CountyAsset, ...] = (),
    corrections: Corrections | None = None,
) -> list[Page]:
    """The county's page and its map script: `matches` are its needs' matches by need id,
    `partners` the counties sharing an asset with it (see `sharing_counties`), `shared_in`
    the assets other counties lead that it takes part in (see `participating_assets`).

    Reused from the last build when nothing it shows changed: the county's own files, the
    reference data, its matches, partners and shared assets, what it shows of other counties
    (`learning`), the build date, the edit link and the correction form's address.
    """
    key = (
        "county-page",
        county,
        dataset.maps.get(county.slug, ()),
        dataset.reference_key,
        tuple(sorted((need, found.shown_key(SHOWN_MATCHES)) for need, found in matches.items())),
        partners,
        clock,
        edit_base,
        shared_in,
        corrections,
        learning.key(),
    )
    return cached(
        key,
        lambda: _county_pages(
            dataset,
            county,
            matches,
            partners,
            clock,
            edit_base=edit_base,
            learning=learning,
            shared_in=shared_in,
            corrections=corrections,
        ),
    )


def _county_pages(
    dataset: Dataset,
    county: County,
    matches: dict[str, Matches],
    partners: tuple[County, ...],
    clock: Clock,
    *,
    edit_base: str | None,
    learning: Learning,
    shared_in: tuple[CountyAsset, ...],
    corrections: Corrections | None,
) -> list[Page]:
    cycles = dataset.maps.get(county.slug, ())
    current: CountyMap | None = cycles[-1] if cycles else None
    path = f"counties/{county.slug}/"
    changes = county_diffs(dataset, county)
    located = [Located(a, f"{path}#{a.id}") for a in (current.assets if current else ()) if a.location]
    colours = palette()
    legend = [[colours["chosen"], f"{county.title}"]]
    words = language.current().messages.map
    if partners:
        legend.append([colours["sharing"], words.legend_sharing])
    if located:
        legend.append([colours["marker"], words.legend_location])
    county_map = build_map(
        f"county-{county.slug}",
        path,
        {
            "mode": "county",
            "focus": county.fips,
            "partners": [c.fips for c in partners],
            "legend": f"am-legend-county-{county.slug}",
            "legendEntries": legend,
            "markers": [asset_marker(item.asset, f"#{item.asset.id}") for item in located],
        },
    )
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
        map_parts=county_map,
        clock=clock,
        change=changes[-1] if changes else None,
        matches=matches,
        shown=SHOWN_MATCHES,
        located=located,
        partners=partners,
        shared_in=shared_in,
        corrections=corrections,
        description=page_description(county, current, shared_in),
        helping=learning.helps,
        shown_helps=SHOWN_HELPS,
        alike=learning.alike,
        marks=learning.words,
        reasons=learning.reasons,
    )
    if current:
        context.update(
            asset_groups=asset_groups(current, dataset.subjects),
            assets={a.id: a for a in current.assets},
            needs={n.id: n for n in current.needs},
            goals={g.id: g for g in current.goals},
            partner_count=len({p for a in current.assets for p in a.partners}),
            checklist=completeness(dataset, county),
            past_due=tuple(a for a in current.actions if clock.past_due(a)),
        )
    page = Page(f"{path}index.md", render("county/page.md.j2", **context), current.path if current else None)
    return [page, county_map.script]
