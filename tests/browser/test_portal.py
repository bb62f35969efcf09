"""The synthetic county portal in Chromium: the county's pages and one department's, loaded
from a sub-path as a county web site hosts them — nothing from other hosts, no errors,
no serious accessibility violation, nothing wider than a 375 px phone (the portal is built
once for the session: tests/browser/conftest.py's portal_site)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Recorded, broken_images, node_module_file
from tests.browser.test_pages import DESKTOP, OVERFLOW_SCRIPT, PHONE

# The county's pages and every kind of page of one department.
PAGES = [
    "",
    "about/",
    "minzheng/",
    "minzheng/2021/",
    "minzheng/trends/",
    "minzheng/downloads/",
    "renshe/2020/",
]

AXE_SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
   .filter(v => v.impact === "serious" || v.impact === "critical")
   .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).slice(0, 3)}`)"""


def test_portal_pages_request_only_the_site_and_load_cleanly(
    recorded: Recorded, portal_url: str
) -> None:
    page: Any = recorded.page
    broken = {}
    for path in PAGES:
        page.goto(portal_url + path)
        page.wait_for_load_state("networkidle")
        if broken_images(page):
            broken[path] = broken_images(page)
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []
    assert recorded.failed == []
    assert broken == {}


def test_portal_pages_are_accessible_and_fit_a_phone(recorded: Recorded, portal_url: str) -> None:
    axe = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    page: Any = recorded.page
    found: dict[str, Any] = {}
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in PAGES:
            page.goto(portal_url + path)
            page.wait_for_load_state("networkidle")
            page.evaluate("() => {\n" + axe + "\n}")
            where = f"{path or '/'} at {viewport['width']}px"
            violations = page.evaluate(AXE_SERIOUS)
            if violations:
                found[where] = violations
            layout = page.evaluate(OVERFLOW_SCRIPT)
            if viewport is PHONE and (layout["scrollWidth"] > PHONE["width"] or layout["lost"]):
                found[where + " (layout)"] = layout
    page.set_viewport_size(DESKTOP)
    assert found == {}


def test_from_the_county_to_a_report_and_back(recorded: Recorded, portal_url: str) -> None:
    page: Any = recorded.page
    page.goto(portal_url)
    page.get_by_role("link", name="虚构县教育局").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == portal_url + "jiaoyu/"
    page.get_by_role("link", name="2021年度", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == portal_url + "jiaoyu/2021/"
    page.get_by_role("link", name="虚构侗族自治县各部门").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == portal_url
