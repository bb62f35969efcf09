"""The JSON Schema shipped for editors: in step with the model, accepting what staff write."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from jixiao.cli import main
from jixiao.model.loader import data_files
from jixiao.opendata.schema import FILE_NAME, MODELINE, render_schema
from jixiao.source.yamlsource import parse
from tests.conftest import GOOD, ROOT
from tests.synthetic import FULL_TEXT, MINIMAL, edit

SHIPPED = ROOT / "data" / FILE_NAME


def test_the_shipped_schema_is_up_to_date() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == render_schema(), (
        "data/report.schema.json 已过时：运行 jixiao schema --force 重新生成"
    )


def test_every_data_file_references_the_schema_on_its_first_line() -> None:
    for path in data_files(ROOT / "data"):
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path


def as_editor_sees(value: Any) -> Any:
    """Values as the YAML language server reads them: whole numbers are integers, an
    unquoted date is a string."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def errors(text: str) -> list[str]:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    document = as_editor_sees(parse(text).value)
    return sorted(e.json_path for e in validator.iter_errors(document))


def test_the_schema_accepts_the_shipped_data() -> None:
    assert errors(GOOD) == []  # about the shipped file: editors must not underline it


def test_the_schema_accepts_every_field_of_the_model() -> None:
    assert errors(FULL_TEXT) == []  # every field of the model is used in it
    assert errors(MINIMAL.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  grade: 优秀", "  grad: 优秀", "$.sections.performance"),  # typo in a field name
        (
            "  score: 96分",
            "  score: 96",
            "$.sections.performance.score",
        ),  # a number without its unit
        ("  score: 96分", "  score: 96公分", "$.sections.performance.score"),  # an unknown unit
        (
            "{id: test-training,",
            "{id: Test Training,",
            "$.sections.performance.sections['theme-1'].indicators[0].id",
        ),
    ],
)
def test_the_schema_underlines_mistakes(old: str, new: str, where: str) -> None:
    assert where in errors(edit(FULL_TEXT, old, new))


def test_figures_may_be_text_or_a_mapping_and_corrections_need_only_to_and_reason() -> None:
    text = edit(
        FULL_TEXT,
        "- {name: 行政编制, value: 8人}",
        "- {name: 行政编制, value: {printed: 8人, correction: {to: 9人, reason: 更正}}}",
    )
    assert errors(text) == []
    assert errors(text.replace("reason: 更正", "why: 更正")) != []


def test_descriptions_are_chinese() -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    chinese = re.compile(r"[\u4e00-\u9fff]")
    assert chinese.search(schema["description"])
    for name, definition in schema["$defs"].items():
        assert chinese.search(definition["description"]), name
        for field, prop in definition.get("properties", {}).items():
            assert "title" not in prop or not isinstance(prop["title"], str), (name, field)
            assert chinese.search(prop.get("description", "")), (name, field)


def test_schema_command_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--check", "--data", str(ROOT / "data")]) == 0
    assert main(["schema", "--check", "--data", str(tmp_path)]) == 1
    assert "已过时或不存在" in capsys.readouterr().err
    assert main(["schema", "--data", str(tmp_path)]) == 0
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == render_schema()
    assert main(["schema", "--check", "--data", str(tmp_path)]) == 0
    assert main(["schema", "--data", str(tmp_path / "missing")]) == 2
    (tmp_path / FILE_NAME).write_text("{}", encoding="utf-8")  # stale, or edited by hand
    assert main(["schema", "--data", str(tmp_path)]) == 2
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == "{}"
    assert main(["schema", "--force", "--data", str(tmp_path)]) == 0
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == render_schema()
