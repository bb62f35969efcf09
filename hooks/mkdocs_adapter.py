"""MkDocs hooks: the thin adapter that hands the pipeline's generated pages to MkDocs in memory.

Listed under ``hooks:`` in mkdocs.yml.  All logic lives in the pipeline
(``hooks.site``) and in plain modules; this module only reads our options,
reports data problems through MkDocs' logger, appends ``File.generated``
files and, after the build, runs ``hooks.search_segmentation`` and
``hooks.host_audit`` on the output.  Nothing is written into the docs folder,
and no state is kept between builds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from hooks.audit import audit_loaded
from hooks.host_audit import audit_site
from hooks.problems import DataError
from hooks.search_segmentation import SearchWorkerChangedError, patch_search_worker
from hooks.site import generate, load_data

log = logging.getLogger("mkdocs.plugins.jixiao")

# The page order of the current build, set afresh by every on_files for its on_nav.
_nav_order: list[str] = []

DEFAULT_OPTIONS: dict[str, Any] = {"data_dir": "data", "chart_cache": ".cache/charts"}


@event_priority(100)  # before the search plugin's own on_config reads its dictionaries
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Search dictionaries named in mkdocs.yml are relative to mkdocs.yml, not to the folder
    the build happens to run in."""
    base = Path(config.config_file_path or ".").parent
    for plugin in config.plugins.values():
        settings = getattr(plugin, "config", None)
        for key in ("jieba_dict", "jieba_dict_user"):
            value = getattr(settings, key, None)
            if isinstance(value, str) and value and not Path(value).is_absolute():
                setattr(settings, key, str(base / value))
    return config


def options(config: MkDocsConfig) -> dict[str, Any]:
    """Our options, from ``extra.jixiao`` in mkdocs.yml, checked."""
    given = config.extra.get("jixiao") or {}
    if not isinstance(given, dict):
        raise PluginError("mkdocs.yml 中 extra.jixiao 应为映射，如 {data_dir: data}。")
    unknown = sorted(set(given) - set(DEFAULT_OPTIONS))
    if unknown:
        raise PluginError(
            f"mkdocs.yml 中 extra.jixiao 有未知选项：{'、'.join(unknown)}；"
            f"可用的选项：{'、'.join(DEFAULT_OPTIONS)}。"
        )
    merged = {**DEFAULT_OPTIONS, **given}
    if not isinstance(merged["data_dir"], str):
        raise PluginError("mkdocs.yml 中 extra.jixiao.data_dir 应为文件夹路径文字。")
    if not isinstance(merged["chart_cache"], str):
        raise PluginError("mkdocs.yml 中 extra.jixiao.chart_cache 应为文件夹路径文字。")
    return merged


def data_dir(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path or ".").parent
    folder = base / str(options(config)["data_dir"])
    if not folder.is_dir():
        raise PluginError(
            f"找不到数据文件夹 {folder}；请检查 mkdocs.yml 中 extra.jixiao.data_dir。"
        )
    return folder


def on_files(files: Files, config: MkDocsConfig) -> Files:
    loaded = load_data(data_dir(config))
    if loaded.problems:
        for problem in loaded.problems:
            log.error("\n" + problem.render())
        raise PluginError(
            f"数据文件有 {len(loaded.problems)} 个问题，网站未生成。"
            "请按上面的提示修正；也可用 jixiao check 检查。"
        )
    audited = audit_loaded(loaded)
    for notice in audited.notices:
        log.info("\n" + notice.render())
    for failure in audited.failures:
        # Warnings: `mkdocs build --strict` (our default) fails on them after the build.
        log.warning("\n" + failure.render())
    if audited.blocking:
        raise PluginError("数据中含有个人信息（身份证号或手机号），网站未生成。请删除后再构建。")
    cache = Path(config.config_file_path or ".").parent / str(options(config)["chart_cache"])
    try:
        site = generate(loaded.reports, loaded.sources, chart_cache=cache)
    except DataError as error:
        for problem in error.problems:
            log.error("\n" + problem.render())
        raise PluginError(f"图表有 {len(error.problems)} 个问题，网站未生成。") from None
    _nav_order[:] = site.nav
    for path, content in site.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"content/{path} 与生成的页面同名；生成的页面不能写在 content/ 中。")
        files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Order the top level as the pipeline asks (newest year first); other pages follow."""
    rank = {path: i for i, path in enumerate(_nav_order)}

    def key(item: Any) -> int:
        file = getattr(item, "file", None)
        return rank.get(file.src_uri, len(rank)) if file is not None else len(rank)

    nav.items.sort(key=key)
    return nav


def on_post_build(config: MkDocsConfig) -> None:
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
            "读者的浏览器会向那些网站发出请求；请改用本站内的文件。说明见 hooks/host_audit.py。"
        )
