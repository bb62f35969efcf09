"""A shard of a county portal's built site, as one CI job leaves it for the merge.

``jixiao shard 输出文件夹 --departments a,b`` runs ``mkdocs build`` with the jixiao plugin told
(``extra.jixiao_shard``) to generate only these departments' pages.  Every department is still
loaded and checked, so the county's pages (home, comparisons, about, search), the theme and the
navigation written into every page are the whole portal's, byte for byte, in every shard; the
merge keeps one copy (``shard_merge``).  Beside the built site (``site/``) the shard leaves
``shard.json``, so the merge need not read its HTML again:

- the search records of its report pages (each section, as ``search_index`` gives Pagefind),
  and the whole portal's searched pages and their filters (to find a missing shard);
- the post-build audits' findings for each of its files (``host_audit``'s by content hash,
  ``personal_audit``'s clean files), made with every department's ``not_personal`` numbers;
- its ``sitemap.xml`` entries, each with the department whose page it names (MkDocs writes the
  county's pages, then each department's in the portal's order, then the search page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.infra.errors import StaffError
from jixiao.postbuild.search_sections import SearchedPage, Section

# The key in mkdocs.yml's ``extra`` that makes a build a shard (``jixiao shard`` sets it).
SHARD = "jixiao_shard"
MANIFEST, SITE = "shard.json", "site"
FORMAT = 1
SITEMAP = "sitemap.xml"
# One <url> entry of MkDocs' sitemap.xml, with the whitespace before it.
_ENTRY = re.compile(r"\s*<url>.*?</url>", re.DOTALL)


@dataclass(frozen=True)
class ShardTarget:
    """What a shard build is told: its departments and where its manifest goes."""

    departments: tuple[str, ...]
    manifest: Path


def shard_target(extra: Mapping[str, object]) -> ShardTarget | None:
    """The shard a build is to make (``extra.jixiao_shard``), or None for a whole build."""
    value = extra.get(SHARD)
    if value is None:
        return None
    if isinstance(value, dict):
        departments, manifest = value.get("departments"), value.get("manifest")
        if (
            isinstance(departments, list)
            and departments
            and all(isinstance(d, str) for d in departments)
            and isinstance(manifest, str)
        ):
            return ShardTarget(tuple(departments), Path(manifest))
    raise StaffError(
        f"mkdocs.yml 中 extra.{SHARD} 的写法不对。",
        hint="它由 jixiao shard 设置：{departments: [编号, …], manifest: 文件}；"
        "请用 jixiao shard 构建分片，不要手写这一项。",
    )


@dataclass
class Manifest:
    """What a shard tells the merge (see the module)."""

    departments: list[str]  # this shard's
    portal: list[str]  # every department of the portal, in its order
    filters: dict[str, dict[str, str]]  # the whole portal's searched pages by URL
    not_personal: list[str]
    records: list[SearchedPage]  # this shard's report pages, by URL
    hosts: object  # host_audit.findings_json of its files
    clean: list[str]  # personal_audit's keys of its clean files
    sitemap: list[tuple[str, str]]  # (department or "", the entry's text), in order

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "departments": self.departments,
            "portal": self.portal,
            "filters": self.filters,
            "not_personal": self.not_personal,
            "records": [_page_json(page) for page in self.records],
            "hosts": self.hosts,
            "clean": self.clean,
            "sitemap": [list(entry) for entry in self.sitemap],
        }


def _page_json(page: SearchedPage) -> dict[str, object]:
    sections = [[s.anchor, s.title, s.text] for s in page.sections]
    return {
        "url": page.url,
        "title": page.title,
        "filters": dict(page.filters),
        "sections": sections,
    }


def write_manifest(path: Path, manifest: Manifest) -> None:
    text = json.dumps(manifest.to_json(), ensure_ascii=False, sort_keys=True, indent=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def read_manifest(path: Path) -> Manifest:
    """A shard's manifest; a StaffError naming the file if it is missing or not one."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ValueError("format")
        return Manifest(
            departments=[str(d) for d in value["departments"]],
            portal=[str(d) for d in value["portal"]],
            filters={
                str(u): {str(k): str(v) for k, v in f.items()} for u, f in value["filters"].items()
            },
            not_personal=[str(n) for n in value["not_personal"]],
            records=[_page(item) for item in value["records"]],
            hosts=value["hosts"],
            clean=[str(k) for k in value["clean"]],
            sitemap=[(str(d), str(text)) for d, text in value["sitemap"]],
        )
    except FileNotFoundError:
        raise StaffError(
            "分片文件夹中没有 shard.json，它不是 jixiao shard 构建的分片，或构建没有完成。",
            path=path.parent,
            hint="用 jixiao shard 输出文件夹 --departments 编号,编号 构建分片，构建成功后再合并。",
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise StaffError(
            f"分片的 shard.json 读不出来或格式不对（{type(error).__name__}）。",
            path=path,
            hint="重新用同一版本的 jixiao shard 构建这个分片。",
        ) from None


def _strings(value: dict[object, object]) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}


def _page(item: dict[str, object]) -> SearchedPage:
    sections = item["sections"]
    filters = item["filters"]
    if not isinstance(sections, list) or not isinstance(filters, dict):
        raise ValueError("record")
    return SearchedPage(
        str(item["url"]),
        str(item["title"]),
        {str(k): str(v) for k, v in filters.items()},
        tuple(Section(str(a), str(t), str(x)) for a, t, x in sections),
    )


def sitemap_parts(text: str) -> tuple[str, list[str], str]:
    """MkDocs' sitemap.xml as its head, each <url> entry (with the whitespace before it) and
    its tail: joined again, the same text."""
    entries = [match.group(0) for match in _ENTRY.finditer(text)]
    if not entries:
        end = text.find("</urlset>")
        return (text[:end], [], text[end:]) if end >= 0 else (text, [], "")
    first = text.find(entries[0])
    last = text.rfind(entries[-1]) + len(entries[-1])
    return text[:first], entries, text[last:]


def sitemap_entries(
    site_dir: Path, pages: Sequence[str], departments: Sequence[str]
) -> list[tuple[str, str]]:
    """A built shard's sitemap entries, each with the department whose page it names: MkDocs
    writes one entry per page (``pages``, its documentation pages in order) when the site has
    a ``site_url``, none without."""
    path = site_dir / SITEMAP
    if not path.is_file():
        return []
    _, entries, _ = sitemap_parts(path.read_text(encoding="utf-8"))
    if not entries:
        return []
    if len(entries) != len(pages):
        raise StaffError(
            f"{SITEMAP} 有 {len(entries)} 条，而网站有 {len(pages)} 页，"
            "分片无法记下各条属于哪个部门。",
            path=path,
            hint="请检查是否有其他插件或主题改写了 sitemap.xml。",
        )
    owners = set(departments)
    return [
        (page.split("/", 1)[0] if "/" in page and page.split("/", 1)[0] in owners else "", text)
        for page, text in zip(pages, entries, strict=True)
    ]


def merged_sitemap(head: str, tail: str, shards: Sequence[Manifest], order: Sequence[str]) -> str:
    """The whole portal's sitemap.xml: the county's entries (the same in every shard) with
    each department's entries in the portal's order where the departments' begin."""
    first = shards[0].sitemap
    county = [text for department, text in first if not department]
    at = next((i for i, (d, _) in enumerate(first) if d), len(first))
    blocks: dict[str, list[str]] = {}
    for shard in shards:
        for department, text in shard.sitemap:
            if department:
                blocks.setdefault(department, []).append(text)
    middle = [text for department in order for text in blocks.get(department, [])]
    return head + "".join(county[:at] + middle + county[at:]) + tail
