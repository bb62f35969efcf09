"""Reports to chart files (SVG bytes for ``SiteFiles``) and what the report page shows beside them.

Charts are kept between builds (the caller's ``ChartStore``: the build cache) under a
hash of their data and of the chart code (``jixiao.charts.fingerprint``; the build cache adds
its own key recipe): a rebuild with unchanged data draws nothing, a changed year redraws
only its own charts, and a cold build draws in parallel across cores.  File names carry the
year and the chart's hash, and the figure's size is known from its data, so the pages can
name and size every image before it is drawn (a build converts its pages
while the workers draw); a name always means the same picture, as drawing is
deterministic and the key covers the code, matplotlib and the font.  The trend
charts of the 历年对比 page (``jixiao.charts.trends``) are drawn in the same pass,
named ``trends-<id>-<hash>``; each is keyed by the data of every year it
shows, so a changed year redraws exactly the trend charts it is part of.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from markupsafe import escape as html_escape

from jixiao.charts.catalog import charts_for
from jixiao.charts.data import WIDTH, Chart, MissingGlyphError, Table, height
from jixiao.charts.fingerprint import code_fingerprint
from jixiao.charts.trends import trend_charts
from jixiao.infra.workers import context, default_workers, main_reimportable, start_server
from jixiao.model.report import Report
from jixiao.model.tree import once_per_object
from jixiao.pages.markdown import Md
from jixiao.source.problems import DataError, Problem, display_path

# Below this many charts to draw, starting worker processes costs more than it saves, unless
# the caller waits for them only later (``start_charts(..., few_aside=True)``).
PARALLEL_FROM = 4


class ChartStore(Protocol):
    """Where drawn charts are kept between builds, by key (the build cache's ``Store``)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, content: bytes) -> None: ...


@dataclass(frozen=True)
class ChartEntry:
    """One chart as the report template shows it."""

    src: Md  # path of the SVG in the site
    width: int  # the SVG's intrinsic size in CSS px, for the <img> tag: the browser keeps
    height: int  # the chart's room before it loads, so nothing below it jumps
    title: str
    caption: Md  # the title, HTML-escaped for <summary>
    alt: str  # the text alternative, one sentence
    notes: tuple[str, ...]
    table: Table


@dataclass
class ChartAssets:
    files: dict[str, bytes] = field(default_factory=dict)  # site path -> SVG
    by_year: dict[int, dict[str, list[ChartEntry]]] = field(default_factory=dict)  # place -> charts
    trends: dict[str, list[ChartEntry]] = field(default_factory=dict)  # 历年对比: place -> charts
    drawn: list[str] = field(default_factory=list)  # "2021-budget-items": rendered this run
    reused: list[str] = field(default_factory=list)  # taken from the cache


def cache_key(chart: Chart, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{_key_data(chart)}".encode()).hexdigest()


_key_data = once_per_object(Chart.key_data)  # charts of unchanged years are the same objects


def chart_assets(
    reports: Iterable[Report],
    store: ChartStore | None = None,
    sources: dict[int, Path] | None = None,
    workers: int | None = None,
) -> ChartAssets:
    """Every chart of these reports and their trend charts, drawn or taken from the store
    (None: none kept)."""
    return start_charts(reports, store, sources, workers).result()


class PendingCharts:
    """Charts being drawn: worker processes draw while the build does its other work, and
    ``result`` collects them (``close`` stops the workers if the build gives up first)."""

    def __init__(
        self,
        reports: list[Report],
        store: ChartStore | None,
        sources: dict[int, Path],
        workers: int | None,
        few_aside: bool = False,
    ) -> None:
        self.year_charts = [chart for report in reports for chart in charts_for(report)]
        self.charts = self.year_charts + trend_charts(reports)
        fingerprint = code_fingerprint()
        self.keys = [cache_key(chart, fingerprint) for chart in self.charts]
        self.store, self.sources = store, sources
        self.svgs: dict[str, bytes] = {}
        if store is not None:
            for key in self.keys:
                kept = store.get(key)
                if kept is not None:
                    self.svgs[key] = kept
        self.missing = {
            key: chart
            for key, chart in zip(self.keys, self.charts, strict=True)
            if key not in self.svgs
        }
        self.drawing = _Drawing(list(self.missing.values()), workers, few_aside)
        self.names = [
            f"{'trends' if index >= len(self.year_charts) else chart.year}-{chart.id}"
            for index, chart in enumerate(self.charts)
        ]
        # key -> path in the site: a chart is named by its key (its data and the chart code)
        self.paths = {
            key: f"charts/{name}-{key[:12]}.svg"
            for key, name in zip(self.keys, self.names, strict=True)
        }

    def close(self) -> None:
        self.drawing.close()

    def shown(self) -> ChartAssets:
        """What the pages show of the charts (names, sizes, texts), before they are drawn: each
        is sized by its figure."""
        assets = ChartAssets()
        for index, (chart, key, name) in enumerate(
            zip(self.charts, self.keys, self.names, strict=True)
        ):
            (assets.reused if key not in self.missing else assets.drawn).append(name)
            entry = chart_entry(chart, self.paths[key])
            trend = index >= len(self.year_charts)
            places = assets.trends if trend else assets.by_year.setdefault(chart.year, {})
            places.setdefault(chart.place, []).append(entry)
        return assets

    def site_paths(self) -> list[str]:
        """The path in the site of every chart (drawn or not yet)."""
        return list(self.paths.values())

    def drawn(self) -> dict[str, bytes]:
        """Every chart of the site, by its path: waits for those being drawn."""
        drawn = self.drawing.result(self.sources)
        for key, svg in zip(self.missing, drawn, strict=True):
            self.svgs[key] = svg
            if self.store is not None:
                self.store.put(key, svg)
        return {path: self.svgs[key] for key, path in self.paths.items()}

    def result(self) -> ChartAssets:
        assets = self.shown()
        assets.files = self.drawn()
        return assets


def start_charts(
    reports: Iterable[Report],
    store: ChartStore | None = None,
    sources: dict[int, Path] | None = None,
    workers: int | None = None,
    few_aside: bool = False,
) -> PendingCharts:
    """Start drawing the charts that are not in the store; ``result()`` gives the assets.
    ``few_aside``: even one chart is drawn by a worker, for a caller with other work before it
    waits for them (``mkdocs build``: MkDocs converts the pages meanwhile), so that importing
    matplotlib (0.6 s) and drawing take another core, not the caller's time."""
    return PendingCharts(list(reports), store, sources or {}, workers, few_aside)


class _Drawing:
    """Charts drawn in worker processes when there are enough of them, else one by one when
    the result is asked for; all glyph problems at once.  A worker starts only once the
    server has imported matplotlib, about a second after it starts: the charts are handed to
    the workers by a thread of their own, and the build goes on with its pages meanwhile."""

    def __init__(self, charts: list[Chart], workers: int | None, few_aside: bool) -> None:
        self.charts = charts
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[bytes]] = []
        self._handing: threading.Thread | None = None
        workers = default_workers() if workers is None else workers
        enough = len(charts) >= (1 if few_aside else PARALLEL_FROM)
        if workers > 1 and enough and main_reimportable():
            try:
                start_server()  # here, in the main thread: the workers it forks ignore Ctrl-C
            except OSError:  # a temporary folder whose path is too long for its socket
                return  # drawn here instead
            self.pool = ProcessPoolExecutor(min(workers, len(charts)), mp_context=context())
            self._handing = threading.Thread(target=self._hand_over, name="jixiao-charts")
            self._handing.start()

    def _hand_over(self) -> None:
        futures = []
        pool = self.pool
        assert pool is not None  # started with the pool
        try:
            for chart in self.charts:
                futures.append(pool.submit(_render, chart))
        except (BrokenProcessPool, OSError, RuntimeError):
            # OSError: no worker could be started (no processes left); RuntimeError: the pool
            # was shut meanwhile (the build stopped).  Drawn here instead, if still wanted.
            futures = []
        self.futures = futures

    def _handed(self) -> None:
        if self._handing is not None:
            self._handing.join()
            self._handing = None

    def close(self) -> None:
        self._handed()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def result(self, sources: dict[int, Path]) -> list[bytes]:
        outcomes: list[bytes | MissingGlyphError] = []
        self._handed()
        try:
            outcomes = [_outcome(future) for future in self.futures]
        except BrokenProcessPool:
            # Workers re-import the calling program; one that cannot be re-imported (a
            # script without a main guard, code read from stdin) gets its charts drawn
            # here instead.
            outcomes = []
        finally:
            self.close()
        if not outcomes and self.charts:
            # Imported here: matplotlib costs about 0.6 s, which a fully cached build never pays.
            from jixiao.charts.render import render_svg

            for chart in self.charts:
                try:
                    outcomes.append(render_svg(chart))
                except MissingGlyphError as error:
                    outcomes.append(error)
        errors = [o for o in outcomes if isinstance(o, MissingGlyphError)]
        if errors:
            raise DataError([_problem(error, sources) for error in errors])
        return [o for o in outcomes if isinstance(o, bytes)]


def _render(chart: Chart) -> bytes:
    """In a worker: the chart as SVG."""
    from jixiao.charts.render import render_svg

    return render_svg(chart)


def _outcome(future: Future[bytes]) -> bytes | MissingGlyphError:
    try:
        return future.result()
    except MissingGlyphError as error:
        return error


def _problem(error: MissingGlyphError, sources: dict[int, Path]) -> Problem:
    source = sources.get(error.chart.year)
    return Problem(
        display_path(source) if source else f"{error.chart.year}年数据",
        str(error),
        hint="图表字体为思源黑体（Noto Sans CJK SC）；生僻字、表情符号等无法画出。"
        "若原文确有此字，请在数据中说明，并告知维护人员。",
    )


def chart_entry(chart: Chart, src: str) -> ChartEntry:
    """What a page shows of a drawn chart at ``src``."""
    return ChartEntry(
        src=Md(src),
        width=round(WIDTH * 96),  # CSS has 96 px to the inch
        height=round(height(chart) * 96),
        title=chart.title,
        caption=Md(html_escape(chart.title)),
        alt=chart.alt,
        notes=chart.notes,
        table=chart.table,
    )
