"""County maps built with folium on Leaflet, every file served by the site itself.

This is the only module that imports folium. folium's defaults pull Leaflet, jQuery,
Bootstrap and Font Awesome from four CDNs and give elements random ids; `SiteMap` drops the
CDN links (the theme override loads the site's own Leaflet) and `_number_elements` gives ids
from the map's key, so two builds are identical. Each map becomes an empty <div> in the page
and a small script file; the outlines and per-county numbers are shared JSON files.

No data ever passes through folium. branca renders every element's script and then wraps
the rendered text in a new `jinja2.Template` and renders it again, so `{{ ... }}` inside a
county's text would run as template code on the build machine. folium therefore draws only
the empty Leaflet map (constant options and an id made of [a-z0-9_]); the map's options,
which hold contributed text, are joined to folium's finished script as JSON afterwards and
are never seen by a template engine.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, Figure
from jinja2.utils import htmlsafe_json_dumps

from .cache import cached
from .completeness import completeness
from .language import current
from .model import Asset, Dataset
from .palette import palette
from .render import Page, in_sentence

OUTLINES_PATH = "assets/maps/ca-counties.geojson"
STATS_PATH = "assets/maps/county-stats.json"
SCRIPT_DIR = "assets/maps/js"
CALIFORNIA_CENTER = (37.2, -119.4)


class SiteMap(folium.Map):
    """A folium map that links no CDN: Leaflet comes from the site (theme_overrides/main.html)."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


@dataclass(frozen=True)
class MapParts:
    """One map: templates/map/container.html turns it into the page's empty <div> and script tag."""

    key: str
    element_id: str
    script_src: str
    """The drawing script's address, relative to the map's page."""
    css_class: str
    script: Page


def _number_elements(root: Element, key: str) -> None:
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        element._id = key if counter == 0 else f"{key}_{counter}"
        counter += 1
        for child in element._children.values():
            walk(child)

    walk(root)


def build_map(key: str, page_url: str, options: dict[str, Any], *, css_class: str = "") -> MapParts:
    """One map: `options` go to AssetMaps.countyLayer (see content/assets/javascripts).

    folium takes a few milliseconds a map and the site has one per county and partner, so a
    map whose options did not change since the last build is reused.
    """
    options = {**options, "words": dict(current().messages.map_script)}  # asset-maps.js writes them
    options_key = json.dumps(options, sort_keys=True)
    prefix = current().prefix
    return cached(
        ("map", key, page_url, prefix, options_key, css_class),
        lambda: _build_map(key, page_url, options, css_class, prefix),
    )


_NOT_IN_ID = re.compile(r"[^a-z0-9_]")


_STAND_IN = "amstandinkey0"
"""The id folium's empty map is drawn with, once per process (see `_leaflet_map`)."""


@functools.cache
def _leaflet_map() -> tuple[str, str]:
    """folium's part of every map, drawn once for the id `_STAND_IN`: its script and the map's
    variable name. It holds nothing but constant options and the id, so each map's script is
    this text with its own id in place of the stand-in (a few milliseconds of folium and
    branca saved per map, thousands of maps at national size). Never rendered again."""
    site_map = SiteMap(
        location=CALIFORNIA_CENTER,
        zoom_start=5,
        tiles=None,
        control_scale=False,
        scroll_wheel_zoom=False,
        zoom_snap=0.25,
    )
    _number_elements(site_map, _STAND_IN)
    figure = site_map.get_root()
    assert isinstance(figure, Figure)
    figure.render()
    return _tidy(figure.script.render()), site_map.get_name()  # folium's part: holds no data (see above)


def _build_map(key: str, page_url: str, options: dict[str, Any], css_class: str, prefix: str) -> MapParts:
    # `site` leads to the site's root (its files), `root` to this language's pages.
    site = "../" * (prefix + page_url).count("/")
    root = "../" * page_url.count("/")
    element_id = _NOT_IN_ID.sub("_", key.lower())
    drawn, name = _leaflet_map()
    leaflet_map = drawn.replace(_STAND_IN, element_id)
    map_name = name.replace(_STAND_IN, element_id)
    layer = county_layer_call(
        map_name,
        {"outlines": site + OUTLINES_PATH, "stats": site + STATS_PATH, "root": root, **options},
    )
    script = "(function () {\n" + leaflet_map + "\n" + layer + "\n})();\n"
    script_path = f"{SCRIPT_DIR}/{prefix}{key}.js"
    return MapParts(key, map_name, site + script_path, css_class, Page(script_path, script))


def asset_marker(asset: Asset, url: str) -> dict[str, Any]:
    """A located asset's marker: where it is, its name and place, and the page it opens."""
    location = asset.location
    if location is None:
        raise ValueError(f"asset {asset.id!r} has no location to mark")
    return {"lat": location.lat, "lon": location.lon, "name": asset.name, "place": location.name, "url": url}


def county_layer_call(map_name: str, options: dict[str, Any]) -> str:
    """The line that hands a map its options (content/assets/javascripts/asset-maps.js draws).

    Plain string joining, never a template: the options hold contributed text. The JSON has
    `<`, `>`, `&` and `'` as \\u escapes, so it is inert even if the script were ever inlined.
    """
    if _NOT_IN_ID.search(map_name):
        raise ValueError(f"map name {map_name!r} is not an identifier")
    return f"AssetMaps.countyLayer({map_name}, {json_for_script(options)});"


def json_for_script(value: Any) -> str:
    """JSON that is inert inside a script: Jinja's `tojson` escaping, without a template."""
    return str(htmlsafe_json_dumps(value, sort_keys=True))


def _tidy(script: str) -> str:
    return "\n".join(line.rstrip() for line in script.strip().splitlines() if line.strip())


def county_stats(dataset: Dataset) -> Page:
    """What every map reads: per-county numbers (keyed by FIPS code), the region names, the
    subjects (key and how a sentence names them, in the vocabulary's order), the number of
    checklist items (completeness.py) and the palette, so the map script lists no subject, no
    checklist item and no colour of its own."""
    counties = {}
    for county in dataset.counties:
        current = dataset.current(county.slug)
        counts = current.subject_counts() if current else {}
        counties[county.fips] = {
            "slug": county.slug,
            "name": county.name,
            "region": county.region,
            "published": current is not None,
            "cycle": current.cycle if current else None,
            "assets": len(current.assets) if current else 0,
            "subjects": {s.key: counts.get(s.key, 0) for s in dataset.subjects},
            "checklist": completeness(dataset, county).met,
        }
    data = {
        "counties": counties,
        "regions": {str(r.number): r.name for r in dataset.regions},
        # Each subject's name in a sentence, in every language (`names`): the file is shared.
        "subjects": [
            {
                "key": s.key,
                "name": in_sentence(s.short_label),
                "names": {"es": in_sentence(s.in_language("es").short_label)},
            }
            for s in dataset.subjects
        ],
        "checklist": len(dataset.checklist),
        "palette": palette(),
    }
    return Page(STATS_PATH, json.dumps(data, sort_keys=True, separators=(",", ":")))
