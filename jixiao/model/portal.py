"""A department's place in a county portal: every department of a county in one site, one
data folder each (``data/<department-id>/<year>.yaml``).  The portal as its own pages see it
is ``jixiao.derive.portal``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InPortal:
    """Where a department's generated pages stand when a county portal holds them: under its
    folder's name (``<id>/``) in the county's site, its data in ``data/<id>/``.  Pages that
    speak of the site as the department's (关于本站, its home, its downloads) speak of the
    department's part of the portal instead."""

    id: str
    county: str
