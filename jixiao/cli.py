"""The ``jixiao`` command: check data files, render the site's Markdown to a folder, compare
versions, start a new year or a new department's site, import an old report, write the
schema, build the offline bundle, build a county portal in shards and merge them.

Exit codes are ``ExitCode`` (jixiao.infra.errors): 0 ok, 1 problems in the data,
2 usage, configuration or file system, 130 interrupted.  Commands raise
``StaffError`` for anything that is not in the data; ``main`` is the one place
that renders it, and that turns Ctrl-C (or a polite kill) and any operating-system
failure into a Chinese message, so staff never see a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from jixiao.build import Build, not_personal, prepare, write_tree
from jixiao.build_portal import Options
from jixiao.checks.site_text import SITE_CONFIG, site_text_problems
from jixiao.importer.read import SOURCE_FORMATS
from jixiao.importer.run import Imported, import_report, names_another
from jixiao.infra.errors import INTERRUPTED, ExitCode, StaffError, from_os_error
from jixiao.infra.memo import Memo
from jixiao.infra.safe_write import WouldOverwrite, write_files
from jixiao.model.loader import data_files, read_year_bytes
from jixiao.model.newyear import new_year, skeleton
from jixiao.newsite import (
    PORTAL_HINT,
    SiteDepartment,
    check_department,
    create_portal,
    create_site,
    is_blank_draft,
    next_steps,
    portal_next_steps,
    site_department,
)
from jixiao.opendata.revisions import run as diff_command
from jixiao.opendata.schema import FILE_NAME, MODELINE
from jixiao.opendata.schema import run as schema_command
from jixiao.portal_cli import (
    build_shard,
    check_portal,
    diff_portal,
    merge_command,
    new_department_year,
    render_portal,
)
from jixiao.portal_plugin import is_portal
from jixiao.postbuild.bundle import make_bundle
from jixiao.source.problems import Problem, places, render_problems
from jixiao.source.upgrade import is_old_shape, upgrade_text
from jixiao.source.yamlsource import read_bytes
from jixiao.zh_argparse import Parser, parse


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="jixiao",
        description="部门整体支出绩效自评报告：检查数据文件，生成网页。"
        "退出码：0 正常，1 数据有问题，2 用法、配置或文件有误，130 已中断。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)

    def command(name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description or summary)

    # in the order `jixiao --help` lists them
    _data_commands(command)
    _init_command(command)
    _file_commands(command)
    _import_command(command)
    _bundle_command(command)
    _shard_commands(command)
    return parser


Command = Callable[..., argparse.ArgumentParser]  # a subcommand: name, summary, description


def _data_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        type=Path,
        default=Path("data"),
        metavar="文件夹",
        help="数据文件夹（默认 data）",
    )


def _data_commands(command: Command) -> None:
    """check, render, diff and new: commands on the data folder's years."""
    check = command("check", "检查数据文件，列出全部问题")
    check.add_argument(
        "files", nargs="*", type=Path, metavar="文件", help="默认：data/ 下全部年度文件"
    )
    _data_option(check)

    render = command("render", "把网页的 Markdown 写到一个文件夹，供其他网站引擎使用")
    render.add_argument("out", type=Path, metavar="输出文件夹")
    _data_option(render)
    render.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")
    render.add_argument(
        "--departments",
        metavar="编号,编号",
        help="县级门户的分片：只写出这些部门（编号以逗号分开）的页面",
    )
    render.add_argument(
        "--cache",
        type=Path,
        metavar="文件夹",
        help="县级门户：构建缓存的文件夹（如 .cache）；未改动的部门取自缓存，不重新生成",
    )
    render.add_argument(
        "--county-pages",
        action="store_true",
        help="县级门户的分片：只写出门户自己的页面（首页、对比、关于本站）和主题文件",
    )

    diff = command(
        "diff",
        "列出两个版本之间改动的数字和文字及随之变化的合计、比例、等级（Markdown）",
        "旧、新可以是 git 修订版本（提交号、分支、HEAD~1）、数据文件或数据文件夹；"
        "默认比较 HEAD 与工作区。退出码：0 没有改动，1 有改动或数据有问题，2 用法有误。",
    )
    diff.add_argument("old", nargs="?", metavar="旧", help="默认 HEAD")
    diff.add_argument("new", nargs="?", metavar="新", help="默认工作区")
    _data_option(diff)

    new = command(
        "new",
        "开始新一年的数据文件（草稿）：从最近一年的文件，没有时用空白大纲（不覆盖已有文件）",
    )
    new.add_argument("year", type=int, metavar="年份")
    _data_option(new)
    new.add_argument(
        "--department",
        metavar="部门编号",
        help="县级门户：这个部门（data/部门编号/）的新一年；新部门还要写 --name 和 --group",
    )
    new.add_argument("--name", metavar="单位全称", help="新部门的单位全称")
    new.add_argument("--group", metavar="分组名称", help="新部门列在 portal.yaml 的哪个分组")


def _init_command(command: Command) -> None:
    init = command(
        "init",
        "为另一个单位新建网站文件夹：网站配置、数据文件夹和第一年的空白草稿（不覆盖已有文件）",
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="文件夹", help="默认：当前文件夹"
    )
    init.add_argument("--department", metavar="名称", help="单位全称，网站名称由它生成")
    init.add_argument(
        "--portal",
        metavar="县名",
        help="改为新建县级门户（各部门一个文件夹）：县（区、市）的全称，如 新晃侗族自治县",
    )
    init.add_argument("--short-name", metavar="简称", help="单位简称（原文用到时），如 县人社局")
    init.add_argument(
        "--year",
        type=int,
        metavar="年份",
        help=f"第一个年度（默认上一年，即 {datetime.date.today().year - 1}）",
    )
    init.add_argument(
        "--import",
        dest="import_source",
        type=Path,
        metavar="原文",
        help=f"把这一年已有的报告（{SOURCE_FORMATS}）导入为第一年的草稿（代替空白草稿），"
        "同 jixiao import",
    )
    init.add_argument(
        "--force", action="store_true", help="--import 的原文所印单位与 --department 不同时也导入"
    )


def _file_commands(command: Command) -> None:
    """upgrade and schema: the data files' format."""
    upgrade = command(
        "upgrade",
        "把旧格式的数据文件改成新格式：各节按原文顺序写在 sections 下（注释和写法保留）",
    )
    upgrade.add_argument(
        "files", nargs="*", type=Path, metavar="文件", help="默认：data/ 下全部年度文件"
    )
    _data_option(upgrade)

    schema = command("schema", "生成数据文件的 JSON Schema（供编辑器提示和检查）")
    schema.add_argument("--check", action="store_true", help="只检查是否最新；过时则退出码为 1")
    schema.add_argument("--force", action="store_true", help="替换已有的、与模型不一致的文件")
    _data_option(schema)


def _import_command(command: Command) -> None:
    importing = command(
        "import",
        f"把往年的报告（{SOURCE_FORMATS}）导入为一年的数据文件（草稿；"
        "只代替未改动的空白草稿，不覆盖其他已有文件）",
        "各段原文照录，按原文的编号分节；写法明确的数字录为结构化数字，其余在数据文件中以注释"
        "列出待核对。单位名称取自网站；原文是另一个单位的报告时不导入（除非加 --force）。"
        "退出码：0 已导入，1 原文读不出来，2 用法或文件有误（如目标文件已存在）。",
    )
    importing.add_argument("source", type=Path, metavar="原文", help=f"报告文件：{SOURCE_FORMATS}")
    importing.add_argument("--year", type=int, required=True, metavar="年份", help="报告的年度")
    importing.add_argument(
        "--out", type=Path, metavar="文件", help="写到这个文件（默认 data/年份.yaml）"
    )
    importing.add_argument("--dry-run", action="store_true", help="只显示导入结果和摘要，不写文件")
    importing.add_argument(
        "--force",
        action="store_true",
        help="覆盖已改动过的同名数据文件；原文所印单位不是本网站的单位时也导入",
    )


def _bundle_command(command: Command) -> None:
    bundle = command("bundle", "生成离线网站压缩包（解压后直接用浏览器打开，可搜索）")
    bundle.add_argument("out", type=Path, metavar="输出文件.zip")
    bundle.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="文件",
        help="网站配置（默认 mkdocs.yml）",
    )
    bundle.add_argument("--force", action="store_true", help="覆盖已有的同名压缩包")


def _shard_commands(command: Command) -> None:
    shard = command(
        "shard",
        "县级门户的分片：只构建这些部门的网页（MkDocs），供 CI 分作业构建后用 jixiao merge 合并",
        "写出 输出文件夹/site/（网页；门户页面、主题与整个门户的相同）和 输出文件夹/shard.json"
        "（搜索记录、构建后检查的结果、sitemap 的条目）。",
    )
    shard.add_argument("out", type=Path, metavar="输出文件夹")
    shard.add_argument(
        "--departments", required=True, metavar="编号,编号", help="这个分片的部门（以逗号分开）"
    )
    shard.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), metavar="文件", help="默认 mkdocs.yml"
    )
    merge = command(
        "merge",
        "把 jixiao shard 构建的各分片合并成整个门户网站（与一次 mkdocs build 逐字节相同）",
        "合并文件（两个分片中同名而内容不同的文件拒绝合并）、sitemap，"
        "用 Pagefind 一次建立搜索索引，再对合并后的网站做个人信息和外站引用检查。",
    )
    merge.add_argument("out", type=Path, metavar="输出文件夹")
    merge.add_argument("shards", nargs="+", type=Path, metavar="分片")
    merge.add_argument("--force", action="store_true", help="替换已有的输出文件夹")


def _files(explicit: list[Path], data_dir: Path) -> list[Path]:
    """The year files a check or render reads; a StaffError when there are none."""
    for path in explicit:
        if path.is_dir():
            raise StaffError(
                "这是一个文件夹，不是数据文件。",
                path=path,
                hint="检查一个文件夹中的全部年度文件，用 --data 文件夹。",
            )
        if not (path.exists() or path.is_symlink()):
            raise StaffError("找不到文件。", path=path, hint="检查文件名和路径。")
    files = explicit or data_files(data_dir)
    if not files:
        raise StaffError(
            "数据文件夹中没有年度数据文件，没有可检查的内容。",
            path=data_dir,
            hint="年度数据文件以年份命名，如 2021.yaml；用 jixiao new 年份 开始新的一年，"
            "或用 --data 指定数据文件夹。",
            code=ExitCode.DATA,
        )
    return files


def _print_problems(problems: list[Problem]) -> None:
    print(render_problems(problems), file=sys.stderr)


def _draft_share(problems: list[Problem], drafts: dict[str, Path]) -> None:
    """Say which of the problems are in drafts: those do not stop the other years' site."""
    in_drafts = sorted({p.file for p in problems} & set(drafts))
    if in_drafts:
        count = sum(p.file in drafts for p in problems)
        print(
            f"其中 {count} 个问题在草稿 {'、'.join(in_drafts)} 中：草稿不发布，"
            "这些问题不妨碍 mkdocs build 发布其他年度。",
            file=sys.stderr,
        )


def _output_folder(out: Path) -> None:
    """Refuse, before any work, an output folder whose place a file takes."""
    in_the_way = next((p for p in [out, *out.parents] if p.exists()), out)
    if not in_the_way.is_dir():
        raise StaffError(
            "输出文件夹的位置上是一个文件，不是文件夹；没有写入任何文件。",
            path=in_the_way,
            hint="jixiao render 的参数是一个文件夹（不存在时会新建）。",
        )


def _check_or_render(args: argparse.Namespace) -> ExitCode:
    if args.command == "render":
        _output_folder(args.out)
    if not getattr(args, "files", []) and is_portal(args.data):
        if args.command == "check":
            return check_portal(args.data)
        only = [d.strip() for d in args.departments.split(",")] if args.departments else None
        options = Options(only=only, county_only=args.county_pages, memo=Memo(args.cache))
        return render_portal(args.data, args.out, args.force, options)
    files = _files(getattr(args, "files", []), args.data)
    checking = args.command == "check"
    # check looks at drafts as at any year; render publishes, so it leaves them out
    build = prepare(files, generate_site=not checking, drafts="check" if checking else "omit")
    drafts = build.loaded.drafts if checking else build.drafts.drafts
    if checking:
        return _report_check(build, files, args.data if not getattr(args, "files", []) else None)
    if build.loaded.problems:
        _print_problems(build.loaded.problems)
        _draft_share(build.loaded.problems, drafts)
        return ExitCode.DATA
    for notice in build.audited.notices:
        print(notice.render())
    for name in drafts:
        print(f"草稿 {name} 不发布，没有写出它的页面。")
    if build.audited.blocking:
        _print_problems(build.audited.blocking)
        return ExitCode.DATA
    if build.audited.failures:
        _print_problems(build.audited.failures)
    if build.site is None:
        _print_problems(build.chart_problems)
        return ExitCode.DATA
    written = write_tree(build.site, args.out, force=args.force)
    print(f"已写出 {len(written)} 个文件到 {args.out}。")
    return ExitCode.OK


def _report_check(build: Build, files: list[Path], data_dir: Path | None) -> ExitCode:
    """Every problem of every year, whatever a draft holds, and of the site's own texts (the
    mkdocs.yml beside the data folder, and its pages); which of them stop ``mkdocs build``."""
    drafts = build.loaded.drafts
    for notice in build.audited.notices:
        print(notice.render())
    problems = build.loaded.problems + build.audited.failures
    # a draft's problems after the finished years': those are what stops a build
    problems.sort(key=lambda p: (p.file in drafts, p.file))
    if data_dir is not None:
        config = data_dir.parent / SITE_CONFIG
        problems += site_text_problems(config, not_personal(build.loaded.reports))
    if problems:
        _print_problems(problems)
        _draft_share(problems, drafts)
        stopping = [p for p in problems if p.file not in drafts]
        if stopping and len(stopping) < len(problems):
            print(
                f"其余 {len(stopping)} 个问题使 mkdocs build 停止：{places(stopping)}。",
                file=sys.stderr,
            )
        return ExitCode.DATA
    years = "、".join(f"{r.year}（草稿）" if r.draft else str(r.year) for r in build.loaded.reports)
    print(f"已检查 {len(files)} 个文件（年度：{years or '无'}），没有发现问题。")
    if drafts:
        print(
            f"草稿 {'、'.join(drafts)} 不发布；"
            "删去其中的 draft: true 一行后，mkdocs build 才会发布这一年。"
        )
    return ExitCode.OK


def _new_year(args: argparse.Namespace) -> ExitCode:
    year: int = args.year
    data_dir: Path = args.data
    _check_year(year, "jixiao new 2022")
    if args.department is not None:  # a portal's department: its own folder
        made = new_department_year(args)
        if not isinstance(made, Path):
            return made
        data_dir = made
    elif is_portal(data_dir):
        raise StaffError(
            "这是县级门户的数据文件夹：新的年度属于某个部门。",
            path=data_dir,
            hint=f"写明部门：jixiao new {year} --department 部门编号"
            "（新部门再加 --name 单位全称 --group 分组名称）。",
        )
    existing = data_files(data_dir)
    target = data_dir / f"{year}.yaml"
    same_year = [p for p in existing if p.stem == str(year)]
    if same_year:
        raise WouldOverwrite(same_year, hint="要重新开始，请先自行删除或改名它。")
    if not existing:  # a new site: the standard outline instead of last year's
        schema = MODELINE if (data_dir / FILE_NAME).is_file() else None
        write_files({target: skeleton(year, "", schema).encode("utf-8")})
        print(f"数据文件夹中没有更早的年度，已生成空白草稿 {target}：各节按常见的五个部分排列。")
        print(f"照原报告填写后运行 jixiao check {target}，它会列出每一处尚未填写的地方。")
        print("它是草稿（draft: true）：mkdocs serve 可预览，填完后删去这一行才会发布。")
        return ExitCode.OK
    latest = existing[-1]
    raw = read_year_bytes(latest)
    doc = read_bytes(raw) if isinstance(raw, bytes) else None
    if not isinstance(raw, bytes) or doc is None or doc.issues or not isinstance(doc.value, dict):
        raise StaffError(
            "底本读不出来。",
            path=latest,
            hint=f"先用 jixiao check {latest} 检查它。",
            code=ExitCode.DATA,
        )
    first = raw.decode("utf-8-sig").splitlines()[:1]
    schema = first[0] if first and first[0].startswith("# yaml-language-server:") else None
    text = new_year(doc.value, latest.name, year, schema)
    write_files({target: text.encode("utf-8")})
    print(f"已从 {latest} 生成 {target}：结构和编号沿用上一年，文字和数字待填写。")
    print(f"填写后运行 jixiao check {target}，它会列出每一处尚未填写的地方。")
    print("它是草稿（draft: true）：mkdocs serve 可预览，填完后删去这一行才会发布。")
    return ExitCode.OK


def _check_year(year: int, example: str) -> None:
    if not 1990 <= year <= 2100:
        raise StaffError(f"年份 {year} 不合理。", hint=f"写四位数的年份，如 {example}。")


def _init(args: argparse.Namespace) -> ExitCode:
    year: int = args.year if args.year is not None else datetime.date.today().year - 1
    _check_year(year, "--year 2024")
    if (args.portal is None) == (args.department is None):
        raise StaffError(
            "jixiao init 须写 --department（一个部门的网站）或 --portal（县级门户），只写其一。",
            hint="如 jixiao init 文件夹 --department 某县民政局，"
            "或 jixiao init 文件夹 --portal 新晃侗族自治县。",
            code=ExitCode.USAGE,
        )
    if args.portal is not None:
        county = check_department(args.portal, "--portal（县名）", PORTAL_HINT)
        create_portal(args.folder, county)
        print(portal_next_steps(args.folder, year))
        return ExitCode.OK
    department = check_department(args.department)
    short_name = check_department(args.short_name) if args.short_name else None
    imported = None
    if args.import_source is not None:
        imported = import_report(args.import_source, year, department, short_name)
        _another_department(imported, SiteDepartment(department, short_name), args.force)
    create_site(args.folder, department, year, short_name, imported.text if imported else None)
    if imported:
        print(imported.summary())
    print(next_steps(args.folder, year, imported=imported is not None))
    return ExitCode.OK


def _upgrade(args: argparse.Namespace) -> ExitCode:
    changed: dict[Path, bytes] = {}
    for path in _files(args.files, args.data):
        raw = read_year_bytes(path)
        doc = read_bytes(raw) if isinstance(raw, bytes) else None
        if not isinstance(raw, bytes) or doc is None or doc.issues:
            hint = f"先用 jixiao check {path} 检查它。"
            raise StaffError("读不出这个文件。", path=path, hint=hint)
        if is_old_shape(doc.value):
            text = raw.decode("utf-8-sig")
            changed[path] = upgrade_text(text).encode("utf-8")
    if not changed:
        print("没有旧格式的数据文件，无需改动。")
        return ExitCode.OK
    write_files(changed, force=True)  # asked for by name: the old text stays in git
    for path in changed:
        print(f"已改成新格式：{path}")
    print("请用 jixiao check 检查，并用 git diff 查看改动。")
    return ExitCode.OK


def _schema(args: argparse.Namespace) -> ExitCode:
    code, message = schema_command(args.data, check=args.check, force=args.force)
    print(message, file=sys.stderr if code else sys.stdout)
    return code


def _diff(args: argparse.Namespace) -> ExitCode:
    sides = [spec for spec in (args.old, args.new) if spec is not None]
    if is_portal(args.data) and not any(Path(spec).exists() for spec in sides):
        return diff_portal(args.old, args.new, args.data)  # two revisions: every department
    code, markdown, errors = diff_command(args.old, args.new, args.data)
    if errors:
        print(errors, file=sys.stderr)
    if markdown:
        print(markdown, end="")
    return code


def _import(args: argparse.Namespace) -> ExitCode:
    year: int = args.year
    if not 1990 <= year <= 2100:
        raise StaffError(f"年份 {year} 不合理。", hint="写四位数的年份，如 --year 2021。")
    if args.out is None and is_portal(Path("data")):
        raise StaffError(
            "这是县级门户：导入的年度须写进它所属部门的文件夹。",
            path=Path("data"),
            hint=f"加 --out data/部门编号/{year}.yaml（新部门先用 jixiao new {year} "
            "--department 部门编号 --name 单位全称 --group 分组名称 建好文件夹）。",
        )
    target: Path = args.out or Path("data") / f"{year}.yaml"
    replace = not args.dry_run and _replaceable(target, args.force)
    # the site the file goes into: its data folder, and the configuration beside that
    site = site_department(target.parent, target.parent.parent / "mkdocs.yml")
    imported = import_report(
        args.source, year, site.name if site else None, site.short_name if site else None
    )
    if site:
        _another_department(imported, site, args.force, dry_run=args.dry_run)
    if args.dry_run:
        print(imported.text, end="")
        print(imported.summary(), file=sys.stderr)
        print("（--dry-run：没有写入文件。）", file=sys.stderr)
        return ExitCode.OK
    write_files({target: imported.text.encode("utf-8")}, force=replace)
    print(imported.summary())
    replaced = "（代替了空白草稿）" if replace and not args.force else ""
    print(f"已写出 {target}{replaced}，它是草稿（draft: true）。")
    print(f"请对照原文核对各节旁的注释，再运行 jixiao check {target}。")
    return ExitCode.OK


def _replaceable(target: Path, force: bool) -> bool:
    """Whether the import replaces the target: never a file staff wrote in, unless forced;
    the blank draft ``jixiao init``/``jixiao new`` wrote and nobody changed, always."""
    if not (target.exists() or target.is_symlink()):
        return False
    if force or (target.is_file() and is_blank_draft(target)):
        return True
    raise WouldOverwrite(
        [target],
        hint="它已不是 jixiao init/new 生成的空白草稿，其中有人填写过的内容；"
        "要重新导入，请先自行删除或改名它，用 --out 另写一个文件，或加 --force 覆盖。",
    )


def _another_department(
    imported: Imported, site: SiteDepartment, force: bool, *, dry_run: bool = False
) -> None:
    """Refuse a report another department printed (unless forced): a site is one unit's.
    A dry run only warns: it writes nothing."""
    if not names_another(imported.named, site.name, site.short_name):
        return
    message = f"原文所印单位是“{imported.named}”，不是本网站的单位“{site.name}”"
    if dry_run and not force:
        print(f"注意：{message}；写入时须加 --force。", file=sys.stderr)
        return
    if not force:
        raise StaffError(
            f"{message}；没有写入任何文件。",
            path=imported.source.path,
            hint="一个网站只放一个单位的报告：另一个单位的报告请用 jixiao init 另建网站；"
            "确是本单位的报告（如单位改过名称），加 --force 导入，数据中的单位名称按本网站写。",
        )
    print(f"注意：{message}；已按 --force 导入，数据中的单位名称按本网站写。", file=sys.stderr)


def _bundle(args: argparse.Namespace) -> ExitCode:
    with _mkdocs_errors(args.config):
        count = make_bundle(args.config, args.out, force=args.force)
    print(f"已写出离线网站 {args.out}（{count} 个文件）；解压后用浏览器打开其中的 index.html。")
    return ExitCode.OK


def _shard(args: argparse.Namespace) -> ExitCode:
    departments = [d.strip() for d in args.departments.split(",") if d.strip()]
    if not departments:
        raise StaffError(
            "--departments 没有写部门编号。", hint="如 --departments renshe,minzheng。"
        )
    with _mkdocs_errors(args.config):
        pages = build_shard(args.config, args.out, departments)
    print(f"已构建分片 {args.out}（{len(departments)} 个部门，{pages} 个报告页面的搜索记录）。")
    return ExitCode.OK


def _merge(args: argparse.Namespace) -> ExitCode:
    return merge_command(args.out, args.shards, force=args.force)


@contextmanager
def _mkdocs_errors(config: Path) -> Iterator[None]:
    """A build through MkDocs (bundle, shard): its failures as StaffErrors."""
    from mkdocs.exceptions import ConfigurationError, MkDocsException

    from jixiao.plugin import StaffPluginError

    if not config.is_file():
        raise StaffError(
            "找不到网站配置。",
            path=config,
            hint="请在项目根目录运行，或用 --config 指定 mkdocs.yml。",
        )
    shown = _ShownOnStderr()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(shown)
    try:
        yield
    except StaffPluginError as failed:
        raise failed.staff from None
    except ConfigurationError as failed:
        raise StaffError(
            f"网站配置有误：{failed}", path=config, hint="按上面的说明修改网站配置。"
        ) from None
    except MkDocsException as failed:
        strict = _STRICT.search(str(failed))
        why = f"严格模式下有 {strict[1]} 个警告（见上）" if strict else "原因见上"
        raise StaffError(
            f"网站生成失败：{why}。" if shown.count else f"网站生成失败：{failed}",
            hint="按上面列出的问题修正数据；也可用 jixiao check 检查。",
            code=ExitCode.DATA,
        ) from None
    finally:
        mkdocs_log.removeHandler(shown)


# How MkDocs ends a strict build that warned ("Aborted with 3 warnings in strict mode!").
_STRICT = re.compile(r"(\d+) warnings? in strict mode")


class _ShownOnStderr(logging.Handler):
    """What MkDocs and the plugin warn of during a bundle or shard build, printed as it comes:
    the command sets up no logging of its own, and MkDocs' counting handler would otherwise
    keep every message (the problems in the data among them) from reaching the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(record.getMessage().strip("\n"), file=sys.stderr)


COMMANDS: dict[str, Callable[[argparse.Namespace], ExitCode]] = {
    "check": _check_or_render,
    "render": _check_or_render,
    "diff": _diff,
    "new": _new_year,
    "init": _init,
    "upgrade": _upgrade,
    "schema": _schema,
    "bundle": _bundle,
    "shard": _shard,
    "merge": _merge,
    "import": _import,
}


@contextmanager
def _termination_interrupts() -> Iterator[None]:
    """A polite kill (SIGTERM) ends a command as Ctrl-C does: cleaning up after itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(argv: Sequence[str] | None = None) -> ExitCode:
    """Parse and run one command; every failure as a StaffError (or KeyboardInterrupt)."""
    args = parse(_parser, argv)
    if isinstance(args, int):  # --help
        return ExitCode.OK if args == 0 else ExitCode.USAGE
    try:
        return COMMANDS[args.command](args)
    except OSError as error:  # anything the commands did not name themselves
        raise from_os_error(error, "读写") from error


def main(argv: Sequence[str] | None = None) -> int:
    # Material's end-of-life banner is for site developers; staff's builds go without it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        with _termination_interrupts():
            return run(argv)
    except StaffError as error:
        print(error.render(), file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print(INTERRUPTED.render(), file=sys.stderr)
        return INTERRUPTED.code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
