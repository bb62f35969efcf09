"""The typed schema of one year's self-evaluation report.

Each section keeps its verbatim text (``text``, one paragraph a line) beside
its structured figures: plain figures (``stats``), target/result/rate
indicators (``indicators``) and totals with their listed parts
(``breakdowns``).  Sections that some reports have and others lack go in
``extra_sections``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from jixiao.model.figures import Figure
from jixiao.model.text import Line, Paragraphs, Text
from jixiao.model.tree import FieldPath, descend

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(Strict):
    """One listed part of a total; parts may list parts of their own (含……)."""

    name: Line
    value: Figure
    note: Line | None = None
    parts: list[Part] = []


class Stat(Strict):
    """A plain figure with a name: 手机资格认证率98%."""

    id: Id
    name: Line
    value: Figure
    as_of: Line | None = Field(default=None, description="截至日期，照原文，如“截至2021年11月末”")
    note: Line | None = None


class Indicator(Strict):
    """A target, its result and the completion rate, as printed; any of them may be missing."""

    id: Id
    name: Line
    operator: Literal["≥", "≤", "="] = Field(
        default="≥", description="≥：完成越多越好；≤：不超过目标（如失业率）；=：恰好达到"
    )
    target: Figure | None = Field(default=None, description="目标或任务数")
    result: Figure | None = Field(default=None, description="完成数")
    remaining: Figure | None = Field(default=None, description="未完成数")
    rate: Figure | None = Field(default=None, description="原文所印的完成率")
    as_of: Line | None = None
    note: Line | None = None
    parts: list[Indicator] = Field(default=[], description="按类别分列的同一指标")


class Breakdown(Strict):
    """A total and the parts the text lists for it; the total may be unstated."""

    id: Id
    name: Line
    total: Figure | None = None
    parts: list[Part]
    exhaustive: bool = Field(
        default=True, description="原文所列各项是否应合计为总数（“其中”只举部分时为 false）"
    )
    as_of: Line | None = None
    note: Line | None = None


class Figures(Strict):
    """Structured figures that any section or theme may carry."""

    stats: list[Stat] = []
    indicators: list[Indicator] = []
    breakdowns: list[Breakdown] = []


class Section(Figures):
    heading: Line = Field(description="原文标题，如“一、部门（单位）概况”")
    text: Text = Field(description="原文全文，每行一段")


class Department(Strict):
    name: Line = Field(description="单位全称")
    short_name: Line | None = Field(default=None, description="原文中的简称，如“县人社局”")


class Basis(Strict):
    """The opening paragraph and the notice the evaluation was made under."""

    text: Text
    notice: Line | None = Field(default=None, description="所依据的文件名称")
    notice_number: Line | None = Field(default=None, description="文号，照原文")


class Signature(Strict):
    """The signature as printed; any part a report leaves out stays out."""

    organisation: Line | None = Field(default=None, description="落款单位，照原文")
    date: datetime.date | None = Field(
        default=None, description="落款日期（年-月-日），原文只印到月或未印日期时不填"
    )
    printed_date: Line | None = Field(
        default=None, description="原文落款日期，照原文，如“2022年5月20日”“2022年5月”"
    )


class InternalUnits(Strict):
    count: Figure | None = Field(default=None, description="原文所说的股室数")
    names: list[Line]


class Overview(Section):
    founded: Line | None = Field(default=None, description="成立时间，照原文")
    authorised_posts: Breakdown | None = Field(default=None, description="编制数")
    headcount: Breakdown | None = Field(default=None, description="实有人数")
    internal_units: InternalUnits | None = None
    duties: list[Line] = []


class Budget(Section):
    total: Figure | None = Field(default=None, description="年初预算总额；原文未载明时不填")
    items: list[Part] = []


class Classification(Strict):
    parts: list[Part]
    exhaustive: bool = True


ThreePublicKind = Literal["公务接待费", "公务用车购置及运行费", "因公出国（境）费"]


class ThreePublicItem(Strict):
    category: ThreePublicKind
    name: Line = Field(description="原文用语，如“招待费”")
    control: Figure | None = Field(default=None, description="控制数")
    actual: Figure | None = Field(default=None, description="实际支出数")
    rate: Figure | None = Field(default=None, description="原文所印的实际支出占控制数的比例")


class ThreePublic(Strict):
    total_control: Figure | None = None
    total_actual: Figure | None = None
    items: list[ThreePublicItem]


class Execution(Section):
    income: Figure | None = Field(default=None, description="决算总收入")
    income_reason: Line | None = None
    spending: Figure | None = Field(default=None, description="全年实际支出")
    carry_over: Figure | None = Field(default=None, description="结转结余")
    by_economic: Classification | None = Field(default=None, description="按经济分类")
    by_functional: Classification | None = Field(default=None, description="按功能分类")
    three_public: ThreePublic | None = None


class Theme(Figures):
    """One numbered theme of the year's work."""

    number: Line = Field(description="原文序号，如“1、”")
    title: Line
    text: Paragraphs = ""


class Performance(Section):
    score: Figure | None = Field(default=None, description="自评得分；原文未载明时不填")
    grade: Line | None = Field(
        default=None, description="原文所印的等级，如“优秀”；原文未载明时不填"
    )
    themes: list[Theme] = []


class GradeBand(Strict):
    floor: Decimal = Field(description="该等级的最低分")
    grade: Line = Field(description="等级，如“优”")


class Review(Strict):
    """A finding of the checks that staff reviewed: published as 核对说明."""

    rule: Line = Field(description="检查规则编号，如 parts-sum")
    field: Line = Field(description="字段路径，如 overview.headcount")
    stated: Line | None = Field(default=None, description="原文数字，照检查结果填写")
    computed: Line | None = Field(default=None, description="计算结果，照检查结果填写")
    explanation: Text = Field(description="核对结果：差异的原因或无法判定的说明")


class NotPersonal(Strict):
    """A number that looks like personal data but is not, as staff checked it."""

    number: Line = Field(description="号码，照原文所印")
    reason: Line = Field(description="核实结果：为什么不是个人信息，如“项目编号”")


class Report(Strict):
    year: int = Field(ge=1990, le=2100)
    department: Department
    title: Line
    basis: Basis
    overview: Overview
    budget: Budget
    execution: Execution
    performance: Performance
    suggestions: Section
    extra_sections: list[Section] = []
    signature: Signature = Field(default_factory=Signature, description="落款；原文没有落款时不填")
    transcription_notes: list[Line] = Field(
        default=[], description="录入说明：原文中未录入或需要说明的地方"
    )
    grade_bands: list[GradeBand] | None = Field(
        default=None, description="评分分档，默认 90/80/60 分为优/良/中，以下为差"
    )
    reviews: list[Review] = Field(default=[], description="核对说明：已核实的检查结果")
    not_personal: list[NotPersonal] = Field(
        default=[], description="经核实不是个人信息的号码（如形似手机号的文号），照常公开"
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Report:
        seen: dict[str, str] = {}
        ids = [(at, ident) for at, ident in descend(self, stop=(Figure,)) if at and at[-1] == "id"]
        for path, ident in ids:
            if not isinstance(ident, str):
                continue
            if ident in seen:
                raise PydanticCustomError(
                    "duplicate_id",
                    "编号“{id}”在本年数据中重复（另一处在 {other}）",
                    {"id": ident, "other": seen[ident], "path": path},
                )
            seen[ident] = ".".join(str(p) for p in path[:-1])
        return self

    def places(self) -> list[Place]:
        """Every section and theme in the order of the page: the one list of them all."""
        places = [
            Place((name,), name, "section", section.heading, section.text, section)
            for name, section in [
                ("overview", self.overview),
                ("budget", self.budget),
                ("execution", self.execution),
                ("performance", self.performance),
            ]
        ]
        for i, theme in enumerate(self.performance.themes):
            label = f"{theme.number}{theme.title}"
            path = ("performance", "themes", i)
            # a theme's figures may be printed in its title as well as in its text
            places.append(
                Place(path, f"theme-{i + 1}", "theme", label, theme.title + theme.text, theme)
            )
        places.append(
            Place(
                ("suggestions",),
                "suggestions",
                "section",
                self.suggestions.heading,
                self.suggestions.text,
                self.suggestions,
            )
        )
        for i, section in enumerate(self.extra_sections):
            # numbered after the five standard sections, as 六、七、… follow 五、
            places.append(
                Place(
                    ("extra_sections", i),
                    f"section-{i + 6}",
                    "extra",
                    section.heading,
                    section.text,
                    section,
                )
            )
        return places


@dataclass(frozen=True)
class Place:
    """A section or theme of the report where the page shows it."""

    path: FieldPath  # its field path in the data file
    anchor: str  # its heading's id on the page
    kind: Literal["section", "theme", "extra"]
    label: str  # its heading as printed
    text: str  # the verbatim text its figures must be printed in
    figures: Figures


def all_indicators(figures: Figures) -> list[Indicator]:
    """Indicators of a section or theme, their per-category parts included."""
    return [
        node
        for _, node in descend(figures.indicators, stop=(Figure,))
        if isinstance(node, Indicator)
    ]
