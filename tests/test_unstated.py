"""A figure a report does not state is shown as not stated, never as 0: on the page, the home
and trends pages, the downloads, the charts and jixiao diff; and the site builds strictly.

The fixture `tests/fixtures/unstated/2030.yaml` states no budget total, self-score, grade or
signature.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.build import generate, prepare
from jixiao.cli import main
from jixiao.derive.keyfigures import key_figures
from jixiao.infra.memo import Memo
from jixiao.model.loader import data_files, load_all
from jixiao.model.report import Report
from jixiao.opendata.diff import derived
from jixiao.opendata.downloads import to_csv, to_json, to_xlsx
from tests.conftest import ROOT, build_site, config_for, page_text

UNSTATED = ROOT / "tests" / "fixtures" / "unstated"
# A zero or a grade the report never printed: 0万元, 0分, 0.0%, or the grade 0 would earn.
INVENTED = re.compile(r"(?<![0-9.])0(?:\.0+)?(?:万元|元|分)|“差”|等级差")


@pytest.fixture(scope="module")
def unstated() -> Report:
    loaded = load_all(data_files(UNSTATED))
    assert loaded.problems == []
    [report] = loaded.reports
    return report


def test_the_check_accepts_a_report_that_states_none_of_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--data", str(UNSTATED)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_key_figures_leave_them_out(unstated: Report) -> None:
    key = key_figures(unstated)
    assert (key.budget, key.score, key.grade, key.grade_by_score) == (None, None, None, None)
    assert key.spending_share is None and key.income_share is None


def test_the_pages_say_not_stated_and_invent_nothing(unstated: Report, tmp_path: Path) -> None:
    site = generate([unstated], None, memo=Memo(tmp_path))
    page = str(site.files["2030.md"])
    assert "年初预算：原文未载明" in page
    assert "自评得分 原文未载明 等级原文未载明" in page
    assert "落款日期 原文未载明" in page
    for path in ("2030.md", "index.md", "trends.md"):
        text = str(site.files[path])
        assert INVENTED.findall(text) == [], path
        assert "按分数应为" not in text


def test_no_chart_draws_what_was_not_stated(unstated: Report, tmp_path: Path) -> None:
    site = generate([unstated], None, memo=Memo(tmp_path))
    charts = [path for path in site.files if path.startswith("charts/")]
    assert charts  # the figures it does state are still drawn
    assert not any("budget-execution" in path or "self-score" in path for path in charts)


def test_downloads_leave_the_cells_empty(unstated: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv([unstated]).decode("utf-8-sig"))))
    assert not any(
        row["字段路径"] in ("sections.budget.total", "sections.performance.score") for row in rows
    )
    data = json.loads(to_json([unstated], single=True))
    assert data["sections"]["budget"]["total"] is None
    assert data["sections"]["performance"]["score"] is None
    assert data["sections"]["performance"]["grade"] is None and data["signature"]["date"] is None
    book = load_workbook(io.BytesIO(to_xlsx([unstated])))
    sheet = book["主要数字"]
    header, row = [list(r) for r in sheet.iter_rows(max_row=2, values_only=True)]
    for column in ("年初预算", "自评得分", "等级（原文）", "按分数应得等级"):
        assert row[header.index(column)] is None, column


def test_jixiao_diff_computes_no_grade_from_a_missing_score(unstated: Report) -> None:
    assert ("key", "grade") not in derived(unstated)
    assert [d for d in derived(unstated).values() if INVENTED.search(d.value)] == []


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(UNSTATED, data)
    assert prepare(data, memo=Memo(tmp_path / "cache")).stopped is None
    build_site(config_for(tmp_path, data, tmp_path / "charts"), tmp_path / "site")
    text = page_text(tmp_path / "site" / "2030" / "index.html")
    assert "原文未载明" in text and not INVENTED.findall(text)
