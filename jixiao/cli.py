"""The ``jixiao`` command: check data files, render the site's Markdown to a folder,
build the offline bundle.

Exit codes: 0 clean, 1 problems in the data, 2 wrong usage (unknown option,
missing file, refusing to overwrite).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from jixiao.build import prepare, write_tree
from jixiao.model.loader import data_files
from jixiao.model.newyear import new_year
from jixiao.opendata.revisions import run as diff_command
from jixiao.opendata.schema import run as schema_command
from jixiao.postbuild.bundle import make_bundle
from jixiao.source.problems import render_problems
from jixiao.source.safe_write import WouldOverwrite, write_files
from jixiao.source.yamlsource import read

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"jixiao：用法有误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jixiao",
        description="部门整体支出绩效自评报告：检查数据文件，生成网页。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)

    check = sub.add_parser("check", help="检查数据文件，列出全部问题")
    check.add_argument(
        "files", nargs="*", type=Path, metavar="文件", help="默认：data/ 下全部年度文件"
    )
    check.add_argument("--data", type=Path, default=Path("data"), help="数据文件夹（默认 data）")

    render = sub.add_parser("render", help="把网页的 Markdown 写到一个文件夹，供其他网站引擎使用")
    render.add_argument("out", type=Path, metavar="输出文件夹")
    render.add_argument("--data", type=Path, default=Path("data"), help="数据文件夹（默认 data）")
    render.add_argument("--force", action="store_true", help="覆盖输出文件夹中已有的同名文件")

    diff = sub.add_parser(
        "diff",
        help="列出两个版本之间改动的数字和文字及随之变化的合计、比例、等级（Markdown）",
        description="旧、新可以是 git 修订版本（提交号、分支、HEAD~1）、数据文件或数据文件夹；"
        "默认比较 HEAD 与工作区。退出码：0 没有改动，1 有改动或数据有问题，2 用法有误。",
    )
    diff.add_argument("old", nargs="?", metavar="旧", help="默认 HEAD")
    diff.add_argument("new", nargs="?", metavar="新", help="默认工作区")
    diff.add_argument("--data", type=Path, default=Path("data"), help="数据文件夹（默认 data）")

    new = sub.add_parser("new", help="从最近一年的数据文件开始新一年的数据文件（不覆盖已有文件）")
    new.add_argument("year", type=int, metavar="年份")
    new.add_argument("--data", type=Path, default=Path("data"), help="数据文件夹（默认 data）")

    schema = sub.add_parser("schema", help="生成数据文件的 JSON Schema（供编辑器提示和检查）")
    schema.add_argument("--check", action="store_true", help="只检查是否最新；过时则退出码为 1")
    schema.add_argument("--force", action="store_true", help="替换已有的、与模型不一致的文件")
    schema.add_argument("--data", type=Path, default=Path("data"), help="数据文件夹（默认 data）")
    bundle = sub.add_parser("bundle", help="生成离线网站压缩包（解压后直接用浏览器打开，可搜索）")
    bundle.add_argument("out", type=Path, metavar="输出文件.zip")
    bundle.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="网站配置（默认 mkdocs.yml）"
    )
    bundle.add_argument("--force", action="store_true", help="覆盖已有的同名压缩包")
    return parser


def _bundle(config: Path, out: Path, *, force: bool) -> int:
    from mkdocs.exceptions import MkDocsException

    if not config.is_file():
        print(
            f"jixiao：找不到网站配置 {config}；请在项目根目录运行，或用 --config 指定。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        count = make_bundle(config, out, force=force)
    except FileExistsError:
        print(f"jixiao：{out} 已存在；加 --force 才会覆盖。", file=sys.stderr)
        return EXIT_USAGE
    except MkDocsException as failed:
        print(f"jixiao：网站生成失败：{failed}", file=sys.stderr)
        return EXIT_DATA
    print(f"已写出离线网站 {out}（{count} 个文件）；解压后用浏览器打开其中的 index.html。")
    return EXIT_OK


def _files(explicit: list[Path], data_dir: Path) -> list[Path] | None:
    if explicit:
        missing = [p for p in explicit if not p.is_file()]
        if missing:
            print(f"jixiao：找不到文件：{'、'.join(map(str, missing))}", file=sys.stderr)
            return None
        return explicit
    if not data_dir.is_dir():
        print(
            f"jixiao：找不到数据文件夹 {data_dir}；请在项目根目录运行，或用 --data 指定。",
            file=sys.stderr,
        )
        return None
    return data_files(data_dir)


def _new_year(year: int, data_dir: Path) -> int:
    if not 1990 <= year <= 2100:
        print(f"jixiao：年份 {year} 不合理。", file=sys.stderr)
        return EXIT_USAGE
    existing = data_files(data_dir) if data_dir.is_dir() else []
    if not existing:
        print(f"jixiao：{data_dir} 中没有可作底本的年度文件。", file=sys.stderr)
        return EXIT_USAGE
    target = data_dir / f"{year}.yaml"
    same_year = [p for p in existing if p.stem == str(year)]
    if same_year:
        print(
            f"jixiao：{same_year[0]} 已存在，不会覆盖；要重新开始，请先自行删除它。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    latest = existing[-1]
    doc = read(latest)
    if doc.issues or not isinstance(doc.value, dict):
        print(f"jixiao：底本 {latest} 读不出来；先用 jixiao check 检查它。", file=sys.stderr)
        return EXIT_DATA
    first = latest.read_text(encoding="utf-8-sig").splitlines()[:1]
    schema = first[0] if first and first[0].startswith("# yaml-language-server:") else None
    text = new_year(doc.value, latest.name, year, schema)
    try:
        write_files({target: text.encode("utf-8")})
    except WouldOverwrite:
        print(f"jixiao：{target} 已存在，不会覆盖。", file=sys.stderr)
        return EXIT_USAGE
    print(f"已从 {latest} 生成 {target}：结构和编号沿用上一年，文字和数字待填写。")
    print(f"填写后运行 jixiao check {target}，它会列出每一处尚未填写的地方。")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("diff", "schema"):
        return _open_data_command(args)
    if args.command == "new":
        return _new_year(args.year, args.data)
    if args.command == "bundle":  # the build checks the data folder named in the config
        return _bundle(args.config, args.out, force=args.force)
    files = _files(getattr(args, "files", []), args.data)
    if files is None:
        return EXIT_USAGE
    build = prepare(files, generate_site=args.command != "check")
    if build.loaded.problems:
        print(render_problems(build.loaded.problems), file=sys.stderr)
        return EXIT_DATA
    for notice in build.audited.notices:
        print(notice.render())
    if args.command == "check":
        if build.audited.failures:
            print(render_problems(build.audited.failures), file=sys.stderr)
            return EXIT_DATA
        years = "、".join(str(r.year) for r in build.loaded.reports) or "无"
        print(f"已检查 {len(files)} 个文件（年度：{years}），没有发现问题。")
        return EXIT_OK
    if build.audited.blocking:
        print(render_problems(build.audited.blocking), file=sys.stderr)
        return EXIT_DATA
    if build.audited.failures:
        print(render_problems(build.audited.failures), file=sys.stderr)
    if build.site is None:
        print(render_problems(build.chart_problems), file=sys.stderr)
        return EXIT_DATA
    site = build.site
    try:
        written = write_tree(site, args.out, force=args.force)
    except WouldOverwrite as exists:
        names = "、".join(str(p) for p in exists.paths[:3])
        more = f" 等 {len(exists.paths)} 个文件" if len(exists.paths) > 3 else ""
        print(
            f"jixiao：{names}{more} 已存在；没有写入任何文件。加 --force 才会覆盖。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"已写出 {len(written)} 个文件到 {args.out}。")
    return EXIT_OK


def _open_data_command(args: argparse.Namespace) -> int:
    if args.command == "schema":
        code, message = schema_command(args.data, check=args.check, force=args.force)
        print(message, file=sys.stderr if code else sys.stdout)
        return code
    code, markdown, errors = diff_command(args.old, args.new, args.data)
    if errors:
        print(errors, file=sys.stderr)
    if markdown:
        print(markdown, end="")
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
