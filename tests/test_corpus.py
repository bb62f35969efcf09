"""The bad-input corpus: each case under tests/corpus/ is a data folder that `jixiao check`
must reject with exactly the message in its expected.txt (exit code first).

Regenerate the expected files after a deliberate change of wording with
JIXIAO_UPDATE_GOLDEN=1 python -m pytest tests/test_corpus.py, and review the diff.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import ROOT

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
# Problems that concern a whole file, where no line can be named.
NO_LINE = {"encoding-utf16"}


def run_check(case: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["check", "--data", f"tests/corpus/{case}"])
    captured = capsys.readouterr()
    return f"exit: {code}\n{captured.out}{captured.err}"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_gives_its_golden_error(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    output = run_check(case, capsys)
    golden = CORPUS / case / "expected.txt"
    if os.environ.get("JIXIAO_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert output.startswith("exit: 1\n")
    assert "Traceback" not in output
    # Every problem names its file, its line where it has one, and a hint.
    blocks = re.split(r"\n(?=tests/corpus/)", output.split("\n", 1)[1].strip())
    problems = [b for b in blocks if b.startswith("tests/corpus/")]
    assert problems, output
    for block in problems:
        head = block.splitlines()[0]
        assert head.startswith(f"tests/corpus/{case}/")
        if case not in NO_LINE:
            assert re.match(r"tests/corpus/[^:]+:\d+:\d+: ", head), head
        assert "\n    提示：" in block, block


def test_a_bom_and_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml").read_text(encoding="utf-8")
    (tmp_path / "2030.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert main(["check", "--data", str(tmp_path)]) == 0


def test_a_very_large_file_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "2030.yaml"
    big.write_text("year: 2030\nnotes: |\n" + "  很长的一行文字。\n" * 300_000, encoding="utf-8")
    start = time.perf_counter()
    assert main(["check", str(big)]) == 1
    assert time.perf_counter() - start < 5
    assert "文件过大" in capsys.readouterr().err


def test_every_problem_of_several_files_is_reported_in_one_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    cases = ["misspelt-field", "encoding-gbk", "number-without-unit"]
    files = [str(next((CORPUS / c).glob("*.yaml"))) for c in cases]
    assert main(["check", *files]) == 1
    err = capsys.readouterr().err
    for case in cases:
        assert f"tests/corpus/{case}/" in err
    assert "涉及 3 个文件" in err
