"""Rebuilds in one process (as under `mkdocs serve`) reuse earlier work and give exactly the
site a build from scratch gives; one-off builds keep nothing."""
from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from asset_map.cache import RENDERED, named
from conftest import REPO, VALID_COUNTY, build_site, make_project

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
    assert named("mkdocs-page-html").hits > 0, "the rebuild rendered every page through the theme again"
    assert "Middle school math PLC network" in rebuilt.path("counties/marin/").read_text(encoding="utf-8")
    assert "Middle school math PLC network" in rebuilt.path("explore/").read_text(encoding="utf-8")

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
        check=True, capture_output=True,
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
    for url in ("counties/marin/", "explore/", "ideas/subject/science/", "partners/exploratorium/"):
        assert "The Exploratorium museum" in rebuilt.path(url).read_text(encoding="utf-8"), url


def test_a_one_off_build_keeps_nothing_for_a_next_build(tmp_path: Path) -> None:
    """`mkdocs build` runs once: holding every page for a rebuild would only cost memory."""
    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    build_site(project, serving=True)
    build_site(project)
    assert not RENDERED.enabled and RENDERED.hits == 0
    pages = named("mkdocs-page-html")
    assert not pages.enabled and pages.peek(("anything",)) is None
    assert not RENDERED._previous and not RENDERED._current and not pages._previous and not pages._current


def test_spooling_to_disk_changes_nothing_in_the_site(tmp_path: Path, monkeypatch) -> None:
    """Large sites keep big downloads and big pages' HTML on disk until MkDocs needs them
    (hooks/mkdocs_spool.py); with every file spooled the site is the same, and the spool
    folder is gone afterwards."""
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
