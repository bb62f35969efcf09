/* Wide tables scroll sideways inside their own box on a phone; a box that scrolls must be
   reachable with the keyboard and named for screen readers (axe: scrollable-region-focusable).
   Material wraps each table in .md-typeset__scrollwrap after the page loads. */
(function () {
  function labelScrollBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("tabindex", "0");
      boxes[i].setAttribute("role", "region");
      boxes[i].setAttribute("aria-label", "第" + (i + 1) + "个表格（可左右滑动）");
    }
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(labelScrollBoxes);
  } else {
    document.addEventListener("DOMContentLoaded", labelScrollBoxes);
  }
})();
