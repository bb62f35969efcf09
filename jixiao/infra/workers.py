"""The build's worker processes: forked from a server that has imported matplotlib once.

They draw charts, build a portal's departments side by side and, where a build reads a
whole site from nothing, spread the personal audit's reading (``spread``).

Workers fork from a clean server, never from the build process itself (which
may have threads, e.g. under serve), and the build process never imports
matplotlib.  Starting the server costs about a second (the import), which
would hold up the first chart: a build with a year to draw and nothing cached
starts it first thing (``start_early``), so the import is done while MkDocs
starts and the data is loaded and checked.  This module imports nothing
heavy: the plugin asks it before it knows whether any chart must be drawn.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import util
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from jixiao.infra.leftovers import CHARTS_PREFIX, remove_stale_temporaries, tagged

if TYPE_CHECKING:  # imported where workers start: a build that never spreads does without
    from concurrent.futures import ProcessPoolExecutor

PRELOAD = ["jixiao.charts.render", "jixiao.charts.assets"]
_YEAR_FILE = re.compile(r"\d{4}\.ya?ml")  # as jixiao.model.loader names them


def context() -> ForkServerContext:
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(PRELOAD)
    return forkserver


def start_early(charts_kept: bool, data_dir: Path) -> None:
    """Start the server now if no chart is kept yet and there is a year to draw."""
    remove_stale_temporaries()  # every build, drawing or not: what killed runs left
    try:
        if charts_kept:
            return
        if not any(_YEAR_FILE.fullmatch(p.name) for p in data_dir.iterdir()):
            return  # no year: no chart (a year has a dozen or more, drawn by workers)
    except OSError:
        return
    if default_workers() > 1 and main_reimportable():
        # Only a head start: whatever stops it here, drawing meets again and handles.
        with contextlib.suppress(Exception):
            start_server()


def start_server() -> None:
    """Start the server (if it is not running) deaf to Ctrl-C, as every worker it forks will
    be: a Ctrl-C in the terminal reaches the whole process group, and the build alone answers
    it (it stops the workers) instead of each process printing a traceback of its own."""
    from multiprocessing import forkserver

    context()
    if threading.current_thread() is not threading.main_thread():
        with _own_temporary_folder(), _this_package_first():
            forkserver.ensure_running()
        return
    # An ignored SIGINT is inherited across exec, and Python keeps it ignored; forkserver
    # hands the disposition it started with to each worker.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _own_temporary_folder(), _this_package_first():
            forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _this_package_first() -> Iterator[None]:
    """Start the server importing the jixiao this process runs, whose files the build cache's
    keys hash: Python 3.11's forkserver runs ``python -c``, which puts the working folder
    first on its path (a checkout's jixiao there would draw with other code)."""
    package = sys.modules[__name__.partition(".")[0]]  # jixiao, imported before this module
    root = str(Path(str(package.__file__)).resolve().parent.parent)
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "PYTHONSAFEPATH")}
    rest = [saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *rest])
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


Item = TypeVar("Item")
Result = TypeVar("Result")


class Spread(Protocol):
    """``map``'s shape, order kept."""

    def __call__(
        self, function: Callable[[Item], Result], items: Iterable[Item], /
    ) -> Iterator[Result]: ...


@contextlib.contextmanager
def spread() -> Iterator[Spread | None]:
    """``map`` over worker processes, started only when first called and kept for the block
    (none where they cannot be: one core, or a program they cannot re-import); stopped when
    the block ends."""
    if default_workers() < 2 or not main_reimportable():
        yield None
        return
    pools: list[ProcessPoolExecutor] = []  # none until called, then the one

    def over_workers(function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        from concurrent.futures import ProcessPoolExecutor

        if not pools:
            start_server()
            pools.append(ProcessPoolExecutor(default_workers(), mp_context=context()))
        return pools[0].map(function, items, chunksize=8)

    try:
        yield over_workers
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main_reimportable() -> bool:
    """Whether worker processes can re-import the calling program, as forkserver does."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or Path(main_file).exists()


# multiprocessing keeps the server's socket in a folder (pymp-…) of the temporary folder,
# removed when the build ends; a build killed hard (kill -9) leaves it.  Made inside a folder
# named with our prefix and the process id (through tempfile's public ``tempdir``, while the
# server starts), the next build removes such leftovers.


@contextlib.contextmanager
def _own_temporary_folder() -> Iterator[None]:
    folder = tempfile.mkdtemp(prefix=tagged(CHARTS_PREFIX))
    previous, tempfile.tempdir = tempfile.tempdir, folder
    try:
        yield
    finally:
        tempfile.tempdir = previous
        if any(Path(folder).iterdir()):
            # after multiprocessing's own finaliser (priority -100) has removed its pymp-…
            util.Finalize(
                None,
                shutil.rmtree,
                args=[folder],
                kwargs={"ignore_errors": True},
                exitpriority=-101,
            )
        else:  # multiprocessing had its folder already: ours holds nothing
            shutil.rmtree(folder, ignore_errors=True)
