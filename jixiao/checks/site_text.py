"""Personal data in what staff write beside the data: the site's settings (mkdocs.yml: its
``site_name`` and ``site_description`` reach every page's title and meta description, its
``copyright`` every footer, its ``extra`` the templates) and the hand-written pages of the
docs folder (an about page of one's own).

Read line by line, as written, so each finding has its file and line: ``jixiao check`` and
the build name the same places.  Comment lines of mkdocs.yml are never published and are
left out.  Numbers a year declares ``not_personal`` are allowed here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from jixiao.checks.personal import find_personal
from jixiao.source.problems import Problem, display_path

SITE_CONFIG = "mkdocs.yml"
# Hand-written pages MkDocs publishes from the docs folder.
PAGE_SUFFIXES = (".md", ".html", ".htm", ".txt")
_DOCS_DIR = re.compile(r"""^docs_dir:\s*["']?([^"'#\s]+)""", re.MULTILINE)
_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*):")

HINT = (
    "从文件中删去这些个人信息；个人信息一律不得公开。若核实不是个人信息（如形似手机号的文号），"
    "在某一年数据文件的 not_personal 中写明：{number: 号码, reason: 核实结果}。"
)


def docs_folder(config: Path) -> Path:
    """The docs folder a site configuration names (MkDocs' default: docs)."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return config.parent / "docs"
    found = _DOCS_DIR.search(text)
    return config.parent / (found[1] if found else "docs")


def site_text_problems(
    config: Path, allowed: Iterable[str] = (), docs: Path | None = None
) -> list[Problem]:
    """Every personal number in the site configuration and the hand-written pages; none
    when there is no configuration file."""
    if not config.is_file():
        return []
    allowed = list(allowed)
    problems = _file_problems(config, allowed, settings=True)
    folder = docs if docs is not None else docs_folder(config)
    if folder.is_dir():
        for page in sorted(folder.rglob("*")):
            if page.suffix.lower() in PAGE_SUFFIXES and page.is_file():
                problems += _file_problems(page, allowed, settings=False)
    return problems


def _file_problems(path: Path, allowed: list[str], *, settings: bool) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []  # the build itself says why it cannot read it
    name = display_path(path)
    where = "网站设置" if settings else "手写页面"
    problems = []
    key = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if settings and line.lstrip().startswith("#"):
            continue
        top = _KEY.match(line) if settings and not line[:1].isspace() else None
        key = top[1] if top else key
        for found in find_personal(line, allowed):
            problems.append(
                Problem(
                    name,
                    f"[confidential 错误] {where}中含有{found.kind}（{found.masked}），"
                    "公开前必须删除。",
                    number,
                    found.start + 1,
                    field=key if settings else "",
                    found=found.masked,
                    hint=HINT,
                )
            )
    return problems
