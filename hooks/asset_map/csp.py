"""A Content-Security-Policy for every page: only what the site itself serves may run or load.

The theme writes a few small inline scripts (their text differs with the page's depth). The
caller renders those scripts from the theme's own templates for the page being written and
passes them in as `allowed`; the policy names the SHA-256 hash of each inline script in the
page whose text is one of them. Any other inline script (one a future bug lets through from
the data, say) gets no hash, so the browser refuses to run it. Everything else must come
from the site's own origin. Pagefind, the site search, runs WebAssembly, which needs
'wasm-unsafe-eval' (it allows compiling WebAssembly, not JavaScript's eval).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script the browser would run, in page order, without repeats."""
    found: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") not in _EXECUTABLE_TYPES:
            continue
        if match["body"] not in found:
            found.append(match["body"])
    return found


def script_hash(body: str) -> str:
    """The policy source that allows one inline script: 'sha256-...'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """The hash of every inline script in the page (what a policy would need to let all run)."""
    return [script_hash(body) for body in inline_scripts(html)]


def policy(html: str, allowed: Collection[str]) -> str:
    """The page's policy: its inline scripts that are in `allowed` may run, no others."""
    hashes = [script_hash(body) for body in inline_scripts(html) if body in allowed]
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )


def with_policy(html: str, allowed: Collection[str]) -> str:
    """The page with its policy as the first element of <head>, before any script."""
    head = _HEAD.search(html)
    if not head:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, allowed)}">'
    # One copy of the page, not three (slices, then their sum): pages reach tens of
    # megabytes at national size. No match of _HEAD comes before `head`, so neither does its text.
    return html.replace(head[0], head[0] + meta, 1)
