"""`jixiao new YEAR`: next year's file from the latest one, never over an existing year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.model.report import Report
from jixiao.source.yamlsource import read
from tests.conftest import ROOT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "2021.yaml", folder / "2021.yaml")
    return folder


def ids(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["id"]] if isinstance(node.get("id"), str) else []
        return own + [i for v in node.values() for i in ids(v)]
    if isinstance(node, list):
        return [i for v in node for i in ids(v)]
    return []


def test_new_year_keeps_structure_and_ids_and_empties_figures_and_texts(
    data: Path, report_2021: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "2022", "--data", str(data)]) == 0
    created = data / "2022.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=report.schema.json\n")
    new = read(created).value
    old = read(data / "2021.yaml").value
    assert new["year"] == 2022
    assert ids(new) == ids(old) and len(ids(new)) > 100
    assert new["department"] == old["department"]
    assert new["budget"]["total"] == "" and new["budget"]["text"] == ""
    assert [p["name"] for p in new["budget"]["items"]] == [
        p["name"] for p in old["budget"]["items"]
    ]
    assert all(p["value"] == "" for p in new["budget"]["items"])
    assert "reviews" not in new and "transcription_notes" not in new
    assert "# 原文全文，每段一行" in text  # comments say what goes where
    assert "2017万元" not in text and "2.17" not in text  # nothing of last year's figures


def test_the_new_file_fails_check_clearly_until_filled(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "2022", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["check", str(data / "2022.yaml")]) == 1
    err = capsys.readouterr().err
    assert "字段 budget.total: 尚未填写。" in err
    assert "字段 title: 尚未填写。" in err
    assert "提示：照新报告填写带单位的数字" in err
    assert "Traceback" not in err


def test_new_refuses_to_overwrite_an_existing_year(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (data / "2021.yaml").read_bytes()
    assert main(["new", "2021", "--data", str(data)]) == 2
    assert (data / "2021.yaml").read_bytes() == before
    assert main(["new", "2022", "--data", str(data)]) == 0
    (data / "2022.yaml").write_text("staff typing", encoding="utf-8")
    assert main(["new", "2022", "--data", str(data)]) == 2
    assert (data / "2022.yaml").read_text(encoding="utf-8") == "staff typing"
    assert "不会覆盖" in capsys.readouterr().err


def test_new_needs_a_year_file_to_start_from(tmp_path: Path) -> None:
    assert main(["new", "2022", "--data", str(tmp_path)]) == 2
