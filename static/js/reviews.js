/* Scoring page: a live count of scored criteria and a confirmation before the final
   submission. The page works without it. No inline script (CSP). */
(function () {
  "use strict";
  function setup(form) {
    var counter = form.querySelector("[data-score-count]");
    var groups = form.querySelectorAll("fieldset.criterion");
    function update() {
      if (!counter) { return; }
      var done = 0;
      groups.forEach(function (group) {
        if (group.querySelector("input[type=radio]:checked")) { done += 1; }
      });
      counter.textContent = (counter.getAttribute("data-template") || "")
        .replace("%(done)s", String(done))
        .replace("%(total)s", String(groups.length));
    }
    form.addEventListener("change", update);
    update();
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var question = submitter && submitter.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); }
    });
  }
  function init() {
    document.querySelectorAll("[data-review-form]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
