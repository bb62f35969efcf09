"""The audit of a report as the page shows it: numbered 核对说明 and 更正说明.

Each note is shown after the tables of the section or theme it concerns, marked
next to its figure, and collected at the end of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from jixiao.checks.audit import Audit, CorrectionNote
from jixiao.checks.rules import RULES, Finding
from jixiao.model.figures import Figure
from jixiao.model.report import Review
from jixiao.model.tree import FieldPath
from jixiao.pages.markdown import Md, escape_inline


@dataclass(frozen=True)
class ReviewNote:
    number: int
    finding: Finding
    review: Review

    @property
    def anchor(self) -> str:
        return f"review-{self.number}"

    @property
    def rule_name(self) -> str:
        return RULES.get(self.finding.rule, self.finding.rule)


@dataclass(frozen=True)
class NumberedCorrection:
    number: int
    note: CorrectionNote

    @property
    def anchor(self) -> str:
        return f"correction-{self.number}"


@dataclass
class PageNotes:
    reviews: list[ReviewNote] = field(default_factory=list)
    corrections: list[NumberedCorrection] = field(default_factory=list)
    _marks: dict[int, list[Md]] = field(default_factory=dict)
    # the same marks as (link text, anchor), for tables we write in HTML, where Markdown
    # links are not read
    _links: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Audit) -> PageNotes:
        notes = cls()
        for number, (finding, review) in enumerate(result.reviewed, 1):
            note = ReviewNote(number, finding, review)
            notes.reviews.append(note)
            notes._add_mark(finding.subject, Md(f"（见[核对说明{number}](#{note.anchor})）"))
            notes._add_link(finding.subject, f"核对说明{number}", note.anchor)
        for number, correction in enumerate(result.corrections, 1):
            numbered = NumberedCorrection(number, correction)
            notes.corrections.append(numbered)
            notes._add_mark(correction.figure, Md(f"（见[更正说明{number}](#{numbered.anchor})）"))
            notes._add_link(correction.figure, f"更正说明{number}", numbered.anchor)
        return notes

    def _add_mark(self, subject: object, mark: Md) -> None:
        if subject is not None:
            self._marks.setdefault(id(subject), []).append(mark)

    def _add_link(self, subject: object, text: str, anchor: str) -> None:
        if subject is not None:
            self._links.setdefault(id(subject), []).append((text, anchor))

    def html_mark(self, subject: object) -> Markup:
        """The marks of ``mark`` as HTML links, for a table written in HTML."""
        return Markup("").join(
            Markup('（见<a href="#{}">{}</a>）').format(anchor, text)
            for text, anchor in self._links.get(id(subject), [])
        )

    def mark(self, subject: object) -> Md:
        """Links to the notes about this object (a table, a row, a figure), or nothing."""
        return Md("".join(self._marks.get(id(subject), [])))

    def figure(self, figure: Figure) -> Md:
        """A figure's printed text, with its correction next to it."""
        text = escape_inline(figure.printed)
        if figure.correction is not None:
            text = Md(text + escape_inline(f"（更正为{figure.correction.to}）"))
        return Md(text + self.mark(figure))

    def within(self, prefix: FieldPath, exclude: FieldPath | None = None) -> NotesIn:
        """The notes about figures of one section or theme."""

        def inside(path: FieldPath) -> bool:
            if path[: len(prefix)] != prefix:
                return False
            return exclude is None or path[: len(exclude)] != exclude

        return NotesIn(
            [r for r in self.reviews if inside(r.finding.path)],
            [c for c in self.corrections if inside(c.note.path)],
        )


@dataclass(frozen=True)
class NotesIn:
    reviews: list[ReviewNote]
    corrections: list[NumberedCorrection]
