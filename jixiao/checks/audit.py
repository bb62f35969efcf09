"""Findings of the checks set against the reviews staff recorded: what is published, what fails.

A finding is *reviewed* when the year's ``reviews`` hold an entry with the same
rule, field, stated and computed values; it is then published as 核对说明.
Any other warning fails ``jixiao check`` and the strict build; errors (personal
data) can never be reviewed away.  A review that matches no finding is stale
and fails too, so a changed figure never hides behind an old explanation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from jixiao.checks.personal import mask_personal
from jixiao.checks.rules import RULES, Finding, all_figures, run_checks
from jixiao.model.figures import Figure
from jixiao.model.loader import Loaded
from jixiao.model.report import Report, Review
from jixiao.model.tree import FieldPath, once_per_object, resolve
from jixiao.source.problems import Problem, display_path
from jixiao.source.yamlsource import Document

SEVERITY_WORDS = {"error": "错误", "warning": "待核对", "info": "提示"}


@dataclass(frozen=True)
class CorrectionNote:
    path: FieldPath
    label: str
    figure: Figure


@dataclass
class Audit:
    findings: list[Finding]
    reviewed: list[tuple[Finding, Review]] = field(default_factory=list)
    unreviewed: list[Finding] = field(default_factory=list)
    info: list[Finding] = field(default_factory=list)
    stale: list[tuple[int, Review]] = field(default_factory=list)
    corrections: list[CorrectionNote] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.unreviewed and not self.stale


def _matches(finding: Finding, review: Review) -> bool:
    return (
        finding.rule == review.rule
        and finding.field == review.field
        and finding.stated == review.stated
        and finding.computed == review.computed
    )


def _label(report: Report, path: FieldPath) -> str:
    """The name of the nearest named thing on the path: the item a figure belongs to."""
    label = ""
    for depth in range(1, len(path) + 1):
        node = resolve(report, path[:depth])
        name = getattr(node, "name", None) or getattr(node, "heading", None)
        if isinstance(name, str):
            label = name
    return label


@once_per_object
def audit(report: Report) -> Audit:
    findings = run_checks(report)
    result = Audit(findings)
    used: set[int] = set()
    for finding in findings:
        if finding.severity == "info":
            result.info.append(finding)
            continue
        match = None
        if finding.severity == "warning":
            match = next(
                (i for i, r in enumerate(report.reviews) if i not in used and _matches(finding, r)),
                None,
            )
        if match is None:
            result.unreviewed.append(finding)
        else:
            used.add(match)
            result.reviewed.append((finding, report.reviews[match]))
    result.stale = [(i, r) for i, r in enumerate(report.reviews) if i not in used]
    for path, figure, _ in all_figures(report):
        if figure.correction is not None:
            result.corrections.append(CorrectionNote(path, _label(report, path), figure))
    return result


def _review_snippet(finding: Finding) -> str:
    lines = [
        "核实后，在本年数据文件末尾的 reviews 中写明原因：",
        "reviews:",
        f"  - rule: {finding.rule}",
        f"    field: {finding.field}",
    ]
    # Quoted: YAML reads a bare 58 or 0.5 as a number, and the review then fails validation.
    if finding.stated is not None:
        lines.append(f"    stated: {_quoted(finding.stated)}")
    if finding.computed is not None:
        lines.append(f"    computed: {_quoted(finding.computed)}")
    lines.append("    explanation: （核对结果）")
    lines.append("原文数字印错、能确定正确值时，改用 correction 更正该数字。")
    return "\n        ".join(lines)


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def finding_problem(finding: Finding, file: str, doc: Document | None) -> Problem:
    position = doc.position_of(finding.path) if doc is not None else None
    if finding.rule == "glyph":
        hint = (
            "表情符号请删去；生僻字可改用通用字并在 note 中说明。图表写不出的字不能经核对说明放行。"
        )
    elif finding.rule == "placeholder":
        hint = "照原文填写；原文确实没有印的，删去这个字段（标题、单位名称须照原文填写）。"
    elif finding.severity == "error":
        hint = (
            "从数据文件中删去这些个人信息；个人信息一律不得公开。"
            "若核实不是个人信息（如形似手机号的文号、项目编号），在数据文件的 not_personal 中"
            "写明：{number: 号码, reason: 核实结果}。"
        )
    elif finding.severity == "info":
        hint = "仅供参考，不影响发布。"
    else:
        hint = _review_snippet(finding)
    # key-figure: both values are printed, the expected one where the page header takes it
    word = "另一处原文" if finding.rule == "key-figure" else "计算值"
    expected = f"{word} {finding.computed}" if finding.computed else ""
    found = f"原文 {finding.stated}" if finding.stated else ""
    if finding.difference:
        found += f"（计算值减原文：{finding.difference}）"
    return Problem(
        file,
        f"[{finding.rule} {SEVERITY_WORDS[finding.severity]}] {finding.message}",
        position.line if position else None,
        position.column if position else None,
        # a key may hold the number itself: the message never shows it whole
        field=mask_personal(finding.field) if finding.rule == "confidential" else finding.field,
        expected=expected,
        found=found,
        hint=hint,
    )


def stale_problem(index: int, review: Review, file: str, doc: Document | None) -> Problem:
    position = doc.position_of(("reviews", index)) if doc is not None else None
    rule = RULES.get(review.rule)
    return Problem(
        file,
        "[review-stale 待核对] 这条核对说明没有对应的检查结果。",
        position.line if position else None,
        position.column if position else None,
        field=f"reviews[{index}]",
        expected="与某条检查结果的 rule、field、stated、computed 完全一致",
        found=f"rule {review.rule}（{rule or '未知规则'}）、field {review.field}、"
        f"stated {review.stated}、computed {review.computed}",
        hint="数据已改正则删去这条说明；若数字变了，按 jixiao check 给出的新结果更新并重新核实。",
    )


def audit_problems(
    result: Audit, file: str, doc: Document | None
) -> tuple[list[Problem], list[Problem]]:
    """(failures, notices): unreviewed findings and stale reviews fail; info is a notice."""
    failures = [finding_problem(f, file, doc) for f in result.unreviewed]
    failures += [stale_problem(i, r, file, doc) for i, r in result.stale]
    notices = [finding_problem(f, file, doc) for f in result.info]
    return failures, notices


@dataclass
class AuditReport:
    """The audit of every loaded year: what fails, what must stop publishing, what is a notice."""

    failures: list[Problem] = field(default_factory=list)
    blocking: list[Problem] = field(default_factory=list)  # personal data: never published
    notices: list[Problem] = field(default_factory=list)


def audit_loaded(loaded: Loaded) -> AuditReport:
    """Every year's audit as problems (a year's audit is remembered by its report object:
    its page then takes the same result)."""
    out = AuditReport()
    for report in loaded.reports:
        source = loaded.sources.get(report.year)
        file = display_path(source) if source else f"{report.year}.yaml"
        doc = loaded.documents.get(report.year)
        result = audit(report)
        failures, notices = audit_problems(result, file, doc)
        out.failures += failures
        out.notices += notices
        out.blocking += [
            finding_problem(f, file, doc) for f in result.unreviewed if f.severity == "error"
        ]
    return out
