"""The README's first command: `mkdocs serve` builds, serves and rebuilds on a data edit."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT, config_with_data
from tests.synthetic import FULL_TEXT, edit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str, until: str, seconds: float) -> str:
    """The page at url once it contains `until`, waiting at most `seconds`."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = bytes(response.read()).decode("utf-8")
            if until in text:
                return text
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {until!r} within {seconds} s")


@contextlib.contextmanager
def serving(config: Path) -> Iterator[tuple[str, list[str]]]:
    """`mkdocs serve` on a free port, as the README runs it: the base URL, and (once the
    server has stopped) what it wrote to the terminal."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # as the README says
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    terminal: list[str] = []
    try:
        yield f"http://127.0.0.1:{port}/", terminal
    finally:
        server.terminate()
        terminal.append(server.communicate(timeout=20)[1])


def test_serve_builds_serves_and_rebuilds_when_data_changes(tmp_path: Path) -> None:
    config = config_with_data(tmp_path, FULL_TEXT, watch=[str(tmp_path / "data")])
    data = tmp_path / "data" / "2030.yaml"
    with serving(config) as (base, terminal):
        url = f"{base}2030/"
        fetch(url, "2030年度虚构县测试局整体支出绩效自评报告", 60)
        fetch(f"{base}search/", 'id="jx-search"', 10)
        entry = json.loads(fetch(f"{base}pagefind/pagefind-entry.json", "languages", 10))
        changed = edit(FULL_TEXT, "title: 2030年度", "title: 已修改2030年度")
        data.write_text(changed, encoding="utf-8")
        fetch(url, "已修改2030年度", 60)
        # the search index of the rebuilt site is written afresh: another meta file (the
        # page may show before the index is written: MkDocs writes it first)
        before = entry["languages"]["zh"]["hash"]
        fetch(f"{base}pagefind/pagefind-entry.json", '"hash":"zh_', 10)
        for _ in range(50):
            after = json.loads(fetch(f"{base}pagefind/pagefind-entry.json", "languages", 10))
            if after["languages"]["zh"]["hash"] != before:
                break
            time.sleep(0.2)
        assert after["languages"]["zh"]["hash"] != before
    assert "ERROR" not in terminal[0], terminal[0]


def test_serve_shows_data_problems_in_the_browser_then_the_site_once_fixed(
    tmp_path: Path,
) -> None:
    """A data error under `mkdocs serve` is a page listing the problems (as text, escaped),
    not a failed build and a browser left waiting; fixing the file brings the site back."""
    bad = edit(FULL_TEXT, "score: 96分", "score: <b>96</b>")
    config = config_with_data(tmp_path, bad, watch=[str(tmp_path / "data")])
    data = tmp_path / "data" / "2030.yaml"
    with serving(config) as (home, terminal):
        page = fetch(home, "数据有问题，网站未生成", 60)
        assert "data/2030.yaml:" in page and "sections.performance.score" in page
        assert "实为：“&lt;b&gt;96&lt;/b&gt;”" in page  # the data's text, never its markup
        assert "<b>96</b>" not in page
        data.write_text(FULL_TEXT, encoding="utf-8")
        fetch(home, "2030年度", 60)
    errors = terminal[0]
    assert "sections.performance.score" in errors  # the terminal lists the problems too
    assert "Building prefix dict" not in errors and "Loading model cost" not in errors
    assert "Material for MkDocs reaches end of life" not in errors


def test_serve_watches_the_data_folder_as_mkdocs_watches_the_docs(tmp_path: Path) -> None:
    """The data folder is watched through MkDocs' public ``watch``, at MkDocs' own pace."""
    from mkdocs.livereload import LiveReloadServer

    from jixiao.plugin import configured

    (tmp_path / "data").mkdir()
    plugin = configured({"data_dir": "data"}, str(tmp_path / "mkdocs.yml"))
    plugin.base = tmp_path
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    watched: list[str] = []
    real_watch = server.watch

    def watch(path: str, *args: object, **kwargs: object) -> None:
        watched.append(path)
        real_watch(path, *args, **kwargs)  # type: ignore[arg-type]

    try:
        server.watch = watch  # type: ignore[method-assign]  # a test's own spy
        plugin.on_serve(server, config=None, builder=None)  # type: ignore[arg-type]
        assert watched == [str(tmp_path / "data")]
    finally:
        server.server_close()
