"""Checks across a county portal: that ``portal.yaml`` and the department folders agree, that
every id can be a site path, and that no department is published twice under two ids.

Each department's own years are checked as a one-department data folder is (the loader
already names a folder whose years print another department); these are the problems no
single folder can see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jixiao.model.county import County
from jixiao.source.problems import Problem, display_path
from jixiao.source.yamlsource import Document

DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The portal's own site paths: a department folder of that name would take their place.
RESERVED_IDS = frozenset(
    [
        "compare",
        "search",
        "pagefind",
        "assets",
        "stylesheets",
        "javascripts",
        "about",
        "downloads",
        "trends",
    ]
)
ID_RULE = "小写英文字母、数字和连字符，以字母或数字开头，如 renshe、xian-jiaoyu-ju"


def id_trouble(department_id: str) -> str | None:
    """What makes a department id unusable as the first part of its pages' paths, or None."""
    if not DEPARTMENT_ID.fullmatch(department_id):
        return "部门编号的写法不对"
    if department_id in RESERVED_IDS:
        return "部门编号与网站自己的路径同名"
    return None


def _id_problem(file: str, doc: Document, where: tuple[str | int, ...], found: str) -> Problem:
    trouble = id_trouble(found) or ""
    position = doc.position_of(where)
    reserved = found in RESERVED_IDS
    return Problem(
        file,
        trouble + "。",
        position.line if position else None,
        position.column if position else None,
        field=f"groups[{where[1]}].departments[{where[3]}]",
        expected=ID_RULE + ("；不能是 " + "、".join(sorted(RESERVED_IDS)) if reserved else ""),
        found=f"“{found}”",
        hint="部门编号是 data/ 下这个部门的文件夹名，也是它各页网址的第一段；"
        "文件夹和这里一起改名。",
    )


def listing_problems(
    county: County, doc: Document, file: str, folders: dict[str, Path]
) -> list[Problem]:
    """``portal.yaml`` against the department folders (``folders``: name → folder): ids that
    cannot be paths, ids listed twice, listed ids without a folder, folders never listed."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for g, group in enumerate(county.groups):
        for d, department in enumerate(group.departments):
            where = ("groups", g, "departments", d)
            position = doc.position_of(where)
            line = position.line if position else None
            column = position.column if position else None
            if id_trouble(department):
                problems.append(_id_problem(file, doc, where, department))
            elif department in seen:
                problems.append(
                    Problem(
                        file,
                        f"部门“{department}”已列在“{seen[department]}”组中。",
                        line,
                        column,
                        field=f"groups[{g}].departments[{d}]",
                        expected="每个部门只列一次",
                        found=f"“{department}”又列在“{group.name}”组中",
                        hint="删去其中一处；一个部门只属于一个分组。",
                    )
                )
            elif department not in folders:
                problems.append(
                    Problem(
                        file,
                        f"列出的部门“{department}”没有数据文件夹。",
                        line,
                        column,
                        field=f"groups[{g}].departments[{d}]",
                        expected=f"文件夹 data/{department}/，其中是这个部门的年度数据文件",
                        found="没有这个文件夹",
                        hint=f"用 jixiao new 年份 --department {department} --name 单位全称 "
                        "开始这个部门的第一年；或检查拼写，或从分组中删去它。",
                    )
                )
            seen.setdefault(department, group.name)
    for name, folder in sorted(folders.items()):
        if name not in seen:
            problems.append(_unlisted(file, name, folder))
    return problems


def _unlisted(file: str, name: str, folder: Path) -> Problem:
    trouble = id_trouble(name)
    return Problem(
        display_path(folder),
        f"这个部门文件夹没有列在 {file} 的任何分组中"
        + (f"，而且文件夹名不能作为部门编号（{trouble}）。" if trouble else "。"),
        expected=f"{file} 的某个分组的 departments 中有“{name}”"
        + (f"；文件夹名为{ID_RULE}" if trouble else ""),
        found="没有列出",
        hint=f"在 {file} 中把它列进一个分组（departments: [..., {name}]）"
        + ("，并把文件夹改成合规的名称" if trouble else "")
        + "；不是部门的文件夹请移出 data/。",
    )


@dataclass(frozen=True)
class Named:
    """Where a department folder names its department: its first year's ``department.name``."""

    department: str  # the folder's id
    name: str
    file: str
    line: int | None = None
    column: int | None = None


def same_name_problems(named: list[Named]) -> list[Problem]:
    """Two folders publishing the same department: one problem at each later folder."""
    first: dict[str, Named] = {}
    problems = []
    for entry in sorted(named, key=lambda n: n.department):
        earlier = first.setdefault(entry.name.strip(), entry)
        if earlier is entry:
            continue
        problems.append(
            Problem(
                entry.file,
                f"部门“{entry.name}”在门户中已有文件夹 data/{earlier.department}/，"
                f"这里又是 data/{entry.department}/。",
                entry.line,
                entry.column,
                field="department.name",
                expected="每个部门只有一个文件夹",
                found=f"data/{earlier.department}/ 与 data/{entry.department}/ 同名",
                hint="把两个文件夹的年度文件合到一个文件夹中（同一年只留一个），"
                "并从 portal.yaml 中删去另一个；确是两个单位时，改正单位名称。",
            )
        )
    return problems


def loose_year_files(file: str, files: list[Path]) -> list[Problem]:
    """Year files directly in a portal's data folder: a portal keeps each under its department."""
    return [
        Problem(
            display_path(path),
            "门户的数据文件夹中，年度数据文件应放在所属部门的文件夹里。",
            expected=f"data/部门编号/{path.name}",
            found=f"data/{path.name}",
            hint=f"把它移到所属部门的文件夹中（该部门须列在 {file} 的分组中）。",
        )
        for path in files
    ]
