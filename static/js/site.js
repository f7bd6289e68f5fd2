// The phone menu: below 48rem the navigation folds behind one button. Without
// JavaScript the button stays hidden and the navigation shows in full.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  if (!header) return;
  var toggle = header.querySelector("[data-menu-toggle]");
  var menu = header.querySelector("[data-site-menu]");
  if (!toggle || !menu) return;
  header.classList.add("js-menu");
  toggle.hidden = false;
  function set(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }
  toggle.addEventListener("click", function () {
    set(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      set(false);
      toggle.focus();
    }
  });
})();
