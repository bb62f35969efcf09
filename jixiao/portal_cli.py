"""The ``jixiao`` commands on a county portal: ``check`` and ``render`` over every department,
``new --department`` to start a department (its folder, its first year, its place in
``portal.yaml``).  ``jixiao.cli`` sends a data folder holding ``portal.yaml`` here; the
exit codes and the wording of problems are the one-department commands'.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from jixiao.build import SiteFiles, not_personal, write_tree
from jixiao.build_portal import Options, PortalBuild, prepare_portal
from jixiao.checks.portal import ID_RULE, id_trouble
from jixiao.checks.site_text import SITE_CONFIG, site_text_problems
from jixiao.infra.errors import ExitCode, StaffError
from jixiao.infra.safe_write import WouldOverwrite, write_files
from jixiao.model.county import PORTAL_FILE, load_county, with_department
from jixiao.model.loader import data_files
from jixiao.model.newyear import skeleton
from jixiao.newsite import DEPARTMENT_MODELINE, check_department
from jixiao.opendata.schema import FILE_NAME
from jixiao.source.problems import Problem, places, render_problems


def _print_problems(problems: list[Problem]) -> None:
    print(render_problems(problems), file=sys.stderr)


def _drafts(build: PortalBuild) -> dict[str, Path]:
    drafts: dict[str, Path] = {}
    for made in build.builds:
        drafts.update(made.loaded.drafts)
        drafts.update(made.drafts.drafts)
    return drafts


def check_portal(data_dir: Path) -> ExitCode:
    """Every problem of the portal and of each of its departments' years, drafts included."""
    build = prepare_portal(data_dir, Options(drafts="check", generate_site=False))
    for made in build.builds:
        for notice in made.audited.notices:
            print(notice.render())
    drafts = _drafts(build)
    problems = build.data_problems + [p for b in build.builds for p in b.audited.failures]
    problems.sort(key=lambda p: p.file in drafts)  # stable: the portal's, then by department
    reports = [r for b in build.builds for r in b.loaded.reports]
    problems += site_text_problems(data_dir.parent / SITE_CONFIG, not_personal(reports))
    if problems:
        _print_problems(problems)
        in_drafts = [p for p in problems if p.file in drafts]
        if in_drafts:
            print(
                f"其中 {len(in_drafts)} 个问题在草稿中：草稿不发布，"
                "这些问题不妨碍 mkdocs build 发布其他年度。",
                file=sys.stderr,
            )
            stopping = [p for p in problems if p.file not in drafts]
            if stopping:
                print(
                    f"其余 {len(stopping)} 个问题使 mkdocs build 停止：{places(stopping)}。",
                    file=sys.stderr,
                )
        return ExitCode.DATA
    files = sum(len(b.loaded.sources) for b in build.builds)
    print(
        f"已检查门户 {data_dir / PORTAL_FILE} 和 {len(build.outcomes)} 个部门的 {files} 个"
        "年度文件，没有发现问题。"
    )
    if drafts:
        print(f"草稿 {'、'.join(drafts)} 不发布；删去其中的 draft: true 一行后才会发布。")
    return ExitCode.OK


def render_portal(data_dir: Path, out: Path, force: bool, options: Options) -> ExitCode:
    """Write the portal's Markdown pages to a folder: all of them, some departments' (a
    shard: ``options.only``), or the county's pages alone (``options.county_only``: made from
    every department's published years)."""
    only = options.only
    if only is not None and options.county_only:
        raise StaffError(
            "--departments 与 --county-pages 只能用其一。",
            hint="各分片用 --departments 写出各自的部门，另一步用 --county-pages 写出门户页面。",
        )
    if only is not None:
        unknown = [d for d in only if id_trouble(d) or not (data_dir / d).is_dir()]
        if unknown:
            raise StaffError(
                f"没有这些部门的文件夹：{'、'.join(unknown)}。",
                path=data_dir,
                hint="--departments 写部门编号（data/ 下的文件夹名），以逗号分开，"
                "如 renshe,minzheng。",
            )
    build = prepare_portal(data_dir, options)
    for made in build.builds:
        for notice in made.audited.notices:
            print(notice.render())
    for name in _drafts(build):
        print(f"草稿 {name} 不发布，没有写出它的页面。")
    if build.site is None:
        _print_problems(build.stopping)
        return ExitCode.DATA
    failures = [p for b in build.builds for p in b.audited.failures]
    if failures:
        _print_problems(failures)
    written = write_tree(SiteFiles(files=build.site.files), out, force=force)
    print(f"已写出 {len(written)} 个文件到 {out}（{len(build.outcomes)} 个部门）。")
    return ExitCode.OK


def new_department_year(args: argparse.Namespace) -> ExitCode | Path:
    """``jixiao new 年份 --department 编号``: a department's first year (a blank draft in a new
    folder, listed in portal.yaml); for a department that has years, its folder, where the
    caller makes the next year from the latest as for a one-department site."""
    data_dir: Path = args.data
    department: str = args.department
    portal = data_dir / PORTAL_FILE
    if not portal.is_file():
        raise StaffError(
            "数据文件夹不是县级门户（其中没有 portal.yaml），--department 只用于门户。",
            path=data_dir,
            hint="单个部门的网站直接用 jixiao new 年份；"
            "新建门户用 jixiao init 文件夹 --portal 县名。",
        )
    trouble = id_trouble(department)
    if trouble:
        raise StaffError(
            f"参数 --department（部门编号）：{trouble}。",
            expected=ID_RULE,
            found=department,
            hint="部门编号是部门文件夹的名称，也是它各页网址的第一段。",
        )
    folder = data_dir / department
    if folder.is_dir() and data_files(folder):
        return folder
    return _first_year(args, portal, folder)


def _first_year(args: argparse.Namespace, portal: Path, folder: Path) -> ExitCode:
    if not args.name:
        raise StaffError(
            "新部门须写单位全称。",
            hint=f"加 --name，如 jixiao new {args.year} --department {folder.name} "
            "--name 新晃侗族自治县民政局 --group 政府工作部门。",
        )
    name = check_department(args.name, "--name（单位全称）", "写单位全称，如 --name 某县民政局。")
    county, doc, problems = load_county(portal)
    if county is None or doc is None:
        _print_problems(problems)
        return ExitCode.DATA
    listed = dict(county.listed)
    target = folder / f"{args.year}.yaml"
    if target.exists():
        raise WouldOverwrite([target], hint="要重新开始，请先自行删除或改名它。")
    schema = DEPARTMENT_MODELINE if (portal.parent / FILE_NAME).is_file() else None
    files = {target: skeleton(args.year, name, schema).encode("utf-8")}
    edited = None
    if folder.name not in listed:
        if not args.group:
            raise StaffError(
                f"部门“{folder.name}”还没有列在 {portal} 的分组中。",
                hint="加 --group 分组名称（已有的分组或新的分组），如 --group 政府工作部门。",
            )
        text = portal.read_text(encoding="utf-8")
        edited = with_department(
            text,
            doc,
            folder.name,
            check_department(args.group, "--group（分组名称）", "写县里的分组名称。"),
        )
        if edited is not None:
            files[portal] = edited.encode("utf-8")
    write_files(files, force=True)  # the year file is new (checked); portal.yaml edited in place
    print(f"已新建部门文件夹 {folder} 和第一年的空白草稿 {target}。")
    if folder.name in listed:
        print(f"它已列在 {portal} 的“{listed[folder.name]}”组中。")
    elif edited is not None:
        print(f"已把 {folder.name} 列进 {portal} 的“{args.group}”组。")
    else:
        print(f"请在 {portal} 的“{args.group}”组的 departments 中手工加上 {folder.name}。")
    print("照原报告填写后运行 jixiao check，它会列出每一处尚未填写的地方。")
    return ExitCode.OK


def diff_portal(old: str | None, new: str | None, data_dir: Path) -> ExitCode:
    """``jixiao diff`` between two revisions of a portal: each department's changes, one
    department after another (those without any change left out)."""
    from jixiao.build_portal import department_folders
    from jixiao.opendata.revisions import run as diff_command

    code, unchanged = ExitCode.OK, ""
    for department, folder in department_folders(data_dir).items():
        if id_trouble(department):
            continue
        found, markdown, errors = diff_command(old, new, folder)
        if errors:
            print(errors, file=sys.stderr)
        if found == ExitCode.OK:
            unchanged = unchanged or markdown
            continue
        code = ExitCode.DATA
        print(markdown, end="")
    if code == ExitCode.OK and unchanged:
        print(unchanged, end="")
    return code


def build_shard(config_file: Path, out: Path, departments: list[str]) -> int:
    """``jixiao shard``: ``mkdocs build`` (strict) of these departments' pages and the county's
    into ``out/site``, with ``out/shard.json`` for the merge; the number of searched pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    from jixiao.postbuild.shards import MANIFEST, SHARD, SITE, read_manifest

    if out.exists() and not out.is_dir():
        raise StaffError("输出位置上是一个文件，不是文件夹；没有构建。", path=out)
    manifest = out / MANIFEST
    manifest.unlink(missing_ok=True)  # a failed build leaves no manifest for the merge
    with config_file.open("rb") as handle:
        raw = yaml_load(handle) or {}
    extra = dict(raw.get("extra") or {})
    extra[SHARD] = {"departments": departments, "manifest": str(manifest.resolve())}
    config = load_config(str(config_file), site_dir=str(out / SITE), strict=True, extra=extra)
    # MkDocs' warnings and errors (the data's problems among them) on the terminal, as
    # `mkdocs build` shows them: a CI job's log says why a shard stopped.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(shown)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        logging.getLogger("mkdocs").removeHandler(shown)
    return len(read_manifest(manifest).records)


def merge_command(out: Path, shards: list[Path], *, force: bool) -> ExitCode:
    """``jixiao merge``: the shards as one site; the audits' findings refuse it as a build's do."""
    from jixiao.postbuild.shard_merge import merge_shards

    merged = merge_shards(out, shards, force=force)
    for leak in merged.leaks:
        print(leak.render(), file=sys.stderr)
    for reference in merged.references:
        print(reference.render(), file=sys.stderr)
    if merged.leaks:
        print(
            f"合并出的网站有 {len(merged.leaks)} 处个人信息（身份证号或手机号），没有写出：先是 "
            f"{merged.leaks[0].file}。请按上面列出的位置找到它的来源删去。",
            file=sys.stderr,
        )
    if merged.references:
        print(
            f"合并出的网站有 {len(merged.references)} 处引用了其他网站的地址，没有写出"
            "（逐条的原因和改法见上）。",
            file=sys.stderr,
        )
    if merged.leaks or merged.references:
        return ExitCode.DATA
    print(
        f"已合并 {len(shards)} 个分片到 {out}：{merged.files} 个文件，{merged.departments} 个部门，"
        f"搜索索引 {merged.records} 条记录。"
    )
    return ExitCode.OK
