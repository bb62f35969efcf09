"""Nothing is lost: writes are atomic and never replace a file unasked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.source.safe_write import WouldOverwrite, write_atomic, write_files


def test_refuses_to_overwrite_and_writes_nothing_then(tmp_path: Path) -> None:
    old = tmp_path / "a.md"
    old.write_text("old", encoding="utf-8")
    new = tmp_path / "b.md"
    with pytest.raises(WouldOverwrite) as refused:
        write_files({new: b"new", old: b"new"})
    assert refused.value.paths == [old]
    assert old.read_text(encoding="utf-8") == "old"
    assert not new.exists()  # checked before anything was written
    write_files({new: b"new", old: b"new"}, force=True)
    assert old.read_bytes() == b"new" and new.read_bytes() == b"new"


def test_an_interrupted_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "2021.md"
    target.write_text("the published page", encoding="utf-8")
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:
        real_fsync(fd)
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C halfway through

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "新内容".encode() * 100_000)
    assert target.read_text(encoding="utf-8") == "the published page"
    assert [p.name for p in tmp_path.iterdir()] == ["2021.md"]  # no temporary file left


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.csv"

    def no_rename(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        write_atomic(target, b"data")
    assert list(tmp_path.iterdir()) == []
