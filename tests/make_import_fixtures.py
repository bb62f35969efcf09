"""Make the Word versions of the synthetic import fixtures (tests/fixtures/import/*.txt).

    .venv/bin/python -m tests.make_import_fixtures 输出文件夹

Binary files are not committed: tests/test_import.py makes them with ``write_docx`` in a
temporary folder, so the Word fixture is always the text fixture, paragraph for paragraph,
plus one table (a 基本情况 form) and the artefacts Word leaves (indentation, a bookmark).
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


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path.cwd()
    out.mkdir(parents=True, exist_ok=True)
    for text in sorted(FIXTURES.glob("*.txt")):
        target = out / f"{text.stem}.docx"
        write_docx(text, target, table=TABLE)
        print(f"已写出 {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
