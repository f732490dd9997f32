"""One source for each fact: the subjects (order, labels), action statuses and community
partner types come from counties/_shared/vocabularies.yml, every map and chart colour from
hooks/asset_map/templates/palette.json. Nothing else lists them again: the site built from a
relabelled, reordered vocabulary and a changed palette shows the changes everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from asset_map import palette as palette_module
from asset_map.layout import is_cycle, is_cycle_file
from asset_map.load import check
from asset_map.references import fixed_vocabularies
from asset_map.schema_checks import SCHEMA_DIR, load_schema, resolve
from conftest import REPO, VALID_COUNTY, BuiltSite, build_site, make_project

HOOKS = REPO / "hooks" / "asset_map"
MAP_SCRIPT = REPO / "content" / "assets" / "javascripts" / "asset-maps.js"
STYLESHEET = REPO / "content" / "assets" / "stylesheets" / "asset-map.css"
VOCABULARY_MODELINE = "# yaml-language-server: $schema=../../hooks/asset_map/schemas/vocabularies.schema.json"

# Subjects reordered (cs first) and relabelled; a status and a partner type changed.
SUBJECTS = {
    "cs": {"label": "Computing", "short": "Comp", "definition": "Computing for everyone."},
    "math": {"label": "Mathematics for all", "short": "Maths", "definition": "Maths for everyone."},
    "science": {"label": "Natural science", "definition": "Science for everyone."},
}
COLOURS = {"chosen": "#123456", "none": "#fedcba", "subjects": ["#aa0001", "#00aa02", "#0000a3"]}
NAPA = VALID_COUNTY.replace("subjects: [math, cs]", "subjects: [cs]").replace("subjects: [science]", "subjects: [cs]")


def _source_files() -> list[Path]:
    """Every file of the library, its templates and the map script (not the palette itself)."""
    files = [p for p in HOOKS.rglob("*") if p.is_file() and p.suffix in {".py", ".html", ".j2"}]
    return [*files, MAP_SCRIPT]


@pytest.fixture(scope="module")
def relabelled(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = make_project(tmp_path_factory.mktemp("one-source"), {"marin": VALID_COUNTY, "napa": NAPA})
    path = project / "counties" / "_shared" / "vocabularies.yml"
    vocabularies = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabularies["subjects"] = SUBJECTS
    vocabularies["statuses"]["in-progress"]["label"] = "Under way"
    vocabularies["partner_types"]["museum-science-center"]["community"] = True
    path.write_text(VOCABULARY_MODELINE + "\n" + yaml.safe_dump(vocabularies, sort_keys=False), encoding="utf-8")
    colours = {**palette_module.palette(), **COLOURS}
    palette_file = project / "palette.json"
    palette_file.write_text(json.dumps(colours), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(palette_module, "PALETTE_FILE", palette_file)
        return build_site(project)


def _texts(elements) -> list[str]:
    return [e.get_text(" ", strip=True) for e in elements]


def test_county_page_takes_subjects_and_statuses_from_the_vocabulary(relabelled: BuiltSite) -> None:
    page = relabelled.content("counties/marin/")
    assert _texts(page.select(".am-glance .am-subject__label")) == ["Comp", "Maths", "Natural science"]
    assert _texts(page.select("h3[id^=section-assets-]")) == ["Natural science", "Across subjects"]
    assert _texts(page.select(".am-actions .am-status")) == ["Under way"]
    napa = relabelled.content("counties/napa/")
    assert _texts(napa.select(".am-glance .am-flag")) == [
        "No mathematics for all or natural science assets are listed yet."
    ]


def test_balance_chart_takes_subjects_and_colours_from_their_sources(relabelled: BuiltSite) -> None:
    page = relabelled.content("balance/")
    chart = page.select_one("svg.am-chart")
    assert _texts(chart.select("text.am-chart__legend")) == ["Comp", "Maths", "Natural science"]
    assert [rect["fill"] for rect in chart.select("rect")[:3]] == COLOURS["subjects"]
    assert "computing, mathematics for all and natural science" in chart.desc.get_text()
    table = page.select_one("table.am-balance")
    assert _texts(table.select("thead th"))[2:5] == ["Comp", "Maths", "Natural science"]
    lead = page.select_one("p.am-lead").get_text(" ", strip=True)
    assert "(computing, mathematics for all and natural science)" in lead
    assert "museum or science center" in lead
    # Marin's summer institute names the Exploratorium, a museum: now a community partner.
    assert "1 of 1 partners community-based" in page.get_text(" ", strip=True)


def test_tables_and_the_map_legend_data_take_subjects_from_the_vocabulary(relabelled: BuiltSite) -> None:
    for url in ("counties/", "map/"):
        headers = _texts(relabelled.content(url).select("table thead th"))
        assert headers[headers.index("Assets") + 1 :][:3] == ["Comp", "Maths", "Natural science"], url
    measures = _texts(relabelled.content("map/").select("#am-measure label"))
    assert "Subjects covered (comp, maths, natural science)" in measures
    stats = json.loads(relabelled.path("assets/maps/county-stats.json").read_text(encoding="utf-8"))
    assert stats["subjects"] == [
        # The relabelled subjects have no Spanish labels: Spanish pages use the English ones.
        {"key": "cs", "name": "comp", "names": {"es": "comp"}},
        {"key": "math", "name": "maths", "names": {"es": "maths"}},
        {"key": "science", "name": "natural science", "names": {"es": "natural science"}},
    ]
    assert stats["counties"]["06041"]["subjects"] == {"cs": 1, "math": 1, "science": 1}
    assert stats["palette"]["chosen"] == COLOURS["chosen"]
    county_script = relabelled.path("assets/maps/js/county-marin.js").read_text(encoding="utf-8")
    assert f'["{COLOURS["chosen"]}", "Marin County"]' in county_script


def test_exports_carry_the_vocabulary_as_written(relabelled: BuiltSite) -> None:
    data = json.loads(relabelled.path("data/all.json").read_text(encoding="utf-8"))
    assert list(data["vocabularies"]["subjects"]) == ["cs", "math", "science"]
    assert data["vocabularies"]["subjects"]["cs"]["short"] == "Comp"
    assert data["vocabularies"]["partner_types"]["museum-science-center"]["community"] is True
    assert data["vocabularies"]["statuses"]["in-progress"]["label"] == "Under way"


def test_no_second_list_of_subjects_in_code_templates_or_the_map_script() -> None:
    keys = "|".join(fixed_vocabularies()["subjects"])
    listed = re.compile(rf'"({keys})"|\.({keys})\b')
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in _source_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if listed.search(line)
    ]
    assert found == []


def test_no_colour_outside_the_palette() -> None:
    colour = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    found = [
        f"{path.relative_to(REPO)}: {match}"
        for path in _source_files()
        for match in colour.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_stylesheet_custom_properties_equal_the_palette() -> None:
    colours = palette_module.palette()
    properties = dict(re.findall(r"--am-([a-z0-9-]+):\s*([^;]+);", STYLESHEET.read_text(encoding="utf-8")))
    assert properties, "the stylesheet should take its map colours from custom properties"
    assert {name: colours.get(name.replace("-", "_")) for name in properties} == properties


def test_palette_has_a_colour_for_every_subject_and_coverage_step() -> None:
    colours = palette_module.palette()
    subjects = fixed_vocabularies()["subjects"]
    assert len(colours["subjects"]) >= len(subjects)
    assert len(colours["sequential"]) > len(subjects)  # 0 to all subjects covered


def test_vocabulary_keys_must_match_the_schema_enums(data_dir: Path) -> None:
    path = data_dir / "_shared" / "vocabularies.yml"
    text = path.read_text(encoding="utf-8").replace("  on-hold:\n", "  paused:\n")
    path.write_text(text, encoding="utf-8")
    _, problems = check(data_dir)
    [problem] = problems
    assert problem.file == "counties/_shared/vocabularies.yml"
    assert problem.message == "the action statuses must be exactly: planned, in-progress, done, on-hold"


def test_only_partner_types_can_be_community(data_dir: Path) -> None:
    path = data_dir / "_shared" / "vocabularies.yml"
    text = path.read_text(encoding="utf-8").replace("    short: CS\n", "    short: CS\n    community: true\n")
    path.write_text(text, encoding="utf-8")
    _, problems = check(data_dir)
    assert [(p.location, p.message) for p in problems] == [("subjects, cs, community", "unknown field 'community'")]


def test_the_cycle_rule() -> None:
    assert is_cycle("2024-25") and is_cycle("2099-00")
    assert not is_cycle("2024-26") and not is_cycle("2024-2025") and not is_cycle("2024-25\n")
    assert is_cycle_file(Path("counties/marin/2024-25.yml"))
    assert not is_cycle_file(Path("counties/marin/2024-25.yaml"))


def test_references_resolve_within_the_schema_only() -> None:
    root = load_schema("county")
    assert resolve(root, {"$ref": "#/definitions/link"})["x-kind"] == "link"
    assert resolve(root, {"$ref": root["$id"] + "#/definitions/date"})["format"] == "date"
    with pytest.raises(ValueError):
        resolve(root, {"$ref": "https://example.org/other.json#/definitions/link"})


def test_field_meanings_are_marked_never_guessed_from_patterns() -> None:
    """Messages and the field reference read `x-kind`; every web address, email and id field
    carries one, and no code reads a pattern's text."""
    for path in _source_files():
        if path.suffix == ".py":
            assert not re.search(r"""\.get\("pattern"|\["pattern"\]""", path.read_text(encoding="utf-8")), path

    def patterns(schema: object) -> list[dict]:
        if isinstance(schema, dict):
            own = [schema] if "pattern" in schema else []
            return own + [found for value in schema.values() for found in patterns(value)]
        if isinstance(schema, list):
            return [found for value in schema for found in patterns(value)]
        return []

    for file in SCHEMA_DIR.glob("*.schema.json"):
        for schema in patterns(json.loads(file.read_text(encoding="utf-8"))):
            if "https?" in schema["pattern"] or "@" in schema["pattern"] or schema["pattern"].startswith("^[a-z0-9]"):
                assert "x-kind" in schema, (file.name, schema["pattern"])


@pytest.fixture(scope="module")
def relabelled_url(relabelled: BuiltSite):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from browser_support import QuietHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(relabelled.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_the_map_script_reads_subjects_and_colours_from_the_data(browser, relabelled_url: str) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(relabelled_url + "map/")
    expect(page.locator(".am-map[data-state=ready]")).to_have_count(1)
    marin = page.locator('path.am-county[data-fips="06041"]')
    expect(marin).to_have_attribute("fill", COLOURS["chosen"])
    expect(page.locator('path.am-county[data-fips="06019"]')).to_have_attribute("fill", COLOURS["none"])
    page.get_by_label("Subjects covered (comp, maths, natural science)").check()
    expect(page.locator("#am-legend-state li")).to_have_text(
        [
            "1 of the 3 subjects",
            "2 of the 3 subjects",
            "All 3: comp, maths and natural science",
            "No assets or no map",
        ]
    )
    marin.hover()
    expect(page.locator(".leaflet-tooltip")).to_have_text(
        re.compile(r"2024-25 map: 2 assets \(comp 1, maths 1, natural science 1\)")
    )
    context.close()
    assert errors == []
