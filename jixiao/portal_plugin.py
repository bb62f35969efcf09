"""The MkDocs plugin's side of a county portal: the portal build's pages handed to MkDocs.

The plugin (``jixiao.plugin``) sends a data folder holding ``portal.yaml`` here.  The pages
reach MkDocs as a one-department site's do (``File.generated``, nothing written into the
docs folder), with one difference: only the county's pages (home, comparisons, about) are in
the navigation; every department page is generated as not in the navigation (MkDocs'
``InclusionLevel.NOT_IN_NAV``), reached by links, so a strict build accepts it and the
navigation Material writes into every page stays small.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from jixiao.checks.site_text import site_text_problems

if TYPE_CHECKING:
    from jixiao.build import Build
    from jixiao.build_portal import PortalBuild
    from jixiao.plugin import JixiaoPlugin
    from jixiao.sitecache import FinishedSite

log = logging.getLogger("mkdocs.plugins.jixiao")

# As jixiao.model.county names it; not imported from there, which would load pydantic into a
# build whose whole site comes from the cache.
PORTAL_FILE = "portal.yaml"


def is_portal(data_dir: Path) -> bool:
    """Whether the data folder is a county portal's (it holds ``portal.yaml``)."""
    return (data_dir / PORTAL_FILE).is_file()


def portal_files(
    plugin: JixiaoPlugin,
    files: Files,
    config: MkDocsConfig,
    data_dir: Path,
    *,
    serving: bool,
    about: bool,
) -> Files:
    """Build the portal (each department in a worker process) and hand its pages to MkDocs."""
    # Imported here: a site without portal.yaml never loads the portal build.
    from jixiao.build_portal import Options, prepare_portal
    from jixiao.plugin import _messages

    def messages(build: Build) -> list[tuple[int, str]]:
        return _messages(build, serving)

    options = Options(
        memo=plugin.memo,
        drafts="preview" if serving else "omit",
        about=about,
        messages=messages,
        slot="serve" if serving else "build",
        generate_only=plugin.shard.departments if plugin.shard else None,
    )
    built = prepare_portal(data_dir, options)
    # Pruning removes what this build did not read: after a build that took some departments
    # from the memo, their charts and downloads too, so only a build of every department
    # prunes (a shard never: the other departments' entries are not its to judge).
    plugin.generated = not built.kept and plugin.shard is None
    plugin.changed = bool(built.generated)
    level = logging.INFO if serving else logging.ERROR
    for problem in built.stopping:
        log.log(level, "\n" + problem.render())
    if built.site is None:
        if serving:
            return plugin._show_errors(files, config, built.stopped or "", built.stopping)
        raise PluginError(built.stopped or "门户网站未生成。")
    site = built.site
    for message_level, message in site.messages:
        log.log(message_level, message)
    plugin.not_personal = site.not_personal
    plugin.departments = built.names  # search's 部门 filter, on each report page
    if plugin.shard is not None:
        _shard_of(plugin, built, data_dir)
    own = site_text_problems(
        Path(config.config_file_path or "mkdocs.yml"), site.not_personal, Path(config.docs_dir)
    )
    if own:
        return plugin._personal_in_site_text(own, files, config, serving)
    plugin.nav_order = site.nav
    _hand_over(site, files, config)
    for path in _elsewhere(plugin, built):
        # Another shard's page: known to MkDocs, so the county's links to it are converted as
        # in the whole portal, but excluded (MkDocs' InclusionLevel.EXCLUDED): not built.
        files.append(File.generated(config, path, content="", inclusion=InclusionLevel.EXCLUDED))
    return files


def _hand_over(site: FinishedSite, files: Files, config: MkDocsConfig) -> None:
    """The portal's files to MkDocs, the pages outside the navigation marked so."""
    listed = set(site.nav)
    for path, content in site.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(
                f"{config.docs_dir}/{path} 与生成的页面同名；生成的页面不能写在文档文件夹中。"
            )
        page = path.endswith(".md")
        inclusion = InclusionLevel.NOT_IN_NAV if page and path not in listed else None
        if inclusion is None:
            files.append(File.generated(config, path, content=content))
        else:
            files.append(File.generated(config, path, content=content, inclusion=inclusion))


def _shard_of(plugin: JixiaoPlugin, built: PortalBuild, data_dir: Path) -> None:
    """A shard's view of the whole portal: every department in order, and the report pages of
    those another shard builds (the search page lists their filters too)."""
    assert plugin.shard is not None
    ids = [outcome.id for outcome in built.outcomes]
    unknown = [d for d in plugin.shard.departments if d not in ids]
    if unknown:
        from jixiao.infra.errors import StaffError
        from jixiao.plugin import StaffPluginError

        raise StaffPluginError(
            StaffError(
                f"门户中没有这些部门：{'、'.join(unknown)}。",
                path=data_dir / PORTAL_FILE,
                hint="--departments 写 portal.yaml 中列出、data/ 下有文件夹的部门编号，"
                "以逗号分开。",
            )
        )
    plugin.portal_order = ids
    plugin.other_pages = [p for p in _elsewhere(plugin, built) if not p.endswith("/index.md")]


def _elsewhere(plugin: JixiaoPlugin, built: PortalBuild) -> list[str]:
    """The pages of the departments another shard builds that the county's pages link to:
    each department's home and report pages."""
    if plugin.shard is None:
        return []
    mine = set(plugin.shard.departments)
    return [
        page
        for o in built.outcomes
        if o.id not in mine and o.years
        for page in [f"{o.id}/index.md", *(f"{o.id}/{y.year}.md" for y in o.years)]
    ]
