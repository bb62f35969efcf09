"""The one build sequence, load → audit → generate, shared by the MkDocs plugin and the CLI.

Its product is the whole generated site as plain files: path in the site to
Markdown text or asset bytes, which any site engine can take.  Nothing here
knows MkDocs; callers decide how to show the problems a build stops on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao import theme
from jixiao.charts.assets import chart_assets
from jixiao.checks.audit import AuditReport, audit_loaded
from jixiao.derive.series import indicator_histories, neighbours
from jixiao.model.loader import Loaded, data_files, load_all
from jixiao.model.report import Report
from jixiao.opendata.pages import open_data
from jixiao.pages.render import (
    environment,
    render_about,
    render_home,
    render_report,
    render_trends,
    report_path,
)
from jixiao.source.problems import DataError, Problem
from jixiao.source.safe_write import write_files


@dataclass
class SiteFiles:
    """Generated files by their path in the site, and the order of the navigation."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    # Pages in the order a reader looks for them: home, newest year first, then the rest.
    nav: list[str] = field(default_factory=list)


@dataclass
class Build:
    """How far a build got: the loaded data, its audit, and the site when one was generated."""

    loaded: Loaded
    audited: AuditReport = field(default_factory=AuditReport)
    chart_problems: list[Problem] = field(default_factory=list)
    site: SiteFiles | None = None

    @property
    def stopped(self) -> str | None:
        """Why no site may be published (in Chinese), or None."""
        if self.loaded.problems:
            return (
                f"数据文件有 {len(self.loaded.problems)} 个问题，网站未生成。"
                "请按上面的提示修正；也可用 jixiao check 检查。"
            )
        if self.audited.blocking:
            return (
                "数据中有不能发布的内容（个人信息，或图表写不出的字符），网站未生成。"
                "请按上面的提示改正后再构建。"
            )
        if self.chart_problems:
            return f"图表有 {len(self.chart_problems)} 个问题，网站未生成。"
        return None


def prepare(
    data: Path | list[Path],
    *,
    chart_cache: Path | None = None,
    generate_site: bool = True,
    about: bool = True,
) -> Build:
    """Load a data folder (or these year files) and audit them; generate the site unless
    the data stops it (or generate_site is false, as for `jixiao check`)."""
    files = data_files(data) if isinstance(data, Path) else data
    build = Build(load_all(files))
    if build.loaded.problems:
        return build
    build.audited = audit_loaded(build.loaded)
    if build.audited.blocking or not generate_site:
        return build
    try:
        build.site = generate(
            build.loaded.reports, build.loaded.sources, chart_cache=chart_cache, about=about
        )
    except DataError as error:
        build.chart_problems = error.problems
    return build


def generate(
    reports: list[Report],
    sources: dict[int, Path] | None = None,
    *,
    chart_cache: Path | None = None,
    about: bool = True,
) -> SiteFiles:
    """Every generated page, chart and theme file for these reports (charts cached in
    chart_cache); the about page too unless the site has its own."""
    env = environment()
    site = SiteFiles()
    site.files.update(theme.assets())
    site.files["index.md"] = render_home(reports, env)
    if about:
        site.files["about.md"] = render_about(reports, env)
    site.nav.append("index.md")
    recurring = {h.id for h in indicator_histories(reports)}
    opendata = open_data(reports, sources, env)  # downloads and revision history
    site.files.update(opendata.files)
    charts = chart_assets(reports, chart_cache, sources)
    site.files.update(charts.files)
    for report in sorted(reports, key=lambda r: r.year, reverse=True):
        path = str(report_path(report.year))
        extra = {
            "series": neighbours(reports, report.year),
            "recurring": recurring,
            "charts": charts.by_year.get(report.year, {}),
            **(opendata.extra.get(report.year) or {}),
        }
        site.files[path] = render_report(report, env, extra)
        site.nav.append(path)
    site.files["trends.md"] = render_trends(reports, env, {"charts": charts.trends})
    site.nav += ["trends.md", *(p for p in opendata.files if p.endswith(".md"))]
    return site


def write_tree(site: SiteFiles, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the generated files under out_dir, atomically; existing files only when forced."""
    targets = {
        out_dir / rel: content.encode("utf-8") if isinstance(content, str) else content
        for rel, content in sorted(site.files.items())
    }
    return write_files(targets, force=force)
