/* Check-in page: read ticket QR codes with the camera (BarcodeDetector API), post the code,
   show the outcome; refresh the search results after each check-in. Works without it: the
   code field and the name search are plain forms. */
(function () {
  "use strict";
  var root = document.querySelector(".checkin");
  if (!root) { return; }
  var outcome = document.getElementById("checkin-outcome");
  var searchForm = document.getElementById("search-form");
  var csrf = document.querySelector("#code-form input[name=csrfmiddlewaretoken]");

  function refreshSearch() {
    var q = document.getElementById("id_q");
    if (window.htmx && searchForm && q && q.value.trim().length >= 2) {
      window.htmx.trigger(searchForm, "submit");
    }
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === outcome) { refreshSearch(); }
  });

  var startWrap = document.getElementById("scanner-start-wrap");
  var unsupported = document.getElementById("scanner-unsupported");
  var scanner = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    unsupported.hidden = false;
    return;
  }
  startWrap.hidden = false;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var stream = null;
  var busy = false;
  var lastCode = "";
  var lastAt = 0;

  function send(code) {
    busy = true;
    var body = new FormData();
    body.append("code", code);
    body.append("csrfmiddlewaretoken", csrf.value);
    fetch(root.dataset.scanUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Checkin-Scan": "1" }
    }).then(function (response) { return response.text(); }).then(function (html) {
      outcome.innerHTML = html;
      // The answer carries the updated counts too: move them to their place.
      var counts = outcome.querySelector("#checkin-counts");
      var current = document.querySelector(".checkin > #checkin-counts");
      if (counts && current) { counts.removeAttribute("hx-swap-oob"); current.replaceWith(counts); }
      if (navigator.vibrate) { navigator.vibrate(120); }
      refreshSearch();
    }).catch(function () {
      outcome.textContent = "Réseau indisponible : réessayez ou cherchez la personne par son nom.";
    }).finally(function () { busy = false; });
  }

  function tick() {
    if (!stream) { return; }
    if (!busy && video.readyState >= 2) {
      detector.detect(video).then(function (codes) {
        if (codes.length) {
          var code = codes[0].rawValue;
          var now = Date.now();
          // The same badge held in front of the camera is sent once every 3 seconds at most.
          if (code !== lastCode || now - lastAt > 3000) {
            lastCode = code; lastAt = now;
            send(code);
          }
        }
      }).catch(function () { /* a frame that cannot be read: try the next one */ });
    }
    window.setTimeout(tick, 250);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    scanner.hidden = true;
    startWrap.hidden = false;
  }

  document.getElementById("scanner-start").addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.play();
      scanner.hidden = false;
      startWrap.hidden = true;
      tick();
    }).catch(function () {
      outcome.textContent = "La caméra n'est pas accessible : autorisez-la ou saisissez le code du billet.";
    });
  });
  document.getElementById("scanner-stop").addEventListener("click", stop);
})();
