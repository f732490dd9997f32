"""Need-to-asset matching measured on a labelled set the tests own.

tests/fixtures/matching/ holds ten county files written for this test (needs in the words
educators use, assets as counties describe them) and labels.yml: for each of 25 needs, the
assets in other counties a coordinator would want to see. Precision at 3 (how many of the
first three matches shown are wanted, out of three) is compared between tags alone (the
matching before words were read: a shared subject and focus area, ranked by shared focus
areas, subjects and grade bands, ended assets included) and the matching the site uses.

    python tests/test_matching_quality.py     # prints the table and both averages
"""

from __future__ import annotations

import datetime
import shutil
import sys
from pathlib import Path
from statistics import mean

import pytest
import yaml

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).resolve().parents[1] / "hooks")]
from asset_map.load import load_dataset  # noqa: E402
from asset_map.matching import match_all  # noqa: E402
from asset_map.model import Dataset  # noqa: E402
from conftest import REPO  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "matching"
TODAY = datetime.date(2025, 1, 1)
Ref = tuple[str, str]


def load_fixture(root: Path) -> Dataset:
    shutil.copytree(REPO / "counties" / "_shared", root / "counties" / "_shared")
    shutil.copytree(FIXTURE / "counties", root / "counties", dirs_exist_ok=True)
    return load_dataset(root / "counties")


def labels() -> dict[Ref, set[Ref]]:
    data = yaml.safe_load((FIXTURE / "labels.yml").read_text(encoding="utf-8"))
    return {tuple(need.split("/")): {tuple(a.split("/")) for a in assets} for need, assets in data.items()}


def tags_alone(dataset: Dataset) -> dict[Ref, list[Ref]]:
    """The ranking by tags alone, as the site made it before it read words."""
    ranked = {}
    for item in dataset.current_needs():
        need = item.need
        found = []
        for offer in dataset.current_assets():
            asset = offer.asset
            if item.county.slug in offer.counties:
                continue
            subjects = sum(s in asset.subjects for s in need.subjects)
            focus = sum(f in asset.focus for f in need.focus)
            grades = sum(g in asset.grades for g in need.grades)
            if subjects and focus:
                found.append(
                    (
                        (-focus, -subjects, -grades, offer.county.name.lower(), asset.name.lower()),
                        (offer.county.slug, asset.id),
                    )
                )
        ranked[(item.county.slug, need.id)] = [ref for _, ref in sorted(found)]
    return ranked


def with_words(dataset: Dataset) -> dict[Ref, list[Ref]]:
    """The ranking the site shows: what can still help, best first."""
    return {
        key: [(m.offer.county.slug, m.offer.asset.id) for m in found.best]
        for key, found in match_all(dataset, TODAY).needs.items()
    }


def precision_at_3(ranked: list[Ref], wanted: set[Ref]) -> float:
    return len(set(ranked[:3]) & wanted) / 3


def table(dataset: Dataset) -> list[tuple[Ref, float, float]]:
    old, new = tags_alone(dataset), with_words(dataset)
    return [
        (need, precision_at_3(old[need], wanted), precision_at_3(new[need], wanted))
        for need, wanted in labels().items()
    ]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_fixture(tmp_path_factory.mktemp("matching-quality"))


def test_the_labelled_set_is_sound(dataset: Dataset) -> None:
    """At least 20 needs, each wanted asset real, in another county, and still able to help."""
    found = labels()
    assert len(found) >= 20
    needs = {(n.county.slug, n.need.id) for n in dataset.current_needs()}
    assets = {(o.county.slug, o.asset.id): o for o in dataset.current_assets()}
    for (slug, need), wanted in found.items():
        assert (slug, need) in needs
        assert wanted
        for ref in wanted:
            asset = assets[ref].asset
            assert ref[0] != slug and slug not in asset.counties, (need, ref)
            assert not (asset.ends and datetime.date.fromisoformat(asset.ends) < TODAY), (need, ref)


def test_words_match_at_least_as_well_as_tags_on_every_need_and_better_overall(dataset: Dataset) -> None:
    rows = table(dataset)
    worse = [(need, old, new) for need, old, new in rows if new < old]
    assert not worse, f"worse than tags alone: {worse}"
    assert mean(new for _, _, new in rows) > mean(old for _, old, _ in rows)


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        rows = table(load_fixture(Path(folder)))
    print(f"{'need':45} tags  words")
    for (slug, need), old, new in rows:
        print(f"{slug + '/' + need:45} {old:.2f}  {new:.2f}")
    print(
        f"{'precision at 3, mean of ' + str(len(rows)) + ' needs':45} {mean(r[1] for r in rows):.3f} "
        f"{mean(r[2] for r in rows):.3f}"
    )


if __name__ == "__main__":
    main()
