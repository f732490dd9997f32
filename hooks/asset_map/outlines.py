"""California county outlines: TopoJSON from the npm package us-atlas to a small GeoJSON file.

The site commits the result (content/assets/maps/ca-counties.geojson) so that building it
needs no Node and no network; this module is how that file was made and can be made again:

    npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    python -m hooks make-outlines package/counties-10m.json

us-atlas (ISC licence) is derived from the US Census Bureau's cartographic boundary files.
Its counties-10m.json holds unprojected longitude/latitude quantised to about 300 m, so
rounding to 4 decimals loses nothing.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

CALIFORNIA_FIPS_PREFIX = "06"
DECIMALS = 4

Ring = list[list[float]]


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
    return sum(
        (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    ) / 2


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
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def to_json(collection: dict[str, Any]) -> str:
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
