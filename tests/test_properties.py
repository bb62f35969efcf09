"""Property-based tests: no input crashes the loader or the checks.

Whatever the bytes, `load_year` returns a report or problems, and a report
always goes through the audit; nothing raises.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks.audit import audit
from jixiao.model.loader import load_year
from jixiao.source.yamlsource import parse
from tests.synthetic import FULL_TEXT, year_of

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{year_of(FULL_TEXT)}.yaml"  # a mutation elsewhere still loads
        path.write_bytes(raw)
        report, problems = load_year(path)
        assert (report is None) == bool(problems)
        for problem in problems:
            assert problem.message and problem.render()
        if report is not None:
            audit(report)


YAML_CHARS = st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,? \n\t0123456789.年万元人约余多"))


@SETTINGS
@given(st.text(YAML_CHARS, max_size=200))
def test_arbitrary_yaml_like_text(text: str) -> None:
    check_bytes(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw: bytes) -> None:
    check_bytes(raw)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.text(max_size=20),
    st.sampled_from(["300.5万元", "约300人次", "60%", "3万无", "96分", "2031-05-20", "yes"]),
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@SETTINGS
@given(documents)
def test_arbitrary_yaml_documents(document: Any) -> None:
    check_bytes(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


BASE_DOC = parse(FULL_TEXT).value  # every field of the model, to mutate
BASE_PATHS = _paths(BASE_DOC)[1:]


def _plain(node: Any) -> Any:
    """YAML-dumpable copy: Decimals as their literal text, like the file wrote them."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, Decimal):
        return float(node) if node != node.to_integral() else int(node)
    return node


replacement = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=2),
)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(BASE_PATHS),
            st.sampled_from(["replace", "delete", "duplicate"]),
            replacement,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_mutations_of_a_full_report(
    mutations: list[tuple[tuple[Any, ...], str, Any]],
) -> None:
    document = _plain(BASE_DOC)
    for path, action, value in mutations:
        parent: Any = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            key = path[-1]
            if action == "replace":
                parent[key] = value
            elif action == "delete":
                del parent[key]
            elif isinstance(parent, list):
                parent.insert(key, parent[key])
            else:
                parent[key] = [parent[key], parent[key]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the path
    check_bytes(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))
