"""What a drawn chart depends on besides its data, as one hash for the chart cache.

This package's code and style, matplotlib's version and the font: a change
to any of them redraws every chart.  Computed without importing matplotlib,
so a build whose charts are all cached never pays for that import.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import noto_cjk_sans_otc

PACKAGE = Path(__file__).parent


def code_fingerprint(package: Path = PACKAGE) -> str:
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *package.glob("*.mplstyle")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    font = Path(str(noto_cjk_sans_otc.FONT_PATH))
    digest.update(
        f"matplotlib {version('matplotlib')}\0"
        f"noto-cjk-sans-otc {version('noto-cjk-sans-otc')} {font.stat().st_size}".encode()
    )
    return digest.hexdigest()
