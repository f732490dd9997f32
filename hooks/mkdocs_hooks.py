"""MkDocs adapter: hands the generated pages of `asset_map` to MkDocs, and nothing more.

MkDocs puts hooks/ on sys.path only while importing this file, so the library and the two
helper modules beside this file are imported by absolute name here. MkDocs 1.6 imports a
hook file once per process (`Hooks._load_hook` is `lru_cache`d), so under `mkdocs serve`
these modules live across rebuilds and edits to any Python file need a restart of `serve`;
edits to data, templates, schemas, theme overrides and mkdocs.yml do not. This file keeps no
state between builds (per-build data rides on the build's own config, Files and File
objects). What is kept between the builds of one `serve` process lives in asset_map/cache.py
and asset_map/load.py (generation) and mkdocs_reuse.py (MkDocs's own per-page work), and can
be switched off with `extra.asset_map.reuse: false` or ASSET_MAP_REUSE=0.
Moving to another generator means rewriting this file and its helpers only:
mkdocs_reuse.py (under `serve`, reuse unchanged pages' HTML), mkdocs_spool.py (in one-off
builds, keep big generated text on disk until needed), mkdocs_search.py with
pagefind_files.py (the Pagefind index, made while MkDocs renders) and mkdocs_theme.py (the
theme's inline scripts, for the policy).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from asset_map.cache import reuse_allowed
from asset_map.csp import with_policy
from asset_map.freshness import Clock, build_date
from asset_map.load import load_dataset
from asset_map.problems import Problem, ProblemsFound
from asset_map.render import fill_fragments
from asset_map.site import SiteSettings, generate
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs_reuse import finished_page, reuse_compiled_templates, reuse_page, site_key, start_build
from mkdocs_search import add_page, finish_index, index_later, start_index, stop_index, wait_for_index
from mkdocs_spool import SPOOL_BYTES, keep_fragments, remove_spool, spool_file, take_fragments
from mkdocs_theme import keep_environment, theme_scripts

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

PLACEHOLDER = re.compile(r"<!-- asset-map: ([a-z-]+) -->")


def _options(config: MkDocsConfig) -> dict:
    return dict(config.extra.get("asset_map") or {})


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.use_directory_urls:
        raise PluginError(
            "asset_map: the generated pages link to each other as folders; set use_directory_urls: true in mkdocs.yml."
        )
    data_dir = _project_root(config) / _options(config).get("data_dir", "counties")
    overrides = config.theme.custom_dir  # `serve` watches the theme only with --watch-theme
    for folder in (str(data_dir), overrides):
        if folder and folder not in config.watch:
            config.watch.append(folder)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    stop_index()  # an index still being written for the previous build under `serve`
    start_build(config, reuse=_reusing(config))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = _project_root(config)
    options = _options(config)
    serving = _serving(config)
    reuse = _reusing(config)
    try:
        dataset = load_dataset(root / options.get("data_dir", "counties"), reuse=reuse, warn=_warn)
    except ProblemsFound as found:
        raise PluginError("The county data has problems:\n" + str(found)) from None
    settings = SiteSettings(
        edit_base=_edit_base(config, options),
        clock=Clock(build_date(), **options.get("freshness", {})),
        public_url=options.get("public_url", SiteSettings.public_url),
        repo_url=config.repo_url or None,
        reuse=reuse,
        source_root=root,
    )
    docs_dir = Path(config.docs_dir).resolve()
    site = generate(dataset, settings)
    del dataset  # generation holds what it still needs
    files.asset_map_snippets = site.snippets  # read by on_page_markdown, this build only
    for page in site.pages:
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(
                f"asset_map: {Path(config.docs_dir).name}/{page.path} would hide a generated "
                "page with the same address; rename or remove it."
            )
        if not serving and not page.path.endswith(".md") and len(page.content) > SPOOL_BYTES:
            file = File.generated(config, page.path, abs_src_path=str(spool_file(config, page.path, page.content)))
        else:
            file = File.generated(config, page.path, content=page.content)
        if serving:
            file.asset_map_fragments = page.fragments  # put back by on_page_content
        else:
            keep_fragments(config, file, page.fragments)  # put back by on_page_context
        if page.edit_path:
            file.edit_uri = Path(os.path.relpath(root / page.edit_path, docs_dir)).as_posix()
        files.append(file)
    for page in start_index(config, site.search):  # Pagefind indexes while MkDocs renders
        files.append(File.generated(config, page.path, content=page.content))
    return files


def _warn(problem: Problem) -> None:
    """A data warning (probably a mistake, perhaps right): shown by `mkdocs serve` and in the
    build's log, but logged below WARNING so the strict build (as in CI) publishes the map.

    `python -m hooks validate` does not fail on warnings either, and a county's real file
    may be right where a warning doubts it (an `updated` date kept on purpose): blocking the
    build would stop the whole site for a question only the county can answer. The pull
    request check lists warnings in its summary and as annotations."""
    logging.getLogger("mkdocs.plugins.asset_map").info(problem.format())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    snippets = getattr(files, "asset_map_snippets", {})
    return PLACEHOLDER.sub(lambda match: _snippet(snippets, match[1], page), markdown)


def _snippet(snippets: dict[str, str], name: str, page: Page) -> str:
    if name not in snippets:
        raise PluginError(
            f"{page.file.src_uri}: no generated block named '{name}' (known: {', '.join(sorted(snippets))})."
        )
    if not page.is_homepage:
        raise PluginError(
            f"{page.file.src_uri}: generated blocks link from the site's root, "
            "so they can only be placed on the home page."
        )
    return snippets[name]


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if _serving(config):
        files.asset_map_site_key = site_key(config, nav)  # read by on_page_content, this build only
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    keep_environment(config, env)
    return reuse_compiled_templates(env)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Under `serve`, put the generated HTML blocks in now: page reuse needs the whole page.

    Otherwise they wait for on_page_context: MkDocs reads every page before rendering any,
    and holding every page's finished HTML at once is what would not fit at scale.
    """
    if not _serving(config):
        return html
    fragments = take_fragments(page.file)
    html = fill_fragments(html, fragments) if fragments else html
    return reuse_page(page, html, files.asset_map_site_key)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    fragments = take_fragments(page.file)
    if fragments:
        page.content = fill_fragments(page.content or "", fragments)
    if not _serving(config):
        page.asset_map_scripts = theme_scripts(config, context)  # read by on_post_page
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if not _serving(config):
        config.asset_map_theme["templates"][template_name] = theme_scripts(config, context)
    return context


def _serving(config: MkDocsConfig) -> bool:
    """True under `mkdocs serve`, which points site_url at the development server.

    The development server adds an inline live-reload script to every page it serves, which
    the Content-Security-Policy would block, so pages built for it carry no policy. It also
    rebuilds after every edit, so only then is what a build made kept for the next one.
    """
    address = config.dev_addr
    return (config.site_url or "").startswith(f"http://{address.host}:{address.port}/")


def _reusing(config: MkDocsConfig) -> bool:
    """Only `mkdocs serve` rebuilds, so only then is anything kept for the next build."""
    return _serving(config) and reuse_allowed(_options(config).get("reuse", True))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _serving(config):
        output = finished_page(output, page)
    else:
        page.content = None  # written out with `output`; nothing reads it again
        output = with_policy(output, page.asset_map_scripts)
    add_page(config, page, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """A one-off build waits for the search index; under `serve` it is written meanwhile."""
    (index_later if _serving(config) else finish_index)(config, then=lambda: remove_spool(config))


def on_shutdown() -> None:
    wait_for_index()


def on_build_error(error: Exception) -> None:
    stop_index()


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _serving(config) or not template_name.endswith(".html"):
        return output_content
    return with_policy(output_content, config.asset_map_theme["templates"].pop(template_name))


def _edit_base(config: MkDocsConfig, options: dict) -> str | None:
    if not config.repo_url:
        return None
    return f"{config.repo_url.rstrip('/')}/edit/{options.get('branch', 'main')}/"
