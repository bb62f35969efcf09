"""The importer refuses a source far larger than any report before doing any work with it
(a Word file that unpacks to hundreds of MB, a text of tens of MB): exit 2 with the reason,
never minutes of work ending in “这是 jixiao import 的缺陷”.  And a headcount printed
without its parts imports."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.importer import limits


def _docx(
    target: Path,
    document_xml_bytes: int,
    extra_bytes: int = 0,
    paragraph: str = "<w:p><w:r><w:t>本局实有人数为10人。</w:t></w:r></w:p>",
) -> Path:
    """A zip laid out as a Word file whose document.xml unpacks to the given size (it
    compresses to almost nothing: the bomb the limits are for)."""
    body = paragraph * (document_xml_bytes // len(paragraph.encode()) + 1)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        if extra_bytes:
            archive.writestr("word/media/image1.png", b"\0" * extra_bytes)
    return target


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "缺陷" not in err
    return err


def test_a_word_file_whose_body_unpacks_too_large_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _docx(tmp_path / "bomb.docx", limits.MAX_DOCUMENT_XML + 1024)
    assert source.stat().st_size < 200 * 1024
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert "正文解压后有" in err and "word/document.xml" in err


def test_a_word_file_whose_members_unpack_too_large_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED", 2 * 1024 * 1024)  # not 200 MB of zeros to zip
    source = _docx(tmp_path / "big.docx", 1000, extra_bytes=limits.MAX_UNPACKED + 1)
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert "解压后有" in err and f"不超过 {limits.MAX_UNPACKED // 1024 // 1024} MB" in err


def test_a_word_file_of_too_many_paragraphs_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each paragraph costs the Word reader about a millisecond: counted in the markup."""
    empty = "<w:p/>"
    source = _docx(tmp_path / "many.docx", len(empty) * (limits.MAX_PARAGRAPHS + 1), 0, empty)
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert f"不超过 {limits.MAX_PARAGRAPHS} 个段落" in err


def test_a_word_file_of_too_much_text_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "<w:p><w:r><w:t>" + "字" * 30_000 + "</w:t></w:r></w:p>"
    size = len(long.encode()) * (limits.MAX_TEXT_CHARS // 30_000 + 1)
    assert size < limits.MAX_DOCUMENT_XML
    source = _docx(tmp_path / "long.docx", size, 0, long)
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert f"不超过 {limits.MAX_TEXT_CHARS} 个字" in err and "Word" in err


def test_a_text_file_far_too_long_is_refused_by_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "long.txt"
    source.write_text("本局实有人数为10人。\n" * (limits.MAX_TEXT_BYTES // 20), encoding="utf-8")
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert "文本文件有" in err and "MB" in err


def test_a_text_too_long_in_characters_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GB18030 takes 2 bytes a character: under the byte limit, over the character one
    source = tmp_path / "long-gbk.txt"
    line = "本局实有人数为十人。\n"
    source.write_bytes((line * (limits.MAX_TEXT_CHARS // (len(line) - 1) + 10)).encode("gb18030"))
    assert source.stat().st_size <= limits.MAX_TEXT_BYTES
    err = _refused(["import", str(source), "--year", "2030", "--dry-run"], capsys)
    assert f"不超过 {limits.MAX_TEXT_CHARS} 个字" in err


def test_a_headcount_without_parts_imports_and_checks(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        "2030年度虚构局整体支出绩效自评报告\n一、部门概况\n本局实有人数为10人。\n",
        encoding="utf-8",
    )
    out = tmp_path / "data" / "2030.yaml"
    out.parent.mkdir()
    assert main(["import", str(source), "--year", "2030", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "total: 10人" in text and "parts: []" in text
    assert main(["check", str(out)]) == 0
