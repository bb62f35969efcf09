"""`jixiao import`: every paragraph of a source lands verbatim in its section, the outline
nests as numbered, the plain figures are structured (and pass the fidelity rule), tables
become tables (score tables and project forms typed, every cell on the page), the file
passes `jixiao check`, nothing is ever overwritten, and bad sources are refused in Chinese."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.checks.rules import run_checks
from jixiao.cli import main
from jixiao.importer.run import Imported, import_report
from jixiao.model.report import Budget, Execution, Performance, ProjectTable, ScoreTable, Table
from tests.conftest import ROOT
from tests.import_page import DASH, missing_lines, missing_numbers, page_text, squeeze
from tests.make_import_fixtures import (
    INCONSISTENT_SCORE,
    PIPE,
    PIPE_TITLE,
    PROJECT,
    PROJECT_TITLE,
    SCORE,
    SCORE_TITLE,
    TABLE,
    TEXT,
    Spec,
    add_table,
    write_docx,
    write_markdown,
    write_pdf,
)

SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
ARTEFACT = "[bookmark: _GoBack]"


def source_lines(text: str) -> list[str]:
    return [line for line in text.replace(ARTEFACT, "").splitlines() if line.strip()]


def _strings(data: object) -> list[str]:
    """The strings of a data file in order; a section's heading runs on into its text."""
    if isinstance(data, dict):
        if "heading" in data:
            head = [str(data["heading"]) + str(data.get("text", ""))]
            return head + _strings(data.get("sections", {}))
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return [data] if isinstance(data, str) else []


@pytest.fixture(scope="module")
def imported() -> Imported:
    return import_report(TEXT, 2030)


def test_every_paragraph_lands_verbatim_on_the_page(imported: Imported) -> None:
    text = TEXT.read_text(encoding="utf-8")
    page = page_text(imported.report)
    assert missing_lines(source_lines(text), page) == []
    assert missing_numbers(text, page) == []
    # verbatim in the data file too: only the indentation and the bookmark are gone
    carried = "\n".join(_strings(yaml.safe_load(imported.text)))
    for line in source_lines(text):
        cover = re.match(r"^(.+?)：(.+)$", line)
        assert line.strip("\u3000") in carried or (cover and cover[2] in carried), line
    assert ARTEFACT not in imported.text.split("transcription_notes")[0]
    notes = imported.report.transcription_notes
    assert any("bookmark" in n for n in notes) and any("缩进" in n for n in notes)


def test_the_outline_nests_as_numbered(imported: Imported) -> None:
    report = imported.report
    assert report.title == "2030年度虚构县测试局部门整体支出绩效自评报告"
    assert report.department.name == "虚构县测试局"
    assert [(f.name, f.value) for f in report.cover] == [
        ("单位名称", "虚构县测试局"),
        ("评价方式", "单位自评"),
    ]
    assert report.contents[0] == "一、部门（单位）概况" and len(report.contents) == 6
    assert report.basis and report.basis.notice_number == "虚财绩〔2031〕3号"
    assert list(report.sections) == [
        "overview",
        "budget",
        "execution",
        "performance",
        "problems",
        "measures",
    ]
    performance = report.sections["performance"]
    assert list(performance.sections) == ["s4-1", "s4-2"]
    testing = performance.sections["s4-1"]
    assert testing.heading == "（一）测试工作"
    assert list(testing.sections) == ["s4-1-1", "s4-1-2"]
    sample = testing.sections["s4-1-1"]
    assert (sample.heading, sample.text) == (
        "1、样品检测。",
        "全年计划检测样品500件，已完成550件，完成率110%。\n",
    )
    assert report.sections["problems"].kind == "problems"
    assert report.sections["measures"].kind == "measures"
    assert report.signature.organisation == "虚构县测试局"
    assert report.signature.printed_date == "2031年4月15日"
    assert str(report.signature.date) == "2031-04-15"


def test_plain_figures_are_structured_as_printed(imported: Imported) -> None:
    report = imported.report
    assert isinstance(report.budget, Budget) and report.budget.total
    overview = report.overview
    assert overview and overview.headcount and overview.internal_units
    # the list after 其中 ends where its parts add up to the total (退休人员 are not in it)
    assert [p.name for p in overview.headcount.parts] == ["行政", "事业"]
    assert overview.internal_units.names == ["办公室", "测试股", "质量股"]
    assert report.budget.total.printed == "300.5万元"
    assert [i.value.printed for i in report.budget.items] == ["180.25万元", "70.25万元", "50万元"]
    execution = report.execution
    assert isinstance(execution, Execution) and execution.income and execution.spending
    assert (execution.income.printed, execution.spending.printed) == ("290.4万元", "285.6万元")
    assert execution.by_economic and len(execution.by_economic.parts) == 3
    assert execution.three_public
    item = execution.three_public.items[0]
    assert (item.category, item.control, item.actual, item.rate) == (
        "公务接待费",
        item.control,
        item.actual,
        item.rate,
    )
    assert item.control and item.actual and item.rate
    assert (item.control.value, item.actual.value, item.rate.value) == (
        Decimal(3),
        Decimal("1.5"),
        Decimal(50),
    )
    assert isinstance(report.performance, Performance)
    assert report.score and report.score.printed == "92分" and report.grade == "优"
    indicator = report.sections["performance"].sections["s4-1"].sections["s4-1-1"].indicators[0]
    assert indicator.target and indicator.result and indicator.rate
    assert (indicator.target.printed, indicator.result.printed, indicator.rate.printed) == (
        "500件",
        "550件",
        "110%",
    )
    breakdown = report.sections["performance"].sections["s4-2"].breakdowns[0]
    assert breakdown.total and breakdown.total.printed == "40件"
    assert [p.value.printed for p in breakdown.parts] == ["36件", "4件"]
    respectively = report.sections["performance"].sections["s4-2"].breakdowns[1]
    assert respectively.total is None
    assert [(p.name, p.value.printed) for p in respectively.parts] == [
        ("甲类样品", "120件"),
        ("乙类样品", "80件"),
    ]
    trained = report.sections["performance"].sections["s4-1"].sections["s4-1-2"].stats
    assert [s.value.printed for s in trained] == ["3次", "约200人"]


def test_the_file_reads_well_and_passes_jixiao_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data" / "2030.yaml"
    assert main(["import", str(TEXT), "--year", "2030", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "结构化的数字：" in said and "已写出" in said
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=report.schema.json\n")
    assert "# 标题中没有认出类别" in written  # comments say where to look
    assert yaml.safe_load(written)["year"] == 2030
    assert main(["check", str(out)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_output_is_deterministic(imported: Imported) -> None:
    assert import_report(TEXT, 2030).text == imported.text


def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "2030.yaml"
    out.write_text("year: 2030\n", encoding="utf-8")
    assert main(["import", str(TEXT), "--year", "2030", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "已存在，不会覆盖" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "year: 2030\n"


def test_the_default_target_is_data_year_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(TEXT), "--year", "2030"]) == 0
    assert (tmp_path / "data" / "2030.yaml").is_file()
    assert main(["import", str(TEXT), "--year", "2030"]) == 2


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2030.yaml"
    assert main(["import", str(TEXT), "--year", "2030", "--out", str(out), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# yaml-language-server:")
    assert "没有写入文件" in captured.err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def _body(text: str) -> str:
    """The YAML without its first comment lines (which name the source file)."""
    return text.split("\nyear:", 1)[1]


def test_gb18030_crlf_utf16_and_markdown_read_as_the_same_report(
    tmp_path: Path, imported: Imported
) -> None:
    text = TEXT.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    assert _body(import_report(gbk, 2030).text) == _body(imported.text)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))  # Notepad's “Unicode”, with its BOM
    assert _body(import_report(utf16, 2030).text) == _body(imported.text)
    md = tmp_path / "2030.md"
    md.write_text(re.sub(r"^(一|二|三|四|五|六)、", r"## \1、", text, flags=re.M), "utf-8")
    from_md = import_report(md, 2030)
    assert list(from_md.report.sections) == list(imported.report.sections)
    assert any("Markdown" in n for n in from_md.report.transcription_notes)


def test_a_word_file_reads_paragraphs_and_tables(tmp_path: Path, imported: Imported) -> None:
    word = tmp_path / "2030.docx"
    write_docx(TEXT, word, table=TABLE)
    from_word = import_report(word, 2030)
    assert from_word.source.tables == 1
    report = from_word.report
    # the form before the first heading is the report's own table, shown before its text
    (form,) = report.tables
    assert isinstance(form, Table)
    assert [[c.text for c in row.cells] for row in form.rows] == TABLE[1:]
    assert list(report.sections) == list(imported.report.sections)
    assert report.score == imported.report.score and report.budget == imported.report.budget
    page = page_text(report)
    text = TEXT.read_text(encoding="utf-8")
    rows = [" | ".join(row) for row in TABLE]
    assert missing_lines(source_lines(text) + rows, page) == []


def test_a_pdf_with_a_text_layer_reads_as_the_same_report(
    tmp_path: Path, imported: Imported
) -> None:
    pdf = tmp_path / "2030.pdf"
    write_pdf(TEXT, pdf)  # wrapped lines, two pages, page numbers
    from_pdf = import_report(pdf, 2030)
    sections = _body(from_pdf.text).split("transcription_notes")[0]
    assert sections == _body(imported.text).split("transcription_notes")[0]
    notes = from_pdf.report.transcription_notes
    assert any("页码" in n for n in notes) and any("换行" in n for n in notes)


def test_word_headings_numbered_by_word_itself_are_sections(tmp_path: Path) -> None:
    """Word's automatic numbering is not in a heading's text: the heading style says it."""
    import docx

    document = docx.Document()
    document.add_paragraph("2030年度虚构县测试局部门整体支出绩效自评报告")
    document.add_heading("部门概况", level=1)
    document.add_paragraph("虚构县测试局成立于2015年3月。")
    document.add_heading("主要职能", level=2)
    document.add_paragraph("负责全县的测试工作。")
    document.add_heading("绩效情况", level=1)
    document.add_paragraph("自评得分95分，评价等级为“优”。")
    source = tmp_path / "styled.docx"
    document.save(str(source))
    report = import_report(source, 2030).report
    assert list(report.sections) == ["overview", "performance"]
    assert list(report.sections["overview"].sections) == ["s1-1"]
    assert report.sections["overview"].sections["s1-1"].heading == "主要职能"
    assert report.score and report.score.printed == "95分"


def _spec_texts(spec: Spec) -> list[str]:
    return [cell[0] if isinstance(cell, tuple) else cell for row in spec for cell in row]


def _on_page(texts: list[str], page: str) -> list[str]:
    """Cells not on the page (a dash is a form's blank, shown as an empty cell)."""
    flat = squeeze(page)
    return [t for t in texts if t and not DASH.match(t) and squeeze(t) not in flat]


@pytest.fixture(scope="module")
def from_word(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    word = tmp_path_factory.mktemp("word") / "2030.docx"
    write_docx(TEXT, word, table=TABLE, score=SCORE, project=PROJECT)
    return import_report(word, 2030)


def test_word_score_and_project_tables_are_typed(from_word: Imported) -> None:
    tables = from_word.report.sections["performance"].tables
    assert [t.kind for t in tables] == ["score", "project"]
    score, project = tables
    assert isinstance(score, ScoreTable) and isinstance(project, ProjectTable)
    # the first row across the table is its title; the merged 一级指标 cell spans two rows
    assert score.title == SCORE_TITLE
    assert [i.name for i in score.items] == [
        "部门决策（20分）",
        "部门管理（30分）",
        "部门绩效（50分）",
    ]
    decision, management, _ = score.items
    assert [i.name for i in decision.items] == ["目标设定", "预算编制"]
    assert decision.weight and decision.weight.printed == "20分"  # printed in its name
    # 资金管理 is merged over two rows of 三级指标: one item with both under it
    assert [i.name for i in management.items] == ["资金管理"]
    assert [i.name for i in management.items[0].items] == ["资金使用", "预算执行率"]
    leaf = management.items[0].items[1]
    assert leaf.weight and leaf.score and (leaf.weight.printed, leaf.weight.unit) == ("15", "分")
    assert score.total and score.total.printed == "92分" and score.grade == "优"
    assert score.total_weight and score.total_weight.printed == "100分"
    # the line above the project table names it, and is not text any more
    assert project.title == PROJECT_TITLE and project.project == "虚构样品检测专项经费"
    assert PROJECT_TITLE not in (from_word.report.sections["performance"].text or "")
    funds = project.funds[0]
    assert funds.budget and (funds.budget.printed, funds.budget.unit) == ("50", "万元")
    assert funds.rate and funds.rate.printed == "90%"
    assert project.funds[1].weight is None  # “-”: not applicable, never 0
    assert [i.name for i in project.indicators][:2] == ["检测样品数", "检测合格率"]
    assert project.levels()[1] == ("产出指标", "质量指标")  # merged from the row above
    assert project.total and project.total.printed == "96" and project.grade == "优"
    # consistent tables: the checks ran on them and found nothing
    assert [f.rule for f in run_checks(from_word.report)] == []
    said = from_word.summary()
    assert "评分表 1 张" in said and "项目支出绩效自评表 1 张" in said
    assert "找到 3 张，写成 tables 的 3 张" in said  # the form before the first heading too


def test_every_cell_of_the_word_tables_is_on_the_page(from_word: Imported) -> None:
    page = page_text(from_word.report)
    assert _on_page(_spec_texts(SCORE) + _spec_texts(PROJECT), page) == []
    text = TEXT.read_text(encoding="utf-8")
    assert missing_lines(source_lines(text), page) == []
    assert missing_numbers(text.replace(ARTEFACT, ""), page) == []
    assert import_report(from_word.source.path, 2030).text == from_word.text  # deterministic


def test_an_inconsistent_score_table_is_a_finding_never_mended(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    word = tmp_path / "2030.docx"
    write_docx(TEXT, word, score=INCONSISTENT_SCORE)
    out = tmp_path / "2030.yaml"
    assert main(["import", str(word), "--year", "2030", "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert "score: 16" in written and "reviews" not in written  # as printed, not reviewed
    capsys.readouterr()
    assert main(["check", str(out)]) != 0
    said = capsys.readouterr()
    assert "预算执行率" in said.out + said.err
    report = import_report(word, 2030).report
    found = {(f.rule, f.stated) for f in run_checks(report)}
    assert ("table-score-max", "16") in found  # 16 of a weight of 15
    assert ("table-total", "92分") in found  # the scores add up to 94


def test_a_header_the_kind_cannot_hold_stays_a_general_table_with_spans(
    tmp_path: Path,
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2030年度虚构县测试局部门整体支出绩效自评报告")
    document.add_paragraph("一、部门整体支出绩效情况")
    document.add_paragraph("自评得分92分。")
    spec: Spec = [
        ["一级指标", "二级指标", "分值", "扣分", "得分"],
        [("部门决策", 1, 2), "目标设定", "10分", "0分", "10分"],
        ["预算编制", "10分", "1分", "约九分"],
    ]
    add_table(document, spec)
    document.add_paragraph("资金情况表")
    add_table(document, [["项目", "金额（万元）"], ["工资", "60"], ["公用经费", "40.50"]])
    source = tmp_path / "2030.docx"
    document.save(str(source))
    imported = import_report(source, 2030)
    scored, money = imported.report.sections["performance"].tables
    assert isinstance(scored, Table) and isinstance(money, Table)
    assert scored.title == "（原文未印表名）"
    first = scored.rows[0].cells[0]
    assert (first.text, first.rowspan, first.colspan) == ("部门决策", 2, 1)
    assert [c.text for c in scored.rows[1].cells] == ["预算编制", "10分", "1分", "约九分"]
    assert "待核对：表头像评分表，但第3行第5格“约九分”读不出数字和单位" in imported.text
    # a bare number under a header that prints its unit is a figure in that unit, as printed
    assert money.title == "资金情况表"
    cell = money.rows[1].cells[1]
    assert cell.text == "40.50" and cell.figure
    assert (cell.figure.printed, cell.figure.value, cell.figure.unit) == (
        "40.50",
        Decimal("40.50"),
        "万元",
    )
    page = page_text(imported.report)
    assert _on_page(_spec_texts(spec), page) == []


def test_a_markdown_pipe_table_is_a_table(tmp_path: Path) -> None:
    md = tmp_path / "2030.md"
    write_markdown(TEXT, md)
    imported = import_report(md, 2030)
    quality = imported.report.sections["performance"].sections["s4-2"]
    (table,) = quality.tables
    assert isinstance(table, Table) and table.title == PIPE_TITLE
    assert [[c.text for c in row.cells] for row in table.header] == [PIPE[0]]
    assert [[c.text for c in row.cells] for row in table.rows] == PIPE[1:]
    assert table.rows[0].cells[1].figure and table.rows[0].cells[1].figure.printed == "36件"
    assert PIPE_TITLE not in (quality.text or "")
    page = page_text(imported.report)
    source = md.read_text(encoding="utf-8")
    assert missing_lines(source_lines(source.replace("## ", "")), page) == []
    assert missing_numbers(source.replace(ARTEFACT, ""), page) == []
    assert any("分隔行" in n for n in imported.report.transcription_notes)


def test_text_rows_of_different_widths_stay_text_with_a_note(tmp_path: Path) -> None:
    text = TEXT.read_text(encoding="utf-8").replace(
        "（二）质量工作\n",
        "（二）质量工作\n| 一级指标 | 二级指标 | 得分 |\n| 部门决策 | 目标设定 |\n| 预算编制 |\n",
    )
    source = tmp_path / "2030.txt"
    source.write_text(text, encoding="utf-8")
    imported = import_report(source, 2030)
    quality = imported.report.sections["performance"].sections["s4-2"]
    assert quality.tables == [] and "| 部门决策 | 目标设定 |" in (quality.text or "")
    assert "各行格数不同" in imported.text
    assert "留作文字行的 1 张" in imported.summary()


def test_text_rows_straight_after_the_title_are_no_part_of_it(tmp_path: Path) -> None:
    # an excerpt of a score sheet: the rows kept as text are short lines, never title lines
    rows = ["| 一级指标 | 二级指标 | 得分 |", "| 部门决策 | 目标设定 |", "| 预算编制 |"]
    source = tmp_path / "2030.txt"
    source.write_text("\n".join(["虚构县测试局评分表摘录", *rows]) + "\n", encoding="utf-8")
    report = import_report(source, 2030).report
    assert report.title == "虚构县测试局评分表摘录"
    assert report.basis and report.basis.text == "\n".join(rows) + "\n"


def test_a_pdf_table_without_its_rules_stays_text_lines(tmp_path: Path) -> None:
    """Lines under some rows and between some cells make no grid: the text stays lines,
    every cell on the page (ruled tables: tests/test_import_pdf.py)."""
    pdf = tmp_path / "2030.pdf"
    write_pdf(TEXT, pdf, table=PIPE)
    imported = import_report(pdf, 2030)
    assert imported.source.tables == 0 and "类别 件数" in imported.source.paragraphs
    assert "按文字行导入" not in imported.summary() + imported.text
    assert _on_page([c for row in PIPE for c in row], page_text(imported.report)) == []


def _scanned_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)


BAD_SOURCES = {
    "empty.txt": (b"", "文件是空的", 1),
    "binary.txt": (b"\x00\x01\x02PNG\x00" * 50, "不是文本文件", 1),
    "encoding.txt": (b"\x80\x81\xff\xfe\x80" * 50, "无法识别文件的编码", 1),
    "corrupt.docx": (b"PK\x03\x04 this is not a zip", "已损坏", 1),
    "password.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "密码", 1),
    "report.doc": (b"whatever", "另存为 .docx", 2),
}


@pytest.mark.parametrize("name", sorted(BAD_SOURCES))
def test_bad_sources_are_refused_in_chinese_and_nothing_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, message, code = BAD_SOURCES[name]
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out" / "2030.yaml"
    assert main(["import", str(source), "--year", "2030", "--out", str(out)]) == code
    err = capsys.readouterr().err
    assert err.startswith("jixiao：") and message in err, err
    assert "Traceback" not in err and "路径：" in err
    assert not out.parent.exists()


def test_a_date_printed_in_words_is_the_signature_as_printed(tmp_path: Path) -> None:
    text = TEXT.read_text(encoding="utf-8").replace("2031年4月15日", "二〇三一年四月十五日")
    source = tmp_path / "2030.txt"
    source.write_text(text, encoding="utf-8")
    signature = import_report(source, 2030).report.signature
    assert (signature.organisation, signature.printed_date) == (
        "虚构县测试局",
        "二〇三一年四月十五日",
    )
    assert signature.date is None  # not computed from words: staff fill it in if they wish


def test_a_scanned_pdf_says_it_has_no_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "scan.pdf"
    _scanned_pdf(source)
    out = tmp_path / "2030.yaml"
    assert main(["import", str(source), "--year", "2030", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "没有文字层" in err and "扫描件" in err and not out.exists()


def test_a_huge_file_and_a_missing_one_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no disk is used
    out = tmp_path / "2030.yaml"
    assert main(["import", str(huge), "--year", "2030", "--out", str(out)]) == 2
    assert "超过 50 MB" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "nope.txt"), "--year", "2030", "--out", str(out)]) == 2
    assert "找不到要导入的文件" in capsys.readouterr().err
    assert not out.exists()


def _shared_sources() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return [
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((SHARED / "real-reports").glob("*.txt")),
    ]


def _published_text(path: Path) -> str:
    """A real excerpt's text as published: what follows the header's dashed line (files
    without one are notes in full); the collector's “[excerpt ends]” is not the report's."""
    raw = path.read_text(encoding="utf-8")
    if path.parent.name == "real-reports":
        if "-" * 20 in raw:
            raw = raw.split("-" * 20, 1)[1].split("\n", 1)[1]
        raw = raw.replace("[excerpt ends]", "")
    return raw


@pytest.mark.parametrize(
    "path", _shared_sources() or [None], ids=lambda p: p.name if p else "absent"
)
def test_every_sentence_of_real_reports_lands_on_the_page(
    path: Path | None, tmp_path: Path
) -> None:
    if path is None:
        pytest.skip(f"原报告文件夹 {SHARED} 不在本机（可用环境变量 JIXIAO_SHARED 指定）")
    text = _published_text(path)
    source = tmp_path / path.name
    source.write_text(text, encoding="utf-8")
    result = import_report(source, 2021)
    page = page_text(result.report)
    assert missing_lines(source_lines(text), page) == []
    assert missing_numbers(text.replace(ARTEFACT, ""), page) == []
    # every structured figure is printed in its section (the fidelity rule)
    assert [f.message for f in run_checks(result.report) if f.rule == "fidelity"] == []
