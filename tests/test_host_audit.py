"""The build-time audit: references to other hosts fail the build; inert ones are allowed."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from jixiao.plugin import configured
from jixiao.postbuild import css_urls
from jixiao.postbuild.browser_urls import is_external, refresh_url, srcset_urls
from jixiao.postbuild.host_audit import (
    Findings,
    HostReference,
    audit_site,
    css_references,
    findings_from_json,
    findings_json,
    html_references,
    js_references,
)
from jixiao.postbuild.markup_urls import (
    _document_references,
    _parsed_nodes,
    scripting_off_references,
)
from tests.conftest import ROOT
from tests.host_forms import EVIL, FORMS, LOCAL_FORMS, Form
from tests.parsers import both_parses

PLANTED_HTML = """<!doctype html><html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<link rel="preconnect" href="//fonts.gstatic.com">
<link rel="stylesheet" href="../assets/main.css">
<script src="https://cdn.jsdelivr.net/npm/x.js"></script>
<script>var u = "https://www.google-analytics.com/analytics.js";</script>
<style>body { background: url('https://example.org/bg.png') }</style>
</head><body>
<img src="https://img.example.com/a.png" srcset="a.png 1x, http://cdn.example.com/a2.png 2x">
<div style="background-image:url(//cdn.example.com/x.png)"></div>
<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/chart.png"/></svg>
<form action="https://forms.example.com/post"></form>
<a href="https://www.gov.cn/">中国政府网</a>
<img src="data:image/png;base64,AAAA"><img src="../2021/chart.svg">
</body></html>"""


def test_html_references_find_every_loading_attribute() -> None:
    found = html_references(PLANTED_HTML)
    urls = [url for _where, url in found]
    assert urls == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "//fonts.gstatic.com",
        "https://cdn.jsdelivr.net/npm/x.js",
        "https://www.google-analytics.com/analytics.js",
        "https://example.org/bg.png",
        "https://img.example.com/a.png",
        "http://cdn.example.com/a2.png",
        "//cdn.example.com/x.png",
        "https://example.com/chart.png",
        "https://forms.example.com/post",
    ]


def test_links_namespaces_data_and_relative_urls_are_allowed() -> None:
    html = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
    <use href="#icon"/></svg><a href="https://www.gov.cn/">link</a>
    <img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>"><img src="a/b.png">"""
    assert html_references(html) == []


def test_descriptive_link_rels_load_nothing_but_fetching_rels_count() -> None:
    html = """<link rel="canonical" href="https://portal.example.gov.cn/jixiao/2021/">
    <link rel="prev" href="https://portal.example.gov.cn/jixiao/">
    <link rel="preconnect" href="https://cdn.example.com">
    <link rel="dns-prefetch" href="//cdn.example.net">
    <link rel="canonical stylesheet" href="https://cdn.example.org/a.css">
    <link href="https://cdn.example.org/no-rel.css">"""
    assert [url for _where, url in html_references(html)] == [
        "https://cdn.example.com",
        "//cdn.example.net",
        "https://cdn.example.org/a.css",
        "https://cdn.example.org/no-rel.css",
    ]


def test_css_and_js_references() -> None:
    css = """@import "https://fonts.googleapis.com/css2?family=Noto";
    .a { background: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>") }
    @font-face { src: url(https://fonts.gstatic.com/s/roboto.woff2) }
    .b { background: url(../img/x.png) }"""
    assert css_references(css) == [
        "https://fonts.googleapis.com/css2?family=Noto",
        "https://fonts.gstatic.com/s/roboto.woff2",
    ]
    js = """/* Licence: http://www.mozilla.org/MPL/ */ // see (https://example.org/doc)
    load("https://cdn.example.com/lib.js"); fetch(`https://api.example.com/${x}`);
    var ns = "http://www.w3.org/2000/svg";"""
    assert js_references(js) == ["https://cdn.example.com/lib.js", "https://api.example.com/${x}"]


def test_the_built_site_references_no_other_host(built_site: Path) -> None:
    assert audit_site(built_site) == []


def test_material_conditional_urls_are_refused_once_their_feature_is_on(
    built_site: Path, tmp_path: Path
) -> None:
    """Material's mermaid loader is inert only while no page has a mermaid diagram."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    assert audit_site(site) == []
    page = site / "about" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("<article", '<pre class="mermaid"></pre><article'),
        encoding="utf-8",
    )
    assert [ref.url for ref in audit_site(site)] == [
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
    ]


def test_every_page_must_carry_the_local_resize_observer(built_site: Path, tmp_path: Path) -> None:
    """Material's unpkg fallback is inert only while each page loads our copy first."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "2021" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "javascripts/resize-observer.js" in html
    page.write_text(html.replace("javascripts/resize-observer.js", "x.js"), encoding="utf-8")
    assert [ref.url for ref in audit_site(site)] == ["https://unpkg.com/resize-observer-polyfill"]


def test_a_planted_reference_fails_the_build(built_site: Path, tmp_path: Path) -> None:
    """The adapter's post-build step stops the build and names the file and the URL."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "stylesheets" / "jixiao.css").write_text(
        "@font-face { src: url(https://fonts.gstatic.com/roboto.woff2) }", encoding="utf-8"
    )
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    plugin = configured({}, str(tmp_path / "mkdocs.yml"))
    plugin.base = tmp_path  # its audit cache goes to tmp_path/.cache, not the repository's
    with pytest.raises(PluginError, match="1 处引用了其他网站"):
        plugin.on_post_build(config)
    refs = audit_site(site)
    assert [r.render() for r in refs] == [
        "stylesheets/jixiao.css：CSS 引用了其他网站的地址 https://fonts.gstatic.com/roboto.woff2"
    ]


MATPLOTLIB_LIKE_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="460pt" height="345pt"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><cc:Work>
  <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round}</style></defs>
 <g id="figure_1"><use xlink:href="#m0" x="10" y="20"/></g>
</svg>"""


def test_chart_svgs_are_audited_and_metadata_is_not_a_request(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "chart.svg").write_text(MATPLOTLIB_LIKE_SVG, encoding="utf-8")
    assert audit_site(site) == []
    (site / "bad.svg").write_text(
        MATPLOTLIB_LIKE_SVG.replace(
            "*{stroke", "@import url(https://fonts.example.com/f.css);*{stroke"
        ),
        encoding="utf-8",
    )
    assert [r.render() for r in audit_site(site)] == [
        "bad.svg：<style> 引用了其他网站的地址 https://fonts.example.com/f.css"
    ]


# Each hand-written form of reference: the audit names exactly its URLs (local forms: none).
# tests/browser/test_host_forms.py loads the same pages in Chromium.
@pytest.mark.parametrize("form", [*FORMS, *LOCAL_FORMS], ids=lambda form: form.id)
def test_each_form_is_reported_with_its_url(form: Form, tmp_path: Path) -> None:
    site = form.write(tmp_path / "site", form.test_host())
    assert [ref.url for ref in audit_site(site)] == form.urls(form.test_host())


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("//evil.example/x", True),
        ("\\\\evil.example/x", True),
        ("/\\evil.example/x", True),
        ("\\/evil.example/x", True),
        ("///evil.example/x", True),
        ("https:evil.example/x", True),
        ("https:\\\\evil.example", True),
        ("HTTPS://evil.example", True),
        (" \x00\x1f https://evil.example ", True),
        ("ht\ttps://evil.example", True),
        ("h\nt\rtps://evil.example", True),
        ("/\t/evil.example", True),
        ("wss://evil.example/socket", True),
        ("file://evil.example/share/x", True),
        ("file:\\\\evil.example\\share", True),
        ("view-source:https://evil.example", True),
        ("foo://evil.example", True),
        ("x.png", False),
        ("/x.png", False),
        ("../x.png", False),
        ("#top", False),
        ("?q=1", False),
        ("//", False),
        ("https:", False),
        ("file:///tmp/x", False),
        ("file://localhost/tmp/x", False),
        ("data:text/html,<img src=https://evil.example>", False),
        ("blob:https://evil.example/uuid", False),
        ("mailto:a@evil.example", False),
        ("javascript:void(0)", False),
        ("&#x68;ttps://evil.example", False),  # undecoded: a path starting with '&'
    ],
)
def test_urls_are_read_as_the_whatwg_url_standard_does(url: str, external: bool) -> None:
    assert is_external(url) is external


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png,b.png", ["a.png,b.png"]),
        ("a.png, b.png", ["a.png", "b.png"]),
        ("a.png,, b.png 2x,", ["a.png", "b.png"]),
        (
            "data:image/png;base64,AA== 1x,https://e.example/b.png 2x",
            ["data:image/png;base64,AA==", "https://e.example/b.png"],
        ),
        ("a.png 100w (x, y), b.png", ["a.png", "b.png"]),
        ("\n  a.png\t1x ,\n//e.example/b.png", ["a.png", "//e.example/b.png"]),
        ("", []),
    ],
)
def test_srcset_is_split_as_the_html_standard_does(srcset: str, urls: list[str]) -> None:
    assert srcset_urls(srcset) == urls


@pytest.mark.parametrize(
    ("content", "url"),
    [
        ("0; url=https://e.example/", "https://e.example/"),
        ("0; URL=https://e.example/", "https://e.example/"),
        ("5 ; Url = 'https://e.example/' x", "https://e.example/"),
        ('0;url="https://e.example/"', "https://e.example/"),
        ("0,https://e.example/", "https://e.example/"),
        ("0 https://e.example/", "https://e.example/"),
        ("0; 'https://e.example/'", "https://e.example/"),
        ("0; urn:x", "urn:x"),
        ("1.5; url=a.html", "a.html"),
        ("0", None),
        ("0;", None),
        ("0x; url=https://e.example/", None),
    ],
)
def test_meta_refresh_is_read_as_the_html_standard_does(content: str, url: str | None) -> None:
    assert refresh_url(content) == url


def test_findings_show_hidden_characters_of_the_url() -> None:
    ref = HostReference("a/index.html", "<img src>", "ht\ttps://evil.example/\x01")
    assert (
        ref.render()
        == "a/index.html：<img src> 引用了其他网站的地址 ht\\x09tps://evil.example/\\x01"
    )


def test_an_undecodable_file_is_still_audited(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b'<p>\xb2\xe2</p><img src="//evil.example/x.png">')
    assert [ref.render() for ref in audit_site(tmp_path)] == [
        "index.html：字符编码 须为 UTF-8（浏览器按其他编码读出的标签和地址，检查看不见），"
        "含有 非 UTF-8 字节",
        "index.html：<img src> 引用了其他网站的地址 //evil.example/x.png",
    ]


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("a.html", b'<meta charset="UTF-8"><p>x', None),
        ("a.html", b'<meta http-equiv="Content-Type" content="text/html; charset=utf8">', None),
        ("a.html", b"\xef\xbb\xbf<p>x", None),
        ("a.html", b"<p>x", "未声明"),
        ("a.html", b" " * 1024 + b'<meta charset="utf-8">', "未声明"),
        ("a.html", b'<meta charset="gbk"><p>x', "gbk"),
        ("a.html", b"\xff\xfe<\x00p\x00", "UTF-16"),
        ("a.css", b"p { color: red }", None),
        ("a.css", b'@charset "utf-8"; p {}', None),
        ("a.css", b'@charset "shift_jis"; p {}', "shift_jis"),
        ("a.svg", b'<?xml version="1.0" encoding="utf-8"?><svg/>', None),
        ("a.svg", b"<svg/>", None),
        ("a.svg", b'<?xml version="1.0" encoding="iso-2022-jp"?><svg/>', "iso-2022-jp"),
        ("a.js", b"var a = 1;", None),
    ],
)
def test_files_must_be_read_as_utf8_by_the_browser_too(
    tmp_path: Path, name: str, data: bytes, found: str | None
) -> None:
    (tmp_path / name).write_bytes(data)
    encodings = [ref.url for ref in audit_site(tmp_path) if ref.where == "字符编码"]
    assert encodings == ([found] if found else [])


def test_the_audit_cache_reads_again_exactly_the_files_that_changed(
    built_site: Path, tmp_path: Path
) -> None:
    """A second audit with the cache finds the same; a page or chart changed after it is read
    again, so a reference planted in it is found; the cache keeps this build's files only."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    kept: dict[bytes, Findings] = {}

    def audited() -> list[HostReference]:
        """An audit with the findings kept as JSON by the build before (as the plugin does)."""
        known = findings_from_json(json.loads(json.dumps(findings_json(kept))))
        assert known == kept
        used: dict[bytes, Findings] = {}
        found = audit_site(site, known, used)
        kept.clear()
        kept.update(used)
        return found

    assert audited() == [] == audited()
    assert kept
    page = site / "2021" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>", '<img src="https://cdn.example.com/a.png"></body>'
        ),
        encoding="utf-8",
    )
    chart = next(site.rglob("*.svg"))
    chart.write_text(
        chart.read_text(encoding="utf-8").replace(
            "</svg>", '<image href="https://cdn.example.com/b.png"/></svg>'
        ),
        encoding="utf-8",
    )
    found = {(ref.file, ref.url) for ref in audited()}
    assert found == {
        ("2021/index.html", "https://cdn.example.com/a.png"),
        (chart.relative_to(site).as_posix(), "https://cdn.example.com/b.png"),
    }
    # Material's guarded URLs are judged on the pages of this build, cached or not.
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("javascripts/resize-observer.js", "x.js"), encoding="utf-8")
    assert "https://unpkg.com/resize-observer-polyfill" in {ref.url for ref in audited()}
    assert findings_from_json({"00": [[["a", 1]], None]}) == {}  # a shape of no findings


# Forms the current standard (html5ever, Chromium) reads otherwise than html5lib, or that only a
# browser with scripting on or only one with it off loads: each parse alone misses one of them.
NOT_ALIKE = {
    "select-content",
    "noscript-style-ended-by-noscript",
    "noscript-link-in-head",
    "local-end-p-leaves-svg",
}
HTML_PAGES = [
    pytest.param(form.files[form.page], id=form.id)
    for form in [*FORMS, *LOCAL_FORMS]
    if form.page.endswith(".html") and isinstance(form.files[form.page], str)
    if form.id not in NOT_ALIKE
]


@pytest.mark.parametrize("markup", HTML_PAGES)
def test_html5ever_finds_what_html5lib_found_in_each_form(markup: str) -> None:
    markup = markup.replace(EVIL, "evil.example")
    assert list(_document_references(_parsed_nodes(markup))) == scripting_off_references(markup)


def test_html5ever_reads_every_built_page_as_html5lib_did(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        new, old = both_parses(page.read_text(encoding="utf-8"))
        assert new == old, page
        assert any(namespace.endswith("/svg") for namespace, *_ in new), page


def test_noscript_is_read_both_ways() -> None:
    img = '<img src="http://evil.example/x.png">'
    # Scripting on (Chromium's default): <noscript> is text, so </noscript> ends the <style>.
    on = f"<noscript><style></noscript>{img}</style></noscript>"
    # Scripting off: the <img> is an element; with scripting on it is text.
    off = f"<noscript>{img}</noscript>"
    for markup in on, off:
        assert html_references(markup) == [("<img src>", "http://evil.example/x.png")]


def test_css_that_names_no_host_is_not_tokenized_and_would_find_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pieces = ["url(", "src(", "image-set(", "\\75 rl(", "@import", "@\\69mport", "@namespace"]
    pieces += ['"', "'", "(", ")", "{", "}", ";", ",", " ", "\t", "\n", "\x00", "/*", "*/"]
    pieces += ["h", "ttp", "evil.example", "data", "text/css", "#p", "\\", "\\3a ", "\\2f "]
    pieces += [":", "/", "//", "--u", "var(--u)", "-"]
    rng = random.Random(0)
    samples = ["".join(rng.choices(pieces, k=rng.randint(1, 14))) for _ in range(20000)]
    samples += ["translate(12.5 3)", "rotate(-90)", "url(#p1a2b)", "url(evil.example)"]
    skipped = [css for css in samples if not css_urls.may_name_host(css)]
    monkeypatch.setattr(css_urls, "may_name_host", lambda css: True)
    assert [css for css in skipped if css_references(css)] == []
    assert len(skipped) > 1000
    assert sum(1 for css in samples if css_references(css)) > 20


def test_a_new_site_with_its_own_main_html_builds_with_jixiao_s_scripts(tmp_path: Path) -> None:
    """Material's documented customisation point, overrides/main.html, shadows any main.html
    a plugin puts on the theme's path: jixiao's scripts (the local ResizeObserver the audit
    requires) reach every page through extra_javascript instead, so the site still builds."""
    from tests.test_init import init, mkdocs_build

    site = tmp_path / "new-site"
    assert init(site) == 0
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    (site / "overrides").mkdir()
    (site / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="own-main" content="1">'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    for page in (site / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="own-main" content="1">' in html, page
        assert "javascripts/resize-observer.js" in html, page


def test_other_text_files_are_read_every_way_but_data_and_binaries_are_not(tmp_path: Path) -> None:
    """A page may run any text file as its script: it is read as page, stylesheet and script.
    Valid JSON holds only literals and a CSV is never run: both pass, as a binary does."""
    script = "new Image().src = 'http://evil.example/x.png'"
    (tmp_path / "a.txt").write_text(script, encoding="utf-8")
    (tmp_path / "b").write_text('<img src="//evil.example/b.png">', encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG\0" + script.encode())
    (tmp_path / "d.json").write_text('{"u": "http://evil.example/d"}', encoding="utf-8")
    (tmp_path / "e.map").write_text('{"u": "http:\\/\\/evil.example/e"}', encoding="utf-8")
    (tmp_path / "f.csv").write_text('"http://evil.example/f"\n', encoding="utf-8")
    (tmp_path / "g.png").write_text(f"p {{ --u: 'http://evil.example/g' }} {script}", "utf-8")
    assert [(ref.file, ref.where, ref.url) for ref in audit_site(tmp_path)] == [
        ("a.txt", "JS", "http://evil.example/x.png"),
        ("b", "<img src>", "//evil.example/b.png"),
        ("b", "JS", "//evil.example/b.png"),
        ("g.png", "CSS", "http://evil.example/g"),
        ("g.png", "JS", "http://evil.example/g"),
        ("g.png", "JS", "http://evil.example/x.png"),
    ]


def test_a_failing_guard_names_the_page_and_what_it_lacks(built_site: Path, tmp_path: Path) -> None:
    """A page without the local ResizeObserver (a site's own template that drops Material's
    scripts block) is named, with the file it lacks and how to keep it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    for page in (site / "about" / "index.html", site / "2021" / "index.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("javascripts/resize-observer.js", "x.js"), encoding="utf-8")
    (message,) = [ref.render() for ref in audit_site(site)]
    assert message.startswith("2021/index.html：（共 2 个页面，Material 的 assets/javascripts/")
    assert "没有载入本站的 javascripts/resize-observer.js" in message
    assert "{{ super() }}" in message
    assert message.endswith("https://unpkg.com/resize-observer-polyfill")
