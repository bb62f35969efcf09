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

from hooks.bundle import make_bundle
from hooks.loader import data_files, load_all
from hooks.problems import render_problems
from hooks.site import generate, write_tree

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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "bundle":  # the build checks the data folder named in the config
        return _bundle(args.config, args.out, force=args.force)
    files = _files(getattr(args, "files", []), args.data)
    if files is None:
        return EXIT_USAGE
    loaded = load_all(files)
    if loaded.problems:
        print(render_problems(loaded.problems), file=sys.stderr)
        return EXIT_DATA
    if args.command == "check":
        years = "、".join(str(r.year) for r in loaded.reports) or "无"
        print(f"已检查 {len(files)} 个文件（年度：{years}），没有发现问题。")
        return EXIT_OK
    site = generate(loaded.reports, loaded.sources)
    try:
        written = write_tree(site, args.out, force=args.force)
    except FileExistsError as exists:
        print(f"jixiao：{exists.args[0]} 已存在；加 --force 才会覆盖。", file=sys.stderr)
        return EXIT_USAGE
    print(f"已写出 {len(written)} 个文件到 {args.out}。")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
