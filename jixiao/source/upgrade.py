"""Upgrade a data file written for the first model (the seed's five sections at the top level,
``extra_sections``, ``performance.themes``) to sections in source order, as text.

Working on the text keeps staff's comments, quoting and layout; the revision history and
``jixiao diff`` read old versions in git through it, so a change of model never reads as a
change of every figure.
"""

from __future__ import annotations

import re

OLD_SECTIONS = ("overview", "budget", "execution", "performance", "suggestions", "extra_sections")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def is_old_shape(document: object) -> bool:
    """Whether a parsed data file has sections at the top level instead of under ``sections``."""
    return (
        isinstance(document, dict)
        and "sections" not in document
        and any(key in document for key in OLD_SECTIONS)
    )


def upgrade_text(text: str) -> str:
    """The file's text in the current shape: each old section indented under ``sections:``
    and keyed by its old name, ``extra_sections[i]`` keyed ``section-{i+6}``, each theme a
    nested section keyed ``theme-{n}`` whose heading is its number and title; field paths in
    ``reviews`` follow.  Keys keep the page's anchors as they were."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    opened = False
    while index < len(lines):
        match = _TOP_KEY.match(lines[index])
        if not match or match.group(1) not in OLD_SECTIONS:
            out.append(lines[index])
            index += 1
            continue
        if not opened:
            out.append("sections:")
            opened = True
        end = index + 1
        while end < len(lines) and not _TOP_KEY.match(lines[end]):
            end += 1
        # blank lines and comments before the next key belong to it
        body_end = end
        while body_end > index + 1 and (
            not lines[body_end - 1].strip() or lines[body_end - 1].startswith("#")
        ):
            body_end -= 1
        key, body = match.group(1), lines[index + 1 : body_end]
        if key == "extra_sections":
            # its items are already at the depth of the sections they join
            out.extend(_items_to_keys(body, "section-", 6, 2))
        else:
            out.append("  " + lines[index])
            out.extend(_indented(_themes(body) if key == "performance" else body))
        out.extend(lines[body_end:end])
        index = end
    return _upgrade_paths("\n".join(out))


def _indented(lines: list[str]) -> list[str]:
    return ["  " + line if line.strip() else line for line in lines]


def _themes(body: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(body):
        if body[index].rstrip() != "  themes:":
            out.append(body[index])
            index += 1
            continue
        end = index + 1
        while end < len(body) and (not body[end].strip() or body[end].startswith("    ")):
            end += 1
        out.append("  sections:")
        out.extend(_items_to_keys(body[index + 1 : end], "theme-", 1, 4, themes=True))
        index = end
    return out


def _items_to_keys(
    items: list[str], prefix: str, first: int, indent: int, *, themes: bool = False
) -> list[str]:
    """A block list of mappings at ``indent`` as a mapping keyed ``prefix{n}``."""
    pad = " " * indent
    out: list[str] = []
    count = first - 1
    number, quoted = "", False
    for line in items:
        if line.startswith(pad + "- "):
            count += 1
            out.append(f"{pad}{prefix}{count}:")
            line = f"{pad}  {line[indent + 2 :]}"
        if themes:
            field = re.match(rf"^{pad}  (number|title): (.*)$", line)
            if field and field.group(1) == "number":
                number, quoted = _unquoted(field.group(2)), field.group(2)[:1] in "'\""
                continue
            if field:
                heading = number + _unquoted(field.group(2))
                if quoted or field.group(2)[:1] in "'\"":
                    heading = "'" + heading.replace("'", "''") + "'"
                out.append(f"{pad}  heading: {heading}")
                continue
        out.append(line)
    return out


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _upgrade_paths(text: str) -> str:
    text = re.sub(
        r"(?<![\w.-])performance\.themes\[(\d+)\]",
        lambda m: f"sections.performance.sections.theme-{int(m.group(1)) + 1}",
        text,
    )
    text = re.sub(
        r"(?<![\w.-])extra_sections\[(\d+)\]",
        lambda m: f"sections.section-{int(m.group(1)) + 6}",
        text,
    )
    return re.sub(
        r"(?<=field: )(overview|budget|execution|performance|suggestions)\b",
        r"sections.\1",
        text,
    )
