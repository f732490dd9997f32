"""How complete a county's map is against the checklist (counties/_shared/checklist.yml).

The checklist's wording and order are data; the one thing that is code is how each item is
checked, here, one rule per item id. A rule reads the county's current map (and the
reference data it names) and returns what still falls short, in plain words: nothing means
the item is met. Rules read no clock, so a map's score is the same whenever it is built, and
the pull-request summary can compare two revisions' scores.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .cache import cached
from .language import current, fill_text
from .model import ChecklistItem, County, CountyMap, Dataset
from .render import and_list, in_sentence, long_date, one_line

Rule = Callable[[CountyMap, Dataset], tuple[str, ...]]


def _quoted(text: str) -> str:
    return f"“{one_line(text, 70)}”"


def _contacts(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    return () if county_map.contacts else ("No contacts are listed.",)


def _subjects(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    counts = county_map.subject_counts()
    explained = {gap.subject for gap in county_map.subject_gaps}
    return tuple(
        f"No {in_sentence(s.label)} assets, and no reason given."
        for s in dataset.subjects
        if not counts.get(s.key) and s.key not in explained
    )


def _community_partner(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    terms = dataset.vocabularies["partner_types"].terms
    named = {p for asset in county_map.assets for p in asset.partners}
    if any(terms[dataset.partners[p].type].community for p in named):
        return ()
    kinds = and_list([in_sentence(t.label) for t in terms.values() if t.community], "or")
    if not named:
        return ("No partner organizations are named.",)
    if len(named) == 1:
        return (f"The one partner named is not a community partner ({kinds}).",)
    return (f"None of the {len(named)} partners named is a community partner ({kinds}).",)


def _needs(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    if not county_map.needs:
        return ("No needs are listed.",)
    found = []
    for need in county_map.needs:
        missing = [word for word, value in (("evidence", need.evidence), ("priority", need.priority)) if not value]
        if missing:
            found.append(f"{_quoted(need.statement)} has no {and_list(missing, 'or')}.")
    return tuple(found)


def _goals(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    if not county_map.goals:
        return ("No goals are listed.",)
    found = []
    for goal in county_map.goals:
        missing = [
            word
            for word, value in (("addresses no need", goal.needs), ("builds on no asset", goal.assets))
            if not value
        ]
        if missing:
            found.append(f"{_quoted(goal.statement)} {and_list(missing)}.")
    return tuple(found)


def _actions(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    if not county_map.actions:
        return ("No action steps are listed.",)
    return tuple(f"{_quoted(action.step)} has no due date." for action in county_map.actions if not action.due)


def cycle_dates(cycle: str) -> tuple[datetime.date, datetime.date]:
    """The school year a cycle names: 2024-25 runs from July 1, 2024 to June 30, 2025."""
    first = int(cycle[:4])
    return datetime.date(first, 7, 1), datetime.date(first + 1, 6, 30)


def _updated(county_map: CountyMap, dataset: Dataset) -> tuple[str, ...]:
    starts, ends = cycle_dates(county_map.cycle)
    updated = datetime.date.fromisoformat(county_map.updated)
    if updated < starts:
        return (
            f"Updated {long_date(county_map.updated)}, before the {county_map.cycle} school year began "
            f"({long_date(starts.isoformat())}).",
        )
    if updated > ends:
        return (
            f"Updated {long_date(county_map.updated)}, after the {county_map.cycle} school year ended "
            f"({long_date(ends.isoformat())}).",
        )
    return ()


RULES: dict[str, Rule] = {
    "contacts": _contacts,
    "subjects": _subjects,
    "community-partner": _community_partner,
    "needs": _needs,
    "goals": _goals,
    "actions": _actions,
    "updated": _updated,
}
"""Each checklist item id and the rule that checks it (load.py refuses any other id)."""


@dataclass(frozen=True)
class ItemResult:
    item: ChecklistItem
    shortfalls: tuple[str, ...]
    """What still falls short, in plain words; nothing when the item is met."""

    @property
    def met(self) -> bool:
        return not self.shortfalls


@dataclass(frozen=True)
class Completeness:
    """One county's current map against the checklist (every item unmet if it has no map)."""

    county: County
    map: CountyMap | None
    results: tuple[ItemResult, ...]

    @property
    def met(self) -> int:
        return sum(result.met for result in self.results) if self.map else 0

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def score(self) -> str:
        return fill_text(current().messages.common.n_of, n=self.met, total=self.total)

    @property
    def missing(self) -> tuple[ItemResult, ...]:
        return tuple(result for result in self.results if not result.met)


def completeness(dataset: Dataset, county: County) -> Completeness:
    """The county's current map against the checklist; reused while the map and the
    reference data (which holds the checklist) are unchanged."""
    current = dataset.current(county.slug)
    return cached(
        ("completeness", county, current, dataset.reference_key),
        lambda: Completeness(county, current, tuple(_check(item, current, dataset) for item in dataset.checklist)),
    )


def _check(item: ChecklistItem, county_map: CountyMap | None, dataset: Dataset) -> ItemResult:
    if county_map is None:
        return ItemResult(item, ("No map published yet.",))
    return ItemResult(item, RULES[item.id](county_map, dataset))
