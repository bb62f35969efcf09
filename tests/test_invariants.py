"""Invariant 1: what `jixiao check` accepts, the build publishes.

Random mutations of real and synthetic data go through `jixiao check` and, when it accepts
them, through the whole pipeline (load → audit → pages, charts, downloads) and, for a few,
a strict MkDocs build.  Any traceback, or a build that fails on data the check accepted,
is a failure; the mutation that caused it is printed by hypothesis.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.build import prepare
from jixiao.cli import main
from jixiao.infra.memo import Memo
from jixiao.model.figures import UNITS
from tests.conftest import ROOT, build_site, config_for

SOURCES = {
    "real": ROOT / "data" / "2021.yaml",
    "synthetic": ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml",
}
BASES = {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in SOURCES.items()}

# Text a careless paste or a hostile hand may bring: markup, formulas, control and
# invisible characters, line breaks, emoji, rare characters, personal-looking numbers.
HOSTILE = [  # the check has no reason to refuse these: the pages must show them as text
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "# 标题",
    "- 列表",
    "1. 列表",
    "<script>alert(1)</script>",
    "**粗**",
    "|表|格|",
    "{{ x }}",
    "{% if %}",
    "\\",
    "`",
    "\u200b",
    " ",
    "a" * 300,
    "=",
    "---",
    "> 引用",
    "[链接](javascript:x)",
    "&amp;",
]
REFUSED = [  # the check must refuse these wherever they would break a later stage
    "\n",
    "\r\n",
    "\t",
    "\x07",
    "\x0b",
    "\u2028",
    "\ufeff",
    "😀",
    "𠀀",
    "138 1234 5678",
    "11010519491231002X",
    "",
]
NASTY = st.sampled_from(HOSTILE + REFUSED)
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=8)), max_size=4).map("".join)
NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**25).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
)
FIGURE = st.tuples(
    st.sampled_from(["", "约"]),
    NUMBER,
    st.sampled_from(["", "余", "多"]),
    st.sampled_from([*UNITS, "万", "亿元", "个百分点", ""]),
).map("".join)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the plain data a value could be changed or removed."""
    found = [at] if at else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*at, index))
    return found


def _set(data: Any, at: tuple[Any, ...], value: Any) -> None:
    for step in at[:-1]:
        data = data[step]
    if value is _DELETE:
        del data[at[-1]]
    else:
        data[at[-1]] = value


_DELETE = object()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(BASES[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        texts = [at for at in paths if isinstance(_get(data, at), str)]
        if texts and draw(st.integers(min_value=0, max_value=3)) > 0:
            # most often a text gains something: the check has no reason to refuse it
            at = draw(st.sampled_from(texts))
            _set(data, at, _get(data, at) + draw(st.one_of(st.sampled_from(HOSTILE), TEXT)))
            continue
        at = draw(st.sampled_from(paths))
        value = draw(st.one_of(TEXT, FIGURE, st.just(_DELETE), st.just([]), st.just(None)))
        _set(data, at, value)
    return name, data


def _get(data: Any, at: tuple[Any, ...]) -> Any:
    for step in at:
        data = data[step]
    return data


def _write(folder: Path, data: dict[str, Any]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    year = data.get("year") if isinstance(data.get("year"), int) else 2021
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / f"{year}.yaml").write_text(text, encoding="utf-8")


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_what_check_accepts_the_pipeline_publishes(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, dict[str, Any]]
) -> None:
    _, data = case
    root = tmp_path_factory.getbasetemp() / "invariant"
    _write(root / "data", data)
    code = main(["check", "--data", str(root / "data")])
    assert code in (0, 1)
    build = prepare(root / "data", memo=Memo(root / "cache"))
    if code == 0:
        assert build.stopped is None, build.stopped
        assert build.site is not None and build.site.files


@pytest.mark.parametrize("name", sorted(BASES))
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_strict_mkdocs_build_agrees_with_check(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject
) -> None:
    _, mutation = data.draw(mutated().filter(lambda c: c[0] == name))
    root = tmp_path_factory.getbasetemp() / f"invariant-mkdocs-{name}"
    _write(root / "data", mutation)
    if main(["check", "--data", str(root / "data")]) != 0:
        return
    root.joinpath("site").mkdir(exist_ok=True)
    config = config_for(root, root / "data", root / "charts")
    build_site(config, root / "site")  # raises on any failure: the check accepted this data
    assert any((root / "site").glob("*/index.html"))
