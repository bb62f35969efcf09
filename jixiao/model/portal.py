"""A county portal: every department of a county in one site, one data folder each
(``data/<department-id>/<year>.yaml``), listed by the county's groups (``data/portal.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.report import Report


@dataclass(frozen=True)
class DepartmentSite:
    """One department of a portal: its folder's name (the first part of each of its URLs),
    the group the county lists it under, and its published years, oldest first."""

    id: str
    group: str
    reports: tuple[Report, ...]

    @property
    def name(self) -> str:
        """The department's name as its newest year prints it."""
        return str(self.reports[-1].department.name)

    @property
    def newest(self) -> Report:
        return self.reports[-1]


@dataclass(frozen=True)
class InPortal:
    """Where a department's generated pages stand when a county portal holds them: under its
    folder's name (``<id>/``) in the county's site, its data in ``data/<id>/``.  Pages that
    speak of the site as the department's (关于本站, its home, its downloads) speak of the
    department's part of the portal instead."""

    id: str
    county: str


@dataclass(frozen=True)
class Portal:
    """The county and its departments in the county's order (groups as ``portal.yaml``
    lists them)."""

    county: str
    departments: tuple[DepartmentSite, ...]

    @property
    def groups(self) -> list[tuple[str, list[DepartmentSite]]]:
        """Each group with its departments, in the order first listed."""
        order: dict[str, list[DepartmentSite]] = {}
        for department in self.departments:
            order.setdefault(department.group, []).append(department)
        return list(order.items())
