"""Downloads parse back to exactly the figures of the data: CSV, XLSX and JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from jixiao.build import generate
from jixiao.model.figures import Figure
from jixiao.model.loader import load_or_raise
from jixiao.model.report import Report
from jixiao.model.walk import figure_leaves
from jixiao.opendata.downloads import COLUMNS, downloads, figure_rows, to_csv, to_json, to_xlsx
from tests.conftest import ROOT, page_text
from tests.synthetic import FULL, FULL_TEXT, edit, with_year

HEADERS = [header for _, header, _ in COLUMNS]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    """The synthetic full report (2030) and a 2031 copy, signed a year later, with one more
    corrected figure."""
    folder = tmp_path_factory.mktemp("years")
    text = with_year(FULL_TEXT, 2031)
    text = edit(text, "  date: 2031-05-20", "  date: 2032-05-20")
    text = edit(
        text,
        "- {name: 行政编制, value: 8人}",
        "- {name: 行政编制, value: {printed: 8人, correction: {to: 9人, reason: 测试更正}}}",
    )
    (folder / "2031.yaml").write_text(text, encoding="utf-8")
    return [load_or_raise(FULL), load_or_raise(folder / "2031.yaml")]


def expected(reports: list[Report]) -> list[tuple[int, str, Figure]]:
    return [
        (r.year, leaf.path, leaf.value)
        for r in reports
        for leaf in figure_leaves(r)
        if isinstance(leaf.value, Figure)
    ]


def test_csv_has_a_bom_and_parses_back_to_the_same_figures(two_years: list[Report]) -> None:
    data = to_csv(two_years)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == HEADERS
    figures = expected(two_years)
    assert len(rows) == len(figures) > 100
    for row, (year, path, figure) in zip(rows, figures, strict=True):
        assert (int(row["年度"]), row["字段路径"]) == (year, path)
        assert row["数值"] == str(figure.value)  # the printed digits: 300.5, 3.6, 0
        assert Decimal(row["数值"]) == figure.value
        assert (row["单位"], row["原文"], row["近似"]) == (
            figure.unit,
            figure.printed,
            figure.approx or "",
        )
    corrected = [
        (r["年度"], r["名称"], r["更正后数值"], r["更正后单位"]) for r in rows if r["更正后数值"]
    ]
    assert corrected == [
        ("2030", "年初预算 / 其他人员经费", "40.25", "万元"),
        ("2030", "支出按功能分类 / 住房公积金", "3", "万元"),
        ("2031", "编制数 / 行政编制", "9", "人"),
        ("2031", "年初预算 / 其他人员经费", "40.25", "万元"),
        ("2031", "支出按功能分类 / 住房公积金", "3", "万元"),
    ]
    assert "测试更正" in [r["更正理由"] for r in rows]
    budget = next(r for r in rows if r["字段路径"] == "sections.budget.total")
    assert (budget["名称"], budget["数值"], budget["单位"]) == ("年初预算", "300.5", "万元")


def test_xlsx_has_numbers_with_printed_precision_and_every_figure(two_years: list[Report]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(two_years)))
    assert book.sheetnames == [
        "说明",
        "全部数字",
        "主要数字",
        "目标与完成",
        "三公经费",
        "合计与分项",
    ]
    sheet = book["全部数字"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    figures = expected(two_years)
    assert len(rows) - 1 == len(figures)
    value_column = HEADERS.index("数值")
    for index, (row, (year, path, figure)) in enumerate(zip(rows[1:], figures, strict=True)):
        assert (row[0], row[2]) == (year, path)
        value = row[value_column]
        assert isinstance(value, int | float), (path, value)
        assert Decimal(str(value)) == figure.value
        number_format = sheet.cell(row=index + 2, column=value_column + 1).number_format
        places = number_format.split(".")[1].count("0") if "." in number_format else 0
        assert places == figure.places, (path, number_format)
    keys = list(book["主要数字"].iter_rows(values_only=True))
    assert keys[0][:4] == ("年度", "年初预算", "决算总收入", "全年实际支出")
    assert keys[1][:4] == (2030, 300.5, 280.4, 270.3)
    budget_cell = book["主要数字"]["B2"]
    assert budget_cell.number_format == '#,##0.0"万元"'  # 300.5: one decimal, as printed
    indicators = list(book["目标与完成"].iter_rows(values_only=True))
    training = next(r for r in indicators if r[2] == "test-training")
    assert training[5:9] == (200, 250, None, 125)
    switch = next(r for r in indicators if r[2] == "card-switch")
    assert switch[5:9] == (1000, 900, 100, 90)
    totals = list(book["合计与分项"].iter_rows(values_only=True))
    posts = [r[3:5] for r in totals if r[0] == 2030 and r[2] == "编制数"]
    assert posts[:3] == [
        ("合计（原文）", None),
        ("其中：行政编制", 8),
        ("其中：事业编制", 5),
    ]
    budget = [r[3:5] for r in totals if r[0] == 2030 and r[2] == "年初预算"]
    assert budget[0] == ("合计（原文）", 300.5)


def test_json_is_the_full_model_with_exact_numbers(two_years: list[Report]) -> None:
    text = to_json(two_years[:1], single=True).decode("utf-8")
    assert '"value": 300.5,' in text and '"value": 3.6,' in text
    back = Report.model_validate(json.loads(text, parse_float=Decimal))
    assert back == two_years[0]
    schema = json.loads((ROOT / "data" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(text), schema)  # the JSON is a valid data file too
    both = json.loads(to_json(two_years, single=False), parse_float=Decimal)
    assert [Report.model_validate(r) for r in both["reports"]] == two_years


def test_files_carry_no_build_time(two_years: list[Report]) -> None:
    """Byte-identical across builds (tests/test_determinism.py): no time of the build inside."""
    first = downloads(two_years)
    assert [d.path for d in first] == [
        f"downloads/jixiao-{y}.{k}"
        for y in ("2030", "2031", "all")
        for k in ("csv", "xlsx", "json")
    ]
    workbook = next(d for d in first if d.path.endswith("all.xlsx"))
    with zipfile.ZipFile(io.BytesIO(workbook.content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    # the document dates are the newest signature date, never the time of the build
    assert core.count("2032-05-20T00:00:00Z") == 2


def test_the_all_years_files_hold_every_year(two_years: list[Report]) -> None:
    rows = figure_rows(two_years)
    assert {r["year"] for r in rows} == {2030, 2031}
    per_year = [len(figure_rows([r])) for r in two_years]
    assert len(rows) == sum(per_year)


def test_downloads_page_lists_every_file_with_its_checksum(two_years: list[Report]) -> None:
    site = generate(two_years)
    page = site.files["downloads.md"]
    assert isinstance(page, str)
    files = {p: c for p, c in site.files.items() if p.startswith("downloads/")}
    assert len(files) == 10  # 3 per year, 3 for all years, the schema
    for path, content in files.items():
        assert isinstance(content, bytes)
        name = path.split("/")[-1]
        assert f"- **[{name}]({path})**" in page
        assert f"SHA-256：`{hashlib.sha256(content).hexdigest()}`" in page
    report = site.files["2030.md"]
    assert isinstance(report, str)
    assert "[CSV 表格](downloads/jixiao-2030.csv)" in report
    assert "[数据下载](downloads.md)" in report


def test_the_built_site_serves_the_downloads(built_site: Path, report_2021: Report) -> None:
    # about the real site: the shipped data's downloads are served from it
    folder = built_site / "downloads"
    assert (folder / "jixiao-2021.csv").read_bytes() == to_csv([report_2021])
    text = page_text(folder / "index.html")
    assert hashlib.sha256((folder / "jixiao-all.xlsx").read_bytes()).hexdigest() in text
    html = (built_site / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/jixiao-2021.xlsx"' in html
