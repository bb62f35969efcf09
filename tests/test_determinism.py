"""Same data, same bytes: two separate `jixiao render` processes, with different hash seeds,
write byte-identical pages, charts, downloads and revision history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def render(out: Path, seed: str) -> dict[str, bytes]:
    data = ROOT / "tests" / "fixtures" / "years"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "jixiao.cli", "render", str(out), "--data", str(data)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    first = render(tmp_path / "first", "1")
    second = render(tmp_path / "second", "2")
    kinds = {path.rsplit(".", 1)[-1] for path in first}
    assert {"md", "svg", "csv", "xlsx", "json"} <= kinds
    assert any(b"2031" in text for path, text in first.items() if path.endswith(".md"))
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
