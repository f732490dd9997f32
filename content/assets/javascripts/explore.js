/*
 * The explorer (/explore/): every current asset in one table with facet filters.
 *
 * The rows and facets come from a data file beside the page (explore/assets.json, see
 * hooks/asset_map/pages/explore.py), so the page stays small however many assets there are.
 * Values within one filter widen the list, different filters narrow it; the count beside
 * each value says how many assets ticking it would list. The filter state lives in the
 * address (?subject=cs&focus=lesson-study&words=summer) so a view can be shared. The text
 * filter is not called q: the site search reads ?q=. Rows are drawn a few hundred at a
 * time. Every text from the data is set with textContent.
 */
(function () {
  "use strict";

  var SHOWN = 200;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function start() {
    var form = document.getElementById("am-explore");
    var table = document.getElementById("am-explore-table");
    if (!form || !table) return;
    var status = document.getElementById("am-explore-status");
    var more = document.getElementById("am-explore-more");
    var source = new URL(form.getAttribute("data-source"), location.href);
    var root = new URL(form.getAttribute("data-root"), location.href);
    status.textContent = "Loading the assets…";
    fetch(source)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (data) { ready(data, form, table, status, more, root); })
      .catch(function (error) {
        status.textContent = "The list of assets could not be loaded (" + error.message + "). " +
          "Every asset is also listed on the idea pages and in the open data downloads.";
      });
  }

  function ready(data, form, table, status, more, root) {
    var facets = data.facets;
    var text = form.elements.words;
    var body = table.tBodies[0];
    var limit = SHOWN;
    var columns = data.columns.map(function (key) {
      return facets.findIndex(function (facet) { return facet.key === key; });
    });
    var rows = data.rows.map(function (row) {
      var labels = row[4].map(function (positions, f) {
        return positions.map(function (p) { return facets[f].values[p][1]; });
      });
      return {
        name: row[0], link: new URL(row[1], root).href, county: row[2], partners: row[3],
        positions: row[4], labels: labels,
        text: [row[0], row[2], row[3]].concat([].concat.apply([], labels)).join(" ").toLowerCase()
      };
    });

    // Each value's checkbox and count; values no asset has are left out.
    var totals = facets.map(function (facet) { return facet.values.map(function () { return 0; }); });
    rows.forEach(function (row) {
      row.positions.forEach(function (positions, f) { positions.forEach(function (p) { totals[f][p]++; }); });
    });
    // The page lists a fieldset for each filter that has values (so its room is kept);
    // its checkboxes are added here. Values no asset has are left out.
    var boxes = [];
    facets.forEach(function (facet, f) {
      var fieldset = form.querySelector('fieldset[data-facet="' + facet.key + '"]');
      if (!fieldset) return;
      facet.values.forEach(function (value, p) {
        if (!totals[f][p]) return;
        var label = element("label");
        var box = element("input");
        box.type = "checkbox";
        box.name = facet.key;
        box.value = value[0];
        var count = element("span", String(totals[f][p]), "am-count");
        count.setAttribute("data-count", "");
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value[1] + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
        boxes.push({ box: box, facet: f, position: p, count: count });
      });
    });

    // On narrow screens the filters fold behind a "Filters" button that says how many are
    // chosen (CSS shows them always on wide screens, where the button is not shown).
    var toggle = form.querySelector(".am-explore__toggle");
    var active = form.querySelector(".am-explore__active");
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });

    function selection() {
      var wanted = facets.map(function () { return []; });
      boxes.forEach(function (b) { if (b.box.checked) wanted[b.facet].push(b.position); });
      return { words: text.value.trim().toLowerCase(), wanted: wanted };
    }

    // The facets a row fails (its values include none of the ticked ones; at most two are
    // looked for), or null for a row the words rule out: a row failing no facet is listed; a row failing exactly one
    // counts towards that facet's values, as ticking one of them would list it.
    function failing(row, state) {
      if (state.words && row.text.indexOf(state.words) < 0) return null;
      var failed = [];
      for (var f = 0; f < facets.length; f++) {
        var wanted = state.wanted[f];
        if (!wanted.length) continue;
        var has = row.positions[f];
        if (!wanted.some(function (p) { return has.indexOf(p) >= 0; })) failed.push(f);
        if (failed.length > 1) break;
      }
      return failed;
    }

    function cell(row, tag, labels) {
      var node = element(tag, labels.join(", "));
      row.appendChild(node);
      return node;
    }

    function draw(listed) {
      body.textContent = "";
      listed.slice(0, limit).forEach(function (row) {
        var tr = element("tr");
        var name = element("th");
        name.scope = "row";
        var link = element("a", row.name);
        link.href = row.link;
        name.appendChild(link);
        tr.appendChild(name);
        cell(tr, "td", [row.county]);
        columns.forEach(function (f) { cell(tr, "td", row.labels[f]); });
        cell(tr, "td", [row.partners]);
        body.appendChild(tr);
      });
      more.hidden = listed.length <= limit;
      if (!more.hidden) more.textContent = "Show more assets (" + (listed.length - limit) + " not shown yet)";
    }

    function update(remember) {
      var state = selection();
      var counts = facets.map(function (facet) { return facet.values.map(function () { return 0; }); });
      var listed = [];
      rows.forEach(function (row) {
        var failed = failing(row, state);
        if (failed === null || failed.length > 1) return;
        if (failed.length === 0) listed.push(row);
        row.positions.forEach(function (positions, f) {
          if (failed.length === 0 || failed[0] === f) positions.forEach(function (p) { counts[f][p]++; });
        });
      });
      boxes.forEach(function (b) { b.count.textContent = String(counts[b.facet][b.position]); });
      var chosen = boxes.filter(function (b) { return b.box.checked; }).length;
      active.textContent = chosen ? "(" + chosen + " chosen)" : "(none chosen)";
      draw(listed);
      var total = rows.length.toLocaleString("en-US");
      status.textContent = (listed.length === rows.length ? total : listed.length.toLocaleString("en-US") + " of " + total) +
        (rows.length === 1 ? " asset" : " assets");
      if (remember) {
        var params = new URLSearchParams();
        boxes.forEach(function (b) { if (b.box.checked) params.append(b.box.name, b.box.value); });
        if (text.value.trim()) params.set("words", text.value.trim());
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    boxes.forEach(function (b) { b.box.checked = params.getAll(b.box.name).indexOf(b.box.value) >= 0; });
    text.value = params.get("words") || "";
    form.addEventListener("input", function () { limit = SHOWN; update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { limit = SHOWN; update(true); }, 0); });
    more.addEventListener("click", function () { limit += SHOWN; update(false); });
    update(false);
    form.setAttribute("data-state", "ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
