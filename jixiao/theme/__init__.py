"""The site's look, shipped with the package: Material template overrides, stylesheets, scripts.

The plugin puts ``overrides/`` on the theme's search path (after a site's own
``custom_dir``) and lists the stylesheets and scripts in ``extra_css`` and
``extra_javascript``; the files themselves join the generated site, so a site
made elsewhere looks and behaves like this one (accessibility fixes, phone
tables, the local ResizeObserver polyfill the host audit requires) without
copying anything.  Nothing the host audit requires lives in a template a site
may shadow: ``main.html`` is Material's documented place for a site's own
customisation, so the scripts go through the public configuration instead.  Our
``main.html`` adds only the Content-Security-Policy (``csp``): a site's own takes its place,
and its pages keep everything but that policy.
Each override says why it exists; the two vendored scripts carry their licences beside them.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).parent
OVERRIDES = THEME / "overrides"
STYLESHEETS = ("stylesheets/jixiao.css", "stylesheets/charts.css")
# resize-observer.js keeps Material from fetching its polyfill from unpkg.com in browsers
# without ResizeObserver: Material asks for one only once the page has loaded
# (DOMContentLoaded), after every script listed here has run, deferred or not; where the
# browser has its own, the copy keeps it.
SCRIPTS = ("javascripts/resize-observer.js", "javascripts/jixiao.js")
# Python-Markdown extensions every page is converted with: each cell's label for the phone layout.
MARKDOWN_EXTENSIONS = ("jixiao.theme.table_labels",)


def assets() -> dict[str, bytes]:
    """Every stylesheet and script by its path in the site."""
    return {
        path.relative_to(THEME).as_posix(): path.read_bytes()
        for folder in ("stylesheets", "javascripts")
        for path in sorted((THEME / folder).iterdir())
        if path.is_file()
    }


# A portal's own (jixiao/theme/portal/): the comparison pages' sorting, listed in a portal's
# extra_css and extra_javascript only, so a one-department site stays exactly as it was.
PORTAL = THEME / "portal"
PORTAL_STYLESHEETS = ("stylesheets/jixiao-sort.css",)
PORTAL_SCRIPTS = ("javascripts/jixiao-sort.js",)


def portal_assets() -> dict[str, bytes]:
    """The portal's own stylesheets and scripts by their path in the site."""
    return {path: (PORTAL / path).read_bytes() for path in PORTAL_STYLESHEETS + PORTAL_SCRIPTS}
