"""Rebuilds in one process (as under `mkdocs serve`) reuse earlier work and give exactly the
site a build from scratch gives; one-off builds keep nothing."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from asset_map import render
from asset_map.cache import RENDERED
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, build_site, make_project
from mkdocs_reuse import PAGES

OTHER_COUNTY = VALID_COUNTY.replace("Summer science institute", "Coastal science institute").replace(
    "counties: [sonoma]", "counties: [marin]"
)


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (the sitemap carries the build date)."""
    found = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only + compare.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors if not name.startswith("sitemap.xml"))
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_a_rebuild_after_an_edit_equals_a_build_from_scratch(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY, "sonoma": OTHER_COUNTY})
    build_site(project, serving=True)
    marin = project / "counties" / "marin" / "2024-25.yml"
    marin.write_text(
        marin.read_text(encoding="utf-8").replace("name: Math PLC network", "name: Middle school math PLC network"),
        encoding="utf-8",
    )
    rebuilt = build_site(project, serving=True)
    assert RENDERED.hits > 0, "the rebuild reused none of the generated pieces"
    assert PAGES.hits > 0, "the rebuild rendered every page through the theme again"
    assert "Middle school math PLC network" in rebuilt.path("counties/marin/").read_text(encoding="utf-8")
    assert "Middle school math PLC network" in rebuilt.path("explore/assets.json").read_text(encoding="utf-8")

    # The same files, built by a fresh process that has nothing to reuse.
    fresh = tmp_path / "fresh"
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from pathlib import Path\nfrom conftest import build_site\n"
        "import shutil; shutil.copytree(sys.argv[3], sys.argv[4], ignore=shutil.ignore_patterns('site'))\n"
        "build_site(Path(sys.argv[4]), serving=True)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(REPO / "tests"), str(REPO / "hooks"), str(project), str(fresh)],
        check=True,
        capture_output=True,
    )
    assert _differences(rebuilt.root, fresh / "site") == []


def test_a_rebuild_follows_a_change_to_reference_data(tmp_path: Path) -> None:
    """Renaming a partner in the registry changes every page that names it, even though no
    county file changed."""
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    first = build_site(project, serving=True)
    assert "Exploratorium" in first.path("counties/marin/").read_text(encoding="utf-8")
    partners = project / "counties" / "_shared" / "partners.yml"
    partners.write_text(
        partners.read_text(encoding="utf-8").replace("name: Exploratorium", "name: The Exploratorium museum"),
        encoding="utf-8",
    )
    rebuilt = build_site(project, serving=True)
    for url in ("counties/marin/", "explore/assets.json", "ideas/subject/science/", "partners/exploratorium/"):
        assert "The Exploratorium museum" in rebuilt.path(url).read_text(encoding="utf-8"), url


def test_a_one_off_build_keeps_nothing_for_a_next_build(tmp_path: Path) -> None:
    """`mkdocs build` runs once: holding every page for a rebuild would only cost memory."""
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    build_site(project, serving=True)
    build_site(project)
    assert not RENDERED.enabled and RENDERED.hits == 0
    assert not PAGES.enabled and PAGES.peek(("anything",)) is None
    assert not RENDERED._previous and not RENDERED._current and not PAGES._previous and not PAGES._current


def test_spooling_to_disk_changes_nothing_in_the_site(tmp_path: Path, monkeypatch) -> None:
    """Large sites keep pages' HTML blocks on disk until MkDocs needs them and write their
    downloads straight into the site (hooks/mkdocs_spool.py); with every block spooled the
    site is the same, and the spool folder is gone afterwards."""
    import tempfile

    import mkdocs_spool

    counties = {"marin": VALID_COUNTY, "sonoma": OTHER_COUNTY}
    in_memory = build_site(make_project(tmp_path / "memory", counties))
    monkeypatch.setattr(mkdocs_spool, "SPOOL_BYTES", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    spooled = build_site(make_project(tmp_path / "spooled", counties))
    assert _differences(in_memory.root, spooled.root) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def _replace(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


_FRESH_BUILD = """
import sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from asset_map import render
from conftest import build_site
snapshot = Path(sys.argv[3])
render.TEMPLATE_DIR = snapshot / "templates"
build_site(snapshot / "project", serving=True, keep_config=True)
"""


def test_every_edit_under_serve_gives_what_a_fresh_build_gives(tmp_path: Path, monkeypatch) -> None:
    """A sequence of edits as a contributor makes them under `mkdocs serve`; after each, every
    file of the rebuilt site equals a build from scratch in a new process."""
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATE_DIR, templates)
    monkeypatch.setattr(render, "TEMPLATE_DIR", templates)
    render.environment.cache_clear()
    project = make_project(
        tmp_path / "project",
        {
            "marin": {"2023-24": VALID_COUNTY, "2024-25": LOCATED_COUNTY},
            "sonoma": OTHER_COUNTY,
            "napa": VALID_COUNTY,
        },
    )
    shared = project / "counties" / "_shared"
    marin = project / "counties" / "marin" / "2024-25.yml"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("first build", lambda: None),
        ("rename an asset", _replace(marin, "name: Math PLC network", "name: Middle school math PLC network")),
        ("rename an id", _replace(marin, "math-plc-network", "math-network")),
        # No model value changes, but every line below moves (the progress page links to lines).
        ("add a comment", _replace(marin, "assets:\n", "assets:\n  # Assets the county leads\n")),
        ("delete a county file", (project / "counties" / "napa" / "2024-25.yml").unlink),
        (
            "add a partner",
            lambda: (
                _replace(
                    shared / "partners.yml",
                    "partners:\n",
                    "partners:\n  - id: tide-pool-lab\n    name: Tide Pool Lab\n    type: nonprofit\n",
                )(),
                _replace(marin, "partners: []", "partners: [tide-pool-lab]")(),
            ),
        ),
        ("rename a partner", _replace(shared / "partners.yml", "name: Tide Pool Lab", "name: Tide Pool Science Lab")),
        (
            "say more in a summary",
            _replace(
                marin,
                "summary: Monthly PLCs for middle school math teachers.",
                "summary: Monthly PLCs where math teachers prepare to teach computer science.",
            ),
        ),
        (
            "add a synonym group",
            _replace(shared / "synonyms.yml", "synonyms:\n", "synonyms:\n  - words: [prepared, ready]\n"),
        ),
        ("break a file", _replace(marin, "assets:\n", "assets:\n  - [\n")),
        ("fix it", _replace(marin, "assets:\n  - [\n", "assets:\n")),
        (
            "change extra settings",
            lambda: (
                _replace(project / "mkdocs.yml", "due_days: 365", "due_days: 30")(),
                _replace(
                    project / "mkdocs.yml",
                    "public_url: https://cal-mscs.github.io/asset-maps/",
                    "public_url: https://example.org/maps/",
                )(),
            ),
        ),
        ("a whole number", _replace(marin, "lat: 37.97", "lat: 38")),
        ("the same number as a decimal", _replace(marin, "lat: 38", "lat: 38.0")),
        (
            "edit a template",
            lambda: (templates / "county" / "asset.html").write_text(
                (templates / "county" / "asset.html").read_text(encoding="utf-8") + "<p>Edited under serve</p>\n",
                encoding="utf-8",
            ),
        ),
        ("edit a registry label", _replace(shared / "vocabularies.yml", "label: Mathematics", "label: Maths")),
    ]
    served: list[tuple[str, Path, Path]] = []
    try:
        for number, (name, edit) in enumerate(steps):
            edit()
            if name == "break a file":
                with pytest.raises(Exception, match="BuildError"):
                    build_site(project, serving=True, keep_config=True)
                continue
            site = build_site(project, serving=True, keep_config=True)
            snapshot = tmp_path / f"step-{number}"
            shutil.copytree(site.root, snapshot / "served")
            shutil.copytree(project, snapshot / "project", ignore=shutil.ignore_patterns("site"))
            shutil.copytree(templates, snapshot / "templates")
            served.append((name, snapshot, site.root))
    finally:
        render.environment.cache_clear()  # the next test uses the repository's templates again

    last = served[-1][1] / "served"
    page = (last / "counties" / "marin" / "index.html").read_text(encoding="utf-8")
    assert "Edited under serve" in page and "Maths" in page and "Tide Pool Science Lab" in page

    running: list[tuple[str, Path, subprocess.Popen]] = []

    def finish(name: str, snapshot: Path, process: subprocess.Popen) -> None:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors.decode()
        assert _differences(snapshot / "served", snapshot / "project" / "site") == [], f"after '{name}'"

    for name, snapshot, _ in served:
        if len(running) == 2:
            finish(*running.pop(0))
        running.append(
            (
                name,
                snapshot,
                subprocess.Popen(
                    [sys.executable, "-c", _FRESH_BUILD, str(REPO / "tests"), str(REPO / "hooks"), str(snapshot)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                ),
            )
        )
    for item in running:
        finish(*item)


def test_reuse_can_be_switched_off(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    monkeypatch.setenv("ASSET_MAP_REUSE", "0")
    build_site(project, serving=True)
    build_site(project, serving=True)
    assert not RENDERED.enabled and RENDERED.hits == 0 and not PAGES.enabled
