"""Personal data in what staff write beside the data: the site's settings (mkdocs.yml: its
``site_name`` and ``site_description`` reach every page's title and meta description, its
``copyright`` every footer, its ``extra`` the templates) and the hand-written pages of the
docs folder (an about page of one's own).

The settings are read from the file as written (and from the file it INHERITs), each
finding placed at its line: ``jixiao check`` and the build name the same places.  Only the
settings that reach a page are screened; comments are never published.  The pages are read
line by line.  Numbers a year declares ``not_personal`` are allowed here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from jixiao.checks.personal import Personal, find_personal
from jixiao.source.problems import Problem, display_path

SITE_CONFIG = "mkdocs.yml"
# Hand-written pages MkDocs publishes from the docs folder.
PAGE_SUFFIXES = (".md", ".html", ".htm", ".txt")
# The settings whose values reach the pages: the title, the meta description, the footer,
# and what templates may show.
SETTINGS = ("site_name", "site_description", "copyright", "extra")

HINT = (
    "从文件中删去这些个人信息；个人信息一律不得公开。若核实不是个人信息（如形似手机号的文号），"
    "在某一年数据文件的 not_personal 中写明：{number: 号码, reason: 核实结果}。"
)


class _Tolerant(yaml.SafeLoader):
    """MkDocs' own tags (!ENV, !relative, !!python/name:…) read as nothing: only the plain
    settings are screened."""


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _settings(config: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its settings (empty where it cannot be read)."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
        data = yaml.load(text, Loader=_Tolerant)
    except (OSError, yaml.YAMLError):
        return "", {}  # MkDocs itself says why it cannot read it
    return text, data if isinstance(data, dict) else {}


def docs_folder(config: Path) -> Path:
    """The docs folder a site configuration names (MkDocs' default: docs)."""
    _, settings = _settings(config)
    folder = settings.get("docs_dir")
    return config.parent / (folder if isinstance(folder, str) else "docs")


def site_text_problems(
    config: Path, allowed: Iterable[str] = (), docs: Path | None = None
) -> list[Problem]:
    """Every personal number in the site's settings and hand-written pages; none when there is
    no configuration file."""
    if not config.is_file():
        return []
    allowed = list(allowed)
    problems = _settings_problems(config, allowed, set())
    folder = docs if docs is not None else docs_folder(config)
    if folder.is_dir():
        for page in sorted(folder.rglob("*")):
            if page.suffix.lower() in PAGE_SUFFIXES and page.is_file():
                problems += _page_problems(page, allowed)
    return problems


def _settings_problems(config: Path, allowed: list[str], seen: set[Path]) -> list[Problem]:
    """The settings of one configuration file, then of the file it INHERITs."""
    seen.add(config.resolve())
    text, settings = _settings(config)
    lines = text.splitlines()
    name = display_path(config)
    problems = []
    for key in SETTINGS:
        for value in _strings(settings.get(key)):
            for found in find_personal(value, allowed):
                line, column = _place(lines, found.digits, allowed)
                problems.append(_problem(name, "网站设置", found, line, column, key))
    parent = settings.get("INHERIT")
    inherited = config.parent / parent if isinstance(parent, str) else None
    if inherited is not None and inherited.is_file() and inherited.resolve() not in seen:
        problems += _settings_problems(inherited, allowed, seen)
    return problems


def _strings(value: object) -> Iterator[str]:
    """Every key and value of a setting as text (YAML reads an unquoted number as a number)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _place(lines: list[str], digits: str, allowed: list[str]) -> tuple[int | None, int | None]:
    """The line and column where a number found in a setting is written."""
    for number, line in enumerate(lines, start=1):
        for found in find_personal(line, allowed):
            if found.digits == digits:
                return number, found.start + 1
    return None, None


def _page_problems(page: Path, allowed: list[str]) -> list[Problem]:
    try:
        text = page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []  # the build itself says why it cannot read it
    return [
        _problem(display_path(page), "手写页面", found, number, found.start + 1, "")
        for number, line in enumerate(text.splitlines(), start=1)
        for found in find_personal(line, allowed)
    ]


def _problem(
    file: str, where: str, found: Personal, line: int | None, column: int | None, key: str
) -> Problem:
    return Problem(
        file,
        f"[confidential 错误] {where}中含有{found.kind}（{found.masked}），公开前必须删除。",
        line,
        column,
        field=key,
        found=found.masked,
        hint=HINT,
    )
