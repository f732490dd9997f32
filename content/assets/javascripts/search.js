/*
 * The site search: the box in the header opens a dialog that queries Pagefind's index
 * (built after every build by hooks/mkdocs_search.py) through Pagefind's JavaScript API.
 *
 * - Nothing is fetched until the dialog opens; then pagefind.js and only the parts of the
 *   index a query needs. The filters (facets with counts) load when first opened, or when
 *   the address asks for some.
 * - Results are items: assets, needs, goals, partners, counties, regions, and pages with
 *   their matching sections. Ten are drawn at a time.
 * - Pagefind stems words but does not forgive typos (a misspelt word finds loose matches
 *   or nothing): a word the site does not use (assets/search/words/<letter>.json, written
 *   at build time) is replaced by the closest word it does use, one or two letters away,
 *   and the status line says so.
 * - Keyboard: "/" opens the search anywhere, arrow keys move between the results, Escape
 *   closes. The count of results is announced; every text is set as text, and Pagefind's
 *   excerpts are reduced to text and <mark>.
 * - The address can open the search: ?q=words&filter=Subject:Science (as shared links do).
 */
(function () {
  "use strict";

  var FACETS = ["Result type", "Subject", "Grade band", "Asset kind", "Focus area", "Audience", "County",
    "Region", "Enduring or temporary"];
  var PAGE_SIZE = 10;
  var SHORTEST_TYPO = 4;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // The words the script writes, in the page's language: the dialog's data-words (from the
  // message catalogue's theme.search_js, hooks/asset_map/messages/), "{name}" filled in.
  var WORDS = {
    one_result: "{n} result", results: "{n} results", no_results: "No results", for_term: " for “{term}”",
    showing: "Showing {count} for “{correction}”: the site has no “{term}”", filtered: " with the chosen filters.",
    end: ".", more: "Show more results ({n} more)", page: "Page", type: "Type a word, or choose filters.",
    searching: "Searching…", failed: "The search could not be loaded ({error}). Try again in a moment.",
    chosen: "({n} chosen)", facet_names: {}, value_names: {}
  };
  var LOCALE = document.documentElement.lang || "en";

  function say(name, values) {
    return WORDS[name].replace(/\{([a-z_]+)\}/g, function (all, key) { return values && key in values ? values[key] : all; });
  }

  // A facet's name or value as the page's language shows it (the index keeps English keys).
  function wordFor(table, key) {
    return Object.prototype.hasOwnProperty.call(WORDS[table], key) ? WORDS[table][key] : key;
  }

  function plural(count) {
    return say(count === 1 ? "one_result" : "results", {n: count.toLocaleString(LOCALE)});
  }

  // Optimal string alignment distance (a transposition counts as one edit), or most + 1
  // as soon as the distance is known to exceed `most`.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var previous2 = null, previous = [], row, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        row.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > most) return most + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // Pagefind's excerpt is escaped text with <mark> around the matches: keep exactly that.
  function excerpt(html, className) {
    var node = element("p", null, className);
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (child) {
      if (child.nodeName === "MARK") node.appendChild(element("mark", child.textContent));
      else node.appendChild(document.createTextNode(child.textContent));
    });
    return node;
  }

  function start() {
    var dialog = document.getElementById("am-search");
    if (dialog && dialog.dataset.words) {
      try {
        var given = JSON.parse(dialog.dataset.words);
        Object.keys(given).forEach(function (key) { WORDS[key] = given[key]; });
      } catch (error) { /* keep the English words */ }
    }
    var openers = document.querySelectorAll("[data-am-search-open]");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var bundle = new URL(dialog.getAttribute("data-bundle"), location.href).href;
    var extras = new URL(dialog.getAttribute("data-extras"), location.href).href;
    var input = document.getElementById("am-search-input");
    var status = document.getElementById("am-search-status");
    var list = document.getElementById("am-search-results");
    var more = dialog.querySelector("[data-am-search-more]");
    var filterPanel = dialog.querySelector(".am-search__filters");
    var facetHolder = dialog.querySelector("[data-am-search-facets]");
    var chosenNote = dialog.querySelector("[data-am-search-chosen]");
    var clearButton = dialog.querySelector("[data-am-search-clear]");

    var pagefind = null;
    var filtersReady = null;
    var boxes = [];
    var wanted = {};
    var words = {};
    var searchId = 0;
    var timer = null;
    var results = [];
    var shown = 0;

    function load() {
      if (!pagefind) {
        pagefind = import(bundle + "pagefind.js").then(function (api) {
          return api.options({ excerptLength: 24, noWorker: true }).then(function () { return api; });
        }).catch(function (error) {
          pagefind = null;  // try again with the next search (under `mkdocs serve` the index may be on its way)
          throw error;
        });
      }
      return pagefind;
    }

    function chosenFilters() {
      var filters = {};
      Object.keys(wanted).forEach(function (name) {
        if (wanted[name].length) filters[name] = { any: wanted[name].slice() };
      });
      return filters;
    }

    function failed(error) {
      status.textContent = say("failed", {error: error && error.message || error});
    }

    function search(immediately) {
      clearTimeout(timer);
      if (!immediately) {
        timer = setTimeout(function () { search(true); }, 200);
        return;
      }
      var id = ++searchId;
      var term = input.value.trim();
      var filters = chosenFilters();
      var filtered = Object.keys(filters).length > 0;
      remember(term);
      if (!term && !filtered) {
        results = [];
        list.textContent = "";
        more.hidden = true;
        status.textContent = say("type");
        if (filtersReady) filtersReady.then(function (all) { showCounts(all); }, function () {});
        return;
      }
      status.textContent = say("searching");
      load().then(function (api) {
        return Promise.all([api.search(term || null, { filters: filters }), corrected(term)]).then(function (both) {
          var found = both[0], better = both[1];
          if (id !== searchId) return null;
          if (!better) return show(found, term, null);
          return api.search(better, { filters: filters }).then(function (second) {
            if (id !== searchId) return null;
            return second.results.length ? show(second, term, better) : show(found, term, null);
          });
        });
      }).catch(failed);
    }

    function wordList(letter) {
      if (!words[letter]) {
        words[letter] = fetch(extras + "words/" + letter + ".json")
          .then(function (response) { return response.ok ? response.json() : []; })
          .catch(function () { return []; });
      }
      return words[letter];
    }

    // Whether the site uses `word`: as it is, as the start of a word (Pagefind matches
    // beginnings), or as a word of five letters or more with an ending of up to three more
    // letters ("institutes" for "institute": Pagefind stems them alike).
    function known(word, listed) {
      return listed.some(function (other) {
        return other.lastIndexOf(word, 0) === 0 ||
          (other.length >= 5 && word.length - other.length <= 3 && word.lastIndexOf(other, 0) === 0);
      });
    }

    // The query with each word the site does not use replaced by the closest one it does
    // (one letter away, two for long words), or null if no word needed replacing.
    function corrected(term) {
      var parts = term.toLowerCase().split(/\s+/).filter(Boolean);
      return Promise.all(parts.map(function (word) {
        if (word.length < SHORTEST_TYPO || !/^[a-z]+$/.test(word)) return word;
        return wordList(word[0]).then(function (listed) {
          if (!listed.length || known(word, listed)) return word;
          var most = word.length < 8 ? 1 : 2;
          var best = word, bestDistance = most + 1;
          for (var i = 0; i < listed.length && bestDistance > 1; i++) {
            var d = distance(word, listed[i], most);
            if (d < bestDistance) { best = listed[i]; bestDistance = d; }
          }
          return best;
        });
      })).then(function (fixed) {
        var better = fixed.join(" ");
        return better === parts.join(" ") ? null : better;
      });
    }

    function show(found, term, correction) {
      results = found.results;
      shown = 0;
      list.textContent = "";
      var count = plural(results.length);
      var filtered = Object.keys(chosenFilters()).length > 0;
      var message;
      if (correction) message = say("showing", {count: count, correction: correction, term: term});
      else message = (results.length ? count : say("no_results")) + (term ? say("for_term", {term: term}) : "");
      status.textContent = message + (filtered ? say("filtered") : say("end"));
      if (found.filters && boxes.length) showCounts(found.filters);
      return showMore();
    }

    function showMore() {
      var id = searchId;
      var batch = results.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      more.hidden = shown >= results.length;
      if (!more.hidden) more.textContent = say("more", {n: (results.length - shown).toLocaleString(LOCALE)});
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
        if (id !== searchId) return;
        items.forEach(function (data) { list.appendChild(resultItem(data)); });
      });
    }

    function resultItem(data) {
      var item = element("li", null, "am-search__result");
      var link = element("a", null, "am-search__link");
      link.href = data.url;
      link.appendChild(element("span", data.meta.title || data.url, "am-search__title"));
      link.appendChild(element("span", data.meta.context || say("page"), "am-search__context"));
      item.appendChild(link);
      item.appendChild(excerpt(data.excerpt, "am-search__excerpt"));
      var sections = (data.sub_results || []).filter(function (sub) { return sub.anchor && sub.url !== data.url; });
      if (sections.length) {
        var sublist = element("ul", null, "am-search__sections");
        sections.slice(0, 3).forEach(function (sub) {
          var entry = element("li");
          var subLink = element("a", sub.title, "am-search__section");
          subLink.href = sub.url;
          entry.appendChild(subLink);
          entry.appendChild(excerpt(sub.excerpt, "am-search__excerpt"));
          sublist.appendChild(entry);
        });
        item.appendChild(sublist);
      }
      return item;
    }

    // The filters: every facet with its values (in the vocabularies' order) and counts.
    function loadFilters() {
      if (!filtersReady) {
        filtersReady = Promise.all([
          load().then(function (api) { return api.filters(); }),
          fetch(extras + "facets.json").then(function (response) { return response.json(); })
        ]).then(function (loaded) {
          drawFilters(loaded[0], loaded[1].values);
          return loaded[0];
        });
        filtersReady.catch(function (error) { filtersReady = null; failed(error); });
      }
      return filtersReady;
    }

    function drawFilters(all, order) {
      facetHolder.textContent = "";
      boxes = [];
      FACETS.forEach(function (name) {
        var counts = all[name];
        if (!counts) return;
        var values = (order[name] || []).filter(function (value) { return value in counts; });
        Object.keys(counts).sort().forEach(function (value) { if (values.indexOf(value) < 0) values.push(value); });
        var fieldset = element("fieldset", null, "am-search__facet");
        fieldset.appendChild(element("legend", wordFor("facet_names", name)));
        values.forEach(function (value) {
          var label = element("label");
          var box = element("input");
          box.type = "checkbox";
          box.name = name;
          box.value = value;
          box.checked = (wanted[name] || []).indexOf(value) >= 0;
          var count = element("span", String(counts[value]), "am-count");
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + wordFor("value_names", value) + " "));
          label.appendChild(count);
          fieldset.appendChild(label);
          boxes.push({ box: box, count: count, label: label });
        });
        facetHolder.appendChild(fieldset);
      });
    }

    function showCounts(counts) {
      boxes.forEach(function (b) {
        var n = (counts[b.box.name] || {})[b.box.value] || 0;
        b.count.textContent = String(n);
        b.label.classList.toggle("am-search__empty", n === 0 && !b.box.checked);
      });
    }

    function chose() {
      wanted = {};
      boxes.forEach(function (b) {
        if (b.box.checked) (wanted[b.box.name] = wanted[b.box.name] || []).push(b.box.value);
      });
      noteChosen();
      search(true);
    }

    function noteChosen() {
      var n = Object.keys(wanted).reduce(function (sum, name) { return sum + wanted[name].length; }, 0);
      chosenNote.textContent = n ? say("chosen", {n: n.toLocaleString(LOCALE)}) : "";
      clearButton.hidden = n === 0;
    }

    // The search's state in the address, so a search can be shared: ?q=...&filter=Name:Value
    function remember(term) {
      if (!dialog.open) return;
      var params = new URLSearchParams(location.search);
      params.delete("q");
      params.delete("filter");
      if (term) params.set("q", term);
      Object.keys(wanted).forEach(function (name) {
        wanted[name].forEach(function (value) { params.append("filter", name + ":" + value); });
      });
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function forget() {
      var params = new URLSearchParams(location.search);
      params.delete("q");
      params.delete("filter");
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function open() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      load().catch(failed);
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    openers.forEach(function (opener) {
      opener.hidden = false;
      opener.addEventListener("click", open);
    });
    dialog.querySelector("[data-am-search-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", forget);
    dialog.addEventListener("keydown", function (event) {
      // A search field would take the first Escape to clear itself: close at once instead.
      if (event.key === "Escape") { event.preventDefault(); dialog.close(); }
    });
    input.addEventListener("input", function () { search(false); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(true); }
      if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowUp" && at === 0) input.focus();
      else if (all[at + (event.key === "ArrowDown" ? 1 : -1)]) all[at + (event.key === "ArrowDown" ? 1 : -1)].focus();
    });
    list.addEventListener("click", function (event) { if (event.target.closest("a")) dialog.close(); });
    more.addEventListener("click", function () { showMore(); });
    filterPanel.addEventListener("toggle", function () {
      // Counts for the current query come with a search made once the filters are loaded.
      if (filterPanel.open && !filtersReady) loadFilters().then(function () { search(true); }, function () {});
    });
    facetHolder.addEventListener("change", chose);
    clearButton.addEventListener("click", function () {
      boxes.forEach(function (b) { b.box.checked = false; });
      chose();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      open();
    });

    // A shared address: open the search with its words and filters.
    var params = new URLSearchParams(location.search);
    if (params.has("q") || params.has("filter")) {
      input.value = params.get("q") || "";
      params.getAll("filter").forEach(function (pair) {
        var at = pair.indexOf(":");
        if (at > 0) (wanted[pair.slice(0, at)] = wanted[pair.slice(0, at)] || []).push(pair.slice(at + 1));
      });
      noteChosen();
      open();
      if (Object.keys(wanted).length) filterPanel.open = true;  // loads the filters, then searches
      else search(true);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
