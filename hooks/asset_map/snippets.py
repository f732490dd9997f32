"""The smallest pieces of HTML, printed hundreds of thousands of times: in Python, not macros.

A contributed text in the page's language, a list of vocabulary labels, a link out, a
permalink, an asset's dates and its partners appear in every asset card, listing entry and
match. As Jinja macros each call built a new template context; at national size those calls
were a fifth of generation. Here each is a plain function the templates call the same way
(`text(asset, "summary", paragraphs=true)`), printing exactly what the macros printed.

Everything printed goes through `escape`, as autoescape would: contributed text stays data.
Every word comes from the message catalogue of the current language (`t` in templates).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from . import language as languages
from . import render  # its filters; render registers these functions (a cycle only at call time)


def text(obj: Any, field: str, paragraphs: bool = False, one_line: bool = False, note: bool = True) -> Markup:
    """A contributed field in the page's language: a county file's `<field>_es` on Spanish
    pages; without one, the English text marked lang="en" with a short note (`note=False`
    leaves it out, for names, which are often proper names). `paragraphs` prints <p>s,
    `one_line` only the first sentence."""
    own = languages.own_text(obj, field)
    # As a template reads `obj[field]` (an item, else an attribute), the sandbox's checks included.
    value: Any = own or render.environment().getitem(obj, field)
    if one_line:
        value = render.one_line(value)
    words = languages.current().messages
    if words.lang == "en" or own:
        return render.paragraphs(value) if paragraphs else escape(value)
    in_english = escape(words.common.in_english)
    if paragraphs:
        return Markup(f'<div lang="en">{render.paragraphs(value)}</div><p class="am-untranslated">{in_english}</p>')
    after = f' <span class="am-untranslated">{in_english}</span>' if note else ""
    return Markup(f'<span lang="en">{escape(value)}</span>{after}')


def terms(dataset: Any, vocabulary: str, keys: Iterable[str]) -> Markup:
    """Vocabulary terms' labels, comma-separated."""
    return Markup(", ").join(
        Markup(f'<span class="am-term">{escape(dataset.label(vocabulary, key))}</span>') for key in keys
    )


def external(href: str, text: str) -> Markup:
    """A link to another site (a web address shown as itself gets class am-url)."""
    url_class = ' class="am-url"' if href == text else ""
    return Markup(f'<a href="{escape(href)}" rel="nofollow noopener"{url_class}>{escape(text)}</a>')


def permalink(id: str) -> Markup:
    """The theme's ¶ link, as Markdown headings get it, for headings written as HTML."""
    title = escape(languages.current().messages.common.permalink)
    return Markup(f'<a class="headerlink" href="#{escape(id)}" title="{title}">&para;</a>')


@pass_context
def duration(context: Any, asset: Any) -> Markup:
    """Enduring, or temporary with its dates (and, where the page has a `clock`, whether it
    has ended or ends soon)."""
    badge = languages.current().messages.badge
    if asset.duration == "enduring":
        return Markup(f'<span class="am-badge am-badge--enduring">{escape(badge.enduring)}</span>')
    dates = languages.fill(badge.dates, starts=render.long_date(asset.starts), ends=render.long_date(asset.ends))
    html = (
        f'<span class="am-badge am-badge--temporary">{escape(badge.temporary)}</span>'
        f' <span class="am-dates">{escape(dates)}</span>'
    )
    clock = context.get("clock")
    if clock is not None:
        state = clock.asset_state(asset)
        if state == "ended":
            html += f' <span class="am-badge am-badge--ended">{escape(badge.ended)}</span>'
        elif state == "ending-soon":
            html += f' <span class="am-badge am-badge--ending">{escape(badge.ending_soon)}</span>'
    return Markup(html)


@pass_context
def partner_links(context: Any, dataset: Any, ids: Iterable[str]) -> Markup:
    """Partners named by an asset: each links to its page on this site, its website beside it."""
    url = context["url"]
    links = []
    for id in ids:
        partner = dataset.partners[id]
        website = f" · {external(partner.website, render.host(partner.website))}" if partner.website else ""
        links.append(
            f'<a href="{escape(url("partners/" + id + "/"))}">{escape(partner.name)}</a>'
            f' <span class="am-muted">({escape(dataset.label("partner_types", partner.type))}{website})</span>'
        )
    if not links:
        return escape(languages.current().messages.common.none_listed)
    return Markup("; ".join(links))


GLOBALS = {
    "text": text,
    "terms": terms,
    "external": external,
    "permalink": permalink,
    "duration": duration,
    "partner_links": partner_links,
}
"""What the templates call by these names."""
