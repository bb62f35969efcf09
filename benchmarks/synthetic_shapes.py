"""The shapes of the synthetic portal's reports beyond the seed's (虚构数据): other outlines, a
department score table, project tables, and figures a report does not state.

The shapes come from two places.  Our own, written like tests/fixtures/tables (always
there, so that the generator works in CI).  And, when ``../shared/real-reports/`` is beside
the checkout, the outlines and the score-table tree that real reports print, read from there
at run time: only their headings' words and the tree of indicator names and weights, never
their text, and nothing of them is kept in this repository.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(rf"^[{NUMERALS}]+、\s*(.+?)\s*$")
WEIGHTED = re.compile(r"^(.*?)\s*[(（](\d+)分?[)）]$")

# Heading words by the kind of section they start, ours first (the seed's outline).
OWN_HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("部门（单位）概况", "部门基本情况"),
    "budget": ("年初预算安排情况", "部门预算安排情况"),
    "execution": ("本年预算执行情况", "部门预算执行情况"),
    "performance": ("部门（单位）整体支出绩效情况", "部门整体支出绩效自评情况"),
    "problems": ("存在的问题",),
    "measures": ("改进措施",),
    "suggestions": ("建议", "下一步工作打算"),
    "other": ("综合评价结论",),
}
# Which real headings stand for which kind of section (the first word found decides).
KIND_WORDS = (
    ("problems", ("问题",)),
    ("overview", ("概况", "概述", "基本情况")),
    ("performance", ("绩效评价分析", "绩效情况")),
    ("other", ("结论", "评价工作")),
)

Node = tuple[str, Decimal, tuple["Node", ...]]  # name, weight in 分, lower levels

# Our own department score table (the shape of tests/fixtures/tables): 100 points.
OWN_TREE: tuple[Node, ...] = (
    ("部门决策", Decimal(20), (("目标设定", Decimal(10), ()), ("预算编制", Decimal(10), ()))),
    (
        "部门管理",
        Decimal(30),
        (
            ("资金管理", Decimal(10), ()),
            ("预算执行率", Decimal(10), ()),
            ("资产管理", Decimal(5), ()),
            ("信息公开", Decimal(5), ()),
        ),
    ),
    (
        "部门绩效",
        Decimal(50),
        (("产出", Decimal(25), ()), ("效果", Decimal(15), ()), ("满意度", Decimal(10), ())),
    ),
)


@dataclass(frozen=True)
class Shapes:
    """What the generator may draw on: heading words by kind, and score-table trees."""

    headings: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(OWN_HEADINGS))
    trees: tuple[tuple[Node, ...], ...] = (OWN_TREE,)
    real: bool = False  # whether real reports were read


def shapes(real_reports: Path | None) -> Shapes:
    """Our shapes, with those of the real reports in the folder when it is there."""
    if real_reports is None or not real_reports.is_dir():
        return Shapes()
    headings = {kind: list(words) for kind, words in OWN_HEADINGS.items()}
    for path in sorted(real_reports.glob("*.txt")):
        for kind, words in _real_headings(_body(path)):
            if words not in headings[kind]:
                headings[kind].append(words)
    trees = [OWN_TREE]
    for path in sorted(real_reports.glob("F*.txt")):
        tree = score_tree(_body(path))
        if tree:
            trees.append(tree)
    return Shapes({k: tuple(v) for k, v in headings.items()}, tuple(trees), real=True)


def _body(path: Path) -> list[str]:
    """A real report's lines after its header (the dashed line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("-----")]
    return lines[starts[0] + 1 :] if starts else []


def _real_headings(lines: list[str]) -> list[tuple[str, str]]:
    found = []
    for line in lines:
        match = HEADING.match(line)
        if match is None or len(match[1]) > 16:
            continue
        words = match[1]
        kind = next((k for k, keys in KIND_WORDS if any(w in words for w in keys)), None)
        if kind is not None:
            found.append((kind, words))
    return found


def score_tree(lines: list[str]) -> tuple[Node, ...]:
    """The department score tree a framework prints as rows of ``| 一级 | 二级 | 三级 |``,
    the upper levels merged down (a row starts at the level it changes); empty when the
    lines hold none, or when its weights do not add up to 100 as a published table's must."""
    levels: list[list[Any]] = []  # [name, weight, children] of the open level-1 indicators
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = [c for c in cells if c]
        if not line.startswith("|") or not cells or cells[0] == "一级指标":
            continue
        if "名称" in cells[0]:
            break  # the project sheet that follows
        if len(cells) > 3 or (len(cells) < 3 and not levels):
            return ()
        for depth, cell in enumerate(cells, start=3 - len(cells)):
            match = WEIGHTED.match(cell)
            node: list[Any] = [match[1] if match else cell, _weight(match), []]
            parent = levels if depth == 0 else _last(levels, depth)
            parent.append(node)
    tree = tuple(_frozen(node) for node in levels)
    return tree if _adds_up(tree, Decimal(100)) else ()


def _weight(match: re.Match[str] | None) -> Decimal | None:
    return Decimal(match[2]) if match else None


def _last(levels: list[list[Any]], depth: int) -> list[list[Any]]:
    children: list[list[Any]] = levels
    for _ in range(depth):
        children = children[-1][2]
    return children


def _frozen(node: list[Any]) -> Node:
    name, weight, children = node
    if weight is None:  # a merged cell that prints no weight takes its parent's rest
        weight = Decimal(0)
    lower = tuple(_frozen(child) for child in children)
    if lower and any(child[1] == 0 for child in lower):
        rest = weight - sum((c[1] for c in lower), Decimal(0))
        lower = tuple((c[0], rest if c[1] == 0 else c[1], c[2]) for c in lower)
    return (str(name), weight, lower)


def _adds_up(tree: tuple[Node, ...], total: Decimal) -> bool:
    if sum((n[1] for n in tree), Decimal(0)) != total or any(n[1] <= 0 for n in tree):
        return False
    return all(not n[2] or _adds_up(n[2], n[1]) for n in tree)


# --- tables of one year ----------------------------------------------------------------


def points(value: Decimal) -> str:
    return f"{shown(value)}分"


def shown(value: Decimal) -> str:
    """A decimal as a report prints it: no trailing zeros after the point."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def deductions(rng: random.Random, leaves: list[Decimal], total: Decimal) -> list[Decimal]:
    """Points taken off each leaf, in half points, adding up to total, none beyond its weight."""
    taken = [Decimal(0)] * len(leaves)
    left, step = total, Decimal("0.5")
    while left > 0:
        open_ = [i for i, w in enumerate(leaves) if taken[i] + min(step, left) <= w]
        i = rng.choice(open_)
        taken[i] += min(step, left)
        left -= min(step, left)
    return taken


def score_table(
    rng: random.Random, tree: tuple[Node, ...], score: Decimal, grade: str
) -> dict[str, Any]:
    """A department score table whose leaves' scores add up to the self-score."""

    def leaves(nodes: tuple[Node, ...]) -> list[Decimal]:
        out: list[Decimal] = []
        for _, weight, lower in nodes:
            out += leaves(lower) if lower else [weight]
        return out

    taken = iter(deductions(rng, leaves(tree), Decimal(100) - score))

    def items(nodes: tuple[Node, ...]) -> tuple[list[dict[str, Any]], Decimal]:
        out, sum_ = [], Decimal(0)
        for name, weight, lower in nodes:
            item: dict[str, Any] = {"name": name, "weight": points(weight)}
            if lower:
                item["items"], got = items(lower)
            else:
                got = weight - next(taken)
            item["score"] = points(got)
            out.append(item)
            sum_ += got
        return out, sum_

    rows, _ = items(tree)
    return {
        "kind": "score",
        "id": "score-table",
        "title": "部门整体支出绩效评价得分表",
        "items": rows,
        "total_weight": "100分",
        "total": points(score),
        "grade": grade,
    }


PROJECT_INDICATORS = (
    ("产出指标", "数量指标", "{work}人数", "人"),
    ("产出指标", "质量指标", "{work}合格率", "%"),
    ("效益指标", "社会效益指标", "{work}受益户数", "户"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "%"),
)


def project_table(
    rng: random.Random, number: int, work: str, department: str, bands: Any
) -> dict[str, Any]:
    """A 项目支出绩效自评表 whose funds, rate and scores agree: 10 points for the funds (by
    the execution rate), 90 for four indicators."""
    budget = Decimal(rng.randint(500, 30000)) / 100
    executed = (budget * Decimal(rng.randint(85, 100)) / 100).quantize(Decimal("0.01"))
    rate = (executed / budget * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    funds_score = (rate / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
    rows, total = [], funds_score
    for (level1, level2, name, unit), weight in zip(
        PROJECT_INDICATORS, (30, 20, 20, 20), strict=True
    ):
        target = Decimal(90) if unit == "%" else Decimal(rng.randint(50, 2000))
        actual = (
            target + rng.randint(-3, 8) if unit == "%" else target * rng.randint(95, 120) // 100
        )
        got = Decimal(weight) if actual >= target else Decimal(weight) - 1
        total += got
        rows.append(
            {
                "level1": level1,
                "level2": level2,
                "name": name.format(work=work),
                "target": f"≥{shown(target)}{unit}",
                "actual": f"{shown(Decimal(actual))}{unit}",
                "weight": points(Decimal(weight)),
                "score": points(got),
            }
        )
        if actual < target:
            rows[-1]["reason"] = "部分服务对象年内未能参加，下一年度补足。"
    funds = {"initial": budget, "budget": budget, "executed": executed}
    return {
        "kind": "project",
        "id": f"project-{number}",
        "title": "项目支出绩效自评表",
        "project": f"{work}专项经费",
        "department": department,
        "implementer": department,
        "funds": [
            {"name": "年度资金总额", **funds, "weight": "10分", "rate": f"{shown(rate)}%"}
            | {"score": points(funds_score)},
            {"name": "其中：本年财政拨款", **funds, "rate": f"{shown(rate)}%"},
            {"name": "上年结转资金"},
        ],
        "goal_expected": f"完成年度{work}任务，服务对象满意度不低于90%。",
        "goal_actual": f"年度{work}任务按计划完成。",
        "indicators": rows,
        "total_weight": "100分",
        "total": points(total),
        "grade": bands(total),
    }
