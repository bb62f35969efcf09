"""Every page in the browser: nothing from other hosts, no errors, images load, accessible,
readable on a phone and with text at 200 %.

Each test walks every page of the built site and reports all pages that fail at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import Recorded, broken_images, node_module_file, page_urls

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Elements whose content lies outside the reader's view: wider than the page, or clipped
# by a box that hides overflow.  Scroll boxes for wide tables are meant to scroll.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const lost = [];
  for (const el of document.querySelectorAll(".md-content *, .md-header *")) {
    if (el.closest(".md-typeset__scrollwrap, .md-search, [hidden]")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === "hidden") continue;
    const style = getComputedStyle(el);
    const clips = ["hidden", "clip"].includes(style.overflowX);
    if (box.right > width + 1 || box.left < -1) {
      lost.push(`${el.tagName}.${el.className}: ${Math.round(box.left)}..${Math.round(box.right)}`);
    } else if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()
               && !el.matches(".md-ellipsis, .md-header__topic, .md-header__title")) {
      lost.push(`${el.tagName}.${el.className} clips its text`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, lost: lost.slice(0, 5)};
}"""


def test_every_page_requests_only_the_site_and_loads_cleanly(
    recorded: Recorded, built_site: Path, site_url: str, root_url: str
) -> None:
    page = recorded.page
    broken: dict[str, list[str]] = {}
    for path, url in page_urls(built_site, site_url, root_url).items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        failed = broken_images(page)
        if failed:
            broken[path] = failed
    assert recorded.foreign_requests() == []
    assert recorded.console_errors == []
    assert recorded.failed == []
    assert broken == {}
    assert len(recorded.requests) > 10  # the recorder did record


def test_no_serious_accessibility_violation_on_any_page(
    recorded: Recorded, built_site: Path, site_url: str, root_url: str
) -> None:
    axe = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    page = recorded.page
    found: dict[str, list[str]] = {}
    checked = 0
    urls = page_urls(built_site, site_url, root_url)
    for path, url in urls.items():
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                   .filter(v => v.impact === "serious" || v.impact === "critical")
                   .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" "))
                              .slice(0, 3).join("; ")}`)"""
            )
            checked += 1
            if violations:
                found[f"{path or '/'} at {viewport['width']}px"] = violations
    page.set_viewport_size(DESKTOP)
    assert found == {}
    assert checked == 2 * len(urls)


def test_no_page_scrolls_sideways_on_a_phone(
    recorded: Recorded, built_site: Path, site_url: str, root_url: str
) -> None:
    page = recorded.page
    page.set_viewport_size(PHONE)
    problems: dict[str, Any] = {}
    tables_that_scroll = 0
    for path, url in page_urls(built_site, site_url, root_url).items():
        page.goto(url)
        result = page.evaluate(OVERFLOW_SCRIPT)
        if result["scrollWidth"] > PHONE["width"] or result["lost"]:
            problems[path or "/"] = result
        tables_that_scroll += page.eval_on_selector_all(
            ".md-typeset__scrollwrap",
            "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth && b.tabIndex === 0).length",
        )
    assert problems == {}
    # The report's wide tables do not fit 375 px: they scroll inside their own focusable box.
    assert tables_that_scroll > 0


def test_text_zoomed_to_200_percent_loses_nothing(
    recorded: Recorded, built_site: Path, site_url: str, root_url: str
) -> None:
    """WCAG 1.4.4: with text twice as large, nothing is cut off or pushed off the page."""
    page = recorded.page
    page.set_viewport_size(PHONE)
    problems: dict[str, Any] = {}
    for path, url in page_urls(built_site, site_url, root_url).items():
        page.goto(url)
        before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        page.add_style_tag(content=f"html {{ font-size: {2 * before}px !important; }}")
        after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert after == 2 * before
        result = page.evaluate(OVERFLOW_SCRIPT)
        if result["scrollWidth"] > PHONE["width"] or result["lost"]:
            problems[path or "/"] = result
    assert problems == {}


def test_old_browsers_get_the_local_resize_observer(
    browser: Any, built_site: Path, site_url: str
) -> None:
    """A browser without ResizeObserver loads our copy, never Material's CDN fallback."""
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script("delete window.ResizeObserver")
    try:
        page.goto(site_url + "2021/")
        page.wait_for_load_state("networkidle")
        polyfilled = page.evaluate("typeof ResizeObserver")
    finally:
        page.close()
    assert polyfilled == "function"
    assert any(url.endswith("/javascripts/resize-observer.js") for url in requests)
    assert [url for url in requests if not url.startswith(site_url)] == []
    assert errors == []
