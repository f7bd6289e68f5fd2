// Submit form: one step at a time on small screens, with a preview of the text.
// Without JavaScript every step is visible and the form still works.
(function () {
  "use strict";
  var form = document.querySelector("form[data-steps]");
  if (!form) {
    return;
  }
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var nav = form.querySelector("[data-step-nav]");
  var back = form.querySelector("[data-step-back]");
  var next = form.querySelector("[data-step-next]");
  var status = form.querySelector("[data-step-status]");
  var preview = form.querySelector("[data-preview]");
  var current = 0;
  var format = form.getAttribute("data-step-format") || "%(current)s / %(total)s";
  if (steps.length < 2 || !nav) {
    return;
  }

  function firstInvalidStep() {
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].querySelector(".errorlist, [aria-invalid=true]")) {
        return i;
      }
    }
    return 0;
  }

  function fillPreview() {
    if (!preview) {
      return;
    }
    preview.querySelectorAll("[data-preview-field]").forEach(function (node) {
      var field = form.elements[node.getAttribute("data-preview-field")];
      node.textContent = field ? field.value : "";
    });
    preview.hidden = false;
  }

  function show(index) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) {
      if (i === current) {
        step.removeAttribute("data-inactive");
      } else {
        step.setAttribute("data-inactive", "");
      }
    });
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    if (status) {
      status.hidden = false;
      status.textContent = format
        .replace("%(current)s", String(current + 1))
        .replace("%(total)s", String(steps.length));
    }
    if (steps[current].hasAttribute("data-preview-step")) {
      fillPreview();
    }
  }

  function stepIsValid() {
    var fields = steps[current].querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].checkValidity()) {
        fields[i].reportValidity();
        return false;
      }
    }
    return true;
  }

  form.classList.add("js-steps");
  nav.hidden = false;
  back.addEventListener("click", function () {
    show(current - 1);
    steps[current].querySelector("legend").scrollIntoView();
  });
  next.addEventListener("click", function () {
    if (!stepIsValid()) {
      return;
    }
    show(current + 1);
    var focusable = steps[current].querySelector("input, select, textarea, button");
    if (focusable) {
      focusable.focus();
    }
  });
  show(firstInvalidStep());
})();
