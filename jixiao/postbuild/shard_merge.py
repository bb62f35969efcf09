"""``jixiao merge 输出文件夹 分片…``: the shards of a county portal (``shards``) made one site,
the same bytes as one ``mkdocs build`` of the whole portal.

The merge checks the shards before writing anything: they come from the same portal and
data (the same departments, searched pages and ``not_personal`` numbers), every department
is in exactly one shard and every searched page has its search records, and a file that two
shards hold (the county's pages, the theme) has the same bytes in both.  It then copies the
union into a new folder, joins the sitemaps (``sitemap.xml`` and its gzip, as MkDocs writes
them), indexes every shard's records with Pagefind in one run (as ``search_index`` does, in the
same order, made canonical), and runs the published build's post-build audits on the merged
site: personal data and references to other hosts.  The audits take each shard's findings for
the files it built (by content hash, as the build cache keeps them), so only the new files
(the index, the sitemap) are parsed.  The folder is put in place only when all of it passed.
"""

from __future__ import annotations

import gzip
import shutil
import struct
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.infra.errors import ExitCode, StaffError
from jixiao.postbuild.host_audit import Findings, HostReference, audit_site, findings_from_json
from jixiao.postbuild.personal_audit import PersonalLeak, audit_personal
from jixiao.postbuild.search_index import OUTPUT, SearchIndexError, write_index
from jixiao.postbuild.search_sections import SearchedPage
from jixiao.postbuild.shards import (
    MANIFEST,
    SITE,
    SITEMAP,
    Manifest,
    merged_sitemap,
    read_manifest,
    sitemap_parts,
)

# Written by the merge itself, from every shard's part.
_MERGED = frozenset({SITEMAP, f"{SITEMAP}.gz"})


@dataclass(frozen=True)
class Shard:
    folder: Path
    manifest: Manifest

    @property
    def site(self) -> Path:
        return self.folder / SITE


@dataclass(frozen=True)
class Merged:
    """What a merge made: files, departments, search records and the audits' findings."""

    files: int
    departments: int
    records: int
    leaks: list[PersonalLeak]
    references: list[HostReference]


def read_shards(folders: Sequence[Path]) -> list[Shard]:
    """Each shard with its manifest, checked to be one portal's, every department once."""
    shards = []
    for folder in folders:
        if not (folder / SITE).is_dir():
            raise StaffError(
                f"分片文件夹中没有 {SITE}/（构建出的网站）。",
                path=folder,
                hint="合并的参数是 jixiao shard 的输出文件夹。",
            )
        shards.append(Shard(folder, read_manifest(folder / MANIFEST)))
    if not shards:
        raise StaffError(
            "没有给出要合并的分片。", hint="写法：jixiao merge 输出文件夹 分片1 分片2 …"
        )
    first = shards[0]
    for shard in shards[1:]:
        for what, mine, theirs in (
            ("部门", shard.manifest.portal, first.manifest.portal),
            ("搜索的页面", shard.manifest.filters, first.manifest.filters),
            ("not_personal 号码", shard.manifest.not_personal, first.manifest.not_personal),
        ):
            if mine != theirs:
                raise StaffError(
                    f"分片 {shard.folder} 与 {first.folder} 门户的{what}不同：它们不是由同一版本的"
                    "数据构建的。",
                    hint="各分片须由同一次提交的数据和同一版本的 jixiao 构建。",
                )
    _each_department_once(shards)
    return shards


def _each_department_once(shards: list[Shard]) -> None:
    holder: dict[str, Path] = {}
    for shard in shards:
        for department in shard.manifest.departments:
            if department in holder:
                raise StaffError(
                    f"部门 {department} 同时在分片 {holder[department]} 和 {shard.folder} 中。",
                    hint="每个部门只放进一个分片。",
                )
            holder[department] = shard.folder
    missing = [d for d in shards[0].manifest.portal if d not in holder]
    if missing:
        raise StaffError(
            f"缺少这些部门的分片：{'、'.join(missing)}；没有合并。",
            hint="门户的每个部门都须在某个分片中（jixiao shard --departments）；"
            "某个 CI 作业失败或其产物没有下载时，先重新运行它。",
        )


def search_records(shards: list[Shard]) -> list[SearchedPage]:
    """Every searched page's records, in URL order (as the one-build index reads them)."""
    records: dict[str, SearchedPage] = {}
    for shard in shards:
        for page in shard.manifest.records:
            records[page.url] = page
    filters = shards[0].manifest.filters
    missing = [url for url in sorted(filters) if url not in records]
    if missing:
        raise StaffError(
            f"{len(missing)} 个报告页面没有搜索记录（先是 {missing[0]}），搜索索引会缺少它们；"
            "没有合并。",
            hint="它所在分片的 shard.json 不完整：重新构建这个分片。",
        )
    return [records[url] for url in sorted(filters)]


def plan_files(shards: list[Shard]) -> dict[str, Path]:
    """Each file of the merged site and where to copy it from; a StaffError naming a file two
    shards hold with different bytes."""
    files: dict[str, Path] = {}
    holder: dict[str, Path] = {}
    for shard in shards:
        for path in sorted(shard.site.rglob("*")):
            rel = path.relative_to(shard.site).as_posix()
            if not path.is_file() or rel in _MERGED or rel.split("/", 1)[0] == OUTPUT:
                continue
            held = files.get(rel)
            if held is None:
                files[rel], holder[rel] = path, shard.folder
            elif held.read_bytes() != path.read_bytes():
                raise StaffError(
                    f"文件 {rel} 在两个分片中内容不同（{holder[rel]} 和 "
                    f"{shard.folder}），不能合并。",
                    hint="各分片须由同一次提交的数据、同一份 mkdocs.yml 和同一版本的 jixiao 构建；"
                    "重新构建内容不同的分片。",
                )
    return files


def merge_shards(out: Path, folders: Sequence[Path], *, force: bool = False) -> Merged:
    """Merge the shards into ``out`` (a new folder; an existing one only with ``force``)."""
    if out.exists() and not (force and out.is_dir()):
        raise StaffError(
            "输出文件夹已存在；没有合并。" if out.is_dir() else "输出位置上是一个文件；没有合并。",
            path=out,
            hint="换一个新的文件夹，或加 --force 替换这个文件夹。",
        )
    shards = read_shards(folders)
    pages = search_records(shards)
    files = plan_files(shards)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".jixiao-merge-", dir=out.parent))
    try:
        merged = _write(work, shards, files, pages)
        if not (merged.leaks or merged.references):
            if out.exists():
                shutil.rmtree(out)
            work.rename(out)
        return merged
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write(
    site: Path, shards: list[Shard], files: dict[str, Path], pages: list[SearchedPage]
) -> Merged:
    for rel, source in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    _write_sitemap(site, shards)
    try:
        records = write_index(pages, site / OUTPUT)
    except SearchIndexError as error:
        raise StaffError(str(error), code=ExitCode.DATA) from None
    known: dict[bytes, Findings] = {}
    clean: set[str] = set()
    for shard in shards:
        known.update(findings_from_json(shard.manifest.hosts))
        clean.update(shard.manifest.clean)
    leaks = audit_personal(site, shards[0].manifest.not_personal, clean)
    references = audit_site(site, known)
    return Merged(len(files), len(shards[0].manifest.portal), records, leaks, references)


def _write_sitemap(site: Path, shards: list[Shard]) -> None:
    """sitemap.xml and sitemap.xml.gz as MkDocs writes them for the whole portal: the county's
    entries and each department's in order; the gzip dated as the latest shard's."""
    found = [s.site / SITEMAP for s in shards if (s.site / SITEMAP).is_file()]
    if not found:
        return
    head, _, tail = sitemap_parts(found[0].read_text(encoding="utf-8"))
    text = merged_sitemap(head, tail, [s.manifest for s in shards], shards[0].manifest.portal)
    (site / SITEMAP).write_bytes(text.encode("utf-8"))
    stamps = [
        struct.unpack("<I", (s.site / f"{SITEMAP}.gz").read_bytes()[4:8])[0]
        for s in shards
        if (s.site / f"{SITEMAP}.gz").is_file()
    ]
    zipped = site / f"{SITEMAP}.gz"
    with (
        zipped.open("wb") as handle,
        gzip.GzipFile(
            fileobj=handle, filename=str(zipped), mode="wb", mtime=max(stamps, default=0)
        ) as packed,
    ):
        packed.write(text.encode("utf-8"))
