"""One hash of the code a build runs: this package's files (modules, templates, theme, chart
style), the version of every distribution the package needs (its requirements and theirs) and
the Python version.  A change to any of them makes every cached entry stale."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


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


def distribution_versions(root: str = "jixiao") -> list[str]:
    """Each distribution ``root`` requires, directly or not (extras aside), with its version."""
    seen: dict[str, str] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            seen[name] = version(name)
            needed = requires(name) or []
        except PackageNotFoundError:
            seen[name] = "absent"
            continue
        waiting += [m[0] for r in needed if "extra ==" not in r and (m := _NAME.match(r))]
    seen.pop(root, None)  # its files are hashed themselves (an editable install keeps 0.x)
    return [f"{name} {seen[name]}" for name in sorted(seen)]


def package_fingerprint(*extra: str) -> str:
    """The code fingerprint with ``extra`` (for callers that add inputs of their own)."""
    return hashlib.sha256("\0".join([code_fingerprint(), *extra]).encode()).hexdigest()


def library_versions(*names: str) -> list[str]:
    """Each of these distributions that is installed, as its name and version."""
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return found
