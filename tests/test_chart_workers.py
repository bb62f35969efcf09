"""Charts are handed to the worker processes aside: a worker starts only once the server has
imported matplotlib (about a second), and the build goes on with its pages meanwhile."""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from jixiao.charts.assets import start_charts
from jixiao.charts.catalog import charts_for
from jixiao.charts.render import render_svg
from jixiao.model.report import Report
from tests.test_build_cache import DictStore


def test_the_build_goes_on_while_the_charts_are_handed_to_the_workers(
    report_2021: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    handing = threading.Event()
    submit = ProcessPoolExecutor.submit
    in_the_build: list[str] = []

    def held(self: ProcessPoolExecutor, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            in_the_build.append("a chart handed over by the build itself")
        else:
            handing.wait(60)  # as a worker waits for the server to be ready
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", held)
    pending = start_charts([report_2021], None, {}, workers=2)
    try:
        shown = pending.shown()  # what the pages need is there before any chart is handed over
        assert shown.by_year[2021] and not handing.is_set()
        handing.set()
        drawn = pending.drawn()
    finally:
        pending.close()
    assert in_the_build == []
    charts = charts_for(report_2021)
    assert len(drawn) >= len(charts)
    assert {render_svg(chart) for chart in charts} <= set(drawn.values())


def test_one_chart_waited_for_later_can_be_drawn_by_a_worker_and_otherwise_is_drawn_here(
    report_2021: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edited figure redraws a chart or two: the build waits for them only after MkDocs
    has converted the pages, so a worker draws them (importing matplotlib there, not in the
    build); asked for at once, they are drawn here, where starting workers costs more."""
    from jixiao.charts import render

    kept = DictStore()  # charts kept by key, as the build cache's store keeps them
    every = start_charts([report_2021], kept, {}, workers=1).drawn()
    kept.entries.pop(next(iter(kept.entries)))
    drawn_here: list[str] = []
    draw = render.render_svg

    def counted(chart: Any) -> bytes:
        drawn_here.append(chart.id)
        return draw(chart)

    monkeypatch.setattr(render, "render_svg", counted)
    aside = start_charts([report_2021], kept, {}, workers=2, few_aside=True)
    assert aside.drawn() == every
    assert drawn_here == []
    kept.entries.pop(next(iter(kept.entries)))
    assert start_charts([report_2021], kept, {}, workers=2).drawn() == every
    assert len(drawn_here) == 1
