"""The site's Content-Security-Policy: what a page may load and run, given by the page itself
(a ``<meta http-equiv>`` in ``overrides/main.html``), so that it holds wherever the site is
put, a county portal's folder or a file:// copy, with no server setting.

Everything comes from the site itself (``'self'``).  Material's few inline scripts run by
their hashes, taken from the very text each page renders (its first one names the page's
base URL, so the hashes differ by depth); no other inline script runs, whatever text
reaches a page.  Python-Markdown writes a table column's alignment as a style attribute:
those three exact attributes are allowed by hash (``'unsafe-hashes'``), no other.  Images
may be ``data:`` URLs (Material's icons in its stylesheet).  The search page alone may
compile WebAssembly (``'wasm-unsafe-eval'``: Pagefind's search runs as WebAssembly, from the
site itself); no page may evaluate JavaScript from strings.
"""

from __future__ import annotations

import base64
import hashlib
import re

import jinja2

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# Python-Markdown's tables extension: <td style="text-align: right;">
ALIGNMENTS = ("text-align: left;", "text-align: right;", "text-align: center;")
# What lets a page compile WebAssembly without allowing eval() of JavaScript.
WASM = "'wasm-unsafe-eval'"


def source_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def policy(inline_html: str, wasm: bool = False) -> str:
    """The policy for a page whose inline scripts are those in ``inline_html``; ``wasm`` for
    the search page, which runs Pagefind's WebAssembly."""
    scripts = [source_hash(body) for body in _SCRIPT.findall(inline_html)]
    if wasm:
        scripts.append(WASM)
    styles = [source_hash(style) for style in ALIGNMENTS]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(dict.fromkeys(scripts)),
            "style-src 'self' 'unsafe-hashes' " + " ".join(styles),
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def register(env: jinja2.Environment, *, enforced: bool = True) -> None:
    """What ``overrides/main.html`` asks of the template environment; without ``enforced``
    the pages carry no policy."""
    env.filters["jixiao_csp"] = policy
    env.globals["jixiao_csp_enforced"] = enforced
