"""The words of the checks, from one data file (templates/messages.json).

`python -m hooks validate` and the county editor in the browser both word mistakes from
this file, so a contributor reads the same sentence in both; the build publishes it at
/editor/messages.json.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

MESSAGES_FILE = Path(__file__).parent / "templates" / "messages.json"


@functools.cache
def _wording() -> dict[str, Any]:
    return json.loads(MESSAGES_FILE.read_text(encoding="utf-8"))


def say(key: str, **values: object) -> str:
    """The message `key` with its `{name}` places filled in."""
    return str(_wording()["messages"][key]).format(**values)


def type_names() -> dict[str, str]:
    """How each JSON type is named in messages ('a list (lines starting with ...)')."""
    return dict(_wording()["types"])


def target_name(target: str) -> str:
    """Where ids of a kind (`x-reference`: partner, county, need...) must come from, in words."""
    return str(_wording()["targets"][target])
