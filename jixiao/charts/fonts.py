"""The CJK font every chart uses: Noto Sans CJK (SIL OFL), installed from PyPI with the project.

Charts never depend on whatever fonts a machine happens to have: the font
file comes with ``pip install`` (package ``noto-cjk-sans-otc``) and is
registered with matplotlib by path.  The collection's first face is
Japanese, so the style names the Simplified Chinese face.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib import font_manager

from jixiao.checks.glyphs import FAMILY as FAMILY
from jixiao.checks.glyphs import FONT_FILE as FONT_FILE


def register() -> None:
    """Make the bundled font the only "Noto Sans CJK SC" matplotlib knows (once per process).

    A system copy of the family (Debian's fonts-noto-cjk, say) may be another version or
    weight; dropping it means the same file draws every chart on every machine."""
    manager = font_manager.fontManager
    if any(Path(entry.fname) == FONT_FILE for entry in manager.ttflist):
        return
    manager.ttflist = [entry for entry in manager.ttflist if entry.name != FAMILY]
    manager.addfont(FONT_FILE)  # also clears matplotlib's font lookup cache
