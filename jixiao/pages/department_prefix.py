"""A department's generated site moved under its portal prefix (``<id>/``), with a way back.

A department of a portal gets everything a one-department site has, under ``<id>/``: its
pages link each other, their charts and downloads relatively, so they keep working there
unchanged.  What changes: every page starts with a line leading back to the county's home
page (``../index.md``) and to the department's own home; the department's home is titled
by the department's name rather than 首页; the theme's files are left to the portal, which
has them once at the top.
"""

from __future__ import annotations

import json

from jixiao.pages.markdown import escape_inline

HOME_TITLE = "title: 首页\n"


def under_prefix(
    files: dict[str, str | bytes],
    department_id: str,
    county: str,
    department: str,
    shared: set[str] | frozenset[str] = frozenset(),
) -> dict[str, str | bytes]:
    """The department's files by their path in the portal; ``shared`` paths (the theme's
    files) are left out."""
    moved: dict[str, str | bytes] = {}
    for path, content in files.items():
        if path in shared:
            continue
        if isinstance(content, str) and path.endswith(".md"):
            content = _with_way_back(content, path, county, department)
        moved[f"{department_id}/{path}"] = content
    return moved


def _with_way_back(page: str, path: str, county: str, department: str) -> str:
    """The page with a line back to the portal after its front matter (each path segment
    below the department's folder goes one ``../`` further up)."""
    up = "../" * (path.count("/") + 1)
    own = "../" * path.count("/")
    back = f"[{escape_inline(county)}各部门]({up}index.md)"
    if path != "index.md":
        back += f" › [{escape_inline(department)}]({own}index.md)"
    line = back + "\n\n"
    head, separator, body = _front_matter(page)
    if path == "index.md" and HOME_TITLE in head:
        # a title is YAML: a JSON string is a valid YAML scalar whatever the name holds
        head = head.replace(HOME_TITLE, f"title: {_yaml_string(department)}\n", 1)
    return head + separator + line + body


def _front_matter(page: str) -> tuple[str, str, str]:
    """(front matter, its closing line, the rest); no front matter: ("", "", page)."""
    if not page.startswith("---\n"):
        return "", "", page
    end = page.find("\n---\n", 3)
    if end < 0:
        return "", "", page
    rest = page[end + 5 :].lstrip("\n")
    return page[: end + 1], "---\n\n", rest


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
