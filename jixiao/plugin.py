"""The MkDocs side: the ``jixiao`` plugin hands the pipeline's generated pages to MkDocs in memory.

Registered as the ``mkdocs.plugins`` entry point ``jixiao`` (a site lists
``plugins: [search, jixiao]``); this repository's mkdocs.yml reaches the same
plugin through ``hooks/jixiao_site.py`` with its options under
``extra.jixiao``.  All logic lives in the pipeline (``jixiao.build``); this
module only declares the options, reports problems through MkDocs' logger,
appends ``File.generated`` files and, after the build, runs the post-build
steps.  Nothing is written into the docs folder; per-build state lives on the
plugin instance and is set afresh by every ``on_config``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from jixiao import theme
from jixiao.build import prepare
from jixiao.postbuild.host_audit import audit_site
from jixiao.postbuild.search_segmentation import (
    SEARCH_TERMS,
    SearchWorkerChangedError,
    patch_search_worker,
)

log = logging.getLogger("mkdocs.plugins.jixiao")


class JixiaoConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own hook
    """The plugin's options; paths are relative to mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    chart_cache = c.Type(str, default=".cache/charts")


class JixiaoPlugin(BasePlugin[JixiaoConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.base = Path(".")
        # The page order of the current build, for on_nav.
        self.nav_order: list[str] = []

    @event_priority(100)  # before the search plugin's own on_config reads its dictionaries
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start a build: anchor our paths and the search dictionaries at mkdocs.yml; give
        search our fiscal terms unless the site names its own dictionary."""
        self.base = Path(config.config_file_path or ".").parent
        self.nav_order = []
        # Our overrides come after a site's own custom_dir, before the theme's templates.
        position = 1 if config.theme.custom_dir else 0
        if str(theme.OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(theme.OVERRIDES))
        config.extra_css += [css for css in theme.STYLESHEETS if css not in config.extra_css]
        listed = {str(script) for script in config.extra_javascript}
        config.extra_javascript += [js for js in theme.SCRIPTS if js not in listed]
        for plugin in config.plugins.values():
            settings: Any = getattr(plugin, "config", None)
            if not hasattr(settings, "jieba_dict_user"):
                continue  # not Material's search plugin
            for key in ("jieba_dict", "jieba_dict_user"):
                value = getattr(settings, key, None)
                if isinstance(value, str) and value and not Path(value).is_absolute():
                    setattr(settings, key, str(self.base / value))
            if not settings.jieba_dict_user:
                settings.jieba_dict_user = str(SEARCH_TERMS)
        return config

    def data_dir(self) -> Path:
        folder = self.base / self.config.data_dir
        if not folder.is_dir():
            raise PluginError(
                f"找不到数据文件夹 {folder}；请检查 mkdocs.yml 中 jixiao 的 data_dir 选项。"
            )
        return folder

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = prepare(
            self.data_dir(),
            chart_cache=self.base / self.config.chart_cache,
            # a site's own about page wins over the generated one
            about=files.get_file_from_path("about.md") is None,
        )
        for problem in build.loaded.problems:
            log.error("\n" + problem.render())
        for problem in build.audited.notices:
            log.info("\n" + problem.render())
        for problem in build.audited.failures:
            # Warnings: `mkdocs build --strict` (our default) fails on them after the build.
            log.warning("\n" + problem.render())
        for problem in build.chart_problems:
            log.error("\n" + problem.render())
        if build.site is None:
            raise PluginError(build.stopped or "网站未生成。")
        self.nav_order = build.site.nav
        for path, content in build.site.files.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} 与生成的页面同名；生成的页面不能写在文档文件夹中。"
                )
            files.append(File.generated(config, path, content=content))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Order the top level as the pipeline asks (newest year first); other pages follow."""
        rank = {path: i for i, path in enumerate(self.nav_order)}

        def key(item: Any) -> int:
            file = getattr(item, "file", None)
            return rank.get(file.src_uri, len(rank)) if file is not None else len(rank)

        nav.items.sort(key=key)
        return nav

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Correct Chinese query splitting in the search worker, then refuse output that loads
        anything from another host."""
        site_dir = Path(config.site_dir)
        try:
            patch_search_worker(site_dir)
        except SearchWorkerChangedError as changed:
            raise PluginError(str(changed)) from None
        references = audit_site(site_dir)
        if references:
            for reference in references:
                log.error(reference.render())
            raise PluginError(
                f"网站有 {len(references)} 处引用了其他网站的地址（字体、CDN、统计等），"
                "读者的浏览器会向那些网站发出请求；请改用本站内的文件。"
                "说明见 jixiao/postbuild/host_audit.py。"
            )


def configured(options: object, config_file_path: str | None) -> JixiaoPlugin:
    """A plugin with these options validated by MkDocs (for the hook file: ``extra.jixiao``)."""
    plugin = JixiaoPlugin()
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise PluginError("mkdocs.yml 中 extra.jixiao 应为映射，如 {data_dir: data}。")
    errors, warnings = plugin.load_config(options, config_file_path)
    if errors or warnings:  # an unknown option is a mistake, as under `strict: true`
        found = "；".join(f"{key}：{error}" for key, error in [*errors, *warnings])
        raise PluginError(f"mkdocs.yml 中 extra.jixiao 的选项有误：{found}")
    return plugin
