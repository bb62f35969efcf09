"""Hand-written pages that reach for another host, one form each, and local look-alikes.

Shared by the audit's unit tests (each form -> the URLs the audit reports) and
the Chromium test (each form the audit passes loads nothing from another host).
``EVIL`` stands for the other host: ``evil.example`` in unit tests, a local
listener at 127.0.0.2 in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import material

EVIL = "EVIL"


@dataclass(frozen=True)
class Form:
    """One way of writing a reference. ``reported``: the URLs the audit names, as written in the
    page after entity decoding (empty for a local form). ``live``: Chromium contacts the other
    host when the page is loaded and ``action`` (the reader's click, as a script) is run
    (None: it may or may not); ``why`` says why not when it does not."""

    id: str
    files: Mapping[str, str | bytes]
    reported: tuple[str, ...]
    live: bool | None = True
    action: str | None = None
    page: str = "index.html"
    why: str = ""
    # The other host's name when the form needs one of its own kind ('localhost', a single
    # label): the unit tests write it as it is, the browser test with its listener's port.
    host: str = ""

    def test_host(self) -> str:
        """The other host in the unit tests."""
        return self.host or "evil.example"

    def write(self, folder: Path, host: str) -> Path:
        """The form's files in folder, with EVIL replaced by host."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in self.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):  # written in another encoding
                (folder / name).write_bytes(content.replace(EVIL.encode(), host.encode()))
            else:
                (folder / name).write_text(content.replace(EVIL, host), encoding="utf-8")
        (folder / "ok.png").write_bytes(PNG)
        return folder

    def urls(self, host: str) -> list[str]:
        return [url.replace(EVIL, host) for url in self.reported]


# A 1x1 PNG, so that local images load.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def page(body: str, head: str = "", body_attributes: str = "") -> str:
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>测试</title>'
        f"{head}</head><body{body_attributes}><p>正文</p>{body}</body></html>"
    )


def html_form(
    id: str,
    body: str,
    *reported: str,
    head: str = "",
    body_attributes: str = "",
    live: bool | None = True,
    action: str | None = None,
    why: str = "",
) -> Form:
    files = {"index.html": page(body, head, body_attributes)}
    return Form(id, files, reported, live=live, action=action, why=why)


def css_form(
    id: str, css: str, *reported: str, body: str = "", live: bool = True, why: str = ""
) -> Form:
    """css in a stylesheet file the page links to."""
    files = {"index.html": page(body, '<link rel="stylesheet" href="style.css">'), "style.css": css}
    return Form(id, files, reported, live=live, why=why)


def svg_form(id: str, svg: str, *reported: str, live: bool = True, why: str = "") -> Form:
    """An SVG file opened on its own, as a reader does who opens a chart in a new tab."""
    return Form(id, {"chart.svg": svg}, reported, live=live, page="chart.svg", why=why)


def material_form(id: str, body: str, *reported: str, quirks: bool = False) -> Form:
    """A page that runs Material's own bundle (from the installed package), as every page of
    the site does: what Material's script loads depends on what the page holds."""
    (bundle,) = (Path(material.__file__).parent / "templates/assets/javascripts").glob(
        "bundle.*.min.js"
    )
    config = '{"base": ".", "features": [], "search": "x.js", "tags": null, "translations": {}}'
    html = page(
        '<input type="checkbox" data-md-toggle="drawer">'
        '<input type="checkbox" data-md-toggle="search">'
        '<header data-md-component="header"><div data-md-component="header-title"></div></header>'
        f'<div data-md-component="container"><main><div data-md-component="content">'
        f"<article>{body}</article></div></main></div>"
        f'<script id="__config" type="application/json">{config}</script>'
        f'<script src="assets/javascripts/{bundle.name}"></script>'
        '<script src="javascripts/resize-observer.js"></script>'
    )
    files: dict[str, str | bytes] = {
        "index.html": html,
        f"assets/javascripts/{bundle.name}": bundle.read_bytes(),
    }
    if quirks:  # no doctype: class selectors match in any case
        files["index.html"] = html.removeprefix("<!doctype html>")
    return Form(id, files, reported)


MERMAID = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
XHTML_OPEN = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
XSLT = (
    '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:template match="/"><html><body><p>x</p><img src="http://EVIL/x.png"/></body></html>'
    "</xsl:template></xsl:stylesheet>"
)
SCRIPT_IMG = "<script>new Image().src = 'http://EVIL/x.png'</script>"

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
IMG = "http://EVIL/x.png"
# UTF-8 sees one attribute holding "<img ...>"; ISO-2022-JP sees the first quote eaten by the
# escape, so the attribute ends later and the <img> is a tag.
HIDDEN_BY_ESCAPES = f'<p title="\x1b$B"\x1b(B data-x="><img src={IMG}>">x</p>'
FONT_TEXT = '<p style="font-family: f">字</p>'

FORMS: list[Form] = [
    # How the URL is written: the browser normalises each of these to http(s)://EVIL/...
    html_form("protocol-relative", '<img src="//EVIL/x.png">', "//EVIL/x.png"),
    html_form("upper-case-scheme", '<img src="HTTP://EVIL/x.png">', "HTTP://EVIL/x.png"),
    html_form("backslashes", '<img src="\\\\EVIL/x.png">', "\\\\EVIL/x.png"),
    html_form("slash-backslash", '<img src="/\\EVIL/x.png">', "/\\EVIL/x.png"),
    html_form("scheme-backslashes", '<img src="http:\\\\EVIL/x.png">', "http:\\\\EVIL/x.png"),
    html_form("three-slashes", '<img src="///EVIL/x.png">', "///EVIL/x.png"),
    html_form("other-scheme-no-slashes", '<img src="https:EVIL/x.png">', "https:EVIL/x.png"),
    html_form(
        "same-scheme-no-slashes",
        '<img src="http:EVIL/x.png">',
        "http:EVIL/x.png",
        live=False,
        why="on an http page http:EVIL is a path; the audit refuses it for https pages",
    ),
    html_form("tab-in-scheme", '<img src="ht\ttp://EVIL/x.png">', "ht\ttp://EVIL/x.png"),
    html_form("newline-in-slashes", '<img src="http:/\n/EVIL/x.png">', "http:/\n/EVIL/x.png"),
    html_form("entity-tab-in-scheme", '<img src="ht&Tab;tp://EVIL/x.png">', "ht\ttp://EVIL/x.png"),
    html_form("leading-control", '<img src="&#1; http://EVIL/x.png">', "\x01 http://EVIL/x.png"),
    html_form("entity-colon", '<img src="http&#58;//EVIL/x.png">', IMG),
    html_form("named-entity-colon", '<img src="http&colon;//EVIL/x.png">', IMG),
    html_form("entity-in-scheme", '<img src="&#x68;ttp://EVIL/x.png">', IMG),
    html_form("unquoted-attribute", "<img src=http://EVIL/x.png>", IMG),
    # Attributes that load something.
    html_form("img-src", f'<img src="{IMG}">', IMG),
    html_form(
        "srcset-chosen-candidate",
        '<img src="ok.png" srcset="ok.png 2x, http://EVIL/x.png 1x">',
        IMG,
    ),
    html_form(
        "srcset-other-candidate",
        '<img src="ok.png" srcset="ok.png 1x, http://EVIL/x.png 2x">',
        IMG,
        live=False,
        why="at one device pixel per CSS pixel Chromium picks the 1x candidate",
    ),
    html_form(
        "srcset-url-with-commas",
        '<img srcset="data:image/png;base64,iVBORw0KGgo= 2x,http://EVIL/x.png 1x">',
        IMG,
    ),
    html_form(
        "picture-source-srcset",
        f'<picture><source srcset="{IMG}"><img src="ok.png"></picture>',
        IMG,
    ),
    html_form("input-image", f'<input type="image" src="{IMG}" alt="x">', IMG),
    html_form("video-poster", f'<video poster="{IMG}"></video>', IMG),
    html_form("video-src", '<video src="http://EVIL/v.mp4"></video>', "http://EVIL/v.mp4"),
    html_form("audio-src", '<audio src="http://EVIL/a.mp3"></audio>', "http://EVIL/a.mp3"),
    html_form(
        "video-source-src",
        '<video><source src="http://EVIL/v.mp4"></video>',
        "http://EVIL/v.mp4",
    ),
    html_form(
        "video-track-src",
        '<video src="ok.mp4"><track default src="http://EVIL/t.vtt"></video>',
        "http://EVIL/t.vtt",
    ),
    html_form("iframe-src", '<iframe src="http://EVIL/"></iframe>', "http://EVIL/"),
    html_form("object-data", '<object data="http://EVIL/o"></object>', "http://EVIL/o"),
    html_form("embed-src", '<embed src="http://EVIL/e">', "http://EVIL/e"),
    html_form("script-src", '<script src="http://EVIL/s.js"></script>', "http://EVIL/s.js"),
    html_form("body-background", "", IMG, body_attributes=f' background="{IMG}"'),
    html_form("table-background", f'<table background="{IMG}"><tr><td>x</td></tr></table>', IMG),
    html_form("base-href", '<img src="x.png">', "http://EVIL/", head='<base href="http://EVIL/">'),
    html_form(
        "link-stylesheet",
        "",
        "http://EVIL/s.css",
        head='<link rel="stylesheet" href="http://EVIL/s.css">',
    ),
    html_form(
        "link-preload",
        "",
        IMG,
        head=f'<link rel="preload" as="image" href="{IMG}">',
    ),
    html_form(
        "link-preload-imagesrcset",
        "",
        IMG,
        head=f'<link rel="preload" as="image" imagesrcset="{IMG} 1x">',
    ),
    html_form("link-prefetch", "", IMG, head=f'<link rel="prefetch" href="{IMG}">'),
    html_form(
        "link-modulepreload",
        "",
        "http://EVIL/m.js",
        head='<link rel="modulepreload" href="http://EVIL/m.js">',
    ),
    html_form(
        "link-preconnect",
        "",
        "http://EVIL",
        head='<link rel="preconnect" href="http://EVIL">',
        live=None,
        why="a hint Chromium may or may not act on",
    ),
    html_form(
        "link-dns-prefetch",
        "",
        "//EVIL",
        head='<link rel="dns-prefetch" href="//EVIL">',
        live=False,
        why="resolving a name sends nothing to the host (and EVIL is an address)",
    ),
    html_form(
        "link-icon",
        "",
        "http://EVIL/f.ico",
        head='<link rel="icon" href="http://EVIL/f.ico">',
    ),
    html_form(
        "link-manifest",
        "",
        "http://EVIL/m.json",
        head='<link rel="manifest" href="http://EVIL/m.json">',
    ),
    html_form(
        "link-rel-repeated",
        "",
        "http://EVIL/s.css",
        head='<link rel="stylesheet" rel="canonical" href="http://EVIL/s.css">',
    ),
    html_form(
        "meta-refresh-upper-case",
        "",
        "http://EVIL/r",
        head='<meta http-equiv="REFRESH" content="0; URL=http://EVIL/r">',
    ),
    html_form(
        "meta-refresh-without-url",
        "",
        "http://EVIL/r",
        head='<meta http-equiv="refresh" content="0;http://EVIL/r">',
    ),
    html_form(
        "meta-refresh-quoted",
        "",
        "http://EVIL/r",
        head='<meta http-equiv="refresh" content="0; url = \'http://EVIL/r\'">',
    ),
    html_form(
        "form-action",
        '<form action="http://EVIL/post"><button>提交</button></form>',
        "http://EVIL/post",
        action="document.querySelector('button').click()",
    ),
    html_form(
        "button-formaction",
        '<form action="ok"><button formaction="http://EVIL/post">提交</button></form>',
        "http://EVIL/post",
        action="document.querySelector('button').click()",
    ),
    html_form(
        "a-ping",
        '<a href="ok.png" ping="http://EVIL/ping">图</a>',
        "http://EVIL/ping",
        action="document.querySelector('a').click()",
    ),
    html_form(
        "iframe-srcdoc",
        f'<iframe srcdoc="&lt;img src=&quot;{IMG}&quot;&gt;"></iframe>',
        IMG,
    ),
    html_form(
        "iframe-javascript-src",
        "<iframe src=\"javascript:'<img src=http://EVIL/x.png>'\"></iframe>",
        "javascript:'<img src=http://EVIL/x.png>'",
    ),
    html_form(
        "event-handler",
        '<img src="missing.png" onerror="new Image().src=\'http://EVIL/x.png\'">',
        IMG,
    ),
    html_form(
        "a-attributionsrc",
        '<a href="ok.png" attributionsrc="http://EVIL/a">图</a>',
        "http://EVIL/a",
        action="document.querySelector('a').click()",
        live=None,
        why="Chromium sent it in some runs and not in others (attribution reporting)",
    ),
    html_form(
        "meta-http-equiv-link",
        "",
        "http://EVIL/s.css",
        head='<meta http-equiv="Link" content="<http://EVIL/s.css>; rel=stylesheet">',
        live=False,
        why="Chromium ignores a Link header written as meta (other browsers may not)",
    ),
    html_form(
        "speculation-rules",
        '<script type="speculationrules">'
        '{"prefetch": [{"source": "list", "urls": ["http://EVIL/p"]}]}</script>',
        "http://EVIL/p",
        live=None,
        why="prefetching is a hint Chromium may or may not act on",
    ),
    # data: URLs carry a document, and a document can load from elsewhere.
    html_form(
        "data-iframe-html",
        '<iframe src="data:text/html,<img src=http://EVIL/x.png>"></iframe>',
        IMG,
    ),
    html_form(
        "data-iframe-percent-encoded",
        '<iframe src="data:text/html;charset=utf-8,%3Cimg%20src%3D%22http://EVIL/x.png%22%3E">'
        "</iframe>",
        IMG,
    ),
    html_form(
        "data-object-svg",
        "<object data=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        f"<image href='{IMG}' width='9' height='9'/></svg>\"></object>",
        IMG,
    ),
    html_form(
        "data-img-svg",
        "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        f"<image href='{IMG}' width='9' height='9'/></svg>\">",
        IMG,
        live=False,
        why="an SVG drawn as an image loads nothing (the audit refuses it all the same)",
    ),
    html_form(
        "data-link-stylesheet",
        "",
        "http://EVIL/s.css",
        head='<link rel="stylesheet" href="data:text/css,@import url(http://EVIL/s.css);">',
    ),
    html_form(
        "data-script-src",
        "<script src=\"data:text/javascript,new Image().src='http://EVIL/x.png'\"></script>",
        IMG,
    ),
    html_form(
        "style-import-data",
        "<style>@import url('data:text/css,p{background:url(http://EVIL/x.png)}');</style>",
        IMG,
    ),
    # Inline SVG.
    html_form("svg-image-href", f'<svg><image href="{IMG}" width="9" height="9"/></svg>', IMG),
    html_form(
        "svg-image-xlink-href",
        f'{SVG_OPEN}<image xlink:href="{IMG}" width="9" height="9"/></svg>',
        IMG,
    ),
    html_form(
        "svg-use-href",
        '<svg><use href="http://EVIL/u.svg#a"/></svg>',
        "http://EVIL/u.svg#a",
    ),
    html_form(
        "svg-script-href",
        '<svg><script href="http://EVIL/s.js"></script></svg>',
        "http://EVIL/s.js",
    ),
    html_form(
        "svg-feimage-href",
        f'<svg><filter id="f"><feImage href="{IMG}"/></filter>'
        '<rect filter="url(#f)" width="9" height="9"/></svg>',
        IMG,
    ),
    html_form(
        "svg-set-href",
        '<svg><image href="ok.png" width="9" height="9">'
        '<set attributeName="href" to="http://EVIL/x.png"/></image></svg>',
        IMG,
    ),
    html_form(
        "svg-animate-href-values",
        '<svg><image href="ok.png" width="9" height="9"><animate attributeName="href" '
        'values="ok.png;http://EVIL/x.png" dur="0.1s" fill="freeze"/></image></svg>',
        IMG,
    ),
    html_form(
        "svg-fill-url",
        '<svg><rect fill="url(http://EVIL/p.svg#p)" width="9" height="9"/></svg>',
        "http://EVIL/p.svg#p",
    ),
    html_form(
        "svg-style-entity",
        '<svg><style>@import "&#x68;ttp://EVIL/s.css";</style></svg>',
        "http://EVIL/s.css",
    ),
    # CSS in the page.
    html_form("style-attribute-url", f'<div style="background: url({IMG})">x</div>', IMG),
    html_form(
        "style-attribute-entity",
        '<div style="background: url(&#x68;ttp://EVIL/x.png)">x</div>',
        IMG,
    ),
    html_form(
        "style-attribute-image-set",
        f"<div style=\"background-image: image-set('{IMG}' 1x)\">x</div>",
        IMG,
    ),
    html_form("style-element-url", f"<style>p {{ background: url('{IMG}') }}</style>", IMG),
    html_form(
        "style-import-string", '<style>@import "http://EVIL/s.css";</style>', "http://EVIL/s.css"
    ),
    html_form(
        "style-import-url", "<style>@import url(http://EVIL/s.css);</style>", "http://EVIL/s.css"
    ),
    html_form(
        "style-escaped-url-function",
        "<style>p { background: \\75 rl(http://EVIL/x.png) }</style>",
        IMG,
    ),
    html_form(
        "style-escaped-scheme",
        '<style>p { background: url("\\68 ttp://EVIL/x.png") }</style>',
        IMG,
    ),
    html_form(
        "style-escaped-import",
        '<style>@\\69mport "http://EVIL/s.css";</style>',
        "http://EVIL/s.css",
    ),
    html_form(
        "style-webkit-image-set",
        f'<style>p {{ background-image: -webkit-image-set("{IMG}" 1x) }}</style>',
        IMG,
    ),
    html_form(
        "style-font-face-src",
        "<style>@font-face { font-family: f; src: url(http://EVIL/f.woff2) }</style>" + FONT_TEXT,
        "http://EVIL/f.woff2",
    ),
    # A stylesheet file.
    css_form("css-file-url", f"p {{ background: url({IMG}) }}", IMG),
    css_form("css-file-import", '@import "http://EVIL/s.css";', "http://EVIL/s.css"),
    css_form(
        "css-file-import-in-media",
        "@media screen { @import url(http://EVIL/s.css); }",
        "http://EVIL/s.css",
        live=False,
        why="an @import inside a rule is invalid and ignored",
    ),
    css_form("css-file-image-set", f'p {{ background-image: image-set("{IMG}" 1x) }}', IMG),
    css_form(
        "css-file-font-face",
        "@font-face { font-family: f; src: local(none), url('http://EVIL/f.woff2') }",
        "http://EVIL/f.woff2",
        body=FONT_TEXT,
    ),
    css_form(
        "css-file-comment-trick",
        f"/* url(ok.png) */ p {{ background: url({IMG}) /* */ }}",
        IMG,
    ),
    # Markup the standard library's html.parser reads differently from Chromium.
    html_form("comment-closed-by-arrow", f'<!--> <img src="{IMG}"> -->', IMG),
    html_form("comment-closed-by-bang", f'<!-- x --!> <img src="{IMG}"> -->', IMG),
    html_form("style-end-tag-with-attribute", f'<style></style x><img src="{IMG}"></style>', IMG),
    # Markup the current standard parses otherwise than html5lib's older one, as Chromium does.
    html_form("select-content", f'<select><img src="{IMG}"><option>x</option></select>', IMG),
    # <noscript> is text to a browser with scripting on and markup to one with it off.
    html_form(
        "noscript-style-ended-by-noscript",
        f'<noscript><style></noscript><img src="{IMG}"></style></noscript>',
        IMG,
    ),
    html_form(
        "noscript-link-in-head",
        "",
        "http://EVIL/s.css",
        head='<noscript><link rel="stylesheet" href="http://EVIL/s.css"></noscript>',
        live=False,
        why="Chromium runs scripts, so <noscript> is text to it; without scripting it loads",
    ),
    # Another encoding: ISO-2022-JP's escapes make the browser read a quote as half a
    # character, so the markup it sees is not the markup a UTF-8 reading sees.
    Form(
        "iso-2022-jp-declared",
        {"index.html": page(HIDDEN_BY_ESCAPES).replace('"utf-8"', '"iso-2022-jp"')},
        ("iso-2022-jp",),
    ),
    Form(
        "shift-jis-eats-css-backslash",
        {
            "index.html": b'<!doctype html><meta charset="shift_jis"><title>t</title><p>x</p>'
            b'<style>p { background: "\x95\\"; background: url(http://EVIL/x.png) }</style>'
        },
        ("非 UTF-8 字节",),
    ),
    Form(
        "iso-2022-jp-undeclared",
        {"index.html": page(HIDDEN_BY_ESCAPES).replace('<meta charset="utf-8">', "")},
        ("未声明",),
        live=None,
        why="whether Chromium guesses ISO-2022-JP depends on its detector",
    ),
    # An SVG file opened on its own (XML).
    svg_form(
        "svg-file-image-href", f'{SVG_OPEN}<image href="{IMG}" width="9" height="9"/></svg>', IMG
    ),
    svg_form(
        "svg-file-xml-stylesheet",
        f'<?xml-stylesheet type="text/css" href="http://EVIL/s.css"?>{SVG_OPEN}</svg>',
        "http://EVIL/s.css",
    ),
    svg_form(
        "svg-file-style-cdata",
        f"{SVG_OPEN}<style><![CDATA[@import url(http://EVIL/s.css);]]></style></svg>",
        "http://EVIL/s.css",
    ),
    svg_form(
        "svg-file-entity",
        f'<!DOCTYPE svg [<!ENTITY e "{IMG}">]>'
        f'{SVG_OPEN}<image href="&e;" width="9" height="9"/></svg>',
        IMG,
    ),
    svg_form(
        "svg-file-malformed",
        f'<!DOCTYPE svg [<!ENTITY e "{IMG}">]>'
        f'{SVG_OPEN}<image href="&e;" width="9" height="9"/><oops></svg>',
        IMG,
    ),
    # A custom property carries the URL into image-set() (round 3 of the issue).
    css_form(
        "css-file-image-set-var",
        ':root { --u: "http://EVIL/x.png" } p { background-image: image-set(var(--u) 1x) }',
        IMG,
    ),
    html_form(
        "style-webkit-image-set-var",
        '<style>p { --u: "http://EVIL/x.png"; background-image: -webkit-image-set(var(--u) 1x) }'
        "</style>",
        IMG,
    ),
    # Escapes a script's or JSON's own parser decodes.
    html_form(
        "import-map-escaped-slashes",
        '<script type="importmap">{"imports": {"m": "http:\\/\\/EVIL\\/m.js"}}</script>'
        '<script type="module">import "m";</script>',
        "http://EVIL/m.js",
    ),
    html_form(
        "script-escaped-slashes",
        "<script>new Image().src = 'http:\\/\\/EVIL\\/x.png'</script>",
        IMG,
    ),
    html_form(
        "script-unicode-and-hex-escapes",
        "<script>new Image().src = 'http:\\u002f\\u002fEVIL\\x2fx.png'</script>",
        IMG,
    ),
    html_form("script-websocket", "<script>new WebSocket('ws://EVIL/s')</script>", "ws://EVIL/s"),
    html_form(
        "script-leading-space", "<script>new Image().src = ' http://EVIL/x.png'</script>", IMG
    ),
    # Hosts without a dot: to the reader's browser, another machine.
    replace(html_form("script-localhost", SCRIPT_IMG, IMG), host="localhost"),
    replace(html_form("script-single-label-host", SCRIPT_IMG, IMG), host="jixiao-intranet"),
    # Files the audit once read by suffix only.
    Form(
        "txt-file-as-script",
        {"index.html": page('<script src="s.txt"></script>'), "s.txt": SCRIPT_IMG[8:-9]},
        (IMG,),
    ),
    Form(
        "css-file-as-script",
        {"index.html": page('<script src="s.css"></script>'), "s.css": SCRIPT_IMG[8:-9]},
        (IMG,),
    ),
    Form(
        "html-file-as-script",
        {
            "index.html": page('<script src="sub/../s.html?v=1"></script>'),
            "s.html": f'// <meta charset="utf-8">\n{SCRIPT_IMG[8:-9]}',
        },
        (IMG,),
    ),
    Form(
        "xht-file",
        {"page.xht": f'{XHTML_OPEN}<body><p>x</p><img src="{IMG}"/></body></html>'},
        (IMG,),
        page="page.xht",
    ),
    Form("shtml-file", {"page.shtml": page(f'<img src="{IMG}">')}, (IMG,), page="page.shtml"),
    Form(
        "xslt-output",
        {"doc.xml": '<?xml-stylesheet type="text/xsl" href="t.xsl"?><doc/>', "t.xsl": XSLT},
        (IMG,),
        page="doc.xml",
    ),
    # Material loads mermaid from unpkg for a <pre> of class mermaid, however it is written.
    material_form("mermaid-unquoted-class", "<pre class=mermaid>graph LR; a-->b</pre>", MERMAID),
    material_form(
        "mermaid-two-classes", '<pre class="diagram mermaid">graph LR; a-->b</pre>', MERMAID
    ),
    material_form(
        "mermaid-upper-case-in-quirks-mode",
        "<pre class=MERMAID>graph LR; a-->b</pre>",
        MERMAID,
        quirks=True,
    ),
]

# Forms that load nothing from another host: the audit must pass them.
LOCAL_FORMS: list[Form] = [
    html_form(
        "local-relative-and-data",
        '<img src="ok.png"><img src="/ok.png"><img srcset="ok.png 1x, ok.png 2x">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<div style="background: url(ok.png)">x</div>'
        '<style>p { background: url("ok.png") }</style>',
        live=False,
    ),
    html_form(
        "local-links-and-namespaces",
        '<a href="http://EVIL/">外站链接</a>'
        f'{SVG_OPEN}<a xlink:href="http://EVIL/"><use href="#d"/></a></svg>'
        "<style>@namespace svg url(http://www.w3.org/2000/svg);</style>",
        head='<link rel="canonical" href="http://EVIL/">',
        live=False,
    ),
    html_form(
        "local-repeated-attribute",
        '<img src="ok.png" src="http://EVIL/x.png">',
        live=False,
        why="a repeated attribute is dropped, by Chromium as by the audit",
    ),
    html_form(
        "local-entity-in-style-element",
        '<style>p { background: url("&#x68;ttp://EVIL/x.png") }</style>',
        live=False,
        why="HTML <style> text is not decoded: the URL is a path starting with '&'",
    ),
    html_form(
        "local-end-p-leaves-svg",
        '<svg></p><style>p { background: url("&#x68;ttp://EVIL/x.png") }</style></svg>',
        live=False,
        why="</p> ends the inline SVG: the <style> is HTML, whose text is not decoded",
    ),
    svg_form(
        "local-svg-file", f'{SVG_OPEN}<use href="#a"/><image href="ok.png"/></svg>', live=False
    ),
    html_form(
        "local-comment-after-a-string",
        '<script>var a = "x"//localhost or http://EVIL/x.png in a comment\n</script>',
        live=False,
        why="the quote closes a string: what follows it on the line is a comment",
    ),
    html_form(
        "local-custom-property-image-set",
        '<style>p { --u: "ok.png"; background-image: image-set(var(--u) 1x) }</style>',
        live=False,
    ),
]
