"""One shape for every problem found in a data file, and its Chinese rendering."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.infra.errors import detail_lines
from jixiao.infra.errors import display_path as display_path


@dataclass(frozen=True)
class Problem:
    """A problem in a data file: where it is, what was expected, what was found, what to do."""

    file: str
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str = ""
    expected: str = ""
    found: str = ""
    hint: str = ""

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        head = f"{self.location()}: "
        if self.field:
            head += f"字段 {self.field}: "
        lines = [head + self.message]
        lines += detail_lines(self.expected, self.found, self.hint)
        return "\n".join(lines)


class DataError(Exception):
    """Raised when data files have problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(render_problems(problems))


def render_problems(problems: list[Problem]) -> str:
    files = sorted({p.file for p in problems})
    body = "\n".join(p.render() for p in problems)
    summary = f"共 {len(problems)} 个问题，涉及 {len(files)} 个文件。"
    return f"{body}\n{summary}"


def places(problems: list[Problem], shown: int = 10) -> str:
    """Where the problems are, file and line, for the one line that says a build stopped."""
    where = list(
        dict.fromkeys(
            p.location().rsplit(":", 1)[0] if p.column else p.location() for p in problems
        )
    )
    more = f" 等 {len(where)} 处" if len(where) > shown else ""
    return "、".join(where[:shown]) + more
