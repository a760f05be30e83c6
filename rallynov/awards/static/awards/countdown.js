// Live countdown to the call's deadline. The server's figure (in the HTML) stays the reference:
// without JavaScript the page shows it as of loading; the deadline is enforced server-side.
(function () {
  var el = document.querySelector("[data-countdown-seconds]");
  if (!el) return;
  var end = Date.now() + parseInt(el.getAttribute("data-countdown-seconds"), 10) * 1000;
  var out = el.querySelector(".awards-countdown-value");
  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }
  function tick() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    var d = Math.floor(left / 86400), h = Math.floor((left % 86400) / 3600), m = Math.floor((left % 3600) / 60);
    out.textContent = left === 0 ? "l'appel est clos" : plural(d, "jour") + ", " + plural(h, "heure") + " et " + plural(m, "minute");
    if (left > 0) setTimeout(tick, 30000);
  }
  tick();
})();
