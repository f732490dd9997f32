"""The theme's own inline scripts, as the page being written holds them: what the
Content-Security-Policy allows to run (asset_map/csp.py).

mkdocs-material keeps its inline scripts in `partials/javascripts/`. Their text depends on
the page (the first one holds the page's relative `base_url`), so they are rendered here
with the very context the theme renders the page with, and the policy hashes a page's
inline script only if it is one of these. Renders are kept per base URL for one build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asset_map.csp import inline_scripts
from jinja2 import TemplateError
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig

SCRIPT_PARTIALS = "partials/javascripts/"


def keep_environment(config: MkDocsConfig, env: Environment) -> None:
    """Called from on_env: the theme's environment, for this build only."""
    config.asset_map_theme = {"env": env, "scripts": {}, "templates": {}}


def theme_scripts(config: MkDocsConfig, context: dict) -> frozenset[str]:
    """The text of every inline script the theme's script partials give for `context`."""
    theme = config.asset_map_theme
    key = context.get("base_url", "")
    if key not in theme["scripts"]:
        env: Environment = theme["env"]
        names = sorted(n for n in env.list_templates() if n.startswith(SCRIPT_PARTIALS) and n.endswith(".html"))
        features = config.theme.get("features") or []
        found: set[str] = set()
        for name in names:
            try:
                html = env.get_template(name).render({**context, "features": features})
            except TemplateError as error:
                raise PluginError(
                    f"asset_map: could not render the theme's {name} for the Content-Security-Policy: {error}"
                ) from None
            found.update(inline_scripts(html))
        theme["scripts"][key] = frozenset(found)
    return theme["scripts"][key]
