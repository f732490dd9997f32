"""Search records, the explorer's data file, and the CSV/JSON downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from asset_map.exports import TABLES, safe_cell
from conftest import BuiltSite, asset, build_site, county_yaml, make_project, need

COUNTIES = {
    "marin": county_yaml(
        assets=[
            asset(
                "lesson-study-network",
                ["math", "science"],
                ["lesson-study"],
                ["3-5"],
                name="Lesson study network",
                partners=["exploratorium"],
            ),
            asset(
                "formula-risk",
                ["cs"],
                ["assessment"],
                ["9-12"],
                name='=HYPERLINK("x")',
                summary="+1 more; -2 less; @home",
                audiences=["teachers", "families"],
            ),
        ],
        needs=[need("cs-teachers", ["cs"], ["recruitment-retention"])],
        goals=[{"id": "grow", "statement": "Grow.", "needs": ["cs-teachers"], "assets": ["formula-risk"]}],
        actions=[{"id": "ask", "step": "Ask districts.", "goal": "grow", "owner": "Lead", "status": "planned"}],
    ),
    "napa": county_yaml(assets=[asset("cs-club", ["cs"], ["lesson-study"], ["6-8"], counties=["sonoma"])]),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(make_project(tmp_path_factory.mktemp("data"), COUNTIES))


def read_csv(site: BuiltSite, name: str) -> list[dict[str, str]]:
    raw = site.path(f"data/{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_search_indexes_each_asset_and_need_under_its_own_address(site: BuiltSite) -> None:
    from asset_map.load import load_dataset
    from asset_map.search import search_records

    records = {r.url: r for r in search_records(load_dataset(site.root.parent / "counties"))}
    assert records["counties/marin/#lesson-study-network"].title == "Lesson study network"
    assert records["counties/marin/#cs-teachers"].title == "Need cs-teachers."
    assert records["partners/exploratorium/"].title == "Exploratorium"
    assert sum(r.title == "Lesson study network" for r in records.values()) == 1
    # Listings repeat assets and item pages are records: Pagefind indexes neither.
    entry = json.loads(site.path("pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # The records, plus the 15 other pages indexed by section (the hand-written pages, the
    # listings' front pages, the map, balance, data, progress and field-reference pages: the
    # list is in tests/test_search.py).
    assert entry["languages"]["en"]["page_count"] == len(records) + 15


def test_explorer_data_lists_every_asset_with_its_facets(site: BuiltSite) -> None:
    page = site.content("explore/")
    assert page.select_one("noscript #am-explore-nojs").find("a", string="idea listings")["href"] == "../ideas/"
    data = json.loads(site.path("explore/assets.json").read_text(encoding="utf-8"))
    facets = {f["key"]: f for f in data["facets"]}
    assert len(data["rows"]) == 3
    shared = next(r for r in data["rows"] if r[0] == "Cs club")
    values = {
        f["key"]: [f["values"][i][0] for i in positions] for f, positions in zip(data["facets"], shared[4], strict=True)
    }
    assert values["county"] == ["napa", "sonoma"]
    assert values["region"] == ["1", "4"]
    assert values["subject"] == ["cs"]
    assert shared[1] == "counties/napa/#cs-club" and shared[2] == "Napa with Sonoma"
    assert facets["subject"]["values"] == [["math", "Mathematics"], ["science", "Science"], ["cs", "Computer science"]]


def test_csv_row_counts_match_the_data(site: BuiltSite) -> None:
    assert len(read_csv(site, "assets")) == 3
    assert len(read_csv(site, "needs")) == 1
    assert len(read_csv(site, "goals")) == 1
    assert len(read_csv(site, "actions")) == 1
    partners = read_csv(site, "partners")
    assert len(partners) == len(json.loads(site.path("data/all.json").read_text())["partners"])
    assert next(p for p in partners if p["id"] == "exploratorium")["counties"] == "marin"


def test_csv_columns_lists_and_formula_safety(site: BuiltSite) -> None:
    rows = read_csv(site, "assets")
    assert list(rows[0]) == [c.name for c in next(t for t in TABLES if t.name == "assets").columns]
    network = next(r for r in rows if r["id"] == "lesson-study-network")
    assert network["subjects"] == "math; science"
    assert network["page"] == "counties/marin/#lesson-study-network"
    risky = next(r for r in rows if r["id"] == "formula-risk")
    assert risky["name"] == '\'=HYPERLINK("x")'
    assert risky["summary"] == "'+1 more; -2 less; @home"
    assert risky["audiences"] == "teachers; families"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_safe_cell_defuses_formulas(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_json_downloads(site: BuiltSite) -> None:
    everything = json.loads(site.path("data/all.json").read_text(encoding="utf-8"))
    assert sorted(everything["current_maps"]) == ["marin", "napa"]
    assert len(everything["counties"]) == 58
    assert everything["vocabularies"]["subjects"]["cs"]["label"] == "Computer science"
    assert everything["current_maps"]["marin"]["assets"][0]["id"] == "lesson-study-network"
    county = json.loads(site.path("data/counties/marin.json").read_text(encoding="utf-8"))
    assert county["current_cycle"] == "2024-25"
    assert county["county"]["coe"] == "Marin County Office of Education"
    assert list(county["cycles"]) == ["2024-25"]
    assert not site.path("data/counties/alpine.json").exists()


def test_data_page_describes_every_file_and_column(site: BuiltSite) -> None:
    page = site.content("data/")
    for table in TABLES:
        section = page.select_one(f"h3#{table.name}-csv")
        assert section, table.name
        documented = [code.get_text() for code in section.find_next("table").select("code")]
        assert documented == [c.name for c in table.columns]
    links = {a["href"] for a in page.select("a")}
    assert {"assets.csv", "all.json", "counties/marin.json", "../schema/county.schema.json"} <= links
