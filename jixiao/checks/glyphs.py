"""Characters the charts cannot draw: names and headings go onto charts in the bundled font
(Noto Sans CJK SC), and a character it lacks (an emoji, a rare character) would show as an
empty box, so the checks name it with its line before any chart is drawn.

Reading the font's character map costs about half a second, so it is read only when a
text has a character outside the ranges the font is known to cover in full (ASCII, CJK
punctuation, the basic CJK ideographs, full-width forms); tests/test_glyphs.py holds the
font to that.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import noto_cjk_sans_otc

FAMILY = "Noto Sans CJK SC"
FONT_FILE = Path(str(noto_cjk_sans_otc.FONT_PATH))

COVERED = re.compile(
    # ASCII and common punctuation; CJK punctuation, the basic ideographs up to Unicode 10
    # (U+9FF0 on came later), full-width forms
    r"[\x20-\x7e\u00b7\u2014\u2018\u2019\u201c\u201d\u2026"
    r"\u3000-\u303f\u4e00-\u9fef\uff01-\uff5e]"
)


@functools.cache  # the font file of the installed package: the same for every build
def font_characters() -> frozenset[int]:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(FONT_FILE), lazy=True)
    face = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    return frozenset(face.getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """The characters of text the chart font cannot draw, each once, in order."""
    unusual = [c for c in dict.fromkeys(text) if not COVERED.match(c)]
    if not unusual:
        return []
    drawable = font_characters()
    return [c for c in unusual if ord(c) not in drawable]
