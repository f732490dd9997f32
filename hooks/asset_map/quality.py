"""What needs a maintainer's attention in the data, each with the file and line to fix.

None of these stop a build (the validator catches what is wrong; these are what is worth a
look): stale maps, overdue action steps, assets with no partner, partners nobody names or
without a website, asset locations outside their county, links that are not https, and
temporary assets that ended long ago but are still on a current map. The progress page lists
them. Lines come from `Dataset.lines`, which no cache key covers, so nothing here is cached.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .freshness import Clock
from .model import County, CountyMap, Dataset
from .outlines import county_shapes, within
from .render import long_date, one_line

ENDED_LONG_AGO_DAYS = 365
"""A temporary asset that ended more than this many days ago should leave the current map."""


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    explanation: str


CHECKS = (
    Check(
        "stale",
        "Stale maps",
        "The county's current map has not been updated for a long time. Ask the county team to review it, "
        "or start the next cycle.",
    ),
    Check(
        "overdue",
        "Action steps past their due date and not done",
        "The step is planned or in progress, but its due date has passed. Update its status, or set a new due date.",
    ),
    Check(
        "no-partner",
        "Assets with no partner",
        "Assets with partners show who counties can connect with. Name the organizations the asset works with, "
        "from the partner registry.",
    ),
    Check(
        "unused-partner",
        "Partners no current map names",
        "The partner registry lists the organization, but no county's current map names it. Add it to an asset, "
        "or remove it from the registry if no county works with it any more.",
    ),
    Check(
        "no-website",
        "Partners without a website",
        "A website lets readers find the organization. Add its address as website.",
    ),
    Check(
        "outside",
        "Asset locations outside their county",
        "The place given for the asset lies outside the county that lists it (and any county sharing it). "
        "Check the latitude and longitude: they may be swapped, or missing a minus sign.",
    ),
    Check(
        "not-https",
        "Links that are not https",
        "Links starting with http:// are not secure and many browsers warn about them. Use the https:// "
        "address if the site has one.",
    ),
    Check(
        "ended",
        "Temporary assets that ended more than a year ago",
        "The asset is still on the county's current map although it ended more than a year ago. Remove it "
        "from the current cycle (earlier cycles keep it), or make it enduring if it carries on.",
    ),
)


@dataclass(frozen=True)
class Finding:
    check: str
    county: County | None
    file: str
    line: int
    subject: str
    """What the finding is about: an asset's name, a partner's name, a link."""
    detail: str = ""


def findings(dataset: Dataset, clock: Clock, outlines: Path | None) -> dict[str, list[Finding]]:
    """Every finding, by check key in the order of CHECKS; each list by county, file and line."""
    found: dict[str, list[Finding]] = {check.key: [] for check in CHECKS}
    shapes = county_shapes(outlines) if outlines is not None and outlines.is_file() else None
    for county in dataset.counties:
        current = dataset.current(county.slug)
        if current is not None:
            for finding in _map_findings(dataset, county, current, clock, shapes):
                found[finding.check].append(finding)
    for finding in _registry_findings(dataset):
        found[finding.check].append(finding)
    return {
        key: sorted(items, key=lambda f: (f.county.name if f.county else "", f.file, f.line))
        for key, items in found.items()
    }


def _map_findings(
    dataset: Dataset, county: County, current: CountyMap, clock: Clock, shapes: dict | None
) -> Iterator[Finding]:
    lines = dataset.lines.get(current.path)

    def at(collection: str, key: str | int) -> int:
        return lines.item(collection, key) if lines else 1

    if clock.freshness(current) == "stale":
        yield Finding(
            "stale",
            county,
            current.path,
            lines.key("updated") if lines else 1,
            f"{current.cycle} map",
            f"last updated {long_date(current.updated)}",
        )
    for action in current.actions:
        if action.due and action.status in ("planned", "in-progress") and action.due < clock.today.isoformat():
            status = dataset.label("statuses", action.status).lower()
            yield Finding(
                "overdue",
                county,
                current.path,
                at("actions", action.id),
                one_line(action.step, 90),
                f"due {long_date(action.due)}, still {status}",
            )
    long_ago = (clock.today - datetime.timedelta(days=ENDED_LONG_AGO_DAYS)).isoformat()
    for asset in current.assets:
        line = at("assets", asset.id)
        if not asset.partners:
            yield Finding("no-partner", county, current.path, line, asset.name)
        if asset.location and shapes is not None:
            places = [dataset.county(slug).fips for slug in (county.slug, *asset.counties)]
            lon, lat = asset.location.lon, asset.location.lat
            if not any(within(shapes[fips], lon, lat) for fips in places if fips in shapes):
                yield Finding(
                    "outside",
                    county,
                    current.path,
                    line,
                    asset.name,
                    f"latitude {asset.location.lat}, longitude {asset.location.lon}",
                )
        if asset.link and not asset.link.startswith("https://"):
            yield Finding("not-https", county, current.path, line, asset.link, f"the link of {asset.name}")
        if asset.duration == "temporary" and asset.ends and asset.ends < long_ago:
            yield Finding("ended", county, current.path, line, asset.name, f"ended {long_date(asset.ends)}")
    for index, source in enumerate(current.sources):
        if source.link and not source.link.startswith("https://"):
            yield Finding(
                "not-https",
                county,
                current.path,
                at("sources", index),
                source.link,
                f"the link of the source {one_line(source.title, 90)}",
            )


def _shared_file(dataset: Dataset, name: str) -> str:
    """The path of a shared list, such as counties/_shared/partners.yml, as load.py names it."""
    return next(
        (path for path in dataset.lines if path.endswith(f"/_shared/{name}.yml")), f"counties/_shared/{name}.yml"
    )


def _registry_findings(dataset: Dataset) -> Iterator[Finding]:
    partners_file, counties_file = _shared_file(dataset, "partners"), _shared_file(dataset, "counties")
    partners = dataset.lines.get(partners_file)
    named = {p for item in dataset.current_assets() for p in item.asset.partners}
    for partner in dataset.partners.values():
        line = partners.item("partners", partner.id) if partners else 1
        if partner.id not in named:
            yield Finding("unused-partner", None, partners_file, line, partner.name)
        if not partner.website:
            yield Finding("no-website", None, partners_file, line, partner.name)
        elif not partner.website.startswith("https://"):
            yield Finding("not-https", None, partners_file, line, partner.website, f"the website of {partner.name}")
    counties = dataset.lines.get(counties_file)
    for county in dataset.counties:
        if county.website and not county.website.startswith("https://"):
            yield Finding(
                "not-https",
                county,
                counties_file,
                counties.item("counties", county.slug) if counties else 1,
                county.website,
                f"the website of {county.coe}",
            )
