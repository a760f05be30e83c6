// Live countdown to the call's deadline. The server's figure (in the HTML) stays the reference:
// without JavaScript the page shows it as of loading; the deadline is enforced server-side.
(function () {
  var el = document.querySelector("[data-countdown-seconds]");
  if (!el) return;
  var end = Date.now() + parseInt(el.getAttribute("data-countdown-seconds"), 10) * 1000;
  var out = el.querySelector(".awards-countdown-value");
  // The page's language (French at the root, English under /en/): the same words as the server's.
  var en = document.documentElement.lang === "en";
  var words = en
    ? { day: "day", hour: "hour", minute: "minute", and: " and ", closed: "the call is closed" }
    : { day: "jour", hour: "heure", minute: "minute", and: " et ", closed: "l'appel est clos" };
  function plural(n, word) { return n + " " + word + ((en ? n !== 1 : n > 1) ? "s" : ""); }
  function tick() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    var d = Math.floor(left / 86400), h = Math.floor((left % 86400) / 3600), m = Math.floor((left % 3600) / 60);
    out.textContent = left === 0 ? words.closed : plural(d, words.day) + ", " + plural(h, words.hour) + words.and + plural(m, words.minute);
    if (left > 0) setTimeout(tick, 30000);
  }
  tick();
})();
