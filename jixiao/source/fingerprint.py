"""One hash of this package, for the caches that keep generated files between builds: a change
to any of its files (a module, a template, the theme, the chart style) makes every cached
entry stale."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def package_files() -> list[Path]:
    """Every file of the package, in a fixed order."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [Path(folder) / name for name in files]
    return sorted(found, key=lambda path: path.relative_to(PACKAGE).as_posix())


def package_fingerprint(*extra: str) -> str:
    """The hash of every file of the package, and of ``extra`` (library versions)."""
    return hashlib.sha256("\0".join([_files_digest(), *extra]).encode()).hexdigest()


@functools.cache  # read once per process, whatever each cache adds to it
def _files_digest() -> str:
    digest = hashlib.sha256()
    for path in package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def library_versions(*names: str) -> list[str]:
    """Each of these distributions that is installed, as its name and version."""
    found = []
    for name in names:
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return found
