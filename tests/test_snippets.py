"""The smallest HTML pieces (snippets.py), called by templates as the macros were: contributed
text stays escaped data, in the page's language, with the English fallback marked."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from asset_map.freshness import Clock  # noqa: E402
from asset_map.language import Language, speaking  # noqa: E402
from asset_map.model import Asset  # noqa: E402
from asset_map.render import environment  # noqa: E402
from asset_map.snippets import external, permalink, text  # noqa: E402

SPANISH = Language("es", "es/")
HOSTILE = '<script>alert("x")</script> {{ 7*7 }} & more'


def _asset(**fields: object) -> Asset:
    base: dict[str, object] = dict(
        id="a",
        name=HOSTILE,
        summary="First sentence. Second one.\n\nNext paragraph.",
        kind="program",
        subjects=("math",),
        grades=("6-8",),
        focus=(),
        duration="enduring",
        partners=(),
    )
    return Asset(**{**base, **fields})  # type: ignore[arg-type]


def test_text_is_escaped_in_english_and_marked_when_untranslated() -> None:
    asset = _asset()
    assert str(text(asset, "name")) == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; {{ 7*7 }} &amp; more"
    assert str(text(asset, "summary", paragraphs=True)) == "<p>First sentence. Second one.</p><p>Next paragraph.</p>"
    assert str(text(asset, "summary", one_line=True)) == "First sentence."
    with speaking(SPANISH):
        untranslated = str(text(asset, "name"))
        assert untranslated.startswith('<span lang="en">&lt;script&gt;')
        assert 'class="am-untranslated"' in untranslated
        assert 'class="am-untranslated"' not in str(text(asset, "name", note=False))
        block = str(text(asset, "summary", paragraphs=True))
        assert block.startswith('<div lang="en"><p>First sentence.') and block.endswith("</p>")
        translated = _asset(name_es="Matemáticas <b>", summary_es="Uno.")
        assert str(text(translated, "name")) == "Matemáticas &lt;b&gt;"
        assert str(text(translated, "summary", paragraphs=True)) == "<p>Uno.</p>"


def test_links_and_badges_as_the_templates_print_them() -> None:
    assert str(external("https://example.org/", "https://example.org/")) == (
        '<a href="https://example.org/" rel="nofollow noopener" class="am-url">https://example.org/</a>'
    )
    assert 'href="&#34;&gt;x"' in str(external('">x', "x"))
    assert str(permalink("a<b")).startswith('<a class="headerlink" href="#a&lt;b"')
    clock = Clock(datetime.date(2026, 11, 23))
    ended = _asset(duration="temporary", starts="2025-06-01", ends="2025-08-01")
    template = environment().from_string("{{ duration(asset) }}")
    with_clock = template.render(asset=ended, clock=clock)
    assert "am-badge--temporary" in with_clock and "June 1, 2025" in with_clock and "am-badge--ended" in with_clock
    assert "am-badge--ended" not in template.render(asset=ended)
    with speaking(SPANISH):
        assert "1 de junio de 2025" in template.render(asset=ended, clock=clock)
    assert "am-badge--enduring" in template.render(asset=_asset(), clock=clock)
