"""The downloads hold everything the county files hold: every value of every file, every cycle.

Each county file is read as written (the project's own YAML reader, so dates stay text) and
compared field by field with the CSV files, data/all.json and the county's own JSON file, as
generation publishes them. A field added to the schema and left out of the downloads fails
here, because every key of every file is looked up.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from asset_map.exports import LIST_SEPARATOR, TABLES, export_files, safe_cell
from asset_map.load import load_dataset
from asset_map.yaml_source import read_yaml
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, make_project

# CSV columns named differently from the county file's keys; `location` spreads over three.
RENAMED = {"counties": "shared_with"}
LISTS = ("contacts", "assets", "needs", "goals", "actions")
MAP_FIELDS = ("updated", "note", "sources")


def _projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    two_cycles = {
        "2023-24": VALID_COUNTY.replace("updated: 2024-11-15", "updated: 2023-10-01"),
        "2024-25": LOCATED_COUNTY.replace(
            "updated: 2024-11-15",
            'updated: 2024-11-15\nnote: "=Plan; two lines\\nhere"\nsources:\n  - title: "A; report"\n'
            "    link: https://example.org/r\n  - title: Board minutes",
        ),
    }
    small = make_project(tmp_path_factory.mktemp("downloads"), {"marin": two_cycles, "napa": VALID_COUNTY})
    return {"repository": REPO / "counties", "two-cycles": small / "counties"}


@pytest.fixture(scope="module", params=["repository", "two-cycles"])
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    data_dir = _projects(tmp_path_factory)[request.param]
    dataset = load_dataset(data_dir)
    files = {page.path: page.text for page in export_files(dataset)}
    tables = {
        table.name: list(csv.DictReader(io.StringIO(files[table.path].removeprefix("\ufeff")))) for table in TABLES
    }
    county_files = sorted(p for p in data_dir.glob("*/*.yml") if not p.parent.name.startswith("_"))
    assert county_files
    return dataset, files, tables, county_files


def cell(value: object) -> str:
    """A county file's value as the CSV writes it."""
    if isinstance(value, list):
        return safe_cell(LIST_SEPARATOR.join(value))
    return safe_cell(value)


def same_number(text: str, value: float) -> bool:
    return float(text) == float(value)


def _item_matches(row: dict[str, str], item: dict, where: str) -> None:
    for key, value in item.items():
        if key == "location":
            assert row["place"] == cell(value.get("name")), where
            assert same_number(row["lat"], value["lat"]) and same_number(row["lon"], value["lon"]), where
        else:
            column = RENAMED.get(key, key)
            assert column in row, f"{where}: no CSV column holds '{key}'"
            assert row[column] == cell(value), f"{where}.{key}"


def _json_matches(published: object, written: object, where: str) -> None:
    """Every value written in the file is in the JSON; what the file leaves out is null or []."""
    if isinstance(written, dict):
        assert isinstance(published, dict), where
        for key, value in written.items():
            _json_matches(published.get(key), value, f"{where}.{key}")
        for key in published.keys() - written.keys():
            assert published[key] in (None, []), f"{where}.{key} is not in the file"
    elif isinstance(written, list):
        assert isinstance(published, list) and len(published) == len(written), where
        for index, (one, other) in enumerate(zip(published, written, strict=True)):
            _json_matches(one, other, f"{where}[{index}]")
    elif isinstance(written, int | float) and not isinstance(written, bool):
        assert isinstance(published, int | float) and published == written, where  # 35 is 35.0
    else:
        assert published == written, where


def _from_file_name(county_map: dict, slug: str, cycle: str, path: Path) -> dict:
    """The map without what its file's name and place say (county, cycle, path), checked here."""
    rest = dict(county_map)
    assert (rest.pop("county"), rest.pop("cycle")) == (slug, cycle)
    assert path.as_posix().endswith(rest.pop("path"))
    return rest


def test_every_value_of_every_county_file_is_in_the_downloads(published) -> None:
    dataset, files, tables, county_files = published
    everything = json.loads(files["data/all.json"])
    for path in county_files:
        slug, cycle = path.parent.name, path.stem
        doc, problems = read_yaml(path, path.name)
        assert doc is not None and not problems
        data = doc.data
        current = dataset.current(slug).cycle == cycle
        flag = "true" if current else "false"

        def rows(table: str, slug: str = slug, cycle: str = cycle) -> list[dict[str, str]]:
            return [r for r in tables[table] if r["county"] == slug and r["cycle"] == cycle]

        (map_row,) = rows("maps")
        assert map_row["current"] == flag
        assert map_row["updated"] == data["updated"]
        assert map_row["note"] == cell(data.get("note"))
        expected_sources = "\n".join(
            f"{s['title']} <{s['link']}>" if s.get("link") else s["title"] for s in data.get("sources", [])
        )
        assert map_row["sources"] == cell(expected_sources)
        assert set(data) - set(LISTS) <= set(MAP_FIELDS), f"{path}: a map field missing from maps.csv"
        for name in LISTS:
            found = rows(name)
            assert len(found) == len(data[name]), f"{path}: {name}"
            for index, (item, row) in enumerate(zip(data[name], found, strict=True)):
                assert row["current"] == flag
                _item_matches(row, item, f"{path}: {name}[{index}]")

        county_map = everything["current_maps"][slug] if current else everything["earlier_maps"][slug][cycle]
        _json_matches(_from_file_name(county_map, slug, cycle, path), data, f"all.json {slug} {cycle}")
        own = json.loads(files[f"data/counties/{slug}.json"])
        _json_matches(_from_file_name(own["cycles"][cycle], slug, cycle, path), data, f"{slug}.json {cycle}")
        assert (own["current_cycle"] == cycle) is current


def test_no_download_row_comes_from_nowhere(published) -> None:
    dataset, files, tables, county_files = published
    written = {(p.parent.name, p.stem) for p in county_files}
    for name in ("maps", *LISTS):
        assert {(r["county"], r["cycle"]) for r in tables[name]} <= written, name
    everything = json.loads(files["data/all.json"])
    in_json = {(slug, m["cycle"]) for slug, m in everything["current_maps"].items()}
    in_json |= {(slug, cycle) for slug, cycles in everything["earlier_maps"].items() for cycle in cycles}
    assert in_json == written
