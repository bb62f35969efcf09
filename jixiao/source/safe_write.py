"""Writing files so that nothing is lost: atomically, and never over a file unless asked.

Every command that writes files goes through here.  Each file is written to a
temporary file beside its target and renamed over it, so an interrupted write
leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class WouldOverwrite(FileExistsError):
    """A target exists and overwriting was not asked for."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__(paths[0])


def write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(targets: Mapping[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write every target atomically; refuse before writing anything if one exists unforced."""
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise WouldOverwrite(existing)
    for path, data in targets.items():
        write_atomic(path, data)
    return list(targets)
