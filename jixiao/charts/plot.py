"""The surface a chart is drawn on: its figure, a plot area in it and the data's coordinates,
with the value axis along the bottom.

Bars, labels, gridlines, ticks and the legend are matplotlib's own artists on the figure,
placed by transforms from the data's coordinates as an Axes would place them, without
building one: an Axes with its two axes and their ticks took half of each chart's time, and
the charts most of a build's.  Every text is set in the bundled face (``fonts``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import (
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    Transform,
    TransformedBbox,
    blended_transform_factory,
    offset_copy,
)

from jixiao.charts import fonts

LABEL_SIZE = 11  # a row's name and a bar's value
VALUE_TICKS = 5  # at most: "225,000" and its neighbours never touch
HATCH = "///"
BAR_LABEL_PAD = 3  # points between a bar's end and its value
# Text on white, so a reference line behind it never crosses it.
ON_WHITE = {"facecolor": "white", "edgecolor": "none", "pad": 0.5}
# Drawing order: gridlines and ticks under the bars, the axis line over them, text on top.
UNDER, BARS, LINES, AXIS_LINE, TEXT = 0.5, 1.0, 2.0, 2.5, 3.0


def font(size: float) -> FontProperties:
    """Text of this size in the bundled face; the family the SVG names is the style's."""
    properties = FontProperties(size=size)
    properties.set_file(fonts.bundled())
    return properties


class Plot:
    """Where a chart's data is drawn on its figure: the plot area (in fractions of the
    figure, set by the layout) and the data's limits, with the transforms between them
    that an Axes would have (``data``; ``frame`` for fractions of the plot area; ``rows``
    and ``columns`` mixing the two)."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.area = Bbox.from_bounds(0.05, 0.15, 0.9, 0.6)
        self.limits = Bbox.from_extents(0.0, 0.0, 1.0, 1.0)  # x: 0 to the longest bar's room
        self.frame: Transform = BboxTransformTo(TransformedBbox(self.area, figure.transFigure))
        self.data: Transform = BboxTransformFrom(self.limits) + self.frame
        self.rows = blended_transform_factory(self.frame, self.data)  # x: plot, y: data
        self.columns = blended_transform_factory(self.data, self.frame)  # x: data, y: plot
        self.legend: Legend | None = None
        self.bars: list[Rectangle] = []
        self.shown: list[Text] = []  # the text in the plot: names, values, gaps
        self.below: list[Text] = []  # the value axis's tick labels, under the plot
        self.axis_label: Text | None = None  # under them

    def set_xlim(self, high: float) -> None:
        self.limits.intervalx = (0.0, high)

    def set_ylim(self, bottom: float, top: float) -> None:
        """The rows' coordinates at the bottom and the top of the plot (the first row on top)."""
        self.limits.intervaly = (bottom, top)

    def text(
        self, x: float, y: float, text: str, transform: Transform, size: float, **style: Any
    ) -> Text:
        shown = self._text(x, y, text, transform, size, **style)
        self.shown.append(shown)
        return shown

    def _text(
        self, x: float, y: float, text: str, transform: Transform, size: float, **style: Any
    ) -> Text:
        return self.figure.text(
            x, y, text, transform=transform, fontproperties=font(size), zorder=TEXT, **style
        )

    def barh(
        self,
        ys: Sequence[float],
        widths: Sequence[float],
        height: float,
        color: str | Sequence[str],
        left: Sequence[float] | None = None,
        hatched: bool = False,
    ) -> list[Rectangle]:
        """A horizontal bar for each y, centred on it, from ``left`` (0) ``width`` long."""
        colours = [color] * len(ys) if isinstance(color, str) else list(color)
        starts = list(left) if left is not None else [0.0] * len(ys)
        bars = []
        for y, width, start, colour in zip(ys, widths, starts, colours, strict=True):
            bar = Rectangle(
                (start, y - height / 2),
                width,
                height,
                facecolor=colour,
                edgecolor="none",
                transform=self.data,
                zorder=BARS,
            )
            if hatched:
                hatch(bar)
            self.figure.add_artist(bar)
            bars.append(bar)
        self.bars += bars
        return bars

    def bar_labels(self, bars: Sequence[Rectangle], labels: Sequence[str]) -> None:
        """Each bar's text just after its end, on white."""
        place = offset_copy(self.data, self.figure, x=BAR_LABEL_PAD, units="points")
        for bar, label in zip(bars, labels, strict=True):
            end = bar.get_x() + bar.get_width()
            y = bar.get_y() + bar.get_height() / 2
            self.text(end, y, label, place, LABEL_SIZE, ha="left", va="center", bbox=ON_WHITE)

    def vline(self, x: float, **style: Any) -> Line2D:
        line = Line2D([x, x], [0, 1], transform=self.columns, **{"zorder": LINES, **style})
        self.figure.add_artist(line)
        return line

    def add_legend(self, handles: Sequence[Artist]) -> None:
        """Above the plot, left-aligned, so it never covers a bar."""
        self.legend = self.figure.legend(
            handles=list(handles),
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            bbox_transform=self.frame,
            ncols=3,
            frameon=False,
            prop=font(matplotlib.rcParams["legend.fontsize"]),
        )

    def value_axis(self, label: str, tick: Callable[[float], str]) -> None:
        """Gridlines, ticks and their labels along the bottom of the plot, and its label."""
        rc = matplotlib.rcParams
        high = self.limits.x1
        locator = MaxNLocator(nbins=VALUE_TICKS, steps=[1, 2, 2.5, 5, 10])
        ticks = [v for v in locator.tick_values(0, high) if -1e-10 <= v <= high * (1 + 1e-10)]
        colour = rc["xtick.color"]
        for x in ticks:
            self.vline(x, color=rc["grid.color"], linewidth=rc["grid.linewidth"], zorder=UNDER)
        marks = Line2D(
            ticks,
            [0] * len(ticks),
            transform=self.columns,
            marker=MarkerStyle(TICKDOWN),
            markersize=rc["xtick.major.size"],
            markeredgewidth=rc["xtick.major.width"],
            color=colour,
            linestyle="none",
            zorder=UNDER,
        )
        self.figure.add_artist(marks)
        line = Line2D([0, 1], [0, 0], transform=self.frame, zorder=AXIS_LINE)
        line.set(color=rc["axes.edgecolor"], linewidth=rc["axes.linewidth"])
        self.figure.add_artist(line)
        drop = rc["xtick.major.size"] + rc["xtick.major.pad"]
        under = offset_copy(self.columns, self.figure, y=-drop, units="points")
        size = rc["xtick.labelsize"]
        self.below = [
            self._text(x, 0, tick(x), under, size, ha="center", va="top", color=colour)
            for x in ticks
        ]
        self.axis_label = self._text(
            0.5,
            0,
            label,
            self.frame,
            rc["axes.labelsize"],
            ha="center",
            va="top",
            color=rc["axes.labelcolor"],
        )

    def place_axis_label(self, drop: float) -> None:
        """Put the axis label ``drop`` points under the plot (below its ticks' labels)."""
        if self.axis_label is not None:
            below = offset_copy(self.frame, self.figure, y=-drop, units="points")
            self.axis_label.set_transform(below)


def hatch(bar: Rectangle) -> None:
    """Hatched as well as coloured, so it reads in grey print."""
    bar.set_hatch(HATCH)
    bar.set_edgecolor("white")
    bar.set_linewidth(matplotlib.rcParams["patch.linewidth"])
