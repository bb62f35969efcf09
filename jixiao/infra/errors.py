"""One shape for every error that is not in the data, the exit codes, and their Chinese rendering.

Problems in a data file are ``Problem`` (file, line, field …), because staff fix
them in that file.  Everything else a command can run into — a wrong argument,
a missing or misnamed folder, a configuration mistake, a full or read-only
disk, Ctrl-C — is a ``StaffError``: a message, optionally the path concerned,
a hint saying what to do, and the exit code.  The ``jixiao`` command renders
it in one place (``jixiao.cli.main``); the MkDocs plugin hands its text to
MkDocs.  The exit codes are defined here and nowhere else.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    DATA = 1  # problems in the data files (or, for diff, changes found)
    USAGE = 2  # wrong usage, configuration or file system: nothing in the data
    INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


class StaffError(Exception):
    """An error staff can act on, in Chinese; never shown as a traceback."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        hint: str = "",
        code: ExitCode = ExitCode.USAGE,
        expected: str = "",
        found: str = "",
    ) -> None:
        self.message = message
        self.path = path
        self.hint = hint
        self.code = code
        # for a value staff typed (an argument): what it should be and what it was
        self.expected = expected
        self.found = found
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"jixiao：{self.message}"]
        if self.path is not None:
            lines.append(f"    路径：{display_path(Path(self.path))}")
        lines += detail_lines(self.expected, self.found, self.hint)
        return "\n".join(lines)


def detail_lines(expected: str | None, found: str | None, hint: str | None) -> list[str]:
    """What was expected, what was found and what to do, as every message of jixiao says
    them (a data problem and any other error alike)."""
    said = (("应为", expected), ("实为", found), ("提示", hint))
    return [f"    {label}：{text}" for label, text in said if text]


INTERRUPTED = StaffError(
    "已中断。",
    hint="没有留下写了一半的文件；需要时重新运行同一命令。",
    code=ExitCode.INTERRUPTED,
)

# Why an operating-system call failed, and what staff can do about it.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘已满", "腾出磁盘空间后重新运行；没有留下写了一半的文件。"),
    errno.EDQUOT: ("超出了磁盘配额", "腾出空间或请管理员提高配额后重新运行。"),
    errno.EACCES: ("没有权限", "检查这个文件或文件夹的权限，或换一个有权限的位置。"),
    errno.EPERM: ("没有权限", "检查这个文件或文件夹的权限，或换一个有权限的位置。"),
    errno.EROFS: ("所在的磁盘或文件夹是只读的", "换一个可以写入的位置，或请管理员开放写权限。"),
    errno.ENOENT: ("找不到这个文件或文件夹", "检查路径是否写对。"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "检查路径是否写对。"),
    errno.ENOTDIR: ("路径中的某一段是文件，不是文件夹", "检查路径是否写对。"),
    errno.EEXIST: ("已存在", "换一个名字，或先移走已有的文件。"),
    errno.ELOOP: ("符号链接循环指向自己", "修正或删除这个链接。"),
    errno.ENAMETOOLONG: ("文件名太长", "换一个短一些的名字或位置。"),
    errno.EIO: ("磁盘读写出错", "检查磁盘或网络盘是否正常，再重新运行。"),
}


def os_reason(error: OSError) -> tuple[str, str]:
    """Why an OSError happened and what to do, in Chinese."""
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    name = errno.errorcode.get(error.errno or 0, "未知")
    return f"操作系统报告错误（{name}）", "检查这个文件或文件夹及所在的磁盘，再重新运行。"


def from_os_error(error: OSError, action: str, path: Path | str | None = None) -> StaffError:
    """A StaffError for a failed read or write: ``action`` is 读取, 写入 …"""
    reason, hint = os_reason(error)
    where = path if path is not None else error.filename
    return StaffError(f"{action}失败：{reason}。", path=where, hint=hint)


def display_path(path: Path) -> str:
    """The path as staff typed it: relative to the working folder when inside it."""
    try:  # the link itself, not where it points: staff named the link
        where = path.parent.resolve() / path.name if path.name else path.resolve()
        return where.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
