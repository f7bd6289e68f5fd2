/* Oasis kiosk: agree with an SMS code (on-screen keypad) or hand the action to a phone
   through a QR code, polling for the outcome. Needs kiosk.js (window.Kiosk). */
(function () {
  "use strict";

  var Kiosk = window.Kiosk;
  if (!Kiosk) { return; }

  function message(scope, name, values) {
    var el = scope.querySelector('[data-msg="' + name + '"]');
    var text = el ? el.textContent : "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("%(" + key + ")s", String(values[key]));
    });
    return text;
  }

  function retryText(result, fallback) {
    return (result.data && result.data.detail) || fallback;
  }

  /* --- Agree with an SMS code ------------------------------------------------------ */
  function smsFlow(section) {
    var proposal = parseInt(section.dataset.proposal, 10);
    var step = "phone";
    var digits = "";
    var challenge = null;
    var busy = false;
    var phoneDisplay = section.querySelector("[data-phone-display]");
    var codeDisplay = section.querySelector("[data-code-display]");
    var errorBox = section.querySelector("[data-error]");
    var sendButton = document.querySelector('[data-action="send"]');
    var verifyButton = document.querySelector('[data-action="verify"]');
    var restartButton = document.querySelector('[data-action="restart"]');
    var keypad = section.querySelector("[data-step-keypad]");

    function formatPhone(value) {
      if (value.length <= 3) { return value; }
      if (value.length <= 7) { return value.slice(0, 3) + "-" + value.slice(3); }
      var middle = value.length === 11 ? 4 : 3;
      return value.slice(0, 3) + "-" + value.slice(3, 3 + middle) + "-" + value.slice(3 + middle);
    }

    function render() {
      section.querySelectorAll("[data-step]").forEach(function (el) {
        el.hidden = el.getAttribute("data-step") !== step;
      });
      keypad.hidden = step === "done";
      sendButton.hidden = step !== "phone";
      verifyButton.hidden = step !== "code";
      restartButton.hidden = step !== "code";
      // Only the active step shows digits; the number never stays in the page.
      var phoneDigits = step === "phone" ? digits : "";
      var codeDigits = step === "code" ? digits : "";
      phoneDisplay.textContent = phoneDigits ? formatPhone(phoneDigits) : phoneDisplay.dataset.placeholder;
      phoneDisplay.classList.toggle("k-placeholder", !phoneDigits);
      codeDisplay.textContent = codeDigits || codeDisplay.dataset.placeholder;
      codeDisplay.classList.toggle("k-placeholder", !codeDigits);
    }

    function showError(text) {
      errorBox.textContent = text || "";
    }

    function reset() {
      step = "phone";
      digits = "";
      challenge = null;
      busy = false;
      showError("");
      var masked = section.querySelector("[data-masked-phone]");
      if (masked) { masked.textContent = ""; }
      render();
    }

    keypad.addEventListener("click", function (event) {
      var key = event.target.closest("[data-key]");
      if (!key) { return; }
      var value = key.getAttribute("data-key");
      var max = step === "phone" ? 11 : 6;
      if (value === "back") {
        digits = digits.slice(0, -1);
      } else if (value === "clear") {
        digits = "";
      } else if (digits.length < max) {
        digits += value;
      }
      showError("");
      render();
    });

    sendButton.addEventListener("click", function () {
      if (busy) { return; }
      if (!/^01\d{9}$/.test(digits)) {
        showError(message(section, "phone_incomplete"));
        return;
      }
      busy = true;
      Kiosk.api("POST", section.dataset.sendUrl, { phone: digits, proposal: proposal })
        .then(function (result) {
          busy = false;
          if (!result.ok) {
            showError(retryText(result, message(section, "offline")));
            return;
          }
          // From here on the number is gone from this screen: only its masked form shows.
          digits = "";
          challenge = result.data.challenge;
          section.querySelector("[data-masked-phone]").textContent = result.data.masked_phone;
          step = "code";
          render();
        }, function () {
          busy = false;
          showError(message(section, "offline"));
        });
    });

    verifyButton.addEventListener("click", function () {
      if (busy) { return; }
      if (!/^\d{6}$/.test(digits)) {
        showError(message(section, "code_incomplete"));
        return;
      }
      busy = true;
      Kiosk.api("POST", section.dataset.verifyUrl, { challenge: challenge, code: digits })
        .then(function (result) {
          busy = false;
          digits = "";
          if (!result.ok) {
            showError(retryText(result, message(section, "offline")));
            render();
            return;
          }
          step = "done";
          var count = section.querySelector("[data-done-count]");
          count.textContent = result.data.created
            ? message(section, "count", { count: result.data.vote_count })
            : message(section, "already") + " " + message(section, "count", { count: result.data.vote_count });
          render();
          var title = section.querySelector("[data-done-title]");
          title.focus();
          Kiosk.speak(title.textContent + " " + count.textContent);
        }, function () {
          busy = false;
          showError(message(section, "offline"));
        });
    });

    restartButton.addEventListener("click", reset);
    document.addEventListener("kiosk:reset", reset);
    render();
  }

  /* --- Hand-off to a phone (QR) ---------------------------------------------------- */
  function handoffFlow(section) {
    var qrBox = section.querySelector("[data-qr]");
    var statusBox = section.querySelector("[data-status]");
    var errorBox = section.querySelector("[data-error]");
    var renewButton = document.querySelector('[data-action="renew"]');
    var pollTimer = null;
    var tickTimer = null;
    var handoff = null;
    var lastStatus = "";

    function stop() {
      window.clearInterval(pollTimer);
      window.clearInterval(tickTimer);
    }

    function say(text) {
      statusBox.textContent = text;
    }

    function finish(result) {
      stop();
      qrBox.hidden = true;
      renewButton.hidden = result.status !== "expired";
      if (result.status === "expired") {
        say(message(section, "expired"));
      } else {
        say(message(section, result.outcome || "agreed", { count: result.vote_count }));
      }
      Kiosk.speak(statusBox.textContent);
    }

    function show(result) {
      if (result.status === "completed" || result.status === "expired") {
        finish(result);
        return;
      }
      if (result.status === "opened" && lastStatus !== "opened") {
        qrBox.hidden = true;
        window.clearInterval(tickTimer);
        say(message(section, "opened"));
        Kiosk.speak(statusBox.textContent);
      }
      lastStatus = result.status;
    }

    function poll() {
      Kiosk.api("GET", section.dataset.pollUrl + handoff.id + "/").then(function (result) {
        if (result.ok) { show(result.data); }
      }, function () { say(message(section, "offline")); });
    }

    function tick() {
      var left = Math.max(0, Math.round((new Date(handoff.open_by) - Date.now()) / 1000));
      if (lastStatus === "pending") {
        say(message(section, "pending", { seconds: left }));
      }
    }

    function create() {
      stop();
      errorBox.textContent = "";
      renewButton.hidden = true;
      lastStatus = "";
      var payload = { action: section.dataset.action };
      if (section.dataset.proposal) { payload.proposal = parseInt(section.dataset.proposal, 10); }
      Kiosk.api("POST", section.dataset.createUrl, payload).then(function (result) {
        if (!result.ok) {
          qrBox.hidden = true;
          errorBox.textContent = retryText(result, message(section, "offline"));
          renewButton.hidden = false;
          return;
        }
        handoff = result.data;
        lastStatus = handoff.status;
        var img = document.createElement("img");
        img.src = handoff.qr_data_uri;
        img.alt = message(section, "qr_alt");
        img.width = 520;
        img.height = 520;
        qrBox.replaceChildren(img);
        qrBox.hidden = false;
        tick();
        tickTimer = window.setInterval(tick, 1000);
        pollTimer = window.setInterval(poll, 2000);
      }, function () {
        errorBox.textContent = message(section, "offline");
        renewButton.hidden = false;
      });
    }

    renewButton.addEventListener("click", create);
    document.addEventListener("kiosk:reset", function () {
      stop();
      qrBox.replaceChildren();
    });
    create();
  }

  document.querySelectorAll("[data-sms-flow]").forEach(smsFlow);
  document.querySelectorAll("[data-handoff-flow]").forEach(handoffFlow);
})();
