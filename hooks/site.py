"""The whole generated site as plain files: path in the site to Markdown text or asset bytes.

This is the pipeline's product; any site engine can take it.  Nothing here
knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hooks.loader import Loaded, data_files, load_all
from hooks.model import Report
from hooks.render import environment, render_home, render_report, report_path
from hooks.safe_write import write_files


@dataclass
class SiteFiles:
    """Generated files by their path in the site, and the data files they came from."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)


def load_data(data_dir: Path) -> Loaded:
    return load_all(data_files(data_dir))


def generate(reports: list[Report], sources: dict[int, Path] | None = None) -> SiteFiles:
    """Every generated page for these reports."""
    env = environment()
    site = SiteFiles()
    site.files["index.md"] = render_home(reports, env)
    for report in reports:
        path = str(report_path(report.year))
        site.files[path] = render_report(report, env)
        if sources and report.year in sources:
            site.sources[path] = sources[report.year]
    return site


def write_tree(site: SiteFiles, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the generated files under out_dir, atomically; existing files only when forced."""
    targets = {
        out_dir / rel: content.encode("utf-8") if isinstance(content, str) else content
        for rel, content in sorted(site.files.items())
    }
    return write_files(targets, force=force)
