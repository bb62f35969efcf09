"""A county portal as its own pages see it: every department with what each published year
shows on the county's home and comparison pages, and that as plain JSON values.

The county's pages need of a year only its key figures (``jixiao.derive.keyfigures``), the
name it prints and its signature date; a portal build keeps these per department
(``years_json``), so that a department whose data did not change is not read again for
them.  Read back (``years_from_json``), they are equal to what the year gave: each figure is
validated again with the units it was read with, and anything else is a miss (None).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from jixiao.derive.keyfigures import KeyFigures, Source, key_figures
from jixiao.model.figures import DECLARED, Figure
from jixiao.model.report import Report
from jixiao.model.units import Unit


@dataclass(frozen=True)
class PublishedYear:
    """One published year of a department, as the county's pages show it."""

    year: int
    draft: bool  # not finished yet (shown under ``mkdocs serve`` only)
    name: str  # the department's name as this year prints it
    signed: datetime.date | None  # the signature's date, where printed
    key: KeyFigures


def published_year(report: Report) -> PublishedYear:
    return PublishedYear(
        report.year,
        report.draft,
        str(report.department.name),
        report.signature.date,
        key_figures(report),
    )


@dataclass(frozen=True)
class DepartmentSite:
    """One department of a portal: its folder's name (the first part of each of its URLs),
    the group the county lists it under, and its published years, oldest first."""

    id: str
    group: str
    years: tuple[PublishedYear, ...]

    @property
    def name(self) -> str:
        """The department's name as its newest year prints it."""
        return self.years[-1].name

    @property
    def newest(self) -> PublishedYear:
        return self.years[-1]


def department_site(id: str, group: str, reports: Iterable[Report]) -> DepartmentSite:
    """A department of its reports, in year order."""
    ordered = sorted(reports, key=lambda report: report.year)
    return DepartmentSite(id, group, tuple(published_year(report) for report in ordered))


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


# --- as JSON values ------------------------------------------------------------------------


def years_json(years: Iterable[PublishedYear]) -> list[dict[str, Any]]:
    return [
        {
            "year": y.year,
            "draft": y.draft,
            "name": y.name,
            "signed": y.signed.isoformat() if y.signed is not None else None,
            "key": {f.name: _value_json(getattr(y.key, f.name)) for f in fields(KeyFigures)},
        }
        for y in years
    ]


def years_from_json(value: object) -> tuple[PublishedYear, ...] | None:
    """The years ``years_json`` wrote; None for anything else."""
    if not isinstance(value, list):
        return None
    try:
        return tuple(_year(item) for item in value)
    except (KeyError, TypeError, ValueError, InvalidOperation, ValidationError):
        return None


def _year(item: dict[str, Any]) -> PublishedYear:
    key = item["key"]
    values: dict[str, Any] = {f.name: _value(key[f.name]) for f in fields(KeyFigures)}
    signed = item["signed"]
    return PublishedYear(
        _typed(item["year"], int),
        _typed(item["draft"], bool),
        _typed(item["name"], str),
        datetime.date.fromisoformat(signed) if signed is not None else None,
        KeyFigures(**values),
    )


def _typed(value: object, kind: type[Any]) -> Any:
    if type(value) is not kind:
        raise TypeError(value)
    return value


def _value_json(value: object) -> object:
    """A key figure's value as JSON: plain values as they are, the rest tagged."""
    if isinstance(value, Figure):
        units = [_unit_json(value.unit_info), _unit_json(value.used_unit_info)]
        return {"figure": value.model_dump(mode="json"), "units": units}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, Unit):
        return {"unit": _unit_json(value)}
    if isinstance(value, Source):
        return {"source": [value.anchor, value.where]}
    return value


def _value(value: object) -> object:
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise ValueError(value)
    if "figure" in value:
        units = {unit.name: unit for unit in map(_unit, value["units"])}
        # validated again, with the units it was read with (a unit its report declared)
        return Figure.model_validate(_with_decimals(value["figure"]), context={DECLARED: units})
    if "decimal" in value:
        return Decimal(_typed(value["decimal"], str))
    if "unit" in value:
        return _unit(value["unit"])
    if "source" in value:
        anchor, where = value["source"]
        return Source(_typed(anchor, str), _typed(where, str))
    raise ValueError(value)


def _with_decimals(figure: dict[str, Any]) -> dict[str, Any]:
    """A figure's JSON with its values as the Decimals it was read with (JSON has them as
    text, which the figure would take for other values than its print's)."""
    out = {**figure, "value": Decimal(_typed(figure["value"], str))}
    if out.get("correction") is not None:
        out["correction"] = _with_decimals(out["correction"])
    return out


def _unit_json(unit: Unit) -> list[str]:
    return [unit.name, unit.family, str(unit.factor), unit.note]


def _unit(value: object) -> Unit:
    name, family, factor, note = _typed(value, list)
    return Unit(_typed(name, str), _typed(family, str), Decimal(_typed(factor, str)), note)
