"""One hash of the code a build runs: this package's files (modules, templates, theme, chart
style), every distribution installed where Python imports from (its name, version and
metadata: an upgrade of any library the build imports changes it) and the Python version.
A change to any of them makes every cached entry stale."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def package_files() -> list[Path]:
    """Every file of the package, in a fixed order."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [Path(folder) / name for name in files if not name.endswith(".pyc")]
    return sorted(found, key=lambda path: path.relative_to(PACKAGE).as_posix())


@functools.cache  # read once per process
def code_fingerprint() -> str:
    """The hash of the package's files, the distributions it runs on and Python's version."""
    digest = hashlib.sha256(f"python {sys.version}\0".encode())
    for line in distribution_versions():
        digest.update(line.encode() + b"\0")
    for path in package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def distribution_versions() -> list[str]:
    """Each distribution on Python's import path: its folder's name (name and version) and a
    hash of its metadata.  Read straight from the files: asking ``importlib.metadata`` for the
    requirements of each took most of a second, longer than a whole cached build."""
    found: list[str] = []
    for entry in sys.path:
        try:
            folders = sorted(Path(entry or ".").iterdir())
        except OSError:
            continue
        for folder in folders:
            if folder.suffix in (".dist-info", ".egg-info"):
                found.append(f"{folder.name} {_metadata_hash(folder)}")
    return found


def _metadata_hash(folder: Path) -> str:
    for name in ("METADATA", "PKG-INFO"):
        try:
            return hashlib.sha256((folder / name).read_bytes()).hexdigest()
        except OSError:
            continue
    return "no metadata"
