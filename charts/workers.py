"""The worker processes that draw charts: a forkserver that has imported matplotlib once.

Workers fork from a clean server, never from the build process itself (which
may have threads, e.g. under serve), and the build process never imports
matplotlib.  Starting the server costs about a second (the import), which
would hold up the first chart: a build of several years with nothing cached
starts it first thing (``start_early``), so the import is done while MkDocs
starts and the data is loaded and checked.  This module imports nothing
heavy: the plugin asks it before it knows whether any chart must be drawn.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import sys
from multiprocessing.context import ForkServerContext
from pathlib import Path

PRELOAD = ["jixiao.charts.render", "jixiao.charts.assets"]
_YEAR_FILE = re.compile(r"\d{4}\.ya?ml")  # as jixiao.model.loader names them


def context() -> ForkServerContext:
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(PRELOAD)
    return forkserver


def start_early(chart_cache: Path, data_dir: Path) -> None:
    """Start the server now if no chart is cached yet and there are several years to draw."""
    try:
        if chart_cache.is_dir() and any(chart_cache.iterdir()):
            return
        if sum(bool(_YEAR_FILE.fullmatch(p.name)) for p in data_dir.iterdir()) < 2:
            return  # a year or none: few charts, perhaps drawn here without workers
    except OSError:
        return
    if default_workers() > 1 and main_reimportable():
        from multiprocessing import forkserver

        context()
        # Only a head start: whatever stops it here, drawing meets again and handles.
        with contextlib.suppress(Exception):
            forkserver.ensure_running()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main_reimportable() -> bool:
    """Whether worker processes can re-import the calling program, as forkserver does."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or Path(main_file).exists()
