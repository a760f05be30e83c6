/* The catalogue's map: the same filtered set as the list, kept in step with it.
 *
 * - markers (clustered) come from carte.geojson with the page's own query string;
 * - a department layer shows the count of each department, a click toggles its filter;
 * - a marker opens the initiative's card; "Voir sur la carte" in the list opens it too;
 * - "Rechercher dans cette zone" filters the list by the visible area (bbox);
 * - when the list changes (HTMX), the map reloads; when tiles fail, a message says so and the
 *   map still shows departments and markers.
 * Without JavaScript the page works as a plain form and list.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var element = document.getElementById("catalogue-map");
    var form = document.getElementById("catalogue-form");
    if (!element || !form || typeof L === "undefined") return;
    var message = document.getElementById("map-message");
    var areaButton = document.getElementById("map-area");
    var bboxInput = document.getElementById("bbox");

    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: true }).setView([47.1, 5.0], 7);
    var tiles = L.tileLayer(element.dataset.tilesUrl, { attribution: element.dataset.attribution, maxZoom: 18 });
    var tileErrors = 0;
    tiles.on("tileerror", function () {
      tileErrors += 1;
      if (tileErrors === 1 && message) {
        message.textContent = element.dataset.tilesError;
      }
    });
    tiles.addTo(map);

    var departments = L.geoJSON(null, {
      style: function (feature) {
        var count = feature.properties.count;
        var opacity = count === 0 ? 0.05 : Math.min(0.55, 0.15 + count / 200);
        return { color: "#003a48", weight: 1.5, fillColor: "#00566b", fillOpacity: opacity };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(p.name + " : " + p.count + (p.count > 1 ? " initiatives" : " initiative"), { sticky: true });
        layer.on("click", function () {
          var box = document.getElementById("f-department-" + p.code);
          if (box) {
            box.checked = !box.checked;
            box.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      },
    }).addTo(map);

    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    map.addLayer(clusters);
    var markers = {};
    var firstLoad = true;

    function query() {
      var search = window.location.search;
      return search && search.length > 1 ? search : "";
    }

    function openCard(id, marker) {
      var url = element.dataset.cardUrl.replace(/0\/$/, id + "/");
      fetch(url, { headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (!html) return;
          marker.bindPopup(html, { maxWidth: 320 }).openPopup();
        });
    }

    function loadMarkers() {
      fetch(element.dataset.geojsonUrl + query(), { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          clusters.clearLayers();
          markers = {};
          var layers = [];
          data.features.forEach(function (feature) {
            var c = feature.geometry.coordinates;
            var marker = L.marker([c[1], c[0]], { title: feature.properties.name, alt: feature.properties.name });
            marker.on("click", function () { openCard(feature.properties.id, marker); });
            markers[feature.properties.id] = marker;
            layers.push(marker);
          });
          clusters.addLayers(layers);
          element.dataset.count = String(data.features.length);
          if (firstLoad && layers.length && !bboxInput.value) {
            map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 11 });
          }
          firstLoad = false;
          element.dispatchEvent(new CustomEvent("catalogue:map-loaded", { bubbles: true }));
        });
      fetch(element.dataset.departmentsUrl + query())
        .then(function (response) { return response.json(); })
        .then(function (data) {
          departments.clearLayers();
          departments.addData(data);
          departments.bringToBack();
        });
    }

    function bindList() {
      document.querySelectorAll(".show-on-map").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var marker = markers[button.dataset.id];
          if (!marker) return;
          if (fold && !fold.open) fold.open = true;
          element.scrollIntoView({ behavior: "smooth", block: "center" });
          clusters.zoomToShowLayer(marker, function () { openCard(button.dataset.id, marker); });
        });
      });
    }

    if (areaButton) {
      areaButton.hidden = false;
      areaButton.addEventListener("click", function () {
        var b = map.getBounds();
        bboxInput.disabled = false;
        bboxInput.value = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (n) { return n.toFixed(5); }).join(",");
        if (window.htmx) window.htmx.trigger(form, "submit");
        else form.submit();
      });
    }

    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "catalogue-results") {
        loadMarkers();
        bindList();
      }
    });
    window.addEventListener("popstate", function () { loadMarkers(); });

    // The map sits in a « Carte » panel that a phone folds: Leaflet measures it again when opened.
    var fold = element.closest("details");
    if (fold) {
      fold.addEventListener("toggle", function () {
        if (!fold.open) return;
        map.invalidateSize();
        if (clusters.getLayers().length && !bboxInput.value) {
          map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 11 });
        }
      });
    }

    loadMarkers();
    bindList();
  });
})();
