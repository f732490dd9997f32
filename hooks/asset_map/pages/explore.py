"""The explorer (/explore/): every current asset in one table with facet filters.

The page itself is a small shell; explore.js reads the rows and facets from a data file
beside it (/explore/assets.json) and draws the table, the filters with their counts and
the filter state in the address. So the page stays the same size however many assets there
are (the whole table was 1.8 MB of HTML at 58 counties and 50 MB at 3,143). Without
JavaScript the page points to the idea listings and the downloads, which list every asset.

The data file is compact: facet values are written once, with their labels, and each row
refers to them by position.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from ..cache import cached
from ..model import CountyAsset, Dataset
from ..render import Page, render


@dataclass(frozen=True)
class ExploreFacet:
    key: str
    """The facet's name in the page address (?subject=cs&county=napa)."""
    title: str
    values: tuple[tuple[str, str], ...]
    """(value, label) in the order the filter lists them."""


COLUMNS = ("subject", "grades", "focus", "kind", "duration")
"""Facets shown as table columns (by their labels), between County and Partners."""


def row_values(dataset: Dataset, item: CountyAsset) -> dict[str, list[str]]:
    """The facet values of one row."""
    asset = item.asset
    return {
        "subject": list(asset.subjects),
        "grades": list(asset.grades),
        "focus": list(asset.focus),
        "kind": [asset.kind],
        "audience": list(asset.audiences),
        "duration": [asset.duration],
        "region": sorted({str(dataset.county(s).region) for s in item.counties}, key=int),
        "county": list(item.counties),
        "ptype": sorted({dataset.partners[p].type for p in asset.partners}),
    }


def facets(dataset: Dataset) -> list[ExploreFacet]:
    vocab = {name: tuple((k, t.label) for k, t in v.terms.items()) for name, v in dataset.vocabularies.items()}
    return [
        ExploreFacet("subject", "Subject", vocab["subjects"]),
        ExploreFacet("grades", "Grade band", vocab["grade_bands"]),
        ExploreFacet("focus", "Focus area", vocab["focus_areas"]),
        ExploreFacet("kind", "Kind", vocab["asset_kinds"]),
        ExploreFacet("audience", "Audience", vocab["audiences"]),
        ExploreFacet("duration", "Enduring or temporary", (("enduring", "Enduring"), ("temporary", "Temporary"))),
        ExploreFacet("region", "Region", tuple((str(r.number), r.title) for r in dataset.regions)),
        ExploreFacet("county", "County", tuple((c.slug, c.name) for c in dataset.counties)),
        ExploreFacet("ptype", "Partner type", vocab["partner_types"]),
    ]


def explore_pages(dataset: Dataset, with_data: bool = True) -> list[Page]:
    """The explorer's page and (`with_data`) its data file; another language's pass makes
    only the page, the data file being the same.

    The page lists the filters that have values (their checkboxes come from the data file),
    so the script fills boxes of known size and nothing moves once the page has loaded.
    """
    if with_data:
        data, used = explore_data(dataset)
    else:
        used = {k for item in dataset.current_assets() for k, given in row_values(dataset, item).items() if given}
    shown = [facet for facet in facets(dataset) if facet.key in used]
    page = Page("explore/index.md", render("explore/index.md.j2", page_url="explore/", facets=shown))
    return [page, Page("explore/assets.json", data)] if with_data else [page]


def explore_data(dataset: Dataset) -> tuple[str, set[str]]:
    """Every current asset as a row for the explorer, with the facets' values and labels.

    {"facets": [{"key", "title", "values": [[value, label], ...]}, ...],
     "columns": [facet keys shown as columns],
     "rows": [[name, link, county text, partners text, [[value positions] per facet]], ...]}

    Links are from the site's root. Every value of the reference data is listed (the
    explorer hides those no asset has), so a row's positions depend on the reference data
    only, which its cache key holds. Also returns the keys of the facets some row has a
    value for.
    """
    listed = facets(dataset)
    rows = [(item, row_values(dataset, item)) for item in dataset.current_assets()]
    position = {f.key: {value: i for i, (value, _) in enumerate(f.values)} for f in listed}
    data = {
        "facets": [{"key": f.key, "title": f.title, "values": [list(v) for v in f.values]} for f in listed],
        "columns": list(COLUMNS),
        "rows": [
            cached(
                ("explore-row", item, dataset.reference_key),
                functools.partial(_row, dataset, item, values, listed, position),
            )
            for item, values in rows
        ],
    }
    used = {key for _, values in rows for key, given in values.items() if given}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), used


def _row(
    dataset: Dataset,
    item: CountyAsset,
    values: dict[str, list[str]],
    listed: list[ExploreFacet],
    position: dict[str, dict[str, int]],
) -> list:
    """One asset's row: reads the asset, its county and reference data only."""
    asset = item.asset
    county = item.county.name
    if asset.counties:
        county += " with " + ", ".join(dataset.county(slug).name for slug in asset.counties)
    return [
        asset.name,
        f"counties/{item.county.slug}/#{asset.id}",
        county,
        "; ".join(dataset.partners[p].name for p in asset.partners),
        [[position[f.key][v] for v in values[f.key]] for f in listed],
    ]
