/*
 * Draws the site's county maps on Leaflet maps that folium created.
 *
 * Every map fetches the same two files (county outlines and per-county numbers), which the
 * browser caches. The numbers file also holds the subjects (in the site's order, with the words
 * a sentence uses for them), the number of checklist items and the palette
 * (hooks/asset_map/templates/palette.json), so no subject and no colour is written here. Map text is set with textContent, never innerHTML,
 * because county data is contributed. The table beside each map carries the same information
 * for people who do not use the map.
 */
(function () {
  "use strict";

  var cache = {};

  function fetchJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }
    return cache[url];
  }

  function bin(value, limits) {
    for (var i = 0; i < limits.length; i++) if (value <= limits[i]) return i;
    return limits.length;
  }

  // The words the maps write (legends, tooltips), in the page's language: each map's
  // options carry them (`words`, from the message catalogue's map_script section,
  // hooks/asset_map/messages/); "{name}" is filled in.
  var W = {};

  function say(name, values) {
    return String(W[name] || name).replace(/\{([a-z_]+)\}/g, function (all, key) {
      return values && key in values ? values[key] : all;
    });
  }

  // A subject's name in the page's language (county-stats.json holds each language's).
  function subjectName(s) {
    var lang = document.documentElement.lang || "en";
    return (s.names && s.names[lang]) || s.name;
  }

  function andList(words) {
    return words.length > 1 ? words.slice(0, -1).join(", ") + " " + say("and") + " " + words[words.length - 1] : words.join("");
  }

  // Completeness in steps of the sequential palette: the top step only when every checklist
  // item is covered, the others split the rest evenly.
  function completenessStep(stats, met) {
    var top = stats.palette.sequential.length - 1;
    return stats.checklist ? Math.floor(met * top / stats.checklist) : 0;
  }

  function covered(stats, c) {
    return stats.subjects.filter(function (s) { return c.subjects[s.key] > 0; }).length;
  }

  // Each measure colours a county from its numbers and lists its legend, from `stats`
  // (county-stats.json): its palette, subjects and region names.
  var MEASURES = {
    published: {
      colour: function (stats, c) { return c.published ? stats.palette.chosen : stats.palette.none; },
      legend: function (stats) {
        return [[stats.palette.chosen, say("published")], [stats.palette.none, say("no_map")]];
      }
    },
    assets: {
      colour: function (stats, c) {
        return c.published && c.assets > 0 ? stats.palette.sequential[bin(c.assets, [2, 5, 10])] : stats.palette.none;
      },
      legend: function (stats) {
        var steps = stats.palette.sequential;
        return [[steps[0], say("assets_range", {range: "1-2"})], [steps[1], say("assets_range", {range: "3-5"})],
          [steps[2], say("assets_range", {range: "6-10"})], [steps[3], say("assets_more", {n: 11})],
          [stats.palette.none, say("no_assets")]];
      }
    },
    coverage: {
      colour: function (stats, c) {
        var count = covered(stats, c);
        return c.published && count ? stats.palette.sequential[count] : stats.palette.none;
      },
      legend: function (stats) {
        var total = stats.subjects.length;
        var names = stats.subjects.map(subjectName);
        var entries = [];
        for (var count = 1; count < total; count++) {
          entries.push([stats.palette.sequential[count], say("subjects_of", {n: count, total: total})]);
        }
        entries.push([stats.palette.sequential[total], say("subjects_all", {total: total, names: andList(names)})]);
        entries.push([stats.palette.none, say("no_assets")]);
        return entries;
      }
    },
    completeness: {
      colour: function (stats, c) {
        return c.published ? stats.palette.sequential[completenessStep(stats, c.checklist)] : stats.palette.none;
      },
      legend: function (stats) {
        var total = stats.checklist, steps = {}, entries = [];
        for (var met = 0; met <= total; met++) {
          var step = completenessStep(stats, met);
          steps[step] = steps[step] || [met, met];
          steps[step][1] = met;
        }
        Object.keys(steps).sort(function (a, b) { return a - b; }).forEach(function (step) {
          var range = steps[step];
          var label = range[0] === total ? say("checklist_all", {total: total})
            : say("checklist_of", {range: range[0] === range[1] ? range[0] : range[0] + "-" + range[1], total: total});
          entries.push([stats.palette.sequential[step], label]);
        });
        entries.push([stats.palette.none, say("no_map")]);
        return entries;
      }
    },
    region: {
      colour: function (stats, c) {
        var colours = stats.palette.regions;
        return colours[(c.region - 1) % colours.length];
      },
      legend: function (stats) {
        var colours = stats.palette.regions;
        return Object.keys(stats.regions).map(function (n) {
          return [colours[(n - 1) % colours.length], say("region", {n: n, name: stats.regions[n]})];
        });
      }
    }
  };

  function summary(stats, county) {
    if (!county.published) return say("no_map");
    var counts = stats.subjects.map(function (s) { return subjectName(s) + " " + county.subjects[s.key]; });
    return say("summary", {
      cycle: county.cycle, assets: say(county.assets === 1 ? "one_asset" : "assets", {n: county.assets}),
      counts: counts.join(", "), met: county.checklist, total: stats.checklist
    });
  }

  function tooltip(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  function drawLegend(element, entries) {
    if (!element) return;
    while (element.firstChild) element.removeChild(element.firstChild);
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "am-legend__swatch";
      swatch.style.background = entry[0];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry[1]));
      element.appendChild(item);
    });
  }

  function styleFor(options, stats, fips, measure) {
    var palette = stats.palette;
    var base = { weight: 1, color: palette.outline, opacity: 1, fillOpacity: 0.85, className: "am-county" };
    if (options.mode === "state") {
      base.fillColor = MEASURES[measure].colour(stats, stats.counties[fips]);
    } else if (options.focus && fips === options.focus) {
      base.fillColor = palette.chosen; base.color = palette.chosen_outline; base.weight = 2;
    } else if (options.highlight && options.highlight.indexOf(fips) >= 0) {
      base.fillColor = palette.chosen;
    } else if (options.partners && options.partners.indexOf(fips) >= 0) {
      base.fillColor = palette.sharing;
    } else {
      base.fillColor = palette.none;
    }
    return base;
  }

  function countyLayer(map, options) {
    var container = map.getContainer();
    container.setAttribute("data-state", "loading");
    map.attributionControl.setPrefix(false);
    W = options.words || W;
    map.attributionControl.addAttribution(say("attribution"));
    Promise.all([fetchJSON(options.outlines), fetchJSON(options.stats)]).then(function (loaded) {
      var outlines = loaded[0], stats = loaded[1];
      var measure = options.measure || "published";
      var legend = options.legend ? document.getElementById(options.legend) : null;
      var layer = L.geoJSON(outlines, {
        style: function (feature) {
          return styleFor(options, stats, feature.id, measure);
        },
        onEachFeature: function (feature, path) {
          var county = stats.counties[feature.id];
          var url = options.root + "counties/" + county.slug + "/";
          path.bindTooltip(tooltip([county.name + " County", summary(stats, county)]), { sticky: true });
          path.on("click", function () { window.location.href = url; });
          path.on("mouseover", function () { path.setStyle({ weight: 3, color: stats.palette.hover }); });
          path.on("mouseout", function () { layer.resetStyle(path); });
        }
      }).addTo(map);
      layer.eachLayer(function (path) {
        if (path._path) path._path.setAttribute("data-fips", path.feature.id);
      });

      var bounds = layer.getBounds();
      if (options.focus || options.highlight) {
        var chosen = L.featureGroup();
        layer.eachLayer(function (path) {
          var id = path.feature.id;
          if (id === options.focus || (options.highlight || []).indexOf(id) >= 0) chosen.addLayer(path);
        });
        if (chosen.getLayers().length) bounds = chosen.getBounds();
      }
      map.fitBounds(bounds, { padding: [8, 8] });

      (options.markers || []).forEach(function (marker) {
        L.circleMarker([marker.lat, marker.lon], {
          radius: 7, color: stats.palette.marker_outline, weight: 2, fillColor: stats.palette.marker, fillOpacity: 1,
          className: "am-marker"
        }).bindTooltip(tooltip([marker.name, marker.place || ""]))
          .on("click", function () { window.location.href = marker.url; })
          .addTo(map);
      });

      if (options.mode === "state") {
        drawLegend(legend, MEASURES[measure].legend(stats));
        var form = options.control ? document.getElementById(options.control) : null;
        if (form) {
          form.hidden = false;
          form.addEventListener("change", function (event) {
            if (!event.target || !MEASURES[event.target.value]) return;
            measure = event.target.value;
            layer.setStyle(function (feature) {
              return styleFor(options, stats, feature.id, measure);
            });
            drawLegend(legend, MEASURES[measure].legend(stats));
            container.setAttribute("data-measure", measure);
          });
        }
        container.setAttribute("data-measure", measure);
      } else if (legend) {
        drawLegend(legend, options.legendEntries || []);
      }
      container.setAttribute("data-state", "ready");
    }).catch(function (error) {
      container.setAttribute("data-state", "failed");
      var note = document.createElement("p");
      note.className = "am-map__error";
      note.textContent = say("failed");
      container.appendChild(note);
      if (window.console) console.warn(error);
    });
  }

  window.AssetMaps = { countyLayer: countyLayer };
})();
