"""One hash of this package's code, for the caches that keep generated files between builds:
a change to any module (a label, a format, a rule) makes every cached entry stale."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def package_fingerprint(*extra: str) -> str:
    """The hash of every module of the package, and of ``extra`` (library versions)."""
    digest = hashlib.sha256("\0".join(extra).encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
