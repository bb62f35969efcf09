"""A county portal's own file, ``data/portal.yaml``: the county's name and its groups of
departments, in the county's order; read with every problem at once, each with its line.

```yaml
county: 新晃侗族自治县
groups:
  - name: 县委部门
    departments: [xwbgs, zzb]
```

Only the shape is checked here; what the ids must be and that each has its folder are
checks across the portal (``jixiao.checks.portal``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from jixiao.source.problems import Problem, display_path
from jixiao.source.yamlsource import Document, Path_, read_bytes

PORTAL_FILE = "portal.yaml"


class Group(BaseModel):
    """One of the county's groups (县委部门, 政府工作部门 …) and its departments' ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="分组名称，照县里的叫法")
    departments: list[str] = Field(
        default_factory=list, description="这一组各部门的编号，即 data/ 下各部门文件夹的名称"
    )


class County(BaseModel):
    """The portal: the county and its groups in the county's order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    county: str = Field(min_length=1, description="县（区、市）的名称，如 新晃侗族自治县")
    groups: list[Group] = Field(default_factory=list, description="分组，按县里的顺序")

    @property
    def listed(self) -> list[tuple[str, str]]:
        """(department id, group name) in the county's order, as listed."""
        return [(d, g.name) for g in self.groups for d in g.departments]


def is_portal(data_dir: Path) -> bool:
    """Whether a data folder is a county portal's (it holds ``portal.yaml``)."""
    return (data_dir / PORTAL_FILE).is_file()


def load_county(path: Path) -> tuple[County | None, Document | None, list[Problem]]:
    """The portal file: the county, its parsed document (positions of its lines), or every
    problem found in it."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, None, [Problem(name, f"读不出这个文件：{error.strerror or error}。")]
    doc = read_bytes(raw)
    problems = [
        _located(name, doc, i.path, i.message, expected=i.expected, found=i.found, hint=i.hint)
        for i in doc.issues
    ]
    if problems:
        return None, doc, problems
    if not isinstance(doc.value, dict):
        return None, doc, [_not_a_mapping(name)]
    try:
        county = County.model_validate(doc.value)
    except ValidationError as error:
        return None, doc, [_problem(name, doc, e) for e in error.errors(include_url=False)]
    blank = _blank_names(name, doc, county)
    return (None if blank else county), doc, blank


def _not_a_mapping(name: str) -> Problem:
    return Problem(
        name,
        "文件的最外层应是字段映射。",
        1,
        1,
        expected="county: 县名 和 groups: 分组列表",
        hint="照 jixiao init --portal 生成的 portal.yaml 填写。",
    )


def _blank_names(name: str, doc: Document, county: County) -> list[Problem]:
    """Names of only spaces (full-width ones too) or of several lines: nothing to show."""
    named: list[tuple[Path_, str]] = [(("county",), county.county)]
    named += [(("groups", i, "name"), g.name) for i, g in enumerate(county.groups)]
    problems = []
    for path, text in named:
        if not text.strip() or "\n" in text.strip():
            problems.append(
                _located(
                    name,
                    doc,
                    path,
                    "应是一行文字。",
                    expected="一行文字，如 新晃侗族自治县、政府工作部门",
                    found=repr(text),
                    hint="照县里的叫法写一行文字。",
                )
            )
    return problems


def _located(name: str, doc: Document, path: Path_, message: str, **detail: str) -> Problem:
    position = doc.position_of(path)
    return Problem(
        name,
        message,
        position.line if position else None,
        position.column if position else None,
        field=_field(path),
        **detail,
    )


def _field(path: Path_ | tuple[int | str, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Pydantic's error kinds a portal file can meet, in Chinese: (message, expected, hint).
_KINDS = {
    "missing": ("缺少必填字段。", "", "补上这个字段，如 county: 新晃侗族自治县。"),
    "extra_forbidden": (
        "未知字段。",
        "county、groups，分组中 name、departments",
        "删去这个字段，或检查拼写与缩进。",
    ),
    "string_type": (
        "类型不对，应为文字。",
        "文字",
        "部门编号、名称如被读成数字或真假值，请加引号。",
    ),
    "string_too_short": ("不能为空。", "非空文字", "填写内容。"),
    "list_type": (
        "类型不对，应为列表。",
        "列表，如 [renshe, minzheng]",
        "写成列表：方括号中以逗号分开，或每项一行以“- ”开头。",
    ),
    "model_type": (
        "类型不对，应为映射（字段: 值）。",
        "映射，如 {name: 县委部门, departments: [xwbgs]}",
        "每个分组写 name 和 departments。",
    ),
}


def _problem(name: str, doc: Document, error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    message, expected, hint = _KINDS.get(
        error["type"], (f"数据不合要求（{error['msg']}）。", "", "")
    )
    found = error.get("input")
    shown = "没有这个字段" if error["type"] == "missing" else _shown(found)
    if error["type"] == "extra_forbidden":
        shown = f"“{loc[-1]}”"
    return _located(name, doc, loc, message, expected=expected, found=shown, hint=hint)


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "映射（字段: 值）"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"真假值 {str(value).lower()}"
    if isinstance(value, str):
        return f"“{value[:40]}”"
    return f"数字 {value}" if isinstance(value, Decimal) else str(value)[:40]


def with_department(text: str, doc: Document, department: str, group: str) -> str | None:
    """``portal.yaml``'s text with the department listed last in the group (a new group at
    the end when there is none of that name), comments and layout kept; None where the file
    is laid out in a way this cannot edit safely (staff then list it by hand)."""
    value = doc.value if isinstance(doc.value, dict) else {}
    groups = value.get("groups")
    if not isinstance(groups, list):
        return None
    lines = text.split("\n")
    for index, entry in enumerate(groups):
        if isinstance(entry, dict) and entry.get("name") == group:
            return _appended(lines, doc, ("groups", index, "departments"), entry, department)
    return _new_group(lines, doc, groups, department, group)


def _appended(
    lines: list[str], doc: Document, where: Path_, entry: dict[str, object], department: str
) -> str | None:
    listed = entry.get("departments")
    position = doc.positions.get(where)
    if not isinstance(listed, list) or position is None:
        return None
    if listed and position.line != (doc.positions.get((*where, 0)) or position).line:
        return None  # not one line: the flow list spans lines, or an unusual layout
    line = lines[position.line - 1]
    if line[position.column - 1 :].startswith("["):  # a flow list on one line
        end = line.find("]", position.column - 1)
        if end < 0:
            return None
        inside = line[position.column : end].strip()
        addition = f", {department}" if inside else department
        lines[position.line - 1] = line[:end].rstrip() + addition + line[end:]
        return "\n".join(lines)
    last = doc.positions.get((*where, len(listed) - 1))
    if last is None:
        return None
    before = lines[last.line - 1][: last.column - 1]
    dash = before.rfind("-")
    if dash < 0 or before[:dash].strip():
        return None
    lines.insert(last.line, f"{before[:dash]}- {department}")
    return "\n".join(lines)


def _new_group(
    lines: list[str], doc: Document, groups: list[object], department: str, group: str
) -> str | None:
    name = json.dumps(group, ensure_ascii=False)
    position = doc.positions.get(("groups",))
    if position is None:
        return None
    if not groups:  # ``groups: []``
        line = lines[position.line - 1]
        if line[position.column - 1 :].strip() != "[]":
            return None
        lines[position.line - 1 : position.line] = [
            line[: position.column - 1].rstrip(),
            f"  - name: {name}",
            f"    departments: [{department}]",
        ]
        return "\n".join(lines)
    last = len(groups) - 1
    start = doc.positions.get(("groups", last))
    if start is None or lines[start.line - 1][: start.column - 1].strip() != "-":
        return None  # a flow list of groups
    end = max(p.line for path, p in doc.positions.items() if path[:2] == ("groups", last))
    indent = lines[start.line - 1][: start.column - 1].replace("-", " ")
    dash = indent[:-2] if indent.endswith("  ") else indent
    lines[end:end] = [f"{dash}- name: {name}", f"{indent}departments: [{department}]"]
    return "\n".join(lines)
