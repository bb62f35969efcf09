"""Temporary git repositories with data files, for the diff and history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

DATA = "data/2030.yaml"  # where the tests commit a year's data (tests/synthetic.py: FULL_TEXT)


def git(repo: Path, *args: str, date: str = "2024-01-01T12:00:00+08:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
    }
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def commit_data(repo: Path, text: str, message: str, date: str) -> str:
    """Write data/2030.yaml and commit it; the commit's hash."""
    (repo / DATA).parent.mkdir(parents=True, exist_ok=True)
    (repo / DATA).write_text(text, encoding="utf-8")
    git(repo, "add", DATA)
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    return path


# Edits of tests/fixtures/full/2030.yaml used by the tests: one part of a breakdown (its sum
# changes), one indicator result (its computed rate changes), one paragraph of text.
POSTS = ("- {name: 行政编制, value: 8人}", "- {name: 行政编制, value: 9人}")
TRAINING = ("result: 250人, rate: 125%}", "result: 252人, rate: 125%}")
FOUNDED = ("founded: 2020年1月", "founded: 2020年2月")
