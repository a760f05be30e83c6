// Conditional questions on the same page: show a question only when the earlier answer matches.
// Without JavaScript every question stays visible with its condition written out.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-show-if]");
  if (!dependents.length) return;

  function valuesOf(code) {
    var values = [];
    form.querySelectorAll('[name="' + code + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "") values.push(input.value);
    });
    return values;
  }

  function update() {
    dependents.forEach(function (block) {
      var shown = valuesOf(block.dataset.showIf).indexOf(block.dataset.showValue) !== -1;
      block.classList.toggle("is-conditional-hidden", !shown);
      block.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !shown; });
    });
  }

  form.addEventListener("change", update);
  update();
})();
