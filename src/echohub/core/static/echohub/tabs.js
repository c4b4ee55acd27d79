// Tabs, as progressive enhancement (the WAI-ARIA tabs pattern, as GOV.UK builds it).
// Markup: <div data-tabs [data-tab-open="id"]> with a list of links <a class="tab" href="#panel-id">
// and the panels <section class="tab-panel" id="panel-id">. Without this script the list is a
// table of contents and every panel shows, one after the other. With it the list becomes a
// tablist: one panel shows; arrows, Home and End move between tabs; the address keeps the open
// tab (#panel-id) so reloading or sharing the page opens the same one.
(function () {
  "use strict";

  function enhance(root) {
    var list = root.querySelector(".tab-list");
    var links = Array.prototype.slice.call(root.querySelectorAll(".tab-list a.tab"));
    var panels = links.map(function (a) {
      return document.getElementById(a.getAttribute("href").slice(1));
    });
    if (!list || !links.length || panels.indexOf(null) !== -1) {
      return;
    }
    root.classList.add("tabs-enhanced");
    list.setAttribute("role", "tablist");
    links.forEach(function (a, i) {
      var panel = panels[i];
      a.parentNode.setAttribute("role", "presentation");
      a.setAttribute("role", "tab");
      a.setAttribute("aria-controls", panel.id);
      if (!a.id) {
        a.id = "tab-" + panel.id;
      }
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", a.id);
      a.addEventListener("click", function (event) {
        event.preventDefault();
        select(i, true);
      });
      a.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") {
          next = (i + 1) % links.length;
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
          next = (i - 1 + links.length) % links.length;
        } else if (event.key === "Home") {
          next = 0;
        } else if (event.key === "End") {
          next = links.length - 1;
        }
        if (next !== null) {
          event.preventDefault();
          select(next, true);
          links[next].focus();
        }
      });
    });

    function select(index, remember) {
      links.forEach(function (a, i) {
        var on = i === index;
        a.setAttribute("aria-selected", on ? "true" : "false");
        a.setAttribute("tabindex", on ? "0" : "-1");
        panels[i].hidden = !on;
      });
      if (remember && window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + panels[index].id);
      }
    }

    function indexOf(id) {
      for (var i = 0; i < panels.length; i++) {
        if (panels[i].id === id) {
          return i;
        }
      }
      return -1;
    }

    // The server names the tab to open after a form error; else the address; else the first.
    var wanted = indexOf("panel-" + (root.getAttribute("data-tab-open") || ""));
    if (wanted === -1) {
      wanted = indexOf(window.location.hash.slice(1));
    }
    select(wanted === -1 ? 0 : wanted, false);
    if (root.getAttribute("data-tab-open")) {
      var field = panels[wanted === -1 ? 0 : wanted].querySelector(
        ".has-error input, .has-error select, .has-error textarea, .form-errors"
      );
      if (field && field.focus) {
        field.focus();
      }
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
