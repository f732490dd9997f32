"""Entry point for `python -m hooks <command>` (validate, new-county, new-cycle).

MkDocs imports `asset_map` as a top-level package (it puts hooks/ on sys.path), so the command
line does the same; importing it as `hooks.asset_map` would load a second copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from asset_map.cli import main  # noqa: E402

sys.exit(main())
