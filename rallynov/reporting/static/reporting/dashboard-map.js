// The dashboard's map of the year's initiatives. Data from the JSON block beside it; the page lists
// the same initiatives under the map, so it stays usable when tiles or this script do not load.
(function () {
  "use strict";
  var element = document.getElementById("dashboard-map");
  var data = document.getElementById("dashboard-map-points");
  if (!element || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tilesUrl, { attribution: element.dataset.tilesAttribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = L.circleMarker([point.lat, point.lon], { radius: 7, color: "#003a48", fillColor: "#a8380a", fillOpacity: 0.85, weight: 2 });
    var popup = document.createElement("div");
    var title = document.createElement(point.url ? "a" : "strong");
    title.textContent = point.title;
    if (point.url) { title.href = point.url; }
    popup.appendChild(title);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(point.commune));
    marker.bindPopup(popup).addTo(map);
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 }); }
  fetch(element.dataset.departmentsUrl).then(function (response) { return response.ok ? response.json() : null; }).then(function (geojson) {
    if (geojson) { L.geoJSON(geojson, { style: { color: "#00566b", weight: 1, fill: false }, interactive: false }).addTo(map); }
  }).catch(function () { /* outlines are a nicety: the markers stay */ });
})();
