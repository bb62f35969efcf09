"""Reports to Markdown through our Jinja2 templates (``templates/*.md.j2``).

Only the templates are Jinja; text from data is passed in as values and
escaped on output (``markdown.finalize``), so it shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import jinja2

from hooks.audit import audit
from hooks.derive import KeyFigures, key_figures
from hooks.figures import Figure
from hooks.markdown import Md, cell, escape, escape_inline, finalize, paragraphs
from hooks.model import Report, all_indicators
from hooks.notes import PageNotes

TEMPLATES = Path(__file__).parent / "templates"
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


def _line(text: str) -> Md:
    """Text on one line that may start a Markdown block."""
    return escape(" ".join(text.split()))


def _number(value: Decimal | None, unit: str = "") -> Md:
    if value is None:
        return Md("—")
    return escape_inline(f"{value}{unit}")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
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
        paragraphs=paragraphs,
    )
    env.globals.update(all_indicators=all_indicators)
    return env


def report_path(year: int) -> Md:
    """Where a year's report page lives in the site."""
    return Md(f"{year}.md")


def _tidy(markdown: str) -> str:
    """One blank line between blocks, whatever the template's loops left."""
    return _BLANK_RUNS.sub("\n\n", markdown).strip() + "\n"


def render_report(
    report: Report,
    env: jinja2.Environment | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The year's report page. ``extra`` adds template variables that other pipeline
    stages provide (charts, downloads, history); templates test them with ``is defined``."""
    env = env or environment()
    return _tidy(
        env.get_template("report.md.j2").render(
            report=report,
            key=key_figures(report),
            notes=PageNotes.of(audit(report)),
            report_path=report_path,
            **(extra or {}),
        )
    )


def render_home(reports: list[Report], env: jinja2.Environment | None = None) -> str:
    env = env or environment()
    newest_first = sorted(reports, key=lambda r: r.year, reverse=True)
    keys: list[KeyFigures] = [key_figures(r) for r in newest_first]
    return _tidy(
        env.get_template("home.md.j2").render(
            reports=newest_first, keys=keys, report_path=report_path
        )
    )
