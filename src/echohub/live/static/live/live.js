/* The live console and page: one event stream per page (server-sent events; a short poll
   where EventSource is missing), each event re-dispatched on <body> as "live-<group>" so the
   htmx parts listening for it re-read themselves; the current item's timer ticks here. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-events]");
  if (!root) { return; }
  var status = document.querySelector("[data-live-status]");
  var last = parseInt(root.getAttribute("data-last-event") || "0", 10) || 0;

  function say(label) {
    if (status) { status.textContent = root.getAttribute(label) || ""; }
  }

  function dispatch(ev) {
    if (typeof ev.id === "number" && ev.id <= last) { return; }
    if (typeof ev.id === "number") { last = ev.id; }
    root.setAttribute("data-last-seen", String(last));
    var group = ev.group || "agenda";
    if (group === "questions" && root.hasAttribute("data-live-own-questions")) {
      // A participant's page re-reads its questions only for its own (300 pages must not
      // all re-read on every question another spoke asks).
      if (typeof ev.question !== "number" ||
          !document.querySelector('[data-my-question="' + ev.question + '"]')) { return; }
    }
    document.body.dispatchEvent(new CustomEvent("live-" + group, { detail: ev }));
    if (group === "agenda") {
      document.body.dispatchEvent(new CustomEvent("live-roster", { detail: ev }));
    }
    if (ev.kind === "ended") {  // the console's question queue: "Send" opens now
      document.body.dispatchEvent(new CustomEvent("live-ended", { detail: ev }));
    }
  }

  function poll() {
    var url = root.getAttribute("data-live-poll") + "?after=" + last;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { events: [] }; })
      .then(function (data) { say("data-label-live"); data.events.forEach(dispatch); })
      .catch(function () { say("data-label-lost"); })
      .then(function () { window.setTimeout(poll, 1000); });
  }

  var source = null;

  function listen() {
    var url = root.getAttribute("data-live-events") + "?after=" + last;
    if (source) { source.close(); }
    source = new EventSource(url, { withCredentials: true });
    source.onopen = function () { say("data-label-live"); };
    source.onmessage = function (e) {
      try { dispatch(JSON.parse(e.data)); } catch (err) { /* a malformed frame is skipped */ }
    };
    source.onerror = function () {
      say("data-label-lost");
      if (this.readyState === EventSource.CLOSED && this === source) {
        window.setTimeout(listen, 2000);  // the browser gave up: start again from `last`
      }
    };
  }

  // One read of what was missed (the short poll's answer), without waiting for the stream;
  // tried again a few times if the network is not quite back or the server is busy (a 5xx).
  function catchUp(tries) {
    var left = typeof tries === "number" ? tries : 5;
    var url = root.getAttribute("data-live-poll") + "?after=" + last;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (data) { data.events.forEach(dispatch); })
      .catch(function () {
        if (left > 1) { window.setTimeout(function () { catchUp(left - 1); }, 2000); }
      });
  }

  // A pane's re-read that failed (the network dropped: htmx:sendError; the server answered
  // 5xx or 429: htmx:responseError) would leave it stale until the next event, which may never
  // come: read it again, 2 s later, at most 5 times in a row. Not after an aborted request (a
  // newer read replaced it), and not once the pane has been brought up to date meanwhile (its
  // own read, or an action of this person answered into it: a retry must not wipe that answer).
  var retries = {}, timers = {};
  function pane(elt) {
    var found = elt && elt.closest && elt.closest("[hx-get][hx-trigger*='from:body']");
    if (!found || !root.contains(found)) { return null; }
    var match = /(live-[a-z]+) from:body/.exec(found.getAttribute("hx-trigger") || "");
    return match ? { key: (found.id || found.getAttribute("hx-get")), event: match[1] } : null;
  }
  function retry(e) {
    var at = pane(e.detail.elt), code = e.detail.xhr ? e.detail.xhr.status : 0;
    if (!at || e.detail.elt.getAttribute("hx-get") === null) { return; }
    if (code >= 400 && code < 500 && code !== 429) { return; }
    retries[at.key] = (retries[at.key] || 0) + 1;
    if (retries[at.key] > 5) { return; }
    window.clearTimeout(timers[at.key]);
    timers[at.key] = window.setTimeout(function () {
      delete timers[at.key];
      document.body.dispatchEvent(new CustomEvent(at.event, { detail: { retry: true } }));
    }, 2000);
  }
  document.body.addEventListener("htmx:sendError", retry);
  document.body.addEventListener("htmx:responseError", retry);
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var at = e.detail.successful && pane(e.detail.elt);
    if (at) {
      delete retries[at.key];
      window.clearTimeout(timers[at.key]);
      delete timers[at.key];
    }
  });

  if ("EventSource" in window) {
    listen();
    // Back on the network (a laptop waking, a train leaving a tunnel): catch up now, not
    // when the browser's next retry happens to come round, and by one plain read as well as
    // the new stream (a busy server may take a while to open a stream; dispatch skips any
    // event both bring).
    window.addEventListener("online", function () {
      listen();
      catchUp();
      // and the agenda panes once, in case an event came before the drop but its re-read
      // did not (dispatch skips an event it has seen, so the catch-up alone would not)
      document.body.dispatchEvent(new CustomEvent("live-agenda", { detail: { online: true } }));
    });
  } else {
    poll();
  }

  // A refusal (409 conflict, 422 bad input, 429 too many) comes back as the pane that asked,
  // with its message: swap it in (htmx swaps no 4xx by default).
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var code = e.detail.xhr && e.detail.xhr.status;
    if ((code === 409 || code === 422 || code === 429) && e.detail.target &&
        root.contains(e.detail.target) && e.detail.xhr.responseText) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // The scribe's drafts (walk 7): a "scribe" event re-reads the pane and puts each row's new
  // text in place, except a row this user is editing (focused, or typed and not yet saved):
  // that row only says who changed it, a colleague or this person in another window (its
  // own save would be refused as stale).
  var scribe = document.querySelector("[data-live-scribe]");
  if (scribe) {
    scribe.addEventListener("input", function (e) {
      var form = e.target.closest && e.target.closest("form[data-draft]");
      if (form) { form.setAttribute("data-dirty", "1"); }
    });
    scribe.addEventListener("htmx:afterRequest", function (e) {
      var form = e.target.closest && e.target.closest("form[data-draft]");
      if (form && e.detail.successful) { form.removeAttribute("data-dirty"); }
    });
    document.body.addEventListener("live-scribe", function () {
      fetch(scribe.getAttribute("data-live-scribe"), {
        credentials: "same-origin", headers: { "HX-Request": "true" }
      })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          doc.querySelectorAll("form[data-draft]").forEach(function (fresh) {
            var key = fresh.getAttribute("data-draft");
            var old = scribe.querySelector('form[data-draft="' + key + '"]');
            if (!old) { return; }
            var mine = old.querySelector('input[name="version"]');
            var theirs = fresh.querySelector('input[name="version"]');
            if (!mine || !theirs || mine.value === theirs.value) { return; }
            var text = old.querySelector("textarea"), saved = fresh.querySelector("textarea");
            if (text && saved && text.value === saved.value) {
              return;  // this console's own save (its answer brings the version)
            }
            if (old.contains(document.activeElement) || old.hasAttribute("data-dirty")) {
              var note = old.querySelector(".live-draft-status");
              if (note) {  // the last saver: this person in another window, or a colleague
                var self = fresh.getAttribute("data-saved-by") === scribe.getAttribute("data-me");
                note.textContent = scribe.getAttribute(
                  self ? "data-label-changed-self" : "data-label-changed") || "";
              }
              return;
            }
            var node = document.importNode(fresh, true);
            old.replaceWith(node);
            if (window.htmx) { window.htmx.process(node); }
          });
        })
        .catch(function () { /* the next event or a reload brings it */ });
    });
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-live-timer]").forEach(function (el) {
      var started = Date.parse(el.getAttribute("data-started"));
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(started) || isNaN(due)) { return; }
      var elapsed = el.querySelector("[data-elapsed]");
      var secs = Math.max(0, Math.floor((now - started) / 1000));
      if (elapsed) {
        var m = Math.floor(secs / 60), s = secs % 60;
        elapsed.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      }
      var over = el.querySelector("[data-overrun]");
      var cls = now >= due ? "over" : (now >= due - 120000 ? "soon" : "");
      el.classList.toggle("live-over", cls === "over");
      el.classList.toggle("live-soon", cls === "soon");
      if (over) {
        over.textContent = cls ? el.getAttribute("data-label-" + cls) : "";
      }
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
