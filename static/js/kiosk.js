/* Oasis kiosk touch UI: idle reset, heartbeat and remote config, offline banner,
   accessibility modes, audio guidance, usage counts. No inline script (CSP). */
(function () {
  "use strict";

  var body = document.body;
  var root = document.documentElement;
  var data = body.dataset;
  var PREFS = ["contrast", "large", "audio"];
  var HEARTBEAT_MS = 60000;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');

  var state = {
    online: true,
    idleSeconds: parseInt(data.idleTimeout, 10) || 60,
    warningSeconds: parseInt(data.idleWarning, 10) || 20,
    configVersion: parseInt(data.configVersion, 10) || 0,
    lastError: "",
    startedAt: Date.now(),
  };

  function storageGet(key) {
    try { return window.sessionStorage.getItem("kiosk." + key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.sessionStorage.setItem("kiosk." + key, value); } catch (e) { /* private mode */ }
  }

  /* --- API ------------------------------------------------------------------------ */
  function api(method, url, payload, options) {
    var headers = {
      "Accept": "application/json",
      "Accept-Language": root.lang || "ko",
      "X-CSRFToken": csrfMeta ? csrfMeta.content : "",
    };
    var init = {
      method: method,
      headers: headers,
      credentials: "same-origin",
      keepalive: Boolean(options && options.keepalive),
    };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    return fetch(url, init).then(function (response) {
      if (response.status === 401) {
        // The credential was revoked: this device may show nothing any more.
        window.location.replace(data.enrollUrl);
        throw new Error("revoked");
      }
      if (response.status >= 502) {
        serverDown();
      }
      return response.text().then(function (text) {
        var json = {};
        try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
        return { ok: response.ok, status: response.status, data: json,
                 retryAfter: response.headers.get("Retry-After") };
      });
    }, function (error) {
      serverDown();
      throw error;
    });
  }

  /* --- Offline banner: agreeing needs a live server, nothing is queued ------------- */
  // Bumped each time the kiosk goes offline: an answer to a request sent before that
  // (a heartbeat already in flight) must not switch the kiosk back online.
  var offlineEpoch = 0;
  function stillOnlineSince(epoch) {
    return epoch === offlineEpoch && navigator.onLine !== false;
  }

  function setOnline(online) {
    if (!online) { offlineEpoch += 1; }
    state.online = online;
    var banner = document.getElementById("k-offline");
    if (banner) { banner.hidden = online; }
    document.querySelectorAll("[data-needs-online]").forEach(function (el) {
      if (online) {
        el.removeAttribute("aria-disabled");
        if (el.tagName === "BUTTON") { el.disabled = false; }
      } else {
        el.setAttribute("aria-disabled", "true");
        if (el.tagName === "BUTTON") { el.disabled = true; }
      }
    });
    body.classList.toggle("k-is-offline", !online);
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest('[data-needs-online][aria-disabled="true"]');
    if (target) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  window.addEventListener("offline", function () { serverDown(); });
  window.addEventListener("online", function () { heartbeat(); });

  /* --- Server reachability: never leave for a page the server cannot send ---------- */
  var RECHECK_MS = 5000;
  var PING_TIMEOUT_MS = 4000;
  var recheckTimer = null;
  var resetPending = false;

  function reachable() {
    var epoch = offlineEpoch;
    var controller = "AbortController" in window ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) { controller.abort(); } }, PING_TIMEOUT_MS);
    return fetch(data.healthUrl, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      window.clearTimeout(timer);
      return response.ok && stillOnlineSince(epoch);
    }, function () {
      window.clearTimeout(timer);
      return false;
    });
  }

  function recheck() {
    reachable().then(function (ok) {
      if (!ok) { return; }
      window.clearInterval(recheckTimer);
      recheckTimer = null;
      setOnline(true);
      if (resetPending) { resetEverything(); }
    });
  }

  function serverDown() {
    // Stay on this screen (the idle timer keeps running); look again every few seconds.
    setOnline(false);
    if (recheckTimer === null) { recheckTimer = window.setInterval(recheck, RECHECK_MS); }
  }

  function whenReachable(go) {
    reachable().then(function (ok) {
      if (ok) {
        setOnline(true);
        go();
      } else {
        serverDown();
      }
    });
  }

  function sameOrigin(url) {
    try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; }
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) { return; }
    var href = link.href;
    if (!sameOrigin(href)) { return; }
    var here = window.location.href.split("#")[0];
    if (href.split("#")[0] === here && href.indexOf("#") !== -1) { return; }  // in-page anchor
    event.preventDefault();
    whenReachable(function () { window.location.assign(href); });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || !sameOrigin(form.action)) { return; }
    if (form.dataset.kioskChecked) {
      delete form.dataset.kioskChecked;  // checked a moment ago: let it go
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    whenReachable(function () {
      form.dataset.kioskChecked = "1";
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter);
      } else {
        form.submit();
      }
    });
  });

  /* --- Heartbeat and remote config ------------------------------------------------- */
  function applyConfig(config) {
    if (!config) { return; }
    state.idleSeconds = config.idle_timeout_seconds || state.idleSeconds;
    state.warningSeconds = config.idle_warning_seconds || state.warningSeconds;
    if (config.version !== state.configVersion && data.screen === "attract") {
      // A new configuration (features, message): reload while nobody is using the kiosk.
      window.location.reload();
    }
  }

  function heartbeat() {
    var epoch = offlineEpoch;
    storageSet("lastBeat", String(Date.now()));
    return api("POST", data.heartbeatUrl, {
      version: data.appVersion || "",
      uptime: Math.round((Date.now() - state.startedAt) / 1000),
      last_error: state.lastError.slice(0, 500),
      config_version: state.configVersion,
    }).then(function (result) {
      if (result.ok) {
        if (stillOnlineSince(epoch)) { setOnline(true); }
        applyConfig(result.data.config);
      } else if (result.status >= 500) {
        serverDown();
      }
    }, function () { serverDown(); });
  }
  window.addEventListener("error", function (event) {
    state.lastError = String(event.message || "error");
  });

  /* --- Usage counts (nothing about the person) ------------------------------------- */
  function countEvent(name) {
    var payload = {};
    payload[name] = 1;
    api("POST", data.eventsUrl, payload, { keepalive: true }).catch(function () {});
  }

  /* --- Accessibility modes and audio guidance -------------------------------------- */
  function voice() {
    if (!("speechSynthesis" in window) || data.audio !== "on") { return null; }
    var voices = window.speechSynthesis.getVoices();
    if (!voices.length) { return null; }
    var lang = (root.lang || "ko").slice(0, 2);
    return voices.find(function (v) { return v.lang && v.lang.slice(0, 2) === lang; }) || voices[0];
  }

  function speak(text) {
    if (storageGet("audio") !== "on") { return; }
    var chosen = voice();
    if (!chosen || !text) { return; }
    window.speechSynthesis.cancel();
    var utterance = new window.SpeechSynthesisUtterance(text);
    // Read in the screen's language; a voice of another language would mangle the text.
    var lang = root.lang || "ko";
    utterance.lang = lang;
    if (chosen.lang && chosen.lang.slice(0, 2) === lang.slice(0, 2)) { utterance.voice = chosen; }
    window.speechSynthesis.speak(utterance);
  }

  function screenText() {
    var parts = [];
    document.querySelectorAll("[data-speak]").forEach(function (el) {
      if (!el.hidden) { parts.push(el.innerText); }
    });
    return parts.join(". ");
  }

  function readScreen() {
    speak(screenText());
  }

  function showAudioToggle() {
    var available = Boolean(voice());
    document.querySelectorAll("[data-audio-only]").forEach(function (el) { el.hidden = !available; });
  }

  function applyPrefs() {
    PREFS.forEach(function (name) {
      var on = storageGet(name) === "on";
      root.classList.toggle("k-" + name, on);
      document.querySelectorAll('[data-toggle="' + name + '"]').forEach(function (button) {
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-toggle]");
    if (!toggle) { return; }
    var name = toggle.getAttribute("data-toggle");
    storageSet(name, storageGet(name) === "on" ? "off" : "on");
    applyPrefs();
    if (name === "audio" && storageGet("audio") === "on") {
      // The hint, then the screen the person is on (one utterance: speak() cancels).
      var hint = document.getElementById("k-say-audio-on");
      speak([hint ? hint.textContent : "", screenText()].join(" ").trim());
    }
  });

  // With audio on, every control says what it does when touched or focused.
  document.addEventListener("focusin", function (event) {
    var control = event.target.closest && event.target.closest("a, button, output");
    if (control) {
      speak(control.getAttribute("aria-label") || control.innerText);
    }
  });

  /* --- Idle reset ------------------------------------------------------------------ */
  var idleTimer = null;
  var countdownTimer = null;
  var dialog = document.getElementById("k-idle");

  function dirty() {
    // Something a person changed: a mode, stored data, or a cookie such as the language.
    if (PREFS.some(function (name) { return storageGet(name) === "on"; })) { return true; }
    try { if (window.localStorage.length) { return true; } } catch (e) { /* ignore */ }
    return /(?:^|;\s*)(?!csrftoken=)[^=;\s]+=/.test(document.cookie);
  }

  function clearCookies() {
    document.cookie.split(";").forEach(function (cookie) {
      var name = cookie.split("=")[0].trim();
      if (name) {
        document.cookie = name + "=; Max-Age=0; path=/; SameSite=Strict";
      }
    });
  }

  function resetEverything() {
    window.clearTimeout(idleTimer);
    window.clearInterval(countdownTimer);
    if ("speechSynthesis" in window) { window.speechSynthesis.cancel(); }
    document.dispatchEvent(new CustomEvent("kiosk:reset"));
    document.querySelectorAll("input:not([type=hidden]), textarea").forEach(function (el) { el.value = ""; });
    document.querySelectorAll("output").forEach(function (el) { el.textContent = ""; });
    try { window.sessionStorage.clear(); } catch (e) { /* ignore */ }
    try { window.localStorage.clear(); } catch (e) { /* ignore */ }
    var go = function () {
      // The server has deleted every cookie but the HttpOnly device credential.
      resetPending = false;
      clearCookies();
      window.location.replace(data.attractUrl);
    };
    var wait = function () {
      // Server down: the page is already cleared; start over as soon as it answers.
      resetPending = true;
      clearCookies();
      serverDown();
      restartIdle();
    };
    fetch(data.resetUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfMeta ? csrfMeta.content : "", "X-Kiosk-Reset": "fetch" },
    }).then(function (response) {
      if (response.ok || response.status === 401 || response.status === 403) { go(); } else { wait(); }
    }, wait);
  }

  function closeWarning() {
    window.clearInterval(countdownTimer);
    if (dialog && dialog.open) { dialog.close(); }
  }

  function showWarning() {
    if (!dialog || typeof dialog.showModal !== "function") {
      resetEverything();
      return;
    }
    var left = state.warningSeconds;
    var count = document.getElementById("k-idle-count");
    if (count) { count.textContent = String(left); }
    dialog.showModal();
    var say = document.getElementById("k-say-idle");
    speak(say ? say.textContent : "");
    countdownTimer = window.setInterval(function () {
      left -= 1;
      if (count) { count.textContent = String(Math.max(left, 0)); }
      if (left <= 0) {
        closeWarning();
        resetEverything();
      }
    }, 1000);
  }

  function restartIdle() {
    window.clearTimeout(idleTimer);
    if (dialog && dialog.open) { return; }
    idleTimer = window.setTimeout(function () {
      // The attract screen has nothing to forget unless someone changed something.
      if (data.screen === "attract" && !dirty()) {
        restartIdle();
        return;
      }
      showWarning();
    }, state.idleSeconds * 1000);
  }

  ["pointerdown", "keydown", "touchstart", "wheel"].forEach(function (name) {
    document.addEventListener(name, restartIdle, { passive: true, capture: true });
  });
  if (dialog) {
    dialog.querySelector("[data-idle-more]").addEventListener("click", function () {
      closeWarning();
      restartIdle();
    });
    dialog.addEventListener("cancel", function (event) {
      // Escape counts as "more time", never as dismissing the warning silently.
      event.preventDefault();
      closeWarning();
      restartIdle();
    });
  }
  document.querySelectorAll("[data-reset-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      resetEverything();
    });
  });

  /* --- Start ----------------------------------------------------------------------- */
  window.Kiosk = { api: api, speak: speak, setOnline: setOnline, state: state, countEvent: countEvent };

  applyPrefs();
  showAudioToggle();
  if ("speechSynthesis" in window) {
    window.speechSynthesis.addEventListener("voiceschanged", showAudioToggle);
  }
  document.querySelectorAll("[data-start-session]").forEach(function (link) {
    link.addEventListener("click", function () { countEvent("touch_sessions"); });
  });
  if (data.screen === "detail") { countEvent("proposals_viewed"); }
  // Every 60 s across page loads: the first beat of a page waits for the rest of the
  // minute that the previous page started.
  var sinceLastBeat = Date.now() - (parseInt(storageGet("lastBeat"), 10) || 0);
  window.setTimeout(function () {
    heartbeat();
    window.setInterval(heartbeat, HEARTBEAT_MS);
  }, Math.max(0, Math.min(HEARTBEAT_MS, HEARTBEAT_MS - sinceLastBeat)));
  if (!navigator.onLine) { setOnline(false); }
  restartIdle();
  window.setTimeout(readScreen, 300);
})();
