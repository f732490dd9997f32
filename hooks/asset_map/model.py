"""The validated data as frozen dataclasses: what pages, maps and exports are built from.

Objects are only ever built from data that passed the schema and reference checks, so the
rest of the library can trust every field. Field names are the schema's property names (a
test keeps them in step); values computed from them are properties, never stored fields.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .language import current, fill_text

T = TypeVar("T")


def hashed_once(cls: type[T]) -> type[T]:
    """Make a frozen dataclass remember its hash.

    The render cache (cache.py) looks pages up by the model objects they show, every build;
    a frozen dataclass would otherwise hash all its fields, nested ones included, each time.
    """
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]

    def __hash__(self: Any) -> int:
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash(tuple(getattr(self, name) for name in names))
            self.__dict__["_hash"] = value
            return value

    cls.__hash__ = __hash__  # type: ignore[method-assign]
    return cls


_SHORT = 40


def _shared_text(value: Any) -> Any:
    """Short strings (ids, vocabulary terms, dates) as one shared object each.

    The YAML reader makes a new string for every occurrence of 'math' or '6-8'; with
    hundreds of thousands of assets those copies were a large part of the dataset's memory.
    """
    return sys.intern(value) if isinstance(value, str) and len(value) <= _SHORT else value


def _number(kind: object, value: Any) -> Any:
    """A number as its field's type: YAML gives `35` and `35.0` as int and float, which
    compare and hash equal in Python but print differently, so the model holds one form
    (and -0.0 as 0.0) and equal objects always render alike (see cache.py)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if kind == "float":
        return float(value) + 0.0
    if kind == "int" and float(value).is_integer():
        return int(value)
    return value


def from_mapping(cls: type[T], data: Mapping[str, Any], **extra: Any) -> T:
    """Build `cls` from a validated mapping: lists become tuples, absent fields None,
    numbers the field's type."""
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):  # type: ignore[arg-type]
        if spec.name in extra:
            values[spec.name] = extra[spec.name]
            continue
        value = _number(spec.type, data.get(spec.name))
        if isinstance(value, list):
            value = tuple(_shared_text(v) for v in value)
        elif isinstance(value, str):
            value = _shared_text(value)
        elif value is None and spec.default is not dataclasses.MISSING:
            value = spec.default
        values[spec.name] = value
    return cls(**values)


@hashed_once
@dataclass(frozen=True)
class Term:
    key: str
    label: str
    definition: str
    short: str | None = None
    community: bool = False
    """Partner types only: partners of this type count as community partners."""
    label_es: str | None = None
    """The label in Spanish, for the Spanish pages (without it they show `label`)."""
    short_es: str | None = None
    definition_es: str | None = None
    definition_lang: str | None = None
    """Set on a term in another language whose definition is still the English one ('en')."""

    def in_language(self, code: str) -> Term:
        """The term with its words in language `code` where vocabularies.yml gives them."""
        if code != "es":
            return self
        return dataclasses.replace(
            self,
            label=self.label_es or self.label,
            short=self.short_es or (self.short if not self.label_es else None),
            definition=self.definition_es or self.definition,
            definition_lang=None if self.definition_es else "en",
        )

    @property
    def short_label(self) -> str:
        """The label for table headings and legends: `short` if the term has one."""
        return self.short or self.label


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: Mapping[str, Term]
    """In the order of vocabularies.yml, which is the order the site shows them in."""
    title: str = ""
    """The vocabulary's heading, such as 'Grade bands' (vocabularies.schema.json)."""
    noun: str = ""
    """The word for one term, such as 'grade band' (vocabularies.schema.json)."""

    def label(self, key: str) -> str:
        return self.terms[key].label

    def in_language(self, code: str, title: str, noun: str) -> Vocabulary:
        terms = {key: term.in_language(code) for key, term in self.terms.items()}
        return dataclasses.replace(self, terms=terms, title=title, noun=noun)


@hashed_once
@dataclass(frozen=True)
class Region:
    number: int
    name: str

    @property
    def title(self) -> str:
        return fill_text(current().messages.names.region, number=self.number, name=self.name)


@hashed_once
@dataclass(frozen=True)
class County:
    slug: str
    name: str
    fips: str
    region: int
    coe: str
    website: str | None = None

    @property
    def title(self) -> str:
        words = current().messages.names
        if self.name.endswith("County"):
            return fill_text(words.county_named, name=self.name.removesuffix(" County"))
        return fill_text(words.county, name=self.name)


@hashed_once
@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    type: str
    website: str | None = None
    description: str | None = None


@hashed_once
@dataclass(frozen=True)
class Contact:
    role: str
    name: str | None = None
    organization: str | None = None
    email: str | None = None


@hashed_once
@dataclass(frozen=True)
class Source:
    title: str
    link: str | None = None


@hashed_once
@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    name: str | None = None


@hashed_once
@dataclass(frozen=True)
class Asset:
    id: str
    name: str
    summary: str
    kind: str
    subjects: tuple[str, ...]
    grades: tuple[str, ...]
    focus: tuple[str, ...]
    duration: str
    partners: tuple[str, ...]
    audiences: tuple[str, ...] = ()
    starts: str | None = None
    ends: str | None = None
    counties: tuple[str, ...] = ()
    link: str | None = None
    location: Location | None = None
    reach: str | None = None
    name_es: str | None = None
    """Spanish text for the Spanish pages (`<field>_es`): optional, see county.schema.json."""
    summary_es: str | None = None
    reach_es: str | None = None


@hashed_once
@dataclass(frozen=True)
class Need:
    id: str
    statement: str
    subjects: tuple[str, ...]
    grades: tuple[str, ...]
    focus: tuple[str, ...]
    evidence: str | None = None
    priority: str | None = None
    statement_es: str | None = None
    evidence_es: str | None = None


@hashed_once
@dataclass(frozen=True)
class Goal:
    id: str
    statement: str
    needs: tuple[str, ...]
    assets: tuple[str, ...] = ()
    statement_es: str | None = None


@hashed_once
@dataclass(frozen=True)
class Action:
    id: str
    step: str
    goal: str
    owner: str
    status: str
    starts: str | None = None
    due: str | None = None
    step_es: str | None = None


@hashed_once
@dataclass(frozen=True)
class SubjectGap:
    """Why a county's map has no assets for a subject yet."""

    subject: str
    reason: str
    reason_es: str | None = None


@hashed_once
@dataclass(frozen=True)
class CountyMap:
    """One county's map for one cycle: the contents of counties/<slug>/<cycle>.yml."""

    county: str
    cycle: str
    path: str
    updated: str
    contacts: tuple[Contact, ...]
    assets: tuple[Asset, ...]
    needs: tuple[Need, ...]
    goals: tuple[Goal, ...]
    actions: tuple[Action, ...]
    note: str | None = None
    sources: tuple[Source, ...] = ()
    subject_gaps: tuple[SubjectGap, ...] = ()
    note_es: str | None = None

    def subject_counts(self) -> Counter[str]:
        """How many assets serve each subject (0 for a subject none serves). The subjects and
        their order are the dataset's (`Dataset.subjects`), never listed here."""
        return Counter(s for a in self.assets for s in a.subjects)

    def duration_counts(self) -> dict[str, int]:
        return {d: sum(a.duration == d for a in self.assets) for d in ("enduring", "temporary")}


@hashed_once
@dataclass(frozen=True)
class CountyAsset:
    """An asset with the county whose file lists it (its lead county): every listing of
    assets across counties (ideas, partners, a region's shared assets) is made of these."""

    county: County
    asset: Asset

    @property
    def counties(self) -> tuple[str, ...]:
        """Every county taking part: the lead county first, then the others."""
        return (self.county.slug, *self.asset.counties)


@hashed_once
@dataclass(frozen=True)
class CountyNeed:
    county: County
    need: Need


@hashed_once
@dataclass(frozen=True)
class ChecklistItem:
    """One thing a county's map should cover (counties/_shared/checklist.yml); its id names
    the rule that checks it (completeness.py)."""

    id: str
    title: str
    short: str
    explanation: str
    fix: str


@dataclass(frozen=True)
class Lines:
    """Where things start in one data file, for links to the line to fix (the progress page,
    the pull-request summary).

    The model keeps no positions (they are not data, and at scale they would cost more than
    the data), so load.py records these few beside it: the line of each top-level key, and the
    line each item of each top-level list starts on, by the item's id (its `slug` in
    counties.yml) or, for items without one (contacts, sources), its position. Lines are not
    part of any model object, so the render cache (cache.py), which keys on model values,
    never sees them: whatever shows a line must be rendered afresh every build.
    """

    keys: Mapping[str, int]
    items: Mapping[str, Mapping[str | int, int]]

    def key(self, name: str) -> int:
        """The line of a top-level key (1 if the file has no such key)."""
        return self.keys.get(name, 1)

    def item(self, collection: str, key: str | int) -> int:
        """The line an item starts on, else its list's key, else 1."""
        return self.items.get(collection, {}).get(key) or self.key(collection)


@dataclass(frozen=True)
class Dataset:
    regions: tuple[Region, ...]
    counties: tuple[County, ...]
    partners: Mapping[str, Partner]
    vocabularies: Mapping[str, Vocabulary]
    maps: Mapping[str, tuple[CountyMap, ...]]
    """Every county's cycles, oldest first; counties without a map are absent."""
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of words that mean the same thing (synonyms.yml), for matching needs to assets."""
    reference_key: str = ""
    """A fingerprint of the reference data (counties, regions, partners, vocabularies,
    checklist, synonyms): the same key means the same names, labels and definitions, so text rendered
    from them can be reused (cache.py)."""
    checklist: tuple[ChecklistItem, ...] = ()
    """What a county's map should cover, in the order the site lists it."""
    lines: Mapping[str, Lines] = dataclasses.field(default_factory=dict)
    """Where things start in each data file, by its path from the repository root (such as
    counties/marin/2024-25.yml). Not model values: see `Lines`."""

    @functools.cached_property
    def _by_slug(self) -> dict[str, County]:
        return {c.slug: c for c in self.counties}

    @functools.cached_property
    def _by_number(self) -> dict[int, Region]:
        found: dict[int, Region] = {}
        for region in self.regions:
            found.setdefault(region.number, region)
        return found

    @functools.cached_property
    def _by_region(self) -> dict[int, tuple[County, ...]]:
        grouped: dict[int, list[County]] = {}
        for county in self.counties:
            grouped.setdefault(county.region, []).append(county)
        return {number: tuple(found) for number, found in grouped.items()}

    # Lookups are indexes built once per dataset: pages call them once per county or asset,
    # and a scan of every region or county each time grew with the square of the data.
    def county(self, slug: str) -> County:
        return self._by_slug[slug]

    def region(self, number: int) -> Region:
        return self._by_number[number]

    def current(self, slug: str) -> CountyMap | None:
        cycles = self.maps.get(slug)
        return cycles[-1] if cycles else None

    def counties_in(self, region: int) -> tuple[County, ...]:
        return self._by_region.get(region, ())

    def label(self, vocabulary: str, key: str) -> str:
        return self.vocabularies[vocabulary].label(key)

    def in_language(self, code: str, names: Mapping[str, Mapping[str, str]]) -> Dataset:
        """The same data with the vocabularies' words in language `code`: their terms' labels
        and definitions from vocabularies.yml, and their titles and nouns from `names`
        ({vocabulary: {title, noun}}, the message catalogue). County text is unchanged: templates
        choose each field's translation (language.py)."""
        vocabularies = {
            name: vocabulary.in_language(code, names[name]["title"], names[name]["noun"])
            for name, vocabulary in self.vocabularies.items()
        }
        return dataclasses.replace(self, vocabularies=vocabularies, reference_key=f"{self.reference_key}:{code}")

    @property
    def subjects(self) -> tuple[Term, ...]:
        """The subjects in the order the site shows them, with their labels: the one place
        code reads them from (vocabularies.yml; load.py checks its keys against the schema)."""
        return tuple(self.vocabularies["subjects"].terms.values())

    def current_assets(self) -> list[CountyAsset]:
        """Every asset of every county's current map, by county name then asset name."""
        return list(self._current_assets)

    def current_needs(self) -> list[CountyNeed]:
        return list(self._current_needs)

    # Computed once per dataset: a dozen page families list the same current assets.
    @functools.cached_property
    def _current_assets(self) -> tuple[CountyAsset, ...]:
        found: list[CountyAsset] = []
        for county in self.counties:
            current = self.current(county.slug)
            if current:
                found += [CountyAsset(county, a) for a in sorted(current.assets, key=lambda a: a.name.lower())]
        return tuple(found)

    @functools.cached_property
    def _current_needs(self) -> tuple[CountyNeed, ...]:
        return tuple(
            CountyNeed(county, need)
            for county in self.counties
            if (current := self.current(county.slug))
            for need in current.needs
        )
