"""Data files as git holds them: file lists and contents at a revision, a file's commits.

A thin layer over the ``git`` command (no library: the command is what staff
and CI have).  Every failure becomes a ``GitError`` with a Chinese message.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",  # reading never takes the index lock another git may hold
        "LC_ALL": "C",
    }


NULL_BLOB = "0" * 40


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


class GitMissing(GitError):
    """The git command is not installed."""


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_env(),
            check=False,
        )
    except FileNotFoundError as missing:
        raise GitMissing("找不到 git 命令；请先安装 git。") from missing
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} 失败：{detail[-1] if detail else result.returncode}")
    return result.stdout


def toplevel(folder: Path) -> Path:
    """The root of the repository holding folder."""
    try:
        out = git(folder, "rev-parse", "--show-toplevel")
    except GitMissing:
        raise
    except GitError as error:
        raise GitError(f"{folder} 不在 git 仓库中。") from error
    return Path(out.decode("utf-8").strip())


@dataclass(frozen=True)
class Repository:
    root: Path
    shallow: bool
    head: str  # the commit checked out


class NoCommits(GitError):
    """The folder is in a repository that has no commit yet."""


def repository(folder: Path) -> Repository:
    """The repository holding folder, in one call of git (a build asks for every year)."""
    try:
        out = git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
    except GitMissing:
        raise
    except GitError as error:
        toplevel(folder)  # not in a repository: says so
        raise NoCommits(f"{folder} 所在的 git 仓库中还没有提交。") from error
    root, shallow, head = out.decode("utf-8").splitlines()[:3]
    return Repository(Path(root), shallow == "true", head)


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names, or a GitError saying it does not exist."""
    try:
        out = git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
    except GitMissing:
        raise
    except GitError as error:
        raise GitError(
            f"找不到修订版本“{revision}”；可用提交号、分支名、标签或 HEAD~1 这类写法。"
        ) from error
    return out.decode().strip()


def list_files(root: Path, commit: str, folder: str) -> list[str]:
    """Names of the files directly in folder (relative to root) at commit."""
    prefix = f"{folder.rstrip('/')}/" if folder not in ("", ".") else ""
    out = git(root, "ls-tree", "--name-only", "-z", commit, "--", prefix or ".")
    return sorted(name[len(prefix) :] for name in out.decode("utf-8").split("\0") if name)


def show(root: Path, commit: str, path: str) -> bytes:
    return git(root, "show", f"{commit}:{path}")


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Contents of many blobs through one ``git cat-file --batch``."""
    wanted = sorted(set(blobs) - {NULL_BLOB})
    if not wanted:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes] = {}
    position = 0
    for blob in wanted:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode().split()
        if len(header) < 3 or header[1] != "blob":
            raise GitError(f"git 中找不到数据 {blob}")
        size = int(header[2])
        contents[blob] = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


@dataclass(frozen=True)
class Commit:
    """One commit that changed a file, with the file's blob before and after it."""

    commit: str
    date: str  # author date, YYYY-MM-DD
    subject: str
    old_blob: str  # NULL_BLOB when the commit created the file
    new_blob: str  # NULL_BLOB when the commit deleted it


# One commit of ``git log``: NUL before it (no subject holds one; any other character,
# 0x1E and 0x1F too, may be in a subject), its hash, date and subject on the first line
# (a subject is one line), then the --raw lines.
_LOG_FORMAT = "--format=%x00%H %as %s"
_HASH = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f]")


def file_commits(root: Path, path: str) -> list[Commit]:
    """Commits that changed path (relative to root), newest first; merges left out
    (their changes appear in the commits they merge)."""
    out = git(
        root, "log", "--no-merges", "--raw", "--no-abbrev", "--no-renames", _LOG_FORMAT, "--", path
    ).decode("utf-8", "replace")
    commits = [_commit(record) for record in out.split("\0")[1:]]
    return [commit for commit in commits if commit is not None]


def _commit(record: str) -> Commit | None:
    """One record of the log; None where it is not one this format writes (each record is
    read on its own: one that is odd leaves the others as they are)."""
    first, _, rest = record.partition("\n")
    commit, _, dated = first.partition(" ")
    date, _, subject = dated.partition(" ")
    if not _HASH.match(commit) or not _DATE.match(date):
        return None
    # shown on a page: control characters as their visible pictures (0x1E as ␞)
    subject = _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())), subject)
    for line in rest.splitlines():
        fields = line.split("\t", 1)[0].split()
        if line.startswith(":") and len(fields) >= 4:
            return Commit(commit, date, subject, fields[2], fields[3])
    return None


def has_local_changes(root: Path, path: str) -> bool:
    return bool(git(root, "status", "--porcelain", "--", path).strip())
