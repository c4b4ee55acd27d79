// Progressive enhancement only; every page works without it.
// Confirm destructive actions: <form data-confirm="Are you sure?">.
// A form htmx sends asks with its own hx-confirm and has taken the submit already
// (defaultPrevented): asking again here put the question twice, and the second answer
// changed nothing (walk 9). Without htmx, data-confirm still asks.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  // The option chosen in the form may ask its own, more exact question (a survey's session
  // saying how many people it emails: walk 1224).
  var chosen = question && form.querySelector("select option:checked[data-confirm]");
  if (chosen) {
    question = chosen.getAttribute("data-confirm");
  }
  // A form that sends what other forms saved (a case's recommendations, each discipline's box
  // saved on its own) asks first when one of those boxes holds text not saved yet: it would
  // not be sent, and the text was lost without a word (walk 14).
  var unsaved = form.getAttribute && form.getAttribute("data-unsaved-from");
  if (unsaved) {
    var names = [];
    document.querySelectorAll(unsaved).forEach(function (other) {
      var changed = Array.prototype.some.call(
        other.querySelectorAll("textarea, input[type=text]"),
        function (field) { return field.value !== field.defaultValue; }
      );
      if (changed) {
        names.push(other.getAttribute("data-unsaved-name") || "");
      }
    });
    if (names.length) {
      question = (form.getAttribute("data-unsaved-confirm") || "").replace("{names}", names.join(", "));
    }
  }
  if (question && event.defaultPrevented && form.hasAttribute("hx-confirm")) {
    return;
  }
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A field that belongs to another form (form="…": a finding's "not identifying, because" box
// placed under the case field it is about) must not trigger the form it sits in: its change
// would autosave the case (hx-trigger="change") while its own form is being sent, and the
// case page would come back with a stale draft version.
document.addEventListener("change", function (event) {
  var field = event.target;
  var around = field && field.closest && field.closest("form");
  if (field && field.form && around && field.form !== around) {
    event.stopPropagation();
  }
}, true);

// Disclosures: <button data-disclosure aria-controls="id" aria-expanded="false" hidden>.
// The button is shown only when this script runs; CSS hides the controlled element while
// aria-expanded is "false" (on a phone, for the program menu). Escape closes it again.
document.querySelectorAll("[data-disclosure]").forEach(function (button) {
  var target = document.getElementById(button.getAttribute("aria-controls"));
  if (!target) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
  target.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
});

// A table's scroll box (.table-scroll) that scrolls and holds nothing a keyboard can reach
// (no link or control: on a phone, or for a role that sees no actions) becomes focusable, so
// that arrow keys scroll it, and is named after the table's caption or the heading before it.
// Templates mark their static tables so already; this covers tables whose links depend on
// the role or the width.
(function () {
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  var made = 0;
  function label(box) {
    var caption = box.querySelector("caption");
    var heading = null;
    for (var node = box; node && !heading; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) { heading = prev; break; }
      }
    }
    var named = caption || heading;
    if (!named) { return; }
    if (!named.id) { made += 1; named.id = "table-label-" + made; }
    box.setAttribute("aria-labelledby", named.id);
  }
  function update() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-auto")) {
        return;
      }
      var needed = box.scrollWidth > box.clientWidth + 1 && !box.querySelector(FOCUSABLE);
      if (needed && !box.hasAttribute("data-auto")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("data-auto", "");
        label(box);
      } else if (!needed && box.hasAttribute("data-auto")) {
        ["tabindex", "role", "data-auto", "aria-labelledby"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  update();
  window.addEventListener("resize", update);
  document.addEventListener("htmx:afterSettle", update);
})();

// Announcements and focus after htmx swaps (and on load).
// - One live region per page (#live-status in base.html) says the text of every element marked
//   data-announce that a swap brings in ("Draft saved at 12 h 30", a certificate batch's
//   progress), and those present when the page loads (identifier findings with their field).
//   The value of data-announce is said if it has one, else the element's text. The same text is
//   not repeated (a progress bar polled every 2 s speaks only when it moves).
// - A swap that removes the element that had focus (a Remove button, a row's form) would drop
//   focus on <body>: focus goes instead to the same control in the new content if it is still
//   there (a question's "Up" button, moved), else to the new content's first error, else its element
//   marked data-focus-after-swap, else its first heading, else the heading before it, else the
//   new content itself. Focus that is still on the page (typing while the draft autosaves)
//   is left alone.
// - On load, an element marked data-focus-on-load (the findings' heading) takes focus, else
//   the first field marked invalid (a form sent back with its errors).
(function () {
  var live = document.getElementById("live-status");
  var last = "";
  function textOf(el) {
    var value = el.getAttribute("data-announce");
    return (value || el.textContent || "").replace(/\s+/g, " ").trim();
  }
  function say(text) {
    if (!live || !text || text === last) { return; }
    last = text;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 100);
  }
  function announceIn(root) {
    var found = [];
    if (root.matches && root.matches("[data-announce]")) { found.push(root); }
    root.querySelectorAll("[data-announce]").forEach(function (el) { found.push(el); });
    var parts = found.map(textOf).filter(function (t) { return t; });
    if (parts.length) { say(parts.join(" ")); }
  }
  function focusable(el) {
    if (!el.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
    return document.activeElement === el;
  }
  function headingBefore(node) {
    for (; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) { return prev; }
      }
    }
    return null;
  }
  function lost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }
  function placeFocus(root) {
    var error = root.querySelector("[aria-invalid='true'], .error, [role='alert']");
    var marked = root.querySelector("[data-focus-after-swap]");
    var heading = root.querySelector("h1, h2, h3, h4, h5, h6");
    var candidates = [error, marked, heading, headingBefore(root), root];
    for (var i = 0; i < candidates.length; i += 1) {
      if (candidates[i] && candidates[i].isConnected && focusable(candidates[i])) { return; }
    }
  }
  // What had focus, to find it again in the new content (the same control, moved).
  function keyOf(el) {
    var form = el.form || el.closest("form");
    return {
      id: el.id,
      action: form ? form.getAttribute("hx-post") || form.getAttribute("action") || "" : "",
      text: (el.textContent || "").replace(/\s+/g, " ").trim(),
      tag: el.tagName
    };
  }
  function findAgain(root, key) {
    if (key.id) {
      var same = document.getElementById(key.id);
      return same && root.contains(same) ? same : null;
    }
    var found = null;
    root.querySelectorAll(key.tag).forEach(function (el) {
      if (!found && !el.disabled && keyOf(el).action === key.action && keyOf(el).text === key.text) {
        found = el;
      }
    });
    return found;
  }
  var pending = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    pending = target && active && active !== document.body && target.contains(active) ? keyOf(active) : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.target;
    if (!root || !root.isConnected) {
      root = event.detail && event.detail.target;
    }
    if (!root || !root.isConnected) { return; }
    announceIn(root);
    if (pending && lost()) {
      var again = findAgain(root, pending);
      if (!(again && focusable(again))) {
        placeFocus(root);
      }
    }
    pending = null;
  });
  function onLoad() {
    // A page sent back with its errors (a refused form) starts on the first field to fix, or
    // on its summary when the error belongs to no one field, unless the page names its own
    // starting point or the address points to something on the page. An address whose anchor
    // is not on the page (a form posted to "#plan" and refused, with no plan shown) points
    // nowhere and does not count.
    var hash = window.location.hash.slice(1);
    var pointed = false;
    if (hash) {
      try { pointed = !!document.getElementById(decodeURIComponent(hash)); } catch (e) { pointed = true; }
    }
    var first = document.querySelector("[data-focus-on-load]") ||
      (pointed ? null : document.querySelector("main [aria-invalid='true']") ||
        document.querySelector("main form .form-errors[role='alert']"));
    if (first && !document.querySelector("[autofocus]")) { focusable(first); }
    if (document.querySelector("main [data-announce]")) {
      // Said after a moment, so that the region exists before its text changes.
      window.setTimeout(function () { announceIn(document.querySelector("main")); }, 400);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
