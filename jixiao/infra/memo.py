"""The one build cache: entries of bytes or JSON under one folder, named by one key recipe,
verified on read, pruned in one place, and off altogether with ``Memo(None)``.

An entry is ``<folder>/<kind>/<key>.entry``: a line with the SHA-256 of the content, then
the content.  Nothing is ever unpickled or executed: bytes are handed back as bytes, JSON
is parsed and its shape checked by the caller, which rebuilds its objects from the values.
A key (``Memo.key``) hashes the code fingerprint (``jixiao.infra.fingerprint``: the package,
the distributions it runs on, Python) with the kind and every input given, so an entry is
only ever taken for exactly what made it.

Whatever goes wrong with the folder is a miss, never an error: an entry whose hash does not
match its content (damaged or edited), one that cannot be read, a folder that cannot be
written.  The first such trouble of a process is logged quietly (DEBUG), and the build goes on
as if nothing had been cached.  Reading an entry marks it used (its modification time), so
``prune`` after a build removes exactly what that build did not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

from jixiao.infra.fingerprint import code_fingerprint
from jixiao.infra.leftovers import remove_stale_tagged, remove_stale_writes
from jixiao.infra.safe_write import bytes_writer, stage

log = logging.getLogger("jixiao.memo")

# The cache's folder beside mkdocs.yml unless a site names another (the plugin's ``cache_dir``).
FOLDER = ".cache"
# Folders of a cache where earlier versions kept compiled Jinja templates (code, never read now).
FORMER = ("theme-templates", "templates")
# Filesystems keep times coarser than the clock a build's start is read from (FAT: 2 s): an
# entry used within this margin before the start is kept too, which only costs disk.
MARGIN = 2.0
# Where files about to be kept are made (``scratch``): not an entry, never pruned as one.
SCRATCH = "scratch"
# What an entry is named; nothing else is ever removed, whatever folder a site names.  A blob
# is a file kept as it is, named by the SHA-256 of its bytes (checked on read), so that it can
# be linked into a site instead of written again.
ENTRY = re.compile(r"[0-9a-f]{64}\.(entry|blob)")
_warned: set[str] = set()


def _quietly(trouble: str) -> None:
    if trouble not in _warned:  # once per process and kind of trouble
        _warned.add(trouble)
        log.debug("缓存：%s；按未缓存处理。", trouble)


class Memo:
    """The cache of one site (``root``), or no cache at all (``root`` None)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    @property
    def on(self) -> bool:
        return self.root is not None

    @staticmethod
    def key(kind: str, *inputs: str | bytes) -> str:
        """The one key recipe: the code fingerprint, the kind and each input, unambiguously."""
        digest = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0".encode())
        for value in inputs:
            data = value.encode() if isinstance(value, str) else value
            digest.update(f"{len(data)}:".encode() + data)
        return digest.hexdigest()

    def _path(self, kind: str, key: str) -> Path | None:
        if self.root is None or not re.fullmatch(r"[0-9a-f]{64}", key):
            return None
        return self.root / kind / f"{key}.entry"

    def holds(self, kind: str) -> bool:
        """Whether any entry of this kind is kept (however old)."""
        if self.root is None:
            return False
        try:
            return any((self.root / kind).glob("*.entry"))
        except OSError:
            return False

    def get(self, kind: str, key: str) -> bytes | None:
        """The content stored under this key, if it is there and intact; marked used."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            stored = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            _quietly(f"{kind} 的条目读不出")
            return None
        stated, _, content = stored.partition(b"\n")
        if stated != hashlib.sha256(content).hexdigest().encode():
            _quietly(f"{kind} 的条目与其哈希不符（损坏或被改动）")
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return content

    def put(self, kind: str, key: str, content: bytes) -> None:
        """Store content under this key, atomically; a folder that cannot be written is quiet."""
        path = self._path(kind, key)
        if path is None:
            return
        stored = hashlib.sha256(content).hexdigest().encode() + b"\n" + content
        try:
            _write(path, stored)
        except OSError:
            _quietly("缓存文件夹写不进")

    def _blob(self, kind: str, name: str) -> Path | None:
        if self.root is None or not re.fullmatch(r"[0-9a-f]{64}", name):
            return None
        return self.root / kind / f"{name}.blob"

    def keep_file(self, kind: str, source: Path, data: bytes | None = None) -> str | None:
        """Keep a copy of the file at ``source`` (a hard link where the filesystem allows) under
        the hash of its bytes (``data``, where the caller has read them), which is returned;
        None where nothing can be kept."""
        data = source.read_bytes() if data is None else data
        name = hashlib.sha256(data).hexdigest()
        path = self._blob(kind, name)
        if path is None:
            return None
        try:
            if path.is_file():
                os.utime(path)
                return name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, path)
            except OSError:  # another filesystem: a copy, put in place whole
                _write(path, data)
        except OSError:
            _quietly("缓存文件夹写不进")
            return None
        return name

    def scratch(self) -> Path | None:
        """A folder on the cache's own filesystem to make files in that are then kept
        (``keep_file`` links them there instead of copying every one); None without a cache or
        where it cannot be made.  The caller makes its own tagged folder inside
        (``leftovers.tagged``) and removes it; what ended runs left there goes first."""
        if self.root is None:
            return None
        folder = self.root / SCRATCH
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            _quietly("缓存文件夹写不进")
            return None
        remove_stale_tagged(folder)
        return folder

    def place_file(self, kind: str, name: str, target: Path) -> bool:
        """Put the kept file ``name`` at ``target`` (a new path), linked where the filesystem
        allows; False, and nothing put, where it is not kept intact."""
        path = self._blob(kind, name)
        if path is None:
            return False
        try:
            data = path.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != name:
            _quietly(f"{kind} 的文件与其哈希不符（损坏或被改动）")
            return False
        with contextlib.suppress(OSError):
            os.utime(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            target.write_bytes(data)
        return True

    def get_json(self, kind: str, key: str) -> object:
        """The JSON value stored under this key, or None; its shape is the caller's to check."""
        content = self.get(kind, key)
        if content is None:
            return None
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            _quietly(f"{kind} 的条目不是 JSON")
            return None

    def put_json(self, kind: str, key: str, value: object) -> None:
        self.put(kind, key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode())

    def prune(self, since: float) -> int:
        """Remove the entries not used since ``since`` (a build's start, as ``time.time()``);
        how many were removed.  Folders left empty go too; anything stuck stays."""
        if self.root is None:
            return 0
        removed = 0
        with contextlib.suppress(OSError):
            for path in sorted(self.root.glob("*/*")):
                with contextlib.suppress(OSError):
                    if ENTRY.fullmatch(path.name) and path.stat().st_mtime < since - MARGIN:
                        path.unlink()
                        removed += 1
            for folder in sorted(self.root.iterdir()):
                remove_stale_writes(folder)  # what a run killed while writing left
                with contextlib.suppress(OSError):
                    if folder.is_dir() and not any(folder.iterdir()):
                        folder.rmdir()
        return removed


def _write(path: Path, data: bytes) -> None:
    """Put an entry in place whole: staged beside its name, then renamed over it, without the
    site's safeguards (``safe_write.write_files``): not on the disk first, as an entry a crash
    loses or tears is a miss (its hash is checked on read), and no look for what killed runs
    left on every write, which in a folder of thousands of entries cost their square; ``prune``
    looks once a build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = stage(path, bytes_writer(data), durable=False)
    try:
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def remove_former(folder: Path) -> None:
    """Remove what earlier versions kept in this cache folder and no version reads."""
    for name in FORMER:
        shutil.rmtree(folder / name, ignore_errors=True)


class Store:
    """One kind of entry of a memo, as the stages see a cache: their own name of what they
    made in (keyed here by the one recipe, ``Memo.key``), bytes out."""

    def __init__(self, memo: Memo, kind: str) -> None:
        self.memo, self.kind = memo, kind

    def get(self, name: str) -> bytes | None:
        return self.memo.get(self.kind, Memo.key(self.kind, name))

    def put(self, name: str, content: bytes) -> None:
        self.memo.put(self.kind, Memo.key(self.kind, name), content)
