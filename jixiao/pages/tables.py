"""The report's tables as HTML tables: merged cells need rowspan and colspan, which Markdown
tables cannot say.

Only this module writes the HTML; every text from data goes through ``markupsafe``
(``Markup.format`` escapes each value), so nothing in a cell is ever live HTML.  The
tables carry no class: Material styles them like its own tables, and on a phone each row
becomes a card, each cell behind its label (jixiao/theme/table_labels.py).  Written on lines
without a blank one in between, each table is one raw HTML block to Python-Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from jixiao.model.figures import Figure
from jixiao.model.report import (
    ProjectTable,
    Row,
    ScoreItem,
    ScoreTable,
    Table,
    Value,
)
from jixiao.model.tables import PROJECT_INDICATOR_COLUMNS
from jixiao.pages.markdown import Md
from jixiao.pages.notes import PageNotes

LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")


class _Marks:
    """Marks of the page's notes beside what they concern; none off a report page."""

    def __init__(self, notes: PageNotes | None) -> None:
        self.notes = notes

    def of(self, subject: object) -> Markup:
        return self.notes.html_mark(subject) if self.notes else Markup("")

    def figure(self, figure: Figure | None) -> Markup:
        if figure is None:
            return Markup("")
        text = escape(figure.printed)
        if figure.correction is not None:
            text += escape(f"（更正为{figure.correction.to}）")
        return text + self.of(figure)


def _text(text: str | None) -> Markup:
    """Verbatim text of a cell, its printed line breaks kept."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return Markup("<br>").join(escape(line) for line in lines if line)


def _cell(
    tag: str,
    content: Markup,
    colspan: int = 1,
    rowspan: int = 1,
    scope: str = "",
    label: str | None = None,
) -> Markup:
    attributes = Markup("")
    if scope:
        attributes += Markup(' scope="{}"').format(scope)
    if label is not None:
        # what a phone shows before the cell, where the header above it does not say what
        # it is (jixiao/theme/table_labels.py labels every other cell from the header grid)
        attributes += Markup(' data-label="{}"').format(label)
    if colspan > 1:
        attributes += Markup(' colspan="{}"').format(colspan)
    if rowspan > 1:
        attributes += Markup(' rowspan="{}"').format(rowspan)
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(tag), attributes, content)


def _row(cells: Sequence[Markup]) -> Markup:
    return Markup("<tr>") + Markup("").join(cells) + Markup("</tr>")


def _value(marks: _Marks, value: Value | None) -> Markup:
    if value is None:
        return Markup("")
    shown = _text(value.text)
    if value.figure is not None:
        if value.figure.correction is not None:
            shown += escape(f"（更正为{value.figure.correction.to}）")
        shown += marks.of(value.figure)
    if value.note:
        shown += escape(f"（{value.note}）")
    return shown


def _table(
    marks: _Marks, table: object, caption: str, body: Sequence[Markup], head: Sequence[Markup] = ()
) -> Md:
    # notes about the whole table (its total, its grade) are marked at its caption
    shown = escape(caption) + marks.of(table)
    lines = [Markup("<table>"), Markup("<caption>{}</caption>").format(shown)]
    if head:
        lines += [Markup("<thead>"), *head, Markup("</thead>")]
    lines += [Markup("<tbody>"), *body, Markup("</tbody>"), Markup("</table>")]
    return Md("\n".join(lines))


# --- general tables ----------------------------------------------------------------------


def _rows(marks: _Marks, rows: list[Row], tag: str) -> list[Markup]:
    out = []
    for row in rows:
        cells = [
            _cell(
                tag,
                _value(marks, cell),
                cell.colspan,
                cell.rowspan,
                "col" if tag == "th" else "",
            )
            for cell in row.cells
        ]
        out.append(_row(cells))
    return out


def general_table(table: Table, notes: PageNotes | None = None) -> Md:
    marks = _Marks(notes)
    caption = table.title
    return _table(
        marks, table, caption, _rows(marks, table.rows, "td"), _rows(marks, table.header, "th")
    )


# --- score tables ------------------------------------------------------------------------


def _depth(items: list[ScoreItem]) -> int:
    return 1 + max((_depth(i.items) for i in items if i.items), default=0)


def _leaves(item: ScoreItem) -> int:
    return sum(_leaves(i) for i in item.items) if item.items else 1


def score_table(table: ScoreTable, notes: PageNotes | None = None) -> Md:
    marks = _Marks(notes)
    depth = _depth(table.items)
    everything = _all_items(table.items)
    # columns nothing in the table fills are left out: fewer columns for a phone
    optional = [
        (key, word)
        for key, word in (
            ("standard", "评分标准"),
            ("explanation", "指标说明"),
            ("target", "指标值"),
            ("actual", "实际完成值"),
        )
        if any(getattr(i, key) is not None for i in everything)
    ]
    reason = any(i.reason for i in everything)
    head = [
        _row(
            [
                *(
                    _cell("th", escape(LEVELS[min(d, len(LEVELS) - 1)]), scope="col")
                    for d in range(depth)
                ),
                _cell("th", escape(table.weight_word), scope="col"),
                *(_cell("th", escape(word), scope="col") for _, word in optional),
                _cell("th", escape("得分"), scope="col"),
                *([_cell("th", escape("偏差原因及改进措施"), scope="col")] if reason else []),
            ]
        )
    ]
    body: list[Markup] = []

    def visit(items: list[ScoreItem], level: int, pending: list[Markup]) -> None:
        for item in items:
            name = escape(item.name) + marks.of(item)
            if item.items:
                # a merged cell for the indicator over its sub-indicators' rows
                words = [
                    f"{word}{figure.printed}"
                    for word, figure in ((table.weight_word, item.weight), ("得分", item.score))
                    if figure is not None
                ]
                shown = name + (Markup("<br>") + escape("，".join(words)) if words else Markup(""))
                shown += marks.of(item.weight) + marks.of(item.score)
                cell = _cell("th", shown, rowspan=_leaves(item), scope="row")
                visit(item.items, level + 1, [*pending, cell])
                pending = []
                continue
            cells = [
                *pending,
                _cell("th", name, colspan=depth - level, scope="row"),
                _cell("td", marks.figure(item.weight)),
                *(_cell("td", _optional(marks, item, key)) for key, _ in optional),
                _cell("td", marks.figure(item.score)),
                *([_cell("td", _text(item.reason))] if reason else []),
            ]
            body.append(_row(cells))
            pending = []

    visit(table.items, 0, [])
    span = 1 + len(optional)
    if table.total is not None or table.total_weight is not None:
        body.append(
            _row(
                [
                    _cell("th", escape("合计"), colspan=depth, scope="row"),
                    _cell("td", marks.figure(table.total_weight)),
                    *([_cell("td", Markup(""), colspan=span - 1)] if span > 1 else []),
                    _cell("td", marks.figure(table.total)),
                    *([_cell("td", Markup(""))] if reason else []),
                ]
            )
        )
    if table.grade is not None:
        rest = span + 1 + (1 if reason else 0)
        body.append(
            _row(
                [
                    _cell("th", escape("等级"), colspan=depth, scope="row"),
                    _cell("td", escape(table.grade), colspan=rest),
                ]
            )
        )
    return _table(marks, table, table.title, body, head)


def _all_items(items: list[ScoreItem]) -> list[ScoreItem]:
    return [x for i in items for x in (i, *_all_items(i.items))]


def _optional(marks: _Marks, item: ScoreItem, key: str) -> Markup:
    value = getattr(item, key)
    if isinstance(value, Value):
        return _value(marks, value)
    return _text(value)


# --- project tables -----------------------------------------------------------------------

_FUNDS = ("initial", "budget", "executed", "weight", "rate", "score")


def project_table(table: ProjectTable, notes: PageNotes | None = None) -> Md:
    marks = _Marks(notes)
    th, td = "th", "td"
    body = [_row([_cell(th, escape("项目名称"), scope="row"), _cell(td, escape(table.project), 7)])]
    if table.department or table.implementer:
        body.append(
            _row(
                [
                    _cell(th, escape("主管部门"), scope="row"),
                    _cell(td, escape(table.department or ""), 3),
                    _cell(th, escape("实施单位"), scope="row"),
                    _cell(td, escape(table.implementer or ""), 3),
                ]
            )
        )
    if table.funds:
        words = (
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        )
        body.append(
            _row(
                [
                    _cell(
                        th,
                        escape(f"项目资金（{table.unit}）"),
                        rowspan=1 + len(table.funds),
                        scope="rowgroup",
                    ),
                    _cell(td, Markup("")),  # the form leaves this corner blank: no header
                    *(_cell(th, escape(word), scope="col") for word in words),
                ]
            )
        )
        for row in table.funds:
            name = escape(row.name) + marks.of(row)
            body.append(
                _row(
                    [
                        _cell(th, name, scope="row"),
                        *(_cell(td, marks.figure(getattr(row, key))) for key in _FUNDS),
                    ]
                )
            )
    if table.goal_expected is not None or table.goal_actual is not None:
        body.append(
            _row(
                [
                    _cell(th, escape("年度总体目标"), rowspan=2, scope="rowgroup"),
                    _cell(th, escape("预期目标"), 3, scope="col"),
                    _cell(th, escape("实际完成情况"), 4, scope="col"),
                ]
            )
        )
        body.append(
            _row([_cell(td, _text(table.goal_expected), 3), _cell(td, _text(table.goal_actual), 4)])
        )
    if table.indicators:
        columns = PROJECT_INDICATOR_COLUMNS
        body.append(_row([_cell(th, escape(word), scope="col") for word in columns]))
        levels = table.levels()
        for i, (indicator, (one, two)) in enumerate(zip(table.indicators, levels, strict=True)):
            cells: list[Markup] = []
            # a level is printed once, merged over the rows below that share it
            if i == 0 or levels[i - 1][0] != one:
                cells.append(_cell(th, escape(one), rowspan=_run(levels, i, 1), scope="rowgroup"))
            if i == 0 or levels[i - 1] != (one, two):
                cells.append(_cell(th, escape(two), rowspan=_run(levels, i, 2), scope="rowgroup"))
            cells += [
                _cell(th, escape(indicator.name) + marks.of(indicator), scope="row"),
                _cell(td, _value(marks, indicator.target)),
                _cell(td, _value(marks, indicator.actual)),
                _cell(td, marks.figure(indicator.weight)),
                _cell(td, marks.figure(indicator.score)),
                _cell(td, _text(indicator.reason)),
            ]
            body.append(_row(cells))
    if table.total is not None or table.total_weight is not None or table.grade is not None:
        body.append(
            _row(
                [
                    _cell(th, escape("总分"), 5, scope="row"),
                    _cell(td, marks.figure(table.total_weight)),
                    _cell(td, marks.figure(table.total)),
                    # printed under the reasons column, but the grade: says so itself
                    _cell(
                        td,
                        escape(f"等级：{table.grade}") if table.grade else Markup(""),
                        label="",
                    ),
                ]
            )
        )
    return _table(marks, table, caption(table), body)


def _run(levels: list[tuple[str, str]], start: int, width: int) -> int:
    """How many rows from ``start`` share its first ``width`` levels."""
    key = levels[start][:width]
    count = 0
    for level in levels[start:]:
        if level[:width] != key:
            break
        count += 1
    return count


def caption(table: object) -> str:
    """What a table is called on the page: its title; a project table's with its project."""
    if isinstance(table, ProjectTable):
        return f"{table.title}：{table.project}"
    assert isinstance(table, Table | ScoreTable)
    return table.title


def table_html(table: object, notes: PageNotes | None = None) -> Md:
    """Any table of the report, as HTML."""
    if isinstance(table, ScoreTable):
        return score_table(table, notes)
    if isinstance(table, ProjectTable):
        return project_table(table, notes)
    assert isinstance(table, Table)
    return general_table(table, notes)
