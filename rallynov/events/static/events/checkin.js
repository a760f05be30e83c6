/* Check-in page: read ticket QR codes with the camera, post the code, show the outcome; refresh
   the search results after each check-in. Works without it: the code field and the name search
   are plain forms.
   Decoding: the browser's BarcodeDetector where it exists (Chrome on Android), else jsQR shipped
   with the site (events/vendor/jsqr, loaded only then), so that any phone with a camera can scan
   (iOS Safari, Firefox). `window.rallynovCheckin.scanImage(source)` decodes one image (video,
   img, canvas) and sends what it finds: the camera loop calls it, and so do the browser tests. */
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

  var busy = false;
  var lastCode = "";
  var lastAt = 0;

  function send(code) {
    busy = true;
    var body = new FormData();
    body.append("code", code);
    body.append("csrfmiddlewaretoken", csrf.value);
    return fetch(root.dataset.scanUrl, {
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

  // --- Decoders -------------------------------------------------------------------------------
  var decoderPromise = null;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDecoder() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return function (source) {
      return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
    };
  }

  function jsqrDecoder() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function (source) {
      var width = source.videoWidth || source.naturalWidth || source.width;
      var height = source.videoHeight || source.naturalHeight || source.height;
      if (!width || !height) { return Promise.resolve(null); }
      // A phone camera's frame is large: 800 px on the long side is plenty for a badge.
      var scale = Math.min(1, 800 / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    };
  }

  function decoder() {
    if (!decoderPromise) {
      if ("BarcodeDetector" in window) {
        decoderPromise = Promise.resolve(nativeDecoder());
      } else {
        decoderPromise = (window.jsQR ? Promise.resolve() : loadScript(root.dataset.decoderUrl)).then(jsqrDecoder);
      }
    }
    return decoderPromise;
  }

  function scanImage(source) {
    return decoder().then(function (decode) { return decode(source); }).then(function (code) {
      if (!code || busy) { return null; }
      var now = Date.now();
      // The same badge held in front of the camera is sent once every 3 seconds at most.
      if (code === lastCode && now - lastAt <= 3000) { return null; }
      lastCode = code; lastAt = now;
      return send(code).then(function () { return code; });
    }).catch(function () { return null; /* a frame that cannot be read: try the next one */ });
  }
  window.rallynovCheckin = { scanImage: scanImage };

  // --- Camera ---------------------------------------------------------------------------------
  var startWrap = document.getElementById("scanner-start-wrap");
  var unsupported = document.getElementById("scanner-unsupported");
  var scanner = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    unsupported.hidden = false;
    return;
  }
  startWrap.hidden = false;
  var stream = null;

  function tick() {
    if (!stream) { return; }
    var next = function () { window.setTimeout(tick, 250); };
    if (!busy && video.readyState >= 2) {
      scanImage(video).then(next);
    } else {
      next();
    }
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    scanner.hidden = true;
    startWrap.hidden = false;
  }

  document.getElementById("scanner-start").addEventListener("click", function () {
    decoder();  // starts loading the fallback decoder while the camera opens
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
