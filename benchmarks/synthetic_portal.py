"""A synthetic county portal's data folder, for benchmarks and tests (虚构数据).

Run: python -m benchmarks.synthetic_portal OUT [--departments 60] [--years 10] [--seed 0]
                                            [--own-shapes] [--every-year] [--check]

Writes OUT/portal.yaml and OUT/<department-id>/<year>.yaml for the newest ``years`` years
up to 2021, each signed the year after.  As in a real county, about one department in seven
(never the seed's; only when there are 4 years or more) publishes fewer years, 3 to 9: one
that started later (the newest years), one that stopped (the oldest years), one with a gap
(the oldest and newest, a run of years between missing); which ones and how many years
follow the seed.  --every-year gives every department every year.

The first department is the seed's (data/2021.yaml in every year, as benchmarks.floor makes
a site of N years); the others are made up from the seed's outline and from other shapes
(benchmarks.synthetic_shapes): other outlines and heading words, a department score table,
project tables, a cover and contents, a reviewed inconsistency, and figures a report does
not state (budget total, self-score and grade, income, 三公, signature).  Sizes vary (a few
indicators to many themes, budgets from tens to tens of thousands of 万元).

Every figure that enters a check is made to agree exactly: amounts are whole 分 (0.01万元),
totals are the sums of their printed parts, printed rates are the ratio rounded to their
printed digits, a score table's leaves add up to the self-score, grades follow the score.
Every year file loads and audits clean (``jixiao check``; --check says so).  The same seed
gives the same bytes.  Texts are our own (the seed's and templates here), never copied from
real reports.
"""

from __future__ import annotations

import argparse
import os
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from benchmarks.synthetic_departments import GROUPS, SEED_ID, Department, departments
from benchmarks.synthetic_shapes import (
    NUMERALS,
    Shapes,
    points,
    project_table,
    score_table,
    shapes,
    shown,
)
from jixiao.model.grades import DEFAULT_GRADE_BANDS
from jixiao.source.yamlwrite import block

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "2021.yaml"
REAL_REPORTS = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared")) / "real-reports"
COUNTY = "新晃侗族自治县"
NEWEST = 2021
CENT = Decimal("0.01")
PARTIAL_SHARE = 0.15  # of the departments (not the seed's) that publish fewer years
PARTIAL_KINDS = ("later", "stopped", "gap")
HEADER = "# 虚构数据：由 benchmarks/synthetic_portal.py 生成，供基准测试与测试使用，不是真实报告。"


@dataclass(frozen=True)
class Profile:
    """What stays the same across a department's years: its shape and its size."""

    department: Department
    scale: Decimal  # its budget in 万元, before each year's variation
    themes: int
    indicators: int  # per theme
    outline: str  # seed, problems or analysis
    score_table: bool
    projects: int
    cover: bool
    unstated: bool  # some years leave figures out
    reviewed: bool  # one year prints an inconsistency, reviewed
    tree: int  # which score-table tree
    grade_words: bool  # prints 优秀/良好 rather than 优/良


def profile(department: Department, index: int, seed: int, found: Shapes) -> Profile:
    """A department's shape: the first few take one each of the special shapes (so that
    even a small portal holds them all), the rest draw theirs."""
    rng = random.Random(f"{seed}:profile:{department.id}")
    special = index % 4
    return Profile(
        department,
        scale=Decimal(rng.choice((40, 90, 150, 300, 600, 1200, 3000, 9000, 25000))),
        themes=rng.choice((1, 2, 3, 3, 4, 5, 6, 8)),
        indicators=rng.choice((1, 2, 3, 4, 6)),
        outline=("seed", "problems", "seed", "analysis")[special] if index < 4 else _drawn(rng),
        score_table=special == 1 or rng.random() < 0.25,
        projects=2 if special == 2 else rng.choice((0, 0, 0, 1, 3)),
        cover=special == 3 or rng.random() < 0.2,
        unstated=special == 2 if index < 4 else rng.random() < 0.3,
        reviewed=special == 2 if index < 4 else rng.random() < 0.1,
        tree=rng.randrange(len(found.trees)) if index >= 4 else len(found.trees) - 1,
        grade_words=rng.random() < 0.6,
    )


def _drawn(rng: random.Random) -> str:
    return rng.choice(("seed", "seed", "problems", "analysis"))


def generate(
    out: Path,
    departments: int,
    years: int,
    seed: int,
    real_reports: Path | None = REAL_REPORTS,
    every_year: bool = False,
) -> Path:
    """Write the portal's data folder at out (portal.yaml and one folder per department);
    real_reports=None draws on our own shapes only, as in CI; every_year: no department
    publishes fewer years (see published_years)."""
    found = shapes(real_reports)
    chosen = _departments(departments)
    spans = published_years(chosen, years, seed, every_year)
    out.mkdir(parents=True, exist_ok=True)
    (out / "portal.yaml").write_text(_portal_yaml(chosen), encoding="utf-8")
    seed_text = SEED.read_text(encoding="utf-8")
    for index, department in enumerate(chosen):
        folder = out / department.id
        folder.mkdir(exist_ok=True)
        shape = profile(department, index, seed, found)
        for year in spans[department.id]:
            if department.id == SEED_ID:
                text = _seed_year(seed_text, year)
            else:
                text = _write(year_document(shape, year, seed, found))
            (folder / f"{year}.yaml").write_text(text, encoding="utf-8")
    return out


def published_years(
    chosen: list[Department], years: int, seed: int, every_year: bool = False
) -> dict[str, tuple[int, ...]]:
    """The years each department publishes: all of them, but for PARTIAL_SHARE of the
    departments other than the seed's (at least one, when there are 4 years or more), which
    publish 3 to 9 of them, in turn later, stopped and gap (see the module's doc)."""
    every = tuple(range(NEWEST - years + 1, NEWEST + 1))
    spans = {d.id: every for d in chosen}
    others = [d for d in chosen if d.id != SEED_ID]
    if every_year or years < 4 or not others:
        return spans
    rng = random.Random(f"{seed}:published")
    count = max(1, round(len(others) * PARTIAL_SHARE))
    picked = sorted(rng.sample(range(len(others)), count))
    for turn, index in enumerate(picked):
        keep = rng.randint(3, min(9, years - 1))
        kind = PARTIAL_KINDS[turn % len(PARTIAL_KINDS)]
        if kind == "later":
            span = every[-keep:]
        elif kind == "stopped":
            span = every[:keep]
        else:
            start = rng.randint(1, keep - 1)
            span = every[:start] + every[start + years - keep :]
        spans[others[index].id] = span
    return spans


def _departments(count: int) -> list[Department]:
    if count < 1:
        raise ValueError("至少要有一个部门")
    return departments(count)


def _portal_yaml(chosen: list[Department]) -> str:
    lines = [HEADER, f"county: {COUNTY}", "groups:"]
    for group in GROUPS:
        ids = [d.id for d in chosen if d.group == group]
        if ids:
            lines += [f"  - name: {group}", f"    departments: [{', '.join(ids)}]"]
    return "\n".join(lines) + "\n"


def _seed_year(text: str, year: int) -> str:
    """The seed's data file dated another year, signed the year after (as benchmarks.floor)."""
    text = text.replace("\nyear: 2021\n", f"\nyear: {year}\n", 1)
    text = text.replace("date: 2022-05-20", f"date: {year + 1}-05-20", 1)
    return text.replace("printed_date: 2022年", f"printed_date: {year + 1}年", 1)


def _write(document: dict[str, Any]) -> str:
    lines = [HEADER]
    for key, value in document.items():
        lines += block(key, value, 0)
    return "\n".join(lines) + "\n"


# --- one year ------------------------------------------------------------------------------


def year_document(shape: Profile, year: int, seed: int, found: Shapes) -> dict[str, Any]:
    """One department's report for one year, as its data file holds it."""
    d = shape.department
    rng = random.Random(f"{seed}:{d.id}:{year}")
    name = d.full_name(COUNTY)
    unstated = _unstated(shape, rng, year)
    score = _score(rng) if "score" not in unstated else None
    grade = _grade(score, shape.grade_words) if score is not None else None
    headings = _headings(shape, rng, found)
    sections: dict[str, Any] = {
        "overview": overview(d, rng, headings["overview"], shape.reviewed and year == NEWEST),
        **money_sections(d, rng, year, shape.scale, unstated, headings),
        "performance": performance(shape, rng, year, score, grade, headings["performance"]),
    }
    if shape.score_table and score is not None and grade is not None:
        tree = found.trees[shape.tree]
        sections["performance"]["tables"] = [score_table(rng, tree, score, grade)]
    sections.update(_closing(shape, headings))
    document: dict[str, Any] = {
        "year": year,
        "department": {"name": name, "short_name": d.short},
        "title": f"{year}年度{d.short}整体支出绩效自评报告",
    }
    if shape.cover:
        document["cover"] = [
            {"name": "单位名称", "value": name},
            {"name": "评价方式", "value": "部门自评"},
        ]
        document["contents"] = [h for h in headings.values() if h]
    document["basis"] = _basis(d, year)
    document["sections"] = sections
    document.update(_attachments(shape, rng, name))
    if "signature" not in unstated:
        day = rng.randint(10, 28)
        document["signature"] = {
            "organisation": name,
            "date": f"{year + 1}-05-{day}",
            "printed_date": f"{year + 1}年5月{day}日",
        }
    document["transcription_notes"] = ["本文件是虚构的数据，由程序生成，不是真实报告。"]
    if shape.reviewed and year == NEWEST:
        document["reviews"] = [_headcount_review(sections["overview"])]
    return document


def _unstated(shape: Profile, rng: random.Random, year: int) -> set[str]:
    """What this year's report leaves out (the oldest year of such a department always
    leaves out its budget total, so that every portal with one shows it)."""
    if not shape.unstated:
        return set()
    left = ("total", "score", "income", "three_public", "signature")
    out = {what for what in left if rng.random() < 0.25}
    return out | ({"total"} if year == NEWEST - 1 or year % 4 == 0 else set())


def _score(rng: random.Random) -> Decimal:
    whole = Decimal(rng.choice((68, 76, 82, 85, 88, 90, 92, 94, 95, 96, 97, 98)))
    return whole + (Decimal("0.5") if rng.random() < 0.3 else 0)


def _grade(score: Decimal, words: bool) -> str:
    grade = next(g for floor, g in DEFAULT_GRADE_BANDS if score >= floor)
    return {"优": "优秀", "良": "良好", "中": "合格"}.get(grade, grade) if words else grade


def _headings(shape: Profile, rng: random.Random, found: Shapes) -> dict[str, str]:
    """Each section's printed heading, numbered in its order: the outline decides which
    sections there are, the heading words are drawn from what reports print."""
    kinds = ["overview", "budget", "execution", "performance"]
    kinds += {
        "seed": ["suggestions"],
        "problems": ["problems", "measures"],
        "analysis": ["problems", "other", "suggestions"],
    }[shape.outline]
    words = {k: found.headings[k][0] for k in kinds}
    if shape.outline != "seed":
        words = {k: rng.choice(found.headings[k]) for k in kinds}
    return {kind: f"{NUMERALS[i]}、{words[kind]}" for i, kind in enumerate(kinds)}


def _basis(d: Department, year: int) -> dict[str, str]:
    notice = f"{COUNTY}财政局关于做好{year + 1}年部门（单位）绩效评价工作的通知"
    number = f"晃财绩〔{year + 1}〕{12 + year % 7}号"
    return {
        "text": f"根据《{notice}》（{number}）要求，{d.short}对{year}年部门整体支出进行了绩效自评。"
        "现报告如下：",
        "notice": notice,
        "notice_number": number,
    }


def _closing(shape: Profile, headings: dict[str, str]) -> dict[str, Any]:
    texts = {
        "problems": "一是预算编制还不够细化，部分项目执行进度偏慢。二是绩效目标设定不够量化。",
        "measures": "细化预算编制，加快项目执行进度；完善绩效目标，加强绩效运行监控。",
        "other": f"综合评价，{shape.department.short}本年度整体支出管理规范，绩效目标基本实现。",
        "suggestions": "加强预算法和会计制度学习培训，规范部门预算收支核算，提高预算管理水平。",
    }
    out: dict[str, Any] = {}
    for kind, text in texts.items():
        if kind in headings:
            key = kind if kind != "other" else "conclusion"
            kind_field = {"kind": "other"} if kind == "other" else {}
            out[key] = {**kind_field, "heading": headings[kind], "text": text + "\n"}
    return out


def _attachments(shape: Profile, rng: random.Random, name: str) -> dict[str, Any]:
    if not shape.projects:
        return {}

    def grade(total: Decimal) -> str:
        return next(g for floor, g in DEFAULT_GRADE_BANDS if total >= floor)

    works = shape.department.works
    tables = [
        project_table(rng, n + 1, works[n % len(works)], name, grade) for n in range(shape.projects)
    ]
    return {"attachments": tables}


# --- the sections --------------------------------------------------------------------------

OFFICES = ("办公室", "财务股", "人事股", "法规股", "综合股", "督查股")


def overview(d: Department, rng: random.Random, heading: str, inconsistent: bool) -> dict[str, Any]:
    """Staffing that adds up (but for a reviewed inconsistency), internal units counted."""
    admin, other = rng.randint(3, 30), rng.randint(0, 80)
    staffed_admin, staffed_other = admin - rng.randint(0, 2), max(0, other - rng.randint(0, 5))
    total = staffed_admin + staffed_other + (1 if inconsistent else 0)
    units = [*OFFICES[: rng.randint(2, len(OFFICES))], *(f"{w}股" for w in d.works[:2])]
    text = (
        f"{d.short}核定行政编制{admin}人，事业编制{other}人。实有人数为{total}人，其中行政"
        f"{staffed_admin}人，事业编制人数{staffed_other}人。内设{'、'.join(units)}{len(units)}个股室。"
        f"主要承担{'、'.join(d.works)}等工作。"
    )
    return {
        "heading": heading,
        "text": text + "\n",
        "authorised_posts": {
            "id": "staffing-authorised",
            "name": "编制数",
            "parts": [
                {"name": "行政编制", "value": f"{admin}人"},
                {"name": "事业编制", "value": f"{other}人"},
            ],
        },
        "headcount": {
            "id": "staffing-actual",
            "name": "实有人数",
            "total": f"{total}人",
            "parts": [
                {"name": "行政", "value": f"{staffed_admin}人"},
                {"name": "事业编制", "value": f"{staffed_other}人"},
            ],
        },
        "internal_units": {"count": f"{len(units)}个", "names": units},
        "duties": list(d.works),
    }


def _headcount_review(overview: dict[str, Any]) -> dict[str, str]:
    stated = overview["headcount"]["total"]
    parts = sum(int(p["value"][:-1]) for p in overview["headcount"]["parts"])
    return {
        "rule": "parts-sum",
        "field": "sections.overview.headcount",
        "stated": stated,
        "computed": f"{parts}人",
        "explanation": f"虚构的不一致：所列各项合计{parts}人，比实有人数{stated}少1人，"
        "照原文发布。",
    }


def wan(value: Decimal) -> str:
    return f"{shown(value)}万元"


def split(rng: random.Random, total: Decimal, names: tuple[str, ...]) -> list[Decimal]:
    """total in whole 分 parts, one for each name, in random proportions."""
    weights = [rng.randint(1, 10) for _ in names]
    parts = [(total * w / sum(weights)).quantize(CENT) for w in weights]
    return parts


BUDGET_ITEMS = ("工资", "工资附加性支出", "年终绩效奖", "公用经费", "专项业务经费", "县级项目经费")
ECONOMIC = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")
FUNCTIONAL = ("行政事业单位养老支出", "医疗保险", "住房公积金")


def money_sections(
    d: Department,
    rng: random.Random,
    year: int,
    scale: Decimal,
    unstated: set[str],
    headings: dict[str, str],
) -> dict[str, Any]:
    """The budget and its execution: totals are the sums of their printed parts."""
    base = (scale * Decimal(rng.randint(85, 125)) / 100).quantize(CENT)
    names = BUDGET_ITEMS[: rng.randint(2, len(BUDGET_ITEMS))]
    items = split(rng, base, names)
    total = sum(items, Decimal(0))
    listed = "；".join(f"{n}{wan(v)}" for n, v in zip(names, items, strict=True))
    budget: dict[str, Any] = {"heading": headings["budget"]}
    if "total" in unstated:
        budget["text"] = f"{year}年年初预算安排{listed}。\n"
    else:
        budget["text"] = f"{year}年财政下达{d.short}部门预算收入{wan(total)}，其中：{listed}。\n"
        budget["total"] = wan(total)
    budget["items"] = [{"name": n, "value": wan(v)} for n, v in zip(names, items, strict=True)]
    return {
        "budget": budget,
        "execution": execution(rng, year, total, unstated, headings["execution"]),
    }


def execution(
    rng: random.Random, year: int, budget: Decimal, unstated: set[str], heading: str
) -> dict[str, Any]:
    used = (budget * Decimal(rng.randint(78, 106)) / 100).quantize(CENT)
    economic = split(rng, used, ECONOMIC)
    spending = sum(economic, Decimal(0))
    functional = [(v / 10).quantize(CENT) for v in split(rng, spending, FUNCTIONAL)]
    lines: list[str] = []
    out: dict[str, Any] = {"heading": heading}
    if "income" not in unstated:
        carry = (spending * Decimal(rng.randint(0, 6)) / 100).quantize(CENT)
        income = spending + carry
        lines.append(
            f"收入方面：{year}年决算总收入{wan(income)}，全年实际支出{wan(spending)}，"
            f"结转结余{wan(carry)}。"
        )
        out |= {"income": wan(income), "carry_over": wan(carry)}
    parts = "，".join(f"{n}{wan(v)}" for n, v in zip(ECONOMIC, economic, strict=True))
    some = "，".join(f"{n}{wan(v)}" for n, v in zip(FUNCTIONAL, functional, strict=True))
    lines.append(f"支出方面：全年实际支出为{wan(spending)}，其中{parts}；按功能分类，{some}。")
    out |= {
        "spending": wan(spending),
        "by_economic": {
            "parts": [{"name": n, "value": wan(v)} for n, v in zip(ECONOMIC, economic, strict=True)]
        },
        "by_functional": {
            "exhaustive": False,
            "parts": [
                {"name": n, "value": wan(v)} for n, v in zip(FUNCTIONAL, functional, strict=True)
            ],
        },
    }
    if "three_public" not in unstated:
        sentence, items = three_public(rng, budget)
        lines.append(sentence)
        out["three_public"] = {"items": items}
    out["text"] = "\n".join(lines) + "\n"
    return out


def three_public(rng: random.Random, budget: Decimal) -> tuple[str, list[dict[str, str]]]:
    """Reception and vehicles against their control figures (a vehicle control of 0 is
    normal; some departments spend beyond a control figure)."""
    sentences, items = [], []
    for category, name in (
        ("公务接待费", "公务接待费"),
        ("公务用车购置及运行费", "公务用车运行费"),
    ):
        share = rng.choice((0, 5, 10, 20)) if category != "公务接待费" else rng.choice((5, 10, 20))
        control = (budget * share / 1000).quantize(CENT)
        actual = (control * Decimal(rng.randint(30, 115)) / 100).quantize(CENT)
        rate = (
            (actual / control * 100).quantize(Decimal(1), ROUND_HALF_UP) if control else Decimal(0)
        )
        sentences.append(
            f"{name}的控制数为{wan(control)}，实际支出数为{wan(actual)}，"
            f"实际支出数占全年控制数{shown(rate)}%。"
        )
        items.append(
            {
                "category": category,
                "name": name,
                "control": wan(control),
                "actual": wan(actual),
                "rate": f"{shown(rate)}%",
            }
        )
    return "“三公”经费控制情况：" + "".join(sentences), items


UNITS = ("人", "人次", "件", "户", "个", "场", "次", "项")
VERBS = ("推进", "加强", "做好", "落实", "深化")


def performance(
    shape: Profile,
    rng: random.Random,
    year: int,
    score: Decimal | None,
    grade: str | None,
    heading: str,
) -> dict[str, Any]:
    d = shape.department
    if score is not None and grade is not None:
        intro = (
            f"{year}年，{d.short}根据部门整体支出绩效评价指标自评得分{points(score)}，"
            f"财政支出绩效为“{grade}”。主要绩效如下："
        )
        out: dict[str, Any] = {
            "heading": heading,
            "text": intro + "\n",
            "score": points(score),
            "grade": grade,
        }
    else:
        out = {
            "heading": heading,
            "text": f"{year}年，{d.short}完成了部门整体支出绩效自评。主要绩效如下：\n",
        }
    out["sections"] = {
        f"theme-{n}": theme(d, rng, n, shape.indicators, year) for n in range(1, shape.themes + 1)
    }
    return out


def theme(d: Department, rng: random.Random, n: int, count: int, year: int) -> dict[str, Any]:
    """One theme of the year's work: indicators (target, result, rate) and a stat or two,
    each printed in the theme's text; ids stay the same every year (trends follow them)."""
    work = d.works[(n - 1) % len(d.works)]
    sentences, indicators = [], []
    for i in range(1, count + 1):
        unit = UNITS[(n * 7 + i) % len(UNITS)]
        label = f"{work}{('任务', '服务', '培训', '检查', '宣传', '建设')[i % 6]}"
        target = rng.randint(5, 5000)
        result = target * rng.randint(80, 130) // 100 or 1
        rate = (Decimal(result) / target * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        sentences.append(f"{label}{target}{unit}，已完成{result}{unit}，完成率{shown(rate)}%")
        indicators.append(
            {
                "id": f"t{n}-i{i}",
                "name": label,
                "target": f"{target}{unit}",
                "result": f"{result}{unit}",
                "rate": f"{shown(rate)}%",
            }
        )
    helped = rng.randint(20, 900)
    sentences.append(f"惠及群众约{helped}人")
    text = "；".join(sentences) + "。"
    if n % 2 == 0:
        text = f"截至{year}年11月末，" + text
    stats = [{"id": f"t{n}-people", "name": f"{work}惠及群众", "value": f"约{helped}人"}]
    return {
        "heading": f"{n}、{VERBS[n % len(VERBS)]}{work}工作，各项任务稳步推进。",
        "text": text + "\n",
        "indicators": indicators,
        "stats": stats,
    }


def check(out: Path) -> list[str]:
    """Every problem ``jixiao check`` would report in the portal's departments, one line each."""
    from jixiao.checks.audit import audit_loaded
    from jixiao.model.loader import data_files, load_all

    found = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        loaded = load_all(data_files(folder))
        audited = audit_loaded(loaded)
        found += [f"{folder.name}: {p.render()}" for p in loaded.problems + audited.failures]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="the data folder to write")
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--own-shapes", action="store_true", help="ignore ../shared/real-reports")
    parser.add_argument(
        "--every-year", action="store_true", help="no department publishes fewer years"
    )
    parser.add_argument("--check", action="store_true", help="load and audit every year file")
    args = parser.parse_args()
    real = None if args.own_shapes else REAL_REPORTS
    out = generate(args.out, args.departments, args.years, args.seed, real, args.every_year)
    files = sum(1 for _ in out.glob("*/*.yaml"))
    print(f"{out}: {args.departments} departments × up to {args.years} years, {files} year files")
    if args.check:
        problems = check(out)
        print("\n".join(problems) or "every year file loads and audits clean")
        raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
