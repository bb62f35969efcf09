"""The one render function: a chart's data to deterministic SVG bytes, in the packaged style.

No pyplot: each chart is its own ``Figure``, so nothing is shared between
charts or with the caller.  The style is applied on top of matplotlib's
defaults, never on top of whatever the calling process set.  Text stays
text (the reader's font draws it), laid out with the bundled font: a
character that font lacks cannot be measured and may show as a box on a
reader's machine; matplotlib only warns about it, so here it is an error.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import style
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox, TransformedBbox

from jixiao.charts.data import WIDTH, Chart, MissingGlyphError, height
from jixiao.charts.draw import draw
from jixiao.charts.plot import Plot, font

__all__ = ["MissingGlyphError", "drawn", "render_svg"]

STYLE = Path(__file__).with_name("jixiao.mplstyle")
TITLE_CHARS = 20  # characters a title line holds at that width, in a font 15% wider
PAD = 3 / 72  # inches between the figure's edge, the title and the plot's text
TITLE_SPACING = 1.5  # a wrapped title's lines, in heights of "lp"
_MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")


@contextmanager
def drawn(chart: Chart) -> Iterator[Figure]:
    """The chart on a new figure, inside the packaged style.  Fonts are looked up when text
    is laid out, so whatever measures or saves the figure does it inside this block."""
    with matplotlib.rc_context(_style()):
        # SVG is measured in points: at 72 dpi a figure's pixels are the file's own units.
        figure = Figure(figsize=(WIDTH, height(chart)), dpi=72)
        title = figure.suptitle(
            _wrap(chart.title.rstrip("。"), TITLE_CHARS),
            x=0.01,
            y=1 - PAD / figure.get_figheight(),
            ha="left",
            va="top",
            fontproperties=font(matplotlib.rcParams["figure.titlesize"]),
            # matplotlib spaces lines by the height of "lp", which Chinese characters fill:
            # at its 1.2 a wrapped title's two lines touched
            linespacing=TITLE_SPACING,
        )
        plot = Plot(figure)
        draw(plot, chart)
        _place(figure, plot, title)
        yield figure


@functools.cache
def _style() -> Any:  # matplotlib's RcParams, typed by key in matplotlib's stubs
    """matplotlib's defaults with the packaged style on top, read once per process."""
    with style.context(["default", STYLE]):
        # not the backend: setting it would switch the calling program's backend for good
        return {key: matplotlib.rcParams[key] for key in matplotlib.rcParams if key != "backend"}


def _place(figure: Figure, plot: Plot, title: Text) -> None:
    """Fit the plot between the title and the figure's edges, with room for the text around
    it: the value axis below (its ticks' labels, then its label) and the legend above.

    matplotlib's constrained layout finds the same room, but by drawing each chart once more
    before saving it, which more than doubled the time a chart takes.  Here only the text
    outside the plot is measured, once, with the plot already about where it ends up (text
    sizes are in points, so what reaches past the plot does not change when it moves).  The
    text inside the plot stays inside by construction (``draw``), as tests/test_chart_text.py
    checks for a font 15% wider."""
    width, height = figure.get_size_inches() * figure.dpi
    pad = PAD * figure.dpi
    renderer = _measuring()
    area = TransformedBbox(plot.area, figure.transFigure)
    reach = [text.get_window_extent(renderer) for text in plot.below]
    lowest = min([area.y0, *(box.y0 for box in reach)])
    plot.place_axis_label(area.y0 - lowest + matplotlib.rcParams["axes.labelpad"])
    if plot.axis_label is not None:
        reach.append(plot.axis_label.get_window_extent(renderer))
    if plot.legend is not None:
        reach.append(plot.legend.get_window_extent(renderer))
    top = title.get_window_extent(renderer).y0 - 2 * pad  # as far from the title as the edge
    top -= max([0.0, *(box.y1 - area.y1 for box in reach)])
    bottom = pad + max([0.0, *(area.y0 - box.y0 for box in reach)])
    left = pad + max([0.0, *(area.x0 - box.x0 for box in reach)])
    right = width - pad - max([0.0, *(box.x1 - area.x1 for box in reach)])
    plot.area.set(Bbox.from_extents(left / width, bottom / height, right / width, top / height))


@functools.cache
def _measuring() -> RendererSVG:
    """One renderer to measure text with, kept for the process: matplotlib caches text sizes
    per renderer, and charts share most of the text outside their plots (ticks, units)."""
    return RendererSVG(WIDTH * 72, WIDTH * 72, io.StringIO())  # type: ignore[no-untyped-call]


def render_svg(chart: Chart) -> bytes:
    """The chart as SVG; the same chart gives the same bytes in any process."""
    with warnings.catch_warnings(record=True) as caught, drawn(chart) as figure:
        warnings.simplefilter("always")
        out = io.BytesIO()
        figure.savefig(
            out,
            format="svg",
            metadata={"Date": None, "Title": chart.title, "Description": chart.alt},
        )
    missing = []
    for warning in caught:
        match = _MISSING_GLYPH.search(str(warning.message))
        if match is None:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
        elif chr(int(match[1])) not in missing:
            missing.append(chr(int(match[1])))
    if missing:
        raise MissingGlyphError(chart, missing)
    return out.getvalue()


def _wrap(text: str, width: int) -> str:
    """Break a Chinese title into as few lines of at most width characters as it needs,
    of even length, so no line holds a lone character."""
    lines = -(-len(text) // width)
    even = -(-len(text) // lines) if lines else width
    return "\n".join(text[i : i + even] for i in range(0, len(text), even))
