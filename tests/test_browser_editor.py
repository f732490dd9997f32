"""The county editor (/counties/<slug>/edit/) in Chromium, against a built site under its CSP:
the file comes out byte for byte, an edit changes only its lines, mistakes are shown in the
validator's words, hostile text stays text."""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from asset_map.cli import main
from browser_support import checked_page, serious_violations, serve
from conftest import LOCATED_COUNTY, REPO, VALID_COUNTY, BuiltSite, build_site, make_project
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPO_FILES = sorted(p for p in (REPO / "counties").glob("*/*.yml") if not p.parent.name.startswith("_"))
INVALID = Path(__file__).parent / "fixtures" / "invalid"
# Fixtures whose mistakes the form's live checks cover (schema rules, references, dates).
LIVE_CASES = [
    "missing-required-field",
    "ends-before-starts",
    "non-http-link",
    "bad-email",
    "unknown-partner",
    "unknown-need-and-asset",
    "unknown-goal",
    "temporary-without-dates",
]
HOSTILE = VALID_COUNTY.replace(
    "name: Summer science institute", "name: \"<script>alert('x')</script> {{ 7 * 7 }}\""
).replace(
    "summary: A week of NGSS lessons for grade 4-8 teachers.",
    'summary: "<img src=x onerror=alert(1)> {% if true %}x{% endif %}"',
)

UNKNOWN = VALID_COUNTY.replace(
    "    kind: plc-network\n", "    kind: plc-network\n    colour: teal  # a field the schema does not have\n"
)


def text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def editor_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("editor"),
        {
            "marin": VALID_COUNTY,
            "sonoma": LOCATED_COUNTY.replace("counties: [sonoma]", "counties: [marin]"),
            "napa": HOSTILE,
        },
    )


@pytest.fixture(scope="module")
def editor_site(editor_project: Path) -> BuiltSite:
    site = build_site(editor_project)
    # The invalid fixtures, where ?cycle= opens them: a site cannot be built from them.
    (site.root / "data" / "source" / "counties" / "marin" / "2049-50.yml").write_text(UNKNOWN, encoding="utf-8")
    for index, case in enumerate(LIVE_CASES):
        target = site.root / "data" / "source" / "counties" / "marin" / f"{2050 + index}-{(51 + index) % 100:02d}.yml"
        shutil.copyfile(INVALID / f"{case}.yml", target)
    return site


@pytest.fixture(scope="module")
def editor_url(editor_site: BuiltSite) -> Iterator[str]:
    with serve(editor_site.root) as url:
        yield url


def open_editor(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#am-editor")).to_have_attribute("data-state", "ready")


@pytest.mark.parametrize("path", REPO_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_repository_file_comes_out_unchanged(repo_page, repo_base_url: str, path: Path) -> None:
    open_editor(repo_page, f"{repo_base_url}counties/{path.parent.name}/edit/?cycle={path.stem}")
    expect(repo_page.locator("#yaml-output")).to_have_value(text(path))


@pytest.mark.parametrize("slug", ["marin", "sonoma", "napa"])
def test_valid_test_files_come_out_unchanged(browser, editor_url: str, editor_project: Path, slug: str) -> None:
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/{slug}/edit/")
        expect(page.locator("#yaml-output")).to_have_value(text(editor_project / "counties" / slug / "2024-25.yml"))
        expect(page.locator("#am-editor-ready")).to_contain_text("Ready")


def test_renaming_an_asset_changes_only_its_line(browser, editor_url: str, editor_project: Path) -> None:
    original = text(editor_project / "counties" / "marin" / "2024-25.yml")
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        name = page.locator('[name="root[assets][1][name]"]')
        name.fill("Math PLC network: grades 6-8 #2")
        name.press("Tab")
        output = page.locator("#yaml-output")
        expect(output).not_to_have_value(original)
        changed = [
            line for line in difflib.ndiff(original.splitlines(), output.input_value().splitlines()) if line[:1] in "+-"
        ]
        assert changed == ["-     name: Math PLC network", '+     name: "Math PLC network: grades 6-8 #2"']


def test_add_an_asset_need_and_goal_then_validate_and_build(
    browser, editor_url: str, editor_project: Path, tmp_path: Path
) -> None:
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        form = page.locator("#am-editor-form")
        form.locator(
            '[data-schemapath="root.assets"] > div > .je-array-controls button.json-editor-btn-add, '
            '[data-schemapath="root.assets"] button.json-editor-btn-add'
        ).last.click()
        new = '[name="root[assets][2]{}"]'
        page.locator(new.format("[id]")).fill("family-math-nights")
        page.locator(new.format("[name]")).fill("Family math nights")
        page.locator(new.format("[summary]")).fill("Evenings of math games for families at school sites.")
        partners = page.locator(new.format("[partners]"))
        page.get_by_label("Find in Partners").last.fill("explorat")
        expect(partners.locator("option:not([hidden])")).to_have_count(1)
        partners.select_option("exploratorium")
        box = page.locator('[data-schemapath="root.assets.2.subjects"] input[type="checkbox"]')
        box.first.check()
        page.locator('[data-schemapath="root.assets.2.grades"] input[type="checkbox"]').first.check()
        page.locator('[data-schemapath="root.assets.2.focus"] input[type="checkbox"]').first.check()
        page.locator('[data-schemapath="root.needs"] button.json-editor-btn-add').last.click()
        last_need = page.locator('[data-schemapath^="root.needs."][data-schematype="object"]').count() - 1
        need = f'[name="root[needs][{last_need}]{{}}"]'
        page.locator(need.format("[id]")).fill("family-math")
        page.locator(need.format("[statement]")).fill("Families want to help with math at home.")
        for field in ("subjects", "grades", "focus"):
            page.locator(f'[data-schemapath="root.needs.{last_need}.{field}"] input[type="checkbox"]').first.check()
        page.locator('[data-schemapath="root.goals"] button.json-editor-btn-add').last.click()
        last_goal = page.locator('[data-schemapath^="root.goals."][data-schematype="object"]').count() - 1
        goal = f'[name="root[goals][{last_goal}]{{}}"]'
        page.locator(goal.format("[id]")).fill("family-math-goal")
        page.locator(goal.format("[statement]")).fill("Bring families into math learning.")
        # A goal needs at least one need: the form starts the list with one entry, chosen from
        # the needs in the file.
        page.locator(f'[name="root[goals][{last_goal}][needs][0]"]').select_option("family-math")
        expect(page.locator("#am-editor-summary")).to_have_text("No problems found.")
        expect(page.locator("#am-editor-ready")).to_contain_text("Ready")
        output = page.locator("#yaml-output").input_value()
    project = tmp_path / "project"
    shutil.copytree(editor_project / "counties", project / "counties")
    (project / "counties" / "marin" / "2024-25.yml").write_text(output, encoding="utf-8", newline="")
    assert main(["--data-dir", str(project / "counties"), "validate"]) == 0
    built = build_site(project)
    assert "Family math nights" in built.content("counties/marin/").get_text()


def test_mistakes_are_shown_by_the_field_and_in_the_summary(browser, editor_url: str) -> None:
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        page.locator('[name="root[assets][0][name]"]').fill("")
        page.locator('[name="root[assets][0][ends]"]').fill("2024-06-01")
        page.locator('[data-schemapath="root.assets.1.link"] input.json-editor-opt-in').check()
        link = page.locator('[name="root[assets][1][link]"]')
        link.fill("www.example.org")
        link.press("Tab")
        summary = page.locator("#am-editor-summary")
        expect(summary).to_contain_text('assets, item 1 ("summer-institute"), name: is empty')
        expect(summary).to_contain_text("ends (2024-06-01) is before starts (2024-06-17)")
        expect(summary).to_contain_text("'www.example.org' is not a web address starting with http:// or https://")
        for path, words in (
            ("root.assets.0.name", "is empty"),
            ("root.assets.0.ends", "is before starts"),
            ("root.assets.1.link", "is not a web address"),
        ):
            field = page.locator(f'[data-schemapath="{path}"]')
            expect(field.locator(".am-editor__error")).to_contain_text(words)
            expect(field.locator("[name]")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#am-editor-ready")).to_contain_text("Not ready")


def test_hostile_text_stays_text(browser, editor_url: str) -> None:
    with checked_page(browser, editor_url) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        open_editor(page, f"{editor_url}counties/napa/edit/")
        expect(page.locator('[name="root[assets][0][name]"]')).to_have_value("<script>alert('x')</script> {{ 7 * 7 }}")
        expect(page.locator('[name="root[assets][0][summary]"]')).to_have_value(
            "<img src=x onerror=alert(1)> {% if true %}x{% endif %}"
        )
        assert page.locator("#am-editor img, #am-editor-form script").count() == 0
        assert not dialogs


def test_a_county_without_a_map_gets_a_starter_that_validates(browser, editor_url: str, tmp_path: Path) -> None:
    with checked_page(browser, editor_url) as page:
        page.goto(f"{editor_url}counties/alpine/")
        page.get_by_role("link", name="Start your county's map").click()
        expect(page.locator("#am-editor")).to_have_attribute("data-state", "ready")
        expect(page.locator("#am-editor-ready")).to_contain_text("Ready")
        output = page.locator("#yaml-output").input_value()
        path = page.locator("#am-editor-file-path").text_content()
        new_file = page.locator("#am-editor-new-link")
        expect(new_file).to_have_attribute(
            "href", re.compile(r"/new/main\?filename=counties%2Falpine%2F[0-9]{4}-[0-9]{2}\.yml&value=%23")
        )
    project = make_project(tmp_path, {})
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    (project / path).write_text(output, encoding="utf-8")
    assert main(["--data-dir", str(project / "counties"), "validate"]) == 0


@pytest.mark.parametrize("index,case", list(enumerate(LIVE_CASES)))
def test_the_browser_finds_what_the_validator_finds(browser, editor_url: str, index: int, case: str) -> None:
    expected = [
        line.split(": ", 1)[1]
        for line in (INVALID / f"{case}.expected.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("counties/")
    ]
    cycle = f"{2050 + index}-{(51 + index) % 100:02d}"
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/?cycle={cycle}")
        found = page.locator("#am-editor-summary li").all_text_contents()
        for problem in expected:
            assert any(item.startswith(problem) for item in found), (problem, found)
        expect(page.locator("#am-editor-ready")).to_contain_text("Not ready")


def test_the_editor_is_accessible_and_fits_a_phone(browser, editor_url: str) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        serious = serious_violations(page)
        assert not serious, "\n".join(serious)
    finally:
        context.close()


def test_the_county_page_links_to_its_editor(browser, editor_url: str) -> None:
    with checked_page(browser, editor_url) as page:
        page.goto(f"{editor_url}counties/marin/")
        page.get_by_role("link", name="Edit in a form").click()
        expect(page.locator("#am-editor")).to_have_attribute("data-state", "ready")


def test_start_the_next_cycle(browser, editor_url: str, editor_project: Path) -> None:
    original = text(editor_project / "counties" / "marin" / "2024-25.yml")
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        page.get_by_role("button", name="Start the next cycle").click()
        expect(page.locator("#am-editor-file-path")).to_have_text("counties/marin/2025-26.yml")
        expect(page.locator("#am-editor")).to_have_attribute("data-state", "ready")
        output = page.locator("#yaml-output").input_value()
        expect(page.locator("#am-editor-new-link")).to_have_attribute(
            "href", re.compile("filename=counties%2Fmarin%2F2025-26.yml")
        )
        assert page.locator("#am-editor-propose-edit").is_hidden()
    changed = [line for line in difflib.ndiff(original.splitlines(), output.splitlines()) if line[:1] in "+-"]
    assert changed[0] == "- updated: 2024-11-15" and changed[1].startswith("+ updated: 20") and len(changed) == 2


def test_unknown_fields_are_kept_and_listed(browser, editor_url: str) -> None:
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/?cycle=2049-50")
        expect(page.locator("#yaml-output")).to_have_value(UNKNOWN)
        expect(page.locator("#am-editor-kept-list li")).to_have_text(['assets, item 2 ("Math PLC network"), colour'])
        name = page.locator('[name="root[assets][1][name]"]')
        name.fill("Math PLC network for grades 6-8")
        name.press("Tab")
        expect(page.locator("#yaml-output")).to_have_value(
            UNKNOWN.replace("name: Math PLC network", "name: Math PLC network for grades 6-8")
        )
        expect(page.locator("#am-editor-summary")).to_contain_text("unknown field 'colour'")


def test_a_new_item_gets_an_id_from_its_name(browser, editor_url: str) -> None:
    with checked_page(browser, editor_url) as page:
        open_editor(page, f"{editor_url}counties/marin/edit/")
        page.locator('[data-schemapath="root.assets"] button.json-editor-btn-add').last.click()
        name = page.locator('[name="root[assets][2][name]"]')
        name.fill("Élan: STEM Night #2 for Families")
        name.press("Tab")
        expect(page.locator('[name="root[assets][2][id]"]')).to_have_value("elan-stem-night-2-for-families")
        page.locator('[name="root[assets][2][id]"]').fill("stem-night")
        name.fill("STEM night, renamed")
        name.press("Tab")
        expect(page.locator('[name="root[assets][2][id]"]')).to_have_value("stem-night")
