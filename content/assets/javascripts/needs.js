/*
 * Filters for the needs page (/needs/): by subject, grade band, focus area and region. The
 * page lists every need without this script; it only hides the needs (cards and statewide
 * gaps) that do not fit. Values come from each need's data- attributes, which the site
 * generates from controlled vocabularies and region numbers. Values within one filter widen
 * the list (math or science), different filters narrow it (math and grades 6-8). The choice
 * lives in the address (?subject=cs&focus=recruitment-retention) so a view can be shared.
 */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("am-needs-filter");
    if (!form) return;
    var status = document.getElementById("am-needs-status");
    var facets = Array.prototype.map.call(
      form.querySelectorAll("fieldset[data-facet]"), function (fieldset) { return fieldset.getAttribute("data-facet"); }
    );
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var needs = Array.prototype.map.call(document.querySelectorAll("[data-am-need]"), function (element) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet] = (element.getAttribute("data-" + facet) || "").split(" ").filter(Boolean);
      });
      return { element: element, values: values };
    });

    function chosen() {
      var state = {};
      facets.forEach(function (facet) { state[facet] = []; });
      boxes.forEach(function (box) { if (box.checked) state[box.name].push(box.value); });
      return state;
    }

    function keeps(need, state, except) {
      return facets.every(function (facet) {
        var wanted = state[facet];
        return facet === except || !wanted.length || wanted.some(function (value) {
          return need.values[facet].indexOf(value) >= 0;
        });
      });
    }

    function update(remember) {
      var state = chosen();
      var shown = 0;
      needs.forEach(function (need) {
        var keep = keeps(need, state, null);
        need.element.hidden = !keep;
        if (keep) shown++;
      });
      boxes.forEach(function (box) {
        var count = needs.filter(function (need) {
          return need.values[box.name].indexOf(box.value) >= 0 && keeps(need, state, box.name);
        }).length;
        box.parentNode.querySelector("[data-count]").textContent = count;
      });
      status.textContent = shown === needs.length ? needs.length + " needs" : shown + " of " + needs.length + " needs";
      if (remember) {
        var params = new URLSearchParams();
        facets.forEach(function (facet) { state[facet].forEach(function (v) { params.append(facet, v); }); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) >= 0; });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    form.hidden = false;
    update(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
