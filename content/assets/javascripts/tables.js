/*
 * Sortable data tables: every table marked `am-sortable` sorts by a column when its heading is
 * clicked, or focused with Tab and activated with Enter. tablesort (assets/vendor/tablesort/)
 * does the sorting and sets aria-sort on the sorted heading; this script starts it on each table
 * and says what changed in a polite live region, for screen readers that do not announce
 * aria-sort changes by themselves. Cells whose text does not sort well (such as "3 of 12")
 * carry their sort value in data-sort, written by the site's templates.
 * This is mkdocs-material's documented recipe for sortable tables, with the site's own selector.
 */
(function () {
  "use strict";

  function label(heading) {
    return (heading.textContent || "").replace(/\s+/g, " ").trim();
  }

  function start(table) {
    if (table.getAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "true");
    var status = document.createElement("p");
    status.className = "am-sr-only";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    var sorter = new Tablesort(table);
    table.addEventListener("afterSort", function () {
      var heading = sorter.current;
      if (!heading) return;
      status.textContent = "Sorted by " + label(heading) + ", " + heading.getAttribute("aria-sort");
    });
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll("article table.am-sortable"), start);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(startAll);  // the theme's page-ready signal, which instant navigation repeats
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
