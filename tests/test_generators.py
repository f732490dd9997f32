"""The site outlives its generator: ProperDocs builds it as MkDocs does, and `generate` writes the
same pages and files for generators that ignore MkDocs hooks (Zensical).

ProperDocs (a maintained fork of MkDocs 1.6) installs its own package, `properdocs`, beside
`mkdocs`; its command line makes `import mkdocs` load `properdocs` for the rest of the process.
So it runs in a subprocess here, never in the test process, which has imported the real MkDocs.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, LOCATED_COUNTY, VALID_COUNTY, BuiltSite, build_site, make_project, write_site_config

COUNTIES = {"marin": LOCATED_COUNTY, "napa": {"2023-24": VALID_COUNTY, "2024-25": VALID_COUNTY}}


def _epoch(day: datetime.date) -> str:
    return str(int(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC).timestamp()))


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(make_project(tmp_path_factory.mktemp("mkdocs"), COUNTIES))


def test_properdocs_builds_the_same_pages(mkdocs_site: BuiltSite, tmp_path: Path) -> None:
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail("ProperDocs is not installed: pip install -r requirements-dev.txt")
    project = make_project(tmp_path, COUNTIES)
    config = write_site_config(project)
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(BUILD_DATE), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", str(config), "-d", str(project / "properdocs-site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    properdocs = BuiltSite(project / "properdocs-site")
    assert 'content="mkdocs-ProperDocs' in properdocs.path("/").read_text(encoding="utf-8")  # not MkDocs

    assert _files(properdocs.root) == _files(mkdocs_site.root)
    for url in ("/counties/marin/", "/counties/napa/compare/", "/"):
        article = properdocs.content(url)
        assert str(article) == str(mkdocs_site.content(url)), url
    assert "Summer science institute" in properdocs.content("/counties/marin/").get_text()


def test_generate_writes_what_mkdocs_publishes(mkdocs_site: BuiltSite, tmp_path: Path) -> None:
    """Every generated page is a page of the MkDocs site, and every other file is the same bytes."""
    project = make_project(tmp_path / "project", COUNTIES)
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hooks",
            "--data-dir",
            str(project / "counties"),
            "generate",
            str(out),
            "--today",
            BUILD_DATE.isoformat(),
        ],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = [path for path in _files(out) if path != ".asset-map-generated"]
    assert "counties/marin/index.md" in written
    published = set(_files(mkdocs_site.root))
    for path in written:
        if path.endswith(".md"):
            folder = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
            assert f"{folder}index.html" in published, path
        else:
            assert (out / path).read_bytes() == (mkdocs_site.root / path).read_bytes(), path
