"""A synthetic county portal of three departments for the tests, made from our own
``data/2021.yaml`` by changing names and figures as text (so every check still holds):

- ``renshe`` (政府工作部门): 2021 as shipped, and a 2020 made from it;
- ``minzheng`` (政府工作部门): another name; its self-score and grade not stated;
- ``jiaoyu`` (县直单位): another name; 三公 spent beyond its control figure, self-score 88分 良好.

``python -m tests.make_portal_fixture 文件夹`` writes it (``data/`` and ``mkdocs.yml``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "2021.yaml"
COUNTY = "虚构侗族自治县"
NAMES = {
    "renshe": ("新晃侗族自治县人力资源和社会保障局", "县人社局"),
    "minzheng": ("虚构县民政局", "县民政局"),
    "jiaoyu": ("虚构县教育局", "县教育局"),
}
PORTAL_YAML = f"""\
# 门户：{COUNTY}（测试用的虚构数据）
county: {COUNTY}
groups:
  - name: 政府工作部门
    departments: [renshe, minzheng]
  - name: 县直单位
    departments: [jiaoyu]
"""

MKDOCS_YML = """\
site_name: 虚构侗族自治县部门整体支出绩效自评报告
docs_dir: content
strict: true
theme:
  name: material
  language: zh
  font: false
plugins:
  - jixiao:
      data_dir: data
      cache_dir: .cache
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: false
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
extra:
  generator: false
"""


def _renamed(text: str, department: str) -> str:
    name, short = NAMES[department]
    text = text.replace("新晃侗族自治县人力资源和社会保障局", name)
    return text.replace("short_name: 县人社局", f"short_name: {short}")


def _replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old  # the seed changed: this fixture must follow it
    return text.replace(old, new, 1)


def year_files() -> dict[str, str]:
    """Each year file of the portal by its path under ``data/``."""
    seed = SEED.read_text(encoding="utf-8")
    earlier = _replace_once(seed, "year: 2021", "year: 2020")
    earlier = _replace_once(earlier, "date: 2022-05-20", "date: 2021-05-20")
    earlier = _replace_once(earlier, "printed_date: 2022年5月20日", "printed_date: 2021年5月20日")
    minzheng = _replace_once(_renamed(seed, "minzheng"), "    score: 97分\n", "")
    minzheng = _replace_once(minzheng, "    grade: 优秀\n", "")
    jiaoyu = _renamed(seed, "jiaoyu")
    for old, new in [
        (
            "实际支出数为4.5万元，实际支出数占全年控制数45%",
            "实际支出数为12万元，实际支出数占全年控制数120%",
        ),
        ("actual: 4.5万元", "actual: 12万元"),
        ("rate: 45%", "rate: 120%"),
        ("自评得分97分，财政支出绩效为“优秀”", "自评得分88分，财政支出绩效为“良好”"),
        ("score: 97分", "score: 88分"),
        ("grade: 优秀", "grade: 良好"),
    ]:
        jiaoyu = _replace_once(jiaoyu, old, new)
    return {
        "renshe/2020.yaml": earlier,
        "renshe/2021.yaml": seed,
        "minzheng/2021.yaml": minzheng,
        "jiaoyu/2021.yaml": jiaoyu,
    }


def write_portal(folder: Path) -> Path:
    """Write the portal site (mkdocs.yml, content/, data/) into folder; its data folder."""
    data = folder / "data"
    for path, text in {"portal.yaml": PORTAL_YAML, **year_files()}.items():
        target = data / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return data


if __name__ == "__main__":
    write_portal(Path(sys.argv[1]))


def build_strict(folder: Path) -> None:
    """``mkdocs build --strict`` in the portal's folder, as staff build it (its site in
    ``site/``); the build's own errors if it fails."""
    from tests.test_init import mkdocs_build  # (this file also runs as a script)

    done = mkdocs_build(folder)
    assert done.returncode == 0, done.stderr
