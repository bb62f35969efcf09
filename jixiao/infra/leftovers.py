"""Temporary files and folders a killed run leaves behind, removed by the next run.

Ctrl-C and a polite kill let a command clean up after itself; ``kill -9``, a power cut or
a crash do not.  So every temporary name carries a recognisable prefix and the id of the
process that made it, and a command about to make one first removes those whose process
is gone: nothing a run leaves beside an output or in the system's temporary folder
outlives the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

# What jixiao makes in the system's temporary folder: the offline site a bundle builds,
# the folder of the chart workers' server socket, the records and index of the search.
BUNDLE_PREFIX = "jixiao-bundle-"
CHARTS_PREFIX = "jixiao-charts-"
SEARCH_PREFIX = "jixiao-search-"
# The machine's memory, where the search's records and index go when there is room: what a
# run left there would hold memory until the machine restarts.
IN_MEMORY = Path("/dev/shm")


# A file being written beside its target (``safe_write``, the build cache's entries too):
# ``.<name>.<process id>-<random>.tmp``.
WRITING = re.compile(r"\..+\.(\d+)-\w+\.tmp")


def tagged(prefix: str) -> str:
    """The prefix of a temporary name made by this process: ``prefix`` and its id."""
    return f"{prefix}{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process (PermissionError): alive, not ours to judge
    return True


def remove_stale(folder: Path, prefix: str) -> None:
    """Remove what ``tagged(prefix)`` names in ``folder`` whose process has ended."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)-")
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return  # no folder, or not readable: nothing of ours to remove
    for name in names:
        match = pattern.match(name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = folder / name
        with suppress(OSError):  # removed meanwhile, or not ours to remove: left alone
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def remove_stale_writes(folder: Path) -> None:
    """Remove the files a killed run was writing in ``folder`` (named as ``WRITING`` says)."""
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(".tmp")]
    except OSError:
        return  # no folder, or not readable: nothing of ours to remove
    for name in names:
        writing = WRITING.fullmatch(name)
        if writing is not None and not _alive(int(writing[1])):
            with suppress(OSError):  # removed meanwhile, or not ours to remove: left alone
                (folder / name).unlink()


def remove_stale_tagged(folder: Path) -> None:
    """Remove from ``folder`` whatever ended runs left there under any of jixiao's prefixes."""
    for prefix in (BUNDLE_PREFIX, CHARTS_PREFIX, SEARCH_PREFIX):
        remove_stale(folder, prefix)


def remove_stale_temporaries() -> None:
    """Remove from the system's temporary folder (and from memory) what ended jixiao runs
    left there: killed, or a `mkdocs serve` stopped while its search index was written."""
    remove_stale_tagged(Path(tempfile.gettempdir()))
    remove_stale(IN_MEMORY, SEARCH_PREFIX)
