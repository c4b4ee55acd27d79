// Progressive enhancement only; every page works without it.
// Confirm destructive actions: <form data-confirm="Are you sure?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

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
