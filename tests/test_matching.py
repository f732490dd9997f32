"""Matching by meaning: words and synonyms as well as tags, what still helps first, needs an
asset could help with, counties like yours, and a feed per need. (Quality on a labelled set
is measured in test_matching_quality.py.)"""

from __future__ import annotations

import dataclasses
import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from asset_map.alike import counties_alike
from asset_map.freshness import Clock
from asset_map.load import check, load_dataset
from asset_map.matching import match_all
from asset_map.site import SiteSettings, generate
from asset_map.words import Words
from conftest import BUILD_DATE, BuiltSite, asset, build_site, county_yaml, make_project, need

# Marin's need says "fractions"; Sonoma's routines say "rational numbers" and share no focus
# area with it (tagged student discourse): only the synonym list and the words find them.
# Sonoma added its fraction kits in 2024-25, a year after the routines. Napa's fraction camp
# matches too but ended in 2023. Yolo's math asset shares nothing but the subject.
ROUTINES = asset(
    "rational-routines",
    ["math"],
    ["student-discourse"],
    ["3-5"],
    name="Rational number routines",
    summary="Daily routines on rational numbers <b>& number lines</b> for grade 4 and 5 classrooms.",
)
# Assets about other things, so that words like 'fractions' are as rare as in real maps.
OTHERS = [
    asset(
        f"other-{topic}",
        ["science"],
        ["assessment"],
        ["9-12"],
        name=f"{topic.capitalize()} institute",
        summary=f"Teachers study {topic} with a university partner.",
    )
    for topic in ("chemistry", "physics", "ecology", "geology", "astronomy", "oceans", "weather", "robotics", "soils")
]
KITS = asset(
    "fraction-kits",
    ["math"],
    ["instructional-materials"],
    ["3-5"],
    name="Fraction kits",
    summary="Kits of fraction strips that teachers borrow for a unit.",
    kind="resource-center",
)
COUNTIES = {
    "marin": county_yaml(
        assets=[
            asset(
                "number-talks",
                ["math"],
                ["student-discourse"],
                ["6-8"],
                name="Number talks network",
                summary="Middle school teachers share number talks about ratios.",
            )
        ],
        needs=[
            {
                **need("fractions", ["math"], ["instructional-materials"], ["3-5"]),
                "statement": "Fourth graders struggle with fractions and teachers ask for better lessons.",
            }
        ],
    ),
    "sonoma": {
        "2023-24": county_yaml(assets=[ROUTINES], updated="2023-10-02"),
        "2024-25": county_yaml(
            assets=[ROUTINES, KITS],
            needs=[
                {
                    **need("talk", ["math"], ["student-discourse"], ["6-8"]),
                    "statement": "Students rarely explain their thinking in middle school math.",
                }
            ],
            updated="2024-10-03",
        ),
    },
    "napa": county_yaml(
        assets=[
            asset(
                "fraction-camp",
                ["math"],
                ["instructional-materials"],
                ["3-5"],
                name="Fraction camp",
                summary="A summer camp on fractions.",
                kind="summer-institute",
                duration="temporary",
                starts="2023-07-10",
                ends="2023-07-14",
            ),
        ]
    ),
    "yolo": county_yaml(
        assets=[
            asset("math-fair", ["math"], ["assessment"], ["9-12"], name="Math fair", summary="A county math fair."),
            *OTHERS,
        ]
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("matching"), COUNTIES, cycle="2024-25")


@pytest.fixture(scope="module")
def site(project: Path) -> BuiltSite:
    return build_site(project)


def refs(matches) -> list[tuple[str, str]]:
    return [(m.offer.county.slug, m.offer.asset.id) for m in matches]


def test_words_and_synonyms_find_an_asset_tagged_differently(project: Path) -> None:
    found = match_all(load_dataset(project / "counties"), BUILD_DATE).needs[("marin", "fractions")]
    assert refs(found.best) == [("sonoma", "fraction-kits"), ("sonoma", "rational-routines")]
    routines = found.best[1]
    assert routines.focus == () and routines.subjects == ("math",) and routines.grades == ("3-5",)
    assert [(s.need_says, s.asset_says) for s in routines.words] == [("fractions", "rational number")]


def test_without_the_synonym_list_the_words_alone_miss_it(project: Path) -> None:
    dataset = dataclasses.replace(load_dataset(project / "counties"), synonyms=())
    found = match_all(dataset, BUILD_DATE).needs[("marin", "fractions")]
    assert ("sonoma", "rational-routines") not in refs(found.best)


def test_an_ended_asset_is_listed_apart_whatever_it_shares(project: Path) -> None:
    dataset = load_dataset(project / "counties")
    found = match_all(dataset, BUILD_DATE).needs[("marin", "fractions")]
    assert refs(found.ended) == [("napa", "fraction-camp")] and found.ended_total == 1
    assert found.total == 2
    before = match_all(dataset, datetime.date(2023, 7, 1)).needs[("marin", "fractions")]
    assert ("napa", "fraction-camp") in refs(before.best) and not before.ended
    assert set(before.kept) == set(found.kept)  # what is kept does not depend on the date


def test_the_same_data_gives_the_same_matches(project: Path) -> None:
    first = match_all(load_dataset(project / "counties"), BUILD_DATE)
    second = match_all(load_dataset(project / "counties"), BUILD_DATE)
    assert first.needs == second.needs and first.helps == second.helps


def test_shared_words_are_marked_in_the_escaped_text(site: BuiltSite) -> None:
    html = site.path("counties/marin/").read_text(encoding="utf-8")
    card = site.content("counties/marin/").select_one("h3#fractions").find_parent("article")
    routines = card.find("a", href="../sonoma/#rational-routines").find_parent("li")
    assert [m.get_text() for m in routines.select("mark")] == ["Rational number", "rational numbers"]
    assert "rational numbers</mark> &lt;b&gt;&amp; number lines&lt;/b&gt;" in html
    assert "<b>" not in str(card)
    assert (
        routines.select_one(".am-why")
        .get_text(" ", strip=True)
        .endswith("Both mention fractions ( rational number in the asset).")
    )
    # /needs/ lists every need in the state: the asset's name, marked, and why, without its text.
    statewide = site.content("needs/").select_one("h3#marin-fractions").find_parent("article")
    routines = statewide.find("a", href="../counties/sonoma/#rational-routines").find_parent("li")
    assert [m.get_text() for m in routines.select("mark")] == ["Rational number"]
    assert routines.select_one(".am-excerpt") is None and routines.select_one(".am-why")


def test_highlight_escapes_before_marking() -> None:
    words = Words([("fractions", "rational numbers")])
    marked = words.highlight('<script>alert("fractions")</script> & rational numbers', tuple(words.keys("fractions")))
    assert str(marked) == (
        "&lt;script&gt;alert(&#34;<mark>fractions</mark>&#34;)&lt;/script&gt; &amp; <mark>rational numbers</mark>"
    )
    long = "First sentence here. " * 10 + "Then fractions appear late in a long summary."
    cut = str(words.highlight(long, words.keys("fractions"), limit=80))
    assert cut.startswith("…Then <mark>fractions</mark>") and cut.endswith("…")


def test_each_asset_names_the_needs_elsewhere_it_could_help_with(site: BuiltSite) -> None:
    sonoma = site.content("counties/sonoma/")
    helps = sonoma.select_one("h4#rational-routines").find_parent("article").select_one("details.am-helps")
    assert helps.summary.get_text() == "Needs elsewhere this could help with (1)"
    assert [a["href"] for a in helps.select("a")] == ["../marin/#fractions"]
    assert [m.get_text() for m in helps.select("mark")] == ["fractions"]
    marin = site.content("counties/marin/")
    talks = marin.select_one("h4#number-talks").find_parent("article").select_one("details.am-helps")
    assert [a["href"] for a in talks.select("a")] == ["../sonoma/#talk"]
    napa = site.content("counties/napa/").select_one("h4#fraction-camp").find_parent("article")
    assert napa.select_one("details.am-helps summary").get_text() == (
        "Needs elsewhere what it learned could help with (1)"
    )
    assert site.content("counties/yolo/").select_one("details.am-helps") is None  # shares only "math"


def test_counties_like_yours_come_with_why(project: Path, site: BuiltSite) -> None:
    dataset = load_dataset(project / "counties")
    alike = counties_alike(dataset, match_all(dataset, BUILD_DATE), 5)
    assert [a.county.slug for a in alike["marin"]][0] == "sonoma"
    assert len(alike["marin"]) <= 3
    sonoma = alike["marin"][0]
    assert sonoma.needs_met == 1 and sonoma.needs_helped == 1
    section = site.content("counties/marin/").select_one("#section-alike").find_next("ol")
    first = section.select_one("li")
    assert first.a["href"] == "../sonoma/"
    assert first.get_text(" ", strip=True).endswith(
        "their assets match 1 of your needs; your assets match 1 of theirs."
    )


def test_counties_like_yours_is_the_same_in_two_runs(project: Path) -> None:
    dataset = load_dataset(project / "counties")
    first = counties_alike(dataset, match_all(dataset, BUILD_DATE), 5)
    assert first == counties_alike(dataset, match_all(dataset, BUILD_DATE), 5)


def test_a_feed_per_need_lists_matching_assets_dated_by_the_cycle_that_added_them(project: Path) -> None:
    def feed(today: datetime.date) -> str:
        pages = generate(load_dataset(project / "counties"), SiteSettings(clock=Clock(today))).pages
        return next(p.content for p in pages if p.path == "counties/marin/needs/fractions.xml")

    text = feed(BUILD_DATE)
    ET.fromstring(text)
    parsed = feedparser.parse(text)
    assert not parsed.bozo
    assert parsed.feed.link == "https://cal-mscs.github.io/asset-maps/counties/marin/#fractions"
    entries = [(e.link.rsplit("/", 2)[-2] + "/" + e.link.rsplit("#", 1)[1], e.updated[:10]) for e in parsed.entries]
    assert entries == [
        ("napa/fraction-camp", "2024-11-15"),
        ("sonoma/fraction-kits", "2024-10-03"),
        ("sonoma/rational-routines", "2023-10-02"),
    ]
    routines = parsed.entries[2]
    assert routines.title == "Rational number routines (Sonoma County)"
    assert "Added to Sonoma County's 2023-24 asset map." in routines.summary
    assert "Both mention fractions (rational number in the asset)." in routines.summary
    assert feed(datetime.date(2030, 1, 1)) == text


def test_the_need_card_links_its_feed(site: BuiltSite) -> None:
    assert site.path("counties/marin/needs/fractions.xml").exists()
    assert site.path("counties/sonoma/needs/talk.xml").exists()
    marin = site.content("counties/marin/").select_one("h3#fractions").find_parent("article")
    link = marin.find("a", string="Feed of new matches")
    assert link["href"] == "needs/fractions.xml" and link["type"] == "application/atom+xml"


def test_the_needs_page_has_filters_that_need_no_javascript_to_list_everything(site: BuiltSite) -> None:
    page = site.content("needs/")
    form = page.select_one("form#am-needs-filter")
    assert form.has_attr("hidden")
    assert [f["data-facet"] for f in form.select("fieldset")] == ["subject", "grades", "focus", "region"]
    needs = page.select("[data-am-need]")
    assert len(needs) == 2 and not any(n.has_attr("hidden") for n in needs)
    card = page.select_one("h3#marin-fractions").find_parent("article")
    assert (card["data-subject"], card["data-grades"], card["data-focus"], card["data-region"]) == (
        "math",
        "3-5",
        "instructional-materials",
        "4",
    )
    scripts = [s["src"] for s in site.html("needs/").select("script[src]")]
    assert "../assets/javascripts/needs.js" in scripts
    assert site.path("assets/javascripts/needs.js").exists()
    assert not any("needs.js" in s["src"] for s in site.html("explore/").select("script[src]"))


def test_the_field_reference_documents_synonyms(site: BuiltSite) -> None:
    page = site.content("contribute/reference/")
    assert page.select_one("tr#synonym-words")
    groups = [li.get_text(" ", strip=True) for li in page.select("ul.am-synonyms li")]
    assert "fractions = rational numbers" in groups


# The synonym list is checked like every other reference file.
def _write_synonyms(data_dir: Path, body: str) -> Path:
    path = data_dir / "_shared" / "synonyms.yml"
    path.write_text(
        "# yaml-language-server: $schema=../../hooks/asset_map/schemas/synonyms.schema.json\n" + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "synonyms:\n  - words: [fractions, rational numbers]\n  - words: [Fraction, parts]\n",
            ["synonyms.yml:4:13: synonyms, item 2, words: 'Fraction' is already in the group on line 3"],
        ),
        (
            "synonyms:\n  - words: [the, our]\n",
            [
                "counties/_shared/synonyms.yml:3:13: synonyms, item 1, words: 'the' has only common words",
                "counties/_shared/synonyms.yml:3:18: synonyms, item 1, words: 'our' has only common words",
            ],
        ),
        (
            "synonyms:\n  - words: [fractions]\n",
            ["synonyms, item 1, words: this list has 1 entry but needs at least 2"],
        ),
        ('synonyms:\n  - words: ["<b>fractions</b>", parts]\n', ["synonyms, item 1, words: '<b>fractions</b>' cannot"]),
        ("synonyms:\n  - word: [fractions, parts]\n", ["synonyms, item 1, word: unknown field 'word'"]),
    ],
)
def test_synonym_list_problems_are_reported(data_dir: Path, body: str, expected: list[str]) -> None:
    _write_synonyms(data_dir, body)
    _, problems = check(data_dir)
    messages = [p.format() for p in problems]
    assert problems and all(p.file == "counties/_shared/synonyms.yml" for p in problems), messages
    for text in expected:
        assert any(text in m for m in messages), (text, messages)


def test_the_synonym_list_is_optional(data_dir: Path, write_county) -> None:
    (data_dir / "_shared" / "synonyms.yml").unlink()
    write_county()
    dataset = load_dataset(data_dir)
    assert dataset.synonyms == ()
    assert match_all(dataset, BUILD_DATE).needs


def test_the_synonym_list_changes_the_reference_key(data_dir: Path, write_county) -> None:
    write_county()
    before = load_dataset(data_dir).reference_key
    _write_synonyms(data_dir, "synonyms:\n  - words: [fractions, rational numbers]\n")
    assert load_dataset(data_dir).reference_key != before


def test_every_example_word_in_the_schema_is_valid() -> None:
    from asset_map.schema_checks import load_schema

    pattern = re.compile(load_schema("synonyms")["definitions"]["word"]["pattern"])
    assert pattern.match("rational numbers") and pattern.match("CCSS-M") and pattern.match("can't")
    assert not pattern.match("two  spaces") and not pattern.match("<b>") and not pattern.match(" lead")


def test_a_need_feed_stays_well_formed_whatever_the_text(project: Path) -> None:
    """Control characters XML forbids and markup in an asset's name and summary."""
    from asset_map.feeds import need_feeds

    hostile = "Rational\x0b number <script>alert(1)</script> & routines\x00"
    dataset = load_dataset(project / "counties")
    sonoma = dataset.maps["sonoma"]
    cycles = tuple(
        dataclasses.replace(
            m,
            assets=tuple(
                dataclasses.replace(a, name=hostile, summary=hostile) if a.id == "rational-routines" else a
                for a in m.assets
            ),
        )
        for m in sonoma
    )
    dataset = dataclasses.replace(dataset, maps={**dataset.maps, "sonoma": cycles})
    files = {p.path: p.content for p in need_feeds(dataset, match_all(dataset, BUILD_DATE).needs, "https://x.org/")}
    text = files["counties/marin/needs/fractions.xml"]
    ET.fromstring(text)  # strict XML 1.0: raises on any forbidden character
    titles = [e.title for e in feedparser.parse(text).entries]
    assert "Rational number <script>alert(1)</script> & routines (Sonoma County)" in titles
    assert "<script>" not in text
