"""Command-level errors: every usage, configuration, file-system and signal condition of the
``jixiao`` command gives its exact Chinese message and exit code, never a traceback, and
leaves no partial output behind.

Each case is a set-up (run in an empty working folder), the arguments, the exit code and
the exact text on stderr.  Conditions a test running as root cannot make for real
(no permission, a read-only or full disk, Ctrl-C at a given moment) are made by
raising the operating system's own error where the real one would come from.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import jixiao.cli
import jixiao.infra.leftovers
import jixiao.infra.safe_write
import jixiao.postbuild.bundle
from jixiao.cli import main
from jixiao.infra.errors import INTERRUPTED, ExitCode, os_reason
from jixiao.infra.leftovers import SEARCH_PREFIX
from tests.conftest import ROOT, config_for

MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml"
Setup = Callable[[Path, pytest.MonkeyPatch], None]

USAGE_HINT = {
    "jixiao": "    提示：用法：jixiao [-h] 命令 ...；说明见 jixiao --help。",
    "render": "    提示：用法：jixiao render [-h] [--data 文件夹] [--force] "
    "[--departments 编号,编号] [--cache 文件夹] [--county-pages] 输出文件夹；"
    "说明见 jixiao render --help。",
    "new": "    提示：用法：jixiao new [-h] [--data 文件夹] [--department 部门编号] "
    "[--name 单位全称] [--group 分组名称] 年份；说明见 jixiao new --help。",
}
DEPARTMENT_HINT = "    提示：写单位全称，如 --department 新晃侗族自治县人力资源和社会保障局。"
DEPARTMENT_EXPECTED = "    应为：一行文字，不超过 60 个字，不含 \"#&'*<>[\\]_`{|} 和控制字符\n"
NO_DATA_FOLDER = "    提示：请在项目根目录运行，或用 --data 指定数据文件夹。"
INTERRUPTED_TEXT = INTERRUPTED.render()


# Set-ups --------------------------------------------------------------------------------


def nothing(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    pass


def data(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    """A data folder with one good year, 2030."""
    (tmp / "data").mkdir()
    shutil.copy(MINIMAL, tmp / "data" / "2030.yaml")


def empty_data(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    (tmp / "data").mkdir()


def data_is_a_file(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    (tmp / "data").write_text("", encoding="utf-8")


def folder_named_like_a_year(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    (tmp / "data" / "2031.yaml").mkdir()


def dangling_link(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    (tmp / "data" / "2031.yaml").symlink_to("2031-draft.yaml")


def unreadable_year(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    shutil.copy(MINIMAL, tmp / "data" / "2031.yaml")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "2031.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    mp.setattr(Path, "read_bytes", read_bytes)


def unreadable_data_folder(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)

    def iterdir(self: Path) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    mp.setattr(Path, "iterdir", iterdir)


def gbk_base(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    (tmp / "data").mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    (tmp / "data" / "2030.yaml").write_bytes(text.encode("gbk", errors="replace"))


def os_error_from(target: Any, name: str, code: int, after: int = 0) -> Setup:
    """Make target.name raise OSError(code) from its (after+1)-th call on."""

    def setup(tmp: Path, mp: pytest.MonkeyPatch) -> None:
        data(tmp, mp)
        real = getattr(target, name)
        calls: list[int] = []

        def failing(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) > after:
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        mp.setattr(target, name, failing)

    return setup


def interrupt_in(target: Any, name: str, after: int = 0, base: Setup = data) -> Setup:
    """Press Ctrl-C in the (after+1)-th call of target.name."""

    def setup(tmp: Path, mp: pytest.MonkeyPatch) -> None:
        base(tmp, mp)
        real = getattr(target, name)
        calls: list[int] = []

        def interrupted(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) > after:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        mp.setattr(target, name, interrupted)

    return setup


def rendered(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    (tmp / "out").mkdir()
    (tmp / "out" / "2030.md").write_text("staff's own page", encoding="utf-8")


def output_is_a_file(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    (tmp / "out").write_text("staff's own file", encoding="utf-8")


def site_config(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    config_for(tmp, tmp / "data")


def zip_exists(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    site_config(tmp, mp)
    (tmp / "site.zip").write_bytes(b"old zip")


def folder_in_place_of_zip(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    site_config(tmp, mp)
    (tmp / "site.zip").mkdir()
    (tmp / "site.zip" / "keep.txt").write_text("kept", encoding="utf-8")


def bad_plugin_option(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    config_for(tmp, tmp / "data", extra={"jixiao": {"data_dir": "data", "colour": "red"}})


def tiny_site(site_dir: Path) -> None:
    (site_dir / "search").mkdir(parents=True)
    (site_dir / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site_dir / "search" / "search_index.js").write_text("var x;", encoding="utf-8")


def offline_build(then: Callable[[], None] = lambda: None) -> Setup:
    """The offline build replaced by a tiny site (then `then`), so zipping is all that runs."""

    def setup(tmp: Path, mp: pytest.MonkeyPatch) -> None:
        site_config(tmp, mp)

        def build(config_file: Path, site_dir: Path) -> None:
            tiny_site(site_dir)
            then()

        mp.setattr(jixiao.postbuild.bundle, "build_offline_site", build)

    return setup


def ctrl_c() -> None:
    raise KeyboardInterrupt


def zip_fails(exception: BaseException) -> Setup:
    def setup(tmp: Path, mp: pytest.MonkeyPatch) -> None:
        offline_build()(tmp, mp)

        def writestr(*args: Any, **kwargs: Any) -> None:
            raise exception

        mp.setattr(zipfile.ZipFile, "writestr", writestr)

    return setup


def stale_schema(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    data(tmp, mp)
    (tmp / "data" / "report.schema.json").write_text("{}", encoding="utf-8")


# The cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    setup: Setup
    argv: list[str]
    code: ExitCode
    stderr: str
    # Paths (relative to the working folder) the command must not have left behind.
    absent: tuple[str, ...] = ()
    # Files whose content must be unchanged: path → expected text.
    unchanged: tuple[tuple[str, str], ...] = ()


CASES = [
    # Usage: argparse's own errors, in Chinese.
    Case(
        "unknown-command",
        nothing,
        ["frobnicate"],
        ExitCode.USAGE,
        "jixiao：用法有误：参数 命令：'frobnicate' 不在可选范围内"
        "（可选：'check', 'render', 'diff', 'new', 'init', 'upgrade', 'schema', 'import', "
        "'bundle', 'shard', 'merge'）\n" + USAGE_HINT["jixiao"],
    ),
    Case(
        "no-command",
        nothing,
        [],
        ExitCode.USAGE,
        "jixiao：用法有误：缺少参数：命令\n" + USAGE_HINT["jixiao"],
    ),
    Case(
        "missing-argument",
        nothing,
        ["render"],
        ExitCode.USAGE,
        "jixiao：用法有误：缺少参数：输出文件夹\n" + USAGE_HINT["render"],
    ),
    Case(
        "unrecognized-option",
        nothing,
        ["check", "--colour"],
        ExitCode.USAGE,
        "jixiao：用法有误：不认识的参数：--colour\n" + USAGE_HINT["jixiao"],
    ),
    Case(
        "option-without-value",
        nothing,
        ["new", "2031", "--data"],
        ExitCode.USAGE,
        "jixiao：用法有误：参数 --data：后面应写一个值\n" + USAGE_HINT["new"],
    ),
    Case(
        "year-not-a-number",
        nothing,
        ["new", "二〇三一"],
        ExitCode.USAGE,
        "jixiao：用法有误：参数 年份：'二〇三一' 不是有效的值\n" + USAGE_HINT["new"],
    ),
    Case(
        "year-unreasonable",
        data,
        ["new", "3031"],
        ExitCode.USAGE,
        "jixiao：年份 3031 不合理。\n    提示：写四位数的年份，如 jixiao new 2022。",
    ),
    # Usage: files and folders named on the command line.
    Case(
        "check-missing-file",
        nothing,
        ["check", "2031.yaml"],
        ExitCode.USAGE,
        "jixiao：找不到文件。\n    路径：2031.yaml\n    提示：检查文件名和路径。",
    ),
    Case(
        "check-folder-as-file",
        data,
        ["check", "data"],
        ExitCode.USAGE,
        "jixiao：这是一个文件夹，不是数据文件。\n    路径：data\n"
        "    提示：检查一个文件夹中的全部年度文件，用 --data 文件夹。",
    ),
    Case(
        "check-no-data-folder",
        nothing,
        ["check"],
        ExitCode.USAGE,
        "jixiao：找不到数据文件夹。\n    路径：data\n" + NO_DATA_FOLDER,
    ),
    Case(
        "check-data-folder-is-a-file",
        data_is_a_file,
        ["check"],
        ExitCode.USAGE,
        "jixiao：数据文件夹的位置是一个文件，不是文件夹。\n    路径：data\n" + NO_DATA_FOLDER,
    ),
    Case(
        "check-data-folder-unreadable",
        unreadable_data_folder,
        ["check"],
        ExitCode.USAGE,
        "jixiao：读取数据文件夹失败：没有权限。\n    路径：data\n"
        "    提示：检查这个文件或文件夹的权限，或换一个有权限的位置。",
    ),
    Case(
        "check-empty-data-folder",
        empty_data,
        ["check"],
        ExitCode.DATA,
        "jixiao：数据文件夹中没有年度数据文件，没有可检查的内容。\n    路径：data\n"
        "    提示：年度数据文件以年份命名，如 2021.yaml；用 jixiao new 年份 开始新的一年，"
        "或用 --data 指定数据文件夹。",
    ),
    # Data: year files that cannot be read are problems of the data folder, listed with the rest.
    Case(
        "check-folder-named-2031.yaml",
        folder_named_like_a_year,
        ["check"],
        ExitCode.DATA,
        "data/2031.yaml: 这是一个文件夹，不是数据文件。\n"
        "    提示：以年份命名的 2031.yaml 应是一年的数据文件；把这个文件夹改名或移走。\n"
        "共 1 个问题，涉及 1 个文件。",
    ),
    Case(
        "check-dangling-link-2031.yaml",
        dangling_link,
        ["check"],
        ExitCode.DATA,
        "data/2031.yaml: 这是一个符号链接，它指向的文件不存在。\n"
        "    实为：指向 2031-draft.yaml\n"
        "    提示：恢复它指向的文件，或删除这个链接。\n"
        "共 1 个问题，涉及 1 个文件。",
    ),
    Case(
        "check-unreadable-file",
        unreadable_year,
        ["check"],
        ExitCode.DATA,
        "data/2031.yaml: 读不出这个文件：没有权限。\n"
        "    提示：检查这个文件或文件夹的权限，或换一个有权限的位置。\n"
        "共 1 个问题，涉及 1 个文件。",
    ),
    Case(
        "check-disk-error",
        os_error_from(jixiao.cli, "prepare", errno.EIO),
        ["check"],
        ExitCode.USAGE,
        "jixiao：读写失败：磁盘读写出错。\n    提示：检查磁盘或网络盘是否正常，再重新运行。",
    ),
    Case(
        "check-interrupted",
        interrupt_in(jixiao.cli, "prepare"),
        ["check"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
    ),
    # jixiao new
    Case(
        "new-year-exists",
        data,
        ["new", "2030"],
        ExitCode.USAGE,
        "jixiao：data/2030.yaml 已存在，不会覆盖；没有写入任何文件。\n"
        "    提示：要重新开始，请先自行删除或改名它。",
    ),
    # jixiao init
    Case(
        "init-without-department",
        nothing,
        ["init", "site"],
        ExitCode.USAGE,
        "jixiao：jixiao init 须写 --department（一个部门的网站）或 --portal（县级门户），"
        "只写其一。\n"
        "    提示：如 jixiao init 文件夹 --department 某县民政局，"
        "或 jixiao init 文件夹 --portal 新晃侗族自治县。",
        absent=("site",),
    ),
    Case(
        "init-department-with-markup",
        nothing,
        ["init", "site", "--department", "测试<b>局"],
        ExitCode.USAGE,
        "jixiao：参数 --department（单位名称）第 3 个字“<”会被网页当作格式符号。\n"
        + DEPARTMENT_EXPECTED
        + "    实为：测试<b>局\n"
        + DEPARTMENT_HINT,
        absent=("site",),
    ),
    Case(
        "init-department-with-a-line-break",
        nothing,
        ["init", "site", "--department", "测试\n局"],
        ExitCode.USAGE,
        "jixiao：参数 --department（单位名称）第 3 个字是看不见的控制字符或换行。\n"
        + DEPARTMENT_EXPECTED
        + "    实为：U+000A\n"
        + DEPARTMENT_HINT,
        absent=("site",),
    ),
    Case(
        "init-department-blank",
        nothing,
        ["init", "site", "--department", "  "],
        ExitCode.USAGE,
        "jixiao：参数 --department（单位名称）是空的。\n"
        + DEPARTMENT_EXPECTED
        + "    实为：'  '\n"
        + DEPARTMENT_HINT,
        absent=("site",),
    ),
    Case(
        "init-into-an-existing-site",
        data,
        ["init", ".", "--department", "测试局"],
        ExitCode.USAGE,
        "jixiao：文件夹中已有 data/2030.yaml，不会覆盖；没有写入任何文件。\n"
        "    路径：.\n"
        "    提示：换一个空文件夹或新的文件夹名；文件夹中原有的其他文件不会被改动，"
        "但不能与已有的网站或上面这些文件同在。",
        absent=("mkdocs.yml", "content"),
    ),
    Case(
        "init-over-a-file",
        data,
        ["init", "data/2030.yaml", "--department", "测试局"],
        ExitCode.USAGE,
        "jixiao：这是一个文件，不是文件夹；没有写入任何文件。\n"
        "    路径：data/2030.yaml\n"
        "    提示：jixiao init 的参数是新网站的文件夹（不存在时会新建）。",
    ),
    Case(
        "init-disk-full-halfway",
        os_error_from(tempfile, "mkstemp", errno.ENOSPC, after=2),
        ["init", "site", "--department", "测试局", "--year", "2030"],
        ExitCode.USAGE,
        "jixiao：写入失败：磁盘已满。\n    路径：site/data/report.schema.json\n"
        "    提示：腾出磁盘空间后重新运行；没有留下写了一半的文件。",
        absent=("site",),
    ),
    Case(
        "init-interrupted",
        interrupt_in(jixiao.infra.safe_write, "stage", after=3),  # halfway through
        ["init", "site", "--department", "测试局"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("site",),
    ),
    Case(
        "new-without-a-data-folder",
        nothing,
        ["new", "2031"],
        ExitCode.USAGE,
        "jixiao：找不到数据文件夹。\n    路径：data\n" + NO_DATA_FOLDER,
        absent=("data",),
    ),
    Case(
        "new-base-not-utf8",
        gbk_base,
        ["new", "2031"],
        ExitCode.DATA,
        "jixiao：底本读不出来。\n    路径：data/2030.yaml\n"
        "    提示：先用 jixiao check data/2030.yaml 检查它。",
        absent=("data/2031.yaml",),
    ),
    Case(
        "new-read-only-data-folder",
        os_error_from(tempfile, "mkstemp", errno.EROFS),
        ["new", "2031"],
        ExitCode.USAGE,
        "jixiao：写入失败：所在的磁盘或文件夹是只读的。\n    路径：data/2031.yaml\n"
        "    提示：换一个可以写入的位置，或请管理员开放写权限。",
        absent=("data/2031.yaml",),
    ),
    Case(
        "new-no-permission",
        os_error_from(tempfile, "mkstemp", errno.EACCES),
        ["new", "2031"],
        ExitCode.USAGE,
        "jixiao：写入失败：没有权限。\n    路径：data/2031.yaml\n"
        "    提示：检查这个文件或文件夹的权限，或换一个有权限的位置。",
        absent=("data/2031.yaml",),
    ),
    Case(
        "new-disk-full",
        os_error_from(os, "fsync", errno.ENOSPC),
        ["new", "2031"],
        ExitCode.USAGE,
        "jixiao：写入失败：磁盘已满。\n    路径：data/2031.yaml\n"
        "    提示：腾出磁盘空间后重新运行；没有留下写了一半的文件。",
        absent=("data/2031.yaml",),
    ),
    Case(
        "new-interrupted",
        interrupt_in(os, "fsync"),
        ["new", "2031"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("data/2031.yaml",),
    ),
    # jixiao render
    Case(
        "render-onto-a-file",
        output_is_a_file,
        ["render", "out"],
        ExitCode.USAGE,
        "jixiao：输出文件夹的位置上是一个文件，不是文件夹；没有写入任何文件。\n    路径：out\n"
        "    提示：jixiao render 的参数是一个文件夹（不存在时会新建）。",
        unchanged=(("out", "staff's own file"),),
    ),
    Case(
        "render-under-a-file",
        output_is_a_file,
        ["render", "out/md"],
        ExitCode.USAGE,
        "jixiao：输出文件夹的位置上是一个文件，不是文件夹；没有写入任何文件。\n    路径：out\n"
        "    提示：jixiao render 的参数是一个文件夹（不存在时会新建）。",
        unchanged=(("out", "staff's own file"),),
    ),
    Case(
        "render-over-existing-files",
        rendered,
        ["render", "out"],
        ExitCode.USAGE,
        "jixiao：out/2030.md 已存在，不会覆盖；没有写入任何文件。\n    提示：加 --force 才会覆盖。",
        absent=("out/index.md", "out/charts"),
        unchanged=(("out/2030.md", "staff's own page"),),
    ),
    Case(
        "render-disk-full",
        os_error_from(os, "fsync", errno.ENOSPC),
        ["render", "out"],
        ExitCode.USAGE,
        "jixiao：写入失败：磁盘已满。\n    路径：out/2030.md\n"
        "    提示：腾出磁盘空间后重新运行；没有留下写了一半的文件。",
        absent=("out",),
    ),
    Case(
        "render-interrupted-while-writing",
        interrupt_in(os, "fsync", after=3),
        ["render", "out"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("out",),
    ),
    Case(
        "render-interrupted-over-existing-files",
        interrupt_in(os, "fsync", after=3, base=rendered),
        ["render", "out", "--force"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("out/index.md", "out/charts"),
        unchanged=(("out/2030.md", "staff's own page"),),
    ),
    # jixiao bundle
    Case(
        "bundle-no-config",
        data,
        ["bundle", "site.zip"],
        ExitCode.USAGE,
        "jixiao：找不到网站配置。\n    路径：mkdocs.yml\n"
        "    提示：请在项目根目录运行，或用 --config 指定 mkdocs.yml。",
        absent=("site.zip",),
    ),
    Case(
        "bundle-zip-exists",
        zip_exists,
        ["bundle", "site.zip"],
        ExitCode.USAGE,
        "jixiao：site.zip 已存在，不会覆盖；没有写入任何文件。\n    提示：加 --force 才会覆盖。",
        unchanged=(("site.zip", "old zip"),),
    ),
    Case(
        "bundle-force-onto-a-folder",
        folder_in_place_of_zip,
        ["bundle", "site.zip", "--force"],
        ExitCode.USAGE,
        "jixiao：压缩包的位置是一个文件夹；没有写入任何文件。\n    路径：site.zip\n"
        "    提示：写上压缩包的文件名，如 jixiao bundle 输出/网站.zip。",
        unchanged=(("site.zip/keep.txt", "kept"),),
    ),
    Case(
        "bundle-bad-plugin-option",
        bad_plugin_option,
        ["bundle", "site.zip"],
        ExitCode.USAGE,
        "jixiao：mkdocs.yml 中 extra.jixiao 的选项有误：不认识的选项 colour\n"
        "    路径：mkdocs.yml\n    提示：可用的选项：data_dir、cache_dir、cache、chart_cache。",
        absent=("site.zip",),
    ),
    Case(
        "bundle-interrupted-while-building",
        offline_build(ctrl_c),
        ["bundle", "site.zip"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("site.zip",),
    ),
    Case(
        "bundle-interrupted-while-zipping",
        zip_fails(KeyboardInterrupt()),
        ["bundle", "site.zip", "--force"],
        ExitCode.INTERRUPTED,
        INTERRUPTED_TEXT,
        absent=("site.zip",),
    ),
    Case(
        "bundle-disk-full",
        zip_fails(OSError(errno.ENOSPC, "No space left on device")),
        ["bundle", "dist/site.zip"],
        ExitCode.USAGE,
        "jixiao：写入失败：磁盘已满。\n    路径：dist/site.zip\n"
        "    提示：腾出磁盘空间后重新运行；没有留下写了一半的文件。",
        absent=("dist",),
    ),
    # jixiao schema and diff
    Case(
        "schema-no-data-folder",
        nothing,
        ["schema"],
        ExitCode.USAGE,
        "jixiao：找不到数据文件夹。\n    路径：data\n" + NO_DATA_FOLDER,
    ),
    Case(
        "schema-differs",
        stale_schema,
        ["schema"],
        ExitCode.USAGE,
        "jixiao：已存在且与模型不一致；没有改动它。\n    路径：data/report.schema.json\n"
        "    提示：加 --force 重新生成（会替换该文件）。",
        unchanged=(("data/report.schema.json", "{}"),),
    ),
    Case(
        "diff-no-data-folder",
        nothing,
        ["diff"],
        ExitCode.USAGE,
        "jixiao：找不到数据文件夹。\n    路径：data\n" + NO_DATA_FOLDER,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_command_error_gives_its_golden_message(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    scratch = tmp_path / "tmp"  # the system's temporary folder, to see nothing is left there
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(work)
    case.setup(work, monkeypatch)
    before = sorted(p.relative_to(work).as_posix() for p in work.rglob("*"))
    code = main(case.argv)
    monkeypatch.undo()  # the real file system again, to look at what was left
    err = capsys.readouterr().err
    assert (code, err) == (case.code, case.stderr + "\n")
    assert "Traceback" not in err
    for path in case.absent:
        assert not (work / path).exists(), path
    for path, text in case.unchanged:
        assert (work / path).read_text(encoding="utf-8") == text
    after = sorted(p.relative_to(work).as_posix() for p in work.rglob("*"))
    if code != ExitCode.OK:  # a failed command leaves the folder as it found it
        assert after == before

    # (multiprocessing keeps its own folder, pymp-*, for the life of the process, inside
    # jixiao's jixiao-charts-<pid>-* that a later run removes if this one is killed)
    def lasting(p: Path) -> bool:
        if p.name.startswith("pymp-"):
            return True
        inside = list(p.iterdir()) if p.is_dir() else []
        return p.name.startswith("jixiao-charts-") and all(
            q.name.startswith("pymp-") for q in inside
        )

    assert [p.name for p in scratch.iterdir() if not lasting(p)] == []


def test_every_exit_code_is_covered() -> None:
    assert {c.code for c in CASES} == {ExitCode.DATA, ExitCode.USAGE, ExitCode.INTERRUPTED}


# Help in Chinese ----------------------------------------------------------------------

ARGPARSE_ENGLISH = [
    "usage:",
    "positional arguments",
    "options",
    "show this help",
    "required",
    "invalid choice",
    "unrecognized",
    "error:",
    "argument",
]


@pytest.mark.parametrize(
    "command", ["", "check", "render", "diff", "new", "init", "schema", "bundle"]
)
def test_help_is_chinese(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command.split(), "--help"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith(f"用法：jixiao {command}".rstrip() + " ")
    assert "\n选项：\n" in out and "显示本说明并退出" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out.lower()], out


def test_top_level_help_lists_every_command_and_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == ExitCode.OK
    out = capsys.readouterr().out
    for command in jixiao.cli.COMMANDS:
        assert f"    {command} " in out
    assert "0 正常，1 数据有问题，2 用法、配置或文件有误，130 已中断" in out


def test_argparse_elsewhere_in_the_process_keeps_its_english() -> None:
    import argparse

    main(["--help"])
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


# Real signals ----------------------------------------------------------------------------


def _bundle_setting(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """A bundle's system temporary folder, target, configuration and environment."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    (tmp_path / "config").mkdir()
    config = config_for(tmp_path / "config", ROOT / "data")
    return scratch, tmp_path / "site.zip", config, {**os.environ, "TMPDIR": str(scratch)}


def _bundle_under_way(
    out: Path, config: Path, env: dict[str, str], scratch: Path
) -> subprocess.Popen[str]:
    """A bundle started in its own process, returned once building has begun (the offline
    site's temporary folder has files in it)."""
    command = [sys.executable, "-m", "jixiao.cli", "bundle", str(out), "--config", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(p.is_file() for p in scratch.glob("jixiao-bundle-*/**/*")):
        if process.poll() is not None or time.monotonic() >= deadline:
            process.kill()
        assert process.poll() is None, "the bundle finished before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return process


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_signalled_bundle_leaves_no_zip_and_no_temporary_files(
    signum: int, tmp_path: Path
) -> None:
    """The real thing: the offline build is stopped halfway by a signal.  Its caches start
    empty, or a build handed the stored site could finish before the signal comes."""
    scratch, out, config, env = _bundle_setting(tmp_path)
    process = _bundle_under_way(out, config, env, scratch)
    try:
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert err.endswith(INTERRUPTED_TEXT + "\n"), err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config", "tmp"]
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("jieba")] == []


def test_every_operating_system_error_is_told_in_chinese() -> None:
    for code in errno.errorcode:
        reason, hint = os_reason(OSError(code, os.strerror(code)))
        assert re.search(r"[\u4e00-\u9fff]", reason) and re.search(r"[\u4e00-\u9fff]", hint)
        assert os.strerror(code) not in reason + hint
    assert os_reason(OSError(errno.EBUSY, "busy"))[0] == "操作系统报告错误（EBUSY）"


# Ctrl-C before the command runs, and what a kill -9 leaves ------------------------------

_INTERRUPT_ON_IMPORT = """
import builtins, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name == "jixiao.build":  # one of the modules jixiao.cli loads
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
from jixiao.launch import main
sys.exit(main(["check"]))
"""


def test_ctrl_c_while_the_modules_load_is_told_in_chinese(tmp_path: Path) -> None:
    """The console script's entry catches a Ctrl-C that comes while jixiao.cli is loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_ON_IMPORT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert done.stderr == INTERRUPTED_TEXT + "\n"


def test_the_console_script_is_the_guarded_entry() -> None:
    assert 'jixiao = "jixiao.launch:main"' in (ROOT / "pyproject.toml").read_text("utf-8")


_WORKER_SIGINT = """
import signal
from concurrent.futures import ProcessPoolExecutor
from jixiao.infra.workers import context, start_server
start_server()
assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
with ProcessPoolExecutor(1, mp_context=context()) as pool:
    print(pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN)
"""


def test_chart_workers_leave_ctrl_c_to_the_build(tmp_path: Path) -> None:
    """The chart server and its workers ignore SIGINT (the terminal sends it to all of
    them): the build stops them and prints the one message, no worker a traceback."""
    done = subprocess.run(
        [sys.executable, "-c", _WORKER_SIGINT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def _dead_pid() -> int:
    ended = subprocess.run([sys.executable, "-c", "pass"], check=True)
    del ended
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_write_removes_the_temporary_file_a_killed_write_left(tmp_path: Path) -> None:
    target = tmp_path / "site.zip"
    stale = tmp_path / f".site.zip.{_dead_pid()}-abc123.tmp"
    stale.write_bytes(b"half a zip")
    running = tmp_path / f".site.zip.{os.getppid()}-def456.tmp"  # a live process's: kept
    running.write_bytes(b"being written")
    other = tmp_path / ".other.zip.1-x.tmp"  # another target's, being written: kept
    other.write_bytes(b"being written too")
    killed = tmp_path / f".other.zip.{_dead_pid()}-ghi789.tmp"  # another's, left: removed
    killed.write_bytes(b"half of another")
    jixiao.infra.safe_write.write_files({target: b"zip"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, running.name, other.name]
    )


def test_a_bundle_killed_hard_leaves_nothing_the_next_run_does_not_remove(
    tmp_path: Path,
) -> None:
    """kill -9 cannot be caught: the temporary site stays, named with the dead process's
    id, and the next bundle (even one refused at once) removes it."""
    scratch, out, config, env = _bundle_setting(tmp_path)
    process = _bundle_under_way(out, config, env, scratch)
    try:
        process.kill()
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert [p.name for p in scratch.glob("jixiao-bundle-*")], "nothing left to clean"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    rerun = [sys.executable, "-m", "jixiao.cli", "bundle", str(folder), "--config", str(config)]
    again = subprocess.run(rerun, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == ExitCode.USAGE, again.stderr
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("jieba")] == []
    assert not out.exists() and not list(tmp_path.glob(".site.zip.*"))


def test_search_records_an_ended_run_left_in_memory_go_with_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search's records and index are written in memory (/dev/shm) where there is room;
    a `mkdocs serve` stopped while it indexed, or a killed build, leaves its folder there,
    named with its process id: the next run removes it (and keeps a live run's)."""
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(jixiao.infra.leftovers, "IN_MEMORY", memory)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    stale = memory / f"{SEARCH_PREFIX}{_dead_pid()}-abc"
    (stale / "records").mkdir(parents=True)
    (stale / "records" / "000001.html").write_text("<p>一节</p>", encoding="utf-8")
    running = memory / f"{SEARCH_PREFIX}{os.getppid()}-def"
    running.mkdir()
    also = tmp_path / "tmp" / f"{SEARCH_PREFIX}{_dead_pid()}-ghi"
    also.mkdir()
    jixiao.infra.leftovers.remove_stale_temporaries()
    assert [p.name for p in memory.iterdir()] == [running.name]
    assert not also.exists()
