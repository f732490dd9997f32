/*
 * The progress page's county table: sort by any column, show one region.
 *
 * Progressive enhancement: without this script the table lists every county, by name, with
 * every number; with it, each column heading becomes a button that sorts by the cells'
 * `data-sort` values (a second press reverses), and the region filter appears. Text is set
 * with textContent only.
 */
(function () {
  "use strict";

  function start() {
    var table = document.getElementById("am-progress-table");
    if (!table || table.getAttribute("data-enhanced")) return;
    table.setAttribute("data-enhanced", "true");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var status = document.getElementById("am-progress-status");
    var form = document.getElementById("am-progress-filter");
    var select = document.getElementById("am-progress-region");

    function value(row, column, type) {
      var text = row.cells[column].getAttribute("data-sort") || "";
      return type === "number" ? (text === "" ? -Infinity : Number(text)) : text.toLowerCase();
    }

    function sortBy(column, descending) {
      var type = headings[column].getAttribute("data-sort-type");
      var sorted = rows.slice().sort(function (a, b) {
        var x = value(a, column, type), y = value(b, column, type);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0) return rows.indexOf(a) - rows.indexOf(b);
        return descending ? -order : order;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
      headings.forEach(function (heading, index) {
        if (index === column) heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else heading.removeAttribute("aria-sort");
      });
    }

    headings.forEach(function (heading, column) {
      if (!heading.hasAttribute("data-sort-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "am-sort";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () {
        // Numbers start from the highest (best scores first), text from A.
        var numeric = heading.getAttribute("data-sort-type") === "number";
        var current = heading.getAttribute("aria-sort");
        var descending = current ? current === "ascending" : numeric;
        sortBy(column, descending);
      });
    });
    headings[0].setAttribute("aria-sort", "ascending");

    function filter() {
      var region = select.value;
      var shown = 0;
      rows.forEach(function (row) {
        var visible = !region || row.getAttribute("data-region") === region;
        row.hidden = !visible;
        if (visible) shown++;
      });
      if (status) {
        status.textContent = region
          ? shown + " of " + rows.length + " counties: " + select.options[select.selectedIndex].text
          : "All " + rows.length + " counties";
      }
    }

    if (form && select) {
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      select.addEventListener("change", filter);
      filter();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
