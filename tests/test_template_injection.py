"""Contributed text is data, never template source: no `{{ ... }}` in any data file is evaluated.

A template expression with a distinctive result is planted in every text field of every data
file (county files and every registry: counties, regions, partners, vocabularies). The site is
built, and the distinctive results must appear in no output file at all (HTML, map scripts,
JSON, CSV, Atom, iCalendar), while the expressions are shown as typed on the pages. Looking at
every output file matters: an escaped copy of the text on a page says nothing about a map
script that a second template pass rendered (how folium/branca once ran county data as code).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import LOCATED_COUNTY, VALID_COUNTY, BuiltSite, build_site, make_project

# Each expression gives, if ever evaluated, a result that the expression's own text (escaped,
# URL-encoded or not) never contains. Short, to fit the registries' length limits. (An
# attribute walk such as `cycler.__init__.__globals__` is refused by the sandbox: see the last test.)
EXPRESSIONS = "{{1234*1000}} {%if 1%}zq{%endif%}xv"
EVALUATED = ("1234000", "zqxv")


class _TextLoader(yaml.SafeLoader):
    """Dates stay text, as the site's own reader keeps them."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _strings(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _strings(item, (*path, index))]
    return [path] if isinstance(value, str) else []


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def _set(value: Any, path: tuple, new: Any) -> None:
    _get(value, path[:-1])[path[-1]] = new


def _write(path: Path, data: Any) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]  # the editor modeline
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(first_line + "\n" + body, encoding="utf-8")


def plant_everywhere(data_dir: Path) -> dict[str, list[tuple]]:
    """Append EXPRESSIONS to every string in every data file, then take it back out of every
    field the checks refuse it in (ids, dates, links, vocabulary terms...): what remains is
    every free-text field. Returns the planted paths per file."""
    files = sorted(data_dir.rglob("*.yml"))
    data = {path: yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader) for path in files}
    planted = {path: set(_strings(value)) for path, value in data.items()}
    originals = {path: {p: _get(value, p) for p in planted[path]} for path, value in data.items()}
    for path, value in data.items():
        for p in planted[path]:
            _set(value, p, f"{originals[path][p]} {EXPRESSIONS}")
        _write(path, value)

    from asset_map.load import check

    for _ in range(10):
        problems = check(data_dir)[1]
        if not problems:
            break
        for problem in problems:
            if not problem.path:  # about the whole file: follows from a registry problem
                continue
            path = data_dir.parent / problem.file
            refused = problem.path
            for p in [p for p in planted[path] if p[: len(refused)] == refused or refused[: len(p)] == p]:
                _set(data[path], p, originals[path][p])
                planted[path].discard(p)
        for path in {data_dir.parent / problem.file for problem in problems}:
            _write(path, data[path])
    else:
        pytest.fail("planting the expressions left problems:\n" + "\n".join(p.format() for p in problems))
    return {str(path.relative_to(data_dir)): sorted(paths, key=str) for path, paths in planted.items()}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    project = make_project(
        tmp_path_factory.mktemp("template-injection"),
        {
            "marin": {"2023-24": VALID_COUNTY, "2024-25": LOCATED_COUNTY},
            "sonoma": VALID_COUNTY.replace("counties: [sonoma]", "counties: [marin]"),
        },
    )
    return project, plant_everywhere(project / "counties")


@pytest.fixture(scope="module")
def site(planted: tuple[Path, dict]) -> BuiltSite:
    return build_site(planted[0])


def test_the_expressions_reach_every_kind_of_text_field(planted: tuple[Path, dict]) -> None:
    fields = {
        path: {tuple(x for x in p if not isinstance(x, int)) for p in paths} for path, paths in planted[1].items()
    }
    assert {
        ("assets", "name"),
        ("assets", "summary"),
        ("needs", "statement"),
        ("goals", "statement"),
        ("actions", "step"),
        ("actions", "owner"),
        ("assets", "location", "name"),
        ("contacts", "role"),
        ("contacts", "name"),
    } <= fields["marin/2024-25.yml"]
    assert {("partners", "name")} <= fields["_shared/partners.yml"]
    assert {("counties", "name"), ("counties", "coe")} <= fields["_shared/counties.yml"]
    assert {("regions", "name")} <= fields["_shared/regions.yml"]
    assert {("subjects", "math", "label"), ("focus_areas", "lesson-study", "definition")} <= fields[
        "_shared/vocabularies.yml"
    ]


def test_no_output_file_holds_an_evaluated_expression(site: BuiltSite) -> None:
    outputs = [p for p in site.root.rglob("*") if p.is_file() and p.suffix not in {".png", ".ico", ".woff2", ".gz"}]
    assert len(outputs) > 100
    scripts = {p.name for p in outputs if "assets/maps/js" in p.as_posix()}
    assert {"county-marin.js", "county-sonoma.js", "county-napa.js", "state.js"} <= scripts
    for path in outputs:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for result in EVALUATED:
            assert result not in text, (
                f"{path.relative_to(site.root)} holds '{result}': data was rendered as a template"
            )


def test_map_scripts_carry_the_expressions_as_typed(site: BuiltSite) -> None:
    script = site.path("assets/maps/js/county-marin.js").read_text(encoding="utf-8")
    assert script.count(EXPRESSIONS) >= 2
    assert f"Marin {EXPRESSIONS}" in script  # the county's name, from the registry


def test_pages_show_the_expressions_as_typed(site: BuiltSite) -> None:
    page = site.content("counties/marin/")
    assert page.h1.get_text() == f"Marin {EXPRESSIONS} County"  # the county's name, from the registry
    assert page.select_one("h4#summer-institute").get_text() == f"Summer science institute {EXPRESSIONS}"
    assert EXPRESSIONS in site.content("partners/").get_text()
    assert EXPRESSIONS in site.content("regions/").get_text()
    all_json = json.loads(site.path("data/all.json").read_text(encoding="utf-8"))
    assert all_json["current_maps"]["marin"]["assets"][0]["name"].endswith(EXPRESSIONS)


def test_the_library_environment_is_sandboxed() -> None:
    from asset_map.render import environment
    from jinja2.exceptions import SecurityError

    # Twice each: the environment remembers its verdict per (type, attribute), and a
    # remembered refusal must refuse as the first check did.
    for _ in range(2):
        with pytest.raises(SecurityError):
            environment().from_string("{{ cycler.__init__.__globals__.os.getcwd() }}").render()
        with pytest.raises(SecurityError):
            environment().from_string("{% set x = [] %}{{ x.append(1) }}").render()
        # Allowed on one type, refused on another: the verdict is not the attribute name's alone.
        assert environment().from_string("{{ d.append }}").render(d=SimpleNamespace(append="kept")) == "kept"
        with pytest.raises(SecurityError):
            environment().from_string("{{ d.append(1) }}").render(d=[])
        # str.format is still wrapped (sandboxed) on every access, not remembered as safe.
        with pytest.raises(SecurityError):
            environment().from_string("{{ '{0.__class__}'.format(1) }}").render()
