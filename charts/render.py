"""The one render function: a chart's data to deterministic SVG bytes, in the packaged style.

No pyplot: each chart is its own ``Figure``, so nothing is shared between
charts or with the caller.  The style is applied on top of matplotlib's
defaults, never on top of whatever the calling process set.  Text stays
text (the reader's font draws it), laid out with the bundled font: a
character that font lacks cannot be measured and may show as a box on a
reader's machine; matplotlib only warns about it, so here it is an error.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from matplotlib import style
from matplotlib.figure import Figure

from jixiao.charts import fonts
from jixiao.charts.data import Chart, MissingGlyphError
from jixiao.charts.draw import draw, height

__all__ = ["MissingGlyphError", "drawn", "render_svg"]

STYLE = Path(__file__).with_name("jixiao.mplstyle")
WIDTH = 4.2  # inches; see the style file for why
TITLE_CHARS = 20  # characters a title line holds at that width, in a font 15% wider
_MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")


@contextmanager
def drawn(chart: Chart) -> Iterator[Figure]:
    """The chart on a new figure, inside the packaged style.  Fonts are looked up when text
    is laid out, so whatever measures or saves the figure does it inside this block."""
    fonts.register()
    with style.context(["default", STYLE]):
        figure = Figure(figsize=(WIDTH, height(chart)), layout="constrained")
        figure.suptitle(_wrap(chart.title.rstrip("。"), TITLE_CHARS), x=0.01, ha="left")
        draw(figure.add_subplot(), chart)
        yield figure


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
