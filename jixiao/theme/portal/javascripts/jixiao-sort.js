/* The portal's comparison tables sort in the browser, with no server (jixiao/pages/portal.py).
   A table inside <div class="jx-sortable"> gets a button in each column header (aria-sort
   says how the column is sorted) and, above it, a list of the same choices that works on a
   phone, where the headers are hidden and each row is a card.  A figure's link carries its
   exact decimal in data-jx-value (money in 元): numbers are compared digit by digit, never
   as floats.  A cell marked jx-unstated (原文未载明, 无法计算) always sorts last, in either
   direction; equal cells keep the county's order. */
(function () {
  "use strict";

  function parseDecimal(text) {
    var negative = text.charAt(0) === "-";
    var digits = text.replace(/^[-+]/, "").split(".");
    var whole = digits[0].replace(/^0+/, "");
    var fraction = (digits[1] || "").replace(/0+$/, "");
    return { negative: negative && (whole + fraction) !== "", whole: whole, fraction: fraction };
  }

  function compareMagnitude(a, b) {
    if (a.whole.length !== b.whole.length) return a.whole.length < b.whole.length ? -1 : 1;
    if (a.whole !== b.whole) return a.whole < b.whole ? -1 : 1;
    var length = Math.max(a.fraction.length, b.fraction.length);
    var x = a.fraction.padEnd(length, "0");
    var y = b.fraction.padEnd(length, "0");
    return x === y ? 0 : x < y ? -1 : 1;
  }

  function compareDecimal(left, right) {
    var a = parseDecimal(left);
    var b = parseDecimal(right);
    if (a.negative !== b.negative) return a.negative ? -1 : 1;
    var order = compareMagnitude(a, b);
    return a.negative ? -order : order;
  }

  /* What a cell sorts by: 0 a number, 1 other text, 2 not stated (always last). */
  function sortKey(cell) {
    if (!cell || cell.querySelector(".jx-unstated")) return { rank: 2, value: "" };
    var marked = cell.querySelector("[data-jx-value]");
    if (marked) return { rank: 0, value: marked.getAttribute("data-jx-value") };
    return { rank: 1, value: cell.textContent.trim() };
  }

  function compareKeys(a, b, direction) {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.rank === 2) return 0;
    var order = a.rank === 0 ? compareDecimal(a.value, b.value) : a.value.localeCompare(b.value, "zh-Hans-CN");
    return order * direction;
  }

  function headerText(th) {
    return th.textContent.replace(/[▲▼↕]/g, "").trim();
  }

  function sortTable(state, column, direction) {
    var body = state.table.tBodies[0];
    var rows = state.rows.slice();
    if (column >= 0) {
      var keys = new Map(rows.map(function (row) { return [row, sortKey(row.cells[column])]; }));
      rows.sort(function (a, b) {
        return compareKeys(keys.get(a), keys.get(b), direction) || state.rows.indexOf(a) - state.rows.indexOf(b);
      });
    }
    rows.forEach(function (row) { body.appendChild(row); });
    state.headers.forEach(function (th, index) {
      var sorted = index === column;
      if (sorted) th.setAttribute("aria-sort", direction > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      th.querySelector(".jx-sort-mark").textContent = sorted ? (direction > 0 ? "▲" : "▼") : "↕";
    });
    state.select.value = column >= 0 ? column + ":" + direction : "";
    state.status.textContent = column >= 0
      ? "已按“" + headerText(state.headers[column]) + "”" + (direction > 0 ? "从小到大" : "从大到小") + "排列，原文未载明的在最后。"
      : "按原来的顺序排列。";
  }

  function headerButton(state, th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jx-sort-button";
    while (th.firstChild) button.appendChild(th.firstChild);
    var mark = document.createElement("span");
    mark.className = "jx-sort-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = "↕";
    button.appendChild(mark);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var current = th.getAttribute("aria-sort");
      sortTable(state, column, current === "ascending" ? -1 : 1);
    });
  }

  var counter = 0;

  function sortBar(state) {
    var bar = document.createElement("div");
    bar.className = "jx-sort-bar";
    var label = document.createElement("label");
    var select = document.createElement("select");
    counter += 1;
    select.id = "jx-sort-" + counter;
    label.htmlFor = select.id;
    label.textContent = "排序：";
    select.add(new Option("原来的顺序", ""));
    state.headers.forEach(function (th, column) {
      var name = headerText(th);
      select.add(new Option(name + "：从小到大", column + ":1"));
      select.add(new Option(name + "：从大到小", column + ":-1"));
    });
    select.addEventListener("change", function () {
      var parts = select.value.split(":");
      sortTable(state, select.value ? Number(parts[0]) : -1, Number(parts[1] || 1));
    });
    var status = document.createElement("p");
    status.className = "jx-sort-status";
    status.setAttribute("role", "status");
    bar.appendChild(label);
    bar.appendChild(select);
    bar.appendChild(status);
    state.select = select;
    state.status = status;
    return bar;
  }

  function setUp(box) {
    var table = box.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length || box.getAttribute("data-jx-sort-ready")) return;
    box.setAttribute("data-jx-sort-ready", "");
    var state = { table: table, rows: Array.prototype.slice.call(table.tBodies[0].rows) };
    state.headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    box.insertBefore(sortBar(state), box.firstChild);
    state.headers.forEach(function (th, column) { headerButton(state, th, column); });
  }

  function setUpAll() {
    var boxes = document.querySelectorAll(".jx-sortable");
    for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
