"""The build cache never changes a byte of the site: after any sequence of edits (a sentence, a
figure, a unit declaration, grade bands, a mkdocs.yml setting, a hand-written page, a commit, a
changed library version), a build with the cache warm from the builds before is byte for byte
the build of the same folder from an empty cache.  A few examples only: each step is two
MkDocs builds."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jixiao.infra import fingerprint
from tests.conftest import ROOT, build_site, config_for
from tests.gitrepo import DATA, commit_data, git, new_repo
from tests.synthetic import FULL_TEXT

SENTENCE = "我局内设办公室、测试股、核对股3个股室。"
FIGURE = "招待费, control: 6万元, actual: 3.6万元"


class Site:
    """A data repository, its hand-written pages and settings, built with one kept cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = new_repo(root / "repo")
        commit_data(self.repo, FULL_TEXT, "录入", "2024-01-01T10:00:00+08:00")
        self.content = root / "content"
        shutil.copytree(ROOT / "content", self.content)
        self.settings: dict[str, object] = {}
        self.builds = 0

    def text(self) -> str:
        return (self.repo / DATA).read_text(encoding="utf-8")

    def write(self, text: str) -> None:
        (self.repo / DATA).write_text(text, encoding="utf-8")

    def built(self, cache: Path) -> dict[str, bytes]:
        self.builds += 1
        folder = self.root / f"build-{self.builds}"
        folder.mkdir()
        config = config_for(
            folder,
            self.repo / "data",
            None,
            cache_dir=cache,
            docs_dir=str(self.content),
            strict=False,  # an edited figure may be a finding
            **self.settings,
        )
        build_site(config, folder / "site")
        site = folder / "site"
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }


def sentence(site: Site, n: int) -> None:
    site.write(site.text().replace(SENTENCE, f"我局内设{n + 2}个股室。"))


def figure(site: Site, n: int) -> None:
    site.write(site.text().replace(FIGURE, f"招待费, control: 6万元, actual: 3.{n}万元"))


def unit(site: Site, n: int) -> None:
    declared = f"units:\n  - {{name: 标准箱{n}, family: 标准箱{n}, note: 原文用于统计货运}}\n"
    site.write(site.text().replace("year: 2030\n", "year: 2030\n" + declared, 1))


def bands(site: Site, n: int) -> None:
    floors = [(95 - n, "优"), (80, "良"), (60, "中"), (0, "差")]
    listed = "".join(f"  - {{floor: {floor}, grade: {grade}}}\n" for floor, grade in floors)
    site.write(site.text().rstrip("\n") + "\ngrade_bands:\n" + listed)


def setting(site: Site, n: int) -> None:
    site.settings["site_name"] = f"测试网站{n}"


def page(site: Site, n: int) -> None:
    about = site.content / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n补充说明第{n}条。\n", "utf-8")


def commit(site: Site, n: int) -> None:
    git(site.repo, "add", "-A")
    git(site.repo, "commit", "-q", "--allow-empty", "-m", f"第{n}次修改")


EDITS: list[Callable[[Site, int], None]] = [sentence, figure, unit, bands, setting, page, commit]


@pytest.fixture
def library_version(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Stamp a different version on a library the build runs on (as an upgrade would)."""
    real = fingerprint.distribution_versions

    def stamp(n: int) -> None:
        fingerprint.code_fingerprint.cache_clear()
        monkeypatch.setattr(
            fingerprint,
            "distribution_versions",
            lambda: [f"{line}.{n}" if line.startswith("jinja2-") else line for line in real()],
        )

    yield stamp
    fingerprint.code_fingerprint.cache_clear()


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(st.integers(0, len(EDITS)), st.integers(1, 9)), min_size=1, max_size=3))
@example(steps=[(0, 1), (6, 1)])  # an edit, then its commit: the revision history shows it
@example(steps=[(len(EDITS), 2)])  # a library upgraded: every entry is stale
def test_a_cached_build_after_any_edits_equals_a_build_from_an_empty_cache(
    library_version: Callable[[int], None], steps: list[tuple[int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site, kept = Site(root), root / "kept"
        site.built(kept)
        for which, n in steps:
            if which == len(EDITS):
                library_version(n)
            else:
                EDITS[which](site, n)
            fresh = root / f"fresh-{site.builds}"
            assert site.built(kept) == site.built(fresh), f"after {EDITS[which % len(EDITS)]}"
    fingerprint.code_fingerprint.cache_clear()
