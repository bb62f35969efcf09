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
