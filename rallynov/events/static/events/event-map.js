/* The venue's map on an event page. The address and the OpenStreetMap link stay usable when the
   tiles or this script do not load. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element || !window.L) { return; }
  var lat = parseFloat(element.dataset.lat);
  var lng = parseFloat(element.dataset.lng);
  var map = window.L.map(element, { scrollWheelZoom: false }).setView([lat, lng], 15);
  map.attributionControl.setPrefix(false);
  window.L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 }).addTo(map);
  window.L.marker([lat, lng], { title: element.dataset.label, alt: element.dataset.label }).addTo(map);
})();
