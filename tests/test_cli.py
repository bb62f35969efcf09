from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import ROOT

FULL = ROOT / "tests" / "fixtures" / "full"
GOOD = FULL / "2030.yaml"


def test_check_passes_on_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", str(ROOT / "data")]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_check_defaults_to_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0
    assert "2021" in capsys.readouterr().out


def test_check_exits_1_and_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "2030.yaml"
    text = GOOD.read_text(encoding="utf-8")
    bad.write_text(
        text.replace("score: 96分", "score: 96")
        .replace("grade: 优秀", "grad: 优秀")
        .replace("total: 300.5万元", "total: 300.5万"),
        encoding="utf-8",
    )
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "sections.performance.score" in err and "sections.performance.grad" in err
    assert "是否想写“grade”" in err  # a misspelt optional field is unknown, not silently absent
    assert "Traceback" not in err
    assert "共 3 个问题" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no-such-file.yaml"]) == 2
    assert main(["frobnicate"]) == 2  # argparse's errors too: returned, never SystemExit
    assert "用法有误" in capsys.readouterr().err


def test_render_writes_markdown_and_never_overwrites_unasked(tmp_path: Path) -> None:
    out = tmp_path / "md"
    assert main(["render", str(out), "--data", str(FULL)]) == 0
    report = (out / "2030.md").read_text(encoding="utf-8")
    assert "# 2030年度虚构县测试局整体支出绩效自评报告（测试数据）" in report
    (out / "2030.md").write_text("staff edit", encoding="utf-8")
    assert main(["render", str(out), "--data", str(FULL)]) == 2
    assert (out / "2030.md").read_text(encoding="utf-8") == "staff edit"
    assert main(["render", str(out), "--data", str(FULL), "--force"]) == 0
    assert (out / "2030.md").read_text(encoding="utf-8") == report
