"""A portal's 关于本站: what it publishes, where its figures come from, each department's pages."""

from __future__ import annotations

from jixiao.derive.portal import Portal
from jixiao.pages.markdown import escape, escape_inline
from jixiao.pages.render import report_path


def render_portal_about(portal: Portal) -> str:
    """关于本站 for a portal: what it publishes, where the figures come from, and each
    department's own pages."""
    county = escape_inline(portal.county)
    lines = [
        "---",
        "title: 关于本站",
        "---",
        "",
        "# 关于本站",
        "",
        f"本站公开{county}各部门（单位）每年的《部门整体支出绩效自评报告》，"
        f"共 {len(portal.departments)} 个部门（单位）。每个部门有自己的首页、各年度报告页、"
        "历年对比页和数据下载页；首页按县里的分组列出各部门最新一个年度的关键数字。",
        "",
        "网页上的数字都照各部门印发的报告录入，保留原文的写法和单位；报告没有写的数字显示为"
        "“原文未载明”，从不当作 0。各部门的数据下载页提供 CSV、Excel 和 JSON 文件。",
        "",
    ]
    for group, members in portal.groups:
        lines += [f"## {escape_inline(group)}", ""]
        for department in members:
            newest = department.newest.year
            lines.append(
                f"- [{escape_inline(department.name)}]({department.id}/index.md)："
                f"最新为[{newest}年度]({department.id}/{report_path(newest)})"
            )
        lines.append("")
    if not portal.departments:
        lines += [escape("还没有发布任何部门的报告。"), ""]
    return "\n".join(lines)
