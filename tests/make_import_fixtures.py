"""Make the Word and PDF versions of the synthetic import fixtures (tests/fixtures/import/*.txt).

    .venv/bin/python -m tests.make_import_fixtures 输出文件夹

Binary files are not committed: tests/test_import.py makes them with ``write_docx`` and
``write_pdf`` in a temporary folder, so they are always the text fixture: the Word file
paragraph for paragraph plus one table (a 基本情况 form) and the artefacts Word leaves
(indentation, a bookmark); the PDF wrapped into lines and pages with page numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
TEXT = FIXTURES / "2030.txt"
# A table as the form in front of many reports prints it: each row lands as “a | b”.
TABLE = [["项目", "内容"], ["预算编码", "999001"], ["评价方式", "单位自评"]]


def write_docx(text: Path, target: Path, *, table: list[list[str]] | None = None) -> None:
    """The text fixture as a Word file: a paragraph per line (empty lines kept, as Word
    keeps them), the table after the title."""
    import docx

    document = docx.Document()
    lines = text.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        document.add_paragraph(line)
        if n == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.save(str(target))


PDF_LINE = 38  # characters a line of the PDF holds: longer paragraphs wrap, as PDFs do
PDF_PAGE = 40  # lines a page holds


def write_pdf(text: Path, target: Path) -> None:
    """The text fixture as a PDF with a text layer (matplotlib, Noto Sans CJK from pip):
    paragraphs wrapped at a fixed width, indentation kept, a page number under each page."""
    import matplotlib

    matplotlib.use("Agg")
    import noto_cjk_sans_otc
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(
        fname=str(Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc")
    )
    lines: list[str] = []
    for paragraph in text.read_text(encoding="utf-8").splitlines():
        paragraph = paragraph.replace("[bookmark: _GoBack]", "")  # Word's, not printed
        while len(paragraph) > PDF_LINE:
            lines.append(paragraph[:PDF_LINE])
            paragraph = paragraph[PDF_LINE:]
        lines.append(paragraph)
    pages = [lines[i : i + PDF_PAGE] for i in range(0, len(lines), PDF_PAGE)]
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(target) as pdf:
        for number, page in enumerate(pages, start=1):
            figure = Figure(figsize=(8.27, 11.69))
            for row, line in enumerate(page):
                figure.text(0.08, 0.94 - row * 0.022, line, fontproperties=font, fontsize=11)
            figure.text(0.5, 0.03, f"- {number} -", fontproperties=font, fontsize=10)
            pdf.savefig(figure)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path.cwd()
    out.mkdir(parents=True, exist_ok=True)
    for text in sorted(FIXTURES.glob("*.txt")):
        target = out / f"{text.stem}.docx"
        write_docx(text, target, table=TABLE)
        write_pdf(text, target.with_suffix(".pdf"))
        print(f"已写出 {target} 和 {target.with_suffix('.pdf')}")


if __name__ == "__main__":
    main(sys.argv[1:])
