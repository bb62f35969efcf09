"""`jixiao import` of a PDF printed from Word: no number is lost, ruled tables are tables
(merged cells as spans) in reading order, page furniture is taken away only where it is
furniture and listed, encrypted files that open without a password are read."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from jixiao.cli import main
from jixiao.importer.furniture import Placed, find_furniture, is_page_number_form
from jixiao.importer.run import Imported, _numbers_carried, import_report
from jixiao.importer.tables import TableBlock
from jixiao.infra.errors import StaffError
from tests.import_page import missing_numbers
from tests.make_import_fixtures import (
    AFTER,
    BARE_AFTER,
    BARE_PARAGRAPH,
    BASIC,
    BASIC_AFTER,
    BASIC_TITLE,
    LONG,
    LONG_TITLE,
    PROJECT,
    PROJECT_TITLE,
    RUNNING_HEAD,
    TEXT,
    Spec,
    write_docx,
    write_ruled_pdf,
)

NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def ruled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "2030.pdf"
    write_ruled_pdf(path)
    return path


@pytest.fixture(scope="module")
def imported(ruled: Path) -> Imported:
    return import_report(ruled, 2030)


def _cells(spec: Spec) -> list[tuple[str, int, int]]:
    return [c if isinstance(c, tuple) else (c, 1, 1) for row in spec for c in row]


def _printed_body() -> list[str]:
    """Everything the fixture prints but its furniture."""
    text = TEXT.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    cells = [text for text, _, _ in _cells(BASIC) + _cells(PROJECT)]
    return [text, BASIC_TITLE, PROJECT_TITLE, BARE_PARAGRAPH, *cells]


def _data_numbers(text: str, *, notes: bool) -> Counter[str]:
    """The numbers of a data file's values (the import's own ids and spans aside)."""

    def values(node: yaml.Node | None) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [str(node.value)]
        if isinstance(node, yaml.SequenceNode):
            return [v for item in node.value for v in values(item)]
        if not isinstance(node, yaml.MappingNode):
            return []
        skip = {"id", "colspan", "rowspan", "year"} | (set() if notes else {"transcription_notes"})
        return [v for k, item in node.value if k.value not in skip for v in values(item)]

    return Counter(n for v in values(yaml.compose(text)) for n in NUMBER.findall(v))


def test_no_number_of_the_pdf_is_lost(imported: Imported) -> None:
    printed = Counter(n for text in _printed_body() for n in NUMBER.findall(text))
    # every 分值 and 得分, the total 96, the basic table's 19, 19 and 60, the bare “2”
    assert {"96", "19", "60", "30", "18", BARE_PARAGRAPH} <= set(printed)
    assert printed - _data_numbers(imported.text, notes=False) == Counter()
    assert missing_numbers("\n".join(_printed_body()), _page_words(imported)) == []


def _page_words(imported: Imported) -> str:
    """The year's page as a reader sees it, each piece of text (a table's cell) apart."""
    import markdown

    from jixiao.pages.render import environment, render_report

    class Words(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    md = render_report(imported.report, environment(), {})
    words = Words()
    words.feed(markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html"]))
    return " ".join(words.parts)


def test_each_ruled_table_is_a_table_with_every_cell_and_its_merges(
    imported: Imported,
) -> None:
    grids = [p.grid for p in imported.source.paragraphs if isinstance(p, TableBlock)]
    assert imported.source.tables == 2 and len(grids) == 2
    for grid, spec in zip(grids, (BASIC, PROJECT), strict=True):
        found = [(c.text, c.colspan, c.rowspan) for row in grid.rows for c in row]
        assert found == _cells(spec), grid.where
    written = yaml.safe_load(imported.text)
    basic = written["sections"]["overview"]["tables"][0]
    assert basic["title"] == BASIC_TITLE
    assert basic["header"] == [[{"text": "人员类别", "colspan": 2}, "编制数", "实有人数"]]
    assert basic["rows"][0][0] == {"text": "在职", "rowspan": 2}
    assert basic["rows"][-1][-1] == {"text": "60", "colspan": 2}


def test_text_wrapped_inside_a_cell_is_the_cell_text_again(imported: Imported) -> None:
    """The narrow columns wrap 偏差原因分析及改进措施 over three lines: one cell again."""
    grid = next(p.grid for p in imported.source.paragraphs if isinstance(p, TableBlock))
    texts = {c.text for row in grid.rows for c in row}
    assert "资产总额（万元）" in texts and not any("\n" in t for t in texts)
    project = imported.tables["performance"][0]
    assert project.kind == "project"
    assert project.data["indicators"][-1]["level2"] == "服务对象满意度指标"


def test_the_pdf_project_form_reads_as_the_word_one(imported: Imported, tmp_path: Path) -> None:
    word = tmp_path / "2030.docx"
    write_docx(TEXT, word, project=PROJECT)
    from_word = import_report(word, 2030)
    assert imported.tables["performance"][0].data == from_word.tables["performance"][0].data


def test_tables_stand_in_reading_order(imported: Imported) -> None:
    paragraphs = [str(p) for p in imported.source.paragraphs]
    kinds = ["table" if isinstance(p, TableBlock) else p for p in imported.source.paragraphs]
    basic = next(i for i, p in enumerate(paragraphs) if BASIC_AFTER in p)
    assert kinds[basic + 1 : basic + 4] == [BASIC_TITLE, "table", "二、年初预算安排情况"]
    project = next(i for i, p in enumerate(paragraphs) if AFTER in p)
    assert kinds[project + 1 : project + 4] == [PROJECT_TITLE, "table", "（一）测试工作"]
    # the project form starts page 2: the running head above it is gone, not text
    assert RUNNING_HEAD not in paragraphs


def test_furniture_is_taken_away_and_listed(imported: Imported) -> None:
    paragraphs = [str(p) for p in imported.source.paragraphs]
    assert not [p for p in paragraphs if is_page_number_form(p) or p == RUNNING_HEAD]
    notes = imported.report.transcription_notes
    numbers = next(n for n in notes if "页码" in n)
    for page in (1, 2):
        assert f"第{page}页“- {page} -”" in numbers and f"第{page}页“第{page}页 共2页”" in numbers
    assert any(f"第2页“{RUNNING_HEAD}”" in n and "页眉" in n for n in notes)
    # the notes carry what was taken away: every number of the file is in the data file
    assert _data_numbers(imported.text, notes=True)["2"] >= 3


def test_a_signature_printed_flush_right_stays_two_lines(imported: Imported) -> None:
    """Right-aligned lines reach the right margin but wrap nothing."""
    signature = imported.report.signature
    assert (signature.organisation, signature.printed_date) == ("虚构县测试局", "2031年4月15日")


def test_bold_printed_twice_is_read_once(imported: Imported) -> None:
    """The fixture prints its top headings twice, 0.3 pt apart, as WPS prints bold."""
    headings = [s.heading for s in imported.report.sections.values()]
    assert headings[:2] == ["一、部门（单位）概况", "二、年初预算安排情况"]
    assert any("重叠印了两次" in n for n in imported.report.transcription_notes)


def test_a_bare_number_in_the_body_is_kept(imported: Imported) -> None:
    paragraphs = [str(p) for p in imported.source.paragraphs]
    training = next(i for i, p in enumerate(paragraphs) if BARE_AFTER in p)
    assert paragraphs[training + 1] == BARE_PARAGRAPH
    section = imported.report.sections["performance"].sections["s4-1"].sections["s4-1-2"]
    assert (section.text or "").splitlines()[-1] == BARE_PARAGRAPH


def test_the_safety_net_finds_a_lost_number(imported: Imported) -> None:
    """A table's bare 60 dropped from the file is a number lost, whatever else prints 60."""
    without = imported.text.replace('{text: "60", colspan: 2}', '{text: "", colspan: 2}')
    assert without != imported.text
    with pytest.raises(StaffError, match="数字没有落进数据文件：60"):
        _numbers_carried(without, imported.source)
    _numbers_carried(imported.text, imported.source)


def test_a_table_broken_over_pages_is_one_table(tmp_path: Path) -> None:
    """Word breaks the long table and repeats its header row: one table, the header once,
    both named in the notes; every number still in the data file (else no import)."""
    pdf = tmp_path / "2030.pdf"
    write_ruled_pdf(pdf, long=True)
    imported = import_report(pdf, 2030)
    assert imported.source.tables == 3
    table = imported.tables["problems"][0].data
    assert table["title"] == LONG_TITLE and table["header"] == [LONG[0]]
    assert [row[0] for row in table["rows"]] == [row[0] for row in LONG[1:]]
    notes = imported.report.transcription_notes
    assert any("跨页的表格" in n for n in notes) and any("重复印的表头" in n for n in notes)
    printed = Counter(n for row in LONG for cell in row for n in NUMBER.findall(str(cell)))
    assert printed - _data_numbers(imported.text, notes=False) == Counter()


def _encrypt(source: Path, target: Path, user: str, algorithm: str = "AES-128") -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password="x", algorithm=algorithm)
    with target.open("wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_an_encrypted_pdf_that_opens_without_a_password_is_read(
    algorithm: str, ruled: Path, imported: Imported, tmp_path: Path
) -> None:
    locked = tmp_path / "2030.pdf"
    _encrypt(ruled, locked, "", algorithm)
    assert import_report(locked, 2030).text == imported.text


def test_a_pdf_that_needs_a_password_and_a_damaged_one_are_refused(
    ruled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked.pdf"
    _encrypt(ruled, locked, "secret")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00 not a pdf " * 40)
    out = tmp_path / "out" / "2030.yaml"
    for source, message in ((locked, "设有密码"), (damaged, "已损坏")):
        assert main(["import", str(source), "--year", "2030", "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and "路径：" in err, err
    assert not out.parent.exists()


# --- furniture, line by line ------------------------------------------------------------


def _page(*lines: str | None, foot: float = 800.0) -> list[Placed | None]:
    """A page's lines top down; the last stands at the foot."""
    out: list[Placed | None] = []
    for n, text in enumerate(lines):
        top = foot if n == len(lines) - 1 else 70.0 + 20 * n
        out.append(None if text is None else Placed(text, top))
    return out


def _gone(pages: list[list[Placed | None]]) -> list[tuple[int, str]]:
    return [(r.page, r.text) for r in find_furniture(pages)]


@pytest.mark.parametrize("form", ["- 3 -", "—3—", "－ 3 －", "第3页 共9页", "第 3 页", "3/9"])
def test_page_number_forms_at_the_foot_are_page_numbers(form: str) -> None:
    assert _gone([_page("正文第一行。", form)]) == [(1, form)]


def test_a_bare_number_is_a_page_number_only_where_it_counts_the_pages() -> None:
    counted = [_page(f"{t}。", str(n + 4)) for n, t in enumerate("甲乙丙", start=1)]  # 5, 6, 7
    assert _gone(counted) == [(1, "5"), (2, "6"), (3, "7")]
    # alone, at the foot of one page: a figure (the body's last line), kept
    assert _gone([_page("甲。", "19"), _page("乙。", "正文完。")]) == []
    # in the body, or a table's last row: kept
    assert _gone([_page("甲。", "3", "乙。", "- 1 -"), _page("丙。", "- 2 -")]) == [
        (1, "- 1 -"),
        (2, "- 2 -"),
    ]
    assert _gone([_page("甲。", None, "60"), _page("乙。", None, "19")]) == []


def test_a_running_head_is_the_same_text_at_the_same_place_on_most_pages() -> None:
    head = "某县某局2030年度自评报告"
    pages: list[list[Placed | None]] = [
        [Placed(head, 40.0), Placed(f"{t}。", 80.0), Placed(f"{n}", 800.0)]
        for n, t in ((1, "甲"), (2, "乙"))
    ]
    pages.append([Placed(head, 120.0), Placed("正文。", 140.0)])  # lower: a title, not a head
    assert _gone(pages) == [(1, head), (1, "1"), (2, head), (2, "2")]
