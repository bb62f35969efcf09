"""Pagefind's index made byte for byte the same for the same site.

Pagefind 1.x writes each filter's values in the order of a Rust hash map, which is seeded
afresh in every run: two builds of the same site then differ in the filter chunks
(``filter/*.pf_filter``), in the chunk names the index's meta file lists, and so in the meta
file's name that ``pagefind-entry.json`` gives.  Nothing else varies.  This module sorts each
filter chunk's values, names it by a hash of what it now holds (as Pagefind does, the
language then seven hex digits), and renames the meta file likewise.  The order of a filter's
values means nothing to Pagefind's search (it reads them into a map).

Every chunk is gzip, a signature, then CBOR (RFC 8949): ``cbor_load``/``cbor_dump`` read and
write the few types Pagefind uses, in CBOR's shortest form, as Pagefind writes them.  A file
not in the expected shape stops the build (``SearchIndexError``) rather than shipping an index
nobody checked: a newer Pagefind may have changed it, or fixed the order itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"

CborValue = int | str | bytes | list["CborValue"]


class IndexShapeError(ValueError):
    """A chunk of Pagefind's index is not in the shape this module knows."""


def cbor_load(data: bytes) -> CborValue:
    value, end = _item(data, 0)
    if end != len(data):
        raise IndexShapeError("CBOR: bytes after the value")
    return value


def _item(data: bytes, at: int) -> tuple[CborValue, int]:
    if at >= len(data):
        raise IndexShapeError("CBOR: ends inside a value")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise IndexShapeError(f"CBOR: type {major} with length code {info}")
    if major in (0, 1):
        return (length if major == 0 else -1 - length), at
    if major in (2, 3):
        chunk = data[at : at + length]
        return (chunk.decode("utf-8") if major == 3 else chunk), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise IndexShapeError(f"CBOR: type {major} not expected in Pagefind's index")


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | code]) + length.to_bytes(size, "big")
    raise IndexShapeError("CBOR: length too large")


def cbor_dump(value: CborValue) -> bytes:
    if isinstance(value, bool):
        raise IndexShapeError("CBOR: no booleans here")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    return _head(4, len(value)) + b"".join(cbor_dump(item) for item in value)


def read_chunk(path: Path) -> CborValue:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexShapeError(f"{path.name}: no Pagefind signature")
    return cbor_load(raw.removeprefix(SIGNATURE))


def write_chunk(path: Path, value: CborValue) -> bytes:
    raw = SIGNATURE + cbor_dump(value)
    path.write_bytes(gzip.compress(raw, mtime=0))
    return raw


def _digest(raw: bytes, digits: int) -> str:
    return hashlib.sha256(raw).hexdigest()[:digits]


def canonical_filters(output: Path, language: str) -> dict[str, str]:
    """Sort the values of each filter chunk and name it by its content; old name → new."""
    renamed: dict[str, str] = {}
    for path in sorted((output / "filter").glob(f"{language}_*.pf_filter")):
        value = read_chunk(path)
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
            raise IndexShapeError(f"{path.name}: not [filter, values]")
        value[1].sort(key=lambda pair: str(pair[0]) if isinstance(pair, list) and pair else "")
        raw = SIGNATURE + cbor_dump(value)
        name = f"{language}_{_digest(raw, 7)}"
        path.unlink()
        write_chunk(path.with_name(f"{name}.pf_filter"), value)
        renamed[path.stem] = name
    return renamed


def _renamed(value: CborValue, names: dict[str, str]) -> CborValue:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        items = [_renamed(item, names) for item in value]
        if items and all(_is_filter_entry(item, names) for item in items):
            items.sort(key=lambda item: str(item[0]) if isinstance(item, list) else "")
        return items
    return value


def _is_filter_entry(item: CborValue, names: dict[str, str]) -> bool:
    """[filter name, chunk name]: the meta file's list of filters."""
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[1], str)
        and item[1] in names.values()
    )


def make_canonical(output: Path, language: str) -> None:
    """Make the index in ``output`` the same bytes for the same site (see the module)."""
    renamed = canonical_filters(output, language)
    metas = sorted(output.glob(f"pagefind.{language}_*.pf_meta"))
    entry_path = output / "pagefind-entry.json"
    if len(metas) != 1 or not entry_path.is_file():
        raise IndexShapeError("Pagefind's meta file or entry not found")
    meta = _renamed(read_chunk(metas[0]), renamed)
    metas[0].unlink()
    raw = SIGNATURE + cbor_dump(meta)
    hashed = f"{language}_{_digest(raw, 10)}"
    write_chunk(output / f"pagefind.{hashed}.pf_meta", meta)
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    try:
        entry["languages"][language]["hash"] = hashed
    except (KeyError, TypeError) as error:
        raise IndexShapeError("pagefind-entry.json has no hash for the language") from error
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
