"""`jixiao new YEAR`: next year's file from the latest one, never over an existing year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.source.yamlsource import read
from tests.synthetic import FULL


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding the synthetic full report as its latest (and only) year, 2030."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FULL, folder / "2030.yaml")
    return folder


def ids(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["id"]] if isinstance(node.get("id"), str) else []
        return own + [i for v in node.values() for i in ids(v)]
    if isinstance(node, list):
        return [i for v in node for i in ids(v)]
    return []


def test_new_year_keeps_structure_and_ids_and_empties_figures_and_texts(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "2031", "--data", str(data)]) == 0
    created = data / "2031.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=report.schema.json\n")
    new = read(created).value
    old = read(data / "2030.yaml").value
    assert new["year"] == 2031
    assert ids(new) == ids(old) and len(ids(new)) > 15
    # ids of indicator parts and of extra sections are kept too
    assert {"card-switch-b", "year-end-carry-over"} <= set(ids(new))
    assert new["department"] == old["department"]
    sections, old_sections = new["sections"], old["sections"]
    assert list(sections) == list(old_sections)  # the outline, in its order
    assert sections["budget"]["total"] == "" and sections["budget"]["text"] == ""
    assert [p["name"] for p in sections["budget"]["items"]] == [
        p["name"] for p in old_sections["budget"]["items"]
    ]
    assert all(p["value"] == "" for p in sections["budget"]["items"])
    theme = sections["performance"]["sections"]["theme-2"]
    nested = theme["breakdowns"][0]["parts"][0]["parts"]
    assert [p["name"] for p in nested] == ["高级", "中级"] and all(p["value"] == "" for p in nested)
    assert sections["execution"]["three_public"]["total_control"] == ""
    assert "reviews" not in new and "transcription_notes" not in new
    assert "# 原文全文，每段一行" in text  # comments say what goes where
    # nothing of last year's figures, corrections included
    assert "4025万元" not in text and "40.25" not in text and "300.5" not in text


def test_the_new_file_fails_check_clearly_until_filled(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "2031", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["check", str(data / "2031.yaml")]) == 1
    err = capsys.readouterr().err
    assert "字段 sections.budget.total: 尚未填写。" in err
    assert "字段 title: 尚未填写。" in err
    assert "提示：照新报告填写带单位的数字" in err
    assert "Traceback" not in err


def test_new_refuses_to_overwrite_an_existing_year(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (data / "2030.yaml").read_bytes()
    assert main(["new", "2030", "--data", str(data)]) == 2
    assert (data / "2030.yaml").read_bytes() == before
    assert main(["new", "2031", "--data", str(data)]) == 0
    (data / "2031.yaml").write_text("staff typing", encoding="utf-8")
    assert main(["new", "2031", "--data", str(data)]) == 2
    assert (data / "2031.yaml").read_text(encoding="utf-8") == "staff typing"
    assert "不会覆盖" in capsys.readouterr().err


def test_new_without_an_earlier_year_writes_the_outline_as_a_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "2031", "--data", str(tmp_path)]) == 0
    assert "空白草稿" in capsys.readouterr().out
    text = (tmp_path / "2031.yaml").read_text(encoding="utf-8")
    data = read(tmp_path / "2031.yaml").value
    assert data["year"] == 2031 and data["draft"] is True
    assert list(data["sections"]) == [
        "overview",
        "budget",
        "execution",
        "performance",
        "suggestions",
    ]
    assert all(s["heading"] == "" and s["text"] == "" for s in data["sections"].values())
    # comments say what goes where: the part of the outline, the heading, the text
    assert "# 类别 budget：预算安排" in text and "# 原文全文，每段一行" in text
    assert "删去 draft: true 一行" in text
    assert "$schema" not in text  # no schema file in the folder to point to
    assert main(["check", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "字段 sections.overview.heading: 尚未填写。" in err
    assert "在草稿 " in err and "不妨碍 mkdocs build 发布其他年度" in err


def test_new_marks_the_year_a_draft(data: Path) -> None:
    assert main(["new", "2031", "--data", str(data)]) == 0
    assert read(data / "2031.yaml").value["draft"] is True
    assert read(data / "2030.yaml").value.get("draft") is None
