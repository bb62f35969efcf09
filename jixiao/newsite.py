"""``jixiao init``: a new site folder for another department, ready for its first year.

The folder gets what this repository has, set up for the installed plugin
rather than this repository's hook file: ``mkdocs.yml`` (Material in Chinese
without its English footer line, no web fonts, the same theme features, Markdown
extensions and link checks, ``plugins: [jixiao]``), ``data/`` with the
editors' schema and a blank draft of the first year, an empty ``content/``
(the plugin generates the about page while there is no ``content/about.md``)
and a ``.gitignore`` for the build output and the build cache.  Every page is
plain Markdown generated from the data, so moving to another engine stays a
matter of configuration: ``jixiao render`` writes the same pages for it.

Nothing is overwritten: a folder that already holds any of these files, or
another site, is refused before anything is written, and the files are written
all at once or not at all (``jixiao.infra.safe_write``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jixiao.infra.errors import StaffError
from jixiao.infra.memo import FOLDER as CACHE_FOLDER
from jixiao.infra.safe_write import write_files
from jixiao.model.loader import YEAR_FILE, data_files, read_year_bytes
from jixiao.model.newyear import new_year, skeleton
from jixiao.opendata.schema import FILE_NAME, MODELINE, render_schema
from jixiao.source.problems import display_path
from jixiao.source.yamlsource import read_bytes

# A department name is printed in the site's title, on every page and in the data file:
# one line of text, without the characters HTML or Markdown would read as markup.
NAME_MAX = 60
MARKUP = set("<>&\"'`\\*_[]{}#|")
DEPARTMENT_HINT = "写单位全称，如 --department 新晃侗族自治县人力资源和社会保障局。"

SITE_NAME_SUFFIX = "部门整体支出绩效自评报告"

# The configuration is text, not a dumped mapping, so that its comments can say why.
# Strings from staff are written as JSON strings (valid YAML double-quoted scalars).
MKDOCS_YML = """\
# 网站配置（由 jixiao init 生成）。网页由 jixiao 插件从 data/ 下的年度数据文件生成，
# 都是普通的 Markdown，不写进 content/；
# 换用其他网站引擎时，用 jixiao render 把同样的页面写到一个文件夹。
site_name: {site_name}
site_description: {site_description}
# 手写的页面（可选）：content/about.md 是“关于本站”，没有时由插件按数据生成一页。
docs_dir: content
# 有警告就不发布：未经核实的检查结果、失效的链接都使 mkdocs build 失败。
strict: true
# 放进门户网站的子文件夹时写上完整地址，“找不到页面”页才能找回网站：
# site_url: https://门户网址/子文件夹/

theme:
  name: material
  # 界面和搜索都用中文。
  language: zh
  # 不用网络字体：网站不向其他网站发任何请求。
  font: false
  features:
    - navigation.top
    - toc.follow

# 不用 Material 的 search 插件：jixiao 插件用 Pagefind 建立搜索（“搜索”页），页面不再载入整站索引。
plugins:
  # 选项的路径相对于本文件：data_dir 数据文件夹，cache_dir 构建缓存（cache: false 不留缓存）。
  - jixiao:
      data_dir: data
      cache_dir: {cache_dir}

markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: false

# mkdocs serve 时，改动数据文件即自动重建。
watch:
  - data

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn

extra:
  # 页脚不显示 Material 主题的英文标语“Made with Material for MkDocs”。
  generator: false
"""

GITIGNORE = f"""\
# mkdocs build 生成的网站，和构建缓存：都能由数据重新生成。
site/
{CACHE_FOLDER}/
"""

# A portal's year files are one folder below the schema: their modeline names it one folder up.
DEPARTMENT_MODELINE = MODELINE.replace(FILE_NAME, f"../{FILE_NAME}")

# git keeps no empty folders, and MkDocs needs its docs folder; MkDocs skips dot files.
CONTENT_KEEP = "content/.gitkeep"


def check_department(
    name: str, option: str = "--department（单位名称）", hint: str = DEPARTMENT_HINT
) -> str:
    """The department name as given, trimmed; a StaffError saying what is wrong with it
    (``option`` names the argument it came from: a county's name is checked the same way)."""
    trimmed = name.strip()
    problem, found = "", ""
    for index, char in enumerate(trimmed, start=1):
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            problem = f"第 {index} 个字是看不见的控制字符或换行"
            found = f"U+{ord(char):04X}"
        elif char in MARKUP:
            problem = f"第 {index} 个字“{char}”会被网页当作格式符号"
            found = trimmed
        if problem:
            break
    if not problem and not trimmed:
        problem, found = "是空的", repr(name) if name else "（空）"
    elif not problem and len(trimmed) > NAME_MAX:
        problem, found = f"太长（{len(trimmed)} 个字）", trimmed[:NAME_MAX] + "……"
    elif not problem and not any(c.isalpha() for c in trimmed):
        problem, found = "没有文字", trimmed
    if problem:
        raise StaffError(
            f"参数 {option}{problem}。",
            expected=f"一行文字，不超过 {NAME_MAX} 个字，不含 {''.join(sorted(MARKUP))} 和控制字符",
            found=found,
            hint=hint,
        )
    return trimmed


def site_files(
    department: str, year: int, short_name: str | None = None, first_year: str | None = None
) -> dict[str, bytes]:
    """The new site's files by their path in the folder; ``first_year`` is the first year's
    data file when it is imported rather than blank."""
    config = MKDOCS_YML.format(
        site_name=json.dumps(department + SITE_NAME_SUFFIX, ensure_ascii=False),
        site_description=json.dumps(
            f"{department}历年{SITE_NAME_SUFFIX}的公开发布", ensure_ascii=False
        ),
        cache_dir=CACHE_FOLDER,
    )
    return {
        "mkdocs.yml": config.encode("utf-8"),
        ".gitignore": GITIGNORE.encode("utf-8"),
        f"data/{FILE_NAME}": render_schema().encode("utf-8"),
        f"data/{year}.yaml": (
            first_year or skeleton(year, department, MODELINE, short_name)
        ).encode("utf-8"),
        CONTENT_KEEP: b"",
    }


def _in_the_way(folder: Path, names: list[str]) -> list[Path]:
    """What in folder a new site would overwrite or be mixed up with: any of its own files,
    another site's configuration, year files of another site."""
    found = [folder / name for name in names if (folder / name).exists()]
    found += [folder / "mkdocs.yaml"] if (folder / "mkdocs.yaml").exists() else []
    data = folder / "data"
    if data.is_dir():
        found += sorted(p for p in data.iterdir() if YEAR_FILE.match(p.name))
    return sorted(set(found))


def create_site(
    folder: Path,
    department: str,
    year: int,
    short_name: str | None = None,
    first_year: str | None = None,
) -> list[Path]:
    """Write a new site into folder (made if missing); the files written."""
    if folder.exists() and not folder.is_dir():
        raise StaffError(
            "这是一个文件，不是文件夹；没有写入任何文件。",
            path=folder,
            hint="jixiao init 的参数是新网站的文件夹（不存在时会新建）。",
        )
    return _write_new(folder, site_files(department, year, short_name, first_year))


def _write_new(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write a new site's files into folder, all or none; refuse if any is there already."""
    in_the_way = _in_the_way(folder, list(files)) if folder.is_dir() else []
    if in_the_way:
        names = "、".join(display_path(p) for p in in_the_way[:5])
        more = f" 等 {len(in_the_way)} 个" if len(in_the_way) > 5 else ""
        raise StaffError(
            f"文件夹中已有 {names}{more}，不会覆盖；没有写入任何文件。",
            path=folder,
            hint="换一个空文件夹或新的文件夹名；文件夹中原有的其他文件不会被改动，"
            "但不能与已有的网站或上面这些文件同在。",
        )
    return write_files({folder / name: content for name, content in files.items()})


def next_steps(folder: Path, year: int, imported: bool = False) -> str:
    """What staff do next, in Chinese; for an imported first year, checking it."""
    where = display_path(folder)
    data = f"data/{year}.yaml"
    go = [] if where == "." else [f"  cd {where}"]
    return "\n".join(
        [
            f"已建立新网站：{where}",
            "下一步：",
            *go,
            f"  1. 对照原报告逐节核对导入的 {data}（各节旁的注释说明要核对什么）；"
            if imported
            else f"  1. 照 {year} 年度的原报告填写 {data}（每个字段上方的注释说明填什么）；",
            "  2. jixiao check：列出尚未填写和有问题的地方，改到没有问题为止；",
            "  3. mkdocs serve：在 http://127.0.0.1:8000/ 预览，草稿页标有“草稿”；",
            f"  4. 删去 {data} 中的 draft: true 一行，再运行 mkdocs build，生成的网站在 site/ 中。",
            "可选：在 content/about.md 写“关于本站”页（没有时由数据生成一页）；"
            "用 git 管理这个文件夹，每次修改都有记录。",
            "下一年：jixiao new 年份，从最近一年的数据文件开始。",
        ]
    )


@dataclass(frozen=True)
class SiteDepartment:
    name: str
    short_name: str | None = None


def _year_data(path: Path) -> dict[str, object] | None:
    raw = read_year_bytes(path)
    doc = read_bytes(raw) if isinstance(raw, bytes) else None
    if doc is None or doc.issues or not isinstance(doc.value, dict):
        return None
    return doc.value


def site_department(data_dir: Path, config: Path) -> SiteDepartment | None:
    """The department a site is for: the ``department`` of its year files (the latest that
    names one), else the name ``jixiao init`` put in the site's title; None outside a site."""
    for path in reversed(data_files(data_dir) if data_dir.is_dir() else []):
        data = _year_data(path)
        department = data.get("department") if data else None
        if isinstance(department, dict) and isinstance(department.get("name"), str):
            short = department.get("short_name")
            if department["name"].strip():
                name = department["name"].strip()
                return SiteDepartment(name, short if isinstance(short, str) else None)
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    found = re.search(r"^site_name:\s*(.+?)\s*$", text, re.MULTILINE)
    if not found:
        return None
    title = found[1]
    if title.startswith('"'):
        try:
            title = json.loads(title)
        except json.JSONDecodeError:
            return None
    if title.endswith(SITE_NAME_SUFFIX) and len(title) > len(SITE_NAME_SUFFIX):
        return SiteDepartment(title.removesuffix(SITE_NAME_SUFFIX))
    return None


def is_blank_draft(path: Path) -> bool:
    """Whether a year file is still, byte for byte, the blank draft ``jixiao init`` or
    ``jixiao new`` wrote (nothing staff wrote in it); an import may then replace it."""
    raw = read_year_bytes(path)
    data = _year_data(path)
    if not isinstance(raw, bytes) or data is None or data.get("draft") is not True:
        return False
    text = raw.decode("utf-8-sig")
    year = str(data.get("year"))  # the data reader reads numbers as Decimals
    department = data.get("department")
    if not year.isdigit() or not isinstance(department, dict):
        return False
    name, short = department.get("name"), department.get("short_name")
    if not isinstance(name, str) or not (short is None or isinstance(short, str)):
        return False
    schemas = (MODELINE, DEPARTMENT_MODELINE, None)
    blanks = [skeleton(int(year), name, schema, short) for schema in schemas]
    earlier = [p for p in data_files(path.parent) if p.stem < path.stem]
    previous = _year_data(earlier[-1]) if earlier else None
    if previous is not None:
        first = read_year_bytes(earlier[-1])
        line = first.decode("utf-8-sig").split("\n", 1)[0] if isinstance(first, bytes) else ""
        schema = line if line.startswith("# yaml-language-server:") else None
        blanks.append(new_year(previous, earlier[-1].name, int(year), schema))
    return text in blanks


# A county portal (``jixiao init 文件夹 --portal 县名``): the same configuration, a portal
# file with no department yet, and no year file (each department gets its own folder).
PORTAL_YAML = """\
# 县级门户（由 jixiao init --portal 生成）：县名和各部门的分组，按县里的顺序。
# 每个部门一个文件夹 data/部门编号/，其中每年一个数据文件（如 data/renshe/2021.yaml），
# 与单个部门的网站一样填写和检查。部门编号用小写英文字母、数字和连字符，
# 也是这个部门各页网址的第一段（如 renshe/2021/）。
# 加一个部门：jixiao new 年份 --department 部门编号 --name 单位全称 --group 分组名称
# 它新建部门文件夹和第一年的空白草稿，并把部门编号写进下面的分组。
county: {county}
groups: []
# 写好后如：
# groups:
#   - name: 县委部门
#     departments: [xwbgs, zzb]
#   - name: 政府工作部门
#     departments: [renshe, minzheng]
"""

PORTAL_HINT = "写县（区、市）的全称，如 --portal 新晃侗族自治县。"


def portal_files(county: str) -> dict[str, bytes]:
    """A new county portal's files by their path in the folder."""
    config = MKDOCS_YML.format(
        site_name=json.dumps(county + SITE_NAME_SUFFIX, ensure_ascii=False),
        site_description=json.dumps(
            f"{county}各部门历年{SITE_NAME_SUFFIX}的公开发布", ensure_ascii=False
        ),
        cache_dir=CACHE_FOLDER,
    )
    portal = PORTAL_YAML.format(county=json.dumps(county, ensure_ascii=False))
    return {
        "mkdocs.yml": config.encode("utf-8"),
        ".gitignore": GITIGNORE.encode("utf-8"),
        "data/portal.yaml": portal.encode("utf-8"),
        f"data/{FILE_NAME}": render_schema().encode("utf-8"),
        CONTENT_KEEP: b"",
    }


def create_portal(folder: Path, county: str) -> list[Path]:
    """Write a new county portal into folder (made if missing); the files written.  Refused,
    with nothing written, where it would overwrite or join another site."""
    if folder.exists() and not folder.is_dir():
        raise StaffError(
            "这是一个文件，不是文件夹；没有写入任何文件。",
            path=folder,
            hint="jixiao init 的参数是新网站的文件夹（不存在时会新建）。",
        )
    return _write_new(folder, portal_files(county))


def portal_next_steps(folder: Path, year: int) -> str:
    """What staff do next with a new portal, in Chinese."""
    where = display_path(folder)
    go = [] if where == "." else [f"  cd {where}"]
    return "\n".join(
        [
            f"已建立县级门户：{where}",
            "下一步：",
            *go,
            f"  1. 每个部门：jixiao new {year} --department 部门编号 --name 单位全称 "
            "--group 分组名称"
            f"（新建 data/部门编号/{year}.yaml 空白草稿，并列进 data/portal.yaml 的分组）；",
            "     已有报告的，再用 jixiao import 原文 --year 年份 "
            "--out data/部门编号/年份.yaml 导入；",
            "  2. jixiao check：一次列出全部部门的问题，改到没有问题为止；",
            "  3. mkdocs serve：在 http://127.0.0.1:8000/ 预览；",
            "  4. 删去各年度文件中的 draft: true 一行，再运行 mkdocs build，"
            "生成的网站在 site/ 中。",
        ]
    )
