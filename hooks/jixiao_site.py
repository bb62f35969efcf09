"""This repository's MkDocs hook file: it hands every build event to the installed jixiao plugin.

mkdocs.yml lists this file under ``hooks:`` (the design card keeps a hook
file for this repository) and gives the plugin's options under
``extra.jixiao``; sites made by ``jixiao init`` list ``plugins: [jixiao]``
instead.  MkDocs keeps a hook module for the whole ``mkdocs serve`` session,
so the plugin is made afresh for every build, in ``on_config``, and kept in
the one place MkDocs gives a hook file for state: this module.  Nothing else
belongs here: MkDocs puts this folder first on ``sys.path`` while it loads
the file, so any other module in it could shadow a real one.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from jixiao.plugin import JixiaoPlugin, configured

_build: list[JixiaoPlugin] = []  # this build's plugin
# The MkDocs command of this session (build, serve), from on_startup, which MkDocs sends once
# per session, before the first on_config: each build's new plugin is told it again.
_startup: dict[str, Any] = {"command": "build", "dirty": False}


def on_startup(command: str, dirty: bool) -> None:
    _startup.update(command=command, dirty=dirty)


@event_priority(100)  # as the plugin's: before other plugins see the theme and scripts
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _build[:] = [configured(config.extra.get("jixiao"), config.config_file_path)]
    _build[0].on_startup(**_startup)
    return _build[0].on_config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _build[0].on_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return _build[0].on_nav(nav, config, files)


@event_priority(-100)  # as the plugin's: after any plugin that changes the Markdown
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build[0].on_page_markdown(markdown, page=page, config=config, files=files)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
    _build[0].on_env(env, config=config, files=files)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> Any:
    return _build[0].on_serve(server, config=config, builder=builder)


def on_post_build(config: MkDocsConfig) -> None:
    _build[0].on_post_build(config)
