"""The repository's own site, built as CI builds it: deterministic, every internal link and
anchor resolves, and every page carries a Content-Security-Policy matching its scripts (all
of which, in these pages, are the theme's own)."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from asset_map.csp import inline_script_hashes
from asset_map.freshness import build_date
from bs4 import BeautifulSoup
from conftest import REPO, BuiltSite, build_site

pytestmark = pytest.mark.repository_data
SKIP = ("http:", "https:", "mailto:", "data:", "javascript:")


def copy_project(target: Path) -> Path:
    for name in ("counties", "content"):
        shutil.copytree(REPO / name, target / name)
    return target


_BUILD_IN_A_NEW_PROCESS = """
import datetime, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from conftest import build_site
build_site(Path(sys.argv[3]), today=datetime.date.fromisoformat(sys.argv[4]))
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    """The same commit built in two folders by two processes with different hash seeds, so
    nothing kept in a process and no set or dict order can make them agree by accident."""
    today = build_date()  # the day CI builds on: a real map's `updated` may be any day up to it
    first = build_site(copy_project(tmp_path_factory.mktemp("first")), today=today)
    second = copy_project(tmp_path_factory.mktemp("second"))
    subprocess.run(
        [
            sys.executable,
            "-c",
            _BUILD_IN_A_NEW_PROCESS,
            str(REPO / "tests"),
            str(REPO / "hooks"),
            str(second),
            today.isoformat(),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    return first, BuiltSite(second / "site")


def test_two_builds_are_byte_identical(builds: tuple[BuiltSite, BuiltSite]) -> None:
    first, second = builds
    files = sorted(p.relative_to(first.root) for p in first.root.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second.root) for p in second.root.rglob("*") if p.is_file())
    different = [
        str(f)
        for f in files
        if f.name not in ("sitemap.xml", "sitemap.xml.gz")
        and (first.root / f).read_bytes() != (second.root / f).read_bytes()
    ]
    assert different == []


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {t["id"] for t in soup.select("[id]")} | {t["name"] for t in soup.select("a[name]")}
    return cache[path]


def test_every_internal_link_and_anchor_resolves(builds: tuple[BuiltSite, BuiltSite]) -> None:
    site = builds[0].root
    site_url = re.search(r"^site_url: (\S+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    root_path = urlsplit(site_url[1]).path if site_url else "/"
    cache: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        here = page.relative_to(site).parent.as_posix()
        for tag in soup.select("a[href], link[href], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            if url.startswith(SKIP) or url.startswith("//"):
                continue
            parts = urlsplit(url)
            if parts.path.startswith(root_path):  # the 404 page links from site_url's path
                target = posixpath.normpath(unquote(parts.path).removeprefix(root_path) or ".")
            elif parts.path:
                target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
            else:
                target = page.relative_to(site).as_posix()
            resolved = site / target
            if resolved.is_dir():
                resolved = resolved / "index.html"
            checked += 1
            if not resolved.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif parts.fragment and resolved.suffix == ".html" and unquote(parts.fragment) not in _ids(resolved, cache):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    assert checked > 1000
    assert broken == []


def test_every_page_has_a_policy_that_names_its_inline_scripts(builds: tuple[BuiltSite, BuiltSite]) -> None:
    site = builds[0].root
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        assert html.index(meta[0]) < html.index("<script"), page
        policy = meta[1]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        sources = policy.replace(";", " ").split()
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        assert "'wasm-unsafe-eval'" in sources  # Pagefind's WebAssembly, nothing else
        for source in inline_script_hashes(html.replace(meta[0], "")):
            assert source in policy, page
