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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from asset_map.cache import reuse_allowed
from asset_map.csp import with_policy
from asset_map.elsewhere import Elsewhere, MadeElsewhereFailed, close_all, made_elsewhere
from asset_map.freshness import Clock, build_date
from asset_map.language import theme_words
from asset_map.load import load_dataset, process_count
from asset_map.problems import Problem, ProblemsFound
from asset_map.render import fill_fragments
from asset_map.site import SiteSettings, generate
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs_languages import DEFAULT_LANGUAGE, hreflang_links, pair_languages, relative_alternates
from mkdocs_reuse import finished_page, reuse_compiled_templates, reuse_page, site_key, start_build
from mkdocs_search import (
    add_page,
    finish_index,
    index_later,
    index_meanwhile,
    start_index,
    stop_index,
    wait_for_index,
)
from mkdocs_spool import (
    also_on_sigterm,
    discard_spool,
    keep_fragments,
    take_fragments,
    take_spool,
    write_to_site,
)
from mkdocs_theme import keep_environment, theme_scripts

if TYPE_CHECKING:
    from collections.abc import Iterator

    from asset_map.render import Page as Generated
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
    plugin = config.plugins.get("i18n")
    only = getattr(plugin, "config", {}).get("build_only_locale") if plugin is not None else None
    if only not in (None, DEFAULT_LANGUAGE):
        raise PluginError(
            f"asset_map: ASSET_MAP_ONLY_LANGUAGE={only} cannot be previewed on its own: only the English "
            "site can, because every build starts with the English pages. "
            f"Use ASSET_MAP_ONLY_LANGUAGE={DEFAULT_LANGUAGE}, or leave it out to build every language."
        )
    data_dir = _project_root(config) / _options(config).get("data_dir", "counties")
    overrides = config.theme.custom_dir  # `serve` watches the theme only with --watch-theme
    for folder in (str(data_dir), overrides):
        if folder and folder not in config.watch:
            config.watch.append(folder)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    # mkdocs-static-i18n runs a build per language: only the first one starts a new build
    # (the others must not stop its search index or sweep the pages it kept under `serve`).
    if _language(config) == DEFAULT_LANGUAGE:
        stop_index()  # an index still being written for the previous build under `serve`
        start_build(config, reuse=_reusing(config))


def _language(config: MkDocsConfig) -> str:
    """The language this build pass makes: mkdocs-static-i18n (`plugins: - i18n`) builds the
    site once per language, and says which through its `current_language`."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or DEFAULT_LANGUAGE


# After mkdocs-static-i18n's on_files (priority -100), which cannot handle generated files.
@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = _project_root(config)
    language = _language(config)
    options = _options(config)
    serving = _serving(config)
    reuse = _reusing(config)
    # The other languages' passes of the same build reuse the first one's data and matching.
    shared = getattr(config, "asset_map_shared", None) if language != DEFAULT_LANGUAGE else None
    if shared is not None:
        dataset, analysis = shared
    else:
        analysis = None
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
        language=language,
        source_root=root,
    )
    docs_dir = Path(config.docs_dir).resolve()
    elsewhere: Elsewhere | None = getattr(config, "asset_map_elsewhere", None) if shared is not None else None
    if elsewhere is not None and elsewhere.settings.get(language) != settings:
        # Made with other settings than this pass's (a per-language `extra`, say): make them here.
        logging.getLogger("mkdocs.plugins.asset_map").info(f"Making the {language} pages again: their settings differ")
        _close_elsewhere(config)
        elsewhere = None
    site = generate(dataset, settings, analysis, elsewhere.pages(language) if elsewhere else None)
    # Kept for the other languages' passes (mkdocs-static-i18n runs them from this pass's
    # on_post_build, with this config); the next build's first pass replaces them.
    config.asset_map_shared = (dataset, site.analysis) if _later_languages(config, language) else None
    if shared is None and config.asset_map_shared is not None and not serving:
        # Their pages are made meanwhile in a second process (elsewhere.py), if allowed.
        others = [replace(settings, language=code) for code in _later_languages(config)]
        config.asset_map_elsewhere = made_elsewhere(dataset, others, site.analysis)
        if config.asset_map_elsewhere is not None:
            also_on_sigterm(close_all)
            logging.getLogger("mkdocs.plugins.asset_map").info(
                f"Making the {', '.join(_later_languages(config))} pages in a second process meanwhile"
            )
    del dataset  # generation holds what it still needs
    files.asset_map_snippets = site.snippets  # read by on_page_markdown, this build only
    generated: list[File] = []
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    for page in _reported(site.pages):
        # A page in another language keeps its English source path, as the plugin's pages
        # do (about.es.md is `about.md` going to es/about/), so that Markdown links from
        # hand-written pages (`map/index.md`) find it in every language.
        source = page.path.removeprefix(prefix) if page.path.endswith(".md") else page.path
        if files.get_file_from_path(source) is not None:
            raise PluginError(
                f"asset_map: {Path(config.docs_dir).name}/{source} would hide a generated "
                "page with the same address; rename or remove it."
            )
        if not serving and not page.path.endswith(".md"):
            file = File.generated(config, source, abs_src_path=str(write_to_site(config, page)))
        else:
            file = File.generated(config, source, content=page.whole)
        if source != page.path:
            stem = page.path.removesuffix(".md")
            file.dest_uri = (stem.removesuffix("index") if stem.endswith("/index") else stem + "/") + "index.html"
        if serving:
            file.asset_map_fragments = page.fragments  # put back by on_page_content
        else:
            keep_fragments(config, file, page.fragments)  # put back by on_page_context
        if page.edit_path:
            file.edit_uri = Path(os.path.relpath(root / page.edit_path, docs_dir)).as_posix()
        files.append(file)
        generated.append(file)
    if elsewhere is not None and not _later_languages(config, language):
        _close_elsewhere(config)  # every page it made is read
    for page in start_index(config, site.search, prefix=prefix, language=language):
        files.append(File.generated(config, page.path, content=page.whole))
    pair_languages(config, language, generated)
    return files


def _reported(pages: Iterator[Generated]) -> Iterator[Generated]:
    """`pages`, a failure of the second process that made them (elsewhere.py) reported as a
    build error with its cause, not as a crash."""
    try:
        yield from pages
    except MadeElsewhereFailed as failed:
        raise PluginError(str(failed)) from None


def _later_languages(config: MkDocsConfig, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The languages whose passes come after `language`'s: mkdocs-static-i18n builds the
    default language first, then the others in the order of its `languages`."""
    plugin = config.plugins.get("i18n")
    order = [DEFAULT_LANGUAGE] + [code for code in getattr(plugin, "build_languages", ()) if code != DEFAULT_LANGUAGE]
    return order[order.index(language) + 1 :] if language in order else []


def _close_elsewhere(config: MkDocsConfig) -> None:
    """Stop the second process if it is at work (a failed build), and remove its files."""
    elsewhere = getattr(config, "asset_map_elsewhere", None)
    config.asset_map_elsewhere = None
    if elsewhere is not None:
        elsewhere.close()
        config.asset_map_elsewhere_usage = elsewhere.usage  # read by bench/bench.py
        if elsewhere.usage is not None:
            logging.getLogger("mkdocs.plugins.asset_map").info(
                f"The second process used {elsewhere.usage.ru_utime + elsewhere.usage.ru_stime:.2f} s of processor "
                f"time and at most {elsewhere.usage.ru_maxrss / 1024:.0f} MB of memory"
            )


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
    language = _language(config)
    home = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    return PLACEHOLDER.sub(lambda match: _snippet(snippets, match[1], page, home), markdown)


def _snippet(snippets: dict[str, str], name: str, page: Page, home: str) -> str:
    if name not in snippets:
        raise PluginError(
            f"{page.file.src_uri}: no generated block named '{name}' (known: {', '.join(sorted(snippets))})."
        )
    if not (page.is_homepage or page.url == home):  # a language's home page: es/
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
    relative_alternates(config)
    context["am_hreflang"] = hreflang_links(config, context)  # read by theme_overrides/main.html
    context["am_words"] = theme_words(_language(config))
    if not _serving(config):
        page.asset_map_scripts = theme_scripts(config, context)  # read by on_post_page
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    context["am_words"] = theme_words(_language(config))  # the 404 page's header
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
    """A one-off build waits for the search indexes at the end of its last language pass
    (each earlier pass's index is written while the next pass makes its pages); under
    `serve` they are written meanwhile."""
    spool = take_spool(config)  # the next language's pass (same config) makes its own
    if _serving(config):
        index_later(config, then=lambda: discard_spool(spool))
    elif _later_languages(config, _language(config)) and process_count() > 1:
        index_meanwhile(config, then=lambda: discard_spool(spool))
    else:
        finish_index(config, then=lambda: discard_spool(spool))


def on_shutdown() -> None:
    wait_for_index()
    close_all()


def on_build_error(error: Exception) -> None:
    stop_index()
    close_all()


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _serving(config) or not template_name.endswith(".html"):
        return output_content
    return with_policy(output_content, config.asset_map_theme["templates"].pop(template_name))


def _edit_base(config: MkDocsConfig, options: dict) -> str | None:
    if not config.repo_url:
        return None
    return f"{config.repo_url.rstrip('/')}/edit/{options.get('branch', 'main')}/"
