"""The portal's home page: every department listed under its group, escaped, with links."""

from __future__ import annotations

from pathlib import Path

from jixiao.model.loader import data_files, load_all
from jixiao.model.portal import DepartmentSite, Portal
from jixiao.pages.portal import render_portal_home

ROOT = Path(__file__).resolve().parent.parent


def _portal() -> Portal:
    reports = tuple(load_all(data_files(ROOT / "data")).reports)
    return Portal(
        "新晃侗族自治县",
        (
            DepartmentSite("renshe", "政府工作部门", reports),
            DepartmentSite("minzheng", "其他<b>单位", reports),
        ),
    )


def test_home_lists_each_department_under_its_group_with_links() -> None:
    page = render_portal_home(_portal())
    assert "# 新晃侗族自治县部门整体支出绩效自评报告" in page
    assert page.index("## 政府工作部门") < page.index("(renshe/index.md)") < page.index("## 其他")
    assert "[2021年度](minzheng/2021.md)" in page
    assert "| 521.75万元 | 484.62万元 |" in page


def test_group_names_from_data_are_text_not_html() -> None:
    page = render_portal_home(_portal())
    assert "<b>" not in page
    assert "其他&lt;b&gt;单位" in page
