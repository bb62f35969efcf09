"""The site's Content-Security-Policy: what a page may load and run, given by the page itself
(a ``<meta http-equiv>`` in ``overrides/main.html``), so that it holds wherever the site is
put, a county portal's folder or a file:// copy, with no server setting.

Everything comes from the site itself (``'self'``).  Material's few inline scripts run by
their hashes, taken from the very text each page renders (its first one names the page's
base URL, so the hashes differ by depth); no other inline script runs, whatever text
reaches a page.  Python-Markdown writes a table column's alignment as a style attribute:
those three exact attributes are allowed by hash (``'unsafe-hashes'``), no other.  Images
may be ``data:`` URLs (Material's icons in its stylesheet).  In the offline bundle the
iframe-worker shim runs search from file://: it writes one inline script into its frame,
allowed by its hash for the page's search worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jinja2
import material

from jixiao.theme import THEME

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# Python-Markdown's tables extension: <td style="text-align: right;">
ALIGNMENTS = ("text-align: left;", "text-align: right;", "text-align: center;")
IFRAME_WORKER = THEME / "javascripts" / "iframe-worker.js"
# Material's search worker, by its path in the site (the name carries a content hash).
SEARCH_WORKER = (
    next(
        (Path(material.__file__).parent / "templates").glob(
            "assets/javascripts/workers/search.*.js"
        )
    )
    .relative_to(Path(material.__file__).parent / "templates")
    .as_posix()
)


def source_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def iframe_worker_script(worker_url: str) -> str:
    """The inline script the shim writes into its frame for a worker at ``worker_url``: its
    template literal with the sources of its two functions and the URL put in."""
    shim = IFRAME_WORKER.read_text(encoding="utf-8")
    template = re.search(r"<script>(postMessage=.*?)<\\/script>", shim)
    functions = dict(re.findall(r"function (\w)(\(.*?)(?=function \w\(|var \w=class)", shim))
    if template is None or set(functions) != {"c", "d"}:
        raise ValueError(f"{IFRAME_WORKER.name} is not the shim this policy knows")
    script = template.group(1)
    for name, rest in functions.items():
        script = script.replace("${" + name + "}", f"function {name}{rest}")
    return script.replace("${e}", worker_url)


def policy(inline_html: str, worker_url: str | None = None) -> str:
    """The policy for a page whose inline scripts are those in ``inline_html``; with the
    search worker's URL for a page of the offline bundle."""
    scripts = [source_hash(body) for body in _SCRIPT.findall(inline_html)]
    if worker_url is not None:
        scripts.append(source_hash(iframe_worker_script(worker_url)))
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
    env.globals["jixiao_search_worker"] = SEARCH_WORKER
    env.globals["jixiao_csp_enforced"] = enforced
