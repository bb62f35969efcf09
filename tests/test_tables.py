"""Tables: the general table, the score table and the project table in the model, their
checks, the page and the downloads; and the tables of real reports typed in the model."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import markdown
import openpyxl
import pytest
from bs4 import BeautifulSoup

from jixiao.checks.audit import audit
from jixiao.checks.rules import Finding, run_checks
from jixiao.cli import main
from jixiao.model.figures import Figure
from jixiao.model.loader import load_year
from jixiao.model.report import ProjectTable, Report, ScoreTable, Table
from jixiao.model.walk import figure_leaves
from jixiao.opendata.downloads import to_csv, to_json, to_xlsx
from jixiao.pages.render import render_report
from jixiao.pages.tables import table_html
from jixiao.source.yamlsource import read
from tests.conftest import ROOT
from tests.hostile import HOSTILE
from tests.synthetic import MINIMAL, TABLES, edit, report

# --- the model ----------------------------------------------------------------------------


def general(**changes: Any) -> dict[str, Any]:
    return {
        "id": "t",
        "title": "测试表",
        "header": [["项目", "分值", "得分"]],
        "rows": [["甲", "5分", "4.5分"], ["乙", "98.5%", "12.3万元"]],
        **changes,
    }


def with_table(table: dict[str, Any], score: str | None = "95分") -> Report:
    performance: dict[str, Any] = {"tables": [table]}
    if score is None:
        performance["score"] = None
        performance["grade"] = None
    return report(performance=performance)


def test_cells_that_read_as_figures_are_figures_and_others_stay_text() -> None:
    table = with_table(general()).performance.tables[0]  # type: ignore[union-attr]
    assert isinstance(table, Table)
    cells = [cell for row in table.rows for cell in row.cells]
    assert [c.text for c in cells] == ["甲", "5分", "4.5分", "乙", "98.5%", "12.3万元"]
    figures = [c.figure for c in cells]
    assert figures[0] is None and figures[3] is None
    assert [(f.value, f.unit) for f in figures if f] == [
        (Decimal("5"), "分"),
        (Decimal("4.5"), "分"),
        (Decimal("98.5"), "%"),
        (Decimal("12.3"), "万元"),
    ]
    # the printed precision is kept
    assert str(cells[1].figure.value if cells[1].figure else "") == "5"


def test_a_bare_number_is_text_unless_the_cell_says_the_unit_of_its_header() -> None:
    rows = [["甲", Decimal("99"), {"text": Decimal("99.50"), "unit": "万元"}]]
    table = with_table(general(rows=rows)).performance.tables[0]  # type: ignore[union-attr]
    assert isinstance(table, Table)
    bare, in_unit = table.rows[0].cells[1], table.rows[0].cells[2]
    assert (bare.text, bare.figure) == ("99", None)
    assert in_unit.figure is not None
    assert (in_unit.text, in_unit.figure.value, in_unit.figure.unit) == (
        "99.50",
        Decimal("99.50"),
        "万元",
    )
    assert in_unit.figure.note == "单位见表头：万元"


def test_merged_cells_are_left_out_below_and_name_the_rows_they_cover() -> None:
    header = [
        [{"text": "指标", "rowspan": 2}, {"text": "得分情况", "colspan": 2}],
        ["分值", "得分"],
    ]
    rows = [[{"text": "部门决策", "rowspan": 2}, "5分", "4分"], ["5分", "5分"]]
    r = with_table(general(header=header, rows=rows))
    labels = [leaf.label for leaf in figure_leaves(r) if "tables" in leaf.at]
    assert labels == [
        "测试表 / 部门决策 / 得分情况 / 分值",
        "测试表 / 部门决策 / 得分情况 / 得分",
        "测试表 / 部门决策 / 得分情况 / 分值",
        "测试表 / 部门决策 / 得分情况 / 得分",
    ]


def problems_of(tmp_path: Path, addition: str) -> list[str]:
    path = tmp_path / "2030.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + addition, encoding="utf-8")
    report_, problems = load_year(path)
    assert report_ is None
    return [f"{p.line} {p.field} {p.message} {p.found} {p.hint}" for p in problems]


def test_a_row_of_the_wrong_width_and_an_unknown_kind_are_problems_in_chinese(
    tmp_path: Path,
) -> None:
    found = problems_of(
        tmp_path,
        "attachments:\n"
        "  - id: t1\n"
        "    title: 表\n"
        "    header:\n"
        "      - [一级指标, 分值, 得分]\n"
        "    rows:\n"
        "      - [{text: 部门决策, rowspan: 2}, 25分, 23分]\n"
        "      - [5分, 4.5分, 3分]\n"
        "  - kind: scor\n"
        "    id: t2\n"
        "    title: 表\n",
    )
    assert len(found) == 2  # every problem at once
    width, kind = found
    assert width.startswith("64 attachments[0].rows[1] 第2行合并后占4格，本表每行应占3格")
    assert "4格" in width and "rowspan" in width
    assert kind.startswith("65 attachments[1].kind 不是已有的表格类别。")
    assert "score 评分表" in kind


# --- the checks ---------------------------------------------------------------------------


def score_table(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "score",
        "id": "s",
        "title": "得分表",
        "items": [
            {
                "name": "决策",
                "weight": "20分",
                "score": "19分",
                "items": [
                    {"name": "目标", "weight": "10分", "score": "10分"},
                    {"name": "预算", "weight": "10分", "score": "9分"},
                ],
            },
            {"name": "绩效", "weight": "80分", "score": "76分"},
        ],
        "total_weight": "100分",
        "total": "95分",
        "grade": "优秀",
        **changes,
    }


def project_table(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "project",
        "id": "p",
        "title": "项目支出绩效自评表",
        "project": "测试项目",
        "funds": [
            {
                "name": "年度资金总额",
                "budget": Decimal("50"),
                "executed": Decimal("46.2"),
                "weight": "10分",
                "rate": "92.4%",
                "score": "9.2分",
            }
        ],
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "台数",
                "weight": "50分",
                "score": "50分",
            },
            {"level2": "质量指标", "name": "合格率", "weight": "40分", "score": "40分"},
        ],
        "total_weight": "100分",
        "total": "99.2分",
        "grade": "优",
        **changes,
    }


def table_findings(r: Report) -> list[Finding]:
    return [f for f in run_checks(r) if "tables" in f.path or f.path[0] == "attachments"]


def test_right_tables_have_no_findings() -> None:
    assert table_findings(with_table(score_table())) == []
    assert table_findings(with_table(project_table())) == []


def test_the_tables_fixture_checks_clean_with_its_one_review(report_tables: Report) -> None:
    result = audit(report_tables)
    assert result.clean
    assert [(f.rule, f.field, f.stated, f.computed) for f, _ in result.reviewed] == [
        ("rate", "attachments[1].funds[0].rate", "94.2%", "92.4%")
    ]


def rules_at(r: Report) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.rule, f.field, f.stated, f.computed) for f in table_findings(r)]


def test_sub_indicators_weights_must_add_up_to_their_parent() -> None:
    items = score_table()["items"]
    items[0]["items"][1]["weight"] = "11分"
    assert rules_at(with_table(score_table(items=items))) == [
        ("table-weights", "sections.performance.tables[0].items[0].weight", "20分", "21分"),
    ]


def test_a_score_above_its_weight_is_found() -> None:
    items = score_table()["items"]
    items[1]["score"] = "81分"
    found = rules_at(with_table(score_table(items=items, total="100分")))
    assert (
        "table-score-max",
        "sections.performance.tables[0].items[1].score",
        "81分",
        "不超过80分",
    ) in found


def test_scores_must_add_up_to_the_parent_the_total_and_the_self_score() -> None:
    items = score_table()["items"]
    items[0]["score"] = "18分"
    found = rules_at(with_table(score_table(items=items, total="94分", grade="优秀")))
    assert found == [
        ("table-total", "sections.performance.tables[0].items[0].score", "18分", "19分"),
        ("table-self-score", "sections.performance.tables[0].total", "95分", "94分"),
    ]


def test_without_a_printed_total_the_scores_are_added_for_the_self_score() -> None:
    items = score_table()["items"]
    items[1]["score"] = "70分"
    table = {k: v for k, v in score_table(items=items).items() if k not in ("total", "grade")}
    found = [f for f in rules_at(with_table(table)) if f[0] == "table-self-score"]
    assert found == [("table-self-score", "sections.performance.tables[0].items", "95分", "89分")]


def test_the_self_score_check_is_skipped_without_a_self_score() -> None:
    r = with_table(score_table(total="90分", grade="优秀"), score=None)
    assert ("table-total", "sections.performance.tables[0].total", "90分", "95分") in rules_at(r)
    assert not [f for f in rules_at(r) if f[0] == "table-self-score"]


def test_the_table_grade_follows_the_grade_bands() -> None:
    found = rules_at(with_table(score_table(grade="良好")))
    assert found == [
        # the text prints 优秀: two printed grades of the report that differ
        ("key-figure", "sections.performance.tables[0].grade", "良好", "优秀"),
        ("table-grade", "sections.performance.tables[0].grade", "良好", "优"),
    ]
    bands = [{"floor": Decimal(96), "grade": "优"}, {"floor": Decimal(0), "grade": "良"}]
    r = report(performance={"tables": [score_table(grade="良好")]}, grade_bands=bands)
    assert [f for f in rules_at(r) if f[0] == "table-grade"] == []


def test_project_rate_score_and_total() -> None:
    funds = project_table()["funds"]
    funds[0]["rate"] = "94.2%"
    funds[0]["score"] = "10.5分"
    found = rules_at(report(attachments=[project_table(funds=funds)]))
    assert found == [
        ("rate", "attachments[0].funds[0].rate", "94.2%", "92.4%"),
        ("table-score-max", "attachments[0].funds[0].score", "10.5分", "不超过10分"),
        ("table-total", "attachments[0].total", "99.2分", "100.5分"),
    ]


def test_a_findings_review_publishes_it(tmp_path: Path) -> None:
    text = TABLES.read_text(encoding="utf-8")
    path = tmp_path / "2030.yaml"
    path.write_text(edit(text, "  - rule: rate\n", "  - rule: table-total\n"), encoding="utf-8")
    r, problems = load_year(path)
    assert r is not None and problems == []
    result = audit(r)
    assert [f.rule for f in result.unreviewed] == ["rate"]
    assert len(result.stale) == 1


def test_personal_data_in_a_cell_is_found_and_emoji_in_a_table_is_no_glyph_problem() -> None:
    rows = [["联系电话", "13812345678"], ["备注🙂", "无"]]
    r = with_table(general(header=[["项目", "内容"]], rows=rows, title="表🙂"))
    found = [(f.rule, f.field) for f in run_checks(r) if f.rule in ("confidential", "glyph")]
    assert found == [
        ("confidential", "sections.performance.tables[0].rows[0].cells[1].text"),
    ]


# --- the page -----------------------------------------------------------------------------


def html_of(page: str) -> BeautifulSoup:
    body = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    return BeautifulSoup(body, "html.parser")


def test_tables_render_in_their_section_and_attachments_at_the_end(
    report_tables: Report,
) -> None:
    page = render_report(report_tables)
    soup = html_of(page)
    captions = [c.get_text() for c in soup.find_all("caption")]
    assert captions[:2] == ["人员情况表", "部门整体支出绩效评价得分表"]
    assert captions[2].startswith("项目支出绩效自评表：虚构职业培训补助资金")
    assert page.index("人员情况表") < page.index("## 二、年初预算安排情况")
    assert page.index("## 附件 {#attachments}") < page.index(
        "项目支出绩效自评表：虚构职业培训补助资金"
    )
    merged = soup.find("th", string="类别")
    assert merged is not None and merged.get("rowspan") == "2"
    # the reviewed inconsistency is marked where it is, linking to its note
    assert soup.find("a", href="#review-1") is not None
    assert "录入说明：虚构的表格，执行率故意印错" in page


def hostile_tables() -> list[dict[str, Any]]:
    bad = HOSTILE
    return [
        general(title=bad[0], header=[[bad[1], bad[2], bad[3]]], rows=[[bad[4], bad[5], bad[6]]]),
        score_table(
            title=bad[7],
            items=[{"name": bad[8], "weight": "100分", "score": "95分", "reason": bad[9]}],
        ),
        project_table(project=bad[0], goal_expected=bad[1], department=bad[3]),
    ]


def test_hostile_text_in_tables_is_shown_never_run() -> None:
    r = report(performance={"tables": hostile_tables()[:2]}, attachments=hostile_tables()[2:])
    page = render_report(r)
    soup = html_of(page)
    assert soup.find("script") is None and soup.find("img") is None
    for element in soup.find_all(True):
        assert not any(a.startswith("on") for a in element.attrs), element
        assert not str(element.get("href", "")).startswith("javascript"), element
    text = soup.get_text()
    for bad in HOSTILE[:4]:
        assert bad in text
    # nothing from data is live HTML in the table markup we write
    for table in hostile_tables():
        html = table_html(with_table(table).performance.tables[0])  # type: ignore[union-attr]
        assert "<script" not in html and "<img" not in html and "<a " not in html


# --- the downloads --------------------------------------------------------------------------


def test_downloads_hold_every_cell(report_tables: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv([report_tables]).decode("utf-8-sig"))))
    by_path = {row["字段路径"]: row for row in rows}
    cell = by_path["sections.overview.tables[0].rows[0].cells[1].figure"]
    assert (cell["名称"], cell["数值"], cell["单位"]) == (
        "人员情况表 / 行政 / 人数 / 编制数",
        "4",
        "人",
    )
    funds = by_path["attachments[1].funds[0].rate"]
    assert funds["名称"] == "虚构办公设备购置经费 / 年度资金总额 / 执行率"
    assert by_path["attachments[0].funds[0].executed"]["数值"] == "118.8"
    actual = by_path["sections.performance.tables[0].items[1].items[1].actual.figure"]
    assert actual["名称"] == "部门整体支出绩效评价得分表 / 部门管理 / 预算执行率 / 实际完成值"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([report_tables])))
    sheet = book["表格"]
    texts = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "类别" in texts and "部门决策" in texts and "≥95%" in texts and "台数" not in texts
    assert "购置设备台数" in texts
    dumped = json.loads(to_json([report_tables], single=True), parse_float=Decimal)
    first = dumped["sections"]["overview"]["tables"][0]["rows"][0]["cells"][1]
    assert first["text"] == "4人" and first["figure"]["value"] == 4
    assert len(dumped["attachments"]) == 2


def test_a_workbook_without_tables_has_no_tables_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([report()])))
    assert "表格" not in book.sheetnames


# --- real reports ---------------------------------------------------------------------------

SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "real-reports"


def real_text(prefix: str) -> list[str]:
    """The published text of a real excerpt, one line a line, after its header."""
    if not REAL.is_dir():
        pytest.skip(f"没有原报告摘录（{REAL}）：设 JIXIAO_SHARED 指向 shared 文件夹")
    found = sorted(REAL.glob(f"{prefix}*.txt"))
    if not found:
        pytest.skip(f"{REAL} 中没有 {prefix}*.txt")
    text = found[0].read_text(encoding="utf-8")
    return text.split("-" * 20, 1)[1].split("\n", 1)[1].splitlines()


_WEIGHTED = re.compile(r"^(?P<name>.+?)[(（](?P<weight>[0-9]+)分?[)）]$")


def test_a_real_scoring_tree_types_as_a_score_table_whose_weights_add_up() -> None:
    """The 达州 score sheet: rows leave out the levels merged from above, as printed."""
    lines = real_text("F1_")
    rows = [line for line in lines if line.startswith("| ")]
    start = rows.index(next(r for r in rows if "一级指标" in r)) + 1
    stack: list[dict[str, Any]] = []
    top: list[dict[str, Any]] = []
    for line in rows[start:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = [c for c in cells if c]
        if any("名称" in c for c in cells):
            break  # the project score sheet follows
        depth = 3 - len(cells)  # the cells merged from above are not printed again
        for offset, cell in enumerate(cells):
            match = _WEIGHTED.match(cell)
            item: dict[str, Any] = {"name": match["name"] if match else cell, "items": []}
            if match:
                item["weight"] = f"{match['weight']}分"
            level = depth + offset
            del stack[level:]
            (stack[-1]["items"] if stack else top).append(item)
            stack.append(item)
    table = {"kind": "score", "id": "real", "title": "部门整体支出绩效评价得分表", "items": top}
    r = report(attachments=[table])
    typed = r.attachments[0]
    assert isinstance(typed, ScoreTable)
    assert [i.name for i in typed.items] == ["部门决策", "综合管理", "部门绩效情况"]
    assert sum(i.weight.value for i in typed.items if i.weight) == 100
    assert len(typed.items[1].items) == 8
    assert table_findings(r) == []  # every 分值 adds up to its parent's


def test_a_real_project_table_types_as_a_project_table() -> None:
    """The 滁州 project self-evaluation form, one cell a line as published."""
    lines = [line.strip() for line in real_text("10_")]
    form = lines.index("项目支出绩效自评表")
    after = lines[form:]

    def value_after(label: str) -> str:
        return after[after.index(label) + 1]

    def bare(text: str) -> Any:
        if text == "-":
            return None  # printed as a dash: nothing stated
        return Decimal(text) if re.fullmatch(r"[0-9.]+", text) else text

    total = after.index("年度资金总额:")
    numbers = [bare(text) for text in after[total + 1 : total + 7]]
    keys = ("initial", "budget", "executed", "weight", "rate", "score")
    row = {"name": "年度资金总额:", **{k: v for k, v in zip(keys, numbers, strict=True) if v}}
    goal = after.index("实际完成情况")
    table = {
        "kind": "project",
        "id": "real-project",
        "title": "项目支出绩效自评表",
        "project": value_after("项目名称"),
        "department": value_after("主管部门"),
        "implementer": value_after("实施单位"),
        "funds": [row],
        "goal_expected": after[goal + 1],
    }
    r = report(attachments=[table])
    typed = r.attachments[0]
    assert isinstance(typed, ProjectTable)
    funds = typed.funds[0]
    assert isinstance(funds.budget, Figure) and funds.budget.unit == "万元"
    assert funds.weight is not None and funds.weight.unit == "分"
    assert table_findings(r) == []  # 99 ÷ 99 = 100%, 10 of 10 points
    listing = lines[lines.index(next(x for x in lines if x.startswith("序号 |"))) :]
    header = [c.strip() for c in listing[0].split("|")]
    body = []
    for line in listing[1:]:
        if not re.match(r"^[0-9]+ \|", line):
            break
        cells = [c.strip() for c in line.split("|")]
        body.append(cells + [""] * (len(header) - len(cells)))  # a blank 备注 is an empty cell
    listed = report(attachments=[{"id": "list", "title": "清单", "header": [header], "rows": body}])
    assert len(listed.attachments[0].rows) == 8  # type: ignore[union-attr]


# --- jixiao new -----------------------------------------------------------------------------


def test_new_year_keeps_the_tables_structure_and_empties_their_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(TABLES, data / "2030.yaml")
    assert main(["new", "2031", "--data", str(data)]) == 0
    new = read(data / "2031.yaml").value
    table = new["sections"]["overview"]["tables"][0]
    assert table["title"] == "人员情况表"
    assert table["header"][0] == [
        {"text": "类别", "rowspan": Decimal(2)},
        {"text": "人数", "colspan": Decimal(2)},
    ]
    assert table["rows"] == [["行政", "", ""], ["事业", "", ""], ["合计", "", ""]]
    score = new["sections"]["performance"]["tables"][0]
    assert [i["name"] for i in score["items"]] == ["部门决策", "部门管理", "部门绩效"]
    assert score["items"][0]["weight"] == "" and score["total"] == ""
    project = new["attachments"][0]
    assert project["project"] == "虚构职业培训补助资金" and project["goal_actual"] == ""
    assert project["funds"][0]["executed"] == ""
    capsys.readouterr()
    assert main(["check", str(data / "2031.yaml")]) == 1
    err = capsys.readouterr().err
    assert "字段 attachments[0].funds[0].executed: 尚未填写。" in err
    assert "Traceback" not in err


_F2 = re.compile(
    r"投入(?P<w1>\d+)预算配置(?P<w2>\d+)"
    r"(?P<n3>在职人员控制率)(?P<w3>\d+)(?P<std3>以100%为标准。.*?扣完为止。)"
    r"(?P<exp3>在职人员控制率=.*?人员编制数。)\s*(?P<s3>\d+)\s*"
    r"(?P<n4>“三公经费”变动率)(?P<w4>\d+)(?P<std4>“三公经费”变动率≦0.*?扣完为止。)"
    r"(?P<exp4>“三公经费”变动率=.*?×100%)\s*(?P<s4>\d+)\s*过程"
)


def test_a_real_indicator_table_with_standards_and_explanations_types_as_a_score_table() -> None:
    """The 投入/过程 indicator table (third-party copy A): 评价标准 and 指标说明 per row."""
    line = next(x for x in real_text("F2_") if x.startswith("(A, excerpt)"))
    found = _F2.search(line)
    assert found is not None, "the excerpt no longer reads as expected"
    leaves = [
        {
            "name": found[f"n{i}"],
            "weight": f"{found[f'w{i}']}分",
            "standard": found[f"std{i}"],
            "explanation": found[f"exp{i}"],
            "score": Decimal(found[f"s{i}"]),  # printed without a unit: read as 分
        }
        for i in (3, 4)
    ]
    second = {"name": "预算配置", "weight": f"{found['w2']}分", "items": leaves}
    top = {"name": "投入", "weight": f"{found['w1']}分", "items": [second]}
    table = {"kind": "score", "id": "real", "title": "部门整体支出绩效评价指标表", "items": [top]}
    # only the first rows of the table are in the excerpt: no self-score to add up to
    r = report(attachments=[table], performance={"score": None, "grade": None})
    typed = r.attachments[0]
    assert isinstance(typed, ScoreTable)
    assert typed.items[0].items[0].items[1].explanation is not None
    assert table_findings(r) == []  # 5＋5＝10分, and no score above its weight
    soup = html_of(table_html(typed))
    headers = [th.get_text() for th in soup.find_all("th", scope="col")]
    assert headers[:6] == ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "指标说明"]


def test_a_cell_with_a_unit_must_be_a_number_and_yes_is_not_a_cell(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        "attachments:\n"
        "  - id: t1\n"
        "    title: 表\n"
        "    rows:\n"
        "      - [yes, {text: 1e5, unit: 万元}, {text: 12, unit: 万}]\n",
    )
    assert len(found) == 3
    assert found[0].startswith("61 attachments[0].rows[0].cells[0].text ")
    assert "yes/no" in found[0]
    assert found[1].startswith("61 attachments[0].rows[0].cells[1] 数字的写法不对。")
    assert found[2].startswith("61 attachments[0].rows[0].cells[2] 未知单位“万”")
