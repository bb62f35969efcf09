"""Tables as provinces print them, for the import: invented like the other fixtures.

A Word report whose tables are laid out as real reports lay them out (see
/work/shared/real-reports/TABLE-LAYOUTS.md): a form before the first heading with a cell
broken over lines, a basic-data table with a two-row head (其中 merged over two columns),
a score table with 序号, 扣分 and 扣分原因, and a project table with 序号, 指标性质 | 指标值 |
度量单位, 全年实际值, 年初设定目标, no 年初预算数, merged cells everywhere.  ``write_layouts``
writes it; ``write_workbook`` writes the score table as an Excel 自评表.  Cells are written
as in tests/make_import_fixtures.py: text, or (text, colspan, rowspan).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.make_import_fixtures import Spec, add_table, spec_places

TITLE = "2030年度虚构县样品局部门整体支出绩效自评报告"
FORM: Spec = [
    ["联系人", "（略）", "联络电话", "（略）"],
    ["人员编制", "19", "实有人数", "19"],
    ["职能职责概述", ("负责全县虚构样品检测工作；\n承担委托检验任务。", 3, 1)],
]
BASIC_TITLE = "部门整体支出绩效评价基础数据表"
BASIC: Spec = [
    [
        ("财政供养人员情况", 1, 2),
        ("编制数", 1, 2),
        ("实际在职人数", 1, 2),
        ("经费控制情况", 1, 2),
        ("其中", 2, 1),
    ],
    ["公车购置", "公车运行\n维护"],
    ["行政", "19", "18", "三公经费", "12.00", "8.50"],
]
SCORE_TITLE = "部门整体支出绩效评价指标评分表"
SCORE: Spec = [
    [(SCORE_TITLE, 8, 1)],
    ["序号", "一级指标", "二级指标", "三级指标", "分值", "扣分", "扣分原因", "得分"],
    ["1", ("部门决策", 1, 2), "目标设定", "绩效目标合理性", "10", "0", "", "10"],
    ["2", "预算编制", "预算编制科学性", "10", "2", "项目库储备\n不足", "8"],
    ["3", "部门管理", "资金管理", "资金使用合规性", "30", "1", "个别凭证不全", "29"],
    ["4", "部门绩效", "产出与效果", "目标完成率", "50", "4", "部分任务延期", "46"],
    [("合计", 4, 1), "100", "7", "", "93"],
]
PROJECT_TITLE = "项目支出绩效自评表"
INDICATOR_HEAD = ["序号", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
INDICATOR_HEAD += ["全年实际值", "分值", "得分", "偏差原因分析及改进措施"]
PROJECT: Spec = [
    ["项目名称", ("虚构检测设备购置项目", 10, 1)],
    ["主管部门", ("虚构县样品局", 4, 1), "实施单位", ("虚构县样品检测中心", 5, 1)],
    [
        ("项目资金（万元）", 1, 3),
        "",
        ("全年预算数（A）", 2, 1),
        ("全年执行数（B）", 2, 1),
        "分值",
        ("执行率（B/A）", 2, 1),
        ("得分", 2, 1),
    ],
    ["年度资金总额", ("80", 2, 1), ("76", 2, 1), "10", ("95%", 2, 1), ("9.5", 2, 1)],
    ["其中：当年财政拨款", ("80", 2, 1), ("76", 2, 1), "—", ("95%", 2, 1), ("—", 2, 1)],
    [("年度总体目标", 1, 2), ("年初设定目标", 5, 1), ("年度总体目标完成情况综述", 5, 1)],
    [("购置检测设备6台，\n年内投入使用。", 5, 1), ("购置6台，\n均已投入使用。", 5, 1)],
    INDICATOR_HEAD,
    ["1", ("产出指标", 1, 2), "数量指标", "设备购置数", "≥", "6", "台", "6台", "30", "30", ""],
    ["2", "时效指标", "投入使用时间", "≤", "12", "月", "12月", "20", "20", ""],
    ["3", "效益指标", "社会效益指标", "检测能力提升", "定性", "提升", "", "明显提升", "20", "18",
     "部分设备调试\n延后。"],
    ["4", "满意度指标", "服务对象满意度指标", "送检单位满意度", "≥", "90", "%", "93%", "20", "19",
     ""],
    ["其他需要说明事项", ("无", 10, 1)],
    [("总分", 8, 1), "100", "96.5", "优"],
]  # fmt: skip
# The standard form as many provinces print it: 绩效指标 down the left of the indicator
# block, 年初预算数 printed, “/” where a cell does not apply.
PROJECT_BLOCK: Spec = [
    ["项目名称", ("虚构样品抽检经费", 8, 1)],
    ["主管部门", ("虚构县样品局", 3, 1), "实施单位", ("虚构县样品检测中心", 4, 1)],
    [("项目资金（万元）", 1, 3), "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
     "执行率（B/A）", ("得分", 2, 1)],
    ["年度资金总额", "20", "20", "19", "10", "95%", ("9.5", 2, 1)],
    ["其中：本年财政拨款", "20", "20", "19", "/", "95%", ("/", 2, 1)],
    [("年度总体目标", 1, 2), ("预期目标", 4, 1), ("实际完成情况", 4, 1)],
    [("抽检样品300批次。", 4, 1), ("抽检样品320批次。", 4, 1)],
    [("绩效指标", 1, 4), "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
     "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "抽检批次", "≥300批次", "320批次", "40", "40", ""],
    ["效益指标", "社会效益指标", "问题产品处置率", "100%", "100%", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "20", "20", ""],
    [("总分", 6, 1), "100", "99.5", "优"],
]  # fmt: skip
# A two-row indicator head (年度指标值 merged over 指标性质 | 指标值 | 度量单位), amounts in
# 元 without 分值, 未完成原因及拟采取的改进措施.
PROJECT_TWO_ROWS: Spec = [
    ["项目名称", ("虚构快检设备运维经费", 9, 1)],
    ["主管部门", ("虚构县样品局", 4, 1), "实施单位", ("虚构县样品检测中心", 4, 1)],
    [("项目资金（元）", 1, 3), "", ("年初预算数", 2, 1), ("全年预算数", 2, 1),
     ("全年执行数", 2, 1), "执行率", "得分"],
    ["年度资金总额", ("50000", 2, 1), ("50000", 2, 1), ("48000", 2, 1), "96%", "—"],
    ["其中：本年财政拨款", ("50000", 2, 1), ("50000", 2, 1), ("48000", 2, 1), "96%", "—"],
    [("一级指标", 1, 2), ("二级指标", 1, 2), ("三级指标", 1, 2), ("年度指标值", 3, 1),
     ("全年实际值", 1, 2), ("分值", 1, 2), ("得分", 1, 2), ("未完成原因及拟采取的改进措施", 1, 2)],
    ["指标性质", "指标值", "度量单位"],
    ["产出指标", "数量指标", "设备运维台次", "≥", "20", "台次", "24台次", "50", "50", ""],
    ["效益指标", "社会效益指标", "检测结果出具及时率", "≥", "95", "%", "97%", "50", "48",
     "个别设备送修。"],
    [("总分", 7, 1), "100", "98", "优"],
]  # fmt: skip
TEXT = [
    TITLE,
    "一、部门基本情况",
    "我局是虚构的样品检测部门，共有人员19名。",
    BASIC_TITLE,
    "二、绩效自评情况",
    "经自评，我局整体支出绩效自评得分93分，等级为优。",
]


def write_layouts(target: Path) -> None:
    """The Word report: the form before the first heading, the basic-data table under 一,
    the score and the project table (each named by the line above it) under 二."""
    import docx

    document = docx.Document()
    for line in TEXT:
        document.add_paragraph(line)
        if line == TITLE:
            add_table(document, FORM)
        elif line == BASIC_TITLE:
            add_table(document, BASIC)
        elif line.startswith("经自评"):
            add_table(document, SCORE)
            document.add_paragraph(PROJECT_TITLE)
            add_table(document, PROJECT)
    document.save(str(target))


def write_workbook(target: Path) -> None:
    """The score table as an Excel 自评表: merged cells as merge ranges, numbers as numbers
    with their number format (96.5 shown as 96.50), and a second sheet with a list."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "评分表"
    write_spec(sheet, SCORE)
    other = workbook.create_sheet("项目清单")
    for row in (["序号", "项目名称", "得分", "执行率"], [1, "虚构检测设备购置项目", 96.5, 0.965]):
        other.append(row)
    other["C2"].number_format = "0.00"
    other["D2"].number_format = "0.0%"
    workbook.save(str(target))


def write_spec(sheet: Any, spec: Spec) -> None:
    """A table into a worksheet: merged cells as merge ranges, whole numbers as numbers,
    decimals as numbers shown with their printed places."""
    for r0, c0, rowspan, colspan, text in spec_places(spec):
        r, c = r0 + 1, c0 + 1  # a worksheet counts from 1
        value: Any = int(text) if text.isdigit() else text
        places = re.fullmatch(r"\d+\.(\d+)", text)
        if places:
            value = float(text)
        written = sheet.cell(row=r, column=c, value=value)
        if places:
            written.number_format = "0." + "0" * len(places[1])
        if colspan > 1 or rowspan > 1:
            sheet.merge_cells(
                start_row=r, start_column=c, end_row=r + rowspan - 1, end_column=c + colspan - 1
            )
