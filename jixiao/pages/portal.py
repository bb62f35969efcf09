"""The portal's own pages: the county's home page listing every department."""

from __future__ import annotations

import jinja2

from jixiao.derive.keyfigures import key_figures
from jixiao.model.portal import Portal
from jixiao.pages.render import environment, report_path, tidy


def render_portal_home(portal: Portal, env: jinja2.Environment | None = None) -> str:
    """The county's home page: each group's departments with their newest year's key figures,
    linked to the department's own pages (``<id>/index.md``) and that year's report."""
    env = env or environment()
    keys = {d.id: key_figures(d.newest) for d in portal.departments}
    return tidy(
        env.get_template("portal_home.md.j2").render(
            county=portal.county,
            departments=portal.departments,
            groups=portal.groups,
            keys=keys,
            report_path=report_path,
        )
    )
