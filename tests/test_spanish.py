"""The site in Spanish (issue 23): English at /, Spanish at /es/, every page in both.

One small site is built in both languages (most other tests build English only, see
conftest.write_site_config); these tests read the whole of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from asset_map.language import MESSAGE_DIR, catalogue
from bs4 import BeautifulSoup
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, BuiltSite, build_site, make_project

SUMMARY_ES = "Una semana de clases de ciencias NGSS para docentes de 4.º a 8.º grado."
STEP_ES = "Preguntar a los distritos por su personal de computación."
MARIN = LOCATED_COUNTY.replace(
    "    summary: A week of NGSS lessons for grade 4-8 teachers.\n",
    f"    summary: A week of NGSS lessons for grade 4-8 teachers.\n    summary_es: {SUMMARY_ES}\n",
).replace(
    "    step: Survey districts about computer science staffing.\n",
    f"    step: Survey districts about computer science staffing.\n    step_es: {STEP_ES}\n",
)
NAPA = VALID_COUNTY.replace("subjects: [math, cs]", "subjects: [cs]").replace(
    "counties: [sonoma]", "counties: [solano]"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = make_project(tmp_path_factory.mktemp("spanish"), {"marin": MARIN, "napa": NAPA})
    return build_site(project, spanish=True)


def _keys(messages: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in messages.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= _keys(value, f"{prefix}{key}.")
    return found


def test_every_catalogue_has_exactly_the_english_keys() -> None:
    english = _keys(catalogue("en"))
    for path in sorted(MESSAGE_DIR.glob("*.yml")):
        other = _keys(catalogue(path.stem))
        assert not english - other, f"{path.name} lacks {sorted(english - other)}"
        assert not other - english, f"{path.name} has keys English lacks: {sorted(other - english)}"


def test_no_message_key_is_hidden_by_a_dict_method() -> None:
    """Templates read `t.needs.clear_filters`; a key named like a dict method (`clear`,
    `items`) would give the method instead."""
    clashes = {key for key in _keys(catalogue("en")) if key.rsplit(".", 1)[-1] in dir(dict)}
    assert not clashes


def _pages(site: BuiltSite) -> Iterator[Path]:
    """Every HTML page of the English site (not the Spanish one, not the 404 page)."""
    for path in sorted(site.root.rglob("index.html")):
        relative = path.relative_to(site.root)
        if relative.parts[0] not in ("es", "pagefind", "assets"):
            yield relative


def test_every_english_page_has_a_spanish_twin_and_the_switcher_links_them(site: BuiltSite) -> None:
    pages = list(_pages(site))
    assert len(pages) > 30
    for relative in pages:
        twin = site.root / "es" / relative
        assert twin.is_file(), f"/{relative.parent}/ has no Spanish twin"
        english = BeautifulSoup((site.root / relative).read_text(encoding="utf-8"), "html.parser")
        spanish = BeautifulSoup(twin.read_text(encoding="utf-8"), "html.parser")
        assert english.html["lang"] == "en" and spanish.html["lang"] == "es", relative
        to_spanish = english.select_one('a.md-select__link[hreflang="es"]')
        to_english = spanish.select_one('a.md-select__link[hreflang="en"]')
        assert to_spanish and to_english, relative
        assert (site.root / relative).parent.joinpath(to_spanish["href"]).resolve() == twin.parent.resolve(), relative
        assert twin.parent.joinpath(to_english["href"]).resolve() == (site.root / relative).parent.resolve(), relative


def test_hreflang_alternates_in_the_head_and_the_sitemap(site: BuiltSite) -> None:
    head = site.html("es/counties/marin/").select('head link[rel="alternate"][hreflang]')
    assert {link["hreflang"]: link["href"] for link in head} == {
        "en": "https://cal-mscs.github.io/asset-maps/counties/marin/",
        "es": "https://cal-mscs.github.io/asset-maps/es/counties/marin/",
    }
    home = site.html("").select('head link[rel="alternate"][hreflang]')
    assert {link["hreflang"]: link["href"] for link in home} == {
        "en": "https://cal-mscs.github.io/asset-maps/",
        "es": "https://cal-mscs.github.io/asset-maps/es/",
    }
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://cal-mscs.github.io/asset-maps/es/counties/marin/</loc>" in sitemap
    assert 'hreflang="es" href="https://cal-mscs.github.io/asset-maps/es/counties/marin/"' in sitemap


def _english_phrases() -> dict[str, str]:
    """Every English message that the Spanish catalogue words differently, as the fixed
    pieces between its placeholders (at least two words): what must not appear on a Spanish page."""
    phrases: dict[str, str] = {}

    def walk(english: object, spanish: object, key: str) -> None:
        if isinstance(english, dict):
            for name, value in english.items():
                walk(value, spanish[name], f"{key}.{name}" if key else name)  # type: ignore[index]
        elif isinstance(english, (list, tuple)):
            for n, (a, b) in enumerate(zip(english, spanish, strict=True)):  # type: ignore[arg-type]
                walk(a, b, f"{key}[{n}]")
        elif isinstance(english, str) and english != spanish:
            for piece in re.split(r"\{[a-z_]+\}", english):
                piece = " ".join(piece.strip(" :;,.()").split())
                if len(piece.split()) >= 2 and len(piece) >= 8:
                    phrases[piece] = key

    walk(dict(catalogue("en")), dict(catalogue("es")), "")
    return phrases


def _interface_text(soup: BeautifulSoup) -> str:
    """A page's words, leaving out what is marked as another language (contributed text)."""
    article = soup.select_one("article.md-content__inner")
    for marked in article.select('[lang]:not([lang="es"])'):
        marked.decompose()
    for hidden in article.select("script, style"):
        hidden.decompose()
    return " ".join(article.get_text(" ").split())


def test_no_english_interface_text_on_the_spanish_pages(site: BuiltSite) -> None:
    phrases = _english_phrases()
    assert len(phrases) > 100
    found = []
    for relative in _pages(site):
        text = _interface_text(BeautifulSoup((site.root / "es" / relative).read_text(encoding="utf-8"), "html.parser"))
        found += [f"/es/{relative.parent}/: {phrase!r} ({key})" for phrase, key in phrases.items() if phrase in text]
    assert not found, "\n".join(found)


def test_a_summary_in_spanish_shows_on_the_spanish_page_and_the_english_one_on_the_english_page(
    site: BuiltSite,
) -> None:
    english = site.content("counties/marin/").select_one("#summer-institute").find_parent("article")
    spanish = site.content("es/counties/marin/").select_one("#summer-institute").find_parent("article")
    assert "A week of NGSS lessons for grade 4-8 teachers." in english.get_text()
    assert SUMMARY_ES not in english.get_text()
    assert SUMMARY_ES in spanish.get_text()
    assert "A week of NGSS lessons" not in spanish.get_text()
    assert "(en inglés)" not in spanish.select_one("p").parent.get_text() or SUMMARY_ES in spanish.get_text()
    steps = site.content("es/counties/marin/").select_one("#survey-districts")
    assert STEP_ES in steps.get_text()


def test_english_text_without_a_translation_is_marked_as_english(site: BuiltSite) -> None:
    """Napa's file gives no Spanish: its summary shows in English, marked, with a note."""
    card = site.content("es/counties/napa/").select_one("#summer-institute").find_parent("article")
    marked = " ".join(element.get_text() for element in card.select('[lang="en"]'))
    assert "A week of NGSS lessons" in marked
    assert "(en inglés)" in card.get_text()


def test_the_spanish_pages_speak_spanish(site: BuiltSite) -> None:
    county = site.content("es/counties/marin/")
    headings = [h.get_text(" ", strip=True) for h in county.select("h2")]
    assert "Recursos" in headings and "Necesidades" in headings and "Plan de acción" in headings
    assert "Ciencias" in county.get_text()  # vocabulary labels (label_es)
    assert site.html("es/counties/marin/").select_one("h1").get_text(strip=True).startswith("Condado de Marin")
    family = site.content("es/family-community/")
    assert family.select_one("h1").get_text(strip=True) == "Familias y comunidad"
    home = site.content("es/")
    # The home page's generated map block links to the Spanish county pages.
    links = {a["href"] for a in home.select(".am-map-figure ~ p a")}
    assert "counties/marin/" in links
    # The theme's own interface is Spanish too.
    assert site.html("es/counties/marin/").select_one("html")["lang"] == "es"
    assert "Saltar a contenido" in site.html("es/").get_text()


def test_files_are_shared_and_map_scripts_are_per_language(site: BuiltSite) -> None:
    assert not (site.root / "es" / "data").joinpath("all.json").exists()
    page = site.html("es/map/")
    scripts = [s["src"] for s in page.select("script[src]") if "assets/maps/js/" in s["src"]]
    assert scripts == ["../../assets/maps/js/es/state.js"]
    script = (site.root / "assets/maps/js/es/state.js").read_text(encoding="utf-8")
    assert '"root":"../"' in script.replace(" ", "") and "../../assets/maps/county-stats.json" in script


def test_spanish_search_has_its_own_index(site: BuiltSite) -> None:
    entry = (site.root / "es" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"es"' in entry
    dialog = site.html("es/family-community/").select_one("#am-search")
    bundle = (site.root / "es" / "family-community").joinpath(dialog["data-bundle"]).resolve()
    assert bundle == (site.root / "es" / "pagefind").resolve()


def test_the_repository_config_builds_both_languages() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- i18n:" in config and "locale: es" in config
    for name in ("index", "about", "asset-mapping", "family-community", "faq"):
        assert (REPO / "content" / f"{name}.es.md").is_file(), name


@pytest.fixture(scope="module")
def spanish_url(site: BuiltSite) -> Iterator[str]:
    from browser_support import serve

    with serve(site.root) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("url", ["es/", "es/counties/marin/", "es/counties/napa/", "es/map/", "es/family-community/"])
def test_spanish_pages_have_no_serious_accessibility_violations(browser, spanish_url: str, url: str) -> None:
    from browser_support import serious_violations
    from playwright.sync_api import expect

    context = browser.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(spanish_url + url)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        for drawn in page.locator(".am-map").all():
            expect(drawn).to_have_attribute("data-state", "ready")
        serious = serious_violations(page)
    finally:
        context.close()
    assert not serious, "\n".join(serious)


@pytest.mark.browser
def test_the_switcher_goes_to_the_same_page_in_the_other_language(browser, spanish_url: str) -> None:
    from browser_support import checked_page
    from playwright.sync_api import expect

    with checked_page(browser, spanish_url) as page:
        page.goto(spanish_url + "counties/marin/")
        page.locator('a.md-select__link[hreflang="es"]').dispatch_event("click")
        expect(page).to_have_url(spanish_url + "es/counties/marin/")
        expect(page.locator("h1")).to_contain_text("Condado de Marin")


@pytest.mark.browser
def test_the_spanish_search_finds_the_family_page_for_familia(browser, spanish_url: str) -> None:
    """The Spanish pages search the Spanish index, with Spanish stemming ("familias" is on the
    page, "familia" is typed) and the search box's own words in Spanish."""
    from browser_support import checked_page
    from playwright.sync_api import expect

    with checked_page(browser, spanish_url) as page:
        page.goto(spanish_url + "es/?q=familia")
        expect(page.locator("#am-search")).to_have_attribute("open", "")
        status = page.locator("#am-search-status")
        expect(status).to_contain_text("resultado")
        expect(status).to_contain_text("para «familia»")
        links = page.locator("#am-search-results .am-search__link")
        expect(links.first).to_be_visible()
        hrefs = [link.get_attribute("href") or "" for link in links.all()]
        assert any(href.rstrip("/").endswith("es/family-community") for href in hrefs), hrefs
        assert all("/es/" in href for href in hrefs), hrefs
        box = page.locator("#am-search-input")
        expect(box).to_have_attribute("placeholder", "Buscar recursos, necesidades, socios…")
        # The filters' names and the result types are in Spanish too.
        page.locator(".am-search__filters summary").click()
        expect(page.locator(".am-search__facet legend").first).to_have_text("Tipo de resultado")
        types = page.locator(".am-search__facet").first.locator("label")
        expect(types.filter(has_text="Recurso")).to_have_count(1)
        types.filter(has_text="Recurso").locator("input").check()
        expect(page.locator("[data-am-search-chosen]")).to_have_text("(elegidos: 1)")


def test_a_serve_rebuild_keeps_both_indexes_and_reuses_both_languages(tmp_path: Path) -> None:
    """Under `mkdocs serve` both languages are built on every rebuild: the Spanish pass must
    not stop the English search index being written, and each language reuses its pieces."""
    from asset_map.cache import cache_for

    project = make_project(tmp_path, {"marin": MARIN})
    build_site(project, serving=True, spanish=True)
    site = build_site(project, serving=True, spanish=True)
    assert cache_for("en").hits > 0 and cache_for("es").hits > 0
    for bundle in ("pagefind", "es/pagefind"):
        assert (site.root / bundle / "pagefind-entry.json").is_file(), bundle
    assert SUMMARY_ES in site.content("es/counties/marin/").get_text()


def test_a_preview_of_the_english_site_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`ASSET_MAP_ONLY_LANGUAGE=en mkdocs serve` rebuilds the English site alone (half the
    pages); any other language alone cannot be built and says why."""
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path, {"marin": MARIN})
    monkeypatch.setenv("ASSET_MAP_ONLY_LANGUAGE", "en")
    site = build_site(project, serving=True, spanish=True)
    assert site.path("counties/marin/").is_file()
    assert not (site.root / "es").exists()
    monkeypatch.setenv("ASSET_MAP_ONLY_LANGUAGE", "es")
    with pytest.raises(Abort):
        build_site(project, spanish=True)
    assert "ASSET_MAP_ONLY_LANGUAGE=es cannot be previewed on its own" in caplog.text


@pytest.mark.browser
def test_the_spanish_map_draws_its_legend_in_spanish(browser, spanish_url: str) -> None:
    from browser_support import checked_page
    from playwright.sync_api import expect

    with checked_page(browser, spanish_url) as page:
        page.goto(spanish_url + "es/map/")
        expect(page.locator(".am-map").first).to_have_attribute("data-state", "ready")
        expect(page.locator("#am-legend-state")).to_contain_text("Tiene un mapa de recursos publicado")
        page.get_by_label("Materias cubiertas").check()
        expect(page.locator("#am-legend-state")).to_contain_text("de las 3 materias")
        expect(page.locator("#am-legend-state")).to_contain_text("matemáticas")


def test_the_spanish_editor_page_reads_the_sites_one_copy_of_the_files(site: BuiltSite) -> None:
    form = site.html("es/counties/marin/edit/").select_one("[data-source-folder]")
    assert form is not None
    base = site.root / "es" / "counties" / "marin" / "edit"
    for attribute in ("data-schema", "data-source", "data-source-folder"):
        target = base.joinpath(form[attribute]).resolve()
        assert "/es/" not in str(target) and target.exists(), (attribute, form[attribute])


@pytest.mark.browser
@pytest.mark.parametrize("url", ["counties/marin/", "es/counties/marin/", "es/map/", "es/", "es/family-community/"])
def test_pages_in_both_languages_fit_a_phone_with_no_errors_or_outside_requests(
    browser, spanish_url: str, url: str
) -> None:
    """Under the site's CSP, at 390 px: no console error and no request leaving the local
    server (the head's hreflang links hold the published site's addresses, which the theme's
    script would otherwise fetch a sitemap beside)."""
    from browser_support import PHONE, checked_page
    from playwright.sync_api import expect

    with checked_page(browser, spanish_url, PHONE) as page:
        page.goto(spanish_url + url)
        for drawn in page.locator(".am-map").all():
            expect(drawn).to_have_attribute("data-state", "ready")
        page.wait_for_timeout(500)  # let the theme's scripts run their fetches, if any
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
