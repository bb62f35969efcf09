"""Drawing: one function per chart, each on a given Axes, from the validated report.

Every chart is a set of horizontal bars with its label on a line of its own
above the bar, so long Chinese names never squeeze the bars on a phone, and
the value written at the bar's end.  Colours come from the style's
colour-blind-safe cycle; "not reached" and "not done" are also hatched so
they read in grey print.  Decimals become floats only as drawing
coordinates; every number written on a chart is the Decimal's own text.
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from jixiao.charts import catalog
from jixiao.charts.data import PAIR_STEP, YEAR_BAR, Chart, Row, year_tops
from jixiao.model.report import Report

LABEL_SIZE = 11
# The reader's browser sets chart text in its own CJK font (the SVG keeps text as text), which
# may be this much wider than the bundled font the layout is measured with.
FONT_SLACK = 1.15
PLOT_INCHES = 3.6  # the value axis's length in a 4.2 in wide figure, with a little to spare
VALUE_TICKS = 5  # at most: "225,000" and its neighbours never touch
MET, UNMET = "C0", "C3"  # blue and vermilion in the style's Okabe-Ito cycle
DONE, LEFT = "C0", "C1"
HATCH = "///"


def draw(ax: Axes, chart: Chart) -> None:
    """Draw any chart's data on ax."""
    {
        "bars": _bars,
        "pairs": _pairs,
        "completion": _completion,
        "split": _split,
        "years": _years,
    }[chart.kind](ax, chart)
    ax.set_xlabel(chart.axis_label)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=VALUE_TICKS, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    ax.set_yticks([])


def _one(builder: catalog.Builder, report: Report, chart_id: str | None = None) -> Chart:
    charts = [c for c in builder(report) if chart_id is None or c.id == chart_id]
    if not charts:
        raise ValueError(f"{report.year}年的数据不足以画这张图（{chart_id or builder.__name__}）")
    return charts[0]


def draw_budget_execution(ax: Axes, report: Report) -> None:
    draw(ax, _one(catalog.budget_execution, report))


def draw_budget_items(ax: Axes, report: Report) -> None:
    draw(ax, _one(catalog.budget_items, report))


def draw_spending_economic(ax: Axes, report: Report) -> None:
    draw(ax, _one(catalog.spending_economic, report))


def draw_three_public(ax: Axes, report: Report) -> None:
    draw(ax, _one(catalog.three_public, report))


def draw_indicators(ax: Axes, report: Report, place: str) -> None:
    """The indicators of one section or theme (place: "theme-1", "execution"...)."""
    draw(ax, _one(catalog.indicators, report, f"indicators-{place}"))


def draw_indicator_split(ax: Axes, report: Report, indicator_id: str) -> None:
    draw(ax, _one(catalog.indicator_splits, report, f"indicator-{indicator_id}"))


def draw_breakdown(ax: Axes, report: Report, breakdown_id: str) -> None:
    draw(ax, _one(catalog.breakdowns, report, f"breakdown-{breakdown_id}"))


def _tick(value: float, _: object) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:g}"


def _legend(ax: Axes, handles: list[Artist] | None = None) -> None:
    """Above the plot, left-aligned, so it never covers a bar."""
    extra = {"handles": handles} if handles else {}
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, frameon=False, **extra)


def _row_label(ax: Axes, y: float, text: str) -> None:
    """A row's name on its own line just above its bar, from the left edge of the axes."""
    ax.text(
        0,
        y,
        text,
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="bottom",
        size=LABEL_SIZE,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
    )


def _rate(row: Row) -> str:
    if row.rate is None:
        return ""
    return f"{'约' if row.approx_rate else ''}{row.rate}%"


def _text_inches(text: str) -> float:
    """About how wide a bar label is in the bundled font: CJK characters are square, digits
    about half; with the bar label's padding."""
    em = LABEL_SIZE / 72
    return sum(em if ord(c) > 0x2E80 else em * 0.55 for c in text) + 0.1


def _limits(ax: Axes, ends: list[tuple[float, str]], least: float = 0.0) -> None:
    """A value axis long enough that the text after every bar (its end, its label) still fits
    in the plot when the reader's font sets it FONT_SLACK wider."""
    needed = least
    for end, label in ends:
        room = min(0.7, _text_inches(label) * FONT_SLACK / PLOT_INCHES)
        needed = max(needed, end / (1 - room))
    ax.set_xlim(0, needed if needed > 0 else 1)


def _label_bars(ax: Axes, bars: BarContainer, labels: list[str]) -> None:
    # On white, so a reference line behind the text never crosses it.
    box = {"facecolor": "white", "edgecolor": "none", "pad": 0.5}
    ax.bar_label(bars, labels=labels, padding=3, size=LABEL_SIZE, bbox=box)


def _bars(ax: Axes, chart: Chart) -> None:
    rows = [r for r in chart.rows if r.first is not None]
    ys = list(range(len(rows)))
    widths = [float(r.first.value) for r in rows if r.first is not None]
    bars = ax.barh(ys, widths, height=0.45, color="C0")
    labels = []
    for y, row in zip(ys, rows, strict=True):
        assert row.first is not None
        _row_label(ax, y - 0.28, row.label + ("（更正后）" if row.first.corrected else ""))
        rate = _rate(row)
        labels.append(row.first.text() + (f"（{rate}）" if rate else ""))
    _label_bars(ax, bars, labels)
    _limits(ax, list(zip(widths, labels, strict=True)))
    ax.set_ylim(len(rows) - 0.5, -0.9)


def _pairs(ax: Axes, chart: Chart) -> None:
    centres = [i * PAIR_STEP for i in range(len(chart.rows))]
    ends: list[tuple[float, str]] = []
    for index, (offset, colour) in enumerate([(-0.19, "C5"), (0.19, "C0")]):
        series = chart.series[index]
        ys, widths, labels = [], [], []
        for centre, row in zip(centres, chart.rows, strict=True):
            value = row.first if index == 0 else row.second
            if value is None:
                continue
            ys.append(centre + offset)
            widths.append(float(value.value))
            rate = _rate(row) if index == 1 else ""
            labels.append(f"{series} {value.text()}" + (f"（{rate}）" if rate else ""))
        bars = ax.barh(ys, widths, height=0.36, color=colour, label=series)
        _label_bars(ax, bars, labels)
        ends += zip(widths, labels, strict=True)
    for centre, row in zip(centres, chart.rows, strict=True):
        zero = row.first is not None and row.first.value == 0
        _row_label(ax, centre - 0.42, row.label + ("（控制数为0）" if zero else ""))
    _limits(ax, ends)
    ax.set_ylim(centres[-1] + 0.6, -1.1)
    _legend(ax)


def _completion(ax: Axes, chart: Chart) -> None:
    ys = list(range(len(chart.rows)))
    widths = [float(r.rate or 0) for r in chart.rows]
    colours = [MET if r.met else UNMET for r in chart.rows]
    bars = ax.barh(ys, widths, height=0.45, color=colours)
    for bar, row in zip(bars, chart.rows, strict=True):
        if not row.met:
            bar.set_hatch(HATCH)
            bar.set_edgecolor("white")
    for y, row in zip(ys, chart.rows, strict=True):
        limit = "（上限）" if row.operator == "≤" else ""
        _row_label(ax, y - 0.28, f"{row.label}{limit}")
    rates = [_rate(r) for r in chart.rows]
    _label_bars(ax, bars, rates)
    target = ax.axvline(100, color="black", linewidth=1, linestyle="--", label="目标（100%）")
    _limits(ax, list(zip(widths, rates, strict=True)), least=100.0)
    ax.set_ylim(len(ys) - 0.5, -0.95)
    _legend(
        ax,
        [
            Patch(facecolor=MET, label=chart.series[0]),
            Patch(facecolor=UNMET, hatch=HATCH, edgecolor="white", label=chart.series[1]),
            target,
        ],
    )


def _split(ax: Axes, chart: Chart) -> None:
    rows = [r for r in chart.rows if r.first is not None and r.second is not None]
    ys = list(range(len(rows)))
    done = [float(r.first.value) for r in rows if r.first is not None]
    left = [float(r.second.value) for r in rows if r.second is not None]
    ax.barh(ys, done, height=0.45, color=DONE, label=chart.series[0])
    rest = ax.barh(ys, left, left=done, height=0.45, color=LEFT, hatch=HATCH, edgecolor="white")
    rest.set_label(chart.series[1])
    for y, row in zip(ys, rows, strict=True):
        assert row.first is not None and row.second is not None
        _row_label(
            ax, y - 0.28, f"{row.label}：已完成{row.first.text()}，未完成{row.second.text()}"
        )
    rates = [_rate(r) for r in rows]
    _label_bars(ax, rest, rates)
    ends = [d + x for d, x in zip(done, left, strict=True)]
    _limits(ax, list(zip(ends, rates, strict=True)))
    ax.set_ylim(len(ys) - 0.5, -0.9)
    _legend(ax)


GAP_COLOUR = "#555555"
LEGEND_CHARS = 18  # legend text that fits on one line above the plot


def _years(ax: Axes, chart: Chart) -> None:
    """A trend: each year a group of bars, one per series, oldest year on top.  A year
    without a figure keeps its place, with the gap written in, so it never reads as 0."""
    tops = year_tops(chart)
    several = len(chart.series) > 1
    colours = ["C5", "C0"] if len(chart.series) == 2 else [f"C{i}" for i in range(7)]
    ends: list[tuple[float, str]] = []
    handles: list[Artist] = []
    any_unmet = False
    for index, series in enumerate(chart.series):
        ys, widths, labels, unmet = [], [], [], []
        last = index == len(chart.series) - 1
        for top, row in zip(tops, chart.rows, strict=True):
            y = top + index * YEAR_BAR
            value = row.values[index] if index < len(row.values) else None
            if value is None:
                if any(v is not None for v in row.values):  # a whole missing year is one gap
                    gap = f"{series}：未列" if several else "未列"
                    ax.text(0, y, gap, va="center", size=LABEL_SIZE - 1, color=GAP_COLOUR)
                continue
            ys.append(y)
            widths.append(float(value.value))
            rate = _rate(row) if last else ""
            text = (f"{series} " if several else "") + value.text()
            text += (f"（{rate}）" if rate else "") + (row.remark if last else "")
            labels.append(text)
            unmet.append(last and row.met is False)
        colour = colours[index % len(colours)]
        bars = ax.barh(ys, widths, height=YEAR_BAR - 0.02, color=colour)
        handles.append(Patch(facecolor=colour, label=series))
        for bar, hatched in zip(bars, unmet, strict=True):
            if hatched:  # a result short of its target reads in grey print too
                bar.set_hatch(HATCH)
                bar.set_edgecolor("white")
                any_unmet = True
        _label_bars(ax, bars, labels)
        ends += zip(widths, labels, strict=True)
    for top, row in zip(tops, chart.rows, strict=True):
        _row_label(ax, top - YEAR_BAR / 2 - 0.05, row.label)
        if all(v is None for v in row.values):
            gap = row.remark or "本年度无此数据"
            ax.text(0, top, gap, va="center", size=LABEL_SIZE - 1, color=GAP_COLOUR)
    _limits(ax, ends)
    ax.set_ylim(tops[-1] + YEAR_BAR * (len(chart.series) - 1) + 0.6, -1.1)
    if any_unmet:
        handles.append(
            Patch(facecolor="#888888", hatch=HATCH, edgecolor="white", label="未达到目标")
        )
    # Every bar's label names its series; the legend is for the colours, where it fits.
    if several and len("".join(chart.series)) + 5 * any_unmet <= LEGEND_CHARS:
        _legend(ax, handles)
