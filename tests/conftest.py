"""Shared fixtures: a temporary data folder with tiny county files, and a real site build.

Tests build real sites into temporary folders with the repository's own hooks/ and
theme_overrides/, and read the HTML, so they exercise exactly what a contributor's build runs.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]

# Fixtures for the browser tests (a served site and Debian's Chromium), registered once.
pytest_plugins = ["browser_support"]
MODELINE = "# yaml-language-server: $schema=../../hooks/asset_map/schemas/county.schema.json"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# A small, valid county file. Tests copy it and change what they need.
VALID_COUNTY = f"""\
{MODELINE}
updated: 2024-11-15
contacts:
  - role: Science coordinator
    name: Ana Example
    email: ana@example.org
assets:
  - id: summer-institute
    name: Summer science institute
    summary: A week of NGSS lessons for grade 4-8 teachers.
    kind: summer-institute
    subjects: [science]
    grades: [3-5, 6-8]
    focus: [standards-implementation]
    duration: temporary
    starts: 2024-06-17
    ends: 2024-06-21
    partners: [exploratorium]
  - id: math-plc-network
    name: Math PLC network
    summary: Monthly PLCs for middle school math teachers.
    kind: plc-network
    subjects: [math, cs]
    grades: [6-8]
    focus: [student-discourse]
    duration: enduring
    partners: []
    counties: [sonoma]
needs:
  - id: cs-teachers
    statement: Too few teachers are prepared to teach computer science.
    subjects: [cs]
    grades: [9-12]
    focus: [recruitment-retention]
goals:
  - id: grow-cs
    statement: Prepare more computer science teachers.
    needs: [cs-teachers]
    assets: [math-plc-network]
actions:
  - id: survey-districts
    step: Survey districts about computer science staffing.
    goal: grow-cs
    owner: CS coordinator
    starts: 2024-09-01
    due: 2024-12-15
    status: in-progress
"""


def make_project(root: Path, counties: dict[str, str | dict[str, str]], cycle: str = "2024-25") -> Path:
    """A project folder with the repository's reference data and the given county files.

    `counties` maps a slug to one file's text (for `cycle`) or to {cycle: text}.
    """
    shutil.copytree(REPO / "counties" / "_shared", root / "counties" / "_shared")
    for slug, files in counties.items():
        folder = root / "counties" / slug
        folder.mkdir()
        for name, text in (files if isinstance(files, dict) else {cycle: files}).items():
            (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return root


SEARCH_FIXTURES = Path(__file__).parent / "fixtures" / "search"


def make_search_project(root: Path) -> Path:
    """A project with the search tests' own data set and partner registry (tests/fixtures/search/)."""
    files = sorted(SEARCH_FIXTURES.glob("*.yml"))
    make_project(root, {p.stem: p.read_text(encoding="utf-8") for p in files if p.stem != "partners"})
    shutil.copyfile(SEARCH_FIXTURES / "partners.yml", root / "counties" / "_shared" / "partners.yml")
    return root


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site of tests/fixtures/search/, built once."""
    return build_site(make_search_project(tmp_path_factory.mktemp("search")))


# The same county with its summer institute placed on the map (San Rafael).
LOCATED_COUNTY = VALID_COUNTY.replace(
    "    partners: [exploratorium]\n",
    "    partners: [exploratorium]\n    location:\n      name: San Rafael\n      lat: 37.97\n      lon: -122.53\n",
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A counties/ folder holding the repository's reference data and no county files."""
    target = tmp_path / "counties"
    shutil.copytree(REPO / "counties" / "_shared", target / "_shared")
    return target


@pytest.fixture
def write_county(data_dir: Path) -> Callable[..., Path]:
    def write(slug: str = "marin", cycle: str = "2024-25", text: str | bytes = VALID_COUNTY) -> Path:
        path = data_dir / slug / f"{cycle}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if not text.startswith("#") else text, encoding="utf-8")
        return path

    return write


class BuiltSite:
    def __init__(self, root: Path):
        self.root = root

    def path(self, url: str) -> Path:
        url = url.strip("/")
        target = self.root / url
        return target / "index.html" if not url or target.is_dir() else target

    def html(self, url: str) -> BeautifulSoup:
        """The parsed page, without the ¶ permalinks the theme adds to headings."""
        soup = BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")
        for permalink in soup.select("a.headerlink"):
            permalink.decompose()
        return soup

    def content(self, url: str) -> BeautifulSoup:
        """The page's article (what the page says, without the theme's navigation)."""
        return self.html(url).select_one("article.md-content__inner")


_LANGUAGES_PLUGIN = re.compile(r"^plugins:\n(?:  .*\n|\n)*", re.MULTILINE)


def write_site_config(project: Path, *, keep: bool = False, spanish: bool = False) -> Path:
    """mkdocs.yml for a site in `project`, using the repository's hooks and theme overrides
    (with `keep`, an mkdocs.yml already there is left as it is). Without `spanish` the site is
    built in English only (no `i18n` plugin), which halves the build: the Spanish tests
    (test_spanish.py) build both languages, as the repository's mkdocs.yml does."""
    if keep and (project / "mkdocs.yml").exists():
        return project / "mkdocs.yml"
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not spanish:
        config, found = _LANGUAGES_PLUGIN.subn("plugins: []\n\n", config)
        assert found == 1, "mkdocs.yml: no `plugins:` block to remove"
    config = config.replace("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}")
    config = config.replace("- hooks/mkdocs_hooks.py", f"- {REPO / 'hooks' / 'mkdocs_hooks.py'}")
    config = config.replace("  - counties\n  - hooks\n", f"  - counties\n  - {REPO / 'hooks'}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    content = project / "content"
    if not content.exists():
        shutil.copytree(REPO / "content", content)
    if not spanish:  # an English-only site leaves the Spanish pages (<name>.es.md) out
        for translated in content.rglob("*.es.md"):
            translated.unlink()
    return project / "mkdocs.yml"


BUILD_DATE = datetime.date(2025, 1, 1)


SERVE_URL = "http://127.0.0.1:8000/"


def build_site(
    project: Path,
    today: datetime.date = BUILD_DATE,
    *,
    serving: bool = False,
    keep_config: bool = False,
    spanish: bool = False,
) -> BuiltSite:
    """Build the site in `project` as if on `today` (via SOURCE_DATE_EPOCH), so freshness
    badges and "ended" marks do not depend on when the tests run. With `serving`, build it
    as `mkdocs serve` does (its address as site_url); with `keep_config`, use the project's
    own mkdocs.yml if it has one; with `spanish`, build the Spanish pages too (/es/)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = write_site_config(project, keep=keep_config, spanish=spanish)
    extra = {"site_url": SERVE_URL} if serving else {}
    config = load_config(str(config_file), site_dir=str(project / "site"), **extra)
    epoch = datetime.datetime(today.year, today.month, today.day, 12, tzinfo=datetime.UTC)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    try:
        build(config, serve_url=SERVE_URL if serving else None)
    finally:
        config.plugins.on_shutdown()
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return BuiltSite(project / "site")


@pytest.fixture
def site_builder(data_dir: Path) -> Callable[[], BuiltSite]:
    return lambda: build_site(data_dir.parent)


def county_yaml(
    assets: list[dict] = (),
    needs: list[dict] = (),
    goals: list[dict] = (),
    actions: list[dict] = (),
    updated: str = "2024-11-15",
) -> str:
    """A county file from lists of items (written as JSON, which YAML reads as it is)."""
    import json

    def block(name: str, items) -> str:
        return f"{name}:\n" + "".join(f"  - {json.dumps(item)}\n" for item in items) if items else f"{name}: []\n"

    return (
        f"{MODELINE}\nupdated: {updated}\ncontacts: []\n"
        + block("assets", assets)
        + block("needs", needs)
        + block("goals", goals)
        + block("actions", actions)
    )


def asset(id: str, subjects: list[str], focus: list[str], grades: list[str] = ("6-8",), **extra) -> dict:
    item = {
        "id": id,
        "name": extra.pop("name", id.replace("-", " ").capitalize()),
        "summary": extra.pop("summary", f"About {id}."),
        "kind": extra.pop("kind", "plc-network"),
        "subjects": list(subjects),
        "grades": list(grades),
        "focus": list(focus),
        "duration": "enduring",
        "partners": [],
    }
    item.update(extra)
    return item


def need(id: str, subjects: list[str], focus: list[str], grades: list[str] = ("6-8",)) -> dict:
    return {
        "id": id,
        "statement": f"Need {id}.",
        "subjects": list(subjects),
        "grades": list(grades),
        "focus": list(focus),
    }
