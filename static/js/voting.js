/* Agreement area: after htmx replaces the status, put the focus back on the new control
   (or the message), since the button that had it no longer exists. No inline script (CSP). */
(function () {
  "use strict";
  if (window.oasisVotingReady) { return; }
  window.oasisVotingReady = true;
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "agreement-status") { return; }
    var focus = target.querySelector("[data-voting-focus]");
    if (focus) { focus.focus(); }
  });
})();
