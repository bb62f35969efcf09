"""The MkDocs side: the ``jixiao`` plugin hands the pipeline's generated pages to MkDocs in memory.

Registered as the ``mkdocs.plugins`` entry point ``jixiao`` (a site lists
``plugins: [jixiao]``); this repository's mkdocs.yml reaches the same
plugin through ``hooks/jixiao_site.py`` with its options under
``extra.jixiao``.  All logic lives in the pipeline (``jixiao.build``); this
module only declares the options, reports problems through MkDocs' logger,
appends ``File.generated`` files (the search page among them) and, after the
build, runs the post-build steps (the search index first).  Nothing is written
into the docs folder; per-build state lives on the plugin instance and is set
afresh by every ``on_config``.

Under ``mkdocs serve`` a build stopped by the data does not fail: its home page
lists the problems instead, so the page staff are looking at says what is
wrong rather than waiting for a reload that never comes.  ``mkdocs build``
still fails.
"""

from __future__ import annotations

import contextlib
import html
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from jixiao import rebuilds, theme
from jixiao.checks.site_text import site_text_problems
from jixiao.infra.errors import StaffError
from jixiao.infra.memo import FOLDER, Memo, remove_former
from jixiao.infra.workers import start_early
from jixiao.pages.compiled import CompiledTemplates
from jixiao.plugin_audits import SiteAudits
from jixiao.plugin_search import SiteSearch
from jixiao.portal_plugin import is_portal, portal_files
from jixiao.postbuild import search_serve
from jixiao.postbuild.search_index import (
    OUTPUT,
    built_pages,
)
from jixiao.postbuild.search_offline import OFFLINE_SEARCH, write_offline_search
from jixiao.postbuild.search_sections import (
    PageFilters,
    report_filters,
)
from jixiao.postbuild.shards import (
    Manifest,
    ShardTarget,
    shard_target,
    sitemap_entries,
    write_manifest,
)
from jixiao.sitecache import (
    FinishedSite,
    site_from_json,
    site_inputs,
    site_json,
)
from jixiao.source.problems import DataError, Problem, places, render_problems
from jixiao.theme import csp, search_page

if TYPE_CHECKING:  # (the live-reload server only under serve: a build does not import it)
    from mkdocs.livereload import LiveReloadServer

    from jixiao.build import Build
    from jixiao.charts.assets import PendingCharts

log = logging.getLogger("mkdocs.plugins.jixiao")


class StaffPluginError(MkDocsException):
    """A StaffError raised through MkDocs, keeping its exit code.

    Not a PluginError: MkDocs turns those into a bare “Aborted”, losing the code that
    ``jixiao bundle`` reports; this one reaches the caller as it is (``mkdocs build``
    prints it as “Error: …”)."""

    def __init__(self, error: StaffError) -> None:
        self.staff = error
        super().__init__(error.render())


def error_page(stopped: str, problems: list[Problem]) -> str:
    """The home page of a serve build the data stopped: every problem, as plain text."""
    listing = html.escape(render_problems(problems)) if problems else ""
    return (
        "# 数据有问题，网站未生成\n\n"
        f"{html.escape(stopped)}\n\n"
        "改好数据文件并保存后，本页会自动刷新。\n\n"
        + (f'<pre class="jixiao-problems">{listing}</pre>\n' if listing else "")
    )


class JixiaoConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own hook
    """The plugin's options; paths are relative to mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    # The build cache (``jixiao.infra.memo``); ``cache: false`` keeps nothing between builds.
    cache_dir = c.Type(str, default=FOLDER)
    cache = c.Type(bool, default=True)
    # The older name: the cache folder is its parent (``<folder>/charts`` → ``<folder>``).
    chart_cache = c.Optional(c.Type(str))


class JixiaoPlugin(BasePlugin[JixiaoConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.base = Path(".")
        # The page order of the current build, for on_nav.
        self.nav_order: list[str] = []
        # The MkDocs command (build, serve, gh-deploy), from on_startup.
        self.command = "build"
        # The searched pages by URL with their filters (年度, 部门), from on_files: every report
        # page, <year>.md, and on a portal <department-id>/<year>.md of the departments named
        # here (id -> the name the 部门 filter shows), which a portal's build sets in _files.
        self.search_filters: Mapping[str, PageFilters] = {}
        self.departments: Mapping[str, str] = {}
        # Charts being drawn while MkDocs converts the pages, from on_files: waited for in on_env
        # (with the site they complete and its key in the memo).
        self.drawing: tuple[PendingCharts, FinishedSite, str | None] | None = None
        # The build cache of this build (off with ``cache: false``), from on_config.
        self.memo = Memo(None)
        # Whether this build ran the pipeline (not taken whole from the memo): then it prunes.
        self.generated = False
        # Whether any page was made afresh (a portal that took some departments from the memo
        # made the others): then the search index is begun early (``_index_early``).
        self.changed = False
        self.started = time.time()  # this build's start, from on_config
        # The numbers the data declares not personal, from on_files: for the post-build audit.
        self.not_personal: list[str] = []
        # A shard of a portal (``jixiao shard``), from on_config: its departments and manifest;
        # from on_files every department in order and the report pages of the others (for the
        # search page's filters), from on_env the pages in MkDocs' order (for the sitemap).
        self.shard: ShardTarget | None = None
        self.portal_order: list[str] = []
        self.other_pages: list[str] = []
        self.page_order: list[str] = []
        # The search index of this build, from on_config (``plugin_search``).
        self.search = SiteSearch(Memo(None))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before other plugins see the theme and scripts
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start a build: anchor our paths at mkdocs.yml; add our theme to the site."""
        self.base = Path(config.config_file_path or ".").parent
        self.nav_order = []
        self.started = time.time()
        self.generated = self.changed = False
        if self.config.cache:
            self._cache_apart(config)
        self.memo = Memo(self.cache_dir() if self.config.cache else None)
        if self.drawing is not None:  # a build before that stopped before on_env
            self.drawing[0].close()
            self.drawing = None
        self.search.close()  # begun by a build that stopped before its post-build
        self.search = SiteSearch(self.memo)
        # A first build draws every chart: matplotlib is imported in the chart workers' server
        # while MkDocs starts and the data is read.
        start_early(self.memo.holds(CHARTS), self.base / self.config.data_dir)
        self.search_filters = {}
        self.departments = {}
        try:
            self.shard = shard_target(config.extra)
        except StaffError as error:
            raise StaffPluginError(error) from None
        self.portal_order, self.other_pages, self.page_order = [], [], []
        search_serve.LATER.cancel()  # the index of a build before is out of date
        if "material/search" in config.plugins:  # a site made by an older jixiao init
            log.info(
                "mkdocs.yml 仍启用 Material 的 search 插件：每一页都会载入整站的搜索索引。"
                "jixiao 已用 Pagefind 建立“搜索”页，请从 plugins 中删去 search。"
            )
        # Our overrides come after a site's own custom_dir, before the theme's templates.
        position = 1 if config.theme.custom_dir else 0
        if str(theme.OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(theme.OVERRIDES))
        config.extra_css += [css for css in theme.STYLESHEETS if css not in config.extra_css]
        config.markdown_extensions += [
            name for name in theme.MARKDOWN_EXTENSIONS if name not in config.markdown_extensions
        ]
        if not config.site_description:  # every page's meta description (search engines)
            config.site_description = f"{config.site_name}：各年度报告全文、主要数字和数据下载"
        portal = is_portal(self.base / self.config.data_dir)
        if portal:  # the comparison tables' sorting
            config.extra_css += [c for c in theme.PORTAL_STYLESHEETS if c not in config.extra_css]
        listed = {str(script) for script in config.extra_javascript}
        for path in (*theme.SCRIPTS, *(theme.PORTAL_SCRIPTS if portal else ())):
            if path not in listed:
                script = ExtraScriptValue(path)
                # never hold up first paint: jixiao.js only labels scroll boxes and unfolds chart
                # tables, and deferred scripts still run before Material needs ResizeObserver
                script.defer = True
                config.extra_javascript.append(script)
        return config

    def data_dir(self) -> Path:
        folder = self.base / self.config.data_dir
        if not folder.is_dir():
            raise StaffError(
                "找不到数据文件夹。",
                path=folder,
                hint="请检查 mkdocs.yml 中 jixiao 的 data_dir 选项。",
            )
        return folder

    def cache_dir(self) -> Path:
        """Where builds keep what they made: the ``cache_dir`` option, or the folder the older
        ``chart_cache`` names where only that is given.  (Its parent, as it once was, is the
        site's own folder for ``chart_cache: charts``: the cache's ``site`` entries landed in
        the published site.)"""
        if self.config.chart_cache and self.config.cache_dir == FOLDER:
            return self.base / self.config.chart_cache
        return self.base / self.config.cache_dir

    def _cache_apart(self, config: MkDocsConfig) -> None:
        """Refuse a cache folder that is, holds or lies in the site's output, its pages or its
        data: the cache's entries would be published, or cleaned away by MkDocs, or read as
        data."""
        cache = self.cache_dir().resolve()
        for option, folder in (
            ("site_dir", Path(config.site_dir)),
            ("docs_dir", Path(config.docs_dir)),
            ("data_dir", self.base / self.config.data_dir),
        ):
            other = folder.resolve()
            if cache == other or cache in other.parents or other in cache.parents:
                raise StaffPluginError(
                    StaffError(
                        f"构建缓存的文件夹与 {option} 重叠：缓存的条目会混进{_OVERLAP[option]}。",
                        path=cache,
                        expected=f"与 {option}（{other}）互不包含的文件夹",
                        hint="在 mkdocs.yml 中把 jixiao 的 cache_dir 设为单独的文件夹，"
                        "例如默认的 .cache。",
                    )
                )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        files = self._files(files, config)
        if not self.search_filters:  # unless the build named the searched pages itself
            self.search_filters = report_filters(
                [*(file.src_uri for file in files), *self.other_pages],
                self.departments,
                directory_urls=config.use_directory_urls,
            )
        if self.search_filters and files.get_file_from_path(search_page.PATH) is None:
            page = search_page.search_page(self.search_filters)
            files.append(File.generated(config, search_page.PATH, content=page))
        return files

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        serving = self.command == "serve"
        # a site's own about page wins over the generated one
        about = files.get_file_from_path("about.md") is None
        slot = "site-serve" if serving else "site-build"
        try:
            data_dir = self.data_dir()
        except StaffError as error:
            return self._stopped_by(error, files, config, serving)
        if is_portal(data_dir):  # a county portal: every department, built side by side
            return portal_files(self, files, config, data_dir, serving=serving, about=about)
        if self.shard is not None:
            raise StaffPluginError(
                StaffError(
                    "只有县级门户（数据文件夹中有 portal.yaml）才能分片构建。",
                    path=data_dir,
                    hint="单个部门的网站直接用 mkdocs build。",
                )
            )
        # Messages and draft pages name files relative to the working folder: it is an input.
        inputs = site_inputs(data_dir) if self.memo.on else None
        key = Memo.key(SITE, slot, str(about), str(Path.cwd()), inputs) if inputs else None
        finished = site_from_json(self.memo.get_json(SITE, key)) if key else None
        if finished is None:
            self.generated = self.changed = True
            made = self._generate(files, config, data_dir, serving=serving, about=about)
            if isinstance(made, Files):
                return made  # serve: the home page lists what stopped the build
            finished, charts = made
            if charts is not None:
                # MkDocs reads the chart files only when it copies them, after converting
                # every page: they are drawn meanwhile, and waited for in on_env.
                self.drawing = (charts, finished, key)
                for path in charts.site_paths():  # their bytes are set in on_env
                    files.append(File.generated(config, path, content=b""))
            elif key:
                self.memo.put_json(SITE, key, site_json(finished))
        else:
            for level, message in finished.messages:
                log.log(level, message)
        self.not_personal = finished.not_personal
        own = site_text_problems(
            Path(config.config_file_path or "mkdocs.yml"), self.not_personal, Path(config.docs_dir)
        )
        if own:
            return self._personal_in_site_text(own, files, config, serving)
        self.nav_order = finished.nav
        for path, content in finished.files.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} 与生成的页面同名；生成的页面不能写在文档文件夹中。"
                )
            files.append(File.generated(config, path, content=content))
        return files

    def _generate(
        self, files: Files, config: MkDocsConfig, data_dir: Path, *, serving: bool, about: bool
    ) -> tuple[FinishedSite, PendingCharts | None] | Files:
        """Run the pipeline and log what it found; the finished site, or under serve the files
        whose home page lists what stopped it."""
        # Imported here: a build whose site is cached never loads the pipeline.
        from jixiao.build import not_personal, prepare

        try:
            build = prepare(
                data_dir,
                memo=self.memo,
                about=about,
                # drafts are never published; serve shows them so staff can preview
                drafts="preview" if serving else "omit",
                defer_charts=True,
                # serve's process keeps matplotlib once it has drawn: a chart or two are drawn
                # there in 40 ms, where a worker would wait for a server importing it again
                few_charts_aside=not serving,
            )
        except StaffError as error:
            return self._stopped_by(error, files, config, serving)
        messages = _messages(build, serving)
        for level, message in messages:
            log.log(level, message)
        if build.site is None:
            if serving:
                return self._show_errors(files, config, build.stopped or "", _stopping(build))
            raise PluginError(build.stopped or "网站未生成。")
        # what a draft declares counts only where the draft is shown: serve's preview
        shown = build.loaded.reports + (build.drafts.reports if serving else [])
        finished = FinishedSite(messages, build.site.files, build.site.nav, not_personal(shown))
        return finished, build.site.charts

    def _personal_in_site_text(
        self, problems: list[Problem], files: Files, config: MkDocsConfig, serving: bool
    ) -> Files:
        """The site's settings or hand-written pages hold personal data: nothing is built."""
        stopped = f"网站设置或手写页面中有个人信息，网站未生成：{places(problems)}。"
        if self.drawing is not None:  # charts of a site that is not built
            self.drawing[0].close()
            self.drawing = None
        if serving:
            return self._show_errors(files, config, stopped, problems)
        for problem in problems:
            log.error("\n" + problem.render())
        raise PluginError(stopped)

    def _stopped_by(
        self, error: StaffError, files: Files, config: MkDocsConfig, serving: bool
    ) -> Files:
        """A build stopped before the data was read: an error, or under serve the page."""
        if not serving:
            raise StaffPluginError(error) from None
        log.info("\n" + error.render())
        return self._show_errors(files, config, error.render(), [])

    def _show_errors(
        self, files: Files, config: MkDocsConfig, stopped: str, problems: list[Problem]
    ) -> Files:
        """Serve only: the home page becomes the list of problems."""
        existing = files.get_file_from_path("index.md")
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, "index.md", content=error_page(stopped, problems)))
        self.nav_order = ["index.md"]
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the data folder too (a site made by jixiao init lists no ``watch``)."""
        with contextlib.suppress(StaffError):
            server.watch(str(self.data_dir()))
        return server

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Order the top level as the pipeline asks (newest year first); other pages follow."""
        rank = {path: i for i, path in enumerate(self.nav_order)}

        def key(item: Any) -> int:
            file = getattr(item, "file", None)
            return rank.get(file.src_uri, len(rank)) if file is not None else len(rank)

        nav.items = sorted(_lifted(nav.items, rank), key=key)
        # The files are final: under serve, pages converted and indexed before may be taken as
        # they were; a published build uses MkDocs and Material as they are.
        if self.command == "serve":
            rebuilds.start(config)
        return nav

    @event_priority(-100)  # after any plugin that changes the Markdown
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.command == "serve":
            rebuilds.reuse_conversion(page)
        return markdown

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> None:
        """Wait for the charts still being drawn (MkDocs copies them next); under serve, keep
        the theme's compiled templates in memory between rebuilds (MkDocs compiles them afresh
        for every build, which costs more than rendering a page)."""
        # the Content-Security-Policy of overrides/main.html; not under `mkdocs serve`, whose
        # live reload is an inline script written afresh for every build
        csp.register(env, enforced=self.command != "serve")
        # the header's link to the search page (overrides/partials/header.html), if there is one
        searching = files.get_file_from_path(search_page.PATH)
        env.globals["jixiao_search_url"] = searching.url if searching is not None else None
        self.page_order = [file.src_uri for file in files.documentation_pages()]
        if self.drawing is not None:
            charts, finished, key = self.drawing
            self.drawing = None
            try:
                finished.files.update(charts.drawn())
            except DataError as error:
                from jixiao.build import charts_stopped  # loaded with the pipeline already

                for problem in error.problems:
                    log.error("\n" + problem.render())
                raise PluginError(charts_stopped(error.problems)) from None
            for path in charts.site_paths():
                chart = files.get_file_from_path(path)
                if chart is not None:
                    chart.content_bytes = _bytes(finished.files[path])
            if key:
                self.memo.put_json(SITE, key, site_json(finished))
        if self.command == "serve" and env.bytecode_cache is None:
            env.bytecode_cache = COMPILED  # a public setting of the Environment MkDocs made
        self._index_early(files, config)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Index the site for search, then refuse output that holds personal data or loads
        anything from another host (under serve, say so: ``_audit_later``)."""
        if self.command == "serve":
            rebuilds.finish()
        else:
            remove_former(self.cache_dir())
        site_dir = Path(config.site_dir)
        # a shard's records are indexed by the merge
        indexing = None
        if self.shard is None:
            offline = bool(config.extra.get(OFFLINE_SEARCH))
            indexing = self._index_for_search(site_dir, offline=offline)
        audits = SiteAudits(self.memo, self.not_personal, shard=self.shard is not None)
        if indexing is None and self.command == "serve":
            audits.later(site_dir)
            return
        # Pagefind runs in its own process meanwhile; the audits read what MkDocs wrote, then
        # the index (the host audit all again: it reads pages and the files they load
        # together; files it read before are known by their hash).
        references = audits.side_by_side(site_dir, keep=indexing is None)
        if indexing is not None:
            indexing()
            audits.personal(site_dir, under=OUTPUT)
            references = audits.hosts(site_dir)
        if not references and self.generated and self.command != "serve":
            # What the published data no longer uses goes; serve keeps it, as staff may undo.
            self.memo.prune(self.started)
        audits.refuse_hosts(references)
        if self.shard is not None:
            self._write_shard(site_dir, self.shard, audits)

    def _write_shard(self, site_dir: Path, shard: ShardTarget, audits: SiteAudits) -> None:
        """What the merge needs of this shard besides its files (``postbuild.shards``)."""
        try:
            manifest = Manifest(
                departments=list(shard.departments),
                portal=self.portal_order,
                filters={url: dict(filters) for url, filters in self.search_filters.items()},
                not_personal=self.not_personal,
                records=[
                    self.search.searched(url, text, self.search_filters[url])
                    for url, text in built_pages(site_dir, self.search_filters).items()
                ],
                hosts=audits.host_findings,
                clean=audits.clean_files,
                sitemap=sitemap_entries(site_dir, self.page_order, self.portal_order),
            )
            write_manifest(shard.manifest, manifest)
        except StaffError as error:
            raise StaffPluginError(error) from None

    def _index_for_search(self, site_dir: Path, *, offline: bool) -> Callable[[], None] | None:
        """Pagefind's index of the searched pages; the offline bundle's scripts instead where
        the site is to be opened from the disk (Pagefind cannot run from file://).  Where
        Pagefind has to run, it is started, and what finishes the index is returned."""
        if not self.search_filters:
            return None
        if offline:
            write_offline_search(site_dir, self.search_filters)
            return None
        if self.command == "serve":  # the page first, the index meanwhile
            search_serve.LATER.start(site_dir, self.search_filters)
            return None
        return self.search.index(site_dir, self.search_filters)

    def _index_early(self, files: Files, config: MkDocsConfig) -> None:
        """A changed build of a site with Pagefind's index: begin the index on the pages as
        MkDocs converted them (``SiteSearch.begin``)."""
        filters = self.search_filters
        if not (filters and self.changed and self.command != "serve" and self.shard is None):
            return
        if config.extra.get(OFFLINE_SEARCH):
            return
        converted = {
            file.page.url: file.page.content
            for file in files.documentation_pages()
            if file.page is not None and file.page.content is not None
        }
        self.search.begin(filters, converted)


# The theme's compiled templates, for the serve session (Jinja checks each one's source).
COMPILED = CompiledTemplates()

# What a cache folder overlapping each of these folders would spoil.
_OVERLAP = {
    "site_dir": "发布的网站，或被 MkDocs 构建前清除",
    "docs_dir": "手写页面",
    "data_dir": "数据文件夹",
}

# The memo's kinds of entries the plugin keeps (the audits' are theirs): the whole site by its
# inputs, the search index by the pages it was made of, each page's search sections.
SITE = "site"
CHARTS = "charts"  # as jixiao.build keeps them


def _lifted(items: list[Any], rank: dict[str, int]) -> list[Any]:
    """The top level with each folder section whose pages the pipeline lists (a portal's
    comparison pages, ``compare/<year>.md``) replaced by those pages, in the pipeline's order:
    MkDocs would otherwise title the section by the folder's English name."""
    flat: list[Any] = []
    for item in items:
        children = getattr(item, "children", None)
        if children and all(getattr(c, "file", None) and c.file.src_uri in rank for c in children):
            for child in sorted(children, key=lambda c: rank[c.file.src_uri]):
                child.parent = None
                flat.append(child)
        else:
            flat.append(item)
    return flat


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _messages(build: Build, serving: bool) -> list[tuple[int, str]]:
    """What a build says, with its logging level."""
    # Under serve, a stopped build shows its problems in the browser; logging them as
    # errors or warnings there would make the strict build abort before that page is served.
    shown = serving and build.site is None
    error, warning = (logging.INFO, logging.INFO) if shown else (logging.ERROR, logging.WARNING)
    out = [(error, "\n" + p.render()) for p in build.loaded.problems + build.chart_problems]
    out += [(logging.INFO, "\n" + p.render()) for p in build.audited.notices]
    # Warnings: `mkdocs build --strict` (our default) fails on them after the build; those
    # that stop it at once (personal data...) are errors, shown by `mkdocs build -q` too.
    stopping = set(build.audited.blocking)
    out += [
        (error if p in stopping else warning, "\n" + p.render()) for p in build.audited.failures
    ]
    # A draft's problems never stop a build: a build names the drafts it leaves out, one
    # line each; serve too (the draft's page lists the problems, and a blank draft has
    # hundreds, which would otherwise be logged again on every save).
    unshown = build.drafts.problems + build.drafts_audited.blocking
    for name, path in build.drafts.drafts.items():
        left = sum(p.file == name for p in unshown + build.drafts_audited.failures)
        listed = serving and any(p.file == name for p in unshown)
        where = f"预览中 {path.stem} 年的页面列出它们，也可" if listed else ""
        todo = f"；还有 {left} 个问题，{where}用 jixiao check {name} 查看" if left else ""
        out.append((logging.INFO, f"草稿 {name} 不发布（数据文件中写有 draft: true{todo}）。"))
    return out


def _stopping(build: Build) -> list[Problem]:
    """The problems that stopped a build."""
    return build.loaded.problems or build.audited.blocking or build.chart_problems


def configured(options: object, config_file_path: str | None) -> JixiaoPlugin:
    """A plugin with these options validated by MkDocs (for the hook file: ``extra.jixiao``)."""
    plugin = JixiaoPlugin()
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise StaffPluginError(
            StaffError(
                "mkdocs.yml 中 extra.jixiao 应为映射。",
                path=config_file_path,
                hint="写成 jixiao: {data_dir: data}。",
            )
        )
    errors, warnings = plugin.load_config(options, config_file_path)
    if errors or warnings:  # an unknown option is a mistake, as under `strict: true`
        # MkDocs words its findings in English: name them in Chinese, keep its detail.
        found = "；".join(
            [f"选项 {key} 的值不对（{error}）" for key, error in errors]
            + [f"不认识的选项 {key}" for key, _ in warnings]
        )
        raise StaffPluginError(
            StaffError(
                f"mkdocs.yml 中 extra.jixiao 的选项有误：{found}",
                path=config_file_path,
                hint="可用的选项：data_dir、cache_dir、cache、chart_cache。",
            )
        )
    return plugin
