"""How well `jixiao import` reads the seed report: nothing lost, figures recovered, time.

    .venv/bin/python -m benchmarks.importing [--seed PATH]

Imports the seed's text (and the same text as Markdown, GB18030 with CRLF, a Word file
and a PDF made by tests/make_import_fixtures.py, to time each format), loads the result
with the model, renders the year's page with jixiao's own templates and prints
(a) whether every line and every number of the source is on the page, (b) the share of
the figures of the hand-made data/2021.yaml that the import recovered as structured
figures (same value and unit; each used once), with the misses, (c) the import time per format,
(d) for the seed and each excerpt in ../shared/real-reports/: a site made by ``jixiao init``,
the text imported into it, ``mkdocs build --strict`` run, and every line and number of the
source looked for on the built page (genuine findings of the checks, which stop a strict build
until staff review them, are printed instead), (e) the synthetic Word report with tables
(tests/make_import_fixtures.py): tables found and typed, cells missing from the page, time,
(f) the synthetic PDF printed as from Word (ruled tables, page numbers, a running head): the
numbers of its text missing from the data file (must be 0), tables found and written, time,
(g) the same as (e) for the Word report and Excel workbook of tests/import_layouts.py (tables
as provinces print them), and (h), printed after (c): one table of the issue's measures, a row per
source (the seed and each real report as text, and laid out as Word and PDF by
tests/import_reports.py; the synthetic report as Word, PDF and Excel; each Word file printed
to PDF by LibreOffice where it is installed): numbers lost, tables found / written as
``tables:`` / cells missing from the page, the printed total score in the header, aborts,
structured figures right, the seed's recall.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from jixiao.checks.tables import typed_tables
from jixiao.derive.keyfigures import key_figures
from jixiao.importer.figures import figures_of
from jixiao.importer.run import Imported, import_report
from jixiao.model.figures import Figure
from jixiao.model.loader import load_or_raise
from jixiao.model.report import ProjectTable, Report, ScoreTable
from jixiao.model.tree import descend
from jixiao.pages.render import environment, render_report
from tests import import_reports as reports
from tests.import_page import DASH, missing_lines, missing_numbers, page_text, squeeze
from tests.make_import_fixtures import PROJECT, SCORE, TABLE, TEXT, Spec, write_docx, write_pdf

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "000_0fd004ec9d14434d.txt"
NOT_REPORT_TEXT = "[bookmark: _GoBack]"  # a word processor's bookmark, not the report's


def hand_figures() -> list[tuple[Decimal, str, str]]:
    """Every figure of the hand-made 2021 data: value, unit, printed."""
    report = load_or_raise(ROOT / "data" / "2021.yaml")
    return [
        (node.value, node.unit, node.printed)
        for _, node in descend(report, stop=(Figure,))
        if isinstance(node, Figure)
    ]


def recovery(imported: Imported) -> tuple[int, int, list[str]]:
    found = Counter(pair for f in imported.found.values() for pair in figures_of(f))
    hits, misses = 0, []
    for value, unit, printed in hand_figures():
        # compare numerically: 4.50 and 4.5 are the same value
        key = next((k for k in found if k[1] == unit and k[0] == value and found[k]), None)
        if key is None:
            misses.append(printed)
        else:
            found[key] -= 1
            hits += 1
    return hits, hits + len(misses), misses


def as_docx(lines: list[str], target: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(target))


def timed(path: Path, runs: int, year: int = 2021) -> tuple[float, Imported]:
    """The median time of importing ``path`` as ``year`` (the fixtures report on 2030: as
    another year their signature is years off, and the outline is given up)."""
    times = []
    imported = None
    for _ in range(runs):
        start = time.perf_counter()
        imported = import_report(path, year)
        times.append(time.perf_counter() - start)
    assert imported is not None
    return statistics.median(times), imported


def published_text(path: Path) -> str:
    """An excerpt's text as published: after its header's dashed line, without the
    collector's “[excerpt ends]”; the seed is the report in full."""
    raw = path.read_text(encoding="utf-8")
    if "-" * 20 in raw and path.parent.name == "real-reports":
        raw = raw.split("-" * 20, 1)[1].split("\n", 1)[1]
    return raw.replace("[excerpt ends]", "").replace(NOT_REPORT_TEXT, "")


def built_text(html: str) -> str:
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html, "html.parser").find("article")
    return article.get_text(" ") if article is not None else ""


def in_its_own_site(source: Path, folder: Path) -> str:
    """One line: the source imported into a new site, built strict, compared with its page."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site, text = folder / source.stem, published_text(source)
    plain = folder / f"{source.stem}.txt"
    plain.write_text(text, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=site, env=env, capture_output=True, text=True)

    jixiao = [sys.executable, "-m", "jixiao.cli"]
    site.mkdir()
    # one flow: the site made with the year imported (another unit's report: --force)
    made = ("init", ".", "--department", "待核对单位", "--year", "2024")
    imported = run(*jixiao, *made, "--import", str(plain), "--force")
    if imported.returncode:
        return f"{source.name}: 导入失败：{imported.stderr.strip()[:200]}"
    year = site / "data" / "2024.yaml"  # an imported year is a draft: published once checked
    year.write_text(year.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), "utf-8")
    # not -q: MkDocs' -q hides the warnings that --strict counts
    built = run(sys.executable, "-m", "mkdocs", "build", "--strict")
    if built.returncode:
        findings = run(*jixiao, "check").stderr.count("待核对")
        verdict = f"严格构建未通过：{findings} 条待核对的发现，待单位核实后写入 reviews"
    else:
        verdict = "严格构建通过"
    built_page = site / "site" / "2024" / "index.html"  # written before strict mode aborts
    if not built_page.is_file():
        return f"{source.name}: {verdict}；没有生成网页"
    page = built_text(built_page.read_text(encoding="utf-8"))
    lines = [line for line in text.splitlines() if line.strip()]
    lost, numbers = missing_lines(lines, page), missing_numbers(text, page)
    return (
        f"{source.name}: {verdict}；原文 {len(lines)} 行，页面上缺 {len(lost)} 行，"
        f"缺数字 {len(numbers)} 个" + (f"（{'、'.join(numbers[:10])}）" if numbers else "")
    )


def _cells(spec: Spec) -> list[str]:
    return [cell[0] if isinstance(cell, tuple) else cell for row in spec for cell in row]


def tables_report(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        word = Path(folder) / "2030.docx"
        write_docx(TEXT, word, table=TABLE, score=SCORE, project=PROJECT)
        seconds, imported = timed(word, runs, 2030)
    written = [t for ts in imported.tables.values() for t in ts]
    kinds = Counter(t.kind for t in written)
    flat = squeeze(page_text(imported.report))
    lost = [
        c
        for c in _cells(SCORE) + _cells(PROJECT)
        if c and not DASH.match(c) and squeeze(c) not in flat
    ]
    print(
        f"(e) 带表格的虚构 Word 报告：{imported.source.tables} 张表格，写成 tables 的 "
        f"{len(written)} 张（评分表 {kinds['score']} 张、"
        f"项目支出绩效自评表 {kinds['project']} 张），"
        f"按原文留作文字行的 {imported.tables_as_text} 张；"
        f"评分表和项目表的格页面上缺 {len(lost)} 个"
        + (f"（{'、'.join(lost[:10])}）" if lost else "")
        + f"；导入 {seconds * 1000:.1f} ms"
    )


def pdf_report(runs: int) -> None:
    """The ruled PDF (tests/make_import_fixtures.py): numbers of the file missing from the
    data file (furniture counts as carried when the notes name it), tables found, time."""
    import yaml

    from tests.make_import_fixtures import write_ruled_pdf

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "2030.pdf"
        write_ruled_pdf(pdf)
        seconds, imported = timed(pdf, runs, 2030)
        import pdfplumber

        with pdfplumber.open(pdf) as document:
            printed = [page.extract_text() for page in document.pages]

    def scalars(node: yaml.Node | None) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [str(node.value)]
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            items = (
                node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
            )
            return [s for item in items for s in scalars(item)]
        return []

    number = re.compile(r"\d+(?:\.\d+)?")
    # the file's text as pdfplumber prints it, lines a wrap split joined (a number a wrap
    # splits is one): what the report prints, furniture included
    extracted = Counter(n for page in printed for n in number.findall(page.replace("\n", "")))
    written = Counter(n for v in scalars(yaml.compose(imported.text)) for n in number.findall(v))
    lost = extracted - written
    tables = [t for ts in imported.tables.values() for t in ts]
    print(
        f"(f) 带格线表格的虚构 PDF：原文数字 {sum(extracted.values())} 个，数据文件中缺 "
        f"{sum(lost.values())} 个"
        + (f"（{'、'.join(sorted(lost))}）" if lost else "")
        + f"；表格找到 {imported.source.tables} 张，写成 tables 的 {len(tables)} 张；"
        f"导入 {seconds * 1000:.1f} ms"
    )


def layouts_report(runs: int) -> None:
    """(f) The tables as provinces print them (tests/import_layouts.py), Word and Excel."""
    from tests import import_layouts as layouts

    with tempfile.TemporaryDirectory() as folder:
        word, book = Path(folder) / "2030.docx", Path(folder) / "2030.xlsx"
        layouts.write_layouts(word)
        layouts.write_workbook(book)
        seconds, imported = timed(word, runs, 2030)
        book_seconds, from_book = timed(book, runs, 2030)
    for name, result, spent, specs in (
        ("Word", imported, seconds, (layouts.FORM, layouts.BASIC, layouts.SCORE, layouts.PROJECT)),
        ("Excel", from_book, book_seconds, (layouts.SCORE,)),
    ):
        written = [t for ts in result.tables.values() for t in ts]
        kinds = Counter(t.kind for t in written)
        flat = squeeze(page_text(result.report))
        cells = [c for spec in specs for c in _cells(spec)]
        lost = [c for c in cells if c.strip() and not DASH.match(c) and squeeze(c) not in flat]
        print(
            f"(g) 各省版式的虚构{name}原文：{result.source.tables} 张表格，写成 tables 的 "
            f"{len(written)} 张（评分表 {kinds['score']} 张、项目表 {kinds['project']} 张），"
            f"留作文字行的 {result.tables_as_text} 张；{len(cells)} 格中页面上缺 {len(lost)} 格；"
            f"导入 {spent * 1000:.1f} ms"
        )


# --- (h) the measures of the issue, one row per source ----------------------------------

SCORE_STATED = re.compile(r"自评得分(?:为)?\s*(\d+(?:\.\d+)?)\s*分")


@dataclass
class Measured:
    """One source's row: what the import kept, what it structured."""

    source: str
    lost: int | str = "—"
    found: int | str = "—"
    as_tables: int | str = "—"
    cells_missing: int | str = "—"
    score_in_header: str = "—"
    aborts: int = 0
    figures: str = "—"
    recall: str = "—"


def year_of(path: Path) -> int:
    """The year a source reports on: in its name (…_2016_…), the seed's 2021, else 2030."""
    named = re.search(r"_(20\d\d)_", path.name)
    return int(named[1]) if named else (2021 if path.stem == SEED.stem else 2030)


def spaced_page(report: Report) -> BeautifulSoup:
    """The year's page as jixiao renders it, parsed (cells apart: 12.00 | 8.50 never 12.008)."""
    md = render_report(report, environment(), {})
    html = markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    return BeautifulSoup(html, "html.parser")


def structured(imported: Imported) -> dict[str, str]:
    """The synthetic report's figures as the import structured them (tests/import_reports.py
    knows what they must be)."""
    got: dict[str, str] = {}
    score = key_figures(imported.report).score
    got["自评得分"] = score.printed if score is not None else "缺"
    for _, typed in typed_tables(imported.report):
        if isinstance(typed, ScoreTable) and typed.total is not None:
            got["评分表合计得分"] = typed.total.printed
        if isinstance(typed, ProjectTable):
            got["项目表总分"] = typed.total.printed if typed.total is not None else "缺"
            executed = typed.funds[0].executed if typed.funds else None
            got["项目全年执行数"] = executed.printed if executed is not None else "缺"
    return got


def measure(name: str, path: Path, text: str, specs: list[Spec], stated: str | None) -> Measured:
    """One source imported: numbers of ``text`` missing from the page, the tables ``specs``
    found and kept cell for cell, the printed total score ``stated`` in the header."""
    row = Measured(name)
    try:
        imported = import_report(path, year_of(path), site="待核对单位")
    except Exception as error:  # an abort is the measure, whatever raised it
        row.aborts, row.figures = 1, f"{type(error).__name__}"
        return row
    page = spaced_page(imported.report)
    row.lost = len(missing_numbers(text, page.get_text(" ")))
    row.found = imported.source.tables
    row.as_tables = sum(len(ts) for ts in imported.tables.values())
    tables = squeeze(" ".join(t.get_text(" ") for t in page.find_all("table")))
    cells = [c for spec in specs for c in _cells(spec) if c.strip() and not DASH.match(c)]
    row.cells_missing = sum(1 for c in cells if squeeze(c) not in tables)
    score = key_figures(imported.report).score
    shown = score.value if score is not None else None
    row.score_in_header = (
        "原文未印" if stated is None else ("是" if shown == Decimal(stated) else "否")
    )
    if path.stem.endswith("report"):
        got = structured(imported)
        right = [k for k, v in reports.EXPECTED.items() if got.get(k) == v]
        row.figures = f"{len(right)}/{len(reports.EXPECTED)}"
    if name.startswith("原报告（seed）"):
        hits, total, _ = recovery(imported)
        row.recall = f"{hits / total:.1%}"
    return row


def measures(seed: Path) -> list[Measured]:
    """Every source's row; where LibreOffice is installed, each Word file printed to PDF by
    it as well (rows broken over pages, as Word prints them)."""
    rows: list[Measured] = []
    sources = [("原报告（seed）", seed)] + [
        (p.stem[:12], p) for p in sorted((SHARED / "real-reports").glob("[0-9]*.txt"))
    ]
    words: list[tuple[str, Path, str, list[Spec], str | None]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, source in sources:
            text = published_text(source)
            plain = folder / f"{source.stem}.txt"
            plain.write_text(text, encoding="utf-8")
            specs = reports.tables_of(reports.blocks_of_text(text))
            stated = next(iter(SCORE_STATED.findall(text)), None)
            word, pdf = reports.write_real(text, folder, source.stem)
            for kind, path in (("文本", plain), ("Word", word), ("PDF", pdf)):
                rows.append(measure(f"{label} {kind}", path, text, specs, stated))
            words.append((label, word, text, specs, stated))
        paths = reports.write_all(folder)
        whole = reports.text_of(reports.REPORT)
        specs = reports.tables_of(reports.REPORT)
        sheets = list(reports.SHEETS.values())
        sheet_text = "\n".join(c for spec in sheets for c in _cells(spec))
        for kind, path in zip(("Word", "PDF", "Excel"), paths, strict=True):
            text, shown = (sheet_text, sheets) if kind == "Excel" else (whole, specs)
            rows.append(measure(f"虚构报告 {kind}", path, text, shown, reports.TOTAL_SCORE))
        words.append(("虚构报告", paths[0], whole, specs, reports.TOTAL_SCORE))
        rows += printed_by_libreoffice(words, folder / "libreoffice")
    return rows


def printed_by_libreoffice(
    words: list[tuple[str, Path, str, list[Spec], str | None]], folder: Path
) -> list[Measured]:
    if shutil.which("soffice") is None:
        return []
    folder.mkdir()
    files = [str(word) for _, word, *_ in words]
    convert = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *files]
    subprocess.run(convert, capture_output=True, timeout=300, check=False)
    return [
        measure(f"{label} PDF（LibreOffice）", folder / f"{word.stem}.pdf", text, specs, stated)
        for label, word, text, specs, stated in words
        if (folder / f"{word.stem}.pdf").is_file()
    ]


def print_measures(seed: Path) -> None:
    heads = ["原文", "缺数字", "表格找到", "写成tables", "页面缺格", "页头印出总分", "中止",
             "结构化数字对", "seed召回"]  # fmt: skip
    print("(h) 各原文的导入指标（缺数字、中止应为 0；页头总分：原文印有时应为“是”）：")
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    for row in measures(seed):
        cells = [row.source, row.lost, row.found, row.as_tables, row.cells_missing]
        cells += [row.score_in_header, row.aborts, row.figures, row.recall]
        print("| " + " | ".join(str(c) for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.seed.is_file():
        raise SystemExit(f"找不到原报告全文 {args.seed}（可用 JIXIAO_SHARED 指定 shared 文件夹）")
    text = args.seed.read_text(encoding="utf-8")
    seconds, imported = timed(args.seed, args.runs)
    page = page_text(imported.report)

    lines = [line for line in text.replace(NOT_REPORT_TEXT, "").splitlines() if line.strip()]
    lost_lines = missing_lines(lines, page)
    lost_numbers = missing_numbers(text, page)
    print(
        f"(a) 原文 {len(lines)} 行，页面上缺 {len(lost_lines)} 行；"
        f"原文数字缺 {len(lost_numbers)} 个"
    )
    for line in lost_lines:
        print(f"    缺：{line[:60]}")
    if lost_numbers:
        print(f"    缺的数字：{'、'.join(lost_numbers)}")

    hits, total, misses = recovery(imported)
    print(f"(b) data/2021.yaml 的 {total} 个数字中，导入结构化了 {hits} 个：{hits / total:.1%}")
    print(f"    未结构化：{'、'.join(misses)}")

    print(f"(c) 导入时间（{args.runs} 次的中位数）：文本 {seconds * 1000:.1f} ms", end="")
    with tempfile.TemporaryDirectory() as folder:
        md = Path(folder) / "2021.md"
        md.write_text(text, encoding="utf-8")
        md_seconds, _ = timed(md, args.runs)
        gbk = Path(folder) / "2021-gbk.txt"
        gbk.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        gbk_seconds, _ = timed(gbk, args.runs)
        word = Path(folder) / "2021.docx"
        as_docx(text.splitlines(), word)
        word_seconds, word_import = timed(word, args.runs)
        same = word_import.text.split("\n", 3)[3] == imported.text.split("\n", 3)[3]
        pdf = Path(folder) / "2021.pdf"
        write_pdf(args.seed, pdf)
        pdf_seconds, pdf_import = timed(pdf, args.runs)
        pdf_lost = missing_lines(lines, page_text(pdf_import.report))
    print(
        f"，Markdown {md_seconds * 1000:.1f} ms，GB18030+CRLF 文本 {gbk_seconds * 1000:.1f} ms，"
        f"Word {word_seconds * 1000:.1f} ms（与文本导入结果{'相同' if same else '不同'}），"
        f"PDF {pdf_seconds * 1000:.1f} ms（由 tests/make_import_fixtures.py 生成，"
        f"页面上缺 {len(pdf_lost)} 行）"
    )
    print_measures(args.seed)
    tables_report(args.runs)
    pdf_report(args.runs)
    layouts_report(args.runs)
    print("(d) 每份原文导入 jixiao init 新建的网站，mkdocs build --strict，在网页上查找原文：")
    with tempfile.TemporaryDirectory() as folder:
        for source in [args.seed, *sorted((SHARED / "real-reports").glob("[0-9]*.txt"))]:
            print("    " + in_its_own_site(source, Path(folder)))


if __name__ == "__main__":
    main()
