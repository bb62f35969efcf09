"""Writing files so that nothing is lost: atomically, and never over a file unless asked.

Every command that writes files goes through here.  Each file is first written
in full to a temporary file beside its target (``stage``); only when every
file of a command is staged are they renamed over their targets
(``commit``), with Ctrl-C held back for those few renames.  An interrupted or
failed write therefore leaves the old files and no temporary ones, never half
of the output; folders made for it are removed again.  A temporary file that a
killed run (``kill -9``) could not remove is removed by the next write into its
folder.  Failures of the operating system are reported as ``StaffError`` (in
Chinese, with the target).
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from jixiao.infra.errors import StaffError, from_os_error
from jixiao.infra.leftovers import remove_stale_writes, tagged


class WouldOverwrite(StaffError):
    """A target exists and overwriting was not asked for."""

    def __init__(self, paths: list[Path], hint: str = "加 --force 才会覆盖。") -> None:
        self.paths = paths
        names = "、".join(p.as_posix() for p in paths[:3])
        more = f" 等 {len(paths)} 个文件" if len(paths) > 3 else ""
        super().__init__(f"{names}{more} 已存在，不会覆盖；没有写入任何文件。", hint=hint)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def stage(target: Path, write: Callable[[BinaryIO], None], *, durable: bool = True) -> Path:
    """Write a temporary file beside target with write(handle); its path.  ``durable``: on
    the disk before it is renamed (without: the build cache's entries, which are checked on
    read and of which a build writes thousands).  The caller commits it or unlinks it; on
    failure here nothing is left."""
    prefix = f".{target.name}."
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=tagged(prefix), suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; outputs are for sharing
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold Ctrl-C back until the block ends, then raise it: renames are not cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def commit(staged: Mapping[Path, Path]) -> None:
    """Rename each staged temporary file (value) over its target (key)."""
    with _interrupt_held():
        for target, tmp in staged.items():
            os.replace(tmp, target)


def _make_parents(folder: Path) -> list[Path]:
    """Make folder and its missing parents; the ones made, outermost first."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def write_with(
    targets: Mapping[Path, Callable[[BinaryIO], None]], *, force: bool = False
) -> list[Path]:
    """Stage every target with its writer, then commit them all; refuse before writing
    anything if a target exists and force is false."""
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing and not force:
        raise WouldOverwrite(existing)
    for path in existing:
        if path.is_dir():
            raise StaffError(
                "要写入的位置是一个文件夹；没有写入任何文件。",
                path=path,
                hint="换一个文件名，或先移走这个文件夹。",
            )
    # What killed runs (kill -9) left beside the targets goes first: once a folder, not once
    # a file (a folder of n files cost n² checks).
    for folder in dict.fromkeys(path.parent for path in targets):
        remove_stale_writes(folder)
    made: list[Path] = []
    staged: dict[Path, Path] = {}
    current = next(iter(targets), None)
    try:
        for current, write in targets.items():
            made += _make_parents(current.parent)
            staged[current] = stage(current, write)
        commit(staged)
    except BaseException as error:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        for folder in reversed(made):
            with suppress(OSError):  # not empty: something else is in it
                folder.rmdir()
        if isinstance(error, OSError):
            raise from_os_error(error, "写入", current) from error
        raise
    return list(targets)


def bytes_writer(data: bytes) -> Callable[[BinaryIO], None]:
    """Writes these bytes into the handle it is given (for ``stage``)."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write


def write_files(targets: Mapping[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write every target atomically, all or none; refuse if one exists unforced."""
    return write_with({path: bytes_writer(data) for path, data in targets.items()}, force=force)


def write_atomic(target: Path, data: bytes) -> None:
    """Write (or replace) one file atomically."""
    write_files({target: data}, force=True)
