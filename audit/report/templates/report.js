/* Sort buttons on every table.sortable header and a filter box before every table.filterable.
   Added by script, so the page without JavaScript shows the plain tables. */
(function () {
  "use strict";
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.replace(/\s+/g, " ").trim() : value;
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  function sortBy(table, index, th) {
    var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = key(r1, index), b = key(r2, index);
      if ((a === "") !== (b === "")) { return a === "" ? 1 : -1; } /* no value: last either way */
      return direction * compare(a, b);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function addFilter(table) {
    var box = document.createElement("div");
    box.className = "filter";
    if (table.id) { box.id = table.id + "-filter"; }
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "filter rows";
    input.setAttribute("aria-label", "Filter the rows of the table below");
    var count = document.createElement("span");
    count.className = "muted";
    box.appendChild(input);
    box.appendChild(count);
    var wrapper = table.parentNode;
    wrapper.parentNode.insertBefore(box, wrapper);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
        rows[i].hidden = !keep;
        if (keep) { shown++; }
      }
      count.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.title = "Sort by this column";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
    if (table.classList.contains("filterable")) { addFilter(table); }
  });
}());
