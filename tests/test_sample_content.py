"""The bundled sample data: honest about being a sample, and covering the 13 collaboratives.

Every check here is about the bundled samples, so it applies only to files that declare
themselves samples (an "Illustrative sample" note): a county's real map replacing a sample
must not turn the suite red (tests/test_real_data.py checks that it does not).
"""

from __future__ import annotations

import pytest
from asset_map.load import load_dataset
from asset_map.model import CountyMap
from conftest import REPO

pytestmark = pytest.mark.repository_data

DATASET = load_dataset(REPO / "counties")
SAMPLE_NOTE = "Illustrative sample"


def is_sample(county_map: CountyMap) -> bool:
    """A file declares itself a sample with its note."""
    return bool(county_map.note) and SAMPLE_NOTE in county_map.note


def samples() -> list[CountyMap]:
    return [m for cycles in DATASET.maps.values() for m in cycles if is_sample(m)]


# The 13 collaboratives profiled in the 2019 report, as (county file, cycle, asset id).
COLLABORATIVES = [
    ("shasta", "2018-19", "north-state-discourse-symposium"),  # Region 2
    ("sacramento", "2018-19", "region-3-equity-community-of-practice"),  # Region 3
    ("alameda", "2018-19", "math-in-science-talks"),  # Region 4 Math
    ("alameda", "2018-19", "elementary-administrator-science-symposium"),  # Region 4 Science
    ("marin", "2018-19", "tru-plc-network"),  # Marin
    ("santa-clara", "2018-19", "north-and-south-cohorts"),  # Region 5
    ("monterey", "2018-19", "social-justice-math-workshops"),  # Monterey
    ("san-joaquin", "2018-19", "grade-3-5-teacher-leadership-series"),  # Region 6
    ("ventura", "2018-19", "ngss-leadership-committee"),  # Region 8
    ("san-luis-obispo", "2018-19", "ngss-lesson-study-cohort"),  # San Luis Obispo
    ("san-diego", "2018-19", "region-9-science-think-tank"),  # Region 9
    ("san-diego", "2018-19", "ngss-resource-center"),  # San Diego
    ("los-angeles", "2018-19", "access-equity-stem-symposia"),  # Region 11
]


def cycle(slug: str, name: str) -> CountyMap:
    """The bundled sample for `slug` and cycle `name`; the test is skipped where a county's own
    map has replaced it."""
    found = next((m for m in DATASET.maps.get(slug, ()) if m.cycle == name), None)
    if found is None or not is_sample(found):
        pytest.skip(f"counties/{slug}/{name}.yml is not a bundled sample")
    return found


@pytest.mark.parametrize(("slug", "name", "asset_id"), COLLABORATIVES)
def test_each_collaborative_is_in_the_sample(slug: str, name: str, asset_id: str) -> None:
    assert asset_id in {a.id for a in cycle(slug, name).assets}


def test_regional_projects_list_their_counties() -> None:
    symposium = next(a for a in cycle("shasta", "2018-19").assets if a.id == "north-state-discourse-symposium")
    region_2 = {c.slug for c in DATASET.counties_in(2)}
    assert {"shasta", *symposium.counties} == region_2


def test_every_sample_file_says_so_everywhere_and_cites_sources() -> None:
    """A file that says it is a sample (in its note, shown on the page, or in its first
    comment lines, seen by whoever edits it) says so in both, and cites its sources."""
    for cycles in DATASET.maps.values():
        for county_map in cycles:
            text = (REPO / county_map.path).read_text(encoding="utf-8")
            if is_sample(county_map) or f"# {SAMPLE_NOTE}" in text:
                assert is_sample(county_map), county_map.path
                assert f"# {SAMPLE_NOTE}" in text, county_map.path
                assert county_map.sources, county_map.path


def test_2023_24_maps_follow_the_year_1_milestones() -> None:
    for slug in ("stanislaus", "los-angeles", "san-joaquin"):
        cycle(slug, "2023-24")
    actions = {a.id: a for a in cycle("stanislaus", "2023-24").actions}
    assert actions["action-plan-a"].due == "2024-01-31"
    assert actions["action-plan-b"].due == "2024-06-30"


def test_partners_named_in_the_report_are_in_the_registry() -> None:
    if not samples():
        pytest.skip("no bundled samples")
    for partner in (
        "exploratorium",
        "lawrence-hall-of-science",
        "k12-alliance",
        "cal-poly",
        "csu-monterey-bay",
        "education-trust-west",
        "california-mathematics-project",
        "instructional-leadership-corps",
        "silicon-valley-mathematics-initiative",
        "texas-instruments",
        "sd-bechtel-jr-foundation",
        "children-now",
        "canmee",
        "ngss-collaborative",
        "compton-unified",
        "greene-scholars",
    ):
        assert partner in DATASET.partners
