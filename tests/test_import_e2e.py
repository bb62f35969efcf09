"""End to end: a report as departments publish it (Word, PDF, Excel; tests/import_reports.py)
imported by `jixiao init --import`, published and built by MkDocs, then read on the built
page: no number lost, every table a table with every cell, the printed total score in the
header, the site's department.  The real reports' texts (../shared, read at test time)
laid out as Word and PDF import without abort, lose no number and keep their tables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from jixiao.importer.run import import_report
from tests import import_reports as reports
from tests.conftest import ROOT
from tests.import_page import DASH, missing_lines, missing_numbers, page_text, squeeze
from tests.make_import_fixtures import PAGE_BREAK, PDF_LINE, Spec, paginate, wrapped

SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# An Excel workbook prints its 自评表 but no title: the one finding staff must settle.
WORKBOOK_TITLE = f"{reports.TITLE}（自评表）"


@dataclass
class Built:
    suffix: str
    data: dict[str, object]
    check: str  # what `jixiao check` printed before the build
    article: Tag  # the year's page as built


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)


def _publish(site: Path) -> str:
    """The draft published as staff publish it: ``draft: true`` dropped (and, for a
    workbook, the title it does not print filled in)."""
    year = site / "data" / f"{reports.YEAR}.yaml"
    text = year.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n")
    year.write_text(text, encoding="utf-8")
    checked = _run(sys.executable, "-m", "jixiao.cli", "check", cwd=site)
    if "（原文未载明，请填写）" in text:
        text = re.sub(r"^title: .*$", f"title: {WORKBOOK_TITLE}", text, count=1, flags=re.M)
        year.write_text(text, encoding="utf-8")
    return checked.stdout + checked.stderr


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = reports.write_all(tmp_path_factory.mktemp("sources"))
    return {path.suffix: path for path in paths}


@pytest.fixture(scope="module", params=[".docx", ".pdf", ".xlsx"])
def built(
    request: pytest.FixtureRequest,
    sources: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Built:
    suffix: str = request.param
    site = tmp_path_factory.mktemp(suffix.strip(".")) / "site"
    cli = (sys.executable, "-m", "jixiao.cli")
    made = ("init", str(site), "--department", reports.DEPARTMENT, "--year", str(reports.YEAR))
    imported = _run(*cli, *made, "--import", str(sources[suffix]), cwd=site.parent)
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr + imported.stdout
    data = yaml.safe_load((site / "data" / f"{reports.YEAR}.yaml").read_text(encoding="utf-8"))
    check = _publish(site)
    build = _run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=site)
    assert build.returncode == 0, build.stderr[-2000:]
    html = (site / "site" / str(reports.YEAR) / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    assert isinstance(article, Tag)
    return Built(suffix, data, check, article)


def _shown(built: Built) -> list[Spec]:
    """The tables the source shows: all of the report's, or the workbook's sheets."""
    if built.suffix == ".xlsx":
        return list(reports.SHEETS.values())
    return reports.tables_of(reports.REPORT)


def _cells(spec: Spec) -> list[str]:
    texts = [cell[0] if isinstance(cell, tuple) else cell for row in spec for cell in row]
    return [t for t in texts if t.strip() and not DASH.match(t)]


def test_the_findings_are_genuine_only(built: Built) -> None:
    # the Word and PDF reports agree with themselves; the workbook prints no title
    if built.suffix == ".xlsx":
        assert "placeholder" in built.check and built.check.count("错误]") == 1
    else:
        assert "没有发现问题" in built.check, built.check


def test_no_number_of_the_source_is_lost(built: Built) -> None:
    source = "\n".join("\n".join(_cells(t)) for t in _shown(built))
    if built.suffix != ".xlsx":
        source = reports.text_of(reports.REPORT)
    assert missing_numbers(source, built.article.get_text(" ")) == []


def test_every_table_is_a_table_with_every_cell(built: Built) -> None:
    tables = squeeze(" ".join(t.get_text(" ") for t in built.article.find_all("table")))
    for spec in _shown(built):
        lost = [c for c in _cells(spec) if squeeze(c) not in tables]
        assert lost == [], (spec[0], lost)
    kinds = [t.get("kind") for ts in _tables(built.data) for t in ts]
    assert kinds.count("score") == 1 and kinds.count("project") == 1


def _tables(data: object) -> list[list[dict[str, object]]]:
    if isinstance(data, dict):
        own = [data["tables"]] if isinstance(data.get("tables"), list) else []
        return own + [t for value in data.values() for t in _tables(value)]
    if isinstance(data, list):
        return [t for item in data for t in _tables(item)]
    return []


def test_the_header_shows_the_printed_total_score(built: Built) -> None:
    # the text never states it: only the score table's 总分 row prints 97.6
    header = next(li for li in built.article.find_all("li") if "自评得分" in li.get_text())
    assert f"{reports.TOTAL_SCORE}" in header.get_text()
    assert not header.get_text().split("自评得分", 1)[1].lstrip().startswith("原文未载明")
    # and the performance section's own table shows the same, never 原文未载明
    for cell in built.article.find_all("td", attrs={"data-label": "自评得分"}):
        assert cell.get_text(strip=True) == reports.TOTAL_SCORE


def test_the_department_is_the_site_s(built: Built) -> None:
    assert built.data["department"] == {"name": reports.DEPARTMENT}
    assert built.data["draft"] is True  # as imported: published only once checked


def test_a_report_of_short_lines_keeps_its_lines(tmp_path: Path) -> None:
    # a form published as PDF: most lines are short; none is lost, no two numbers run
    # together (17:10 on one line and 2030 on the next, never 17:102030; the real report
    # 10_chuzhou below is the case that did)
    lines = ["2030年度项目支出绩效自评表", "发布时间:2031-06-13 17:10", "2030年度项目清单"]
    lines += [f"{n} | 虚构项目{n}" for n in range(1, 9)]
    lines += ["说明：" + "本表所列项目均为虚构，" * 6]
    for n in range(1, 4):  # a form's cells, one a line, as a web page's text prints them
        lines += ["项目名称", f"虚构项目{n}", "主管部门", "虚构县样品局", "项目资金", "(万元)"]
    pdf = tmp_path / "short.pdf"
    reports.write_pdf(reports.blocks_of_text("\n".join(lines)), pdf, head="虚构表")
    imported = import_report(pdf, 2030, site=reports.DEPARTMENT)
    assert "17:102030" not in imported.text
    page = page_text(imported.report)
    assert missing_numbers("\n".join(lines), page) == []
    assert missing_lines(lines, page) == []


def test_the_fixture_pdf_has_a_cover_page_and_page_numbers(sources: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(sources[".pdf"]) as document:
        pages = [page.extract_text() for page in document.pages]
    assert len(pages) == len(paginate(reports.REPORT)) and PAGE_BREAK in reports.REPORT
    # the cover: its title only (no running head above it), no page number
    assert pages[0].count(reports.RUNNING_HEAD) == 1 and "- 1 -" not in pages[0]
    assert pages[1].startswith(reports.RUNNING_HEAD) and pages[1].rstrip().endswith("- 1 -")


def _real_reports() -> list[Path]:
    folder = SHARED / "real-reports"
    return sorted(folder.glob("[0-9]*.txt")) if folder.is_dir() else []


@pytest.mark.parametrize("path", _real_reports() or [None], ids=lambda p: p.stem if p else "absent")
def test_real_reports_as_word_and_pdf_import_whole(path: Path | None, tmp_path: Path) -> None:
    if path is None:
        pytest.skip(f"原报告文件夹 {SHARED} 不在本机（可用环境变量 JIXIAO_SHARED 指定）")
    from benchmarks.importing import published_text, year_of

    text = published_text(path)
    lines = [line for line in text.splitlines() if line.strip()]
    tables = len(reports.tables_of(reports.blocks_of_text(text)))
    for source in reports.write_real(text, tmp_path, path.stem):
        imported = import_report(source, year_of(path), site="待核对单位")  # never aborts
        assert imported.as_text is None, (source.name, imported.as_text)
        page = page_text(imported.report)
        assert missing_numbers(text, page) == [], source.name
        assert missing_lines(lines, page) == [], source.name
        written = sum(len(ts) for ts in imported.tables.values())
        assert (imported.source.tables, written) == (tables, tables), source.name


def test_a_one_cell_row_of_a_published_table_stays_in_its_table(tmp_path: Path) -> None:
    # a web page that dropped a row's merged cells prints “| 合理性(5分) |”: the text reader
    # takes it for a row, so the Word and PDF files made from the text hold one table too
    rows = ["| 一级指标 | 二级指标 | 得分 |", "| 部门决策(10分) | 明确性(5分) |"]
    rows += ["| 合理性(5分) |", "| 部门管理(5分) | 资金管理(5分) |"]
    text = "\n".join(["2030年度虚构县样品局评分表", *rows, "本表为虚构。"])
    assert [len(t) for t in reports.tables_of(reports.blocks_of_text(text))] == [4]
    for source in reports.write_real(text, tmp_path, "one-cell"):
        imported = import_report(source, 2030, site=reports.DEPARTMENT)
        written = sum(len(ts) for ts in imported.tables.values())
        assert (imported.source.tables, written) == (1, 1), source.name
        basis = imported.report.basis  # the text before any heading: never a paragraph there
        assert basis is None or "合理性(5分)" not in (basis.text or ""), source.name
        assert missing_numbers(text, page_text(imported.report)) == [], source.name


def test_a_line_that_starts_with_a_decimal_is_no_numbered_item(tmp_path: Path) -> None:
    # the number moved whole to the next line (“78546.46元…”): not an item numbered 78546
    paragraph = "追" * 34 + "资金78546.46元，已全部追回。"
    assert wrapped(paragraph)[1].startswith("78546.46")
    pdf = tmp_path / "wrap.pdf"
    reports.write_pdf([reports.TITLE, "一、基本情况", paragraph], pdf, head="虚构表")
    imported = import_report(pdf, 2030, site=reports.DEPARTMENT)
    assert missing_numbers(paragraph, page_text(imported.report)) == []
    assert paragraph in imported.text


@pytest.mark.parametrize("command", ["import", "init"])
def test_the_help_lists_every_format_the_import_reads(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from jixiao.cli import main

    assert main([command, "--help"]) == 0
    shown = squeeze(capsys.readouterr().out)
    for suffix in (".docx", ".doc", ".wps", ".xlsx", ".pdf", ".txt", ".md"):
        assert suffix in shown


def test_a_date_before_a_figure_s_name_is_no_part_of_it(tmp_path: Path) -> None:
    source = tmp_path / "dates.txt"
    body = [
        "2030年度虚构县样品局部门整体支出绩效自评报告",
        "一、基本情况",
        "2030年处理样品纠纷案22件。1-11月份发生检测事故3人次。",
        "7月26日至7月31日共完成数据录入22375条。样品补贴由103元提高到110元。",
    ]
    source.write_text("\n".join(body) + "\n", encoding="utf-8")
    stats = {
        s["value"]: s["name"]
        for s in yaml.safe_load(import_report(source, 2030).text)["sections"]["overview"]["stats"]
    }
    assert stats["22件"] == "处理样品纠纷案" and stats["3人次"] == "发生检测事故"
    assert stats["22375条"] == "完成数据录入" and stats["103元"] == "样品补贴"


def test_a_name_a_line_break_splits_never_aborts_the_import(tmp_path: Path) -> None:
    # a PDF line a wrap left unjoined: a notice's or a duty's name over two paragraphs is
    # no name (the model takes names on one line), and the import neither aborts nor
    # gives the outline up
    source = tmp_path / "split.txt"
    body = [
        "2030年度虚构县样品局部门整体支出绩效自评报告",
        "根据《虚构县财政局关于下达",
        "2030年度绩效评价工作的通知》（虚财发〔2031〕1号）文件精神，现报告如下。",
        "一、基本情况",
        "我局承担样品检测、质量抽查、人才服",
        "务、标准宣传等职能。内设办公室、检测股、",
        "抽查股3个股室。",
    ]
    source.write_text("\n".join(body) + "\n", encoding="utf-8")
    imported = import_report(source, 2030)
    assert imported.as_text is None
    assert missing_lines(body, page_text(imported.report)) == []
    assert "notice:" not in imported.text and "人才服\\n务" not in imported.text


def test_a_line_that_ends_short_before_a_number_is_joined(tmp_path: Path) -> None:
    # Word moves a number that does not fit whole to the next line: the line before ends
    # short of the margin by its width, and is still a wrapped line
    paragraph = "追" * 33 + "资金1023598元，已全部上缴国库。"
    lines = wrapped(paragraph)
    assert lines[1].startswith("1023598") and len(lines[0]) < PDF_LINE - 1
    pdf = tmp_path / "number.pdf"
    reports.write_pdf([reports.TITLE, "一、基本情况", paragraph], pdf, head="虚构表")
    imported = import_report(pdf, 2030, site=reports.DEPARTMENT)
    assert paragraph in imported.text


@pytest.mark.parametrize(
    "sentence",
    [
        "经自评，我局部门整体支出绩效自评总分为97.6分，等级为优。",
        "自评得分：97.6分。",
        "自评结果为97.6分，等级为优。",
        "总分100分，自评得分97.6分。",  # what it scores out of is no self-score
    ],
)
def test_the_self_score_is_taken_as_reports_word_it(tmp_path: Path, sentence: str) -> None:
    from jixiao.derive.keyfigures import key_figures

    source = tmp_path / "score.txt"
    body = [reports.TITLE, "一、基本情况", "我局内设3个股室。", "二、绩效自评情况", sentence]
    source.write_text("\n".join(body) + "\n", encoding="utf-8")
    score = key_figures(import_report(source, 2030).report).score
    assert score is not None and score.printed == "97.6分"


def test_the_seed_s_figures_are_recalled_as_before() -> None:
    from benchmarks.importing import SEED, recovery

    if not SEED.is_file():
        pytest.skip(f"原报告全文 {SEED} 不在本机（可用环境变量 JIXIAO_SHARED 指定）")
    hits, total, misses = recovery(import_report(SEED, 2021))
    assert hits / total >= 0.93, misses
