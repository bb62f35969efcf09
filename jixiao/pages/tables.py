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
    ProjectIndicator,
    ProjectTable,
    Row,
    ScoreItem,
    ScoreTable,
    Table,
    Value,
)
from jixiao.model.tables import PROJECT_INDICATOR_COLUMNS, Column, ExtraCell, label_of
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


_SCORE_WORDS = {
    "standard": "评分标准",
    "explanation": "指标说明",
    "target": "指标值",
    "actual": "实际完成值",
    "score": "得分",
    "reason": "偏差原因及改进措施",
}


def _score_columns(table: ScoreTable, depth: int) -> tuple[list[Column], list[Column], list[str]]:
    """The columns left of the levels, right of them, and the levels' labels: as printed
    where the table keeps its header, else the form's, without columns nothing fills."""
    if table.columns:
        levels = [c.label for c in table.columns if c.field == "level"]
        first = next(i for i, c in enumerate(table.columns) if c.field == "level")
        before = [c for c in table.columns[:first] if c.field != "level"]
        after = [c for c in table.columns[first:] if c.field != "level"]
    else:
        levels, before = [], []
        everything = _all_items(table.items)
        after = [Column(label=table.weight_word, field="weight")]
        after += [
            Column(label=word, field=key)
            for key, word in _SCORE_WORDS.items()
            if key == "score" or any(getattr(i, key) for i in everything)
        ]
    levels += [LEVELS[min(d, len(LEVELS) - 1)] for d in range(len(levels), depth)]
    return before, after, levels


def _extra(cells: Sequence[ExtraCell], label: str) -> ExtraCell | None:
    return next((c for c in cells if c.column == label), None)


def _item_cell(marks: _Marks, item: ScoreItem, column: Column) -> Markup:
    if column.field == "extra":
        return _value(marks, _extra(item.extra, column.label))
    value = getattr(item, column.field)
    if isinstance(value, Figure):
        return marks.figure(value)
    return _optional(marks, item, column.field)


def score_table(table: ScoreTable, notes: PageNotes | None = None) -> Md:
    marks = _Marks(notes)
    depth = _depth(table.items)
    before, after, levels = _score_columns(table, depth)
    head = [_row([_cell("th", _text(w), scope="col") for w in _labels(before, levels, after)])]
    weight_word = label_of(table.columns, "weight", table.weight_word)
    score_word = label_of(table.columns, "score", "得分")
    body: list[Markup] = []

    def visit(items: list[ScoreItem], level: int, pending: list[Markup]) -> None:
        for item in items:
            name = escape(item.name) + marks.of(item)
            if item.items:
                # a merged cell for the indicator over its sub-indicators' rows
                words = [
                    f"{word}{figure.printed}"
                    for word, figure in ((weight_word, item.weight), (score_word, item.score))
                    if figure is not None
                ]
                shown = name + (Markup("<br>") + escape("，".join(words)) if words else Markup(""))
                shown += marks.of(item.weight) + marks.of(item.score)
                cell = _cell("th", shown, rowspan=_leaves(item), scope="row")
                visit(item.items, level + 1, [*pending, cell])
                pending = []
                continue
            cells = [
                *(_cell("td", _item_cell(marks, item, c)) for c in before),
                *pending,
                _cell("th", name, colspan=depth - level, scope="row"),
                *(_cell("td", _item_cell(marks, item, c)) for c in after),
            ]
            body.append(_row(cells))
            pending = []

    visit(table.items, 0, [])
    body += _score_foot(marks, table, len(before) + depth, after)
    return _table(marks, table, table.title, body, head)


def _labels(before: list[Column], levels: list[str], after: list[Column]) -> list[str]:
    return [*(c.label for c in before), *levels, *(c.label for c in after)]


def _score_foot(marks: _Marks, table: ScoreTable, left: int, after: list[Column]) -> list[Markup]:
    """The 合计 and 等级 rows under the columns they fill."""
    out: list[Markup] = []
    totals = {"weight": table.total_weight, "score": table.total}
    if table.total is not None or table.total_weight is not None or table.total_extra:
        cells = [_cell("th", escape(table.total_label or "合计"), colspan=left, scope="row")]
        for column in after:
            if column.field == "extra":
                shown = _value(marks, _extra(table.total_extra, column.label))
            else:
                shown = marks.figure(totals.get(column.field))
            cells.append(_cell("td", shown))
        out.append(_row(cells))
    if table.grade is not None:
        out.append(
            _row(
                [
                    _cell("th", escape(table.grade_label or "等级"), colspan=left, scope="row"),
                    _cell("td", escape(table.grade), colspan=max(len(after), 1)),
                ]
            )
        )
    return out


def _all_items(items: list[ScoreItem]) -> list[ScoreItem]:
    return [x for i in items for x in (i, *_all_items(i.items))]


def _optional(marks: _Marks, item: ScoreItem, key: str) -> Markup:
    value = getattr(item, key)
    if isinstance(value, Value):
        return _value(marks, value)
    return _text(value)


# --- project tables -----------------------------------------------------------------------

_FUNDS = ("initial", "budget", "executed", "weight", "rate", "score")
_FUND_WORDS = ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
_INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")


def _project_columns(table: ProjectTable) -> tuple[list[Column], list[Column]]:
    """The funds' and the indicators' columns: as printed where kept, else the form's."""
    funds = table.fund_columns or [
        Column(label=w, field=f) for w, f in zip(_FUND_WORDS, _FUNDS, strict=True)
    ]
    indicators = table.indicator_columns or [
        Column(label=w, field=f)
        for w, f in zip(PROJECT_INDICATOR_COLUMNS, _INDICATOR_FIELDS, strict=True)
    ]
    return funds, indicators


def _stretched(
    cells: list[tuple[str, Markup, int]], width: int, last_label: str | None = None, **keys: str
) -> list[Markup]:
    """A row's cells (tag, content, colspan), the last one widened to the table's width
    (and given ``last_label`` where the column above it does not say what it holds)."""
    used = sum(span for _, _, span in cells[:-1])
    out = []
    for i, (tag, content, span) in enumerate(cells):
        last = i == len(cells) - 1
        span = max(width - used, span) if last else span
        label = last_label if last else None
        out.append(_cell(tag, content, span, scope=keys.get(tag, ""), label=label))
    return out


def project_table(table: ProjectTable, notes: PageNotes | None = None) -> Md:
    marks = _Marks(notes)
    funds, indicators = _project_columns(table)
    width = max(2 + len(funds) if table.funds else 0, len(indicators), 4)
    th, td = "th", "td"
    half = (width - 2) // 2
    body = [
        _row(
            [
                _cell(th, escape("项目名称"), scope="row"),
                _cell(td, escape(table.project), width - 1),
            ]
        )
    ]
    if table.department or table.implementer:
        body.append(
            _row(
                [
                    _cell(th, escape("主管部门"), scope="row"),
                    _cell(td, escape(table.department or ""), half),
                    _cell(th, escape("实施单位"), scope="row"),
                    _cell(td, escape(table.implementer or ""), width - 2 - half),
                ]
            )
        )
    body += _project_funds(marks, table, funds, width)
    body += _project_goals(table, width)
    body += _project_indicators(marks, table, indicators, width)
    for remark in table.remarks:
        body.append(
            _row(
                [
                    _cell(th, escape(remark.label), scope="row"),
                    _cell(td, _text(remark.text), width - 1),
                ]
            )
        )
    if table.total is not None or table.total_weight is not None or table.grade is not None:
        fields = [c.field for c in indicators]
        left = fields.index("weight") if "weight" in fields else width - 3
        left = left if fields[left + 1 : left + 2] == ["score"] else width - 3
        grade = escape(f"等级：{table.grade}") if table.grade else Markup("")
        cells = [
            (th, escape(table.total_label or "总分"), left),
            (td, marks.figure(table.total_weight), 1),
            (td, marks.figure(table.total), 1),
            (td, grade, 1),
        ]
        # the grade is printed under the reasons column, but “等级：” says what it is
        body.append(
            _row(_stretched(cells, width, last_label="" if table.grade else None, th="row"))
        )
    return _table(marks, table, caption(table), body)


def _project_funds(
    marks: _Marks, table: ProjectTable, columns: list[Column], width: int
) -> list[Markup]:
    if not table.funds:
        return []
    th, td = "th", "td"
    head = [(th, _text(c.label), 1) for c in columns]
    label = _cell(
        th, escape(f"项目资金（{table.unit}）"), rowspan=1 + len(table.funds), scope="rowgroup"
    )
    corner = _cell(td, Markup(""))  # the form leaves this corner blank: no header
    out = [_row([label, corner, *_stretched(head, width - 2, th="col")])]
    for row in table.funds:
        cells = [(th, escape(row.name) + marks.of(row), 1)]
        for column in columns:
            if column.field == "extra":
                shown = _value(marks, _extra(row.extra, column.label))
            else:
                shown = marks.figure(getattr(row, column.field))
            cells.append((td, shown, 1))
        out.append(_row(_stretched(cells, width - 1, th="row")))
    return out


def _project_goals(table: ProjectTable, width: int) -> list[Markup]:
    if table.goal_expected is None and table.goal_actual is None and not table.goal_columns:
        return []
    th, td = "th", "td"
    words = {"goal": "年度总体目标", "goal_expected": "预期目标", "goal_actual": "实际完成情况"}
    label = {k: label_of(table.goal_columns, k, w) for k, w in words.items()}
    left = (width - 1) // 2
    return [
        _row(
            [
                _cell(th, _text(label["goal"]), rowspan=2, scope="rowgroup"),
                _cell(th, _text(label["goal_expected"]), left, scope="col"),
                _cell(th, _text(label["goal_actual"]), width - 1 - left, scope="col"),
            ]
        ),
        _row(
            [
                _cell(td, _text(table.goal_expected), left),
                _cell(td, _text(table.goal_actual), width - 1 - left),
            ]
        ),
    ]


def _project_indicators(
    marks: _Marks, table: ProjectTable, columns: list[Column], width: int
) -> list[Markup]:
    if not table.indicators:
        return []
    block = columns[0] if columns[0].field == "block" else None
    if block is not None:  # 绩效指标 down the left of the header and every indicator row
        columns, width = columns[1:], width - 1
    grouped = any(c.group for c in columns)
    rows = (2 if grouped else 1) + len(table.indicators)
    left = (
        [_cell("th", _text(block.label), rowspan=rows, scope="rowgroup")]
        if block is not None
        else []
    )
    if grouped:
        out = _grouped_head(columns, left)
    else:
        head = [("th", _text(c.label), 1) for c in columns]
        out = [_row([*left, *_stretched(head, width, th="col")])]
    # every row holds a place in each level column, its own cell or one merged from above
    head_rest = [c for c in columns if c.field not in ("level1", "level2")]
    levels = table.levels()
    for i, (indicator, (one, two)) in enumerate(zip(table.indicators, levels, strict=True)):
        cells: list[tuple[str, Markup, int]] = []
        for column in columns:
            # a level is printed once, merged over the rows below that share it
            if column.field in ("level1", "level2"):
                depth = 1 if column.field == "level1" else 2
                if i == 0 or levels[i - 1][:depth] != levels[i][:depth]:
                    text = one if depth == 1 else two
                    span = _run(levels, i, depth)
                    cells.append((_LEVEL, escape(text), span))
                continue
            cells.append(_indicator_cell(marks, indicator, column))
        out.append(_row(_level_cells(cells, width - (len(columns) - len(head_rest)))))
    return out


def _grouped_head(columns: list[Column], left: list[Markup]) -> list[Markup]:
    """A header of two rows: a label merged over the columns of its group (年度指标值 over
    指标性质, 指标值, 度量单位), the other labels down both rows."""
    top, bottom = list(left), []
    i = 0
    while i < len(columns):
        group = columns[i].group
        if group is None:
            top.append(_cell("th", _text(columns[i].label), rowspan=2, scope="col"))
            i += 1
            continue
        span = 1
        while i + span < len(columns) and columns[i + span].group == group:
            span += 1
        top.append(_cell("th", _text(group), span, scope="colgroup"))
        bottom += [_cell("th", _text(c.label), scope="col") for c in columns[i : i + span]]
        i += span
    return [_row(top), _row(bottom)]


_LEVEL = "level"  # a level's cell in an indicator row: (_LEVEL, content, rows it merges)


def _level_cells(cells: list[tuple[str, Markup, int]], rest_width: int) -> list[Markup]:
    """An indicator row: level cells merged down, the rest widened to fill the table."""
    out = []
    rest = [c for c in cells if c[0] != _LEVEL]
    stretched = iter(_stretched(rest, rest_width, th="row"))
    for tag, content, rows in cells:
        if tag == _LEVEL:
            out.append(_cell("th", content, rowspan=rows, scope="rowgroup"))
        else:
            out.append(next(stretched))
    return out


def _indicator_cell(
    marks: _Marks, indicator: ProjectIndicator, column: Column
) -> tuple[str, Markup, int]:
    if column.field == "name":
        return "th", escape(indicator.name) + marks.of(indicator), 1
    if column.field == "extra":
        return "td", _value(marks, _extra(indicator.extra, column.label)), 1
    value = getattr(indicator, column.field)
    if isinstance(value, Figure):
        return "td", marks.figure(value), 1
    if isinstance(value, Value):
        return "td", _value(marks, value), 1
    return "td", _text(value), 1


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
