"""Every page in the browser: nothing from other hosts, no errors, images load, accessible,
readable on a phone and with text at 200 %.

Each test walks every page of the built site and reports all pages that fail at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import Recorded, broken_images, node_module_file, page_urls

PHONE = {"width": 375, "height": 740}
PHONES = [{"width": 320, "height": 640}, PHONE]  # the narrowest phones still sold, and common
DESKTOP = {"width": 1280, "height": 900}

# Elements whose content lies outside the reader's view: wider than the page, or clipped
# by a box that hides overflow.  Tables too: on a phone each row is a column of cards (their
# column headers are for screen readers only, in a 1-pixel box that clips them on purpose).
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const lost = [];
  const forScreenReaders = el => {
    for (let e = el; e; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if (getComputedStyle(e).position === "absolute" && box.width <= 1 && box.height <= 1) {
        return true;
      }
    }
    return false;
  };
  for (const el of document.querySelectorAll(".md-content *, .md-header *")) {
    if (el.closest(".md-search, [hidden]") || forScreenReaders(el)) continue;
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

# Open every chart's data table (its content is built on opening), then list summaries whose
# text, line by line, reaches past the summary's own box: clipped in a browser whose font is a
# few pixels wider.
OPEN_CHART_TABLES_AND_FIND_CLIPPED_SUMMARIES = """() => {
  const clipped = [];
  for (const details of document.querySelectorAll("details.jx-chart-data")) {
    details.open = true;
  }
  for (const summary of document.querySelectorAll("details.jx-chart-data summary")) {
    const box = summary.getBoundingClientRect();
    const text = document.createRange();
    text.selectNodeContents(summary);
    const lines = [...text.getClientRects()];
    const out = lines.some(l => l.right > box.right + 0.5 || l.left < box.left - 0.5);
    if (out || summary.scrollWidth > summary.clientWidth + 1) {
      clipped.push(summary.textContent.slice(0, 30));
    }
  }
  return clipped;
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
            # evaluated as a function (DevTools), not as a page script the site's CSP would refuse
            page.evaluate("() => {\n" + axe + "\n}")
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
    """At 320 and 375 px, with every chart's data table opened: nothing wider than the page,
    no text clipped, however wide the browser's font sets a chart table's summary."""
    page = recorded.page
    problems: dict[str, Any] = {}
    tables_that_scroll = 0
    summaries = 0
    for viewport in PHONES:
        page.set_viewport_size(viewport)
        for path, url in page_urls(built_site, site_url, root_url).items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            clipped = page.evaluate(OPEN_CHART_TABLES_AND_FIND_CLIPPED_SUMMARIES)
            page.wait_for_timeout(50)  # the toggle events unfold the tables
            summaries += page.eval_on_selector_all("details.jx-chart-data summary", "s => s.length")
            result = page.evaluate(OVERFLOW_SCRIPT)
            if result["scrollWidth"] > viewport["width"] or result["lost"] or clipped:
                problems[f"{path or '/'} at {viewport['width']}px"] = {**result, "clipped": clipped}
            tables_that_scroll += page.eval_on_selector_all(
                ".md-typeset__scrollwrap",
                "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth).length",
            )
    page.set_viewport_size(DESKTOP)
    assert problems == {}
    assert summaries > 20  # the chart tables were there to check
    # No table scrolls sideways on a phone: each row is a card (test_narrow_tables.py).
    assert tables_that_scroll == 0


def test_chart_tables_are_built_when_opened(recorded: Recorded, site_url: str) -> None:
    """The 2021 page loads without its charts' data tables in the DOM; opening one builds it,
    in a focusable, named scroll box, with the data the chart shows."""
    page = recorded.page
    page.goto(site_url + "2021/")
    page.wait_for_load_state("networkidle")
    at_load = page.evaluate("document.getElementsByTagName('*').length")
    assert page.eval_on_selector_all("details.jx-chart-data table", "t => t.length") == 0
    first = page.locator("details.jx-chart-data summary").first
    first.click()
    table = page.locator("details.jx-chart-data").first.locator("table")
    table.wait_for()
    assert "484.62万元" in table.inner_text() and table.locator("tbody tr").count() >= 3
    box = page.locator("details.jx-chart-data .md-typeset__scrollwrap").first
    assert box.get_attribute("tabindex") == "0"
    assert "表格" in (box.get_attribute("aria-label") or "")
    first.click()  # closed and opened again: the table is there once
    first.click()
    assert page.locator("details.jx-chart-data").first.locator("table").count() == 1
    page.eval_on_selector_all("details.jx-chart-data", "ds => ds.forEach(d => { d.open = true; })")
    page.wait_for_timeout(50)
    opened = page.evaluate("document.getElementsByTagName('*').length")
    assert opened > at_load + 300  # what the page no longer builds at load
    assert recorded.console_errors == []


def test_chart_images_declare_their_size(recorded: Recorded, site_url: str) -> None:
    """Each chart's <img> carries the SVG's own size, so the page keeps room for it before it
    loads; CSS scales it to the column with its proportions."""
    page = recorded.page
    page.set_viewport_size(PHONE)
    page.goto(site_url + "2021/")
    page.wait_for_load_state("networkidle")
    assert broken_images(page) == []
    images = page.eval_on_selector_all(
        "img.jx-chart",
        """imgs => imgs.map(i => ({src: i.src, width: +i.getAttribute("width"),
            height: +i.getAttribute("height"), natural: [i.naturalWidth, i.naturalHeight],
            shown: [i.getBoundingClientRect().width, i.getBoundingClientRect().height]}))""",
    )
    assert len(images) >= 10
    for image in images:
        assert [image["width"], image["height"]] == image["natural"], image
        shown_width, shown_height = image["shown"]
        assert shown_width < image["width"]  # scaled down to the phone's column
        assert abs(shown_height / shown_width - image["height"] / image["width"]) < 0.01, image
    page.set_viewport_size(DESKTOP)


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
        # through the CSS object model: the pages' Content-Security-Policy refuses a <style>
        page.evaluate(
            "size => document.documentElement.style.setProperty('font-size', size, 'important')",
            f"{2 * before}px",
        )
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
