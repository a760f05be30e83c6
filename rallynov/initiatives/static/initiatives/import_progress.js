// Follows a background import: polls its state every second, moves the progress bar and its
// label, and reloads the page when the import is over (the page then shows the report).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !box.dataset.statusUrl) return;
  var bar = document.getElementById("import-progress-bar");
  var label = document.getElementById("import-progress-label");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 3000); return; }
        label.textContent = state.label;
        if (state.saving) {
          bar.removeAttribute("value"); // indeterminate while the rows are written
        } else {
          bar.value = state.percent;
          bar.textContent = state.percent + " %";
        }
        if (state.status === "done" || state.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
