"""The one writer of commented YAML (jixiao.source.yamlwrite), shared by `jixiao import` and
`jixiao new`: whatever text a value holds, the file reads back as that value."""

from __future__ import annotations

import ast
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.newyear import _blank_table, emit
from jixiao.model.report import Report
from jixiao.source.yamlsource import CONTROL_CHARACTERS
from jixiao.source.yamlwrite import block, flow_list, flow_value, read_back
from tests.conftest import ROOT

# What a data file may hold (the loader refuses control characters, surrogates aside).
TEXT = st.text(st.characters(blacklist_categories=["Cs"])).filter(
    lambda text: not CONTROL_CHARACTERS.search(text)
)

# Texts that YAML reads as something else when written plain, in a block or on one line.
AWKWARD = [
    "甲, 乙",
    "a: b",
    "#注",
    "备注 #一",
    "[方括号]",
    "{花括号}",
    "yes",
    "null",
    "2021-01-01",
    "12",
    " 前空格",
    "",
    '引号"内',
    "- 列表样",
    "&锚",
    "*别名",
    "!标签",
    "%",
    "@",
    "`",
    "|",
    ">",
]


def test_every_awkward_text_reads_back_in_a_row_and_in_a_block() -> None:
    row = [
        *AWKWARD,
        {"text": "合计, 小计", "colspan": 2},
        ["嵌套, 行", None],
        None,
        Decimal("1.50"),
    ]
    assert read_back(f"row: {flow_list(row)}\n") == {"row": row}
    for text in AWKWARD:
        assert read_back("\n".join(block("k", text, 0)) + "\n") == {"k": text}, text


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | TEXT,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(TEXT.filter(bool), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_any_value_on_one_line_reads_back_as_itself(value: Any) -> None:
    assert yaml.safe_load(f"k: {flow_value(value)}\n") == {"k": value}


def test_a_blank_year_keeps_a_table_row_whose_names_hold_commas_and_colons() -> None:
    """`jixiao new` used to write row cells plain in the one-line list, where a comma splits
    a cell in two: the shared writer quotes what the one-line form needs."""
    table = {"id": "t", "title": "表", "rows": [["行政, 事业", "类: 甲", "100万元"]]}
    data = {"year": 2031, "attachments": [_blank_table(table)]}
    written = "\n".join(emit(data, Report)) + "\n"
    assert read_back(written)["attachments"][0]["rows"] == [["行政, 事业", "类: 甲", ""]]


def test_import_and_new_write_through_the_one_module() -> None:
    users = {"jixiao/importer/run.py", "jixiao/model/newyear.py"}
    for name in users:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "jixiao.source.yamlwrite" in imported, name
        assert "json" not in {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
    assert not (ROOT / "jixiao" / "importer" / "write.py").exists()
