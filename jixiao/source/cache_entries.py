"""Entries of the build caches (charts, downloads, history): read back, marked used, pruned.

Each entry is a file named by the hash of what it was made from, so a cache
only grows: a changed year leaves its old charts and files behind.  Reading
an entry back sets its modification time to now, so after a build every
entry the build used, read or written, is at least as new as the build's
start; ``prune`` then removes the others, which no build of the current data
and code uses any more.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from collections.abc import Mapping
from pathlib import Path

from jixiao.source.errors import StaffError
from jixiao.source.safe_write import write_files

# Filesystems keep times coarser than the clock a build's start is read from (FAT: 2 s): an
# entry used within this margin before the start is kept too, which only costs disk.
MARGIN = 2.0
# What an entry is named: a hash (and a code hash), and its kind.  Nothing else is ever removed,
# whatever folder a site names as its cache.
ENTRY = re.compile(r"[0-9a-f]{40,64}(?:-[0-9a-f]{16})?\.(?:svg|csv|json|xlsx|pickle|txt)")


def read_entry(path: Path) -> bytes | None:
    """The entry's bytes, marked used now; None if there is none (or it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    mark_used(path)
    return data


def mark_used(path: Path) -> None:
    """Keep the entry from the next ``prune``: its value was taken from memory, not read."""
    with contextlib.suppress(OSError):
        os.utime(path)


def read_pickled(path: Path | None) -> object:
    """The object an entry holds, marked used; None if there is none or it cannot be read
    back (damaged, or written by code that has since changed): a miss."""
    data = read_entry(path) if path is not None else None
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None


def keep(entries: Mapping[Path, bytes]) -> None:
    """Write entries atomically; a cache that cannot be written only costs time."""
    with contextlib.suppress(OSError, StaffError):
        write_files(entries, force=True)


def prune(folder: Path, since: float) -> int:
    """Remove the entries under folder not used since ``since`` (a build's start, as
    ``time.time()``); how many were removed.  Only files named as entries are removed; anything
    that cannot be removed stays."""
    removed = 0
    with contextlib.suppress(OSError):
        for path in sorted(folder.rglob("*")):
            with contextlib.suppress(OSError):
                if (
                    ENTRY.fullmatch(path.name)
                    and path.is_file()
                    and path.stat().st_mtime < since - MARGIN
                ):
                    path.unlink()
                    removed += 1
        for emptied in sorted(folder.rglob("*"), reverse=True):  # folders left empty go too
            with contextlib.suppress(OSError):
                if emptied.is_dir() and not any(emptied.iterdir()):
                    emptied.rmdir()
    return removed
