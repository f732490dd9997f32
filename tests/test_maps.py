"""Maps without a browser: the outline data, the generated map files, budgets, determinism."""

from __future__ import annotations

import json

import pytest
from asset_map.load import load_dataset
from asset_map.maps import build_map
from asset_map.outlines import california_counties, to_json
from conftest import LOCATED_COUNTY, REPO, BuiltSite, build_site, make_project

OUTLINES = REPO / "content" / "assets" / "maps" / "ca-counties.geojson"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(make_project(tmp_path_factory.mktemp("maps"), {"marin": LOCATED_COUNTY}))


@pytest.mark.repository_data
def test_committed_outlines_cover_the_58_counties() -> None:
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))
    dataset = load_dataset(REPO / "counties")
    assert sorted(f["id"] for f in outlines["features"]) == sorted(c.fips for c in dataset.counties)
    assert all(f["properties"]["fips"] == f["id"] for f in outlines["features"])
    assert OUTLINES.stat().st_size <= 150_000


def test_topojson_decoding() -> None:
    """A square county made of two arcs, one used reversed, with a delta-encoded transform."""
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [-120, 35]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]], [[0, 0], [1, 1], [1, 1]]],
        "objects": {
            "counties": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "06999", "properties": {"name": "Square"}, "arcs": [[0, ~1]]},
                    {"type": "Polygon", "id": "06998", "properties": {"name": "Sliver"}, "arcs": [[2]]},
                    {"type": "Polygon", "id": "32001", "properties": {"name": "Nevada"}, "arcs": [[0, ~1]]},
                ],
            }
        },
    }
    collection = california_counties(topology)
    assert [f["id"] for f in collection["features"]] == ["06998", "06999"]
    square = collection["features"][1]["geometry"]["coordinates"][0]
    # Counter-clockwise exterior ring, closed, in lon/lat.
    assert square == [[-120.0, 35.0], [-119.0, 35.0], [-119.0, 36.0], [-120.0, 36.0], [-120.0, 35.0]]
    assert collection["features"][0]["geometry"]["coordinates"] == []
    assert to_json(collection).startswith('{"type":"FeatureCollection"')


def test_maps_have_stable_ids_and_no_cdn() -> None:
    from asset_map.cache import RENDERED

    RENDERED.next_build(enabled=False)  # two real renderings, not one reused
    first = build_map("county-marin", "counties/marin/", {"mode": "county", "focus": "06041"})
    again = build_map("county-marin", "counties/marin/", {"mode": "county", "focus": "06041"})
    assert first is not again and first == again
    assert first.element_id == "map_county_marin"
    assert first.script_src == "../../assets/maps/js/county-marin.js"
    assert "http" not in first.script.content
    assert '"outlines": "../../assets/maps/ca-counties.geojson"' in first.script.content


def test_map_script_escapes_contributed_text() -> None:
    parts = build_map("x", "map/", {"markers": [{"name": "</script><script>alert(1)</script>"}]})
    assert "</script>" not in parts.script.content
    assert "\\u003c/script\\u003e" in parts.script.content


def test_map_page_has_a_table_of_every_county(site: BuiltSite) -> None:
    page = site.content("map/")
    assert page.select_one("div.am-map#map_state")
    rows = page.select("table.am-map-table tbody tr")
    assert len(rows) == 58
    marin = next(r for r in rows if r.th.get_text() == "Marin")
    assert [td.get_text(strip=True) for td in marin.select("td")] == [
        "Region 4: Bay",
        "2024-25",
        "2",
        "1",
        "1",
        "1",
        "3 of 3",
        "5 of 7",
    ]
    assert marin.th.a["href"] == "../counties/marin/"


def test_county_map_lists_located_assets_and_sharing_counties(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    assert page.select_one("#section-map")
    caption = page.find("caption", string="Assets with a location on the map")
    row = caption.find_parent("table").select_one("tbody tr")
    assert row.a["href"] == "#summer-institute"
    assert "San Rafael" in row.get_text()
    assert "Sonoma" in page.find(string=lambda s: s and "share an asset" in s).find_parent("p").get_text()
    sonoma = site.content("counties/sonoma/")
    assert "Marin" in sonoma.find(string=lambda s: s and "share an asset" in s).find_parent("p").get_text()


def test_map_pages_load_leaflet_from_the_site(site: BuiltSite) -> None:
    head = site.html("map/").head
    scripts = [s["src"] for s in head.select("script[src]")]
    assert "../assets/vendor/leaflet/leaflet.js" in scripts
    assert "../assets/javascripts/asset-maps.js" in scripts
    assert "../assets/vendor/leaflet/leaflet.css" in [link["href"] for link in head.select("link")]
    assert not site.html("counties/").head.select("script[src*=leaflet]")


def test_home_page_has_the_small_map_and_its_list(site: BuiltSite) -> None:
    page = site.content("")
    assert page.select_one("div.am-map.am-map--small#map_home")
    assert page.find("a", string="Marin")["href"] == "counties/marin/"
    assert "1 of 58 counties have published an asset map" in page.get_text()


def test_map_budgets(site: BuiltSite) -> None:
    """/map/ at most 400 KB beyond the theme's bundle; a county page's HTML at most 150 KB."""
    map_files = [
        "map/index.html",
        "assets/maps/js/state.js",
        "assets/maps/ca-counties.geojson",
        "assets/maps/county-stats.json",
        "assets/vendor/leaflet/leaflet.js",
        "assets/vendor/leaflet/leaflet.css",
        "assets/javascripts/asset-maps.js",
        "assets/stylesheets/asset-map.css",
    ]
    assert sum(site.path(f).stat().st_size for f in map_files) <= 400_000
    largest = max((site.root / "counties").glob("*/index.html"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size <= 150_000
