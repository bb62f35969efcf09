"""Nothing is lost: writes are atomic and never replace a file unasked."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from jixiao.infra.errors import StaffError
from jixiao.infra.safe_write import WouldOverwrite, write_atomic, write_files


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
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(StaffError) as failed:
        write_atomic(target, b"data")
    assert failed.value.render() == (
        "jixiao：写入失败：磁盘已满。\n"
        f"    路径：{target.as_posix()}\n"
        "    提示：腾出磁盘空间后重新运行；没有留下写了一半的文件。"
    )
    assert list(tmp_path.iterdir()) == []


def test_all_or_nothing_folders_made_for_a_failed_write_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several files: one that fails to stage leaves none of the others, nor their folders."""
    real = os.fdopen
    opened: list[int] = []

    def second_fails(fd: int, mode: str) -> object:
        opened.append(fd)
        if len(opened) == 2:
            raise KeyboardInterrupt
        return real(fd, mode)

    monkeypatch.setattr(os, "fdopen", second_fails)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        write_files({out / "a.md": b"a", out / "sub" / "b.md": b"b"})
    assert list(tmp_path.iterdir()) == []


def test_written_files_are_readable_by_others_as_any_file_the_user_makes(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    write_atomic(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_ctrl_c_while_renaming_waits_until_every_file_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renames are never cut in half: Ctrl-C comes through once all of them are done."""
    real = os.replace

    def replace_then_ctrl_c(src: str, dst: str) -> None:
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # as if pressed after the first rename

    monkeypatch.setattr(os, "replace", replace_then_ctrl_c)
    targets = {tmp_path / f"{n}.md": str(n).encode() for n in range(5)}
    with pytest.raises(KeyboardInterrupt):
        write_files(targets)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        p.name: data for p, data in targets.items()
    }
