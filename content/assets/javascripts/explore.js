/*
 * Facet filters for the explorer table (/explore/). The table is complete without this
 * script; it only hides rows. Facet values come from each row's data- attributes, which the
 * site generates from controlled vocabularies and slugs. The filter state lives in the
 * address (?subject=cs&focus=lesson-study&words=summer) so a view can be shared. The text
 * filter is not called q: the theme opens its search box for ?q=.
 */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("am-explore");
    var table = document.getElementById("am-explore-table");
    if (!form || !table) return;
    var status = document.getElementById("am-explore-status");
    var text = form.elements.words;
    var facets = Array.prototype.map.call(
      form.querySelectorAll("fieldset[data-facet]"), function (fieldset) { return fieldset.getAttribute("data-facet"); }
    );
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet] = (row.getAttribute("data-" + facet) || "").split(" ").filter(Boolean);
      });
      return { element: row, values: values, text: row.textContent.toLowerCase() };
    });

    function current() {
      var state = { q: text.value.trim().toLowerCase() };
      facets.forEach(function (facet) { state[facet] = []; });
      boxes.forEach(function (box) { if (box.checked) state[box.name].push(box.value); });
      return state;
    }

    function keeps(row, state, except) {
      for (var i = 0; i < facets.length; i++) {
        var facet = facets[i], wanted = state[facet];
        if (facet === except || !wanted.length) continue;
        if (!wanted.some(function (value) { return row.values[facet].indexOf(value) >= 0; })) return false;
      }
      return !state.q || row.text.indexOf(state.q) >= 0;
    }

    function update(remember) {
      var state = current();
      var shown = 0;
      rows.forEach(function (row) {
        var keep = keeps(row, state, null);
        row.element.hidden = !keep;
        if (keep) shown++;
      });
      boxes.forEach(function (box) {
        var count = rows.filter(function (row) {
          return row.values[box.name].indexOf(box.value) >= 0 && keeps(row, state, box.name);
        }).length;
        box.parentNode.querySelector("[data-count]").textContent = count;
      });
      status.textContent = shown === rows.length ? rows.length + " assets" : shown + " of " + rows.length + " assets";
      if (remember) {
        var params = new URLSearchParams();
        facets.forEach(function (facet) { state[facet].forEach(function (v) { params.append(facet, v); }); });
        if (text.value.trim()) params.set("words", text.value.trim());
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) >= 0; });
    text.value = params.get("words") || "";
    form.addEventListener("input", function () { update(true); });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    form.hidden = false;
    update(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
