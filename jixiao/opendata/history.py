"""The revision history (修订记录) of a year's data file, from git.

Each commit that changed the file: its date, message and the figures that
changed (old → new), found with the same comparison as ``jixiao diff``.
Where there is no history to read (no git, not a repository, a shallow
clone) the history says so instead; building the site never fails for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from jixiao.checks.personal import find_personal, mask_personal
from jixiao.model.figures import Figure
from jixiao.model.loader import load_source
from jixiao.model.report import Report
from jixiao.model.walk import Leaf, Value, leaves
from jixiao.opendata import gitdata
from jixiao.opendata.diff import Change, changed_values


@dataclass(frozen=True)
class Revision:
    commit: str
    date: str
    subject: str
    # created, changed, deleted, unreadable (a version that did not validate),
    # after-unreadable (a valid version after one that did not: nothing to compare with)
    kind: str
    figure_changes: list[Change] = field(default_factory=list)
    text_changes: int = 0

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""  # why it is unavailable
    revisions: list[Revision] = field(default_factory=list)
    uncommitted: bool = False  # the file has changes not committed yet


def history(path: Path, current: Report | None = None) -> History:
    """The history of one data file, newest first.  Each version's values are read once per
    process, by blob: a version in git never changes.  ``current`` is the report the build
    loaded from the file: a version with the file's own bytes is that report, not read again.
    (Between builds the whole site is kept, keyed by the data's git history: ``sitecache``.)"""
    try:
        repository = gitdata.repository(path.parent)
        if repository.shallow:
            return History(False, "本副本只含最近的提交（浅克隆），读不到完整的修改历史。")
        relative = path.resolve().relative_to(repository.root.resolve()).as_posix()
        root = repository.root
        commits = gitdata.file_commits(root, relative)
        blobs = gitdata.read_blobs(root, [b for c in commits for b in (c.old_blob, c.new_blob)])
        uncommitted = gitdata.has_local_changes(root, relative)
    except gitdata.GitMissing:
        return History(False, "构建时没有 git，读不到修改历史。")
    except gitdata.NoCommits:
        # a repository just made: the file is in it, not yet committed
        return History(True, uncommitted=True)
    except (gitdata.GitError, ValueError, OSError):
        return History(False, "数据文件不在 git 仓库中，没有修改历史可读。")
    return _history(path, relative, commits, blobs, uncommitted, current)


def _history(
    path: Path,
    relative: str,
    commits: list[gitdata.Commit],
    blobs: dict[str, bytes],
    uncommitted: bool,
    current: Report | None = None,
) -> History:
    """The revisions of a file from what git holds of it (only git's own failures are caught
    above: any other is a fault to see, not a missing history)."""
    # Each version is the new side of one commit and the old side of the next: load and
    # walk it once.
    versions: dict[str, list[Leaf] | None] = {}
    allowed: set[str] = set()  # numbers any version declares not personal
    own = path.read_bytes() if current is not None else None

    def load(blob: str) -> list[Leaf] | None:
        if blob not in versions:
            found: list[Leaf] | None
            if current is not None and blobs[blob] == own:
                found, numbers = leaves(current), [n.number for n in current.not_personal]
            else:
                found, numbers = _version(blob, blobs[blob], relative, path.name)
            versions[blob] = found
            allowed.update(numbers)
        return versions[blob]

    revisions = []
    for commit in commits:
        base = Revision(commit.commit, commit.date, commit.subject, "changed")
        if commit.new_blob == gitdata.NULL_BLOB:
            revisions.append(_with(base, kind="deleted"))
            continue
        new = load(commit.new_blob)
        if new is None:
            revisions.append(_with(base, kind="unreadable"))
            continue
        if commit.old_blob == gitdata.NULL_BLOB:
            revisions.append(_with(base, kind="created"))
            continue
        old = load(commit.old_blob)
        if old is None:  # this version is valid, the one before it was not
            revisions.append(_with(base, kind="after-unreadable"))
            continue
        changes = changed_values(old, new)
        revisions.append(
            Revision(
                commit.commit,
                commit.date,
                commit.subject,
                "changed",
                [c for c in changes if c.is_figure],
                sum(1 for c in changes if not c.is_figure),
            )
        )
    # Older versions and commit messages may hold what the data no longer does.
    return History(
        True, revisions=[_masked(r, allowed) for r in revisions], uncommitted=uncommitted
    )


@functools.lru_cache(maxsize=512)  # by blob: serve reads each version once, not every save
def _version(
    blob: str, raw: bytes, relative: str, name: str
) -> tuple[list[Leaf] | None, list[str]]:
    """One version's values (None if it did not validate) and the numbers it declares not
    personal."""
    report, _ = load_source(raw, f"{blob[:7]}:{relative}", name)
    if report is None:
        return None, []
    return leaves(report), [n.number for n in report.not_personal]


def _masked(revision: Revision, allowed: set[str]) -> Revision:
    """The revision with every ID or mobile number masked, wherever it is shown."""
    return replace(
        revision,
        subject=mask_personal(revision.subject, allowed),
        figure_changes=[
            replace(
                change,
                label=mask_personal(change.label, allowed),
                old=_masked_value(change.old, allowed),
                new=_masked_value(change.new, allowed),
            )
            for change in revision.figure_changes
        ],
    )


def _masked_value(value: Value, allowed: set[str]) -> Value:
    printed = value.printed if isinstance(value, Figure) else value
    if isinstance(printed, str) and find_personal(printed, allowed):
        return mask_personal(printed, allowed)
    return value


def _with(base: Revision, kind: str) -> Revision:
    return Revision(base.commit, base.date, base.subject, kind)
