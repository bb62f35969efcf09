"""The CJK font every chart uses: Noto Sans CJK (SIL OFL), installed from PyPI with the project.

Charts never depend on whatever fonts a machine happens to have: the font
file comes with ``pip install`` (package ``noto-cjk-sans-otc``) and each
chart's text names it by file and face (``bundled``), so no system copy of
the family (Debian's fonts-noto-cjk, say, another version or weight) is ever
used to measure it, and matplotlib's process-wide font list is left as it is.
The collection's first face is Japanese, so the Simplified Chinese face is
chosen by name.
"""

from __future__ import annotations

import functools
from typing import Any

from matplotlib import font_manager, ft2font

from jixiao.checks.glyphs import FAMILY as FAMILY
from jixiao.checks.glyphs import FONT_FILE as FONT_FILE


@functools.cache
def bundled() -> Any:  # a path matplotlib reads as one face of a collection
    """The bundled collection's Simplified Chinese face, as matplotlib names a file's face."""
    faces = ft2font.FT2Font(str(FONT_FILE)).num_faces
    for index in range(faces):
        if ft2font.FT2Font(str(FONT_FILE), face_index=index).family_name == FAMILY:
            return font_manager.FontPath(str(FONT_FILE), index)
    raise LookupError(f"{FONT_FILE} has no face {FAMILY}")


def register() -> None:
    """Make the bundled font known to matplotlib by its family name as well (once per process),
    for code that looks fonts up by name.  Adds to matplotlib's list, as its documentation
    offers; replaces nothing."""
    manager = font_manager.fontManager
    if not any(str(entry.fname) == str(FONT_FILE) for entry in manager.ttflist):
        manager.addfont(FONT_FILE)
