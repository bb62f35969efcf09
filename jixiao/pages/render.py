"""Reports to Markdown through our Jinja2 templates (``templates/*.md.j2``).

Only the templates are Jinja; text from data is passed in as values and
escaped on output (``markdown.finalize``), so it shows literally.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import pickle
import re
import weakref
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from jixiao.checks.audit import audit
from jixiao.checks.rules import number
from jixiao.derive.keyfigures import KeyFigures, grade_by_score, key_figures
from jixiao.derive.series import Delta, breakdown_histories, economic_history, indicator_histories
from jixiao.model.figures import Figure
from jixiao.model.portal import InPortal
from jixiao.model.report import Breakdown, Report, all_indicators
from jixiao.pages.compiled import CompiledTemplates
from jixiao.pages.markdown import Md, cell, escape, escape_inline, finalize, paragraphs
from jixiao.pages.notes import PageNotes
from jixiao.pages.tables import caption, table_html
from jixiao.source.problems import Problem, render_problems

TEMPLATES = Path(__file__).parent / "templates"
# Our page templates, compiled once per process (Jinja checks each against its source).
COMPILED = CompiledTemplates()
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@jinja2.pass_context
def _figure(context: jinja2.runtime.Context, figure: Figure | None) -> Md:
    """A figure as printed; on a report page, with its correction and note marks."""
    if figure is None:
        return Md("—")
    notes = context.get("notes")
    if isinstance(notes, PageNotes):
        return notes.figure(figure)
    return cell(figure.printed)


@jinja2.pass_context
def _table(context: jinja2.runtime.Context, table: object) -> Md:
    """A table as HTML; on a report page, with the marks of its notes."""
    notes = context.get("notes")
    return table_html(table, notes if isinstance(notes, PageNotes) else None)


# What a page says where a report does not state a figure: never a 0 it did not print.
NOT_STATED = Md("原文未载明")


def _stated(value: Any) -> Any:
    """The value, or 原文未载明 where the report does not state it."""
    return NOT_STATED if value is None else value


def _line(text: str) -> Md:
    """Text on one line that may start a Markdown block."""
    return escape(" ".join(text.split()))


def _number(value: Decimal | None, unit: str = "") -> Md:
    if value is None:
        return Md("—")
    return escape_inline(f"{value}{unit}")


def _pre(text: str) -> Md:
    """Plain text shown as it is, in a <pre> block: escaped for HTML, never Markdown."""
    return Md(f'<pre class="jixiao-problems">{html.escape(text)}</pre>')


def environment(compiled: Path | None = None) -> jinja2.Environment:
    """The templates' environment; compiled templates are kept in memory for the process
    (compiling them all costs more than rendering ten years).  ``compiled``, a folder where
    earlier versions kept them on disk, is no longer used."""
    cache = COMPILED
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=cache,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        # With autoescape on, macro output is Markup and passes ``finalize`` untouched;
        # ``finalize`` returns Markup for everything else, so no HTML escaping happens.
        autoescape=True,
        keep_trailing_newline=True,
        # "{#id}" is Markdown's attribute syntax for heading anchors, so Jinja comments
        # need other delimiters.
        comment_start_string="{{#",
        comment_end_string="#}}",
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        fig=_figure,
        num=_number,
        cell=cell,
        line=_line,
        stated=_stated,
        change=_change,
        paragraphs=paragraphs,
        pre=_pre,
        table=_table,
        caption=caption,
    )
    env.globals.update(
        all_indicators=all_indicators, trends_path=trends_path, grade_by_score=grade_by_score
    )
    return env


def report_path(year: int) -> Md:
    """Where a year's report page lives in the site."""
    return Md(f"{year}.md")


def tidy(markdown: str) -> str:
    """One blank line between blocks, whatever the template's loops left."""
    return _BLANK_RUNS.sub("\n\n", markdown).strip() + "\n"


def render_report(
    report: Report,
    env: jinja2.Environment | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The year's report page. ``extra`` adds template variables that other pipeline
    stages provide (charts, downloads, history); templates test them with ``is defined``."""
    key = None
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError, RecursionError):
        key = hashlib.sha256(pickle.dumps(sorted((extra or {}).items()))).hexdigest()
    kept = _pages.get(id(report))
    if key is not None and kept is not None and kept[0]() is report and kept[1] == key:
        return kept[2]
    env = env or environment()
    page = tidy(
        env.get_template("report.md.j2").render(
            report=report,
            key=key_figures(report),
            notes=PageNotes.of(audit(report)),
            report_path=report_path,
            **(extra or {}),
        )
    )
    if key is not None:
        ident = id(report)
        _pages[ident] = (weakref.ref(report, lambda _: _pages.pop(ident, None)), key, page)
    return page


# The last page of each report object, with a hash of what else it showed: a rebuild under
# ``mkdocs serve`` gets the unchanged years' very objects again (``load_all``), and their pages
# are made again only where a neighbour, a chart or a download changed.
_pages: dict[int, tuple[weakref.ref[Report], str, str]] = {}


def trends_path() -> Md:
    return Md("trends.md")


def _part_value(breakdown: Breakdown, name: str) -> Figure | None:
    return next((p.value for p in breakdown.parts if p.name == name), None)


def _change(change: Delta | None, year: int) -> Md:
    """A change from the previous year in words: 比2020年增加12.3万元（+2.4%）."""
    if change is None:
        return Md("")
    if change.amount == 0:
        return escape_inline(f"与{year}年持平")
    word = "增加" if change.amount > 0 else "减少"
    text = f"比{year}年{word}{number(abs(change.amount))}{change.unit}"
    if change.percent is not None:
        text += f"（{change.sign}{change.percent}%）"
    return escape_inline(text)


def render_trends(
    reports: list[Report],
    env: jinja2.Environment | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The cross-year page (历年对比). ``extra`` as for ``render_report`` (trend charts)."""
    env = env or environment()
    ordered = sorted(reports, key=lambda r: r.year)
    names, rows = economic_history(ordered)
    return tidy(
        env.get_template("trends.md.j2").render(
            keys=[key_figures(r) for r in ordered],
            economic_names=names,
            economic_rows=rows,
            indicators=indicator_histories(ordered),
            breakdowns=breakdown_histories(ordered),
            part_value=_part_value,
            report_path=report_path,
            **(extra or {}),
        )
    )


def render_about(
    reports: list[Report],
    env: jinja2.Environment | None = None,
    in_portal: InPortal | None = None,
) -> str:
    """The about page, for the department of the newest report (a new site, whose first
    year is still a draft, has none yet): its parts, the body it reports to and the search
    examples come from that report, never from another department's.  ``in_portal``: the
    about page of the department's part of a county portal (关于本栏目)."""
    env = env or environment()
    newest = max(reports, key=lambda r: r.year, default=None)
    return tidy(
        env.get_template("about.md.j2").render(
            department=newest.department.name if newest else "本单位",
            latest=newest.year if newest else None,
            parts=_chinese_count(len(newest.sections)) if newest and newest.sections else None,
            finance=_finance_office(newest),
            examples=search_examples(newest) if newest else [],
            in_portal=in_portal,
        )
    )


_COUNTS = "一二三四五六七八九十"
_FINANCE = re.compile(r"[县市区州旗省]财政(?:局|厅)")


def _chinese_count(n: int) -> str:
    return _COUNTS[n - 1] if 1 <= n <= 10 else str(n)


def _finance_office(report: Report | None) -> str:
    """The finance office the report was made for, as its opening names it (the notice it
    cites first: 县财政局, 市财政局 …), else 财政部门."""
    basis = report.basis if report else None
    for text in (basis.notice or "", basis.text) if basis else ():
        found = _FINANCE.search(text)
        if found:
            return found[0]
    return "财政部门"


def search_examples(report: Report, count: int = 3) -> list[str]:
    """A few short names of the report's own figures that its text prints (so the search
    finds them): indicators first, then listed parts (a plain figure's name is the words
    before it, often no name a reader would search for)."""
    indicators: list[str] = []
    others: list[str] = []
    for place in report.places():
        section = place.figures
        named = [i.name for i in section.indicators]
        listed = [p.name for b in section.breakdowns for p in b.parts]
        short = re.compile(r"[\u4e00-\u9fff]{2,8}")
        indicators += [n for n in named if short.fullmatch(n) and n in place.text]
        others += [n for n in listed if short.fullmatch(n) and n in place.text]
    found = indicators + others
    return list(dict.fromkeys(found))[:count]


def render_draft_problems(
    year: int, problems: list[Problem], env: jinja2.Environment | None = None
) -> str:
    """Under ``mkdocs serve`` only: the page of a draft year that cannot be shown yet, listing
    what is left to fill in or fix, so staff previewing see where they stand."""
    env = env or environment()
    return tidy(
        env.get_template("draft_problems.md.j2").render(
            year=year, problems=render_problems(problems)
        )
    )


def render_home(
    reports: list[Report],
    env: jinja2.Environment | None = None,
    in_portal: InPortal | None = None,
) -> str:
    """A department's home page; ``in_portal``: its home within a county portal."""
    env = env or environment()
    newest_first = sorted(reports, key=lambda r: r.year, reverse=True)
    keys: list[KeyFigures] = [key_figures(r) for r in newest_first]
    return tidy(
        env.get_template("home.md.j2").render(
            reports=newest_first, keys=keys, report_path=report_path, in_portal=in_portal
        )
    )
