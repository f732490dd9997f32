"""The site search, without a browser: what is indexed, how, and what the pages give it.

(The queries themselves run in Chromium: tests/test_browser_search.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from asset_map.csp import inline_script_hashes, policy, script_hash, with_policy
from asset_map.load import load_dataset
from asset_map.search import FACETS, SearchIndex, record_html, search_records
from bs4 import BeautifulSoup
from conftest import SEARCH_FIXTURES, BuiltSite, build_site, make_search_project


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(make_search_project(tmp_path_factory.mktemp("search-data")) / "counties")


def exploratorium_assets() -> set[str]:
    """Every asset of the fixture data that lists the Exploratorium, as its address."""
    found = set()
    for path in SEARCH_FIXTURES.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for block in text.split("  - id: ")[1:]:
            if "partners: [" in block and "exploratorium" in block.split("partners: [")[1].split("]")[0]:
                found.add(f"counties/{path.stem}/#{block.split()[0]}")
    return found


def test_the_fixture_has_the_five_exploratorium_assets_the_tests_count_on() -> None:
    assert len(exploratorium_assets()) == 5


def test_every_item_is_its_own_record(dataset) -> None:
    records = {r.url: r for r in search_records(dataset)}
    asset = records["counties/sonoma/#sonoma-tinkering"]
    assert asset.title == "Tinkering studio workshops for elementary teachers"
    assert asset.kind == "Asset"
    assert asset.context == "Museum or science center partnership · Sonoma County"
    assert dict(asset.filters) == {
        "Result type": ("Asset",),
        "Subject": ("Science", "Computer science"),
        "Grade band": ("Grades 3-5",),
        "Asset kind": ("Museum or science center partnership",),
        "Focus area": ("Cross-subject integration",),
        "Audience": ("Teachers",),
        "County": ("Sonoma County",),
        "Region": ("Region 1: North Coast",),
        "Enduring or temporary": ("Temporary",),
    }
    assert "Exploratorium" in asset.text
    assert records["counties/humboldt/#humboldt-isolation"].kind == "Need"
    assert records["counties/marin/#marin-goal-discourse"].kind == "Goal"
    assert records["partners/exploratorium/"].kind == "Partner"
    assert dict(records["partners/exploratorium/"].filters)["County"] == (
        "Alameda County",
        "Marin County",
        "San Luis Obispo County",
        "Sonoma County",
    )
    assert records["counties/alpine/"].context == "County · Region 3: Capital Service · no map published yet"
    assert records["regions/1/"].kind == "Region"
    kinds = [r.kind for r in records.values()]
    assert kinds.count("Asset") == 16 and kinds.count("County") == 58 and kinds.count("Region") == 11
    assert all(facet in FACETS for r in records.values() for facet, _ in r.filters)


def test_a_record_keeps_labels_apart_and_its_facets_out_of_the_words(dataset) -> None:
    record = next(r for r in search_records(dataset) if r.url == "counties/marin/#marin-summer-science-institute")
    soup = BeautifulSoup(record_html(record), "html.parser")
    assert soup.h1.get_text() == "Summer science institute at the Exploratorium"
    ignored = soup.select_one("[data-pagefind-ignore]")
    assert {p["data-pagefind-filter"] for p in ignored.select("[data-pagefind-filter]")} >= {"Subject", "County"}
    assert ignored.select_one('[data-pagefind-meta="context"]').get_text() == "Summer institute · Marin County"
    assert soup.select_one("[data-pagefind-weight]").select("li")[0].get_text() == "Summer institute"


def test_search_files_list_facet_values_in_vocabulary_order_and_the_sites_words(dataset) -> None:
    search = SearchIndex(dataset)
    assert sum(1 for _ in search.records()) > 80
    facets = json.loads(search.facets_file().content)
    assert facets["facets"] == list(FACETS)
    assert facets["values"]["Grade band"] == ["Grades K-2", "Grades 3-5", "Grades 6-8", "Grades 9-12"]
    assert facets["values"]["Result type"][0] == "Asset"
    search.spelling.add_html("<p>Asset mapping <script>var hidden;</script></p>")
    words = {Path(page.path).stem: json.loads(page.content) for page in search.spelling.files()}
    assert "exploratorium" in words["e"] and "mapping" in words["m"]
    assert "hidden" not in words.get("h", [])
    assert all(len(w) >= 4 for group in words.values() for w in group)


@pytest.fixture(scope="module")
def site(search_site: BuiltSite) -> BuiltSite:
    return search_site


def test_pagefind_indexed_every_record_and_page_and_the_old_index_is_gone(site: BuiltSite, dataset) -> None:
    entry = json.loads(site.path("pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    records = sum(1 for _ in search_records(dataset))
    pages = [
        "",
        "about/",
        "asset-mapping/",
        "family-community/",
        "faq/",
        "contribute/",
        "contribute/reference/",
        "counties/",
        "regions/",
        "map/",
        "ideas/",
        "partners/",
        "balance/",
        "data/",
        "progress/",
    ]
    assert entry["languages"]["en"]["page_count"] == records + len(pages)
    assert site.path("pagefind/pagefind.js").is_file()
    assert site.path("assets/search/facets.json").is_file() and site.path("assets/search/words/e.json").is_file()
    assert not site.path("search").exists()
    for path in site.root.rglob("*.html"):
        assert "search_index.json" not in path.read_text(encoding="utf-8"), path


def test_pages_are_indexed_from_their_article_as_page_results(site: BuiltSite) -> None:
    about = site.html("about/")
    body = about.select_one("article [data-pagefind-body]")
    assert body is not None and body.h1 is not None
    assert about.select_one('[data-pagefind-filter="Result type"]').get_text() == "Page"
    assert about.select_one("header [data-am-search-open]") is not None
    dialog = about.select_one("dialog#am-search")
    assert dialog["data-bundle"] == "../pagefind/" and dialog["data-extras"] == "../assets/search/"
    assert dialog.select_one("label[for=am-search-input]") is not None


def test_card_labels_are_separate_words(site: BuiltSite) -> None:
    """A field label and its value must not run together as one word, for any text reader
    (the theme's old search indexed `<dt>Partners</dt><dd>Exploratorium</dd>` as one word)."""
    page = site.content("counties/marin/")
    for card in page.select("article.am-card"):
        text = card.get_text()
        for dt in card.select("dt"):
            label = dt.get_text()
            following = text[text.index(label) + len(label) :][:1]
            assert following.isspace(), f"{label!r} runs into {text[text.index(label) :][:40]!r}"
    assert "PartnersExploratorium" not in page.get_text()


def test_the_policy_allows_webassembly_and_only_the_themes_inline_scripts(site: BuiltSite) -> None:
    html = site.path("about/").read_text(encoding="utf-8")
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)[1]
    sources = content.split("; ")
    script_src = next(s for s in sources if s.startswith("script-src")).split()
    assert script_src[:3] == ["script-src", "'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    assert len(script_src) - 3 == len(inline_script_hashes(html))  # the theme's inline scripts on this page


def test_an_inline_script_that_is_not_the_themes_gets_no_hash() -> None:
    theme = "__md_scope=new URL('..',location)"
    page = f"<html><head></head><body><script>{theme}</script><p><script>alert(1)</script></p></body></html>"
    allowed = {theme}
    assert script_hash(theme) in policy(page, allowed)
    assert script_hash("alert(1)") not in policy(page, allowed)
    assert script_hash("alert(1)") not in with_policy(page, allowed)


def test_a_script_written_into_a_page_is_not_allowed_to_run(tmp_path: Path) -> None:
    """End to end: a hand-written page holding an inline script (as a bug letting data
    through would) gets a policy that names the theme's scripts and not that one."""
    project = make_search_project(tmp_path)
    from conftest import write_site_config

    write_site_config(project)
    (project / "content" / "about.md").write_text(
        "# About\n\n<script>document.title = 'injected'</script>\n", encoding="utf-8"
    )
    built = build_site(project, keep_config=True)
    html = built.path("about/").read_text(encoding="utf-8")
    assert "<script>document.title = 'injected'</script>" in html
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)[1]
    assert script_hash("document.title = 'injected'") not in meta
    assert meta.count("'sha256-") == len(inline_script_hashes(html)) - 1


def test_explorer_page_is_a_small_shell_over_a_data_file(site: BuiltSite) -> None:
    page = site.content("explore/")
    assert page.select_one("#am-explore-nojs a[href='../ideas/']") is not None
    assert page.select_one("#am-explore-nojs a[href='../data/']") is not None
    # Without JavaScript a stylesheet in <noscript> hides the form; the intro promises no filters.
    assert page.select_one("noscript link[rel=stylesheet]")["href"] == "../assets/stylesheets/explore-nojs.css"
    assert "filter" not in page.select_one(".am-lead").get_text().lower()
    assert [f["data-facet"] for f in page.select("form#am-explore fieldset")] == [
        "subject",
        "grades",
        "focus",
        "kind",
        "audience",
        "duration",
        "region",
        "county",
        "ptype",
    ]
    assert page.select_one("form#am-explore")["data-source"] == "assets.json"
    data = json.loads(site.path("explore/assets.json").read_text(encoding="utf-8"))
    assert len(data["rows"]) == 16
    assert site.path("explore/").stat().st_size < 60_000


def test_a_failed_build_stops_pagefind(tmp_path: Path) -> None:
    """Pagefind starts indexing in on_files; a build that fails later must not leave it running."""
    import threading

    from conftest import write_site_config
    from mkdocs.exceptions import Abort

    project = make_search_project(tmp_path)
    write_site_config(project)
    (project / "content" / "about.md").write_text("# About\n\n<!-- asset-map: no-such-block -->\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project, keep_config=True)
    assert not [t for t in threading.enumerate() if t.name == "pagefind" and t.is_alive()]
    assert not (project / "site" / "pagefind").exists()


def test_pagefind_files_are_read_and_written_back_unchanged(site: BuiltSite, tmp_path: Path) -> None:
    """pagefind_files.py's CBOR reading and writing gives back Pagefind's own bytes."""
    import gzip

    from pagefind_files import SIGNATURE, _decode, _encode

    for path in sorted(site.root.glob("pagefind/**/*.pf_*")):
        if path.suffix == ".pf_fragment":
            continue  # JSON, not CBOR
        data = gzip.decompress(path.read_bytes())[len(SIGNATURE) :]
        value, end = _decode(data, 0)
        assert end == len(data) and _encode(value) == data, path.name


def test_records_speak_the_language_of_their_pages(dataset) -> None:
    """Spanish pages' search results say what each item is in Spanish; the facet keys stay."""
    from asset_map.language import Language
    from asset_map.site import SiteSettings, language_of

    spanish = language_of(SiteSettings(language="es"))
    assert isinstance(spanish, Language)
    records = list(SearchIndex(dataset.in_language("es", spanish.messages.vocabularies), spanish).records())
    need = next(r for r in records if r.kind == "Need")
    assert need.context.startswith("Necesidad · ")
    county = next(r for r in records if r.kind == "County")
    assert county.context.startswith("Condado · ")
    assert ("Result type", ("Need",)) in need.filters
    english = list(SearchIndex(dataset).records())
    assert next(r for r in english if r.kind == "Need").context.startswith("Need · ")
