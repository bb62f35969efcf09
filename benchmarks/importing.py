"""How well `jixiao import` reads the seed report: nothing lost, figures recovered, time.

    .venv/bin/python -m benchmarks.importing [--seed PATH]

Imports the seed's text (and the same text as Markdown, GB18030 with CRLF, a Word file
and a PDF made by tests/make_import_fixtures.py, to time each format), loads the result
with the model, renders the year's page with jixiao's own templates and prints
(a) whether every line and every number of the source is on the page, (b) the share of
the figures of the hand-made data/2021.yaml that the import recovered as structured
figures (same value and unit; each used once), with the misses, (c) the import time per format.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from jixiao.importer.figures import figures_of
from jixiao.importer.run import Imported, import_report
from jixiao.model.figures import Figure
from jixiao.model.loader import load_or_raise
from jixiao.model.tree import descend
from tests.import_page import missing_lines, missing_numbers, page_text
from tests.make_import_fixtures import write_pdf

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


def timed(path: Path, runs: int) -> tuple[float, Imported]:
    times = []
    imported = None
    for _ in range(runs):
        start = time.perf_counter()
        imported = import_report(path, 2021)
        times.append(time.perf_counter() - start)
    assert imported is not None
    return statistics.median(times), imported


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


if __name__ == "__main__":
    main()
