"""The one Jinja environment that renders every generated page, and its filters.

Autoescape is on for every template, Markdown ones included, because raw HTML passes straight
through Markdown: contributed text can only ever reach a page escaped. Markdown headings
(needed for the table of contents) are built from text passed through the `md` filter,
which also neutralises Markdown syntax.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from . import language as languages
from . import snippets

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Exactly the characters Python-Markdown accepts a backslash before (`markdown.Markdown.ESCAPED_CHARS`);
# < > & are HTML-escaped first. Escaping anything else would print a stray backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]!|~])")
_BLANK_LINES = re.compile(r"\n\s*\n")
_UNSAFE_TITLE = re.compile(r"[<>\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0's `Char` production leaves out: C0 controls but tab, LF and CR, surrogates,
# U+FFFE and U+FFFF. Escaping cannot help (`&#1;` is not allowed either).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


FRAGMENT = re.compile(r"<!-- am-fragment:(\d+) -->")


class Rendered(str):
    """A rendered Markdown page whose HTML blocks are kept aside as `fragments`.

    The Markdown text holds only the headings (for the table of contents) and a comment
    `<!-- am-fragment:N -->` where each block of finished HTML goes. Running megabytes of
    finished HTML through Python-Markdown was most of the build time, and it never needed it.
    """

    fragments: dict[str, str]


class Chunks:
    """A large generated file's text, made piece by piece while it is written.

    The downloads of a national site are hundreds of megabytes (data/all.json alone is
    about 190 MB at 3,143 counties): joined into one string, then encoded, each was held
    three times over at once. Iterating makes the pieces again, so writers take them one
    at a time; `text()` joins them for a reader that needs the whole (tests, `serve`).
    """

    def __init__(self, make: Callable[[], Iterable[str]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[str]:
        return iter(self._make())

    def text(self) -> str:
        return "".join(self)

    def write_to(self, stream: BinaryIO) -> None:
        for piece in self:
            stream.write(piece.encode("utf-8"))


@dataclass(frozen=True)
class Page:
    """A generated file: where it goes in the site, and what it holds."""

    path: str
    content: str | bytes | Chunks
    edit_path: str | None = None
    """The repository file a reader should edit to change this page, if any."""
    fragments: Mapping[str, str] = field(default_factory=dict)
    """HTML for the `<!-- am-fragment:N -->` comments in `content` (see `Rendered`)."""

    def __post_init__(self) -> None:
        if isinstance(self.content, Rendered):
            object.__setattr__(self, "fragments", self.content.fragments)
            object.__setattr__(self, "content", str(self.content))

    def write(self, target: Path) -> None:
        """Write the file to `target` (its fragments in place; `Chunks` a piece at a time)."""
        if isinstance(self.content, Chunks):
            with target.open("wb") as stream:
                self.content.write_to(stream)
        else:
            target.write_bytes(self.content if isinstance(self.content, bytes) else self.text.encode("utf-8"))

    @property
    def whole(self) -> str | bytes:
        """The content as one string or bytes (`Chunks` joined)."""
        return self.content.text() if isinstance(self.content, Chunks) else self.content

    @property
    def text(self) -> str:
        """The whole page with its fragments in place: Markdown with raw HTML blocks."""
        if isinstance(self.content, Chunks):
            return self.content.text()
        text = self.content if isinstance(self.content, str) else self.content.decode("utf-8")
        return fill_fragments(text, self.fragments) if self.fragments else text


def fill_fragments(text: str, fragments: Mapping[str, str]) -> str:
    return FRAGMENT.sub(lambda match: fragments[match[1]], text)


def md(text: object) -> Markup:
    """Text for a Markdown heading or table cell: HTML-escaped, Markdown syntax escaped."""
    escaped = str(escape(str(text)))
    escaped = " ".join(escaped.split())
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def md_inline(text: object) -> Markup:
    """Text for the middle of a Markdown line (never its start): on one line, with <, > and &
    as HTML entities and only the characters that start inline formatting or a link escaped. Lighter than
    `md`, for Markdown that people also read as plain text (the pull-request summary)."""
    escaped = " ".join(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())
    return Markup(_INLINE_SPECIAL.sub(r"\\\1", escaped))


def yaml_text(value: object) -> Markup:
    """Text as one double-quoted YAML scalar, for generated front matter.

    PyYAML escapes whatever YAML cannot hold as it is, so any valid text survives the trip
    through the front matter: JSON's surrogate-pair escapes for an emoji (`tojson`) are not
    valid YAML, and MkDocs then silently drops the whole front matter.
    """
    dumped = yaml.safe_dump(str(value), allow_unicode=True, default_style='"', width=1_000_000)
    return Markup(dumped.strip())


def drop_non_xml(text: object) -> str:
    """Text without the characters XML 1.0 forbids, which make a whole feed unreadable.

    Returns plain text, so autoescape still escapes what is left.
    """
    return _NOT_XML.sub("", str(text))


def plain_title(text: str) -> str:
    """A page title safe for the theme, which prints titles without escaping."""
    return " ".join(_UNSAFE_TITLE.sub("", text).split())


@functools.lru_cache(maxsize=65536)
def relative_url(target: str, base: str) -> str:
    """Link from the page at `base` to `target`, both site paths like 'counties/marin/'.

    Links are relative so the site works from any folder of any server.
    """
    path, hash_, fragment = target.partition("#")
    if not path and hash_:
        return f"#{fragment}"
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    rel = posixpath.relpath("/" + path, "/" + base_dir)
    if (path.endswith("/") or not path) and not rel.endswith("/"):
        rel += "/"
    if rel == "./" and hash_:
        return f"#{fragment}"
    return rel + (f"#{fragment}" if hash_ else "")


def html_block(text: str) -> str:
    """Fold a rendered HTML fragment onto lines without blanks or indentation.

    Markdown treats an indented line as code and a blank line as the end of an HTML block,
    so a fragment embedded in a Markdown page must have neither.
    """
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, remembering the verdict of its attribute check.

    The check (`is_internal_attribute`, `modifies_known_mutable`) depends only on the
    object's type and the attribute's name, and the templates read the same few hundred
    (type, name) pairs millions of times: unremembered, it was a fifth of the build. What
    is refused stays refused, and `str.format` is still wrapped on every access.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


_templates_read: str | None = None


def fresh_templates(sources: str) -> None:
    """Read the templates again from disk if `sources` (their fingerprint) changed.

    The environment does not look at the files' dates on every `include` (a system call per
    included asset card); instead a build whose templates differ from the last one's starts
    with none compiled, which is what `mkdocs serve` needs when a template is edited.
    """
    global _templates_read
    if _templates_read != sources:
        environment().cache.clear()  # type: ignore[union-attr]
        _templates_read = sources


@functools.cache
def environment() -> ImmutableSandboxedEnvironment:
    """The library's only Jinja environment.

    Sandboxed and immutable as defence in depth: templates only ever come from the files in
    templates/, and data is only ever passed in as values, but if contributed text ever did
    become template source, an attribute walk such as `cycler.__init__.__globals__` would
    raise SecurityError instead of reaching `os`.
    """
    env = _Sandbox(
        loader=FileSystemLoader(TEMPLATE_DIR),
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["md_inline"] = md_inline
    env.filters["html_block"] = _fragment
    env.filters["folded_html_block"] = _folded_fragment
    env.filters["paragraphs"] = paragraphs
    env.filters["date"] = long_date
    env.globals["t"] = languages.CurrentMessages()
    env.globals["own_text"] = languages.own_text
    env.globals.update(snippets.GLOBALS)
    env.filters["fill"] = languages.fill
    env.filters["fill_text"] = languages.fill_text
    env.filters["plural_text"] = languages.plural_text
    env.filters["plural"] = languages.plural
    env.filters["one_line"] = one_line
    env.filters["yaml_text"] = yaml_text
    env.filters["drop_non_xml"] = drop_non_xml
    env.filters["in_sentence"] = in_sentence
    env.filters["and_list"] = and_list
    env.filters["subject_label"] = subject_label
    env.filters["host"] = host
    return env


@pass_context
def _folded_fragment(context: Any, text: str) -> Markup:
    """`html_block` for HTML already folded piece by piece (a listing of thousands of entries,
    each folded once): it is only checked, not split into lines and joined again, which for
    a page of tens of megabytes took several copies of it at once. Anything `html_block`
    would still change is folded as usual."""
    html = str(text)
    if _NOT_FOLDED.search(html):
        return _fragment(context, html)
    return _keep_fragment(context, html)


_NOT_FOLDED = re.compile(r"^\s|\s$|\n\s|\s\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What `html_block` would change: blank space at either end of the text or of a line (an
empty line included), or a line break other than \\n (`str.splitlines` breaks at these too)."""


@pass_context
def _fragment(context: Any, text: str) -> Markup:
    return _keep_fragment(context, html_block(str(text)))


def _keep_fragment(context: Any, html: str) -> Markup:
    store = context.get("_fragments")
    if store is None:
        return Markup(html + "\n")
    key = str(len(store))
    store[key] = html
    return Markup(f"<!-- am-fragment:{key} -->\n")


def render(template: str, **context: Any) -> Rendered:
    """Render a template; `url(target)` inside it links relative to `context['page_url']`
    in the current language (language.py), whose messages it reads as `t`.

    Blocks filtered through `html_block` come back as the result's `fragments`.
    """
    language = languages.current()
    base = language.prefix + context.get("page_url", "")
    context.setdefault("url", lambda target: relative_url(language.link(target), base))
    # A folder of files (not a page), which every language shares: never under the prefix.
    context.setdefault("file_url", lambda target: relative_url(target, base))
    context.setdefault("lang", language.code)
    fragments: dict[str, str] = {}
    result = Rendered(environment().get_template(template).render(_fragments=fragments, **context))
    result.fragments = fragments
    return result


def paragraphs(text: str) -> Markup:
    """Contributed text as escaped <p> elements, one per blank-line-separated paragraph."""
    parts = [" ".join(p.split()) for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    return Markup("".join(f"<p>{escape(part)}</p>" for part in parts))


def one_line(text: str, limit: int = 160) -> str:
    """The first sentence of a summary, cut at a word boundary to at most `limit` characters."""
    text = " ".join(text.split())
    end = text.find(". ")
    if 0 < end < limit:
        return text[: end + 1]
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(",;:") + "…"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Computer science' -> 'computer science', while
    an abbreviation keeps its capitals ('CS'). Labels are written as they start a heading."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def subject_label(key: str, dataset: Any) -> str:
    """A subject's short label as it reads in a sentence: 'math', 'CS'."""
    return in_sentence(dataset.vocabularies["subjects"].terms[key].short_label)


def host(url: str) -> str:
    """A web address as a reader names it: 'https://www.example.org/a' -> 'example.org'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def and_list(words: list[str], conjunction: str = "and") -> str:
    """'math, science and CS'."""
    return f" {conjunction} ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def long_date(value: str | None) -> str:
    """'2024-01-31' -> 'January 31, 2024' in the current language (its catalogue's format)."""
    return languages.long_date(value)
