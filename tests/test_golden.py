"""Golden files: synthetic data folders and every Markdown page the pipeline makes of them,
compared byte for byte.

Each case is a data folder under ``tests/fixtures/``; its expected pages are in
``tests/golden/<case>/``.  After an intended change to the pages, regenerate them with

    JIXIAO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and read the diff (``git diff tests/golden``) before committing: it is the change a reader
of the site will see.  Revision history is left out (it depends on the git history of the
fixtures), so the pages do not change when the fixtures are merely committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.build import generate
from jixiao.infra.memo import Memo
from jixiao.model.loader import data_files, load_all
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    # the smallest clean report: one year, one 三公 item, one theme
    "minimal": ROOT / "tests" / "fixtures" / "minimal",
    # three years: a renamed indicator, a missing one, a year without 三公 spending
    "years": ROOT / "tests" / "fixtures" / "years",
    # a general table, a score table and two project tables as attachments (HTML tables)
    "tables": ROOT / "tests" / "fixtures" / "tables",
}
UPDATE = os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1"


def pages(data: Path, chart_cache: Path) -> dict[str, str]:
    loaded = load_all(data_files(data))
    assert loaded.problems == []
    site = generate(loaded.reports, None, memo=Memo(chart_cache))
    return {path: text for path, text in site.files.items() if isinstance(text, str)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pages_match_their_golden_files(case: str, tmp_path: Path) -> None:
    made = pages(CASES[case], tmp_path / "charts")
    folder = GOLDEN / case
    if UPDATE:
        for old in folder.rglob("*.md") if folder.exists() else []:
            old.unlink()
        for path, text in made.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    expected = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.md"))
    }
    assert sorted(made) == sorted(expected), "pages made differ from the golden files"
    for path, text in made.items():
        assert text == expected[path], f"{case}/{path} differs; see tests/test_golden.py"
