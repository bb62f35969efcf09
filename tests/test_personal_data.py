"""No personal data on any published surface, the revision history included: commit messages
and older versions of a data file are masked when the history shows them."""

from __future__ import annotations

from pathlib import Path

from jixiao.build import generate
from jixiao.checks.personal import find_personal, mask_personal
from jixiao.infra.memo import Memo
from jixiao.model.loader import data_files, load_all
from jixiao.opendata.history import history
from tests.conftest import ROOT
from tests.gitrepo import git, new_repo

MINIMAL = (ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml").read_text(encoding="utf-8")
LEAKED_PART = "- {name: 行政, value: 4人}"
assert LEAKED_PART in MINIMAL


def commit(repo: Path, text: str, message: str) -> None:
    (repo / "data").mkdir(exist_ok=True)
    (repo / "data" / "2030.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "data/2030.yaml")
    git(repo, "commit", "-q", "-m", message)


def test_mask_keeps_the_text_and_hides_the_middle_digits() -> None:
    assert mask_personal("电话138 1234 5678，身份证11010519491231002X。") == (
        "电话138****5678，身份证110***********002X。"
    )
    assert mask_personal("文号13000011112", allowed=["130 0001 1112"]) == "文号13000011112"
    assert find_personal("预算13.81万元，14个股室") == []


def test_the_history_masks_old_versions_and_commit_messages(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    leaked = MINIMAL.replace(LEAKED_PART, "- {name: 联系人138-1234-5678, value: 4人}")
    commit(repo, leaked, "录入2030年数据，经办人电话 13812345678")
    commit(repo, MINIMAL.replace(LEAKED_PART, "- {name: 行政, value: 5人}"), "删去电话")
    found = history(repo / "data" / "2030.yaml")
    assert found.available
    shown = [r.subject for r in found.revisions] + [
        text
        for r in found.revisions
        for c in r.figure_changes
        for text in (c.label, str(c.old), str(c.new))
    ]
    assert "录入2030年数据，经办人电话 138****5678" in shown
    assert any("138****5678" in text for text in shown[2:])  # the old version's name
    assert not any(find_personal(text) for text in shown)

    loaded = load_all(data_files(repo / "data"))
    site = generate(loaded.reports, loaded.sources, memo=Memo(tmp_path / "cache"))
    for path, content in site.files.items():
        if path.endswith((".md", ".csv", ".json")):  # (SVG path data is digits and spaces)
            text = content if isinstance(content, str) else content.decode("utf-8-sig")
            assert find_personal(text) == [], path
    assert r"138\*\*\*\*5678" in str(site.files["2030.md"])  # (escaped for Markdown)


def test_the_history_masks_commit_subjects_in_any_spelling(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    subjects = [
        "录入，经办人 138\u200b1234\u200b5678",
        "更正，联系人 138.1234.5678",
        "补录，电话 138 \u2212 1234 \u2212 5678",
        "核对，身份证 110105\u200e19491231\u200e002X",
    ]
    for number, subject in enumerate(subjects):
        commit(repo, MINIMAL.replace("value: 4人", f"value: {4 + number}人"), subject)
    shown = [r.subject for r in history(repo / "data" / "2030.yaml").revisions]
    assert sorted(shown) == sorted(
        [
            "录入，经办人 138****5678",
            "更正，联系人 138****5678",
            "补录，电话 138****5678",
            "核对，身份证 110***********002X",
        ]
    )
