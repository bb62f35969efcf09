"""The whole generated site as plain files: path in the site to Markdown text or asset bytes.

This is the pipeline's product; any site engine can take it.  Nothing here
knows MkDocs.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hooks.loader import Loaded, data_files, load_all
from hooks.model import Report
from hooks.opendata import open_data
from hooks.render import environment, render_home, render_report, report_path


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
    opendata = open_data(reports, sources, env)  # downloads and revision history
    site.files.update(opendata.files)
    for report in reports:
        path = str(report_path(report.year))
        site.files[path] = render_report(report, env, extra=opendata.extra.get(report.year))
        if sources and report.year in sources:
            site.sources[path] = sources[report.year]
    return site


def write_tree(site: SiteFiles, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the generated files under out_dir; refuse to replace a file unless forced.

    Each file is written to a temporary file and renamed, so an interrupted run
    never leaves a half-written page."""
    targets = {out_dir / rel: content for rel, content in sorted(site.files.items())}
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    for target, content in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return list(targets)
