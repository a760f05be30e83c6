/* rallynov — the site's folds.
   A <details data-fold-below="48rem"> is sent open, so its content is reachable without
   JavaScript; here it is closed on a screen narrower than that width and opened again on a wider
   one (the visitor's own toggles are kept until the width class changes). A link to something
   inside a closed fold (« Voir la carte » → #carte) opens it first. */
(function () {
  "use strict";
  var folds = document.querySelectorAll("details[data-fold-below]");
  Array.prototype.forEach.call(folds, function (fold) {
    var query = window.matchMedia("(max-width: " + fold.getAttribute("data-fold-below") + ")");
    var apply = function () {
      fold.open = !query.matches;
    };
    apply();
    if (query.addEventListener) {
      query.addEventListener("change", apply);
    }
  });

  function openTarget(hash) {
    if (!hash || hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) openTarget(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () { openTarget(window.location.hash); });
  openTarget(window.location.hash);
})();
