"""The whole generated site as plain files: path in the site to Markdown text or asset bytes.

This is the pipeline's product; any site engine can take it.  Nothing here
knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hooks.chart_assets import chart_assets
from hooks.loader import Loaded, data_files, load_all
from hooks.model import Report
from hooks.opendata import open_data
from hooks.render import environment, render_home, render_report, render_trends, report_path
from hooks.safe_write import write_files
from hooks.series import indicator_histories, neighbours


@dataclass
class SiteFiles:
    """Generated files by their path in the site, and the data files they came from."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    # Pages in the order a reader looks for them: home, newest year first, then the rest.
    nav: list[str] = field(default_factory=list)


def load_data(data_dir: Path) -> Loaded:
    return load_all(data_files(data_dir))


def generate(
    reports: list[Report],
    sources: dict[int, Path] | None = None,
    *,
    chart_cache: Path | None = None,
) -> SiteFiles:
    """Every generated page and chart for these reports (charts cached in chart_cache)."""
    env = environment()
    site = SiteFiles()
    site.files["index.md"] = render_home(reports, env)
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
        if sources and report.year in sources:
            site.sources[path] = sources[report.year]
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
