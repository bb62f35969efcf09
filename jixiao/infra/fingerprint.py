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
    return [PACKAGE / name for name, _ in _package_entries()]


def _package_entries() -> list[tuple[str, str]]:
    """Each file of the package: its path inside the package (POSIX) and on this machine, in
    the order of the first.  Strings, not ``Path`` objects: every build reads the list, and
    pathlib's operations on it cost more than reading the files."""
    found: list[tuple[str, str]] = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        inside = os.path.relpath(folder, PACKAGE).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        found += [
            (prefix + name, os.path.join(folder, name))
            for name in files
            if not name.endswith(".pyc")
        ]
    return sorted(found)


@functools.cache  # read once per process
def code_fingerprint() -> str:
    """The hash of the package's files, the distributions it runs on and Python's version."""
    digest = hashlib.sha256(f"python {sys.version}\0".encode())
    for line in distribution_versions():
        digest.update(line.encode() + b"\0")
    for name, path in _package_entries():
        with open(path, "rb") as file:
            digest.update(name.encode() + b"\0" + file.read())
    return digest.hexdigest()


def distribution_versions() -> list[str]:
    """Each distribution on Python's import path: its folder's name (name and version) and a
    hash of its metadata.  Read straight from the files: asking ``importlib.metadata`` for the
    requirements of each took most of a second, longer than a whole cached build."""
    found: list[str] = []
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                found.append(f"{name} {_metadata_hash(os.path.join(entry or '.', name))}")
    return found


def _metadata_hash(folder: str) -> str:
    for name in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(folder, name), "rb") as file:
                return hashlib.sha256(file.read()).hexdigest()
        except OSError:
            continue
    return "no metadata"
