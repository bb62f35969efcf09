"""The two sides ``jixiao diff`` compares: a git revision, the working tree, or one file.

Each side loads into a ``Version``: the reports that validated, by year, the
name each came from (``HEAD:data/2021.yaml``), and the problems of those that
did not validate, reported as ``jixiao check`` reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao.infra.errors import ExitCode, StaffError
from jixiao.model.loader import YEAR_FILE, data_files, load_source, load_year
from jixiao.model.report import Report
from jixiao.opendata import gitdata
from jixiao.opendata.diff import YearDiff, diff_year, render
from jixiao.source.problems import Problem, display_path, render_problems

WORKING_TREE = "工作区"


@dataclass
class Version:
    label: str
    reports: dict[int, Report] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: set[int] = field(default_factory=set)  # years whose file did not load
    single_file: bool = False


def from_folder(folder: Path) -> Version:
    version = Version(WORKING_TREE)
    for path in data_files(folder):
        _add(version, display_path(path), *load_year(path))
    return version


def from_file(path: Path) -> Version:
    version = Version(display_path(path), single_file=True)
    _add(version, display_path(path), *load_year(path))
    return version


def from_revision(folder: Path, revision: str) -> Version:
    """The year files of folder as they were at revision."""
    try:
        root = gitdata.toplevel(folder)
        commit = gitdata.resolve(root, revision)
        relative = folder.resolve().relative_to(root.resolve()).as_posix()
        names = [n for n in gitdata.list_files(root, commit, relative) if YEAR_FILE.match(n)]
        version = Version(revision)
        for name in names:
            path = f"{relative}/{name}" if relative != "." else name
            raw = gitdata.show(root, commit, path)
            _add(version, f"{revision}:{path}", *load_source(raw, f"{revision}:{path}", name))
    except gitdata.GitError as error:
        raise StaffError(
            str(error), hint="检查修订版本的写法（提交号、分支、HEAD~1），或比较两个文件。"
        ) from error
    return version


def _add(version: Version, name: str, report: Report | None, problems: list[Problem]) -> None:
    version.problems.extend(problems)
    if report is None:
        match = YEAR_FILE.match(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
        if match:
            version.failed.add(int(match[1]))
        return
    if report.year in version.reports:
        version.problems.append(
            Problem(name, f"{report.year} 年已有数据文件 {version.names[report.year]}。")
        )
        return
    version.reports[report.year] = report
    version.names[report.year] = name


def side(spec: str | None, folder: Path) -> Version:
    """A command-line side: None is the working tree; an existing path a file or data folder;
    anything else a git revision."""
    if spec is None:
        return from_folder(folder)
    path = Path(spec)
    if path.is_file():
        return from_file(path)
    if path.is_dir():
        return from_folder(path)
    data_files(folder)  # a StaffError unless it is a data folder
    return from_revision(folder, spec)


def compare_versions(old: Version, new: Version) -> list[YearDiff]:
    """Year by year; two single files are compared with each other whatever their years."""
    if old.single_file and new.single_file:
        if not old.reports or not new.reports:
            return []
        (old_year, old_report), (new_year, new_report) = (
            next(iter(old.reports.items())),
            next(iter(new.reports.items())),
        )
        return [
            diff_year(new_year, old_report, new_report, old.names[old_year], new.names[new_year])
        ]
    years = set(old.reports) | set(new.reports)
    if old.single_file or new.single_file:
        single = old if old.single_file else new
        years = set(single.reports)
    diffs = []
    for year in sorted(years):
        if year in old.failed or year in new.failed:
            continue  # the year's file did not load on one side: its problems are reported
        diffs.append(
            diff_year(
                year,
                old.reports.get(year),
                new.reports.get(year),
                old.names.get(year),
                new.names.get(year),
            )
        )
    return diffs


def run(old_spec: str | None, new_spec: str | None, folder: Path) -> tuple[ExitCode, str, str]:
    """``jixiao diff``: (exit code, Markdown for stdout, messages for stderr).

    Exit OK: nothing changed; DATA: something changed, or a side has data problems.
    A side that cannot be loaded (no git, no such revision or file) is a StaffError."""
    if old_spec is None and new_spec is None:
        old_spec = "HEAD"
    old = side(old_spec, folder)
    new = side(new_spec, folder)
    errors = ""
    problems = old.problems + new.problems
    if problems:
        errors = render_problems(problems) + "\n有问题的年度文件未作比较。"
    diffs = compare_versions(old, new)
    markdown = render(diffs, old.label, new.label)
    changed = any(d.changed for d in diffs)
    return (ExitCode.DATA if changed or problems else ExitCode.OK), markdown, errors
