"""The last generated site as data: what it is made of (its key) and its JSON form.

A build's product (``build.SiteFiles`` and what the build had to say) depends on
the data folder's files and where that folder is, the git history of the data
(the revision history is read from it: the commits that touched the folder,
HEAD, a shallow clone's state and replace refs), the code (the key recipe of
``jixiao.infra.memo`` covers the package, its libraries and Python), the
build's options and the working folder (messages name files relative to it).
When the key matches a kept entry, that site is the site, and the pipeline is
not even imported.  Reading the key costs a few git calls and reading every
data file, against more than a second to load, check and generate ten years.

The kept form is JSON of plain values, checked field by field when read back:
anything of another shape is no site (a miss), never an object to run.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.opendata.gitdata import GitError, git


@dataclass
class FinishedSite:
    """What a finished build hands the site engine: its messages (logging level, text), the
    generated files by path and the navigation order."""

    messages: list[tuple[int, str]] = field(default_factory=list)
    files: dict[str, str | bytes] = field(default_factory=dict)
    nav: list[str] = field(default_factory=list)
    # The numbers its years declare not personal: the post-build audit allows them.
    not_personal: list[str] = field(default_factory=list)


def site_inputs(data_dir: Path) -> bytes | None:
    """Everything of the data folder a site is made of, as bytes to key it by: where it is,
    its files and their git history; None where a file cannot be read (the build says why)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode() + b"\0")
    try:
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(data_dir).as_posix()
            if relative.startswith(".") or "/." in relative:
                continue
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    for question in _HISTORY:
        try:
            digest.update(git(data_dir, *question) + b"\0")
        except GitError:
            digest.update(b"no git history\0")
    return digest.digest()


# What the revision history of the data is read from: the commit checked out, the commits
# that touched the folder (a fetch that deepens a shallow clone adds some), whether the clone
# is shallow, and the replace refs (``git replace`` changes what a commit says).
_HISTORY = (
    ("rev-parse", "HEAD", "--is-shallow-repository"),
    ("log", "--format=%H", "--", "."),
    ("for-each-ref", "refs/replace"),
)


def site_json(site: FinishedSite) -> object:
    """The site as JSON values (asset bytes in base64; files in their order, which MkDocs
    keeps in its search index)."""
    return {
        "messages": [[level, text] for level, text in site.messages],
        "files": _files_json(site.files),
        "nav": site.nav,
        "not_personal": site.not_personal,
    }


def site_from_json(value: object) -> FinishedSite | None:
    """The site ``site_json`` made, or None for a value of any other shape."""
    if not isinstance(value, dict):
        return None
    messages, nav, allowed = value.get("messages"), value.get("nav"), value.get("not_personal")
    files = _files_from_json(value.get("files"))
    if files is None or not _pairs(messages, int, str):
        return None
    if not (_strings(nav) and _strings(allowed)):
        return None
    site = FinishedSite(nav=nav, not_personal=allowed, files=files)  # type: ignore[arg-type]
    site.messages = [(level, text) for level, text in messages]  # type: ignore[union-attr]
    return site


def _files_json(files: Mapping[str, str | bytes]) -> list[list[object]]:
    """Files by path as JSON values: text as text, bytes in base64, in their order."""
    return [
        [path, {"text": content} if isinstance(content, str) else {"base64": _b64(content)}]
        for path, content in files.items()
    ]


def _files_from_json(value: object) -> dict[str, str | bytes] | None:
    """The files ``_files_json`` made, or None for a value of any other shape."""
    if not _pairs(value, str, dict):
        return None
    files: dict[str, str | bytes] = {}
    for path, content in value:  # type: ignore[attr-defined]
        text, packed = content.get("text"), content.get("base64")
        if len(content) != 1 or not isinstance(packed if text is None else text, str):
            return None
        try:
            files[path] = text if isinstance(text, str) else base64.b64decode(packed, validate=True)
        except ValueError:
            return None
    return files


def _pairs(value: object, first: type, second: type) -> bool:
    """A list of two-item lists of these types (``bool`` is no ``int`` here)."""
    return isinstance(value, list) and all(
        isinstance(item, list)
        and len(item) == 2
        and type(item[0]) is first
        and isinstance(item[1], second)
        for item in value
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
