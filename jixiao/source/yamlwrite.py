"""Data files as text, the way staff write them: the one writer of commented YAML, used by
``jixiao import`` (a report's draft) and ``jixiao new`` (next year's blank file).

Written here rather than by a YAML library so that the files read like the ones staff
write (figures and table rows in one-line mappings and lists, text as literal blocks) and
carry comments where staff should look: with ruamel.yaml each comment, each one-line row
and each choice of quotes would be set by hand on its objects all the same.  Every scalar
is written plain when YAML reads it back as the same string (in a one-line mapping or list
too), else double-quoted.
"""

from __future__ import annotations

import datetime
import functools
import json
from decimal import Decimal
from typing import Any

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=report.schema.json"
COMMENT_WIDTH = 90
# libyaml when installed: the same reading, many times faster (every scalar is tried)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_back(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)  # LOADER is a safe loader


def scalar(value: object, *, flow: bool = False) -> str:
    """A scalar as YAML: plain where it reads back the same, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | datetime.date):
        return str(value)  # a date plain, so YAML reads it as one
    if isinstance(value, Decimal):
        return format(value, "f")  # a number as printed: the loader reads it as a Decimal
    return _string(str(value), flow)


@functools.lru_cache(maxsize=4096)
def _string(text: str, flow: bool) -> str:
    # a tab inside a plain key on one line stops the YAML reader: such a text is quoted
    plain = "\n" not in text and "\t" not in text and not text.startswith("#")
    if text and text == text.strip() and plain:
        try:
            if flow:
                # in a list or a mapping, to libyaml and to PyYAML's own parser, which is
                # stricter there (``[0?]``: the ? starts a key for it)
                fits = read_back(f"{{k: {text}}}") == {"k": text} and yaml.load(
                    f"[{text}, {{k: {text}}}]", Loader=yaml.SafeLoader
                ) == [text, {"k": text}]
            else:
                fits = read_back(f"k: {text}") == {"k": text}
            if fits:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _is_flat(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, str | int | bool | Decimal) for v in value.values()
    )


def flow_list(items: list[Any]) -> str:
    """A table row on one line: ``[部门决策, 25分, {text: 99, unit: 万元}]``."""
    return "[" + ", ".join(flow_value(i) for i in items) + "]"


def flow(mapping: dict[str, Any]) -> str:
    # keys quoted where needed too: a table's extra cells are keyed by printed labels
    pairs = (f"{_flow_key(k)}: {flow_value(v)}" for k, v in mapping.items())
    return "{" + ", ".join(pairs) + "}"


@functools.lru_cache(maxsize=1024)
def _flow_key(key: str) -> str:
    """A key in a one-line mapping: plain where it reads back as that key there too (``0?``
    reads as a value, not as a key, to PyYAML's own parser; libyaml is laxer)."""
    text = scalar(key, flow=True)
    if text == key:
        try:
            if yaml.load(f"{{{text}: 0}}", Loader=yaml.SafeLoader) == {key: 0}:
                return text
        except yaml.YAMLError:
            pass
        return json.dumps(key, ensure_ascii=False)
    return text


def flow_value(value: Any) -> str:
    """Any value on one line: a mapping, a list (nested too) or a scalar."""
    if isinstance(value, dict):
        return flow(value)
    if isinstance(value, list):
        return flow_list(value)
    return scalar(value, flow=True)


def comment(text: str, indent: int) -> list[str]:
    """A comment, wrapped so that it stays readable."""
    pad = " " * indent + "# "
    lines, line = [], ""
    for piece in text.split("、"):
        added = f"{line}、{piece}" if line else piece
        if line and len(added) > COMMENT_WIDTH:
            lines.append(pad + line + "、")
            line = piece
        else:
            line = added
    lines.append(pad + line)
    return lines


def block(key: str, value: Any, indent: int, comments: dict[str, str] | None = None) -> list[str]:
    """``key: value`` at ``indent``, in block style, with flat mappings on one line."""
    pad = " " * indent
    out = comment(comments[key], indent) if comments and key in comments else []
    key = scalar(key)
    if isinstance(value, dict):
        out.append(f"{pad}{key}:")
        for k, v in value.items():
            out += block(k, v, indent + 2)
    elif isinstance(value, list) and not value:
        out.append(f"{pad}{key}: []")  # “key:” alone would read back as null
    elif isinstance(value, list):
        out.append(f"{pad}{key}:")
        for item in value:
            out += list_item(item, indent + 2)
    elif isinstance(value, str) and "\n" in value:
        # a first line that starts with a space needs the block's indentation said (|2)
        out.append(f"{pad}{key}: |2" if value.startswith(" ") else f"{pad}{key}: |")
        out += [f"{pad}  {line}" for line in value.rstrip("\n").split("\n")]
    else:
        out.append(f"{pad}{key}: {scalar(value)}")
    return out


def list_item(item: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, list):
        return [f"{pad}- {flow_list(item)}"]
    if _is_flat(item):
        return [f"{pad}- {flow(item)}"]
    if isinstance(item, dict):
        lines: list[str] = []
        for k, v in item.items():
            lines += block(k, v, indent + 2)
        return [f"{pad}- {lines[0].lstrip()}", *lines[1:]]
    return [f"{pad}- {scalar(item)}"]
