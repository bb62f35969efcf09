"""argparse in Chinese: its own words (usage, options, “the following arguments are
required” …) translated, and its errors raised as ``StaffError`` rather than printed.

argparse looks its words up through ``gettext`` when a parser is built and when it
parses; ``chinese()`` answers those look-ups for that time only, so other users of
argparse in the same process (pytest, for one) keep theirs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from jixiao.infra.errors import StaffError

# Every message of argparse (Python 3.11–3.13) that a user of the jixiao command can meet.
WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本说明并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r 不在可选范围内（可选：%(choices)s）"
    ),
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "expected one argument": "后面应写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少写一个值",
    "expected %s argument": "后面应写 %s 个值",
    "expected %s arguments": "后面应写 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "选项不接受值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s：%(message)s\n",
}


def _translate(message: str) -> str:
    return WORDS.get(message, message)


def _translate_n(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    """argparse speaks Chinese inside this block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _translate, _translate_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """A parser whose errors are StaffErrors naming the usage of the command concerned."""

    def format_help(self) -> str:
        # argparse puts an ASCII colon after each heading, outside anything it translates.
        text = super().format_help()
        for heading in ("参数", "选项", "命令"):
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def error(self, message: str) -> NoReturn:
        usage = " ".join(self.format_usage().split())  # one line in the hint, however long
        raise StaffError(f"用法有误：{message}", hint=f"{usage}；说明见 {self.prog} --help。")


def parse(
    make: Callable[[], argparse.ArgumentParser], argv: Sequence[str] | None
) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code when argparse is done (after --help: 0)."""
    with chinese():
        try:
            return make().parse_args(argv)
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else 0
