"""The explorer (/explore/): every current asset in one table with facet filters.

The table is complete HTML, so without JavaScript every asset is listed; explore.js adds the
filters, the counts beside each facet value and the filter state in the address.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ..cache import cached
from ..model import CountyAsset, Dataset
from ..render import Page, render


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ExploreFacet:
    key: str
    title: str
    values: tuple[FacetValue, ...]


def row_values(dataset: Dataset, item: CountyAsset) -> dict[str, list[str]]:
    """The facet values of one row, as written into its data- attributes."""
    asset = item.asset
    return {
        "subject": list(asset.subjects),
        "grades": list(asset.grades),
        "focus": list(asset.focus),
        "kind": [asset.kind],
        "region": sorted({str(dataset.county(s).region) for s in item.counties}),
        "county": list(item.counties),
        "duration": [asset.duration],
        "ptype": sorted({dataset.partners[p].type for p in asset.partners}),
    }


def _facet(key: str, title: str, counts: Counter, labels: dict[str, str]) -> ExploreFacet:
    return ExploreFacet(
        key, title,
        tuple(FacetValue(value, label, counts[value]) for value, label in labels.items() if counts[value]),
    )


def explore_page(dataset: Dataset) -> Page:
    items = dataset.current_assets()
    rows = [(item, row_values(dataset, item)) for item in items]
    counts = {key: Counter(v for _, values in rows for v in values[key]) for key in rows[0][1]} if rows else {}
    vocab = {name: {k: t.label for k, t in v.terms.items()} for name, v in dataset.vocabularies.items()}
    facets = [
        _facet("subject", "Subject", counts.get("subject", Counter()), vocab["subjects"]),
        _facet("grades", "Grade band", counts.get("grades", Counter()), vocab["grade_bands"]),
        _facet("focus", "Focus area", counts.get("focus", Counter()), vocab["focus_areas"]),
        _facet("kind", "Kind", counts.get("kind", Counter()), vocab["asset_kinds"]),
        _facet("region", "Region", counts.get("region", Counter()), {str(r.number): r.title for r in dataset.regions}),
        _facet("county", "County", counts.get("county", Counter()), {c.slug: c.name for c in dataset.counties}),
        _facet("duration", "Enduring or temporary", counts.get("duration", Counter()),
               {"enduring": "Enduring", "temporary": "Temporary"}),
        _facet("ptype", "Partner type", counts.get("ptype", Counter()), vocab["partner_types"]),
    ]
    rendered = [
        cached(
            ("explore-row", item, dataset.reference_key),
            lambda item=item, values=values: _row(dataset, item, values),
        )
        for item, values in rows
    ]
    return Page(
        "explore/index.md",
        render("explore/index.md.j2", page_url="explore/", rows=rendered, facets=facets),
    )


def _row(dataset: Dataset, item: CountyAsset, values: dict[str, list[str]]) -> Markup:
    """One asset's table row: reads the asset, its county and reference data only."""
    return Markup(render("explore/row.html", page_url="explore/", item=item, values=values, dataset=dataset).strip())
