"""Structured figures read from one section's text, only where the reading is unambiguous.

Every figure is a span of the text, copied as printed (``521.75万元``, ``227 %``,
``约 0.53万人``), so the fidelity check finds it where it came from; nothing is computed
or guessed.  The typed fields of the seed's outline come first (self-score and grade,
budget total and its parts, income, spending and its parts, 三公 control and actual), then
target/result/rate indicators and totals with the parts after 其中, then named figures;
a figure with no name in front of it, or a number whose unit is not one the model knows
(``436.4万``), is left in the text and listed as a candidate for staff to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.figures import UNITS, read_printed

_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# Patterns allow spaces (ASCII or full-width) but never a line break: the text is one
# paragraph a line, and a figure or a name never runs from one paragraph into the next.
# At most 15 digits before the point and 6 after (MAX_DIGITS is 18): anything longer is
# no figure a report prints, and is left in the text.
FIGURE = re.compile(
    rf"(?<![\d.０-９])(?:约 ?)?\d{{1,15}}(?:\.\d{{1,6}})?(?![\d.]) ?(?:余|多)? ?(?:{_UNIT})"
)
# A number with a unit the model does not know: “436.4万”, “300万”.
ODD_UNIT = re.compile(r"(?<![\d.])\d+(?:\.\d+)? ?万(?![元人])")
_SEP = "，,。；;：:、（）()“”《》\n"
_NAME_LEAD = ("其中", "共计", "共", "累计", "并", "和", "及", "我县", "我局", "目前", "今年")
_NAME_TAIL = ("为", "达到", "达", "共计", "共", "计", "是", "约", "由")
# When, before a name: “2021年处理劳动争议纠纷案22件”, “1-11月份发生工伤事故188人次”,
# “7月26日至7月31日共完成数据录入223759条” (a date is no figure, and no name either)
_WHEN = re.compile(
    r"^(?:\d{4}年度?)?(?:\d{1,2}(?:[-—~至]\d{1,2})?月份?)?(?:\d{1,2}日)?"
    r"(?:至(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?)?[，,\s]*"
)
_TARGET_TAIL = ("任务总数", "任务数", "任务总卡数", "任务", "计划数", "计划", "总数", "目标")
_GRADES = "优秀|良好|合格|不合格|及格|较差|中等|优|良|中|差"
_ECONOMIC = ("工资福利", "商品和服务", "对个人和家庭", "资本性", "对企业补助", "债务利息")
_MONEY = ("万元", "元")
Data = dict[str, Any]


@dataclass
class Token:
    start: int
    end: int
    printed: str

    @property
    def unit(self) -> str:
        reading = read_printed(self.printed)
        return reading.unit if reading else ""

    @property
    def value(self) -> Decimal:
        reading = read_printed(self.printed)
        return reading.value if reading else Decimal(0)

    @property
    def dimension(self) -> str:
        return UNITS[self.unit][0] if self.unit in UNITS else ""


@dataclass
class Found:
    """What one section yields: typed fields (in model order), the three lists, and the
    candidates left in the text (each with why)."""

    fields: Data = field(default_factory=dict)
    indicators: list[Data] = field(default_factory=list)
    breakdowns: list[Data] = field(default_factory=list)
    stats: list[Data] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)  # field -> why to check it

    def count(self) -> int:
        """How many figures were structured (a figure used twice counts once)."""
        return len(figure_texts(self))


def figure_texts(found: Found) -> list[str]:
    return [
        value
        for value in _leaves([found.fields, found.indicators, found.breakdowns, found.stats])
        if isinstance(value, str) and FIGURE.fullmatch(value)
    ]


def figures_of(found: Found) -> list[tuple[Decimal, str]]:
    """Every structured figure's (value, unit)."""
    out = []
    for printed in figure_texts(found):
        reading = read_printed(printed)
        if reading:
            out.append((reading.value, reading.unit))
    return out


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [
            leaf for key, v in value.items() if key not in ("name", "id") for leaf in _leaves(v)
        ]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


class Reader:
    """The figures of one text, and which of them a structure has taken."""

    def __init__(self, text: str, key: str) -> None:
        self.text = text
        self.key = key
        self.tokens = [Token(m.start(), m.end(), m.group()) for m in FIGURE.finditer(text)]
        self.used: set[int] = set()
        self.found = Found()
        self._serial = 0

    def next_id(self) -> str:
        self._serial += 1
        return f"{self.key}-{self._serial}"

    def token_at(self, start: int) -> Token | None:
        return next((t for t in self.tokens if t.start == start), None)

    def after(self, token: Token, pattern: str) -> re.Match[str] | None:
        return re.compile(pattern).match(self.text, token.end)

    def take(self, *tokens: Token) -> None:
        self.used.update(t.start for t in tokens)

    def free(self, token: Token | None) -> bool:
        return token is not None and token.start not in self.used

    def name_before(self, token: Token, tails: tuple[str, ...] = ()) -> str:
        """The words right before a figure, back to the previous punctuation or figure."""
        begin = token.start
        while begin > 0 and self.text[begin - 1] not in _SEP:
            begin -= 1
        previous = [t.end for t in self.tokens if begin <= t.end <= token.start and t is not token]
        if previous:
            begin = max(previous)
        name = self.text[begin : token.start].strip()
        name = _WHEN.sub("", name, count=1) or name
        changed = True
        while changed:
            changed = False
            for lead in _NAME_LEAD:
                if name.startswith(lead) and len(name) > len(lead) + 1:
                    name, changed = name[len(lead) :].strip(), True
            for tail in (*_NAME_TAIL, *tails):
                if name.endswith(tail) and len(name) > len(tail) + 1:
                    name, changed = name[: -len(tail)].strip(), True
        return name

    def parts_after(self, token: Token, *, clause: bool = False) -> list[tuple[str, Token]]:
        """The parts listed right after a total: “…，其中：工资241.83万元；年终绩效奖29万元…”;
        with ``clause``, after one short clause between them too (“…，财政均按…拨付，其中…”)."""
        between = r"(?:[，,][^，,。；;\d]{1,24})?" if clause else ""
        opening = self.after(
            token, between + r"[ \u3000]*(?:[，,][ \u3000]*|（|\()其中[ \u3000]*[：:，,]?[ \u3000]*"
        )
        if opening is None:
            return []
        pos = opening.end()
        parts: list[tuple[str, Token]] = []
        chunk = re.compile(r"([^，,；;、。：:（）()\n\d]{1,30}?)(?:为|是)?[ \u3000]*(?=[约\d])")
        while True:
            match = chunk.match(self.text, pos)
            part = self.token_at(match.end()) if match else None
            if match is None or part is None or not self.free(part):
                break
            parts.append((match.group(1).strip(), part))
            separator = re.compile(r"[ \u3000]*[，,；;、][ \u3000]*").match(self.text, part.end)
            if separator is None:
                break
            pos = separator.end()
        return _fitted(token, parts)


def _fitted(total: Token, parts: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """The list up to where its parts add up to the total exactly, when the whole list
    overshoots it: “实有120人，其中：行政23名，工勤1名，事业96人；退休96人” ends at 事业."""
    scales = {UNITS[t.unit] for _, t in parts if t.unit in UNITS}
    if len(scales) != 1 or scales != {UNITS[total.unit]}:
        return parts
    running = Decimal(0)
    added = sum((t.value for _, t in parts), Decimal(0))
    if added <= total.value:
        return parts
    for n, (_, token) in enumerate(parts, start=1):
        running += token.value
        if running == total.value and n < len(parts):
            return parts[:n]
    return parts


def read_figures(text: str, key: str, kind: str) -> Found:
    reader = Reader(text, key)
    if kind == "performance":
        _performance(reader)
    elif kind == "budget":
        _budget(reader)
    elif kind == "execution":
        _execution(reader)
        _three_public(reader)
    elif kind == "three_public":
        _three_public(reader)
    elif kind == "overview":
        _overview(reader)
    _indicators(reader)
    _breakdowns(reader)
    _respectively(reader)
    _stats(reader)
    return reader.found


def _first(reader: Reader, pattern: str, units: tuple[str, ...]) -> Token | None:
    """The first free figure in ``units`` right after the words of ``pattern``."""
    for match in re.finditer(pattern + r"[ \u3000]*(?=[约\d])", reader.text):
        token = reader.token_at(match.end())
        if reader.free(token) and token is not None and token.unit in units:
            return token
    return None


def _performance(reader: Reader) -> None:
    # “自评得分：97.6分”, “自评总分为97.6分”, “自评结果为97.6分” (never a bare 总分: “总分100分”
    # is what the report scores out of)
    score = _first(reader, r"(?:得分|自评总分|自评结果|评价结果)(?:为|是|[：:])?", ("分",))
    if score:
        reader.take(score)
        reader.found.fields["score"] = score.printed
    grade = re.search(
        rf"(?:等级|等次|绩效|结果|评价)(?:为|是|评定为|[：:])[ \u3000]*"
        rf"[“\"「]?({_GRADES})(?![\u4e00-\u9fff])",
        reader.text,
    )
    if grade:
        reader.found.fields["grade"] = grade.group(1)


def _budget(reader: Reader) -> None:
    total = _first(reader, r"预算[\u4e00-\u9fff]{0,8}?(?:为|共计|合计|总额)?", _MONEY)
    if total is None:
        return
    reader.take(total)
    reader.found.fields["total"] = total.printed
    parts = reader.parts_after(total)
    if parts:
        reader.take(*(t for _, t in parts))
        reader.found.fields["items"] = [{"name": n, "value": t.printed} for n, t in parts]


def _execution(reader: Reader) -> None:
    income = _first(reader, r"总收入[\u4e00-\u9fff]{0,4}?(?:为|是|共计)?", _MONEY)
    if income:
        reader.take(income)
        reader.found.fields["income"] = income.printed
    spending = _first(
        reader, r"(?:全年实际支出|全年支出|本年支出|总支出|支出合计)(?:为|是|共计|达)?", _MONEY
    )
    if spending:
        reader.take(spending)
        reader.found.fields["spending"] = spending.printed
        parts = reader.parts_after(spending, clause=True)
        reader.take(*(t for _, t in parts))
        economic = [p for p in parts if any(w in p[0] for w in _ECONOMIC)]
        functional = [p for p in parts if p not in economic]
        if economic:
            reader.found.fields["by_economic"] = {"parts": _parts(economic)}
        if functional:
            # named after functional headings, not the economic ones: they are a different
            # cut of the same spending and need not add up to it
            reader.found.fields["by_functional"] = {
                "exhaustive": False,
                "parts": _parts(functional),
            }
            reader.found.comments["by_functional"] = (
                "这些分项不属于经济分类，按功能分类录入、不要求合计为全年支出；请核对"
            )
    carry = _first(reader, r"结转(?:和|及)?结余(?:资金)?(?:为|是|共计)?", _MONEY)
    if carry:
        reader.take(carry)
        reader.found.fields["carry_over"] = carry.printed


def _parts(parts: list[tuple[str, Token]]) -> list[Data]:
    return [{"name": name, "value": token.printed} for name, token in parts]


_THREE_PUBLIC = re.compile(
    r"(?P<name>公务接待费|招待费|接待费|因公出国（境）费|因公出国\(境\)费|出国[^，。；,\d]{0,6}?费"
    r"|[^，。；,\d]{0,6}?车[^，。；,\d]{0,8}?费)的?控制数(?:为|是)?[ \u3000]*"
)


def _three_public(reader: Reader) -> None:
    items = []
    for match in _THREE_PUBLIC.finditer(reader.text):
        control = reader.token_at(match.end())
        if not reader.free(control) or control is None or control.unit not in _MONEY:
            continue
        actual_at = reader.after(
            control, r"[ \u3000]*[，,][ \u3000]*实际支出(?:数|额)?(?:为|是)?[ \u3000]*"
        )
        actual = reader.token_at(actual_at.end()) if actual_at else None
        if not reader.free(actual) or actual is None or actual.unit != control.unit:
            continue
        item: Data = {"category": _category(match["name"]), "name": match["name"]}
        item |= {"control": control.printed, "actual": actual.printed}
        reader.take(control, actual)
        rate_at = reader.after(
            actual,
            r"[ \u3000]*[，,][ \u3000]*实际支出(?:数|额)?占[^，。；%\d]{0,12}?[ \u3000]*(?=\d)",
        )
        rate = reader.token_at(rate_at.end()) if rate_at else None
        if reader.free(rate) and rate is not None and rate.unit == "%":
            item["rate"] = rate.printed
            reader.take(rate)
        items.append(item)
    if items:
        reader.found.fields["three_public"] = {"items": items}


def _category(name: str) -> str:
    if "车" in name:
        return "公务用车购置及运行费"
    if "出国" in name:
        return "因公出国（境）费"
    return "公务接待费"


def _overview(reader: Reader) -> None:
    founded = re.search(r"成立于(\d{4}年(?:\d{1,2}月)?)", reader.text)
    if founded:
        reader.found.fields["founded"] = founded.group(1)
    headcount = _first(reader, r"实有(?:人数|人员|干部职工)(?:为|是|共)?", ("人", "名"))
    if headcount:
        parts = reader.parts_after(headcount)
        reader.take(headcount, *(t for _, t in parts))
        reader.found.fields["headcount"] = {
            "id": reader.next_id(),
            "name": "实有人数",
            "total": headcount.printed,
            "parts": _parts(parts),
        }
    # names within one paragraph: a name a line break splits is no name the model takes
    units = re.search(
        r"内设([^。；\n]{2,300}?)(\d+个)(?:股室|科室|内设机构|机构|处室)", reader.text
    )
    if units:
        names = [n.strip() for n in units.group(1).split("、") if n.strip()]
        token = reader.token_at(units.start(2))
        if token and reader.free(token) and all(len(n) <= 30 for n in names):
            reader.take(token)
            reader.found.fields["internal_units"] = {"count": token.printed, "names": names}
    duties = re.search(r"承担([^。；\n]{2,120}?)(?:等(?:职能|职责|工作))?。", reader.text)
    if duties and "、" in duties.group(1):
        reader.found.fields["duties"] = [d.strip() for d in duties.group(1).split("、")]


def _indicators(reader: Reader) -> None:
    """任务/目标 figure, 已完成 figure, optionally 未完成 figure and 完成率."""
    for target in reader.tokens:
        if not reader.free(target):
            continue
        result_at = reader.after(
            target,
            r"[ \u3000]*[，,][ \u3000]*(?:目前)?(?:已|实际|完成)"
            r"[\u4e00-\u9fff]{0,4}?[ \u3000]*(?=[约\d])",
        )
        result = reader.token_at(result_at.end()) if result_at else None
        if not reader.free(result) or result is None or result.dimension != target.dimension:
            continue
        name = reader.name_before(target, _TARGET_TAIL)
        if not _good_name(name):
            continue
        indicator: Data = {"id": reader.next_id(), "name": name}
        indicator |= {"target": target.printed, "result": result.printed}
        reader.take(target, result)
        last = result
        remaining_at = reader.after(
            result, r"[ \u3000]*[，,][ \u3000]*未[\u4e00-\u9fff]{0,3}?[ \u3000]*(?=\d)"
        )
        remaining = reader.token_at(remaining_at.end()) if remaining_at else None
        if reader.free(remaining) and remaining is not None and remaining.unit == result.unit:
            indicator["remaining"] = remaining.printed
            reader.take(remaining)
            last = remaining
        rate_at = reader.after(
            last, r"[ \u3000]*[，,][ \u3000]*(?:任务)?完成率(?:为|达)?[ \u3000]*(?=\d)"
        )
        rate = reader.token_at(rate_at.end()) if rate_at else None
        if reader.free(rate) and rate is not None and rate.unit == "%":
            indicator["rate"] = rate.printed
            reader.take(rate)
        reader.found.indicators.append(indicator)


def _breakdowns(reader: Reader) -> None:
    """A total with the parts listed after 其中, all of one kind of unit."""
    for total in reader.tokens:
        if not reader.free(total):
            continue
        parts = reader.parts_after(total)
        # the list ends where the unit changes kind: “…2个，核定编制数320人” starts a new figure
        kept = next((i for i, (_, t) in enumerate(parts) if t.dimension != total.dimension), None)
        parts = parts[:kept]
        if not parts:
            continue
        name = reader.name_before(total)
        if not _good_name(name):
            continue
        reader.take(total, *(t for _, t in parts))
        breakdown: Data = {"id": reader.next_id(), "name": name, "total": total.printed}
        same_unit = all(t.unit == total.unit for _, t in parts)
        added = sum((t.value for _, t in parts), Decimal(0))
        if len(parts) == 1 or (same_unit and added < total.value and "其中" in name):
            # one part named after 其中 is an example, not the whole
            breakdown["exhaustive"] = False
        breakdown["parts"] = _parts(parts)
        reader.found.breakdowns.append(breakdown)


_RESPECTIVELY = re.compile(r"([^，,。；;：:（）()\n\d]{2,80}?)分别为?[ \u3000]*(?=[约\d])")


def _respectively(reader: Reader) -> None:
    """“城乡居民养老保险、企业职工养老保险、机关事业单位养老保险分别146170人、15908人、
    10217人”: as many names as figures, paired in order; no total is stated."""
    for match in _RESPECTIVELY.finditer(reader.text):
        names = [n.strip() for n in match.group(1).split("、")]
        tokens: list[Token] = []
        token = reader.token_at(match.end())
        while reader.free(token) and token is not None and len(tokens) < len(names):
            tokens.append(token)
            gap = re.compile(r"[ \u3000]*、[ \u3000]*").match(reader.text, token.end)
            token = reader.token_at(gap.end()) if gap else None
        if len(tokens) != len(names) or len(names) < 2 or not all(map(_good_name, names)):
            continue
        if len({t.dimension for t in tokens}) != 1:
            continue
        reader.take(*tokens)
        reader.found.breakdowns.append(
            {
                "id": reader.next_id(),
                "name": "、".join(names),
                "parts": [
                    {"name": n, "value": t.printed} for n, t in zip(names, tokens, strict=True)
                ],
            }
        )
        reader.found.comments.setdefault(
            "breakdowns", "“……分别……”按顺序配对；名称可改为所列各项的总称"
        )


# A name is a label as a reader would say it: never a row number, a form's mark or a
# template's half sentence (“22否基础信息完善%”, “预算执行率未”).
_NAME_MARKS = re.compile(r"[“”《》|%％<>＜＞≥≤=＝]")
_DANGLING = ("未", "不", "否", "是", "的", "和", "及", "或", "为", "对", "与", "按")
_WHOLE_WORDS = ("涉及", "普及", "惠及")  # words that end like a dangling one but are whole


# A table's row number glued to its text (“22否基础信息完善”); a leading date or year
# (“2021年……”, “1-11月份……”, “7月26日至……”) is part of a good name.
_ROW_NUMBER = re.compile(r"^\d+(?![\d年月日季\-－—~～至.．])")


def _good_name(name: str) -> bool:
    return (
        2 <= len(name) <= 30
        and not name[-1].isdigit()
        and not _ROW_NUMBER.match(name)
        and not _NAME_MARKS.search(name)
        and (not name.endswith(_DANGLING) or name.endswith(_WHOLE_WORDS))
        and re.search(r"[\u4e00-\u9fff]", name) is not None
    )


def _stats(reader: Reader) -> None:
    for token in reader.tokens:
        if not reader.free(token):
            continue
        name = reader.name_before(token)
        if _good_name(name):
            reader.found.stats.append(
                {"id": reader.next_id(), "name": name, "value": token.printed}
            )
            reader.take(token)
        else:
            reader.found.candidates.append(f"{token.printed}（前面没有可作名称的文字）")
    for match in ODD_UNIT.finditer(reader.text):
        reader.found.candidates.append(f"{match.group().strip()}（单位“万”不明，多半是万元）")
