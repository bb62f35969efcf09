"""The Content-Security-Policy each built page carries (jixiao.theme.csp): every inline script
the page ships runs by its hash, and the policy allows nothing inline beyond those."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from jixiao.theme.csp import ALIGNMENTS, WASM, policy, source_hash
from tests.conftest import ROOT, config_for
from tests.test_rebuilds import serve_build

META = '<meta http-equiv="Content-Security-Policy"'


def test_every_inline_script_of_every_page_is_in_its_policy_and_nothing_more(
    built_site: Path,
) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 3
    for html in pages:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        meta = soup.select('head meta[http-equiv="Content-Security-Policy"]')
        assert len(meta) == 1, html
        content = str(meta[0]["content"])
        directives = dict(d.split(" ", 1) for d in content.split("; "))
        assert directives["default-src"] == "'self'"
        sources = content.replace(";", " ").split()
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        # only the search page may compile WebAssembly (Pagefind)
        searching = html.relative_to(built_site).as_posix() == "search/index.html"
        assert (WASM in directives["script-src"].split()) == searching, html
        inline = {
            source_hash(script.string or "")
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/json"
        }
        allowed = set(re.findall(r"'sha256-[^']+'", directives["script-src"]))
        assert inline and inline <= allowed, html
        styles = set(re.findall(r"'sha256-[^']+'", directives["style-src"]))
        assert styles == {source_hash(style) for style in ALIGNMENTS}


def test_webassembly_is_allowed_only_where_asked() -> None:
    assert WASM in policy("", wasm=True).split("; ")[1].split()
    assert "wasm" not in policy("")


def test_mkdocs_serve_pages_carry_no_policy_for_its_inline_live_reload(tmp_path: Path) -> None:
    """`mkdocs serve` adds an inline live-reload script, new for every build: its pages go
    without the policy (and are cached apart from a real build's)."""
    config = config_for(tmp_path, ROOT / "tests" / "fixtures" / "minimal", tmp_path / "charts")
    serve_build(config, tmp_path / "served", "serve")
    assert META not in (tmp_path / "served" / "2030" / "index.html").read_text(encoding="utf-8")
    serve_build(config, tmp_path / "built", "build")
    assert META in (tmp_path / "built" / "2030" / "index.html").read_text(encoding="utf-8")
