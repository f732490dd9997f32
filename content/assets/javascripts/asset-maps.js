/*
 * Draws the site's county maps on Leaflet maps that folium created.
 *
 * Every map fetches the same two files (county outlines and per-county numbers), which the
 * browser caches. Map text is set with textContent, never innerHTML, because county data is
 * contributed. The table beside each map carries the same information for people who do not
 * use the map.
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

  var NONE = "#e6e8eb";
  var SEQUENTIAL = ["#c6dbef", "#6baed6", "#3182bd", "#08519c"];
  var REGION_COLOURS = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
    "#a6761d", "#1f78b4", "#b2df8a", "#fb9a99", "#6a3d9a"
  ];

  function bin(value, limits) {
    for (var i = 0; i < limits.length; i++) if (value <= limits[i]) return i;
    return limits.length;
  }

  var MEASURES = {
    published: {
      colour: function (c) { return c.published ? "#1b7f79" : NONE; },
      legend: function () {
        return [["#1b7f79", "Has a published asset map"], [NONE, "No map published yet"]];
      }
    },
    assets: {
      colour: function (c) {
        return c.published && c.assets > 0 ? SEQUENTIAL[bin(c.assets, [2, 5, 10])] : NONE;
      },
      legend: function () {
        return [[SEQUENTIAL[0], "1-2 assets"], [SEQUENTIAL[1], "3-5 assets"],
          [SEQUENTIAL[2], "6-10 assets"], [SEQUENTIAL[3], "11 or more assets"],
          [NONE, "No assets or no map"]];
      }
    },
    coverage: {
      colour: function (c) {
        var covered = (c.math > 0) + (c.science > 0) + (c.cs > 0);
        return c.published && covered ? SEQUENTIAL[covered] : NONE;
      },
      legend: function () {
        return [[SEQUENTIAL[1], "1 of the 3 subjects"], [SEQUENTIAL[2], "2 of the 3 subjects"],
          [SEQUENTIAL[3], "All 3: math, science and CS"], [NONE, "No assets or no map"]];
      }
    },
    region: {
      colour: function (c) { return REGION_COLOURS[(c.region - 1) % REGION_COLOURS.length]; },
      legend: function (stats) {
        return Object.keys(stats.regions).map(function (n) {
          return [REGION_COLOURS[(n - 1) % REGION_COLOURS.length], "Region " + n + ": " + stats.regions[n]];
        });
      }
    }
  };

  function summary(county) {
    if (!county.published) return "No map published yet";
    return county.cycle + " map: " + county.assets + (county.assets === 1 ? " asset" : " assets") +
      " (math " + county.math + ", science " + county.science + ", CS " + county.cs + ")";
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

  function styleFor(options, county, fips, measure) {
    var base = { weight: 1, color: "#ffffff", opacity: 1, fillOpacity: 0.85, className: "am-county" };
    if (options.mode === "state") {
      base.fillColor = MEASURES[measure].colour(county);
    } else if (options.focus && fips === options.focus) {
      base.fillColor = "#1b7f79"; base.color = "#0b3d3a"; base.weight = 2;
    } else if (options.highlight && options.highlight.indexOf(fips) >= 0) {
      base.fillColor = "#1b7f79";
    } else if (options.partners && options.partners.indexOf(fips) >= 0) {
      base.fillColor = "#8fd1c8";
    } else {
      base.fillColor = NONE;
    }
    return base;
  }

  function countyLayer(map, options) {
    var container = map.getContainer();
    container.setAttribute("data-state", "loading");
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("County outlines: US Census Bureau");
    Promise.all([fetchJSON(options.outlines), fetchJSON(options.stats)]).then(function (loaded) {
      var outlines = loaded[0], stats = loaded[1];
      var measure = options.measure || "published";
      var legend = options.legend ? document.getElementById(options.legend) : null;
      var layer = L.geoJSON(outlines, {
        style: function (feature) {
          return styleFor(options, stats.counties[feature.id], feature.id, measure);
        },
        onEachFeature: function (feature, path) {
          var county = stats.counties[feature.id];
          var url = options.root + "counties/" + county.slug + "/";
          path.bindTooltip(tooltip([county.name + " County", summary(county)]), { sticky: true });
          path.on("click", function () { window.location.href = url; });
          path.on("mouseover", function () { path.setStyle({ weight: 3, color: "#202124" }); });
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
          radius: 7, color: "#202124", weight: 2, fillColor: "#f2b01e", fillOpacity: 1,
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
              return styleFor(options, stats.counties[feature.id], feature.id, measure);
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
      note.textContent = "The map could not be loaded; the table below has the same information.";
      container.appendChild(note);
      if (window.console) console.warn(error);
    });
  }

  window.AssetMaps = { countyLayer: countyLayer };
})();
