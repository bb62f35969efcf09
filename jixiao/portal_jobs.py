"""One department of a county portal, loaded, audited and generated on its own: the unit of
work the portal build hands to a worker process (``jixiao.build_portal``).

A job carries only plain values (paths, strings), and its outcome only what the parent
needs back: the build (its problems, audit and generated files), what the county's own pages
show of each published year (``jixiao.derive.portal``), and where the department's name is
printed.  A department whose site the build cache holds (keyed by its folder's files and git
history, as a one-department site is) is not read at all: its pages, its years as the county's
pages show them and where its name is printed are all taken from the cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from jixiao.build import Build, Drafts, not_personal, prepare
from jixiao.checks.portal import Named
from jixiao.derive.portal import PublishedYear, published_year, years_from_json, years_json
from jixiao.infra.errors import StaffError
from jixiao.infra.memo import Memo
from jixiao.model.loader import Loaded, data_files
from jixiao.model.portal import InPortal
from jixiao.sitecache import site_inputs
from jixiao.source.problems import Problem, display_path

# The memo's kinds for one department's finished pages (under its prefix), and for what
# the county's pages need of it (its years, where its name is printed, its not_personal).
DEPARTMENT, SHOWN = "portal-department", "portal-shown"


@dataclass(frozen=True)
class Job:
    """What a worker needs to build one department."""

    id: str
    folder: Path
    cwd: Path  # messages name files relative to it
    memo_root: Path | None
    drafts: Drafts
    generate_site: bool
    about: bool
    # What else the department's pages depend on: the build's slot, the county's name.
    context: tuple[str, ...] = ()
    # Processes drawing its charts: one (its own) when departments are built side by side.
    chart_workers: int | None = 1


@dataclass
class Outcome:
    """What came of one department's job."""

    id: str
    key: str | None = None  # its pages' key in the memo (None: not kept)
    kept: bool = False  # the memo holds its pages: nothing was generated
    build: Build | None = None  # None when kept
    years: list[PublishedYear] = field(default_factory=list)  # published years, oldest first
    named: Named | None = None
    not_personal: list[str] = field(default_factory=list)  # numbers its years publish
    problems: list[Problem] = field(default_factory=list)  # the folder itself cannot be read


def department_key(job: Job) -> str | None:
    """The memo key of the department's pages: its folder's inputs and the build's context."""
    if job.memo_root is None or not job.generate_site:
        return None
    inputs = site_inputs(job.folder)
    if inputs is None:
        return None
    return Memo.key(DEPARTMENT, job.id, str(job.cwd), *job.context, inputs)


def run_job(job: Job, use_kept: bool = True) -> Outcome:
    """Build one department (in a worker process, or here when there is one core)."""
    os.chdir(job.cwd)  # a worker starts wherever its server did
    outcome = Outcome(job.id)
    try:
        files = data_files(job.folder)
    except StaffError as error:
        outcome.problems = [_folder_problem(job.folder, error.render())]
        return outcome
    if not files:
        outcome.problems = [_folder_problem(job.folder)]
        return outcome
    memo = Memo(job.memo_root)
    outcome.key = department_key(job)
    if use_kept and outcome.key:
        # kept with its pages, which the parent reads (and makes again if they went since)
        shown = shown_from_json(memo.get_json(SHOWN, outcome.key))
        if shown is not None:
            outcome.kept = True
            outcome.years, outcome.named, outcome.not_personal = shown
            return outcome
    build = prepare(
        files,
        memo=memo,
        about=job.about,
        drafts=job.drafts,
        generate_site=job.generate_site,
        chart_workers=job.chart_workers,
        in_portal=InPortal(job.id, job.context[1] if len(job.context) > 1 else ""),
    )
    for loaded in (build.loaded, build.drafts):
        loaded.problems = [_in_portal(p) for p in loaded.problems]
    outcome.named = named(job.id, build.loaded) or named(job.id, build.drafts)
    published = [r for r in build.loaded.reports if not r.draft]
    outcome.years = [published_year(r) for r in published]
    outcome.not_personal = not_personal(published)
    # the parsed documents serve the checks above; the parent needs none of them
    build.loaded.documents.clear()
    build.drafts.documents.clear()
    outcome.build = build
    return outcome


def shown_json(outcome: Outcome) -> dict[str, object]:
    """What the county's pages need of a department, for the memo."""
    where = outcome.named
    place = [where.department, where.name, where.file, where.line, where.column] if where else None
    return {
        "years": years_json(outcome.years),
        "named": place,
        "not_personal": outcome.not_personal,
    }


def shown_from_json(value: object) -> tuple[list[PublishedYear], Named | None, list[str]] | None:
    """What ``shown_json`` wrote; None for anything else."""
    if not isinstance(value, dict):
        return None
    years = years_from_json(value.get("years"))
    where, numbers = value.get("named"), value.get("not_personal")
    if years is None or not isinstance(numbers, list):
        return None
    if not all(isinstance(number, str) for number in numbers):
        return None
    if where is None:
        return list(years), None, list(map(str, numbers))
    if not (isinstance(where, list) and len(where) == 5):
        return None
    department, name, file, line, column = where
    texts = isinstance(department, str) and isinstance(name, str) and isinstance(file, str)
    places = all(n is None or type(n) is int for n in (line, column))
    if not (texts and places):
        return None
    return list(years), Named(department, name, file, line, column), list(map(str, numbers))


def named(department_id: str, loaded: Loaded) -> Named | None:
    """Where the department's earliest loaded year prints its name."""
    if not loaded.reports:
        return None
    first = loaded.reports[0]
    doc = loaded.documents.get(first.year)
    where = doc.position_of(("department", "name")) if doc is not None else None
    source = loaded.sources.get(first.year)
    return Named(
        department_id,
        first.department.name,
        display_path(source) if source else f"{first.year}年数据",
        where.line if where else None,
        where.column if where else None,
    )


def _in_portal(problem: Problem) -> Problem:
    """A problem said as a portal's: another department's year belongs in that department's
    folder of the same portal, not in a site of its own."""
    if problem.field != "department.name" or "有两个部门的报告" not in problem.message:
        return problem
    return replace(
        problem,
        hint="一个部门文件夹只放这个部门的报告：把这个文件移到它所属部门的文件夹"
        "（data/部门编号/，没有时用 jixiao new 年份 --department 部门编号 --name 单位全称 "
        "--group 分组名称 新建）；若是同一部门、名称写法不同，改成一致。",
    )


def _folder_problem(folder: Path, reason: str = "") -> Problem:
    return Problem(
        display_path(folder),
        "部门文件夹中没有年度数据文件。" if not reason else "读不出部门文件夹。",
        expected="以年份命名的数据文件，如 2021.yaml",
        found=reason or "没有",
        hint=f"用 jixiao new 年份 --department {folder.name} --name 单位全称 开始第一年；"
        "不是部门的文件夹请移出 data/。",
    )
