"""The typed schema of one year's self-evaluation report.

The report is its sections in the order the source prints them, nested as deep
as the source nests them (一、/（一）/1、…).  Each section keeps its verbatim
text (``text``, one paragraph a line) beside its structured figures: plain
figures (``stats``), target/result/rate indicators (``indicators``) and totals
with their listed parts (``breakdowns``).  A section may declare a kind
(overview, budget, execution, 三公, performance, suggestions…); the typed kinds
carry the fields of the standard outline.  Nothing is required that a report
may leave out: a figure not printed is absent, never 0.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from jixiao.model.figures import DECLARED, Figure
from jixiao.model.plausible import Money, Rate, Score, over_total, signed_far_off
from jixiao.model.tables import (
    AnyTable,
    Cell,
    ProjectFunds,
    ProjectIndicator,
    ProjectTable,
    Row,
    ScoreItem,
    ScoreTable,
    Table,
    Value,
)
from jixiao.model.text import Line, Paragraphs, Text
from jixiao.model.tree import FieldPath, descend
from jixiao.model.units import REGISTRY, UNIT_NAME, declared_units, families, padded

__all__ = [  # the table types are part of the report's model: importable from here
    "Cell",
    "ProjectFunds",
    "ProjectIndicator",
    "ProjectTable",
    "Row",
    "ScoreItem",
    "ScoreTable",
    "Table",
    "Value",
]

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
    rate: Rate | None = Field(default=None, description="原文所印的完成率")
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
    """Structured figures that any section may carry."""

    stats: list[Stat] = []
    indicators: list[Indicator] = []
    breakdowns: list[Breakdown] = []
    tables: list[AnyTable] = Field(
        default=[],
        description="这一节所印的表格：一般表格，或 kind: score 评分表、"
        "kind: project 项目支出绩效自评表",
    )


# Kinds a section may declare (by its key in ``sections`` or by ``kind:``); the first five
# carry the structured fields of the seed's outline, the others only say what the section is.
TYPED_KINDS = ("overview", "budget", "execution", "three_public", "performance")
PLAIN_KINDS = ("suggestions", "problems", "measures", "analysis", "appendix", "other")
KIND_NAMES = {
    "overview": "部门（单位）概况",
    "budget": "预算安排",
    "execution": "预算执行",
    "three_public": "“三公”经费",
    "performance": "绩效情况与自评得分",
    "suggestions": "建议",
    "problems": "存在的问题",
    "measures": "下一步措施或改进措施",
    "analysis": "绩效分析（投入、过程、产出、效果等）",
    "appendix": "附件",
    "other": "其他",
}
# Anchors the report page uses for its own headings: no section may take them.
RESERVED_ANCHORS = frozenset(
    {
        "key-figures",
        "reviews",
        "corrections",
        "about-this-page",
        "cover",
        "contents",
        "attachments",
        "downloads",  # jixiao/pages/templates/_opendata.md.j2
        "revisions",
    }
)
# Numbered anchors of the page's own: review-1 (核对说明), correction-1 (更正说明); and
# attachment-1… (附件), whose whole prefix is reserved.
RESERVED_NUMBERED = re.compile(r"^(?:review|correction)-[0-9]+$")


def _declare_kinds(data: object) -> object:
    """A section keyed by a kind's name is of that kind unless it says otherwise; any other
    section is ``other``.  Done before validation so the kind picks the section's class."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
        return data
    sections = {
        key: {**value, "kind": key if key in KIND_NAMES else "other"}
        if isinstance(value, dict) and "kind" not in value
        else value
        for key, value in data["sections"].items()
    }
    return {**data, "sections": sections}


class Section(Figures):
    """One numbered part of the report as printed, with the parts it nests, in source order."""

    kind: Literal["suggestions", "problems", "measures", "analysis", "appendix", "other"] = Field(
        default="other", description="这一节是什么：用键名或 kind 声明"
    )
    heading: Line = Field(description="原文标题，照原文，连同序号，如“一、部门（单位）概况”")
    text: Paragraphs = Field(default="", description="原文全文，每行一段")
    sections: dict[Id, AnySection] = Field(
        default={}, description="下一级标题的各节，如（一）（二）或1、2、，按原文顺序"
    )

    _kinds = model_validator(mode="before")(_declare_kinds)


class Department(Strict):
    name: Line = Field(description="单位全称")
    short_name: Line | None = Field(default=None, description="原文中的简称，如“县人社局”")


class Basis(Strict):
    """The opening paragraph and the notice the evaluation was made under."""

    text: Text
    notice: Line | None = Field(default=None, description="所依据的文件名称")
    notice_number: Line | None = Field(default=None, description="文号，照原文")


class CoverField(Strict):
    """One line of a report's cover or 基本情况 form, as printed: 预算编码, 评价方式…"""

    name: Line = Field(description="项目，照原文，如“评价方式”")
    value: Line = Field(description="内容，照原文")


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
    kind: Literal["overview"] = "overview"  # type: ignore[assignment]
    founded: Line | None = Field(default=None, description="成立时间，照原文")
    authorised_posts: Breakdown | None = Field(default=None, description="编制数")
    headcount: Breakdown | None = Field(default=None, description="实有人数")
    internal_units: InternalUnits | None = None
    duties: list[Line] = []


class Budget(Section):
    kind: Literal["budget"] = "budget"  # type: ignore[assignment]
    total: Figure | None = Field(default=None, description="年初预算总额；原文未载明时不填")
    items: list[Part] = []


class Classification(Strict):
    parts: list[Part]
    exhaustive: bool = True


ThreePublicKind = Literal["公务接待费", "公务用车购置及运行费", "因公出国（境）费"]


class ThreePublicItem(Strict):
    category: ThreePublicKind
    name: Line = Field(description="原文用语，如“招待费”")
    control: Money | None = Field(default=None, description="控制数")
    actual: Money | None = Field(default=None, description="实际支出数")
    rate: Rate | None = Field(default=None, description="原文所印的实际支出占控制数的比例")


class ThreePublic(Strict):
    total_control: Money | None = None
    total_actual: Money | None = None
    items: list[ThreePublicItem]


class Execution(Section):
    kind: Literal["execution"] = "execution"  # type: ignore[assignment]
    income: Figure | None = Field(default=None, description="决算总收入")
    income_reason: Line | None = None
    spending: Figure | None = Field(default=None, description="全年实际支出")
    carry_over: Figure | None = Field(default=None, description="结转结余")
    by_economic: Classification | None = Field(default=None, description="按经济分类")
    by_functional: Classification | None = Field(default=None, description="按功能分类")
    three_public: ThreePublic | None = None


class ThreePublicSection(Section):
    """A section of its own on the 三公 funds, where a report prints one."""

    kind: Literal["three_public"] = "three_public"  # type: ignore[assignment]
    three_public: ThreePublic | None = Field(
        default=None, description="“三公”经费各类别的控制数和实际支出数"
    )


class Performance(Section):
    kind: Literal["performance"] = "performance"  # type: ignore[assignment]
    score: Score | None = Field(default=None, description="自评得分；原文未载明时不填")
    grade: Line | None = Field(
        default=None, description="原文所印的等级，如“优秀”；原文未载明时不填"
    )


AnySection = Annotated[
    Overview | Budget | Execution | ThreePublicSection | Performance | Section,
    Field(discriminator="kind"),
]
SECTION_CLASSES: dict[str, type[Section]] = {
    "overview": Overview,
    "budget": Budget,
    "execution": Execution,
    "three_public": ThreePublicSection,
    "performance": Performance,
}


def section_class(key: str, data: object) -> type[Section]:
    """The class a section written under ``key`` is read as: by its ``kind``, else its key."""
    kind = data.get("kind", key) if isinstance(data, dict) else key
    return SECTION_CLASSES.get(str(kind), Section)


Section.model_rebuild()
for _cls in (Overview, Budget, Execution, ThreePublicSection, Performance):
    _cls.model_rebuild()


class GradeBand(Strict):
    floor: Decimal = Field(description="该等级的最低分")
    grade: Line = Field(description="等级，如“优”")


def _shown(text: str) -> str:
    """A text with its spaces made visible: “金额<U+3000>”."""
    return "“" + "".join(f"<U+{ord(c):04X}>" if padded(c) else c for c in text) + "”"


class DeclaredUnit(Strict):
    """A unit the report prints that the registry lacks; usable in this year's file only."""

    name: Line = Field(description="单位，照原文，如“公顷”")
    family: Line = Field(
        description="类别：同类别的单位才相加、换算；已有类别如 金额、人数、面积，"
        "写新的类别则自成一类"
    )
    factor: Annotated[Decimal, Field(gt=0, max_digits=18)] | None = Field(
        default=None,
        description="合几个该类别的基本单位（如 1公顷 = 10000平方米）；类别已有时必填，新类别不填",
    )
    note: Line | None = Field(default=None, description="为什么需要它，如“原文用于辖区面积”")

    @model_validator(mode="after")
    def _fits(self) -> DeclaredUnit:
        if not UNIT_NAME.match(self.name):
            raise PydanticCustomError(
                "unit_declared_name",
                "单位“{name}”写法不对：单位不含数字和空格，不超过 10 个字",
                {"name": self.name, "expected": "照原文写的单位，如“公顷”", "found": self.name},
            )
        if padded(self.family):
            raise PydanticCustomError(
                "unit_declared_family",
                "类别“{family}”的首或尾有空白字符：类别按名称一字不差地对应",
                {
                    "family": self.family,
                    "expected": "不带空格的类别名称",
                    "found": _shown(self.family),
                },
            )
        known = REGISTRY.get(self.name)
        if known is not None:
            raise PydanticCustomError(
                "unit_declared_known",
                "单位“{name}”已有（类别：{family}），不必声明",
                {
                    "name": self.name,
                    "family": known.family,
                    "expected": "单位表中没有的单位",
                    "found": self.name,
                },
            )
        if self.family in families() and self.factor is None:
            base = next(u.name for u in REGISTRY.values() if u.family == self.family)
            raise PydanticCustomError(
                "unit_declared_factor",
                "类别“{family}”已有单位（基本单位：{base}），须写 factor：1{name}合几{base}",
                {
                    "family": self.family,
                    "base": base,
                    "name": self.name,
                    "expected": f"factor: 1{self.name}合几{base}",
                    "found": "没有 factor",
                },
            )
        return self


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
    # A year being filled in must not stop the other years from being published, nor be
    # published half done: builds leave it out, `mkdocs serve` previews it marked 草稿.
    draft: bool = Field(
        default=False,
        description="草稿：true 表示这一年还在填写，mkdocs build 不发布它（不生成页面、"
        "不进下载文件、历年对比和搜索），mkdocs serve 预览时标“草稿”；"
        "填完、jixiao check 没有问题后删去这一行（或改为 false）",
    )
    department: Department
    title: Line = Field(description="报告标题，照原文，如“2021年度部门整体支出绩效自评报告”")
    cover: list[CoverField] = Field(
        default=[], description="封面或基本情况表所印各项，如预算编码、评价方式、报告日期"
    )
    contents: list[Line] = Field(default=[], description="原文所印目录，每行一条")
    basis: Basis | None = Field(default=None, description="正文开头一段及所依据的文件")
    tables: list[AnyTable] = Field(
        default=[],
        description="正文之前（第一个标题之前）所印的表格，如基本情况表、收支情况表，按原文顺序",
    )
    sections: dict[Id, AnySection] = Field(
        default={},
        description="正文各节，按原文顺序；键名为该节的编号（也是网页上的锚点），"
        "用 overview、budget、execution、three_public、performance、suggestions、problems、"
        "measures、analysis、appendix 作键名或写 kind: 即声明这一节的类别",
    )
    signature: Signature = Field(default_factory=Signature, description="落款；原文没有落款时不填")
    attachments: list[AnyTable] = Field(
        default=[],
        description="报告之后所附的表格（附件），如评分表、各项目的项目支出绩效自评表，按原文顺序",
    )
    transcription_notes: list[Line] = Field(
        default=[], description="录入说明：原文中未录入或需要说明的地方"
    )
    units: list[DeclaredUnit] = Field(
        default=[],
        description="本文件用到、而单位表中没有的单位，如 {name: 公顷, family: 面积, "
        "factor: 10000, note: 原文用于耕地面积}",
    )
    grade_bands: list[GradeBand] | None = Field(
        default=None, description="评分分档，默认 90/80/60 分为优/良/中，以下为差"
    )
    reviews: list[Review] = Field(default=[], description="核对说明：已核实的检查结果")
    not_personal: list[NotPersonal] = Field(
        default=[], description="经核实不是个人信息的号码（如形似手机号的文号），照常公开"
    )

    _kinds = model_validator(mode="before")(_declare_kinds)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate with the units the data declares known to every figure in it: figures
        are read while the report is validated, before its own ``units`` field is."""
        if kwargs.get("context") is None and isinstance(obj, dict):
            kwargs["context"] = {DECLARED: declared_units(obj.get("units"))}
        return super().model_validate(obj, **kwargs)

    @model_validator(mode="after")
    def _unique_units(self) -> Report:
        seen: set[str] = set()
        for index, unit in enumerate(self.units):
            if unit.name in seen:
                raise PydanticCustomError(
                    "duplicate_unit",
                    "单位“{key}”声明了两次",
                    {"key": unit.name, "path": ("units", index, "name")},
                )
            seen.add(unit.name)
        return self

    @model_validator(mode="after")
    def _plausible(self) -> Report:
        """A self-score above what the report scores out of, a signature years off."""
        score, performance = self.score, self.performance
        if score is not None and performance is not None:
            sheets = [t for _, t in self._tables() if isinstance(t, ScoreTable)]
            out_of = next((t.total_weight for t in sheets if t.total_weight is not None), None)
            refused = over_total(score, out_of, (*self.path_of(performance), "score"))
            if refused is not None:
                raise refused
        if self.signature.date is not None:
            refused = signed_far_off(self.year, self.signature.date, ("signature", "date"))
            if refused is not None:
                raise refused
        return self

    def _tables(self) -> list[tuple[FieldPath, AnyTable]]:
        found: list[tuple[FieldPath, AnyTable]] = []
        for place in self.places():
            found += [((*place.path, "tables", i), t) for i, t in enumerate(place.figures.tables)]
        return found + [(("attachments", i), t) for i, t in enumerate(self.attachments)]

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
        anchors: dict[str, FieldPath] = {}
        for place in self.places():
            reserved = (
                place.anchor in RESERVED_ANCHORS
                or place.anchor.startswith("attachment-")
                or RESERVED_NUMBERED.match(place.anchor) is not None
            )
            if reserved or place.anchor in anchors:
                other = anchors.get(place.anchor)
                raise PydanticCustomError(
                    "duplicate_section",
                    "一节的键名“{key}”已被{other}占用：键名是网页上的锚点，须全篇唯一",
                    {
                        "key": place.anchor,
                        "other": "本页自己的标题"
                        if other is None
                        else ".".join(str(p) for p in other),
                        "path": place.path,
                    },
                )
            anchors[place.anchor] = place.path
        return self

    def places(self) -> list[Place]:
        """Every section at every depth in the order of the source: the one list of them all."""
        places: list[Place] = []

        def visit(sections: dict[str, Section], at: FieldPath, depth: int) -> None:
            for key, section in sections.items():
                path = (*at, "sections", key)
                # a figure may be printed in a heading as well as in the text below it
                text = f"{section.heading}\n{section.text}" if depth else section.text
                places.append(Place(path, key, section.kind, depth, section.heading, text, section))
                visit(section.sections, path, depth + 1)

        visit(self.sections, (), 0)
        return places

    def first(self, kind: str) -> Section | None:
        return next((p.figures for p in self.places() if p.kind == kind), None)

    # The typed sections, wherever the report puts them (the first of each kind).
    @property
    def overview(self) -> Overview | None:
        found = self.first("overview")
        return found if isinstance(found, Overview) else None

    @property
    def budget(self) -> Budget | None:
        found = self.first("budget")
        return found if isinstance(found, Budget) else None

    @property
    def execution(self) -> Execution | None:
        found = self.first("execution")
        return found if isinstance(found, Execution) else None

    @property
    def performance(self) -> Performance | None:
        found = self.first("performance")
        return found if isinstance(found, Performance) else None

    @property
    def score(self) -> Figure | None:
        """The self-score, where the report states one."""
        return self.performance.score if self.performance else None

    @property
    def grade(self) -> str | None:
        """The grade as printed, where the report states one."""
        return self.performance.grade if self.performance else None

    @property
    def three_public(self) -> ThreePublic | None:
        """The 三公 figures: in the execution section or in a section of their own."""
        section = self.three_public_section
        return section.three_public if section else None

    def path_of(self, section: Section) -> FieldPath:
        return next(p.path for p in self.places() if p.figures is section)

    def anchor_of(self, section: Section) -> str:
        """Where the page shows the section: its key."""
        return str(self.path_of(section)[-1])

    @property
    def three_public_section(self) -> Execution | ThreePublicSection | None:
        """The section that holds the 三公 figures."""
        for place in self.places():
            section = place.figures
            if isinstance(section, Execution | ThreePublicSection) and section.three_public:
                return section
        return None


@dataclass(frozen=True)
class Place:
    """A section of the report, at any depth, where the page shows it."""

    path: FieldPath  # its field path in the data file
    anchor: str  # its heading's id on the page: its key in ``sections``
    kind: str  # what it is: a key of KIND_NAMES
    depth: int  # 0 for 一、, 1 for （一）…
    label: str  # its heading as printed
    text: str  # the verbatim text its figures must be printed in
    figures: Section


def all_indicators(figures: Figures) -> list[Indicator]:
    """Indicators of a section, their per-category parts included."""
    return [
        node
        for _, node in descend(figures.indicators, stop=(Figure,))
        if isinstance(node, Indicator)
    ]
