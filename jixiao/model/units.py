"""The units a figure may carry: each with its family and its factor to the family's base unit.

Arithmetic (sums, rates, shares, charts) converts only within a family and exactly, in
Decimal: 0.5万元 is 5000元, never 0.5 of anything else.  Units of different families never
meet in a sum; the checks report that instead.  A report that prints a unit not listed here
declares it at the top of its data file (``units:``), for that file only; ``declared_units``
reads such declarations before the report is validated, because figures are read (and their
unit looked up) while the report is still being validated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Any

# Families that code names: the key figures and charts treat money and rates specially.
MONEY = "金额"
RATIO = "比率"
PEOPLE = "人数"
SCORE = "分数"


@dataclass(frozen=True)
class Unit:
    name: str
    family: str
    factor: Decimal  # how many of the family's base unit one of this is
    note: str = ""  # for a declared unit: why the report needs it


def _family(family: str, *units: tuple[str, int | str]) -> list[Unit]:
    return [Unit(name, family, Decimal(factor)) for name, factor in units]


# A count word is its own family unless two words count the very same thing: 3个 and 2项
# are not 5 of anything. 件 and 起 both count cases (案件、事故) and have always been added.
_COUNTS = [
    "个",
    "项",
    "次",
    "户",
    "所",
    "处",
    "张",
    "条",
    "家",
    "台",
    "辆",
    "篇",
    "期",
    "批",
    "场",
    "本",
    "册",
    "份",
    "套",
    "座",
    "间",
    "栋",
    "株",
    "棵",
    "头",
    "只",
    "部",
    "门",
    "支",
    "轮",
    "堂",
    "节",
    "课时",
    "学时",
    "天",
    "小时",
    "人天",
    "人日",
]

REGISTRY: dict[str, Unit] = {
    unit.name: unit
    for unit in [
        *_family(MONEY, ("元", 1), ("千元", 1000), ("万元", 10**4), ("亿元", 10**8)),
        # 名 counts people as 人 does (招录5名 = 5人)
        *_family(PEOPLE, ("人", 1), ("名", 1), ("万人", 10**4)),
        *_family("人次", ("人次", 1), ("万人次", 10**4)),
        *_family(RATIO, ("%", 1)),
        *_family(SCORE, ("分", 1)),
        *_family("件数", ("件", 1), ("起", 1)),
        *_family("户", ("户", 1), ("万户", 10**4)),
        *_family("册", ("册", 1), ("万册", 10**4)),
        *[Unit(name, name, Decimal(1)) for name in _COUNTS if name not in ("户", "册")],
        *_family("面积", ("平方米", 1), ("万平方米", 10**4), ("平方公里", 10**6)),
        *_family("亩", ("亩", 1), ("万亩", 10**4)),  # 1亩 = 10000/15 平方米: not exact
        *_family("长度", ("米", 1), ("公里", 1000), ("千米", 1000)),
        *_family("重量", ("千克", 1), ("公斤", 1), ("吨", 1000), ("万吨", 10**7)),
        *_family("体积", ("立方米", 1), ("万立方米", 10**4)),
    ]
}

# The view older code reads: unit -> (family, factor).
UNITS: dict[str, tuple[str, Decimal]] = {u.name: (u.family, u.factor) for u in REGISTRY.values()}

# A unit is what follows the number: no digits, separators or spaces, not too long.
UNIT_NAME = re.compile(r"^[^\s0-9０-９.,，][^\s0-9０-９]{0,9}$")


# Arithmetic on figures: a value of up to 18 digits times a factor of up to 18 digits, summed
# and divided, needs more than Decimal's default 28 digits to stay exact (a sum 1元 short
# must not round into agreement).
ARITHMETIC = Context(prec=80)

# Whitespace of any kind, the invisible ones Word and web pages paste included.
_SPACE = "\\s\u200b\u200c\u200d\u2060\u180e\ufeff"
_PADDED = re.compile(f"^[{_SPACE}]|[{_SPACE}]$")
_BLANK = re.compile(f"^[{_SPACE}]*$")


def padded(name: str) -> bool:
    """Whether a name begins or ends with whitespace (a full-width space too)."""
    return bool(_PADDED.search(name))


def blank(text: str) -> bool:
    """Whether a text is nothing but whitespace (of any kind) or empty."""
    return bool(_BLANK.match(text))


def lookup(name: str, declared: Mapping[str, Unit] | None = None) -> Unit | None:
    """The unit of this name: from the registry, or declared by the report; None if neither."""
    return REGISTRY.get(name) or (declared or {}).get(name)


def near(name: str, declared: Mapping[str, Unit] | None = None) -> list[str]:
    """Known units that look like ``name`` (万美元 → 万元, 元…), closest first; of equally
    close ones, the commoner (the registry lists money and people first)."""
    names = [*REGISTRY, *(declared or {})]
    scored = []
    for order, candidate in enumerate(names):
        matcher = difflib.SequenceMatcher(None, name, candidate)
        score = matcher.ratio()
        if score >= 0.5 or candidate in name:  # 人次数 holds 人次
            scored.append((-score, order, candidate))
    return [candidate for _, _, candidate in sorted(scored)[:4]]


def unknown_hint(name: str, declared: Mapping[str, Unit] | None = None) -> str:
    """How to fix a figure whose unit is unknown: the near matches, and how to declare one."""
    close = near(name, declared)
    guess = f"是否想写“{'”“'.join(close)}”？" if close else ""
    return (
        f"{guess}原文确用“{name}”时，在文件顶层声明："
        f"units: [{{name: {name}, family: 类别, note: 说明}}]"
        "（归入已有类别如 金额、人数、面积 的，另写 factor：合几个该类别的基本单位）；"
        "原文把单位印错时写成 {printed: 原文, value: 数值, unit: 正确单位, note: 说明}。"
    )


def families() -> list[str]:
    return list(dict.fromkeys(u.family for u in REGISTRY.values()))


def declared_units(raw: Any) -> dict[str, Unit]:
    """The units a data file declares under ``units:``, read from the raw data before
    validation; entries that are malformed are left out here (the report's own validation
    locates and explains them)."""
    out: dict[str, Unit] = {}
    if not isinstance(raw, list):
        return out
    for entry in raw:
        unit = declared_unit(entry)
        if unit is not None and unit.name not in REGISTRY and unit.name not in out:
            out[unit.name] = unit
    return out


def declared_unit(entry: Any) -> Unit | None:
    if not isinstance(entry, dict):
        return None
    name, family = entry.get("name"), entry.get("family")
    if not isinstance(name, str) or not isinstance(family, str) or not UNIT_NAME.match(name):
        return None
    if padded(family):
        return None  # “金额　” is not 金额: refused by the report's validation, never merged
    factor = entry.get("factor", 1)
    try:
        factor = Decimal(str(factor))
    except InvalidOperation:
        return None
    if not factor.is_finite() or factor <= 0:
        return None
    return Unit(name, family, factor, str(entry.get("note") or ""))


def base_unit_name(family: str, among: Iterable[Unit] = ()) -> str:
    """The family's unit with factor 1, or the smallest of ``among`` for a declared family."""
    for unit in REGISTRY.values():
        if unit.family == family and unit.factor == 1:
            return unit.name
    return min((u for u in among if u.family == family), key=lambda u: (u.factor, u.name)).name
