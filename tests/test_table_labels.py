"""Each table cell's label from its table's header grid (jixiao/theme/table_labels.py): what a
phone shows before the cell when it stacks the row as a card."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.report import Report
from jixiao.pages.render import render_report
from jixiao.theme import MARKDOWN_EXTENSIONS
from jixiao.theme.table_labels import Cell, _laid_out, _plain, _Table, label_tables, labels
from tests.conftest import build_site, config_for
from tests.hostile import HOSTILE
from tests.synthetic import TABLES, report


def _labelled(page: str) -> list[tuple[str, str | None]]:
    """(text, data-label) of every cell of the page, in order."""
    soup = BeautifulSoup(label_tables(page), "html.parser")
    return [
        (" ".join(cell.get_text(" ").split()), cell.get("data-label"))  # type: ignore[misc]
        for cell in soup.find_all(["td", "th"])
    ]


def _without_ours(page: str) -> str:
    return re.sub(r' data-label="[^"]*"| data-jx-figure| data-jx-head', "", page)


def test_a_two_row_head_labels_each_cell_with_both_rows() -> None:
    page = """<table><thead>
<tr><th scope="col" rowspan="2">类别</th><th scope="col" colspan="2">人数</th></tr>
<tr><th scope="col">编制数</th><th scope="col">实有人数</th></tr>
</thead><tbody>
<tr><td>行政</td><td>4人</td><td>4人</td></tr>
<tr><td>合计</td><td colspan="2">8人</td></tr>
</tbody></table>"""
    assert _labelled(page)[4:] == [
        ("行政", "类别"),
        ("4人", "人数·编制数"),
        ("4人", "人数·实有人数"),
        ("合计", "类别"),
        ("8人", "人数"),  # across both columns: what their heads share
    ]
    assert [label for _, label in _labelled(page)[:4]] == [None] * 4  # headers need none


def test_a_header_on_the_left_over_a_block_leads_its_cells_labels() -> None:
    """A project table's 项目资金（万元） heads its block from the left, with the unit its
    figures do not print; the column headers of the block are in a body row."""
    page = """<table><tbody>
<tr><th scope="row">项目名称</th><td colspan="3">某项目</td></tr>
<tr><th scope="rowgroup" rowspan="2">项目资金（万元）</th><td></td>
<th scope="col">年初预算数</th><th scope="col">全年预算数（A）</th></tr>
<tr><th scope="row">年度资金总额</th><td>120</td><td>118.8</td></tr>
<tr><th scope="col">一级指标</th><th scope="col">二级指标</th><th scope="col">指标</th>
<th scope="col">得分</th></tr>
<tr><th scope="rowgroup" rowspan="2">产出指标</th><th scope="rowgroup" rowspan="2">数量</th>
<th scope="row">人数</th><td>20分</td></tr>
<tr><th scope="row">次数</th><td>10分</td></tr>
</tbody></table>"""
    cells = dict(_labelled(page))
    assert cells["某项目"] is None  # its header is on its left, not above it
    assert cells["120"] == "项目资金（万元）·年初预算数"
    assert cells["118.8"] == "项目资金（万元）·全年预算数（A）"
    assert cells["年度资金总额"] is None  # above it is the form's blank corner
    # a block that starts below the column headers is not part of the labels
    assert cells["20分"] == cells["10分"] == "得分"
    assert cells["产出指标"] == "一级指标" and cells["次数"] == "指标"


def test_markdown_tables_are_labelled_by_their_head_row() -> None:
    text = "| 指标 | 目标 | 完成率（原文） |\n| --- | ---: | ---: |\n| 培训 | 100人 | 120% |\n"
    page = markdown.markdown(text, extensions=["tables", *MARKDOWN_EXTENSIONS])
    assert _labelled(page)[3:] == [
        ("培训", "指标"),
        ("100人", "目标"),
        ("120%", "完成率（原文）"),
    ]
    assert 'style="text-align: right;" data-label="目标" data-jx-figure>100人<' in page


def test_labels_are_escaped_text_and_own_labels_are_kept() -> None:
    page = (
        '<table><tr><th>A &amp; "B" &lt;i&gt;</th><th>b</th></tr>'
        '<tr><td>1</td><td data-label="mine">2</td></tr></table>'
    )
    out = label_tables(page)
    assert '<td data-label="A &amp; &quot;B&quot; &lt;i&gt;" data-jx-figure>1</td>' in out
    assert '<td data-label="mine" data-jx-figure>2</td>' in out and out.count("data-label") == 2


def test_only_attributes_are_added_and_the_rest_of_the_page_is_untouched() -> None:
    page = (
        "<p>前文 <table> 不是表格</p>\n<!-- <table> -->\n<table>\n<caption>表</caption>\n"
        "<tr><th>项目</th><th>金额</th></tr>\n<tr><td>甲<br>乙</td><td>5万元</td></tr>\n"
        "</table>\n<p>后文</p>"
    )
    out = label_tables(page)
    assert _without_ours(out) == page
    assert '<td data-label="项目">甲<br>乙</td>' in out
    assert label_tables("<p>没有表格</p>") == "<p>没有表格</p>"


def test_a_table_inside_a_cell_has_its_own_labels() -> None:
    page = (
        "<table><tr><th>外</th></tr><tr><td>"
        "<table><tr><th>内</th></tr><tr><td>x</td></tr></table>"
        "</td></tr></table>"
    )
    assert [label for _, label in _labelled(page)] == [None, "外", None, "内"]


def test_rows_of_column_headers_in_the_body_are_marked_for_the_phone_layout() -> None:
    page = (
        '<table><thead><tr><th scope="col">a</th></tr></thead><tbody>'
        '<tr><td>0</td></tr><tr><th scope="col">b</th></tr><tr><td>1</td></tr></tbody></table>'
    )
    out = label_tables(page)
    assert out.count("data-jx-head") == 1  # a <thead> is hidden whole: no mark needed
    assert '<tr data-jx-head><th scope="col">b</th>' in out
    assert '<td data-label="a" data-jx-figure>0</td>' in out
    assert '<td data-label="b" data-jx-figure>1</td>' in out  # the nearest head above


def test_a_figure_is_marked_to_stay_whole_and_text_is_not() -> None:
    texts = ["≥200人次", "93.5%", "-3.2万元", "118.8", "培训人数", "5 人", "产出指标（50分）"]
    page = "<table><tr><th>x</th></tr>" + "".join(f"<tr><td>{t}</td></tr>" for t in texts)
    out = label_tables(page + "</table>")
    assert re.findall(r"data-jx-figure>([^<]*)<", out) == texts[:4]


def test_cells_across_differently_headed_columns_get_no_label() -> None:
    rows = [
        [Cell(True, "分值", scope="col"), Cell(True, "得分", scope="col")],
        [Cell(False, "优", colspan=2)],
    ]
    assert labels(rows) == ["", "", ""]


def _report_page(report: Report) -> str:
    return markdown.markdown(
        render_report(report), extensions=["tables", "md_in_html", *MARKDOWN_EXTENSIONS]
    )


def test_the_report_s_tables_come_out_labelled(report_tables: Report) -> None:
    """The tables jixiao/pages/tables.py writes and the templates' Markdown tables: the
    labels a phone shows; the grade in a project table's total row says what it is itself."""
    cells = _labelled(_report_page(report_tables))
    assert ("4人", "人数·编制数") in cells  # a general table's two-row head
    assert ("19分", None) not in cells and ("13分", "得分") in cells  # the score table
    assert ("118.8", "项目资金（万元）·全年执行数（B）") in cells
    assert ("开展职业技能培训不少于200人，培训合格率不低于90%。", "年度总体目标·预期目标") in cells
    assert ("等级：优秀", "") in cells
    assert ("120人", "完成") in cells  # 目标与完成情况, a Markdown table


def test_hostile_headers_make_labels_that_are_only_text() -> None:
    general = {"id": "t", "title": "表", "header": [HOSTILE[:3]], "rows": [["1", "2", "3"]]}
    page = _report_page(report(performance={"tables": [general]}))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    for element in soup.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element
    labels_shown = [cell.get("data-label") for cell in soup.find_all("td")]
    assert labels_shown[-3:] == [" ".join(h.split()) for h in HOSTILE[:3]]


def test_every_site_converts_its_pages_with_the_labels(tmp_path: Path) -> None:
    """The plugin adds the extension to any site: the built page's tables are labelled."""
    site = tmp_path / "site"
    build_site(config_for(tmp_path, TABLES.parent, tmp_path / "charts"), site)
    page = (site / "2030" / "index.html").read_text(encoding="utf-8")
    assert 'data-label="人数·编制数"' in page
    assert 'data-label="项目资金（万元）·全年预算数（A）"' in page


_SIMPLE_CELL = st.builds(
    Cell,
    header=st.booleans(),
    text=st.sampled_from(["", "项目", "金额（万元）", " 人数： ", "118.8", "合计"]),
    in_head=st.booleans(),
)


@given(st.lists(st.lists(_SIMPLE_CELL, max_size=5), max_size=6))
def test_tables_without_merged_cells_are_labelled_as_the_header_grid_labels_them(
    rows: list[list[Cell]],
) -> None:
    """Most tables (every Markdown table) have no merged cell and no scope: they are labelled
    in one pass down the rows, which must agree with the grid every other table goes through."""
    table = _Table(rows=rows)
    plain = _plain(rows)
    assert plain is not None
    assert plain == _laid_out(table)
    assert plain[1] == labels(rows)
