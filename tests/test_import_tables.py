"""Tables as departments print them become tables, with their own labels, wherever they stand.

The Word report and the workbook of tests/import_layouts.py carry the layouts real reports
print (TABLE-LAYOUTS.md): every table must be a ``tables:`` entry, every cell on the page,
the printed column labels on the page, merged cells as rowspan/colspan, and no import may
abort on them.
"""

from __future__ import annotations

import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.rules import run_checks
from jixiao.importer.run import Imported, import_report
from jixiao.infra.errors import StaffError
from jixiao.model.report import ProjectTable, ScoreTable, Table
from jixiao.pages.render import environment, render_report
from tests import import_layouts as layouts
from tests.import_page import page_text, squeeze
from tests.make_import_fixtures import Spec


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    source = tmp_path_factory.mktemp("layouts") / "2030.docx"
    layouts.write_layouts(source)
    return import_report(source, 2030)


def _texts(spec: Spec) -> list[str]:
    return [
        (cell[0] if isinstance(cell, tuple) else cell).strip()
        for row in spec
        for cell in row
        if (cell[0] if isinstance(cell, tuple) else cell).strip()
    ]


def test_every_word_table_is_a_table_wherever_it_stands(word: Imported) -> None:
    report = word.report
    (form,) = report.tables  # before the first heading: the report's own table
    (basic,) = report.sections["overview"].tables
    score, project = report.sections["performance"].tables
    assert isinstance(form, Table) and isinstance(basic, Table)
    assert isinstance(score, ScoreTable) and isinstance(project, ProjectTable)
    assert word.tables_as_text == 0 and "留作文字行的 0 张" in word.summary()
    duties = form.rows[-1].cells[1]  # the cell broken over lines, kept as printed
    assert duties.text == "负责全县虚构样品检测工作；\n承担委托检验任务。" and duties.colspan == 3
    assert basic.title == layouts.BASIC_TITLE and len(basic.header) == 2
    among = basic.header[0].cells[4]
    assert (among.text, among.colspan) == ("其中", 2)
    assert basic.header[1].cells[1].text == "公车运行\n维护"


def test_every_cell_is_on_the_page(word: Imported) -> None:
    page = squeeze(page_text(word.report))
    for spec in (layouts.FORM, layouts.BASIC, layouts.SCORE, layouts.PROJECT):
        missing = [t for t in _texts(spec) if squeeze(t) not in page]
        assert missing == []


def test_score_table_keeps_its_extra_columns_and_labels(word: Imported) -> None:
    score = word.report.sections["performance"].tables[0]
    assert isinstance(score, ScoreTable)
    assert [c.label for c in score.columns] == layouts.SCORE[1]
    leaf = score.items[0].items[1].items[0]
    assert leaf.name == "预算编制科学性" and leaf.score and leaf.score.printed == "8"
    assert {c.column: c.text.strip() for c in leaf.extra} == {
        "序号": "2",
        "扣分": "2",
        "扣分原因": "项目库储备\n不足",
    }
    assert [(c.column, c.text) for c in score.total_extra] == [("扣分", "7")]
    assert score.total and score.total.printed == "93"


def test_project_table_of_another_layout_is_typed_with_its_labels(word: Imported) -> None:
    project = word.report.sections["performance"].tables[1]
    assert isinstance(project, ProjectTable)
    assert [c.label for c in project.indicator_columns] == layouts.INDICATOR_HEAD
    assert [c.field for c in project.fund_columns][:2] == ["budget", "executed"]
    first = project.indicators[0]
    assert first.target and first.target.text == "6"
    extra = {c.column: c.text for c in first.extra}
    assert extra == {"序号": "1", "指标性质": "≥", "度量单位": "台"}
    assert project.funds[0].initial is None  # 年初预算数 is not printed: not stated, never 0
    assert project.remarks[0].label == "其他需要说明事项" and project.remarks[0].text == "无"
    assert project.total and project.total.printed == "96.5" and project.grade == "优"


def test_the_page_prints_the_reports_own_labels_with_merges(word: Imported) -> None:
    markdown = render_report(word.report, environment(), {})
    for label in ("年初设定目标", "年度总体目标完成情况综述", "全年实际值", "指标性质", "度量单位"):
        assert f">{label}</th>" in markdown
    assert "扣分原因</th>" in markdown and ">年度指标值<" not in markdown
    assert ">预期目标<" not in markdown and ">实际完成值<" not in markdown
    assert re.search(r'<th scope="rowgroup" rowspan="2">产出指标</th>', markdown)
    assert re.search(r'<th scope="col" colspan="2">其中</th>', markdown)


def test_table_checks_run_on_the_typed_tables(word: Imported) -> None:
    rules = {f.rule for f in run_checks(word.report)}
    assert not {r for r in rules if r.startswith("table-") or r == "rate"}


def test_an_excel_workbook_imports_each_sheet_as_a_table(tmp_path: Path) -> None:
    source = tmp_path / "2030.xlsx"
    layouts.write_workbook(source)
    imported = import_report(source, 2030)
    score, listing = imported.report.tables
    assert isinstance(score, ScoreTable) and score.title == layouts.SCORE_TITLE
    assert isinstance(listing, Table)
    shown = [c.text for c in listing.rows[0].cells]
    assert shown == ["1", "虚构检测设备购置项目", "96.50", "96.5%"]  # as Excel shows them
    page = squeeze(page_text(imported.report))
    assert all(squeeze(t) in page for t in _texts(layouts.SCORE))


def test_a_one_column_table_is_a_table_and_a_text_box_stays_text(tmp_path: Path) -> None:
    import docx

    from tests.make_import_fixtures import add_table

    document = docx.Document()
    document.add_paragraph("2030年度虚构县测试局部门整体支出绩效自评报告")
    document.add_paragraph("一、部门概况")
    add_table(document, [["说明一"], ["说明二"]])
    add_table(document, [["一个文字框中的一段话。"]])
    source = tmp_path / "2030.docx"
    document.save(str(source))
    imported = import_report(source, 2030)
    (table,) = imported.report.sections["overview"].tables
    assert isinstance(table, Table) and [r.cells[0].text for r in table.rows][-1] == "说明二"
    assert "一个文字框中的一段话。" in (imported.report.sections["overview"].text or "")


def test_an_old_word_file_without_libreoffice_says_so_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "2030.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(StaffError) as caught:
        import_report(source, 2030)
    assert "没有安装 LibreOffice" in str(caught.value) and "另存为 .docx" in caught.value.hint


def test_an_old_word_file_is_converted_by_libreoffice(tmp_path: Path) -> None:
    """The same report saved as .doc imports as the .docx does: its tables as tables."""
    import subprocess

    from tests.conftest import skip_unless_ci

    if shutil.which("soffice") is None:
        skip_unless_ci("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui")

    from tests.make_import_fixtures import PROJECT, SCORE, TABLE, TEXT, write_docx

    docx_file = tmp_path / "made.docx"
    write_docx(TEXT, docx_file, table=TABLE, score=SCORE, project=PROJECT)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(docx_file),
        ],
        check=True,
        capture_output=True,
    )
    direct, converted = import_report(docx_file, 2030), import_report(tmp_path / "made.doc", 2030)
    kinds = [[t.kind for t in ts] for ts in converted.tables.values() if ts]
    assert kinds == [[t.kind for t in ts] for ts in direct.tables.values() if ts]
    assert ["score", "project"] in kinds
    assert any("LibreOffice" in note for note in converted.source.removed)


def test_figures_are_not_named_from_table_rows_or_template_half_sentences() -> None:
    from jixiao.importer.figures import read_figures

    found = read_figures("22否基础信息完善%=100%。预算执行率未达到90%。", "s1", "other")
    names = [s["name"] for s in found.stats]
    assert "22否基础信息完善%" not in names and "预算执行率未" not in names
    assert not any(n[0].isdigit() or n.endswith("未") for n in names)
    good = read_figures("全年培训人数236人。", "s1", "other")
    assert [s["name"] for s in good.stats] == ["全年培训人数"]
    # a leading year or date is no row number (it is left out of the name); a word ending
    # like a dangling one is still a name
    dated = read_figures("2021年招聘计划87人。1-11月份发生事故188人次，涉及80人。", "s", "x")
    assert [s["name"] for s in dated.stats] == ["招聘计划", "发生事故", "涉及"]


class _Widths(HTMLParser):
    """The width of each row of each HTML table, places merged from above counted."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[int]] = []
        self.below: dict[int, int] = {}  # column -> rows still covered from above
        self.column = 0
        self.row: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
            self.below = {}
        elif tag == "tr":
            self.column = 0
            self.row = []
        elif tag in ("td", "th"):
            while self.below.get(self.column, 0) > 0:
                self.row.append(self.column)
                self.column += 1
            found = dict(attrs)
            colspan, rowspan = int(found.get("colspan") or 1), int(found.get("rowspan") or 1)
            for _ in range(colspan):
                if rowspan > 1:
                    self.below[self.column] = rowspan
                self.row.append(self.column)
                self.column += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            while self.below.get(self.column, 0) > 0:
                self.row.append(self.column)
                self.column += 1
            self.tables[-1].append(len(self.row))
            self.below = {c: n - 1 for c, n in self.below.items() if n > 1}
            for c in list(self.below):
                if c in self.row and self.below[c] == 0:
                    del self.below[c]


def test_every_table_on_the_page_is_a_rectangle(word: Imported) -> None:
    parser = _Widths()
    parser.feed(render_report(word.report, environment(), {}))
    assert len(parser.tables) == 4
    for widths in parser.tables:
        assert len(set(widths)) == 1, widths


def _one_project(tmp_path: Path, spec: Spec) -> Imported:
    import docx

    from tests.make_import_fixtures import add_table

    document = docx.Document()
    document.add_paragraph(layouts.TITLE)
    document.add_paragraph("一、项目绩效自评情况")
    document.add_paragraph("项目支出绩效自评表")
    add_table(document, spec)
    source = tmp_path / "2030.docx"
    document.save(str(source))
    return import_report(source, 2030)


def test_the_standard_form_with_its_indicator_block_label_is_a_project_table(
    tmp_path: Path,
) -> None:
    imported = _one_project(tmp_path, layouts.PROJECT_BLOCK)
    (project,) = next(iter(imported.report.sections.values())).tables
    assert isinstance(project, ProjectTable)
    assert [c.field for c in project.indicator_columns][:2] == ["block", "level1"]
    assert project.funds[0].initial and project.funds[0].initial.printed == "20"
    assert project.funds[1].weight is None and project.note  # “/”: not applicable, never 0
    assert project.total and project.total.printed == "99.5"
    markdown = render_report(imported.report, environment(), {})
    assert '<th scope="rowgroup" rowspan="4">绩效指标</th>' in markdown
    parser = _Widths()
    parser.feed(markdown)
    assert [len(set(widths)) for widths in parser.tables] == [1]
    page = squeeze(page_text(imported.report))
    assert [t for t in _texts(layouts.PROJECT_BLOCK) if squeeze(t) not in page and t != "/"] == []
    assert not {f.rule for f in run_checks(imported.report) if f.rule.startswith("table-")}


def test_downloads_carry_the_printed_labels_and_extra_cells(word: Imported) -> None:
    import io
    import json

    import openpyxl

    from jixiao.opendata.downloads import to_json, to_xlsx

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([word.report])))
    rows = list(book["表格"].iter_rows(min_row=2, values_only=True))
    texts = {str(row[5]) for row in rows}
    for label in ("扣分原因", "指标性质", "度量单位", "全年实际值", "年初设定目标"):
        assert label in texts
    assert "个别凭证不全" in texts and "≥" in texts and "其他需要说明事项" in texts
    named = {(str(row[4]), str(row[5])) for row in rows}
    assert ("虚构检测设备购置项目 / 设备购置数 / 度量单位 / 原文", "台") in named
    assert not any(str(row[3]).endswith(".field") for row in rows)  # how a table is written
    dumped = json.loads(to_json([word.report], single=True))
    score = dumped["sections"]["performance"]["tables"][0]
    assert (score["columns"][6]["label"], score["columns"][6]["field"]) == ("扣分原因", "extra")
    assert score["total_extra"][0]["column"] == "扣分"


def test_a_table_inside_a_cell_and_a_row_that_starts_late_keep_every_cell(
    tmp_path: Path,
) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph(layouts.TITLE)
    document.add_paragraph("一、部门概况")
    outer = document.add_table(rows=2, cols=3)
    outer.cell(0, 0).text, outer.cell(0, 1).text, outer.cell(0, 2).text = "类别", "人数", "说明"
    outer.cell(1, 1).text, outer.cell(1, 2).text = "19人", ""
    inner = outer.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "在编", "18人"
    # the second row starts in the second column, as Word allows (w:gridBefore)
    row = outer.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    source = tmp_path / "2030.docx"
    document.save(str(source))
    imported = import_report(source, 2030)
    (table,) = imported.report.sections["overview"].tables
    assert isinstance(table, Table)
    assert [c.text for c in table.rows[0].cells] == ["", "19人", "在编 | 18人"]


def test_a_two_row_indicator_head_keeps_the_label_above_its_columns(tmp_path: Path) -> None:
    imported = _one_project(tmp_path, layouts.PROJECT_TWO_ROWS)
    (project,) = next(iter(imported.report.sections.values())).tables
    assert isinstance(project, ProjectTable) and project.unit == "元"
    assert [(c.label, c.group) for c in project.indicator_columns[3:6]] == [
        ("指标性质", "年度指标值"),
        ("指标值", "年度指标值"),
        ("度量单位", "年度指标值"),
    ]
    assert [c.field for c in project.fund_columns] == [
        "initial",
        "budget",
        "executed",
        "rate",
        "score",
    ]
    assert project.indicators[1].reason and project.total and project.total.printed == "98"
    markdown = render_report(imported.report, environment(), {})
    assert '<th scope="colgroup" colspan="3">年度指标值</th>' in markdown
    assert ">未完成原因及拟采取的改进措施</th>" in markdown and ">分值</th>" in markdown
    parser = _Widths()
    parser.feed(markdown)
    assert [len(set(widths)) for widths in parser.tables] == [1]
    page = squeeze(page_text(imported.report))
    assert [t for t in _texts(layouts.PROJECT_TWO_ROWS) if squeeze(t) not in page] == []
    assert not {f.rule for f in run_checks(imported.report) if f.rule.startswith("table-")}


_NOISE = ["一级指标", "得分", "扣分", "项目名称", "总分", "合计", "等级", "—", "", "a\nb", "95%"]
_NOISE += ["绩效指标", "指标值", "x: y", "- z", "其他需要说明事项", "10", "主管部门"]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(range(4)))
def test_any_variant_of_a_layout_converts_and_keeps_every_cell(seed: int, which: int) -> None:
    """A cell changed here and there: the table is typed or general, loads in the model,
    and carries every cell it prints."""
    from jixiao.importer.grid import Cell, Grid
    from jixiao.importer.tables import FORM_WORDS, convert

    spec = (layouts.SCORE, layouts.PROJECT, layouts.PROJECT_BLOCK, layouts.PROJECT_TWO_ROWS)[which]
    rng = random.Random(seed)
    rows = [
        [
            Cell(rng.choice(_NOISE) if rng.random() < 0.1 else text, colspan, rowspan)
            for text, colspan, rowspan in (c if isinstance(c, tuple) else (c, 1, 1) for c in row)
        ]
        for row in spec
    ]
    converted = convert(Grid(rows, "fuzz"), 1, None, "s")
    assert converted is not None
    models: dict[str, type[Table | ScoreTable | ProjectTable]] = {
        "table": Table,
        "score": ScoreTable,
        "project": ProjectTable,
    }
    models[converted.kind].model_validate(converted.data)
    carried = "\n".join(_strings(converted.data))
    for cell in (c for row in rows for c in row):
        text = cell.text.strip()
        if text and not re.fullmatch(r"[0-9.\-—/]+", text) and squeeze(text) not in FORM_WORDS:
            assert text in carried or text.removeprefix("等级：") in carried


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [str(data)]


def test_excel_cells_read_as_excel_shows_them() -> None:
    import datetime

    from jixiao.importer.xlsx import displayed

    assert displayed(96.5, "0.00") == "96.50"
    assert displayed(0.965, "0.0%") == "96.5%"
    assert displayed(1234567.5, "#,##0.00") == "1,234,567.50"
    assert displayed(0.1 + 0.2, "General") == "0.3"
    assert displayed(100, "General") == "100" and displayed(12.0, "General") == "12"
    assert displayed(datetime.datetime(2031, 4, 15), "yyyy-mm-dd") == "2031-04-15"
    assert displayed("第一行\r\n第二行", "@") == "第一行\n第二行"
    assert displayed(None, "General") == ""


# A score table as a web page flattens it (the shape of a real score sheet, F1 in
# ../shared/real-reports): the merged cells of the upper levels are gone, so a row prints
# only its lower cells, from the left — 立项程序规范性 under 一级指标, its 分值 5 under
# 二级指标 — and a Word or PDF file made from the page holds those rows as printed.
FLATTENED: Spec = [
    ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    ["项目决策(10分)", "立项(10分)", "立项依据充分性", "5", ""],
    ["立项程序规范性", "5", "", "", ""],
    ["项目管理(10分)", "资金(7分)", "资金到位率", "3", ""],
    ["资金使用合规性", "4", "", "", ""],
    ["组织实施(3分)", "管理制度健全性", "3", "", ""],
]
# The same sheet with its merges, as the department's own Word file prints it.
MERGED: Spec = [
    FLATTENED[0],
    [("项目决策(10分)", 1, 2), ("立项(10分)", 1, 2), "立项依据充分性", "5", ""],
    ["立项程序规范性", "5", ""],
    [("项目管理(10分)", 1, 3), ("资金(7分)", 1, 2), "资金到位率", "3", ""],
    ["资金使用合规性", "4", ""],
    ["组织实施(3分)", "管理制度健全性", "3", ""],
]


def _flattened_sources(tmp_path: Path, spec: Spec) -> list[Path]:
    from tests import import_reports as reports

    blocks: list[str | Spec] = [layouts.TITLE, "一、部门整体支出绩效情况", spec]
    word, pdf, text = (tmp_path / f"2030.{s}" for s in ("docx", "pdf", "txt"))
    reports.write_docx(blocks, word)
    reports.write_pdf(blocks, pdf, head="虚构表")
    rows = [
        "| " + " | ".join(c if isinstance(c, str) else c[0] for c in row) + " |" for row in spec
    ]
    text.write_text("\n".join([layouts.TITLE, "一、部门整体支出绩效情况", *rows]), "utf-8")
    return [word, pdf, text]


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt"])
def test_a_score_table_whose_rows_lost_their_merged_cells_stays_as_printed(
    tmp_path: Path, suffix: str
) -> None:
    # typed, 立项程序规范性 would be an indicator of the top level with one named “5”, and
    # 资金(7分) would hold 资金到位率 alone: its 3分 a finding the report never printed
    source = next(p for p in _flattened_sources(tmp_path, FLATTENED) if p.suffix == suffix)
    imported = import_report(source, 2030)
    (table,) = imported.report.sections["performance"].tables
    assert isinstance(table, Table)
    printed = [[c.text for c in row.cells] for row in [*table.header, *table.rows]]
    assert printed == FLATTENED
    assert "第3行指标名称一列印的是数字“5”" in imported.text
    assert not {f.rule for f in run_checks(imported.report) if f.rule.startswith("table-")}


def test_the_same_score_table_with_its_merges_is_typed(tmp_path: Path) -> None:
    report = import_report(_flattened_sources(tmp_path, MERGED)[0], 2030).report
    (table,) = report.sections["performance"].tables
    assert isinstance(table, ScoreTable)
    decision, management = table.items
    assert [leaf.name for leaf in decision.items[0].items] == ["立项依据充分性", "立项程序规范性"]
    assert [i.name for i in management.items] == ["资金(7分)", "组织实施(3分)"]
    assert [leaf.name for leaf in management.items[0].items] == ["资金到位率", "资金使用合规性"]
    assert not {f.rule for f in run_checks(report) if f.rule.startswith("table-")}
