"""What the site search finds: one record per asset, need, goal, partner, county and region.

Search results are items, not pages: each record links to the item's own anchor (or page),
carries its name as the title, a line of context, its text, and facet values (result type,
subject, grade band, asset kind, focus area, audience, county, region, enduring or
temporary) written with the vocabularies' labels. Every record is a tiny HTML document for
Pagefind (`record_html`): the name is its heading, so a match on the name ranks first, and
labels and facet values sit in separate elements, so no field label is ever run into a value.
Hand-written pages are indexed from the built site by the adapter, by section.

Pagefind has stemming ("institutes" finds "institute") but no typo tolerance, so the build
also lists the site's words (`SpellingList`, from the records and the indexed pages): the
search box replaces a word the site does not use with the closest listed word
("explortorium" with "exploratorium"). This module only builds text and data; running
Pagefind is the adapter's job (hooks/mkdocs_search.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import unescape

from .cache import cached
from .language import Language, current, fill_text, speaking
from .model import County, CountyAsset, CountyMap, Dataset
from .pages.partners import PartnerUse, partner_uses
from .render import Page, render

FACETS = (
    "Result type",
    "Subject",
    "Grade band",
    "Asset kind",
    "Focus area",
    "Audience",
    "County",
    "Region",
    "Enduring or temporary",
)
"""Facet names in the order the search box shows them (search.js holds the same list)."""

RESULT_TYPES = ("Asset", "Need", "Goal", "Partner", "County", "Region", "Page")


@dataclass(frozen=True)
class SearchRecord:
    url: str
    """Site path of the item, from the site's root: 'counties/marin/#summer-institute'."""
    title: str
    kind: str
    """One of RESULT_TYPES."""
    context: str
    """One line shown under the title: what the item is and whose it is."""
    text: tuple[str, ...]
    """Paragraphs of the item's own words (summary, evidence, description...)."""
    terms: tuple[str, ...]
    """Vocabulary labels and names that describe the item; indexed with less weight."""
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """(facet, values) pairs, facets in FACETS order."""

    @property
    def words(self) -> list[str]:
        """Every word a reader might type to find this record, lower case."""
        text = " ".join((self.title, *self.text, *self.terms, *(v for _, values in self.filters for v in values)))
        return _WORD.findall(text.lower())


_WORD = re.compile(r"[^\W\d_]{4,}")


def _filters(values: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Facet values in FACETS order, each list without repeats; empty facets left out."""
    unknown = set(values) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown search facets: {sorted(unknown)}")
    return tuple((facet, tuple(dict.fromkeys(values[facet]))) for facet in FACETS if values.get(facet))


def _labels(dataset: Dataset, vocabulary: str, keys: Iterable[str]) -> list[str]:
    return [dataset.label(vocabulary, key) for key in keys]


def _says(name: str, **values: object) -> str:
    """A record's line of context in the current language (catalogue section `search_records`)."""
    return fill_text(current().messages.search_records[name], **values)


def search_records(dataset: Dataset) -> Iterator[SearchRecord]:
    """Every record: counties, assets, each county's needs and goals, partners, regions.
    The same data gives the same records in the same order."""
    for county in dataset.counties:
        current = dataset.current(county.slug)
        yield cached(
            ("search-county", county, current, dataset.reference_key),
            functools.partial(_county_record, dataset, county, current),
        )
    for item in dataset.current_assets():
        yield cached(("search-asset", item, dataset.reference_key), functools.partial(_asset_record, dataset, item))
    for county in dataset.counties:
        current = dataset.current(county.slug)
        if current is not None:
            yield from cached(
                ("search-plans", county, current, dataset.reference_key),
                functools.partial(_plan_records, dataset, county, current),
            )
    for use in partner_uses(dataset):
        yield _partner_record(dataset, use)
    for region in dataset.regions:
        counties = dataset.counties_in(region.number)
        yield SearchRecord(
            url=f"regions/{region.number}/",
            title=region.title,
            kind="Region",
            context=_says("region", n=len(counties)),
            text=(", ".join(c.title for c in counties),),
            terms=(),
            filters=_filters({"Result type": ["Region"], "Region": [region.title]}),
        )


def _county_record(dataset: Dataset, county: County, current: CountyMap | None) -> SearchRecord:
    region = dataset.region(county.region).title
    return SearchRecord(
        url=f"counties/{county.slug}/",
        title=county.title,
        kind="County",
        context=_says("county", region=region) + ("" if current else _says("no_map")),
        text=tuple(t for t in (county.coe, current.note if current else None) if t),
        terms=(region,),
        filters=_filters({"Result type": ["County"], "County": [county.title], "Region": [region]}),
    )


def _asset_record(dataset: Dataset, item: CountyAsset) -> SearchRecord:
    asset = item.asset
    counties = [dataset.county(slug) for slug in item.counties]
    partners = [dataset.partners[p] for p in asset.partners]
    kind = dataset.label("asset_kinds", asset.kind)
    others = ", ".join(c.name for c in counties[1:])
    where = _says("shared", county=item.county.title, others=others) if others else item.county.title
    duration = "Enduring" if asset.duration == "enduring" else "Temporary"
    subjects = _labels(dataset, "subjects", asset.subjects)
    grades = _labels(dataset, "grade_bands", asset.grades)
    audiences = _labels(dataset, "audiences", asset.audiences)
    focus = _labels(dataset, "focus_areas", asset.focus)
    return SearchRecord(
        url=f"counties/{item.county.slug}/#{asset.id}",
        title=asset.name,
        kind="Asset",
        context=f"{kind} · {where}",
        text=tuple(
            t
            for t in (
                asset.summary,
                "; ".join(p.name for p in partners),
                asset.reach,
                asset.location.name if asset.location else None,
            )
            if t
        ),
        terms=(
            kind,
            *subjects,
            *grades,
            *audiences,
            *focus,
            *_labels(dataset, "partner_types", dict.fromkeys(p.type for p in partners)),
            *(c.title for c in counties),
            duration,
        ),
        filters=_filters(
            {
                "Result type": ["Asset"],
                "Subject": subjects,
                "Grade band": grades,
                "Asset kind": [kind],
                "Focus area": focus,
                "Audience": audiences,
                "County": [c.title for c in counties],
                "Region": [dataset.region(n).title for n in sorted({c.region for c in counties})],
                "Enduring or temporary": [duration],
            }
        ),
    )


def _plan_records(dataset: Dataset, county: County, current: CountyMap) -> list[SearchRecord]:
    """The county's needs and improvement goals."""
    region = dataset.region(county.region).title
    needs = {need.id: need for need in current.needs}
    assets = {asset.id: asset for asset in current.assets}
    records = []
    for need in current.needs:
        subjects = _labels(dataset, "subjects", need.subjects)
        grades = _labels(dataset, "grade_bands", need.grades)
        focus = _labels(dataset, "focus_areas", need.focus)
        records.append(
            SearchRecord(
                url=f"counties/{county.slug}/#{need.id}",
                title=need.statement,
                kind="Need",
                context=_says("need", county=county.title),
                text=tuple(t for t in (need.evidence,) if t),
                terms=(*subjects, *grades, *focus, *([f"{need.priority} priority"] if need.priority else [])),
                filters=_filters(
                    {
                        "Result type": ["Need"],
                        "Subject": subjects,
                        "Grade band": grades,
                        "Focus area": focus,
                        "County": [county.title],
                        "Region": [region],
                    }
                ),
            )
        )
    for goal in current.goals:
        records.append(
            SearchRecord(
                url=f"counties/{county.slug}/#{goal.id}",
                title=goal.statement,
                kind="Goal",
                context=_says("goal", county=county.title),
                text=tuple(needs[n].statement for n in goal.needs if n in needs),
                terms=tuple(assets[a].name for a in goal.assets if a in assets),
                filters=_filters({"Result type": ["Goal"], "County": [county.title], "Region": [region]}),
            )
        )
    return records


def _partner_record(dataset: Dataset, use: PartnerUse) -> SearchRecord:
    partner = use.partner
    kind = dataset.label("partner_types", partner.type)
    return SearchRecord(
        url=f"partners/{partner.id}/",
        title=partner.name,
        kind="Partner",
        context=_says("partner", kind=kind),
        text=tuple(t for t in (partner.description,) if t),
        terms=(kind, *(c.title for c in use.counties)),
        filters=_filters(
            {
                "Result type": ["Partner"],
                "County": [c.title for c in use.counties],
                "Region": [dataset.region(n).title for n in sorted({c.region for c in use.counties})],
            }
        ),
    )


def record_html(record: SearchRecord) -> str:
    """The record as the HTML document Pagefind indexes (its address is given separately)."""
    return cached(("search-record-html", record), lambda: str(render("search/record.html", record=record)))


class SpellingList:
    """The words of the site, four letters or more, grouped by first letter, most used first:
    what the search box corrects a word to when no listed word resembles it.

    The search box loads one letter's list for a word the site does not use and suggests
    the closest listed word, assuming (as spelling checkers do) that the first letter is right.
    """

    FOLDER = "assets/search/words/"

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, record: SearchRecord) -> None:
        self._counts.update(record.words)

    def add_html(self, html: str) -> None:
        """The words of a built page (its text, scripts and styles left out)."""
        text = _TAG.sub(" ", _HIDDEN.sub(" ", html))
        self._counts.update(_WORD.findall(unescape(text).lower()))

    def files(self) -> list[Page]:
        """One JSON list of words per first letter: words/<letter>.json."""
        groups: dict[str, list[str]] = {}
        for word, _ in sorted(self._counts.items(), key=lambda pair: (-pair[1], pair[0])):
            if "a" <= word[0] <= "z":
                groups.setdefault(word[0], []).append(word)
        return [Page(f"{self.FOLDER}{letter}.json", _compact(words)) for letter, words in sorted(groups.items())]


_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def facet_values(dataset: Dataset) -> dict[str, list[str]]:
    """Each facet's values in the order the search box lists them (the vocabularies' order)."""

    def labels(vocabulary: str) -> list[str]:
        return [term.label for term in dataset.vocabularies[vocabulary].terms.values()]

    return {
        "Result type": list(RESULT_TYPES),
        "Subject": labels("subjects"),
        "Grade band": labels("grade_bands"),
        "Asset kind": labels("asset_kinds"),
        "Focus area": labels("focus_areas"),
        "Audience": labels("audiences"),
        "County": [county.title for county in dataset.counties],
        "Region": [region.title for region in dataset.regions],
        "Enduring or temporary": ["Enduring", "Temporary"],
    }


class SearchIndex:
    """What the site search needs besides the pages: the records, the facets' value order for
    the search box, and the site's words (filled as the records are read)."""

    def __init__(self, dataset: Dataset, language: Language | None = None) -> None:
        self._dataset = dataset
        self._language = language
        """The pages' language: records are read later (by the generator's search step), so
        they are made speaking it, each language with its own words and cache."""
        self.spelling = SpellingList()

    def records(self) -> Iterator[SearchRecord]:
        language = self._language or current()
        records = search_records(self._dataset)
        while True:
            with speaking(language):
                record = next(records, None)
            if record is None:
                return
            self.spelling.add(record)
            yield record

    def facets_file(self) -> Page:
        """assets/search/facets.json: the facets, and each one's values in display order."""
        facets = {"facets": list(FACETS), "values": facet_values(self._dataset)}
        return Page("assets/search/facets.json", _compact(facets))
