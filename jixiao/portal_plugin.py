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
    from jixiao.plugin import JixiaoPlugin

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
    )
    built = prepare_portal(data_dir, options)
    # Pruning removes what this build did not read: after a build that took some departments
    # from the memo, their charts and downloads too, so only a build of every department prunes.
    plugin.generated = not built.kept
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
    own = site_text_problems(
        Path(config.config_file_path or "mkdocs.yml"), site.not_personal, Path(config.docs_dir)
    )
    if own:
        return plugin._personal_in_site_text(own, files, config, serving)
    plugin.nav_order = site.nav
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
    return files
