"""California county outlines: TopoJSON from the npm package us-atlas to a small GeoJSON file.

The site commits the result (content/assets/maps/ca-counties.geojson) so that building it
needs no Node and no network; this module is how that file was made and can be made again:

    npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    python -m hooks make-outlines package/counties-10m.json

us-atlas (ISC licence) is derived from the US Census Bureau's cartographic boundary files.
Its counties-10m.json holds unprojected longitude/latitude quantised to about 300 m, so
rounding to 4 decimals loses nothing. The same file tells the progress page whether an
asset's location lies in its county (`county_shapes`, `within`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CALIFORNIA_FIPS_PREFIX = "06"
REPOSITORY_COPY = Path(__file__).resolve().parents[2] / "content" / "assets" / "maps" / "ca-counties.geojson"
"""The outlines the site serves (at assets/maps/ca-counties.geojson), as the repository holds them."""
DECIMALS = 4

Ring = list[list[float]]
NEAR_DEGREES = 0.01
"""How far outside an outline (about 1 km) a place still counts as inside: the outlines are
simplified to about 300 m, and a pier or a beach can fall just outside them."""


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute lon/lat positions (arcs are delta-encoded integers)."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in points]


def _signed_area(ring: Ring) -> float:
    return sum((x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _polygon(rings: Sequence[Sequence[int]], arcs: list) -> list[Ring]:
    """Rings in RFC 7946 order: exterior counter-clockwise, holes clockwise; slivers dropped."""
    result = []
    for position, indexes in enumerate(rings):
        ring = _ring(indexes, arcs)
        if len(ring) < 4:  # a closed ring needs at least three distinct corners
            continue
        exterior = position == 0
        if (_signed_area(ring) > 0) != exterior:
            ring.reverse()
        result.append(ring)
    return result


def california_counties(topology: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the 58 California counties, sorted by FIPS code."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["counties"]["geometries"]:
        fips = str(geometry.get("id", ""))
        if not fips.startswith(CALIFORNIA_FIPS_PREFIX):
            continue
        if geometry["type"] == "Polygon":
            shape: dict[str, Any] = {"type": "Polygon", "coordinates": _polygon(geometry["arcs"], arcs)}
        else:
            polygons = [p for p in (_polygon(rings, arcs) for rings in geometry["arcs"]) if p]
            shape = (
                {"type": "Polygon", "coordinates": polygons[0]}
                if len(polygons) == 1
                else {"type": "MultiPolygon", "coordinates": polygons}
            )
        features.append(
            {
                "type": "Feature",
                "id": fips,
                "properties": {"fips": fips, "name": geometry["properties"]["name"]},
                "geometry": shape,
            }
        )
    features.sort(key=lambda f: str(f["id"]))
    return {"type": "FeatureCollection", "features": features}


def to_json(collection: dict[str, Any]) -> str:
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)


def county_shapes(path: Path) -> dict[str, list[list[Ring]]]:
    """Each county's polygons (outer ring first, then holes) by FIPS code, from the GeoJSON."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    shapes = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        shapes[str(feature["id"])] = polygons
    return shapes


def within(polygons: list[list[Ring]], lon: float, lat: float, near: float = NEAR_DEGREES) -> bool:
    """Whether the point lies in one of the polygons, or no further than `near` degrees
    (longitude scaled to the latitude) outside one."""
    if any(_in_ring(p[0], lon, lat) and not any(_in_ring(h, lon, lat) for h in p[1:]) for p in polygons):
        return True
    scale = math.cos(math.radians(lat))
    return any(_distance(ring, lon, lat, scale) <= near for polygon in polygons for ring in polygon)


def _in_ring(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance(ring: Ring, lon: float, lat: float, scale: float) -> float:
    best = math.inf
    px = lon * scale
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        ax, bx = x1 * scale, x2 * scale
        dx, dy = bx - ax, y2 - y1
        length = dx * dx + dy * dy
        share = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (lat - y1) * dy) / length))
        best = min(best, math.hypot(px - (ax + share * dx), lat - (y1 + share * dy)))
    return best
