"""The portal's own pages: the county's home page and the comparison page of each year.

Both are tables of ``jixiao.derive.compare`` rows, in one unit of money each (named in
the column headers).  Every figure links to the report page that shows it, at the heading
it is printed under; a figure a report does not state reads 原文未载明, never 0.  The
comparison table is sortable in the browser (``javascripts/jixiao-sort.js``): each figure's
link carries its exact decimal (``data-jx-value``, money in 元 so that any units compare),
and what is not stated or cannot be computed is marked ``jx-unstated`` and sorts last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import jinja2

from jixiao.derive.compare import Amount, CompareRow, Comparison, Foreign, Money, comparison
from jixiao.derive.compare import newest as newest_rows
from jixiao.derive.compare import years as portal_years
from jixiao.derive.portal import Portal
from jixiao.pages.markdown import Md, cell, escape_inline
from jixiao.pages.render import environment, report_path, tidy

UNSTATED = "原文未载明"
NOT_COMPUTED = "无法计算"


def compare_path(year: int) -> str:
    """Where a year's comparison page lives in the site."""
    return f"compare/{year}.md"


def _unstated(text: str = UNSTATED) -> Md:
    return Md(f'<span class="jx-unstated">{text}</span>')


class Cells:
    """A row's cells as Markdown, linked from a page ``prefix`` away from the site's root
    ("" for the home page, "../" for ``compare/<year>.md``)."""

    def __init__(self, row: CompareRow, prefix: str) -> None:
        self.row = row
        self.report = f"{prefix}{row.department.id}/{report_path(row.year)}"
        self.home = f"{prefix}{row.department.id}/index.md"

    def _link(self, text: str, anchor: str, value: Decimal | int | None = None) -> Md:
        href = f"{self.report}#{anchor}" if anchor else self.report
        attribute = f'{{ data-jx-value="{_plain(value)}" }}' if value is not None else ""
        return Md(f"[{escape_inline(text)}]({href}){attribute}")

    def department(self, mark_draft: bool = False) -> Md:
        """The department's name linked to its home; marked 草稿 where its year is one and
        the table has no year column (a comparison page)."""
        draft = "（草稿）" if self.row.draft and mark_draft else ""
        return Md(f"[{cell(self.row.department.name)}]({self.home}){draft}")

    def year(self) -> Md:
        draft = "（草稿）" if self.row.draft else ""
        return Md(f"[{self.row.year}年度{draft}]({self.report})")

    def money(self, money: Money | None) -> Md:
        if money is None:
            return _unstated()
        if isinstance(money, Foreign):
            return self._link(f"{money.printed}（不可比）", money.anchor)
        return self._link(money.number(), money.anchor, money.base())

    def execution(self) -> Md:
        rate = self.row.execution
        if rate is None:
            return _unstated(NOT_COMPUTED)
        return self._link(f"{rate}%", "key-figures", rate)

    def three(self, amount: Amount | None) -> Md:
        if amount is None:
            return _unstated()
        return self._link(amount.number(), amount.anchor or "key-figures", amount.base())

    def over(self) -> Md:
        over = self.row.three_over
        if over is None:
            return _unstated(NOT_COMPUTED)
        if over > 0:
            words = f"超出 {_plain(over)}"
        elif over == 0:
            words = "持平"
        else:
            words = f"未超出（少 {_plain(-over)}）"
        return self._link(words, "key-figures", over)

    def three_pair(self) -> Md:
        """实际／控制 on one line, and 超出控制数 in words where it is (the home page)."""
        row = self.row
        if row.three_actual is None and row.three_control is None:
            return _unstated()
        pair = Md(f"{self.three(row.three_actual)}／{self.three(row.three_control)}")
        return Md(f"{pair}，**超出控制数**") if row.over_control else pair

    def score(self) -> Md:
        score = self.row.score
        if score is None:
            return _unstated()
        text = f"{format(score.used_value, 'f')}{score.used_unit}"
        return self._link(text, self.row.score_anchor, score.in_base_unit())

    def grade(self) -> Md:
        if self.row.grade is None:
            return _unstated()
        return self._link(self.row.grade, self.row.grade_anchor, self.row.grade_rank)

    def grade_checked(self) -> Md:
        """The printed grade, and the grade the score earns where that is another (the home
        page)."""
        grade = self.grade()
        by_score = self.row.grade_by_score
        if self.row.grade_agrees is False and by_score is not None:
            return Md(f"{grade}（按得分应为“{escape_inline(by_score)}”）")
        return grade

    def grade_by_score(self) -> Md:
        row = self.row
        if row.grade_by_score is None:
            return _unstated(NOT_COMPUTED)
        text = row.grade_by_score + ("（与原文不一致）" if row.grade_agrees is False else "")
        return self._link(text, "key-figures", row.grade_by_score_rank)


def _plain(value: Decimal | int | None) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _notes(rows: Sequence[CompareRow]) -> list[Md]:
    """Each department's conversions and corrections, in words under the table."""
    return [
        Md(f"{cell(row.department.name)}：{escape_inline('；'.join(row.notes))}。")
        for row in rows
        if row.notes
    ]


def render_portal_home(portal: Portal, env: jinja2.Environment | None = None) -> str:
    """The county's home page: each group's departments with their newest year's key figures,
    linked to the department's own pages (``<id>/index.md``) and that year's report; and the
    comparison page of every year."""
    env = env or environment()
    table = newest_rows(portal)
    by_id = {row.department.id: Cells(row, "") for row in table.rows}
    return tidy(
        env.get_template("portal_home.md.j2").render(
            county=portal.county,
            count=len(portal.departments),
            groups=[
                (name, [by_id[d.id] for d in members if d.id in by_id])
                for name, members in portal.groups
            ],
            unit=table.unit.name,
            years=[(year, Md(compare_path(year))) for year in portal_years(portal)],
            notes=_notes(table.rows),
        )
    )


def render_compare(
    portal: Portal,
    year: int,
    downloads: Sequence[object] = (),
    charts: Mapping[str, Sequence[object]] | None = None,
    env: jinja2.Environment | None = None,
) -> str:
    """The comparison page of one year (``compare/<year>.md``): every department that
    published it, in one table; ``downloads`` (links as the downloads page shows them) and
    ``charts`` (place "compare" -> chart entries) where the caller made them."""
    env = env or environment()
    table: Comparison = comparison(portal, year)
    published = {row.department.id for row in table.rows}
    return tidy(
        env.get_template("portal_compare.md.j2").render(
            county=portal.county,
            year=year,
            unit=table.unit.name,
            rows=[Cells(row, "../") for row in table.rows],
            missing=[d for d in portal.departments if d.id not in published],
            other_years=[(y, Md(f"{y}.md")) for y in portal_years(portal) if y != year],
            notes=_notes(table.rows),
            downloads=list(downloads),
            charts=dict(charts or {}),
        )
    )
