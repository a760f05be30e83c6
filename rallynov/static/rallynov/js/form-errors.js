/* Error summary of a form sent back with errors (templates/includes/form_error_summary.html):
   focus moves to the summary when the page loads, so that a keyboard or screen-reader user hears
   it first; each error is a link that puts the focus in its field, with its label in view.
   Framework-free; loaded once even when a page has two forms. */
(function () {
  "use strict";
  if (window.rallynovErrorSummary) {
    return;
  }
  window.rallynovErrorSummary = true;

  function fieldFor(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    return document.getElementById(id);
  }

  function focusField(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = fieldFor(link);
    if (!field) {
      return;
    }
    event.preventDefault();
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    var label = legend || document.querySelector("label[for='" + field.id + "']") || field;
    field.focus({ preventScroll: true });
    // The caret after what was typed, ready to correct it (setSelectionRange fails on e-mail fields).
    if (/^(INPUT|TEXTAREA)$/.test(field.tagName) && !/^(checkbox|radio|file)$/.test(field.type)) {
      var value = field.value;
      field.value = "";
      field.value = value;
    }
    label.scrollIntoView({ block: "start" });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + field.id);
    }
  }

  function start() {
    var summaries = document.querySelectorAll("[data-error-summary]");
    summaries.forEach(function (summary) {
      summary.addEventListener("click", focusField);
    });
    if (summaries.length) {
      summaries[0].focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
