"""The language a page is generated in: its message catalogue and its place in the site.

Every word the generated pages show (labels, headings, badges, legends, buttons, table
headers, messages, date formats) comes from one catalogue per language,
`messages/<language>.yml`; templates read it as `t` (`{{ t.county.assets }}`) and fill
placeholders with the `fill` filter (`{{ t.map.published_of | fill(n=3, total=58) }}`).
A test checks that every catalogue has exactly the keys of the English one.

The language is a setting of generation (`SiteSettings.language`): `site.generate` sets it
for the pages it makes (`speaking`), and `render` reads it. Pages in a language other than
the site's first one live under its prefix (`es/`); links between pages stay inside that
language's pages, links to files (downloads, scripts, data) go to the site's one copy.
"""

from __future__ import annotations

import contextvars
import functools
import posixpath
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

MESSAGE_DIR = Path(__file__).parent / "messages"
DEFAULT = "en"
LANGUAGES = ("en", "es")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Messages(dict):
    """One catalogue section: keys read as attributes in templates (`t.county.assets`); a
    missing key is an error, never an empty string."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no message {name!r} in this catalogue") from None


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Messages({k: _wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_wrap(v) for v in value)
    return value


@functools.cache
def catalogue(language: str) -> Messages:
    """The messages of `language` (messages/<language>.yml)."""
    path = MESSAGE_DIR / f"{language}.yml"
    if not path.is_file():
        raise ValueError(f"no message catalogue for language {language!r} ({path.name})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _wrap(data)


def theme_words(language: str) -> Messages:
    """The words the theme's own templates (theme_overrides/) show, such as the search box's:
    the catalogue's `theme:` section, for generators to hand to their theme."""
    return catalogue(language).theme


def fill(message: str, **values: object) -> Markup:
    """A message with its `{name}` placeholders replaced by values, everything escaped."""
    text = str(escape(message))

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise KeyError(f"message {message!r} needs a value for {{{match[1]}}}")
        return str(escape(values[match[1]]))

    return Markup(_PLACEHOLDER.sub(value, text))


def plural(message: Mapping[str, str] | str, n: int, **values: object) -> Markup:
    """`message` is {one: ..., other: ...} (or one text); `{n}` is the count."""
    if isinstance(message, Mapping):
        message = message["one"] if n == 1 else message["other"]
    return fill(message, n=n, **values)


def fill_text(message: str, **values: object) -> str:
    """`fill` for plain text (front matter, Python-made sentences): nothing escaped, since
    what reads it escapes it (autoescape, `yaml_text`)."""
    return _PLACEHOLDER.sub(lambda match: str(values[match[1]]), message)


def plural_text(message: Mapping[str, str] | str, n: int, **values: object) -> str:
    if isinstance(message, Mapping):
        message = message["one"] if n == 1 else message["other"]
    return fill_text(message, n=n, **values)


@dataclass(frozen=True)
class Language:
    code: str = DEFAULT
    prefix: str = ""
    """Where this language's pages live in the site: '' or 'es/'."""

    @property
    def messages(self) -> Messages:
        return catalogue(self.code)

    @property
    def is_default(self) -> bool:
        return self.code == DEFAULT

    def page_path(self, path: str) -> str:
        return self.prefix + path

    def link(self, target: str) -> str:
        """A site path as seen from this language: pages ('counties/marin/', '#x') are this
        language's; files ('data/all.csv', 'assets/...js') are the site's one copy."""
        path = target.partition("#")[0]
        if posixpath.splitext(path)[1]:
            return target
        if not path and target.startswith("#"):
            return target
        return self.prefix + target


_CURRENT: contextvars.ContextVar[Language] = contextvars.ContextVar("asset_map_language", default=Language())  # noqa: B039 (frozen)


def current() -> Language:
    return _CURRENT.get()


@contextmanager
def speaking(language: Language) -> Iterator[Language]:
    token = _CURRENT.set(language)
    try:
        yield language
    finally:
        _CURRENT.reset(token)


class CurrentMessages:
    """The current language's catalogue, as the templates' global `t`: macros imported
    without context read it too."""

    def __getattr__(self, name: str) -> Any:
        return getattr(current().messages, name)

    def __getitem__(self, name: str) -> Any:
        return current().messages[name]


def own_text(obj: object, field: str) -> str | None:
    """A contributed field's text in the current language (`summary_es` for `summary`), if
    the county file gives it; None in English or without it."""
    language = current()
    if language.is_default:
        return None
    return getattr(obj, f"{field}_{language.code}", None) or None


def long_date(value: str | None) -> str:
    """'2024-01-31' -> 'January 31, 2024' (or '31 de enero de 2024')."""
    if not value:
        return ""
    year, month, day = value.split("-")
    dates = current().messages.date
    return str(dates.long.format(month=dates.months[int(month) - 1], day=int(day), year=year))
