"""Chart text is text in the SVG, set by the reader's own CJK font; the layout is measured with
the bundled font, always, and leaves room for a font up to 15% wider."""

from __future__ import annotations

import hashlib
import itertools
import re
import subprocess
import sys

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from jixiao.charts import catalog, draw
from jixiao.charts.data import Chart
from jixiao.charts.render import drawn, render_svg
from jixiao.charts.trends import trend_charts
from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from tests.conftest import ROOT

STACK = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
    "'WenQuanYi Micro Hei', 'Heiti SC', 'SimHei', sans-serif"
)
WIDER = 0.15  # how much wider than the bundled font a reader's font may set a label


def every_chart(report_2021: Report) -> list[Chart]:
    years = [load_or_raise(p) for p in sorted((ROOT / "tests" / "fixtures" / "years").glob("*"))]
    return [*catalog.charts_for(report_2021), *trend_charts(years)]


def shown_texts(figure: Figure) -> list[Text]:
    """Every piece of text the figure draws."""
    return [
        text
        for text in figure.findobj(Text)
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip()
    ]


def widened(text: Text, box: Bbox, wider: float) -> Bbox:
    """Where the text would reach set `wider` wider, growing away from its anchor as the SVG's
    text-anchor makes it grow."""
    grow = box.width * wider
    low, high = {"left": (0, grow), "right": (grow, 0)}.get(
        text.get_horizontalalignment(), (grow / 2, grow / 2)
    )
    return Bbox.from_extents(box.x0 - low, box.y0, box.x1 + high, box.y1)


def crowded(chart: Chart, wider: float) -> list[str]:
    """Labels of the chart that, set `wider` wider, would leave the figure or touch another."""
    problems = []
    with drawn(chart) as figure:
        canvas = FigureCanvasAgg(figure)
        figure.draw_without_rendering()
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
        texts = shown_texts(figure)
        boxes = [widened(t, t.get_window_extent(renderer), wider) for t in texts]
        page = figure.bbox
    for index, (text, box) in enumerate(zip(texts, boxes, strict=True)):
        name = f"{chart.year}-{chart.id} “{text.get_text()}”"
        if box.x0 < page.x0 or box.x1 > page.x1 or box.y0 < page.y0 or box.y1 > page.y1:
            problems.append(f"{name} leaves the figure")
        for other, other_box in zip(texts[index + 1 :], boxes[index + 1 :], strict=True):
            if box.overlaps(other_box):
                problems.append(f"{name} touches “{other.get_text()}”")
    return problems


def test_every_label_has_room_for_a_wider_font(report_2021: Report) -> None:
    charts = every_chart(report_2021)
    assert len(charts) >= 20
    assert [p for chart in charts for p in crowded(chart, WIDER)] == []


def test_the_room_comes_from_the_layout(
    report_2021: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the slack for a wider font, bar labels run out of the figure: the check sees it."""
    monkeypatch.setattr(draw, "FONT_SLACK", 0.9)
    problems = [p for chart in every_chart(report_2021) for p in crowded(chart, WIDER)]
    assert any("leaves the figure" in p for p in problems)


def test_text_stays_text_in_a_font_stack_every_chinese_system_has(report_2021: Report) -> None:
    for chart in catalog.charts_for(report_2021):
        svg = render_svg(chart).decode()
        assert "<text" in svg and "NotoSansCJKsc-Regular" not in svg  # no glyph outlines
        families = set(re.findall(r"font-family: ([^;\"]+)", svg))
        assert families == {STACK}
        # What the chart says is in the file as text (the title wraps, so its first line).
        assert chart.title.rstrip("。")[:10] in svg
        assert len(svg) < 30_000


RENDER_WITH_OTHER_FONTS = """
import dataclasses, hashlib, sys
from pathlib import Path
from matplotlib import font_manager
from jixiao.charts.catalog import charts_for
from jixiao.charts.render import render_svg
from jixiao.model.loader import load_or_raise
manager = font_manager.fontManager
dejavu = next(e for e in manager.ttflist if e.name == "DejaVu Sans" and e.weight == 400)
# Another font of the stack installed on this machine: a wide one under the family's name.
for family in sys.argv[2:]:
    manager.ttflist.append(dataclasses.replace(dejavu, name=family))
manager.addfont(font_manager.findfont("DejaVu Sans Mono"))  # clears the lookup cache
report = load_or_raise(Path(sys.argv[1]))
for chart in charts_for(report)[:3]:
    print(hashlib.sha256(render_svg(chart)).hexdigest())
"""


def test_the_layout_uses_the_bundled_font_whatever_else_is_installed(
    report_2021: Report,
) -> None:
    others = ["Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei"]
    run = subprocess.run(
        [sys.executable, "-c", RENDER_WITH_OTHER_FONTS, str(ROOT / "data" / "2021.yaml"), *others],
        capture_output=True,
        text=True,
        check=True,
    )
    here = [hashlib.sha256(render_svg(c)).hexdigest() for c in catalog.charts_for(report_2021)[:3]]
    assert run.stdout.split() == here


def test_the_size_a_page_gives_each_chart_is_the_size_of_its_svg(report_2021: Report) -> None:
    """Pages name and size each image before it is drawn (assets.PendingCharts.shown): the
    size must be the one the drawing has."""
    from jixiao.charts.assets import chart_assets

    years = [load_or_raise(p) for p in sorted((ROOT / "tests" / "fixtures" / "years").glob("*"))]
    assets = chart_assets([report_2021, *years], None, workers=1)
    entries = [e for places in assets.by_year.values() for es in places.values() for e in es]
    entries += [e for es in assets.trends.values() for e in es]
    assert len(entries) == len(assets.files) >= 30
    for entry in entries:
        assert (entry.width, entry.height) == svg_size(assets.files[entry.src]), entry.src
    assert {entry.width for entry in entries} == {403}  # 4.2 in at 96 px an inch


# matplotlib sizes the root <svg> in points; CSS has 96 px to 72 pt.
_SVG_SIZE = re.compile(rb'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size(svg: bytes) -> tuple[int, int]:
    """The drawing's width and height in CSS pixels, rounded."""
    match = _SVG_SIZE.search(svg)
    assert match is not None, "no width and height in pt at the start of the SVG"
    width, height = (round(float(points) * 4 / 3) for points in match.groups())
    return width, height


def test_a_wrapped_title_has_room_between_its_lines(report_2021: Report) -> None:
    """matplotlib spaces lines by the height of "lp", which a Chinese character fills: at its
    default the two lines of a long title touched."""
    wrapped = [c for c in every_chart(report_2021) if len(c.title.rstrip("。")) > 20]
    assert wrapped
    for chart in wrapped:
        svg = render_svg(chart).decode()
        title = svg.split('<g id="text_1">', 1)[1].split("</g>", 1)[0]
        size = float(re.findall(r"font-size: ([\d.]+)px", title)[0])
        tops = [float(y) for y in re.findall(r"translate\([\d.]+ ([\d.]+)\)", title)]
        assert len(tops) >= 2, chart.title
        gaps = [b - a for a, b in itertools.pairwise(tops)]
        assert min(gaps) >= 1.35 * size, (chart.title, gaps)
