"""The Spanish pages made in a second process while the English pass builds (elsewhere.py).

Each build here runs in its own Python (a subprocess), as `mkdocs build` does: the library
forks only a process with a single thread, and pytest's may have others (browser tests'
servers), in which case it rightly makes every page itself and nothing would be tested.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, write_site_config

SECOND_PROCESS = "pages in a second process meanwhile"
EPOCH = "1735732800"  # 2025-01-01 12:00 UTC, so both builds have the same date


def _project(root: Path) -> Path:
    shutil.copytree(REPO / "counties", root / "counties")
    write_site_config(root, spanish=True)
    return root


def _build(project: Path, site: Path, jobs: str, **more: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in its own Python, with its temporary files in project/tmp."""
    temp = project / "tmp"
    temp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "ASSET_MAP_JOBS": jobs,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "TMPDIR": str(temp),
        **more,
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def _differences(compared: filecmp.dircmp, where: str = "") -> list[str]:
    found = [f"{where}{name}" for name in compared.left_only + compared.right_only + compared.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
    found += [f"{where}{name}" for name in mismatch + errors]
    for name, sub in compared.subdirs.items():
        found += _differences(sub, f"{where}{name}/")
    return found


def test_a_second_process_makes_the_same_site(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    serial = _build(project, tmp_path / "serial", "1")
    assert serial.returncode == 0, serial.stderr
    assert SECOND_PROCESS not in serial.stderr
    parallel = _build(project, tmp_path / "parallel", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert f"Making the es {SECOND_PROCESS}" in parallel.stderr
    assert "Making the es pages again" not in parallel.stderr  # what it made is what is used
    assert (tmp_path / "parallel" / "es" / "counties" / "marin" / "index.html").is_file()
    assert _differences(filecmp.dircmp(tmp_path / "serial", tmp_path / "parallel")) == []
    assert list((project / "tmp").iterdir()) == []  # the pages' and spools' folders are gone


def test_pages_made_with_other_settings_are_made_again(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    spanish = "        - locale: es\n          name: Español\n"
    assert spanish in text
    # The Spanish pass's own `extra` (mkdocs-static-i18n): its edit links name another branch.
    extra = "          extra: {generator: false, asset_map: {branch: rama-es}}\n"
    config.write_text(text.replace(spanish, spanish + extra), encoding="utf-8")
    built = _build(project, tmp_path / "site", "2")
    assert built.returncode == 0, built.stderr
    assert f"Making the es {SECOND_PROCESS}" in built.stderr
    assert "Making the es pages again: their settings differ" in built.stderr
    page = (tmp_path / "site" / "es" / "counties" / "marin" / "index.html").read_text(encoding="utf-8")
    assert "/edit/rama-es/" in page
    assert "/edit/rama-es/" not in (tmp_path / "site" / "counties" / "marin" / "index.html").read_text(encoding="utf-8")
    assert list((project / "tmp").iterdir()) == []


def test_not_under_serve_which_rebuilds_in_one_process(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # Built as `mkdocs serve` builds (its address as site_url), with reuse ruled out.
    config.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: http://127.0.0.1:8000/", text), encoding="utf-8")
    served = _build(project, tmp_path / "served", "2", ASSET_MAP_REUSE="0")
    assert served.returncode == 0, served.stderr
    assert SECOND_PROCESS not in served.stderr
    assert (tmp_path / "served" / "es" / "counties" / "marin" / "index.html").is_file()


LIBRARY_SCRIPT = textwrap.dedent(
    """
    import datetime, os, sys
    from pathlib import Path
    sys.path.insert(0, {hooks!r})
    from asset_map.elsewhere import MadeElsewhereFailed, made_elsewhere
    from asset_map.freshness import Clock
    from asset_map.load import load_dataset
    from asset_map.site import Analysis, SiteSettings, generate

    today = datetime.date(2025, 1, 1)
    dataset = load_dataset(Path({data!r}))
    analysis = Analysis(dataset, today)
    settings = SiteSettings(clock=Clock(today), language=sys.argv[1])
    elsewhere = made_elsewhere(dataset, [settings], analysis)
    if elsewhere is None:
        print("MADE HERE")
        sys.exit(0)
    try:
        pages = list(elsewhere.pages(sys.argv[1]))
    except MadeElsewhereFailed as failed:
        print("FAILED:", failed)
    else:
        here = list(generate(dataset, settings, analysis).pages)
        print("PAGES:", len(pages), "SAME AS HERE:", [(p.path, p.content, dict(p.fragments)) for p in pages]
              == [(p.path, p.content, dict(p.fragments)) for p in here])
    finally:
        elsewhere.close()
    print("FOLDER LEFT:", elsewhere.folder.exists())
    """
)


@pytest.fixture(scope="module")
def library_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("elsewhere") / "made_elsewhere.py"
    script.write_text(LIBRARY_SCRIPT.format(hooks=str(REPO / "hooks"), data=str(REPO / "counties")), encoding="utf-8")
    return script


def _run(script: Path, language: str, jobs: str) -> str:
    env = {**os.environ, "ASSET_MAP_JOBS": jobs}
    done = subprocess.run(
        [sys.executable, str(script), language], capture_output=True, text=True, env=env, timeout=300, check=True
    )
    return done.stdout


def test_the_pages_come_back_in_order_and_the_files_go(library_script: Path) -> None:
    said = _run(library_script, "es", "2")
    assert "SAME AS HERE: True" in said, said
    assert int(said.split("PAGES:")[1].split()[0]) > 100
    assert "FOLDER LEFT: False" in said


def test_a_failure_in_the_second_process_is_reported_with_its_cause(library_script: Path) -> None:
    said = _run(library_script, "xx", "2")  # no messages/xx.yml: generation fails there
    assert "FAILED: Making the 'xx' pages in a second process failed" in said, said
    assert "Traceback" in said and "xx.yml" in said, said
    assert "FOLDER LEFT: False" in said


def test_one_process_when_asked(library_script: Path) -> None:
    assert "MADE HERE" in _run(library_script, "es", "1")
