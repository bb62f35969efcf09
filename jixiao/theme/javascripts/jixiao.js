/* A table wider than its column scrolls sideways inside its own box (on a phone every table
   is a column of cards instead: stylesheets/jixiao.css); a box that may scroll must be
   reachable with the keyboard and named for screen readers (axe: scrollable-region-focusable).
   Material wraps each table in .md-typeset__scrollwrap after the page loads.  The name says
   "can be scrolled" only while the box does scroll (it is named again when the window is
   resized). */
(function () {
  function labelScrollBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var scrolls = boxes[i].scrollWidth > boxes[i].clientWidth + 1;
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "region");
      boxes[i].setAttribute("aria-label", "第" + (i + 1) + "个表格" + (scrolls ? "（可左右滑动）" : ""));
    }
  }
  var resizing = false;
  window.addEventListener("resize", function () {
    if (!resizing) {
      resizing = true;
      setTimeout(function () {
        resizing = false;
        labelScrollBoxes();
      }, 200);
    }
  });
  // A chart's data table waits in a <template> until a reader opens it
  // (jixiao/pages/templates/_charts.md.j2): a page with many charts loads lighter.
  function unfoldChartData(event) {
    var details = event.target;
    if (!details.open || !details.classList || !details.classList.contains("jx-chart-data")) {
      return;
    }
    var template = details.querySelector("template");
    if (template) {
      details.replaceChild(template.content, template);
      labelScrollBoxes();
    }
  }
  // "toggle" does not bubble: listen while it is captured on the way down.
  document.addEventListener("toggle", unfoldChartData, true);
  if (typeof document$ !== "undefined") {
    document$.subscribe(labelScrollBoxes);
  } else {
    document.addEventListener("DOMContentLoaded", labelScrollBoxes);
  }
})();
