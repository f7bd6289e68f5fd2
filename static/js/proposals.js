// Proposal page: copy the share link. Without JavaScript the link stays selectable.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.querySelector(button.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
